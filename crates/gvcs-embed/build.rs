//! Embeds what the 3D view reads (the definitions, stock, components, products and the GVCS
//! index; not the prices or labour rates, which only the bill of materials needs), loaded and
//! checked here at build time and packed as postcard bytes in one LZMA stream
//! (`gvcs-datapack`), so the element neither parses nor checks data. The prose the view never
//! shows (sources' titles and addresses, assumptions, notes, summaries, design bases) becomes
//! `"·"` first. The tests check that every machine gives the same instance as from the full
//! files.

use std::path::Path;

/// What `gvcs_def::Library::load` reads.
const TABLES: [&str; 4] = ["gvcs.toml", "stock.toml", "components.toml", "products.toml"];
const FOLDERS: [&str; 2] = ["machines/", "assemblies/"];

/// Keys whose text is provenance or description, never shown by the view. (Labels, help,
/// names and check messages stay.)
const PROSE: [&str; 10] =
    ["assumption", "mass_assumption", "fit_assumption", "about", "title", "url", "note", "summary", "design_basis", "spec"];

fn main() {
    use gvcs_datapack::pack;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").canonicalize().expect("assets folder");
    let keep = |rel: &str| TABLES.contains(&rel) || FOLDERS.iter().any(|d| rel.starts_with(d));
    let files = pack::read(&pack::collect(&root, keep), |text| pack::without_prose(text, &PROSE));
    let library = match gvcs_def::Library::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        Ok(library) => library,
        Err(errors) => panic!("the data in assets/ has {} problems:\n{errors}", errors.0.len()),
    };
    let bytes = gvcs_def::packed::to_bytes(&library).expect("the checked library serialises");
    pack::write_code(&pack::write_bytes(
        "library",
        &bytes,
        "The checked definitions and tables the view reads, as postcard bytes",
        pack::Form::Lzma,
    ));
}
