//! The parameter panel: a slider and a number field for each parameter, in the chosen
//! units, with reset.

use crate::app::{App, Msg};
use gvcs_def::Settings;
use gvcs_def::machine::{Machine, Parameter};
use gvcs_def::units::{System, Unit, format_number, format_plain, in_system, pretty_unit};
use yew::html::Scope;
use yew::prelude::*;

/// The unit a parameter is shown in.
fn shown_in(p: &Parameter, sys: System) -> Option<&'static Unit> {
    p.unit.map(|u| in_system(u, sys))
}

fn plain(v: f64) -> String {
    format_plain(v, 6)
}

pub fn panel(m: &Machine, settings: &Settings, sys: System, link: &Scope<App>) -> Html {
    let changed = !settings.0.is_empty();
    html! {
        <div class="param-list">
            <div class="param-head">
                <h2>{ "Parameters" }</h2>
                <button class="small" disabled={!changed} onclick={link.callback(|_| Msg::ResetAll)}>{ "Reset all" }</button>
            </div>
            { for m.params.iter().map(|p| row(p, settings.get(&p.name), sys, link)) }
        </div>
    }
}

fn row(p: &Parameter, set: Option<f64>, sys: System, link: &Scope<App>) -> Html {
    let value = set.unwrap_or(p.default);
    let name = p.name.clone();
    let id = format!("param-{}", p.name);
    let reset = set.map(|_| {
        let n = name.clone();
        html! { <button class="reset small" title="Back to the default" aria-label={format!("Reset {}", p.label)} onclick={link.callback(move |_| Msg::ResetParam(n.clone()))}>{ "↺" }</button> }
    });
    if p.is_integer() && p.min == 0.0 && p.max == 1.0 {
        let n = name.clone();
        let on = value != 0.0;
        return html! {
            <div class={if set.is_some() { "param toggle changed" } else { "param toggle" }}>
                <label for={id.clone()}>
                    <input type="checkbox" id={id} checked={on}
                        onchange={link.callback(move |e: Event| Msg::SetParam(n.clone(), if e.target_unchecked_into::<web_sys::HtmlInputElement>().checked() { 1.0 } else { 0.0 }))} />
                    { &p.label }
                </label>
                { reset }
                <p class="help">{ &p.help }</p>
            </div>
        };
    }
    let unit = shown_in(p, sys);
    let factor = unit.map_or(1.0, |u| u.factor);
    let (lo, hi) = (p.min / factor, p.max / factor);
    let shown = value / factor;
    // The slider moves on the definition's own grid (its unit and step), so every stop is
    // an exact design value whichever units are shown; the number field shows the units.
    let own = p.factor();
    let on_slide = {
        let n = name.clone();
        link.callback(move |e: InputEvent| {
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let v = gvcs_def::number::parse(&v).unwrap_or(f64::NAN);
            if v.is_finite() { Msg::SetParam(n.clone(), v * own) } else { Msg::Notice("That slider value could not be read.".into()) }
        })
    };
    let on_type = {
        let n = name.clone();
        let label = p.label.clone();
        let unit_name = unit.map(|u| pretty_unit(u.name)).unwrap_or_default();
        link.callback(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let text = input.value();
            match gvcs_def::number::parse(text.trim()) {
                Some(v) if v.is_finite() && v >= lo - 1e-9 && v <= hi + 1e-9 => Msg::SetParam(n.clone(), v * factor),
                Some(v) if v.is_finite() => {
                    // Out of range: take the nearest allowed value and say so.
                    let kept = v.clamp(lo, hi);
                    input.set_value(&plain(kept));
                    Msg::Clamped(
                        n.clone(),
                        kept * factor,
                        format!(
                            "{label}: {} {unit_name} is outside {} to {} {unit_name}; set to {} {unit_name}.",
                            plain(v),
                            plain(lo),
                            plain(hi),
                            plain(kept)
                        ),
                    )
                }
                _ => {
                    // Not a number (the browser gives an empty value): show the value in force again.
                    input.set_value(&format_plain(shown, 4));
                    Msg::Notice(format!("{label}: please enter a number of {unit_name}."))
                }
            }
        })
    };
    let unit_label = unit.map(|u| pretty_unit(u.name)).unwrap_or_default();
    html! {
        <div class={if set.is_some() { "param changed" } else { "param" }} data-param={p.name.clone()}>
            <div class="param-label">
                <label for={id.clone()} title={p.help.clone()}>{ &p.label }</label>
                { reset }
            </div>
            <div class="param-input">
                <input type="range" id={id.clone()} min={plain(p.min / own)} max={plain(p.max / own)} step={plain(p.step / own)} value={plain(value / own)}
                    aria-valuetext={format!("{} {}", format_number(shown, 4), unit_label)} oninput={on_slide} />
                <input type="number" class="num" id={format!("{id}-value")} aria-label={format!("{} value", p.label)} min={plain(lo)} max={plain(hi)} step="any"
                    value={format_plain(shown, 4)} onchange={on_type} />
                <span class="unit">{ unit_label }</span>
            </div>
            <p class="help">{ &p.help }</p>
        </div>
    }
}
