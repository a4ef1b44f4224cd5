//! The single-file build: one HTML file with the CSS, the JS glue, the xz decoder and the
//! xz-compressed wasm (base64) inlined, which runs opened straight from the file system with
//! no network at all.
//! (Module scripts cannot be loaded from `file://`, so nothing may be a separate file.)

use crate::Result;
use base64::Engine;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "gvcs-standalone.html";

/// The one file in `dist` whose name `pred` accepts (the last by name if several).
pub fn find(dist: &Path, pred: impl Fn(&str) -> bool) -> Result<PathBuf> {
    let mut hits: Vec<PathBuf> = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&pred))
        .collect();
    hits.sort();
    hits.pop().ok_or_else(|| format!("trunk's output in {} is missing a file", dist.display()))
}

/// The wasm-bindgen glue script trunk wrote.
pub fn glue(dist: &Path) -> Result<PathBuf> {
    find(dist, |n| n.starts_with("gvcs-web") && n.ends_with(".js"))
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// Writes `dist/gvcs-standalone.html` from trunk's output in `dist`.
pub fn write(dist: &Path) -> Result<PathBuf> {
    let wasm_path = find(dist, |n| n.ends_with("_bg.wasm.xz"))?;
    let js_path = glue(dist)?;
    let css_path = find(dist, |n| n.ends_with(".css"))?;
    let icon_path = find(dist, |n| n.ends_with(".svg"))?;
    let wasm = std::fs::read(&wasm_path).map_err(|e| e.to_string())?;
    let b64 = base64::engine::general_purpose::STANDARD;
    // The glue is an ES module; inlined, nothing imports it, so its exports are dropped.
    let glue: String = read(&js_path)?
        .lines()
        .filter(|l| !l.trim_start().starts_with("export {"))
        .map(|l| l.strip_prefix("export ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    if !glue.contains("__wbg_init") {
        return Err("the wasm-bindgen glue has no __wbg_init; has its format changed?".into());
    }
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GVCS calculator</title>
<link rel="icon" href="data:image/svg+xml;base64,{icon}">
<style>
{css}
</style>
</head>
<body>
<div id="app"><p class="loading">Loading the calculator…</p></div>
<noscript><p class="loading">The GVCS calculator runs in your browser and needs JavaScript and WebAssembly.</p></noscript>
<script>
setTimeout(function () {{
  var p = document.querySelector('#app > .loading');
  if (p) p.textContent = 'The calculator did not start. It needs a browser with WebAssembly and JavaScript modules (any current Chrome, Edge, Firefox or Safari).';
}}, 20000);
</script>
<script>{decoder}</script>
<script type="module">
{glue}
const xz = Uint8Array.from(atob("{wasm}"), (c) => c.charCodeAt(0));
await __wbg_init({{ module_or_path: {response} }});
</script>
</body>
</html>
"#,
        icon = b64.encode(read(&icon_path)?),
        css = read(&css_path)?.replace("</style", "<\\/style"),
        glue = glue.replace("</script", "<\\/script"),
        wasm = b64.encode(&wasm),
        decoder = crate::compress::decoder()?,
        response = crate::compress::response_js("new Blob([xz]).stream()"),
    );
    let out = dist.join(FILE_NAME);
    std::fs::write(&out, html).map_err(|e| e.to_string())?;
    Ok(out)
}
