//! The stock library: standard steel profiles, their sections, masses and purchase lengths.

use crate::check::{Checker, Provenance};
use crate::error::{DefError, FileText};
use crate::file::{ProfileFile, StockFile};
use crate::units::Dim;
use std::f64::consts::PI;

/// A profile's cross-section (all sizes in mm).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "shape", rename_all = "kebab-case")]
pub enum Section {
    /// Square or rectangular hollow section: width `b`, height `h`, wall `t`, outside corner radius `r`.
    RectTube { b: f64, h: f64, t: f64, r: f64 },
    /// Round tube or pipe: outside diameter `d`, wall `t`.
    RoundTube { d: f64, t: f64 },
    /// Angle with legs `b` and `h`, thickness `t` (sharp corners, as published weights assume).
    Angle { b: f64, h: f64, t: f64 },
    /// Flat bar `b` wide, `t` thick.
    Flat { b: f64, t: f64 },
    /// Solid round bar or shaft.
    RoundBar { d: f64 },
    /// Plate or sheet of thickness `t`.
    Plate { t: f64 },
}

/// How a profile is priced and cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StockClass {
    Tube,
    Bar,
    Plate,
}

impl StockClass {
    pub fn as_str(self) -> &'static str {
        match self {
            StockClass::Tube => "tube",
            StockClass::Bar => "bar",
            StockClass::Plate => "plate",
        }
    }
}

impl Section {
    /// Cross-section area in mm² (for plate: area per mm of width, i.e. `t`).
    pub fn area(&self) -> f64 {
        match *self {
            Section::RectTube { b, h, t, r } => {
                let ri = (r - t).max(0.0);
                (b * h - (4.0 - PI) * r * r) - ((b - 2.0 * t) * (h - 2.0 * t) - (4.0 - PI) * ri * ri)
            }
            Section::RoundTube { d, t } => PI / 4.0 * (d * d - (d - 2.0 * t).powi(2)),
            Section::Angle { b, h, t } => (b + h - t) * t,
            Section::Flat { b, t } => b * t,
            Section::RoundBar { d } => PI / 4.0 * d * d,
            Section::Plate { t } => t,
        }
    }

    /// Outside perimeter in mm: what a weld around the end or a coat of paint covers.
    pub fn perimeter(&self) -> f64 {
        match *self {
            Section::RectTube { b, h, r, .. } => 2.0 * (b + h) - (8.0 - 2.0 * PI) * r,
            Section::RoundTube { d, .. } | Section::RoundBar { d } => PI * d,
            Section::Angle { b, h, .. } => 2.0 * (b + h),
            Section::Flat { b, t } => 2.0 * (b + t),
            Section::Plate { t } => 2.0 * t,
        }
    }

    /// Thickness that sets weld size and cutting speed.
    pub fn thickness(&self) -> f64 {
        match *self {
            Section::RectTube { t, .. }
            | Section::RoundTube { t, .. }
            | Section::Angle { t, .. }
            | Section::Flat { t, .. }
            | Section::Plate { t } => t,
            Section::RoundBar { d } => d,
        }
    }

    pub fn class(&self) -> StockClass {
        match self {
            Section::RectTube { .. } | Section::RoundTube { .. } => StockClass::Tube,
            Section::Angle { .. } | Section::Flat { .. } | Section::RoundBar { .. } => StockClass::Bar,
            Section::Plate { .. } => StockClass::Plate,
        }
    }
}

/// Where stock is bought: the lengths and sheet sizes on sale there.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Market {
    pub id: String,
    pub name: String,
    /// Bar and tube length, mm.
    pub bar_length: f64,
    /// Sheet size, mm, smaller side first.
    pub sheet: [f64; 2],
    pub provenance: Provenance,
}

/// One stock item that can be bought.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    pub id: String,
    pub section: Section,
    /// A length this profile is always sold in (mm), whatever the market.
    pub stick_length: Option<f64>,
    /// A sheet size this plate is always sold in (mm).
    pub sheet: Option<[f64; 2]>,
    /// Sold cut to length (large sections): priced on the length used, not whole sticks.
    pub cut_to_length: bool,
    pub provenance: Provenance,
}

impl Profile {
    pub fn is_plate(&self) -> bool {
        matches!(self.section, Section::Plate { .. })
    }
}

/// Profiles plus the material they are made of.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StockLibrary {
    pub material: String,
    /// kg/mm³.
    pub density: f64,
    pub density_provenance: Provenance,
    /// The first is the default.
    pub markets: Vec<Market>,
    pub profiles: Vec<Profile>,
}

impl StockLibrary {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.profiles.iter().position(|p| p.id == id)
    }

    /// The market with `id`, or the default one.
    pub fn market(&self, id: Option<&str>) -> &Market {
        id.and_then(|id| self.markets.iter().find(|m| m.id == id)).unwrap_or(&self.markets[0])
    }

    /// Checks a market id a person gave, naming the known ones if it is not one.
    pub fn check_market(&self, id: &str) -> Result<(), String> {
        if self.markets.iter().any(|m| m.id == id) {
            return Ok(());
        }
        let known: Vec<&str> = self.markets.iter().map(|m| m.id.as_str()).collect();
        Err(format!("there is no stock market “{id}” (known: {})", known.join(", ")))
    }

    /// The length `p` is bought in, in `market`.
    pub fn stick_length(&self, p: &Profile, market: &Market) -> f64 {
        p.stick_length.unwrap_or(market.bar_length)
    }

    /// The sheet size `p` is bought in, in `market`.
    pub fn sheet(&self, p: &Profile, market: &Market) -> [f64; 2] {
        p.sheet.unwrap_or(market.sheet)
    }

    /// The longest stick of `p` on sale anywhere: longer pieces need a splice.
    pub fn longest_stick(&self, p: &Profile) -> f64 {
        self.markets.iter().map(|m| self.stick_length(p, m)).fold(0.0, f64::max)
    }

    /// The largest sheet of `p` on sale anywhere.
    pub fn largest_sheet(&self, p: &Profile) -> [f64; 2] {
        self.markets.iter().map(|m| self.sheet(p, m)).fold([0.0, 0.0], |a, s| [a[0].max(s[0]), a[1].max(s[1])])
    }

    /// Mass of one millimetre of the profile (kg/mm; for plate, per mm² of face).
    pub fn mass_per_mm(&self, p: &Profile) -> f64 {
        p.section.area() * self.density
    }

    /// The plate of thickness `t` (mm), if the library stocks one.
    pub fn plate(&self, t: f64) -> Option<usize> {
        self.profiles.iter().position(|p| matches!(p.section, Section::Plate { t: pt } if (pt - t).abs() < 0.01))
    }

    pub fn plate_thicknesses(&self) -> Vec<f64> {
        self.profiles.iter().filter_map(|p| if let Section::Plate { t } = p.section { Some(t) } else { None }).collect()
    }

    /// Reads and checks `stock.toml`.
    pub fn parse(src: FileText<'_>) -> Result<StockLibrary, Vec<DefError>> {
        let file: StockFile = crate::read::parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        let density = ctx.positive(&file.material.density, Dim::DENSITY, "density");
        let density_provenance =
            ctx.provenance(file.material.source.as_ref(), file.material.assumption.as_ref(), file.material.density.span(), "the density");
        let mut markets: Vec<Market> = Vec::new();
        for mf in &file.markets {
            let span = mf.span();
            let mf = mf.get_ref();
            let id = ctx.ident(&mf.id, "market id");
            if markets.iter().any(|m| m.id == id) {
                ctx.err(mf.id.span(), format!("market `{id}` is declared twice"));
            }
            let bar = ctx.positive(&mf.bar_length, Dim::LENGTH, "bar length");
            let w = ctx.positive(&mf.sheet[0], Dim::LENGTH, "sheet width");
            let l = ctx.positive(&mf.sheet[1], Dim::LENGTH, "sheet length");
            let provenance = ctx.provenance(mf.source.as_ref(), mf.assumption.as_ref(), span, &format!("market `{id}`"));
            if let (Some(bar_length), Some(w), Some(l), Some(provenance)) = (bar, w, l, provenance) {
                markets.push(Market { id, name: mf.name.clone(), bar_length, sheet: [w.min(l), w.max(l)], provenance });
            }
        }
        if file.markets.is_empty() {
            ctx.errors.push(src.error("the stock library needs at least one [[market]] with a bar length and a sheet size"));
        }
        let mut profiles: Vec<Profile> = Vec::new();
        for pf in &file.profiles {
            let span = pf.span();
            let pf = pf.get_ref();
            if profiles.iter().any(|p| &p.id == pf.id.get_ref()) {
                ctx.err(pf.id.span(), format!("profile `{}` is declared twice", pf.id.get_ref()));
            }
            let section = section(&mut ctx, pf);
            let stick_length = pf.length.as_ref().map(|l| ctx.positive(l, Dim::LENGTH, "length"));
            let sheet = pf
                .sheet
                .as_ref()
                .map(|[w, l]| ctx.positive(w, Dim::LENGTH, "sheet width").zip(ctx.positive(l, Dim::LENGTH, "sheet length")));
            let provenance = ctx.provenance(pf.source.as_ref(), pf.assumption.as_ref(), span, &format!("profile `{}`", pf.id.get_ref()));
            let (Some(section), Some(provenance)) = (section, provenance) else { continue };
            // An override that failed to read was reported above.
            if stick_length == Some(None) || sheet == Some(None) {
                continue;
            }
            profiles.push(Profile {
                id: pf.id.get_ref().clone(),
                section,
                stick_length: stick_length.flatten(),
                sheet: sheet.flatten().map(|(w, l)| [w.min(l), w.max(l)]),
                cut_to_length: pf.cut_to_length,
                provenance,
            });
        }
        let lib = StockLibrary {
            material: file.material.name.clone(),
            density: density.unwrap_or(0.0),
            density_provenance: density_provenance.unwrap_or(Provenance::Assumption { reason: String::new() }),
            markets,
            profiles,
        };
        ctx.finish(lib)
    }
}

fn section(ctx: &mut Checker<'_>, pf: &ProfileFile) -> Option<Section> {
    let id = pf.id.get_ref();
    let need = |ctx: &mut Checker<'_>, v: &Option<crate::file::SpannedExpr>, name: &str| -> Option<f64> {
        match v {
            Some(e) => ctx.positive(e, Dim::LENGTH, name),
            None => {
                ctx.err(pf.id.span(), format!("profile `{id}` of shape `{}` needs `{name}`", pf.shape.get_ref()));
                None
            }
        }
    };
    let s = match pf.shape.get_ref().as_str() {
        "square-tube" | "rect-tube" => {
            let b = need(ctx, &pf.b, "b")?;
            let h = if pf.shape.get_ref() == "rect-tube" { need(ctx, &pf.h, "h")? } else { b };
            let t = need(ctx, &pf.t, "t")?;
            let r = match &pf.r {
                Some(e) => ctx.quantity(e, Dim::LENGTH, "corner radius")?,
                None => 0.0,
            };
            if 2.0 * t >= b.min(h) || r > b.min(h) / 2.0 || (r > 0.0 && r < t) {
                ctx.err(pf.id.span(), format!("profile `{id}`: wall and corner radius do not fit the section"));
                return None;
            }
            Section::RectTube { b, h, t, r }
        }
        "round-tube" | "pipe" => {
            let (d, t) = (need(ctx, &pf.d, "d")?, need(ctx, &pf.t, "t")?);
            if 2.0 * t >= d {
                ctx.err(pf.id.span(), format!("profile `{id}`: the wall is thicker than the radius"));
                return None;
            }
            Section::RoundTube { d, t }
        }
        "angle" => {
            let b = need(ctx, &pf.b, "b")?;
            let h = match &pf.h {
                Some(e) => ctx.positive(e, Dim::LENGTH, "h")?,
                None => b,
            };
            let t = need(ctx, &pf.t, "t")?;
            if t >= b.min(h) {
                ctx.err(pf.id.span(), format!("profile `{id}`: the leg is thinner than its thickness"));
                return None;
            }
            Section::Angle { b, h, t }
        }
        "flat" => Section::Flat { b: need(ctx, &pf.b, "b")?, t: need(ctx, &pf.t, "t")? },
        "round-bar" => Section::RoundBar { d: need(ctx, &pf.d, "d")? },
        "plate" => Section::Plate { t: need(ctx, &pf.t, "t")? },
        other => {
            ctx.err(
                pf.shape.span(),
                format!("unknown shape `{other}` (known: square-tube, rect-tube, round-tube, pipe, angle, flat, round-bar, plate)"),
            );
            return None;
        }
    };
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    const IN: f64 = 25.4;
    /// Steel at 490 lb/ft³, in lb per in³.
    const LB_PER_IN3: f64 = 490.0 / 1728.0;

    fn lb_per_ft(s: Section) -> f64 {
        s.area() / (IN * IN) * 12.0 * LB_PER_IN3
    }

    /// Unit weights published in steel tables (AISC; see the stock library's sources).
    #[test]
    fn section_masses_match_published_tables() {
        let hss = Section::RectTube { b: 4.0 * IN, h: 4.0 * IN, t: 0.25 * IN, r: 0.5 * IN };
        assert!((lb_per_ft(hss) - 12.21).abs() < 0.02, "{}", lb_per_ft(hss));
        for (leg, w) in [(2.0, 3.19), (3.0, 4.9), (4.0, 6.6)] {
            let a = Section::Angle { b: leg * IN, h: leg * IN, t: 0.25 * IN };
            assert!((lb_per_ft(a) - w).abs() < 0.02, "{leg}: {}", lb_per_ft(a));
        }
        // Plate: 10.21 lb/ft² at 1/4 in.
        let plate = Section::Plate { t: 0.25 * IN };
        assert!((plate.area() / IN * 144.0 * LB_PER_IN3 - 10.21).abs() < 0.01);
    }

    #[test]
    fn perimeter_of_rounded_tube() {
        let s = Section::RectTube { b: 100.0, h: 100.0, t: 5.0, r: 0.0 };
        assert_eq!(s.perimeter(), 400.0);
        let r = Section::RectTube { b: 100.0, h: 100.0, t: 5.0, r: 10.0 };
        assert!((r.perimeter() - (400.0 - 80.0 + 20.0 * PI)).abs() < 1e-9);
    }
}
