//! The village's stock: one cutting-stock plan for every bar piece of every machine unit.
//!
//! How identical machines are exploited: a village's takeoff is each machine's takeoff
//! `times(n)` added together, so a part of a machine built n times is one piece line with
//! count n, never n lines. While every profile has at most [`PIECE_LIMIT`] pieces the whole
//! takeoff goes through `gvcs_bom::plan::plan` once, so pieces of different machines share
//! sticks. Above that (a village of thousands), each piece line's count c is split as
//! `k * (c / k) + c % k` with k = ceil(pieces / PIECE_LIMIT): the batch of `c / k` of every
//! line is planned once and its sticks bought k times (identical machines give identical
//! batches), and the remainder is packed the same way until it fits. Plates are bought by
//! nested area, which adds up exactly, so they are planned once in full. Cut patterns are
//! kept with how often each repeats, so a plan for a million people stays small.

use gvcs_bom::plan::{self, PlanError, PlateLine, Shop, StockLine, StockPlan};
use gvcs_bom::takeoff::Takeoff;
use gvcs_def::map::LiteMap;
use gvcs_def::stock::{Market, StockClass, StockLibrary};
use serde::Serialize;

/// Most pieces of one profile planned in one call (first-fit decreasing and the improvement
/// step are quadratic in the worst case).
pub const PIECE_LIMIT: usize = 4_000;

/// One cut pattern and how many sticks are cut to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pattern {
    /// Piece lengths, mm, longest first.
    pub cuts: Vec<f64>,
    pub repeat: usize,
}

/// Bar or tube of one profile for the whole village.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VillageStock {
    pub profile: String,
    pub class: StockClass,
    /// Piece lines (part paths prefixed by machine), counts for all units.
    pub pieces: Vec<gvcs_bom::takeoff::Piece>,
    pub piece_count: usize,
    pub total_length_mm: f64,
    pub stick_length_mm: f64,
    pub sticks: usize,
    /// ceil(total length / stick length).
    pub lower_bound: usize,
    pub cut_to_length: bool,
    pub bought_length_mm: f64,
    pub bought_mass_kg: f64,
    pub waste_mm: f64,
    pub patterns: Vec<Pattern>,
}

/// The village's stock plan: per-profile lines as `gvcs bom` gives them (for the cost stage)
/// and the compact lines with patterns.
#[derive(Clone, Debug, PartialEq)]
pub struct Packing {
    pub plan: StockPlan,
    pub stock: Vec<VillageStock>,
    /// How many times the batch was repeated at the top level (1: planned in one go).
    pub batches: usize,
}

fn key(l: f64) -> i64 {
    (l * 1000.0).round() as i64
}

/// Bars only, each piece count mapped by `f`; lines that end with no pieces dropped.
fn map_bars(t: &Takeoff, f: impl Fn(usize) -> usize) -> Takeoff {
    let mut out = Takeoff::default();
    for (&p, pieces) in &t.bars {
        let v: Vec<_> = pieces
            .iter()
            .filter_map(|pc| {
                let n = f(pc.count);
                (n > 0).then(|| {
                    let mut pc = pc.clone();
                    pc.count = n;
                    pc
                })
            })
            .collect();
        if !v.is_empty() {
            out.bars.insert(p, v);
        }
    }
    out
}

/// Patterns of a bar plan, each repeated `times`, keyed by profile.
fn bar_patterns(lines: &[StockLine], times: usize, into: &mut LiteMap<String, LiteMap<Vec<i64>, usize>>) {
    for l in lines {
        let m = into.entry(l.profile.clone()).or_default();
        for stick in &l.plan {
            let mut k: Vec<i64> = stick.iter().map(|&x| key(x)).collect();
            gvcs_def::sort::by(&mut k, |a, b| b.cmp(a));
            *m.entry(k).or_default() += times;
        }
    }
}

/// Sticks per profile of a bar-only takeoff, with patterns, batching above the limit.
fn pack_bars(
    stock: &StockLibrary,
    t: &Takeoff,
    market: &Market,
    shop: Shop,
    patterns: &mut LiteMap<String, LiteMap<Vec<i64>, usize>>,
    sticks: &mut LiteMap<String, usize>,
    depth: usize,
) -> Result<usize, PlanError> {
    let most = t.bars.values().map(|v| v.iter().map(|p| p.count).sum::<usize>()).max().unwrap_or(0);
    if most == 0 {
        return Ok(1);
    }
    // Deep recursion cannot happen (each level divides the pieces by about the limit over
    // the number of distinct lengths), but the depth is bounded all the same.
    if most <= PIECE_LIMIT || depth > 8 {
        let p = plan::plan(stock, t, market, shop)?;
        for l in &p.stock {
            *sticks.entry(l.profile.clone()).or_default() += l.sticks;
        }
        bar_patterns(&p.stock, 1, patterns);
        return Ok(1);
    }
    let k = most.div_ceil(PIECE_LIMIT);
    let batch = map_bars(t, |c| c / k);
    let rest = map_bars(t, |c| c % k);
    let (mut bp, mut bs) = (LiteMap::new(), LiteMap::new());
    pack_bars(stock, &batch, market, shop, &mut bp, &mut bs, depth + 1)?;
    for (prof, m) in bp {
        let into = patterns.entry(prof).or_default();
        for (pat, n) in m {
            *into.entry(pat).or_default() += n * k;
        }
    }
    for (prof, n) in bs {
        *sticks.entry(prof).or_default() += n * k;
    }
    pack_bars(stock, &rest, market, shop, patterns, sticks, depth + 1)?;
    Ok(k)
}

/// Plans the stock to buy for a village's takeoff.
pub fn pack(stock: &StockLibrary, takeoff: &Takeoff, market: &Market, shop: Shop) -> Result<Packing, PlanError> {
    let (mut patterns, mut sticks) = (LiteMap::new(), LiteMap::new());
    let bars = map_bars(takeoff, |c| c);
    let batches = pack_bars(stock, &bars, market, shop, &mut patterns, &mut sticks, 0)?;
    // Plates (and the check that every plate fits a sheet) from the whole takeoff in one go.
    let plates_only = Takeoff { plates: takeoff.plates.clone(), ..Takeoff::default() };
    let plate_plan = plan::plan(stock, &plates_only, market, shop)?;
    let plates: Vec<PlateLine> = plate_plan.plates;

    let mut lines = Vec::new();
    let mut village = Vec::new();
    for (&pi, pieces) in &takeoff.bars {
        let prof = &stock.profiles[pi];
        let stick = stock.stick_length(prof, market);
        let per_mm = stock.mass_per_mm(prof);
        let piece_count: usize = pieces.iter().map(|p| p.count).sum();
        if piece_count == 0 {
            continue;
        }
        let total: f64 = pieces.iter().map(|p| p.length_mm * p.count as f64).sum();
        let n = sticks.get(&prof.id).copied().unwrap_or(0);
        let bought = if prof.cut_to_length { total + shop.kerf_mm * piece_count as f64 } else { n as f64 * stick };
        let mut sorted = pieces.clone();
        gvcs_def::sort::by(&mut sorted, |a, b| b.length_mm.total_cmp(&a.length_mm).then(a.part.cmp(&b.part)));
        let pats: Vec<Pattern> = patterns
            .get(&prof.id)
            .map(|m| m.iter().map(|(k, &r)| Pattern { cuts: k.iter().map(|&x| x as f64 / 1000.0).collect(), repeat: r }).collect())
            .unwrap_or_default();
        let lower_bound = ((total / stick) - 1e-9).ceil().max(0.0) as usize;
        lines.push(StockLine {
            profile_index: pi,
            profile: prof.id.clone(),
            class: prof.section.class(),
            pieces: Vec::new(),
            piece_count,
            total_length_mm: total,
            mass_kg: total * per_mm,
            stick_length_mm: stick,
            sticks: n,
            lower_bound,
            plan: Vec::new(),
            offcuts_mm: Vec::new(),
            waste_mm: n as f64 * stick - total,
            cut_to_length: prof.cut_to_length,
            bought_length_mm: bought,
            bought_mass_kg: bought * per_mm,
        });
        village.push(VillageStock {
            profile: prof.id.clone(),
            class: prof.section.class(),
            pieces: sorted,
            piece_count,
            total_length_mm: total,
            stick_length_mm: stick,
            sticks: n,
            lower_bound,
            cut_to_length: prof.cut_to_length,
            bought_length_mm: bought,
            bought_mass_kg: bought * per_mm,
            waste_mm: n as f64 * stick - total,
            patterns: pats,
        });
    }
    Ok(Packing { plan: StockPlan { market: market.id.clone(), stock: lines, plates }, stock: village, batches })
}
