//! Embeds every `.toml` file under the workspace's `assets/` folder, so adding a machine
//! definition needs no code change. Comment lines are blanked in the embedded copy (they are
//! for people editing the files, and a tenth of the download); every line keeps its number,
//! so errors still name the line and column of the file in `assets/`.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets").canonicalize().expect("assets folder");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut out = String::from(
        "/// Every data file: (path under `assets/`, text without its comment lines).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (i, (rel, abs)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", abs.display());
        let text = std::fs::read_to_string(abs).expect("read a data file");
        let copy = out_dir.join(format!("data-{i}.toml"));
        std::fs::write(&copy, blank_comment_lines(&text)).expect("write the embedded copy");
        out.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", copy.display().to_string()));
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("files.rs"), out).expect("write files.rs");
}

/// The text with every line that is only a comment made empty; lines inside multi-line
/// strings are kept whole.
fn blank_comment_lines(text: &str) -> String {
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

/// Files another crate reads and embeds itself, so the app's download does not carry them:
/// `village.toml` belongs to the village planner.
const OTHER_READERS: &[&str] = &["village.toml"];

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read assets").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            if !OTHER_READERS.contains(&rel.as_str()) {
                out.push((rel, p));
            }
        }
    }
}
