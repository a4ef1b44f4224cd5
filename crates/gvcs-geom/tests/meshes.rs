//! Properties of the meshes of real machines: closed, outward-facing, and holding exactly
//! the steel the bill of materials weighs; checked at defaults and at random parameters.

use glam::DVec3;
use gvcs_bom::BomOptions;
use gvcs_def::eval::PartKind;
use gvcs_def::{Library, Settings};
use gvcs_geom::{build, part_mesh, pick};
use proptest::prelude::*;

fn data() -> &'static gvcs_assets::Data {
    static DATA: std::sync::OnceLock<gvcs_assets::Data> = std::sync::OnceLock::new();
    DATA.get_or_init(|| gvcs_assets::load().expect("default data"))
}

/// Random settings within every parameter's range, on its step.
fn random_settings(lib: &Library, machine: &str, seed: &[f64]) -> Settings {
    let m = lib.machine(machine).unwrap();
    let mut s = Settings::default();
    for (p, r) in m.params.iter().zip(seed.iter().cycle()) {
        let steps = ((p.max - p.min) / p.step).floor();
        let v = p.min + (r * steps).round() * p.step;
        s.0.insert(p.name.clone(), v.min(p.max));
    }
    s
}

fn check_machine(machine: &str, settings: &Settings) -> Result<(), TestCaseError> {
    let d = data();
    // Parameter combinations a definition's checks (or those of a definition it includes)
    // refuse are errors, not meshes; any
    // other failure fails the test.
    let (inst, bom) = match d.compute(machine, settings, BomOptions::default()) {
        Ok(r) => r,
        Err(e) if d.library.is_check_message(machine, &e.message) => return Ok(()),
        Err(e) => return Err(TestCaseError::fail(format!("{machine}: {e}"))),
    };
    let mut steel_volume = 0.0;
    for p in &inst.parts {
        let Some(mesh) = part_mesh(&d.library, &p.kind) else { continue };
        mesh.check_closed().map_err(|e| TestCaseError::fail(format!("{}: {e}", p.path)))?;
        prop_assert!(mesh.volume() > 0.0, "{} points inward", p.path);
        if matches!(p.kind, PartKind::Bar { .. } | PartKind::Plate { .. }) {
            steel_volume += mesh.volume() * p.count() as f64;
        }
    }
    let mesh_mass = steel_volume * d.library.stock.density;
    // Within 1% (a machine of purchased parts alone has no steel at all).
    prop_assert!(
        (mesh_mass - bom.steel_mass_kg).abs() <= 0.01 * bom.steel_mass_kg + 1e-9,
        "{machine}: meshes hold {mesh_mass:.2} kg of steel, the BOM says {:.2} kg",
        bom.steel_mass_kg
    );
    // Placed copies keep their volume and stay closed (mirrored copies included).
    for pm in build(&d.library, &inst) {
        pm.mesh.check_closed().map_err(|e| TestCaseError::fail(format!("{} placed: {e}", inst.parts[pm.part].path)))?;
        prop_assert!(pm.mesh.volume() > 0.0);
    }
    Ok(())
}

#[test]
fn defaults_are_closed_and_weigh_what_the_bom_says() {
    for m in &data().library.machines {
        check_machine(&m.id, &Settings::default()).unwrap();
    }
    let mut with_cube = Settings::default();
    with_cube.0.insert("with_power_cube".into(), 1.0);
    check_machine("ceb-press", &with_cube).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_parameters_keep_meshes_closed(seed in prop::collection::vec(0.0f64..1.0, 20)) {
        for m in &data().library.machines {
            let s = random_settings(&data().library, &m.id, &seed);
            check_machine(&m.id, &s)?;
        }
    }
}

#[test]
fn a_ray_from_above_picks_the_top_part() {
    let d = data();
    let inst = d.library.evaluate("ceb-press", &Settings::default()).unwrap();
    let meshes = build(&d.library, &inst);
    let (i, dist) = pick(&meshes, DVec3::new(1.1 * 25.4, -5.75 * 25.4, 5000.0), DVec3::NEG_Z).expect("hits the press");
    // Straight down between two grate bars, beside the chamber, the first thing is the
    // hopper's sloped wall.
    assert_eq!(inst.parts[meshes[i].part].path, "hopper-side");
    assert!(dist > 3000.0 && dist < 4000.0, "{dist}");
    assert!(pick(&meshes, DVec3::new(10_000.0, 0.0, 5000.0), DVec3::NEG_Z).is_none());
}
