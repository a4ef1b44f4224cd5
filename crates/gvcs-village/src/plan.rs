//! The village plan: machine counts from demand, one bill for the whole village, labour with
//! the tools built on the way, and the build schedule.

use crate::data::{SUPPLIED, VillageData};
use crate::pack::{Packing, VillageStock, pack};
use crate::schedule::{Schedule, ScheduledUnit, schedule};
use gvcs_assets::Data;
use gvcs_bom::cost::{self, PurchasedLine};
use gvcs_bom::labour::{self, Labour, Trade};
use gvcs_bom::plan::{PlateLine, Shop};
use gvcs_bom::rates::{LabourRate, Tools};
use gvcs_bom::takeoff::Takeoff;
use gvcs_def::map::LiteMap;
use gvcs_def::units::{Dim, Quantity};
use gvcs_def::{Instance, Settings};
use serde::Serialize;

/// The largest population the planner takes: beyond a city, not a village.
pub const MAX_PEOPLE: u64 = 10_000_000;

/// What a person asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub people: u64,
    pub preset: String,
    /// The build-out period, years.
    pub years: f64,
    /// People building.
    pub crew: u32,
    pub hours_per_week: f64,
    /// Figures of the village file: name (or `demand.name`) → value text.
    pub overrides: LiteMap<String, String>,
    /// Machines of the preset left out.
    pub exclude: Vec<String>,
    /// Machines at a fixed count (added to the preset if not in it; 0 leaves one out).
    pub fixed: LiteMap<String, usize>,
    /// The year whose money costs are in (checked with `PriceIndices::check_year`); `None`
    /// for the newest the indices give.
    pub money_year: Option<i32>,
    /// Which hour of labour `labour_cost` uses.
    pub labour_rate: LabourRate,
    /// Most machine units planned (packing and scheduling grow with them); a plan needing
    /// more is refused with a message before the slow part.
    pub max_units: usize,
}

impl Options {
    pub fn new(people: u64, preset: &str) -> Options {
        Options {
            people,
            preset: preset.into(),
            years: 2.0,
            crew: 4,
            hours_per_week: 40.0,
            overrides: LiteMap::new(),
            exclude: Vec::new(),
            fixed: LiteMap::new(),
            money_year: None,
            labour_rate: LabourRate::Wage,
            max_units: 5_000_000,
        }
    }

    /// Checks the numbers a person gave; every message names the input.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=MAX_PEOPLE).contains(&self.people) {
            return Err(format!("people should be a whole number from 1 to {MAX_PEOPLE}, not {}", self.people));
        }
        if !(self.years.is_finite() && (0.25..=50.0).contains(&self.years)) {
            return Err(format!("years (the build-out period) should be from 0.25 to 50, not {}", self.years));
        }
        if !(1..=10_000).contains(&self.crew) {
            return Err(format!("crew should be from 1 to 10000 people, not {}", self.crew));
        }
        if !(self.hours_per_week.is_finite() && (1.0..=168.0).contains(&self.hours_per_week)) {
            return Err(format!("hours per week should be from 1 to 168, not {}", self.hours_per_week));
        }
        if let Some((id, n)) = self.fixed.iter().find(|(_, n)| **n > 1_000_000) {
            return Err(format!("a fixed count of {n} for `{id}` is more than 1000000"));
        }
        Ok(())
    }
}

/// Reads a positive whole number of people, with a message that names the input.
pub fn parse_people(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=MAX_PEOPLE).contains(&n) => Ok(n),
        _ => Err(format!("--people “{}” should be a whole number from 1 to {MAX_PEOPLE}", text.trim())),
    }
}

/// A demand and how it is met.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandLine {
    pub name: String,
    pub pillar: String,
    pub product: String,
    /// The amount a year, in the product's display unit (`block`, `ha`, `kWh`).
    pub per_year: f64,
    pub unit: String,
    /// Working days the work must be done within.
    pub days: f64,
    /// The machine of the plan that meets it, if any.
    pub machine: Option<String>,
    /// Machine-hours a year it takes of that machine.
    pub machine_hours: Option<f64>,
    /// Machines of the set meant to meet it (`made_by` in the village file) ...
    pub made_by: Vec<String>,
    /// ... and those of them without a definition.
    pub not_modelled: Vec<String>,
}

/// One machine of the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MachineLine {
    pub id: String,
    pub name: String,
    pub count: usize,
    /// Why this count: `minimum`, `fixed` or the demand that sets it.
    pub reason: String,
    /// Materials for one unit bought alone (as `gvcs bom` gives it).
    pub unit_cost: f64,
    /// Hours for one unit by hand, and the average over the plan's units with the tools
    /// finished before each starts.
    pub unit_hours_by_hand: f64,
    pub unit_hours_planned: f64,
    /// Hours the tools save over all its units.
    pub tool_saving_hours: f64,
    /// A published price of a comparable commercial machine, in the plan's money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commercial: Option<CommercialLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommercialLine {
    pub name: String,
    pub price: f64,
    pub quoted: f64,
    pub date: String,
    /// Commercial price over the open-source materials of one unit.
    pub ratio: f64,
    pub basis: String,
}

/// A figure as used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureLine {
    pub name: String,
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub changed: bool,
    pub basis: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeLine {
    pub trade: Trade,
    pub label: String,
    pub hours: f64,
    pub hours_without_tools: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleNote {
    /// Machines of the plan that are built with each other.
    pub machines: Vec<String>,
    /// `(machine, tool)`: the first unit of `machine` is built without `tool`.
    pub first_unit_without: Vec<(String, String)>,
}

/// The whole plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub people: u64,
    pub preset: String,
    pub years: f64,
    pub crew: u32,
    pub hours_per_week: f64,
    pub figures: Vec<FigureLine>,
    pub demands: Vec<DemandLine>,
    /// Machine id → units to build.
    pub machines: LiteMap<String, usize>,
    pub machine_lines: Vec<MachineLine>,
    /// Machines of the choice with no definition: no numbers are given for them.
    pub not_modelled: Vec<String>,
    /// What the totals leave out, in words.
    pub leaves_out: Vec<String>,
    pub units: usize,
    pub currency: String,
    pub money_year: i32,
    /// Materials for the whole village with one shared stock plan.
    pub cost_total: f64,
    pub cost_by_category: LiteMap<String, f64>,
    pub cost_per_person: f64,
    /// The sum of every unit's materials bought alone, less `cost_total`.
    pub packing_saving: f64,
    pub steel_bought_kg: f64,
    pub labour_hours: f64,
    pub labour_hours_without_tools: f64,
    pub labour_by_trade: Vec<TradeLine>,
    pub labour_rate: f64,
    pub labour_cost: f64,
    pub schedule_weeks: f64,
    pub lower_bound_weeks: f64,
    pub critical_path_weeks: f64,
    pub calendar_months: f64,
    pub cycles: Vec<CycleNote>,
    pub stock: Vec<VillageStock>,
    pub plates: Vec<PlateLine>,
    pub purchased: Vec<PurchasedLine>,
    pub stock_batches: usize,
    pub schedule: Vec<ScheduledUnit>,
}

/// A machine of the plan, evaluated at its defaults.
pub(crate) struct Unit {
    pub id: String,
    pub name: String,
    pub instance: Instance,
    pub takeoff: Takeoff,
}

/// Evaluates the defined machines among `ids`.
pub(crate) fn evaluate(data: &Data, ids: &[String]) -> Result<Vec<Unit>, String> {
    let lib = &data.library;
    let mut out = Vec::new();
    for id in ids {
        let Some(m) = lib.machine(id).filter(|m| !m.is_assembly()) else { continue };
        let instance = lib.evaluate(id, &Settings::default()).map_err(|e| e.to_string())?;
        let takeoff = Takeoff::of(lib, &instance);
        out.push(Unit { id: id.clone(), name: m.name.clone(), instance, takeoff });
    }
    Ok(out)
}

fn shop(data: &Data) -> Shop {
    Shop { kerf_mm: data.rates.labour.kerf, nesting: data.rates.labour.nesting }
}

/// The village takeoff: every machine's takeoff under its id, times its count.
pub fn village_takeoff<'a>(parts: impl IntoIterator<Item = (&'a str, &'a Takeoff, usize)>) -> Takeoff {
    let mut t = Takeoff::default();
    for (id, tk, n) in parts {
        if n > 0 {
            t.add(&tk.clone().prefixed(id).times(n));
        }
    }
    t
}

/// The machines a preset and a person's choices make: `(modelled, not modelled)`, in index order.
fn choose(data: &Data, village: &VillageData, opts: &Options) -> Result<(Vec<String>, Vec<String>), String> {
    let lib = &data.library;
    let Some(preset) = village.preset(&opts.preset) else {
        let known: Vec<&str> = village.presets.iter().map(|p| p.id.as_str()).collect();
        return Err(format!("no preset `{}` (known: {})", opts.preset, known.join(", ")));
    };
    for id in opts.exclude.iter().chain(opts.fixed.keys()) {
        if lib.index_entry(id).is_none() {
            let hint = gvcs_def::check::did_you_mean(id, lib.index.iter().map(|e| e.id.as_str()));
            return Err(format!("`{id}` is not a machine of the GVCS index{hint}"));
        }
    }
    // A list, not a set: tens of machines, and looked up once each below.
    let mut chosen: Vec<&str> = preset.machines.iter().map(String::as_str).collect();
    chosen.extend(opts.fixed.iter().filter(|(_, n)| **n > 0).map(|(k, _)| k.as_str()));
    for id in opts.exclude.iter().chain(opts.fixed.iter().filter(|(_, n)| **n == 0).map(|(k, _)| k)) {
        chosen.retain(|c| c != id);
    }
    let (mut modelled, mut not) = (Vec::new(), Vec::new());
    for e in &lib.index {
        if chosen.contains(&e.id.as_str()) {
            if lib.machine(&e.id).is_some() { modelled.push(e.id.clone()) } else { not.push(e.id.clone()) }
        }
    }
    if modelled.is_empty() {
        return Err(format!("preset `{}` with these choices has no machine with a definition to plan", opts.preset));
    }
    Ok((modelled, not))
}

/// Counts, the reason for each, and how each demand is met.
pub(crate) type Counts = (Vec<usize>, Vec<String>, Vec<DemandLine>);

/// Machine counts for a village: each machine of the choice at least once (or its fixed
/// count); for every demand, the defined machine of the plan with the highest rate of its
/// product builds as many units as the demand needs beyond what one unit of every other
/// producer gives. Fabrication demands depend on the counts (the workshop builds the
/// village's machines), so counts are recomputed until they no longer grow (they only ever
/// grow, and at most 20 rounds are taken).
pub(crate) fn counts(
    data: &Data,
    village: &VillageData,
    figures: &LiteMap<String, Quantity>,
    units: &[Unit],
    opts: &Options,
) -> Result<Counts, String> {
    let lib = &data.library;
    let hours_per_day = figures.get("hours_per_day").map_or(8.0 * 3600.0, |q| q.value);
    let days_per_year = figures.get("days_per_year").map_or(250.0, |q| q.value);
    let mut n: Vec<usize> = units.iter().map(|u| opts.fixed.get(&u.id).copied().unwrap_or(1).max(1)).collect();
    let mut reason: Vec<String> =
        units.iter().map(|u| if opts.fixed.contains_key(&u.id) { "fixed".to_string() } else { "minimum".to_string() }).collect();
    let rate_of = |u: &Unit, p: usize| u.instance.outputs.iter().filter(|o| o.product == p).map(|o| o.rate).sum::<f64>();
    let mut lines = Vec::new();
    for _round in 0..20 {
        let (mut cut, mut holes, mut weld) = (0.0, 0.0, 0.0);
        for (u, &k) in units.iter().zip(&n) {
            cut += u.takeoff.plate_cut_mm() * k as f64;
            holes += u.takeoff.holes.values().sum::<usize>() as f64 * k as f64;
            weld += u.takeoff.welds.values().sum::<f64>() * k as f64;
        }
        let lookup = |name: &str| match name {
            "people" => Some(Quantity::number(opts.people as f64)),
            "build_years" => Some(Quantity::new(opts.years * 365.25 * 86400.0, Dim::TIME)),
            "village_plate_cut" => Some(Quantity::mm(cut)),
            "village_holes" => Some(Quantity::number(holes)),
            "village_weld" => Some(Quantity::mm(weld)),
            _ => figures.get(name).copied(),
        };
        let _ = SUPPLIED;
        // Producing rate needed per product while machines work, product units per second.
        let mut need: LiteMap<usize, f64> = LiteMap::new();
        lines.clear();
        for d in &village.demands {
            let product = &lib.products[d.product];
            let per_s = d.rate.eval_as(village.doc.source(), &lookup, product.rate_dim(), "a demand").map_err(|e| e.to_string())?;
            let days = d.within.as_ref().and_then(|w| figures.get(w)).map_or(days_per_year, |q| q.value);
            let year = 365.25 * 86400.0;
            let per_year = per_s * year;
            let working = hours_per_day * days;
            *need.entry(d.product).or_default() += per_year / working;
            let best = units
                .iter()
                .enumerate()
                .filter(|(_, u)| rate_of(u, d.product) > 0.0)
                .max_by(|a, b| rate_of(a.1, d.product).total_cmp(&rate_of(b.1, d.product)));
            // The yearly amount in the product's own unit (`block`, `t`, `kWh`).
            let (per_year_shown, unit) = match &product.measure {
                gvcs_def::product::Measure::Count(w) => (per_year, w.clone()),
                gvcs_def::product::Measure::Unit(u) => (per_year / u.factor, u.name.to_string()),
            };
            lines.push(DemandLine {
                name: d.name.clone(),
                pillar: d.pillar.clone(),
                product: product.id.clone(),
                per_year: per_year_shown,
                unit,
                days,
                machine: best.map(|(_, u)| u.id.clone()),
                machine_hours: best.map(|(_, u)| per_year / rate_of(u, d.product) / 3600.0),
                not_modelled: d.made_by.iter().filter(|m| lib.machine(m).is_none()).cloned().collect(),
                made_by: d.made_by.clone(),
            });
        }
        let mut changed = false;
        for (&p, &rate) in &need {
            let producers: Vec<usize> = (0..units.len()).filter(|&i| rate_of(&units[i], p) > 0.0).collect();
            let Some(&best) = producers.iter().max_by(|&&a, &&b| rate_of(&units[a], p).total_cmp(&rate_of(&units[b], p))) else { continue };
            if opts.fixed.contains_key(&units[best].id) {
                continue;
            }
            let others: f64 = producers.iter().filter(|&&i| i != best).map(|&i| rate_of(&units[i], p) * n[i] as f64).sum();
            let want = ((rate - others) / rate_of(&units[best], p) - 1e-9).ceil();
            let want = if want.is_finite() { want.clamp(1.0, 1e9) as usize } else { 1 };
            if want > n[best] {
                n[best] = want;
                let names: Vec<&str> = village.demands.iter().filter(|d| d.product == p).map(|d| d.name.as_str()).collect();
                reason[best] = format!("demand: {}", names.join(", "));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Ok((n, reason, lines))
}

/// Plans a village.
pub fn plan(data: &Data, village: &VillageData, opts: &Options) -> Result<Plan, String> {
    opts.check()?;
    let lib = &data.library;
    let figures = village.figures_with(&opts.overrides)?;
    let (modelled, not_modelled) = choose(data, village, opts)?;
    let units = evaluate(data, &modelled)?;
    let (n, reasons, demands) = counts(data, village, &figures, &units, opts)?;
    if n.iter().sum::<usize>() > opts.max_units {
        return Err(format!(
            "{} people need more than {} machine units with these figures; plan fewer people or change the figures",
            opts.people,
            gvcs_def::units::format_number(opts.max_units as f64, 9)
        ));
    }

    // One bill for the village: takeoffs times counts, packed once, priced once.
    let takeoff = village_takeoff(units.iter().zip(&n).map(|(u, &k)| (u.id.as_str(), &u.takeoff, k)));
    let market = lib.stock.market(None);
    let packing: Packing =
        pack(&lib.stock, &takeoff, market, shop(data)).map_err(|e| gvcs_bom::bom::plan_message(&e, gvcs_def::System::Metric))?;
    let lab = &data.rates.labour;
    let hand = labour::labour(lib, lab, &takeoff).map_err(|e| e.to_string())?;
    // Prices in the chosen year's money.
    let book = match opts.money_year {
        Some(y) if y != data.rates.prices.year => {
            data.rates.prices.indices.check_year(&y.to_string())?;
            Some(data.rates.prices.in_money_of(y))
        }
        _ => None,
    };
    let prices = book.as_ref().unwrap_or(&data.rates.prices);
    let costs = cost::cost(lib, prices, &takeoff, &packing.plan, &hand.fabrication).map_err(|e| e.to_string())?;

    // Each machine alone, for its unit cost and hand hours.
    let mut alone_cost = Vec::new();
    let mut alone_hours = Vec::new();
    let alone = gvcs_bom::BomOptions { money_year: opts.money_year, ..Default::default() };
    for u in &units {
        let b = gvcs_bom::bill(lib, &data.rates, &u.instance, alone).map_err(|e| e.to_string())?;
        alone_cost.push(b.costs.total);
        alone_hours.push(b.labour.hours);
    }

    let sched: Schedule = schedule(data, &units, &n, opts.crew, opts.hours_per_week).map_err(|e| e.to_string())?;
    let labour_rate = prices.item(opts.labour_rate.item()).map_or(0.0, |i| i.price);

    let mut machine_lines = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let planned: f64 = sched.units.iter().filter(|s| s.machine == u.id).map(|s| s.hours).sum();
        let commercial = village.commercial.iter().find(|c| c.machine == u.id).and_then(|c| {
            let f = prices.indices.factor(None, &c.date, prices.year)?;
            Some(CommercialLine {
                name: c.name.clone(),
                price: c.quoted * f,
                quoted: c.quoted,
                date: c.date.clone(),
                ratio: c.quoted * f / alone_cost[i],
                basis: c.provenance.iter().map(|p| p.describe()).collect::<Vec<_>>().join("; "),
            })
        });
        machine_lines.push(MachineLine {
            id: u.id.clone(),
            name: u.name.clone(),
            count: n[i],
            reason: reasons[i].clone(),
            unit_cost: alone_cost[i],
            unit_hours_by_hand: alone_hours[i],
            unit_hours_planned: planned / n[i] as f64,
            tool_saving_hours: alone_hours[i] * n[i] as f64 - planned,
            commercial,
        });
    }
    let labour_hours: f64 = sched.units.iter().map(|s| s.hours).sum();
    let mut by_trade: LiteMap<Trade, (f64, f64)> = LiteMap::new();
    for t in &hand.by_trade {
        by_trade.entry(t.trade).or_default().1 += t.hours;
    }
    for (t, h) in &sched.by_trade {
        by_trade.entry(*t).or_default().0 += h;
    }
    let standalone: f64 = alone_cost.iter().zip(&n).map(|(c, k)| c * *k as f64).sum();
    let mut leaves_out = vec![
        format!("labour is not in the cost (it is in hours, and `labour_cost` at {})", opts.labour_rate.label()),
        "the land, the houses' own materials (soil, cement, timber) and running costs (fuel, oil, wear)".to_string(),
    ];
    if !not_modelled.is_empty() {
        leaves_out.insert(0, format!("{} machines without a definition: {}", not_modelled.len(), not_modelled.join(", ")));
    }
    let unmet: Vec<&str> = demands.iter().filter(|d| d.machine.is_none()).map(|d| d.name.as_str()).collect();
    if !unmet.is_empty() {
        leaves_out.push(format!("demands no defined machine of the plan meets: {}", unmet.join(", ")));
    }
    let mut figure_lines = Vec::new();
    for f in &village.figures {
        let v = figures.get(&f.name).copied().unwrap_or(f.value);
        figure_lines.push(FigureLine {
            name: f.name.clone(),
            label: f.label.clone(),
            value: f.shown(v),
            unit: f.unit.clone(),
            changed: v != f.value,
            basis: f.provenance.iter().map(|p| p.describe()).collect::<Vec<_>>().join("; "),
        });
    }
    // Inserted one by one: collecting into a map sorts a copy first, more code in the browser.
    let mut machines = LiteMap::new();
    for (u, &k) in units.iter().zip(&n) {
        machines.insert(u.id.clone(), k);
    }
    Ok(Plan {
        people: opts.people,
        preset: opts.preset.clone(),
        years: opts.years,
        crew: opts.crew,
        hours_per_week: opts.hours_per_week,
        figures: figure_lines,
        demands,
        machines,
        machine_lines,
        not_modelled,
        leaves_out,
        units: n.iter().sum(),
        currency: costs.currency.clone(),
        money_year: costs.money_year,
        cost_total: costs.total,
        cost_per_person: costs.total / opts.people as f64,
        cost_by_category: costs.by_category.clone(),
        packing_saving: standalone - costs.total,
        steel_bought_kg: packing.plan.bought_mass_kg(),
        labour_hours,
        labour_hours_without_tools: hand.hours,
        labour_by_trade: by_trade
            .into_iter()
            .map(|(t, (h, w))| TradeLine { trade: t, label: t.label().to_string(), hours: h, hours_without_tools: w })
            .collect(),
        labour_rate,
        labour_cost: labour_hours * labour_rate,
        schedule_weeks: sched.weeks,
        lower_bound_weeks: sched.lower_bound_weeks,
        critical_path_weeks: sched.critical_path_weeks,
        calendar_months: sched.weeks * 12.0 / 52.0,
        cycles: sched.cycles.clone(),
        stock: packing.stock,
        plates: packing.plan.plates,
        purchased: costs.purchased,
        stock_batches: packing.batches,
        schedule: sched.units,
    })
}

/// Hours of the whole labour of `takeoff` with `tools` (for tests and runs).
pub fn labour_of(data: &Data, takeoff: &Takeoff, tools: &Tools) -> Result<Labour, String> {
    labour::labour_with(&data.library, &data.rates.labour, takeoff, tools).map_err(|e| e.to_string())
}
