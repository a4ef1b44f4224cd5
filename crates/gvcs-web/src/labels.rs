//! Part names over the 3D view, each joined to its part by a leader line. Which parts: one
//! label per distinct part name, the largest parts first (by the diagonal of the box around all
//! their copies), at most [`MAX`] (6 on a phone), and only parts on the machine at the assembly step shown;
//! the columns of `gvcs_viewer::labels` then keep as many as fit without overlapping.

use gvcs_app::Computed;
use gvcs_viewer::labels::{Frame, Placed, Want, layout};
use gvcs_viewer::{DVec3, Stage};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Labels at most (half on a view narrower than 700 px): more would hide the machine.
pub const MAX: usize = 12;

/// A part that may be labelled: its name, a point on it (the centre of its first copy) and
/// its index in the instance.
pub struct Mark {
    name: String,
    at: DVec3,
    part: usize,
}

/// Every part name with the point to label it by, most important first (the step shown picks
/// from these).
pub fn marks(c: &Computed) -> Vec<Mark> {
    let mut all: Vec<(f64, Mark)> = Vec::new();
    for pm in &c.meshes {
        let Some(p) = c.instance.parts.get(pm.part) else { continue };
        let size = pm.mesh.bounds().size().length();
        // Copies follow each other in the mesh: the first copy's vertices come first.
        let first = &pm.mesh.positions[..pm.mesh.positions.len() / p.count().max(1)];
        let (lo, hi) = first.iter().fold((DVec3::MAX, DVec3::MIN), |(lo, hi), q| {
            let q = DVec3::new(q[0] as f64, q[1] as f64, q[2] as f64);
            (lo.min(q), hi.max(q))
        });
        let mark = Mark { name: p.name.clone(), at: (lo + hi) / 2.0, part: pm.part };
        match all.iter_mut().find(|(_, m)| m.name == p.name) {
            Some(e) if e.0 < size => *e = (size, mark),
            Some(_) => {}
            None => all.push((size, mark)),
        }
    }
    // Largest first (by insertion: a few dozen names, and no sort code in the download).
    let mut out: Vec<(f64, Mark)> = Vec::new();
    for e in all {
        let k = out.iter().position(|o| o.0 < e.0).unwrap_or(out.len());
        out.insert(k, e);
    }
    out.into_iter().map(|(_, m)| m).collect()
}

/// A label placed over the view: its name, its box and the point on its part.
#[derive(Clone, PartialEq)]
pub struct Label {
    name: String,
    placed: Placed,
    at: (f64, f64),
}

/// The bottom edge, in the view's coordinates, of the element `id` (the step control and the
/// presentation bar sit over the top of the view; labels go below them).
fn bottom_of(id: &str) -> f64 {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(0.0, |e| (e.offset_top() + e.offset_height()) as f64)
}

fn top_of(id: &str, otherwise: f64) -> f64 {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(otherwise, |e| e.offset_top() as f64)
}

/// Places labels for the parts shown, seen through the view's camera on a `size` canvas;
/// `big` in presentation mode.
pub fn place(
    marks: &[Mark],
    stage: &Stage,
    project: impl Fn(&[DVec3]) -> Vec<Option<(f64, f64)>>,
    size: (f64, f64),
    big: bool,
) -> Vec<Label> {
    let (w, h) = size;
    // A phone: fewer labels, and the normal size even in presentation mode (as the stylesheet).
    let narrow = w < 700.0;
    let big = big && !narrow;
    let max = if narrow { MAX / 2 } else { MAX };
    let shown: Vec<&Mark> = marks.iter().filter(|m| stage.shown(m.part)).collect();
    let points: Vec<DVec3> = shown.iter().map(|m| m.at).collect();
    let (font, label_height) = if big { (24.0, 44.0) } else { (15.0, 28.0) };
    let mut wants = Vec::new();
    let mut named = Vec::new();
    for (m, p) in shown.iter().zip(project(&points)) {
        if wants.len() == max {
            break;
        }
        if let Some((x, y)) = p.filter(|&(x, y)| x >= 0.0 && y >= 0.0 && x <= w && y <= h) {
            // A generous width per character of the label's font, plus its padding.
            wants.push(Want { width: m.name.chars().count() as f64 * font * 0.63 + font * 1.3, x, y });
            named.push((m.name.clone(), (x, y)));
        }
    }
    let gap = 8.0;
    let frame = Frame {
        width: w,
        height: h,
        top: bottom_of("steps").max(bottom_of("present-bar")) + gap,
        bottom: top_of("view-tools", h) - gap,
        margin: gap,
        label_height,
        gap: if big { 10.0 } else { 6.0 },
    };
    layout(&wants, &frame)
        .into_iter()
        .map(|placed| Label { name: named[placed.want].0.clone(), placed, at: named[placed.want].1 })
        .collect()
}

/// The labels as HTML boxes over an SVG of their leader lines.
pub fn view(labels: &[Label], size: (f64, f64)) -> Html {
    let n = |v: f64| format!("{v:.1}");
    html! {
        <div class="labels" id="labels">
            <svg class="leaders" aria-hidden="true" width={n(size.0)} height={n(size.1)}>
                { for labels.iter().map(|l| html! {
                    <g>
                        <line x1={n(l.placed.end.0)} y1={n(l.placed.end.1)} x2={n(l.at.0)} y2={n(l.at.1)} />
                        <circle cx={n(l.at.0)} cy={n(l.at.1)} r="4" />
                    </g>
                }) }
            </svg>
            <ul aria-label="Part labels">
                { for labels.iter().map(|l| {
                    let p = &l.placed;
                    html! { <li class="label" title={l.name.clone()} style={format!("left:{:.1}px;top:{:.1}px;width:{:.1}px", p.left, p.top, p.width)}>{ &l.name }</li> }
                }) }
            </ul>
        </div>
    }
}
