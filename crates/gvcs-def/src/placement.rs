//! Where parts sit: position, direction, rotation, mirrored and arrayed copies.

use crate::check::{Checker, FieldExpr};
use crate::component::expr3;
use crate::error::{DefError, FileText};
use crate::file::{PlacementFile, SpannedStr};
use crate::units::{Dim, Quantity};
use glam::{DAffine3, DMat3, DVec3};

/// Most copies one array may make; more is surely a mistake (and would stall the viewer).
pub const MAX_COPIES: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Axis {
    X,
    Y,
    Z,
}

impl Axis {
    pub fn parse(ctx: &mut Checker<'_>, s: &SpannedStr) -> Option<Axis> {
        match s.get_ref().as_str() {
            "x" => Some(Axis::X),
            "y" => Some(Axis::Y),
            "z" => Some(Axis::Z),
            other => {
                ctx.err(s.span(), format!("axis `{other}` should be `x`, `y` or `z`"));
                None
            }
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The rotation taking local +z (the direction a bar runs) onto `axis`.
pub fn axis_rotation(axis: Axis) -> DAffine3 {
    match axis {
        Axis::X => DAffine3::from_rotation_y(std::f64::consts::FRAC_PI_2),
        Axis::Y => DAffine3::from_rotation_x(-std::f64::consts::FRAC_PI_2),
        Axis::Z => DAffine3::IDENTITY,
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Placement {
    pub at: Option<[FieldExpr; 3]>,
    pub axis: Axis,
    pub spin: Option<FieldExpr>,
    pub rotate: Option<[FieldExpr; 3]>,
    pub mirror: Vec<Axis>,
    pub mirror_about: Option<[FieldExpr; 3]>,
    pub array: Option<(FieldExpr, [FieldExpr; 3])>,
    pub count: Option<FieldExpr>,
}

impl Placement {
    pub fn parse(ctx: &mut Checker<'_>, p: &PlacementFile) -> Option<Placement> {
        let at = match &p.at {
            Some(v) => Some(expr3(ctx, v)?),
            None => None,
        };
        let axis = match &p.axis {
            Some(a) => Axis::parse(ctx, a)?,
            None => Axis::Z,
        };
        let spin = match &p.spin {
            Some(s) => Some(ctx.expr(s)?),
            None => None,
        };
        let rotate = match &p.rotate {
            Some(v) => Some(expr3(ctx, v)?),
            None => None,
        };
        let mut mirror = Vec::new();
        for m in &p.mirror {
            let a = Axis::parse(ctx, m)?;
            if mirror.contains(&a) {
                ctx.err(m.span(), format!("mirror `{}` is listed twice", m.get_ref()));
            }
            mirror.push(a);
        }
        let mirror_about = match &p.mirror_about {
            Some(v) => Some(expr3(ctx, v)?),
            None => None,
        };
        let array = match &p.array {
            Some(a) => Some((ctx.expr(&a.count)?, expr3(ctx, &a.step)?)),
            None => None,
        };
        let count = match &p.count {
            Some(c) => Some(ctx.expr(c)?),
            None => None,
        };
        Some(Placement { at, axis, spin, rotate, mirror, mirror_about, array, count })
    }

    /// The transform of every copy, applied after `local` (which orients the raw piece).
    pub fn transforms(
        &self,
        src: FileText<'_>,
        lookup: &dyn Fn(&str) -> Option<Quantity>,
        local: DAffine3,
    ) -> Result<Vec<DAffine3>, DefError> {
        let vec3 = |v: &Option<[FieldExpr; 3]>, dim: Dim, what: &str| -> Result<DVec3, DefError> {
            match v {
                Some([x, y, z]) => Ok(DVec3::new(
                    x.eval_as(src, lookup, dim, what)?,
                    y.eval_as(src, lookup, dim, what)?,
                    z.eval_as(src, lookup, dim, what)?,
                )),
                None => Ok(DVec3::ZERO),
            }
        };
        let at = vec3(&self.at, Dim::LENGTH, "a position")?;
        let rot = vec3(&self.rotate, Dim::ANGLE, "a rotation")?;
        let spin = match &self.spin {
            Some(s) => s.eval_as(src, lookup, Dim::ANGLE, "the spin")?,
            None => 0.0,
        };
        let orient = DAffine3::from_mat3(DMat3::from_rotation_z(rot.z) * DMat3::from_rotation_y(rot.y) * DMat3::from_rotation_x(rot.x))
            * axis_rotation(self.axis)
            * DAffine3::from_rotation_z(spin)
            * local;
        let whole = |e: &FieldExpr, what: &str| -> Result<usize, DefError> {
            let n = e.eval_as(src, lookup, Dim::NONE, what)?;
            if n < 0.0 || n.fract() != 0.0 {
                return Err(src.error_at(e.at, format!("{what} must be a whole number of zero or more, not {n}")));
            }
            if n > MAX_COPIES as f64 {
                return Err(src.error_at(e.at, format!("{what} of {n} is more than the {MAX_COPIES} copies allowed")));
            }
            Ok(n as usize)
        };
        let (count, step) = match &self.array {
            Some((count, step)) => (whole(count, "an array count")?, vec3(&Some(step.clone()), Dim::LENGTH, "an array step")?),
            None => (1, DVec3::ZERO),
        };
        let same = match &self.count {
            Some(c) => whole(c, "a count")?,
            None => 1,
        };
        if count * same > MAX_COPIES {
            return Err(src.error_at(
                self.count.as_ref().map_or(0, |c| c.at),
                format!("{} copies are more than the {MAX_COPIES} allowed", count * same),
            ));
        }
        let mut out: Vec<DAffine3> =
            (0..count).flat_map(|i| std::iter::repeat_n(DAffine3::from_translation(at + step * i as f64) * orient, same)).collect();
        let centre = vec3(&self.mirror_about, Dim::LENGTH, "a mirror point")?;
        for m in &self.mirror {
            let mut s = DVec3::ONE;
            s[m.index()] = -1.0;
            let mirror = DAffine3::from_translation(centre) * DAffine3::from_scale(s) * DAffine3::from_translation(-centre);
            let copies: Vec<_> = out.iter().map(|t| mirror * *t).collect();
            out.extend(copies);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_map_local_z() {
        let z = DVec3::Z;
        assert!(axis_rotation(Axis::X).transform_vector3(z).abs_diff_eq(DVec3::X, 1e-12));
        assert!(axis_rotation(Axis::Y).transform_vector3(z).abs_diff_eq(DVec3::Y, 1e-12));
        assert!(axis_rotation(Axis::Z).transform_vector3(z).abs_diff_eq(DVec3::Z, 1e-12));
    }
}
