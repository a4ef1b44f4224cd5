//! The exports of the real machines, read back byte by byte: the GLB container and its
//! accessors, the STL's triangles and normals, the OBJ's indices and materials. The real tools
//! (glTF-Validator, admesh) check the same files in `tests/export` at the workspace root.

use gvcs_def::{Instance, Library, Settings};
use gvcs_geom::{Material, build};
use serde_json::Value;

fn data() -> &'static gvcs_assets::Data {
    static DATA: std::sync::OnceLock<gvcs_assets::Data> = std::sync::OnceLock::new();
    DATA.get_or_init(|| gvcs_assets::load().expect("default data"))
}

/// Every machine at its defaults, and the CEB press with its Power Cube included (part paths
/// with a `/`).
fn instances() -> Vec<Instance> {
    let lib = &data().library;
    let mut out: Vec<Instance> =
        lib.index.iter().filter(|e| lib.machine(&e.id).is_some()).map(|e| lib.evaluate(&e.id, &Settings::default()).unwrap()).collect();
    let mut s = Settings::default();
    s.0.insert("with_power_cube".into(), 1.0);
    out.push(lib.evaluate("ceb-press", &s).unwrap());
    assert!(out.len() >= 3);
    out
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// The JSON and BIN chunks of a GLB, checking the container on the way.
fn read_glb(b: &[u8]) -> (Value, &[u8]) {
    assert_eq!(&b[0..4], b"glTF");
    assert_eq!(u32_at(b, 4), 2, "version");
    assert_eq!(u32_at(b, 8) as usize, b.len(), "header length");
    let json_len = u32_at(b, 12) as usize;
    assert_eq!(u32_at(b, 16), 0x4E4F_534A, "JSON chunk first");
    assert_eq!(json_len % 4, 0, "JSON chunk padded to 4 bytes");
    let json: Value = serde_json::from_slice(&b[20..20 + json_len]).expect("JSON chunk parses (padding is spaces)");
    let at = 20 + json_len;
    if at == b.len() {
        return (json, &[]);
    }
    let bin_len = u32_at(b, at) as usize;
    assert_eq!(u32_at(b, at + 4), 0x004E_4942, "BIN chunk second");
    assert_eq!(bin_len % 4, 0, "BIN chunk padded to 4 bytes");
    assert_eq!(at + 8 + bin_len, b.len(), "nothing after the BIN chunk");
    (json, &b[at + 8..])
}

fn n(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}")) as usize
}

#[test]
fn glb_container_accessors_and_triangles() {
    let lib: &Library = &data().library;
    for inst in instances() {
        let bytes = gvcs_export::glb(lib, &inst);
        let (doc, bin) = read_glb(&bytes);
        assert_eq!(doc["asset"]["version"], "2.0");
        assert_eq!(n(&doc["buffers"][0]["byteLength"]), bin.len());
        for v in doc["bufferViews"].as_array().unwrap() {
            let (off, len) = (n(&v["byteOffset"]), n(&v["byteLength"]));
            assert_eq!(off % 4, 0, "views start 4-byte aligned");
            assert!(off + len <= bin.len());
        }
        let meshes = build(lib, &inst);
        let gl_meshes = doc["meshes"].as_array().unwrap();
        assert_eq!(gl_meshes.len(), meshes.len(), "{}: one glTF mesh per part mesh", inst.machine);
        // The root node is the machine, with the parameters it was exported at.
        assert_eq!(doc["nodes"][0]["name"], inst.name.as_str());
        assert_eq!(doc["nodes"][0]["extras"]["machine"], inst.machine.as_str());
        assert_eq!(doc["nodes"][0]["extras"]["parameters"].as_array().unwrap().len(), inst.params.len());
        assert_eq!(doc["nodes"][0]["children"].as_array().unwrap().len(), meshes.len());
        let accessor = |i: &Value| &doc["accessors"][n(i)];
        let view_bytes = |a: &Value| {
            let v = &doc["bufferViews"][n(&a["bufferView"])];
            &bin[n(&v["byteOffset"])..n(&v["byteOffset"]) + n(&v["byteLength"])]
        };
        for (pm, gm) in meshes.iter().zip(gl_meshes) {
            let part = &inst.parts[pm.part];
            assert_eq!(gm["name"], part.path.as_str());
            assert_eq!(gm["extras"]["path"], part.path.as_str());
            assert!(gm["extras"]["stock"].is_string() && gm["extras"]["kind"].is_string(), "{}", gm["extras"]);
            assert_eq!(n(&gm["extras"]["copies"]), part.count());
            let prim = &gm["primitives"][0];
            // Triangles: the index count is the mesh's.
            let idx = accessor(&prim["indices"]);
            assert_eq!(n(&idx["count"]), pm.mesh.indices.len());
            assert_eq!(n(&idx["count"]) % 3, 0);
            let pos = accessor(&prim["attributes"]["POSITION"]);
            let count = n(&pos["count"]);
            assert_eq!(count, pm.mesh.positions.len());
            let ib = view_bytes(idx);
            assert_eq!(ib.len(), 4 * pm.mesh.indices.len());
            assert!((0..pm.mesh.indices.len()).all(|k| (u32_at(ib, 4 * k) as usize) < count), "indices in range");
            // min/max are exactly those of the stored positions, which are the core's in metres, +Y up.
            let pb = view_bytes(pos);
            assert_eq!(pb.len(), 12 * count);
            let (mut min, mut max) = ([f32::INFINITY; 3], [f32::NEG_INFINITY; 3]);
            for i in 0..count {
                for k in 0..3 {
                    let v = f32_at(pb, 12 * i + 4 * k);
                    min[k] = min[k].min(v);
                    max[k] = max[k].max(v);
                }
            }
            // (Compared as f32: serde_json's default float parsing may be one f64 ulp off; the
            // validator's is exact.)
            for k in 0..3 {
                assert_eq!(pos["min"][k].as_f64().unwrap() as f32, min[k]);
                assert_eq!(pos["max"][k].as_f64().unwrap() as f32, max[k]);
            }
            let b = pm.mesh.bounds();
            let close = |m: f32, mm: f64| (f64::from(m) * 1000.0 - mm).abs() < 0.01;
            assert!(close(max[0], b.max.x) && close(max[1], b.max.z) && close(min[2], -b.max.y), "metres, +Y up: {min:?} {max:?} {b:?}");
            // Normals are unit vectors.
            let nb = view_bytes(accessor(&prim["attributes"]["NORMAL"]));
            for i in 0..count {
                let l: f32 = (0..3).map(|k| f32_at(nb, 12 * i + 4 * k).powi(2)).sum();
                assert!((l - 1.0).abs() < 1e-5, "normal length² {l}");
            }
            // The viewer's colour, in linear light.
            let c = pm.material.colour();
            let f = &doc["materials"][n(&prim["material"])]["pbrMetallicRoughness"]["baseColorFactor"];
            let srgb = |l: f64| (if l <= 0.0031308 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 }) * 255.0;
            for k in 0..3 {
                assert!((srgb(f[k].as_f64().unwrap()) - f64::from(c[k])).abs() < 0.5, "{f} vs {c:?}");
            }
        }
    }
}

#[test]
fn glb_extras_give_stock_and_size() {
    let lib = &data().library;
    let inst = lib.evaluate("power-cube", &Settings::default()).unwrap();
    let (doc, _) = read_glb(&gvcs_export::glb(lib, &inst));
    let extras: Vec<&Value> = doc["meshes"].as_array().unwrap().iter().map(|m| &m["extras"]).collect();
    let bar = extras.iter().find(|e| e["kind"] == "bar").expect("a bar");
    assert!(bar["length_mm"].as_f64().unwrap() > 0.0);
    let comp = extras.iter().find(|e| e["kind"] == "component" && e["stock"] == "engine").expect("the engine");
    assert!(comp["size"].as_object().is_some_and(|s| !s.is_empty()), "{comp}");
    let params = &doc["nodes"][0]["extras"]["parameters"];
    assert!(params.as_array().unwrap().iter().any(|p| p["name"] == "frame_length" && p["unit"] == "in" && p["value"] == 29.0), "{params}");
}

#[test]
fn glb_of_a_machine_with_nothing_drawn_is_still_valid() {
    let lib = &data().library;
    let mut inst = lib.evaluate("power-cube", &Settings::default()).unwrap();
    inst.parts.clear();
    let bytes = gvcs_export::glb(lib, &inst);
    let (doc, bin) = read_glb(&bytes);
    assert!(bin.is_empty() && doc.get("buffers").is_none() && doc.get("meshes").is_none());
}

#[test]
fn stl_triangles_and_normals() {
    let lib = &data().library;
    for inst in instances() {
        let meshes = build(lib, &inst);
        let bytes = gvcs_export::stl(lib, &inst);
        assert!(!bytes.starts_with(b"solid"), "a binary STL must not look like ASCII");
        let count = u32_at(&bytes, 80) as usize;
        assert_eq!(count, meshes.iter().map(|m| m.mesh.indices.len() / 3).sum::<usize>());
        assert_eq!(bytes.len(), 84 + 50 * count);
        // Facet by facet, in the order of the meshes: the corners are the mesh's (millimetres,
        // +Z up), the normal is unit, follows the right-hand rule and agrees with the mesh's.
        let mut at = 84;
        for pm in &meshes {
            for t in pm.mesh.indices.chunks_exact(3) {
                let f = |k: usize| f32_at(&bytes, at + 4 * k);
                let normal = [f(0), f(1), f(2)];
                for (c, &i) in t.iter().enumerate() {
                    assert_eq!([f(3 + 3 * c), f(4 + 3 * c), f(5 + 3 * c)], pm.mesh.positions[i as usize]);
                }
                let l: f32 = normal.iter().map(|x| x * x).sum();
                assert!((l - 1.0).abs() < 1e-5, "{}: normal {normal:?}", inst.parts[pm.part].path);
                let vn = pm.mesh.normals[t[0] as usize];
                assert!(normal.iter().zip(vn).map(|(a, b)| a * b).sum::<f32>() > 0.0, "facet normal against the mesh's");
                assert_eq!(&bytes[at + 48..at + 50], &[0, 0]);
                at += 50;
            }
        }
    }
}

#[test]
fn stl_per_part_files() {
    let lib = &data().library;
    let mut s = Settings::default();
    s.0.insert("with_power_cube".into(), 1.0);
    let inst = lib.evaluate("ceb-press", &s).unwrap();
    let meshes = build(lib, &inst);
    let files = gvcs_export::stl_parts(lib, &inst);
    assert_eq!(files.len(), meshes.len());
    let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.iter().all(|n| !n.contains('/') && !n.is_empty()));
    assert!(names.iter().any(|n| n.starts_with("power-cube--")), "{names:?}");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), files.len(), "file names are distinct");
    for ((_, bytes), pm) in files.iter().zip(&meshes) {
        assert_eq!(u32_at(bytes, 80) as usize, pm.mesh.indices.len() / 3);
        assert_eq!(bytes.len(), 84 + 50 * pm.mesh.indices.len() / 3);
    }
}

#[test]
fn obj_indices_in_range_and_materials_defined() {
    let lib = &data().library;
    for inst in instances() {
        let meshes = build(lib, &inst);
        let (obj, mtl) = gvcs_export::obj(lib, &inst, "machine.mtl");
        let defined: Vec<&str> = mtl.lines().filter_map(|l| l.strip_prefix("newmtl ")).collect();
        let (mut v, mut vn, mut faces, mut objects, mut mtllib) = (0usize, 0usize, 0usize, 0usize, 0);
        for line in obj.lines() {
            let mut w = line.split_whitespace();
            match w.next() {
                Some("v") => v += 1,
                Some("vn") => vn += 1,
                Some("o") => objects += 1,
                Some("mtllib") => {
                    assert_eq!(w.next(), Some("machine.mtl"));
                    mtllib += 1;
                }
                Some("usemtl") => assert!(defined.contains(&w.next().unwrap()), "{line}"),
                Some("f") => {
                    faces += 1;
                    let corners: Vec<&str> = w.collect();
                    assert_eq!(corners.len(), 3);
                    for c in corners {
                        let (a, b) = c.split_once("//").unwrap();
                        let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                        assert!(a >= 1 && a <= v && b >= 1 && b <= vn, "{line}: indices refer back to written vertices");
                    }
                }
                _ => {}
            }
        }
        assert_eq!(mtllib, 1);
        assert_eq!(objects, meshes.len());
        assert_eq!(v, meshes.iter().map(|m| m.mesh.positions.len()).sum::<usize>());
        assert_eq!(vn, v);
        assert_eq!(faces, meshes.iter().map(|m| m.mesh.indices.len() / 3).sum::<usize>());
        // Steel in the viewer's colours.
        let kd = |name: &str| {
            let block = mtl.split("newmtl ").find(|b| b.starts_with(&format!("{name}\n"))).unwrap();
            let kd: Vec<f64> = block.lines().find_map(|l| l.strip_prefix("Kd ")).unwrap().split(' ').map(|x| x.parse().unwrap()).collect();
            kd
        };
        for pm in &meshes {
            if let Material::Steel(class) = pm.material {
                let c = pm.material.colour();
                let got = kd(&format!("steel-{}", class.as_str()));
                assert!((0..3).all(|k| (got[k] * 255.0 - f64::from(c[k])).abs() < 0.05));
            }
        }
    }
}
