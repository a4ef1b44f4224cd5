//! Figures OSE published for whole machines (`published.toml`): mass, materials cost and
//! build hours, each with its year and the source it was read from, so that the catalog can
//! set our numbers beside them. A published cost is in the money of its year; the catalog
//! brings it into the report's year with the consumer price index (`money`).

use crate::money::PriceIndices;
use gvcs_def::Library;
use gvcs_def::check::{Checker, Citation, Doc};
use gvcs_def::error::DefError;
use gvcs_def::file::{CitationFile, ExprText, SpannedExpr, SpannedStr};
use gvcs_def::read::parse;
use gvcs_def::units::Dim;
use serde::Serialize;
use std::sync::Arc;
use toml::Spanned;

pub const PUBLISHED_FILE: &str = "published.toml";

/// The index a published cost is converted with: consumer prices, since a published
/// materials cost is a mix of steel, hydraulics, engines and hardware, not steel alone.
pub const COST_INDEX: &str = "cpi-u";

struct PublishedFileDoc {
    sources: Vec<CitationFile>,
    figures: Vec<Spanned<FigureFile>>,
}

struct FigureFile {
    machine: SpannedStr,
    what: SpannedStr,
    value: SpannedExpr,
    to: Option<SpannedExpr>,
    year: Spanned<u32>,
    source: SpannedStr,
    note: Option<String>,
}

gvcs_def::record!(PublishedFileDoc, "the published-figures file" { sources: "source", figures: "published" });
gvcs_def::record!(FigureFile, "a [[published]] figure" { machine: "machine", what: "what", value: "value", to: "to", year: "year", source: "source", note: "note" });

/// What a published figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// The whole machine's mass, kg.
    Mass,
    /// The materials it is built from, in the money of the figure's year.
    MaterialsCost,
    /// Hours of work to build one, h.
    BuildHours,
}

impl Measure {
    pub const ALL: [Measure; 3] = [Measure::Mass, Measure::MaterialsCost, Measure::BuildHours];

    pub fn key(self) -> &'static str {
        match self {
            Measure::Mass => "mass",
            Measure::MaterialsCost => "materials-cost",
            Measure::BuildHours => "build-hours",
        }
    }
}

/// One published figure, or a published range (`low` to `high`).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Figure {
    pub machine: String,
    pub what: Measure,
    /// kg, hours, or money of `year` in the price book's currency.
    pub low: f64,
    pub high: Option<f64>,
    pub year: i32,
    pub source: Citation,
    /// What the figure covers, how it was read.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Published {
    pub doc: Option<Arc<Doc>>,
    pub figures: Vec<Figure>,
}

impl Published {
    /// No published figures (a data folder without `published.toml`).
    pub fn none() -> Published {
        Published { doc: None, figures: Vec::new() }
    }

    pub fn get(&self, machine: &str, what: Measure) -> Option<&Figure> {
        self.figures.iter().find(|f| f.machine == machine && f.what == what)
    }

    /// Reads and checks the file: every figure names a machine of the set, a known measure, a
    /// value in that measure's dimension (money in `currency`), a year the cost index can
    /// convert, and a declared source with an address.
    pub fn parse(doc: Arc<Doc>, lib: &Library, currency: &str, indices: &PriceIndices) -> Result<Published, Vec<DefError>> {
        let src = doc.source();
        let file: PublishedFileDoc = parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        for s in &file.sources {
            if s.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
                ctx.err(
                    s.key.span(),
                    format!("source `{}` needs a `url`: a published figure is cited from where it was published", s.key.get_ref()),
                );
            }
        }
        let mut figures: Vec<Figure> = Vec::new();
        for f in &file.figures {
            let span = f.span();
            let f = f.get_ref();
            let machine = f.machine.get_ref();
            match lib.machine(machine) {
                Some(m) if lib.index_entry(&m.id).is_some() => {}
                Some(_) => {
                    ctx.err(f.machine.span(), format!("`{machine}` is a sub-assembly; published figures are for machines of the set"))
                }
                None => {
                    let known: Vec<&str> = lib.set_machines().map(|m| m.id.as_str()).collect();
                    ctx.err(f.machine.span(), format!("no machine `{machine}`{}", gvcs_def::check::did_you_mean(machine, known)));
                }
            }
            let what = match Measure::ALL.iter().find(|m| m.key() == f.what.get_ref()) {
                Some(w) => Some(*w),
                None => {
                    ctx.err(
                        f.what.span(),
                        format!("`{}` is not a published measure (mass, materials-cost, build-hours)", f.what.get_ref()),
                    );
                    None
                }
            };
            let year = i32::try_from(*f.year.get_ref()).unwrap_or(0);
            let Some(what) = what else { continue };
            let value = |e: &SpannedExpr, ctx: &mut Checker| -> Option<f64> {
                match what {
                    Measure::Mass => ctx.positive(e, Dim::MASS, "a published mass"),
                    Measure::BuildHours => ctx.positive(e, Dim::TIME, "published build hours").map(|s| s / 3600.0),
                    Measure::MaterialsCost => money(ctx, e, currency),
                }
            };
            let low = value(&f.value, &mut ctx);
            // `None`: no range; `Some(None)`: a range whose top did not read.
            let high = f.to.as_ref().map(|t| value(t, &mut ctx));
            if let (Some(l), Some(Some(h)), Some(t)) = (low, high, &f.to)
                && h <= l
            {
                ctx.err(t.span(), "`to` is the top of a published range and must be above `value`");
            }
            if what == Measure::MaterialsCost && indices.factor(Some(COST_INDEX), &year.to_string(), indices.newest_year()).is_none() {
                ctx.err(
                    f.year.span(),
                    format!("the price index `{COST_INDEX}` has no value for {year}, so a cost of that year cannot be converted"),
                );
            }
            let source = match ctx.sources.get(f.source.get_ref()) {
                Some(c) => Some(c.clone()),
                None => {
                    let known: Vec<_> = ctx.sources.keys().cloned().collect();
                    ctx.err(f.source.span(), format!("unknown source `{}` (declared: {})", f.source.get_ref(), known.join(", ")));
                    None
                }
            };
            if figures.iter().any(|o| o.machine == *machine && o.what == what) {
                ctx.err(span.clone(), format!("`{machine}` has a second published {}; keep one per machine", what.key()));
            }
            match (low, high, source) {
                (Some(low), None, Some(source)) => {
                    figures.push(Figure { machine: machine.clone(), what, low, high: None, year, source, note: f.note.clone() })
                }
                (Some(low), Some(Some(h)), Some(source)) => {
                    figures.push(Figure { machine: machine.clone(), what, low, high: Some(h), year, source, note: f.note.clone() })
                }
                _ => {}
            }
        }
        ctx.finish(Published { doc: Some(doc.clone()), figures })
    }
}

/// `"8000 USD"`: an amount in the price book's currency (no other currency is converted).
fn money(ctx: &mut Checker, e: &SpannedExpr, currency: &str) -> Option<f64> {
    let text = match e.get_ref() {
        ExprText::Text(t) => t.trim(),
        ExprText::Num(_) => "",
    };
    let amount = text.strip_suffix(currency).map(str::trim).and_then(|n| gvcs_def::number::parse(&n.replace([',', '_'], "")));
    match amount {
        Some(v) if v.is_finite() && v > 0.0 => Some(v),
        _ => {
            ctx.err(e.span(), format!("a published cost should be an amount in {currency}, e.g. \"8000 {currency}\""));
            None
        }
    }
}
