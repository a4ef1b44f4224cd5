//! `gvcs`: the command-line front over the same core as the web app.

use clap::{Parser, Subcommand, ValueEnum};
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_BORDERS_ONLY};
use gvcs_assets::Data;
use gvcs_bom::BomOptions;
use gvcs_bom::report::Report;
use gvcs_def::units::System;
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
        /// Show costs in the money of this year (older quotes brought forward by a price
        /// index); default the newest year of the indices.
        #[arg(long = "money-year", value_name = "YEAR")]
        money_year: Option<String>,
        /// The hour of labour: `wage` (a welder's median wage), `shop` (wage and overheads)
        /// or `ose` (OSE's builder pay).
        #[arg(long = "labour-rate", value_parser = gvcs_bom::rates::LabourRate::parse, default_value = "wage")]
        labour_rate: gvcs_bom::rates::LabourRate,
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
    /// Every machine of the set at its defaults: mass, steel, materials cost, labour and
    /// capacity, beside the figures OSE published (costs converted to one year's money).
    Report {
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
        #[arg(long, value_enum, default_value = "metric")]
        units: Units,
    },
    /// Plan a village: machines for a population, one bill for all of them, labour with the
    /// tools built on the way, and a build schedule.
    Plan {
        /// People in the village, 1 to 10,000,000.
        #[arg(long, value_parser = gvcs_village::plan::parse_people)]
        people: u64,
        /// The machines to plan (`ceb-housing-starter`, `food-and-energy-core`, `full-set`).
        #[arg(long, default_value = "ceb-housing-starter")]
        preset: String,
        /// The build-out period in years.
        #[arg(long, default_value = "2", allow_negative_numbers = true)]
        years: f64,
        /// People building, 1 to 10,000.
        #[arg(long, default_value = "4", allow_negative_numbers = true)]
        crew: i64,
        #[arg(long = "hours-per-week", default_value = "40", allow_negative_numbers = true)]
        hours_per_week: f64,
        /// Change a figure of village.toml: `--set demand.floor_area=40` (in its unit).
        #[arg(long = "set", value_name = "demand.NAME=VALUE")]
        set: Vec<String>,
        /// Leave a machine of the preset out.
        #[arg(long, value_name = "MACHINE")]
        exclude: Vec<String>,
        /// Build a machine a fixed number of times: `--count welder=2`.
        #[arg(long = "count", value_name = "MACHINE=N")]
        count: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: BomFormat,
    },
    /// A production run: N units of one machine with one shared stock plan, built in a shop
    /// that has the fabrication tools, against a sale price (OSE's self-funding step).
    Run {
        machine: String,
        /// Units in the run, 1 to 100,000.
        #[arg(long, default_value = "1", allow_negative_numbers = true)]
        units: i64,
        /// A tool the shop has (a machine id with rates in labour.toml); repeat for more.
        /// Without any, the shop has every tool labour.toml gives rates for.
        #[arg(long, value_name = "MACHINE")]
        tool: Vec<String>,
        /// Everything by hand: no tools.
        #[arg(long, conflicts_with = "tool")]
        by_hand: bool,
        /// Price each unit sells for, in the price book's currency.
        #[arg(long = "sale-price", allow_negative_numbers = true)]
        sale_price: Option<f64>,
        #[arg(long, value_enum, default_value = "table")]
        format: RunFormat,
    },
    /// Check data files and report every problem with its file, line and column.
    Check,
}

#[derive(Clone, Copy, ValueEnum)]
enum RunFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Table,
    Csv,
    Json,
    /// The table in Markdown with its notes, as docs/catalog.md holds it.
    Markdown,
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
            // A reader that stops early (`gvcs plan ... | head`) is no error of ours.
            use std::io::Write;
            match std::io::stdout().lock().write_all(out.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("gvcs: cannot write the output: {e}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(msg) => {
            eprintln!("gvcs: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Data files as (path under the folder, text).
type Files = Vec<(String, String)>;

/// The data, and the files it was read from when they come from a folder (the planner reads
/// its own file from the same set).
fn load(dir: Option<&Path>) -> Result<(Data, Option<Files>), String> {
    match dir {
        None => Ok((gvcs_assets::load().map_err(|e| e.to_string())?, None)),
        Some(dir) => {
            let mut files = Vec::new();
            read_dir(dir, dir, &mut files).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let data = gvcs_assets::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| e.to_string())?;
            Ok((data, Some(files)))
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
    let (data, files) = load(cli.assets.as_deref())?;
    match cli.command {
        Command::Check => {
            let lib = &data.library;
            let machines = lib.set_machines().count();
            let mut out = format!(
                "ok: {machines} machines defined and {} sub-assemblies, {} in the index, {} products, {} stock profiles, {} components, {} prices\n",
                lib.machines.len() - machines,
                lib.index.len(),
                lib.products.len(),
                lib.stock.profiles.len(),
                lib.components.components.len(),
                data.rates.prices.items.len()
            );
            for group in lib.build_cycles() {
                out += &format!("note: these machines are built with each other (`built_with` cycle): {}\n", group.join(", "));
            }
            Ok(out)
        }
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
        Command::Bom { machine, set, units, format, crew, market, prices, money_year, labour_rate } => {
            let settings = settings(&data, &machine, &set)?;
            let system = match units {
                Units::Metric => System::Metric,
                Units::Imperial => System::Imperial,
            };
            if let Some(m) = &market {
                data.library.stock.check_market(m)?;
            }
            let mut own = gvcs_def::map::LiteMap::new();
            for p in &prices {
                let Some((id, v)) = p.split_once('=') else {
                    return Err(format!("--price `{p}` should be ITEM=PRICE, e.g. --price steel-plate=1.25"));
                };
                own.insert(id.trim().to_string(), data.rates.prices.check_override(id.trim(), v)?);
            }
            let money_year = money_year.map(|y| data.rates.prices.indices.check_year(&y)).transpose()?;
            let opts = BomOptions { system, crew, market: market.as_deref(), prices: Some(&own), money_year, labour_rate };
            let (_, bom) = data.compute(&machine, &settings, opts).map_err(|e| e.to_string())?;
            match format {
                BomFormat::Json => Ok(serde_json::to_string_pretty(&bom).map_err(|e| e.to_string())? + "\n"),
                BomFormat::Csv => Ok(gvcs_bom::report::report(&data.library, &bom, system).to_csv()),
                BomFormat::Table => Ok(render(&gvcs_bom::report::report(&data.library, &bom, system))),
            }
        }
        Command::Report { format, units } => {
            let system = match units {
                Units::Metric => System::Metric,
                Units::Imperial => System::Imperial,
            };
            let catalog = data.catalog().map_err(|e| e.to_string())?;
            match format {
                ReportFormat::Json => Ok(serde_json::to_string_pretty(&catalog).map_err(|e| e.to_string())? + "\n"),
                ReportFormat::Csv => Ok(catalog.to_csv(system)),
                ReportFormat::Markdown => Ok(catalog.to_markdown(system)),
                ReportFormat::Table => {
                    let t = catalog.table(system);
                    let mut tt = table(&t.columns.iter().map(|c| c.name).collect::<Vec<_>>());
                    for row in &t.rows {
                        tt.add_row(row.clone());
                    }
                    let notes: Vec<String> = catalog.notes(system).iter().enumerate().map(|(i, n)| format!("[{}] {n}", i + 1)).collect();
                    Ok(format!("{}\n\n{}\n\n{tt}\n\n{}\n", t.title, catalog.basis(), notes.join("\n")))
                }
            }
        }
        Command::Plan { people, preset, years, crew, hours_per_week, set, exclude, count, format } => {
            let village = match &files {
                Some(f) => gvcs_village::load_from(f.iter().map(|(n, t)| (n.as_str(), t.as_str())), &data),
                None => gvcs_village::load(&data),
            }
            .map_err(|e| gvcs_def::Errors(e).to_string())?;
            let mut opts = gvcs_village::Options::new(people, &preset);
            opts.years = years;
            opts.crew = u32::try_from(crew).map_err(|_| format!("--crew {crew} should be a number of people from 1 to 10000"))?;
            opts.hours_per_week = hours_per_week;
            for s in &set {
                let Some((k, v)) = s.split_once('=') else {
                    return Err(format!("--set `{s}` should be demand.NAME=VALUE, e.g. --set demand.floor_area=40"));
                };
                opts.overrides.insert(k.trim().to_string(), v.trim().to_string());
            }
            opts.exclude = exclude.into_iter().collect();
            for c in &count {
                let n = c.split_once('=').and_then(|(k, v)| Some((k.trim(), v.trim().parse::<usize>().ok()?)));
                let Some((k, n)) = n else {
                    return Err(format!("--count `{c}` should be MACHINE=N with N a whole number, e.g. --count welder=2"));
                };
                opts.fixed.insert(k.to_string(), n);
            }
            let plan = gvcs_village::plan(&data, &village, &opts)?;
            match format {
                BomFormat::Json => Ok(serde_json::to_string_pretty(&plan).map_err(|e| e.to_string())? + "\n"),
                BomFormat::Csv => Ok(plan_csv(&plan)),
                BomFormat::Table => Ok(render_plan(&plan)),
            }
        }
        Command::Run { machine, units, tool, by_hand, sale_price, format } => {
            let units = usize::try_from(units).map_err(|_| format!("--units {units} should be a whole number from 1 to 100000"))?;
            let all = data.rates.labour.tools_with_rates();
            if let Some(t) = tool.iter().find(|t| !all.has(t)) {
                let known: Vec<&str> = all.0.iter().map(String::as_str).collect();
                return Err(format!("--tool `{t}` has no rates in labour.toml (tools with rates: {})", known.join(", ")));
            }
            let tools = match (by_hand, tool.is_empty()) {
                (true, _) => gvcs_bom::rates::Tools::none(),
                (false, true) => all,
                (false, false) => gvcs_bom::rates::Tools::of(tool.iter().map(String::as_str)),
            };
            let run = gvcs_village::production_run(&data, &machine, units, &tools, sale_price)?;
            match format {
                RunFormat::Json => Ok(serde_json::to_string_pretty(&run).map_err(|e| e.to_string())? + "\n"),
                RunFormat::Table => Ok(render_run(&run)),
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
    // Long notes wrap instead of widening the table past a terminal.
    t.set_content_arrangement(ContentArrangement::Dynamic).set_width(140);
    t.set_header(header.iter().map(Cell::new));
    t
}

/// The report as text tables, in the order of the web app's tabs.
fn render(r: &Report) -> String {
    let mut out = format!("{}\n\n", r.title);
    let mut s = table(&["summary", "", ""]);
    for f in &r.figures {
        s.add_row(vec![f.label.clone(), f.value.clone(), f.note.clone().unwrap_or_default()]);
    }
    out += &format!("{s}\n\n");
    for t in &r.tables {
        let mut tt = table(&t.columns.iter().map(|c| c.name).collect::<Vec<_>>());
        for row in t.rows.iter().chain(&t.total) {
            tt.add_row(row.clone());
        }
        for (i, c) in t.columns.iter().enumerate() {
            if c.numeric
                && let Some(col) = tt.column_mut(i)
            {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        out += &format!("{}\n{tt}\n\n", t.title);
    }
    out
}

/// Thousands separated, no decimals.
fn whole(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < -0.5 { format!("-{out}") } else { out }
}

/// The village plan as rows: (section, item, value, note).
fn plan_rows(p: &gvcs_village::Plan) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    let mut row = |a: &str, b: &str, c: String, d: String| rows.push([a.to_string(), b.to_string(), c, d]);
    row("summary", "people", p.people.to_string(), format!("preset {}, {} years", p.preset, p.years));
    row("summary", "machine units", p.units.to_string(), format!("{} kinds", p.machines.len()));
    row(
        "summary",
        "materials",
        format!("{} {}", whole(p.cost_total), p.currency),
        format!("{} money; {} a person", p.money_year, whole(p.cost_per_person)),
    );
    row("summary", "shared packing saves", format!("{} {}", whole(p.packing_saving), p.currency), "against each unit bought alone".into());
    row(
        "summary",
        "labour",
        format!("{} h", whole(p.labour_hours)),
        format!("{} h if every unit were built by hand", whole(p.labour_hours_without_tools)),
    );
    row(
        "summary",
        "schedule",
        format!("{:.1} weeks", p.schedule_weeks),
        format!(
            "lower bound {:.1} (critical path {:.1}); {:.1} months; crew {} at {} h/week",
            p.lower_bound_weeks, p.critical_path_weeks, p.calendar_months, p.crew, p.hours_per_week
        ),
    );
    for m in &p.machine_lines {
        let commercial =
            m.commercial.as_ref().map_or(String::new(), |c| format!("; commercial {} {} ({:.1}x)", c.name, whole(c.price), c.ratio));
        row(
            "machines",
            &m.id,
            m.count.to_string(),
            format!(
                "{}; {} a unit; {:.1} h by hand, {:.1} h planned{commercial}",
                m.reason,
                whole(m.unit_cost),
                m.unit_hours_by_hand,
                m.unit_hours_planned
            ),
        );
    }
    for id in &p.not_modelled {
        row("not modelled", id, String::new(), "no definition yet: no numbers".into());
    }
    for d in &p.demands {
        let by = match (&d.machine, d.machine_hours) {
            (Some(m), Some(h)) => format!("{m}, {} machine-h within {} days", whole(h), d.days),
            _ => format!("no machine of the plan makes it (made by: {})", d.made_by.join(", ")),
        };
        row("demand", &d.name, format!("{} {}/year", whole(d.per_year), d.unit), by);
    }
    for t in &p.labour_by_trade {
        row("labour", &t.label, format!("{:.1} h", t.hours), format!("{:.1} h by hand", t.hours_without_tools));
    }
    for (c, v) in &p.cost_by_category {
        row("cost", c, format!("{} {}", whole(*v), p.currency), String::new());
    }
    for s in &p.stock {
        row("stock", &s.profile, format!("{} sticks", s.sticks), format!("{} pieces; lower bound {}", s.piece_count, s.lower_bound));
    }
    for c in &p.cycles {
        let without: Vec<String> = c.first_unit_without.iter().map(|(m, t)| format!("{m} without {t}")).collect();
        row("cycle", &c.machines.join(" + "), String::new(), format!("first units built by hand: {}", without.join(", ")));
    }
    for l in &p.leaves_out {
        row("leaves out", "", String::new(), l.clone());
    }
    rows
}

fn plan_csv(p: &gvcs_village::Plan) -> String {
    let mut out = String::from("section,item,value,note\n");
    let q = |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
    for r in plan_rows(p) {
        out += &format!("{},{},{},{}\n", q(&r[0]), q(&r[1]), q(&r[2]), q(&r[3]));
    }
    out
}

/// The village plan as text tables.
fn render_run(r: &gvcs_village::Run) -> String {
    let money = |v: f64| gvcs_bom::report::fmt::money(v, &r.currency);
    let tools = if r.tools.is_empty() { "none: everything by hand".to_string() } else { r.tools.join(", ") };
    let mut t = table(&["per unit", "value"]);
    t.add_row(vec!["materials, one unit bought alone".to_string(), money(r.unit_cost_alone)]);
    let how = if r.stock_shared { "stock bought for all at once" } else { "each bought as for one: sharing saved nothing" };
    t.add_row(vec![format!("materials in a run of {} ({how})", r.units), money(r.unit_cost)]);
    t.add_row(vec!["labour by hand".to_string(), format!("{:.1} h", r.unit_hours_by_hand)]);
    t.add_row(vec!["labour with the tools".to_string(), format!("{:.1} h", r.unit_hours)]);
    t.add_row(vec![format!("materials and labour (labour at {:.2} {}/h)", r.labour_rate, r.currency), money(r.unit_total)]);
    if let (Some(p), Some(m), Some(share)) = (r.sale_price, r.margin, r.margin_share) {
        t.add_row(vec!["sale price".to_string(), money(p)]);
        t.add_row(vec!["margin".to_string(), format!("{} ({:.0} % of the price)", money(m), share * 100.0)]);
    }
    format!("Production run: {} × {} (tools: {tools})\n\n{t}\n", r.units, r.machine)
}

fn render_plan(p: &gvcs_village::Plan) -> String {
    let mut out = format!("Village of {} people ({})\n\n", p.people, p.preset);
    let mut t = table(&["section", "item", "value", "note"]);
    for r in plan_rows(p) {
        t.add_row(r.to_vec());
    }
    out += &format!("{t}\n");
    out
}
