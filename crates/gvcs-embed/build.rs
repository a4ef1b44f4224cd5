//! Embeds the data files the 3D view reads (the definitions, stock, components, products and
//! the GVCS index; not the prices or labour rates, which only the bill of materials needs),
//! made smaller for the download: whole-line comments are blanked and the prose the view never
//! shows (sources' titles and addresses, assumptions, notes, summaries, design bases) becomes
//! `"·"`. Lines keep their numbers, so located errors still point into the files as written.
//! The tests check that every machine gives the same instance as from the full files.

use std::path::{Path, PathBuf};

/// What `gvcs_def::Library::load` reads.
const TABLES: [&str; 4] = ["gvcs.toml", "stock.toml", "components.toml", "products.toml"];
const FOLDERS: [&str; 2] = ["machines", "assemblies"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").canonicalize().expect("assets folder");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<(String, PathBuf)> = TABLES.iter().map(|t| (t.to_string(), root.join(t))).collect();
    for dir in FOLDERS {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
        let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join(dir)).expect("read assets").flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries.into_iter().filter(|p| p.extension().is_some_and(|x| x == "toml")) {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            files.push((format!("{dir}/{name}"), p));
        }
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut out = String::from(
        "/// The data files the view reads: (path under `assets/`, text without comment lines).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (k, (rel, abs)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", abs.display());
        let text = std::fs::read_to_string(abs).expect("read a data file");
        let dest = out_dir.join(format!("data-{k}.toml"));
        std::fs::write(&dest, compact(&text)).expect("write data");
        out.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", dest.display().to_string()));
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("files.rs"), out).expect("write files.rs");
}

/// Keys whose text is provenance or description, never shown by the view. (Labels, help,
/// names and check messages stay.)
const PROSE: [&str; 10] =
    ["assumption", "mass_assumption", "fit_assumption", "about", "title", "url", "note", "summary", "design_basis", "spec"];

/// `key = "text"` or `key = """` at the start of a line: the key and where its string starts.
fn prose_key(line: &str) -> Option<(&str, usize)> {
    let (key, rest) = line.split_once('=')?;
    let key = key.trim();
    let start = line.len() - rest.trim_start().len();
    (PROSE.contains(&key) && rest.trim_start().starts_with('"')).then_some((key, start))
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

/// Blanks comment lines and shortens prose, outside multi-line strings; keeps every line.
fn compact(text: &str) -> String {
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
            None => match prose_key(line) {
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
