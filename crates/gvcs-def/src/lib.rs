//! Machine definitions for the GVCS calculator: the file format, units, the expression
//! language, validation with located errors, the stock library, purchased components, and
//! evaluation of a machine at chosen parameter values.
//!
//! Pure: no IO, no web. Files come in as `(name, text)` pairs; results go out as values.

pub mod check;
pub mod component;
pub mod error;
pub mod eval;
pub mod expr;
pub mod file;
pub mod graph;
pub mod index;
pub mod library;
pub mod machine;
pub mod map;
pub mod number;
pub mod packed;
pub mod placement;
pub mod polygon;
pub mod product;
pub mod read;
pub mod settings;
pub mod sort;
pub mod stock;
pub mod units;

pub use check::Provenance;
pub use error::{DefError, Errors};
pub use eval::{Instance, PartInstance, PartKind};
pub use library::Library;
pub use machine::Machine;
pub use product::Product;
pub use settings::Settings;
pub use units::{Dim, Quantity, System};
