//! Purchased components (cylinders, engines, pumps, hoses, bolts): what sizes they take,
//! their mass, the time to fit them, and a simple shape for the 3D view.

use crate::check::Checker;
use crate::check::{Doc, FieldExpr, Provenance, did_you_mean};
use crate::error::DefError;
use crate::file::{ComponentsFile, SpannedExpr};
use crate::placement::{Axis, axis_rotation};
use crate::units::{Dim, Quantity};
use glam::{DAffine3, DVec3};
use std::sync::Arc;

/// One kind of purchased component.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    /// Cost category (hydraulics, engine, fasteners, ...).
    pub category: String,
    /// The dimensions a part gives, with their kinds, in order.
    pub dims: Vec<(String, Dim)>,
    pub spec: Option<String>,
    pub mass: FieldExpr,
    pub mass_provenance: Provenance,
    pub color: [u8; 3],
    pub fit_time: FieldExpr,
    pub fit_provenance: Provenance,
    pub shapes: Vec<ShapeDef>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ShapeKind {
    Cuboid([FieldExpr; 3]),
    Cylinder { d: FieldExpr, length: FieldExpr },
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShapeDef {
    pub kind: ShapeKind,
    pub at: Option<[FieldExpr; 3]>,
    pub axis: Axis,
}

/// A shape with numbers: a box of `size` or a cylinder of diameter `d` and length `length`
/// along local z, both centred on the origin of `transform`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Primitive {
    Cuboid { size: [f64; 3] },
    Cylinder { d: f64, length: f64 },
}

/// A primitive and where it sits in the component's frame.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlacedPrimitive {
    pub primitive: Primitive,
    pub transform: DAffine3,
}

/// A component at concrete sizes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ComponentSize {
    /// The dims in the order the component declares them, in base units.
    pub dims: Vec<Quantity>,
    pub mass: f64,
    /// Hours to fit one.
    pub fit_hours: f64,
    pub shapes: Vec<PlacedPrimitive>,
}

/// All components, with the file they came from.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Catalogue {
    pub doc: Arc<Doc>,
    pub components: Vec<Component>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.components.iter().position(|c| c.id == id)
    }

    pub fn parse(doc: Arc<Doc>) -> Result<Catalogue, Vec<DefError>> {
        let src = doc.source();
        let file: ComponentsFile = crate::read::parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        let mut components = Vec::new();
        let mut examples = Vec::new();
        for cf in &file.components {
            let span = cf.span();
            let cf = cf.get_ref();
            let id = ctx.ident(&cf.id, "component id");
            if components.iter().any(|c: &Component| c.id == id) {
                ctx.err(cf.id.span(), format!("component `{id}` is declared twice"));
            }
            let mut dims = Vec::new();
            let mut example = Vec::new();
            for d in &cf.dims {
                let name = ctx.var_name(d);
                match cf.example.get(&name) {
                    Some(e) => {
                        if let Some(fe) = ctx.expr(e) {
                            match fe.eval(src, &|_| None) {
                                Ok(q) => {
                                    dims.push((name, q.dim));
                                    example.push(q);
                                }
                                Err(e) => ctx.errors.push(e),
                            }
                        }
                    }
                    None => ctx.err(d.span(), format!("dim `{name}` needs a typical value in `example`")),
                }
            }
            for (k, v) in &cf.example {
                if !cf.dims.iter().any(|d| d.get_ref() == k) {
                    ctx.err(v.span(), format!("`example` gives `{k}`, which is not one of the dims"));
                }
            }
            let mass = ctx.expr(&cf.mass);
            let mass_provenance = ctx.provenance(cf.mass_source.as_ref(), cf.mass_assumption.as_ref(), cf.mass.span(), "the mass");
            let fit_time = ctx.expr(&cf.fit_time);
            let fit_provenance = ctx.provenance(cf.fit_source.as_ref(), cf.fit_assumption.as_ref(), cf.fit_time.span(), "the fitting time");
            let color = match &cf.color {
                Some(c) => parse_color(c).unwrap_or_else(|| {
                    ctx.err(span.clone(), format!("colour `{c}` should be `#rrggbb`"));
                    [0, 0, 0]
                }),
                None => [120, 120, 120],
            };
            let shapes = cf
                .shape
                .iter()
                .filter_map(|s| {
                    let kind = match (&s.cuboid, &s.cylinder) {
                        (Some([x, y, z]), None) => ShapeKind::Cuboid([ctx.expr(x)?, ctx.expr(y)?, ctx.expr(z)?]),
                        (None, Some(c)) => ShapeKind::Cylinder { d: ctx.expr(&c.d)?, length: ctx.expr(&c.length)? },
                        _ => {
                            ctx.err(
                                span.clone(),
                                format!("each shape of `{id}` is either `box = [x, y, z]` or `cylinder = {{ d, length }}`"),
                            );
                            return None;
                        }
                    };
                    let at = match &s.at {
                        Some(v) => Some(expr3(&mut ctx, v)?),
                        None => None,
                    };
                    let axis = match &s.axis {
                        Some(a) => Axis::parse(&mut ctx, a)?,
                        None => Axis::Z,
                    };
                    Some(ShapeDef { kind, at, axis })
                })
                .collect();
            let category = ctx.ident(&cf.category, "category");
            if let (Some(mass), Some(mass_provenance), Some(fit_time), Some(fit_provenance)) =
                (mass, mass_provenance, fit_time, fit_provenance)
            {
                examples.push((components.len(), example, span));
                components.push(Component {
                    id,
                    name: cf.name.clone(),
                    category,
                    dims,
                    spec: cf.spec.clone(),
                    mass,
                    mass_provenance,
                    color,
                    fit_time,
                    fit_provenance,
                    shapes,
                });
            }
        }
        let errors = ctx.errors;
        let cat = Catalogue { doc: doc.clone(), components };
        let mut errors = errors;
        // Every component must evaluate at its own example size.
        for (i, example, _) in examples {
            if let Err(e) = cat.size(i, &example) {
                errors.push(e);
            }
        }
        if errors.is_empty() { Ok(cat) } else { Err(errors) }
    }

    /// Evaluates mass, fitting time and shapes of component `i` at `dims`.
    pub fn size(&self, i: usize, dims: &[Quantity]) -> Result<ComponentSize, DefError> {
        let c = &self.components[i];
        let src = self.doc.source();
        let lookup = |n: &str| c.dims.iter().position(|(d, _)| d == n).map(|k| dims[k]);
        let mass = c.mass.eval_as(src, &lookup, Dim::MASS, &format!("the mass of `{}`", c.id))?;
        let fit_hours = c.fit_time.eval_as(src, &lookup, Dim::TIME, &format!("the fitting time of `{}`", c.id))? / 3600.0;
        let mut shapes = Vec::new();
        for s in &c.shapes {
            let len = |e: &FieldExpr| e.eval_as(src, &lookup, Dim::LENGTH, "a shape size");
            let primitive = match &s.kind {
                ShapeKind::Cuboid([x, y, z]) => Primitive::Cuboid { size: [len(x)?, len(y)?, len(z)?] },
                ShapeKind::Cylinder { d, length } => Primitive::Cylinder { d: len(d)?, length: len(length)? },
            };
            let at = match &s.at {
                Some([x, y, z]) => DVec3::new(len(x)?, len(y)?, len(z)?),
                None => DVec3::ZERO,
            };
            shapes.push(PlacedPrimitive { primitive, transform: DAffine3::from_translation(at) * axis_rotation(s.axis) });
        }
        Ok(ComponentSize { dims: dims.to_vec(), mass, fit_hours, shapes })
    }

    /// Checks that a part's `dims` match component `i`, returning them in declared order.
    pub fn check_dims(&self, i: usize, given: &[&str]) -> Result<(), String> {
        let c = &self.components[i];
        for g in given {
            if !c.dims.iter().any(|(d, _)| d == g) {
                let known: Vec<&str> = c.dims.iter().map(|(d, _)| d.as_str()).collect();
                return Err(format!(
                    "component `{}` has no dim `{g}`{} (its dims: {})",
                    c.id,
                    did_you_mean(g, known.iter().copied()),
                    known.join(", ")
                ));
            }
        }
        for (d, _) in &c.dims {
            if !given.contains(&d.as_str()) {
                return Err(format!("component `{}` needs dim `{d}`", c.id));
            }
        }
        Ok(())
    }

    /// `5 x 16 in` style description from the component's `spec` template.
    pub fn describe(&self, i: usize, dims: &[Quantity], system: crate::units::System) -> String {
        let c = &self.components[i];
        let Some(spec) = &c.spec else { return String::new() };
        let mut out = spec.clone();
        for ((name, _), q) in c.dims.iter().zip(dims) {
            out = out.replace(&format!("{{{name}}}"), &crate::units::format_quantity(*q, system));
        }
        out
    }
}

pub(crate) fn expr3(ctx: &mut Checker<'_>, v: &[SpannedExpr; 3]) -> Option<[FieldExpr; 3]> {
    let x = ctx.expr(&v[0]);
    let y = ctx.expr(&v[1]);
    let z = ctx.expr(&v[2]);
    Some([x?, y?, z?])
}

fn parse_color(c: &str) -> Option<[u8; 3]> {
    let h = c.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}
