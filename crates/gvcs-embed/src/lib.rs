//! The embeddable viewer: a `<gvcs-viewer machine="ceb-press" params="bore=5.5">` element and a
//! small JS API (`render(canvas, {machine, params})`, `setParams`, a `part-picked` event) for
//! any page, over `gvcs-app` (state, share links, `compute`) and the viewer's `CanvasView`,
//! without yew. The element itself is defined by the package's small `gvcs-viewer.js`, which
//! calls into `mount` here; all the logic is in Rust.

pub mod options;

#[cfg(target_arch = "wasm32")]
mod embed;
