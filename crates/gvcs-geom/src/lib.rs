//! Geometry: turns an evaluated machine into closed triangle meshes with outward normals,
//! one mesh per part with every copy placed, plus bounds and ray picking.
//!
//! Pure: no IO and no GPU, so meshes are tested natively (closed, outward, volume equal to
//! the bill of materials' steel) and the viewer only uploads them.

mod mesh;
mod profile;
mod sketch;

pub use mesh::{Bounds, Mesh, ray_triangle};
pub use profile::{CrossSection, Ring, extrude, section_profile};
pub use sketch::{Facet, sketch};

use glam::{DAffine3, DVec3};
use gvcs_def::Library;
use gvcs_def::component::Primitive;
use gvcs_def::eval::{Instance, PartKind};
use gvcs_def::stock::StockClass;

/// Segments in a full circle: smooth enough to read as round, cheap enough for a phone.
pub const CIRCLE_SEGMENTS: usize = 24;

/// What a part is made of, for its colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Material {
    Steel(StockClass),
    /// A purchased component, with the colour its catalogue entry gives.
    Component([u8; 3]),
}

impl Material {
    /// The colour (sRGB) a material is drawn in: the viewer's and the 3D exports' one table.
    pub fn colour(self) -> [u8; 3] {
        match self {
            Material::Steel(StockClass::Plate) => [64, 108, 140],
            Material::Steel(StockClass::Tube) => [96, 112, 128],
            Material::Steel(StockClass::Bar) => [112, 122, 112],
            Material::Component(c) => c,
        }
    }
}

/// The mesh of one part of the instance (all copies), in world millimetres.
#[derive(Clone, Debug, PartialEq)]
pub struct PartMesh {
    /// Index into `Instance::parts`.
    pub part: usize,
    pub material: Material,
    pub mesh: Mesh,
}

/// The single-copy mesh of a part in its own frame, or `None` for parts that are not drawn
/// (hoses, fittings and bolts have no shape).
pub fn part_mesh(lib: &Library, kind: &PartKind) -> Option<Mesh> {
    match kind {
        PartKind::Bar { profile, length } => Some(extrude(&section_profile(&lib.stock.profiles[*profile].section), *length)),
        PartKind::Plate { profile, outline, .. } => {
            let t = lib.stock.profiles[*profile].section.thickness();
            Some(extrude(&CrossSection { outer: Ring::sharp(outline.clone()), hole: None }, t))
        }
        PartKind::Component { size, .. } => {
            let mut m = Mesh::default();
            for s in &size.shapes {
                let piece = match s.primitive {
                    Primitive::Cuboid { size: [x, y, z] } => extrude(&CrossSection::rect(x, y), z),
                    Primitive::Cylinder { d, length } => extrude(&CrossSection::circle(d / 2.0), length),
                };
                m.append(&piece.transformed(&s.transform));
            }
            (!m.is_empty()).then_some(m)
        }
    }
}

/// Meshes for every drawn part of `inst`.
pub fn build(lib: &Library, inst: &Instance) -> Vec<PartMesh> {
    inst.parts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let local = part_mesh(lib, &p.kind)?;
            let material = match &p.kind {
                PartKind::Bar { profile, .. } | PartKind::Plate { profile, .. } => {
                    Material::Steel(lib.stock.profiles[*profile].section.class())
                }
                PartKind::Component { component, .. } => Material::Component(lib.components.components[*component].color),
            };
            let mut mesh = Mesh::default();
            for t in &p.copies {
                mesh.append(&local.transformed(t));
            }
            Some(PartMesh { part: i, material, mesh })
        })
        .collect()
}

/// The box around all meshes.
pub fn bounds(meshes: &[PartMesh]) -> Bounds {
    meshes.iter().fold(Bounds::EMPTY, |b, m| b.union(&m.mesh.bounds()))
}

/// The nearest part hit by a ray from `origin` along `dir`: (index into `meshes`, distance).
pub fn pick(meshes: &[PartMesh], origin: DVec3, dir: DVec3) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for (i, m) in meshes.iter().enumerate() {
        if !m.mesh.bounds().hit(origin, dir) {
            continue;
        }
        if let Some(d) = m.mesh.ray_hit(origin, dir)
            && best.is_none_or(|(_, bd)| d < bd)
        {
            best = Some((i, d));
        }
    }
    best
}

/// Moves every part of a group away from the machine's centre, for an exploded view:
/// `factor` 0 is assembled, 1 moves each group by its own distance from the centre.
pub fn explode(inst: &Instance, meshes: &mut [PartMesh], factor: f64) {
    if factor == 0.0 {
        return;
    }
    let centre = bounds(meshes).centre();
    let mut groups: Vec<(&str, Bounds)> = Vec::new();
    for m in meshes.iter() {
        let g = inst.parts[m.part].group.as_str();
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, b)) => *b = b.union(&m.mesh.bounds()),
            None => groups.push((g, m.mesh.bounds())),
        }
    }
    let offsets: Vec<(String, DVec3)> = groups.iter().map(|(g, b)| (g.to_string(), (b.centre() - centre) * factor)).collect();
    for m in meshes.iter_mut() {
        let g = &inst.parts[m.part].group;
        if let Some((_, off)) = offsets.iter().find(|(k, _)| k == g) {
            m.mesh = m.mesh.transformed(&DAffine3::from_translation(*off));
        }
    }
}
