//! The project's default data, embedded at build time from `assets/` and checked there (see
//! the build script), and the loader that checks a set of data files as a whole (a person's
//! own copy), re-exported from `gvcs-bom`.

pub use gvcs_bom::data::{Data, load_from};
use gvcs_def::Errors;
use gvcs_def::error::FileText;

mod packed {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

/// Every embedded data file as (path under `assets/`, text without its comment lines),
/// unpacked on first use.
pub fn files() -> Result<&'static [(&'static str, &'static str)], String> {
    static FILES: std::sync::OnceLock<Result<Vec<(&str, &str)>, String>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| gvcs_datapack::unpack(packed::PACKED, packed::INDEX)).as_deref().map_err(Clone::clone)
}

/// The embedded default data, checked when it was built. A failure here is a build that
/// should not have shipped; callers still get the errors rather than a panic.
pub fn load() -> Result<Data, Errors> {
    gvcs_def::packed::from_bytes(packed::DATA)
        .map_err(|e| Errors(vec![FileText::new("assets", "").error(format!("the embedded data could not be read: {e}"))]))
}
