//! How much of something a cost or labour line is for, in base units: the report turns it
//! into words and display units, so no stage carries formatted text.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Amount {
    /// Counted things: `word` is singular (`cut`, `hole`, `part`).
    Count {
        n: usize,
        word: &'static str,
    },
    Length {
        mm: f64,
    },
    /// Length of a torch or plasma cut.
    CutLength {
        mm: f64,
    },
    Area {
        mm2: f64,
    },
    /// Plate bought on the nested area.
    NestedArea {
        mm2: f64,
    },
    Volume {
        mm3: f64,
    },
    Mass {
        kg: f64,
    },
    /// Whole sticks bought.
    Sticks {
        count: usize,
        length_mm: f64,
    },
    /// Bar sold cut to length.
    CutToLength {
        mm: f64,
    },
    /// A plain number of purchased items.
    Items {
        n: usize,
    },
}
