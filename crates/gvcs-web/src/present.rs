//! Presentation mode and the page's keyboard shortcuts: the view alone, full screen where the
//! browser allows it (a full-window layout where it does not), large high-contrast controls,
//! a turntable, part labels, and a help dialog that lists every shortcut.

use crate::app::{App, Msg};
use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::html::Scope;
use yew::prelude::*;

/// What the page shows around the view.
#[derive(Default)]
pub struct Ui {
    pub on: bool,
    pub help: bool,
    pub labels: bool,
    pub spin: bool,
    /// The page went full screen for presentation mode (leaving full screen leaves the mode).
    pub full: bool,
    /// Where focus was before the help opened, to give it back.
    back: Option<HtmlElement>,
    /// Focus moves to the help's close button after it is drawn.
    focus_help: bool,
    /// What the key listener must know at once: presenting, help open, the machine has steps.
    pub keys: Rc<Cell<[bool; 3]>>,
}

/// Every shortcut of the machine page, for the help dialog.
const KEYS: [(&str, &str); 10] = [
    ("P", "Presentation mode on or off"),
    ("T", "Turntable: turn the machine slowly (a drag stops it)"),
    ("L", "Part labels on or off"),
    ("?", "This list of shortcuts"),
    ("Esc", "Close this list; leave presentation mode"),
    ("← →", "In presentation mode: previous and next assembly step"),
    ("← → ↑ ↓", "On the 3D view: turn the machine"),
    ("+ −", "On the 3D view: zoom in and out"),
    ("F / Home", "On the 3D view: fit the machine in view"),
    ("Tab", "Move between controls; Enter or Space presses a button"),
];

fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// Calls a method of the Fullscreen API that returns a promise, ignoring a refusal (headless
/// browsers and embedding frames refuse; the full-window layout is there anyway).
fn call_promise(target: &JsValue, method: &str) {
    let f = js_sys::Reflect::get(target, &method.into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(p) = f.and_then(|f| f.call0(target).ok()).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}

fn set_fullscreen(on: bool) {
    let d = document();
    if on {
        if let Some(e) = d.document_element() {
            call_promise(&e, "requestFullscreen");
        }
    } else if d.fullscreen_element().is_some() {
        call_promise(&d, "exitFullscreen");
    }
}

/// The page's key listener (on the window, before the view's own, so that in presentation mode
/// the arrows step through the assembly) and the full-screen listener.
pub fn listen(link: &Scope<App>, keys: Rc<Cell<[bool; 3]>>) -> [EventListener; 2] {
    let l = link.clone();
    let options = EventListenerOptions { phase: EventListenerPhase::Capture, passive: false };
    let key = EventListener::new_with_options(&gloo::utils::window(), "keydown", options, move |e| {
        let e: &KeyboardEvent = e.unchecked_ref();
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let [on, help, steps] = keys.get();
        let k = e.key();
        if help && k == "Tab" {
            // The dialog's one control keeps the focus.
            e.prevent_default();
            focus("help-close");
            return;
        }
        // Letters typed into a field or a list are its own (a slider or a tick box is not typing).
        let typing = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|t| match t.tag_name().as_str() {
            "INPUT" => !matches!(t.get_attribute("type").as_deref(), Some("range" | "checkbox" | "radio")),
            tag => tag == "SELECT" || tag == "TEXTAREA",
        });
        let msg = match k.as_str() {
            "Escape" if help => Msg::Help(false),
            "Escape" if on => Msg::Present(false),
            _ if typing || help => return,
            "p" | "P" => Msg::Present(!on),
            "t" | "T" => Msg::Spin(None),
            "l" | "L" => Msg::Labels,
            "?" => Msg::Help(true),
            "ArrowLeft" if on && steps => Msg::StepBy(-1),
            "ArrowRight" if on && steps => Msg::StepBy(1),
            _ => return,
        };
        e.prevent_default();
        e.stop_propagation();
        l.send_message(msg);
    });
    let l = link.clone();
    let full = EventListener::new(&document(), "fullscreenchange", move |_| l.send_message(Msg::FullscreenChanged));
    [key, full]
}

fn focus(id: &str) {
    if let Some(e) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = e.focus();
    }
}

impl Ui {
    /// Enters or leaves presentation mode; `false` if nothing changed.
    pub fn present(&mut self, on: bool) -> bool {
        self.switch(on, true)
    }

    /// What a link asks for: presentation mode in the full-window layout (a browser allows
    /// full screen only on a person's click or key), labels and turntable.
    pub fn show(&mut self, show: gvcs_app::Show) {
        self.switch(show.present, false);
        self.labels = show.labels;
        self.spin = show.turntable;
    }

    /// What the link should say of this.
    pub fn shown(&self) -> gvcs_app::Show {
        gvcs_app::Show { present: self.on, labels: self.labels, turntable: self.spin }
    }

    fn switch(&mut self, on: bool, fullscreen: bool) -> bool {
        if self.on == on {
            return false;
        }
        self.on = on;
        if !on {
            self.spin = false;
        }
        if let Some(root) = document().document_element() {
            let _ = if on { root.set_attribute("data-present", "1") } else { root.remove_attribute("data-present") };
        }
        if fullscreen || !on {
            set_fullscreen(on);
        }
        true
    }

    /// The full-screen state changed: leaving full screen (Esc in the browser) leaves the mode.
    pub fn fullscreen_changed(&mut self) -> bool {
        let full = document().fullscreen_element().is_some();
        let left = self.full && !full && self.on;
        self.full = full && self.on;
        left && self.present(false)
    }

    pub fn help(&mut self, open: bool) -> bool {
        if self.help == open {
            return false;
        }
        self.help = open;
        if open {
            self.back = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
            self.focus_help = true;
        } else if let Some(e) = self.back.take() {
            let _ = e.focus();
        }
        true
    }

    /// Tells the key listener the state, and moves focus into a help just opened.
    pub fn rendered(&mut self, steps: bool) {
        self.keys.set([self.on, self.help, steps]);
        if std::mem::take(&mut self.focus_help) {
            focus("help-close");
        }
    }

    /// The buttons over the view: labels, presentation and help; in presentation mode also
    /// the turntable and the way out.
    pub fn bar(&self, link: &Scope<App>) -> Html {
        let toggle = |id: &'static str, on: bool, msg: fn() -> Msg, key: &'static str, title: &'static str, text: &'static str| {
            html! {
                <button id={id} class={on.then_some("on")} aria-pressed={on.to_string()} aria-keyshortcuts={key}
                    title={title} onclick={link.callback(move |_| msg())}>{ text }</button>
            }
        };
        html! {
            <div class="present-bar" id="present-bar" role="toolbar" aria-label="Presentation">
                { if self.on { toggle("spin-button", self.spin, || Msg::Spin(None), "T", "Turn the machine slowly (T)", "Turntable") } else { Html::default() } }
                { toggle("labels-button", self.labels, || Msg::Labels, "L", "Show part names on the model (L)", "Labels") }
                { if self.on { Html::default() } else {
                    html! { <button id="present-button" aria-keyshortcuts="P" title="Full screen with large controls, for a projector (P)"
                        onclick={link.callback(|_| Msg::Present(true))}>{ "Present" }</button> }
                } }
                <button id="help-button" aria-keyshortcuts="?" aria-haspopup="dialog" title="Keyboard shortcuts (?)"
                    onclick={link.callback(|_| Msg::Help(true))}>{ "Keys ?" }</button>
                { if self.on {
                    html! { <button id="present-exit" aria-keyshortcuts="Escape" title="Leave presentation mode (Esc)"
                        onclick={link.callback(|_| Msg::Present(false))}>{ "Exit" }</button> }
                } else { Html::default() } }
            </div>
        }
    }

    /// The help dialog, while open.
    pub fn dialog(&self, link: &Scope<App>) -> Html {
        if !self.help {
            return Html::default();
        }
        let close = link.callback(|_| Msg::Help(false));
        html! {
            <>
            <div class="help-backdrop" onclick={close.clone()} />
            <div class="help-dialog" id="help" role="dialog" aria-modal="true" aria-labelledby="help-title">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <table>
                    <tbody>{ for KEYS.iter().map(|(k, what)| html! { <tr><th><kbd>{ *k }</kbd></th><td>{ *what }</td></tr> }) }</tbody>
                </table>
                <button id="help-close" onclick={close}>{ "Close" }</button>
            </div>
            </>
        }
    }
}
