//! Every definition is one connected assembly: no part floats free of the rest, at the
//! defaults and at each parameter's minimum and maximum (the others at their defaults).
//!
//! Two part copies are joined when their axis-aligned bounding boxes, taken from the placed
//! meshes, touch or overlap within [`TOLERANCE`]; the test asserts that this graph has one
//! component. Boxes are a loose test (a box is never smaller than the part, so a rotated part
//! may seem to touch a neighbour it misses), so it finds parts that float clear of
//! everything, which is what a wrong offset or a forgotten parameter in a placement gives.
//! Parts without a shape (hoses, fittings, bolts) have no place and are left out.
//!
//! The rule for included definitions:
//! - An included *machine of the set* (a Power Cube, a Hydraulic Motor: a definition in
//!   `assets/machines/`) is a unit of its own: each placed copy of it must be connected in
//!   itself, but it need not touch its host. Such machines are whole machines that stand
//!   beside their host and are joined to it only by hoses, which have no shape (a Power Cube
//!   beside the CEB press, the sawmill or the drill press), or that are bolted on and taken
//!   off again (a wheel unit's motor). Their own connectedness is what the test can check.
//! - An included *sub-assembly* (`assets/assemblies/`) is part of its host: its parts are
//!   checked together with the host's and must touch them.
//!
//! Also checked here: each machine of the set (not sub-assemblies) makes at least one product,
//! and its relations name machines of the set.

use glam::DVec3;
use gvcs_def::{Library, PartInstance, Settings};
use gvcs_geom::{Bounds, part_mesh};

/// How far apart two boxes may be and still count as touching, in mm. Parts are placed from
/// nominal sizes, many of them inch fractions converted to mm, and the meshes are stored in
/// f32; faces that touch in the design can end up a few hundredths of a millimetre apart.
/// 2 mm allows for that with a wide margin while staying below the thinnest stock in the
/// library (1/8 in sheet, 3.2 mm), so a part that is off by a plate's thickness is caught.
const TOLERANCE: f64 = 2.0;

fn data() -> &'static gvcs_assets::Data {
    static DATA: std::sync::OnceLock<gvcs_assets::Data> = std::sync::OnceLock::new();
    DATA.get_or_init(|| gvcs_assets::load().expect("default data"))
}

fn touch(a: &Bounds, b: &Bounds) -> bool {
    let gap = (a.min - b.max).max(b.min - a.max);
    gap.x <= TOLERANCE && gap.y <= TOLERANCE && gap.z <= TOLERANCE
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The included machine of the set that a part belongs to: the longest path prefix
/// (`power-cube`, `wheel/motor`) that names an included machine of the set, or `""` for the
/// host and its sub-assemblies.
fn unit_of(lib: &Library, machine: &str, path: &str) -> String {
    let mut def = lib.machine(machine).expect("machine");
    let mut prefix = String::new();
    let mut unit = String::new();
    let segments: Vec<&str> = path.split('/').collect();
    for seg in &segments[..segments.len() - 1] {
        let inc = def.includes.iter().find(|i| i.id == *seg).expect("include of the path");
        def = lib.machine(&inc.machine).expect("included machine");
        prefix = if prefix.is_empty() { seg.to_string() } else { format!("{prefix}/{seg}") };
        if !def.is_assembly() {
            unit = prefix.clone();
        }
    }
    unit
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// One unit's part copies in groups that touch: each group is a list of `path#copy` names
/// with the group's bounds. One group means one assembly.
type Groups = Vec<(Vec<String>, Bounds)>;

/// The copies of drawn parts by unit: the host (with its sub-assemblies) under `""`, and each
/// placed copy of an included machine of the set under `prefix#n`, each unit in groups that
/// touch. Evaluation lists an included part's copies placement by placement, so copy `j` of
/// a part with `n` copies under a machine placed `w` times is in placement `j / (n / w)`;
/// `w` is taken as the greatest common divisor of the copy counts of the machine's parts,
/// which is exact when one of its parts has a single copy (an engine, a motor).
fn groups(lib: &Library, machine: &str, settings: &Settings) -> Result<Vec<(String, Groups)>, gvcs_def::DefError> {
    let inst = lib.evaluate(machine, settings)?;
    let units: Vec<String> = inst.parts.iter().map(|p| unit_of(lib, machine, &p.path)).collect();
    let mut placements: std::collections::BTreeMap<&str, usize> = Default::default();
    for (p, u) in inst.parts.iter().zip(&units) {
        if !u.is_empty() && part_mesh(lib, &p.kind).is_some() {
            let w = placements.entry(u.as_str()).or_insert(0);
            *w = gcd(*w, p.copies.len());
        }
    }
    let mut boxes: Vec<(String, String, Bounds)> = Vec::new();
    for (p, u) in inst.parts.iter().zip(&units) {
        let p: &PartInstance = p;
        let Some(mesh) = part_mesh(lib, &p.kind) else { continue };
        let per = placements.get(u.as_str()).map_or(p.copies.len(), |w| p.copies.len() / w);
        for (i, t) in p.copies.iter().enumerate() {
            let unit = if u.is_empty() { String::new() } else { format!("{u}#{}", i / per + 1) };
            boxes.push((unit, format!("{}#{}", p.path, i + 1), mesh.transformed(t).bounds()));
        }
    }
    let mut parent: Vec<usize> = (0..boxes.len()).collect();
    for i in 0..boxes.len() {
        for j in i + 1..boxes.len() {
            if boxes[i].0 == boxes[j].0 && touch(&boxes[i].2, &boxes[j].2) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut out: std::collections::BTreeMap<(String, usize), (Vec<String>, Bounds)> = Default::default();
    for (i, (unit, name, b)) in boxes.iter().enumerate() {
        let root = find(&mut parent, i);
        let e = out.entry((unit.clone(), root)).or_insert_with(|| (Vec::new(), Bounds::EMPTY));
        e.0.push(name.clone());
        e.1 = e.1.union(b);
    }
    let mut by_unit: std::collections::BTreeMap<String, Groups> = Default::default();
    for ((unit, _), g) in out {
        by_unit.entry(unit).or_default().push(g);
    }
    Ok(by_unit
        .into_iter()
        .map(|(unit, mut v)| {
            v.sort_by_key(|g| std::cmp::Reverse(g.0.len()));
            (unit, v)
        })
        .collect())
}

fn show(v: DVec3) -> String {
    format!("[{:.0}, {:.0}, {:.0}]", v.x, v.y, v.z)
}

#[test]
fn every_definition_is_one_connected_assembly() {
    let lib = &data().library;
    let mut failures = Vec::new();
    for m in &lib.machines {
        let mut cases = vec![("defaults".to_string(), Settings::default())];
        for p in &m.params {
            for (end, v) in [("min", p.min), ("max", p.max)] {
                let mut s = Settings::default();
                s.0.insert(p.name.clone(), v);
                cases.push((format!("{} = {v} ({end})", p.name), s));
            }
        }
        for (case, settings) in cases {
            let units = match groups(lib, &m.id, &settings) {
                Ok(g) => g,
                // Combinations a definition's checks (or an included one's) refuse build nothing to connect.
                Err(e) if lib.is_check_message(&m.id, &e.message) => continue,
                Err(e) => panic!("{} at {case}: {e}", m.id),
            };
            for (unit, groups) in units {
                if groups.len() < 2 {
                    continue;
                }
                let loose: Vec<String> = groups
                    .iter()
                    .skip(1)
                    .map(|(names, b)| format!("{} (box {} to {} mm)", names.join(", "), show(b.min), show(b.max)))
                    .collect();
                let what = if unit.is_empty() { m.id.clone() } else { format!("{} (its included machine {unit})", m.id) };
                failures.push(format!("{what} at {case}: {} groups; apart from the main one: {}", groups.len(), loose.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "parts that touch nothing else:\n{}", failures.join("\n"));
}

#[test]
fn every_machine_makes_something_and_names_machines_of_the_set() {
    let lib = &data().library;
    for m in lib.set_machines() {
        let inst = lib.evaluate(&m.id, &Settings::default()).unwrap_or_else(|e| panic!("{}: {e}", m.id));
        assert!(!inst.outputs.is_empty(), "{} has no [[output]] at its defaults", m.id);
        for id in m.relations.built_with.iter().chain(&m.relations.uses) {
            assert!(lib.index_entry(id).is_some(), "{}: relation `{id}` is not a machine of the set", m.id);
        }
    }
}
