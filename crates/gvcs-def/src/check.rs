//! Shared validation helpers: turn raw file values into checked ones, collecting every
//! problem with its place instead of stopping at the first.

use crate::error::{DefError, FileText};
use crate::expr::{Expr, ExprError};
use crate::file::{CitationFile, ExprText, SpannedExpr, SpannedStr};
use crate::map::LiteMap;
use crate::units::{Dim, Quantity, Unit, unit};
use std::ops::Range;
use std::sync::Arc;

/// A loaded data file, kept so that errors found later (while evaluating with a person's
/// parameter values) can still name the line and column. Data checked at build time comes
/// without its text, its offsets turned into line-and-column positions (see
/// [`crate::packed`]).
#[derive(Debug)]
pub struct Doc {
    pub name: String,
    /// Empty when the data came packed.
    pub text: String,
    /// Came packed: offsets into it are positions (`crate::packed::position`).
    pub packed: bool,
}

impl PartialEq for Doc {
    /// The same file, with or without its text.
    fn eq(&self, other: &Doc) -> bool {
        self.name == other.name
    }
}

impl Doc {
    pub fn new(name: &str, text: &str) -> Arc<Doc> {
        Arc::new(Doc { name: name.to_string(), text: text.to_string(), packed: false })
    }
    pub fn source(&self) -> FileText<'_> {
        FileText { name: &self.name, text: &self.text, packed: self.packed }
    }
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> DefError {
        self.source().error_at(offset, message)
    }
}

/// An expression and the byte offset in its file where its text starts.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldExpr {
    pub expr: Expr,
    #[serde(with = "crate::packed::offset")]
    pub at: usize,
}

impl FieldExpr {
    /// Evaluates, turning an expression error into a located one.
    pub fn eval(&self, src: FileText<'_>, lookup: &dyn Fn(&str) -> Option<Quantity>) -> Result<Quantity, DefError> {
        self.expr.eval(lookup).map_err(|e| self.error(src, &e))
    }

    pub fn error(&self, src: FileText<'_>, e: &ExprError) -> DefError {
        src.error_at(self.at + e.span.start, e.message.clone())
    }

    /// Evaluates and checks the dimension; a bare `0` is accepted for any dimension.
    pub fn eval_as(&self, src: FileText<'_>, lookup: &dyn Fn(&str) -> Option<Quantity>, want: Dim, what: &str) -> Result<f64, DefError> {
        let q = self.eval(src, lookup)?;
        if q.dim == want || (q.value == 0.0 && q.dim.is_none()) {
            Ok(q.value)
        } else {
            Err(src.error_at(self.at, format!("{what} should be {want}, but this expression gives {}{}", q.dim, unit_hint(want, q.dim))))
        }
    }
}

fn unit_hint(want: Dim, got: Dim) -> &'static str {
    if got.is_none() && want == Dim::LENGTH {
        " (add a unit, e.g. `40 in`)"
    } else if got.is_none() && want == Dim::ANGLE {
        " (add a unit, e.g. `90 deg`)"
    } else {
        ""
    }
}

/// Where a number comes from: a cited source, or a stated assumption and its reason.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Provenance {
    Source { key: String, title: String, url: Option<String> },
    Assumption { reason: String },
}

impl Provenance {
    pub fn describe(&self) -> String {
        match self {
            Provenance::Source { title, url: Some(u), .. } => format!("{title} ({u})"),
            Provenance::Source { title, .. } => title.clone(),
            Provenance::Assumption { reason } => format!("assumption: {reason}"),
        }
    }
}

/// A cited source as declared in a file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    pub key: String,
    pub title: String,
    pub url: Option<String>,
}

/// The validation state of one file.
pub struct Checker<'a> {
    pub src: FileText<'a>,
    pub errors: Vec<DefError>,
    pub sources: LiteMap<String, Citation>,
}

impl<'a> Checker<'a> {
    pub fn new(src: FileText<'a>, sources: &[CitationFile]) -> Self {
        let mut ctx = Checker { src, errors: Vec::new(), sources: LiteMap::new() };
        for s in sources {
            let key = s.key.get_ref().clone();
            if ctx.sources.contains_key(&key) {
                ctx.err(s.key.span(), format!("source key `{key}` is declared twice"));
            }
            ctx.sources.insert(key.clone(), Citation { key, title: s.title.clone(), url: s.url.clone() });
        }
        ctx
    }

    pub fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.errors.push(self.src.error_at(span.start, message));
    }

    pub fn finish<T>(self, value: T) -> Result<T, Vec<DefError>> {
        if self.errors.is_empty() { Ok(value) } else { Err(self.errors) }
    }

    /// Parses an expression field; numbers become constants.
    pub fn expr(&mut self, e: &SpannedExpr) -> Option<FieldExpr> {
        let span = e.span();
        match e.get_ref() {
            ExprText::Num(n) => Some(FieldExpr { expr: Expr::constant(Quantity::number(*n)), at: span.start }),
            ExprText::Text(t) => {
                let open = self
                    .src
                    .text
                    .get(span.clone())
                    .map_or(0, |tok| if tok.starts_with("\"\"\"") || tok.starts_with("'''") { 3 } else { 1 });
                match Expr::parse(t) {
                    Ok(expr) => Some(FieldExpr { expr, at: span.start + open }),
                    Err(err) => {
                        self.errors.push(self.src.error_in_string(&span, &err.span, err.message));
                        None
                    }
                }
            }
        }
    }

    /// A constant quantity of a given dimension (`"1/4 in"`), e.g. in the stock library.
    pub fn quantity(&mut self, e: &SpannedExpr, want: Dim, what: &str) -> Option<f64> {
        let fe = self.expr(e)?;
        match fe.eval_as(self.src, &|_| None, want, what) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Like [`Checker::quantity`] but the value must be greater than zero.
    pub fn positive(&mut self, e: &SpannedExpr, want: Dim, what: &str) -> Option<f64> {
        let v = self.quantity(e, want, what)?;
        if v > 0.0 {
            Some(v)
        } else {
            self.err(e.span(), format!("{what} must be greater than zero"));
            None
        }
    }

    /// A unit name, checked against the unit table.
    pub fn unit(&mut self, s: &SpannedStr) -> Option<&'static Unit> {
        let u = unit(s.get_ref());
        if u.is_none() {
            self.err(s.span(), format!("unknown unit `{}`", s.get_ref()));
        }
        u
    }

    /// Either a cited source key or a stated assumption (exactly one).
    pub fn provenance(
        &mut self,
        source: Option<&SpannedStr>,
        assumption: Option<&String>,
        span: Range<usize>,
        what: &str,
    ) -> Option<Provenance> {
        match (source, assumption) {
            (Some(key), None) => match self.sources.get(key.get_ref()) {
                Some(s) => Some(Provenance::Source { key: s.key.clone(), title: s.title.clone(), url: s.url.clone() }),
                None => {
                    let known: Vec<_> = self.sources.keys().cloned().collect();
                    self.err(key.span(), format!("unknown source `{}` (declared: {})", key.get_ref(), known.join(", ")));
                    None
                }
            },
            (None, Some(a)) if !a.trim().is_empty() => Some(Provenance::Assumption { reason: a.trim().to_string() }),
            (Some(_), Some(_)) => {
                self.err(span, format!("{what} has both a source and an assumption; give one"));
                None
            }
            _ => {
                self.err(
                    span,
                    format!("{what} needs a `source` (a declared source key) or an `assumption` saying why the number is what it is"),
                );
                None
            }
        }
    }

    /// A kebab-case identifier.
    pub fn ident(&mut self, s: &SpannedStr, what: &str) -> String {
        let v = s.get_ref();
        let ok = !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !v.starts_with('-');
        if !ok {
            self.err(s.span(), format!("{what} `{v}` should be lowercase letters, digits and `-`"));
        }
        v.clone()
    }

    /// A name usable in expressions: letters, digits, `_`, starting with a letter.
    pub fn var_name(&mut self, s: &SpannedStr) -> String {
        let v = s.get_ref();
        let ok = v.starts_with(|c: char| c.is_ascii_alphabetic()) && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            self.err(s.span(), format!("name `{v}` should start with a letter and contain only letters, digits and `_`"));
        } else if crate::expr::CONSTANTS.iter().any(|c| c.0 == v) {
            self.err(s.span(), format!("`{v}` is a built-in constant and cannot be redefined"));
        }
        v.clone()
    }
}

/// Closest known word, for "did you mean" hints.
pub fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::osa_distance(word, k), k))
        .filter(|(d, k)| *d <= (k.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// ` (did you mean `x`?)` or nothing.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, known).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggestions() {
        assert_eq!(super::suggest("bor", ["bore", "rod", "stroke"]), Some("bore"));
        assert_eq!(super::suggest("zzzzz", ["bore", "rod"]), None);
    }
}
