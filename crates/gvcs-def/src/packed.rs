//! The binary form of checked data: what a build script writes after loading and checking
//! the files, and what a front reads instead of parsing them (postcard, a compact format
//! that does not describe itself).
//!
//! Most types derive serde's traits. The exceptions are here:
//! - A [`Doc`] travels as its name alone. Each byte offset into it (`#[serde(with =
//!   "crate::packed::offset")]`) travels as the line and column it stands for, and comes back
//!   as a *position* ([`position`]) that [`crate::error::FileText::line_col`] reads back for a
//!   file known without its text. So an error found while evaluating packed data still names
//!   the file, line and column, with no text or line table in the download.
//! - Two enums that the JSON output tags by a field (`"shape"`, `"kind"`) are read back from
//!   the form their derived `Serialize` gives a compact format: the tag as a string, then the
//!   fields in order.

use crate::check::{Doc, Provenance};
use crate::stock::Section;
use crate::units::{Unit, unit};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;

/// A position in a file known without its text: line and column (1-based) in one number.
/// Offsets added to it stay on its line (an error inside an expression adds the column in
/// the expression), so columns get the low bits.
pub fn position(line: usize, col: usize) -> usize {
    (line << COL_BITS) | (col - 1).min(COL_MASK)
}

/// The line and column of a [`position`].
pub fn line_col(position: usize) -> (usize, usize) {
    (position >> COL_BITS, (position & COL_MASK) + 1)
}

const COL_BITS: u32 = 12;
const COL_MASK: usize = (1 << COL_BITS) - 1;

impl Serialize for Doc {
    /// The name; the text stays behind for the offsets that follow (every type with a `Doc`
    /// has it as its first field, before any offset into it).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CURRENT_TEXT.with(|t| *t.borrow_mut() = Some((!self.packed).then(|| self.text.clone())));
        self.name.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Doc, D::Error> {
        Ok(Doc { name: String::deserialize(d)?, text: String::new(), packed: true })
    }
}

/// The next element of a tagged variant, or an error naming what ran short.
fn next<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(seq: &mut A, what: &str) -> Result<T, A::Error> {
    seq.next_element()?.ok_or_else(|| de::Error::custom(format!("{what} ends early")))
}

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Section, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Section;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a cross-section")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Section, A::Error> {
                let tag: String = next(&mut seq, "a cross-section")?;
                let mut n = || next::<f64, A>(&mut seq, "a cross-section");
                Ok(match tag.as_str() {
                    "rect-tube" => Section::RectTube { b: n()?, h: n()?, t: n()?, r: n()? },
                    "round-tube" => Section::RoundTube { d: n()?, t: n()? },
                    "angle" => Section::Angle { b: n()?, h: n()?, t: n()? },
                    "flat" => Section::Flat { b: n()?, t: n()? },
                    "round-bar" => Section::RoundBar { d: n()? },
                    "plate" => Section::Plate { t: n()? },
                    _ => return Err(de::Error::unknown_variant(&tag, &["rect-tube", "round-tube", "angle", "flat", "round-bar", "plate"])),
                })
            }
        }
        // Longer than any variant: a compact format reads only what the visitor asks for.
        d.deserialize_tuple(5, V)
    }
}

impl<'de> Deserialize<'de> for Provenance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Provenance, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Provenance;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a provenance")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Provenance, A::Error> {
                let what = "a provenance";
                let tag: String = next(&mut seq, what)?;
                Ok(match tag.as_str() {
                    "source" => Provenance::Source { key: next(&mut seq, what)?, title: next(&mut seq, what)?, url: next(&mut seq, what)? },
                    "assumption" => Provenance::Assumption { reason: next(&mut seq, what)? },
                    _ => return Err(de::Error::unknown_variant(&tag, &["source", "assumption"])),
                })
            }
        }
        d.deserialize_tuple(4, V)
    }
}

/// A unit travels as its name and comes back as the same entry of the unit table.
impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

impl<'de> Deserialize<'de> for &'static Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<&'static Unit, D::Error> {
        let name = String::deserialize(d)?;
        unit(&name).ok_or_else(|| de::Error::custom(format!("unknown unit `{name}`")))
    }
}

std::thread_local! {
    /// The position written or read last, while [`to_bytes`] or [`from_bytes`] runs.
    static LAST_OFFSET: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
    /// The text of the file whose offsets are being written (`Some(None)`: a packed file,
    /// whose offsets are positions already).
    static CURRENT_TEXT: std::cell::RefCell<Option<Option<String>>> = const { std::cell::RefCell::new(None) };
}

/// Writes `value` in the binary form.
pub fn to_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    LAST_OFFSET.with(|l| l.set(0));
    CURRENT_TEXT.with(|t| *t.borrow_mut() = None);
    postcard::to_allocvec(value).map_err(|e| e.to_string())
}

/// Reads a value written by [`to_bytes`].
pub fn from_bytes<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    LAST_OFFSET.with(|l| l.set(0));
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// A byte offset into a file (`#[serde(with = "crate::packed::offset")]`), written as the
/// [`position`] it stands for in the file whose `Doc` was written last, less the position
/// before it. Positions mostly come in file order, so the differences are small: a byte where
/// offsets took three that no compressor could shorten. Serde gives a field no context, hence
/// the thread-locals, reset by [`to_bytes`] and [`from_bytes`] so that both walk the same
/// sequence. Read back, it is the position, not the offset.
pub mod offset {
    use super::{CURRENT_TEXT, LAST_OFFSET, position};
    use crate::error::FileText;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &usize, s: S) -> Result<S::Ok, S::Error> {
        let at = CURRENT_TEXT.with(|t| match &*t.borrow() {
            Some(Some(text)) => {
                let (line, col) = FileText::new("", text).line_col(*at);
                Some(position(line, col) as i64)
            }
            Some(None) => Some(*at as i64),
            None => None,
        });
        let Some(at) = at else { return Err(serde::ser::Error::custom("an offset before any file")) };
        s.serialize_i64(at - LAST_OFFSET.with(|l| l.replace(at)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let at = LAST_OFFSET.with(|l| l.get()) + i64::deserialize(d)?;
        LAST_OFFSET.with(|l| l.set(at));
        usize::try_from(at).map_err(|_| serde::de::Error::custom("a negative offset"))
    }
}
