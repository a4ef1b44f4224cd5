//! Bill of materials for an evaluated machine: the takeoff by profile, a cutting-stock plan
//! for the sticks to buy, plate by nested area, purchased parts, cost from a dated and
//! sourced price book, and labour hours by trade from published rates.
//!
//! Pure: no IO, no web. Rates come in as checked data files; results go out as values.

pub mod bom;
pub mod csv;
pub mod cutting;
pub mod rates;

pub use bom::{Bom, BomOptions, Trade, bill};
pub use rates::{LabourRates, PriceBook, Rates};
