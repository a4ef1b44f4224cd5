//! Cross-sections as 2D polygons, and their extrusion into closed solids.

use crate::CIRCLE_SEGMENTS;
use crate::mesh::Mesh;
use gvcs_def::polygon::signed_area;
use gvcs_def::stock::Section;
use std::f64::consts::{FRAC_PI_2, TAU};

/// A closed polygon, counter-clockwise; `smooth[i]` shades vertex `i` as part of a curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Ring {
    pub points: Vec<[f64; 2]>,
    pub smooth: Vec<bool>,
}

impl Ring {
    /// A polygon with sharp corners (made counter-clockwise if it is not).
    pub fn sharp(mut points: Vec<[f64; 2]>) -> Ring {
        if signed_area(&points) < 0.0 {
            points.reverse();
        }
        let smooth = vec![false; points.len()];
        Ring { points, smooth }
    }

    fn circle(r: f64, segments: usize) -> Ring {
        let points = (0..segments).map(|i| {
            let a = TAU * i as f64 / segments as f64;
            [r * a.cos(), r * a.sin()]
        });
        Ring { points: points.collect(), smooth: vec![true; segments] }
    }

    /// A rectangle `w` x `h` centred on the origin with corner radius `r`.
    fn rounded_rect(w: f64, h: f64, r: f64) -> Ring {
        if r <= 0.0 {
            return Ring::sharp(vec![[-w / 2.0, -h / 2.0], [w / 2.0, -h / 2.0], [w / 2.0, h / 2.0], [-w / 2.0, h / 2.0]]);
        }
        let per_corner = (CIRCLE_SEGMENTS / 4).max(2);
        let (cx, cy) = (w / 2.0 - r, h / 2.0 - r);
        let mut points = Vec::new();
        let mut smooth = Vec::new();
        for (k, (sx, sy)) in [(1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)].into_iter().enumerate() {
            let start = -FRAC_PI_2 + k as f64 * FRAC_PI_2;
            for i in 0..=per_corner {
                let a = start + FRAC_PI_2 * i as f64 / per_corner as f64;
                points.push([sx * cx + r * a.cos(), sy * cy + r * a.sin()]);
                smooth.push(i != 0 && i != per_corner);
            }
        }
        Ring { points, smooth }
    }

    pub fn area(&self) -> f64 {
        signed_area(&self.points)
    }
}

/// A section: an outer ring and an optional hole.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossSection {
    pub outer: Ring,
    pub hole: Option<Ring>,
}

impl CrossSection {
    pub fn rect(w: f64, h: f64) -> CrossSection {
        CrossSection { outer: Ring::rounded_rect(w, h, 0.0), hole: None }
    }
    pub fn circle(r: f64) -> CrossSection {
        CrossSection { outer: Ring::circle(r, CIRCLE_SEGMENTS), hole: None }
    }
    pub fn area(&self) -> f64 {
        self.outer.area() - self.hole.as_ref().map_or(0.0, Ring::area)
    }
}

/// The section of a stock profile, centred on its bounding box. An angle's corner is at
/// the (-x, -y) side with its legs along +x and +y.
pub fn section_profile(s: &Section) -> CrossSection {
    match *s {
        Section::RectTube { b, h, t, r } => {
            CrossSection { outer: Ring::rounded_rect(b, h, r), hole: Some(Ring::rounded_rect(b - 2.0 * t, h - 2.0 * t, (r - t).max(0.0))) }
        }
        Section::RoundTube { d, t } => {
            CrossSection { outer: Ring::circle(d / 2.0, CIRCLE_SEGMENTS), hole: Some(Ring::circle(d / 2.0 - t, CIRCLE_SEGMENTS)) }
        }
        Section::Angle { b, h, t } => {
            let (x0, y0) = (-b / 2.0, -h / 2.0);
            CrossSection {
                outer: Ring::sharp(vec![[x0, y0], [x0 + b, y0], [x0 + b, y0 + t], [x0 + t, y0 + t], [x0 + t, y0 + h], [x0, y0 + h]]),
                hole: None,
            }
        }
        Section::Flat { b, t } => CrossSection::rect(b, t),
        Section::RoundBar { d } => CrossSection::circle(d / 2.0),
        Section::Plate { t } => CrossSection::rect(t, t),
    }
}

/// Extrudes `p` along z from `-length/2` to `length/2` into a closed solid with outward
/// normals: flat-shaded faces, smooth-shaded curves.
pub fn extrude(p: &CrossSection, length: f64) -> Mesh {
    let (z0, z1) = (-length / 2.0, length / 2.0);
    let mut m = Mesh::default();
    walls(&mut m, &p.outer, z0, z1, false);
    if let Some(h) = &p.hole {
        walls(&mut m, h, z0, z1, true);
    }
    // Caps: triangulate the section (with its hole) once, then place it at both ends.
    let mut data: Vec<[f64; 2]> = p.outer.points.clone();
    let mut holes: Vec<u32> = Vec::new();
    if let Some(h) = &p.hole {
        holes.push(data.len() as u32);
        data.extend(h.points.iter().rev());
    }
    let mut tris: Vec<u32> = Vec::new();
    match &p.hole {
        // A tube or pipe whose hole has a point for each outer point (the same corners or
        // the same circle, smaller): a ring of quads between them. Earcut's bridge into the
        // hole can run along a hole edge and leave a sliver of three collinear points.
        Some(h) if h.points.len() == p.outer.points.len() => {
            let n = h.points.len() as u32;
            // The hole was added reversed: hole point i is at data[2n - 1 - i].
            let inner = |i: u32| 2 * n - 1 - (i % n);
            for i in 0..n {
                let j = (i + 1) % n;
                tris.extend([i, j, inner(j), i, inner(j), inner(i)]);
            }
        }
        _ => earcut::Earcut::new().earcut(data.iter().copied(), &holes, &mut tris),
    }
    for (z, up) in [(z1, true), (z0, false)] {
        let n = [0.0, 0.0, if up { 1.0 } else { -1.0 }];
        for t in tris.chunks_exact(3) {
            let [a, b, c] = [data[t[0] as usize], data[t[1] as usize], data[t[2] as usize]];
            let ccw = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0.0;
            let (b, c) = if ccw == up { (b, c) } else { (c, b) };
            m.triangle([[a[0], a[1], z], [b[0], b[1], z], [c[0], c[1], z]], [n, n, n]);
        }
    }
    m
}

/// Side walls of one ring; `inward` for a hole, whose surface faces the hole's centre.
fn walls(m: &mut Mesh, r: &Ring, z0: f64, z1: f64, inward: bool) {
    let n = r.points.len();
    let s = if inward { -1.0 } else { 1.0 };
    let edge_normal = |i: usize| {
        let (a, b) = (r.points[i], r.points[(i + 1) % n]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let l = (dx * dx + dy * dy).sqrt().max(1e-12);
        [s * dy / l, -s * dx / l]
    };
    let vertex_normal = |i: usize, own: [f64; 2]| {
        if !r.smooth[i] {
            return own;
        }
        let (p, q) = (edge_normal((i + n - 1) % n), edge_normal(i));
        let (x, y) = (p[0] + q[0], p[1] + q[1]);
        let l = (x * x + y * y).sqrt().max(1e-12);
        [x / l, y / l]
    };
    for i in 0..n {
        let j = (i + 1) % n;
        let (a, b) = (r.points[i], r.points[j]);
        let en = edge_normal(i);
        let (na, nb) = (vertex_normal(i, en), vertex_normal(j, en));
        let (na, nb) = ([na[0], na[1], 0.0], [nb[0], nb[1], 0.0]);
        let (a0, b0, b1, a1) = ([a[0], a[1], z0], [b[0], b[1], z0], [b[0], b[1], z1], [a[0], a[1], z1]);
        if inward {
            m.triangle([a0, b1, b0], [na, nb, nb]);
            m.triangle([a0, a1, b1], [na, na, nb]);
        } else {
            m.triangle([a0, b0, b1], [na, nb, nb]);
            m.triangle([a0, b1, a1], [na, nb, na]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_areas_approach_the_section_areas() {
        let sections = [
            Section::RectTube { b: 101.6, h: 101.6, t: 6.35, r: 12.7 },
            Section::RoundTube { d: 60.3, t: 3.9 },
            Section::Angle { b: 50.8, h: 50.8, t: 6.35 },
            Section::Flat { b: 50.8, t: 6.35 },
            Section::RoundBar { d: 12.7 },
        ];
        for s in sections {
            let p = section_profile(&s);
            let rel = (p.area() - s.area()).abs() / s.area();
            assert!(rel < 0.015, "{s:?}: polygon {} vs {}", p.area(), s.area());
        }
        assert!((std::f64::consts::PI - CrossSection::circle(1.0).area()).abs() < 0.04);
    }
}
