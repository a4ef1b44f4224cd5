//! Build-script side: collect the data files, make them smaller for the download, and write
//! the LZMA stream and the index the crate that embeds them `include!`s.

use lzma_rust2::{LzmaOptions, LzmaWriter};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Every `.toml` file under `root` (sorted, with paths relative to it, `/`-separated) for
/// which `keep` says yes. Tells cargo to rerun when any of them or their folders change.
pub fn collect(root: &Path, keep: impl Fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    walk(root, root, &keep, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, keep: &impl Fn(&str) -> bool, out: &mut Vec<(String, PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("read the assets folder").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, keep, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            let rel = p.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
            if keep(&rel) {
                println!("cargo:rerun-if-changed={}", p.display());
                out.push((rel, p));
            }
        }
    }
}

/// Each file's path and its text after `shape`.
pub fn read(files: &[(String, PathBuf)], shape: impl Fn(&str) -> String) -> Vec<(String, String)> {
    files.iter().map(|(rel, abs)| (rel.clone(), shape(&std::fs::read_to_string(abs).expect("read a data file")))).collect()
}

/// Packs the texts as one LZMA stream (`packed.bin` in `OUT_DIR`) and returns Rust code
/// defining `PACKED: &[u8]` and `INDEX: &[gvcs_datapack::Entry]`, for [`crate::unpack`].
pub fn texts(files: &[(String, String)]) -> String {
    let mut all = String::new();
    let mut index = String::from("/// Where each file lies in the unpacked stream.\npub static INDEX: &[gvcs_datapack::Entry] = &[\n");
    for (rel, text) in files {
        let start = all.len();
        all.push_str(text);
        index.push_str(&format!("    ({rel:?}, {start}, {}),\n", all.len()));
    }
    index.push_str("];\n");
    write_bytes("packed", all.as_bytes(), "Every embedded data file's text, as one LZMA stream", Form::Lzma) + &index
}

/// Writes `code` as `files.rs` in `OUT_DIR`, for the crate to `include!`.
pub fn write_code(code: &str) {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set for build scripts"));
    std::fs::write(out_dir.join("files.rs"), code).expect("write files.rs");
}

/// LZMA at its strongest for `len` bytes: preset 9, the longest matches, and one dictionary
/// over everything (no larger, as the decoder allocates what the header asks for), so every
/// file can refer back to every earlier one.
pub fn lzma_options(len: usize) -> LzmaOptions {
    let mut opts = LzmaOptions::with_preset(9);
    opts.dict_size = (len as u32).next_power_of_two().max(1 << 16);
    opts.nice_len = 273;
    // Four bits of the previous byte as literal context and no position bits (the preset
    // has three and two): measured on the app's wasm, 0.9 kB less; on the data, 0.2 kB less.
    // Code and text are byte streams with no 4-byte structure for position bits to use.
    (opts.lc, opts.lp, opts.pb) = (4, 0, 0);
    opts
}

/// `bytes` as one LZMA stream with [`lzma_options`].
pub fn lzma(bytes: &[u8]) -> Vec<u8> {
    let opts = lzma_options(bytes.len());
    let mut packed = Vec::new();
    let mut w = LzmaWriter::new_use_header(&mut packed, &opts, Some(bytes.len() as u64)).expect("LZMA options");
    w.write_all(bytes).expect("compress the data");
    w.finish().expect("finish the LZMA stream");
    packed
}

/// How embedded bytes travel in the binary.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One LZMA stream, for [`crate::unpack_bytes`]: for a binary shipped as it is (the
    /// embeddable viewer's package).
    Lzma,
    /// As they are: for the app, whose wasm ships xz-compressed whole. Its xz packs these
    /// bytes with the code 7.5 kB smaller than it carries an LZMA stream, and the wasm then
    /// has no LZMA decoder.
    AsIs,
}

/// Writes `<name>.bin` into `OUT_DIR` in `form` and returns Rust code defining
/// `static <NAME>: &[u8]` as those bytes.
pub fn write_bytes(name: &str, bytes: &[u8], doc: &str, form: Form) -> String {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set for build scripts"));
    let (written, how) = match form {
        Form::Lzma => {
            let packed = lzma(bytes);
            let how = format!("{} bytes, packed into {}", bytes.len(), packed.len());
            (packed, how)
        }
        Form::AsIs => (bytes.to_vec(), format!("{} bytes", bytes.len())),
    };
    let path = out_dir.join(format!("{name}.bin"));
    std::fs::write(&path, &written).expect("write an embedded file");
    format!("/// {doc} ({how}).\npub static {}: &[u8] = include_bytes!({:?});\n", name.to_uppercase(), path.display().to_string())
}

/// The text with every line that is only a comment made empty (lines inside multi-line
/// strings are kept whole), so every line keeps its number.
pub fn blank_comment_lines(text: &str) -> String {
    let mut in_string = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let comment = !in_string && line.trim_start().starts_with('#');
        if line.matches("\"\"\"").count() % 2 == 1 {
            in_string = !in_string;
        }
        if comment {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `key = "text"` or `key = """` at the start of a line: the key and where its string starts.
fn prose_key<'a>(line: &'a str, prose: &[&str]) -> Option<(&'a str, usize)> {
    let (key, rest) = line.split_once('=')?;
    let key = key.trim();
    let start = line.len() - rest.trim_start().len();
    (prose.contains(&key) && rest.trim_start().starts_with('"')).then_some((key, start))
}

/// The end (exclusive) of a basic string starting at `from` (just after its opening quote).
fn string_end(line: &str, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (k, c) in line[from..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(from + k + 1),
            _ => {}
        }
    }
    None
}

/// Blanks comment lines and shortens the strings of the keys `prose` to `"·"` (outside
/// multi-line strings), for a front that never shows them; keeps every line.
pub fn without_prose(text: &str, prose: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    // Inside a multi-line string: whether it is prose being dropped.
    let mut in_string: Option<bool> = None;
    for line in text.lines() {
        let odd = line.matches("\"\"\"").count() % 2 == 1;
        match in_string {
            Some(dropping) => {
                if odd {
                    in_string = None;
                }
                if !dropping {
                    out.push_str(line);
                }
            }
            None if line.trim_start().starts_with('#') => {}
            None => match prose_key(line, prose) {
                Some((_, start)) if line[start..].starts_with("\"\"\"") => {
                    let inner = &line[start + 3..];
                    if let Some(end) = inner.find("\"\"\"") {
                        out.push_str(&line[..start]);
                        out.push_str("\"·\"");
                        out.push_str(&inner[end + 3..]);
                    } else {
                        out.push_str(&line[..start]);
                        out.push_str("\"·\"");
                        in_string = Some(true);
                    }
                }
                Some((_, start)) => match string_end(line, start + 1) {
                    Some(end) => {
                        out.push_str(&line[..start]);
                        out.push_str("\"·\"");
                        out.push_str(&line[end..]);
                    }
                    None => out.push_str(line),
                },
                None => {
                    if odd {
                        in_string = Some(false);
                    }
                    out.push_str(line);
                }
            },
        }
        out.push('\n');
    }
    out
}
