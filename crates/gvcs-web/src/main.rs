//! The browser front: yew components over `gvcs-app` (state and calculation) and
//! `gvcs-viewer` (the 3D view). Everything runs in the page; nothing is fetched.

mod app;
mod catalog;
mod dom;
mod labels;
mod panels;
mod params;
mod planner;
mod present;
mod steps;
mod tools;
mod view3d;

/// Talc rather than Rust's default dlmalloc: smaller code in the download, and faster.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // A bug must never leave a blank page: show what happened and how to recover.
    std::panic::set_hook(Box::new(|info| dom::show_fatal(&info.to_string())));
    // Long or extreme numbers: the engine's parser, correctly rounded (see gvcs_def::number).
    gvcs_def::number::set_slow_path(js_sys::parse_float);
    let root = gloo::utils::document().get_element_by_id("app").unwrap_or_else(|| gloo::utils::body().into());
    yew::Renderer::<app::App>::with_root(root).render();
}
