//! From an evaluated machine to its bill of materials: the takeoff by profile, the stock
//! to buy, the purchased parts, the cost and the labour.

use crate::cutting;
use crate::rates::Rates;
use gvcs_def::component::Catalogue;
use gvcs_def::eval::{Instance, PartKind};
use gvcs_def::machine::Ends;
use gvcs_def::polygon::perimeter;
use gvcs_def::stock::{Section, StockClass};
use gvcs_def::units::{Dim, Quantity, System, display_unit, format_length, in_system};
use gvcs_def::{DefError, Library};
use serde::Serialize;
use std::collections::BTreeMap;

const INCH: f64 = 25.4;

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
    pub prices: Option<&'a BTreeMap<String, f64>>,
}

impl Default for BomOptions<'_> {
    fn default() -> Self {
        BomOptions { system: System::Metric, crew: None, market: None, prices: None }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NamedValue {
    pub name: String,
    pub label: String,
    /// In `unit`.
    pub value: f64,
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    pub part: String,
    pub name: String,
    pub length_mm: f64,
    pub count: usize,
    pub ends: Ends,
}

/// One bar or tube profile: its cut pieces and the sticks to buy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StockLine {
    pub profile: String,
    pub class: StockClass,
    pub pieces: Vec<Piece>,
    pub piece_count: usize,
    pub total_length_mm: f64,
    pub mass_kg: f64,
    pub stick_length_mm: f64,
    pub sticks: usize,
    /// ceil(total length / stick length).
    pub lower_bound: usize,
    /// Piece lengths cut from each stick, mm.
    pub plan: Vec<Vec<f64>>,
    pub offcuts_mm: Vec<f64>,
    pub waste_mm: f64,
    pub bought_mass_kg: f64,
    /// Bought cut to length rather than as whole sticks.
    pub cut_to_length: bool,
    pub cost: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatePart {
    pub part: String,
    pub name: String,
    pub length_mm: f64,
    pub width_mm: f64,
    /// Area of one, m².
    pub area_m2: f64,
    pub count: usize,
    /// Not a rectangle (outline given).
    pub shaped: bool,
}

/// One plate thickness: its parts and the sheets to buy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlateLine {
    pub profile: String,
    pub thickness_mm: f64,
    pub parts: Vec<PlatePart>,
    pub area_m2: f64,
    pub mass_kg: f64,
    pub sheet_mm: [f64; 2],
    /// Share of a sheet that ends up in parts (stated in the labour file).
    pub nesting: f64,
    pub sheets: usize,
    /// Plate is priced on the nested area: suppliers cut plate to size.
    pub bought_mass_kg: f64,
    pub cost: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PurchasedLine {
    pub component: String,
    pub name: String,
    pub spec: String,
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
pub struct CostLine {
    pub category: String,
    pub item: String,
    pub quantity: String,
    pub cost: f64,
    pub price_date: String,
    pub price_basis: String,
}

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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabourLine {
    pub trade: Trade,
    pub operation: String,
    pub quantity: String,
    pub hours: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeHours {
    pub trade: Trade,
    pub label: String,
    pub hours: f64,
}

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
pub struct OutputLine {
    /// Product id of `products.toml`.
    pub product: String,
    pub what: String,
    /// In `unit`.
    pub value: f64,
    pub unit: String,
    /// The included machine it comes through, if not the machine's own.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub via: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bom {
    pub machine: String,
    pub name: String,
    pub units: &'static str,
    pub parameters: Vec<NamedValue>,
    pub derived: Vec<NamedValue>,
    pub outputs: Vec<OutputLine>,
    pub steel_mass_kg: f64,
    pub steel_bought_kg: f64,
    pub purchased_mass_kg: f64,
    pub mass_kg: f64,
    pub currency: String,
    pub cost_total: f64,
    pub cost_by_category: BTreeMap<String, f64>,
    pub labour_rate: f64,
    pub labour_cost: f64,
    pub labour_hours: f64,
    pub labour_by_trade: Vec<TradeHours>,
    pub crew: u32,
    pub hours_per_day: f64,
    pub calendar_days: f64,
    /// The market stock is bought in.
    pub market: String,
    pub stock: Vec<StockLine>,
    pub plates: Vec<PlateLine>,
    pub purchased: Vec<PurchasedLine>,
    pub costs: Vec<CostLine>,
    pub labour: Vec<LabourLine>,
    pub fabrication: Fabrication,
    pub built_with: Vec<String>,
    pub uses: Vec<String>,
    /// Year of the oldest price used: prices are not inflated.
    pub oldest_price: String,
}

/// A number in the display unit of its dimension, with the unit's name.
pub fn display(q: Quantity, preferred: Option<&'static gvcs_def::units::Unit>, system: System) -> (f64, String) {
    let u = match preferred {
        Some(u) if u.dim == q.dim => Some(in_system(u, system)),
        _ => display_unit(q.dim, system),
    };
    match u {
        Some(u) => (q.value / u.factor, u.name.to_string()),
        None => (q.value, String::new()),
    }
}

/// Builds the bill of materials of an evaluated machine.
pub fn bill(lib: &Library, rates: &Rates, inst: &Instance, opts: BomOptions) -> Result<Bom, DefError> {
    let stock = &lib.stock;
    let lab = &rates.labour;
    let own_prices;
    let prices = match opts.prices {
        Some(o) if !o.is_empty() => {
            own_prices = rates.prices.with_overrides(o);
            &own_prices
        }
        _ => &rates.prices,
    };
    let sys = opts.system;
    let market = stock.market(opts.market);
    // Problems of the whole machine with this stock: reported against its definition file.
    let file = lib.machine(&inst.machine).map_or(inst.machine.as_str(), |m| m.doc.name.as_str());
    let whole_file = |message: String| gvcs_def::error::Source::new(file, "").error(message);
    let mut labour: Vec<LabourLine> = Vec::new();
    let mut fab = Fabrication::default();
    let hours = |s: f64| s / 3600.0;

    // ------------------------------------------------------------ bars and tubes
    let mut bars: BTreeMap<usize, Vec<Piece>> = BTreeMap::new();
    let mut plates: BTreeMap<usize, Vec<(PlatePart, f64)>> = BTreeMap::new();
    /// Component, its dims, its evaluated size, the parts it is used in, how many.
    type Purchase<'a> = (usize, Vec<Quantity>, &'a gvcs_def::component::ComponentSize, Vec<String>, usize);
    let mut purchased: Vec<Purchase> = Vec::new();
    let mut paint_area = 0.0;
    let mut steel_mass = 0.0;
    let mut fit_seconds = 0.0;
    // Weld length by fillet leg (mm → mm), and holes by (diameter, depth).
    let mut welds: BTreeMap<i64, f64> = BTreeMap::new();
    let mut holes: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    // Holes are grouped by drill size to 1/64 in, as a drill index would.
    let drill_key = |mm: f64| (mm / INCH * 64.0).round() as i64;

    for p in &inst.parts {
        let n = p.count();
        let thickness = match &p.kind {
            PartKind::Bar { profile, .. } | PartKind::Plate { profile, .. } => stock.profiles[*profile].section.thickness(),
            PartKind::Component { .. } => 0.25 * INCH,
        };
        if p.weld > 0.0 {
            let leg = lab.leg(thickness);
            *welds.entry((leg * 1000.0).round() as i64).or_default() += p.weld * n as f64;
        }
        for h in &p.holes {
            *holes.entry((drill_key(h.dia), (thickness * 1000.0).round() as i64)).or_default() += h.count as usize * n;
        }
        match &p.kind {
            PartKind::Bar { profile, length } => {
                let prof = &stock.profiles[*profile];
                bars.entry(*profile).or_default().push(Piece {
                    part: p.path.clone(),
                    name: p.name.clone(),
                    length_mm: *length,
                    count: n,
                    ends: p.ends,
                });
                let m = length * stock.mass_per_mm(prof);
                steel_mass += m * n as f64;
                fit_seconds += lab.fit_time(m) * n as f64;
                paint_area += prof.section.perimeter() * length * n as f64;
                fab.fabricated_parts += n;
            }
            PartKind::Plate { profile, length, width, area, outline } => {
                let prof = &stock.profiles[*profile];
                let t = prof.section.thickness();
                let shaped = outline.len() != 4 || (area - length * width).abs() > 1.0;
                plates.entry(*profile).or_default().push((
                    PlatePart {
                        part: p.path.clone(),
                        name: p.name.clone(),
                        length_mm: *length,
                        width_mm: *width,
                        area_m2: area / 1e6,
                        count: n,
                        shaped,
                    },
                    perimeter(outline),
                ));
                let m = area * t * stock.density;
                steel_mass += m * n as f64;
                fit_seconds += lab.fit_time(m) * n as f64;
                paint_area += (2.0 * area + perimeter(outline) * t) * n as f64;
                fab.fabricated_parts += n;
            }
            PartKind::Component { component, size } => {
                match purchased.iter_mut().find(|(c, d, ..)| c == component && *d == size.dims) {
                    Some(line) => {
                        line.3.push(p.path.clone());
                        line.4 += n;
                    }
                    None => purchased.push((*component, size.dims.clone(), size, vec![p.path.clone()], n)),
                }
                fab.purchased_parts += n;
            }
        }
    }

    let steel_item = |class: StockClass| match class {
        StockClass::Tube => "steel-tube",
        StockClass::Bar => "steel-bar",
        StockClass::Plate => "steel-plate",
    };
    let mut costs: Vec<CostLine> = Vec::new();
    let price_line = |id: &str| prices.item(id).map(|i| (i.date.clone(), i.provenance.describe())).unwrap_or_default();

    let mut stock_lines = Vec::new();
    for (pi, mut pieces) in bars {
        let prof = &stock.profiles[pi];
        pieces.sort_by(|a, b| b.length_mm.total_cmp(&a.length_mm).then(a.part.cmp(&b.part)));
        let lengths: Vec<f64> = pieces.iter().flat_map(|p| std::iter::repeat_n(p.length_mm, p.count)).collect();
        // Evaluation refuses pieces longer than the longest stick sold anywhere; a shorter
        // market's sticks may still be too short.
        let stick = stock.stick_length(prof, market);
        let plan = cutting::plan(&lengths, stick, lab.kerf).map_err(|e| {
            whole_file(format!(
                "a {} piece of `{}` is longer than the {} sticks sold in the {} market; choose another market or splice the part",
                format_length(lengths[e.piece], sys),
                prof.id,
                format_length(stick, sys),
                market.id
            ))
        })?;
        let per_mm = stock.mass_per_mm(prof);
        let total: f64 = lengths.iter().sum();
        // Sticks are bought whole, unless the profile is sold cut to length.
        let bought_length = if prof.cut_to_length { total + lab.kerf * lengths.len() as f64 } else { plan.sticks.len() as f64 * stick };
        let bought = bought_length * per_mm;
        let class = prof.section.class();
        let cost = prices.bulk(steel_item(class), Quantity::new(bought, Dim::MASS));
        let (date, basis) = price_line(steel_item(class));
        costs.push(CostLine {
            category: "steel".into(),
            item: prof.id.clone(),
            quantity: if prof.cut_to_length {
                format!("{} cut to length", format_length(bought_length, sys))
            } else {
                format!("{} × {}", plan.sticks.len(), format_length(stick, sys))
            },
            cost,
            price_date: date,
            price_basis: basis,
        });
        // Saw cuts: one per piece, two for a mitred piece; time by section area.
        let cut_time = lab.saw_handling + prof.section.area() / lab.saw_rate;
        let mut cuts = 0.0;
        let mut count = 0;
        for p in &pieces {
            let per = match p.ends {
                Ends::Square => 1.0,
                Ends::Mitre => 2.0 * lab.mitre_factor,
            };
            cuts += per * p.count as f64;
            count += p.count * if p.ends == Ends::Mitre { 2 } else { 1 };
        }
        fab.saw_cuts += count;
        labour.push(LabourLine {
            trade: Trade::Cutting,
            operation: format!("Saw {}", prof.id),
            quantity: plural(count, "cut"),
            hours: hours(cuts * cut_time),
        });
        stock_lines.push(StockLine {
            profile: prof.id.clone(),
            class,
            piece_count: lengths.len(),
            total_length_mm: total,
            mass_kg: total * per_mm,
            stick_length_mm: stick,
            sticks: plan.sticks.len(),
            lower_bound: plan.lower_bound,
            plan: plan.sticks.iter().map(|s| s.iter().map(|&i| lengths[i]).collect()).collect(),
            waste_mm: plan.waste(&lengths),
            offcuts_mm: plan.offcuts.clone(),
            bought_mass_kg: bought,
            cut_to_length: prof.cut_to_length,
            cost,
            pieces,
        });
    }

    // ------------------------------------------------------------ plate
    let mut plate_lines = Vec::new();
    for (pi, parts) in plates {
        let prof = &stock.profiles[pi];
        let Section::Plate { t } = prof.section else { continue };
        let area: f64 = parts.iter().map(|(p, _)| p.area_m2 * 1e6 * p.count as f64).sum();
        let cut: f64 = parts.iter().map(|(p, per)| per * p.count as f64).sum();
        let sheet = stock.sheet(prof, market);
        if let Some(p) = parts.iter().find(|(p, _)| p.width_mm > sheet[0] + 0.01 || p.length_mm > sheet[1] + 0.01) {
            return Err(whole_file(format!(
                "the {} plate part is larger than the {} × {} sheets sold in the {} market; choose another market",
                p.0.name,
                format_length(sheet[0], sys),
                format_length(sheet[1], sys),
                market.id
            )));
        }
        let sheet_area = sheet[0] * sheet[1];
        let sheets = (area / (sheet_area * lab.nesting) - 1e-9).ceil().max(1.0) as usize;
        let bought = area / lab.nesting * t * stock.density;
        let cost = prices.bulk("steel-plate", Quantity::new(bought, Dim::MASS));
        let (date, basis) = price_line("steel-plate");
        let (a, au) = display(Quantity::new(area / lab.nesting, Dim::AREA), None, sys);
        costs.push(CostLine {
            category: "steel".into(),
            item: prof.id.clone(),
            quantity: format!("{:.1} {} (nested)", a, gvcs_def::units::pretty_unit(&au)),
            cost,
            price_date: date,
            price_basis: basis,
        });
        let per_day = lab.thermal.at(t);
        fab.plate_cut_mm += cut;
        labour.push(LabourLine {
            trade: Trade::Cutting,
            operation: format!("Torch-cut {}", prof.id),
            quantity: format_length(cut, sys).replace(" mm", " mm of cut").replace(" in", " in of cut"),
            hours: hours(cut / per_day * lab.day),
        });
        let mut parts: Vec<PlatePart> = parts.into_iter().map(|(p, _)| p).collect();
        parts.sort_by(|a, b| b.area_m2.total_cmp(&a.area_m2).then(a.part.cmp(&b.part)));
        plate_lines.push(PlateLine {
            profile: prof.id.clone(),
            thickness_mm: t,
            parts,
            area_m2: area / 1e6,
            mass_kg: area * t * stock.density,
            sheet_mm: sheet,
            nesting: lab.nesting,
            sheets,
            bought_mass_kg: bought,
            cost,
        });
    }

    // ------------------------------------------------------------ welding, drilling, fitting
    for (leg, len) in &welds {
        let leg = *leg as f64 / 1000.0;
        let per_day = lab.weld.at(leg);
        fab.weld_mm += len;
        // Deposited metal: a fillet's triangle, leg²/2, over the weld length.
        fab.wire_kg += leg * leg / 2.0 * len * stock.density / lab.deposition_efficiency;
        labour.push(LabourLine {
            trade: Trade::Welding,
            operation: format!("Fillet welds, {} leg", format_length(leg, sys)),
            quantity: format_length(*len, sys),
            hours: hours(len / per_day * lab.day),
        });
    }
    for ((dia, depth), count) in &holes {
        let (dia, depth) = (*dia as f64 / 64.0 * INCH, *depth as f64 / 1000.0);
        let first = lab.day / lab.drill.at(dia);
        let extra = ((depth / (0.25 * INCH)) - 1.0).max(0.0).ceil() * lab.drill_extra;
        fab.holes += count;
        labour.push(LabourLine {
            trade: Trade::Drilling,
            operation: format!("Holes {} through {}", hole_size(dia, sys), format_length(depth, sys)),
            quantity: plural(*count, "hole"),
            hours: hours((first + extra) * *count as f64),
        });
    }
    labour.push(LabourLine {
        trade: Trade::Fitting,
        operation: "Fit, square and tack fabricated parts".into(),
        quantity: plural(fab.fabricated_parts, "part"),
        hours: hours(fit_seconds),
    });

    // ------------------------------------------------------------ purchased parts
    let mut purchased_lines = Vec::new();
    let catalogue: &Catalogue = &lib.components;
    let mut fit_by_category: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for (ci, dims, size, parts, count) in &purchased {
        let c = &catalogue.components[*ci];
        let unit_price = prices.component(catalogue, *ci, dims)?;
        let item = prices.item(&c.id);
        let e = fit_by_category.entry(c.category.clone()).or_default();
        e.0 += size.fit_hours * *count as f64;
        e.1 += count;
        purchased_lines.push(PurchasedLine {
            component: c.id.clone(),
            name: c.name.clone(),
            spec: catalogue.describe(*ci, dims, sys),
            category: c.category.clone(),
            parts: parts.clone(),
            count: *count,
            unit_mass_kg: size.mass,
            mass_kg: size.mass * *count as f64,
            unit_price,
            cost: unit_price * *count as f64,
            price_date: item.map(|i| i.date.clone()).unwrap_or_default(),
            price_basis: item.map(|i| i.provenance.describe()).unwrap_or_default(),
        });
    }
    purchased_lines.sort_by(|a, b| a.category.cmp(&b.category).then(b.cost.total_cmp(&a.cost)));
    for (cat, (h, n)) in fit_by_category {
        labour.push(LabourLine { trade: Trade::Assembly, operation: format!("Fit {cat}"), quantity: plural(n, "part"), hours: h });
    }
    for l in &purchased_lines {
        costs.push(CostLine {
            category: l.category.clone(),
            item: if l.spec.is_empty() { l.name.clone() } else { format!("{} {}", l.name, l.spec) },
            quantity: format!("{}", l.count),
            cost: l.cost,
            price_date: l.price_date.clone(),
            price_basis: l.price_basis.clone(),
        });
    }

    // ------------------------------------------------------------ painting and consumables
    fab.paint_area_m2 = paint_area / 1e6;
    let paint_volume = paint_area * lab.paint_coats as f64 / lab.paint_coverage;
    fab.paint_l = paint_volume / 1e6;
    let (pa, pau) = display(Quantity::new(paint_area, Dim::AREA), None, sys);
    labour.push(LabourLine {
        trade: Trade::Painting,
        operation: format!("Prime and paint, {} coats", lab.paint_coats),
        quantity: format!("{pa:.1} {}", gvcs_def::units::pretty_unit(&pau)),
        hours: hours(paint_area * lab.paint_coats as f64 * lab.paint_time),
    });
    let wire = Quantity::new(fab.wire_kg, Dim::MASS);
    let consumables = [
        ("welding-wire", wire),
        ("shielding-gas", wire),
        ("paint", Quantity::new(paint_volume, Dim::VOLUME)),
        ("saw-consumables", Quantity::number(fab.saw_cuts as f64)),
        ("plasma-consumables", Quantity::new(fab.plate_cut_mm, Dim::LENGTH)),
    ];
    for (id, q) in consumables {
        let Some(item) = prices.item(id) else { continue };
        let (v, u) = display(q, item.per, sys);
        costs.push(CostLine {
            category: "consumables".into(),
            item: item.name.clone(),
            quantity: if u.is_empty() { format!("{v:.0}") } else { format!("{v:.1} {}", gvcs_def::units::pretty_unit(&u)) },
            cost: prices.bulk(id, q),
            price_date: item.date.clone(),
            price_basis: item.provenance.describe(),
        });
    }

    // ------------------------------------------------------------ totals
    let mut cost_by_category: BTreeMap<String, f64> = BTreeMap::new();
    for c in &costs {
        *cost_by_category.entry(c.category.clone()).or_default() += c.cost;
    }
    let cost_total: f64 = costs.iter().map(|c| c.cost).sum();
    let labour_hours: f64 = labour.iter().map(|l| l.hours).sum();
    let mut by_trade: BTreeMap<Trade, f64> = BTreeMap::new();
    for l in &labour {
        *by_trade.entry(l.trade).or_default() += l.hours;
    }
    let labour_by_trade = by_trade.into_iter().map(|(trade, hours)| TradeHours { trade, label: trade.label().into(), hours }).collect();
    let crew = opts.crew.unwrap_or(lab.crew).max(1);
    let hours_per_day = lab.day / 3600.0;
    let labour_rate = prices.item("labour").map_or(0.0, |i| i.price);
    let purchased_mass: f64 = purchased_lines.iter().map(|l| l.mass_kg).sum();
    let oldest_price =
        costs.iter().filter(|c| c.cost > 0.0).map(|c| c.price_date.clone()).filter(|d| !d.is_empty()).min().unwrap_or_default();

    let machine = lib.machine(&inst.machine);
    let param_unit = |name: &str| machine.and_then(|m| m.param(name)).and_then(|p| p.unit);
    let parameters = inst
        .params
        .iter()
        .map(|p| {
            let (value, unit) = display(p.value, param_unit(&p.name), sys);
            NamedValue { name: p.name.clone(), label: p.label.clone(), value, unit }
        })
        .collect();
    let derived = inst
        .derived
        .iter()
        .map(|d| {
            let (value, unit) = display(d.value, d.unit, sys);
            NamedValue { name: d.name.clone(), label: d.label.clone(), value, unit }
        })
        .collect();
    let outputs = inst
        .outputs
        .iter()
        .map(|o| {
            let p = &lib.products[o.product];
            let (value, unit) = p.show_rate(o.rate);
            OutputLine { product: p.id.clone(), what: p.name.clone(), value, unit, via: o.via.clone() }
        })
        .collect();
    let steel_bought =
        stock_lines.iter().map(|s| s.bought_mass_kg).sum::<f64>() + plate_lines.iter().map(|p| p.bought_mass_kg).sum::<f64>();
    Ok(Bom {
        machine: inst.machine.clone(),
        name: inst.name.clone(),
        units: sys.as_str(),
        parameters,
        derived,
        outputs,
        steel_mass_kg: steel_mass,
        steel_bought_kg: steel_bought,
        purchased_mass_kg: purchased_mass,
        mass_kg: steel_mass + purchased_mass,
        currency: prices.currency.clone(),
        cost_total,
        cost_by_category,
        labour_rate,
        labour_cost: labour_hours * labour_rate,
        labour_hours,
        labour_by_trade,
        crew,
        hours_per_day,
        calendar_days: labour_hours / (crew as f64 * hours_per_day),
        market: market.id.clone(),
        stock: stock_lines,
        plates: plate_lines,
        purchased: purchased_lines,
        costs,
        labour,
        fabrication: fab,
        built_with: machine.map(|m| m.relations.built_with.clone()).unwrap_or_default(),
        uses: machine.map(|m| m.relations.uses.clone()).unwrap_or_default(),
        oldest_price,
    })
}

/// A drill size: to 1/64 in, or to 0.1 mm.
fn hole_size(mm: f64, sys: System) -> String {
    match sys {
        System::Imperial => {
            let n = (mm / INCH * 64.0).round() as i64;
            let (mut num, mut den) = (n % 64, 64);
            while num != 0 && num % 2 == 0 {
                num /= 2;
                den /= 2;
            }
            match (n / 64, num) {
                (w, 0) => format!("{w} in"),
                (0, f) => format!("{f}/{den} in"),
                (w, f) => format!("{w} {f}/{den} in"),
            }
        }
        System::Metric => format!("{:.1} mm", mm),
    }
}

/// `1 stick`, `3 sticks`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
