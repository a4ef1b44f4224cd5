//! Stage 3a: build time by trade from the takeoff and the labour rates, and the consumables
//! the work uses up (welding wire, paint).

use crate::amount::Amount;
use crate::rates::{LabourRates, Process, Tools, shape_of};
use crate::takeoff::{Takeoff, drill_size};
use gvcs_def::machine::Ends;
use gvcs_def::map::LiteMap;
use gvcs_def::{DefError, Library};
use serde::Serialize;

const INCH: f64 = 25.4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
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
    /// The machine of the set the work is done with (`cnc-torch-table`); none by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
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

/// The work to make and assemble everything in `takeoff`, every process by hand (hand
/// oxy-fuel cutting, hand drilling with layout, band saw): what one machine's bill assumes.
pub fn labour(lib: &Library, lab: &LabourRates, takeoff: &Takeoff) -> Result<Labour, DefError> {
    labour_with(lib, lab, takeoff, &Tools::none())
}

/// The fastest of the hand rate and the tools in `tools` that can do the work; `None` for by hand.
fn fastest<'a>(
    lab: &'a LabourRates,
    process: Process,
    tools: &'a Tools,
    hand: f64,
    time: impl Fn(&crate::rates::ToolRate) -> Result<Option<f64>, DefError>,
) -> Result<(f64, Option<&'a str>), DefError> {
    let mut best = (hand, None);
    for t in lab.tools_for(process, tools) {
        if let Some(v) = time(t)?
            && v < best.0
        {
            best = (v, Some(t.machine.as_str()));
        }
    }
    Ok(best)
}

/// The work to make and assemble everything in `takeoff` with the machines in `tools` at hand
/// (the labour file's `[[tool]]` rates): each piece of work is done the fastest way available.
/// With no tools it is exactly [`labour`].
pub fn labour_with(lib: &Library, lab: &LabourRates, takeoff: &Takeoff, tools: &Tools) -> Result<Labour, DefError> {
    let stock = &lib.stock;
    let hours = |s: f64| s / 3600.0;
    let mut lines = Vec::new();
    let mut fab = Fabrication::default();

    // Saw cuts: one per piece, two for a mitred piece; time by section area. A square-ended
    // piece may go to a shear instead.
    for (&pi, pieces) in &takeoff.bars {
        let prof = &stock.profiles[pi];
        let cut_time = lab.saw_handling + prof.section.area() / lab.saw_rate;
        let (shear, tool) = fastest(lab, Process::BarCut, tools, cut_time, |t| {
            let ok = t.can(prof.section.thickness(), 0.0, shape_of(&prof.section));
            Ok(if ok { Some(lab.tool_time(t, prof.section.thickness(), 0.0, prof.section.area())?) } else { None })
        })?;
        let (mut cuts, mut count, mut sheared) = (0.0, 0, 0);
        for p in pieces {
            match p.ends {
                Ends::Square if tool.is_some() => sheared += p.count,
                Ends::Square => {
                    cuts += p.count as f64;
                    count += p.count;
                }
                Ends::Mitre => {
                    cuts += 2.0 * lab.mitre_factor * p.count as f64;
                    count += 2 * p.count;
                }
            }
        }
        fab.saw_cuts += count;
        if tool.is_none() || count > 0 {
            lines.push(LabourLine {
                trade: Trade::Cutting,
                operation: Operation::Saw { profile: prof.id.clone() },
                amount: Amount::Count { n: count, word: "cut" },
                hours: hours(cuts * cut_time),
                tool: None,
            });
        }
        if sheared > 0 {
            lines.push(LabourLine {
                trade: Trade::Cutting,
                operation: Operation::Saw { profile: prof.id.clone() },
                amount: Amount::Count { n: sheared, word: "cut" },
                hours: hours(sheared as f64 * shear),
                tool: tool.map(String::from),
            });
        }
    }
    for (&pi, parts) in &takeoff.plates {
        let prof = &stock.profiles[pi];
        let t = prof.section.thickness();
        let cut: f64 = parts.iter().map(|p| p.perimeter_mm * p.count as f64).sum();
        fab.plate_cut_mm += cut;
        let (per_mm, tool) = fastest(lab, Process::PlateCut, tools, lab.day / lab.thermal.at(t), |tl| {
            Ok(if tl.can(t, 0.0, "plate") { Some(lab.tool_time(tl, t, 0.0, 0.0)?) } else { None })
        })?;
        lines.push(LabourLine {
            trade: Trade::Cutting,
            operation: Operation::TorchCut { profile: prof.id.clone() },
            amount: Amount::CutLength { mm: cut },
            hours: hours(cut * per_mm),
            tool: tool.map(String::from),
        });
    }

    // Welds: the fillet leg follows from the thickness welded.
    let mut by_leg: LiteMap<i64, f64> = LiteMap::new();
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
            tool: None,
        });
    }
    for (&(dia, depth), &count) in &takeoff.holes {
        let (dia, depth) = (drill_size(dia), depth as f64 / 1000.0);
        let first = lab.day / lab.drill.at(dia);
        let extra = ((depth / (0.25 * INCH)) - 1.0).max(0.0).ceil() * lab.drill_extra;
        let (each, tool) = fastest(lab, Process::Holes, tools, first + extra, |tl| {
            Ok(if tl.can(depth, dia, "plate") { Some(lab.tool_time(tl, depth, dia, 0.0)?) } else { None })
        })?;
        fab.holes += count;
        lines.push(LabourLine {
            trade: Trade::Drilling,
            operation: Operation::Drill { dia_mm: dia, depth_mm: depth },
            amount: Amount::Count { n: count, word: "hole" },
            hours: hours(each * count as f64),
            tool: tool.map(String::from),
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
        tool: None,
    });

    let mut by_category: LiteMap<&str, (f64, usize)> = LiteMap::new();
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
            tool: None,
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
        tool: None,
    });

    let mut trades: LiteMap<Trade, f64> = LiteMap::new();
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
