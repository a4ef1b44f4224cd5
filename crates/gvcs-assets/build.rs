//! Embeds the data under the workspace's `assets/` folder (every `.toml` file, so adding a
//! machine definition needs no code change) in two forms, written by `gvcs-datapack`:
//!
//! - `DATA`: the files loaded and checked here, at build time, as postcard bytes, stored as
//!   they are (the app's wasm ships xz-compressed whole, see `pack::Form`). This is what
//!   `load` gives, so no front reads or checks the default data again; a mistake in a file
//!   fails the build with every problem and its file:line:col.
//! - `PACKED`/`INDEX`: the files' text as one LZMA stream, comment lines blanked and every
//!   line kept, for the tests and for anyone who wants the files as written (`files`). A front that never asks
//!   for them does not carry them (the linker drops unused data).

use std::path::Path;

/// Files another crate reads and embeds itself, so the app's download does not carry them:
/// `village.toml` belongs to the village planner.
const OTHER_READERS: &[&str] = &["village.toml"];

fn main() {
    use gvcs_datapack::pack;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").canonicalize().expect("assets folder");
    let files = pack::read(&pack::collect(&root, |rel| !OTHER_READERS.contains(&rel)), pack::blank_comment_lines);
    let data = match gvcs_bom::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        Ok(data) => data,
        Err(errors) => {
            for e in &errors.0 {
                println!("cargo::warning=assets/{e}");
            }
            panic!("the data in assets/ has {} problems:\n{errors}", errors.0.len());
        }
    };
    let bytes = gvcs_def::packed::to_bytes(&data).expect("the checked data serialises");
    pack::write_code(
        &(pack::write_bytes("data", &bytes, "The checked default data, as postcard bytes", pack::Form::AsIs) + &pack::texts(&files)),
    );
}
