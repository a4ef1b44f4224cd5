//! Stage 3a: build time by trade from the takeoff and the labour rates, and the consumables
//! the work uses up (welding wire, paint).

use crate::amount::Amount;
use crate::rates::LabourRates;
use crate::takeoff::{Takeoff, drill_size};
use gvcs_def::machine::Ends;
use gvcs_def::{DefError, Library};
use serde::Serialize;
use std::collections::BTreeMap;

const INCH: f64 = 25.4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trade {
    Cutting,
    Drilling,
    Fitting,
    Welding,
    Assembly,
    Painting,
}

impl Trade {
    pub fn label(self) -> &'static str {
        match self {
            Trade::Cutting => "Cutting",
            Trade::Drilling => "Drilling",
            Trade::Fitting => "Fitting and tacking",
            Trade::Welding => "Welding",
            Trade::Assembly => "Assembly and plumbing",
            Trade::Painting => "Painting",
        }
    }
}

/// One kind of work.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Operation {
    Saw { profile: String },
    TorchCut { profile: String },
    FilletWeld { leg_mm: f64 },
    Drill { dia_mm: f64, depth_mm: f64 },
    FitFabricated,
    FitPurchased { category: String },
    Paint { coats: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabourLine {
    pub trade: Trade,
    pub operation: Operation,
    pub amount: Amount,
    pub hours: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeHours {
    pub trade: Trade,
    pub label: String,
    pub hours: f64,
}

/// Totals of the work, and what it consumes.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Fabrication {
    pub saw_cuts: usize,
    pub plate_cut_mm: f64,
    pub weld_mm: f64,
    pub holes: usize,
    pub fabricated_parts: usize,
    pub purchased_parts: usize,
    pub paint_area_m2: f64,
    pub wire_kg: f64,
    pub paint_l: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Labour {
    #[serde(rename = "labour")]
    pub lines: Vec<LabourLine>,
    #[serde(rename = "labour_by_trade")]
    pub by_trade: Vec<TradeHours>,
    #[serde(rename = "labour_hours")]
    pub hours: f64,
    pub fabrication: Fabrication,
}

/// The work to make and assemble everything in `takeoff`.
pub fn labour(lib: &Library, lab: &LabourRates, takeoff: &Takeoff) -> Result<Labour, DefError> {
    let stock = &lib.stock;
    let hours = |s: f64| s / 3600.0;
    let mut lines = Vec::new();
    let mut fab = Fabrication::default();

    // Saw cuts: one per piece, two for a mitred piece; time by section area.
    for (&pi, pieces) in &takeoff.bars {
        let prof = &stock.profiles[pi];
        let cut_time = lab.saw_handling + prof.section.area() / lab.saw_rate;
        let (mut cuts, mut count) = (0.0, 0);
        for p in pieces {
            let (time, n) = match p.ends {
                Ends::Square => (1.0, 1),
                Ends::Mitre => (2.0 * lab.mitre_factor, 2),
            };
            cuts += time * p.count as f64;
            count += n * p.count;
        }
        fab.saw_cuts += count;
        lines.push(LabourLine {
            trade: Trade::Cutting,
            operation: Operation::Saw { profile: prof.id.clone() },
            amount: Amount::Count { n: count, word: "cut" },
            hours: hours(cuts * cut_time),
        });
    }
    for (&pi, parts) in &takeoff.plates {
        let prof = &stock.profiles[pi];
        let t = prof.section.thickness();
        let cut: f64 = parts.iter().map(|p| p.perimeter_mm * p.count as f64).sum();
        fab.plate_cut_mm += cut;
        lines.push(LabourLine {
            trade: Trade::Cutting,
            operation: Operation::TorchCut { profile: prof.id.clone() },
            amount: Amount::CutLength { mm: cut },
            hours: hours(cut / lab.thermal.at(t) * lab.day),
        });
    }

    // Welds: the fillet leg follows from the thickness welded.
    let mut by_leg: BTreeMap<i64, f64> = BTreeMap::new();
    for (t, len) in &takeoff.welds {
        *by_leg.entry((lab.leg(*t as f64 / 1000.0)? * 1000.0).round() as i64).or_default() += len;
    }
    for (leg, len) in by_leg {
        let leg = leg as f64 / 1000.0;
        fab.weld_mm += len;
        // Deposited metal: a fillet's triangle, leg²/2, over the weld length.
        fab.wire_kg += leg * leg / 2.0 * len * stock.density / lab.deposition_efficiency;
        lines.push(LabourLine {
            trade: Trade::Welding,
            operation: Operation::FilletWeld { leg_mm: leg },
            amount: Amount::Length { mm: len },
            hours: hours(len / lab.weld.at(leg) * lab.day),
        });
    }
    for (&(dia, depth), &count) in &takeoff.holes {
        let (dia, depth) = (drill_size(dia), depth as f64 / 1000.0);
        let first = lab.day / lab.drill.at(dia);
        let extra = ((depth / (0.25 * INCH)) - 1.0).max(0.0).ceil() * lab.drill_extra;
        fab.holes += count;
        lines.push(LabourLine {
            trade: Trade::Drilling,
            operation: Operation::Drill { dia_mm: dia, depth_mm: depth },
            amount: Amount::Count { n: count, word: "hole" },
            hours: hours((first + extra) * count as f64),
        });
    }
    let mut fit = 0.0;
    for (g, n) in &takeoff.fabricated {
        fit += lab.fit_time(*g as f64 / 1000.0)? * *n as f64;
    }
    fab.fabricated_parts = takeoff.fabricated_count();
    lines.push(LabourLine {
        trade: Trade::Fitting,
        operation: Operation::FitFabricated,
        amount: Amount::Count { n: fab.fabricated_parts, word: "part" },
        hours: hours(fit),
    });

    let mut by_category: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for p in &takeoff.purchased {
        let e = by_category.entry(&lib.components.components[p.component].category).or_default();
        e.0 += p.fit_hours * p.count as f64;
        e.1 += p.count;
    }
    fab.purchased_parts = takeoff.purchased_count();
    for (cat, (h, n)) in by_category {
        lines.push(LabourLine {
            trade: Trade::Assembly,
            operation: Operation::FitPurchased { category: cat.to_string() },
            amount: Amount::Count { n, word: "part" },
            hours: h,
        });
    }

    let area = takeoff.paint_area_mm2;
    fab.paint_area_m2 = area / 1e6;
    fab.paint_l = area * lab.paint_coats as f64 / lab.paint_coverage / 1e6;
    lines.push(LabourLine {
        trade: Trade::Painting,
        operation: Operation::Paint { coats: lab.paint_coats },
        amount: Amount::Area { mm2: area },
        hours: hours(area * lab.paint_coats as f64 * lab.paint_time),
    });

    let mut trades: BTreeMap<Trade, f64> = BTreeMap::new();
    for l in &lines {
        *trades.entry(l.trade).or_default() += l.hours;
    }
    Ok(Labour {
        hours: lines.iter().map(|l| l.hours).sum(),
        by_trade: trades.into_iter().map(|(trade, hours)| TradeHours { trade, label: trade.label().into(), hours }).collect(),
        lines,
        fabrication: fab,
    })
}
