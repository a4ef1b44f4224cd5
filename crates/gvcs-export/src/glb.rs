//! glTF 2.0 binary (GLB): a 12-byte header, a JSON chunk and a BIN chunk, each padded to
//! four bytes. The JSON is written with serde_json; the container is simple enough to write by
//! hand, which keeps the web build free of a glTF crate.

use crate::{machine_extras, materials, part_extras, y_up};
use gvcs_def::{Instance, Library};
use serde_json::{Value, json};

const MAGIC: &[u8; 4] = b"glTF";
const VERSION: u32 = 2;
const CHUNK_JSON: u32 = 0x4E4F_534A;
const CHUNK_BIN: u32 = 0x004E_4942;
const ARRAY_BUFFER: u32 = 34962;
const ELEMENT_ARRAY_BUFFER: u32 = 34963;
const FLOAT: u32 = 5126;
const UNSIGNED_INT: u32 = 5125;
/// The viewer's surface: slightly metallic painted steel.
const METALLIC: f64 = 0.1;
const ROUGHNESS: f64 = 0.6;

/// The machine as a glTF 2.0 binary, in **metres with +Y up** as glTF requires (the core's
/// millimetres with +Z up are converted: `(x, y, z)` mm becomes `(x, z, -y) / 1000` m).
///
/// The scene has one root node named after the machine, whose `extras` hold the machine id and
/// the parameter values it was exported at, and under it one node and one mesh per drawn part
/// (every copy of the part baked into that mesh), named by the part's path. Each mesh's
/// `extras` say what the part is ([`part_extras`]: stock, size, copies, group), and its
/// material carries the viewer's colour as `baseColorFactor` (linear, as glTF wants; the sRGB
/// colour is in the material's `extras`).
pub fn glb(lib: &Library, inst: &Instance) -> Vec<u8> {
    let meshes: Vec<_> = gvcs_geom::build(lib, inst).into_iter().filter(|m| !m.mesh.is_empty()).collect();
    let (mats, mat_of) = materials(lib, inst, &meshes);
    let mut bin: Vec<u8> = Vec::new();
    let (mut views, mut accessors, mut gl_meshes, mut nodes) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    nodes.push(json!({
        "name": inst.name,
        "children": (1..=meshes.len()).collect::<Vec<_>>(),
        "extras": machine_extras(inst),
    }));
    for (k, pm) in meshes.iter().enumerate() {
        let positions: Vec<[f32; 3]> = pm.mesh.positions.iter().map(|p| y_up(*p, 0.001)).collect();
        let normals: Vec<[f32; 3]> = pm.mesh.normals.iter().map(|n| unit(y_up(*n, 1.0))).collect();
        let (min, max) = min_max(&positions);
        let count = positions.len();
        let pos = push_view(&mut bin, &mut views, positions.iter().flatten().flat_map(|v| v.to_le_bytes()), ARRAY_BUFFER);
        accessors.push(json!({
            "bufferView": pos, "componentType": FLOAT, "count": count, "type": "VEC3",
            // Exactly the f32 values stored: the validator compares them.
            "min": min.map(f64::from), "max": max.map(f64::from),
        }));
        let nor = push_view(&mut bin, &mut views, normals.iter().flatten().flat_map(|v| v.to_le_bytes()), ARRAY_BUFFER);
        accessors.push(json!({ "bufferView": nor, "componentType": FLOAT, "count": count, "type": "VEC3" }));
        let idx = push_view(&mut bin, &mut views, pm.mesh.indices.iter().flat_map(|i| i.to_le_bytes()), ELEMENT_ARRAY_BUFFER);
        accessors.push(json!({ "bufferView": idx, "componentType": UNSIGNED_INT, "count": pm.mesh.indices.len(), "type": "SCALAR" }));
        let path = &inst.parts[pm.part].path;
        gl_meshes.push(json!({
            "name": path,
            "primitives": [{
                "attributes": { "POSITION": accessors.len() - 3, "NORMAL": accessors.len() - 2 },
                "indices": accessors.len() - 1,
                "material": mat_of[k],
                "mode": 4,
            }],
            "extras": part_extras(lib, inst, pm.part),
        }));
        nodes.push(json!({ "name": path, "mesh": k }));
    }
    let materials: Vec<Value> = mats
        .iter()
        .map(|(name, c)| {
            let [r, g, b] = c.map(srgb_to_linear);
            json!({
                "name": name,
                "pbrMetallicRoughness": { "baseColorFactor": [r, g, b, 1.0], "metallicFactor": METALLIC, "roughnessFactor": ROUGHNESS },
                "extras": { "srgb": format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]) },
            })
        })
        .collect();
    let mut doc = json!({
        "asset": { "version": "2.0", "generator": concat!("gvcs-export ", env!("CARGO_PKG_VERSION")) },
        "scene": 0,
        "scenes": [{ "name": inst.name, "nodes": [0] }],
        "nodes": nodes,
    });
    if !meshes.is_empty() {
        doc["meshes"] = json!(gl_meshes);
        doc["materials"] = json!(materials);
        doc["accessors"] = json!(accessors);
        doc["bufferViews"] = json!(views);
        doc["buffers"] = json!([{ "byteLength": bin.len() }]);
    }
    container(&serde_json::to_vec(&doc).expect("JSON of plain values"), &bin)
}

/// Appends `bytes` to the buffer (4-byte aligned) as a new buffer view; returns its index.
fn push_view(bin: &mut Vec<u8>, views: &mut Vec<Value>, bytes: impl Iterator<Item = u8>, target: u32) -> usize {
    pad(bin, 0);
    let offset = bin.len();
    bin.extend(bytes);
    views.push(json!({ "buffer": 0, "byteOffset": offset, "byteLength": bin.len() - offset, "target": target }));
    views.len() - 1
}

fn pad(v: &mut Vec<u8>, with: u8) {
    while !v.len().is_multiple_of(4) {
        v.push(with);
    }
}

/// Header, JSON chunk (padded with spaces) and BIN chunk (padded with zeros; left out when
/// there is no geometry).
fn container(json: &[u8], bin: &[u8]) -> Vec<u8> {
    let mut json = json.to_vec();
    pad(&mut json, b' ');
    let mut bin = bin.to_vec();
    pad(&mut bin, 0);
    let total = 12 + 8 + json.len() + if bin.is_empty() { 0 } else { 8 + bin.len() };
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&CHUNK_JSON.to_le_bytes());
    out.extend_from_slice(&json);
    if !bin.is_empty() {
        out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
        out.extend_from_slice(&CHUNK_BIN.to_le_bytes());
        out.extend_from_slice(&bin);
    }
    out
}

fn min_max(ps: &[[f32; 3]]) -> ([f32; 3], [f32; 3]) {
    let mut min = [f32::INFINITY; 3];
    let mut max = [f32::NEG_INFINITY; 3];
    for p in ps {
        for k in 0..3 {
            min[k] = min[k].min(p[k]);
            max[k] = max[k].max(p[k]);
        }
    }
    (min, max)
}

/// A unit vector in f32 (glTF normals must be unit length); an unusable normal becomes +Y.
fn unit(n: [f32; 3]) -> [f32; 3] {
    let [x, y, z] = n.map(f64::from);
    let len = (x * x + y * y + z * z).sqrt();
    if len < 1e-6 { [0.0, 1.0, 0.0] } else { [(x / len) as f32, (y / len) as f32, (z / len) as f32] }
}

/// An sRGB byte as the linear factor glTF's `baseColorFactor` takes.
fn srgb_to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    let l = if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    (l * 1e4).round() / 1e4
}
