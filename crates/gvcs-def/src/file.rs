//! The shape of the TOML files as written by people, before validation.
//!
//! Every struct denies unknown fields so a typo (`lenght`) is an error at its line rather
//! than a silently ignored value. Fields whose values are checked later keep their spans.

use crate::error::{DefError, FileText};
use crate::map::LiteMap;
use crate::read::{FromValue, TableReader, Value};
use crate::record;
use toml::Spanned;

/// An expression field: a number (`5`) or a string (`"frame_width - 2 in"`).
#[derive(Clone, Debug)]
pub enum ExprText {
    Num(f64),
    Text(String),
}

impl FromValue for ExprText {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        match v.get_ref().as_str() {
            Some(t) => Ok(ExprText::Text(t.to_string())),
            None => f64::from_value(v, src)
                .map(ExprText::Num)
                .map_err(|_| src.error_at(v.span().start, "expected a number or an expression in quotes")),
        }
    }
}

pub type SpannedExpr = Spanned<ExprText>;
pub type SpannedStr = Spanned<String>;

/// A published source, cited by key from the entries that rest on it.
#[derive(Debug)]
pub struct CitationFile {
    pub key: SpannedStr,
    pub title: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

// ---------------------------------------------------------------- machine definitions

#[derive(Debug)]
pub struct MachineFile {
    /// A machine of the set (files in `machines/`) ...
    pub machine: Option<Spanned<MachineHead>>,
    /// ... or a sub-assembly that machines include (files in `assemblies/`).
    pub assembly: Option<Spanned<AssemblyHead>>,
    pub sources: Vec<CitationFile>,
    /// Assembly steps, in the order they are built.
    pub steps: Vec<Spanned<StepFile>>,
    pub parameters: Vec<Spanned<ParameterFile>>,
    pub derived: Vec<Spanned<DerivedFile>>,
    pub parts: Vec<Spanned<PartFile>>,
    pub includes: Vec<Spanned<IncludeFile>>,
    pub outputs: Vec<Spanned<OutputFile>>,
    pub checks: Vec<CheckFile>,
    pub relations: Option<RelationsFile>,
}

#[derive(Debug)]
pub struct MachineHead {
    pub id: SpannedStr,
    pub name: String,
    pub nickname: Option<String>,
    pub category: SpannedStr,
    pub status: SpannedStr,
    pub summary: String,
    pub design_basis: String,
}

/// The head of a sub-assembly: not one of OSE's fifty, so no category or status.
#[derive(Debug)]
pub struct AssemblyHead {
    pub id: SpannedStr,
    pub name: String,
    pub summary: String,
    pub design_basis: String,
}

/// One assembly step: what is done, in a short caption, and where the order comes from.
#[derive(Debug)]
pub struct StepFile {
    pub id: SpannedStr,
    pub caption: String,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

#[derive(Debug)]
pub struct ParameterFile {
    pub name: SpannedStr,
    pub label: String,
    /// Unit of `default`, `min`, `max` and `step`; absent for plain counts.
    pub unit: Option<SpannedStr>,
    pub default: Spanned<f64>,
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
    pub step: Spanned<f64>,
    pub help: String,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

#[derive(Debug)]
pub struct DerivedFile {
    pub name: SpannedStr,
    /// What the figure is, for the list of sources (a label also shows it on the summary).
    pub about: Option<String>,
    /// Shown on the summary tab when present.
    pub label: Option<String>,
    pub expr: SpannedExpr,
    /// Display unit; the expression's dimension must match it.
    pub unit: Option<SpannedStr>,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

/// Where a part or an included machine sits, and how it is copied. Its fields are written
/// in the part's (or include's) own table.
#[derive(Debug, Default)]
pub struct PlacementFile {
    /// Centre of the piece, in the machine's frame (x across, y along, z up).
    pub at: Option<[SpannedExpr; 3]>,
    /// Direction a bar, tube or component runs: `x`, `y` or `z` (default `z`).
    pub axis: Option<SpannedStr>,
    /// Turn about its own axis, as an angle.
    pub spin: Option<SpannedExpr>,
    /// Extra rotation about x, then y, then z, as angles.
    pub rotate: Option<[SpannedExpr; 3]>,
    /// Add mirrored copies across the planes x = 0, y = 0 or z = 0.
    pub mirror: Vec<SpannedStr>,
    /// The point the mirror planes pass through (the origin by default).
    pub mirror_about: Option<[SpannedExpr; 3]>,
    /// Evenly spaced copies.
    pub array: Option<ArrayFile>,
    /// Identical copies in the same place (bolts, hoses, fittings: counted, not drawn apart).
    pub count: Option<SpannedExpr>,
}

impl PlacementFile {
    /// Reads the placement fields of the table `o` is reading.
    fn read(o: &mut TableReader<'_, '_, '_>) -> Result<Self, DefError> {
        Ok(PlacementFile {
            at: o.field("at")?,
            axis: o.field("axis")?,
            spin: o.field("spin")?,
            rotate: o.field("rotate")?,
            mirror: o.field("mirror")?,
            mirror_about: o.field("mirror_about")?,
            array: o.field("array")?,
            count: o.field("count")?,
        })
    }
}

#[derive(Debug)]
pub struct ArrayFile {
    pub count: SpannedExpr,
    pub step: [SpannedExpr; 3],
}

#[derive(Debug)]
pub struct PartFile {
    pub id: SpannedStr,
    pub name: String,
    /// Sub-assembly the part belongs to (frame, chamber, hopper, ...): for colours,
    /// exploded views and assembly steps.
    pub group: SpannedStr,
    /// The id of the `[[step]]` that puts the part on the machine (required when the
    /// definition has steps).
    pub step: Option<SpannedStr>,
    /// A stock-library profile (bars, tubes, plate).
    pub stock: Option<SpannedStr>,
    /// Length of a bar or tube.
    pub length: Option<SpannedExpr>,
    /// Extents of a plate part along x, y, z; one of them is the plate thickness.
    pub size: Option<[SpannedExpr; 3]>,
    /// A convex outline for a plate that is not a rectangle: points in the plate's plane,
    /// along its two other axes in x, y, z order, relative to its centre.
    pub outline: Option<Vec<[SpannedExpr; 2]>>,
    /// A purchased component from the component catalogue, with its dimensions.
    pub component: Option<SpannedStr>,
    pub dims: LiteMap<String, SpannedExpr>,
    /// The part's name in OSE's own model or drawings (`f5` in the CEB press's v1708P).
    pub ose_part: Option<String>,
    pub place: PlacementFile,
    /// `square` (default) or `mitre`.
    pub ends: Option<SpannedStr>,
    /// `none`, `one-end`, `both-ends`, `perimeter` or a weld length per copy.
    pub weld: Option<SpannedExpr>,
    pub holes: Vec<HoleFile>,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug)]
pub struct HoleFile {
    pub dia: SpannedExpr,
    pub count: SpannedExpr,
}

#[derive(Debug)]
pub struct IncludeFile {
    pub id: SpannedStr,
    pub machine: SpannedStr,
    pub name: Option<String>,
    /// Included only when this is non-zero (e.g. an on/off parameter); copies come from
    /// `array` and `mirror` like parts.
    pub when: Option<SpannedExpr>,
    /// Parameter values passed to the included machine, as expressions of this one.
    pub params: LiteMap<String, SpannedExpr>,
    /// `own` (the included machine's outputs are this machine's products) or `internal`
    /// (they feed this machine, as a Power Cube's hydraulic power feeds its host). Required
    /// when the included machine has outputs.
    pub outputs: Option<SpannedStr>,
    /// The host's step that puts the whole included machine on it.
    pub step: Option<SpannedStr>,
    pub place: PlacementFile,
}

#[derive(Debug)]
pub struct OutputFile {
    /// A product id of `products.toml`.
    pub product: SpannedStr,
    /// Amount per time, in the product's dimension over time (`blocks_per_min / 1 min`).
    pub rate: SpannedExpr,
    /// What the rate assumes, in words.
    pub note: Option<String>,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

#[derive(Debug)]
pub struct ProductsFile {
    pub sources: Vec<CitationFile>,
    pub products: Vec<Spanned<ProductFile>>,
}

#[derive(Debug)]
pub struct ProductFile {
    pub id: SpannedStr,
    pub name: String,
    /// `count`, `length`, `area`, `volume`, `mass` or `energy`.
    pub dimension: SpannedStr,
    /// The word for one (counted products) or a unit of the dimension.
    pub unit: SpannedStr,
    /// The time unit rates are shown per.
    pub per: SpannedStr,
    pub rate_unit: Option<SpannedStr>,
    pub note: Option<String>,
}

/// A condition the parameters must meet (`rod < bore`), with the message shown otherwise.
#[derive(Debug)]
pub struct CheckFile {
    pub expr: SpannedExpr,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct RelationsFile {
    /// Fabrication tools of the set this machine is made with.
    pub built_with: Vec<SpannedStr>,
    /// Machines of the set it needs to run.
    pub uses: Vec<SpannedStr>,
    pub source: Option<SpannedStr>,
}

// ---------------------------------------------------------------- the stock library

#[derive(Debug)]
pub struct StockFile {
    pub sources: Vec<CitationFile>,
    pub material: MaterialFile,
    /// Where stock is bought, each with its bar length and sheet size; the first is the default.
    pub markets: Vec<Spanned<MarketFile>>,
    pub profiles: Vec<Spanned<ProfileFile>>,
}

#[derive(Debug)]
pub struct MaterialFile {
    pub name: String,
    pub density: SpannedExpr,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

#[derive(Debug)]
pub struct MarketFile {
    pub id: SpannedStr,
    pub name: String,
    /// Length bars and tubes are bought in.
    pub bar_length: SpannedExpr,
    pub sheet: [SpannedExpr; 2],
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

#[derive(Debug)]
pub struct ProfileFile {
    pub id: SpannedStr,
    pub shape: SpannedStr,
    /// Width (tubes, flat bar) or leg (angle).
    pub b: Option<SpannedExpr>,
    /// Height of a rectangular tube, second leg of an unequal angle.
    pub h: Option<SpannedExpr>,
    /// Outside diameter (round tube, pipe, round bar).
    pub d: Option<SpannedExpr>,
    /// Wall or plate thickness.
    pub t: Option<SpannedExpr>,
    /// Outside corner radius of square and rectangular tube.
    pub r: Option<SpannedExpr>,
    pub length: Option<SpannedExpr>,
    /// `true` where suppliers sell the profile cut to length rather than by the stick.
    pub cut_to_length: bool,
    pub sheet: Option<[SpannedExpr; 2]>,
    pub source: Option<SpannedStr>,
    pub assumption: Option<String>,
}

// ---------------------------------------------------------------- purchased components

#[derive(Debug)]
pub struct ComponentsFile {
    pub sources: Vec<CitationFile>,
    pub components: Vec<Spanned<ComponentFile>>,
}

#[derive(Debug)]
pub struct ComponentFile {
    pub id: SpannedStr,
    pub name: String,
    /// Cost category: hydraulics, engine, fasteners, drive, electrical, ...
    pub category: SpannedStr,
    /// The dimensions a part must give, in order.
    pub dims: Vec<SpannedStr>,
    /// A typical size: documents the dims, fixes their kinds, and is checked at load.
    pub example: LiteMap<String, SpannedExpr>,
    /// How the component is described in the parts list, e.g. `{bore} x {stroke}`.
    pub spec: Option<String>,
    pub mass: SpannedExpr,
    pub mass_source: Option<SpannedStr>,
    pub mass_assumption: Option<String>,
    /// `#rrggbb` in the 3D view.
    pub color: Option<String>,
    /// Hours to fit it, for the labour estimate.
    pub fit_time: SpannedExpr,
    pub fit_source: Option<SpannedStr>,
    pub fit_assumption: Option<String>,
    pub shape: Vec<ShapeFile>,
}

#[derive(Debug)]
pub struct ShapeFile {
    pub cuboid: Option<[SpannedExpr; 3]>,
    pub cylinder: Option<CylinderFile>,
    pub at: Option<[SpannedExpr; 3]>,
    /// For cylinders: the axis they run along (`z` by default).
    pub axis: Option<SpannedStr>,
}

#[derive(Debug)]
pub struct CylinderFile {
    pub d: SpannedExpr,
    pub length: SpannedExpr,
}

// ---------------------------------------------------------------- the GVCS index

#[derive(Debug)]
pub struct IndexFile {
    pub sources: Vec<CitationFile>,
    pub machines: Vec<IndexEntryFile>,
}

#[derive(Debug)]
pub struct IndexEntryFile {
    pub id: SpannedStr,
    pub name: String,
    pub category: SpannedStr,
    pub status: SpannedStr,
    pub aliases: Vec<String>,
    /// OSE's ecology for every machine, defined or not.
    pub built_with: Vec<SpannedStr>,
    pub uses: Vec<SpannedStr>,
    pub enables: Vec<SpannedStr>,
}

// Field names as written in the files.
record!(CitationFile, "a [[source]]" { key: "key", title: "title", url: "url", note: "note" });
record!(AssemblyHead, "[assembly]" { id: "id", name: "name", summary: "summary", design_basis: "design_basis" });
record!(StepFile, "a [[step]]" { id: "id", caption: "caption", source: "source", assumption: "assumption" });
record!(MachineFile, "a machine definition" { machine: "machine", assembly: "assembly", sources: "source", steps: "step", parameters: "parameter", derived: "derived", parts: "part", includes: "include", outputs: "output", checks: "check", relations: "relations" });
record!(MachineHead, "[machine]" { id: "id", name: "name", nickname: "nickname", category: "category", status: "status", summary: "summary", design_basis: "design_basis" });
record!(ParameterFile, "a [[parameter]]" { name: "name", label: "label", unit: "unit", default: "default", min: "min", max: "max", step: "step", help: "help", source: "source", assumption: "assumption" });
record!(DerivedFile, "a [[derived]]" { name: "name", about: "about", label: "label", expr: "expr", unit: "unit", source: "source", assumption: "assumption" });
record!(ArrayFile, "an array" { count: "count", step: "step" });
record!(HoleFile, "a hole" { dia: "dia", count: "count" });
record!(OutputFile, "an [[output]]" { product: "product", rate: "rate", note: "note", source: "source", assumption: "assumption" });
record!(ProductsFile, "the products table" { sources: "source", products: "product" });
record!(ProductFile, "a [[product]]" { id: "id", name: "name", dimension: "dimension", unit: "unit", per: "per", rate_unit: "rate_unit", note: "note" });
record!(CheckFile, "a [[check]]" { expr: "expr", message: "message" });
record!(RelationsFile, "[relations]" { built_with: "built_with", uses: "uses", source: "source" });
record!(StockFile, "the stock library" { sources: "source", material: "material", markets: "market", profiles: "profile" });
record!(MaterialFile, "[material]" { name: "name", density: "density", source: "source", assumption: "assumption" });
record!(MarketFile, "a [[market]]" { id: "id", name: "name", bar_length: "bar_length", sheet: "sheet", source: "source", assumption: "assumption" });
record!(ProfileFile, "a [[profile]]" { id: "id", shape: "shape", b: "b", h: "h", d: "d", t: "t", r: "r", length: "length", cut_to_length: "cut_to_length", sheet: "sheet", source: "source", assumption: "assumption" });
record!(ComponentsFile, "the component catalogue" { sources: "source", components: "component" });
record!(ComponentFile, "a [[component]]" { id: "id", name: "name", category: "category", dims: "dims", example: "example", spec: "spec", mass: "mass", mass_source: "mass_source", mass_assumption: "mass_assumption", color: "color", fit_time: "fit_time", fit_source: "fit_source", fit_assumption: "fit_assumption", shape: "shape" });
record!(ShapeFile, "a shape" { cuboid: "box", cylinder: "cylinder", at: "at", axis: "axis" });
record!(CylinderFile, "a cylinder" { d: "d", length: "length" });
record!(IndexFile, "the GVCS index" { sources: "source", machines: "machine" });
record!(IndexEntryFile, "a [[machine]]" { id: "id", name: "name", category: "category", status: "status", aliases: "aliases", built_with: "built_with", uses: "uses", enables: "enables" });

// Parts and includes carry their placement's fields in their own table.
impl FromValue for PartFile {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        let mut o = TableReader::new(v, "a [[part]]", src)?;
        let r = PartFile {
            id: o.field("id")?,
            name: o.field("name")?,
            group: o.field("group")?,
            step: o.field("step")?,
            stock: o.field("stock")?,
            length: o.field("length")?,
            size: o.field("size")?,
            outline: o.field("outline")?,
            component: o.field("component")?,
            dims: o.field("dims")?,
            ose_part: o.field("ose_part")?,
            place: PlacementFile::read(&mut o)?,
            ends: o.field("ends")?,
            weld: o.field("weld")?,
            holes: o.field("holes")?,
            source: o.field("source")?,
            assumption: o.field("assumption")?,
            note: o.field("note")?,
        };
        o.finish()?;
        Ok(r)
    }
}
crate::required!(PartFile);

impl FromValue for IncludeFile {
    fn from_value(v: &Value<'_>, src: FileText<'_>) -> Result<Self, DefError> {
        let mut o = TableReader::new(v, "an [[include]]", src)?;
        let r = IncludeFile {
            id: o.field("id")?,
            machine: o.field("machine")?,
            name: o.field("name")?,
            when: o.field("when")?,
            params: o.field("params")?,
            outputs: o.field("outputs")?,
            step: o.field("step")?,
            place: PlacementFile::read(&mut o)?,
        };
        o.finish()?;
        Ok(r)
    }
}
crate::required!(IncludeFile);
