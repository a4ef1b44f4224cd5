//! glTF 2.0 binary (GLB): a 12-byte header, a JSON chunk and a BIN chunk, each padded to
//! four bytes. The JSON is written with `gvcs-json`; the container is simple enough to write by
//! hand, which keeps the web build free of a glTF crate.

use crate::{machine_extras, materials, part_extras, y_up};
use gvcs_def::{Instance, Library};
use gvcs_json::Value;

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
    nodes.push(Value::obj([
        ("name", inst.name.as_str().into()),
        ("children", Value::arr(1..=meshes.len())),
        ("extras", machine_extras(inst)),
    ]));
    for (k, pm) in meshes.iter().enumerate() {
        let positions: Vec<[f32; 3]> = pm.mesh.positions.iter().map(|p| y_up(*p, 0.001)).collect();
        let normals: Vec<[f32; 3]> = pm.mesh.normals.iter().map(|n| unit(y_up(*n, 1.0))).collect();
        let (min, max) = min_max(&positions);
        let count = positions.len();
        let pos = push_view(&mut bin, &mut views, positions.iter().flatten().flat_map(|v| v.to_le_bytes()), ARRAY_BUFFER);
        accessors.push(Value::obj([
            ("bufferView", pos.into()),
            ("componentType", FLOAT.into()),
            ("count", count.into()),
            ("type", "VEC3".into()),
            // Exactly the f32 values stored: the validator compares them.
            ("min", min.map(f64::from).into()),
            ("max", max.map(f64::from).into()),
        ]));
        let nor = push_view(&mut bin, &mut views, normals.iter().flatten().flat_map(|v| v.to_le_bytes()), ARRAY_BUFFER);
        accessors.push(Value::obj([
            ("bufferView", nor.into()),
            ("componentType", FLOAT.into()),
            ("count", count.into()),
            ("type", "VEC3".into()),
        ]));
        let idx = push_view(&mut bin, &mut views, pm.mesh.indices.iter().flat_map(|i| i.to_le_bytes()), ELEMENT_ARRAY_BUFFER);
        accessors.push(Value::obj([
            ("bufferView", idx.into()),
            ("componentType", UNSIGNED_INT.into()),
            ("count", pm.mesh.indices.len().into()),
            ("type", "SCALAR".into()),
        ]));
        let path = &inst.parts[pm.part].path;
        let primitive = Value::obj([
            ("attributes", Value::obj([("POSITION", (accessors.len() - 3).into()), ("NORMAL", (accessors.len() - 2).into())])),
            ("indices", (accessors.len() - 1).into()),
            ("material", mat_of[k].into()),
            ("mode", 4usize.into()),
        ]);
        gl_meshes.push(Value::obj([
            ("name", path.into()),
            ("primitives", Value::Arr(vec![primitive])),
            ("extras", part_extras(lib, inst, pm.part)),
        ]));
        nodes.push(Value::obj([("name", path.into()), ("mesh", k.into())]));
    }
    let materials: Vec<Value> = mats
        .iter()
        .map(|(name, c)| {
            let [r, g, b] = c.map(srgb_to_linear);
            Value::obj([
                ("name", name.into()),
                (
                    "pbrMetallicRoughness",
                    Value::obj([
                        ("baseColorFactor", [r, g, b, 1.0].into()),
                        ("metallicFactor", METALLIC.into()),
                        ("roughnessFactor", ROUGHNESS.into()),
                    ]),
                ),
                ("extras", Value::obj([("srgb", format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]).into())])),
            ])
        })
        .collect();
    let mut doc = vec![
        ("asset", Value::obj([("version", "2.0".into()), ("generator", concat!("gvcs-export ", env!("CARGO_PKG_VERSION")).into())])),
        ("scene", 0usize.into()),
        ("scenes", Value::Arr(vec![Value::obj([("name", inst.name.as_str().into()), ("nodes", [0usize].into())])])),
        ("nodes", nodes.into()),
    ];
    if !meshes.is_empty() {
        doc.extend([
            ("meshes", gl_meshes.into()),
            ("materials", materials.into()),
            ("accessors", accessors.into()),
            ("bufferViews", views.into()),
            ("buffers", Value::Arr(vec![Value::obj([("byteLength", bin.len().into())])])),
        ]);
    }
    container(Value::obj(doc).write().as_bytes(), &bin)
}

/// Appends `bytes` to the buffer (4-byte aligned) as a new buffer view; returns its index.
fn push_view(bin: &mut Vec<u8>, views: &mut Vec<Value>, bytes: impl Iterator<Item = u8>, target: u32) -> usize {
    pad(bin, 0);
    let offset = bin.len();
    bin.extend(bytes);
    views.push(Value::obj([
        ("buffer", 0usize.into()),
        ("byteOffset", offset.into()),
        ("byteLength", (bin.len() - offset).into()),
        ("target", target.into()),
    ]));
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
