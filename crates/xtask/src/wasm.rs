//! The app's wasm between trunk and xz: rewritten for a smaller download, each step a
//! transformation of the bytes (`imports`, `segments`, `order`), the whole read once,
//! validated once and written once.

mod imports;
mod order;
mod segments;

use crate::Result;
use std::path::Path;

/// The message for a wasm the parser cannot read.
fn unreadable(e: wasmparser::BinaryReaderError) -> String {
    format!("the wasm cannot be read: {e}")
}

/// Rewrites trunk's `*_bg.wasm` and its glue in `dist`, in place: short import names in both,
/// the data as one segment, the functions in the order of their bytes. The result must
/// validate, or the build fails rather than ship a module the browser would refuse.
pub fn rewrite(dist: &Path) -> Result<()> {
    let wasm_path = crate::standalone::find(dist, |n| n.ends_with("_bg.wasm"))?;
    let js_path = crate::standalone::glue(dist)?;
    let wasm = std::fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let js = std::fs::read_to_string(&js_path).map_err(|e| format!("{}: {e}", js_path.display()))?;
    let (wasm, js) = imports::shorten(&wasm, &js)?;
    let wasm = segments::join(&wasm)?.unwrap_or_else(|| {
        eprintln!("{}: data segments left as they are (one is not a plain active segment)", wasm_path.display());
        wasm
    });
    let wasm = order::sort(&wasm)?;
    wasmparser::Validator::new().validate_all(&wasm).map_err(|e| format!("the rewritten wasm does not validate: {e}"))?;
    std::fs::write(&wasm_path, wasm).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    std::fs::write(&js_path, js).map_err(|e| format!("{}: {e}", js_path.display()))
}
