//! Stage 3b: what the stock, the purchased parts and the consumables cost, from the price
//! book (with a person's own prices already applied).

use crate::amount::Amount;
use crate::labour::Fabrication;
use crate::plan::{StockPlan, steel_item};
use crate::rates::PriceBook;
use crate::takeoff::Takeoff;
use gvcs_def::map::LiteMap;
use gvcs_def::units::{Dim, Quantity};
use gvcs_def::{DefError, Library};
use serde::Serialize;

/// What a cost line buys.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CostItem {
    /// A stock profile (bar, tube or plate) by id.
    Stock { profile: String },
    /// The purchased line of the same index in [`Costs::purchased`].
    Purchased { line: usize },
    /// A consumable price-book item.
    Consumable { name: String },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostLine {
    pub category: String,
    pub item: CostItem,
    pub amount: Amount,
    pub cost: f64,
    /// The price-book item priced by, its date and where the price comes from.
    pub price: String,
    pub price_date: String,
    pub price_basis: String,
    /// The cost in the money of `price_date`, before it was brought into the book's year.
    pub quoted_cost: f64,
}

/// Purchased components of one kind and size, priced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PurchasedLine {
    /// Index into the takeoff's purchases.
    #[serde(skip)]
    pub purchase: usize,
    pub component: String,
    pub name: String,
    pub category: String,
    pub parts: Vec<String>,
    pub count: usize,
    pub unit_mass_kg: f64,
    pub mass_kg: f64,
    pub unit_price: f64,
    pub cost: f64,
    pub price_date: String,
    pub price_basis: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Costs {
    pub currency: String,
    #[serde(rename = "costs")]
    pub lines: Vec<CostLine>,
    /// By category, then most expensive first.
    pub purchased: Vec<PurchasedLine>,
    #[serde(rename = "cost_by_category")]
    pub by_category: LiteMap<String, f64>,
    #[serde(rename = "cost_total")]
    pub total: f64,
    /// Date of the oldest price in use.
    pub oldest_price: String,
    /// The year whose money every cost is in (older quotes converted by a price index).
    pub money_year: i32,
}

/// Prices everything bought for a takeoff: the planned stock, its purchased parts and the
/// consumables of its fabrication.
pub fn cost(lib: &Library, prices: &PriceBook, takeoff: &Takeoff, plan: &StockPlan, fab: &Fabrication) -> Result<Costs, DefError> {
    let mut lines = Vec::new();
    for s in &plan.stock {
        let item = steel_item(s.class);
        let amount = if s.cut_to_length {
            Amount::CutToLength { mm: s.bought_length_mm }
        } else {
            Amount::Sticks { count: s.sticks, length_mm: s.stick_length_mm }
        };
        let cost = prices.bulk(item, Quantity::new(s.bought_mass_kg, Dim::MASS));
        lines.push(line(prices, "steel", CostItem::Stock { profile: s.profile.clone() }, amount, cost, item));
    }
    for p in &plan.plates {
        let cost = prices.bulk("steel-plate", Quantity::new(p.bought_mass_kg, Dim::MASS));
        lines.push(line(
            prices,
            "steel",
            CostItem::Stock { profile: p.profile.clone() },
            Amount::NestedArea { mm2: p.bought_area_m2 * 1e6 },
            cost,
            "steel-plate",
        ));
    }

    let catalogue = &lib.components;
    let mut purchased = Vec::new();
    for (i, p) in takeoff.purchased.iter().enumerate() {
        let c = &catalogue.components[p.component];
        let unit_price = prices.component(catalogue, p.component, &p.dims)?;
        purchased.push(PurchasedLine {
            purchase: i,
            component: c.id.clone(),
            name: c.name.clone(),
            category: c.category.clone(),
            parts: p.parts.clone(),
            count: p.count,
            unit_mass_kg: p.unit_mass_kg,
            mass_kg: p.unit_mass_kg * p.count as f64,
            unit_price,
            cost: unit_price * p.count as f64,
            price_date: dated(prices, &c.id).0,
            price_basis: dated(prices, &c.id).1,
        });
    }
    gvcs_def::sort::by(&mut purchased, |a, b| a.category.cmp(&b.category).then(b.cost.total_cmp(&a.cost)));
    for (i, l) in purchased.iter().enumerate() {
        lines.push(line(prices, &l.category, CostItem::Purchased { line: i }, Amount::Items { n: l.count }, l.cost, &l.component));
    }

    let wire = Quantity::new(fab.wire_kg, Dim::MASS);
    let consumables = [
        ("welding-wire", wire, Amount::Mass { kg: fab.wire_kg }),
        ("shielding-gas", wire, Amount::Mass { kg: fab.wire_kg }),
        ("paint", Quantity::new(fab.paint_l * 1e6, Dim::VOLUME), Amount::Volume { mm3: fab.paint_l * 1e6 }),
        ("saw-consumables", Quantity::number(fab.saw_cuts as f64), Amount::Count { n: fab.saw_cuts, word: "cut" }),
        ("plasma-consumables", Quantity::new(fab.plate_cut_mm, Dim::LENGTH), Amount::CutLength { mm: fab.plate_cut_mm }),
    ];
    for (id, q, amount) in consumables {
        let Some(item) = prices.item(id) else { continue };
        lines.push(line(prices, "consumables", CostItem::Consumable { name: item.name.clone() }, amount, prices.bulk(id, q), id));
    }

    let mut by_category: LiteMap<String, f64> = LiteMap::new();
    for c in &lines {
        *by_category.entry(c.category.clone()).or_default() += c.cost;
    }
    let oldest_price =
        lines.iter().filter(|c| c.cost > 0.0).map(|c| c.price_date.clone()).filter(|d| !d.is_empty()).min().unwrap_or_default();
    Ok(Costs {
        currency: prices.currency.clone(),
        total: lines.iter().map(|c| c.cost).sum(),
        lines,
        purchased,
        by_category,
        oldest_price,
        money_year: prices.year,
    })
}

/// The date of a price-book item and where its price comes from.
fn dated(prices: &PriceBook, id: &str) -> (String, String) {
    prices.item(id).map(|i| (i.date.clone(), i.provenance.describe())).unwrap_or_default()
}

fn line(prices: &PriceBook, category: &str, item: CostItem, amount: Amount, cost: f64, price: &str) -> CostLine {
    let (price_date, price_basis) = dated(prices, price);
    let quoted_cost = prices.item(price).filter(|i| i.price > 0.0).map_or(cost, |i| cost * i.quoted / i.price);
    CostLine { category: category.into(), item, amount, cost, price: price.into(), price_date, price_basis, quoted_cost }
}
