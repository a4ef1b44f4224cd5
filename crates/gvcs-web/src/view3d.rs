//! The 3D view in the page: a canvas that `gvcs_viewer::canvas::CanvasView` takes over, and
//! the view buttons around it. Gestures, the GL context and drawing live in the viewer.

use crate::labels;
use crate::tools::{self, Tools};
use gvcs_app::Computed;
use gvcs_def::System;
use gvcs_viewer::Stage;
use gvcs_viewer::canvas::{CanvasView, Status};
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub computed: Rc<Computed>,
    /// Index into the instance's parts.
    pub selected: Option<usize>,
    pub exploded: bool,
    /// The assembly step shown (0-based); `None`: all parts.
    pub step: Option<usize>,
    /// Units for the section position and measured distances.
    pub system: System,
    pub on_pick: Callback<Option<usize>>,
    pub on_toggle_explode: Callback<()>,
    /// Called with a picture of the view (a PNG data URL) for the printable sheet.
    pub on_sheet: Callback<String>,

    /// Part names on the model.
    #[prop_or_default]
    pub labels: bool,
    /// The turntable turns.
    #[prop_or_default]
    pub spin: bool,
    /// Presentation mode: larger labels.
    #[prop_or_default]
    pub big: bool,
    /// A person pressed on the view (the turntable stops).
    #[prop_or_default]
    pub on_drag: Callback<()>,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        // The calculation is shared, never edited: the same Rc means the same scene.
        Rc::ptr_eq(&self.computed, &o.computed)
            && self.selected == o.selected
            && self.exploded == o.exploded
            && self.step == o.step
            && self.system == o.system
            && self.on_pick == o.on_pick
            && (self.labels, self.spin, self.big) == (o.labels, o.spin, o.big)
    }
}

pub enum Msg {
    View(&'static str),
    Failed(String),
    /// Save the view as a PNG this many pixels wide and high.
    Picture(u32, u32),
    /// Draw the picture for the printable sheet.
    Sheet,
    /// A frame was drawn: turn the turntable on, move the labels.
    Frame,
    /// The section plane or the measure tool.
    Tool(tools::Msg),
}

/// The turntable's speed: a turn in 45 s.
const SPIN: f64 = std::f64::consts::TAU / 45.0;

/// Picture sizes offered: a screen, full HD and 4K.
const PICTURES: [(u32, u32); 3] = [(1280, 800), (1920, 1080), (3840, 2160)];
/// The printable sheet's picture: sharp at about 200 dpi across an A4 or Letter page.
const SHEET_PICTURE: (u32, u32) = (1600, 1000);

pub struct View3d {
    canvas: NodeRef,
    view: Option<CanvasView>,
    failure: Option<String>,
    /// The parts that may be labelled, made when labels are first shown for a scene.
    marks: Option<Vec<labels::Mark>>,
    shown: Vec<labels::Label>,
    /// The canvas's size in CSS pixels when the labels were placed.
    size: (f64, f64),
    /// When the turntable last turned (ms).
    turned: Option<f64>,
    tools: Tools,
}

/// Tells the page (and the browser tests) what the canvas last did.
fn mark(status: Status) {
    crate::dom::mark_ready(
        "data-rendered",
        match status {
            Status::Drawn => "1",
            Status::Lost => "lost",
        },
    );
}

/// The parts on the machine at the step, the step's own marked.
fn stage(p: &Props) -> Stage {
    Stage::new(p.computed.instance.parts.iter().map(|q| q.step), p.step)
}

impl View3d {
    fn start(&mut self, ctx: &Context<Self>) -> Result<(), String> {
        let canvas: HtmlCanvasElement = self.canvas.cast().ok_or("no canvas")?;
        let on_pick = ctx.props().on_pick.clone();
        let link = ctx.link().clone();
        let view = CanvasView::attach(
            &canvas,
            move |part| on_pick.emit(part),
            move |s| {
                mark(s);
                if s == Status::Drawn {
                    link.send_message(Msg::Frame);
                }
            },
        )?;
        view.set_scene(ctx.props().computed.meshes.clone(), true);
        view.select(ctx.props().selected);
        view.set_stage(stage(ctx.props()));
        self.tools.attach(&view);
        self.view = Some(view);
        Ok(())
    }
}

impl View3d {
    /// After each frame: the turntable's next turn, and the labels where the parts now are.
    fn frame(&mut self, ctx: &Context<Self>) -> bool {
        let p = ctx.props();
        let Some(view) = &self.view else { return false };
        if p.spin {
            let now = js_sys::Date::now();
            let dt = self.turned.map_or(0.0, |t| ((now - t) / 1000.0).clamp(0.0, 0.1));
            self.turned = Some(now);
            view.turn(dt * SPIN);
        } else {
            self.turned = None;
        }
        if !p.labels {
            return !std::mem::take(&mut self.shown).is_empty();
        }
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else { return false };
        let size = (canvas.client_width() as f64, canvas.client_height() as f64);
        // Resized since the frame (presentation mode, a turned phone): the view draws again at
        // the new size before the labels are placed, or they would point at the old picture.
        let dpr = gloo::utils::window().device_pixel_ratio().max(1.0);
        if size.0 < 1.0 || size.1 < 1.0 {
            return false;
        }
        if (size.0 * dpr).round() as u32 != canvas.width() || (size.1 * dpr).round() as u32 != canvas.height() {
            view.turn(0.0);
            return false;
        }
        let marks = self.marks.get_or_insert_with(|| labels::marks(&p.computed));
        let placed = labels::place(marks, &stage(p), |pts| view.project(pts), size, p.big);
        let changed = placed != self.shown || size != self.size;
        self.shown = placed;
        self.size = size;
        changed
    }
}

impl Component for View3d {
    type Message = Msg;
    type Properties = Props;

    fn create(_ctx: &Context<Self>) -> Self {
        View3d {
            canvas: NodeRef::default(),
            view: None,
            failure: None,
            marks: None,
            shown: Vec::new(),
            size: (0.0, 0.0),
            turned: None,
            tools: Tools::new(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::View(side) => {
                if let Some(v) = &self.view {
                    v.view_from(side);
                }
                false
            }
            Msg::Failed(reason) => {
                self.failure = Some(reason);
                true
            }
            Msg::Sheet => {
                if let Some(url) = self.view.as_ref().and_then(|v| v.picture(SHEET_PICTURE.0, SHEET_PICTURE.1)) {
                    ctx.props().on_sheet.emit(url);
                }
                false
            }
            Msg::Picture(w, h) => {
                if let Some(url) = self.view.as_ref().and_then(|v| v.picture(w, h)) {
                    let machine = &ctx.props().computed.instance.machine;
                    crate::dom::download_url(&format!("{machine}-{w}x{h}.png"), &url);
                }
                false
            }
            Msg::Frame => self.frame(ctx),
            Msg::Tool(m) => self.tools.update(m, self.view.as_ref(), ctx.link()),
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Props) -> bool {
        let new = ctx.props();
        let mut cleared = false;
        if let Some(v) = &self.view {
            if !Rc::ptr_eq(&new.computed, &old.computed) {
                let refit = new.computed.instance.machine != old.computed.instance.machine || new.exploded != old.exploded;
                v.set_scene(new.computed.meshes.clone(), refit);
                self.marks = None;
            }
            // Turntable or labels switched on, or larger: a frame starts them.
            if (new.spin && !old.spin) || (new.labels && !old.labels) || new.big != old.big {
                v.turn(0.0);
            }
            if new.step != old.step || (!Rc::ptr_eq(&new.computed, &old.computed) && new.computed.meshes != old.computed.meshes) {
                // Measured points belong to the model they were picked on.
                cleared = self.tools.model_changed(Some(v));
            }
            v.select(new.selected);
            v.set_stage(stage(new));
        }
        cleared || new.exploded != old.exploded || new.system != old.system || !Rc::ptr_eq(&new.computed, &old.computed)
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let toggle = ctx.props().on_toggle_explode.reform(|_| ());
        let exploded = ctx.props().exploded;
        html! {
            <div class={if self.tools.measuring() { "view3d measuring" } else { "view3d" }}>
                <canvas ref={self.canvas.clone()} id="view" tabindex="0" onpointerdown={ctx.props().on_drag.reform(|_| ())}
                    aria-label="3D view of the machine: drag to turn, right-drag or shift-drag to move, wheel or pinch to zoom, click a part to see it, double-click to fit" />
                { if self.shown.is_empty() { Html::default() } else { labels::view(&self.shown, self.size) } }
                <div class="view-tools" id="view-tools" role="toolbar" aria-label="View">
                    <button onclick={link.callback(|_| Msg::View("fit"))} title="Fit the machine in view (F)">{ "Fit" }</button>
                    <button onclick={link.callback(|_| Msg::View("front"))}>{ "Front" }</button>
                    <button onclick={link.callback(|_| Msg::View("side"))}>{ "Side" }</button>
                    <button onclick={link.callback(|_| Msg::View("top"))}>{ "Top" }</button>
                    <button onclick={link.callback(|_| Msg::View("iso"))}>{ "3D" }</button>
                    <button class={exploded.then_some("on")} aria-pressed={exploded.to_string()} onclick={toggle} title="Pull the sub-assemblies apart">{ "Explode" }</button>
                    <select id="picture" aria-label="Save the view as a picture" title="Save the view as a PNG picture"
                        onchange={link.callback(|e: Event| {
                            let s = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
                            let k = s.selected_index();
                            s.set_selected_index(0);
                            match PICTURES.get((k - 1).max(0) as usize) {
                                Some(&(w, h)) => Msg::Picture(w, h),
                                None => Msg::Sheet,
                            }
                        })}>
                        <option selected=true disabled=true>{ "Picture…" }</option>
                        { for PICTURES.iter().map(|(w, h)| html! { <option>{ format!("PNG {w} × {h}") }</option> }) }
                        <option>{ "Printable sheet" }</option>
                    </select>
                    { self.tools.view(&gvcs_geom::bounds(&ctx.props().computed.meshes), ctx.props().system, link) }
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
