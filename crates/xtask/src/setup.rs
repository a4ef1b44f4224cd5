//! Installs the tools the build and tests need, at pinned versions, skipping any already
//! present. Nothing downloads its own binaries: tools come from crates.io, npm and Debian.

use crate::{Result, root, run as exec};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

/// Newer trunk releases need a newer rustc than the pinned toolchain.
const TRUNK: &str = "0.21.14";
/// Builds the embeddable viewer (`cargo xtask embed`); builds with the pinned rustc.
const WASM_PACK: &str = "0.15.1";
/// Must match `wasm_opt` in Trunk.toml.
const BINARYEN: &str = "132.0.0";
/// Minifies the app's wasm-bindgen glue (trunk's own minifier fails on it).
const TERSER: &str = "5.51.4";
/// Decodes the app's xz-compressed wasm in the page (`compress.rs`).
pub const XZ_DECOMPRESS: &str = "0.2.3";
/// Minifies the app's CSS (`cargo xtask dist`; trunk's minifier would also rewrite the loader
/// that `compress.rs` patches).
const CSSO: &str = "5.0.5";

fn tools_dir() -> PathBuf {
    root().join(".tools/npm")
}

/// Where an npm package installed by [`npm_tool`] lives.
pub fn npm_package_dir(name: &str) -> PathBuf {
    tools_dir().join("node_modules").join(name)
}

/// PATH with cargo's bin folder and the npm tools first.
pub fn path() -> OsString {
    let mut dirs = vec![tools_dir().join("node_modules/.bin")];
    if let Some(home) =
        std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// First line a command prints for `args`, or `None` if it does not run.
fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).env("PATH", path()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").to_string())
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn as_root(args: &[&str]) -> Command {
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let mut c = if is_root {
        Command::new(args[0])
    } else {
        let mut c = Command::new("sudo");
        c.arg(args[0]);
        c
    };
    c.args(&args[1..]).env("DEBIAN_FRONTEND", "noninteractive");
    c
}

pub fn run(browser: bool) -> Result<()> {
    // In the workspace, so rustup reads rust-toolchain.toml.
    let targets = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    if !targets.contains("wasm32-unknown-unknown") {
        exec(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if output("trunk", &["--version"]).is_none_or(|v| !v.contains(TRUNK)) {
        exec(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK]))?;
    }
    let wb = locked_wasm_bindgen()?;
    if output("wasm-bindgen", &["--version"]).is_none_or(|v| !v.ends_with(&wb)) {
        // Not --locked: its lock file pins crates that need a newer rustc.
        exec(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wb]))?;
    }
    let want = format!("version {}", BINARYEN.split('.').next().unwrap_or(BINARYEN));
    if output("wasm-opt", &["--version"]).is_none_or(|v| !v.contains(&want)) {
        npm_tool(&format!("binaryen@{BINARYEN}"))?;
    }
    if output("terser", &["--version"]).is_none_or(|v| !v.ends_with(TERSER)) {
        npm_tool(&format!("terser@{TERSER}"))?;
    }
    npm_library("xz-decompress", XZ_DECOMPRESS)?;
    npm_library("csso", CSSO)?;
    if browser {
        install_node()?;
        if output("chromium", &["--version"]).is_none() || output("chromedriver", &["--version"]).is_none() {
            exec(&mut as_root(&["apt-get", "update"]))?;
            exec(&mut as_root(&["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]))?;
        }
        if ["playwright-core", "axe-core"].iter().any(|m| !root().join("tests/e2e/node_modules").join(m).exists()) {
            exec(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix", "tests/e2e"]))?;
        }
        // The export tests: admesh checks STLs, the Khronos glTF-Validator checks GLBs.
        if output("admesh", &["--version"]).is_none() {
            exec(&mut as_root(&["apt-get", "update"]))?;
            exec(&mut as_root(&["apt-get", "install", "-y", "--no-install-recommends", "admesh"]))?;
        }
        if !root().join("tests/export/node_modules/gltf-validator").exists() {
            exec(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix", "tests/export"]))?;
        }
    }
    Ok(())
}

/// Installs an npm package (`name@version`) into the project's tools folder, whose `.bin` is
/// first on the build's PATH.
fn npm_tool(package: &str) -> Result<()> {
    install_node()?;
    std::fs::create_dir_all(tools_dir()).map_err(|e| e.to_string())?;
    exec(Command::new("npm").args(["install", "--no-audit", "--no-fund", "--prefix"]).arg(tools_dir()).arg(package))
}

/// An npm package used as a library (no command of its own), at `version`.
fn npm_library(name: &str, version: &str) -> Result<()> {
    let installed = std::fs::read_to_string(npm_package_dir(name).join("package.json")).unwrap_or_default();
    if installed.contains(&format!("\"version\": \"{version}\"")) { Ok(()) } else { npm_tool(&format!("{name}@{version}")) }
}

/// wasm-pack, only for the embeddable viewer. It never downloads a tool itself: the build runs
/// it with `--mode no-install` against the wasm-bindgen CLI installed above.
pub fn wasm_pack() -> Result<()> {
    if output("wasm-pack", &["--version"]).is_none_or(|v| !v.ends_with(WASM_PACK)) {
        exec(Command::new("cargo").args(["install", "--locked", "wasm-pack", "--version", WASM_PACK]))?;
    }
    Ok(())
}

/// Node.js runs the npm wasm-opt and the browser tests; Debian's packages suffice.
fn install_node() -> Result<()> {
    if output("node", &["--version"]).is_none() || output("npm", &["--version"]).is_none() {
        exec(&mut as_root(&["apt-get", "update"]))?;
        exec(&mut as_root(&["apt-get", "install", "-y", "--no-install-recommends", "nodejs", "npm"]))?;
    }
    Ok(())
}
