//! The embedded data loads, every machine evaluates at its defaults, and errors in data
//! files name the file, line and column.

use gvcs_bom::BomOptions;
use gvcs_def::Settings;

#[test]
fn default_data_loads_and_every_machine_computes() {
    let data = gvcs_assets::load().unwrap_or_else(|e| panic!("{e}"));
    assert!(data.library.machines.len() >= 2);
    for m in &data.library.machines {
        let (inst, bom) = data.compute(&m.id, &Settings::default(), BomOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", m.id));
        assert!(!inst.parts.is_empty());
        assert!(bom.mass_kg > 0.0 && bom.costs.total > 0.0 && bom.labour.hours > 0.0, "{}", m.id);
    }
}

#[test]
fn every_parameter_builds_at_its_ends() {
    // Each slider's full travel, the others at their defaults, in every stock market: the
    // machine builds, or a [[check]] of the definition (or of one it includes) explains why not.
    let data = gvcs_assets::load().unwrap();
    for m in &data.library.machines {
        for p in &m.params {
            for v in [p.min, p.max] {
                let mut s = Settings::default();
                s.0.insert(p.name.clone(), v);
                for market in &data.library.stock.markets {
                    let opts = BomOptions { market: Some(&market.id), ..Default::default() };
                    if let Err(e) = data.compute(&m.id, &s, opts) {
                        assert!(data.library.is_check_message(&m.id, &e.message), "{} {} = {v} ({}): {e}", m.id, p.name, market.id);
                    }
                }
            }
        }
    }
}

#[test]
fn relations_form_a_graph_whose_cycles_are_named() {
    let data = gvcs_assets::load().unwrap();
    let lib = &data.library;
    // Every machine of the set has OSE's ecology; definitions' own relations take precedence.
    assert!(lib.index.iter().filter(|e| !e.built_with.is_empty()).count() >= 40);
    assert_eq!(lib.built_with("ceb-press"), lib.machine("ceb-press").unwrap().relations.built_with.as_slice());
    let cycles = lib.build_cycles();
    assert!(cycles.iter().any(|g| g.contains(&"3d-printer".to_string()) && g.contains(&"3d-scanner".to_string())), "{cycles:?}");
    for g in &cycles {
        for id in g {
            assert!(lib.index_entry(id).is_some(), "{id}");
        }
    }
}

/// The labour file's tools: with none the labour stage gives the hand numbers exactly; with
/// every tool it never takes longer, and a tool that names no machine of the set is refused.
#[test]
fn tools_only_ever_save_time() {
    use gvcs_bom::labour::{labour, labour_with};
    use gvcs_bom::rates::Tools;
    let data = gvcs_assets::load().expect("default data");
    let lib = &data.library;
    let lab = &data.rates.labour;
    let all = lab.tools_with_rates();
    assert!(all.has("cnc-torch-table") && all.has("drill-press") && all.has("ironworker"));
    for m in lib.set_machines() {
        let inst = lib.evaluate(&m.id, &gvcs_def::Settings::default()).unwrap();
        let t = gvcs_bom::Takeoff::of(lib, &inst);
        let hand = labour(lib, lab, &t).unwrap();
        assert_eq!(hand, labour_with(lib, lab, &t, &Tools::none()).unwrap());
        let tooled = labour_with(lib, lab, &t, &all).unwrap();
        assert!(tooled.hours <= hand.hours + 1e-9, "{}: {} > {}", m.id, tooled.hours, hand.hours);
        assert_eq!(tooled.fabrication.holes, hand.fabrication.holes);
    }
    let files: Vec<(&str, String)> = gvcs_assets::files()
        .unwrap()
        .iter()
        .map(|(n, t)| {
            (*n, if *n == "labour.toml" { t.replace("machine = \"drill-press\"", "machine = \"drill-pres\"") } else { t.to_string() })
        })
        .collect();
    let e = gvcs_assets::load_from(files.iter().map(|(n, t)| (*n, t.as_str()))).unwrap_err();
    assert!(e.0.iter().any(|e| e.file == "labour.toml" && e.message.contains("did you mean `drill-press`")), "{e}");
}

/// The packed stream gives back every file of `assets/` as written, less its comment lines,
/// and line for line, so located errors point into the files people edit.
#[test]
fn the_embedded_files_are_the_assets_line_for_line() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    let on_disk = gvcs_datapack::pack::collect(&root, |rel| rel != "village.toml");
    let embedded = gvcs_assets::files().expect("unpacks");
    assert_eq!(embedded.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(), on_disk.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
    for ((name, text), (_, path)) in embedded.iter().zip(&on_disk) {
        let written = std::fs::read_to_string(path).unwrap();
        assert_eq!(*text, gvcs_datapack::pack::blank_comment_lines(&written), "{name}");
        assert_eq!(text.lines().count(), written.lines().count(), "{name} keeps its line numbers");
    }
}

/// What the build checked and packed is what the files give when read here.
#[test]
fn the_packed_data_is_the_files_loaded() {
    let packed = gvcs_assets::load().expect("unpacks");
    let read = gvcs_assets::load_from(gvcs_assets::files().unwrap().iter().copied()).expect("loads");
    // Offsets come back as line-and-column positions, so compare the packed forms.
    let bytes = |d: &gvcs_assets::Data| gvcs_def::packed::to_bytes(d).unwrap();
    assert!(bytes(&packed) == bytes(&read), "the packed data differs from the files loaded");
}

/// An error found while evaluating the packed data (which carries line starts, not text)
/// names the same place as the same error from the files read as text. Columns count bytes
/// in the packed form, so they may differ only on a line with non-ASCII text before them.
#[test]
fn errors_from_the_packed_data_name_the_same_place() {
    let packed = gvcs_assets::load().unwrap();
    let files = gvcs_assets::files().unwrap();
    let read = gvcs_assets::load_from(files.iter().copied()).unwrap();
    let mut compared = 0;
    for m in &read.library.machines {
        for p in &m.params {
            for v in [p.min, p.max, 0.0, -p.max, p.max * 10.0] {
                let mut s = Settings::default();
                s.0.insert(p.name.clone(), v);
                let (a, b) = (packed.compute(&m.id, &s, BomOptions::default()), read.compute(&m.id, &s, BomOptions::default()));
                let (Err(a), Err(b)) = (&a, &b) else {
                    assert_eq!(a.is_ok(), b.is_ok(), "{} {} = {v}", m.id, p.name);
                    continue;
                };
                compared += 1;
                assert_eq!((&a.file, a.line, &a.message), (&b.file, b.line, &b.message), "{} {} = {v}", m.id, p.name);
                let line =
                    files.iter().find(|(n, _)| *n == b.file).and_then(|(_, t)| t.lines().nth(b.line.saturating_sub(1))).unwrap_or("");
                assert!(a.col == b.col || !line.is_ascii(), "{} {} = {v}: column {} against {}", m.id, p.name, a.col, b.col);
            }
        }
    }
    assert!(compared > 10, "only {compared} errors compared");
}
