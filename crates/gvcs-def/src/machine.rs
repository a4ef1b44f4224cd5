//! A checked machine definition: parameters, derived values, parts, included machines,
//! outputs and relations to the rest of the set.

use crate::check::{Checker, Citation, Doc, FieldExpr, Provenance, did_you_mean};
use crate::component::Catalogue;
use crate::error::DefError;
use crate::file::{ExprText, MachineFile, PartFile, SpannedExpr, SpannedStr};
use crate::index::{Category, IndexEntry, Status};
use crate::placement::Placement;
use crate::product::Product;
use crate::stock::StockLibrary;
use crate::units::{Dim, Unit};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A number a person can change.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Parameter {
    pub name: String,
    pub label: String,
    /// The unit the definition states it in; `None` for plain counts.
    pub unit: Option<&'static Unit>,
    pub dim: Dim,
    /// Default, bounds and step in base units (mm, kg, s, rad).
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub help: String,
    pub provenance: Provenance,
}

impl Parameter {
    /// A whole-number parameter (a count, or an on/off switch when the range is 0..1).
    pub fn is_integer(&self) -> bool {
        self.dim.is_none() && self.unit.is_none() && self.step.fract() == 0.0 && self.min.fract() == 0.0
    }
    /// Factor from the definition's unit to base units.
    pub fn factor(&self) -> f64 {
        self.unit.map_or(1.0, |u| u.factor)
    }
}

/// A value computed from parameters, e.g. frame height from cylinder stroke.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Derived {
    pub name: String,
    /// What the figure is, in words.
    pub about: Option<String>,
    pub label: Option<String>,
    pub expr: FieldExpr,
    pub unit: Option<&'static Unit>,
    pub provenance: Option<Provenance>,
}

// Few of these exist (one per part, built once at load), so their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PartDefKind {
    /// A bar or tube cut from stock.
    Bar { profile: usize, length: FieldExpr },
    /// A plate part; `profile` is `None` when the thickness picks the plate.
    Plate { profile: Option<usize>, size: [FieldExpr; 3], outline: Option<Vec<[FieldExpr; 2]>> },
    /// A purchased component with its dims in the component's order.
    Component { component: usize, dims: Vec<FieldExpr> },
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Weld {
    None,
    OneEnd,
    BothEnds,
    Perimeter,
    Length(FieldExpr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ends {
    Square,
    Mitre,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HoleDef {
    pub dia: FieldExpr,
    pub count: FieldExpr,
}

/// An assembly step: the parts that name it go on the machine together, after those of
/// earlier steps.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub id: String,
    pub caption: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    pub id: String,
    pub name: String,
    pub group: String,
    /// Index into the machine's steps; `None` when it has none.
    pub step: Option<usize>,
    pub kind: PartDefKind,
    pub place: Placement,
    pub ends: Ends,
    pub weld: Weld,
    pub holes: Vec<HoleDef>,
    pub provenance: Option<Provenance>,
    pub note: Option<String>,
    /// The part's name in OSE's own model, where it follows one.
    pub ose_part: Option<String>,
    /// Byte offset of the part's table, for errors found while evaluating.
    #[serde(with = "crate::packed::offset")]
    pub at: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Include {
    pub id: String,
    pub machine: String,
    #[serde(with = "crate::packed::offset")]
    pub machine_at: usize,
    pub name: Option<String>,
    pub when: Option<FieldExpr>,
    /// Parameter of the included machine, its value as an expression here, and where.
    pub params: Vec<(String, FieldExpr)>,
    /// Whether the included machine's outputs count as this machine's; `None` when the
    /// file does not say (allowed only if the included machine has no outputs).
    pub outputs: Option<IncludedOutputs>,
    /// The step (of this machine) that adds the whole included machine.
    pub step: Option<usize>,
    pub place: Placement,
}

/// What becomes of an included machine's outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IncludedOutputs {
    /// They are this machine's products too.
    Own,
    /// They feed this machine (a Power Cube's hydraulic power drives its host).
    Internal,
}

/// A product the machine makes and at what rate.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Output {
    /// Index into the library's products.
    pub product: usize,
    /// Amount per time (base units per second).
    pub rate: FieldExpr,
    pub note: Option<String>,
    pub provenance: Option<Provenance>,
}

/// Whether a definition is one of the set's machines or a sub-assembly of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Class {
    Machine {
        category: Category,
        status: Status,
    },
    /// Includable by machines; not one of OSE's fifty, not in the catalog.
    Assembly,
}

/// The tables a definition is checked against.
#[derive(Clone, Copy)]
pub struct Tables<'a> {
    pub index: &'a [IndexEntry],
    pub stock: &'a StockLibrary,
    pub components: &'a Catalogue,
    pub products: &'a [Product],
}

/// A condition on the parameters, checked before anything is built.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Check {
    pub expr: FieldExpr,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Relations {
    pub built_with: Vec<String>,
    pub uses: Vec<String>,
    pub provenance: Option<Provenance>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Machine {
    pub doc: Arc<Doc>,
    pub id: String,
    pub name: String,
    pub nickname: Option<String>,
    pub class: Class,
    pub summary: String,
    pub design_basis: String,
    pub sources: Vec<Citation>,
    /// Assembly steps in order; empty when the definition gives none.
    pub steps: Vec<Step>,
    pub params: Vec<Parameter>,
    pub derived: Vec<Derived>,
    pub parts: Vec<Part>,
    pub includes: Vec<Include>,
    pub outputs: Vec<Output>,
    pub checks: Vec<Check>,
    pub relations: Relations,
}

impl Machine {
    pub fn param(&self, name: &str) -> Option<&Parameter> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn is_assembly(&self) -> bool {
        self.class == Class::Assembly
    }

    /// Reads and checks one definition against the tables. `assembly` says which kind the
    /// file's folder holds: `[machine]` in `machines/`, `[assembly]` in `assemblies/`.
    pub fn parse(doc: Arc<Doc>, t: Tables<'_>, assembly: bool) -> Result<Machine, Vec<DefError>> {
        let (stock, components, index) = (t.stock, t.components, t.index);
        let src = doc.source();
        let file: MachineFile = crate::read::parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        let (id, name, nickname, summary, design_basis, class) = match (&file.machine, &file.assembly, assembly) {
            (Some(head), None, false) => {
                let head = head.get_ref();
                let id = ctx.ident(&head.id, "machine id");
                if !index.iter().any(|e| e.id == id) {
                    let known = index.iter().map(|e| e.id.as_str());
                    ctx.err(head.id.span(), format!("machine `{id}` is not in the GVCS index{}", did_you_mean(&id, known)));
                }
                let category = Category::parse(&mut ctx, &head.category);
                let status = Status::parse(&mut ctx, &head.status);
                let class = match (category, status) {
                    (Some(category), Some(status)) => Class::Machine { category, status },
                    _ => Class::Assembly, // already reported
                };
                (id, head.name.clone(), head.nickname.clone(), head.summary.clone(), head.design_basis.clone(), class)
            }
            (None, Some(head), true) => {
                let head = head.get_ref();
                let id = ctx.ident(&head.id, "assembly id");
                if index.iter().any(|e| e.id == id) {
                    ctx.err(
                        head.id.span(),
                        format!("`{id}` is a machine of the GVCS index: define it in machines/ with a [machine] table"),
                    );
                }
                (id, head.name.clone(), None, head.summary.clone(), head.design_basis.clone(), Class::Assembly)
            }
            (_, _, false) => {
                return Err(vec![
                    src.error("a file in machines/ needs one [machine] table (sub-assemblies go in assemblies/ with an [assembly] table)"),
                ]);
            }
            (_, _, true) => {
                return Err(vec![src.error("a file in assemblies/ needs one [assembly] table (machines of the set go in machines/)")]);
            }
        };

        let mut steps: Vec<Step> = Vec::new();
        for sf in &file.steps {
            let span = sf.span();
            let sf = sf.get_ref();
            let id = ctx.ident(&sf.id, "step id");
            if steps.iter().any(|s| s.id == id) {
                ctx.err(sf.id.span(), format!("step `{id}` is declared twice"));
            }
            if sf.caption.trim().is_empty() {
                ctx.err(span.clone(), format!("step `{id}` needs a `caption` saying what is done"));
            }
            if let Some(provenance) = ctx.provenance(sf.source.as_ref(), sf.assumption.as_ref(), span, &format!("step `{id}`")) {
                steps.push(Step { id, caption: sf.caption.trim().to_string(), provenance });
            }
        }

        // Names in scope, growing as parameters and derived values are declared.
        let mut scope: Vec<String> = Vec::new();
        let mut params = Vec::new();
        for pf in &file.parameters {
            let span = pf.span();
            let pf = pf.get_ref();
            let name = ctx.var_name(&pf.name);
            if scope.contains(&name) {
                ctx.err(pf.name.span(), format!("`{name}` is declared twice"));
            }
            if crate::settings::LINK_KEYS.contains(&name.as_str()) {
                ctx.err(pf.name.span(), format!("a parameter cannot be called `{name}`: share links use that word for themselves"));
            }
            scope.push(name.clone());
            let u = match &pf.unit {
                Some(u) => match ctx.unit(u) {
                    Some(u) => Some(u),
                    None => continue,
                },
                None => None,
            };
            let f = u.map_or(1.0, |u| u.factor);
            let (default, min, max, step) = (*pf.default.get_ref(), *pf.min.get_ref(), *pf.max.get_ref(), *pf.step.get_ref());
            if !(min <= default && default <= max) {
                ctx.err(pf.default.span(), format!("default {default} of `{name}` is outside its range {min} to {max}"));
            }
            if step.is_nan() || step <= 0.0 || (step > max - min && max > min) {
                ctx.err(pf.step.span(), format!("step {step} of `{name}` should be greater than zero and within the range"));
            }
            let Some(provenance) = ctx.provenance(pf.source.as_ref(), pf.assumption.as_ref(), span, &format!("parameter `{name}`")) else {
                continue;
            };
            params.push(Parameter {
                name,
                label: pf.label.clone(),
                unit: u,
                dim: u.map_or(Dim::NONE, |u| u.dim),
                default: default * f,
                min: min * f,
                max: max * f,
                step: step * f,
                help: pf.help.clone(),
                provenance,
            });
        }

        let mut derived = Vec::new();
        for df in &file.derived {
            let span = df.span();
            let df = df.get_ref();
            let name = ctx.var_name(&df.name);
            let expr = expr_in_scope(&mut ctx, &df.expr, &scope);
            if scope.contains(&name) {
                ctx.err(df.name.span(), format!("`{name}` is declared twice"));
            }
            scope.push(name.clone());
            let u = df.unit.as_ref().and_then(|u| ctx.unit(u));
            let provenance = literal_provenance(
                &mut ctx,
                [&df.expr],
                df.source.as_ref(),
                df.assumption.as_ref(),
                span,
                &format!("derived value `{name}`"),
            );
            if let (Some(expr), Some(provenance)) = (expr, provenance) {
                derived.push(Derived { name, about: df.about.clone(), label: df.label.clone(), expr, unit: u, provenance });
            }
        }

        let mut parts: Vec<Part> = Vec::new();
        for pf in &file.parts {
            let at = pf.span().start;
            let p = pf.get_ref();
            if let Some(part) = parse_part(&mut ctx, p, at, &scope, stock, components, &steps) {
                if parts.iter().any(|q| q.id == part.id) {
                    ctx.err(p.id.span(), format!("part `{}` is declared twice", part.id));
                }
                parts.push(part);
            }
        }

        let mut includes: Vec<Include> = Vec::new();
        for inc in &file.includes {
            let inc = inc.get_ref();
            let id = ctx.ident(&inc.id, "include id");
            if parts.iter().any(|p| p.id == id) || includes.iter().any(|i| i.id == id) {
                ctx.err(inc.id.span(), format!("`{id}` is already used as a part or include id"));
            }
            let when = inc.when.as_ref().and_then(|c| expr_in_scope(&mut ctx, c, &scope));
            let mut ps = Vec::new();
            for (k, v) in &inc.params {
                if let Some(e) = expr_in_scope(&mut ctx, v, &scope) {
                    ps.push((k.clone(), e));
                }
            }
            check_placement_names(&mut ctx, &inc.place, &scope);
            // An include without a step joins at the last one (a power source goes on last).
            let step = match &inc.step {
                None => steps.len().checked_sub(1),
                s => step_of(&mut ctx, &steps, s.as_ref(), inc.id.span(), ""),
            };
            let outputs = inc.outputs.as_ref().and_then(|o| match o.get_ref().as_str() {
                "own" => Some(IncludedOutputs::Own),
                "internal" => Some(IncludedOutputs::Internal),
                other => {
                    ctx.err(o.span(), format!("`outputs` is `own` or `internal`, not `{other}`"));
                    None
                }
            });
            if let Some(place) = Placement::parse(&mut ctx, &inc.place) {
                includes.push(Include {
                    id,
                    machine: inc.machine.get_ref().clone(),
                    machine_at: inc.machine.span().start,
                    name: inc.name.clone(),
                    when,
                    params: ps,
                    outputs,
                    step,
                    place,
                });
            }
        }

        let mut outputs = Vec::new();
        for of in &file.outputs {
            let span = of.span();
            let of = of.get_ref();
            let pid = of.product.get_ref();
            let product = t.products.iter().position(|p| &p.id == pid);
            if product.is_none() {
                let hint = did_you_mean(pid, t.products.iter().map(|p| p.id.as_str()));
                ctx.err(of.product.span(), format!("`{pid}` is not a product of products.toml{hint}"));
            }
            let rate = expr_in_scope(&mut ctx, &of.rate, &scope);
            let provenance =
                literal_provenance(&mut ctx, [&of.rate], of.source.as_ref(), of.assumption.as_ref(), span, &format!("output `{pid}`"));
            if let (Some(product), Some(rate), Some(provenance)) = (product, rate, provenance) {
                outputs.push(Output { product, rate, note: of.note.clone(), provenance });
            }
        }

        let mut checks = Vec::new();
        for c in &file.checks {
            if let Some(expr) = expr_in_scope(&mut ctx, &c.expr, &scope) {
                checks.push(Check { expr, message: c.message.clone() });
            }
        }

        let rf = file.relations.unwrap_or_default();
        let rf = &rf;
        let relation = |ctx: &mut Checker<'_>, list: &[crate::file::SpannedStr]| -> Vec<String> {
            list.iter()
                .filter_map(|r| {
                    if index.iter().any(|e| &e.id == r.get_ref()) {
                        Some(r.get_ref().clone())
                    } else {
                        let hint = did_you_mean(r.get_ref(), index.iter().map(|e| e.id.as_str()));
                        ctx.err(r.span(), format!("`{}` is not a machine of the GVCS index{hint}", r.get_ref()));
                        None
                    }
                })
                .collect()
        };
        let built_with = relation(&mut ctx, &rf.built_with);
        let uses = relation(&mut ctx, &rf.uses);
        let rel_prov = match &rf.source {
            Some(s) => ctx.provenance(Some(s), None, s.span(), "relations"),
            None => None,
        };
        let relations = Relations { built_with, uses, provenance: rel_prov };

        for (k, s) in steps.iter().enumerate() {
            if !parts.iter().any(|p| p.step == Some(k)) && !includes.iter().any(|i| i.step == Some(k)) {
                let at = file.steps[k].span();
                ctx.err(at, format!("step `{}` adds no part: name it in a part's `step`, or remove it", s.id));
            }
        }

        let sources = ctx.sources.values().cloned().collect();
        let machine = Machine {
            doc: doc.clone(),
            id,
            name,
            nickname,
            class,
            summary,
            design_basis,
            sources,
            steps,
            params,
            derived,
            parts,
            includes,
            outputs,
            checks,
            relations,
        };
        ctx.finish(machine)
    }
}

/// Parses an expression and checks that every name it reads is in scope.
fn expr_in_scope(ctx: &mut Checker<'_>, e: &SpannedExpr, scope: &[String]) -> Option<FieldExpr> {
    let fe = ctx.expr(e)?;
    let mut ok = true;
    for (name, span) in fe.expr.names() {
        if !scope.iter().any(|s| s == name) {
            let hint = did_you_mean(name, scope.iter().map(String::as_str));
            let msg = format!("`{name}` is not a parameter or an earlier derived value{hint}");
            ctx.errors.push(ctx.src.error_at(fe.at + span.start, msg));
            ok = false;
        }
    }
    ok.then_some(fe)
}

fn check_placement_names(ctx: &mut Checker<'_>, p: &crate::file::PlacementFile, scope: &[String]) {
    let mut all: Vec<&SpannedExpr> = Vec::new();
    all.extend(p.at.iter().flatten());
    all.extend(p.rotate.iter().flatten());
    all.extend(p.spin.iter());
    if let Some(a) = &p.array {
        all.push(&a.count);
        all.extend(a.step.iter());
    }
    all.extend(p.count.iter());
    all.extend(p.mirror_about.iter().flatten());
    for e in all {
        expr_in_scope(ctx, e, scope);
    }
}

/// Expressions that contain a number with a unit (`1.3 in`) state a design figure, which
/// needs a source or an assumption; pure formulas over parameters do not. Positions are
/// layout, not figures, and are not counted.
fn literal_provenance<'e>(
    ctx: &mut Checker<'_>,
    exprs: impl IntoIterator<Item = &'e SpannedExpr>,
    source: Option<&crate::file::SpannedStr>,
    assumption: Option<&String>,
    span: std::ops::Range<usize>,
    what: &str,
) -> Option<Option<Provenance>> {
    let has_figure = exprs.into_iter().any(|e| match e.get_ref() {
        ExprText::Text(t) => crate::expr::Expr::parse(t).map(|x| x.has_dimensioned_literal()).unwrap_or(false),
        ExprText::Num(_) => false,
    });
    if has_figure || source.is_some() || assumption.is_some() {
        ctx.provenance(source, assumption, span, &format!("{what}, which states a figure with a unit,")).map(Some)
    } else {
        Some(None)
    }
}

/// The step a part (or include) names: required when the definition has steps, and one of them.
fn step_of(ctx: &mut Checker<'_>, steps: &[Step], step: Option<&SpannedStr>, at: std::ops::Range<usize>, what: &str) -> Option<usize> {
    match step {
        None if steps.is_empty() => None,
        None => {
            ctx.err(at, format!("{what} has no `step`: this definition has [[step]]s, so every part names one"));
            None
        }
        Some(s) => {
            let k = steps.iter().position(|x| &x.id == s.get_ref());
            if k.is_none() {
                let hint = did_you_mean(s.get_ref(), steps.iter().map(|x| x.id.as_str()));
                ctx.err(s.span(), format!("`{}` is not a [[step]] of this definition{hint}", s.get_ref()));
            }
            k
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn parse_part(
    ctx: &mut Checker<'_>,
    p: &PartFile,
    at: usize,
    scope: &[String],
    stock: &StockLibrary,
    components: &Catalogue,
    steps: &[Step],
) -> Option<Part> {
    let id = ctx.ident(&p.id, "part id");
    let group = ctx.ident(&p.group, "group");
    let step = step_of(ctx, steps, p.step.as_ref(), p.id.span(), &format!("part `{id}`"));
    let span = at..at + 1;
    let kind = match (&p.stock, &p.component) {
        (Some(s), None) => {
            let sid = s.get_ref();
            if !p.dims.is_empty() {
                ctx.err(s.span(), format!("part `{id}` is cut from stock, so it takes no `dims`"));
            }
            let profile = if sid == "plate" {
                None
            } else {
                match stock.get(sid) {
                    Some(i) => Some(i),
                    None => {
                        let hint = did_you_mean(sid, stock.profiles.iter().map(|p| p.id.as_str()));
                        ctx.err(s.span(), format!("unknown stock `{sid}`{hint}"));
                        return None;
                    }
                }
            };
            let is_plate = profile.is_none_or(|i| stock.profiles[i].is_plate());
            match (is_plate, &p.length, &p.size) {
                (false, Some(l), None) => PartDefKind::Bar { profile: profile?, length: expr_in_scope(ctx, l, scope)? },
                (true, None, Some([x, y, z])) => {
                    let size = [expr_in_scope(ctx, x, scope), expr_in_scope(ctx, y, scope), expr_in_scope(ctx, z, scope)];
                    let [Some(x), Some(y), Some(z)] = size else { return None };
                    let outline = match &p.outline {
                        Some(points) => {
                            if points.len() < 3 {
                                ctx.err(span.clone(), format!("the outline of `{id}` needs at least three points"));
                                return None;
                            }
                            let mut out = Vec::new();
                            for [a, b] in points {
                                out.push([expr_in_scope(ctx, a, scope)?, expr_in_scope(ctx, b, scope)?]);
                            }
                            Some(out)
                        }
                        None => None,
                    };
                    PartDefKind::Plate { profile, size: [x, y, z], outline }
                }
                (false, _, _) => {
                    ctx.err(span, format!("part `{id}` of `{sid}` needs a `length` (and no `size`)"));
                    return None;
                }
                (true, _, _) => {
                    ctx.err(span, format!("plate part `{id}` needs `size = [x, y, z]` (one of them the thickness) and no `length`"));
                    return None;
                }
            }
        }
        (None, Some(c)) => {
            let Some(ci) = components.get(c.get_ref()) else {
                let hint = did_you_mean(c.get_ref(), components.components.iter().map(|c| c.id.as_str()));
                ctx.err(c.span(), format!("unknown component `{}`{hint}", c.get_ref()));
                return None;
            };
            let given: Vec<&str> = p.dims.keys().map(String::as_str).collect();
            if let Err(m) = components.check_dims(ci, &given) {
                ctx.err(c.span(), m);
                return None;
            }
            if p.length.is_some() || p.size.is_some() {
                ctx.err(c.span(), format!("component part `{id}` takes its sizes from `dims`, not `length` or `size`"));
            }
            let mut dims = Vec::new();
            for (name, _) in &components.components[ci].dims {
                dims.push(expr_in_scope(ctx, &p.dims[name], scope)?);
            }
            PartDefKind::Component { component: ci, dims }
        }
        _ => {
            ctx.err(span, format!("part `{id}` needs exactly one of `stock` or `component`"));
            return None;
        }
    };
    check_placement_names(ctx, &p.place, scope);
    let place = Placement::parse(ctx, &p.place)?;
    let ends = match p.ends.as_ref().map(|e| e.get_ref().as_str()) {
        None | Some("square") => Ends::Square,
        Some("mitre") | Some("miter") => Ends::Mitre,
        Some(other) => {
            ctx.err(p.ends.as_ref().map_or(span.clone(), |e| e.span()), format!("ends `{other}` should be `square` or `mitre`"));
            Ends::Square
        }
    };
    let weld = match &p.weld {
        None => Weld::None,
        Some(w) => match w.get_ref() {
            ExprText::Text(t) if t == "none" => Weld::None,
            ExprText::Text(t) if t == "one-end" => Weld::OneEnd,
            ExprText::Text(t) if t == "both-ends" => Weld::BothEnds,
            ExprText::Text(t) if t == "perimeter" => Weld::Perimeter,
            _ => Weld::Length(expr_in_scope(ctx, w, scope)?),
        },
    };
    let mut holes = Vec::new();
    for h in &p.holes {
        let (d, c) = (expr_in_scope(ctx, &h.dia, scope), expr_in_scope(ctx, &h.count, scope));
        holes.push(HoleDef { dia: d?, count: c? });
    }
    let mut exprs: Vec<&SpannedExpr> = Vec::new();
    exprs.extend(p.length.iter());
    exprs.extend(p.size.iter().flatten());
    exprs.extend(p.outline.iter().flatten().flatten());
    exprs.extend(p.dims.values());
    exprs.extend(p.holes.iter().flat_map(|h| [&h.dia, &h.count]));
    if matches!(weld, Weld::Length(_)) {
        exprs.extend(p.weld.iter());
    }
    let provenance = literal_provenance(ctx, exprs, p.source.as_ref(), p.assumption.as_ref(), span, &format!("part `{id}`"))?;
    Some(Part {
        id,
        name: p.name.clone(),
        group,
        step,
        kind,
        place,
        ends,
        weld,
        holes,
        provenance,
        note: p.note.clone(),
        ose_part: p.ose_part.clone(),
        at,
    })
}

/// Checks the names a definition gives to its includes against the machines loaded.
pub fn link_includes(machines: &[Machine]) -> Vec<DefError> {
    let mut errors = Vec::new();
    for m in machines {
        for inc in &m.includes {
            let Some(child) = machines.iter().find(|c| c.id == inc.machine) else {
                let hint = did_you_mean(&inc.machine, machines.iter().map(|c| c.id.as_str()));
                errors.push(m.doc.error_at(
                    inc.machine_at,
                    format!("included machine `{}` has no definition (or its file has errors){hint}", inc.machine),
                ));
                continue;
            };
            let has_outputs = !child.outputs.is_empty() || child.includes.iter().any(|i| i.outputs == Some(IncludedOutputs::Own));
            if has_outputs && inc.outputs.is_none() {
                errors.push(m.doc.error_at(
                    inc.machine_at,
                    format!(
                        "`{}` has outputs: say whether they are this machine's products (`outputs = \"own\"`) or feed it (`outputs = \"internal\"`)",
                        child.id
                    ),
                ));
            }
            for (name, e) in &inc.params {
                if child.param(name).is_none() {
                    let hint = did_you_mean(name, child.params.iter().map(|p| p.name.as_str()));
                    errors.push(m.doc.error_at(e.at, format!("`{}` has no parameter `{name}`{hint}", child.id)));
                }
            }
        }
    }
    // Includes must not loop back (a machine containing itself).
    for m in machines {
        let mut seen = BTreeSet::new();
        if let Some(path) = cycle(machines, &m.id, &mut seen, &mut vec![m.id.clone()]) {
            let inc = m.includes.iter().find(|i| path.get(1) == Some(&i.machine));
            errors.push(
                m.doc.error_at(inc.map_or(0, |i| i.machine_at), format!("machines include each other in a loop: {}", path.join(" → "))),
            );
            break;
        }
    }
    errors
}

fn cycle(machines: &[Machine], id: &str, seen: &mut BTreeSet<String>, path: &mut Vec<String>) -> Option<Vec<String>> {
    let m = machines.iter().find(|m| m.id == id)?;
    for inc in &m.includes {
        if path.first() == Some(&inc.machine) {
            let mut p = path.clone();
            p.push(inc.machine.clone());
            return Some(p);
        }
        if seen.insert(inc.machine.clone()) {
            path.push(inc.machine.clone());
            if let Some(p) = cycle(machines, &inc.machine, seen, path) {
                return Some(p);
            }
            path.pop();
        }
    }
    None
}
