//! The village planner over the calculator's data (`gvcs_assets::Data`) and `village.toml`:
//!
//! - **demand** (`data`): a population's yearly needs per pillar, from sourced figures a
//!   person may change, as amounts of the products machines make;
//! - **counts** (`plan`): machines from their typed outputs and a utilisation, at least one
//!   of each machine chosen; machines without a definition listed, never guessed;
//! - **totals**: one stock plan for the whole village (`pack`), purchased parts, cost by
//!   category, machine and person, labour by trade with and without the tools;
//! - **schedule** (`schedule`): tools before what they build, cycles broken by a stated rule;
//! - **production runs** (`run`): N units of one machine sharing stock and tools.
//!
//! Pure: no IO, no web. Every input a person gives is checked and refused with a message
//! that names it; nothing here panics on input.

pub mod data;
pub mod pack;
pub mod plan;
pub mod run;
pub mod schedule;

pub use data::{VillageData, load, load_from};
pub use plan::{Options, Plan, plan};
pub use run::{Run, production_run};
