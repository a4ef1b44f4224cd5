//! Embedded data written by build scripts: the checked data's bytes (`gvcs_def::packed`), and
//! the data files' text with an index of where each file lies in it, for the tests.
//!
//! Why LZMA: the download is what a person waits for, and gzip (what static hosts send) sees
//! only 32 kB back, so it cannot use what one machine's data shares with the next. LZMA with a
//! dictionary as large as all of it does. The app's wasm ships xz-compressed whole, so its
//! data goes in as it is ([`pack::Form::AsIs`]); the embeddable viewer's package is LZMA
//! inside ([`pack::Form::Lzma`]).
//!
//! A build script (feature `pack`) writes the bytes with [`pack::write_bytes`] and
//! [`pack::texts`] and the code that names them with [`pack::write_code`]; the crate then
//! `include!`s that `files.rs` and, for LZMA, calls [`unpack_bytes`] or [`unpack`] once.

#[cfg(feature = "pack")]
pub mod pack;

/// Where one file's text lies in the unpacked stream: (path under `assets/`, start, end) in
/// bytes.
pub type Entry = (&'static str, u32, u32);

/// Unpacks one LZMA stream written by [`pack::write_bytes`].
pub fn unpack_bytes(packed: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut out = Vec::new();
    lzma_rust2::LzmaReader::new_mem_limit(packed, u32::MAX, None)
        .and_then(|mut r| r.read_to_end(&mut out))
        .map_err(|e| format!("the embedded data could not be unpacked: {e}"))?;
    Ok(out)
}

/// Unpacks the stream once and returns every file as (path, text). The text is kept for the
/// life of the program: the loaded data borrows from it and it is read once at start.
pub fn unpack(packed: &[u8], index: &[Entry]) -> Result<Vec<(&'static str, &'static str)>, String> {
    let text = String::from_utf8(unpack_bytes(packed)?).map_err(|_| "the embedded data is not UTF-8 text".to_string())?;
    let text: &'static str = Box::leak(text.into_boxed_str());
    index
        .iter()
        .map(|&(name, start, end)| {
            text.get(start as usize..end as usize).map(|t| (name, t)).ok_or_else(|| format!("the embedded data has no text for {name}"))
        })
        .collect()
}
