//! `gvcs`: the command-line front over the same core as the web app.

use clap::{Parser, Subcommand, ValueEnum};
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_BORDERS_ONLY};
use gvcs_assets::Data;
use gvcs_bom::{Bom, BomOptions};
use gvcs_def::units::{System, format_length, format_number, pretty_unit};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "gvcs", version, about = "Bill of materials, cost and build time for the Global Village Construction Set")]
struct Cli {
    /// Read data files from this folder (laid out like `assets/`) instead of the built-in data.
    #[arg(long, global = true, value_name = "DIR")]
    assets: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the machines that have definitions (or all 50 with --all).
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
        /// Include the machines of the set that have no definition yet.
        #[arg(long)]
        all: bool,
    },
    /// Bill of materials, stock to buy, cost and labour for one machine.
    Bom {
        /// Machine id, as `gvcs list` shows it.
        machine: String,
        /// Change a parameter: `--set bore=5.5` (in the parameter's unit) or `--set bore=140mm`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        #[arg(long, value_enum, default_value = "metric")]
        units: Units,
        #[arg(long, value_enum, default_value = "table")]
        format: BomFormat,
        /// People building at once (for calendar time), 1 to 100.
        #[arg(long, value_parser = gvcs_bom::bom::parse_crew)]
        crew: Option<u32>,
        /// Where stock is bought: its bar lengths and sheet sizes (`us`, `metric`).
        #[arg(long)]
        market: Option<String>,
        /// Your own price for a price-book item: `--price steel-plate=1.25` (per the item's unit).
        #[arg(long = "price", value_name = "ITEM=PRICE")]
        prices: Vec<String>,
    },
    /// Write the 3D model at the given parameters for other tools: GLB (glTF binary, metres,
    /// +Y up), STL (binary, millimetres, +Z up) or OBJ (millimetres, +Y up) with its .mtl beside it.
    Export {
        /// Machine id, as `gvcs list` shows it.
        machine: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Change a parameter: `--set bore=5.5` (in the parameter's unit) or `--set bore=140mm`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// The file to write (with --per-part, a folder for one STL per part).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// STL only: one file per part, named by its path, in the folder given with -o.
        #[arg(long)]
        per_part: bool,
    },
    /// Check data files and report every problem with its file, line and column.
    Check,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Glb,
    Stl,
    Obj,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum BomFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Units {
    Metric,
    Imperial,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("gvcs: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn load(dir: Option<&Path>) -> Result<Data, String> {
    match dir {
        None => gvcs_assets::load().map_err(|e| e.to_string()),
        Some(dir) => {
            let mut files = Vec::new();
            read_dir(dir, dir, &mut files).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            gvcs_assets::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| e.to_string())
        }
    }
}

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    status: &'a str,
    defined: bool,
    parameters: usize,
}

fn run(cli: Cli) -> Result<String, String> {
    let data = load(cli.assets.as_deref())?;
    match cli.command {
        Command::Check => Ok(format!(
            "ok: {} machines defined, {} in the index, {} stock profiles, {} components, {} prices\n",
            data.library.machines.len(),
            data.library.index.len(),
            data.library.stock.profiles.len(),
            data.library.components.components.len(),
            data.rates.prices.items.len()
        )),
        Command::List { format, all } => {
            let entries: Vec<ListEntry> = data
                .library
                .index
                .iter()
                .filter_map(|e| {
                    let def = data.library.machine(&e.id);
                    (all || def.is_some()).then(|| ListEntry {
                        id: &e.id,
                        name: def.map_or(&e.name, |m| &m.name),
                        category: e.category.as_str(),
                        status: e.status.as_str(),
                        defined: def.is_some(),
                        parameters: def.map_or(0, |m| m.params.len()),
                    })
                })
                .collect();
            match format {
                ListFormat::Json => Ok(serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())? + "\n"),
                ListFormat::Table => {
                    let mut t = table(&["id", "name", "category", "status", "parameters"]);
                    for e in &entries {
                        let params = if e.defined { e.parameters.to_string() } else { "no definition yet".into() };
                        t.add_row(vec![e.id, e.name, e.category, e.status, &params]);
                    }
                    Ok(format!("{t}\n"))
                }
            }
        }
        Command::Bom { machine, set, units, format, crew, market, prices } => {
            let settings = settings(&data, &machine, &set)?;
            let system = match units {
                Units::Metric => System::Metric,
                Units::Imperial => System::Imperial,
            };
            if let Some(m) = &market {
                data.library.stock.check_market(m)?;
            }
            let mut own = std::collections::BTreeMap::new();
            for p in &prices {
                let Some((id, v)) = p.split_once('=') else {
                    return Err(format!("--price `{p}` should be ITEM=PRICE, e.g. --price steel-plate=1.25"));
                };
                own.insert(id.trim().to_string(), data.rates.prices.check_override(id.trim(), v)?);
            }
            let opts = BomOptions { system, crew, market: market.as_deref(), prices: Some(&own) };
            let (_, bom) = data.compute(&machine, &settings, opts).map_err(|e| e.to_string())?;
            match format {
                BomFormat::Json => Ok(serde_json::to_string_pretty(&bom).map_err(|e| e.to_string())? + "\n"),
                BomFormat::Csv => Ok(gvcs_bom::csv::to_csv(&bom, system)),
                BomFormat::Table => Ok(render(&bom, system)),
            }
        }
        Command::Export { machine, format, set, output, per_part } => {
            let settings = settings(&data, &machine, &set)?;
            let inst = data.library.evaluate(&machine, &settings).map_err(|e| e.to_string())?;
            export(&data.library, &inst, format, &output, per_part)
        }
    }
}

/// The machine's parameter settings from `--set NAME=VALUE` arguments, checked against it.
fn settings(data: &Data, machine: &str, set: &[String]) -> Result<gvcs_def::Settings, String> {
    let Some(m) = data.library.machine(machine) else {
        let known: Vec<&str> = data.library.machines.iter().map(|m| m.id.as_str()).collect();
        return Err(format!("no machine `{machine}` (known: {})", known.join(", ")));
    };
    let mut pairs = Vec::new();
    for s in set {
        let Some((k, v)) = s.split_once('=') else {
            return Err(format!("--set `{s}` should be NAME=VALUE, e.g. --set bore=5.5"));
        };
        pairs.push((k.trim(), v.trim()));
    }
    let (settings, issues) = m.parse_settings(pairs);
    if !issues.is_empty() {
        return Err(issues.iter().map(|i| i.message.clone()).collect::<Vec<_>>().join("\n"));
    }
    Ok(settings)
}

fn write(path: &Path, bytes: &[u8]) -> Result<String, String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("wrote {} ({} bytes)\n", path.display(), bytes.len()))
}

/// Writes the export; says what it wrote.
fn export(lib: &gvcs_def::Library, inst: &gvcs_def::Instance, format: ExportFormat, out: &Path, per_part: bool) -> Result<String, String> {
    if per_part && !matches!(format, ExportFormat::Stl) {
        return Err("--per-part is for --format stl only".into());
    }
    match format {
        ExportFormat::Glb => write(out, &gvcs_export::glb(lib, inst)),
        ExportFormat::Stl if per_part => {
            std::fs::create_dir_all(out).map_err(|e| format!("cannot make the folder {}: {e}", out.display()))?;
            let mut said = String::new();
            for (stem, bytes) in gvcs_export::stl_parts(lib, inst) {
                said += &write(&out.join(format!("{stem}.stl")), &bytes)?;
            }
            Ok(said)
        }
        ExportFormat::Stl => write(out, &gvcs_export::stl(lib, inst)),
        ExportFormat::Obj => {
            let Some(name) = out.file_name().map(|n| Path::new(n).with_extension("mtl")) else {
                return Err(format!("-o {} should name a file", out.display()));
            };
            let mtl_path = out.with_file_name(&name);
            let (obj, mtl) = gvcs_export::obj(lib, inst, &name.to_string_lossy());
            Ok(write(out, obj.as_bytes())? + &write(&mtl_path, mtl.as_bytes())?)
        }
    }
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(header.iter().map(Cell::new));
    t
}

fn right(t: &mut Table, cols: &[usize]) {
    for &c in cols {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn money(v: f64) -> String {
    format_number((v * 100.0).round() / 100.0, 7)
}

/// The bill of materials as text tables, in the order of the web app's tabs.
fn render(b: &Bom, sys: System) -> String {
    let len = |mm: f64| format_length(mm, sys);
    let mass = |kg: f64| gvcs_def::units::format_mass(kg, sys);
    let mut out = format!("{} ({})\n\n", b.name, b.machine);
    let mut s = table(&["summary", ""]);
    s.add_row(vec!["Machine mass".to_string(), mass(b.mass_kg)]);
    s.add_row(vec!["Steel in parts / bought".to_string(), format!("{} / {}", mass(b.steel_mass_kg), mass(b.steel_bought_kg))]);
    s.add_row(vec!["Materials cost".to_string(), format!("{} {} (prices from {} on)", money(b.cost_total), b.currency, b.oldest_price)]);
    for (cat, v) in &b.cost_by_category {
        s.add_row(vec![format!("  {cat}"), format!("{} {}", money(*v), b.currency)]);
    }
    s.add_row(vec![
        "Labour".to_string(),
        format!("{} h, {} {} at {}/h", format_number(b.labour_hours, 3), money(b.labour_cost), b.currency, money(b.labour_rate)),
    ]);
    s.add_row(vec!["Calendar time".to_string(), format!("{:.1} working days for a crew of {}", b.calendar_days, b.crew)]);
    for o in &b.outputs {
        s.add_row(vec![format!("Output: {}", o.what), format!("{} {}", format_number(o.value, 3), pretty_unit(&o.unit))]);
    }
    for d in &b.derived {
        s.add_row(vec![d.label.clone(), format!("{} {}", format_number(d.value, 4), pretty_unit(&d.unit))]);
    }
    if !b.built_with.is_empty() {
        s.add_row(vec!["Built with".to_string(), b.built_with.join(", ")]);
    }
    if !b.uses.is_empty() {
        s.add_row(vec!["Runs with".to_string(), b.uses.join(", ")]);
    }
    out += &format!("{s}\n\n");

    let mut t = table(&["profile", "part", "length", "count", "ends"]);
    for l in &b.stock {
        for p in &l.pieces {
            t.add_row(vec![
                l.profile.clone(),
                p.name.clone(),
                len(p.length_mm),
                p.count.to_string(),
                format!("{:?}", p.ends).to_lowercase(),
            ]);
        }
    }
    for l in &b.plates {
        for p in &l.parts {
            t.add_row(vec![
                l.profile.clone(),
                p.name.clone(),
                format!("{} x {}", len(p.length_mm), len(p.width_mm)),
                p.count.to_string(),
                if p.shaped { "shaped" } else { "" }.into(),
            ]);
        }
    }
    right(&mut t, &[3]);
    out += &format!("Cut list\n{t}\n\n");

    let mut t = table(&["stock", "buy", "of", "used", "lower bound", "waste", "cost"]);
    for l in &b.stock {
        t.add_row(vec![
            l.profile.clone(),
            format!("{} sticks", l.sticks),
            len(l.stick_length_mm),
            len(l.total_length_mm),
            l.lower_bound.to_string(),
            len(l.waste_mm),
            money(l.cost),
        ]);
    }
    for p in &b.plates {
        t.add_row(vec![
            p.profile.clone(),
            format!("{} sheets", p.sheets),
            format!("{} x {}", len(p.sheet_mm[0]), len(p.sheet_mm[1])),
            format!("{:.2} m²", p.area_m2),
            String::new(),
            format!("nesting {:.0}%", p.nesting * 100.0),
            money(p.cost),
        ]);
    }
    right(&mut t, &[1, 3, 4, 6]);
    out += &format!("Stock to buy\n{t}\n\n");

    let mut t = table(&["purchased", "spec", "count", "mass", "unit price", "cost", "price date"]);
    for p in &b.purchased {
        t.add_row(vec![
            p.name.clone(),
            p.spec.clone(),
            p.count.to_string(),
            mass(p.mass_kg),
            money(p.unit_price),
            money(p.cost),
            p.price_date.clone(),
        ]);
    }
    right(&mut t, &[2, 3, 4, 5]);
    out += &format!("Purchased parts\n{t}\n\n");

    let mut t = table(&["trade", "operation", "quantity", "hours"]);
    for l in &b.labour {
        t.add_row(vec![l.trade.label().to_string(), l.operation.clone(), l.quantity.clone(), format!("{:.1}", l.hours)]);
    }
    right(&mut t, &[3]);
    out += &format!("Labour\n{t}\n");
    out
}
