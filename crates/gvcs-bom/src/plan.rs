//! Stage 2: from a takeoff to the stock to buy in one market: sticks of bar and tube by a
//! cutting-stock plan, sheets of plate by nested area. A real sheet nest plugs in here,
//! replacing the nesting share.

use crate::cutting;
use crate::takeoff::{Piece, PlatePiece, Takeoff};
use gvcs_def::stock::{Market, Section, StockClass, StockLibrary};
use serde::Serialize;

/// Bar and tube of one profile: its pieces and the sticks to buy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StockLine {
    /// Index into the stock library.
    #[serde(skip)]
    pub profile_index: usize,
    pub profile: String,
    pub class: StockClass,
    /// Longest first.
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
    /// Bought cut to length rather than as whole sticks.
    pub cut_to_length: bool,
    /// Length bought: whole sticks, or the pieces plus a kerf each when cut to length.
    pub bought_length_mm: f64,
    pub bought_mass_kg: f64,
}

/// Plate of one thickness: its parts and the sheets to buy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlateLine {
    #[serde(skip)]
    pub profile_index: usize,
    pub profile: String,
    pub thickness_mm: f64,
    /// Largest first.
    pub parts: Vec<PlatePiece>,
    pub area_m2: f64,
    pub mass_kg: f64,
    pub sheet_mm: [f64; 2],
    /// Share of a sheet that ends up in parts (stated in the labour file).
    pub nesting: f64,
    pub sheets: usize,
    /// Plate is bought on the nested area: suppliers cut plate to size.
    pub bought_area_m2: f64,
    pub bought_mass_kg: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct StockPlan {
    pub market: String,
    pub stock: Vec<StockLine>,
    pub plates: Vec<PlateLine>,
}

impl StockPlan {
    pub fn bought_mass_kg(&self) -> f64 {
        self.stock.iter().map(|s| s.bought_mass_kg).sum::<f64>() + self.plates.iter().map(|p| p.bought_mass_kg).sum::<f64>()
    }
}

/// Why a takeoff cannot be bought in a market.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// A piece of `profile` is longer than the market's sticks.
    PieceTooLong { profile: String, length_mm: f64, stick_mm: f64, market: String },
    /// A plate part is larger than the market's sheets.
    PlateTooLarge { part: String, sheet_mm: [f64; 2], market: String },
}

/// The kerf and nesting share a plan needs, from the labour file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shop {
    pub kerf_mm: f64,
    pub nesting: f64,
}

/// Plans the sticks and sheets to buy for `takeoff` in `market`.
pub fn plan(stock: &StockLibrary, takeoff: &Takeoff, market: &Market, shop: Shop) -> Result<StockPlan, PlanError> {
    let mut lines = Vec::new();
    for (&pi, pieces) in &takeoff.bars {
        let prof = &stock.profiles[pi];
        let mut pieces = pieces.clone();
        gvcs_def::sort::by(&mut pieces, |a, b| b.length_mm.total_cmp(&a.length_mm).then(a.part.cmp(&b.part)));
        let lengths: Vec<f64> = pieces.iter().flat_map(|p| std::iter::repeat_n(p.length_mm, p.count)).collect();
        let stick = stock.stick_length(prof, market);
        let cut = cutting::plan(&lengths, stick, shop.kerf_mm).map_err(|e| PlanError::PieceTooLong {
            profile: prof.id.clone(),
            length_mm: lengths[e.piece],
            stick_mm: stick,
            market: market.id.clone(),
        })?;
        let per_mm = stock.mass_per_mm(prof);
        let total: f64 = lengths.iter().sum();
        // Sticks are bought whole, unless the profile is sold cut to length.
        let bought_length = if prof.cut_to_length { total + shop.kerf_mm * lengths.len() as f64 } else { cut.sticks.len() as f64 * stick };
        lines.push(StockLine {
            profile_index: pi,
            profile: prof.id.clone(),
            class: prof.section.class(),
            piece_count: lengths.len(),
            total_length_mm: total,
            mass_kg: total * per_mm,
            stick_length_mm: stick,
            sticks: cut.sticks.len(),
            lower_bound: cut.lower_bound,
            plan: cut.sticks.iter().map(|s| s.iter().map(|&i| lengths[i]).collect()).collect(),
            waste_mm: cut.waste(&lengths),
            offcuts_mm: cut.offcuts.clone(),
            cut_to_length: prof.cut_to_length,
            bought_length_mm: bought_length,
            bought_mass_kg: bought_length * per_mm,
            pieces,
        });
    }
    let mut plates = Vec::new();
    for (&pi, parts) in &takeoff.plates {
        let prof = &stock.profiles[pi];
        let Section::Plate { t } = prof.section else { continue };
        let sheet = stock.sheet(prof, market);
        if let Some(p) = parts.iter().find(|p| p.width_mm > sheet[0] + 0.01 || p.length_mm > sheet[1] + 0.01) {
            return Err(PlanError::PlateTooLarge { part: p.name.clone(), sheet_mm: sheet, market: market.id.clone() });
        }
        let area: f64 = parts.iter().map(|p| p.area_mm2 * p.count as f64).sum();
        let sheets = (area / (sheet[0] * sheet[1] * shop.nesting) - 1e-9).ceil().max(1.0) as usize;
        let bought_area = area / shop.nesting;
        let mut parts = parts.clone();
        gvcs_def::sort::by(&mut parts, |a, b| b.area_mm2.total_cmp(&a.area_mm2).then(a.part.cmp(&b.part)));
        plates.push(PlateLine {
            profile_index: pi,
            profile: prof.id.clone(),
            thickness_mm: t,
            parts,
            area_m2: area / 1e6,
            mass_kg: area * t * stock.density,
            sheet_mm: sheet,
            nesting: shop.nesting,
            sheets,
            bought_area_m2: bought_area / 1e6,
            bought_mass_kg: bought_area * t * stock.density,
        });
    }
    Ok(StockPlan { market: market.id.clone(), stock: lines, plates })
}

/// The price-book item a class of steel is priced by.
pub fn steel_item(class: StockClass) -> &'static str {
    match class {
        StockClass::Tube => "steel-tube",
        StockClass::Bar => "steel-bar",
        StockClass::Plate => "steel-plate",
    }
}
