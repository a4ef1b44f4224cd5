//! Embeds every `.toml` file under the workspace's `assets/` folder, so adding a machine
//! definition needs no code change, as one LZMA stream (`gvcs-datapack`). Comment lines are
//! blanked in the embedded copy (they are for people editing the files, and a tenth of the
//! download); every line keeps its number, so errors still name the line and column of the
//! file in `assets/`.

use std::path::Path;

/// Files another crate reads and embeds itself, so the app's download does not carry them:
/// `village.toml` belongs to the village planner.
const OTHER_READERS: &[&str] = &["village.toml"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").canonicalize().expect("assets folder");
    let files = gvcs_datapack::pack::collect(&root, |rel| !OTHER_READERS.contains(&rel));
    gvcs_datapack::pack::write(&files, gvcs_datapack::pack::blank_comment_lines);
}
