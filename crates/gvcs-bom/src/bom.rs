//! From an evaluated machine to its bill of materials, through the stages: takeoff
//! (quantities), stock plan (sticks and sheets), labour and cost. Numbers stay in base
//! units here; `report` turns them into rows for people.

use crate::cost::{self, Costs};
use crate::labour::{self, Labour};
use crate::plan::{self, PlanError, Shop, StockPlan};
use crate::rates::{LabourRate, Rates};
use crate::takeoff::Takeoff;
use gvcs_def::eval::Instance;
use gvcs_def::map::LiteMap;
use gvcs_def::units::{Quantity, System, Unit, display_unit, format_length, in_system};
use gvcs_def::{DefError, Library};
use serde::Serialize;

/// Reads a crew size: a whole number of people from 1 to 100.
pub fn parse_crew(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=100).contains(&n) => Ok(n),
        _ => Err(format!("a crew of “{}” is not a number of people from 1 to 100", text.trim())),
    }
}

/// Choices that are not machine parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BomOptions<'a> {
    pub system: System,
    /// People working at once; `None` takes the labour file's default.
    pub crew: Option<u32>,
    /// Where stock is bought (its bar lengths and sheet sizes); `None` for the default.
    pub market: Option<&'a str>,
    /// A person's own prices by price-book item id (checked with `PriceBook::check_override`).
    pub prices: Option<&'a LiteMap<String, f64>>,
    /// The year whose money costs are shown in (checked with `PriceIndices::check_year`);
    /// `None` for the newest the indices give.
    pub money_year: Option<i32>,
    pub labour_rate: LabourRate,
}

impl Default for BomOptions<'_> {
    fn default() -> Self {
        BomOptions { system: System::Metric, crew: None, market: None, prices: None, money_year: None, labour_rate: LabourRate::Wage }
    }
}

/// A parameter or labelled derived value, in the unit its definition prefers (metric
/// display units where it names none): stable whatever units the person chose.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueLine {
    pub name: String,
    pub label: String,
    pub value: f64,
    pub unit: String,
    /// In base units (mm, kg, s, rad), with its dimension.
    #[serde(skip)]
    pub quantity: Quantity,
    #[serde(skip)]
    pub preferred: Option<&'static Unit>,
}

/// A product the machine makes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutputLine {
    /// Product id of `products.toml`.
    pub product: String,
    pub name: String,
    /// In the product's base units per second.
    pub rate: f64,
    /// The rate in the product's metric display unit (`375` `block/h`).
    pub value: f64,
    pub unit: String,
    /// The included machine it comes through, if not the machine's own.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub via: String,
}

/// The whole bill of materials of one machine: each stage's result, and the totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bom {
    pub machine: String,
    pub name: String,
    pub parameters: Vec<ValueLine>,
    pub derived: Vec<ValueLine>,
    pub outputs: Vec<OutputLine>,
    pub steel_mass_kg: f64,
    pub steel_bought_kg: f64,
    pub purchased_mass_kg: f64,
    pub mass_kg: f64,
    /// Price of an hour of labour, and the labour cost (not in `cost_total`, which is materials).
    pub labour_rate: f64,
    /// Which rate: `wage`, `shop` or `ose`.
    pub labour_rate_basis: &'static str,
    pub labour_cost: f64,
    pub crew: u32,
    pub hours_per_day: f64,
    pub calendar_days: f64,
    /// The sticks and sheets to buy (`market`, `stock`, `plates`).
    #[serde(flatten)]
    pub plan: StockPlan,
    /// `currency`, `costs`, `purchased`, `cost_by_category`, `cost_total`, `oldest_price`.
    #[serde(flatten)]
    pub costs: Costs,
    /// `labour`, `labour_by_trade`, `labour_hours`, `fabrication`.
    #[serde(flatten)]
    pub labour: Labour,
    pub built_with: Vec<String>,
    pub uses: Vec<String>,
    /// Quantities before stock, price and time: what a village adds up.
    #[serde(skip)]
    pub takeoff: Takeoff,
}

/// A number in the display unit of its dimension, with the unit's name.
pub fn display(q: Quantity, preferred: Option<&'static Unit>, system: System) -> (f64, String) {
    let u = match preferred {
        Some(u) if u.dim == q.dim => Some(in_system(u, system)),
        _ => display_unit(q.dim, system),
    };
    match u {
        Some(u) => (q.value / u.factor, u.name.to_string()),
        None => (q.value, String::new()),
    }
}

/// The plan's error as one for the machine's definition file.
pub fn plan_error(file: &str, e: &PlanError, sys: System) -> DefError {
    gvcs_def::error::FileText::new(file, "").error(plan_message(e, sys))
}

/// What a plan's error means, in words, with lengths in `sys`.
pub fn plan_message(e: &PlanError, sys: System) -> String {
    match e {
        PlanError::PieceTooLong { profile, length_mm, stick_mm, market } => format!(
            "a {} piece of `{profile}` is longer than the {} sticks sold in the {market} market; choose another market or splice the part",
            format_length(*length_mm, sys),
            format_length(*stick_mm, sys),
        ),
        PlanError::PlateTooLarge { part, sheet_mm, market } => format!(
            "the {part} plate part is larger than the {} × {} sheets sold in the {market} market; choose another market",
            format_length(sheet_mm[0], sys),
            format_length(sheet_mm[1], sys),
        ),
    }
}

/// Builds the bill of materials of an evaluated machine, stage by stage: takeoff, stock
/// plan, labour, cost.
pub fn bill(lib: &Library, rates: &Rates, inst: &Instance, opts: BomOptions) -> Result<Bom, DefError> {
    let lab = &rates.labour;
    let mut book = None;
    if let Some(y) = opts.money_year.filter(|y| *y != rates.prices.year) {
        book = Some(rates.prices.in_money_of(y));
    }
    if let Some(o) = opts.prices.filter(|o| !o.is_empty()) {
        book = Some(book.as_ref().unwrap_or(&rates.prices).with_overrides(o));
    }
    let prices = book.as_ref().unwrap_or(&rates.prices);
    let machine = lib.machine(&inst.machine);
    let file = machine.map_or(inst.machine.as_str(), |m| m.doc.name.as_str());
    let takeoff = Takeoff::of(lib, inst);
    let market = lib.stock.market(opts.market);
    let plan = plan::plan(&lib.stock, &takeoff, market, Shop { kerf_mm: lab.kerf, nesting: lab.nesting })
        .map_err(|e| plan_error(file, &e, opts.system))?;
    let labour = labour::labour(lib, lab, &takeoff)?;
    let costs = cost::cost(lib, prices, &takeoff, &plan, &labour.fabrication)?;

    let crew = opts.crew.unwrap_or(lab.crew).max(1);
    let hours_per_day = lab.day / 3600.0;
    let labour_rate = prices.item(opts.labour_rate.item()).map_or(0.0, |i| i.price);
    let param_unit = |name: &str| machine.and_then(|m| m.param(name)).and_then(|p| p.unit);
    let value_line = |name: &str, label: &str, q: Quantity, preferred: Option<&'static Unit>| {
        let (value, unit) = display(q, preferred, System::Metric);
        ValueLine { name: name.into(), label: label.into(), value, unit, quantity: q, preferred }
    };
    let parameters = inst.params.iter().map(|p| value_line(&p.name, &p.label, p.value, param_unit(&p.name))).collect();
    let derived = inst.derived.iter().map(|d| value_line(&d.name, &d.label, d.value, d.unit)).collect();
    let outputs = inst
        .outputs
        .iter()
        .map(|o| {
            let p = &lib.products[o.product];
            let (value, unit) = p.show_rate(o.rate, System::Metric);
            OutputLine { product: p.id.clone(), name: p.name.clone(), rate: o.rate, value, unit, via: o.via.clone() }
        })
        .collect();
    let purchased_mass = takeoff.purchased_mass_kg();
    Ok(Bom {
        machine: inst.machine.clone(),
        name: inst.name.clone(),
        parameters,
        derived,
        outputs,
        steel_mass_kg: takeoff.steel_mass_kg,
        steel_bought_kg: plan.bought_mass_kg(),
        purchased_mass_kg: purchased_mass,
        mass_kg: takeoff.steel_mass_kg + purchased_mass,
        labour_rate,
        labour_rate_basis: opts.labour_rate.key(),
        labour_cost: labour.hours * labour_rate,
        crew,
        hours_per_day,
        calendar_days: labour.hours / (crew as f64 * hours_per_day),
        plan,
        costs,
        labour,
        built_with: machine.map(|m| m.relations.built_with.clone()).unwrap_or_default(),
        uses: machine.map(|m| m.relations.uses.clone()).unwrap_or_default(),
        takeoff,
    })
}
