//! Binary STL: an 80-byte header, a triangle count, and per triangle its facet normal, three
//! corners and a zero attribute word, all little-endian.

use crate::file_stem;
use gvcs_def::{Instance, Library};
use gvcs_geom::Mesh;

/// The whole machine as one binary STL solid, in **millimetres with +Z up** (the core's own
/// frame, which slicers and CAD tools assume for STL). Every drawn part with every copy is in
/// it, each a closed shell with its triangles counter-clockwise seen from outside.
pub fn stl(lib: &Library, inst: &Instance) -> Vec<u8> {
    let meshes = gvcs_geom::build(lib, inst);
    write(&format!("{} ({}) mm z-up, gvcs-export", inst.name, inst.machine), meshes.iter().map(|m| &m.mesh))
}

/// One binary STL per drawn part (all its copies), as `(file stem, bytes)`: the stem is the
/// part's path made safe for a file name ([`file_stem`]). Millimetres, +Z up, like [`stl`].
pub fn stl_parts(lib: &Library, inst: &Instance) -> Vec<(String, Vec<u8>)> {
    gvcs_geom::build(lib, inst)
        .iter()
        .map(|pm| {
            let path = &inst.parts[pm.part].path;
            (file_stem(path), write(&format!("{path} of {} mm z-up, gvcs-export", inst.machine), std::iter::once(&pm.mesh)))
        })
        .collect()
}

fn write<'a>(title: &str, meshes: impl Iterator<Item = &'a Mesh> + Clone) -> Vec<u8> {
    let count: usize = meshes.clone().map(|m| m.indices.len() / 3).sum();
    let mut out = Vec::with_capacity(84 + 50 * count);
    // A binary header must not begin with `solid`, or some readers take the file for ASCII.
    let mut header = [b' '; 80];
    for (h, b) in header.iter_mut().zip(title.bytes().filter(u8::is_ascii)) {
        *h = b;
    }
    out.extend_from_slice(&header);
    out.extend_from_slice(&(count as u32).to_le_bytes());
    for m in meshes {
        for t in m.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| m.positions[i as usize]);
            for v in facet_normal(a, b, c).into_iter().chain(a).chain(b).chain(c) {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&0u16.to_le_bytes());
        }
    }
    out
}

/// The unit normal of the triangle as stored (right-hand rule), or zero for a sliver.
pub(crate) fn facet_normal(a: [f32; 3], b: [f32; 3], c: [f32; 3]) -> [f32; 3] {
    let [a, b, c] = [a, b, c].map(|p| p.map(f64::from));
    let (u, v) = ([b[0] - a[0], b[1] - a[1], b[2] - a[2]], [c[0] - a[0], c[1] - a[1], c[2] - a[2]]);
    let n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
    if len == 0.0 { [0.0; 3] } else { n.map(|x| (x / len) as f32) }
}
