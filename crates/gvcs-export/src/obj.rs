//! Wavefront OBJ with its MTL material library.

use crate::{materials, y_up};
use gvcs_def::{Instance, Library};
use std::fmt::Write;

/// The machine as OBJ text and the MTL text it refers to with `mtllib mtl_file`: write the
/// MTL under that name beside the OBJ. **Millimetres with +Y up** (OBJ has no unit; +Y up is
/// what Blender and three.js assume): a core point `(x, y, z)` is written as `(x, z, -y)`.
///
/// One object (`o`) per drawn part, named by its path, with its material (`usemtl`); faces are
/// triangles with a normal per corner (`f v//vn`), counter-clockwise seen from outside. The
/// MTL's `Kd` is the viewer's colour as sRGB fractions; materials are named `steel-plate`,
/// `steel-tube`, `steel-bar` or by the component's id.
pub fn obj(lib: &Library, inst: &Instance, mtl_file: &str) -> (String, String) {
    let meshes = gvcs_geom::build(lib, inst);
    let (mats, mat_of) = materials(lib, inst, &meshes);
    let mut o = String::new();
    let _ = writeln!(o, "# {} ({}), exported by gvcs-export {}", inst.name, inst.machine, env!("CARGO_PKG_VERSION"));
    let _ = writeln!(o, "# millimetres, +Y up; parameters:");
    for p in &inst.params {
        let (v, u) = p.unit.map_or((p.value.value, ""), |u| (p.value.value / u.factor, u.name));
        let _ = writeln!(o, "#   {} = {} {}", p.name, (v * 1e6).round() / 1e6, u);
    }
    let _ = writeln!(o, "mtllib {mtl_file}");
    let mut base = 1usize;
    for (k, pm) in meshes.iter().enumerate() {
        let _ = writeln!(o, "o {}", inst.parts[pm.part].path);
        let _ = writeln!(o, "usemtl {}", mats[mat_of[k]].0);
        for p in &pm.mesh.positions {
            let [x, y, z] = y_up(*p, 1.0);
            let _ = writeln!(o, "v {x} {y} {z}");
        }
        for n in &pm.mesh.normals {
            let [x, y, z] = y_up(*n, 1.0);
            let _ = writeln!(o, "vn {x} {y} {z}");
        }
        for t in pm.mesh.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| i as usize + base);
            let _ = writeln!(o, "f {a}//{a} {b}//{b} {c}//{c}");
        }
        base += pm.mesh.positions.len();
    }
    let mut m = String::new();
    let _ = writeln!(m, "# materials of {} ({}), exported by gvcs-export", inst.name, inst.machine);
    for (name, c) in &mats {
        let [r, g, b] = c.map(|v| (f64::from(v) / 255.0 * 1e4).round() / 1e4);
        let _ = writeln!(m, "\nnewmtl {name}\nKa 0 0 0\nKd {r} {g} {b}\nKs 0.1 0.1 0.1\nNs 40\nd 1\nillum 2");
    }
    (o, m)
}
