//! `village.toml`: the figures a population's needs are computed from (each with a source or a
//! stated assumption, and bounds for a person's own value), the demands that turn them into
//! yearly amounts of products, the presets, and published prices of commercial equivalents.
//! Read with the same located-error reader as the other data files.

use gvcs_def::Library;
use gvcs_def::check::{Checker, Doc, FieldExpr, Provenance};
use gvcs_def::error::DefError;
use gvcs_def::expr::Expr;
use gvcs_def::file::{CitationFile, SpannedExpr, SpannedStr};
use gvcs_def::map::LiteMap;
use gvcs_def::read::parse;
use gvcs_def::units::{Dim, Quantity, unit};
use std::sync::Arc;
use toml::Spanned;

pub const VILLAGE_FILE: &str = "village.toml";

struct VillageFile {
    sources: Vec<CitationFile>,
    figures: Vec<Spanned<FigureFile>>,
    demands: Vec<Spanned<DemandFile>>,
    presets: Vec<Spanned<PresetFile>>,
    commercial: Vec<Spanned<CommercialFile>>,
}

struct FigureFile {
    name: SpannedStr,
    label: String,
    unit: Option<SpannedStr>,
    value: SpannedExpr,
    min: SpannedExpr,
    max: SpannedExpr,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

struct DemandFile {
    name: SpannedStr,
    pillar: SpannedStr,
    product: SpannedStr,
    rate: SpannedExpr,
    within: Option<SpannedStr>,
    made_by: Vec<SpannedStr>,
}

struct PresetFile {
    id: SpannedStr,
    name: String,
    why: String,
    machines: Vec<SpannedStr>,
    all: bool,
}

struct CommercialFile {
    machine: SpannedStr,
    name: String,
    price: Spanned<f64>,
    date: SpannedStr,
    source: Option<SpannedStr>,
    assumption: Option<String>,
}

gvcs_def::record!(VillageFile, "the village file" { sources: "source", figures: "figure", demands: "demand", presets: "preset", commercial: "commercial" });
gvcs_def::record!(FigureFile, "a [[figure]]" { name: "name", label: "label", unit: "unit", value: "value", min: "min", max: "max", source: "source", assumption: "assumption" });
gvcs_def::record!(DemandFile, "a [[demand]]" { name: "name", pillar: "pillar", product: "product", rate: "rate", within: "within", made_by: "made_by" });
gvcs_def::record!(PresetFile, "a [[preset]]" { id: "id", name: "name", why: "why", machines: "machines", all: "all" });
gvcs_def::record!(CommercialFile, "a [[commercial]]" { machine: "machine", name: "name", price: "price", date: "date", source: "source", assumption: "assumption" });

/// The pillars a demand belongs to.
pub const PILLARS: &[&str] = &["housing", "food", "energy", "water", "fabrication", "transport"];

/// Names the planner supplies to demand expressions, with their dimensions.
pub const SUPPLIED: &[(&str, Dim)] = &[
    ("people", Dim::NONE),
    ("build_years", Dim::TIME),
    ("village_plate_cut", Dim::LENGTH),
    ("village_holes", Dim::NONE),
    ("village_weld", Dim::LENGTH),
];

/// One figure, in base units.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub name: String,
    pub label: String,
    /// The unit it is shown and typed in (`m2`, `kWh/year`); empty for a plain number.
    pub unit: String,
    pub unit_q: Quantity,
    pub value: Quantity,
    pub min: Quantity,
    pub max: Quantity,
    pub provenance: Vec<Provenance>,
}

impl Figure {
    /// A value in the figure's own unit.
    pub fn shown(&self, q: Quantity) -> f64 {
        q.value / self.unit_q.value
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Demand {
    pub name: String,
    pub pillar: String,
    /// Index into the library's products.
    pub product: usize,
    /// The amount a year: the product's dimension per time.
    pub rate: FieldExpr,
    /// A figure of working days the work must be done within.
    pub within: Option<String>,
    pub made_by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Preset {
    pub id: String,
    pub name: String,
    pub why: String,
    /// Machine ids of the GVCS index, in the file's order.
    pub machines: Vec<String>,
}

/// A published price of a comparable commercial machine.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Commercial {
    pub machine: String,
    pub name: String,
    /// As quoted, in the money of `date`.
    pub quoted: f64,
    pub date: String,
    pub provenance: Vec<Provenance>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VillageData {
    pub doc: Arc<Doc>,
    pub figures: Vec<Figure>,
    pub demands: Vec<Demand>,
    pub presets: Vec<Preset>,
    pub commercial: Vec<Commercial>,
}

/// A unit text such as `m2`, `kWh/year`, `/m2` or `bdft/ft2` as the quantity of one of it.
pub fn unit_quantity(text: &str) -> Option<Quantity> {
    let mut parts = text.split('/');
    let num = parts.next()?.trim();
    let mut q = if num.is_empty() { Quantity::number(1.0) } else { unit_q(num)? };
    for d in parts {
        let u = unit_q(d.trim())?;
        q = Quantity::new(q.value / u.value, q.dim / u.dim);
    }
    Some(q)
}

fn unit_q(name: &str) -> Option<Quantity> {
    unit(name).map(|u| Quantity::new(u.factor, u.dim))
}

/// Source, assumption or both (a source for the published figure and an assumption for the
/// choice made within it); at least one.
fn provenance(
    ctx: &mut Checker<'_>,
    s: &Option<SpannedStr>,
    a: &Option<String>,
    span: std::ops::Range<usize>,
    what: &str,
) -> Vec<Provenance> {
    let mut out = Vec::new();
    if s.is_none() && a.is_none() {
        ctx.provenance(None, None, span.clone(), what);
    }
    if s.is_some() {
        out.extend(ctx.provenance(s.as_ref(), None, span.clone(), what));
    }
    if a.is_some() {
        out.extend(ctx.provenance(None, a.as_ref(), span, what));
    }
    out
}

impl VillageData {
    pub fn figure(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    pub fn preset(&self, id: &str) -> Option<&Preset> {
        self.presets.iter().find(|p| p.id == id)
    }

    /// Reads and checks the file against the library (products and machine ids).
    pub fn parse(doc: Arc<Doc>, lib: &Library) -> Result<VillageData, Vec<DefError>> {
        let src = doc.source();
        let file: VillageFile = parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        let mut figures: Vec<Figure> = Vec::new();
        for f in &file.figures {
            let span = f.span();
            let f = f.get_ref();
            let name = ctx.var_name(&f.name);
            if figures.iter().any(|g| g.name == name) || SUPPLIED.iter().any(|s| s.0 == name) {
                ctx.err(f.name.span(), format!("figure `{name}` is declared twice or is a name the planner supplies"));
            }
            let prov = provenance(&mut ctx, &f.source, &f.assumption, span.clone(), &format!("figure `{name}`"));
            let unit_text = f.unit.as_ref().map_or(String::new(), |u| u.get_ref().clone());
            let unit_q = match &f.unit {
                None => Quantity::number(1.0),
                Some(u) => match unit_quantity(u.get_ref()) {
                    Some(q) => q,
                    None => {
                        ctx.err(u.span(), format!("`{}` is not a unit or a ratio of units (`m2`, `kWh/year`, `/m2`)", u.get_ref()));
                        continue;
                    }
                },
            };
            let val = |ctx: &mut Checker<'_>, e: &SpannedExpr, what: &str| -> Option<Quantity> {
                let fe = ctx.expr(e)?;
                match fe.eval(src, &|_| None) {
                    Ok(q) if q.dim == unit_q.dim || (q.value == 0.0 && q.dim.is_none()) => Some(Quantity::new(q.value, unit_q.dim)),
                    Ok(q) => {
                        ctx.err(e.span(), format!("the {what} of `{name}` is {}, but its unit `{unit_text}` is {}", q.dim, unit_q.dim));
                        None
                    }
                    Err(err) => {
                        ctx.errors.push(err);
                        None
                    }
                }
            };
            let (Some(value), Some(min), Some(max)) =
                (val(&mut ctx, &f.value, "value"), val(&mut ctx, &f.min, "min"), val(&mut ctx, &f.max, "max"))
            else {
                continue;
            };
            if !(min.value <= value.value && value.value <= max.value) {
                ctx.err(f.value.span(), format!("the value of `{name}` is outside its own min and max"));
            }
            figures.push(Figure { name, label: f.label.clone(), unit: unit_text, unit_q, value, min, max, provenance: prov });
        }

        let mut demands: Vec<Demand> = Vec::new();
        for d in &file.demands {
            let d = d.get_ref();
            let name = ctx.ident(&d.name, "demand name");
            if demands.iter().any(|o| o.name == name) {
                ctx.err(d.name.span(), format!("demand `{name}` is declared twice"));
            }
            if !PILLARS.contains(&d.pillar.get_ref().as_str()) {
                ctx.err(d.pillar.span(), format!("unknown pillar `{}` (known: {})", d.pillar.get_ref(), PILLARS.join(", ")));
            }
            let Some(product) = lib.products.iter().position(|p| &p.id == d.product.get_ref()) else {
                let hint = gvcs_def::check::did_you_mean(d.product.get_ref(), lib.products.iter().map(|p| p.id.as_str()));
                ctx.err(d.product.span(), format!("no product `{}` in products.toml{hint}", d.product.get_ref()));
                continue;
            };
            for m in &d.made_by {
                if lib.index_entry(m.get_ref()).is_none() {
                    let hint = gvcs_def::check::did_you_mean(m.get_ref(), lib.index.iter().map(|e| e.id.as_str()));
                    ctx.err(m.span(), format!("`{}` is not a machine of the GVCS index{hint}", m.get_ref()));
                }
            }
            if let Some(w) = &d.within {
                match figures.iter().find(|f| &f.name == w.get_ref()) {
                    Some(f) if f.value.dim.is_none() => {}
                    Some(_) => ctx.err(w.span(), format!("`within` names `{}`, which is not a number of days", w.get_ref())),
                    None => ctx.err(w.span(), format!("`within` names no figure `{}`", w.get_ref())),
                }
            }
            let Some(rate) = ctx.expr(&d.rate) else { continue };
            let want = lib.products[product].rate_dim();
            let probe = |n: &str| {
                SUPPLIED
                    .iter()
                    .find(|s| s.0 == n)
                    .map(|s| Quantity::new(1.0, s.1))
                    .or_else(|| figures.iter().find(|f| f.name == n).map(|f| f.value))
            };
            if let Err(e) =
                rate.eval_as(src, &probe, want, &format!("the rate of `{name}` (a yearly amount of {})", lib.products[product].name))
            {
                ctx.errors.push(e);
                continue;
            }
            demands.push(Demand {
                name,
                pillar: d.pillar.get_ref().clone(),
                product,
                rate,
                within: d.within.as_ref().map(|w| w.get_ref().clone()),
                made_by: d.made_by.iter().map(|m| m.get_ref().clone()).collect(),
            });
        }

        let mut presets: Vec<Preset> = Vec::new();
        for p in &file.presets {
            let span = p.span();
            let p = p.get_ref();
            let id = ctx.ident(&p.id, "preset id");
            let machines: Vec<String> = if p.all {
                if !p.machines.is_empty() {
                    ctx.err(span, "a preset with `all = true` lists no machines");
                }
                lib.index.iter().map(|e| e.id.clone()).collect()
            } else {
                for m in &p.machines {
                    if lib.index_entry(m.get_ref()).is_none() {
                        let hint = gvcs_def::check::did_you_mean(m.get_ref(), lib.index.iter().map(|e| e.id.as_str()));
                        ctx.err(m.span(), format!("`{}` is not a machine of the GVCS index{hint}", m.get_ref()));
                    }
                }
                p.machines.iter().map(|m| m.get_ref().clone()).collect()
            };
            if machines.is_empty() {
                ctx.err(p.id.span(), format!("preset `{id}` has no machines"));
            }
            presets.push(Preset { id, name: p.name.clone(), why: p.why.clone(), machines });
        }

        let mut commercial = Vec::new();
        for c in &file.commercial {
            let span = c.span();
            let c = c.get_ref();
            if lib.index_entry(c.machine.get_ref()).is_none() {
                ctx.err(c.machine.span(), format!("`{}` is not a machine of the GVCS index", c.machine.get_ref()));
            }
            if !(c.price.get_ref().is_finite() && *c.price.get_ref() > 0.0) {
                ctx.err(c.price.span(), "a price should be an amount greater than zero");
            }
            if gvcs_bom::money::Period::parse(c.date.get_ref()).is_none() {
                ctx.err(c.date.span(), format!("date `{}` should be a year or a month, e.g. `2013` or `2025-11`", c.date.get_ref()));
            }
            let prov = provenance(&mut ctx, &c.source, &c.assumption, span, &format!("the commercial price of `{}`", c.machine.get_ref()));
            commercial.push(Commercial {
                machine: c.machine.get_ref().clone(),
                name: c.name.clone(),
                quoted: *c.price.get_ref(),
                date: c.date.get_ref().clone(),
                provenance: prov,
            });
        }
        ctx.finish(VillageData { doc: doc.clone(), figures, demands, presets, commercial })
    }

    /// The figures with a person's own values (`name` or `demand.name` → text), each checked:
    /// the name must be a figure, the value a number in its unit (or an amount with a unit of
    /// the same kind) within the figure's bounds.
    pub fn figures_with(&self, overrides: &LiteMap<String, String>) -> Result<LiteMap<String, Quantity>, String> {
        // Inserted one by one: collecting into a map sorts a copy first, more code in the browser.
        let mut out: LiteMap<String, Quantity> = LiteMap::new();
        for f in &self.figures {
            out.insert(f.name.clone(), f.value);
        }
        for (key, text) in overrides {
            let name = key.strip_prefix("demand.").unwrap_or(key);
            let Some(f) = self.figure(name) else {
                let hint = gvcs_def::check::did_you_mean(name, self.figures.iter().map(|f| f.name.as_str()));
                return Err(format!("the village file has no figure `{name}`{hint}"));
            };
            let unit_word = if f.unit.is_empty() { String::new() } else { format!(" {}", f.unit) };
            let bad = || {
                format!(
                    "demand.{name} (“{}”) should be {}{unit_word}: from {} to {}",
                    text.trim(),
                    if f.unit.is_empty() { "a number" } else { "a number in" },
                    gvcs_def::units::format_number(f.shown(f.min), 4),
                    gvcs_def::units::format_number(f.shown(f.max), 4)
                )
            };
            let q = Expr::parse(text.trim()).ok().and_then(|e| e.eval(&|_| None).ok()).ok_or_else(bad)?;
            let q = if q.dim == f.unit_q.dim {
                q
            } else if q.dim.is_none() {
                Quantity::new(q.value * f.unit_q.value, f.unit_q.dim)
            } else {
                return Err(bad());
            };
            if !(q.value.is_finite() && f.min.value <= q.value && q.value <= f.max.value) {
                return Err(bad());
            }
            out.insert(f.name.clone(), q);
        }
        Ok(out)
    }
}

/// The village file as built in (the planner embeds it; `gvcs_assets` leaves it out of the
/// app's data), checked against the library.
pub fn load(data: &gvcs_assets::Data) -> Result<VillageData, Vec<DefError>> {
    load_from([(VILLAGE_FILE, include_str!("../../../assets/village.toml"))], data)
}

/// The village file from a set of files laid out like `assets/`.
pub fn load_from<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>, data: &gvcs_assets::Data) -> Result<VillageData, Vec<DefError>> {
    match files.into_iter().find(|(n, _)| *n == VILLAGE_FILE) {
        Some((_, text)) => VillageData::parse(Doc::new(VILLAGE_FILE, text), &data.library),
        None => Err(vec![gvcs_def::error::FileText::new(VILLAGE_FILE, "").error("file is missing")]),
    }
}
