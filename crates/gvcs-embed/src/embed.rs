//! The page side: an `Embed` shows one machine on one canvas. `mount` builds it inside a
//! `<gvcs-viewer>` element (a shadow root with the canvas, a message line and, with
//! `controls="sliders"`, a range input per parameter); `render` puts it on a page's own canvas.
//! Problems never throw from `mount` or `sync`: they become the element's message.

use crate::options::{self, Controls, Options, Resolved, Shown, compute};
use gloo::events::EventListener;
use gvcs_def::machine::Parameter;
use gvcs_def::units::{System, format_number, format_plain, in_system, pretty_unit};
use gvcs_def::{Instance, Library};
use gvcs_viewer::Stage;
use gvcs_viewer::canvas::{CanvasView, Status};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Document, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

/// The attributes the element reads; `gvcs-viewer.js` observes the same list.
const ATTRIBUTES: [&str; 5] = ["machine", "params", "controls", "units", "step"];

const STYLE: &str = "
:host{display:block;position:relative;height:360px;min-width:160px;overflow:hidden;background:#eef0f2;color:#222;font:14px/1.35 system-ui,sans-serif;contain:content}
:host([hidden]){display:none}
.box{display:flex;flex-direction:column;height:100%}
.view{position:relative;flex:1 1 0;min-height:60px}
canvas{position:absolute;inset:0;width:100%;height:100%;display:block;touch-action:none;outline:none}
canvas:focus-visible{box-shadow:inset 0 0 0 2px #2a6fdb}
.cap{position:absolute;bottom:0;left:0;right:0;margin:0;padding:5px 10px;background:rgba(255,255,255,.92);border-top:1px solid #cfd3d8;font-size:13px}
.cap:before{content:'';display:inline-block;width:.8em;height:.8em;margin-right:.4em;border-radius:2px;background:#de30b0;vertical-align:-.05em}
.msg{position:absolute;top:0;left:0;right:0;z-index:1;margin:0;padding:6px 10px;background:#fff4d6;border-bottom:1px solid #e0c36a;font-size:13px;white-space:pre-line}
.sliders{flex:none;max-height:50%;overflow:auto;padding:4px 10px;background:#fff;border-top:1px solid #cfd3d8}
.row{display:grid;grid-template-columns:minmax(5em,1fr) minmax(6em,2fr) 6.5em;gap:8px;align-items:center;margin:2px 0}
.row label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row input{width:100%;margin:0}
.row output{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
[hidden]{display:none!important}
";

thread_local! {
    /// The machine data, read and checked once for every view on the page.
    static DATA: RefCell<Option<Rc<Library>>> = const { RefCell::new(None) };
}

fn data() -> Result<Rc<Library>, String> {
    if let Some(d) = DATA.with(|d| d.borrow().clone()) {
        return Ok(d);
    }
    let d = Rc::new(options::load().map_err(|e| format!("The machine data did not load: {e}"))?);
    DATA.with(|slot| *slot.borrow_mut() = Some(d.clone()));
    Ok(d)
}

#[wasm_bindgen(start)]
fn start() {
    // A panic is a bug; say what it was in the console rather than trap silently.
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&format!("gvcs-viewer: {info}").into())));
    // Long or extreme numbers: the engine's parser, correctly rounded (see gvcs_def::number).
    gvcs_def::number::set_slow_path(js_sys::parse_float);
}

/// The shadow DOM of an element.
struct Ui {
    message: HtmlElement,
    /// The assembly step's caption.
    caption: HtmlElement,
    sliders: HtmlElement,
}

/// The machine on the canvas and the instance it was drawn from.
struct Drawn {
    shown: Shown,
    instance: Instance,
}

struct Inner {
    data: Option<Rc<Library>>,
    host: Option<HtmlElement>,
    ui: Option<Ui>,
    canvas: HtmlCanvasElement,
    view: Option<CanvasView>,
    /// The options last shown; `None` after a slider moved (the next `sync` applies again).
    applied: Option<Options>,
    drawn: Option<Drawn>,
    controls: Controls,
    /// Problems with the options and the last calculation, as shown in the element.
    options_messages: Vec<String>,
    error: Option<String>,
    /// Why the 3D view could not start (no WebGL2).
    no_view: Option<String>,
    sliders: Vec<EventListener>,
}

/// One machine on one canvas. From JS: `sync()`, `setParams(p)`, `messages`, `free()`.
#[wasm_bindgen]
pub struct Embed {
    inner: Rc<RefCell<Inner>>,
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn element(doc: &Document, tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc.create_element(tag)?.unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Builds the element's shadow DOM (again, if it was connected before).
fn build_ui(host: &HtmlElement) -> Result<(Ui, HtmlCanvasElement), JsValue> {
    let doc = document().ok_or("no document")?;
    let root = match host.shadow_root() {
        Some(r) => r,
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    root.set_inner_html("");
    let style = element(&doc, "style", "")?;
    style.set_text_content(Some(STYLE));
    let bx = element(&doc, "div", "box")?;
    let view = element(&doc, "div", "view")?;
    let canvas: HtmlCanvasElement = doc.create_element("canvas")?.unchecked_into();
    canvas.set_attribute("part", "canvas")?;
    let message = element(&doc, "p", "msg")?;
    message.set_attribute("role", "status")?;
    message.set_attribute("part", "message")?;
    message.set_hidden(true);
    let caption = element(&doc, "p", "cap")?;
    caption.set_attribute("part", "caption")?;
    caption.set_attribute("aria-live", "polite")?;
    caption.set_hidden(true);
    let sliders = element(&doc, "div", "sliders")?;
    sliders.set_attribute("part", "sliders")?;
    sliders.set_hidden(true);
    view.append_child(&canvas)?;
    view.append_child(&caption)?;
    view.append_child(&message)?;
    bx.append_child(&view)?;
    bx.append_child(&sliders)?;
    root.append_child(&style)?;
    root.append_child(&bx)?;
    Ok((Ui { message, caption, sliders }, canvas))
}

fn new_inner(host: Option<HtmlElement>, ui: Option<Ui>, canvas: HtmlCanvasElement) -> Rc<RefCell<Inner>> {
    Rc::new(RefCell::new(Inner {
        data: None,
        host,
        ui,
        canvas,
        view: None,
        applied: None,
        drawn: None,
        controls: Controls::Orbit,
        options_messages: Vec::new(),
        error: None,
        no_view: None,
        sliders: Vec::new(),
    }))
}

/// Starts the 3D view on the canvas; its picks and frames come back through `weak`.
fn attach(inner: &Rc<RefCell<Inner>>) -> Result<(), String> {
    let canvas = inner.borrow().canvas.clone();
    let weak = Rc::downgrade(inner);
    let on_pick = move |part: Option<usize>| picked(&weak, part);
    let weak = Rc::downgrade(inner);
    let on_status = move |status: Status| {
        let Some(inner) = weak.upgrade() else { return };
        let i = inner.borrow();
        let value = match status {
            Status::Drawn => "1",
            Status::Lost => "lost",
        };
        let _ = i.canvas.set_attribute("data-rendered", value);
        if let Some(h) = &i.host {
            let _ = h.set_attribute("data-rendered", value);
        }
    };
    let view = CanvasView::attach(&canvas, on_pick, on_status)?;
    inner.borrow_mut().view = Some(view);
    Ok(())
}

/// A click on a part (or on empty space): highlight it and tell the page.
fn picked(weak: &Weak<RefCell<Inner>>, part: Option<usize>) {
    let Some(inner) = weak.upgrade() else { return };
    let (canvas, detail) = {
        let mut guard = inner.borrow_mut();
        let i = &mut *guard;
        if i.controls == Controls::None {
            return;
        }
        let Some(drawn) = i.drawn.as_mut() else { return };
        let hit = part.and_then(|k| drawn.instance.parts.get(k).map(|p| (k, p)));
        drawn.shown.part = hit.map(|(_, p)| p.path.clone());
        if let Some(v) = &i.view {
            v.select(hit.map(|(k, _)| k));
        }
        let Some((_, p)) = hit else { return };
        let detail = js_sys::Object::new();
        for (k, v) in [("name", &p.name), ("path", &p.path), ("group", &p.group), ("machine", &drawn.shown.machine)] {
            let _ = js_sys::Reflect::set(&detail, &k.into(), &v.into());
        }
        (i.canvas.clone(), detail)
    };
    // No borrow is held here: a listener may call back into this view.
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(e) = CustomEvent::new_with_event_init_dict("part-picked", &init) {
        let _ = canvas.dispatch_event(&e);
    }
}

impl Inner {
    fn messages(&self) -> Vec<String> {
        self.no_view.iter().chain(&self.options_messages).chain(&self.error).cloned().collect()
    }

    fn show_messages(&self) {
        if let Some(ui) = &self.ui {
            let all = self.messages();
            ui.message.set_text_content(Some(&all.join("\n")));
            ui.message.set_hidden(all.is_empty());
        }
    }

    /// Shows what the options describe.
    fn apply(&mut self, o: Options) {
        let data = match self.data.clone().map_or_else(data, Ok) {
            Ok(d) => d,
            Err(e) => {
                self.options_messages = vec![e];
                self.show_messages();
                return;
            }
        };
        self.data = Some(data.clone());
        let Resolved { shown, controls, mut messages } = options::resolve(&data, &o);
        self.applied = Some(o);
        self.controls = controls;
        self.error = None;
        match shown {
            Some(mut shown) => {
                let computed = compute(&data, &shown).or_else(|e| {
                    // Values that make no machine: say so and show the defaults.
                    messages.push(format!("These values give no valid machine ({}); showing the defaults.", e.message));
                    shown.settings = Default::default();
                    compute(&data, &shown)
                });
                match computed {
                    Ok(c) => self.show(shown, c),
                    Err(e) => {
                        messages.push(e.message);
                        self.clear();
                    }
                }
            }
            None => self.clear(),
        }
        self.options_messages = messages;
        // No gestures at all with controls="none": the page scrolls and clicks through.
        let _ = self.canvas.style().set_property("pointer-events", if controls == Controls::None { "none" } else { "" });
        if controls == Controls::None {
            let _ = self.canvas.remove_attribute("tabindex");
        } else {
            let _ = self.canvas.set_attribute("tabindex", "0");
        }
        self.show_messages();
    }

    fn show(&mut self, shown: Shown, (instance, meshes): (Instance, Vec<gvcs_geom::PartMesh>)) {
        let refit = self.drawn.as_ref().is_none_or(|d| d.shown.machine != shown.machine || d.shown.exploded != shown.exploded);
        let selected = shown.part.as_deref().and_then(|p| instance.parts.iter().position(|q| q.path == p));
        if let Some(v) = &self.view {
            v.set_scene(meshes, refit);
            v.select(selected);
            v.set_stage(Stage::new(instance.parts.iter().map(|p| p.step), shown.step));
        }
        let step = shown.step.and_then(|k| Some((k, &self.data.as_ref()?.machine(&shown.machine)?.steps)));
        if let Some(ui) = &self.ui {
            let text = step.map(|(k, all)| format!("Step {} of {}: {}", k + 1, all.len(), all[k].caption));
            ui.caption.set_text_content(text.as_deref());
            ui.caption.set_hidden(text.is_none());
        }
        let _ = self
            .canvas
            .set_attribute("aria-label", &format!("3D view of the {}: drag to turn, wheel to zoom, click a part", instance.name));
        self.drawn = Some(Drawn { shown, instance });
    }

    fn clear(&mut self) {
        if let Some(v) = &self.view {
            v.set_scene(Vec::new(), true);
        }
        if let Some(ui) = &self.ui {
            ui.caption.set_hidden(true);
        }
        self.drawn = None;
    }

    /// A slider moved: recompute with the new value and keep the camera.
    fn set_value(&mut self, name: &str, value: f64) {
        let (Some(data), Some(drawn)) = (self.data.clone(), self.drawn.as_mut()) else { return };
        let Some(p) = data.machine(&drawn.shown.machine).and_then(|m| m.param(name)) else { return };
        let mut shown = drawn.shown.clone();
        let value = value.clamp(p.min, p.max);
        if (value - p.default).abs() <= p.step * 1e-6 {
            shown.settings.0.remove(name);
        } else {
            shown.settings.0.insert(name.to_string(), value);
        }
        self.applied = None;
        match compute(&data, &shown) {
            Ok(c) => {
                self.error = None;
                self.show(shown, c);
            }
            Err(e) => {
                // Keep the last good picture; the slider shows the value that failed.
                self.error = Some(format!("{}: {}", p.label, e.message));
                drawn.shown = shown;
            }
        }
        self.show_messages();
    }
}

/// The unit a parameter is shown in, and the number in it.
fn shown_value(p: &Parameter, value: f64, sys: System) -> String {
    match p.unit.map(|u| in_system(u, sys)) {
        Some(u) => format!("{} {}", format_number(value / u.factor, 4), pretty_unit(u.name)),
        None => format_plain(value, 6),
    }
}

/// A range input per parameter, on the definition's own grid (its unit and step), with the
/// value in the chosen units beside it.
fn build_sliders(inner: &Rc<RefCell<Inner>>) {
    let mut guard = inner.borrow_mut();
    let i = &mut *guard;
    i.sliders.clear();
    let Some(ui) = &i.ui else { return };
    ui.sliders.set_inner_html("");
    let machine = i.drawn.as_ref().and_then(|d| i.data.as_ref()?.machine(&d.shown.machine).map(|m| (m, &d.shown)));
    let Some((m, shown)) = machine.filter(|_| i.controls == Controls::Sliders) else {
        ui.sliders.set_hidden(true);
        return;
    };
    ui.sliders.set_hidden(false);
    let Some(doc) = document() else { return };
    let sys = shown.system;
    for p in &m.params {
        let Ok(row) = slider_row(&doc, p, shown.settings.get(&p.name).unwrap_or(p.default), sys) else { continue };
        let (div, input, output) = row;
        let _ = ui.sliders.append_child(&div);
        let weak = Rc::downgrade(inner);
        let (name, own, param) = (p.name.clone(), p.factor(), p.clone());
        i.sliders.push(EventListener::new(&input, "input", move |e| {
            let Some(inner) = weak.upgrade() else { return };
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let Ok(v) = input.value().trim().parse::<f64>() else { return };
            let value = v * own;
            output.set_text_content(Some(&shown_value(&param, value, sys)));
            inner.borrow_mut().set_value(&name, value);
        }));
    }
}

fn slider_row(doc: &Document, p: &Parameter, value: f64, sys: System) -> Result<(Element, HtmlInputElement, Element), JsValue> {
    let row = element(doc, "div", "row")?;
    let id = format!("p-{}", p.name);
    let label = element(doc, "label", "")?;
    label.set_attribute("for", &id)?;
    label.set_attribute("title", &p.help)?;
    label.set_text_content(Some(&p.label));
    let own = p.factor();
    let input: HtmlInputElement = doc.create_element("input")?.unchecked_into();
    input.set_type("range");
    input.set_id(&id);
    input.set_attribute("data-param", &p.name)?;
    input.set_min(&format_plain(p.min / own, 6));
    input.set_max(&format_plain(p.max / own, 6));
    input.set_step(&format_plain(p.step / own, 6));
    input.set_value(&format_plain(value / own, 6));
    let output = element(doc, "output", "")?;
    output.set_attribute("for", &id)?;
    output.set_text_content(Some(&shown_value(p, value, sys)));
    row.append_child(&label)?;
    row.append_child(&input)?;
    row.append_child(&output)?;
    Ok((row.into(), input, output.into()))
}

fn attribute(host: &HtmlElement, name: &str) -> String {
    host.get_attribute(name).unwrap_or_default()
}

fn read_attributes(host: &HtmlElement) -> Options {
    let [machine, params, controls, units, step] = ATTRIBUTES.map(|a| attribute(host, a));
    Options { machine, params, controls, units, step }
}

/// `"bore=5.5&stroke=18"` as it is, or `{bore: 5.5, stroke: 18}` as such a query.
fn params_query(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    if !value.is_object() {
        return String::new();
    }
    let pairs: Vec<(String, String)> = js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|e| {
            let e: js_sys::Array = e.dyn_into().ok()?;
            let v = e.get(1);
            let v = v.as_f64().map(|n| format_plain(n, 12)).or_else(|| v.as_string())?;
            Some((e.get(0).as_string()?, v))
        })
        .collect();
    options::query(&pairs)
}

fn get(options: &JsValue, key: &str) -> JsValue {
    if options.is_object() { js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED) } else { JsValue::UNDEFINED }
}

/// Builds the view inside a `<gvcs-viewer>` element and shows what its attributes say.
/// Problems with the attributes, the data or WebGL are shown in the element; this throws only
/// if the element cannot have a shadow root.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> Result<Embed, JsValue> {
    let (ui, canvas) = build_ui(&host)?;
    let inner = new_inner(Some(host), Some(ui), canvas);
    if let Err(e) = attach(&inner) {
        inner.borrow_mut().no_view = Some(format!("The 3D view cannot start ({e})."));
    }
    let embed = Embed { inner };
    embed.sync();
    Ok(embed)
}

/// Shows a machine on a page's own canvas: `options` has `machine`, `params` (a query string
/// or an object), `units` and `step`. Throws an Error when there is nothing to show (an unknown
/// machine, no WebGL2); parameters that cannot be used are listed in `messages`.
#[wasm_bindgen]
pub fn render(canvas: HtmlCanvasElement, options: JsValue) -> Result<Embed, JsError> {
    let inner = new_inner(None, None, canvas);
    attach(&inner).map_err(|e| JsError::new(&format!("The 3D view cannot start ({e}).")))?;
    let step = get(&options, "step");
    let o = Options {
        machine: get(&options, "machine").as_string().unwrap_or_default(),
        params: params_query(&get(&options, "params")),
        controls: get(&options, "controls").as_string().unwrap_or_default(),
        units: get(&options, "units").as_string().unwrap_or_default(),
        step: step.as_string().or_else(|| step.as_f64().map(|n| format_plain(n, 6))).unwrap_or_default(),
    };
    inner.borrow_mut().apply(o);
    let failed = {
        let i = inner.borrow();
        i.drawn.is_none().then(|| i.messages().join(" "))
    };
    match failed {
        Some(m) => Err(JsError::new(&m)),
        None => Ok(Embed { inner }),
    }
}

#[wasm_bindgen]
impl Embed {
    /// Reads the element's attributes again and shows what changed.
    pub fn sync(&self) {
        let Some(host) = self.inner.borrow().host.clone() else { return };
        let o = read_attributes(&host);
        if self.inner.borrow().applied.as_ref() == Some(&o) {
            return;
        }
        self.inner.borrow_mut().apply(o);
        build_sliders(&self.inner);
    }

    /// New parameter values (a query string `bore=5.5&stroke=18` or an object `{bore: 5.5}`);
    /// parameters not named go back to their defaults. Returns the messages, empty if all
    /// were used. On an element this sets its `params` attribute.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&self, params: JsValue) -> js_sys::Array {
        let query = params_query(&params);
        let host = self.inner.borrow().host.clone();
        match host {
            // The attribute stays the truth; setting it calls `sync` through the element.
            Some(h) => {
                let _ = h.set_attribute("params", &query);
                self.sync();
            }
            None => {
                let o = self.inner.borrow().applied.clone().unwrap_or_default();
                self.inner.borrow_mut().apply(Options { params: query, ..o });
            }
        }
        self.messages()
    }

    /// What could not be used, as shown in the element.
    #[wasm_bindgen(getter)]
    pub fn messages(&self) -> js_sys::Array {
        self.inner.borrow().messages().into_iter().map(JsValue::from).collect()
    }

    /// The machine shown, or `undefined`.
    #[wasm_bindgen(getter)]
    pub fn machine(&self) -> Option<String> {
        self.inner.borrow().drawn.as_ref().map(|d| d.shown.machine.clone())
    }

    /// `front`, `side`, `top`, `iso` or `fit`.
    pub fn view(&self, side: &str) {
        if let Some(v) = &self.inner.borrow().view {
            v.view_from(side);
        }
    }
}
