//! Reading the data files' TOML into their file structs, with spans.
//!
//! The `toml` crate parses into a spanned tree (`DeTable`); this module walks it. Doing the
//! field-by-field reading here rather than through serde's derive keeps the WebAssembly
//! build small (serde instantiates every struct's visitor for every deserializer) and lets
//! the messages say which table and field is wrong, with "did you mean" for typos.

use crate::check::did_you_mean;
use crate::error::{DefError, FileText};
use crate::map::LiteMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Value<'a> = Spanned<DeValue<'a>>;

/// Parses `src` and reads its top-level table as `T`.
pub fn parse<T: FromValue>(src: FileText<'_>) -> Result<T, DefError> {
    let table = DeTable::parse(src.text).map_err(|e| match e.span() {
        Some(span) => src.error_at(span.start, e.message().trim().to_string()),
        None => src.error(e.message().trim().to_string()),
    })?;
    let span = table.span();
    let root = Spanned::new(span, DeValue::Table(table.into_inner()));
    T::from_value(&root, src)
}

fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn expected(v: &Value<'_>, what: &str, src: FileText<'_>) -> DefError {
    src.error_at(v.span().start, format!("expected {what}, found {}", kind(v.get_ref())))
}

/// A value that can be read from one TOML value.
pub trait FromValue: Sized {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError>;
}

impl FromValue for String {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        v.get_ref().as_str().map(str::to_string).ok_or_else(|| expected(v, "a string", src))
    }
}

impl FromValue for f64 {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            DeValue::Float(f) => f.as_str(),
            _ => return Err(expected(v, "a number", src)),
        };
        crate::number::parse(&text.replace('_', ""))
            .filter(|x| x.is_finite())
            .ok_or_else(|| src.error_at(v.span().start, format!("`{text}` is not a finite number")))
    }
}

impl FromValue for u32 {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i
                .as_str()
                .replace('_', "")
                .parse()
                .map_err(|_| src.error_at(v.span().start, "expected a whole number from 0 to 4,294,967,295")),
            _ => Err(expected(v, "a whole number", src)),
        }
    }
}

impl FromValue for bool {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        v.get_ref().as_bool().ok_or_else(|| expected(v, "true or false", src))
    }
}

impl<T: FromValue> FromValue for Spanned<T> {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        Ok(Spanned::new(v.span(), T::from_value(v, src)?))
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        match v.get_ref() {
            DeValue::Array(items) => items.iter().map(|i| T::from_value(i, src)).collect(),
            _ => Err(expected(v, "a list", src)),
        }
    }
}

impl<T: FromValue, const N: usize> FromValue for [T; N] {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        let items: Vec<T> = Vec::from_value(v, src)?;
        let n = items.len();
        items.try_into().map_err(|_| src.error_at(v.span().start, format!("expected a list of {N} values, found {n}")))
    }
}

impl<T: FromValue> FromValue for LiteMap<String, T> {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        match v.get_ref() {
            DeValue::Table(t) => t
                .iter()
                .map(|(k, v)| Ok((k.get_ref().to_string(), T::from_value(v, src)?)))
                .collect::<Result<Vec<_>, _>>()
                .map(crate::map::collect),
            _ => Err(expected(v, "a table", src)),
        }
    }
}

/// How a field behaves when it is absent: required values fail, lists and tables are
/// empty, options are `None`, flags are false.
pub trait FromField: Sized {
    fn from_field(v: Option<&Value<'_>>, key: &str, table: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError>;
}

impl<T: FromValue> FromField for Option<T> {
    fn from_field(v: Option<&Value<'_>>, _: &str, _: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError> {
        v.map(|v| T::from_value(v, src)).transpose()
    }
}

impl<T: FromValue> FromField for Vec<T> {
    fn from_field(v: Option<&Value<'_>>, _: &str, _: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError> {
        v.map_or(Ok(Vec::new()), |v| Vec::from_value(v, src))
    }
}

impl<T: FromValue> FromField for LiteMap<String, T> {
    fn from_field(v: Option<&Value<'_>>, _: &str, _: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError> {
        v.map_or(Ok(LiteMap::new()), |v| LiteMap::from_value(v, src))
    }
}

impl FromField for bool {
    fn from_field(v: Option<&Value<'_>>, _: &str, _: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError> {
        v.map_or(Ok(false), |v| bool::from_value(v, src))
    }
}

/// The error for a required field that is absent (one copy, not one per field type).
#[inline(never)]
pub fn missing(key: &str, table: &Range<usize>, src: FileText<'_>) -> DefError {
    src.error_at(table.start, format!("missing field `{key}`"))
}

/// Fields that must be present.
#[macro_export]
macro_rules! required {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::read::FromField for $t {
            fn from_field(v: Option<&$crate::read::Value<'_>>, key: &str, table: &std::ops::Range<usize>, src: $crate::error::FileText<'_>) -> Result<Self, $crate::error::DefError> {
                match v {
                    Some(v) => <$t as $crate::read::FromValue>::from_value(v, src),
                    None => Err($crate::read::missing(key, table, src)),
                }
            }
        }
    )*};
}

impl<T: FromValue> FromField for Spanned<T> {
    fn from_field(v: Option<&Value<'_>>, key: &str, table: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError> {
        match v {
            Some(v) => Spanned::from_value(v, src),
            None => Err(missing(key, table, src)),
        }
    }
}

impl<T: FromValue, const N: usize> FromField for [T; N] {
    fn from_field(v: Option<&Value<'_>>, key: &str, table: &Range<usize>, src: FileText<'_>) -> Result<Self, DefError> {
        match v {
            Some(v) => <[T; N]>::from_value(v, src),
            None => Err(missing(key, table, src)),
        }
    }
}

crate::required!(String, f64, u32);

/// One TOML table being read: hands out fields and, at the end, refuses unknown ones.
pub struct TableReader<'t, 'a, 's> {
    table: &'t DeTable<'a>,
    span: Range<usize>,
    src: FileText<'s>,
    what: &'static str,
    known: Vec<&'static str>,
}

impl<'t, 'a, 's> TableReader<'t, 'a, 's> {
    pub fn new(v: &'t Value<'a>, what: &'static str, src: FileText<'s>) -> Result<Self, DefError> {
        match v.get_ref() {
            DeValue::Table(table) => Ok(TableReader { table, span: v.span(), src, what, known: Vec::new() }),
            _ => Err(src.error_at(v.span().start, format!("expected a table for {what}, found {}", kind(v.get_ref())))),
        }
    }

    pub fn field<T: FromField>(&mut self, key: &'static str) -> Result<T, DefError> {
        let v = self.lookup(key);
        T::from_field(v, key, &self.span, self.src).map_err(|e| self.place(e))
    }

    // The parts of `field` that do not depend on the type, kept out of its copies.
    #[inline(never)]
    fn lookup(&mut self, key: &'static str) -> Option<&'t Value<'a>> {
        self.known.push(key);
        self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
    }

    #[inline(never)]
    fn place(&self, mut e: DefError) -> DefError {
        if e.message.starts_with("missing field") {
            e.message = format!("{} in {}", e.message, self.what);
        }
        e
    }

    /// Fails on the first field that was not asked for: a typo is an error, not a silent default.
    pub fn finish(self) -> Result<(), DefError> {
        for (k, _) in self.table.iter() {
            let key = k.get_ref().as_ref();
            if !self.known.contains(&key) {
                let hint = did_you_mean(key, self.known.iter().copied());
                return Err(self
                    .src
                    .error_at(k.span().start, format!("unknown field `{key}` in {}{hint} (known: {})", self.what, self.known.join(", "))));
            }
        }
        Ok(())
    }
}

/// Implements reading for a file struct: `record!(PartFile, "a [[part]]" { id: "id", ... })`.
#[macro_export]
macro_rules! record {
    ($ty:ident, $what:literal { $($field:ident : $key:literal),* $(,)? }) => {
        impl $crate::read::FromValue for $ty {
            fn from_value(v: &$crate::read::Value<'_>, src: $crate::error::FileText<'_>) -> Result<Self, $crate::error::DefError> {
                let mut o = $crate::read::TableReader::new(v, $what, src)?;
                let r = $ty { $($field: o.field($key)?),* };
                o.finish()?;
                Ok(r)
            }
        }
        $crate::required!($ty);
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pt {
        name: String,
        at: Option<[f64; 2]>,
        tags: Vec<String>,
    }
    crate::record!(Pt, "a point" { name: "name", at: "at", tags: "tags" });

    #[test]
    fn reads_and_refuses_typos() {
        let src = FileText::new("t.toml", "name = \"a\"\nat = [1, 2.5]\n");
        assert_eq!(parse::<Pt>(src).unwrap(), Pt { name: "a".into(), at: Some([1.0, 2.5]), tags: vec![] });
        let e = parse::<Pt>(FileText::new("t.toml", "name = \"a\"\nnmae = 1\n")).unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.message.contains("unknown field `nmae`") && e.message.contains("did you mean `name`"), "{}", e.message);
        let e = parse::<Pt>(FileText::new("t.toml", "at = [1, 2, 3]\nname = \"x\"")).unwrap_err();
        assert!(e.message.contains("list of 2"), "{}", e.message);
        let e = parse::<Pt>(FileText::new("t.toml", "at = [1, 2]")).unwrap_err();
        assert!(e.message.contains("missing field `name`"), "{}", e.message);
        let e = parse::<Pt>(FileText::new("t.toml", "name = 'x'\nat = [1, \"b\"]")).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "expected a number, found a string"));
        let e = parse::<Pt>(FileText::new("t.toml", "name = \n")).unwrap_err();
        assert_eq!(e.line, 1);
    }
}
