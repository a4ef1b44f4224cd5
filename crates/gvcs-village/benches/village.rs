//! The village planner: counts, totals and schedule from 1 to 1,000,000 people, and the
//! village packing alone at 200 and 10,000 people. Run with `cargo bench -p gvcs-village`;
//! results are recorded in docs/performance.md.

use gvcs_village::pack::pack;
use gvcs_village::plan::village_takeoff;
use gvcs_village::{Options, load, plan};

fn main() {
    divan::main();
}

#[divan::bench(args = [1, 200, 10_000, 1_000_000], sample_count = 10)]
fn whole_plan(bencher: divan::Bencher, people: u64) {
    let data = gvcs_assets::load().expect("data");
    let village = load(&data).expect("village");
    let opts = Options::new(people, "ceb-housing-starter");
    bencher.bench_local(|| divan::black_box(plan(&data, &village, &opts).expect("plan")));
}

#[divan::bench(args = [200, 10_000], sample_count = 10)]
fn village_packing(bencher: divan::Bencher, people: u64) {
    let data = gvcs_assets::load().expect("data");
    let village = load(&data).expect("village");
    let p = plan(&data, &village, &Options::new(people, "full-set")).expect("plan");
    let lib = &data.library;
    let takeoffs: Vec<(String, gvcs_bom::Takeoff, usize)> = p
        .machines
        .iter()
        .map(|(id, n)| {
            let inst = lib.evaluate(id, &gvcs_def::Settings::default()).expect("evaluates");
            (id.clone(), gvcs_bom::Takeoff::of(lib, &inst), *n)
        })
        .collect();
    let takeoff = village_takeoff(takeoffs.iter().map(|(id, t, n)| (id.as_str(), t, *n)));
    let lab = &data.rates.labour;
    let shop = gvcs_bom::plan::Shop { kerf_mm: lab.kerf, nesting: lab.nesting };
    bencher.bench_local(|| divan::black_box(pack(&lib.stock, &takeoff, lib.stock.market(None), shop).expect("packs")));
}
