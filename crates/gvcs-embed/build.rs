//! Embeds the data files the 3D view reads (the definitions, stock, components, products and
//! the GVCS index; not the prices or labour rates, which only the bill of materials needs),
//! made smaller for the download: whole-line comments are blanked and the prose the view never
//! shows (sources' titles and addresses, assumptions, notes, summaries, design bases) becomes
//! `"·"`. They are embedded as text, not packed: at this size the LZMA decoder would cost
//! more than it saves (see `gvcs_datapack::pack::write_plain`). Lines keep their numbers, so
//! located errors still point into the files as written. The tests check that every machine
//! gives the same instance as from the full files.

use std::path::Path;

/// What `gvcs_def::Library::load` reads.
const TABLES: [&str; 4] = ["gvcs.toml", "stock.toml", "components.toml", "products.toml"];
const FOLDERS: [&str; 2] = ["machines/", "assemblies/"];

/// Keys whose text is provenance or description, never shown by the view. (Labels, help,
/// names and check messages stay.)
const PROSE: [&str; 10] =
    ["assumption", "mass_assumption", "fit_assumption", "about", "title", "url", "note", "summary", "design_basis", "spec"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").canonicalize().expect("assets folder");
    let files = gvcs_datapack::pack::collect(&root, |rel| TABLES.contains(&rel) || FOLDERS.iter().any(|d| rel.starts_with(d)));
    gvcs_datapack::pack::write_plain(&files, |text| gvcs_datapack::pack::without_prose(text, &PROSE));
}
