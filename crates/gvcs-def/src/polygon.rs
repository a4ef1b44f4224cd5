//! Plane polygons as `[x, y]` points: plate outlines and stock sections.

/// Signed area of a polygon (positive when counter-clockwise).
pub fn signed_area(p: &[[f64; 2]]) -> f64 {
    (0..p.len())
        .map(|i| {
            let (a, b) = (p[i], p[(i + 1) % p.len()]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        / 2.0
}

/// Makes the polygon counter-clockwise and returns its area, or `None` if it is not convex.
pub fn convex_area(p: &mut [[f64; 2]]) -> Option<f64> {
    if signed_area(p) < 0.0 {
        p.reverse();
    }
    let n = p.len();
    for i in 0..n {
        let (a, b, c) = (p[i], p[(i + 1) % n], p[(i + 2) % n]);
        let cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
        if cross < -1e-9 {
            return None;
        }
    }
    let area = signed_area(p);
    (area > 0.0).then_some(area)
}

pub fn perimeter(p: &[[f64; 2]]) -> f64 {
    (0..p.len())
        .map(|i| {
            let (a, b) = (p[i], p[(i + 1) % p.len()]);
            ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt()
        })
        .sum()
}

/// Width and height of a polygon's bounding box.
pub fn bbox(p: &[[f64; 2]]) -> (f64, f64) {
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for q in p {
        for k in 0..2 {
            lo[k] = lo[k].min(q[k]);
            hi[k] = hi[k].max(q[k]);
        }
    }
    (hi[0] - lo[0], hi[1] - lo[1])
}
