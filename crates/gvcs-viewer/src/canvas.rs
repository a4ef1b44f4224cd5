//! The viewer on a page's `<canvas>`: its WebGL2 context (and the context's loss and
//! return), resizing at the screen's pixel density, mouse, touch and keyboard gestures,
//! picking, and drawing on the next animation frame only when something changed.
//!
//! Any host uses it the same way, the yew app and the embeddable package alike: attach to a
//! canvas, hand it part meshes, hear back which part was picked. Dropping it detaches it.

use crate::orbit::Orbit;
use crate::{Stage, Viewer};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{AnimationFrame, request_animation_frame};
use gvcs_geom::PartMesh;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent, WebGl2RenderingContext, WheelEvent};

/// Movement below this (CSS pixels) between press and release is a click, not a drag.
const CLICK_SLOP: f64 = 4.0;

/// What the canvas tells its host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A frame was drawn.
    Drawn,
    /// The GPU dropped the context; the view waits for it to come back.
    Lost,
}

type ResizeCallback = Closure<dyn FnMut(js_sys::Array)>;

struct Inner {
    canvas: HtmlCanvasElement,
    viewer: Option<Viewer>,
    frame: Option<AnimationFrame>,
    pending: bool,
    /// Pointers currently down: id and last position (CSS px).
    pointers: Vec<(i32, f64, f64)>,
    /// Where the first pointer went down, and whether it has since been dragged.
    press: Option<(f64, f64)>,
    dragged: bool,
    /// Right button, middle button or shift: pan instead of turn.
    panning: bool,
    dpr: f64,
    /// What is shown, kept to rebuild the scene if the GPU context is lost and restored.
    meshes: Vec<PartMesh>,
    selected: Option<usize>,
    stage: Stage,
    /// The camera of a viewer whose context was lost, for the one that replaces it.
    orbit: Option<Orbit>,
    on_status: Rc<dyn Fn(Status)>,
    #[cfg(feature = "tools")]
    tools: Tools,
}

/// What the section plane and the measure tool keep (see [`crate::tools`]).
#[cfg(feature = "tools")]
#[derive(Default)]
struct Tools {
    cut: Option<crate::tools::Cut>,
    marks: Vec<glam::DVec3>,
    /// While measuring, a click or tap reports the point of the model under it (or `None`)
    /// here instead of picking a part.
    on_point: Option<Rc<dyn Fn(Option<glam::DVec3>)>>,
}

type Shared = Rc<RefCell<Inner>>;

/// A viewer attached to a canvas.
pub struct CanvasView {
    inner: Shared,
    _listeners: Vec<EventListener>,
    observer: Option<(web_sys::ResizeObserver, ResizeCallback)>,
}

impl Drop for CanvasView {
    fn drop(&mut self) {
        if let Some((o, _)) = &self.observer {
            o.disconnect();
        }
    }
}

/// Draws on the next animation frame (once, however many changes come before it).
fn request(inner: &Shared) {
    let mut i = inner.borrow_mut();
    if i.pending {
        return;
    }
    i.pending = true;
    let shared = inner.clone();
    // The previous frame handle (already fired) is dropped here, outside its callback.
    i.frame = Some(request_animation_frame(move |_| {
        let mut i = shared.borrow_mut();
        i.pending = false;
        if let Some(v) = i.viewer.as_mut() {
            v.render();
            let status = i.on_status.clone();
            drop(i);
            status(Status::Drawn);
        }
    }));
}

fn device_pixels(canvas: &HtmlCanvasElement) -> (f64, u32, u32) {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
    let (w, h) = ((canvas.client_width() as f64 * dpr).round() as u32, (canvas.client_height() as f64 * dpr).round() as u32);
    (dpr, w, h)
}

/// Makes a viewer on the canvas's WebGL2 context and shows what `inner` keeps.
fn start_viewer(inner: &Shared) -> Result<(), String> {
    let canvas = inner.borrow().canvas.clone();
    let (dpr, w, h) = device_pixels(&canvas);
    canvas.set_width(w.max(1));
    canvas.set_height(h.max(1));
    let gl = three_d::context::Context::from_webgl2_context(webgl2(&canvas)?);
    let mut viewer = Viewer::new(gl, w.max(1), h.max(1))?;
    let mut i = inner.borrow_mut();
    if !i.meshes.is_empty() {
        viewer.set_scene(i.meshes.clone(), true);
    }
    if let Some(o) = i.orbit.take() {
        viewer.set_orbit(o);
    }
    viewer.select_part(i.selected);
    viewer.set_stage(i.stage.clone());
    #[cfg(feature = "tools")]
    {
        viewer.set_cut(i.tools.cut);
        viewer.set_marks(i.tools.marks.clone());
    }
    i.viewer = Some(viewer);
    i.dpr = dpr;
    Ok(())
}

fn webgl2(canvas: &HtmlCanvasElement) -> Result<WebGl2RenderingContext, String> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"antialias".into(), &true.into());
    // Keep the last frame: screenshots, printing and "save image" then see the machine, since
    // the view is drawn only when something changes.
    let _ = js_sys::Reflect::set(&options, &"preserveDrawingBuffer".into(), &true.into());
    canvas
        .get_context_with_context_options("webgl2", &options)
        .map_err(|e| format!("{e:?}"))?
        .ok_or_else(|| "this browser does not offer WebGL2".to_string())?
        .dyn_into::<WebGl2RenderingContext>()
        .map_err(|_| "the canvas context is not WebGL2".to_string())
}

impl CanvasView {
    /// Starts the view on `canvas`. `on_pick` hears the index of the part clicked or tapped
    /// (`None` for empty space); `on_status` hears each frame drawn and a lost context.
    pub fn attach(
        canvas: &HtmlCanvasElement,
        on_pick: impl Fn(Option<usize>) + 'static,
        on_status: impl Fn(Status) + 'static,
    ) -> Result<CanvasView, String> {
        let inner = Rc::new(RefCell::new(Inner {
            canvas: canvas.clone(),
            viewer: None,
            frame: None,
            pending: false,
            pointers: Vec::new(),
            press: None,
            dragged: false,
            panning: false,
            dpr: 1.0,
            meshes: Vec::new(),
            selected: None,
            stage: Stage::default(),
            orbit: None,
            on_status: Rc::new(on_status),
            #[cfg(feature = "tools")]
            tools: Tools::default(),
        }));
        start_viewer(&inner)?;
        let mut view = CanvasView { _listeners: listen(&inner, canvas, Rc::new(on_pick)), observer: None, inner };
        view.observe(canvas);
        request(&view.inner);
        Ok(view)
    }

    /// Shows `meshes`; `fit` frames them (a new machine), otherwise the camera stays.
    pub fn set_scene(&self, meshes: Vec<PartMesh>, fit: bool) {
        {
            let mut i = self.inner.borrow_mut();
            if let Some(v) = i.viewer.as_mut() {
                v.set_scene(meshes.clone(), fit);
            }
            i.meshes = meshes;
        }
        request(&self.inner);
    }

    /// Highlights a part (an index into the instance's parts).
    pub fn select(&self, part: Option<usize>) {
        {
            let mut i = self.inner.borrow_mut();
            i.selected = part;
            if let Some(v) = i.viewer.as_mut() {
                v.select_part(part);
            }
        }
        request(&self.inner);
    }

    /// Shows the machine built up to an assembly step (see [`Stage`]).
    pub fn set_stage(&self, stage: Stage) {
        {
            let mut i = self.inner.borrow_mut();
            if i.stage == stage {
                return;
            }
            if let Some(v) = i.viewer.as_mut() {
                v.set_stage(stage.clone());
            }
            i.stage = stage;
        }
        request(&self.inner);
    }

    /// `front`, `side`, `top`, `iso`, or `fit`.
    pub fn view_from(&self, side: &str) {
        if let Some(v) = self.inner.borrow_mut().viewer.as_mut() {
            if side == "fit" { v.fit() } else { v.view_from(side) }
        }
        request(&self.inner);
    }

    /// Where world points are on the canvas, in CSS pixels from its top left (`None`: behind
    /// the eye). Labels use it; hosts that show none never call it.
    pub fn project(&self, points: &[glam::DVec3]) -> Vec<Option<(f64, f64)>> {
        let mut i = self.inner.borrow_mut();
        let dpr = i.dpr;
        let Some(v) = i.viewer.as_mut() else { return Vec::new() };
        points.iter().map(|&p| v.project(p).map(|(x, y)| (x / dpr, y / dpr))).collect()
    }

    /// Turns the camera about the vertical by `radians` (a turntable's step) and draws.
    pub fn turn(&self, radians: f64) {
        if let Some(v) = self.inner.borrow_mut().viewer.as_mut() {
            let mut o = v.orbit();
            o.yaw -= radians;
            v.set_orbit(o);
        }
        request(&self.inner);
    }

    /// The view drawn at `width` x `height` pixels as a PNG data URL (for a picture to save or
    /// print at a resolution of its own); the canvas is drawn back at its own size after.
    pub fn picture(&self, width: u32, height: u32) -> Option<String> {
        let mut guard = self.inner.borrow_mut();
        let i = &mut *guard;
        let v = i.viewer.as_mut()?;
        let c = &i.canvas;
        let (w0, h0) = (c.width(), c.height());
        c.set_width(width.max(1));
        c.set_height(height.max(1));
        v.resize(width.max(1), height.max(1));
        v.render();
        let url = c.to_data_url_with_type("image/png").ok();
        c.set_width(w0);
        c.set_height(h0);
        v.resize(w0, h0);
        v.render();
        url
    }

    /// Puts a section plane on the model, or takes it off.
    #[cfg(feature = "tools")]
    pub fn set_cut(&self, cut: Option<crate::tools::Cut>) {
        {
            let mut i = self.inner.borrow_mut();
            i.tools.cut = cut;
            if let Some(v) = i.viewer.as_mut() {
                v.set_cut(cut);
            }
        }
        request(&self.inner);
    }

    /// Marks points of the model (two are joined by a line).
    #[cfg(feature = "tools")]
    pub fn set_marks(&self, points: Vec<glam::DVec3>) {
        {
            let mut i = self.inner.borrow_mut();
            if let Some(v) = i.viewer.as_mut() {
                v.set_marks(points.clone());
            }
            i.tools.marks = points;
        }
        request(&self.inner);
    }

    /// While `on_point` is given, a click or tap on the canvas tells it the point of the
    /// model there (`None` for empty space) instead of picking a part.
    #[cfg(feature = "tools")]
    pub fn measure(&self, on_point: Option<Rc<dyn Fn(Option<glam::DVec3>)>>) {
        self.inner.borrow_mut().tools.on_point = on_point;
    }

    fn observe(&mut self, canvas: &HtmlCanvasElement) {
        let inner = self.inner.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let c = inner.borrow().canvas.clone();
            let (dpr, w, h) = device_pixels(&c);
            if w == 0 || h == 0 {
                return;
            }
            let resized = c.width() != w || c.height() != h;
            if resized {
                c.set_width(w);
                c.set_height(h);
            }
            let mut i = inner.borrow_mut();
            i.dpr = dpr;
            if let Some(v) = i.viewer.as_mut() {
                v.resize(w, h);
                // Resizing clears the canvas: draw again at once, so it never shows empty.
                if resized {
                    v.render();
                }
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(canvas);
            self.observer = Some((observer, callback));
        }
    }
}

/// Turns gestures on the canvas into camera moves and picks.
fn listen(inner: &Shared, canvas: &HtmlCanvasElement, on_pick: Rc<dyn Fn(Option<usize>)>) -> Vec<EventListener> {
    let target: &web_sys::EventTarget = canvas.as_ref();
    let active = EventListenerOptions::enable_prevent_default();
    let mut out = Vec::new();
    let shared = inner.clone();
    let c = canvas.clone();
    out.push(EventListener::new_with_options(target, "pointerdown", active, move |e| {
        let e: &PointerEvent = e.unchecked_ref();
        e.prevent_default();
        let _ = c.focus();
        let _ = c.set_pointer_capture(e.pointer_id());
        let mut i = shared.borrow_mut();
        i.pointers.retain(|p| p.0 != e.pointer_id());
        i.pointers.push((e.pointer_id(), e.offset_x() as f64, e.offset_y() as f64));
        if i.pointers.len() == 1 {
            i.press = Some((e.offset_x() as f64, e.offset_y() as f64));
            i.dragged = false;
            i.panning = e.button() == 2 || e.button() == 1 || e.shift_key();
        } else {
            i.dragged = true;
        }
    }));
    let shared = inner.clone();
    out.push(EventListener::new_with_options(target, "pointermove", active, move |e| {
        let e: &PointerEvent = e.unchecked_ref();
        let (x, y) = (e.offset_x() as f64, e.offset_y() as f64);
        let mut guard = shared.borrow_mut();
        let i = &mut *guard;
        let Some(k) = i.pointers.iter().position(|p| p.0 == e.pointer_id()) else { return };
        e.prevent_default();
        let dpr = i.dpr;
        if i.pointers.len() >= 2 {
            // Two fingers: pinch to zoom, move together to pan.
            let other = if k == 0 { 1 } else { 0 };
            let (ox, oy) = (i.pointers[other].1, i.pointers[other].2);
            let (px, py) = (i.pointers[k].1, i.pointers[k].2);
            let before = ((px - ox).powi(2) + (py - oy).powi(2)).sqrt().max(1.0);
            let after = ((x - ox).powi(2) + (y - oy).powi(2)).sqrt().max(1.0);
            if let Some(v) = i.viewer.as_mut() {
                v.zoom(before / after);
                v.pan((x - px) / 2.0 * dpr, (y - py) / 2.0 * dpr);
            }
        } else {
            let (px, py) = (i.pointers[k].1, i.pointers[k].2);
            if let Some((sx, sy)) = i.press
                && ((x - sx).abs() > CLICK_SLOP || (y - sy).abs() > CLICK_SLOP)
            {
                i.dragged = true;
            }
            if i.dragged {
                let panning = i.panning || e.shift_key();
                if let Some(v) = i.viewer.as_mut() {
                    if panning {
                        v.pan((x - px) * dpr, (y - py) * dpr);
                    } else {
                        v.rotate((x - px) * dpr, (y - py) * dpr);
                    }
                }
            }
        }
        i.pointers[k] = (e.pointer_id(), x, y);
        drop(guard);
        request(&shared);
    }));
    for kind in ["pointerup", "pointercancel"] {
        let shared = inner.clone();
        let on_pick = on_pick.clone();
        out.push(EventListener::new(target, kind, move |e| {
            let e: &PointerEvent = e.unchecked_ref();
            let mut i = shared.borrow_mut();
            let was_single = i.pointers.len() == 1;
            i.pointers.retain(|p| p.0 != e.pointer_id());
            if kind == "pointerup" && was_single && !i.dragged && e.button() == 0 {
                let dpr = i.dpr;
                #[cfg(feature = "tools")]
                if let Some(on_point) = i.tools.on_point.clone() {
                    let point = i.viewer.as_mut().and_then(|v| v.pick_point(e.offset_x() as f64 * dpr, e.offset_y() as f64 * dpr));
                    drop(i);
                    on_point(point);
                    return;
                }
                let hit =
                    i.viewer.as_mut().and_then(|v| v.pick(e.offset_x() as f64 * dpr, e.offset_y() as f64 * dpr).and_then(|m| v.part_of(m)));
                drop(i);
                on_pick(hit);
            }
        }));
    }
    let shared = inner.clone();
    out.push(EventListener::new_with_options(target, "wheel", active, move |e| {
        let e: &WheelEvent = e.unchecked_ref();
        e.prevent_default();
        let lines = if e.delta_mode() == 1 { 40.0 } else { 1.0 };
        if let Some(v) = shared.borrow_mut().viewer.as_mut() {
            v.zoom((e.delta_y() * lines * 0.0015).exp());
        }
        request(&shared);
    }));
    out.push(EventListener::new_with_options(target, "contextmenu", active, |e| e.prevent_default()));
    // A phone or a projector's GPU may drop the context: wait for it, then rebuild.
    let shared = inner.clone();
    out.push(EventListener::new_with_options(target, "webglcontextlost", active, move |e| {
        e.prevent_default();
        let mut i = shared.borrow_mut();
        i.orbit = i.viewer.take().map(|v| v.orbit());
        let status = i.on_status.clone();
        drop(i);
        status(Status::Lost);
    }));
    let shared = inner.clone();
    out.push(EventListener::new(target, "webglcontextrestored", move |_| {
        if start_viewer(&shared).is_ok() {
            request(&shared);
        }
    }));
    let shared = inner.clone();
    out.push(EventListener::new(target, "dblclick", move |_| {
        // Two quick clicks or taps while measuring are two points, not a request to fit.
        #[cfg(feature = "tools")]
        if shared.borrow().tools.on_point.is_some() {
            return;
        }
        if let Some(v) = shared.borrow_mut().viewer.as_mut() {
            v.fit();
        }
        request(&shared);
    }));
    let shared = inner.clone();
    out.push(EventListener::new_with_options(target, "keydown", active, move |e| {
        let e: &KeyboardEvent = e.unchecked_ref();
        let mut i = shared.borrow_mut();
        let Some(v) = i.viewer.as_mut() else { return };
        match e.key().as_str() {
            "ArrowLeft" => v.rotate(-30.0, 0.0),
            "ArrowRight" => v.rotate(30.0, 0.0),
            "ArrowUp" => v.rotate(0.0, -30.0),
            "ArrowDown" => v.rotate(0.0, 30.0),
            "+" | "=" => v.zoom(0.85),
            "-" => v.zoom(1.0 / 0.85),
            "f" | "Home" => v.fit(),
            _ => return,
        }
        e.prevent_default();
        drop(i);
        request(&shared);
    }));
    out
}
