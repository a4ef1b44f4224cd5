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
        assert!(bom.mass_kg > 0.0 && bom.cost_total > 0.0 && bom.labour_hours > 0.0, "{}", m.id);
    }
}
