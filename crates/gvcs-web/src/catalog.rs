//! The home page: all 50 machines of the set by OSE's six categories, each card with a
//! picture drawn from the machine's own geometry (or, for a machine not yet modelled, OSE's
//! status and wiki page), search and filters kept in the link.

use crate::app::{App, Msg};
use gvcs_app::catalog::{Filter, Headline, needs_power_cube, wiki_url};
use gvcs_assets::Data;
use gvcs_bom::report::fmt;
use gvcs_def::System;
use gvcs_def::index::Category;
use gvcs_geom::Facet;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::html::Scope;
use yew::prelude::*;

/// Picture size in CSS pixels.
const THUMB: (f64, f64) = (240.0, 150.0);

/// What a defined machine's card shows: its picture and its numbers at the defaults.
pub struct Card {
    pub facets: Rc<Vec<Facet>>,
    pub headline: Option<Headline>,
}

/// Computes the cards of every defined machine (once: the defaults do not change).
pub fn cards(data: &Data) -> HashMap<String, Card> {
    let lib = &data.library;
    lib.set_machines()
        .map(|m| {
            let facets = lib
                .evaluate(&m.id, &Default::default())
                .map(|inst| gvcs_geom::sketch(&gvcs_geom::build(lib, &inst), THUMB.0, THUMB.1))
                .unwrap_or_default();
            (m.id.clone(), Card { facets: Rc::new(facets), headline: gvcs_app::catalog::headline(data, &m.id) })
        })
        .collect()
}

#[derive(Properties)]
struct ThumbProps {
    facets: Rc<Vec<Facet>>,
    label: String,
}

impl PartialEq for ThumbProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.facets, &o.facets)
    }
}

/// A card's picture: a 2D canvas painted once it is in the page.
struct Thumb {
    canvas: NodeRef,
}

impl Component for Thumb {
    type Message = ();
    type Properties = ThumbProps;

    fn create(_ctx: &Context<Self>) -> Self {
        Thumb { canvas: NodeRef::default() }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let style = format!("width:{}px;height:{}px", THUMB.0, THUMB.1);
        html! { <canvas ref={self.canvas.clone()} class="thumb" role="img" aria-label={ctx.props().label.clone()} {style} /> }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first: bool) {
        if let Some(c) = self.canvas.cast::<HtmlCanvasElement>() {
            paint(&c, &ctx.props().facets);
        }
    }
}

fn paint(c: &HtmlCanvasElement, facets: &[Facet]) {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
    c.set_width((THUMB.0 * dpr) as u32);
    c.set_height((THUMB.1 * dpr) as u32);
    let Some(ctx) = c.get_context("2d").ok().flatten().and_then(|o| o.dyn_into::<CanvasRenderingContext2d>().ok()) else { return };
    let _ = ctx.scale(dpr, dpr);
    ctx.set_line_width(0.6);
    // Neighbouring facets of one colour (a flat face) go in one path: far fewer fills.
    for run in facets.chunk_by(|a, b| a.rgb == b.rgb) {
        let colour = format!("rgb({},{},{})", run[0].rgb[0], run[0].rgb[1], run[0].rgb[2]);
        ctx.set_fill_style_str(&colour);
        // A hairline of the same colour closes the seams between neighbouring triangles.
        ctx.set_stroke_style_str(&colour);
        ctx.begin_path();
        for f in run {
            ctx.move_to(f.points[0][0] as f64, f.points[0][1] as f64);
            ctx.line_to(f.points[1][0] as f64, f.points[1][1] as f64);
            ctx.line_to(f.points[2][0] as f64, f.points[2][1] as f64);
            ctx.close_path();
        }
        ctx.fill();
        ctx.stroke();
    }
}

fn category_label(c: Category) -> &'static str {
    match c {
        Category::Habitat => "Habitat",
        Category::Agriculture => "Agriculture",
        Category::Industry => "Industry",
        Category::Energy => "Energy",
        Category::Materials => "Materials",
        Category::Transportation => "Transportation",
    }
}

fn status_label(s: gvcs_def::index::Status) -> &'static str {
    use gvcs_def::index::Status::*;
    match s {
        Prototype => "prototype built",
        AlmostDone => "almost done",
        Design => "in design",
        Planning => "planned",
    }
}

/// The catalog page.
pub fn page(
    data: &Data,
    filter: &Filter,
    cards: &HashMap<String, Card>,
    sys: System,
    resume: Option<(String, String)>,
    link: &Scope<App>,
) -> Html {
    let lib = &data.library;
    let shown: Vec<_> = lib.index.iter().filter(|e| filter.matches(lib, e)).collect();
    let set = |f: Filter| Msg::SetFilter(f);
    let on_query = {
        let f = filter.clone();
        link.callback(move |e: InputEvent| {
            set(Filter { query: e.target_unchecked_into::<web_sys::HtmlInputElement>().value(), ..f.clone() })
        })
    };
    let on_category = {
        let f = filter.clone();
        link.callback(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            set(Filter { category: Category::ALL.into_iter().find(|c| c.as_str() == v), ..f.clone() })
        })
    };
    let on_show = {
        let f = filter.clone();
        link.callback(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            set(Filter { defined: (v != "all").then_some(v == "defined"), ..f.clone() })
        })
    };
    let on_cube = {
        let f = filter.clone();
        link.callback(move |e: Event| {
            set(Filter { power_cube: e.target_unchecked_into::<web_sys::HtmlInputElement>().checked(), ..f.clone() })
        })
    };
    let defined = lib.set_machines().count();
    html! {
        <main class="catalog" id="catalog">
            <section class="intro">
                <h2>{ "The Global Village Construction Set" }</h2>
                <p>{ format!("Open Source Ecology's 50 machines for a small community to build a modern village. {defined} have a parametric definition here: open one to change it and see its model, cut list, stock, cost and build time.") }</p>
                <p><a class="resume" href="#/plan" id="plan-a-village">{ "Plan a village: machines, materials, money and months for N people →" }</a></p>
                { resume.map(|(href, name)| html! { <p><a class="resume" href={href}>{ format!("Continue with {name} →") }</a></p> }).unwrap_or_default() }
            </section>
            <form class="filters" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>{ "Search " }<input type="search" id="catalog-search" value={filter.query.clone()} oninput={on_query} placeholder="press, tractor, solar…" /></label>
                <label>{ "Category " }
                    <select id="catalog-category" onchange={on_category}>
                        <option value="all" selected={filter.category.is_none()}>{ "All six" }</option>
                        { for Category::ALL.into_iter().map(|c| html! { <option value={c.as_str()} selected={filter.category == Some(c)}>{ category_label(c) }</option> }) }
                    </select>
                </label>
                <label>{ "Show " }
                    <select id="catalog-show" onchange={on_show}>
                        <option value="all" selected={filter.defined.is_none()}>{ "all 50" }</option>
                        <option value="defined" selected={filter.defined == Some(true)}>{ "defined here" }</option>
                        <option value="planned" selected={filter.defined == Some(false)}>{ "not yet modelled" }</option>
                    </select>
                </label>
                <label class="check"><input type="checkbox" id="catalog-cube" checked={filter.power_cube} onchange={on_cube} />{ " runs on a Power Cube" }</label>
                <span class="count" id="catalog-count" aria-live="polite">{ format!("{} of 50", shown.len()) }</span>
            </form>
            { for Category::ALL.into_iter().map(|c| {
                let in_cat: Vec<_> = shown.iter().filter(|e| e.category == c).collect();
                if in_cat.is_empty() {
                    return Html::default();
                }
                html! {
                    <section class="category">
                        <h2>{ category_label(c) }</h2>
                        <ul class="cards">
                            { for in_cat.into_iter().map(|e| card(data, e, cards.get(&e.id), sys)) }
                        </ul>
                    </section>
                }
            }) }
            { if shown.is_empty() { html! { <p class="empty">{ "No machine matches. Clear the search or the filters." }</p> } } else { Html::default() } }
        </main>
    }
}

fn card(data: &Data, e: &gvcs_def::index::IndexEntry, card: Option<&Card>, sys: System) -> Html {
    let lib = &data.library;
    let cube = needs_power_cube(lib, &e.id).then(|| html! { <span class="tag">{ "Power Cube" }</span> });
    match (lib.machine(&e.id), card) {
        (Some(m), Some(c)) => {
            let numbers = c.headline.as_ref().map(|h| {
                html! {
                    <dl class="numbers">
                        <div><dt>{ "Mass" }</dt><dd>{ fmt::mass(h.mass_kg, sys) }</dd></div>
                        <div><dt>{ "Materials" }</dt><dd title={format!("in {} money", h.money_year)}>{ fmt::money(h.cost, &h.currency) }</dd></div>
                        <div><dt>{ "Build" }</dt><dd>{ fmt::hours(h.labour_hours) }</dd></div>
                    </dl>
                }
            });
            html! {
                <li class="card defined" data-machine={e.id.clone()}>
                    <a href={format!("#/{}", e.id)} class="card-link">
                        <Thumb facets={c.facets.clone()} label={format!("Picture of the {} drawn from its definition", m.name)} />
                        <h3>{ &m.name }</h3>
                        <p class="status">{ status_label(e.status) }{ cube }</p>
                        { numbers.unwrap_or_default() }
                    </a>
                </li>
            }
        }
        _ => html! {
            <li class="card planned" data-machine={e.id.clone()}>
                <div class="thumb none" aria-hidden="true">{ "Not yet modelled" }</div>
                <h3>{ &e.name }</h3>
                <p class="status">{ format!("OSE: {}", status_label(e.status)) }{ cube }</p>
                <p><a href={wiki_url(e)} target="_blank" rel="noopener noreferrer">{ "OSE wiki page" }</a></p>
            </li>
        },
    }
}
