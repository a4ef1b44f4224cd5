//! "Parameter change → mesh + BOM + cost" for the CEB press: the work behind one slider step.
//! Run with `cargo bench -p gvcs-app`; results are recorded in docs/performance.md.

use gvcs_app::{State, compute};

fn main() {
    divan::main();
}

#[divan::bench]
fn ceb_press_regeneration(bencher: divan::Bencher) {
    let data = gvcs_assets::load().expect("default data");
    let m = data.library.machine("ceb-press").expect("ceb-press");
    let mut state = State::new("ceb-press");
    let mut bore = 4.0;
    bencher.bench_local(|| {
        // A new bore each time, as a slider drag would give.
        bore = if bore >= 6.0 { 4.0 } else { bore + 0.125 };
        state.settings = m.parse_settings([("bore", bore.to_string().as_str())]).0;
        divan::black_box(compute(&data, &state).expect("computes"))
    });
}

#[divan::bench]
fn load_default_data() -> gvcs_assets::Data {
    gvcs_assets::load().expect("default data")
}
