//! The canvas: wraps its WebGL2 context for the viewer, turns mouse, touch and keys into
//! camera moves and picks, resizes with the page at the screen's pixel density, and
//! draws only when something changed.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{AnimationFrame, request_animation_frame};
use gvcs_app::Computed;
use gvcs_viewer::Viewer;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, PointerEvent, WebGl2RenderingContext, WheelEvent};
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub computed: Rc<Computed>,
    /// Index into the instance's parts.
    pub selected: Option<usize>,
    pub exploded: bool,
    pub on_pick: Callback<Option<usize>>,
    pub on_toggle_explode: Callback<()>,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        // The calculation is shared, never edited: the same Rc means the same scene.
        Rc::ptr_eq(&self.computed, &o.computed) && self.selected == o.selected && self.exploded == o.exploded && self.on_pick == o.on_pick
    }
}

type ResizeCallback = Closure<dyn FnMut(js_sys::Array)>;

/// Movement below this (CSS pixels) between press and release is a click, not a drag.
const CLICK_SLOP: f64 = 4.0;

#[derive(Default)]
struct Inner {
    viewer: Option<Viewer>,
    frame: Option<AnimationFrame>,
    pending: bool,
    /// Pointers currently down: id and last position (CSS px).
    pointers: Vec<(i32, f64, f64)>,
    /// Where the first pointer went down, and whether it has since been dragged.
    press: Option<(f64, f64)>,
    dragged: bool,
    /// Right button or shift: pan instead of turn.
    panning: bool,
    dpr: f64,
    /// What is shown, kept to rebuild the scene if the GPU context is lost and restored.
    computed: Option<Rc<Computed>>,
    selected: Option<usize>,
    /// The camera of a viewer whose context was lost, for the one that replaces it.
    orbit: Option<gvcs_viewer::orbit::Orbit>,
}

pub enum Msg {
    View(&'static str),
    Failed(String),
}

pub struct View3d {
    canvas: NodeRef,
    inner: Rc<RefCell<Inner>>,
    listeners: Vec<EventListener>,
    observer: Option<(web_sys::ResizeObserver, ResizeCallback)>,
    failure: Option<String>,
}

/// Draws on the next animation frame (once, however many changes come before it).
fn request(inner: &Rc<RefCell<Inner>>) {
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
            crate::dom::mark_ready("data-rendered", "1");
        }
    }));
}

/// Makes a viewer on the canvas's WebGL2 context and shows what is kept in `inner`.
fn attach(inner: &Rc<RefCell<Inner>>, canvas: &HtmlCanvasElement) -> Result<(), String> {
    let dpr = gloo::utils::window().device_pixel_ratio().max(1.0);
    let (w, h) = ((canvas.client_width() as f64 * dpr).round() as u32, (canvas.client_height() as f64 * dpr).round() as u32);
    canvas.set_width(w.max(1));
    canvas.set_height(h.max(1));
    let gl = three_d::context::Context::from_webgl2_context(webgl2(canvas)?);
    let mut viewer = Viewer::new(gl, w, h)?;
    let mut i = inner.borrow_mut();
    if let Some(c) = &i.computed {
        viewer.set_scene(c.meshes.clone(), true);
    }
    if let Some(o) = i.orbit.take() {
        viewer.set_orbit(o);
    }
    viewer.select_part(i.selected);
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

impl View3d {
    fn start(&mut self, ctx: &Context<Self>) -> Result<(), String> {
        let canvas: HtmlCanvasElement = self.canvas.cast().ok_or("no canvas")?;
        {
            let mut i = self.inner.borrow_mut();
            i.computed = Some(ctx.props().computed.clone());
            i.selected = ctx.props().selected;
        }
        attach(&self.inner, &canvas)?;
        self.listen(&canvas, ctx);
        self.observe(&canvas);
        request(&self.inner);
        Ok(())
    }

    fn listen(&mut self, canvas: &HtmlCanvasElement, ctx: &Context<Self>) {
        let target: &web_sys::EventTarget = canvas.as_ref();
        let active = EventListenerOptions::enable_prevent_default();
        let inner = self.inner.clone();
        let c = canvas.clone();
        self.listeners.push(EventListener::new_with_options(target, "pointerdown", active, move |e| {
            let e: &PointerEvent = e.unchecked_ref();
            e.prevent_default();
            let _ = c.focus();
            let _ = c.set_pointer_capture(e.pointer_id());
            let mut i = inner.borrow_mut();
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
        let inner = self.inner.clone();
        self.listeners.push(EventListener::new_with_options(target, "pointermove", active, move |e| {
            let e: &PointerEvent = e.unchecked_ref();
            let (x, y) = (e.offset_x() as f64, e.offset_y() as f64);
            let mut guard = inner.borrow_mut();
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
            request(&inner);
        }));
        for kind in ["pointerup", "pointercancel"] {
            let inner = self.inner.clone();
            let on_pick = ctx.props().on_pick.clone();
            self.listeners.push(EventListener::new(target, kind, move |e| {
                let e: &PointerEvent = e.unchecked_ref();
                let mut i = inner.borrow_mut();
                let was_single = i.pointers.len() == 1;
                i.pointers.retain(|p| p.0 != e.pointer_id());
                if kind == "pointerup" && was_single && !i.dragged && e.button() == 0 {
                    let dpr = i.dpr;
                    let hit = i
                        .viewer
                        .as_mut()
                        .and_then(|v| v.pick(e.offset_x() as f64 * dpr, e.offset_y() as f64 * dpr).and_then(|m| v.part_of(m)));
                    drop(i);
                    on_pick.emit(hit);
                }
            }));
        }
        let inner = self.inner.clone();
        self.listeners.push(EventListener::new_with_options(target, "wheel", active, move |e| {
            let e: &WheelEvent = e.unchecked_ref();
            e.prevent_default();
            let lines = if e.delta_mode() == 1 { 40.0 } else { 1.0 };
            if let Some(v) = inner.borrow_mut().viewer.as_mut() {
                v.zoom((e.delta_y() * lines * 0.0015).exp());
            }
            request(&inner);
        }));
        self.listeners.push(EventListener::new_with_options(target, "contextmenu", active, |e| e.prevent_default()));
        // A phone or a projector's GPU may drop the context: wait for it, then rebuild.
        let inner = self.inner.clone();
        self.listeners.push(EventListener::new_with_options(target, "webglcontextlost", active, move |e| {
            e.prevent_default();
            let mut i = inner.borrow_mut();
            i.orbit = i.viewer.take().map(|v| v.orbit());
            crate::dom::mark_ready("data-rendered", "lost");
        }));
        let inner = self.inner.clone();
        let c = canvas.clone();
        self.listeners.push(EventListener::new(target, "webglcontextrestored", move |_| {
            if attach(&inner, &c).is_ok() {
                request(&inner);
            }
        }));
        let inner = self.inner.clone();
        self.listeners.push(EventListener::new(target, "dblclick", move |_| {
            if let Some(v) = inner.borrow_mut().viewer.as_mut() {
                v.fit();
            }
            request(&inner);
        }));
        let inner = self.inner.clone();
        self.listeners.push(EventListener::new_with_options(target, "keydown", active, move |e| {
            let e: &web_sys::KeyboardEvent = e.unchecked_ref();
            let mut i = inner.borrow_mut();
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
            request(&inner);
        }));
    }

    fn observe(&mut self, canvas: &HtmlCanvasElement) {
        let inner = self.inner.clone();
        let c = canvas.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let dpr = gloo::utils::window().device_pixel_ratio().max(1.0);
            let (w, h) = ((c.client_width() as f64 * dpr).round() as u32, (c.client_height() as f64 * dpr).round() as u32);
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

impl Component for View3d {
    type Message = Msg;
    type Properties = Props;

    fn create(_ctx: &Context<Self>) -> Self {
        View3d {
            canvas: NodeRef::default(),
            inner: Rc::new(RefCell::new(Inner { dpr: 1.0, ..Default::default() })),
            listeners: Vec::new(),
            observer: None,
            failure: None,
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::View(side) => {
                if let Some(v) = self.inner.borrow_mut().viewer.as_mut() {
                    if side == "fit" { v.fit() } else { v.view_from(side) }
                }
                request(&self.inner);
                false
            }
            Msg::Failed(reason) => {
                self.failure = Some(reason);
                true
            }
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Props) -> bool {
        let new = ctx.props();
        {
            let mut i = self.inner.borrow_mut();
            i.computed = Some(new.computed.clone());
            i.selected = new.selected;
            if let Some(v) = i.viewer.as_mut() {
                if !Rc::ptr_eq(&new.computed, &old.computed) {
                    let refit = new.computed.instance.machine != old.computed.instance.machine || new.exploded != old.exploded;
                    v.set_scene(new.computed.meshes.clone(), refit);
                }
                v.select_part(new.selected);
            }
        }
        request(&self.inner);
        new.exploded != old.exploded
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let toggle = ctx.props().on_toggle_explode.reform(|_| ());
        let exploded = ctx.props().exploded;
        html! {
            <div class="view3d">
                <canvas ref={self.canvas.clone()} id="view" tabindex="0"
                    aria-label="3D view of the machine: drag to turn, right-drag or shift-drag to move, wheel or pinch to zoom, click a part to see it, double-click to fit" />
                <div class="view-tools" role="toolbar" aria-label="View">
                    <button onclick={link.callback(|_| Msg::View("fit"))} title="Fit the machine in view (F)">{ "Fit" }</button>
                    <button onclick={link.callback(|_| Msg::View("front"))}>{ "Front" }</button>
                    <button onclick={link.callback(|_| Msg::View("side"))}>{ "Side" }</button>
                    <button onclick={link.callback(|_| Msg::View("top"))}>{ "Top" }</button>
                    <button onclick={link.callback(|_| Msg::View("iso"))}>{ "3D" }</button>
                    <button class={classes!(exploded.then_some("on"))} aria-pressed={exploded.to_string()} onclick={toggle} title="Pull the sub-assemblies apart">{ "Explode" }</button>
                </div>
                { self.failure.as_ref().map(|f| html! {
                    <div class="no-webgl" role="alert">{ format!("The 3D view cannot start ({f}). The parameters and tables below still work.") }</div>
                }).unwrap_or_default() }
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render && let Err(e) = self.start(ctx) {
            crate::dom::mark_ready("data-rendered", "no-webgl");
            ctx.link().send_message(Msg::Failed(e));
        }
    }
}
