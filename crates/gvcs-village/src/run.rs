//! A production run: N units of one machine, their bar pieces packed together (one plan, as
//! for a village) and built in a shop that has the tools of its choice, against a sale price.

use crate::pack::pack;
use crate::plan::{evaluate, village_takeoff};
use gvcs_assets::Data;
use gvcs_bom::cost;
use gvcs_bom::labour::{labour, labour_with};
use gvcs_bom::plan::Shop;
use gvcs_bom::rates::Tools;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    pub machine: String,
    pub units: usize,
    pub tools: Vec<String>,
    pub currency: String,
    /// Materials for one unit bought alone, and per unit in the run.
    pub unit_cost_alone: f64,
    pub unit_cost: f64,
    /// Whether the run buys its stock for all units at once (one shared cutting plan) or,
    /// where that would not be cheaper (the packing is a heuristic), each unit's as for one.
    pub stock_shared: bool,
    /// Hours for one unit by hand, and per unit with the tools.
    pub unit_hours_by_hand: f64,
    pub unit_hours: f64,
    pub labour_rate: f64,
    /// Materials and labour per unit.
    pub unit_total: f64,
    pub sale_price: Option<f64>,
    /// Sale price less materials and labour, per unit and as a share of the price.
    pub margin: Option<f64>,
    pub margin_share: Option<f64>,
}

/// Plans a run of `units` of `machine` with `tools` in the shop, sold at `sale_price`.
pub fn production_run(data: &Data, machine: &str, units: usize, tools: &Tools, sale_price: Option<f64>) -> Result<Run, String> {
    let lib = &data.library;
    if lib.machine(machine).is_none_or(|m| m.is_assembly()) {
        let known: Vec<&str> = lib.set_machines().map(|m| m.id.as_str()).collect();
        return Err(format!("no machine `{machine}` (known: {})", known.join(", ")));
    }
    if !(1..=100_000).contains(&units) {
        return Err(format!("a run should be from 1 to 100000 units, not {units}"));
    }
    if let Some(p) = sale_price
        && !(p.is_finite() && p > 0.0 && p < 1e9)
    {
        return Err(format!("the sale price should be an amount greater than zero, not {p}"));
    }
    let u = evaluate(data, &[machine.to_string()])?.pop().ok_or("no definition")?;
    let takeoff = village_takeoff([(machine, &u.takeoff, units)]);
    let lab = &data.rates.labour;
    let market = lib.stock.market(None);
    let packing = pack(&lib.stock, &takeoff, market, Shop { kerf_mm: lab.kerf, nesting: lab.nesting })
        .map_err(|e| gvcs_bom::bom::plan_message(&e, gvcs_def::System::Metric))?;
    let hand = labour(lib, lab, &takeoff).map_err(|e| e.to_string())?;
    let tooled = labour_with(lib, lab, &takeoff, tools).map_err(|e| e.to_string())?;
    let prices = &data.rates.prices;
    let costs = cost::cost(lib, prices, &takeoff, &packing.plan, &hand.fabrication).map_err(|e| e.to_string())?;
    let alone = gvcs_bom::bill(lib, &data.rates, &u.instance, gvcs_bom::BomOptions::default()).map_err(|e| e.to_string())?;
    let k = units as f64;
    let labour_rate = prices.item("labour").map_or(0.0, |i| i.price);
    let stock_shared = costs.total / k <= alone.costs.total;
    let unit_cost = if stock_shared { costs.total / k } else { alone.costs.total };
    let unit_total = unit_cost + tooled.hours / k * labour_rate;
    Ok(Run {
        machine: machine.into(),
        units,
        tools: tools.0.to_vec(),
        currency: costs.currency,
        unit_cost_alone: alone.costs.total,
        unit_cost,
        stock_shared,
        unit_hours_by_hand: hand.hours / k,
        unit_hours: tooled.hours / k,
        labour_rate,
        unit_total,
        sale_price,
        margin: sale_price.map(|p| p - unit_total),
        margin_share: sale_price.map(|p| (p - unit_total) / p),
    })
}
