//! Properties of village plans on random inputs.

use gvcs_bom::rates::Tools;
use gvcs_village::{Options, VillageData, load, plan};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn data() -> &'static (gvcs_assets::Data, VillageData) {
    static D: OnceLock<(gvcs_assets::Data, VillageData)> = OnceLock::new();
    D.get_or_init(|| {
        let d = gvcs_assets::load().expect("data");
        let v = load(&d).expect("village");
        (d, v)
    })
}

const PRESETS: [&str; 3] = ["ceb-housing-starter", "food-and-energy-core", "full-set"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// More people never means fewer machines or a lower cost.
    #[test]
    fn more_people_never_less(people in 1u64..20_000, more in 0u64..20_000, preset in 0usize..3, years in 1u32..6) {
        let (d, v) = data();
        let mut a = Options::new(people, PRESETS[preset]);
        a.years = years as f64;
        let mut b = a.clone();
        b.people = people + more;
        let (pa, pb) = (plan(d, v, &a).unwrap(), plan(d, v, &b).unwrap());
        for (id, n) in &pa.machines {
            prop_assert!(pb.machines[id] >= *n, "{id}: {} < {n}", pb.machines[id]);
        }
        prop_assert!(pb.cost_total >= pa.cost_total - 1e-6);
    }

    /// The schedule: never a unit before the first unit of a tool it is built with (unless the
    /// cycle rule lets its first unit go without), never shorter than the lower bound; the
    /// tools never add hours; no bar piece lost or duplicated in the village packing.
    #[test]
    fn schedule_and_packing(people in 1u64..3_000, preset in 0usize..3, crew in 1u32..12, hpw in 10u32..80) {
        let (d, v) = data();
        let mut o = Options::new(people, PRESETS[preset]);
        o.crew = crew;
        o.hours_per_week = hpw as f64;
        let p = plan(d, v, &o).unwrap();
        prop_assert!(p.schedule_weeks >= p.lower_bound_weeks - 1e-9);
        prop_assert!(p.labour_hours <= p.labour_hours_without_tools + 1e-6);
        let lib = &d.library;
        let first_end = |m: &str| p.schedule.iter().find(|s| s.machine == m && s.unit == 1).map(|s| s.end_week);
        for s in &p.schedule {
            for t in lib.built_with(&s.machine) {
                let Some(end) = first_end(t) else { continue };
                let exempt = s.unit == 1 && p.cycles.iter().any(|c| c.first_unit_without.contains(&(s.machine.clone(), t.clone())));
                prop_assert!(exempt || s.start_week >= end - 1e-9, "{} {} starts {} before {t} ends {end}", s.machine, s.unit, s.start_week);
            }
        }
        for s in &p.stock {
            let mut want: BTreeMap<i64, usize> = BTreeMap::new();
            for pc in &s.pieces {
                *want.entry((pc.length_mm * 1000.0).round() as i64).or_default() += pc.count;
            }
            let mut got: BTreeMap<i64, usize> = BTreeMap::new();
            for pat in &s.patterns {
                for c in &pat.cuts {
                    *got.entry((c * 1000.0).round() as i64).or_default() += pat.repeat;
                }
            }
            prop_assert_eq!(&want, &got, "{}", s.profile);
            prop_assert!(s.sticks >= s.lower_bound);
            prop_assert_eq!(s.sticks, s.patterns.iter().map(|p| p.repeat).sum::<usize>());
        }
    }

    /// A production run: per-unit cost never above one unit alone, hours never above by hand.
    #[test]
    fn production_runs(units in 1usize..200, m in 0usize..16) {
        let (d, _) = data();
        let ids: Vec<&str> = d.library.set_machines().map(|m| m.id.as_str()).collect();
        let id = ids[m % ids.len()];
        let all = d.rates.labour.tools_with_rates();
        let r = gvcs_village::production_run(d, id, units, &all, Some(50_000.0)).unwrap();
        prop_assert!(r.unit_cost <= r.unit_cost_alone + 1e-6, "{id}: {} > {}", r.unit_cost, r.unit_cost_alone);
        prop_assert!(r.unit_hours <= r.unit_hours_by_hand + 1e-9);
    }
}

/// The run proptest once found: 45 solar concentrators packed together cost 51 cents a unit
/// more than one alone (first-fit packing is not monotone); the run then buys as for one.
#[test]
fn a_run_never_buys_dearer_than_one_unit_alone() {
    let (d, _) = data();
    let r = gvcs_village::production_run(d, "solar-concentrator", 45, &Tools::none(), None).unwrap();
    assert!(!r.stock_shared && r.unit_cost == r.unit_cost_alone, "{r:?}");
    let r = gvcs_village::production_run(d, "solar-concentrator", 46, &Tools::none(), None).unwrap();
    assert!(r.stock_shared && r.unit_cost < r.unit_cost_alone, "{r:?}");
}

/// Packing at a size that batches: still every piece, and sticks within 15% of the lower
/// bound. Most of the gap is not the batching: 6,096 mm pieces of HSS 6x4 cannot share a
/// 12,192 mm stick once the kerf is counted (twice the bound), and six 902 mm rebar pieces
/// fill a 6,096 mm stick to 89% at best.
#[test]
fn large_village_packs_by_batches() {
    let (d, v) = data();
    let p = plan(d, v, &Options::new(1_000_000, "ceb-housing-starter")).unwrap();
    assert!(p.stock_batches > 1);
    let (sticks, lb): (usize, usize) = p.stock.iter().fold((0, 0), |(a, b), s| (a + s.sticks, b + s.lower_bound));
    assert!((sticks as f64) < lb as f64 * 1.15, "{sticks} sticks against a lower bound of {lb}");
}

/// Inputs a person gets wrong are refused with a message naming them.
#[test]
fn bad_inputs_are_named() {
    let (d, v) = data();
    let err = |o: Options| plan(d, v, &o).unwrap_err();
    assert!(err(Options::new(0, "full-set")).contains("people"));
    let mut o = Options::new(10, "full-set");
    o.years = -1.0;
    assert!(err(o.clone()).contains("years"));
    o.years = f64::NAN;
    assert!(err(o).contains("years"));
    assert!(err(Options::new(10, "fullset")).contains("no preset `fullset`"));
    let mut o = Options::new(10, "full-set");
    o.overrides.insert("demand.floor_area".into(), "banana".into());
    let e = err(o.clone());
    assert!(e.contains("floor_area") && e.contains("banana"), "{e}");
    o.overrides.insert("demand.floor_area".into(), "1e9".into());
    assert!(err(o.clone()).contains("floor_area"));
    o.overrides.clear();
    o.overrides.insert("demand.floor_aera".into(), "30".into());
    assert!(err(o.clone()).contains("did you mean `floor_area`"));
    o.overrides.clear();
    o.overrides.insert("demand.floor_area".into(), "400 ft2".into());
    let p = plan(d, v, &o).unwrap();
    assert!(p.figures.iter().any(|f| f.name == "floor_area" && f.changed && (f.value - 37.16).abs() < 0.01));
    let mut o = Options::new(10, "full-set");
    o.fixed.insert("drill-pres".into(), 2);
    assert!(err(o).contains("did you mean `drill-press`"));
}

/// Machines without a definition are listed and never counted.
#[test]
fn not_modelled_are_listed() {
    let (d, v) = data();
    let p = plan(d, v, &Options::new(100, "full-set")).unwrap();
    assert_eq!(p.machines.len() + p.not_modelled.len(), 50);
    assert!(p.not_modelled.iter().all(|id| !p.machines.contains_key(id)));
    assert!(p.leaves_out[0].contains("without a definition"));
}
