//! 3D exports of a machine at its current parameters, for other tools: glTF 2.0 binary
//! ([`glb`]), binary STL ([`stl`], [`stl_parts`]) and Wavefront OBJ with its MTL ([`obj`]).
//!
//! Pure, like the core: every function takes the [`Library`] and an evaluated [`Instance`]
//! and returns bytes or text; writing files is the caller's business (the CLI now, the web
//! app's download later). The meshes are [`gvcs_geom::build`]'s (one closed mesh per drawn
//! part, every copy placed), coloured with the viewer's table ([`gvcs_geom::Material::colour`]).
//!
//! Units and axes differ by format, each following what its readers assume:
//!
//! | format | length unit | up  | why |
//! | --- | --- | --- | --- |
//! | GLB | metre | +Y | the glTF 2.0 specification fixes both |
//! | STL | millimetre | +Z | the core's own frame; what slicers and CAD tools expect |
//! | OBJ | millimetre | +Y | OBJ has no unit; Blender and three.js take +Y as up |
//!
//! The core works in millimetres with +Z up, so GLB maps a core point `(x, y, z)` mm to
//! `(x, z, -y) / 1000` m, and OBJ to `(x, z, -y)` mm: a rotation about X, which keeps the
//! triangles' winding (counter-clockwise seen from outside) and the machine's front.

mod glb;
mod obj;
mod stl;

pub use glb::glb;
pub use obj::obj;
pub use stl::{stl, stl_parts};

use gvcs_def::Library;
use gvcs_def::eval::{Instance, PartKind};
use gvcs_def::units::Dim;
use gvcs_geom::{Material, PartMesh};
use gvcs_json::Value;

/// A core point or direction (+Z up) turned to +Y up, scaled by `scale`.
fn y_up(p: [f32; 3], scale: f64) -> [f32; 3] {
    let [x, y, z] = p.map(f64::from);
    [(x * scale) as f32, (z * scale) as f32, (-y * scale) as f32]
}

/// The name a material goes by in the exports: `steel-plate`, `steel-tube`, `steel-bar`, or the
/// component's id for purchased parts (each keeps its catalogue colour).
fn material_name(lib: &Library, inst: &Instance, pm: &PartMesh) -> String {
    match (&pm.material, &inst.parts[pm.part].kind) {
        (Material::Steel(class), _) => format!("steel-{}", class.as_str()),
        (Material::Component(_), PartKind::Component { component, .. }) => lib.components.components[*component].id.clone(),
        (Material::Component(c), _) => format!("colour-{:02x}{:02x}{:02x}", c[0], c[1], c[2]),
    }
}

/// The distinct materials of `meshes` in first-use order, and each mesh's index among them.
fn materials(lib: &Library, inst: &Instance, meshes: &[PartMesh]) -> (Vec<(String, [u8; 3])>, Vec<usize>) {
    let mut list: Vec<(String, [u8; 3])> = Vec::new();
    let mut of = Vec::with_capacity(meshes.len());
    for pm in meshes {
        let name = material_name(lib, inst, pm);
        let i = match list.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                list.push((name, pm.material.colour()));
                list.len() - 1
            }
        };
        of.push(i);
    }
    (list, of)
}

/// Millimetres, rounded to a micrometre so the JSON stays readable.
fn mm(v: f64) -> Value {
    Value::Num((v * 1000.0).round() / 1000.0)
}

/// A base-unit name for a dimension: `mm`, `kg`, `mm^3·s^-1`.
fn base_unit(d: Dim) -> String {
    let mut parts = Vec::new();
    for (e, s) in [(d.length, "mm"), (d.mass, "kg"), (d.time, "s"), (d.angle, "rad")] {
        match e {
            0 => {}
            1 => parts.push(s.to_string()),
            _ => parts.push(format!("{s}^{e}")),
        }
    }
    parts.join("·")
}

/// What a part is, for a tool's custom properties: its path, name, group, kind, stock (profile
/// or component id), size in millimetres and number of copies.
pub fn part_extras(lib: &Library, inst: &Instance, part: usize) -> Value {
    let p = &inst.parts[part];
    let mut m: Vec<(&str, Value)> = vec![
        ("path", p.path.as_str().into()),
        ("name", p.name.as_str().into()),
        ("group", p.group.as_str().into()),
        ("copies", p.count().into()),
    ];
    match &p.kind {
        PartKind::Bar { profile, length } => {
            m.extend([("kind", "bar".into()), ("stock", lib.stock.profiles[*profile].id.as_str().into()), ("length_mm", mm(*length))]);
        }
        PartKind::Plate { profile, length, width, area, .. } => {
            let prof = &lib.stock.profiles[*profile];
            m.extend([
                ("kind", "plate".into()),
                ("stock", prof.id.as_str().into()),
                ("length_mm", mm(*length)),
                ("width_mm", mm(*width)),
                ("thickness_mm", mm(prof.section.thickness())),
                ("area_mm2", area.round().into()),
            ]);
        }
        PartKind::Component { component, size } => {
            let c = &lib.components.components[*component];
            m.extend([("kind", "component".into()), ("stock", c.id.as_str().into())]);
            if let Some(spec) = &c.spec {
                m.push(("spec", spec.as_str().into()));
            }
            let dims = c.dims.iter().zip(&size.dims).map(|((name, _), q)| {
                let unit = if q.dim == Dim::LENGTH { "mm".to_string() } else { base_unit(q.dim) };
                (name.as_str(), Value::obj([("value", ((q.value * 1e6).round() / 1e6).into()), ("unit", unit.into())]))
            });
            m.extend([("size", Value::obj(dims)), ("mass_kg", ((size.mass * 1000.0).round() / 1000.0).into())]);
        }
    }
    Value::obj(m)
}

/// The machine and the parameter values it was exported at, each in its own unit.
fn machine_extras(inst: &Instance) -> Value {
    let params: Vec<Value> = inst
        .params
        .iter()
        .map(|p| {
            let (value, unit) = match p.unit {
                Some(u) => (p.value.value / u.factor, u.name.to_string()),
                None => (p.value.value, base_unit(p.value.dim)),
            };
            Value::obj([
                ("name", p.name.as_str().into()),
                ("label", p.label.as_str().into()),
                ("value", ((value * 1e6).round() / 1e6).into()),
                ("unit", unit.into()),
            ])
        })
        .collect();
    Value::obj([("machine", inst.machine.as_str().into()), ("name", inst.name.as_str().into()), ("parameters", params.into())])
}

/// A file-name-safe form of a part path: `power-cube/engine` → `power-cube--engine`.
pub fn file_stem(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c.to_string()
            } else if c == '/' {
                "--".into()
            } else {
                "_".into()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_up_is_a_rotation_that_keeps_the_front() {
        // Core +Z (up) becomes +Y; core +Y (away from the viewer) becomes -Z (glTF's forward).
        assert_eq!(y_up([0.0, 0.0, 1000.0], 0.001), [0.0, 1.0, 0.0]);
        assert_eq!(y_up([0.0, 1000.0, 0.0], 0.001), [0.0, 0.0, -1.0]);
        assert_eq!(y_up([1000.0, 0.0, 0.0], 0.001), [1.0, 0.0, 0.0]);
        // The images of x, y, z form a right-handed frame: the winding is kept.
        let [x, y, z] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]].map(|v| y_up(v, 1.0).map(f64::from));
        let det = x[0] * (y[1] * z[2] - y[2] * z[1]) - x[1] * (y[0] * z[2] - y[2] * z[0]) + x[2] * (y[0] * z[1] - y[1] * z[0]);
        assert_eq!(det, 1.0);
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("power-cube/engine"), "power-cube--engine");
        assert_eq!(file_stem("a b:c"), "a_b_c");
    }
}
