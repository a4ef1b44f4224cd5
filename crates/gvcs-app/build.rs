//! Embeds the planner's `village.toml`, read and checked here at build time against the
//! default data and stored as postcard bytes (`gvcs-datapack`), so the browser carries neither
//! the TOML reader nor the checks for it (as `gvcs-assets` does for the rest of the data).
//! A mistake in the file fails the build with every problem and its file:line:col.

use std::path::Path;

fn main() {
    use gvcs_datapack::pack;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/village.toml");
    println!("cargo:rerun-if-changed={}", path.display());
    // As written: the bytes are values and line lengths, so comments cost nothing, and the
    // offsets stay those `gvcs_village::load` gives.
    let text = std::fs::read_to_string(&path).expect("read assets/village.toml");
    let data = gvcs_assets::load().unwrap_or_else(|e| panic!("the default data does not load: {e}"));
    let village = gvcs_village::load_from([("village.toml", text.as_str())], &data)
        .unwrap_or_else(|e| panic!("assets/village.toml has problems:\n{}", gvcs_def::Errors(e)));
    let bytes = gvcs_def::packed::to_bytes(&village).expect("the village data serialises");
    pack::write_code(&pack::write_bytes("village", &bytes, "The planner's checked village.toml, as postcard bytes", pack::Form::AsIs));
}
