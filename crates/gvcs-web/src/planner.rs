//! The village planner page (`#/plan?...`): the inputs, each checked by
//! `gvcs_app::planner::PlanState::set` (a message beside the field; the last good results
//! stay), results drawn by `gvcs_app::planner` as HTML tables and SVG charts, plans saved by
//! name in local storage, plan files, print and CSV.

use crate::app::{App, Msg as AppMsg};
use crate::dom;
use gvcs_app::planner::{self, PlanState, Store};
use gvcs_assets::Data;
use gvcs_def::System;
use gvcs_def::map::LiteMap;
use gvcs_def::units::{format_plain, pretty_unit};
use gvcs_village::{Plan, VillageData};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::html::Scope;
use yew::prelude::*;

pub enum Msg {
    /// An input (named as in the link) and the text typed.
    Set(String, String),
    Name(String),
    Save,
    Open(String),
    Delete(String),
    /// Download the unreadable store, then start a new one.
    FreshStore,
    Export,
    Import(Option<web_sys::File>),
    Imported(Result<String, String>),
    Print,
    Csv,
    Dismiss,
}

pub struct Page {
    village: Result<Rc<VillageData>, String>,
    state: PlanState,
    /// The last good plan and its results as HTML.
    plan: Option<Rc<Plan>>,
    results: AttrValue,
    /// Why the current inputs give no plan (the results are the last good ones).
    error: Option<String>,
    /// Inputs whose text could not be used: the text as typed and why.
    bad: LiteMap<String, (String, String)>,
    notices: Vec<String>,
    store: Result<Store, String>,
    name: String,
    reader: Option<gloo::file::callbacks::FileReader>,
    /// Milliseconds the last calculation took.
    ms: f64,
    /// A phone-sized window: the long input groups start closed.
    narrow: bool,
}

/// A callback of the app that carries a planner message.
fn cb<E: 'static>(link: &Scope<App>, f: impl Fn(E) -> Msg + 'static) -> Callback<E> {
    link.callback(move |e| AppMsg::Plan(f(e)))
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn read_store() -> Result<Store, String> {
    Store::read(storage().and_then(|s| s.get_item(planner::STORE_KEY).ok().flatten()).as_deref())
}

impl Page {
    fn recompute(&mut self, data: &Data) {
        let Ok(village) = &self.village else { return };
        let t0 = js_sys::Date::now();
        match gvcs_village::plan(data, village, &self.state.opts) {
            Ok(p) => {
                let r = planner::report(data, &p, self.state.system);
                self.results = planner::results_html(data, village, &p, &r, &self.state).into();
                self.plan = Some(Rc::new(p));
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        self.ms = js_sys::Date::now() - t0;
        dom::set_fragment(&self.state.to_link(data, village), dom::History::Replace);
    }

    pub fn load(&mut self, data: &Data, fragment: &str, system: System) {
        let Ok(village) = &self.village else { return };
        let (state, notices) = PlanState::from_link(data, village, fragment);
        self.state = state;
        self.state.system = system;
        self.notices = notices;
        self.bad.clear();
        self.recompute(data);
    }

    /// Replaces the plan with one read from a file or the store.
    fn replace(&mut self, data: &Data, state: PlanState, system: System) {
        self.state = PlanState { system, ..state };
        self.bad.clear();
        self.recompute(data);
    }

    fn write_store(&mut self, store: Store) {
        match storage().map(|s| s.set_item(planner::STORE_KEY, &store.write())) {
            Some(Ok(())) => self.store = Ok(store),
            _ => self.notices.push("This browser does not let the page save plans (local storage is off or full).".into()),
        }
    }
}

impl Page {
    pub fn new(data: &Data, fragment: &str, system: System) -> Page {
        let village = gvcs_app::village().map(Rc::new);
        let state = match &village {
            Ok(v) => PlanState::new(v),
            Err(_) => PlanState { opts: gvcs_village::Options::new(planner::DEFAULT_PEOPLE, ""), system },
        };
        let mut me = Page {
            village,
            state,
            plan: None,
            results: AttrValue::default(),
            error: None,
            bad: LiteMap::new(),
            notices: Vec::new(),
            store: read_store(),
            name: String::new(),
            reader: None,
            ms: 0.0,
            narrow: gloo::utils::window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w < 900.0),
        };
        me.load(data, fragment, system);
        me
    }

    /// The share link of the plan shown.
    pub fn link(&self, data: &Data) -> Option<String> {
        self.village.as_ref().ok().map(|v| self.state.to_link(data, v))
    }

    /// The units chosen in the header.
    pub fn set_system(&mut self, data: &Data, system: System) {
        if system != self.state.system {
            self.state.system = system;
            self.recompute(data);
        }
    }

    pub fn update(&mut self, data: &Data, link: &Scope<App>, msg: Msg) -> bool {
        let system = self.state.system;
        let Ok(village) = self.village.clone() else { return false };
        match msg {
            Msg::Set(key, text) => match self.state.set(data, &village, &key, &text) {
                Ok(()) => {
                    self.bad.remove(&key);
                    if key == "demand" {
                        self.bad.retain(|k, _| !k.starts_with("demand."));
                    }
                    self.recompute(data);
                }
                Err(e) => {
                    self.bad.insert(key, (text, e));
                }
            },
            Msg::Name(n) => {
                self.name = n;
                return false;
            }
            Msg::Save => {
                // Read again: another tab may have saved since.
                self.store = read_store();
                let Ok(mut store) = self.store.clone() else {
                    self.notices.push("Saving is off while the saved plans cannot be read: nothing was overwritten.".into());
                    return true;
                };
                let name = self.name.trim().to_string();
                match store.put(&name, self.state.to_value(data, &village)) {
                    Ok(()) => {
                        self.write_store(store);
                        self.notices.push(format!("Saved as “{name}” in this browser."));
                    }
                    Err(e) => self.notices.push(e),
                }
            }
            Msg::Open(name) => {
                self.store = read_store();
                let found = self.store.as_ref().ok().and_then(|s| s.get(&name)).cloned();
                match found.map(|v| PlanState::from_value(data, &village, &v)) {
                    Some(Ok(s)) => {
                        self.name = name;
                        self.replace(data, s, system);
                    }
                    Some(Err(e)) => self.notices.push(format!("The saved plan “{name}” could not be used: {e}. It is left as it is.")),
                    None => self.notices.push(format!("There is no saved plan “{name}” any more.")),
                }
            }
            Msg::Delete(name) => {
                self.store = read_store();
                if let Ok(mut store) = self.store.clone() {
                    store.remove(&name);
                    self.write_store(store);
                }
            }
            Msg::FreshStore => {
                if let Some(old) = storage().and_then(|s| s.get_item(planner::STORE_KEY).ok().flatten()) {
                    dom::download("gvcs-saved-plans-backup.json", "application/json", &old);
                }
                self.write_store(Store::default());
                self.notices.push("The unreadable saved plans were downloaded as gvcs-saved-plans-backup.json; saving works again.".into());
            }
            Msg::Export => {
                let name = if self.name.trim().is_empty() { "village-plan" } else { self.name.trim() };
                let text = self.state.to_file(data, &village, name);
                let file: String = name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect();
                dom::download(&format!("{file}.gvcs-plan.json"), "application/json", &text);
                return false;
            }
            Msg::Import(file) => {
                let Some(file) = file else { return false };
                let link = link.clone();
                let blob = gloo::file::Blob::from(file);
                self.reader = Some(gloo::file::callbacks::read_as_text(&blob, move |r| {
                    link.send_message(AppMsg::Plan(Msg::Imported(r.map_err(|e| e.to_string()))));
                }));
                return false;
            }
            Msg::Imported(text) => {
                self.reader = None;
                match text
                    .map_err(|e| format!("The file could not be read ({e}). Nothing was changed."))
                    .and_then(|t| PlanState::from_file(data, &village, &t))
                {
                    Ok((name, s)) => {
                        self.name = name;
                        self.replace(data, s, system);
                        self.notices.push("Plan file imported.".into());
                    }
                    Err(e) => self.notices.push(e),
                }
            }
            Msg::Print => {
                let _ = gloo::utils::window().print();
                return false;
            }
            Msg::Csv => {
                if let Some(p) = &self.plan {
                    let csv = planner::report(data, p, self.state.system).to_csv();
                    dom::download(&format!("village-plan-{}-people.csv", p.people), "text/csv", &csv);
                }
                return false;
            }
            Msg::Dismiss => self.notices.clear(),
        }
        true
    }

    pub fn view(&self, data: &Data, link: &Scope<App>) -> Html {
        let village = match &self.village {
            Ok(v) => v,
            Err(e) => {
                return html! { <div class="error" role="alert"><p>{ "The village file could not be loaded:" }</p><pre>{ e }</pre></div> };
            }
        };
        let o = &self.state.opts;
        let notices = (!self.notices.is_empty()).then(|| {
            html! {
                <div class="notice" role="status" id="plan-notices">
                    <ul>{ for self.notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                    <button class="plain" onclick={cb(link, |_| Msg::Dismiss)} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
        });
        let error = self.error.as_ref().map(|e| {
            html! { <div class="error" role="alert" id="plan-error"><p><strong>{ "These inputs give no plan: " }</strong>{ e }</p><p>{ "The results below are the last good plan." }</p></div> }
        });
        html! {
            <main class="planner" id="planner">
                <aside class="params plan-inputs">
                    <h2>{ "Village" }</h2>
                    { self.field(link, "people", "People", &o.people.to_string(), "", "1 to 10,000,000") }
                    { self.preset(link, village) }
                    { self.field(link, "years", "Build-out period", &format_plain(o.years, 6), "years", "the time the village's housing is built in") }
                    { self.field(link, "crew", "Crew", &o.crew.to_string(), "people", "people building machines at once") }
                    { self.field(link, "hpw", "Hours per week", &format_plain(o.hours_per_week, 6), "h", "") }
                    { self.money(link, data) }
                    { self.machines(link, data, village) }
                    { self.figures(link, village) }
                </aside>
                <section class="plan-out">
                    { notices }
                    { self.store_panel(link) }
                    { error }
                    <div class="plan-results" id="plan-results" data-ms={format!("{:.1}", self.ms)}>{ Html::from_html_unchecked(self.results.clone()) }</div>
                    <p class="help">{ format!("Calculated in {} ms in this browser.", format_plain(self.ms, 2)) }</p>
                </section>
            </main>
        }
    }
}

impl Page {
    /// The text an input shows: what was typed if it could not be used, else the value.
    fn shown(&self, key: &str, value: &str) -> (String, Option<String>) {
        match self.bad.get(key) {
            Some((t, e)) => (t.clone(), Some(e.clone())),
            None => (value.to_string(), None),
        }
    }

    fn field(&self, link: &Scope<App>, key: &'static str, label: &str, value: &str, unit: &str, help: &str) -> Html {
        let (text, err) = self.shown(key, value);
        let oninput = cb(link, move |e: InputEvent| Msg::Set(key.into(), e.target_unchecked_into::<HtmlInputElement>().value()));
        let id = format!("plan-{key}");
        html! {
            <div class={if err.is_some() { "param invalid" } else { "param" }}>
                <label for={id.clone()}>{ label }</label>
                <div class="plan-field">
                    <input id={id.clone()} class="num" inputmode="decimal" value={text} {oninput} aria-invalid={err.is_some().to_string()} />
                    <span class="unit">{ unit }</span>
                </div>
                { match err {
                    Some(e) => html! { <p class="field-error" id={format!("{id}-error")} role="alert">{ e }</p> },
                    None if !help.is_empty() => html! { <p class="help">{ help }</p> },
                    None => Html::default(),
                } }
            </div>
        }
    }

    fn preset(&self, link: &Scope<App>, village: &VillageData) -> Html {
        let onchange = cb(link, |e: Event| Msg::Set("preset".into(), e.target_unchecked_into::<HtmlSelectElement>().value()));
        let why = village.preset(&self.state.opts.preset).map(|p| p.why.clone()).unwrap_or_default();
        html! {
            <div class="param">
                <label for="plan-preset">{ "Machines" }</label>
                <select id="plan-preset" {onchange}>
                    { for village.presets.iter().map(|p| html! { <option value={p.id.clone()} selected={p.id == self.state.opts.preset}>{ &p.name }</option> }) }
                </select>
                <p class="help">{ why }</p>
            </div>
        }
    }

    fn money(&self, link: &Scope<App>, data: &Data) -> Html {
        let book = &data.rates.prices;
        let year = self.state.opts.money_year.unwrap_or(book.year);
        let on_year = cb(link, |e: Event| Msg::Set("year".into(), e.target_unchecked_into::<HtmlSelectElement>().value()));
        let on_rate = cb(link, |e: Event| Msg::Set("labour".into(), e.target_unchecked_into::<HtmlSelectElement>().value()));
        html! {
            <div class="param money">
                { crate::panels::money_choices(book, year, self.state.opts.labour_rate, ("plan-year", "plan-labour"), on_year, on_rate) }
            </div>
        }
    }

    /// Each machine of the set that is defined or in the preset: in the plan or not, and a
    /// fixed count (empty: the plan decides).
    fn machines(&self, link: &Scope<App>, data: &Data, village: &VillageData) -> Html {
        let lib = &data.library;
        let counts = self.plan.as_ref().map(|p| &p.machines);
        let preset = village.preset(&self.state.opts.preset);
        let rows = lib.index.iter().filter(|e| lib.machine(&e.id).is_some() || preset.is_some_and(|p| p.machines.contains(&e.id)));
        html! {
            <details class="plan-group" open={!self.narrow}>
                <summary>{ "Machines of the plan" }</summary>
                <p class="help">{ "Untick to leave a machine out; type a count to fix it (empty: the plan decides from the demand)." }</p>
                <table class="plan-machines-input">
                    <tbody>{ for rows.map(|e| {
                        let id = e.id.clone();
                        let on = self.state.uses(village, &id);
                        let defined = lib.machine(&id).is_some();
                        let use_key = format!("use.{id}");
                        let count_key = format!("count.{id}");
                        let onchange = { let k = use_key.clone(); cb(link, move |ev: Event| Msg::Set(k.clone(), if ev.target_unchecked_into::<HtmlInputElement>().checked() { "1".into() } else { "0".into() })) };
                        let fixed = self.state.opts.fixed.get(&id).filter(|n| **n > 0).map(|n| n.to_string()).unwrap_or_default();
                        let (text, err) = self.shown(&count_key, &fixed);
                        let placeholder = counts.and_then(|c| c.get(&id)).map_or(String::new(), |n| n.to_string());
                        let oninput = { let k = count_key.clone(); cb(link, move |ev: InputEvent| Msg::Set(k.clone(), ev.target_unchecked_into::<HtmlInputElement>().value())) };
                        html! {
                            <tr class={(!on).then_some("off")}>
                                <td><input type="checkbox" id={format!("plan-use-{id}")} checked={on} {onchange} aria-label={format!("{} in the plan", e.name)} /></td>
                                <td><label for={format!("plan-use-{id}")}>{ &e.name }</label>{ if defined { Html::default() } else { html! { <span class="tag">{ "not yet modelled" }</span> } } }
                                    { err.map(|m| html! { <p class="field-error" role="alert">{ m }</p> }).unwrap_or_default() }</td>
                                <td>{ if defined { html! { <input class="num count" id={format!("plan-count-{id}")} inputmode="numeric" value={text} {placeholder} {oninput} aria-label={format!("Fixed count of {}", e.name)} /> } } else { Html::default() } }</td>
                            </tr>
                        }
                    }) }</tbody>
                </table>
            </details>
        }
    }

    /// The demand figures of the village file, each with its unit, basis and reset.
    fn figures(&self, link: &Scope<App>, village: &VillageData) -> Html {
        let o = &self.state.opts;
        html! {
            <details class="plan-group" open={!self.narrow} id="plan-figures-input">
                <summary>{ "Demand and utilisation" }</summary>
                <div class="param-head">
                    <p class="help">{ "Type a number in the unit shown, or with a unit of its own (400 ft2)." }</p>
                    <button class="small" id="plan-reset-figures" disabled={o.overrides.is_empty()} onclick={cb(link, |_| Msg::Set("demand".into(), String::new()))}>{ "Reset all" }</button>
                </div>
                { for village.figures.iter().map(|f| {
                    let key = format!("demand.{}", f.name);
                    let value = o.overrides.get(&f.name).cloned().unwrap_or_else(|| format_plain(f.shown(f.value), 6));
                    let (text, err) = self.shown(&key, &value);
                    let changed = o.overrides.contains_key(&f.name);
                    let id = format!("plan-fig-{}", f.name);
                    let oninput = { let k = key.clone(); cb(link, move |e: InputEvent| Msg::Set(k.clone(), e.target_unchecked_into::<HtmlInputElement>().value())) };
                    let reset = changed.then(|| { let k = key.clone(); html! { <button class="reset small" title="Back to the file's value" aria-label={format!("Reset {}", f.label)} onclick={cb(link, move |_| Msg::Set(k.clone(), String::new()))}>{ "↺" }</button> } });
                    let basis: Vec<String> = f.provenance.iter().map(|p| p.describe()).collect();
                    html! {
                        <div class={match (changed, err.is_some()) {
                            (true, true) => "param changed invalid",
                            (false, true) => "param invalid",
                            (true, false) => "param changed",
                            (false, false) => "param",
                        }}>
                            <div class="param-label"><label for={id.clone()}>{ &f.label }</label>{ reset }</div>
                            <div class="plan-field">
                                <input id={id.clone()} class="num" value={text} {oninput} aria-invalid={err.is_some().to_string()} />
                                <span class="unit">{ pretty_unit(&f.unit) }</span>
                            </div>
                            { err.map(|m| html! { <p class="field-error" role="alert">{ m }</p> }).unwrap_or_default() }
                            <p class="help">{ basis.join("; ") }</p>
                        </div>
                    }
                }) }
            </details>
        }
    }

    /// Saved plans, plan files, print and CSV.
    fn store_panel(&self, link: &Scope<App>) -> Html {
        let on_name = cb(link, |e: InputEvent| Msg::Name(e.target_unchecked_into::<HtmlInputElement>().value()));
        let on_file = cb(link, |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            Msg::Import(file)
        });
        let saved = match &self.store {
            Ok(s) if s.plans.is_empty() => html! { <p class="help">{ "No plans saved in this browser yet." }</p> },
            Ok(s) => html! {
                <ul class="saved" id="plan-saved">{ for s.plans.iter().map(|(n, _)| {
                    let (a, b) = (n.clone(), n.clone());
                    html! { <li><button class="link" onclick={cb(link, move |_| Msg::Open(a.clone()))}>{ n }</button>
                        <button class="small" aria-label={format!("Delete {n}")} title="Delete" onclick={cb(link, move |_| Msg::Delete(b.clone()))}>{ "×" }</button></li> }
                }) }</ul>
            },
            Err(e) => html! {
                <div class="error" id="plan-store-error" role="alert"><p>{ e }</p>
                    <p>{ "Saving is off so nothing is overwritten. " }<button class="link" onclick={cb(link, |_| Msg::FreshStore)}>{ "Download them and start afresh" }</button></p></div>
            },
        };
        html! {
            <div class="plan-bar" id="plan-bar">
                <form class="plan-save" onsubmit={cb(link, |e: SubmitEvent| { e.prevent_default(); Msg::Save })}>
                    <input id="plan-name" placeholder="Name this plan" value={self.name.clone()} oninput={on_name} aria-label="Plan name" />
                    <button type="submit" id="plan-save">{ "Save" }</button>
                </form>
                <div class="plan-actions">
                    <button id="plan-export" onclick={cb(link, |_| Msg::Export)} title="Download this plan as a file">{ "Export" }</button>
                    <label class="button" title="Open a plan file">{ "Import…" }<input type="file" id="plan-import" accept=".json,application/json" class="visually-hidden" onchange={on_file} /></label>
                    <button id="plan-csv" onclick={cb(link, |_| Msg::Csv)} title="Every table as one CSV file">{ "Download CSV" }</button>
                    <button id="plan-print" onclick={cb(link, |_| Msg::Print)}>{ "Print" }</button>
                </div>
                { saved }
            </div>
        }
    }
}
