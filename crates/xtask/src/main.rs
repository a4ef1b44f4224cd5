//! `cargo xtask <task>`: everything beyond `cargo build`, in Rust so it runs the same on
//! every machine.
//!
//! - `setup [--browser]`  install what is missing: wasm target, trunk, wasm-bindgen-cli,
//!   wasm-opt (npm binaryen); with --browser also Debian chromium + chromium-driver and the
//!   end-to-end test packages. Skips whatever is already present.
//! - `serve [--port N]`   build the app and serve it on http://127.0.0.1:N with reload.
//! - `dist`               build `dist/` (the site) and `dist/gvcs-standalone.html`.
//! - `size`               gzipped size of the app, checked against the budget.
//! - `embed`              the embeddable viewer's package in `dist-embed/` (wasm-pack), and
//!   its gzipped size checked against its budget.
//! - `test`               setup, native tests, export validation, dist, size budget, browser tests,
//!   the embeddable viewer's package, browser tests and size budget.
//! - `bench`              the regeneration benchmark and the size report.
//! - `catalog`            regenerate docs/catalog.md from `gvcs report --format markdown`.

mod compress;
mod embed;
mod projection;
mod setup;
mod standalone;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The whole app (wasm + JS + CSS + HTML), gzipped, may not exceed this gate, which stops
/// unnoticed growth. The wasm ships xz-compressed (`compress.rs`); the app with 16 machines
/// is 367 kB. The 500 kB target is for all 50 machines and checked beside it (see
/// ARCHITECTURE.md, "Size of the download").
const SIZE_BUDGET: u64 = 395 * 1024;
/// What the app with all 50 machines may weigh, projected from what each defined machine adds
/// (`projection.rs`); `size` fails above it.
const SIZE_TARGET: u64 = 500 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "setup" => setup::run(args.iter().any(|a| a == "--browser")),
        "serve" => serve(args.iter().position(|a| a == "--port").and_then(|i| args.get(i + 1)).map_or("8080", |s| s.as_str())),
        "dist" => dist().map(|_| ()),
        "size" => size_report().map(|_| ()),
        "embed" => build_embed().and_then(|out| embed::size(&out)).map(|_| ()),
        "test" => test(),
        "bench" => bench(),
        "catalog" => catalog(),
        _ => {
            eprintln!("usage: cargo xtask <setup [--browser] | serve [--port N] | dist | size | embed | test | bench | catalog>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T> = std::result::Result<T, String>;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Runs a command in the workspace root, failing with its name if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("» {shown}");
    let status = cmd.current_dir(root()).env("PATH", setup::path()).status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed ({status})")) }
}

fn serve(port: &str) -> Result<()> {
    setup::run(false)?;
    println!("Serving the GVCS calculator at http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    // Its own output folder, so a running server never writes into the dist/ a build made.
    run(Command::new("trunk").args(["serve", "--release", "--dist", "target/serve", "--address", "127.0.0.1", "--port", port]))
}

/// Builds the site and the single-file build; returns the dist folder.
fn dist() -> Result<PathBuf> {
    setup::run(false)?;
    let dist = root().join("dist");
    run(Command::new("trunk").args(["build", "--release"]))?;
    wasm::rewrite(&dist)?;
    compress::wasm(&dist)?;
    minify_css(&dist)?;
    let out = standalone::write(&dist)?;
    eprintln!("wrote {} ({} kB)", out.display(), std::fs::metadata(&out).map(|m| m.len() / 1024).unwrap_or(0));
    // After the single file, which reads the glue line by line: trunk's minifier fails on
    // wasm-bindgen's `export { … as default }`, terser does not (11.5 kB → 9.2 kB gzipped).
    let glue = standalone::glue(&dist)?;
    run(Command::new("terser").arg(&glue).args(["--module", "--compress", "--mangle", "-o"]).arg(&glue))?;
    size_report()?;
    Ok(dist)
}

/// Minifies the site's CSS in place with csso, its rules kept in order (no restructuring, so
/// the cascade stays as written): 5.7 → 5.0 kB gzipped.
fn minify_css(dist: &Path) -> Result<()> {
    let css = standalone::find(dist, |n| n.ends_with(".css"))?;
    let script = "const [file, csso] = process.argv.slice(1); const fs = require('fs'); \
                  fs.writeFileSync(file, require(csso).minify(fs.readFileSync(file, 'utf8'), { restructure: false }).css);";
    run(Command::new("node").args(["-e", script]).arg(&css).arg(setup::npm_package_dir("csso")))
}

/// Builds the embeddable viewer's package; returns its folder.
fn build_embed() -> Result<PathBuf> {
    setup::run(false)?;
    setup::wasm_pack()?;
    embed::build()
}

fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(bytes);
    e.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// Prints each file's size, raw and gzipped, and the gzipped total of those that `count`;
/// fails when that total is above `budget`. `what` names the whole in the messages.
pub fn check_sizes(what: &str, files: &[(String, Vec<u8>, bool)], budget: u64) -> Result<u64> {
    let mut total = 0;
    let mut lines = Vec::new();
    for (name, bytes, count) in files {
        let gz = gzip_len(bytes);
        if *count {
            total += gz;
        }
        lines.push(format!("  {name:<44} {:>9} B   gzip {:>8} B", bytes.len(), gz));
    }
    println!("{what}, gzip -9:\n{}\n  total gzipped: {:.1} kB (budget {} kB)", lines.join("\n"), total as f64 / 1024.0, budget / 1024);
    if total > budget {
        return Err(format!("{what} is {:.1} kB gzipped, over the {} kB budget", total as f64 / 1024.0, budget / 1024));
    }
    Ok(total)
}

/// Sizes of the site's files (the single-file build aside); fails above the budget.
fn size_report() -> Result<u64> {
    let dist = root().join("dist");
    let entries = std::fs::read_dir(&dist).map_err(|e| format!("no dist/ ({e}); run `cargo xtask dist`"))?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name != standalone::FILE_NAME {
            files.push((name, std::fs::read(&p).map_err(|e| e.to_string())?, true));
        }
    }
    let total = check_sizes("the app (dist/)", &files, SIZE_BUDGET)?;
    let p = projection::measure()?;
    let kb = |b: f64| b / 1024.0;
    let mut added = p.added.clone();
    added.sort_by_key(|(_, b)| std::cmp::Reverse(*b));
    let list: Vec<String> = added.iter().map(|(n, b)| format!("{n} {:.1}", kb(*b as f64))).collect();
    let fifty = p.fifty(total);
    println!(
        "  what each machine and sub-assembly adds, packed (kB): {}\n  a machine with its share of those sub-assemblies: {:.1} kB; the {} machines not yet defined at that mean: {:.1} kB for all {}, against the {} kB target: {}",
        list.join(", "),
        kb(p.mean()),
        p.set - p.defined,
        kb(fifty as f64),
        p.set,
        SIZE_TARGET / 1024,
        if fifty <= SIZE_TARGET { "fits" } else { "does not fit" }
    );
    if fifty > SIZE_TARGET {
        return Err(format!(
            "the app with all {} machines would be {:.1} kB gzipped, over the {} kB target (ARCHITECTURE.md, \"Size of the download\")",
            p.set,
            kb(fifty as f64),
            SIZE_TARGET / 1024
        ));
    }
    Ok(total)
}

fn test() -> Result<()> {
    setup::run(true)?;
    run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(Command::new("cargo").args(["test", "--workspace", "--exclude", "gvcs-web"]))?;
    // Every machine's GLB through the glTF-Validator and its STLs through admesh, with the
    // debug `gvcs` the tests above built.
    run(Command::new("node").args(["--test", "tests/export/"]))?;
    // The front ends compile for the browser and pass clippy.
    run(Command::new("cargo").args(["clippy", "--workspace", "--exclude", "gvcs-web", "--all-targets", "--", "-D", "warnings"]))?;
    run(Command::new("cargo").args([
        "clippy",
        "-p",
        "gvcs-web",
        "-p",
        "gvcs-viewer",
        "-p",
        "gvcs-embed",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    dist()?;
    run(Command::new("node").args(["--test", "--test-concurrency=1", "tests/e2e/"]).env("GVCS_DIST", root().join("dist")))?;
    // The embeddable viewer: its package, its browser tests, then its size budget.
    let out = build_embed()?;
    run(Command::new("node").args(["--test", "--test-concurrency=1", "tests/embed/"]).env("GVCS_DIST", &out))?;
    embed::size(&out).map(|_| ())
}

fn bench() -> Result<()> {
    run(Command::new("cargo").args(["bench", "-p", "gvcs-app"]))?;
    size_report().map(|_| ())
}

/// Writes docs/catalog.md: the CLI's report of every machine in Markdown. A test in
/// crates/gvcs-cli fails when the file differs from what this writes.
fn catalog() -> Result<()> {
    let mut cmd = Command::new("cargo");
    cmd.args(["run", "--quiet", "-p", "gvcs-cli", "--", "report", "--format", "markdown"]).current_dir(root());
    eprintln!("» {cmd:?}");
    let out = cmd.output().map_err(|e| format!("cannot start cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("gvcs report failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let path = root().join("docs/catalog.md");
    std::fs::write(&path, &out.stdout).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), out.stdout.len());
    Ok(())
}
