//! The catalog: every machine of the set at its defaults in one table (mass, steel,
//! materials cost, labour, capacity) beside the figures OSE published for it, with the ratio
//! ours / published. Published costs are brought into the catalog's money year with the
//! consumer price index, so both sides of a ratio are the same year's money.

use crate::bom::{Bom, OutputLine};
use crate::money::PriceIndices;
use crate::published::{COST_INDEX, Figure, Measure, Published};
use crate::report::{Column, Table, fmt};
use gvcs_def::units::System;
use serde::Serialize;

/// Our number beside a published one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub what: Measure,
    /// kg, money of the catalog's year, or hours.
    pub ours: f64,
    pub published: Figure,
    /// What a published amount is multiplied by to be in the catalog's money (1 for mass
    /// and hours).
    pub factor: f64,
    /// Ours / published; for a published range, against its top (`low`) and bottom (`high`).
    pub ratio_low: f64,
    pub ratio_high: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogRow {
    pub machine: String,
    pub name: String,
    pub mass_kg: f64,
    pub steel_mass_kg: f64,
    pub materials_cost: f64,
    pub labour_hours: f64,
    pub outputs: Vec<OutputLine>,
    pub comparisons: Vec<Comparison>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Catalog {
    pub currency: String,
    pub money_year: i32,
    /// The index published costs are converted with, by name.
    pub cost_index: String,
    pub rows: Vec<CatalogRow>,
}

/// One machine's row: its bill of materials at the defaults beside its published figures.
pub fn row(bom: &Bom, published: &Published, indices: &PriceIndices) -> CatalogRow {
    let year = bom.costs.money_year;
    let comparisons = Measure::ALL
        .iter()
        .filter_map(|&what| {
            let p = published.get(&bom.machine, what)?;
            let (ours, factor) = match what {
                Measure::Mass => (bom.mass_kg, 1.0),
                Measure::BuildHours => (bom.labour.hours, 1.0),
                // Checked at load: the index has the figure's year.
                Measure::MaterialsCost => (bom.costs.total, indices.factor(Some(COST_INDEX), &p.year.to_string(), year)?),
            };
            let top = p.high.unwrap_or(p.low);
            Some(Comparison {
                what,
                ours,
                published: p.clone(),
                factor,
                ratio_low: ours / (top * factor),
                ratio_high: ours / (p.low * factor),
            })
        })
        .collect();
    CatalogRow {
        machine: bom.machine.clone(),
        name: bom.name.clone(),
        mass_kg: bom.mass_kg,
        steel_mass_kg: bom.steel_mass_kg,
        materials_cost: bom.costs.total,
        labour_hours: bom.labour.hours,
        outputs: bom.outputs.clone(),
        comparisons,
    }
}

fn ratio(c: &Comparison) -> String {
    if c.published.high.is_some() { format!("{:.2}–{:.2}", c.ratio_low, c.ratio_high) } else { format!("{:.2}", c.ratio_high) }
}

impl Catalog {
    pub fn new(currency: &str, money_year: i32, indices: &PriceIndices, rows: Vec<CatalogRow>) -> Catalog {
        let cost_index = indices.get(Some(COST_INDEX)).map_or_else(|| COST_INDEX.to_string(), |i| i.name.clone());
        Catalog { currency: currency.to_string(), money_year, cost_index, rows }
    }

    /// The published figures in the order the table cites them (`[1]`, `[2]`...).
    pub fn figures(&self) -> Vec<&Comparison> {
        self.rows.iter().flat_map(|r| &r.comparisons).collect()
    }

    /// What a published figure says, in its own terms (units and its year's money).
    fn as_published(&self, c: &Comparison, sys: System) -> String {
        let one = |v: f64| match c.what {
            Measure::Mass => fmt::mass(v, sys),
            Measure::MaterialsCost => fmt::money(v, &self.currency),
            Measure::BuildHours => fmt::hours(v),
        };
        match c.published.high {
            Some(h) => format!("{} to {}", one(c.published.low), one(h)),
            None => one(c.published.low),
        }
    }

    /// The table, one row per machine; published cells cite the numbered notes.
    pub fn table(&self, sys: System) -> Table {
        let cur = &self.currency;
        let y = self.money_year;
        let cols: [(&'static str, bool); 12] = [
            ("Machine", false),
            ("Mass", true),
            ("Steel", true),
            ("Materials", true),
            ("Labour", true),
            ("Capacity at defaults", false),
            ("Published mass", false),
            ("Mass ratio", true),
            ("Published materials", false),
            ("Cost ratio", true),
            ("Published build", false),
            ("Hours ratio", true),
        ];
        let mut t = Table {
            id: "catalog",
            title: format!("Machines of the set at their defaults; costs in {y} money"),
            columns: cols.iter().map(|&(name, numeric)| Column { name, numeric }).collect(),
            rows: Vec::new(),
            total: None,
        };
        let mut n = 0;
        for r in &self.rows {
            let capacity: Vec<String> = r.outputs.iter().map(|o| format!("{}: {}", o.name, fmt::num(o.value, &o.unit))).collect();
            let mut cells = vec![
                r.name.clone(),
                fmt::mass(r.mass_kg, sys),
                fmt::mass(r.steel_mass_kg, sys),
                fmt::money(r.materials_cost, cur),
                fmt::hours(r.labour_hours),
                capacity.join("; "),
            ];
            for what in Measure::ALL {
                match r.comparisons.iter().find(|c| c.what == what) {
                    Some(c) => {
                        n += 1;
                        let said = self.as_published(c, sys);
                        let cell = match what {
                            Measure::MaterialsCost => {
                                let now = |v: f64| fmt::money(v * c.factor, cur);
                                let conv = match c.published.high {
                                    Some(h) => format!("{} to {}", now(c.published.low), now(h)),
                                    None => now(c.published.low),
                                };
                                format!("{said} ({}) = {conv} in {y} [{n}]", c.published.year)
                            }
                            _ => format!("{said} ({}) [{n}]", c.published.year),
                        };
                        cells.push(cell);
                        cells.push(ratio(c));
                    }
                    None => {
                        cells.push(String::new());
                        cells.push(String::new());
                    }
                }
            }
            t.rows.push(cells);
        }
        t
    }

    /// The numbered notes: each published figure's source, and how costs were converted.
    pub fn notes(&self, sys: System) -> Vec<String> {
        self.figures()
            .iter()
            .map(|c| {
                let p = &c.published;
                let url = p.source.url.as_deref().map(|u| format!(" <{u}>")).unwrap_or_default();
                let note = p.note.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
                format!(
                    "{} {}: {} ({}). Source: {}{url}.{note}",
                    p.machine,
                    p.what.key(),
                    self.as_published(c, sys),
                    p.year,
                    p.source.title
                )
            })
            .collect()
    }

    /// How the numbers were made, in one paragraph.
    pub fn basis(&self) -> String {
        format!(
            "Ours: each machine's definition at its default parameters (Power Cubes and other options as their defaults set them); \
             mass is steel plus purchased parts; materials at the price book's prices in {y} money; labour is the estimated hours \
             to fabricate and assemble one. Published costs are in the money of their year and are brought into {y} money with \
             the {index} ({id}): published × index({y}) / index(year). A ratio above 1 means our figure is higher; a published range \
             gives two ratios, against its top and its bottom.",
            y = self.money_year,
            index = self.cost_index,
            id = COST_INDEX
        )
    }

    /// The table as CSV, with each row's published sources in a last column.
    pub fn to_csv(&self, sys: System) -> String {
        let t = self.table(sys);
        let mut w = crate::report::Csv::default();
        w.row(t.columns.iter().map(|c| c.name).chain(["Published sources"]));
        for (row, r) in t.rows.iter().zip(&self.rows) {
            let sources: Vec<String> = r
                .comparisons
                .iter()
                .map(|c| {
                    format!(
                        "{}: {}{}",
                        c.what.key(),
                        c.published.source.title,
                        c.published.source.url.as_deref().map(|u| format!(" ({u})")).unwrap_or_default()
                    )
                })
                .collect();
            let mut cells = row.clone();
            cells.push(sources.join(" | "));
            w.row(cells.iter().map(String::as_str));
        }
        w.0
    }

    /// The table in Markdown, with its basis and numbered notes (docs/catalog.md).
    pub fn to_markdown(&self, sys: System) -> String {
        let t = self.table(sys);
        let cell = |s: &str| s.replace('|', "\\|");
        let mut out = format!(
            "# Catalog\n\nWritten by `cargo xtask catalog` from `gvcs report --format markdown`; change the data \
             (`assets/`), not this file. A test fails when it is out of date.\n\n## {}\n\n{}\n\n",
            t.title,
            self.basis()
        );
        out += &format!("| {} |\n", t.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(" | "));
        out += &format!("| {} |\n", t.columns.iter().map(|c| if c.numeric { "---:" } else { "---" }).collect::<Vec<_>>().join(" | "));
        for r in &t.rows {
            out += &format!("| {} |\n", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
        }
        out += "\nPublished figures:\n\n";
        for (i, n) in self.notes(sys).iter().enumerate() {
            out += &format!("{}. {}\n", i + 1, n);
        }
        out
    }
}
