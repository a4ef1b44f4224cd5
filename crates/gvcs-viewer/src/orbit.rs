//! The orbit camera as plain numbers: turn, tilt, pan and zoom around a target, and fit a
//! box in view. Kept free of GL so it is tested natively.

use glam::DVec3;

/// Vertical field of view.
pub const FOV_Y_DEG: f64 = 40.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Orbit {
    pub target: DVec3,
    /// Angle around the vertical axis, radians (0 looks along +y).
    pub yaw: f64,
    /// Angle above the horizon, radians.
    pub pitch: f64,
    pub distance: f64,
}

impl Default for Orbit {
    fn default() -> Self {
        Orbit { target: DVec3::ZERO, yaw: -0.65, pitch: 0.45, distance: 5000.0 }
    }
}

impl Orbit {
    /// Where the eye is: z is up.
    pub fn eye(&self) -> DVec3 {
        let (sy, cy) = self.yaw.sin_cos();
        let (sp, cp) = self.pitch.sin_cos();
        self.target + DVec3::new(sy * cp, -cy * cp, sp) * self.distance
    }

    /// Turns by a drag of `dx`, `dy` pixels on a view `height` pixels high.
    pub fn rotate(&mut self, dx: f64, dy: f64, height: f64) {
        let k = std::f64::consts::PI / height.max(1.0);
        self.yaw -= dx * k;
        self.pitch = (self.pitch + dy * k).clamp(-1.45, 1.45);
    }

    /// Slides the target with the drag, so the point under the pointer follows it.
    pub fn pan(&mut self, dx: f64, dy: f64, height: f64) {
        let per_pixel = 2.0 * self.distance * (FOV_Y_DEG.to_radians() / 2.0).tan() / height.max(1.0);
        let (_, right, up) = self.basis();
        self.target += (-right * dx + up * dy) * per_pixel;
    }

    /// Zooms by `factor` (< 1 moves closer), within sane limits for a machine in mm.
    pub fn zoom(&mut self, factor: f64) {
        self.distance = (self.distance * factor).clamp(50.0, 200_000.0);
    }

    /// The view's forward, right and up directions.
    pub fn basis(&self) -> (DVec3, DVec3, DVec3) {
        let forward = (self.target - self.eye()).normalize_or_zero();
        let right = forward.cross(DVec3::Z).normalize_or_zero();
        (forward, right, right.cross(forward))
    }

    /// Frames the box `min`..`max` from the current direction, as tightly as its corners
    /// allow, with a small margin: long machines fill the view instead of a loose sphere.
    pub fn fit_box(&mut self, min: DVec3, max: DVec3, aspect: f64) {
        let centre = (min + max) / 2.0;
        self.target = centre;
        let tan_v = (FOV_Y_DEG.to_radians() / 2.0).tan();
        let tan_h = tan_v * aspect.max(0.1);
        let (forward, right, up) = self.basis();
        let mut d: f64 = 1.0;
        for corner in corners(min, max) {
            let p = corner - centre;
            d = d.max(p.dot(right).abs() / tan_h - p.dot(forward)).max(p.dot(up).abs() / tan_v - p.dot(forward));
        }
        self.distance = (d * 1.1).clamp(50.0, 200_000.0);
    }
}

/// The eight corners of the box `min`..`max`.
fn corners(min: DVec3, max: DVec3) -> impl Iterator<Item = DVec3> {
    (0..8).map(move |i| {
        DVec3::new(if i & 1 == 0 { min.x } else { max.x }, if i & 2 == 0 { min.y } else { max.y }, if i & 4 == 0 { min.z } else { max.z })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eye_is_above_and_in_front() {
        let o = Orbit { yaw: 0.0, pitch: 0.5, distance: 100.0, target: DVec3::ZERO };
        let e = o.eye();
        assert!(e.y < 0.0 && e.z > 0.0);
        assert!((e.length() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_narrow_view_stands_further_back() {
        let (min, max) = (DVec3::splat(-1000.0), DVec3::splat(1000.0));
        let mut wide = Orbit::default();
        wide.fit_box(min, max, 1.6);
        assert_eq!(wide.target, DVec3::ZERO);
        let mut narrow = Orbit::default();
        narrow.fit_box(min, max, 0.5);
        assert!(narrow.distance > wide.distance);
    }

    #[test]
    fn a_fitted_box_is_inside_the_view() {
        let mut o = Orbit::default();
        let (min, max) = (DVec3::new(-500.0, -2000.0, 0.0), DVec3::new(500.0, 2000.0, 1500.0));
        o.fit_box(min, max, 1.5);
        let eye = o.eye();
        let (forward, right, up) = o.basis();
        let tan_v = (FOV_Y_DEG.to_radians() / 2.0).tan();
        for c in corners(min, max) {
            let v = c - eye;
            let depth = v.dot(forward);
            assert!(depth > 0.0);
            assert!(v.dot(up).abs() / depth <= tan_v * 1.0001);
            assert!(v.dot(right).abs() / depth <= tan_v * 1.5 * 1.0001);
        }
        // And tighter than framing the sphere around the box would be.
        let sphere = (max - min).length() / 2.0 / (FOV_Y_DEG.to_radians() / 2.0).tan().atan().sin();
        assert!(o.distance < sphere);
    }

    #[test]
    fn pitch_stays_off_the_poles() {
        let mut o = Orbit::default();
        o.rotate(0.0, 1e6, 800.0);
        assert!(o.pitch < std::f64::consts::FRAC_PI_2);
        o.zoom(1e-9);
        assert!(o.distance >= 50.0);
    }
}
