//! Tools for looking inside and measuring: a section plane across x, y or z that hides one
//! side of the model and caps the cut with hatched faces, and marks with a line between two
//! points. The `Viewer` draws them with the feature `tools`, which the app turns on and the
//! embeddable viewer leaves off, so the embed links none of this.
//!
//! The cut is done on the GPU: one fragment shader discards what lies beyond the plane and
//! draws the faces seen from inside (the meshes are closed, so through the cut one sees only
//! their back faces) flat on the plane in the cap colour. Moving the plane changes a uniform;
//! nothing is rebuilt.

use glam::DVec3;
use gvcs_geom::Bounds;
use three_d::{
    Camera, ColorMapping, Context, Cull, DepthTest, EffectMaterialId, Gm, Light, Mat4, Material, MaterialType, Mesh, Object,
    PhysicalMaterial, Program, RenderStates, RenderTarget, RendererError, Srgba, ToneMapping, Vec4, lights_shader_source, vec4,
};

/// The colour of the cut faces, hatched darker: a brick red no material and no other marking uses.
pub const CAP: [u8; 3] = [196, 64, 52];

/// A section plane: across `axis` (0 x, 1 y, 2 z) at the share `at` (0 to 1) of the model's
/// extent along it. `flip` keeps the other side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cut {
    pub axis: usize,
    pub at: f64,
    pub flip: bool,
}

/// A cut placed on a model: the plane's position in mm and the side taken away.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plane {
    pub axis: usize,
    pub at: f64,
    /// +1: what lies beyond `at` along the axis is taken away; -1: what lies before it.
    pub away: f64,
}

impl Plane {
    /// `cut` on the model in `bounds`, taking away the side `side` (+1 or -1) before `flip`.
    pub fn new(cut: Cut, bounds: &Bounds, side: f64) -> Plane {
        let axis = cut.axis.min(2);
        let at = bounds.min[axis] + cut.at.clamp(0.0, 1.0) * (bounds.max[axis] - bounds.min[axis]);
        Plane { axis, at, away: if cut.flip { -side } else { side } }
    }

    /// Whether a point is on the side that is still shown.
    pub fn keeps(&self, p: DVec3) -> bool {
        (p[self.axis] - self.at) * self.away <= 0.0
    }

    /// The plane as `n·p + w`, positive on the side taken away.
    fn equation(&self) -> Vec4 {
        let mut n = [0.0f32; 3];
        n[self.axis] = self.away as f32;
        vec4(n[0], n[1], n[2], -(self.at * self.away) as f32)
    }
}

/// The side to take away when a cut first goes on: the one the eye looks from, so the cut
/// faces the viewer.
pub fn side_facing(axis: usize, eye: DVec3, bounds: &Bounds) -> f64 {
    if eye[axis.min(2)] >= bounds.centre()[axis.min(2)] { 1.0 } else { -1.0 }
}

const SHADER: &str = r#"
uniform float metallic;
uniform float roughness;
uniform vec3 cameraPosition;
uniform vec4 albedo;
uniform vec4 cap;
uniform vec4 plane;
uniform float hatch;
in vec3 pos;
in vec3 nor;
layout (location = 0) out vec4 outColor;
void main()
{
    if (dot(plane.xyz, pos) + plane.w > 0.0) discard;
    vec3 c = albedo.rgb;
    vec3 n = normalize(gl_FrontFacing ? nor : -nor);
    if (!gl_FrontFacing) {
        // Seen from inside: the cut face, flat on the plane, hatched at 45 degrees.
        n = plane.xyz;
        // Lines a third of the spacing wide, their edges smoothed over a pixel; where they would
        // crowd (far away, at a grazing angle) the cap fades to their average.
        float t = (pos.x + pos.y + pos.z) / hatch;
        float w = fwidth(t);
        float line = smoothstep(0.333 - w, 0.333 + w, abs(fract(t) - 0.5));
        line = mix(line, 0.333, clamp(2.0 * w - 0.5, 0.0, 1.0));
        c = mix(cap.rgb, cap.rgb * 0.45, line);
    }
    outColor.rgb = calculate_lighting(cameraPosition, c, pos, n, metallic, roughness, 1.0);
    outColor.rgb = color_mapping(tone_mapping(outColor.rgb));
    outColor.a = 1.0;
}
"#;

/// A part's look with the section plane applied.
pub struct CutMaterial {
    pub albedo: Srgba,
    pub metallic: f32,
    pub roughness: f32,
    pub plane: Plane,
    /// Hatch spacing in mm.
    pub hatch: f32,
}

impl Material for CutMaterial {
    fn fragment_shader_source(&self, lights: &[&dyn Light]) -> String {
        let mut s = lights_shader_source(lights);
        s.push_str(ToneMapping::fragment_shader_source());
        s.push_str(ColorMapping::fragment_shader_source());
        s.push_str(SHADER);
        s
    }

    fn id(&self) -> EffectMaterialId {
        // In the range three-d leaves for materials of its users.
        EffectMaterialId(0x4c01)
    }

    fn use_uniforms(&self, program: &Program, viewer: &dyn three_d::Viewer, lights: &[&dyn Light]) {
        // Blinn, the physical material's default (three-d numbers it 2).
        program.use_uniform_if_required("lightingModel", 2u32);
        viewer.tone_mapping().use_uniforms(program);
        viewer.color_mapping().use_uniforms(program);
        program.use_uniform_if_required("cameraPosition", viewer.position());
        for (i, light) in lights.iter().enumerate() {
            light.use_uniforms(program, i as u32);
        }
        program.use_uniform_if_required("metallic", self.metallic);
        program.use_uniform_if_required("roughness", self.roughness);
        program.use_uniform("albedo", self.albedo.to_linear_srgb());
        program.use_uniform("cap", Srgba::new_opaque(CAP[0], CAP[1], CAP[2]).to_linear_srgb());
        program.use_uniform("plane", self.plane.equation());
        program.use_uniform("hatch", self.hatch);
    }

    fn render_states(&self) -> RenderStates {
        // Both sides: the back faces are the caps.
        RenderStates { cull: Cull::None, ..Default::default() }
    }

    fn material_type(&self) -> MaterialType {
        MaterialType::Opaque
    }
}

/// Draws `parts` cut by `plane`, seen from `distance` (mm) away.
pub fn draw_cut<'a>(
    context: &Context,
    camera: &Camera,
    target: &RenderTarget,
    parts: impl Iterator<Item = &'a Gm<Mesh, PhysicalMaterial>>,
    plane: Plane,
    distance: f64,
    lights: &[&dyn Light],
) {
    // Hatch lines about ten pixels apart at any zoom.
    let hatch = (distance * 0.016) as f32;
    let _ = target.write::<RendererError>(|| {
        for o in parts {
            let m = &o.material;
            let cut = CutMaterial { albedo: m.albedo, metallic: m.metallic, roughness: m.roughness, plane, hatch };
            three_d::render_with_material(context, camera, &o.geometry, cut, lights)?;
        }
        Ok(())
    });
}

/// The measure tool's colour: a green no material uses, dark enough on the pale background.
const MARK: [u8; 3] = [0, 150, 90];

/// The measure tool's points: a ball on each, a rod between two, drawn over the model at a
/// size that stays the same on the screen.
pub struct Marks {
    ball: Gm<Mesh, PhysicalMaterial>,
    rod: Gm<Mesh, PhysicalMaterial>,
    pub points: Vec<DVec3>,
}

/// A ball of radius 1 around the origin, `n` bands from pole to pole.
fn ball(n: usize) -> gvcs_geom::Mesh {
    let mut m = gvcs_geom::Mesh::default();
    let at = |i: usize, j: usize| {
        let (st, ct) = (std::f64::consts::PI * i as f64 / n as f64).sin_cos();
        let (sp, cp) = (std::f64::consts::PI * j as f64 / n as f64).sin_cos();
        [st * cp, st * sp, ct]
    };
    for i in 0..n {
        for j in 0..2 * n {
            let (a, b, c, d) = (at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1));
            m.triangle([a, b, c], [a, b, c]);
            m.triangle([a, c, d], [a, c, d]);
        }
    }
    m
}

/// A glam matrix for three-d.
fn mat4(m: glam::DMat4) -> Mat4 {
    Mat4::from(m.to_cols_array_2d().map(|c| c.map(|x| x as f32)))
}

impl Marks {
    pub fn new(context: &Context) -> Marks {
        let mut m = crate::material(MARK, 0.4);
        // Over the model: a point picked on a face stays visible from any side.
        m.render_states.depth_test = DepthTest::Always;
        m.emissive = Srgba::new_opaque(0, 60, 36);
        // A rod of radius 1 along z from -0.5 to 0.5, and a ball of radius 1.
        let rod = gvcs_geom::extrude(&gvcs_geom::CrossSection::circle(1.0), 1.0);
        Marks {
            ball: Gm::new(Mesh::new(context, &crate::cpu_mesh(&ball(10))), m.clone()),
            rod: Gm::new(Mesh::new(context, &crate::cpu_mesh(&rod)), m),
            points: Vec::new(),
        }
    }

    /// Draws the marks; `size` is the balls' radius in mm.
    pub fn render(&mut self, target: &RenderTarget, camera: &Camera, lights: &[&dyn Light], size: f64) {
        use glam::{DMat4, DQuat};
        let _ = target.write::<RendererError>(|| {
            if let [a, b] = self.points[..] {
                let d = b - a;
                let turn = DQuat::from_rotation_arc(DVec3::Z, d.normalize_or(DVec3::Z));
                let k = size * 0.3;
                self.rod.set_transformation(mat4(DMat4::from_scale_rotation_translation(
                    DVec3::new(k, k, d.length()),
                    turn,
                    (a + b) / 2.0,
                )));
                self.rod.render(camera, lights);
            }
            for &p in &self.points {
                self.ball.set_transformation(mat4(DMat4::from_scale_rotation_translation(DVec3::splat(size), DQuat::IDENTITY, p)));
                self.ball.render(camera, lights);
            }
            Ok(())
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plane_sits_at_its_share_of_the_box_and_keeps_one_side() {
        let b = Bounds { min: DVec3::new(-100.0, 0.0, 10.0), max: DVec3::new(100.0, 50.0, 410.0) };
        let p = Plane::new(Cut { axis: 2, at: 0.25, flip: false }, &b, 1.0);
        assert_eq!((p.axis, p.at, p.away), (2, 110.0, 1.0));
        assert!(p.keeps(DVec3::new(0.0, 0.0, 100.0)) && !p.keeps(DVec3::new(0.0, 0.0, 120.0)));
        let q = Plane::new(Cut { axis: 2, at: 0.25, flip: true }, &b, 1.0);
        assert!(!q.keeps(DVec3::new(0.0, 0.0, 100.0)) && q.keeps(DVec3::new(0.0, 0.0, 120.0)));
        // The shader's equation is positive where the plane takes away.
        let e = p.equation();
        assert!(e.z * 120.0 + e.w > 0.0 && e.z * 100.0 + e.w < 0.0);
        let x = Plane::new(Cut { axis: 0, at: 2.0, flip: false }, &b, -1.0);
        assert_eq!((x.at, x.away), (100.0, -1.0), "the share is clamped");
        assert!(x.keeps(DVec3::new(100.5, 0.0, 0.0)) && !x.keeps(DVec3::new(99.0, 0.0, 0.0)));
        // The side facing the eye goes.
        assert_eq!(side_facing(1, DVec3::new(0.0, -5000.0, 0.0), &b), -1.0);
        assert_eq!(side_facing(2, DVec3::new(0.0, 0.0, 5000.0), &b), 1.0);
    }
}
