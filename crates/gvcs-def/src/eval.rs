//! Evaluating a definition at chosen parameter values: every part with its concrete size,
//! every copy with its place in the world, included machines flattened in.

use crate::check::Doc;
use crate::component::ComponentSize;
use crate::error::DefError;
use crate::library::Library;
use crate::machine::{Ends, IncludedOutputs, Machine, PartDefKind, Weld};
use crate::polygon::{bbox, convex_area, perimeter};
use crate::settings::Settings;
use crate::stock::Section;
use crate::units::{Dim, Quantity, Unit, format_number};
use glam::{DAffine3, DMat3, DVec3};

/// Deepest nesting of included machines (a tractor holding Power Cubes holding ...).
const MAX_DEPTH: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub enum PartKind {
    /// Cut from bar or tube stock; `length` in mm.
    Bar {
        profile: usize,
        length: f64,
    },
    /// Cut from plate: the outline (a convex polygon, counter-clockwise, in the plate's
    /// local xy plane), its bounding `length >= width` and its `area`, all in mm.
    Plate {
        profile: usize,
        length: f64,
        width: f64,
        area: f64,
        outline: Vec<[f64; 2]>,
    },
    Component {
        component: usize,
        size: ComponentSize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hole {
    pub dia: f64,
    /// Per copy.
    pub count: u32,
}

/// One part of the evaluated machine: all its copies share size and fabrication.
#[derive(Clone, Debug, PartialEq)]
pub struct PartInstance {
    /// `frame-post`, or `power-cube/engine` for a part of an included machine.
    pub path: String,
    pub name: String,
    pub group: String,
    /// The assembly step (an index into the top machine's steps) that adds it: its own, or
    /// for a part of an included machine the include's. `None` when the machine has no steps.
    pub step: Option<usize>,
    pub kind: PartKind,
    /// World transform of each copy. The raw piece is centred on its origin: bars run
    /// along local z, plates lie in local xy (length along x) with thickness along z.
    pub copies: Vec<DAffine3>,
    pub ends: Ends,
    /// Weld length per copy, mm.
    pub weld: f64,
    pub holes: Vec<Hole>,
}

impl PartInstance {
    pub fn count(&self) -> usize {
        self.copies.len()
    }
}

/// A named value shown to people (parameters and labelled derived values).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedValue {
    pub name: String,
    pub label: String,
    pub value: Quantity,
    /// The unit the definition prefers for it, if any.
    pub unit: Option<&'static Unit>,
}

/// A product the machine makes, at its rate.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputValue {
    /// Index into the library's products.
    pub product: usize,
    /// Amount per second in base units, all copies together.
    pub rate: f64,
    /// The include path it comes through (`""` for the machine's own outputs).
    pub via: String,
    pub note: Option<String>,
}

/// Where a definition sits while it is evaluated: inside which includes, at which places.
#[derive(Clone, Copy)]
struct Nesting<'a> {
    /// Path of the includes above it (`power-cube/`).
    prefix: &'a str,
    /// World transform of each copy.
    world: &'a [DAffine3],
    depth: usize,
    /// Whether its outputs count as the top machine's.
    own_outputs: bool,
    /// The top machine's step its parts belong to (below the top).
    step: Option<usize>,
}

/// The machine at one set of parameter values.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub machine: String,
    pub name: String,
    pub params: Vec<NamedValue>,
    pub derived: Vec<NamedValue>,
    /// Derived values that state a design figure (with a source or assumption), for showing
    /// where every number comes from.
    pub figures: Vec<NamedValue>,
    pub parts: Vec<PartInstance>,
    pub outputs: Vec<OutputValue>,
}

impl Library {
    /// Evaluates machine `id` with `settings` (checked values; see `Machine::parse_settings`).
    pub fn evaluate(&self, id: &str, settings: &Settings) -> Result<Instance, DefError> {
        let m = self.machine(id).ok_or_else(|| DefError { file: String::new(), line: 0, col: 0, message: format!("no machine `{id}`") })?;
        let values: Vec<Quantity> = m.values(settings).into_iter().map(|(_, q)| q).collect();
        let mut inst = Instance {
            machine: m.id.clone(),
            name: m.name.clone(),
            params: Vec::new(),
            derived: Vec::new(),
            figures: Vec::new(),
            parts: Vec::new(),
            outputs: Vec::new(),
        };
        let top = Nesting { prefix: "", world: &[DAffine3::IDENTITY], depth: 0, own_outputs: true, step: None };
        self.eval_into(m, values, top, &mut inst)?;
        Ok(inst)
    }

    fn eval_into(&self, m: &Machine, params: Vec<Quantity>, at: Nesting<'_>, inst: &mut Instance) -> Result<(), DefError> {
        let Nesting { prefix, world, depth, own_outputs, step } = at;
        let doc: &Doc = &m.doc;
        let src = doc.source();
        let top = depth == 0;
        // The scope: parameters, then derived values in order.
        let mut scope: Vec<(&str, Quantity)> = m.params.iter().map(|p| p.name.as_str()).zip(params.iter().copied()).collect();
        if top {
            for (p, q) in m.params.iter().zip(&params) {
                inst.params.push(NamedValue { name: p.name.clone(), label: p.label.clone(), value: *q, unit: p.unit });
            }
        }
        for d in &m.derived {
            let q = {
                let lookup = |n: &str| scope.iter().rev().find(|(k, _)| *k == n).map(|(_, v)| *v);
                d.expr.eval(src, &lookup)?
            };
            if let Some(u) = d.unit
                && u.dim != q.dim
            {
                return Err(doc.error_at(d.expr.at, format!("`{}` is shown in {}, but it evaluates to {}", d.name, u.name, q.dim)));
            }
            if top && let Some(label) = &d.label {
                inst.derived.push(NamedValue { name: d.name.clone(), label: label.clone(), value: q, unit: d.unit });
            }
            if top && d.provenance.is_some() {
                inst.figures.push(NamedValue {
                    name: d.name.clone(),
                    label: d.about.clone().or_else(|| d.label.clone()).unwrap_or_else(|| d.name.clone()),
                    value: q,
                    unit: d.unit,
                });
            }
            scope.push((&d.name, q));
        }
        let lookup = |n: &str| scope.iter().rev().find(|(k, _)| *k == n).map(|(_, v)| *v);

        for c in &m.checks {
            if c.expr.eval_as(src, &lookup, Dim::NONE, "a check")? == 0.0 {
                return Err(doc.error_at(c.expr.at, c.message.clone()));
            }
        }

        for part in &m.parts {
            let what = |s: &str| format!("{s} of part `{}`", part.id);
            let (kind, local) = match &part.kind {
                PartDefKind::Bar { profile, length } => {
                    let l = length.eval_as(src, &lookup, Dim::LENGTH, &what("the length"))?;
                    let p = &self.stock.profiles[*profile];
                    if l <= 0.0 {
                        return Err(doc.error_at(
                            length.at,
                            format!("part `{}` would be {} mm long; a length must be greater than zero", part.id, format_number(l, 4)),
                        ));
                    }
                    let longest = self.stock.longest_stick(p);
                    if l > longest {
                        return Err(doc.error_at(length.at, format!(
                            "part `{}` would be {} mm long, longer than the longest sticks of `{}` ({} mm); shorten it or splice it from two parts",
                            part.id,
                            format_number(l, 5),
                            p.id,
                            format_number(longest, 5),
                        )));
                    }
                    (PartKind::Bar { profile: *profile, length: l }, DAffine3::IDENTITY)
                }
                PartDefKind::Plate { profile, size, outline } => {
                    let mut s = [0.0; 3];
                    for (k, e) in size.iter().enumerate() {
                        s[k] = e.eval_as(src, &lookup, Dim::LENGTH, &what("the size"))?;
                        if s[k] <= 0.0 {
                            return Err(doc.error_at(
                                e.at,
                                format!(
                                    "part `{}` would have a size of {} mm; sizes must be greater than zero",
                                    part.id,
                                    format_number(s[k], 4)
                                ),
                            ));
                        }
                    }
                    let (pi, k) = self.plate_for(part.id.as_str(), *profile, s).map_err(|m| doc.error_at(size[0].at, m))?;
                    let p = &self.stock.profiles[pi];
                    // The plate's plane: its two other axes, in x, y, z order.
                    let (a, b) = if k == 0 {
                        (1, 2)
                    } else if k == 1 {
                        (0, 2)
                    } else {
                        (0, 1)
                    };
                    let (sa, sb) = (s[a], s[b]);
                    let mut poly = match outline {
                        None => vec![[-sa / 2.0, -sb / 2.0], [sa / 2.0, -sb / 2.0], [sa / 2.0, sb / 2.0], [-sa / 2.0, sb / 2.0]],
                        Some(points) => {
                            let mut poly = Vec::new();
                            for [x, y] in points {
                                poly.push([
                                    x.eval_as(src, &lookup, Dim::LENGTH, &what("an outline point"))?,
                                    y.eval_as(src, &lookup, Dim::LENGTH, &what("an outline point"))?,
                                ]);
                            }
                            poly
                        }
                    };
                    let at = outline.as_ref().map_or(size[0].at, |o| o[0][0].at);
                    let area = convex_area(&mut poly)
                        .ok_or_else(|| doc.error_at(at, format!("the outline of part `{}` is not a convex polygon", part.id)))?;
                    if poly.iter().any(|[x, y]| x.abs() > sa / 2.0 + 0.01 || y.abs() > sb / 2.0 + 0.01) {
                        return Err(doc.error_at(at, format!("the outline of part `{}` reaches outside its size", part.id)));
                    }
                    let (mut w, mut l) = bbox(&poly);
                    if w > l {
                        std::mem::swap(&mut w, &mut l);
                    }
                    let sheet = self.stock.largest_sheet(p);
                    if w > sheet[0] + 0.01 || l > sheet[1] + 0.01 {
                        return Err(doc.error_at(
                            size[0].at,
                            format!(
                                "plate part `{}` ({} x {} mm) does not fit on a {} x {} mm sheet of `{}`",
                                part.id,
                                format_number(l, 5),
                                format_number(w, 5),
                                format_number(sheet[1], 5),
                                format_number(sheet[0], 5),
                                p.id
                            ),
                        ));
                    }
                    (PartKind::Plate { profile: pi, length: l, width: w, area, outline: poly }, plate_orientation(a, b, k))
                }
                PartDefKind::Component { component, dims } => {
                    let c = &self.components.components[*component];
                    let mut qs = Vec::new();
                    for ((name, dim), e) in c.dims.iter().zip(dims) {
                        qs.push(Quantity::new(e.eval_as(src, &lookup, *dim, &format!("dim `{name}` of `{}`", part.id))?, *dim));
                    }
                    let size = self.components.size(*component, &qs)?;
                    (PartKind::Component { component: *component, size }, DAffine3::IDENTITY)
                }
            };
            let weld = match (&part.weld, &kind) {
                (Weld::None, _) => 0.0,
                (Weld::Length(e), _) => e.eval_as(src, &lookup, Dim::LENGTH, &what("the weld length"))?,
                (w, PartKind::Bar { profile, length }) => {
                    let per = self.stock.profiles[*profile].section.perimeter();
                    match w {
                        Weld::OneEnd => per,
                        Weld::BothEnds => 2.0 * per,
                        _ => 2.0 * length,
                    }
                }
                (w, PartKind::Plate { width, outline, .. }) => match w {
                    Weld::OneEnd => *width,
                    Weld::BothEnds => 2.0 * width,
                    _ => perimeter(outline),
                },
                (_, PartKind::Component { .. }) => {
                    return Err(
                        doc.error_at(part.at, format!("component part `{}` can only give a weld length, not an edge name", part.id))
                    );
                }
            };
            if weld < 0.0 {
                return Err(doc.error_at(part.at, format!("part `{}` has a negative weld length", part.id)));
            }
            let mut holes = Vec::new();
            for h in &part.holes {
                let dia = h.dia.eval_as(src, &lookup, Dim::LENGTH, &what("a hole diameter"))?;
                let n = h.count.eval_as(src, &lookup, Dim::NONE, &what("a hole count"))?;
                if dia <= 0.0 || n < 0.0 || n.fract() != 0.0 || n > 10_000.0 {
                    return Err(doc.error_at(
                        h.count.at,
                        format!(
                            "holes of part `{}` need a positive diameter and a whole count (got {} mm, {n})",
                            part.id,
                            format_number(dia, 4)
                        ),
                    ));
                }
                holes.push(Hole { dia, count: n as u32 });
            }
            let own = part.place.transforms(src, &lookup, local)?;
            let copies: Vec<DAffine3> = world.iter().flat_map(|w| own.iter().map(move |t| *w * *t)).collect();
            let path = format!("{prefix}{}", part.id);
            if copies.is_empty() {
                continue;
            }
            // Identical parts of copies of one included machine merge into one line.
            if let Some(existing) = inst.parts.iter_mut().find(|p| p.path == path) {
                existing.copies.extend(copies);
                continue;
            }
            inst.parts.push(PartInstance {
                path,
                name: part.name.clone(),
                group: format!("{prefix}{}", part.group),
                step: if top { part.step } else { step },
                kind,
                copies,
                ends: part.ends,
                weld,
                holes,
            });
        }

        for inc in &m.includes {
            if let Some(w) = &inc.when
                && w.eval_as(src, &lookup, Dim::NONE, "`when`")? == 0.0
            {
                continue;
            }
            if depth + 1 >= MAX_DEPTH {
                return Err(doc.error_at(inc.machine_at, format!("machines are nested more than {MAX_DEPTH} deep")));
            }
            let Some(child) = self.machine(&inc.machine) else {
                return Err(doc.error_at(inc.machine_at, format!("included machine `{}` has no definition", inc.machine)));
            };
            let mut values: Vec<Quantity> = child.params.iter().map(|p| Quantity::new(p.default, p.dim)).collect();
            for (name, e) in &inc.params {
                let Some(k) = child.params.iter().position(|p| &p.name == name) else {
                    return Err(doc.error_at(e.at, format!("`{}` has no parameter `{name}`", child.id)));
                };
                let p = &child.params[k];
                let v = e.eval_as(src, &lookup, p.dim, &format!("parameter `{name}` of `{}`", child.id))?;
                if v < p.min - 1e-9 || v > p.max + 1e-9 {
                    return Err(doc.error_at(
                        e.at,
                        format!(
                            "`{}` parameter `{name}` would be {}, outside its range {} to {}",
                            child.id,
                            crate::settings::format_value(p, v),
                            crate::settings::format_value(p, p.min),
                            crate::settings::format_value(p, p.max)
                        ),
                    ));
                }
                values[k] = Quantity::new(v, p.dim);
            }
            let own = inc.place.transforms(src, &lookup, DAffine3::IDENTITY)?;
            let placed: Vec<DAffine3> = world.iter().flat_map(|w| own.iter().map(move |t| *w * *t)).collect();
            let own = own_outputs && inc.outputs == Some(IncludedOutputs::Own);
            let prefix = format!("{prefix}{}/", inc.id);
            let step = if top { inc.step } else { step };
            self.eval_into(child, values, Nesting { prefix: &prefix, world: &placed, depth: depth + 1, own_outputs: own, step }, inst)?;
        }

        if own_outputs {
            for o in &m.outputs {
                let product = &self.products[o.product];
                let rate = o.rate.eval_as(src, &lookup, product.rate_dim(), &format!("the rate of `{}`", product.id))?;
                if !rate.is_finite() || rate < 0.0 {
                    return Err(doc.error_at(o.rate.at, format!("the rate of `{}` must be zero or more", product.id)));
                }
                let via = prefix.trim_end_matches('/').to_string();
                inst.outputs.push(OutputValue { product: o.product, rate: rate * world.len() as f64, via, note: o.note.clone() });
            }
        }
        Ok(())
    }

    /// Finds the plate for a part of `size`: the named one, or the stocked plate whose
    /// thickness matches one side. Returns the profile and the thickness axis.
    fn plate_for(&self, part: &str, profile: Option<usize>, s: [f64; 3]) -> Result<(usize, usize), String> {
        let fits = |t: f64| (0..3).rev().find(|&k| (s[k] - t).abs() < 0.01);
        match profile {
            Some(pi) => {
                let Section::Plate { t } = self.stock.profiles[pi].section else { unreachable!("checked at load") };
                fits(t).map(|k| (pi, k)).ok_or_else(|| {
                    format!(
                        "plate part `{part}` has no side equal to the {} mm thickness of `{}`",
                        format_number(t, 4),
                        self.stock.profiles[pi].id
                    )
                })
            }
            None => {
                // The thinnest side picks the plate.
                let k = (0..3).min_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap_or(2);
                self.stock.plate(s[k]).map(|pi| (pi, k)).ok_or_else(|| {
                    let have: Vec<String> =
                        self.stock.plate_thicknesses().iter().map(|t| format!("{} in", crate::units::inch_fraction(t / 25.4))).collect();
                    format!(
                        "no plate {} mm ({} in) thick in the stock library for part `{part}` (stocked: {})",
                        format_number(s[k], 4),
                        format_number(s[k] / 25.4, 4),
                        have.join(", ")
                    )
                })
            }
        }
    }
}

/// Maps the raw plate (outline in local xy, thickness along z) onto the axes the
/// definition gave its sides on.
fn plate_orientation(a: usize, b: usize, thick_axis: usize) -> DAffine3 {
    let unit = |k: usize| {
        let mut v = DVec3::ZERO;
        v[k] = 1.0;
        v
    };
    let (x, y) = (unit(a), unit(b));
    let mut z = unit(thick_axis);
    if x.cross(y).dot(z) < 0.0 {
        z = -z; // keep it a rotation; the box is symmetric
    }
    DAffine3::from_mat3(DMat3::from_cols(x, y, z))
}
