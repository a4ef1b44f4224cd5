//! The bill of materials for people: figures and tables of text in the chosen units. The web
//! tables, the CLI tables and the CSV are all drawn from one [`Report`], so a number is
//! formatted here and nowhere else.

use crate::amount::Amount;
use crate::bom::{Bom, display};
use crate::cost::CostItem;
use crate::labour::Operation;
use crate::rates::LabourRate;
use gvcs_def::Library;
use gvcs_def::machine::Ends;
use gvcs_def::units::{Dim, Quantity, System, format_length, format_mass, format_number, pretty_unit};
use serde::Serialize;

/// Number formatting in one place.
pub mod fmt {
    use super::*;

    pub fn len(mm: f64, sys: System) -> String {
        format_length(mm, sys)
    }

    pub fn mass(kg: f64, sys: System) -> String {
        format_mass(kg, sys)
    }

    fn symbol(currency: &str) -> Option<&'static str> {
        (currency == "USD").then_some("$")
    }

    /// Whole money: `$5,139`. Money is grouped from four digits on, as prices are written,
    /// where other numbers are from five (`6096 mm`).
    pub fn money(v: f64, currency: &str) -> String {
        let mut whole = format_number(v.round(), 9);
        let digits = whole.trim_start_matches('-').len();
        if digits == 4 {
            whole.insert(whole.len() - 3, ',');
        }
        match symbol(currency) {
            Some(s) => format!("{s}{whole}"),
            None => format!("{whole} {currency}"),
        }
    }

    /// Money to the cent: `$12.50`.
    pub fn cents(v: f64, currency: &str) -> String {
        match symbol(currency) {
            Some(s) => format!("{s}{v:.2}"),
            None => format!("{v:.2} {currency}"),
        }
    }

    pub fn hours(h: f64) -> String {
        format!("{} h", format_number(h, 3))
    }

    /// A number with a unit name as the data writes it (`m2` shows as m²).
    pub fn num(v: f64, unit: &str) -> String {
        if unit.is_empty() { format_number(v, 4) } else { format!("{} {}", format_number(v, 4), pretty_unit(unit)) }
    }

    /// A quantity in the display unit of its dimension.
    pub fn quantity(q: Quantity, sys: System) -> String {
        let (v, u) = display(q, None, sys);
        num(v, &u)
    }

    pub fn area(mm2: f64, sys: System) -> String {
        let (v, u) = display(Quantity::new(mm2, Dim::AREA), None, sys);
        format!("{} {}", format_number(v, 3), pretty_unit(&u))
    }

    /// `1 stick`, `3 sticks`.
    pub fn plural(n: usize, word: &str) -> String {
        if n == 1 { format!("1 {word}") } else { format!("{} {word}s", format_number(n as f64, 9)) }
    }

    pub fn percent(share: f64) -> String {
        format!("{:.0}%", share * 100.0)
    }

    /// A drill size: to 1/64 in, or to 0.1 mm.
    pub fn drill(mm: f64, sys: System) -> String {
        match sys {
            System::Imperial => {
                let n = (mm / 25.4 * 64.0).round() as i64;
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
            System::Metric => format!("{mm:.1} mm"),
        }
    }

    pub fn amount(a: &Amount, sys: System) -> String {
        match a {
            Amount::Count { n, word } => plural(*n, word),
            Amount::Items { n } => n.to_string(),
            Amount::Length { mm } => len(*mm, sys),
            Amount::CutLength { mm } => format!("{} of cut", len(*mm, sys)),
            Amount::Area { mm2 } => area(*mm2, sys),
            Amount::NestedArea { mm2 } => format!("{} (nested)", area(*mm2, sys)),
            Amount::Volume { mm3 } => quantity(Quantity::new(*mm3, Dim::VOLUME), sys),
            Amount::Mass { kg } => mass(*kg, sys),
            Amount::Sticks { count, length_mm } => format!("{count} × {}", len(*length_mm, sys)),
            Amount::CutToLength { mm } => format!("{} cut to length", len(*mm, sys)),
        }
    }

    pub fn operation(o: &Operation, sys: System) -> String {
        match o {
            Operation::Saw { profile } => format!("Saw {profile}"),
            Operation::TorchCut { profile } => format!("Torch-cut {profile}"),
            Operation::FilletWeld { leg_mm } => format!("Fillet welds, {} leg", len(*leg_mm, sys)),
            Operation::Drill { dia_mm, depth_mm } => format!("Holes {} through {}", drill(*dia_mm, sys), len(*depth_mm, sys)),
            Operation::FitFabricated => "Fit, square and tack fabricated parts".into(),
            Operation::FitPurchased { category } => format!("Fit {category}"),
            Operation::Paint { coats } => format!("Prime and paint, {coats} coats"),
        }
    }

    /// `$41 in 2013` when a quote was brought into another year's money, else its date.
    pub fn quoted(quoted: f64, now: f64, date: &str, currency: &str) -> String {
        if (quoted - now).abs() > 0.005 { format!("{} in {date}", money(quoted, currency)) } else { date.to_string() }
    }

    pub fn ends(e: Ends) -> &'static str {
        match e {
            Ends::Square => "square",
            Ends::Mitre => "mitred",
        }
    }
}

/// A headline number.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub id: String,
    pub label: String,
    pub value: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub name: &'static str,
    /// Right-aligned.
    pub numeric: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// Also the HTML id of the table in the web app and the section in the CSV.
    pub id: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A totals row, if any.
    pub total: Option<Vec<String>>,
}

impl Table {
    fn new(id: &'static str, title: impl Into<String>, columns: &[(&'static str, bool)]) -> Table {
        Table {
            id,
            title: title.into(),
            columns: columns.iter().map(|&(name, numeric)| Column { name, numeric }).collect(),
            rows: Vec::new(),
            total: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// Every table as CSV ([`Csv`]): each table starts with its header row, and every row
    /// starts with the table's id, so a spreadsheet can filter by section.
    pub fn to_csv(&self) -> String {
        let mut w = Csv::default();
        w.row(["section", "item", "value", "note"]);
        for f in &self.figures {
            w.row(["summary", &f.label, &f.value, f.note.as_deref().unwrap_or("")]);
        }
        for t in &self.tables {
            w.row(std::iter::once("section").chain(t.columns.iter().map(|c| c.name)));
            for r in t.rows.iter().chain(&t.total) {
                w.row(std::iter::once(t.id).chain(r.iter().map(String::as_str)));
            }
        }
        w.0
    }
}

/// CSV text as RFC 4180 has it: fields separated by commas, a field in double quotes (its
/// quotes doubled) when it holds a comma, a quote or a line break, each row ended by `\n`.
///
/// Written here rather than with the `csv` crate: its writer can quote the fields that are not
/// numbers, and telling those apart parses floats, which keeps the standard float parser and
/// its 10 kB table in the browser's download even with that style off (`gvcs_def::number`).
#[derive(Debug, Default)]
pub struct Csv(pub String);

impl Csv {
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for (i, c) in cells.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            if c.contains([',', '"', '\n', '\r']) {
                self.0.push('"');
                self.0.push_str(&c.replace('"', "\"\""));
                self.0.push('"');
            } else {
                self.0.push_str(c);
            }
        }
        self.0.push('\n');
    }
}

/// The report of one machine's bill of materials in `sys` units.
pub fn report(lib: &Library, bom: &Bom, sys: System) -> Report {
    use fmt::*;
    let cur = bom.costs.currency.as_str();
    let costs = &bom.costs;
    let mut figures = vec![
        Figure {
            id: "fig-mass".into(),
            label: "Machine mass".into(),
            value: mass(bom.mass_kg, sys),
            note: Some(format!("{} of steel in parts, {} bought", mass(bom.steel_mass_kg, sys), mass(bom.steel_bought_kg, sys))),
        },
        Figure {
            id: "fig-cost".into(),
            label: "Materials cost".into(),
            value: money(costs.total, cur),
            note: Some(format!("in {} money; quotes dated {} on", costs.money_year, costs.oldest_price)),
        },
        Figure {
            id: "fig-hours".into(),
            label: "Build labour".into(),
            value: hours(bom.labour.hours),
            note: Some(format!(
                "{} at {}/h, {}",
                money(bom.labour_cost, cur),
                cents(bom.labour_rate, cur),
                LabourRate::parse(bom.labour_rate_basis).map_or("", |r| r.label())
            )),
        },
        Figure {
            id: "fig-days".into(),
            label: "Calendar time".into(),
            value: format!("{} days", format_number(bom.calendar_days, 2)),
            note: Some(format!("crew of {}, {} h days", bom.crew, bom.hours_per_day)),
        },
    ];
    // An output a setting turns off (the steam engine's shaft power when the generator is
    // fitted) is not shown as zero beside the one it gives instead.
    let any = bom.outputs.iter().any(|o| o.rate > 0.0);
    for o in bom.outputs.iter().filter(|o| o.rate > 0.0 || !any) {
        let via = (!o.via.is_empty()).then(|| format!("from {}", o.via));
        let value = match lib.product(&o.product) {
            Some(p) => p.format_rate(o.rate, sys),
            None => format!("{} {}", format_number(o.value, 3), o.unit),
        };
        figures.push(Figure { id: "fig-output".into(), label: format!("Output: {}", o.name), value, note: via });
    }

    let mut tables = Vec::new();
    let mut t = Table::new("derived", "Dimensions and performance", &[("Figure", false), ("Value", true)]);
    for d in &bom.derived {
        let (v, u) = display(d.quantity, d.preferred, sys);
        t.rows.push(vec![d.label.clone(), num(v, &u)]);
    }
    tables.push(t);

    let mut t = Table::new("cost-by-category", "Materials cost by category", &[("Category", false), ("Cost", true)]);
    for (k, v) in &costs.by_category {
        t.rows.push(vec![k.clone(), money(*v, cur)]);
    }
    t.total = Some(vec!["Total".into(), money(costs.total, cur)]);
    tables.push(t);

    let mut t = Table::new(
        "costs",
        "Costs in detail",
        &[("Category", false), ("Item", false), ("Quantity", false), ("Cost", true), ("As quoted", false), ("Price basis", false)],
    );
    for l in &costs.lines {
        let item = match &l.item {
            CostItem::Stock { profile } => profile.clone(),
            CostItem::Purchased { line } => {
                let p = &costs.purchased[*line];
                let spec = spec(lib, bom, *line, sys);
                if spec.is_empty() { p.name.clone() } else { format!("{} {spec}", p.name) }
            }
            CostItem::Consumable { name } => name.clone(),
        };
        t.rows.push(vec![
            l.category.clone(),
            item,
            amount(&l.amount, sys),
            money(l.cost, cur),
            l.price_date.clone(),
            l.price_basis.clone(),
        ]);
    }
    tables.push(t);

    let mut t =
        Table::new("cut-list", "Bars and tubes", &[("Stock", false), ("Part", false), ("Length", true), ("Count", true), ("Ends", false)]);
    for s in &bom.plan.stock {
        for p in &s.pieces {
            t.rows.push(vec![s.profile.clone(), p.name.clone(), len(p.length_mm, sys), p.count.to_string(), ends(p.ends).into()]);
        }
    }
    tables.push(t);

    let mut t = Table::new(
        "plate-parts",
        "Plate parts",
        &[("Plate", false), ("Part", false), ("Size", true), ("Count", true), ("Area each", true), ("Outline", false)],
    );
    for pl in &bom.plan.plates {
        for p in &pl.parts {
            t.rows.push(vec![
                pl.profile.clone(),
                p.name.clone(),
                format!("{} × {}", len(p.length_mm, sys), len(p.width_mm, sys)),
                p.count.to_string(),
                area(p.area_mm2, sys),
                if p.shaped { "shaped" } else { "rectangle" }.into(),
            ]);
        }
    }
    tables.push(t);

    let stock_cost = |profile: &str| {
        costs.lines.iter().find(|l| matches!(&l.item, CostItem::Stock { profile: p } if p == profile)).map_or(0.0, |l| l.cost)
    };
    let mut t = Table::new(
        "stock-to-buy",
        "Bars and tubes to buy",
        &[("Stock", false), ("Buy", true), ("Used", true), ("Fewest possible", true), ("Offcut and kerf", true), ("Cost", true)],
    );
    for s in &bom.plan.stock {
        let buy = if s.cut_to_length {
            amount(&Amount::CutToLength { mm: s.bought_length_mm }, sys)
        } else {
            amount(&Amount::Sticks { count: s.sticks, length_mm: s.stick_length_mm }, sys)
        };
        t.rows.push(vec![
            s.profile.clone(),
            buy,
            len(s.total_length_mm, sys),
            s.lower_bound.to_string(),
            len(s.waste_mm, sys),
            money(stock_cost(&s.profile), cur),
        ]);
    }
    tables.push(t);

    let mut t = Table::new(
        "plate-to-buy",
        "Plate to buy",
        &[("Plate", false), ("Parts area", true), ("Sheets", true), ("Nesting", true), ("Mass bought", true), ("Cost", true)],
    );
    for p in &bom.plan.plates {
        t.rows.push(vec![
            p.profile.clone(),
            area(p.area_m2 * 1e6, sys),
            format!("{} × {} × {}", p.sheets, len(p.sheet_mm[0], sys), len(p.sheet_mm[1], sys)),
            percent(p.nesting),
            mass(p.bought_mass_kg, sys),
            money(stock_cost(&p.profile), cur),
        ]);
    }
    tables.push(t);

    let mut t = Table::new(
        "purchased",
        "Purchased parts",
        &[("Part", false), ("Size", false), ("Count", true), ("Mass", true), ("Each", true), ("Cost", true), ("Price dated", false)],
    );
    for (i, p) in costs.purchased.iter().enumerate() {
        t.rows.push(vec![
            p.name.clone(),
            spec(lib, bom, i, sys),
            p.count.to_string(),
            mass(p.mass_kg, sys),
            cents(p.unit_price, cur),
            money(p.cost, cur),
            p.price_date.clone(),
        ]);
    }
    t.total = Some(vec![
        "Purchased parts".into(),
        String::new(),
        costs.purchased.iter().map(|p| p.count).sum::<usize>().to_string(),
        mass(bom.purchased_mass_kg, sys),
        String::new(),
        money(costs.purchased.iter().map(|p| p.cost).sum(), cur),
        String::new(),
    ]);
    tables.push(t);

    let mut t = Table::new(
        "labour-by-trade",
        format!("{} in all: {} working days for a crew of {}", hours(bom.labour.hours), format_number(bom.calendar_days, 2), bom.crew),
        &[("Trade", false), ("Hours", true)],
    );
    for h in &bom.labour.by_trade {
        t.rows.push(vec![h.label.clone(), hours(h.hours)]);
    }
    tables.push(t);

    let mut t =
        Table::new("labour", "Labour by operation", &[("Trade", false), ("Operation", false), ("Quantity", false), ("Hours", true)]);
    for l in &bom.labour.lines {
        t.rows.push(vec![l.trade.label().into(), operation(&l.operation, sys), amount(&l.amount, sys), format!("{:.1}", l.hours)]);
    }
    tables.push(t);

    Report { title: format!("{} ({})", bom.name, bom.machine), figures, tables }
}

/// The size of a purchased line, in words (`5 in bore × 16 in stroke`).
fn spec(lib: &Library, bom: &Bom, line: usize, sys: System) -> String {
    let p = &bom.costs.purchased[line];
    let purchase = &bom.takeoff.purchased[p.purchase];
    lib.components.describe(purchase.component, &purchase.dims, sys)
}

#[cfg(test)]
mod tests {
    use super::Csv;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let mut w = Csv::default();
        w.row(["a", "b,c", "say \"hi\"", "two\nlines", "1.5"]);
        w.row(["", "x"]);
        assert_eq!(w.0, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",1.5\n,x\n");
    }
}
