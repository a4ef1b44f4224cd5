//! The app component: owns the state, recomputes on every change, keeps the URL in step.

use crate::catalog::{self, Card};
use crate::{dom, panels, params, steps, view3d::View3d};
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
    CopyLink,
    Copied(bool),
    /// The catalog's search and filters.
    SetFilter(Filter),
}

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
    /// The catalog's pictures and numbers, made the first time it is shown.
    cards: Option<Rc<HashMap<String, Card>>>,
    _fragment_listeners: [EventListener; 2],
}

impl App {
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

    /// Puts the state's share link in the address bar and remembers it on this device.
    fn write_link(&self, history: dom::History) {
        if let Some(d) = self.data() {
            let link = self.state.to_link(d);
            dom::set_fragment(&link, history);
            dom::remember(&link);
        }
    }

    fn load_fragment(&mut self, fragment: &str) {
        let Some(data) = self.data().cloned() else { return };
        let (link, link_notices) = gvcs_app::parse_link(fragment);
        if link.machine.is_none() {
            // No machine named: the home page, with the link's filters.
            let (filter, notices) = Filter::from_pairs(link.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            self.notices = link_notices.into_iter().chain(notices).collect();
            self.catalog = Some(filter);
            if self.cards.is_none() {
                self.cards = Some(Rc::new(catalog::cards(&data)));
            }
            return;
        }
        self.catalog = None;
        let (state, notices) = State::from_link(&data, fragment);
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
        let listeners = [listen("hashchange"), listen("popstate")];
        let data = gvcs_assets::load().map(Rc::new).map_err(|e| e.to_string());
        let mut app = App {
            data,
            state: State::new(gvcs_app::DEFAULT_MACHINE),
            computed: None,
            error: None,
            notices: Vec::new(),
            copied: false,
            stash: HashMap::new(),
            catalog: None,
            cards: None,
            _fragment_listeners: listeners,
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
                if self.catalog.take().is_some() {
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
            Msg::SetFilter(f) => {
                dom::set_fragment(&f.to_link(), dom::History::Replace);
                self.catalog = Some(f);
                return true;
            }
            Msg::FragmentChanged => {
                let f = dom::fragment();
                let current = match &self.catalog {
                    Some(filter) => Some(filter.to_link()),
                    None => self.data().map(|d| self.state.to_link(d)),
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
        if self.catalog.is_some() {
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
                        { if self.catalog.is_some() { html! { <option value="" selected=true disabled=true>{ "Open a machine…" }</option> } } else { Html::default() } }
                        { for data.library.index.iter().map(|e| {
                            let defined = data.library.machine(&e.id).is_some();
                            let label = if defined { e.name.clone() } else { format!("{} (not yet defined)", e.name) };
                            html! { <option value={e.id.clone()} selected={self.catalog.is_none() && e.id == state.machine} disabled={!defined}>{ label }</option> }
                        }) }
                    </select>
                </label>
            }
        };
        let units = html! {
            <div class="segmented" role="group" aria-label="Units">
                <button class={classes!((sys == System::Metric).then_some("on"))} aria-pressed={(sys == System::Metric).to_string()} onclick={link.callback(|_| Msg::SetSystem(System::Metric))}>{ "Metric" }</button>
                <button class={classes!((sys == System::Imperial).then_some("on"))} aria-pressed={(sys == System::Imperial).to_string()} onclick={link.callback(|_| Msg::SetSystem(System::Imperial))}>{ "Imperial" }</button>
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
                    <div class="tools">{ machine_select }{ units }</div>
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
                    { machine_select }
                    { units }
                    <button onclick={link.callback(|_| Msg::CopyLink)} title="Copy a link to this machine with these parameters">{ if self.copied { "Link copied" } else { "Copy link" } }</button>
                    <button onclick={link.callback(|_| Msg::Download)} title="Download the bill of materials as a CSV file" id="download-csv">{ "Download CSV" }</button>
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
                            on_pick={link.callback(Msg::Pick)} on_toggle_explode={link.callback(|_| Msg::ToggleExplode)} />
                    }).unwrap_or_default() }
                    { machine.map(|m| steps::control(m, state.step, &link.callback(Msg::SetStep))).unwrap_or_default() }
                    { match (selected, &self.computed) {
                        (Some(i), Some(c)) => panels::part_info(data, c, i, sys, link.callback(|_| Msg::Pick(None))),
                        _ => html! {},
                    } }
                </section>
                <section class="report">
                    { self.computed.as_ref().zip(machine).map(|(c, m)| panels::tabs(data, m, c, state, link)).unwrap_or_default() }
                </section>
            </main>
            </>
        }
    }
}
