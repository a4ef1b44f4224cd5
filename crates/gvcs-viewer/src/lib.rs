//! The 3D view of a machine: part meshes on the GPU through three-d, an orbit camera,
//! picking and highlight. The only crate that knows WebGL. `Viewer` draws on a GL context;
//! in the browser, `canvas::CanvasView` owns a page's canvas around it (context loss,
//! resizing, gestures, the draw loop), for the app and the embeddable package alike.

#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod labels;
pub mod orbit;
/// The section plane and the measure tool; the viewer uses them with the feature `tools`.
pub mod tools;

pub use glam::DVec3;
use gvcs_geom::{Bounds, PartMesh};
use orbit::{FOV_Y_DEG, Orbit};
use std::sync::Arc;
use three_d::{
    AmbientLight, Camera, ClearState, Context, CpuMaterial, CpuMesh, Cull, DirectionalLight, Gm, Indices, Mesh, PhysicalMaterial,
    Positions, RenderStates, RenderTarget, Srgba, Vec3, Viewport, degrees, vec3,
};

pub use three_d::context::Context as GlContext;

/// Background: a light neutral that reads well on a projector.
const BACKGROUND: [f32; 3] = [0.93, 0.94, 0.95];
const HIGHLIGHT: [u8; 3] = [255, 136, 0];
/// The parts an assembly step adds: a colour no material has.
const NEW: [u8; 3] = [222, 48, 176];

/// Which parts an assembly step shows: those of the step and before, the step's own as new.
/// Indexed by part (an index into the instance's parts); the default shows every part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stage {
    /// Each part's step, as the instance gives it.
    steps: Vec<Option<usize>>,
    /// The step shown; `None`: every part, none new.
    step: Option<usize>,
}

impl Stage {
    /// Up to and with step `step` (0-based) of parts whose steps are `steps`.
    pub fn new(steps: impl IntoIterator<Item = Option<usize>>, step: Option<usize>) -> Stage {
        Stage { steps: steps.into_iter().collect(), step }
    }
    fn part(&self, part: usize) -> Option<usize> {
        self.steps.get(part).copied().flatten()
    }
    /// Whether part `part` is on the machine at this step (parts without a step always are).
    pub fn shown(&self, part: usize) -> bool {
        self.step.is_none_or(|s| self.part(part).is_none_or(|p| p <= s))
    }
    /// Whether this step adds part `part`.
    pub fn is_new(&self, part: usize) -> bool {
        self.step.is_some() && self.part(part) == self.step
    }
}

struct Object {
    gm: Gm<Mesh, PhysicalMaterial>,
    colour: [u8; 3],
}

pub struct Viewer {
    context: Context,
    camera: Camera,
    orbit: Orbit,
    objects: Vec<Object>,
    floor: Option<Gm<Mesh, PhysicalMaterial>>,
    meshes: Vec<PartMesh>,
    bounds: Bounds,
    selected: Option<usize>,
    stage: Stage,
    width: u32,
    height: u32,
    ambient: AmbientLight,
    key: DirectionalLight,
    fill: DirectionalLight,
    /// The section plane and the side it takes away (chosen when it goes on).
    #[cfg(feature = "tools")]
    cut: Option<(tools::Cut, f64)>,
    #[cfg(feature = "tools")]
    marks: Option<tools::Marks>,
}

fn v3(v: DVec3) -> Vec3 {
    vec3(v.x as f32, v.y as f32, v.z as f32)
}

pub(crate) fn cpu_mesh(m: &gvcs_geom::Mesh) -> CpuMesh {
    CpuMesh {
        positions: Positions::F32(m.positions.iter().map(|p| vec3(p[0], p[1], p[2])).collect()),
        normals: Some(m.normals.iter().map(|n| vec3(n[0], n[1], n[2])).collect()),
        indices: Indices::U32(m.indices.clone()),
        ..Default::default()
    }
}

/// An opaque, untextured material. Built field by field: `PhysicalMaterial::new_opaque` reads
/// a `CpuMaterial`'s textures, which would bring three-d's texture upload into the wasm for
/// textures no part has.
fn material(c: [u8; 3], roughness: f32) -> PhysicalMaterial {
    let d = CpuMaterial::default();
    PhysicalMaterial {
        name: String::new(),
        albedo: Srgba::new_opaque(c[0], c[1], c[2]),
        albedo_texture: None,
        metallic: 0.1,
        roughness,
        metallic_roughness_texture: None,
        occlusion_strength: d.occlusion_strength,
        occlusion_texture: None,
        normal_scale: d.normal_scale,
        normal_texture: None,
        // Meshes are closed with outward faces: the back faces are never seen.
        render_states: RenderStates { cull: Cull::Back, ..Default::default() },
        is_transparent: false,
        emissive: d.emissive,
        emissive_texture: None,
        lighting_model: d.lighting_model,
    }
}

impl Viewer {
    /// Wraps a GL context (WebGL2 in the browser).
    pub fn new(gl: GlContext, width: u32, height: u32) -> Result<Viewer, String> {
        // three-d asks for an Arc; in the browser there is one thread, so it is never shared.
        #[allow(clippy::arc_with_non_send_sync)]
        let gl = Arc::new(gl);
        let context = Context::from_gl_context(gl).map_err(|e| e.to_string())?;
        let (width, height) = (width.max(1), height.max(1));
        let camera = Camera::new_perspective(
            Viewport::new_at_origo(width, height),
            vec3(0.0, -5000.0, 2000.0),
            vec3(0.0, 0.0, 0.0),
            vec3(0.0, 0.0, 1.0),
            degrees(FOV_Y_DEG as f32),
            10.0,
            100_000.0,
        );
        let ambient = AmbientLight::new(&context, 0.45, Srgba::WHITE);
        let key = DirectionalLight::new(&context, 2.2, Srgba::WHITE, vec3(-0.4, 0.7, -1.0));
        let fill = DirectionalLight::new(&context, 0.8, Srgba::WHITE, vec3(0.6, -0.4, -0.3));
        Ok(Viewer {
            context,
            camera,
            orbit: Orbit::default(),
            objects: Vec::new(),
            floor: None,
            meshes: Vec::new(),
            bounds: Bounds::EMPTY,
            selected: None,
            stage: Stage::default(),
            width,
            height,
            ambient,
            key,
            fill,
            #[cfg(feature = "tools")]
            cut: None,
            #[cfg(feature = "tools")]
            marks: None,
        })
    }

    /// Replaces what is shown. The camera is fitted on the first scene and kept after, so
    /// dragging a slider does not throw the view around.
    pub fn set_scene(&mut self, meshes: Vec<PartMesh>, fit: bool) {
        let first = self.meshes.is_empty();
        self.objects = meshes
            .iter()
            .map(|pm| {
                let c = pm.material.colour();
                Object { gm: Gm::new(Mesh::new(&self.context, &cpu_mesh(&pm.mesh)), material(c, 0.6)), colour: c }
            })
            .collect();
        self.bounds = gvcs_geom::bounds(&meshes);
        self.floor = (!self.bounds.is_empty()).then(|| {
            let size = self.bounds.size();
            let c = self.bounds.centre();
            let pad = size.x.max(size.y) * 0.25 + 200.0;
            let slab = gvcs_geom::extrude(&gvcs_geom::CrossSection::rect(size.x + 2.0 * pad, size.y + 2.0 * pad), 4.0);
            let slab = slab.transformed(&glam::DAffine3::from_translation(DVec3::new(c.x, c.y, self.bounds.min.z - 3.0)));
            Gm::new(Mesh::new(&self.context, &cpu_mesh(&slab)), material([205, 208, 212], 0.9))
        });
        self.meshes = meshes;
        if self.selected.is_some_and(|s| s >= self.objects.len()) {
            self.selected = None;
        }
        self.apply_selection();
        if fit || first {
            self.fit();
        }
    }

    /// Where the camera is, to carry the view over to a new viewer.
    pub fn orbit(&self) -> Orbit {
        self.orbit
    }

    pub fn set_orbit(&mut self, orbit: Orbit) {
        self.orbit = orbit;
    }

    pub fn part_of(&self, mesh_index: usize) -> Option<usize> {
        self.meshes.get(mesh_index).map(|m| m.part)
    }

    /// Highlights the mesh of part `part` (an index into the instance's parts).
    pub fn select_part(&mut self, part: Option<usize>) {
        self.selected = part.and_then(|p| self.meshes.iter().position(|m| m.part == p));
        self.apply_selection();
    }

    /// Shows the machine as built up to an assembly step, the step's parts in their own colour.
    /// The camera keeps framing the whole machine.
    pub fn set_stage(&mut self, stage: Stage) {
        self.stage = stage;
        self.apply_selection();
    }

    fn apply_selection(&mut self) {
        for (i, o) in self.objects.iter_mut().enumerate() {
            let part = self.meshes.get(i).map_or(usize::MAX, |m| m.part);
            let c = if Some(i) == self.selected {
                HIGHLIGHT
            } else if self.stage.is_new(part) {
                NEW
            } else {
                o.colour
            };
            o.gm.material.albedo = Srgba::new_opaque(c[0], c[1], c[2]);
        }
    }

    /// The canvas size in device pixels.
    pub fn resize(&mut self, width: u32, height: u32) {
        self.width = width.max(1);
        self.height = height.max(1);
    }

    pub fn fit(&mut self) {
        if !self.bounds.is_empty() {
            self.orbit.fit_box(self.bounds.min, self.bounds.max, self.width as f64 / self.height as f64);
        }
    }

    pub fn rotate(&mut self, dx: f64, dy: f64) {
        self.orbit.rotate(dx, dy, self.height as f64);
    }

    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.orbit.pan(dx, dy, self.height as f64);
    }

    pub fn zoom(&mut self, factor: f64) {
        self.orbit.zoom(factor);
    }

    /// Sets the view to look from a named side: `front`, `side`, `top` or `iso`.
    pub fn view_from(&mut self, side: &str) {
        let (yaw, pitch) = match side {
            "front" => (0.0, 0.05),
            "side" => (-std::f64::consts::FRAC_PI_2, 0.05),
            "top" => (0.0, 1.45),
            _ => (-0.65, 0.45),
        };
        self.orbit.yaw = yaw;
        self.orbit.pitch = pitch;
        self.fit();
    }

    fn update_camera(&mut self) {
        self.camera.set_viewport(Viewport::new_at_origo(self.width, self.height));
        let far = (self.orbit.distance + self.bounds.radius().max(1000.0) * 4.0) as f32;
        let near = (self.orbit.distance / 100.0).max(5.0) as f32;
        self.camera.set_perspective_projection(degrees(FOV_Y_DEG as f32), near, far);
        self.camera.set_view(v3(self.orbit.eye()), v3(self.orbit.target), vec3(0.0, 0.0, 1.0));
    }

    /// Where the world point `p` is drawn, in device pixels from the top left, or `None` if it
    /// is behind the eye. For labels: only hosts that show them call it.
    pub fn project(&mut self, p: DVec3) -> Option<(f64, f64)> {
        self.update_camera();
        if (p - self.orbit.eye()).dot(self.orbit.basis().0) <= 0.0 {
            return None;
        }
        let px = self.camera.pixel_at_position(v3(p));
        Some((px.x as f64, self.height as f64 - px.y as f64))
    }

    /// The mesh index under the pixel (`x`, `y` in device pixels from the top left).
    pub fn pick(&mut self, x: f64, y: f64) -> Option<usize> {
        let (o, d) = self.ray(x, y);
        self.nearest(o, d).map(|(i, _)| i)
    }

    #[cfg(not(feature = "tools"))]
    fn keeps(&self, _p: DVec3) -> bool {
        true
    }

    /// The ray from the eye through a pixel.
    fn ray(&mut self, x: f64, y: f64) -> (DVec3, DVec3) {
        self.update_camera();
        let px = three_d::PhysicalPoint { x: x as f32, y: (self.height as f64 - y) as f32 };
        let origin = self.camera.position_at_pixel(px);
        let dir = self.camera.view_direction_at_pixel(px);
        let o = DVec3::new(origin.x as f64, origin.y as f64, origin.z as f64);
        let d = DVec3::new(dir.x as f64, dir.y as f64, dir.z as f64);
        (o, d)
    }

    /// The nearest part on the machine at this step (hidden ones, and what a section plane
    /// takes away, do not stop the ray): mesh index and distance.
    fn nearest(&self, o: DVec3, d: DVec3) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (i, m) in self.meshes.iter().enumerate().filter(|(_, m)| self.stage.shown(m.part)) {
            if m.mesh.bounds().hit(o, d)
                && let Some(t) = m.mesh.ray_hit_where(o, d, |p| self.keeps(p))
                && best.is_none_or(|(_, b)| t < b)
            {
                best = Some((i, t));
            }
        }
        best
    }

    pub fn render(&mut self) {
        self.update_camera();
        let bg = BACKGROUND;
        let target = RenderTarget::screen(&self.context, self.width, self.height);
        target.clear(ClearState::color_and_depth(bg[0], bg[1], bg[2], 1.0, 1.0));
        let lights: [&dyn three_d::Light; 3] = [&self.ambient, &self.key, &self.fill];
        target.render(&self.camera, self.floor.iter(), &lights);
        let shown = self.objects.iter().zip(&self.meshes).filter(|(_, m)| self.stage.shown(m.part)).map(|(o, _)| &o.gm);
        // Through a section plane the parts are drawn here and none are left for below.
        #[cfg(feature = "tools")]
        let shown = match self.plane() {
            Some(plane) => {
                tools::draw_cut(&self.context, &self.camera, &target, shown, plane, self.orbit.distance, &lights);
                None
            }
            None => Some(shown),
        }
        .into_iter()
        .flatten();
        target.render(&self.camera, shown, &lights);
        #[cfg(feature = "tools")]
        if let Some(m) = self.marks.as_mut() {
            m.render(&target, &self.camera, &lights, self.orbit.distance * 0.008);
        }
    }
}

/// The section plane and the measure tool (see [`tools`]).
#[cfg(feature = "tools")]
impl Viewer {
    /// Puts a section plane on (or takes it off). A plane going on, or onto another axis,
    /// takes away the side the eye is on.
    pub fn set_cut(&mut self, cut: Option<tools::Cut>) {
        self.cut = cut.map(|c| {
            let side = match self.cut {
                Some((old, side)) if old.axis == c.axis => side,
                _ => tools::side_facing(c.axis, self.orbit.eye(), &self.bounds),
            };
            (c, side)
        });
    }

    fn plane(&self) -> Option<tools::Plane> {
        self.cut.map(|(c, side)| tools::Plane::new(c, &self.bounds, side))
    }

    fn keeps(&self, p: DVec3) -> bool {
        self.plane().is_none_or(|pl| pl.keeps(p))
    }

    /// The point of the model under the pixel (device pixels from the top left), on a face
    /// of a shown part on the kept side of a section.
    pub fn pick_point(&mut self, x: f64, y: f64) -> Option<DVec3> {
        let (o, d) = self.ray(x, y);
        self.nearest(o, d).map(|(_, t)| o + d * t)
    }

    /// The measure tool's points, drawn as balls joined by a rod.
    pub fn set_marks(&mut self, points: Vec<DVec3>) {
        if points.is_empty() {
            self.marks = None;
        } else {
            self.marks.get_or_insert_with(|| tools::Marks::new(&self.context)).points = points;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Stage;

    #[test]
    fn a_stage_shows_the_parts_up_to_its_step_and_marks_its_own() {
        let steps = [Some(0), Some(1), None, Some(2), Some(1)];
        let at = |step| {
            let s = Stage::new(steps, step);
            (0..6).map(|p| (s.shown(p), s.is_new(p))).collect::<Vec<_>>()
        };
        let (o, n, x) = ((true, false), (true, true), (false, false));
        assert_eq!(at(Some(0)), [n, x, o, x, x, o]);
        assert_eq!(at(Some(1)), [o, n, o, x, n, o]);
        assert_eq!(at(Some(2)), [o, o, o, n, o, o]);
        assert_eq!(at(None), [o; 6]);
        assert_eq!(Stage::default(), Stage::new([], None));
        assert!(Stage::default().shown(3) && !Stage::default().is_new(3));
    }
}
