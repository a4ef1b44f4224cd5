//! Errors that say what is wrong and where: file, line and column.

use std::fmt;
use std::ops::Range;

/// One problem in a data file (or in a user's input), located as precisely as known.
#[derive(Clone, Debug, PartialEq)]
pub struct DefError {
    /// The file name as given when it was loaded (e.g. `machines/ceb-press.toml`).
    pub file: String,
    /// 1-based line and column; 0 when the problem has no single place.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for DefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for DefError {}

/// Several problems at once: validation reports everything it finds, not just the first.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Errors(pub Vec<DefError>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<DefError> for Errors {
    fn from(e: DefError) -> Self {
        Errors(vec![e])
    }
}

/// The text of one file, to turn byte offsets into lines and columns.
#[derive(Clone, Copy)]
pub struct FileText<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// A file known without its text (checked at build time): its offsets are positions
    /// (`crate::packed::position`), line and column already.
    pub packed: bool,
}

impl<'a> FileText<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        FileText { name, text, packed: false }
    }

    /// 1-based line and column (in characters) of byte `offset`, or of a packed file's
    /// position.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if self.packed {
            return crate::packed::line_col(offset);
        }
        let offset = offset.min(self.text.len());
        let offset = (0..=offset).rev().find(|&o| self.text.is_char_boundary(o)).unwrap_or(0);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> DefError {
        let (line, col) = self.line_col(offset);
        DefError { file: self.name.to_string(), line, col, message: message.into() }
    }

    /// An error for a whole file.
    pub fn error(&self, message: impl Into<String>) -> DefError {
        DefError { file: self.name.to_string(), line: 0, col: 0, message: message.into() }
    }

    /// An error inside a TOML string value whose token spans `value_span`, at `inner`
    /// (a byte range of the string's contents, as an expression parser reports it).
    pub fn error_in_string(&self, value_span: &Range<usize>, inner: &Range<usize>, message: impl Into<String>) -> DefError {
        let token = self.text.get(value_span.clone()).unwrap_or("");
        let open = if token.starts_with("\"\"\"") || token.starts_with("'''") {
            3
        } else if token.starts_with('"') || token.starts_with('\'') {
            1
        } else {
            0
        };
        self.error_at(value_span.start + open + inner.start, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let s = FileText::new("f.toml", "a = 1\nbé = \"x + y\"\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        assert_eq!(s.line_col(11), (2, 5));
        let e = s.error_in_string(&(12..19), &(4..5), "unknown name `y`");
        assert_eq!((e.line, e.col), (2, 11));
        assert_eq!(e.to_string(), "f.toml:2:11: unknown name `y`");
    }
}
