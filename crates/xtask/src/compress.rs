//! The app's wasm is shipped xz-compressed and decoded in the page as it arrives.
//!
//! Why: the wasm is nine tenths of the download, and xz takes it to 18 % less than gzip -9
//! (LZMA's window spans the whole file; gzip sees 32 kB back). A server's own gzip or brotli
//! cannot shrink the xz bytes further, so what the gate measures is what a person downloads.
//! The decoder is the npm package `xz-decompress` (xz-embedded compiled to wasm, pinned in
//! `setup.rs`); it decodes the 1.1 MB in about a tenth of a second and streams into
//! `WebAssembly.instantiateStreaming`. (A pure-JS LZMA decoder was a third its size but took
//! 1.4 s.)

use crate::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The decoder's script in the tools folder (`setup.rs` installs it).
fn decoder_path() -> PathBuf {
    crate::setup::npm_package_dir("xz-decompress").join("dist/package/xz-decompress.min.js")
}

/// The decoder as a classic script's text, safe to inline in HTML. It defines
/// `self["xz-decompress"].XzReadableStream`.
pub fn decoder() -> Result<String> {
    let p = decoder_path();
    let js = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e} (run `cargo xtask setup`)", p.display()))?;
    if !js.contains("XzReadableStream") {
        return Err(format!("{} has no XzReadableStream; has the package changed?", p.display()));
    }
    Ok(js.replace("</script", "<\\/script"))
}

/// `bytes` as one xz stream: LZMA2 with the options the embedded data is packed with
/// (`gvcs_datapack::pack::lzma_options`), checked by CRC32 (xz-embedded's default).
pub fn xz(bytes: &[u8]) -> Result<Vec<u8>> {
    use lzma_rust2::{CheckType, XzOptions, XzWriter};
    let mut opts = XzOptions::with_preset(9);
    opts.lzma_options = gvcs_datapack::pack::lzma_options(bytes.len());
    opts.set_check_sum_type(CheckType::Crc32);
    let mut w = XzWriter::new(Vec::new(), opts).map_err(|e| format!("xz options: {e}"))?;
    w.write_all(bytes).map_err(|e| format!("xz: {e}"))?;
    w.finish().map_err(|e| format!("xz: {e}"))
}

/// The start of the decoder's own wasm in its script, a data URL (base64).
const DATA_URL: &str = "data:application/wasm;base64,";

/// The decoder for the site, in two parts: its script without its wasm (the data URL left
/// empty), and that wasm's bytes, to be served as a file. As a file, gzipped, the wasm is
/// 5.5 kB; inlined as base64, 7.6 kB. The page instantiates it itself and hands the decoder
/// the instance through its `_moduleInstancePromise` (checked here, as the package is pinned).
fn decoder_split() -> Result<(String, Vec<u8>)> {
    use base64::Engine;
    let js = decoder()?;
    let start = js.find(DATA_URL).ok_or("the xz decoder has no inlined wasm; has the package changed?")? + DATA_URL.len();
    let len = js[start..].find(|c: char| !(c.is_ascii_alphanumeric() || "+/=".contains(c))).unwrap_or(js.len() - start);
    let wasm = base64::engine::general_purpose::STANDARD
        .decode(&js[start..start + len])
        .map_err(|e| format!("the xz decoder's inlined wasm: {e}"))?;
    if !wasm.starts_with(b"\0asm") || !js.contains("_moduleInstancePromise") || !js.contains("_moduleInstance=") {
        return Err("the xz decoder does not load its wasm as expected; has the package changed?".into());
    }
    Ok((format!("{}{}", &js[..start], &js[start + len..]), wasm))
}

/// A JS expression: a `Response` of the decoded wasm from `stream` (a `ReadableStream` of the
/// xz bytes), typed so that wasm-bindgen's loader compiles it while it streams.
pub fn response_js(stream: &str) -> String {
    format!("new Response(new self['xz-decompress'].XzReadableStream({stream}), {{ headers: {{ 'Content-Type': 'application/wasm' }} }})")
}

/// Replaces trunk's `*_bg.wasm` in `dist` by `*_bg.wasm.xz` and points `index.html` at it,
/// with the decoder's script inlined before trunk's loader and its wasm as a file beside it.
/// Returns the new file.
pub fn wasm(dist: &Path) -> Result<PathBuf> {
    let wasm_path = crate::standalone::find(dist, |n| n.ends_with("_bg.wasm"))?;
    let name = wasm_path.file_name().and_then(|n| n.to_str()).ok_or("the wasm's name is not UTF-8")?.to_string();
    let bytes = std::fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let packed = xz(&bytes)?;
    let out = dist.join(format!("{name}.xz"));
    std::fs::write(&out, &packed).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::remove_file(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;

    let (decoder, decoder_wasm) = decoder_split()?;
    let decoder_name = format!("xz-decoder-{}.wasm", crate::setup::XZ_DECOMPRESS);
    let decoder_path = dist.join(&decoder_name);
    std::fs::write(&decoder_path, &decoder_wasm).map_err(|e| format!("{}: {e}", decoder_path.display()))?;

    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let load = format!("module_or_path: './{name}'");
    let preload = format!("href=\"./{name}\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"");
    let module = "<script type=\"module\">";
    if !html.contains(&load) || !html.contains(&preload) || !html.contains(module) {
        return Err(format!("trunk's index.html does not load ./{name} as expected; has its loader changed?"));
    }
    // A message replaces "Loading…" at once when the code cannot be fetched, and on a page
    // opened from the file system, where the browser refuses module scripts and fetch.
    let loader = format!(
        r#"<link rel="preload" href="./{decoder_name}" crossorigin="anonymous" as="fetch">
<script>{decoder}</script>
<script>
function gvcsSay(text) {{
  var p = document.querySelector('#app > .loading');
  if (p) p.textContent = text;
}}
if (location.protocol === 'file:') addEventListener('DOMContentLoaded', function () {{
  gvcsSay('Opened from the file system, the calculator runs from gvcs-standalone.html, beside this file.');
}});
function gvcsWasm(url) {{
  var xz = self['xz-decompress'].XzReadableStream, decoder = './{decoder_name}';
  xz._moduleInstancePromise = fetch(decoder).then(function (r) {{
    if (!r.ok) throw new Error(decoder + ': HTTP ' + r.status);
    return r.arrayBuffer();
  }}).then(function (b) {{ return WebAssembly.instantiate(b, {{}}); }}).then(function (m) {{ xz._moduleInstance = m.instance; }});
  return Promise.all([fetch(url), xz._moduleInstancePromise]).then(function (a) {{
    var r = a[0];
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return {response};
  }}).catch(function (e) {{
    gvcsSay('The calculator could not load its code (' + e.message + ').');
    throw e;
  }});
}}
</script>
"#,
        response = response_js("r.body"),
    );
    let html = html
        .replacen(module, &format!("{loader}{module}"), 1)
        .replace(&load, &format!("module_or_path: gvcsWasm('./{name}.xz')"))
        .replace(&preload, &format!("href=\"./{name}.xz\" crossorigin=\"anonymous\" as=\"fetch\""));
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    eprintln!("compressed {name}: {} kB → {} kB (xz)", bytes.len() / 1024, packed.len() / 1024);
    Ok(out)
}
