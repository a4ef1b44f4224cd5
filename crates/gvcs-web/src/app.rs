//! The app component: owns the state, recomputes on every change, keeps the URL in step.

use crate::catalog::{self, Card};
use crate::{dom, panels, params, present, steps, view3d::View3d};
use gloo::events::EventListener;
use gvcs_app::catalog::Filter;
use gvcs_app::{Computed, State, Tab, compute};
use gvcs_assets::Data;
use gvcs_def::System;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

pub enum Msg {
    SetParam(String, f64),
    /// A typed value was out of range and was set to the nearest allowed one.
    Clamped(String, f64, String),
    ResetParam(String),
    ResetAll,
    SetMachine(String),
    SetSystem(System),
    SetCrew(Option<u32>),
    SetMarket(Option<String>),
    /// The year whose money costs are in (`None`: the newest).
    SetMoneyYear(Option<i32>),
    SetLabourRate(gvcs_bom::rates::LabourRate),
    /// A price typed for a price-book item (checked by the price book), or back to the book's (`None`).
    SetPrice(String, Option<String>),
    SetTab(Tab),
    Pick(Option<usize>),
    ToggleExplode,
    /// The assembly step shown (0-based), or all parts.
    SetStep(Option<usize>),
    DismissNotices,
    Notice(String),
    FragmentChanged,
    Download,
    /// Print the one-page sheet with this picture of the view; `None`: printing ended.
    Sheet(Option<String>),
    /// A 3D file of the machine at its parameters (an index into [`EXPORTS`]).
    Export(usize),
    CopyLink,
    Copied(bool),
    /// The catalog's search and filters.
    SetFilter(Filter),
    /// On the village planner page.
    Plan(crate::planner::Msg),
    /// Presentation mode on or off.
    Present(bool),
    FullscreenChanged,
    /// The shortcuts dialog open or closed.
    Help(bool),
    Labels,
    /// The turntable on or off (`None`: the other way).
    Spin(Option<bool>),
    /// The next (1) or previous (-1) assembly step.
    StepBy(i32),
}

/// The 3D files offered: (format, what the menu says). OBJ keeps its colours in a separate
/// MTL file, offered beside it.
const EXPORTS: [(&str, &str); 4] =
    [("glb", "GLB (glTF, Blender, web)"), ("stl", "STL (3D printing, CAD)"), ("obj", "OBJ mesh"), ("mtl", "MTL colours for the OBJ")];

pub struct App {
    data: Result<Rc<Data>, String>,
    state: State,
    computed: Option<Rc<Computed>>,
    /// Why the current settings give no machine (the view keeps the last good one).
    error: Option<String>,
    notices: Vec<String>,
    copied: bool,
    /// Parameters set on other machines this session, restored on switching back.
    stash: HashMap<String, gvcs_def::Settings>,
    /// The home page is shown (with this filter) instead of a machine.
    catalog: Option<Filter>,
    /// The village planner page is shown.
    planner: Option<Box<crate::planner::Page>>,
    /// The catalog's pictures and numbers, made the first time it is shown.
    cards: Option<Rc<HashMap<String, Card>>>,
    /// The printable sheet's picture while it is being printed.
    sheet: Option<String>,
    /// The sheet is in the page and the print dialog is still to be opened.
    print_pending: bool,
    _listeners: [EventListener; 3],
    /// Presentation mode, labels, turntable and the shortcuts dialog.
    ui: present::Ui,
    _key_listeners: [EventListener; 2],
}

impl App {
    /// A machine's page (not the home page or the planner): where the view's keys work.
    fn on_machine_page(&self) -> bool {
        self.catalog.is_none() && self.planner.is_none()
    }

    fn data(&self) -> Option<&Rc<Data>> {
        self.data.as_ref().ok()
    }

    /// Recomputes after a change; on failure keeps the last good result and says why.
    fn recompute(&mut self) {
        let Some(data) = self.data().cloned() else { return };
        match compute(&data, &self.state) {
            Ok(c) => {
                self.computed = Some(Rc::new(c));
                self.error = None;
            }
            Err(e) => self.error = Some(e.message.clone()),
        }
        if let Some(c) = &self.computed
            && self.state.part.as_deref().is_some_and(|p| c.part_index(p).is_none())
        {
            self.state.part = None;
        }
        self.write_link(dom::History::Replace);
    }

    /// Presentation mode, labels or the turntable changed: the link says so. Always true (the
    /// page redraws).
    fn show_changed(&mut self) -> bool {
        self.state.show = self.ui.shown();
        self.write_link(dom::History::Replace);
        true
    }

    /// Puts the state's share link in the address bar and remembers it on this device, less
    /// presentation mode, labels and turntable (the home page's "continue" link should not
    /// open a projector's layout).
    fn write_link(&self, history: dom::History) {
        if let Some(d) = self.data() {
            dom::set_fragment(&self.state.to_link(d), history);
            dom::remember(&State { show: Default::default(), ..self.state.clone() }.to_link(d));
        }
    }

    fn load_fragment(&mut self, fragment: &str) {
        let Some(data) = self.data().cloned() else { return };
        let (link, link_notices) = gvcs_app::parse_link(fragment);
        if link.machine.as_deref() == Some(gvcs_app::planner::ROUTE) {
            self.catalog = None;
            self.notices.clear();
            self.state.system = link.system.unwrap_or(self.state.system);
            let sys = self.state.system;
            match self.planner.take() {
                Some(mut page) => {
                    page.load(&data, fragment, sys);
                    self.planner = Some(page);
                }
                None => self.planner = Some(Box::new(crate::planner::Page::new(&data, fragment, sys))),
            }
            return;
        }
        self.planner = None;
        if link.machine.is_none() {
            // No machine named: the home page, with the link's filters.
            let (filter, notices) = Filter::from_pairs(link.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            self.notices = link_notices.into_iter().chain(notices).collect();
            self.catalog = Some(filter);
            self.ui.present(false);
            if self.cards.is_none() {
                self.cards = Some(Rc::new(catalog::cards(&data)));
            }
            return;
        }
        self.catalog = None;
        let (state, notices) = State::from_link(&data, fragment);
        self.ui.show(state.show);
        self.state = state;
        self.notices = notices;
        self.computed = None;
        self.recompute();
        if let Some(e) = self.error.take() {
            // A link whose values make no machine: say so, show the defaults, keep the rest.
            self.notices.push(format!("The link's values give no valid machine ({e}); showing the defaults."));
            self.state.settings = Default::default();
            self.recompute();
        }
    }
}

/// The machine's name as a heading: `CEB Press “The Liberator”`.
fn display_name(m: &gvcs_def::Machine) -> String {
    match &m.nickname {
        Some(n) => format!("{} “{}”", m.name, n),
        None => m.name.clone(),
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // The address bar edited (hashchange) or Back and Forward between machines (popstate).
        let listen = |event: &'static str| {
            let link = ctx.link().clone();
            EventListener::new(&gloo::utils::window(), event, move |_| link.send_message(Msg::FragmentChanged))
        };
        let after_print = {
            let link = ctx.link().clone();
            EventListener::new(&gloo::utils::window(), "afterprint", move |_| link.send_message(Msg::Sheet(None)))
        };
        let listeners = [listen("hashchange"), listen("popstate"), after_print];
        let data = gvcs_assets::load().map(Rc::new).map_err(|e| e.to_string());
        let ui = present::Ui::default();
        let key_listeners = present::listen(ctx.link(), ui.keys.clone());
        let mut app = App {
            data,
            state: State::new(gvcs_app::DEFAULT_MACHINE),
            computed: None,
            error: None,
            notices: Vec::new(),
            copied: false,
            stash: HashMap::new(),
            catalog: None,
            planner: None,
            cards: None,
            sheet: None,
            print_pending: false,
            _listeners: listeners,
            ui,
            _key_listeners: key_listeners,
        };
        app.load_fragment(&dom::fragment());
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        self.copied = false;
        match msg {
            Msg::SetParam(name, v) => {
                let Some(m) = self.data().and_then(|d| d.library.machine(&self.state.machine)) else { return false };
                let Some(p) = m.param(&name) else { return false };
                let v = v.clamp(p.min, p.max);
                if (v - p.default).abs() <= p.step * 1e-6 {
                    self.state.settings.0.remove(&name);
                } else {
                    self.state.settings.0.insert(name, v);
                }
            }
            Msg::Clamped(name, v, notice) => {
                self.notices.push(notice);
                return Component::update(self, ctx, Msg::SetParam(name, v));
            }
            Msg::ResetParam(name) => {
                self.state.settings.0.remove(&name);
            }
            Msg::ResetAll => self.state.settings = Default::default(),
            Msg::SetMachine(id) => {
                if self.catalog.take().is_some() || self.planner.take().is_some() {
                    self.load_fragment(&format!("#/{}", gvcs_app::link_encode(&id)));
                    self.write_link(dom::History::Push);
                    return true;
                }
                if id == self.state.machine {
                    return false;
                }
                // Units, crew, tab, market and prices carry over; the part and view belong to the machine.
                let old = std::mem::replace(&mut self.state.machine, id.clone());
                let settings = self.stash.remove(&id).unwrap_or_default();
                self.stash.insert(old, std::mem::replace(&mut self.state.settings, settings));
                self.state.part = None;
                self.state.exploded = false;
                self.state.step = None;
                self.computed = None;
                // A new machine is a place to come back to: Back returns to the last one.
                self.write_link(dom::History::Push);
            }
            Msg::SetSystem(s) if self.catalog.is_some() => {
                // The home page's link has no units; a recompute would write the machine's.
                self.state.system = s;
                return true;
            }
            Msg::SetSystem(s) if self.planner.is_some() => {
                // The planner keeps its own link.
                self.state.system = s;
                if let (Some(page), Ok(data)) = (self.planner.as_mut(), &self.data) {
                    page.set_system(data, s);
                }
                return true;
            }
            Msg::Plan(m) => {
                let link = ctx.link();
                return match (self.planner.as_mut(), &self.data) {
                    (Some(page), Ok(data)) => page.update(data, link, m),
                    _ => false,
                };
            }
            Msg::SetSystem(s) => self.state.system = s,
            Msg::SetCrew(c) => self.state.crew = c,
            Msg::SetMarket(m) => self.state.market = m,
            Msg::SetMoneyYear(y) => self.state.money_year = y,
            Msg::SetLabourRate(r) => self.state.labour_rate = r,
            Msg::SetPrice(id, text) => match text {
                Some(text) => match self.data().map(|d| d.rates.prices.check_override(&id, &text)) {
                    Some(Ok(p)) => {
                        self.state.prices.insert(id, p);
                    }
                    Some(Err(e)) => {
                        self.notices.push(format!("{e}."));
                        return true;
                    }
                    None => return false,
                },
                None => {
                    self.state.prices.remove(&id);
                }
            },
            Msg::SetTab(t) => {
                self.state.tab = t;
                self.write_link(dom::History::Replace);
                return true;
            }
            Msg::Pick(part) => {
                // A pick made on the scene just before a recompute may name a part that is gone.
                self.state.part = part.and_then(|i| self.computed.as_ref()?.instance.parts.get(i).map(|p| p.path.clone()));
                self.write_link(dom::History::Replace);
                return true;
            }
            Msg::ToggleExplode => self.state.exploded = !self.state.exploded,
            Msg::SetStep(s) => {
                // The picture only: no recalculation.
                self.state.step = s;
                self.write_link(dom::History::Replace);
                return true;
            }
            Msg::DismissNotices => {
                self.notices.clear();
                return true;
            }
            Msg::Notice(n) => {
                self.notices.push(n);
                return true;
            }
            Msg::Present(on) => return self.on_machine_page() && self.ui.present(on) && self.show_changed(),
            Msg::FullscreenChanged => return self.ui.fullscreen_changed() && self.show_changed(),
            Msg::Help(open) => return self.on_machine_page() && self.ui.help(open),
            Msg::Labels => {
                self.ui.labels ^= self.on_machine_page();
                return self.on_machine_page() && self.show_changed();
            }
            Msg::Spin(_) if !self.on_machine_page() => return false,
            Msg::Spin(on) => {
                let on = on.unwrap_or(!self.ui.spin);
                let changed = self.ui.spin != on;
                self.ui.spin = on;
                return changed && self.show_changed();
            }
            Msg::StepBy(d) => {
                let Some(n) = self.data().and_then(|d| d.library.machine(&self.state.machine)).map(|m| m.steps.len()) else { return false };
                let p = (self.state.step.unwrap_or(n) as i32 + d).clamp(0, n as i32) as usize;
                return Component::update(self, ctx, Msg::SetStep((p < n).then_some(p)));
            }
            Msg::SetFilter(f) => {
                dom::set_fragment(&f.to_link(), dom::History::Replace);
                self.catalog = Some(f);
                return true;
            }
            Msg::FragmentChanged => {
                let f = dom::fragment();
                let current = match (&self.catalog, &self.planner) {
                    (Some(filter), _) => Some(filter.to_link()),
                    // The planner keeps its own link in step; another one is another plan.
                    (_, Some(page)) => self.data().and_then(|d| page.link(d)),
                    _ => self.data().map(|d| self.state.to_link(d)),
                };
                if current.as_deref() == Some(f.as_str()) {
                    return false;
                }
                self.load_fragment(&f);
                return true;
            }
            Msg::Download => {
                if let Some(c) = &self.computed {
                    let csv = c.report.to_csv();
                    dom::download(&format!("{}-bill-of-materials.csv", self.state.machine), "text/csv", &csv);
                }
                return false;
            }
            Msg::Sheet(picture) => {
                self.print_pending = picture.is_some();
                dom::set_print_sheet(picture.is_some());
                self.sheet = picture;
                return true;
            }
            Msg::Export(k) => {
                if let (Some(c), Some(d), Some(&(kind, _))) = (&self.computed, self.data(), EXPORTS.get(k)) {
                    let (lib, inst, m) = (&d.library, &c.instance, &self.state.machine);
                    match kind {
                        "glb" => dom::download_bytes(&format!("{m}.glb"), "model/gltf-binary", &gvcs_export::glb(lib, inst)),
                        "stl" => dom::download_bytes(&format!("{m}.stl"), "model/stl", &gvcs_export::stl(lib, inst)),
                        "obj" => dom::download(&format!("{m}.obj"), "model/obj", &gvcs_export::obj(lib, inst, &format!("{m}.mtl")).0),
                        _ => dom::download(&format!("{m}.mtl"), "model/mtl", &gvcs_export::obj(lib, inst, &format!("{m}.mtl")).1),
                    }
                }
                return false;
            }
            Msg::CopyLink => {
                let link = ctx.link().clone();
                dom::copy(&dom::href(), move |ok| link.send_message(Msg::Copied(ok)));
                return false;
            }
            Msg::Copied(ok) => {
                self.copied = ok;
                if !ok {
                    self.notices
                        .push(format!("This browser does not let the page use the clipboard; copy the link from here: {}", dom::href()));
                }
                return true;
            }
        }
        self.recompute();
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.print_pending) {
            // The sheet is in the page now; `afterprint` takes it away again.
            let _ = gloo::utils::window().print();
        }
        let steps =
            self.on_machine_page() && self.data().and_then(|d| d.library.machine(&self.state.machine)).is_some_and(|m| !m.steps.is_empty());
        self.ui.rendered(steps);
        if self.planner.is_some() {
            dom::set_title("Village planner · GVCS calculator");
            dom::mark_ready("data-page", "planner");
        } else if self.catalog.is_some() {
            dom::set_title("The 50 machines · GVCS calculator");
            dom::mark_ready("data-page", "catalog");
        } else if let Some(m) = self.data().and_then(|d| d.library.machine(&self.state.machine)) {
            dom::set_title(&format!("{} · GVCS calculator", display_name(m)));
            dom::mark_ready("data-page", "machine");
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let data = match &self.data {
            Ok(d) => d,
            Err(e) => {
                return html! {
                    <div class="load-error" role="alert">
                        <h1>{ "The machine data could not be loaded" }</h1>
                        <pre>{ e }</pre>
                    </div>
                };
            }
        };
        let link = ctx.link();
        let state = &self.state;
        let machine = data.library.machine(&state.machine);
        let sys = state.system;
        let selected = self.computed.as_ref().and_then(|c| state.part.as_deref().and_then(|p| c.part_index(p)));

        let machine_select = {
            let on_change = link.callback(|e: Event| Msg::SetMachine(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()));
            html! {
                <label class="machine-select">
                    <span class="visually-hidden">{ "Machine" }</span>
                    <select onchange={on_change} aria-label="Machine">
                        { if self.catalog.is_some() || self.planner.is_some() { html! { <option value="" selected=true disabled=true>{ "Open a machine…" }</option> } } else { Html::default() } }
                        { for data.library.index.iter().map(|e| {
                            let defined = data.library.machine(&e.id).is_some();
                            let label = if defined { e.name.clone() } else { format!("{} (not yet defined)", e.name) };
                            html! { <option value={e.id.clone()} selected={self.catalog.is_none() && self.planner.is_none() && e.id == state.machine} disabled={!defined}>{ label }</option> }
                        }) }
                    </select>
                </label>
            }
        };
        let units = html! {
            <div class="segmented" role="group" aria-label="Units">
                <button class={(sys == System::Metric).then_some("on")} aria-pressed={(sys == System::Metric).to_string()} onclick={link.callback(|_| Msg::SetSystem(System::Metric))}>{ "Metric" }</button>
                <button class={(sys == System::Imperial).then_some("on")} aria-pressed={(sys == System::Imperial).to_string()} onclick={link.callback(|_| Msg::SetSystem(System::Imperial))}>{ "Imperial" }</button>
            </div>
        };

        let notices = (!self.notices.is_empty()).then(|| {
            html! {
                <div class="notice" role="status" id="notices">
                    <ul>{ for self.notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                    <button class="plain" onclick={link.callback(|_| Msg::DismissNotices)} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
        });
        let error = self.error.as_ref().map(|e| {
            html! {
                <div class="error" role="alert" id="error">
                    <p><strong>{ "These values give no valid machine: " }</strong>{ e }</p>
                    <p>{ "The view and tables show the last valid machine. Change the value back, or " }
                        <button class="link" onclick={link.callback(|_| Msg::ResetAll)}>{ "reset all parameters" }</button>{ "." }</p>
                </div>
            }
        });

        let title = if self.catalog.is_some() { None } else { machine.map(display_name) };
        let home = html! { <a class="brand" href="#/" id="home-link" title="All 50 machines">{ "GVCS calculator" }</a> };
        let plan_link = html! { <a class="nav" href="#/plan" id="planner-link" title="Machines, materials, money and months for a village">{ "Village planner" }</a> };

        if let Some(page) = &self.planner {
            return html! {
                <>
                <header class="top">
                    <h1>{ home }<span class="machine-title">{ "Village planner" }</span></h1>
                    <div class="tools">{ machine_select }{ units }</div>
                </header>
                { page.view(data, link) }
                </>
            };
        }

        if let Some(filter) = &self.catalog {
            let resume = dom::remembered().and_then(|r| {
                let (l, _) = gvcs_app::parse_link(&r);
                let name = data.library.machine(l.machine.as_deref()?)?.name.clone();
                Some((r, name))
            });
            let cards = self.cards.clone().unwrap_or_default();
            return html! {
                <>
                <header class="top">
                    <h1>{ home }</h1>
                    <div class="tools">{ plan_link.clone() }{ machine_select }{ units }</div>
                </header>
                { notices }
                { catalog::page(data, filter, &cards, sys, resume, link) }
                </>
            };
        }

        html! {
            <>
            <header class="top">
                <h1>{ home }{ title.map(|t| html! { <span class="machine-title">{ t }</span> }) }</h1>
                <div class="tools">
                    { plan_link }
                    { machine_select }
                    { units }
                    <button onclick={link.callback(|_| Msg::CopyLink)} title="Copy a link to this machine with these parameters">{ if self.copied { "Link copied" } else { "Copy link" } }</button>
                    <button onclick={link.callback(|_| Msg::Download)} title="Download the bill of materials as a CSV file" id="download-csv">{ "Download CSV" }</button>
                    <select id="export-3d" aria-label="Download a 3D file of the machine" title="The machine at these parameters, for Blender, CAD or a 3D printer"
                        onchange={link.callback(|e: Event| {
                            let s = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
                            let k = s.selected_index();
                            s.set_selected_index(0);
                            Msg::Export((k - 1).max(0) as usize)
                        })}>
                        <option selected=true disabled=true>{ "3D file…" }</option>
                        { for EXPORTS.iter().map(|(_, label)| html! { <option>{ *label }</option> }) }
                    </select>
                </div>
            </header>
            { notices }
            { error }
            <main class="layout">
                <aside class="params">
                    { machine.map(|m| params::panel(m, &state.settings, sys, link)).unwrap_or_default() }
                </aside>
                <section class="viewport">
                    { self.computed.as_ref().map(|c| html! {
                        <View3d computed={c.clone()} selected={selected} exploded={state.exploded} step={state.step} system={sys}
                            labels={self.ui.labels} spin={self.ui.spin} big={self.ui.on}
                            on_pick={link.callback(Msg::Pick)} on_toggle_explode={link.callback(|_| Msg::ToggleExplode)}
                            on_drag={link.callback(|_| Msg::Spin(Some(false)))}
                            on_sheet={link.callback(|url| Msg::Sheet(Some(url)))} />
                    }).unwrap_or_default() }
                    { machine.map(|m| steps::control(m, state.step, &link.callback(Msg::SetStep))).unwrap_or_default() }
                    { self.ui.bar(link) }
                    { match (selected, &self.computed) {
                        (Some(i), Some(c)) => panels::part_info(data, c, i, sys, link.callback(|_| Msg::Pick(None))),
                        _ => html! {},
                    } }
                </section>
                <section class="report">
                    { self.computed.as_ref().zip(machine).map(|(c, m)| panels::tabs(data, m, c, state, link)).unwrap_or_default() }
                </section>
            </main>
            { self.sheet.as_ref().zip(self.computed.as_ref()).zip(machine).map(|((pic, c), m)| panels::sheet(m, c, state, pic)).unwrap_or_default() }
            { self.ui.dialog(link) }
            </>
        }
    }
}
