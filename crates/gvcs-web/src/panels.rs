//! The tabs under the view (summary, cut list, stock to buy, purchased parts, labour,
//! sources) and the panel describing a picked part.

use crate::app::{App, Msg};
use gvcs_app::{Computed, State, Tab};
use gvcs_assets::Data;
use gvcs_bom::report::{Figure, Table, fmt};
use gvcs_def::Provenance;
use gvcs_def::eval::PartKind;
use gvcs_def::machine::Machine;
use gvcs_def::units::{System, format_plain};
use yew::html::Scope;
use yew::prelude::*;

pub fn tabs(data: &Data, m: &Machine, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let body = match state.tab {
        Tab::Summary => summary(data, m, c, state, link),
        Tab::Cuts => cuts(c),
        Tab::Stock => stock(data, c, state, link),
        Tab::Purchased => report_table(c, "purchased", "grid"),
        Tab::Labour => labour(c, state),
        Tab::Sources => sources(data, m, c, state, link),
    };
    html! {
        <>
        <div class="tabs" role="tablist" aria-label="Results">
            { for Tab::ALL.into_iter().map(|t| {
                let on = t == state.tab;
                html! { <button role="tab" id={format!("tab-{}", t.key())} aria-selected={on.to_string()} class={on.then_some("on")}
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

fn figure(f: &Figure) -> Html {
    html! {
        <div class="figure" id={f.id.clone()}>
            <div class="figure-label">{ &f.label }</div>
            <div class="figure-value">{ &f.value }</div>
            { f.note.as_ref().map(|n| html! { <div class="figure-note">{ n }</div> }).unwrap_or_default() }
        </div>
    }
}

/// A report table as HTML, with its id, caption and numeric columns right-aligned.
fn grid(t: &Table, class: &'static str) -> Html {
    let cell = |numeric: bool, text: &String| html! { <td class={numeric.then_some("n")}>{ text }</td> };
    html! {
        <table class={class} id={t.id}>
            <caption>{ &t.title }</caption>
            { when(class == "grid", || html! {
                <thead><tr>{ for t.columns.iter().map(|c| html! { <th class={c.numeric.then_some("n")}>{ c.name }</th> }) }</tr></thead>
            }) }
            <tbody>
                { for t.rows.iter().map(|r| html! { <tr>{ for t.columns.iter().zip(r).map(|(c, v)| cell(c.numeric, v)) }</tr> }) }
                { t.total.as_ref().map(|r| html! { <tr class="total">{ for t.columns.iter().zip(r).map(|(c, v)| cell(c.numeric, v)) }</tr> }).unwrap_or_default() }
            </tbody>
        </table>
    }
}

/// The report's table `id`, drawn as a grid or as label-value pairs (`kv`).
fn report_table(c: &Computed, id: &str, class: &'static str) -> Html {
    c.report.table(id).map(|t| grid(t, class)).unwrap_or_default()
}

/// What the machine is built with, what it uses, what uses it, what it builds and enables:
/// links to those machines (their pages here, or OSE's wiki for those not yet modelled).
fn related(data: &Data, id: &str) -> Html {
    let lib = &data.library;
    let r = gvcs_app::catalog::related(lib, id);
    let item = |other: &String| {
        let Some(e) = lib.index_entry(other) else { return Html::default() };
        if lib.machine(other).is_some() {
            html! { <li><a href={format!("#/{other}")} class="machine-link">{ &e.name }</a></li> }
        } else {
            html! { <li class="planned"><a href={gvcs_app::catalog::wiki_url(e)} target="_blank" rel="noopener noreferrer">{ &e.name }</a>{ " (not yet modelled)" }</li> }
        }
    };
    let group = |title: &str, id: &str, list: &[String]| {
        when(!list.is_empty(), || html! { <div id={id.to_string()}><h4>{ title }</h4><ul>{ for list.iter().map(item) }</ul></div> })
    };
    html! {
        <section class="related" id="related" aria-label="Related machines">
            { group("Built with (make or borrow these first)", "related-built-with", &r.built_with) }
            { group("Runs with", "related-uses", &r.uses) }
            { group("Used by", "related-used-by", &r.used_by) }
            { group("Helps build", "related-builds", &r.builds) }
            { group("Makes possible (OSE's ecology)", "related-enables", &r.enables) }
        </section>
    }
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
    html! {
        <div class="summary">
            <div class="figures">{ for c.report.figures.iter().map(figure) }</div>
            { crew_input(state, data.rates.labour.crew, link) }
            <p class="lede">{ &m.summary }</p>
            <div class="cols">
                { report_table(c, "derived", "kv") }
                { report_table(c, "cost-by-category", "kv") }
            </div>
            { report_table(c, "costs", "grid") }
            { related(data, &c.instance.machine) }
        </div>
    }
}

fn cuts(c: &Computed) -> Html {
    html! { <div>{ report_table(c, "cut-list", "grid") }{ report_table(c, "plate-parts", "grid") }</div> }
}

fn stock(data: &Data, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let b = &c.bom;
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
                    { for markets.iter().map(|m| html! { <option value={m.id.clone()} selected={m.id == b.plan.market}>{ &m.name }</option> }) }
                </select>
            </label>
            { report_table(c, "stock-to-buy", "grid") }
            <h3>{ "Cutting plan" }</h3>
            <p class="help">{ "Each bar is one stick; pieces are cut from the left, the grey end is the offcut." }</p>
            { for b.plan.stock.iter().map(|s| html! {
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
            { report_table(c, "plate-to-buy", "grid") }
            <p class="help">{ "Sticks are bought whole; plate is priced on the nested area, as suppliers cut plate to size. Edit the nesting share and kerf in labour.toml." }</p>
        </div>
    }
}

fn labour(c: &Computed, state: &State) -> Html {
    let b = &c.bom;
    html! {
        <div>
            { report_table(c, "labour-by-trade", "kv") }
            { report_table(c, "labour", "grid") }
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

/// `$699.95 in 2013 (US CPI-U)` for a quote brought into another year's money, else its date.
fn quoted_price(data: &Data, i: &gvcs_bom::rates::PriceItem) -> String {
    let book = &data.rates.prices;
    let per = i.per.map_or(String::new(), |u| format!("/{}", u.name));
    let index = book.indices.get(i.index.as_deref()).map_or("", |x| x.name.as_str());
    format!("{}{per} in {} ({index})", fmt::cents(i.quoted, &book.currency), i.date)
}

/// The year whose money costs are shown in, and which hour of labour is costed.
fn money_controls(data: &Data, state: &State, link: &Scope<App>) -> Html {
    let book = &data.rates.prices;
    let newest = book.year;
    let on_year = link.callback(move |e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        Msg::SetMoneyYear(v.parse().ok().filter(|y| *y != newest))
    });
    let on_rate = link.callback(|e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        match gvcs_bom::rates::LabourRate::parse(&v) {
            Ok(r) => Msg::SetLabourRate(r),
            Err(e) => Msg::Notice(format!("{e}.")),
        }
    });
    let year = state.money_year.unwrap_or(newest);
    html! {
        <div class="money">
            { money_choices(book, year, state.labour_rate, ("money-year", "labour-rate"), on_year, on_rate) }
            <p class="help">{ "Older quotes are brought into the chosen year's money by a price index: steel by the US producer price index for steel mill products, everything else by the US consumer price index (both from BLS; see price-index.toml). The labour rates are in the price book with their sources." }</p>
        </div>
    }
}

/// The money-year and labour-rate selects, for a machine's Sources tab and the planner: the
/// years the price indices cover, newest first, and each labour rate with its price.
pub fn money_choices(
    book: &gvcs_bom::PriceBook,
    year: i32,
    rate: gvcs_bom::rates::LabourRate,
    (year_id, rate_id): (&'static str, &'static str),
    on_year: Callback<Event>,
    on_rate: Callback<Event>,
) -> Html {
    html! {
        <>
            <label>{ "Costs in the money of " }
                <select id={year_id} onchange={on_year}>
                    { for book.indices.years().rev().map(|y| html! { <option value={y.to_string()} selected={y == year}>{ y }</option> }) }
                </select>
            </label>
            <label>{ " Labour costed at " }
                <select id={rate_id} onchange={on_rate}>
                    { for gvcs_bom::rates::LabourRate::ALL.into_iter().map(|r| {
                        let price = book.item(r.item()).map_or(0.0, |i| i.price);
                        html! { <option value={r.key()} selected={r == rate}>{ format!("{} ({}/h)", r.label(), fmt::cents(price, &book.currency)) }</option> }
                    }) }
                </select>
            </label>
        </>
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
        <span class={if own.is_some() { "price own" } else { "price" }}>
            <input type="number" min="0" step="any" id={format!("price-{}", item.id)} aria-label={format!("Price of {}", item.name)}
                value={format_plain(own.unwrap_or(item.price), 6)} onchange={on_change} />
            { format!(" {currency} / {}", item.per.map_or("each", |u| u.name)) }
            { reset }
        </span>
    }
}

fn sources(data: &Data, m: &Machine, c: &Computed, state: &State, link: &Scope<App>) -> Html {
    let used: Vec<&str> = c.bom.costs.purchased.iter().map(|p| p.component.as_str()).collect();
    // Prices in the chosen year's money, as the cost uses them.
    let book = state.money_year.map_or_else(|| data.rates.prices.clone(), |y| data.rates.prices.in_money_of(y));
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
            { money_controls(data, state, link) }
            <p class="help">{ "Type your own quotes over any price: the cost follows at once and the link keeps them. ↺ goes back to the price book. Your own prices are taken as money of the year chosen above." }</p>
            <table class="grid" id="prices">
                <thead><tr><th>{ "Item" }</th><th>{ "Price" }</th><th>{ "As quoted" }</th><th>{ "Basis" }</th></tr></thead>
                <tbody>{ for book.items.iter().filter(|i| used.contains(&i.id.as_str()) || gvcs_bom::rates::REQUIRED_ITEMS.contains(&i.id.as_str())).map(|i| {
                    let own = state.prices.contains_key(&i.id);
                let unchanged = (i.quoted - i.price).abs() < 1e-9;
                    html! {
                        <tr>
                            <td>{ &i.name }</td>
                            <td class="n">{ price_input(i, &data.rates.prices.currency, state, link) }</td>
                            <td>{ if own { "yours".to_string() } else if unchanged { i.date.clone() } else { quoted_price(data, i) } }</td>
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

/// The one-page machine sheet for print: the picture, the headline figures, key dimensions,
/// the cost by category, the stock to buy, and the sources, with the link that reproduces it.
/// Hidden on screen; `body[data-print=sheet]` prints it alone.
pub fn sheet(m: &Machine, c: &Computed, state: &State, picture: &str) -> Html {
    let changed = state.settings.0.len();
    html! {
        <article class="sheet" id="sheet">
            <h1>{ &m.name }{ m.nickname.as_ref().map(|n| format!(" “{n}”")).unwrap_or_default() }</h1>
            <p class="sheet-link">{ if changed == 0 { "Default parameters. ".to_string() } else { format!("{changed} parameters changed from the defaults. ") } }
                { "This sheet again: " }{ crate::dom::href() }</p>
            <img src={picture.to_string()} alt={format!("The {} at these parameters", m.name)} />
            <div class="figures">{ for c.report.figures.iter().map(figure) }</div>
            <div class="cols">
                { report_table(c, "derived", "kv") }
                <div>{ report_table(c, "cost-by-category", "kv") }{ report_table(c, "stock-to-buy", "grid") }</div>
            </div>
            <h2>{ "Sources" }</h2>
            <ul class="sheet-sources">{ for m.sources.iter().map(|s| html! {
                <li>{ format!("[{}] {}", s.key, s.title) }{ s.url.as_ref().map(|u| format!(" — {u}")).unwrap_or_default() }</li>
            }) }</ul>
            <p class="sheet-foot">{ "GVCS replication calculator: every figure with its source or stated assumption in the app's Sources tab." }</p>
        </article>
    }
}
