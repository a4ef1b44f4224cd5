//! Bill of materials for an evaluated machine, in stages, each a pure function with its own
//! type: `takeoff` (quantities in base units; additive and scalable, so a village sums its
//! machines' takeoffs), `plan` (the sticks and sheets to buy in a market, by cutting stock),
//! `labour` (hours by trade, and the consumables the work uses), `cost` (from a dated and
//! sourced price book), and `report`, which alone turns numbers into rows for people: the
//! web tables, the CLI tables and the CSV.
//!
//! Pure: no IO, no web. Rates come in as checked data files; results go out as values.

pub mod amount;
pub mod bom;
pub mod catalog;
pub mod cost;
pub mod cutting;
pub mod data;
pub mod labour;
pub mod money;
pub mod plan;
pub mod published;
pub mod rates;
pub mod report;
pub mod takeoff;

pub use bom::{Bom, BomOptions, bill};
pub use data::{Data, load_from};
pub use labour::Trade;
pub use rates::{LabourRates, PriceBook, Rates};
pub use takeoff::Takeoff;
