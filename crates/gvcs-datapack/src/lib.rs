//! The data files a front embeds, as one LZMA stream and an index of where each file's text
//! lies in the unpacked stream.
//!
//! Why: the download is what a person waits for, and gzip (what static hosts send) sees only
//! 32 kB back, so it cannot use what one machine's file shares with the next. LZMA with a
//! dictionary as large as all the files carries the same text in about four fifths of the
//! bytes, and the decoder is small. The files stay text, so a located error in the embedded
//! data still names the file, line and column as in `assets/`.
//!
//! A build script calls [`pack::write`] (feature `pack`); the crate then
//! `include!`s the generated `files.rs`, which defines `PACKED` and `INDEX`, and calls
//! [`unpack`] once.

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
