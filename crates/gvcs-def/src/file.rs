//! The shape of the TOML files as written by people, before validation.
//!
//! Every struct denies unknown fields so a typo (`lenght`) is an error at its line rather
//! than a silently ignored value. Fields whose values are checked later keep their spans.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// An expression field: a number (`5`) or a string (`"frame_width - 2 in"`).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
pub enum ExprText {
    Num(f64),
    Text(String),
}

pub type SExpr = Spanned<ExprText>;
pub type SStr = Spanned<String>;

/// A published source, cited by key from the entries that rest on it.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    pub key: SStr,
    pub title: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

// ---------------------------------------------------------------- machine definitions

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MachineFile {
    pub machine: Spanned<MachineHead>,
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceFile>,
    #[serde(default, rename = "parameter")]
    pub parameters: Vec<Spanned<ParameterFile>>,
    #[serde(default)]
    pub derived: Vec<Spanned<DerivedFile>>,
    #[serde(default, rename = "part")]
    pub parts: Vec<Spanned<PartFile>>,
    #[serde(default, rename = "include")]
    pub includes: Vec<Spanned<IncludeFile>>,
    #[serde(default, rename = "output")]
    pub outputs: Vec<Spanned<OutputFile>>,
    #[serde(default, rename = "check")]
    pub checks: Vec<CheckFile>,
    #[serde(default)]
    pub relations: RelationsFile,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MachineHead {
    pub id: SStr,
    pub name: String,
    pub nickname: Option<String>,
    pub category: SStr,
    pub status: SStr,
    pub summary: String,
    pub design_basis: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ParameterFile {
    pub name: SStr,
    pub label: String,
    /// Unit of `default`, `min`, `max` and `step`; absent for plain counts.
    pub unit: Option<SStr>,
    pub default: Spanned<f64>,
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
    pub step: Spanned<f64>,
    pub help: String,
    pub source: Option<SStr>,
    pub assumption: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct DerivedFile {
    pub name: SStr,
    /// Shown on the summary tab when present.
    pub label: Option<String>,
    pub expr: SExpr,
    /// Display unit; the expression's dimension must match it.
    pub unit: Option<SStr>,
    pub source: Option<SStr>,
    pub assumption: Option<String>,
}

/// Where a part or an included machine sits, and how it is copied. (Parts and includes
/// repeat these fields rather than flattening them in, because serde's `flatten` loses the
/// spans that errors need.)
#[derive(Debug, Clone, Copy)]
pub struct PlacementRef<'a> {
    pub at: &'a Option<[SExpr; 3]>,
    pub axis: &'a Option<SStr>,
    pub spin: &'a Option<SExpr>,
    pub rotate: &'a Option<[SExpr; 3]>,
    pub mirror: &'a [SStr],
    pub mirror_about: &'a Option<[SExpr; 3]>,
    pub array: &'a Option<ArrayFile>,
    pub count: &'a Option<SExpr>,
}

macro_rules! placement_of {
    ($t:ty) => {
        impl $t {
            pub fn place(&self) -> PlacementRef<'_> {
                PlacementRef {
                    at: &self.at,
                    axis: &self.axis,
                    spin: &self.spin,
                    rotate: &self.rotate,
                    mirror: &self.mirror,
                    mirror_about: &self.mirror_about,
                    array: &self.array,
                    count: &self.count,
                }
            }
        }
    };
}
placement_of!(PartFile);
placement_of!(IncludeFile);

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ArrayFile {
    pub count: SExpr,
    pub step: [SExpr; 3],
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PartFile {
    pub id: SStr,
    pub name: String,
    /// Sub-assembly the part belongs to (frame, chamber, hopper, ...): for colours,
    /// exploded views and assembly steps.
    pub group: SStr,
    /// A stock-library profile (bars, tubes, plate).
    pub stock: Option<SStr>,
    /// Length of a bar or tube.
    pub length: Option<SExpr>,
    /// Extents of a plate part along x, y, z; one of them is the plate thickness.
    pub size: Option<[SExpr; 3]>,
    /// A convex outline for a plate that is not a rectangle: points in the plate's plane,
    /// along its two other axes in x, y, z order, relative to its centre.
    pub outline: Option<Vec<[SExpr; 2]>>,
    /// A purchased component from the component catalogue, with its dimensions.
    pub component: Option<SStr>,
    #[serde(default)]
    pub dims: BTreeMap<String, SExpr>,
    /// Centre of the piece, in the machine's frame (x across, y along, z up).
    pub at: Option<[SExpr; 3]>,
    /// Direction a bar, tube or component runs: `x`, `y` or `z` (default `z`).
    pub axis: Option<SStr>,
    /// Turn about its own axis, as an angle.
    pub spin: Option<SExpr>,
    /// Extra rotation about x, then y, then z, as angles.
    pub rotate: Option<[SExpr; 3]>,
    /// Add mirrored copies across the planes x = 0, y = 0 or z = 0.
    #[serde(default)]
    pub mirror: Vec<SStr>,
    /// The point the mirror planes pass through (the origin by default).
    pub mirror_about: Option<[SExpr; 3]>,
    /// Evenly spaced copies.
    pub array: Option<ArrayFile>,
    /// Identical copies in the same place (bolts, hoses, fittings: counted, not drawn apart).
    pub count: Option<SExpr>,
    /// `square` (default) or `mitre`.
    pub ends: Option<SStr>,
    /// `none`, `one-end`, `both-ends`, `perimeter` or a weld length per copy.
    pub weld: Option<SExpr>,
    #[serde(default)]
    pub holes: Vec<HoleFile>,
    pub source: Option<SStr>,
    pub assumption: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct HoleFile {
    pub dia: SExpr,
    pub count: SExpr,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct IncludeFile {
    pub id: SStr,
    pub machine: SStr,
    pub name: Option<String>,
    /// Included only when this is non-zero (e.g. an on/off parameter); copies come from
    /// `array` and `mirror` like parts.
    pub when: Option<SExpr>,
    /// Parameter values passed to the included machine, as expressions of this one.
    #[serde(default)]
    pub params: BTreeMap<String, SExpr>,
    /// Centre of the piece, in the machine's frame (x across, y along, z up).
    pub at: Option<[SExpr; 3]>,
    /// Direction a bar, tube or component runs: `x`, `y` or `z` (default `z`).
    pub axis: Option<SStr>,
    /// Turn about its own axis, as an angle.
    pub spin: Option<SExpr>,
    /// Extra rotation about x, then y, then z, as angles.
    pub rotate: Option<[SExpr; 3]>,
    /// Add mirrored copies across the planes x = 0, y = 0 or z = 0.
    #[serde(default)]
    pub mirror: Vec<SStr>,
    /// The point the mirror planes pass through (the origin by default).
    pub mirror_about: Option<[SExpr; 3]>,
    /// Evenly spaced copies.
    pub array: Option<ArrayFile>,
    /// Identical copies in the same place (bolts, hoses, fittings: counted, not drawn apart).
    pub count: Option<SExpr>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct OutputFile {
    pub what: String,
    /// Counted products (`block`) with `per_hour`, or a physical rate unit (`gpm`) with `value`.
    pub unit: SStr,
    pub per_hour: Option<SExpr>,
    pub value: Option<SExpr>,
    pub source: Option<SStr>,
    pub assumption: Option<String>,
}

/// A condition the parameters must meet (`rod < bore`), with the message shown otherwise.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    pub expr: SExpr,
    pub message: String,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RelationsFile {
    /// Fabrication tools of the set this machine is made with.
    #[serde(default)]
    pub built_with: Vec<SStr>,
    /// Machines of the set it needs to run.
    #[serde(default)]
    pub uses: Vec<SStr>,
    pub source: Option<SStr>,
}

// ---------------------------------------------------------------- the stock library

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct StockFile {
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceFile>,
    pub material: MaterialFile,
    pub defaults: StockDefaultsFile,
    #[serde(rename = "profile")]
    pub profiles: Vec<Spanned<ProfileFile>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MaterialFile {
    pub name: String,
    pub density: SExpr,
    pub source: Option<SStr>,
    pub assumption: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct StockDefaultsFile {
    /// Length bars and tubes are bought in.
    pub bar_length: SExpr,
    pub sheet: [SExpr; 2],
    pub source: Option<SStr>,
    pub assumption: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub id: SStr,
    pub shape: SStr,
    /// Width (tubes, flat bar) or leg (angle).
    pub b: Option<SExpr>,
    /// Height of a rectangular tube, second leg of an unequal angle.
    pub h: Option<SExpr>,
    /// Outside diameter (round tube, pipe, round bar).
    pub d: Option<SExpr>,
    /// Wall or plate thickness.
    pub t: Option<SExpr>,
    /// Outside corner radius of square and rectangular tube.
    pub r: Option<SExpr>,
    pub length: Option<SExpr>,
    /// `true` where suppliers sell the profile cut to length rather than by the stick.
    #[serde(default)]
    pub cut_to_length: bool,
    pub sheet: Option<[SExpr; 2]>,
    pub source: Option<SStr>,
    pub assumption: Option<String>,
}

// ---------------------------------------------------------------- purchased components

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ComponentsFile {
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceFile>,
    #[serde(rename = "component")]
    pub components: Vec<Spanned<ComponentFile>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ComponentFile {
    pub id: SStr,
    pub name: String,
    /// Cost category: hydraulics, engine, fasteners, drive, electrical, ...
    pub category: SStr,
    /// The dimensions a part must give, in order.
    #[serde(default)]
    pub dims: Vec<SStr>,
    /// A typical size: documents the dims, fixes their kinds, and is checked at load.
    #[serde(default)]
    pub example: BTreeMap<String, SExpr>,
    /// How the component is described in the parts list, e.g. `{bore} x {stroke}`.
    pub spec: Option<String>,
    pub mass: SExpr,
    pub mass_source: Option<SStr>,
    pub mass_assumption: Option<String>,
    /// `#rrggbb` in the 3D view.
    pub color: Option<String>,
    /// Hours to fit it, for the labour estimate.
    pub fit_time: SExpr,
    pub fit_source: Option<SStr>,
    pub fit_assumption: Option<String>,
    #[serde(default)]
    pub shape: Vec<ShapeFile>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ShapeFile {
    #[serde(rename = "box")]
    pub cuboid: Option<[SExpr; 3]>,
    pub cylinder: Option<CylinderFile>,
    pub at: Option<[SExpr; 3]>,
    /// For cylinders: the axis they run along (`z` by default).
    pub axis: Option<SStr>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct CylinderFile {
    pub d: SExpr,
    pub length: SExpr,
}

// ---------------------------------------------------------------- the GVCS index

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct IndexFile {
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceFile>,
    #[serde(rename = "machine")]
    pub machines: Vec<IndexEntryFile>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct IndexEntryFile {
    pub id: SStr,
    pub name: String,
    pub category: SStr,
    pub status: SStr,
    #[serde(default)]
    pub aliases: Vec<String>,
}
