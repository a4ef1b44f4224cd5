//! "Parameter change → mesh + BOM + cost": the work behind one slider step, for the CEB
//! press (its bore) and for every definition (its first parameter stepped across its range,
//! the others at their defaults). Run with `cargo bench -p gvcs-app`; results are recorded in
//! docs/performance.md (target: at most 2 ms per regeneration, native).

use gvcs_app::{State, compute};

fn main() {
    divan::main();
}

fn data() -> &'static gvcs_assets::Data {
    static DATA: std::sync::OnceLock<gvcs_assets::Data> = std::sync::OnceLock::new();
    DATA.get_or_init(|| gvcs_assets::load().expect("default data"))
}

/// Every definition the app can show: the machines of the set and the sub-assemblies.
fn definitions() -> Vec<&'static str> {
    data().library.machines.iter().map(|m| m.id.as_str()).collect()
}

#[divan::bench]
fn ceb_press_regeneration(bencher: divan::Bencher) {
    let data = data();
    let m = data.library.machine("ceb-press").expect("ceb-press");
    let mut state = State::new("ceb-press");
    let mut bore = 4.0;
    bencher.bench_local(|| {
        // A new bore each time, as a slider drag would give.
        bore = if bore >= 6.0 { 4.0 } else { bore + 0.125 };
        state.settings = m.parse_settings([("bore", bore.to_string().as_str())]).0;
        divan::black_box(compute(data, &state).expect("computes"))
    });
}

/// One regeneration of each definition: its first parameter moves one step each time,
/// wrapping at the end of its range (values a `[[check]]` refuses are skipped beforehand).
#[divan::bench(args = definitions())]
fn regeneration(bencher: divan::Bencher, id: &str) {
    let data = data();
    let m = data.library.machine(id).expect("defined");
    let mut state = State::new(id);
    let values: Vec<gvcs_def::Settings> = match m.params.first() {
        None => vec![gvcs_def::Settings::default()],
        Some(p) => {
            let steps = ((p.max - p.min) / p.step).floor().clamp(0.0, 40.0) as usize;
            (0..=steps)
                .map(|i| {
                    let mut s = gvcs_def::Settings::default();
                    s.0.insert(p.name.clone(), (p.min + (p.max - p.min) * i as f64 / steps.max(1) as f64).min(p.max));
                    s
                })
                .filter(|s| data.library.evaluate(id, s).is_ok())
                .collect()
        }
    };
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % values.len();
        state.settings = values[i].clone();
        divan::black_box(compute(data, &state).expect("computes"))
    });
}

#[divan::bench]
fn load_default_data() -> gvcs_assets::Data {
    gvcs_assets::load().expect("default data")
}
