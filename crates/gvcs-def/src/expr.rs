//! The expression language of definition files: arithmetic over quantities with units.
//!
//! `block_length + 2 * liner + 1/8 in`, `pressure * pi * bore^2 / 4`, `max(a, b)`,
//! `if(wheels > 2, 4 in, 0 mm)`. A number may carry a unit right after it (`5 in`,
//! `14 gpm`); an integer fraction directly before a unit is one number (`1/4 in` is a
//! quarter inch, not one over four inches). Every value keeps its dimension, so adding a
//! length to a pressure is an error that points at the `+`.
//!
//! Written here rather than taken from an expression crate because dimensions and the
//! byte spans that let errors name a line and column are the point of it.

use crate::units::{Dim, Quantity, unit};
use std::fmt;
use std::ops::Range;

/// An error inside one expression; `span` is a byte range of the expression text.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprError {
    pub span: Range<usize>,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn err<T>(span: Range<usize>, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError { span, message: message.into() })
}

#[derive(Clone, Copy, PartialEq, Debug, serde::Serialize, serde::Deserialize)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl BinOp {
    fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Pow => "^",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    /// A number and, when it had a unit, the number as written before the unit.
    Lit(Quantity, Option<f64>),
    Var(String),
    Neg(Box<Ast>),
    Bin(BinOp, Range<usize>, Box<Ast>, Box<Ast>),
    Call(String, Vec<Ast>),
}

#[derive(Clone, Debug, PartialEq)]
struct Ast {
    node: Node,
    span: Range<usize>,
}

/// A parsed expression, ready to evaluate many times. It keeps the text it was parsed from
/// (empty for a constant): the binary form of checked data carries the text, a fifth of the
/// tree's size, and parses it again.
#[derive(Clone, Debug)]
pub struct Expr {
    ast: Ast,
    text: String,
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.ast == other.ast
    }
}

/// What the binary form of an expression holds.
#[derive(serde::Serialize, serde::Deserialize)]
enum ExprForm {
    Text(String),
    Constant(Quantity),
}

impl serde::Serialize for Expr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.ast.node, self.text.is_empty()) {
            (Node::Lit(q, None), true) => ExprForm::Constant(*q),
            _ => ExprForm::Text(self.text.clone()),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Expr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Expr, D::Error> {
        match ExprForm::deserialize(d)? {
            ExprForm::Constant(q) => Ok(Expr::constant(q)),
            ExprForm::Text(t) => Expr::parse(&t).map_err(|e| serde::de::Error::custom(format!("`{t}`: {}", e.message))),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(Quantity, Option<f64>),
    Ident(String),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
    End,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        while self.src[self.pos..].starts_with(|c: char| c.is_whitespace()) {
            self.pos += self.src[self.pos..].chars().next().map_or(1, char::len_utf8);
        }
    }

    fn ident_at(&self, at: usize) -> usize {
        let rest = &self.src[at..];
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            let ok = if i == 0 { c.is_ascii_alphabetic() || c == '_' } else { c.is_ascii_alphanumeric() || c == '_' };
            if !ok {
                break;
            }
            end = i + c.len_utf8();
        }
        at + end
    }

    fn digits_at(&self, at: usize) -> usize {
        at + self.src[at..].bytes().take_while(u8::is_ascii_digit).count()
    }

    /// A unit written after a number, if there is one: the longest known unit name.
    fn unit_after(&self, at: usize) -> Option<(usize, &'static crate::units::Unit)> {
        let start = at + self.src[at..].len() - self.src[at..].trim_start().len();
        if self.src[start..].starts_with('%') {
            return Some((start + 1, unit("%")?));
        }
        let end = self.ident_at(start);
        if end == start {
            return None;
        }
        if self.src[end..].starts_with('/') {
            let end2 = self.ident_at(end + 1);
            if end2 > end + 1
                && let Some(u) = unit(&self.src[start..end2])
            {
                return Some((end2, u));
            }
        }
        unit(&self.src[start..end]).map(|u| (end, u))
    }

    fn next(&mut self) -> Result<(Tok, Range<usize>), ExprError> {
        self.skip_ws();
        let start = self.pos;
        let rest = &self.src[start..];
        let Some(c) = rest.chars().next() else {
            return Ok((Tok::End, start..start));
        };
        if c.is_ascii_digit() || (c == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit())) {
            return self.number(start);
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let end = self.ident_at(start);
            self.pos = end;
            return Ok((Tok::Ident(self.src[start..end].to_string()), start..end));
        }
        for op in ["<=", ">=", "==", "!="] {
            if rest.starts_with(op) {
                self.pos += 2;
                return Ok((Tok::Op(op), start..self.pos));
            }
        }
        self.pos += c.len_utf8();
        let tok = match c {
            '+' => Tok::Op("+"),
            '-' => Tok::Op("-"),
            '*' => Tok::Op("*"),
            '/' => Tok::Op("/"),
            '^' => Tok::Op("^"),
            '<' => Tok::Op("<"),
            '>' => Tok::Op(">"),
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            _ => return err(start..self.pos, format!("unexpected character `{c}`")),
        };
        Ok((tok, start..self.pos))
    }

    fn number(&mut self, start: usize) -> Result<(Tok, Range<usize>), ExprError> {
        let mut end = self.digits_at(start);
        let is_integer = !self.src[end..].starts_with('.');
        if self.src[end..].starts_with('.') {
            end = self.digits_at(end + 1);
        }
        let b = self.src.as_bytes();
        if end < b.len() && (b[end] == b'e' || b[end] == b'E') {
            let mut e = end + 1;
            if e < b.len() && (b[e] == b'+' || b[e] == b'-') {
                e += 1;
            }
            let de = self.digits_at(e);
            if de > e && self.unit_after(end).is_none() {
                end = de;
            }
        }
        let text = &self.src[start..end];
        let mut value: f64 =
            crate::number::parse(text).ok_or_else(|| ExprError { span: start..end, message: format!("`{text}` is not a number") })?;
        // `1/4 in`: an integer fraction written straight before a unit is one number.
        if is_integer && self.src[end..].starts_with('/') {
            let dend = self.digits_at(end + 1);
            if dend > end + 1 && self.unit_after(dend).is_some() {
                let den: f64 = crate::number::parse(&self.src[end + 1..dend]).unwrap_or(0.0);
                if den == 0.0 {
                    return err(start..dend, "a fraction with denominator zero");
                }
                value /= den;
                end = dend;
            }
        }
        let mut q = Quantity::number(value);
        let mut written = None;
        if let Some((uend, u)) = self.unit_after(end) {
            q = Quantity::new(value * u.factor, u.dim);
            written = Some(value);
            end = uend;
        } else {
            let after = end + self.src[end..].len() - self.src[end..].trim_start().len();
            let iend = self.ident_at(after);
            if iend > after && after > end {
                let word = &self.src[after..iend];
                return err(after..iend, format!("unknown unit `{word}` after a number (known: mm, in, ft, kg, lb, psi, gpm, hp, …)"));
            }
        }
        self.pos = end;
        Ok((Tok::Num(q, written), start..end))
    }
}

struct Parser<'a> {
    lex: Lexer<'a>,
    tok: Tok,
    span: Range<usize>,
}

impl<'a> Parser<'a> {
    fn bump(&mut self) -> Result<(Tok, Range<usize>), ExprError> {
        let (t, s) = self.lex.next()?;
        Ok((std::mem::replace(&mut self.tok, t), std::mem::replace(&mut self.span, s)))
    }

    fn expr(&mut self) -> Result<Ast, ExprError> {
        let left = self.additive()?;
        let op = match self.tok {
            Tok::Op("<") => BinOp::Lt,
            Tok::Op("<=") => BinOp::Le,
            Tok::Op(">") => BinOp::Gt,
            Tok::Op(">=") => BinOp::Ge,
            Tok::Op("==") => BinOp::Eq,
            Tok::Op("!=") => BinOp::Ne,
            _ => return Ok(left),
        };
        let (_, ospan) = self.bump()?;
        let right = self.additive()?;
        Ok(bin(op, ospan, left, right))
    }

    fn additive(&mut self) -> Result<Ast, ExprError> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.tok {
                Tok::Op("+") => BinOp::Add,
                Tok::Op("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            let (_, ospan) = self.bump()?;
            let right = self.multiplicative()?;
            left = bin(op, ospan, left, right);
        }
    }

    fn multiplicative(&mut self) -> Result<Ast, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.tok {
                Tok::Op("*") => BinOp::Mul,
                Tok::Op("/") => BinOp::Div,
                _ => return Ok(left),
            };
            let (_, ospan) = self.bump()?;
            let right = self.unary()?;
            left = bin(op, ospan, left, right);
        }
    }

    fn unary(&mut self) -> Result<Ast, ExprError> {
        if self.tok == Tok::Op("-") {
            let (_, s) = self.bump()?;
            let inner = self.unary()?;
            let span = s.start..inner.span.end;
            return Ok(Ast { node: Node::Neg(Box::new(inner)), span });
        }
        if self.tok == Tok::Op("+") {
            self.bump()?;
            return self.unary();
        }
        self.power()
    }

    fn power(&mut self) -> Result<Ast, ExprError> {
        let base = self.atom()?;
        if self.tok == Tok::Op("^") {
            let (_, ospan) = self.bump()?;
            let exp = self.unary()?;
            return Ok(bin(BinOp::Pow, ospan, base, exp));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Ast, ExprError> {
        let (tok, span) = self.bump()?;
        match tok {
            Tok::Num(q, w) => Ok(Ast { node: Node::Lit(q, w), span }),
            Tok::Ident(name) => {
                if self.tok != Tok::LParen {
                    return Ok(Ast { node: Node::Var(name), span });
                }
                self.bump()?;
                let mut args = Vec::new();
                if self.tok != Tok::RParen {
                    loop {
                        args.push(self.expr()?);
                        if self.tok == Tok::Comma {
                            self.bump()?;
                        } else {
                            break;
                        }
                    }
                }
                if self.tok != Tok::RParen {
                    return err(self.span.clone(), format!("expected `)` to close the call of `{name}`"));
                }
                let (_, close) = self.bump()?;
                Ok(Ast { node: Node::Call(name, args), span: span.start..close.end })
            }
            Tok::LParen => {
                let inner = self.expr()?;
                if self.tok != Tok::RParen {
                    return err(self.span.clone(), "expected `)`");
                }
                let (_, close) = self.bump()?;
                Ok(Ast { node: inner.node, span: span.start..close.end })
            }
            Tok::End => err(span, "the expression ends too early"),
            other => err(span, format!("expected a number, a name or `(`, found {}", describe(&other))),
        }
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(..) => "a number".into(),
        Tok::Ident(n) => format!("`{n}`"),
        Tok::Op(o) => format!("`{o}`"),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::End => "the end".into(),
    }
}

fn bin(op: BinOp, ospan: Range<usize>, l: Ast, r: Ast) -> Ast {
    let span = l.span.start..r.span.end;
    Ast { node: Node::Bin(op, ospan, Box::new(l), Box::new(r)), span }
}

/// The functions an expression may call, with their argument counts.
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("min", 1, usize::MAX),
    ("max", 1, usize::MAX),
    ("abs", 1, 1),
    ("sqrt", 1, 1),
    ("floor", 1, 1),
    ("ceil", 1, 1),
    ("round", 1, 1),
    ("sin", 1, 1),
    ("cos", 1, 1),
    ("tan", 1, 1),
    ("asin", 1, 1),
    ("acos", 1, 1),
    ("atan2", 2, 2),
    ("clamp", 3, 3),
    ("if", 3, 3),
];

/// Names that are always defined.
pub const CONSTANTS: &[(&str, f64)] = &[("pi", std::f64::consts::PI)];

impl Expr {
    /// Parses `text`; errors carry byte spans into `text`.
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let mut p = Parser { lex: Lexer { src: text, pos: 0 }, tok: Tok::End, span: 0..0 };
        p.bump()?;
        if p.tok == Tok::End {
            return err(0..text.len(), "the expression is empty");
        }
        let ast = p.expr()?;
        if p.tok != Tok::End {
            return err(p.span.clone(), format!("unexpected {} after a complete expression", describe(&p.tok)));
        }
        check_calls(&ast)?;
        Ok(Expr { ast, text: text.to_string() })
    }

    /// A constant expression.
    pub fn constant(q: Quantity) -> Expr {
        Expr { ast: Ast { node: Node::Lit(q, None), span: 0..0 }, text: String::new() }
    }

    /// Every name the expression reads, with where it is read, in order of appearance.
    pub fn names(&self) -> Vec<(&str, Range<usize>)> {
        let mut out = Vec::new();
        collect_names(&self.ast, &mut out);
        out
    }

    /// Whether a number with a unit appears in the expression (a stated design figure);
    /// one of a unit (`1 min`, `1 in`) is a conversion, not a figure.
    pub fn has_dimensioned_literal(&self) -> bool {
        fn walk(a: &Ast) -> bool {
            match &a.node {
                Node::Lit(_, w) => w.is_some_and(|w| w != 1.0),
                Node::Var(_) => false,
                Node::Neg(x) => walk(x),
                Node::Bin(_, _, l, r) => walk(l) || walk(r),
                Node::Call(_, args) => args.iter().any(walk),
            }
        }
        walk(&self.ast)
    }

    /// The value, if the expression is a plain literal.
    pub fn as_constant(&self) -> Option<Quantity> {
        match &self.ast.node {
            Node::Lit(q, _) => Some(*q),
            Node::Neg(inner) => match inner.node {
                Node::Lit(q, _) => Some(Quantity::new(-q.value, q.dim)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Evaluates with `lookup` resolving names; the constants are resolved first.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Quantity>) -> Result<Quantity, ExprError> {
        let q = eval(&self.ast, lookup)?;
        if !q.value.is_finite() {
            return err(self.ast.span.clone(), "the result is not a finite number");
        }
        Ok(q)
    }
}

fn check_calls(a: &Ast) -> Result<(), ExprError> {
    match &a.node {
        Node::Call(name, args) => {
            let Some(&(_, lo, hi)) = FUNCTIONS.iter().find(|f| f.0 == name) else {
                let known: Vec<_> = FUNCTIONS.iter().map(|f| f.0).collect();
                return err(a.span.start..a.span.start + name.len(), format!("unknown function `{name}` (known: {})", known.join(", ")));
            };
            if args.len() < lo || args.len() > hi {
                let want = if lo == hi { lo.to_string() } else { format!("at least {lo}") };
                return err(a.span.clone(), format!("`{name}` takes {want} argument(s), got {}", args.len()));
            }
            args.iter().try_for_each(check_calls)
        }
        Node::Neg(x) => check_calls(x),
        Node::Bin(_, _, l, r) => {
            check_calls(l)?;
            check_calls(r)
        }
        Node::Lit(..) | Node::Var(_) => Ok(()),
    }
}

fn collect_names<'a>(a: &'a Ast, out: &mut Vec<(&'a str, Range<usize>)>) {
    match &a.node {
        Node::Var(n) => {
            if !CONSTANTS.iter().any(|c| c.0 == n) {
                out.push((n, a.span.clone()))
            }
        }
        Node::Neg(x) => collect_names(x, out),
        Node::Bin(_, _, l, r) => {
            collect_names(l, out);
            collect_names(r, out);
        }
        Node::Call(_, args) => args.iter().for_each(|x| collect_names(x, out)),
        Node::Lit(..) => {}
    }
}

fn same_dim(op: &str, span: &Range<usize>, l: Quantity, r: Quantity) -> Result<(), ExprError> {
    if l.dim == r.dim {
        Ok(())
    } else {
        err(span.clone(), format!("`{op}` needs both sides of the same kind, but the left is {} and the right is {}", l.dim, r.dim))
    }
}

fn plain(name: &str, a: &Ast, q: Quantity) -> Result<f64, ExprError> {
    if q.dim.is_none() { Ok(q.value) } else { err(a.span.clone(), format!("`{name}` needs a plain number here, but this is {}", q.dim)) }
}

fn angle(name: &str, a: &Ast, q: Quantity) -> Result<f64, ExprError> {
    if q.dim == Dim::ANGLE || q.dim.is_none() {
        Ok(q.value)
    } else {
        err(a.span.clone(), format!("`{name}` needs an angle (e.g. `30 deg`), but this is {}", q.dim))
    }
}

fn eval(a: &Ast, lookup: &dyn Fn(&str) -> Option<Quantity>) -> Result<Quantity, ExprError> {
    match &a.node {
        Node::Lit(q, _) => Ok(*q),
        Node::Var(name) => {
            if let Some((_, v)) = CONSTANTS.iter().find(|c| c.0 == name) {
                return Ok(Quantity::number(*v));
            }
            lookup(name).ok_or_else(|| ExprError { span: a.span.clone(), message: format!("unknown name `{name}`") })
        }
        Node::Neg(x) => {
            let q = eval(x, lookup)?;
            Ok(Quantity::new(-q.value, q.dim))
        }
        Node::Bin(op, ospan, l, r) => {
            let lq = eval(l, lookup)?;
            let rq = eval(r, lookup)?;
            let cmp = |b: bool| Quantity::number(if b { 1.0 } else { 0.0 });
            let s = op.symbol();
            Ok(match op {
                BinOp::Add => {
                    same_dim(s, ospan, lq, rq)?;
                    Quantity::new(lq.value + rq.value, lq.dim)
                }
                BinOp::Sub => {
                    same_dim(s, ospan, lq, rq)?;
                    Quantity::new(lq.value - rq.value, lq.dim)
                }
                BinOp::Mul => Quantity::new(lq.value * rq.value, lq.dim * rq.dim),
                BinOp::Div => {
                    // Below a billionth of a base unit a divisor is rounding noise around zero.
                    if rq.value.abs() < 1e-9 {
                        return err(r.span.clone(), "division by zero");
                    }
                    Quantity::new(lq.value / rq.value, lq.dim / rq.dim)
                }
                BinOp::Pow => {
                    let e = plain("^", r, rq)?;
                    if lq.dim.is_none() {
                        Quantity::number(lq.value.powf(e))
                    } else if e.fract() == 0.0 && e.abs() <= 6.0 {
                        Quantity::new(lq.value.powi(e as i32), lq.dim.powi(e as i8))
                    } else {
                        return err(r.span.clone(), format!("a quantity with a unit can only be raised to a small whole power, not {e}"));
                    }
                }
                BinOp::Lt => {
                    same_dim(s, ospan, lq, rq)?;
                    cmp(lq.value < rq.value)
                }
                BinOp::Le => {
                    same_dim(s, ospan, lq, rq)?;
                    cmp(lq.value <= rq.value)
                }
                BinOp::Gt => {
                    same_dim(s, ospan, lq, rq)?;
                    cmp(lq.value > rq.value)
                }
                BinOp::Ge => {
                    same_dim(s, ospan, lq, rq)?;
                    cmp(lq.value >= rq.value)
                }
                BinOp::Eq => {
                    same_dim(s, ospan, lq, rq)?;
                    cmp((lq.value - rq.value).abs() <= 1e-9 * lq.value.abs().max(rq.value.abs()).max(1.0))
                }
                BinOp::Ne => {
                    same_dim(s, ospan, lq, rq)?;
                    cmp((lq.value - rq.value).abs() > 1e-9 * lq.value.abs().max(rq.value.abs()).max(1.0))
                }
            })
        }
        Node::Call(name, args) => call(name, a, args, lookup),
    }
}

fn call(name: &str, a: &Ast, args: &[Ast], lookup: &dyn Fn(&str) -> Option<Quantity>) -> Result<Quantity, ExprError> {
    if name == "if" {
        let c = eval(&args[0], lookup)?;
        let c = plain("if", &args[0], c)?;
        return eval(&args[if c != 0.0 { 1 } else { 2 }], lookup);
    }
    let vals = args.iter().map(|x| eval(x, lookup)).collect::<Result<Vec<_>, _>>()?;
    let x = vals[0];
    let num = Quantity::number;
    Ok(match name {
        "min" | "max" => {
            let mut best = x;
            for (q, arg) in vals.iter().zip(args).skip(1) {
                if q.dim != x.dim {
                    return err(
                        arg.span.clone(),
                        format!("`{name}` needs all arguments of the same kind: this is {}, the first is {}", q.dim, x.dim),
                    );
                }
                if (name == "min") == (q.value < best.value) {
                    best = *q;
                }
            }
            best
        }
        "abs" => Quantity::new(x.value.abs(), x.dim),
        "sqrt" => {
            if x.value < 0.0 {
                return err(a.span.clone(), "square root of a negative number");
            }
            let Some(d) = x.dim.sqrt() else {
                return err(a.span.clone(), format!("cannot take the square root of {}", x.dim));
            };
            Quantity::new(x.value.sqrt(), d)
        }
        "floor" => num(plain(name, &args[0], x)?.floor()),
        "ceil" => num(plain(name, &args[0], x)?.ceil()),
        "round" => num(plain(name, &args[0], x)?.round()),
        "sin" => num(angle(name, &args[0], x)?.sin()),
        "cos" => num(angle(name, &args[0], x)?.cos()),
        "tan" => num(angle(name, &args[0], x)?.tan()),
        "asin" | "acos" => {
            let v = plain(name, &args[0], x)?;
            if !(-1.0..=1.0).contains(&v) {
                return err(args[0].span.clone(), format!("`{name}` needs a number between -1 and 1, got {v}"));
            }
            Quantity::new(if name == "asin" { v.asin() } else { v.acos() }, Dim::ANGLE)
        }
        "atan2" => {
            if vals[1].dim != x.dim {
                return err(args[1].span.clone(), "`atan2` needs both arguments of the same kind");
            }
            Quantity::new(x.value.atan2(vals[1].value), Dim::ANGLE)
        }
        "clamp" => {
            if vals[1].dim != x.dim || vals[2].dim != x.dim {
                return err(a.span.clone(), "`clamp` needs all three arguments of the same kind");
            }
            Quantity::new(x.value.max(vals[1].value).min(vals[2].value), x.dim)
        }
        _ => return err(a.span.clone(), format!("unknown function `{name}`")),
    })
}

/// Parses a quantity written on its own, such as `5 in`, `1/4 in` or `2200 psi`.
pub fn parse_quantity(text: &str) -> Result<Quantity, ExprError> {
    let e = Expr::parse(text)?;
    e.as_constant()
        .ok_or_else(|| ExprError { span: 0..text.len(), message: format!("`{text}` should be a number with a unit, such as `5 in`") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(s: &str) -> Result<Quantity, ExprError> {
        let vars = |n: &str| match n {
            "bore" => Some(Quantity::mm(127.0)),
            "p" => Some(Quantity::new(2200.0 * unit("psi").unwrap().factor, Dim::PRESSURE)),
            "n" => Some(Quantity::number(3.0)),
            _ => None,
        };
        Expr::parse(s)?.eval(&vars)
    }

    #[test]
    fn units_and_fractions() {
        assert_eq!(ev("5 in").unwrap(), Quantity::mm(127.0));
        assert_eq!(ev("1/4 in").unwrap(), Quantity::mm(6.35));
        assert_eq!(ev("bore/4").unwrap(), Quantity::mm(31.75));
        assert_eq!(ev("2 * 1/2 in").unwrap(), Quantity::mm(25.4));
        assert!((ev("14 gpm").unwrap().value / ev("52.996 L/min").unwrap().value - 1.0).abs() < 1e-4);
        assert_eq!(ev("1.5e3 mm").unwrap(), Quantity::mm(1500.0));
        assert_eq!(ev("50 %").unwrap(), Quantity::number(0.5));
    }

    #[test]
    fn arithmetic_keeps_dimensions() {
        let f = ev("p * pi * bore^2 / 4").unwrap();
        assert_eq!(f.dim, Dim::FORCE);
        assert!((f.value / unit("lbf").unwrap().factor - 43_197.0).abs() < 5.0);
        assert_eq!(ev("-2^2").unwrap(), Quantity::number(-4.0));
        assert_eq!(ev("max(1 in, 20 mm)").unwrap(), Quantity::mm(25.4));
        assert_eq!(ev("if(n > 2, 1 in, 0 mm)").unwrap(), Quantity::mm(25.4));
        assert_eq!(ev("ceil(bore / 1 in)").unwrap(), Quantity::number(5.0));
        assert_eq!(ev("sqrt(bore^2)").unwrap(), Quantity::mm(127.0));
        assert!((ev("sin(30 deg)").unwrap().value - 0.5).abs() < 1e-12);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = ev("bore + p").unwrap_err();
        assert_eq!(e.span, 5..6);
        assert!(e.message.contains("a length") && e.message.contains("a pressure"), "{}", e.message);
        let e = ev("bore / (n - 3)").unwrap_err();
        assert_eq!((e.span, e.message.as_str()), (7..14, "division by zero"));
        assert_eq!(ev("bore * width").unwrap_err().span, 7..12);
        assert!(ev("5 inch").unwrap_err().message.contains("unknown unit `inch`"));
        assert!(ev("frob(1)").unwrap_err().message.contains("unknown function"));
        assert!(ev("2 +").unwrap_err().message.contains("ends too early"));
        assert!(ev("(2").unwrap_err().message.contains("`)`"));
        assert!(ev("bore^0.5").is_err());
        assert!(ev("").is_err());
        assert!(ev("2 $").is_err());
    }

    #[test]
    fn names_are_listed_once_per_use() {
        let e = Expr::parse("a + b * a - pi").unwrap();
        let names: Vec<_> = e.names().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "b", "a"]);
    }

    proptest::proptest! {
        /// No input, however hostile, makes the parser or evaluator panic.
        #[test]
        fn never_panics(s in "[-+*/^()0-9a-z ,.<>=!%]{0,40}") {
            if let Ok(e) = Expr::parse(&s) {
                let _ = e.eval(&|_| Some(Quantity::number(0.0)));
            }
        }
    }
}
