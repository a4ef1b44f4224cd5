//! Indexed triangle meshes in f32 (what the GPU takes), with the checks that make them
//! trustworthy: closed, outward-facing, and of a known volume.

use glam::{DAffine3, DVec3};
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mesh {
    pub positions: Vec<[f32; 3]>,
    pub normals: Vec<[f32; 3]>,
    /// Counter-clockwise seen from outside.
    pub indices: Vec<u32>,
}

fn f32s(v: [f64; 3]) -> [f32; 3] {
    [v[0] as f32, v[1] as f32, v[2] as f32]
}

impl Mesh {
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// Adds a triangle with its own three vertices.
    pub fn triangle(&mut self, p: [[f64; 3]; 3], n: [[f64; 3]; 3]) {
        let base = self.positions.len() as u32;
        for k in 0..3 {
            self.positions.push(f32s(p[k]));
            self.normals.push(f32s(n[k]));
        }
        self.indices.extend([base, base + 1, base + 2]);
    }

    pub fn append(&mut self, o: &Mesh) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&o.positions);
        self.normals.extend_from_slice(&o.normals);
        self.indices.extend(o.indices.iter().map(|i| i + base));
    }

    /// The mesh moved by `t`; a mirroring transform flips the winding so faces stay outward.
    pub fn transformed(&self, t: &DAffine3) -> Mesh {
        let normal_matrix = t.matrix3.inverse().transpose();
        let flip = t.matrix3.determinant() < 0.0;
        let positions =
            self.positions.iter().map(|p| f32s(t.transform_point3(DVec3::new(p[0] as f64, p[1] as f64, p[2] as f64)).to_array())).collect();
        let normals = self
            .normals
            .iter()
            .map(|n| f32s((normal_matrix * DVec3::new(n[0] as f64, n[1] as f64, n[2] as f64)).normalize_or_zero().to_array()))
            .collect();
        let mut indices = self.indices.clone();
        if flip {
            for tri in indices.chunks_exact_mut(3) {
                tri.swap(1, 2);
            }
        }
        Mesh { positions, normals, indices }
    }

    fn vertex(&self, i: u32) -> DVec3 {
        let p = self.positions[i as usize];
        DVec3::new(p[0] as f64, p[1] as f64, p[2] as f64)
    }

    /// Enclosed volume (divergence theorem); positive when the faces point outward.
    pub fn volume(&self) -> f64 {
        self.indices.chunks_exact(3).map(|t| self.vertex(t[0]).dot(self.vertex(t[1]).cross(self.vertex(t[2]))) / 6.0).sum()
    }

    pub fn bounds(&self) -> Bounds {
        self.positions.iter().fold(Bounds::EMPTY, |b, p| b.with(DVec3::new(p[0] as f64, p[1] as f64, p[2] as f64)))
    }

    /// Checks that the mesh is a closed surface: after welding coincident vertices, every
    /// edge is shared by exactly two triangles that run along it in opposite directions.
    /// And that each stored normal faces the same side as its triangle.
    pub fn check_closed(&self) -> Result<(), String> {
        let key = |p: [f32; 3]| [(p[0] * 100.0).round() as i64, (p[1] * 100.0).round() as i64, (p[2] * 100.0).round() as i64];
        let mut ids: HashMap<[i64; 3], usize> = HashMap::new();
        let weld: Vec<usize> = self
            .positions
            .iter()
            .map(|p| {
                let n = ids.len();
                *ids.entry(key(*p)).or_insert(n)
            })
            .collect();
        let mut edges: HashMap<(usize, usize), i32> = HashMap::new();
        for t in self.indices.chunks_exact(3) {
            let v = [weld[t[0] as usize], weld[t[1] as usize], weld[t[2] as usize]];
            if v[0] == v[1] || v[1] == v[2] || v[0] == v[2] {
                continue; // degenerate sliver: contributes no surface
            }
            for k in 0..3 {
                *edges.entry((v[k], v[(k + 1) % 3])).or_default() += 1;
            }
            let face = (self.vertex(t[1]) - self.vertex(t[0])).cross(self.vertex(t[2]) - self.vertex(t[0]));
            for &i in t {
                let n = self.normals[i as usize];
                let n = DVec3::new(n[0] as f64, n[1] as f64, n[2] as f64);
                if face.length() > 1e-6 && face.dot(n) <= 0.0 {
                    let [x, y, z] = self.positions[i as usize].map(f64::from);
                    return Err(format!("a normal points into the solid at ({x}, {y}, {z}) mm"));
                }
            }
        }
        for (&(a, b), &n) in &edges {
            let back = edges.get(&(b, a)).copied().unwrap_or(0);
            if n != back {
                return Err(format!("edge {a}-{b} is used {n} times one way and {back} times the other"));
            }
        }
        Ok(())
    }

    /// Distance along the ray to the nearest triangle hit (Möller–Trumbore), if any.
    pub fn ray_hit(&self, origin: DVec3, dir: DVec3) -> Option<f64> {
        self.ray_hit_where(origin, dir, |_| true)
    }

    /// Distance along the ray to the nearest triangle hit at a point `keep` accepts (a
    /// section plane's kept side), if any. Faces are hit from either side.
    pub fn ray_hit_where(&self, origin: DVec3, dir: DVec3, keep: impl Fn(DVec3) -> bool) -> Option<f64> {
        let mut best: Option<f64> = None;
        for t in self.indices.chunks_exact(3) {
            if let Some(d) = ray_triangle(origin, dir, [self.vertex(t[0]), self.vertex(t[1]), self.vertex(t[2])])
                && best.is_none_or(|bd| d < bd)
                && keep(origin + dir * d)
            {
                best = Some(d);
            }
        }
        best
    }
}

/// Where a ray from `origin` along `dir` meets the triangle `tri`, as a distance along the ray
/// in lengths of `dir` (Möller–Trumbore); either side of the triangle, never behind the origin.
pub fn ray_triangle(origin: DVec3, dir: DVec3, tri: [DVec3; 3]) -> Option<f64> {
    let [a, b, c] = tri;
    let (e1, e2) = (b - a, c - a);
    let p = dir.cross(e2);
    let det = e1.dot(p);
    if det.abs() < 1e-12 {
        return None;
    }
    let inv = 1.0 / det;
    let s = origin - a;
    let u = s.dot(p) * inv;
    if !(0.0..=1.0).contains(&u) {
        return None;
    }
    let q = s.cross(e1);
    let v = dir.dot(q) * inv;
    if v < 0.0 || u + v > 1.0 {
        return None;
    }
    let d = e2.dot(q) * inv;
    (d > 1e-9).then_some(d)
}

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: DVec3,
    pub max: DVec3,
}

impl Bounds {
    pub const EMPTY: Bounds = Bounds { min: DVec3::splat(f64::INFINITY), max: DVec3::splat(f64::NEG_INFINITY) };

    pub fn is_empty(&self) -> bool {
        self.min.x > self.max.x
    }
    pub fn with(self, p: DVec3) -> Bounds {
        Bounds { min: self.min.min(p), max: self.max.max(p) }
    }
    pub fn union(&self, o: &Bounds) -> Bounds {
        Bounds { min: self.min.min(o.min), max: self.max.max(o.max) }
    }
    pub fn centre(&self) -> DVec3 {
        if self.is_empty() { DVec3::ZERO } else { (self.min + self.max) / 2.0 }
    }
    pub fn size(&self) -> DVec3 {
        if self.is_empty() { DVec3::ZERO } else { self.max - self.min }
    }
    /// Radius of the sphere around the box.
    pub fn radius(&self) -> f64 {
        self.size().length() / 2.0
    }
    /// Whether the ray meets the box (slab test).
    pub fn hit(&self, origin: DVec3, dir: DVec3) -> bool {
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for k in 0..3 {
            if dir[k].abs() < 1e-12 {
                if origin[k] < self.min[k] || origin[k] > self.max[k] {
                    return false;
                }
                continue;
            }
            let (a, b) = ((self.min[k] - origin[k]) / dir[k], (self.max[k] - origin[k]) / dir[k]);
            lo = lo.max(a.min(b));
            hi = hi.min(a.max(b));
        }
        hi >= lo.max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRI: [DVec3; 3] = [DVec3::new(0.0, 0.0, 0.0), DVec3::new(10.0, 0.0, 0.0), DVec3::new(0.0, 10.0, 0.0)];

    #[test]
    fn a_ray_meets_a_triangle_inside_it_from_either_side() {
        let down = ray_triangle(DVec3::new(2.0, 3.0, 5.0), DVec3::NEG_Z, TRI).unwrap();
        assert!((down - 5.0).abs() < 1e-12);
        let up = ray_triangle(DVec3::new(2.0, 3.0, -4.0), DVec3::Z * 2.0, TRI).unwrap();
        assert!((up - 2.0).abs() < 1e-12, "in lengths of dir");
        // On an edge counts; outside, parallel or behind does not.
        assert!(ray_triangle(DVec3::new(5.0, 5.0, 1.0), DVec3::NEG_Z, TRI).is_some());
        assert_eq!(ray_triangle(DVec3::new(6.0, 6.0, 1.0), DVec3::NEG_Z, TRI), None);
        assert_eq!(ray_triangle(DVec3::new(-1.0, 3.0, 1.0), DVec3::NEG_Z, TRI), None);
        assert_eq!(ray_triangle(DVec3::new(2.0, 3.0, 1.0), DVec3::X, TRI), None);
        assert_eq!(ray_triangle(DVec3::new(2.0, 3.0, 1.0), DVec3::Z, TRI), None);
    }

    #[test]
    fn a_ray_through_a_cut_box_hits_its_kept_side_only() {
        // A 100 mm cube from 0 to 100, the ray along +x at y = z = 50.
        let cube = crate::extrude(&crate::CrossSection::rect(100.0, 100.0), 100.0)
            .transformed(&glam::DAffine3::from_translation(DVec3::new(50.0, 50.0, 0.0)));
        let (o, d) = (DVec3::new(-50.0, 50.0, 50.0), DVec3::X);
        assert!((cube.ray_hit(o, d).unwrap() - 50.0).abs() < 1e-4);
        // Cut away x < 30: the ray goes on to the far face from inside.
        let far = cube.ray_hit_where(o, d, |p| p.x >= 30.0).unwrap();
        assert!((far - 150.0).abs() < 1e-4, "{far}");
        // Everything cut away: nothing is hit.
        assert_eq!(cube.ray_hit_where(o, d, |p| p.x > 500.0), None);
    }
}
