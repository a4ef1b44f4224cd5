//! The tabs under the view (summary, cut list, stock to buy, purchased parts, labour,
//! sources) and the panel describing a picked part.

use crate::app::{App, Msg};
use crate::fmt;
use gvcs_app::{Computed, State, Tab};
use gvcs_assets::Data;
use gvcs_def::Provenance;
use gvcs_def::eval::PartKind;
use gvcs_def::machine::{Ends, Machine};
use gvcs_def::units::{System, format_number, format_plain};
use yew::html::Scope;
use yew::prelude::*;

pub fn tabs(data: &Data, m: &Machine, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let body = match state.tab {
        Tab::Summary => summary(data, m, c, state, link),
        Tab::Cuts => cuts(c, state.system),
        Tab::Stock => stock(data, c, state, link),
        Tab::Purchased => purchased(c, state.system),
        Tab::Labour => labour(c, state),
        Tab::Sources => sources(data, m, c, state, link),
    };
    html! {
        <>
        <div class="tabs" role="tablist" aria-label="Results">
            { for Tab::ALL.into_iter().map(|t| {
                let on = t == state.tab;
                html! { <button role="tab" id={format!("tab-{}", t.key())} aria-selected={on.to_string()} class={classes!(on.then_some("on"))}
                    onclick={link.callback(move |_| Msg::SetTab(t))}>{ t.label() }</button> }
            }) }
        </div>
        <div class="tab-body" role="tabpanel" aria-labelledby={format!("tab-{}", state.tab.key())}>{ body }</div>
        </>
    }
}

/// `html` when `show`, else nothing.
fn when(show: bool, html: impl FnOnce() -> Html) -> Html {
    if show { html() } else { Html::default() }
}

fn figure(id: &str, label: &str, value: String, note: Option<String>) -> Html {
    html! {
        <div class="figure" id={id.to_string()}>
            <div class="figure-label">{ label }</div>
            <div class="figure-value">{ value }</div>
            { note.map(|n| html! { <div class="figure-note">{ n }</div> }).unwrap_or_default() }
        </div>
    }
}

/// `364 per hour` for counted products, `15.2 gpm` for physical rates.
fn output(o: &gvcs_bom::bom::OutputLine) -> String {
    match o.unit.strip_suffix("/h") {
        Some(_) => format!("{} per hour", format_number(o.value.round(), 6)),
        None => fmt::num(o.value, &o.unit),
    }
}

fn machine_names(data: &Data, ids: &[String]) -> String {
    ids.iter().map(|id| data.library.index_entry(id).map_or(id.clone(), |e| e.name.clone())).collect::<Vec<_>>().join(", ")
}

fn crew_input(state: &State, default: u32, link: &Scope<App>) -> Html {
    let on_change = link.callback(|e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        match gvcs_bom::bom::parse_crew(&v) {
            Ok(n) => Msg::SetCrew(Some(n)),
            Err(e) => Msg::Notice(format!("Crew: {e}.")),
        }
    });
    html! {
        <label class="crew">{ "Crew " }
            <input type="number" min="1" max="100" step="1" value={state.crew.unwrap_or(default).to_string()} onchange={on_change} aria-label="Crew size" id="crew" />
            { " people" }
        </label>
    }
}

fn summary(data: &Data, m: &Machine, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let b = &c.bom;
    let sys = state.system;
    let cur = &b.currency;
    html! {
        <div class="summary">
            <div class="figures">
                { figure("fig-mass", "Machine mass", fmt::mass(b.mass_kg, sys), Some(format!("{} of steel in parts", fmt::mass(b.steel_mass_kg, sys)))) }
                { figure("fig-cost", "Materials cost", fmt::money(b.cost_total, cur), Some(format!("prices dated {} on", b.oldest_price))) }
                { figure("fig-hours", "Build labour", fmt::hours(b.labour_hours), Some(format!("{} at {}/h", fmt::money(b.labour_cost, cur), fmt::money_cents(b.labour_rate, cur)))) }
                { figure("fig-days", "Calendar time", format!("{} days", format_number(b.calendar_days, 2)), Some(format!("crew of {}, {} h days", b.crew, b.hours_per_day))) }
                { for b.outputs.iter().map(|o| figure("fig-output", &format!("Output: {}", o.what), output(o), None)) }
            </div>
            { crew_input(state, data.rates.labour.crew, link) }
            <p class="lede">{ &m.summary }</p>
            <div class="cols">
                <table class="kv" id="derived">
                    <caption>{ "Dimensions and performance" }</caption>
                    <tbody>{ for b.derived.iter().map(|d| html! { <tr><th>{ &d.label }</th><td class="n">{ fmt::num(d.value, &d.unit) }</td></tr> }) }</tbody>
                </table>
                <table class="kv" id="cost-by-category">
                    <caption>{ "Materials cost by category" }</caption>
                    <tbody>
                        { for b.cost_by_category.iter().map(|(k, v)| html! { <tr><th>{ k }</th><td class="n">{ fmt::money(*v, cur) }</td></tr> }) }
                        <tr class="total"><th>{ "Total" }</th><td class="n">{ fmt::money(b.cost_total, cur) }</td></tr>
                    </tbody>
                </table>
            </div>
            <table class="grid" id="costs">
                <caption>{ "Costs in detail" }</caption>
                <thead><tr><th>{ "Category" }</th><th>{ "Item" }</th><th>{ "Quantity" }</th><th class="n">{ "Cost" }</th><th>{ "Price dated" }</th></tr></thead>
                <tbody>{ for b.costs.iter().map(|l| html! {
                    <tr><td>{ &l.category }</td><td title={l.price_basis.clone()}>{ &l.item }</td><td>{ &l.quantity }</td><td class="n">{ fmt::money(l.cost, cur) }</td><td>{ &l.price_date }</td></tr>
                }) }</tbody>
            </table>
            <div class="relations">
                { when(!b.built_with.is_empty(), || html! { <p><strong>{ "Built with: " }</strong>{ machine_names(data, &b.built_with) }{ " — build or borrow these tools first." }</p> }) }
                { when(!b.uses.is_empty(), || html! { <p><strong>{ "Runs with: " }</strong>{ machine_names(data, &b.uses) }</p> }) }
            </div>
        </div>
    }
}

fn ends(e: Ends) -> &'static str {
    match e {
        Ends::Square => "square",
        Ends::Mitre => "mitred",
    }
}

fn cuts(c: &Computed, sys: System) -> Html {
    let b = &c.bom;
    html! {
        <div>
            <table class="grid" id="cut-list">
                <caption>{ "Bars and tubes" }</caption>
                <thead><tr><th>{ "Stock" }</th><th>{ "Part" }</th><th class="n">{ "Length" }</th><th class="n">{ "Count" }</th><th>{ "Ends" }</th></tr></thead>
                <tbody>{ for b.stock.iter().flat_map(|s| s.pieces.iter().map(move |p| html! {
                    <tr><td>{ &s.profile }</td><td>{ &p.name }</td><td class="n">{ fmt::len(p.length_mm, sys) }</td><td class="n">{ p.count }</td><td>{ ends(p.ends) }</td></tr>
                })) }</tbody>
            </table>
            <table class="grid" id="plate-parts">
                <caption>{ "Plate parts" }</caption>
                <thead><tr><th>{ "Plate" }</th><th>{ "Part" }</th><th class="n">{ "Size" }</th><th class="n">{ "Count" }</th><th class="n">{ "Area each" }</th></tr></thead>
                <tbody>{ for b.plates.iter().flat_map(|pl| pl.parts.iter().map(move |p| html! {
                    <tr><td>{ &pl.profile }</td><td>{ &p.name }{ when(p.shaped, || html! { <span class="tag">{ "shaped" }</span> }) }</td>
                        <td class="n">{ format!("{} × {}", fmt::len(p.length_mm, sys), fmt::len(p.width_mm, sys)) }</td><td class="n">{ p.count }</td><td class="n">{ fmt::area(p.area_m2, sys) }</td></tr>
                })) }</tbody>
            </table>
        </div>
    }
}

fn stock(data: &Data, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let b = &c.bom;
    let cur = &b.currency;
    let sys = state.system;
    let markets = &data.library.stock.markets;
    let default = markets[0].id.clone();
    let on_market = link.callback(move |e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        Msg::SetMarket((v != default).then_some(v))
    });
    html! {
        <div>
            <label class="market">{ "Stock sold as: " }
                <select id="market" onchange={on_market}>
                    { for markets.iter().map(|m| html! { <option value={m.id.clone()} selected={m.id == b.market}>{ &m.name }</option> }) }
                </select>
            </label>
            <table class="grid" id="stock-to-buy">
                <caption>{ "Bars and tubes to buy" }</caption>
                <thead><tr><th>{ "Stock" }</th><th class="n">{ "Buy" }</th><th class="n">{ "Used" }</th><th class="n">{ "Fewest possible" }</th><th class="n">{ "Offcut and kerf" }</th><th class="n">{ "Cost" }</th></tr></thead>
                <tbody>{ for b.stock.iter().map(|s| html! {
                    <tr>
                        <td>{ &s.profile }</td>
                        <td class="n">{ if s.cut_to_length { format!("{} cut to length", fmt::len(s.total_length_mm, sys)) } else { format!("{} × {}", s.sticks, fmt::len(s.stick_length_mm, sys)) } }</td>
                        <td class="n">{ fmt::len(s.total_length_mm, sys) }</td>
                        <td class="n">{ s.lower_bound }</td>
                        <td class="n">{ fmt::len(s.waste_mm, sys) }</td>
                        <td class="n">{ fmt::money(s.cost, cur) }</td>
                    </tr>
                }) }</tbody>
            </table>
            <h3>{ "Cutting plan" }</h3>
            <p class="help">{ "Each bar is one stick; pieces are cut from the left, the grey end is the offcut." }</p>
            { for b.stock.iter().map(|s| html! {
                <div class="plan">
                    <div class="plan-title">{ &s.profile }</div>
                    { for s.plan.iter().zip(&s.offcuts_mm).map(|(pieces, off)| html! {
                        <div class="stick" title={format!("offcut {}", fmt::len(*off, sys))}>
                            { for pieces.iter().map(|l| html! {
                                <span class="piece" style={format!("width:{:.3}%", l / s.stick_length_mm * 100.0)} title={fmt::len(*l, sys)}>{ fmt::len(*l, sys) }</span>
                            }) }
                        </div>
                    }) }
                </div>
            }) }
            <table class="grid" id="plate-to-buy">
                <caption>{ "Plate to buy" }</caption>
                <thead><tr><th>{ "Plate" }</th><th class="n">{ "Parts area" }</th><th class="n">{ "Sheets" }</th><th class="n">{ "Nesting" }</th><th class="n">{ "Mass bought" }</th><th class="n">{ "Cost" }</th></tr></thead>
                <tbody>{ for b.plates.iter().map(|p| html! {
                    <tr>
                        <td>{ &p.profile }</td>
                        <td class="n">{ fmt::area(p.area_m2, sys) }</td>
                        <td class="n">{ format!("{} × {} × {}", p.sheets, fmt::len(p.sheet_mm[0], sys), fmt::len(p.sheet_mm[1], sys)) }</td>
                        <td class="n">{ format!("{:.0}%", p.nesting * 100.0) }</td>
                        <td class="n">{ fmt::mass(p.bought_mass_kg, sys) }</td>
                        <td class="n">{ fmt::money(p.cost, cur) }</td>
                    </tr>
                }) }</tbody>
            </table>
            <p class="help">{ "Sticks are bought whole; plate is priced on the nested area, as suppliers cut plate to size. Edit the nesting share and kerf in labour.toml." }</p>
        </div>
    }
}

fn purchased(c: &Computed, sys: System) -> Html {
    let b = &c.bom;
    let cur = &b.currency;
    html! {
        <table class="grid" id="purchased">
            <thead><tr><th>{ "Part" }</th><th>{ "Size" }</th><th class="n">{ "Count" }</th><th class="n">{ "Mass" }</th><th class="n">{ "Each" }</th><th class="n">{ "Cost" }</th><th>{ "Price dated" }</th></tr></thead>
            <tbody>
                { for b.purchased.iter().map(|p| html! {
                    <tr>
                        <td>{ &p.name }</td><td>{ &p.spec }</td><td class="n">{ p.count }</td><td class="n">{ fmt::mass(p.mass_kg, sys) }</td>
                        <td class="n">{ fmt::money_cents(p.unit_price, cur) }</td><td class="n">{ fmt::money(p.cost, cur) }</td>
                        <td title={p.price_basis.clone()}>{ &p.price_date }</td>
                    </tr>
                }) }
                <tr class="total"><th colspan="3">{ "Purchased parts" }</th><td class="n">{ fmt::mass(b.purchased_mass_kg, sys) }</td><td></td>
                    <td class="n">{ fmt::money(b.purchased.iter().map(|p| p.cost).sum(), cur) }</td><td></td></tr>
            </tbody>
        </table>
    }
}

fn labour(c: &Computed, state: &State) -> Html {
    let b = &c.bom;
    html! {
        <div>
            <table class="kv" id="labour-by-trade">
                <caption>{ format!("{} in all: {} working days for a crew of {}", fmt::hours(b.labour_hours), format_number(b.calendar_days, 2), b.crew) }</caption>
                <tbody>{ for b.labour_by_trade.iter().map(|t| html! { <tr><th>{ &t.label }</th><td class="n">{ fmt::hours(t.hours) }</td></tr> }) }</tbody>
            </table>
            <table class="grid" id="labour">
                <thead><tr><th>{ "Trade" }</th><th>{ "Operation" }</th><th>{ "Quantity" }</th><th class="n">{ "Hours" }</th></tr></thead>
                <tbody>{ for b.labour.iter().map(|l| html! {
                    <tr><td>{ l.trade.label() }</td><td>{ &l.operation }</td><td>{ &l.quantity }</td><td class="n">{ format!("{:.1}", l.hours) }</td></tr>
                }) }</tbody>
            </table>
            <p class="help">{ format!("Rates per operation are in labour.toml with their sources. Calendar time assumes the crew works in parallel, {} h a day; the units shown are {}.", b.hours_per_day, state.system.as_str()) }</p>
        </div>
    }
}

fn provenance(p: &Provenance) -> Html {
    match p {
        Provenance::Source { key, title, url } => html! {
            <span class="src">{ format!("[{key}] ") }{ match url {
                Some(u) => html! { <a href={u.clone()} target="_blank" rel="noopener noreferrer">{ title }</a> },
                None => html! { { title } },
            } }</span>
        },
        Provenance::Assumption { reason } => html! { <span class="assumption">{ "Assumption: " }{ reason }</span> },
    }
}

/// A price cell: the price in force, editable; a person's own price is marked, with a reset.
fn price_input(item: &gvcs_bom::rates::PriceItem, currency: &str, state: &State, link: &Scope<App>) -> Html {
    let own = state.prices.get(&item.id).copied();
    let id = item.id.clone();
    let on_change =
        link.callback(move |e: Event| Msg::SetPrice(id.clone(), Some(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())));
    let reset = own.map(|_| {
        let id = item.id.clone();
        html! { <button class="reset small" title="Back to the price book" onclick={link.callback(move |_| Msg::SetPrice(id.clone(), None))}>{ "↺" }</button> }
    });
    html! {
        <span class={classes!("price", own.map(|_| "own"))}>
            <input type="number" min="0" step="any" id={format!("price-{}", item.id)} aria-label={format!("Price of {}", item.name)}
                value={format_plain(own.unwrap_or(item.price), 6)} onchange={on_change} />
            { format!(" {currency} / {}", item.per.map_or("each", |u| u.name)) }
            { reset }
        </span>
    }
}

fn sources(data: &Data, m: &Machine, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let used: std::collections::BTreeSet<&str> = c.bom.purchased.iter().map(|p| p.component.as_str()).collect();
    html! {
        <div class="sources" id="sources">
            <h3>{ "Design basis" }</h3>
            <p>{ &m.design_basis }</p>
            <h3>{ "Parameters" }</h3>
            <table class="grid">
                <thead><tr><th>{ "Parameter" }</th><th>{ "Where it comes from" }</th></tr></thead>
                <tbody>{ for m.params.iter().map(|p| html! { <tr><td>{ &p.label }</td><td>{ provenance(&p.provenance) }</td></tr> }) }</tbody>
            </table>
            <h3>{ "Design figures" }</h3>
            <table class="grid" id="figures">
                <thead><tr><th>{ "Figure" }</th><th class="n">{ "Value" }</th><th>{ "Where it comes from" }</th></tr></thead>
                <tbody>{ for c.instance.figures.iter().filter_map(|f| {
                    let d = m.derived.iter().find(|d| d.name == f.name)?;
                    let (v, u) = gvcs_bom::bom::display(f.value, f.unit, state.system);
                    Some(html! { <tr><td>{ &f.label }</td><td class="n">{ fmt::num(v, &u) }</td><td>{ d.provenance.as_ref().map(provenance).unwrap_or_default() }</td></tr> })
                }) }</tbody>
            </table>
            <h3>{ "Parts with their own source, assumption or note" }</h3>
            <table class="grid" id="part-sources">
                <thead><tr><th>{ "Part" }</th><th>{ "In OSE's model" }</th><th>{ "Where it comes from" }</th></tr></thead>
                <tbody>{ for m.parts.iter().filter(|p| p.provenance.is_some() || p.note.is_some() || p.ose_part.is_some()).map(|p| html! {
                    <tr>
                        <td>{ &p.name }</td>
                        <td>{ p.ose_part.clone().unwrap_or_default() }</td>
                        <td>
                            { p.provenance.as_ref().map(provenance).unwrap_or_default() }
                            { p.note.as_ref().map(|n| html! { <div class="help">{ n }</div> }).unwrap_or_default() }
                        </td>
                    </tr>
                }) }</tbody>
            </table>
            <h3>{ "Sources cited by this machine" }</h3>
            <ul>{ for m.sources.iter().map(|s| html! { <li>{ provenance(&Provenance::Source { key: s.key.clone(), title: s.title.clone(), url: s.url.clone() }) }</li> }) }</ul>
            <h3>{ "Prices used" }</h3>
            <p class="help">{ "Type your own quotes over any price: the cost follows at once and the link keeps them. ↺ goes back to the price book." }</p>
            <table class="grid" id="prices">
                <thead><tr><th>{ "Item" }</th><th>{ "Price" }</th><th>{ "Dated" }</th><th>{ "Basis" }</th></tr></thead>
                <tbody>{ for data.rates.prices.items.iter().filter(|i| used.contains(i.id.as_str()) || gvcs_bom::rates::REQUIRED_ITEMS.contains(&i.id.as_str())).map(|i| {
                    let own = state.prices.contains_key(&i.id);
                    html! {
                        <tr>
                            <td>{ &i.name }</td>
                            <td class="n">{ price_input(i, &data.rates.prices.currency, state, link) }</td>
                            <td>{ if own { "yours".to_string() } else { i.date.clone() } }</td>
                            <td>{ if own { html! { <span class="assumption">{ "Your price" }</span> } } else { provenance(&i.provenance) } }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
            <h3>{ "Labour rates" }</h3>
            <ul>{ for data.rates.labour.provenance.iter().map(|(what, p)| html! { <li><strong>{ what }</strong>{ ": " }{ provenance(p) }</li> }) }</ul>
            <p class="help">{ "All data lives in the assets folder as TOML files: edit them, run `gvcs check --assets DIR`, and every number here follows." }</p>
        </div>
    }
}

/// The panel for a picked part: what it is, what it is cut from, how big, how heavy.
pub fn part_info(data: &Data, c: &Computed, i: usize, sys: System, on_close: Callback<MouseEvent>) -> Html {
    let p = &c.instance.parts[i];
    let lib = &data.library;
    let (stock, size, mass_each) = match &p.kind {
        PartKind::Bar { profile, length } => {
            let prof = &lib.stock.profiles[*profile];
            (prof.id.clone(), fmt::len(*length, sys), length * lib.stock.mass_per_mm(prof))
        }
        PartKind::Plate { profile, length, width, area, .. } => {
            let prof = &lib.stock.profiles[*profile];
            (
                prof.id.clone(),
                format!("{} × {}", fmt::len(*length, sys), fmt::len(*width, sys)),
                area * prof.section.thickness() * lib.stock.density,
            )
        }
        PartKind::Component { component, size } => {
            (lib.components.components[*component].name.clone(), lib.components.describe(*component, &size.dims, sys), size.mass)
        }
    };
    html! {
        <div class="part-info" id="part-info" role="dialog" aria-label="Selected part">
            <button class="plain close" onclick={on_close} aria-label="Close">{ "×" }</button>
            <h3>{ &p.name }</h3>
            <dl>
                <dt>{ "Made from" }</dt><dd>{ stock }</dd>
                { when(!size.is_empty(), || html! { <><dt>{ "Size" }</dt><dd id="part-size">{ size }</dd></> }) }
                <dt>{ "Mass each" }</dt><dd>{ fmt::mass(mass_each, sys) }</dd>
                <dt>{ "Count" }</dt><dd>{ p.count() }</dd>
                <dt>{ "Group" }</dt><dd>{ &p.group }</dd>
            </dl>
        </div>
    }
}
