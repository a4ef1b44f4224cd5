//! A small flat-shaded picture of a machine from its own meshes, without a GPU: triangles
//! projected from the viewer's three-quarter view, lit by one light, sorted far to near so a
//! 2D canvas can paint them in order. The catalog shows one per machine; a page can hold
//! dozens, where it could hold only a few WebGL contexts.

use crate::{Bounds, PartMesh};
use glam::DVec3;

/// One triangle to paint: corners in pixels (y down) and its shaded colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    pub points: [[f32; 2]; 3],
    pub rgb: [u8; 3],
}

/// The direction the picture is seen from: the viewer's "3D" view (yaw -0.65, pitch 0.45).
fn view_dir() -> DVec3 {
    let (yaw, pitch): (f64, f64) = (-0.65, 0.45);
    let (sy, cy) = yaw.sin_cos();
    let (sp, cp) = pitch.sin_cos();
    -DVec3::new(sy * cp, -cy * cp, sp)
}

/// The facets of `meshes` drawn orthographically into `width` x `height` pixels with a
/// margin, back faces dropped, far ones first.
pub fn sketch(meshes: &[PartMesh], width: f64, height: f64) -> Vec<Facet> {
    let forward = view_dir();
    let right = forward.cross(DVec3::Z).normalize();
    let up = right.cross(forward);
    let light = (DVec3::new(0.4, -0.6, 0.9).normalize() - forward * 0.3).normalize();
    let mut bounds = Bounds::EMPTY;
    for pm in meshes {
        for p in &pm.mesh.positions {
            let p = DVec3::new(p[0] as f64, p[1] as f64, p[2] as f64);
            bounds = bounds.with(DVec3::new(p.dot(right), p.dot(up), 0.0));
        }
    }
    if bounds.is_empty() {
        return Vec::new();
    }
    let size = bounds.size();
    let margin = 0.06;
    let scale = ((width * (1.0 - 2.0 * margin)) / size.x.max(1e-9)).min((height * (1.0 - 2.0 * margin)) / size.y.max(1e-9));
    let centre = bounds.centre();
    let to_px = |p: DVec3| -> [f32; 2] {
        let x = (p.dot(right) - centre.x) * scale + width / 2.0;
        let y = height / 2.0 - (p.dot(up) - centre.y) * scale;
        [x as f32, y as f32]
    };
    let mut out: Vec<(f64, Facet)> = Vec::new();
    for pm in meshes {
        let c = pm.material.colour();
        let m = &pm.mesh;
        for t in m.indices.chunks_exact(3) {
            let v = |i: u32| {
                let p = m.positions[i as usize];
                DVec3::new(p[0] as f64, p[1] as f64, p[2] as f64)
            };
            let (a, b, cc) = (v(t[0]), v(t[1]), v(t[2]));
            let n = (b - a).cross(cc - a);
            if n.dot(forward) >= 0.0 || n.length_squared() == 0.0 {
                continue;
            }
            let n = n.normalize();
            let shade = 0.45 + 0.55 * n.dot(light).max(0.0);
            let rgb = [0, 1, 2].map(|k| (c[k] as f64 * shade).round().clamp(0.0, 255.0) as u8);
            let points = [to_px(a), to_px(b), to_px(cc)];
            // A facet smaller than a fifth of a pixel changes nothing a person can see.
            let area = ((points[1][0] - points[0][0]) * (points[2][1] - points[0][1])
                - (points[1][1] - points[0][1]) * (points[2][0] - points[0][0]))
                .abs()
                / 2.0;
            if area < 0.2 {
                continue;
            }
            let depth = (a + b + cc).dot(forward) / 3.0;
            out.push((depth, Facet { points, rgb }));
        }
    }
    // Far first: the painter's order.
    gvcs_def::sort::by(&mut out, |x, y| y.0.total_cmp(&x.0));
    out.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Material, Mesh};

    fn cube(at: f64) -> PartMesh {
        let mut mesh = crate::extrude(&crate::CrossSection::rect(100.0, 100.0), 100.0);
        mesh = mesh.transformed(&glam::DAffine3::from_translation(DVec3::new(at, 0.0, 0.0)));
        PartMesh { part: 0, material: Material::Component([200, 100, 50]), mesh }
    }

    #[test]
    fn a_box_shows_three_faces_inside_the_frame() {
        let f = sketch(&[cube(0.0)], 200.0, 150.0);
        // Three faces of two triangles each face the eye.
        assert_eq!(f.len(), 6);
        for p in f.iter().flat_map(|f| f.points) {
            assert!((0.0..=200.0).contains(&p[0]) && (0.0..=150.0).contains(&p[1]), "{p:?}");
        }
        // The top is lit more than the sides.
        assert!(f.iter().map(|f| f.rgb[0]).max() > f.iter().map(|f| f.rgb[0]).min());
    }

    #[test]
    fn far_facets_come_first_and_nothing_is_empty() {
        let f = sketch(&[cube(0.0), cube(500.0)], 300.0, 200.0);
        assert_eq!(f.len(), 12);
        assert!(sketch(&[PartMesh { part: 0, material: Material::Component([0; 3]), mesh: Mesh::default() }], 10.0, 10.0).is_empty());
    }
}
