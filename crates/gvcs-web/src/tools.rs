//! The section plane and the measure tool over the 3D view: their state, what the canvas is
//! told, and their controls (in the view's toolbar). The drawing and the picking are the
//! viewer's (`gvcs_viewer::tools`).

use crate::view3d::{Msg as ViewMsg, View3d};
use glam::DVec3;
use gvcs_bom::report::fmt;
use gvcs_def::System;
use gvcs_geom::Bounds;
use gvcs_viewer::canvas::CanvasView;
use gvcs_viewer::tools::Cut;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::html::Scope;
use yew::prelude::*;

/// Places on the section slider across the model.
const STEPS: f64 = 200.0;
const AXES: [&str; 3] = ["x", "y", "z"];

pub enum Msg {
    /// The axis the plane is across, or no plane.
    Axis(Option<usize>),
    /// Where along it, as a share of the model's extent.
    At(f64),
    Flip,
    /// Measuring on or off.
    Measure,
    /// A point picked while measuring (`None`: empty space).
    Point(Option<DVec3>),
    Clear,
}

#[derive(Default)]
pub struct Tools {
    axis: Option<usize>,
    at: f64,
    flip: bool,
    measuring: bool,
    points: Vec<DVec3>,
}

impl Tools {
    pub fn new() -> Tools {
        Tools { at: 0.5, ..Default::default() }
    }

    pub fn measuring(&self) -> bool {
        self.measuring
    }

    fn cut(&self) -> Option<Cut> {
        self.axis.map(|axis| Cut { axis, at: self.at, flip: self.flip })
    }

    /// Applies a change and tells the canvas; `true` if the controls show something new.
    pub fn update(&mut self, msg: Msg, view: Option<&CanvasView>, link: &Scope<View3d>) -> bool {
        match msg {
            Msg::Axis(a) => self.axis = a,
            Msg::At(at) => self.at = at,
            Msg::Flip => self.flip = !self.flip,
            Msg::Measure => {
                self.measuring = !self.measuring;
                let link = link.clone();
                let on_point: Rc<dyn Fn(Option<DVec3>)> = Rc::new(move |p| link.send_message(ViewMsg::Tool(Msg::Point(p))));
                if let Some(v) = view {
                    v.measure(self.measuring.then_some(on_point));
                }
                return true;
            }
            Msg::Point(None) => return false,
            Msg::Point(Some(p)) => {
                // A third point starts a new measurement.
                if self.points.len() == 2 {
                    self.points.clear();
                }
                self.points.push(p);
                return self.mark(view);
            }
            Msg::Clear => {
                self.points.clear();
                return self.mark(view);
            }
        }
        if let Some(v) = view {
            v.set_cut(self.cut());
        }
        true
    }

    fn mark(&self, view: Option<&CanvasView>) -> bool {
        if let Some(v) = view {
            v.set_marks(self.points.clone());
        }
        true
    }

    /// Forgets the measured points: the model they were on changed. `true` if there were some.
    pub fn model_changed(&mut self, view: Option<&CanvasView>) -> bool {
        !self.points.is_empty() && {
            self.points.clear();
            self.mark(view)
        }
    }

    /// Puts the tools on a newly started canvas.
    pub fn attach(&mut self, view: &CanvasView) {
        view.set_cut(self.cut());
        self.measuring = false;
    }

    /// The controls: section axis, position and side; measure, the distance and clear.
    pub fn view(&self, bounds: &Bounds, sys: System, link: &Scope<View3d>) -> Html {
        let tool = |m: Msg| ViewMsg::Tool(m);
        let axis = link.callback(move |e: Event| {
            let k = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
            tool(Msg::Axis((1..=3).contains(&k).then(|| k as usize - 1)))
        });
        let section = self.axis.map(|a| {
            // Shown from the model's edge: its coordinates' origin means nothing to a reader.
            let depth = self.at * (bounds.max[a] - bounds.min[a]);
            let place = format!("{} {}", AXES[a], fmt::len(depth, sys));
            let at = link.callback(move |e: InputEvent| {
                tool(Msg::At(e.target_unchecked_into::<HtmlInputElement>().value_as_number().clamp(0.0, STEPS) / STEPS))
            });
            html! {
                <>
                <input type="range" id="section-at" min="0" max={STEPS.to_string()} step="1" value={(self.at * STEPS).round().to_string()}
                    aria-label="Section plane position from the model's edge" aria-valuetext={place.clone()} oninput={at} />
                <output id="section-place" for="section-at" title="From the model's edge" data-at={(bounds.min[a] + depth).to_string()}>{ place }</output>
                <button id="section-flip" aria-pressed={self.flip.to_string()} onclick={link.callback(move |_| tool(Msg::Flip))}
                    title="Show the other side of the cut">{ "Flip" }</button>
                </>
            }
        });
        let readout = (self.measuring || !self.points.is_empty()).then(|| {
            let (text, at) = match self.points[..] {
                [] => ("Click or tap a point on the model".to_string(), String::new()),
                [_] => ("Now a second point".to_string(), String::new()),
                [a, b, ..] => (
                    format!("Distance {}", fmt::len(a.distance(b), sys)),
                    // For the browser tests: the points in mm.
                    [a, b].map(|p| format!("{:.1} {:.1} {:.1}", p.x, p.y, p.z)).join(";"),
                ),
            };
            html! {
                <>
                <span id="measure-out" class="measure-out" role="status" data-points={at}>{ text }</span>
                { if self.points.is_empty() { Html::default() } else { html! {
                    <button id="measure-clear" onclick={link.callback(move |_| tool(Msg::Clear))} title="Take the points away">{ "Clear" }</button>
                } } }
                </>
            }
        });
        html! {
            <div class="cut-tools" role="group" aria-label="Section and measure">
                <select id="section-axis" aria-label="Section plane" title="Cut the model open across x, y or z"
                    class={self.axis.is_some().then_some("on")} onchange={axis}>
                    <option selected={self.axis.is_none()}>{ "No section" }</option>
                    { for AXES.iter().enumerate().map(|(k, a)| html! {
                        <option selected={self.axis == Some(k)}>{ format!("Section {a}") }</option>
                    }) }
                </select>
                { section.unwrap_or_default() }
                <button id="measure" class={self.measuring.then_some("on")} aria-pressed={self.measuring.to_string()}
                    onclick={link.callback(move |_| tool(Msg::Measure))} title="Measure between two points of the model">{ "Measure" }</button>
                { readout.unwrap_or_default() }
            </div>
        }
    }
}
