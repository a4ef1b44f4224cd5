//! The price book and the labour rates: data files with a source or an assumption for
//! every number.

use crate::money::{Period, PriceIndices};
use gvcs_def::check::{Checker, Doc, FieldExpr, Provenance};
use gvcs_def::component::Catalogue;
use gvcs_def::error::DefError;
use gvcs_def::file::{CitationFile, SpannedExpr, SpannedStr};
use gvcs_def::map::LiteMap;
use gvcs_def::read::parse;
use gvcs_def::units::{Dim, Quantity, Unit};
use std::sync::Arc;
use toml::Spanned;

pub const PRICES_FILE: &str = "prices.toml";
/// The date of a price a person typed in.
pub const YOURS: &str = "yours";
pub const LABOUR_FILE: &str = "labour.toml";

/// Price-book items the bill of materials always needs, besides one per component.
pub const REQUIRED_ITEMS: &[&str] = &[
    "steel-tube",
    "steel-bar",
    "steel-plate",
    "welding-wire",
    "shielding-gas",
    "paint",
    "saw-consumables",
    "plasma-consumables",
    "labour",
    "labour-shop",
    "labour-ose",
];

/// Which hour of labour the cost uses: each is a price-book item with its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize)]
pub enum LabourRate {
    /// A welder's median wage, without overheads (`labour`).
    #[default]
    Wage,
    /// A fabrication shop's rate: wage plus overheads (`labour-shop`).
    Shop,
    /// Open Source Ecology's own pay rate for builders (`labour-ose`).
    Ose,
}

impl LabourRate {
    pub const ALL: [LabourRate; 3] = [LabourRate::Wage, LabourRate::Shop, LabourRate::Ose];

    /// The word in links and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            LabourRate::Wage => "wage",
            LabourRate::Shop => "shop",
            LabourRate::Ose => "ose",
        }
    }

    pub fn parse(s: &str) -> Result<LabourRate, String> {
        LabourRate::ALL
            .into_iter()
            .find(|r| r.key() == s.trim())
            .ok_or_else(|| format!("a labour rate of “{}” is not one of wage, shop, ose", s.trim()))
    }

    /// The price-book item that holds the rate.
    pub fn item(self) -> &'static str {
        match self {
            LabourRate::Wage => "labour",
            LabourRate::Shop => "labour-shop",
            LabourRate::Ose => "labour-ose",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LabourRate::Wage => "a welder's wage",
            LabourRate::Shop => "a shop rate (wage and overheads)",
            LabourRate::Ose => "OSE's builder pay",
        }
    }
}

struct PricesFile {
    currency: SpannedStr,
    sources: Vec<CitationFile>,
    items: Vec<Spanned<ItemFile>>,
}

struct ItemFile {
    id: SpannedStr,
    name: String,
    price: Spanned<f64>,
    /// `each`, or the unit the price is per (`lb`, `ft`, `gal`, `h`).
    per: SpannedStr,
    /// For components priced per unit: how much of that unit one component is.
    quantity: Option<SpannedExpr>,
    /// For components of many sizes: price scales with this expression of the dims,
    /// relative to its value at the reference size `at`.
    scale: Option<SpannedExpr>,
    at: LiteMap<String, SpannedExpr>,
    date: SpannedStr,
    /// The price index that brings it into another year's money (`price-index.toml`).
    index: Option<SpannedStr>,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

/// One price.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PriceItem {
    pub id: String,
    pub name: String,
    pub price: f64,
    /// `None` for a price per piece.
    pub per: Option<&'static Unit>,
    pub quantity: Option<FieldExpr>,
    /// The scale expression and its value at the reference size.
    pub scale: Option<(FieldExpr, f64)>,
    /// When the price was quoted (`2013`, `2026-02`), or `yours` for a person's own.
    pub date: String,
    pub provenance: Provenance,
    /// The price index it moves with (`None`: the default index).
    pub index: Option<String>,
    /// The price as quoted, in the money of `date`; `price` is it in the book's year.
    pub quoted: f64,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PriceBook {
    pub doc: Arc<Doc>,
    pub currency: String,
    pub items: Vec<PriceItem>,
    pub indices: PriceIndices,
    /// The year whose money every `price` is in.
    pub year: i32,
}

impl PriceBook {
    pub fn item(&self, id: &str) -> Option<&PriceItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The book with every quoted price brought into the money of `year` (checked with
    /// `PriceIndices::check_year`). A person's own prices are taken as that year's money.
    pub fn in_money_of(&self, year: i32) -> PriceBook {
        let mut book = self.clone();
        book.year = year;
        for item in &mut book.items {
            if item.date != YOURS {
                // Every date was checked at load to have an index value.
                item.price = item.quoted * self.indices.factor(item.index.as_deref(), &item.date, year).unwrap_or(1.0);
            }
        }
        book
    }

    /// The book with some prices replaced by a person's own (ids already checked);
    /// replaced items say so in their date and basis.
    pub fn with_overrides(&self, overrides: &LiteMap<String, f64>) -> PriceBook {
        let mut book = self.clone();
        for item in &mut book.items {
            if let Some(&p) = overrides.get(&item.id) {
                item.price = p;
                item.quoted = p;
                item.date = YOURS.into();
                item.provenance = Provenance::Assumption { reason: "a price entered in the calculator".into() };
            }
        }
        book
    }

    /// Checks a person's price for item `id`: it must exist and be a finite amount, not negative.
    pub fn check_override(&self, id: &str, value: &str) -> Result<f64, String> {
        let Some(item) = self.item(id) else {
            let hint = gvcs_def::check::did_you_mean(id, self.items.iter().map(|i| i.id.as_str()));
            return Err(format!("the price book has no item `{id}`{hint}"));
        };
        match gvcs_def::number::parse(value.trim()) {
            Some(v) if (0.0..1e9).contains(&v) => Ok(v),
            _ => Err(format!(
                "the price of {} should be an amount in {} per {}, not “{value}”",
                item.name,
                self.currency,
                item.per.map_or("each", |u| u.name)
            )),
        }
    }

    /// Price of a quantity of a bulk item (`steel-plate`, 120 kg).
    pub fn bulk(&self, id: &str, amount: Quantity) -> f64 {
        let Some(item) = self.item(id) else { return 0.0 };
        match item.per {
            Some(u) => item.price * amount.value / u.factor,
            None => item.price * amount.value,
        }
    }

    /// Unit price of component `ci` at `dims`.
    pub fn component(&self, components: &Catalogue, ci: usize, dims: &[Quantity]) -> Result<f64, DefError> {
        let c = &components.components[ci];
        let Some(item) = self.item(&c.id) else {
            return Err(self.doc.source().error(format!("no price for component `{}`", c.id)));
        };
        let lookup = |n: &str| c.dims.iter().position(|(d, _)| d == n).map(|k| dims[k]);
        let src = self.doc.source();
        let mut price = item.price;
        if let (Some(u), Some(q)) = (item.per, &item.quantity) {
            price *= q.eval_as(src, &lookup, u.dim, "a quantity")? / u.factor;
        }
        if let Some((scale, reference)) = &item.scale {
            price *= scale.eval(src, &lookup)?.value / reference;
        }
        Ok(price)
    }

    pub fn parse(doc: Arc<Doc>, components: &Catalogue, indices: &PriceIndices) -> Result<PriceBook, Vec<DefError>> {
        let src = doc.source();
        let file: PricesFile = parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        let mut items: Vec<PriceItem> = Vec::new();
        for it in &file.items {
            let span = it.span();
            let it = it.get_ref();
            let id = it.id.get_ref().clone();
            if items.iter().any(|i| i.id == id) {
                ctx.err(it.id.span(), format!("price item `{id}` is listed twice"));
            }
            let per = if it.per.get_ref() == "each" { None } else { ctx.unit(&it.per) };
            if *it.price.get_ref() < 0.0 {
                ctx.err(it.price.span(), "a price cannot be negative");
            }
            let date = it.date.get_ref();
            let index = it.index.as_ref().map(|i| i.get_ref().clone());
            if let Some(i) = &it.index
                && indices.get(Some(i.get_ref())).is_none()
            {
                let hint = gvcs_def::check::did_you_mean(i.get_ref(), indices.indices.iter().map(|x| x.id.as_str()));
                ctx.err(i.span(), format!("no price index `{}` in price-index.toml{hint}", i.get_ref()));
            } else if Period::parse(date).is_none() {
                ctx.err(it.date.span(), format!("date `{date}` should be a year or a month, e.g. `2013` or `2025-11`"));
            } else if indices.factor(index.as_deref(), date, indices.newest_year()).is_none() {
                ctx.err(
                    it.date.span(),
                    format!("the price index `{}` has no value for {date}", index.as_deref().unwrap_or(&indices.default)),
                );
            }
            let component = components.get(&id).map(|ci| &components.components[ci]);
            let quantity = it.quantity.as_ref().and_then(|q| ctx.expr(q));
            if per.is_some() && component.is_some() && quantity.is_none() {
                ctx.err(it.per.span(), format!("`{id}` is priced per {} but gives no `quantity` of it", it.per.get_ref()));
            }
            let mut scale = None;
            if let Some(s) = &it.scale {
                let Some(c) = component else {
                    ctx.err(s.span(), format!("`scale` is for components; `{id}` is not one"));
                    continue;
                };
                let mut at = Vec::new();
                for (name, _) in &c.dims {
                    match it.at.get(name) {
                        Some(e) => {
                            if let Some(fe) = ctx.expr(e) {
                                match fe.eval(src, &|_| None) {
                                    Ok(q) => at.push((name.clone(), q)),
                                    Err(e) => ctx.errors.push(e),
                                }
                            }
                        }
                        None => ctx.err(s.span(), format!("`at` needs the reference `{name}` for the scale")),
                    }
                }
                if let Some(fe) = ctx.expr(s) {
                    let lookup = |n: &str| at.iter().find(|(k, _)| k == n).map(|(_, q)| *q);
                    match fe.eval(src, &lookup) {
                        Ok(r) if r.value > 0.0 => scale = Some((fe, r.value)),
                        Ok(_) => ctx.err(s.span(), "the scale must be positive at the reference size"),
                        Err(e) => ctx.errors.push(e),
                    }
                }
            }
            let Some(provenance) = ctx.provenance(it.source.as_ref(), it.assumption.as_ref(), span, &format!("price `{id}`")) else {
                continue;
            };
            items.push(PriceItem {
                id,
                name: it.name.clone(),
                price: *it.price.get_ref(),
                per,
                quantity,
                scale,
                date: date.clone(),
                provenance,
                index,
                quoted: *it.price.get_ref(),
            });
        }
        for req in REQUIRED_ITEMS {
            if !items.iter().any(|i| i.id == *req) {
                ctx.errors.push(src.error(format!("the price book needs an item `{req}`")));
            }
        }
        for c in &components.components {
            if !items.iter().any(|i| i.id == c.id) {
                ctx.errors.push(src.error(format!("the price book has no price for component `{}` (components.toml)", c.id)));
            }
        }
        let year = indices.newest_year();
        let book = PriceBook { doc: doc.clone(), currency: file.currency.get_ref().clone(), items, indices: indices.clone(), year }
            .in_money_of(year);
        let mut errors = ctx.errors;
        // Every component price must evaluate at the component's own dims.
        if errors.is_empty() {
            for (ci, c) in components.components.iter().enumerate() {
                let example: Vec<Quantity> = c.dims.iter().map(|(_, d)| Quantity::new(1.0, *d)).collect();
                if let Err(e) = book.component(components, ci, &example) {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() { Ok(book) } else { Err(errors) }
    }
}

// ---------------------------------------------------------------- labour

struct LabourFile {
    sources: Vec<CitationFile>,
    shop: ShopFile,
    saw: SawFile,
    thermal: TableSection,
    weld: WeldFile,
    drill: DrillFile,
    fit: FitFile,
    paint: PaintFile,
    tools: Vec<Spanned<ToolFile>>,
}

/// A machine of the set that does a process faster than by hand.
struct ToolFile {
    machine: SpannedStr,
    process: SpannedStr,
    time: SpannedExpr,
    max_thickness: Option<SpannedExpr>,
    max_diameter: Option<SpannedExpr>,
    min_diameter_per_thickness: Option<f64>,
    shapes: Vec<SpannedStr>,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct ShopFile {
    kerf: SpannedExpr,
    nesting: Spanned<f64>,
    crew: Spanned<u32>,
    day: SpannedExpr,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct SawFile {
    handling: SpannedExpr,
    rate: SpannedExpr,
    mitre_factor: f64,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct TableSection {
    /// Rows of `[size, amount per day]`.
    table: Vec<[SpannedExpr; 2]>,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct WeldFile {
    leg: SpannedExpr,
    table: Vec<[SpannedExpr; 2]>,
    deposition_efficiency: f64,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct DrillFile {
    table: Vec<[SpannedExpr; 2]>,
    extra_per_quarter_inch: SpannedExpr,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct FitFile {
    /// Time per part as an expression of its mass `m`.
    time: SpannedExpr,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct PaintFile {
    coats: u32,
    time: SpannedExpr,
    coverage: SpannedExpr,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

// Field names as written in the files.
gvcs_def::record!(PricesFile, "the price book" { currency: "currency", sources: "source", items: "item" });
gvcs_def::record!(ItemFile, "an [[item]]" { id: "id", name: "name", price: "price", per: "per", quantity: "quantity", scale: "scale", at: "at", date: "date", index: "index", source: "source", assumption: "assumption" });
gvcs_def::record!(LabourFile, "the labour rates" { sources: "source", shop: "shop", saw: "saw", thermal: "thermal", weld: "weld", drill: "drill", fit: "fit", paint: "paint", tools: "tool" });
gvcs_def::record!(ToolFile, "a [[tool]]" { machine: "machine", process: "process", time: "time", max_thickness: "max_thickness", max_diameter: "max_diameter", min_diameter_per_thickness: "min_diameter_per_thickness", shapes: "shapes", source: "source", assumption: "assumption" });
gvcs_def::record!(ShopFile, "[shop]" { kerf: "kerf", nesting: "nesting", crew: "crew", day: "day", source: "source", assumption: "assumption" });
gvcs_def::record!(SawFile, "[saw]" { handling: "handling", rate: "rate", mitre_factor: "mitre_factor", source: "source", assumption: "assumption" });
gvcs_def::record!(TableSection, "[thermal]" { table: "table", source: "source", assumption: "assumption" });
gvcs_def::record!(WeldFile, "[weld]" { leg: "leg", table: "table", deposition_efficiency: "deposition_efficiency", source: "source", assumption: "assumption" });
gvcs_def::record!(DrillFile, "[drill]" { table: "table", extra_per_quarter_inch: "extra_per_quarter_inch", source: "source", assumption: "assumption" });
gvcs_def::record!(FitFile, "[fit]" { time: "time", source: "source", assumption: "assumption" });
gvcs_def::record!(PaintFile, "[paint]" { coats: "coats", time: "time", coverage: "coverage", source: "source", assumption: "assumption" });

/// A rate that depends on a size: linear between rows, flat beyond the ends.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Table(pub Vec<(f64, f64)>);

impl Table {
    pub fn at(&self, x: f64) -> f64 {
        let rows = &self.0;
        if x <= rows[0].0 {
            return rows[0].1;
        }
        for w in rows.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if x <= x1 {
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
            }
        }
        rows[rows.len() - 1].1
    }
}

/// The fabrication processes a tool can take over from hand work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Process {
    /// Thermal cutting of plate parts (by hand: `[thermal]`).
    PlateCut,
    /// Holes in plate and bar (by hand: `[drill]`).
    Holes,
    /// Cutting bar to length (by hand: `[saw]`).
    BarCut,
}

impl Process {
    pub const ALL: [Process; 3] = [Process::PlateCut, Process::Holes, Process::BarCut];

    pub fn key(self) -> &'static str {
        match self {
            Process::PlateCut => "plate-cut",
            Process::Holes => "holes",
            Process::BarCut => "bar-cut",
        }
    }

    /// What `time` is per: a length of cut, a hole or a cut.
    fn time_dim(self) -> Dim {
        match self {
            Process::PlateCut => Dim::TIME / Dim::LENGTH,
            Process::Holes | Process::BarCut => Dim::TIME,
        }
    }
}

/// Bar shapes a `bar-cut` tool may be limited to.
pub const SHAPES: &[&str] = &["angle", "flat", "round-bar", "rect-tube", "round-tube"];

/// The shape word of a section, as `shapes` lists them.
pub fn shape_of(s: &gvcs_def::stock::Section) -> &'static str {
    use gvcs_def::stock::Section;
    match s {
        Section::Angle { .. } => "angle",
        Section::Flat { .. } => "flat",
        Section::RoundBar { .. } => "round-bar",
        Section::RectTube { .. } => "rect-tube",
        Section::RoundTube { .. } => "round-tube",
        Section::Plate { .. } => "plate",
    }
}

/// A tool's rate for one process, with the limits of what it can do.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ToolRate {
    /// A machine id of the GVCS index (checked when the data set loads).
    pub machine: String,
    pub process: Process,
    /// Time per mm of cut, per hole or per cut, as an expression of `t`, `d` and `a`.
    pub time: FieldExpr,
    pub max_thickness: Option<f64>,
    pub max_diameter: Option<f64>,
    pub min_diameter_per_thickness: Option<f64>,
    /// Empty: any shape.
    pub shapes: Vec<String>,
    /// Where the machine id is written, for errors found when the data set is checked.
    #[serde(with = "gvcs_def::packed::offset")]
    pub at: usize,
}

impl ToolRate {
    /// Whether the tool can do work on stock `t` thick (mm), holes `d` across (mm; 0 when
    /// not a hole) of `shape`.
    pub fn can(&self, t: f64, d: f64, shape: &str) -> bool {
        self.max_thickness.is_none_or(|m| t <= m + 1e-6)
            && self.max_diameter.is_none_or(|m| d <= m + 1e-6)
            && self.min_diameter_per_thickness.is_none_or(|r| d + 1e-6 >= r * t)
            && (self.shapes.is_empty() || self.shapes.iter().any(|s| s == shape))
    }
}

/// Labour rates, all in base units (mm, s).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LabourRates {
    pub doc: Arc<Doc>,
    /// Saw kerf, mm.
    pub kerf: f64,
    /// Share of a plate sheet that ends up in parts.
    pub nesting: f64,
    pub crew: u32,
    /// A working day, s.
    pub day: f64,
    /// Per saw cut: handling time (s) and cutting rate (mm² of section per s).
    pub saw_handling: f64,
    pub saw_rate: f64,
    pub mitre_factor: f64,
    /// Thermal cutting of plate: thickness (mm) → length cut per day (mm).
    pub thermal: Table,
    /// Fillet leg from plate thickness, as an expression of `t`.
    pub weld_leg: FieldExpr,
    /// Fillet leg (mm) → weld length per day (mm).
    pub weld: Table,
    pub deposition_efficiency: f64,
    /// Hole diameter (mm) → holes per day, for the first 1/4 in of depth.
    pub drill: Table,
    /// Extra time per further 1/4 in of depth, s.
    pub drill_extra: f64,
    /// Fitting and tacking one fabricated part, as an expression of its mass `m`.
    pub fit: FieldExpr,
    pub paint_coats: u32,
    /// s per mm² per coat.
    pub paint_time: f64,
    /// mm² covered per mm³ of paint.
    pub paint_coverage: f64,
    /// Faster ways of doing a process once a village has the machine (`[[tool]]`).
    pub tools: Vec<ToolRate>,
    pub provenance: Vec<(String, Provenance)>,
}

impl LabourRates {
    /// Seconds to fit and tack one fabricated part of `kg`; an error, located in the labour
    /// file, if its formula gives no time (a division by zero, a negative time).
    pub fn fit_time(&self, kg: f64) -> Result<f64, DefError> {
        let lookup = |n: &str| (n == "m").then_some(Quantity::new(kg, Dim::MASS));
        let v = self.fit.eval_as(self.doc.source(), &lookup, Dim::TIME, "the fitting time")?;
        self.sane(v, &self.fit, &format!("the fitting time of a {kg:.3} kg part"))
    }

    /// Fillet leg (mm) for joining plate of thickness `t` mm, likewise.
    pub fn leg(&self, t: f64) -> Result<f64, DefError> {
        let lookup = |n: &str| (n == "t").then_some(Quantity::mm(t));
        let v = self.weld_leg.eval_as(self.doc.source(), &lookup, Dim::LENGTH, "the weld leg")?;
        self.sane(v, &self.weld_leg, &format!("the weld leg for {t:.2} mm plate"))
    }

    /// Seconds a tool takes for one unit of its process (a mm of cut, a hole, a cut) on
    /// stock `t` mm thick, a hole `d` mm across, a bar of section `a` mm².
    pub fn tool_time(&self, tool: &ToolRate, t: f64, d: f64, a: f64) -> Result<f64, DefError> {
        let lookup = |n: &str| match n {
            "t" => Some(Quantity::mm(t)),
            "d" => Some(Quantity::mm(d)),
            "a" => Some(Quantity::new(a, Dim::AREA)),
            _ => None,
        };
        let v = tool.time.eval_as(self.doc.source(), &lookup, tool.process.time_dim(), "a tool's time")?;
        self.sane(v, &tool.time, &format!("the {} time of `{}`", tool.process.key(), tool.machine))
    }

    /// The tools of `process` among the machines in `have`.
    /// Every tool this file gives a rate for: a shop that has them all.
    pub fn tools_with_rates(&self) -> Tools {
        Tools::of(self.tools.iter().map(|t| t.machine.as_str()))
    }

    pub fn tools_for<'a>(&'a self, process: Process, have: &'a Tools) -> impl Iterator<Item = &'a ToolRate> + 'a {
        self.tools.iter().filter(move |t| t.process == process && have.has(&t.machine))
    }

    /// Errors for tools that name machines not in `known` (the GVCS index's ids).
    pub fn check_tool_machines<'a>(&self, known: impl Fn(&str) -> bool, ids: impl Iterator<Item = &'a str> + Clone) -> Vec<DefError> {
        self.tools
            .iter()
            .filter(|t| !known(&t.machine))
            .map(|t| {
                let hint = gvcs_def::check::did_you_mean(&t.machine, ids.clone());
                self.doc.error_at(t.at, format!("tool `{}` is not a machine of the GVCS index{hint}", t.machine))
            })
            .collect()
    }

    fn sane(&self, v: f64, e: &FieldExpr, what: &str) -> Result<f64, DefError> {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(self.doc.error_at(e.at, format!("{what} comes out as {v}, not a time or length of zero or more")))
        }
    }

    pub fn parse(doc: Arc<Doc>) -> Result<LabourRates, Vec<DefError>> {
        let src = doc.source();
        let f: LabourFile = parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &f.sources);
        let mut provenance = Vec::new();
        // A section may cite a source for its published rates and state assumptions for
        // the rest; it needs at least one of the two.
        let mut prov = |ctx: &mut Checker<'_>, what: &str, s: &Option<SpannedStr>, a: &Option<String>, span: std::ops::Range<usize>| {
            if s.is_none() && a.is_none() {
                ctx.provenance(None, None, span.clone(), what);
            }
            if s.is_some()
                && let Some(p) = ctx.provenance(s.as_ref(), None, span.clone(), what)
            {
                provenance.push((what.to_string(), p));
            }
            if a.is_some()
                && let Some(p) = ctx.provenance(None, a.as_ref(), span, what)
            {
                provenance.push((what.to_string(), p));
            }
        };
        prov(&mut ctx, "shop", &f.shop.source, &f.shop.assumption, f.shop.kerf.span());
        prov(&mut ctx, "saw cutting", &f.saw.source, &f.saw.assumption, f.saw.rate.span());
        prov(&mut ctx, "thermal cutting", &f.thermal.source, &f.thermal.assumption, 0..0);
        prov(&mut ctx, "welding", &f.weld.source, &f.weld.assumption, f.weld.leg.span());
        prov(&mut ctx, "drilling", &f.drill.source, &f.drill.assumption, f.drill.extra_per_quarter_inch.span());
        prov(&mut ctx, "fitting", &f.fit.source, &f.fit.assumption, f.fit.time.span());
        prov(&mut ctx, "painting", &f.paint.source, &f.paint.assumption, f.paint.time.span());

        let kerf = ctx.quantity(&f.shop.kerf, Dim::LENGTH, "the kerf");
        let nesting = *f.shop.nesting.get_ref();
        if !(nesting > 0.0 && nesting <= 1.0) {
            ctx.err(f.shop.nesting.span(), "nesting is the share of a sheet used, between 0 and 1");
        }
        let day = ctx.positive(&f.shop.day, Dim::TIME, "a working day");
        let saw_handling = ctx.quantity(&f.saw.handling, Dim::TIME, "saw handling time");
        let saw_rate = ctx.positive(&f.saw.rate, Dim::AREA / Dim::TIME, "the saw rate");
        let table = |ctx: &mut Checker<'_>, rows: &[[SpannedExpr; 2]], key: Dim, per_day: Dim, what: &str| -> Option<Table> {
            let mut out = Vec::new();
            for [k, v] in rows {
                out.push((ctx.positive(k, key, what)?, ctx.positive(v, per_day, what)?));
            }
            if out.is_empty() || out.windows(2).any(|w| w[1].0 <= w[0].0) {
                ctx.err(rows.first().map_or(0..0, |r| r[0].span()), format!("the {what} table needs rows in increasing size"));
                return None;
            }
            Some(Table(out))
        };
        let thermal = table(&mut ctx, &f.thermal.table, Dim::LENGTH, Dim::LENGTH, "thermal cutting");
        let weld = table(&mut ctx, &f.weld.table, Dim::LENGTH, Dim::LENGTH, "welding");
        let drill = table(&mut ctx, &f.drill.table, Dim::LENGTH, Dim::NONE, "drilling");
        let weld_leg = ctx.expr(&f.weld.leg);
        let drill_extra = ctx.quantity(&f.drill.extra_per_quarter_inch, Dim::TIME, "extra drilling time");
        let fit = ctx.expr(&f.fit.time).and_then(|fe| {
            let probe = |n: &str| (n == "m").then_some(Quantity::new(10.0, Dim::MASS));
            match fe.eval_as(src, &probe, Dim::TIME, "the fitting time") {
                Ok(_) => Some(fe),
                Err(e) => {
                    ctx.errors.push(e);
                    None
                }
            }
        });
        let mut tools = Vec::new();
        for tf in &f.tools {
            let span = tf.span();
            let tf = tf.get_ref();
            let Some(process) = Process::ALL.into_iter().find(|p| p.key() == tf.process.get_ref()) else {
                ctx.err(tf.process.span(), format!("unknown process `{}` (known: plate-cut, holes, bar-cut)", tf.process.get_ref()));
                continue;
            };
            prov(&mut ctx, &format!("{} with the {}", process.key(), tf.machine.get_ref()), &tf.source, &tf.assumption, span.clone());
            let limit =
                |ctx: &mut Checker<'_>, e: &Option<SpannedExpr>, what: &str| e.as_ref().and_then(|e| ctx.positive(e, Dim::LENGTH, what));
            let max_thickness = limit(&mut ctx, &tf.max_thickness, "a tool's largest thickness");
            let max_diameter = limit(&mut ctx, &tf.max_diameter, "a tool's largest hole");
            for sh in &tf.shapes {
                if !SHAPES.contains(&sh.get_ref().as_str()) {
                    ctx.err(sh.span(), format!("unknown shape `{}` (known: {})", sh.get_ref(), SHAPES.join(", ")));
                }
            }
            if let Some(r) = tf.min_diameter_per_thickness
                && !(r.is_finite() && r >= 0.0)
            {
                ctx.err(span.clone(), "min_diameter_per_thickness should be a ratio of zero or more");
            }
            let Some(time) = ctx.expr(&tf.time) else { continue };
            // Probe at a half-inch plate, a 3/4 in hole and a 2 in² section: the dimension must fit.
            let probe = |n: &str| match n {
                "t" => Some(Quantity::mm(12.7)),
                "d" => Some(Quantity::mm(19.05)),
                "a" => Some(Quantity::new(1290.0, Dim::AREA)),
                _ => None,
            };
            match time.eval_as(src, &probe, process.time_dim(), &format!("the time of a {} tool", process.key())) {
                Ok(v) if v.is_finite() && v > 0.0 => {}
                Ok(v) => ctx.err(tf.time.span(), format!("the tool's time comes out as {v}, not a time greater than zero")),
                Err(e) => {
                    ctx.errors.push(e);
                    continue;
                }
            }
            tools.push(ToolRate {
                machine: tf.machine.get_ref().clone(),
                process,
                time,
                max_thickness,
                max_diameter,
                min_diameter_per_thickness: tf.min_diameter_per_thickness,
                shapes: tf.shapes.iter().map(|s| s.get_ref().clone()).collect(),
                at: tf.machine.span().start,
            });
        }
        let paint_time = ctx.positive(&f.paint.time, Dim::TIME / Dim::AREA, "painting time per area");
        let paint_coverage = ctx.positive(&f.paint.coverage, Dim::AREA / Dim::VOLUME, "paint coverage");
        let (
            Some(kerf),
            Some(day),
            Some(saw_handling),
            Some(saw_rate),
            Some(thermal),
            Some(weld),
            Some(drill),
            Some(weld_leg),
            Some(drill_extra),
            Some(fit),
            Some(paint_time),
            Some(paint_coverage),
        ) = (kerf, day, saw_handling, saw_rate, thermal, weld, drill, weld_leg, drill_extra, fit, paint_time, paint_coverage)
        else {
            return Err(ctx.errors);
        };
        let rates = LabourRates {
            doc: doc.clone(),
            kerf,
            nesting,
            crew: (*f.shop.crew.get_ref()).max(1),
            day,
            saw_handling,
            saw_rate,
            mitre_factor: f.saw.mitre_factor,
            thermal,
            weld_leg,
            weld,
            deposition_efficiency: f.weld.deposition_efficiency,
            drill,
            drill_extra,
            fit,
            paint_coats: f.paint.coats,
            paint_time,
            paint_coverage,
            tools,
            provenance,
        };
        ctx.finish(rates)
    }
}

/// The tools (machines of the set, by id) a piece of work may use, sorted, each once. Empty:
/// everything by hand, as a single machine's bill of materials assumes.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tools(pub Vec<String>);

impl Tools {
    pub fn none() -> Tools {
        Tools::default()
    }

    pub fn of<'a>(ids: impl IntoIterator<Item = &'a str>) -> Tools {
        // Inserted one by one, in place: a sort would be one more in the browser's code.
        let mut set: Vec<String> = Vec::new();
        for id in ids {
            if let Err(at) = set.binary_search_by(|t| t.as_str().cmp(id)) {
                set.insert(at, id.to_string());
            }
        }
        Tools(set)
    }

    pub fn has(&self, id: &str) -> bool {
        self.0.iter().any(|t| t == id)
    }
}

/// The price book and labour rates together.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rates {
    pub prices: PriceBook,
    pub labour: LabourRates,
}
