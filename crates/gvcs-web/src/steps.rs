//! The assembly-step control over the 3D view: previous and next, a slider over the steps
//! whose last place is the whole machine, and the step's caption. Shown only for machines
//! whose definition has steps; the others always show all their parts.

use gvcs_def::Machine;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// `step` is 0-based, `None` for all parts; `on_step` hears the step chosen.
pub fn control(m: &Machine, step: Option<usize>, on_step: &Callback<Option<usize>>) -> Html {
    let n = m.steps.len();
    if n == 0 {
        return Html::default();
    }
    // Places on the slider: the steps, then the whole machine.
    let pos = step.map_or(n, |s| s.min(n - 1));
    let to = move |p: usize| (p < n).then_some(p);
    let caption = match step.and_then(|s| m.steps.get(s)) {
        Some(s) => format!("Step {} of {n}: {}", pos + 1, s.caption),
        None => format!("All parts ({n} assembly steps)"),
    };
    let go = |p: usize| on_step.reform(move |_: MouseEvent| to(p));
    let slide = on_step
        .reform(move |e: InputEvent| to(e.target_unchecked_into::<HtmlInputElement>().value().parse::<usize>().unwrap_or(n + 1) - 1));
    let (first, last) = (pos == 0, pos == n);
    html! {
        <div class="steps" role="group" aria-label="Assembly steps" id="steps">
            <div class="steps-row">
                <button id="step-prev" onclick={go(pos.saturating_sub(1))} aria-disabled={first.to_string()} title="Previous step">{ "‹ Back" }</button>
                <input type="range" id="step-range" min="1" max={(n + 1).to_string()} step="1" value={(pos + 1).to_string()}
                    aria-label="Assembly step" aria-valuetext={caption.clone()} oninput={slide} />
                <button id="step-next" onclick={go(pos + 1)} aria-disabled={last.to_string()} title="Next step">{ "Next ›" }</button>
                <button id="step-all" onclick={go(n)} aria-pressed={last.to_string()}>{ "All parts" }</button>
            </div>
            <p id="step-caption" aria-live="polite">
                { if last { Html::default() } else { html! { <span class="new-swatch" title="New parts are drawn in this colour" /> } } }
                { caption }
            </p>
        </div>
    }
}
