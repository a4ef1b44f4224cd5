//! The village planner page without a screen: what a person sets (`PlanState`, one checked
//! input at a time), its share link (`#/plan?people=200&...`), plan files and the store of
//! plans saved by name (JSON with a format version), and the plan as a `Report` (figures and
//! tables: the page, the print view and the CSV), HTML tables and SVG charts.
//!
//! Pure: no web; the page in `gvcs-web` only wires inputs and browser services to this.

use crate::link::{dec, encode};
use gvcs_assets::Data;
use gvcs_bom::rates::LabourRate;
use gvcs_bom::report::{Column, Figure, Report, Table, fmt};
use gvcs_def::System;
use gvcs_def::units::{format_number, format_plain};
use gvcs_json::Value;
use gvcs_village::{Options, Plan, VillageData};

/// The page's place in a link: `#/plan?...`.
pub const ROUTE: &str = "plan";
/// Where plans saved by name live in the browser's local storage.
pub const STORE_KEY: &str = "gvcs.plans";
pub const STORE_VERSION: f64 = 1.0;
pub const FILE_FORMAT: &str = "gvcs-plan";
pub const FILE_VERSION: f64 = 1.0;
pub const DEFAULT_PEOPLE: u64 = 200;
/// Most machine units the page plans (about half a second in the browser); the command line
/// takes up to 5,000,000.
pub const MAX_UNITS: usize = 100_000;
/// Rows of the Gantt chart and of a long table shown in the page (the CSV has them all).
pub const MAX_ROWS: usize = 150;

/// Everything a person sets on the planner page.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanState {
    /// Exclusions are fixed counts of 0; `exclude` stays empty.
    pub opts: Options,
    pub system: System,
}

fn default_preset(village: &VillageData) -> &str {
    village.presets.first().map_or("", |p| p.id.as_str())
}

fn int(t: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    match t.parse::<u64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!(
            "{what} should be a whole number from {} to {}, not “{t}”.",
            format_number(lo as f64, 9),
            format_number(hi as f64, 9)
        )),
    }
}

fn real(t: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    match gvcs_def::number::parse(t) {
        Some(v) if v.is_finite() && (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("{what} should be a number from {} to {}, not “{t}”.", format_number(lo, 9), format_number(hi, 9))),
    }
}

impl PlanState {
    pub fn new(village: &VillageData) -> PlanState {
        let mut opts = Options::new(DEFAULT_PEOPLE, default_preset(village));
        opts.max_units = MAX_UNITS;
        PlanState { opts, system: System::Metric }
    }

    /// Whether machine `id` is in the plan the inputs describe (before counting).
    pub fn uses(&self, village: &VillageData, id: &str) -> bool {
        match self.opts.fixed.get(id) {
            Some(n) => *n > 0,
            None => village.preset(&self.opts.preset).is_some_and(|p| p.machines.iter().any(|m| m == id)),
        }
    }

    /// Applies one input, named as in the link: `people`, `preset`, `years`, `crew`, `hpw`
    /// (hours per week), `year` (money), `labour` (`wage`, `shop`, `ose`), `units`,
    /// `demand.NAME` (a figure of the village file, in its unit or with one of its own),
    /// `count.ID` (a fixed count; 0 leaves the machine out) and `use.ID` (`1` or `0`). An
    /// empty `demand.NAME` or `count.ID` goes back to the default. On a message naming the
    /// input, nothing changes.
    pub fn set(&mut self, data: &Data, village: &VillageData, key: &str, text: &str) -> Result<(), String> {
        let t = text.trim();
        let o = &mut self.opts;
        let machine = |id: &str| match data.library.index_entry(id) {
            Some(_) => Ok(id.to_string()),
            None => Err(format!("“{id}” is not a machine of the GVCS.")),
        };
        match key {
            "people" => o.people = int(t, 1, gvcs_village::plan::MAX_PEOPLE, "The population")?,
            "preset" => match village.preset(t) {
                Some(p) => {
                    o.preset = p.id.clone();
                    // A machine left out of the old preset and not in the new one needs no entry.
                    o.fixed.retain(|id, n| *n > 0 || p.machines.contains(id));
                }
                None => return Err(format!("There is no preset “{t}”.")),
            },
            "years" => o.years = real(t, 0.25, 50.0, "The build-out period (years)")?,
            "crew" => o.crew = int(t, 1, 10_000, "The crew (people building)")? as u32,
            "hpw" => o.hours_per_week = real(t, 1.0, 168.0, "Hours per week")?,
            "year" => {
                let book = &data.rates.prices;
                let y = book.indices.check_year(t).map_err(|e| format!("The money year: {e}"))?;
                o.money_year = (y != book.year).then_some(y);
            }
            "labour" => o.labour_rate = LabourRate::parse(t)?,
            "units" => self.system = System::parse(t).ok_or_else(|| format!("Units “{t}” are not metric or imperial."))?,
            "demand" if t.is_empty() => o.overrides.clear(),
            _ if key.starts_with("demand.") => {
                let name = &key["demand.".len()..];
                if t.is_empty() {
                    o.overrides.remove(name);
                } else {
                    village.figures_with(&gvcs_def::map::collect([(name.to_string(), t.to_string())]))?;
                    o.overrides.insert(name.to_string(), t.to_string());
                }
            }
            _ if key.starts_with("count.") => {
                let id = machine(&key["count.".len()..])?;
                if t.is_empty() {
                    o.fixed.remove(&id);
                } else {
                    let n = int(t, 0, 1_000_000, &format!("The count of {id}"))?;
                    o.fixed.insert(id, n as usize);
                }
            }
            _ if key.starts_with("use.") => {
                let id = machine(&key["use.".len()..])?;
                let in_preset = village.preset(&o.preset).is_some_and(|p| p.machines.contains(&id));
                o.fixed.remove(&id);
                match (t == "1", in_preset) {
                    (true, false) => {
                        o.fixed.insert(id, 1);
                    }
                    (false, true) => {
                        o.fixed.insert(id, 0);
                    }
                    _ => {}
                }
            }
            _ => return Err(format!("The planner has no setting “{key}”.")),
        }
        Ok(())
    }

    /// The settings as (name, text) pairs, only where they differ from the defaults; `set`
    /// reads each back.
    pub fn pairs(&self, data: &Data, village: &VillageData) -> Vec<(String, String)> {
        let o = &self.opts;
        let d = Options::new(DEFAULT_PEOPLE, default_preset(village));
        let mut q = vec![("people".to_string(), o.people.to_string())];
        let mut add = |k: &str, v: String| q.push((k.to_string(), v));
        if o.preset != d.preset {
            add("preset", o.preset.clone());
        }
        if o.years != d.years {
            add("years", format_plain(o.years, 8));
        }
        if o.crew != d.crew {
            add("crew", o.crew.to_string());
        }
        if o.hours_per_week != d.hours_per_week {
            add("hpw", format_plain(o.hours_per_week, 8));
        }
        if let Some(y) = o.money_year.filter(|y| *y != data.rates.prices.year) {
            add("year", y.to_string());
        }
        if o.labour_rate != LabourRate::Wage {
            add("labour", o.labour_rate.key().to_string());
        }
        if self.system != System::Metric {
            add("units", self.system.as_str().to_string());
        }
        for (id, n) in &o.fixed {
            add(&format!("count.{id}"), n.to_string());
        }
        for (name, v) in &o.overrides {
            add(&format!("demand.{}", name.strip_prefix("demand.").unwrap_or(name)), v.clone());
        }
        q
    }

    /// The share link: `#/plan?people=200&preset=...`.
    pub fn to_link(&self, data: &Data, village: &VillageData) -> String {
        let q: Vec<String> = self.pairs(data, village).iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        format!("#/{ROUTE}?{}", q.join("&"))
    }

    /// Settings from pairs, the preset first (it decides what `use.ID` means); each pair that
    /// cannot be used becomes a message and keeps its default.
    fn from_pairs(data: &Data, village: &VillageData, mut pairs: Vec<(String, String)>) -> (PlanState, Vec<String>) {
        let mut s = PlanState::new(village);
        if let Some(i) = pairs.iter().position(|(k, _)| k == "preset") {
            let p = pairs.remove(i);
            pairs.insert(0, p);
        }
        let mut notices = Vec::new();
        for (k, v) in &pairs {
            if let Err(e) = s.set(data, village, k, v) {
                notices.push(e);
            }
        }
        (s, notices)
    }

    /// The plan a share link describes, and a sentence for each part of it that could not
    /// be used (which then keeps its default).
    pub fn from_link(data: &Data, village: &VillageData, fragment: &str) -> (PlanState, Vec<String>) {
        let f = fragment.trim_start_matches('#').trim_start_matches('/');
        let query = f.split_once('?').map_or("", |(_, q)| q);
        let mut pairs = Vec::new();
        let mut notices = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match (dec(k), dec(v)) {
                (Some(k), Some(v)) => pairs.push((k, v)),
                _ => notices.push(format!("Could not read “{}” in the link.", pair.chars().take(80).collect::<String>())),
            }
        }
        let (s, more) = PlanState::from_pairs(data, village, pairs);
        notices.extend(more.into_iter().map(|m| format!("In the link: {m} Kept the default.")));
        (s, notices)
    }

    /// The settings as a JSON object (the `plan` of a plan file and of each saved plan).
    pub fn to_value(&self, data: &Data, village: &VillageData) -> Value {
        let mut o = Vec::new();
        let (mut counts, mut demand) = (Vec::new(), Vec::new());
        for (k, v) in self.pairs(data, village) {
            if let Some(id) = k.strip_prefix("count.") {
                counts.push((id.to_string(), Value::Num(gvcs_def::number::parse(&v).unwrap_or(0.0))));
            } else if let Some(name) = k.strip_prefix("demand.") {
                demand.push((name.to_string(), Value::Str(v)));
            } else {
                let v = match gvcs_def::number::parse(&v) {
                    Some(n) if k != "preset" => Value::Num(n),
                    _ => Value::Str(v),
                };
                o.push((k, v));
            }
        }
        o.push(("count".into(), Value::Obj(counts)));
        o.push(("demand".into(), Value::Obj(demand)));
        Value::Obj(o)
    }

    /// Settings from a plan object; the first thing that cannot be used is the message.
    pub fn from_value(data: &Data, village: &VillageData, v: &Value) -> Result<PlanState, String> {
        let Value::Obj(fields) = v else { return Err("its plan is not an object of settings".into()) };
        let mut pairs = Vec::new();
        for (k, v) in fields {
            match (k.as_str(), v) {
                ("count" | "demand", Value::Obj(inner)) => {
                    for (name, x) in inner {
                        let text = x.as_text().ok_or_else(|| format!("{k}.{name} is not a number or a text"))?;
                        pairs.push((format!("{k}.{name}"), text));
                    }
                }
                (_, v) => pairs.push((k.clone(), v.as_text().ok_or_else(|| format!("its “{k}” is not a number or a text"))?)),
            }
        }
        let (s, notices) = PlanState::from_pairs(data, village, pairs);
        match notices.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(s),
        }
    }

    /// A plan file: `{"format":"gvcs-plan","version":1,"name":...,"plan":{...}}`.
    pub fn to_file(&self, data: &Data, village: &VillageData, name: &str) -> String {
        let v = Value::Obj(vec![
            ("format".into(), Value::Str(FILE_FORMAT.into())),
            ("version".into(), Value::Num(FILE_VERSION)),
            ("name".into(), Value::Str(name.into())),
            ("plan".into(), self.to_value(data, village)),
        ]);
        v.write() + "\n"
    }

    /// Reads a plan file: its name and settings, or one message that says what is wrong.
    pub fn from_file(data: &Data, village: &VillageData, text: &str) -> Result<(String, PlanState), String> {
        let bad = |why: String| format!("This file is not a plan the calculator can read: {why}. Nothing was changed.");
        let v = Value::parse(text).map_err(|e| bad(format!("it is not JSON ({e})")))?;
        if v.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
            return Err(bad(format!("its \"format\" is not \"{FILE_FORMAT}\"")));
        }
        match v.get("version").and_then(Value::as_f64) {
            Some(n) if n == FILE_VERSION => {}
            Some(n) if n > FILE_VERSION => {
                return Err(bad(format!(
                    "it was written by a newer version of the calculator (plan file version {n}; this one reads {FILE_VERSION})"
                )));
            }
            _ => return Err(bad("it has no plan file \"version\" this calculator knows".into())),
        }
        let name = v.get("name").and_then(Value::as_str).unwrap_or("").trim().chars().take(80).collect();
        let s = PlanState::from_value(data, village, v.get("plan").unwrap_or(&Value::Null)).map_err(bad)?;
        Ok((name, s))
    }
}

/// Plans saved by name: `{"version":1,"plans":{"name":{...}}}`. Each saved plan is kept as
/// written, so saving another never changes or drops one this version cannot read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Store {
    pub plans: Vec<(String, Value)>,
}

impl Store {
    /// Reads the stored text (`None`: nothing saved yet). A newer or unreadable store is a
    /// message, and the caller leaves it as it is.
    pub fn read(text: Option<&str>) -> Result<Store, String> {
        let Some(text) = text else { return Ok(Store::default()) };
        let broken = |why: String| format!("The plans saved in this browser could not be read ({why}). They are left as they are.");
        let v = Value::parse(text).map_err(|e| broken(format!("not JSON: {e}")))?;
        match v.get("version").and_then(Value::as_f64) {
            Some(n) if n == STORE_VERSION => {}
            Some(n) if n > STORE_VERSION => {
                return Err(format!(
                    "The plans saved in this browser were saved by a newer version of the calculator (store version {n}; this one reads {STORE_VERSION}). They are left as they are."
                ));
            }
            _ => return Err(broken("no store version".into())),
        }
        match v.get("plans") {
            Some(Value::Obj(plans)) => Ok(Store { plans: plans.clone() }),
            _ => Err(broken("no \"plans\" object".into())),
        }
    }

    pub fn write(&self) -> String {
        Value::Obj(vec![("version".into(), Value::Num(STORE_VERSION)), ("plans".into(), Value::Obj(self.plans.clone()))]).write()
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.plans.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Saves a plan under a name (1 to 80 characters), replacing one of the same name.
    pub fn put(&mut self, name: &str, plan: Value) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err("A plan's name should be 1 to 80 characters.".into());
        }
        match self.plans.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = plan,
            None => self.plans.push((name.to_string(), plan)),
        }
        Ok(())
    }

    pub fn remove(&mut self, name: &str) {
        self.plans.retain(|(n, _)| n != name);
    }
}

// ------------------------------------------------------------------ the plan as a report

fn table(id: &'static str, title: &str, cols: &[(&'static str, bool)]) -> Table {
    Table {
        id,
        title: title.into(),
        columns: cols.iter().map(|&(name, numeric)| Column { name, numeric }).collect(),
        rows: Vec::new(),
        total: None,
    }
}

fn name_of(data: &Data, id: &str) -> String {
    data.library.index_entry(id).map_or_else(|| id.to_string(), |e| e.name.clone())
}

fn weeks(w: f64) -> String {
    format_number(w, 3)
}

/// The plan's figures and tables, in `sys` units: the page, the print view and the CSV.
pub fn report(data: &Data, plan: &Plan, sys: System) -> Report {
    use fmt::{hours, len, mass, money};
    let cur = plan.currency.as_str();
    let p = plan;
    let fig = |id: &str, label: &str, value: String, note: String| Figure { id: id.into(), label: label.into(), value, note: Some(note) };
    let figures = vec![
        fig(
            "fig-units",
            "Machines to build",
            fmt::plural(p.units, "unit"),
            format!("{} kinds; {} of the choice not yet modelled", p.machines.len(), p.not_modelled.len()),
        ),
        fig(
            "fig-cost",
            "Materials",
            money(p.cost_total, cur),
            format!("in {} money; {} a person", p.money_year, money(p.cost_per_person, cur)),
        ),
        fig("fig-saving", "Shared stock saves", money(p.packing_saving, cur), "against every unit's stock bought alone".into()),
        fig(
            "fig-labour",
            "Build labour",
            hours(p.labour_hours),
            format!(
                "{} by hand: the village's own tools save {}",
                hours(p.labour_hours_without_tools),
                hours(p.labour_hours_without_tools - p.labour_hours)
            ),
        ),
        fig("fig-labour-cost", "Labour cost", money(p.labour_cost, cur), format!("at {}/h", fmt::cents(p.labour_rate, cur))),
        fig(
            "fig-weeks",
            "Schedule",
            format!("{} weeks", weeks(p.schedule_weeks)),
            format!(
                "lower bound {} weeks; about {} months for a crew of {} at {} h a week",
                weeks(p.lower_bound_weeks),
                format_number(p.calendar_months, 2),
                p.crew,
                format_number(p.hours_per_week, 3)
            ),
        ),
    ];
    let mut tables = Vec::new();

    let mut t = table(
        "plan-machines",
        "Machines of the plan",
        &[
            ("Machine", false),
            ("Units", true),
            ("Why this many", false),
            ("Materials each", true),
            ("Hours each by hand", true),
            ("Hours each planned", true),
            ("Tools save", true),
        ],
    );
    let mut com = table(
        "plan-commercial",
        "Beside a commercial machine",
        &[("Machine", false), ("Commercial equivalent", false), ("Price", true), ("Times the materials", true), ("As quoted", false)],
    );
    for m in &p.machine_lines {
        t.rows.push(vec![
            m.name.clone(),
            m.count.to_string(),
            m.reason.clone(),
            money(m.unit_cost, cur),
            hours(m.unit_hours_by_hand),
            hours(m.unit_hours_planned),
            hours(m.tool_saving_hours),
        ]);
        if let Some(c) = &m.commercial {
            com.rows.push(vec![
                m.name.clone(),
                c.name.clone(),
                money(c.price, cur),
                format!("{}×", format_number(c.ratio, 2)),
                format!("{} in {}", money(c.quoted, cur), c.date),
            ]);
        }
    }
    tables.push(t);
    tables.push(com);

    let mut t = table(
        "plan-not-modelled",
        "Machines of the choice without a definition yet (no numbers)",
        &[("Machine", false), ("Needed for", false)],
    );
    for id in &p.not_modelled {
        let needs: Vec<&str> = p.demands.iter().filter(|d| d.made_by.contains(id)).map(|d| d.name.as_str()).collect();
        t.rows.push(vec![name_of(data, id), needs.join(", ")]);
    }
    tables.push(t);

    let mut t = table("plan-leaves-out", "What the totals leave out", &[("Left out", false)]);
    t.rows = p.leaves_out.iter().map(|l| vec![l.clone()]).collect();
    for c in &p.cycles {
        let without: Vec<String> =
            c.first_unit_without.iter().map(|(m, t)| format!("{} without {}", name_of(data, m), name_of(data, t))).collect();
        t.rows.push(vec![format!(
            "machines built with each other ({}): the first units are built by hand: {}",
            c.machines.join(", "),
            without.join("; ")
        )]);
    }
    tables.push(t);

    let mut t = table("plan-cost-by-category", "Materials by category (one shared stock plan)", &[("Category", false), ("Cost", true)]);
    for (k, v) in &p.cost_by_category {
        t.rows.push(vec![k.clone(), money(*v, cur)]);
    }
    t.total = Some(vec!["Total".into(), money(p.cost_total, cur)]);
    tables.push(t);

    let mut t =
        table("plan-labour-by-trade", "Labour by trade", &[("Trade", false), ("With the tools", true), ("By hand", true), ("Saved", true)]);
    for l in &p.labour_by_trade {
        t.rows.push(vec![l.label.clone(), hours(l.hours), hours(l.hours_without_tools), hours(l.hours_without_tools - l.hours)]);
    }
    t.total = Some(vec![
        "Total".into(),
        hours(p.labour_hours),
        hours(p.labour_hours_without_tools),
        hours(p.labour_hours_without_tools - p.labour_hours),
    ]);
    tables.push(t);

    let mut t = table(
        "plan-demand",
        "Demand a year and the machine that meets it",
        &[("Demand", false), ("Pillar", false), ("A year", true), ("Met by", false), ("Machine hours", true), ("Within", true)],
    );
    for d in &p.demands {
        let by = match &d.machine {
            Some(m) => name_of(data, m),
            None => {
                format!("no machine of the plan (made by: {})", d.made_by.iter().map(|m| name_of(data, m)).collect::<Vec<_>>().join(", "))
            }
        };
        t.rows.push(vec![
            d.name.clone(),
            d.pillar.clone(),
            fmt::num(d.per_year, &d.unit),
            by,
            d.machine_hours.map_or(String::new(), hours),
            format!("{} days", format_number(d.days, 3)),
        ]);
    }
    tables.push(t);

    let mut t = table(
        "plan-stock",
        "Bars and tubes to buy",
        &[
            ("Stock", false),
            ("Pieces", true),
            ("Buy", true),
            ("Used", true),
            ("Fewest possible", true),
            ("Offcut and kerf", true),
            ("Mass", true),
        ],
    );
    let mut pat =
        table("plan-patterns", "Cutting plans: pieces cut from each stick", &[("Stock", false), ("Sticks", true), ("Cut", false)]);
    for s in &p.stock {
        let buy = if s.cut_to_length {
            format!("{} cut to length", len(s.bought_length_mm, sys))
        } else {
            format!("{} × {}", s.sticks, len(s.stick_length_mm, sys))
        };
        t.rows.push(vec![
            s.profile.clone(),
            s.piece_count.to_string(),
            buy,
            len(s.total_length_mm, sys),
            s.lower_bound.to_string(),
            len(s.waste_mm, sys),
            mass(s.bought_mass_kg, sys),
        ]);
        for pt in &s.patterns {
            let cuts: Vec<String> = pt.cuts.iter().map(|c| len(*c, sys)).collect();
            pat.rows.push(vec![s.profile.clone(), pt.repeat.to_string(), cuts.join(" + ")]);
        }
    }
    tables.push(t);
    tables.push(pat);

    let mut t = table(
        "plan-plate",
        "Plate to buy",
        &[("Plate", false), ("Parts area", true), ("Sheets", true), ("Nesting", true), ("Mass bought", true)],
    );
    for pl in &p.plates {
        t.rows.push(vec![
            pl.profile.clone(),
            fmt::area(pl.area_m2 * 1e6, sys),
            format!("{} × {} × {}", pl.sheets, len(pl.sheet_mm[0], sys), len(pl.sheet_mm[1], sys)),
            fmt::percent(pl.nesting),
            mass(pl.bought_mass_kg, sys),
        ]);
    }
    tables.push(t);

    let mut t = table(
        "plan-purchased",
        "Purchased parts",
        &[("Part", false), ("Category", false), ("Count", true), ("Each", true), ("Cost", true), ("Price dated", false)],
    );
    for l in &p.purchased {
        t.rows.push(vec![
            l.name.clone(),
            l.category.clone(),
            l.count.to_string(),
            fmt::cents(l.unit_price, cur),
            money(l.cost, cur),
            l.price_date.clone(),
        ]);
    }
    t.total = Some(vec![
        "Purchased parts".into(),
        String::new(),
        p.purchased.iter().map(|l| l.count).sum::<usize>().to_string(),
        String::new(),
        money(p.purchased.iter().map(|l| l.cost).sum(), cur),
        String::new(),
    ]);
    tables.push(t);

    let mut t = table(
        "plan-schedule",
        "Build schedule",
        &[
            ("Machine", false),
            ("Unit", true),
            ("Start week", true),
            ("End week", true),
            ("Hours", true),
            ("People", true),
            ("Built with", false),
        ],
    );
    for u in &p.schedule {
        let tools: Vec<String> = u.tools.iter().map(|x| name_of(data, x)).collect();
        t.rows.push(vec![
            name_of(data, &u.machine),
            u.unit.to_string(),
            weeks(u.start_week),
            weeks(u.end_week),
            hours(u.hours),
            u.people.to_string(),
            if tools.is_empty() { "hand tools".into() } else { tools.join(", ") },
        ]);
    }
    tables.push(t);

    let mut t = table(
        "plan-figures",
        "Demand figures used",
        &[("Figure", false), ("Value", true), ("Yours", false), ("Where it comes from", false)],
    );
    for f in &p.figures {
        t.rows.push(vec![
            f.label.clone(),
            fmt::num(f.value, &f.unit),
            if f.changed { "yours".into() } else { String::new() },
            f.basis.clone(),
        ]);
    }
    tables.push(t);

    Report { title: format!("Village plan: {} people ({})", p.people, p.preset), figures, tables }
}

/// The link to a machine's page with the plan's money year, labour rate and units.
pub fn machine_href(state: &PlanState, id: &str) -> String {
    let mut q = Vec::new();
    if state.system != System::Metric {
        q.push(format!("units={}", state.system.as_str()));
    }
    if let Some(y) = state.opts.money_year {
        q.push(format!("year={y}"));
    }
    if state.opts.labour_rate != LabourRate::Wage {
        q.push(format!("labour={}", state.opts.labour_rate.key()));
    }
    if q.is_empty() { format!("#/{}", encode(id)) } else { format!("#/{}?{}", encode(id), q.join("&")) }
}

// ------------------------------------------------------------------ HTML and SVG

/// Text for HTML and SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A report table as HTML; `hrefs[i]`, if given, links row i's first cell. At most
/// `MAX_ROWS` rows are shown, with a line saying how many more the CSV holds.
pub fn table_html(t: &Table, hrefs: &[String]) -> String {
    let mut h = format!("<table class=\"grid\" id=\"{}\"><caption>{}</caption><thead><tr>", t.id, esc(&t.title));
    let cell = |h: &mut String, tag: &str, numeric: bool, text: &str| {
        h.push_str(&format!("<{tag}{}>{text}</{tag}>", if numeric { " class=\"n\"" } else { "" }));
    };
    for c in &t.columns {
        cell(&mut h, "th", c.numeric, c.name);
    }
    h.push_str("</tr></thead><tbody>");
    for (i, r) in t.rows.iter().take(MAX_ROWS).enumerate() {
        h.push_str(&hrefs.get(i).map_or("<tr>".into(), |href| format!("<tr data-href=\"{}\">", esc(href))));
        for (j, (c, v)) in t.columns.iter().zip(r).enumerate() {
            let text = match hrefs.get(i) {
                Some(href) if j == 0 => format!("<a href=\"{}\" class=\"machine-link\">{}</a>", esc(href), esc(v)),
                _ => esc(v),
            };
            cell(&mut h, "td", c.numeric, &text);
        }
        h.push_str("</tr>");
    }
    if t.rows.len() > MAX_ROWS {
        h.push_str(&format!(
            "<tr><td colspan=\"{}\" class=\"help\">… and {} more rows in the CSV</td></tr>",
            t.columns.len(),
            t.rows.len() - MAX_ROWS
        ));
    }
    if let Some(r) = &t.total {
        h.push_str("<tr class=\"total\">");
        for (c, v) in t.columns.iter().zip(r) {
            cell(&mut h, "td", c.numeric, &esc(v));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h
}

/// One bar of a chart: label, value (and a lighter second value behind it), the value as
/// text, and a link.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub behind: f64,
    pub text: String,
    pub href: Option<String>,
}

const PALETTE: [&str; 8] = ["#2f6690", "#3a7d44", "#c0633a", "#7b5ea7", "#b08a1e", "#2d8c8c", "#a4436a", "#5a6670"];

/// A horizontal bar chart, the label above each bar so it reads at phone width.
pub fn bars_svg(id: &str, title: &str, bars: &[Bar]) -> String {
    const W: f64 = 360.0;
    const ROW: f64 = 34.0;
    let h = 8.0 + ROW * bars.len() as f64;
    let max = bars.iter().map(|b| b.value.max(b.behind)).fold(0.0, f64::max).max(1e-9);
    // A picture, unless its bars are links: links inside an image are hidden from screen
    // readers, so a chart of links is a labelled group.
    let role = if bars.iter().any(|b| b.href.is_some()) { "group" } else { "img" };
    let mut s = format!(
        "<figure class=\"chart\" id=\"{id}\"><figcaption>{}</figcaption><svg viewBox=\"0 0 {W} {h}\" role=\"{role}\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title),
        esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let bw = |v: f64| (v / max * (W - 8.0)).max(if v > 0.0 { 1.5 } else { 0.0 });
        let mut row = format!("<text x=\"0\" y=\"{:.1}\" class=\"lbl\">{}</text>", y + 11.0, esc(&b.label));
        row.push_str(&format!("<text x=\"{W}\" y=\"{:.1}\" class=\"val\" text-anchor=\"end\">{}</text>", y + 11.0, esc(&b.text)));
        if b.behind > 0.0 {
            row.push_str(&format!("<rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" class=\"behind\"/>", y + 16.0, bw(b.behind)));
        }
        row.push_str(&format!(
            "<rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"{}\"><title>{}: {}</title></rect>",
            y + 16.0,
            bw(b.value),
            PALETTE[i % PALETTE.len()],
            esc(&b.label),
            esc(&b.text)
        ));
        s.push_str(&match &b.href {
            Some(href) => format!("<a href=\"{}\" class=\"bar-link\">{row}</a>", esc(href)),
            None => row,
        });
    }
    s.push_str("</svg></figure>");
    s
}

/// A tick step of 1, 2 or 5 times a power of ten giving about `n` ticks over `span`.
fn tick_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(1e-9);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| *s >= raw).unwrap_or(10.0 * p)
}

/// The build order as a Gantt chart: one row per unit (at most `MAX_ROWS`), weeks across,
/// each bar a link to its machine's page.
pub fn gantt_svg(data: &Data, plan: &Plan, state: &PlanState) -> String {
    const L: f64 = 168.0;
    const W: f64 = 640.0;
    const ROW: f64 = 18.0;
    const TOP: f64 = 26.0;
    let units = &plan.schedule[..plan.schedule.len().min(MAX_ROWS)];
    let span = plan.schedule_weeks.max(plan.lower_bound_weeks).max(1e-6);
    let x = |w: f64| L + w / span * (W - L - 10.0);
    let h = TOP + ROW * units.len() as f64 + 6.0;
    let mut s = format!(
        "<figure class=\"chart gantt\" id=\"plan-gantt\"><figcaption>Build order: one row per unit, weeks across (bars link to the machine)</figcaption><div class=\"scroll\"><svg viewBox=\"0 0 {W} {h:.0}\" role=\"group\" aria-label=\"Gantt chart of the build order\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let step = tick_step(span, 8.0);
    let mut w = 0.0;
    while w <= span + 1e-9 {
        s.push_str(&format!(
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1}\" y2=\"{2:.0}\" class=\"grid\"/><text x=\"{0:.1}\" y=\"14\" class=\"tick\" text-anchor=\"middle\">{3}</text>",
            x(w),
            TOP - 4.0,
            h - 4.0,
            format_number(w, 4)
        ));
        w += step;
    }
    s.push_str(&format!("<text x=\"{}\" y=\"14\" class=\"tick\" text-anchor=\"end\">week</text>", L - 6.0));
    let colour = |id: &str| {
        let i = plan.machine_lines.iter().position(|m| m.id == id).unwrap_or(0);
        PALETTE[i % PALETTE.len()]
    };
    for (i, u) in units.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let name = name_of(data, &u.machine);
        let label: String = if name.chars().count() > 22 { name.chars().take(21).chain(['…']).collect() } else { name.clone() };
        s.push_str(&format!(
            "<a href=\"{}\" class=\"bar-link\" data-machine=\"{}\"><text x=\"{}\" y=\"{:.1}\" class=\"lbl\" text-anchor=\"end\">{} #{}</text><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{}\" rx=\"2\" fill=\"{}\"><title>{} #{}: weeks {} to {}, {} with {}</title></rect></a>",
            esc(&machine_href(state, &u.machine)),
            esc(&u.machine),
            L - 6.0,
            y + 12.5,
            esc(&label),
            u.unit,
            x(u.start_week),
            y + 3.0,
            (x(u.end_week) - x(u.start_week)).max(2.0),
            ROW - 6.0,
            colour(&u.machine),
            esc(&name),
            u.unit,
            weeks(u.start_week),
            weeks(u.end_week),
            fmt::hours(u.hours),
            if u.tools.is_empty() { "hand tools".to_string() } else { u.tools.join(", ") }
        ));
    }
    let lb = x(plan.lower_bound_weeks);
    s.push_str(&format!(
        "<line x1=\"{lb:.1}\" x2=\"{lb:.1}\" y1=\"{}\" y2=\"{:.0}\" class=\"bound\"><title>lower bound: {} weeks</title></line>",
        TOP - 4.0,
        h - 4.0,
        weeks(plan.lower_bound_weeks)
    ));
    s.push_str("</svg></div>");
    if plan.schedule.len() > MAX_ROWS {
        s.push_str(&format!(
            "<p class=\"help\">The first {MAX_ROWS} of {} units; the schedule table and the CSV have them all.</p>",
            plan.schedule.len()
        ));
    }
    s.push_str("<p class=\"help\">The dashed line is the lower bound: the longer of the critical path and all the work over the crew.</p></figure>");
    s
}

/// The results part of the page: figures, charts and every table, as HTML.
pub fn results_html(data: &Data, village: &VillageData, plan: &Plan, report: &Report, state: &PlanState) -> String {
    let cur = plan.currency.as_str();
    let o = &state.opts;
    let mut h = format!(
        "<p class=\"plan-title\" id=\"plan-title\">Village of {} people · {} · built out over {} years · crew of {} at {} h a week</p><div class=\"figures\">",
        format_number(plan.people as f64, 9),
        esc(village.preset(&o.preset).map_or(&o.preset, |p| &p.name)),
        format_number(o.years, 3),
        o.crew,
        format_number(o.hours_per_week, 3)
    );
    for f in &report.figures {
        h.push_str(&format!(
            "<div class=\"figure\" id=\"{}\"><div class=\"figure-label\">{}</div><div class=\"figure-value\">{}</div><div class=\"figure-note\">{}</div></div>",
            f.id,
            esc(&f.label),
            esc(&f.value),
            esc(f.note.as_deref().unwrap_or(""))
        ));
    }
    h.push_str("</div>");
    let table = |id: &str| report.table(id).map(|t| table_html(t, &[])).unwrap_or_default();
    let hrefs: Vec<String> = plan.machine_lines.iter().map(|m| machine_href(state, &m.id)).collect();
    h.push_str("<section class=\"plan-section\" id=\"plan-machines-section\"><h2>Machines</h2>");
    if let Some(t) = report.table("plan-machines") {
        h.push_str(&table_html(t, &hrefs));
    }
    if !plan.not_modelled.is_empty() {
        h.push_str(&table("plan-not-modelled"));
    }
    h.push_str(&table("plan-commercial"));
    h.push_str(&table("plan-leaves-out"));
    h.push_str("</section><section class=\"plan-section\" id=\"plan-charts\"><h2>Cost and labour</h2><div class=\"charts\">");
    let cat: Vec<Bar> = plan
        .cost_by_category
        .iter()
        .map(|(k, v)| Bar { label: k.clone(), value: *v, behind: 0.0, text: fmt::money(*v, cur), href: None })
        .collect();
    h.push_str(&bars_svg("chart-cost-category", "Materials by category", &cat));
    let by_machine: Vec<Bar> = plan
        .machine_lines
        .iter()
        .zip(&hrefs)
        .map(|(m, href)| Bar {
            label: format!("{} × {}", m.name, m.count),
            value: m.unit_cost * m.count as f64,
            behind: 0.0,
            text: fmt::money(m.unit_cost * m.count as f64, cur),
            href: Some(href.clone()),
        })
        .collect();
    h.push_str(&bars_svg("chart-cost-machine", "Materials by machine (each unit's stock bought alone)", &by_machine));
    let trades: Vec<Bar> = plan
        .labour_by_trade
        .iter()
        .map(|t| Bar {
            label: t.label.clone(),
            value: t.hours,
            behind: t.hours_without_tools,
            text: format!("{} ({} by hand)", fmt::hours(t.hours), fmt::hours(t.hours_without_tools)),
            href: None,
        })
        .collect();
    h.push_str(&bars_svg("chart-labour", "Labour by trade: with the village's tools (pale: by hand)", &trades));
    h.push_str("</div>");
    h.push_str(&table("plan-cost-by-category"));
    h.push_str(&table("plan-labour-by-trade"));
    h.push_str("</section><section class=\"plan-section\" id=\"plan-schedule-section\"><h2>Schedule</h2>");
    h.push_str(&gantt_svg(data, plan, state));
    h.push_str(&table("plan-schedule"));
    h.push_str("</section><section class=\"plan-section\" id=\"plan-shopping\"><h2>Shopping list</h2>");
    for id in ["plan-stock", "plan-plate", "plan-purchased", "plan-patterns"] {
        h.push_str(&table(id));
    }
    h.push_str("</section><section class=\"plan-section\" id=\"plan-demand-section\"><h2>Demand</h2>");
    h.push_str(&table("plan-demand"));
    h.push_str(&table("plan-figures"));
    h.push_str("</section>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load() -> (Data, VillageData) {
        let d = gvcs_assets::load().unwrap();
        let v = gvcs_village::load(&d).unwrap();
        (d, v)
    }

    #[test]
    fn inputs_are_checked_one_at_a_time() {
        let (d, v) = load();
        let mut s = PlanState::new(&v);
        let before = s.clone();
        for (k, t, msg) in [
            ("people", "0", "population"),
            ("people", "-5", "population"),
            ("people", "banana", "banana"),
            ("people", "1e99", "10,000,000"),
            ("years", "0", "build-out"),
            ("years", "NaN", "build-out"),
            ("crew", "2.5", "crew"),
            ("hpw", "200", "Hours per week"),
            ("year", "1700", "money year"),
            ("labour", "free", "labour rate"),
            ("preset", "castle", "castle"),
            ("demand.floor_area", "-3", "floor_area"),
            ("demand.floor_area", "40 kg", "floor_area"),
            ("demand.nothing", "1", "nothing"),
            ("count.truck", "x", "count of truck"),
            ("count.spaceship", "1", "spaceship"),
            ("zzz", "1", "zzz"),
        ] {
            let e = s.set(&d, &v, k, t).unwrap_err();
            assert!(e.to_lowercase().contains(&msg.to_lowercase()), "{k}={t}: {e}");
            assert_eq!(s, before, "{k}={t} changed the state");
        }
        s.set(&d, &v, "people", " 1000 ").unwrap();
        s.set(&d, &v, "demand.floor_area", "400 ft2").unwrap();
        s.set(&d, &v, "use.sawmill", "0").unwrap();
        s.set(&d, &v, "use.seeder", "1").unwrap();
        assert!(!s.uses(&v, "sawmill") && s.uses(&v, "seeder") && s.uses(&v, "ceb-press"));
        s.set(&d, &v, "demand.floor_area", "").unwrap();
        assert!(s.opts.overrides.is_empty());
    }

    #[test]
    fn no_input_panics() {
        let (d, v) = load();
        let texts = [
            "",
            " ",
            "-0",
            "0",
            "1",
            "1e308",
            "-1e308",
            "NaN",
            "inf",
            "1/0",
            "0x10",
            "9".repeat(400).as_str(),
            "é",
            "\u{0}",
            "1 ft",
            "2 * 3",
            "((((",
            "%ZZ",
        ]
        .map(String::from);
        let keys = [
            "people",
            "preset",
            "years",
            "crew",
            "hpw",
            "year",
            "labour",
            "units",
            "demand",
            "demand.floor_area",
            "demand.",
            "count.welder",
            "count.",
            "use.",
            "use.sawmill",
            "",
        ];
        for k in keys {
            for t in &texts {
                let mut s = PlanState::new(&v);
                let _ = s.set(&d, &v, k, t);
                let _ = PlanState::from_link(&d, &v, &format!("#/plan?{k}={t}&{t}={k}"));
                let _ = PlanState::from_file(&d, &v, &format!("{{\"format\":\"gvcs-plan\",\"version\":1,\"plan\":{{\"{k}\":\"{t}\"}}}}"));
                let _ = Store::read(Some(t));
            }
        }
    }

    #[test]
    fn the_link_file_and_value_round_trip() {
        let (d, v) = load();
        let mut s = PlanState::new(&v);
        for (k, t) in [
            ("people", "1234"),
            ("preset", "food-and-energy-core"),
            ("years", "3.5"),
            ("crew", "7"),
            ("hpw", "35"),
            ("year", "2015"),
            ("labour", "shop"),
            ("units", "imperial"),
            ("demand.floor_area", "40"),
            ("demand.water_per_person", "80 L / 1 day"),
            ("count.welder", "3"),
            ("use.lifetrac", "0"),
        ] {
            s.set(&d, &v, k, t).unwrap();
        }
        let link = s.to_link(&d, &v);
        assert!(link.starts_with("#/plan?people=1234&preset=food-and-energy-core&years=3.5"), "{link}");
        let (back, notices) = PlanState::from_link(&d, &v, &link);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, s);
        let file = s.to_file(&d, &v, "Big \"village\"");
        let (name, back) = PlanState::from_file(&d, &v, &file).unwrap();
        assert_eq!((name.as_str(), &back), ("Big \"village\"", &s));
        assert_eq!(PlanState::from_link(&d, &v, "#/plan").0, PlanState::new(&v));
    }

    #[test]
    fn broken_links_and_files_say_what_is_wrong() {
        let (d, v) = load();
        let (s, notices) = PlanState::from_link(&d, &v, "#/plan?people=-4&years=x&count.welder=2&demand.cropland=99&%ZZ=1&wat=3");
        assert_eq!(s.opts.people, DEFAULT_PEOPLE);
        assert_eq!(s.opts.fixed.get("welder"), Some(&2));
        assert_eq!(notices.len(), 5, "{notices:?}");
        for (text, msg) in [
            ("", "not JSON"),
            ("{", "not JSON"),
            ("[]", "format"),
            (r#"{"format":"gvcs-plan"}"#, "version"),
            (r#"{"format":"gvcs-plan","version":2,"plan":{}}"#, "newer version"),
            (r#"{"format":"gvcs-plan","version":1,"plan":[]}"#, "not an object"),
            (r#"{"format":"gvcs-plan","version":1,"plan":{"people":0}}"#, "population"),
            (r#"{"format":"gvcs-plan","version":1,"plan":{"people":[1]}}"#, "people"),
        ] {
            let e = PlanState::from_file(&d, &v, text).unwrap_err();
            assert!(e.contains(msg) && e.contains("Nothing was changed"), "{text}: {e}");
        }
    }

    #[test]
    fn the_store_keeps_what_it_cannot_read() {
        let (d, v) = load();
        assert_eq!(Store::read(None).unwrap(), Store::default());
        let mut st = Store::default();
        let s = PlanState::new(&v);
        st.put("Home", s.to_value(&d, &v)).unwrap();
        st.put("Home", s.to_value(&d, &v)).unwrap();
        assert!(st.put("  ", Value::Null).is_err());
        let text = st.write();
        assert!(text.starts_with("{\"version\":1,\"plans\":{\"Home\":{\"people\":200"), "{text}");
        let back = Store::read(Some(&text)).unwrap();
        assert_eq!(back, st);
        assert_eq!(PlanState::from_value(&d, &v, back.get("Home").unwrap()).unwrap(), s);
        assert!(Store::read(Some("{not json")).unwrap_err().contains("could not be read"));
        assert!(Store::read(Some(r#"{"plans":{}}"#)).unwrap_err().contains("could not be read"));
        assert!(Store::read(Some(r#"{"version":2,"plans":{}}"#)).unwrap_err().contains("newer version"));
        // A plan this version cannot read survives saving another.
        let mut st = Store::read(Some(r#"{"version":1,"plans":{"odd":{"people":"many","future":[1,2]}}}"#)).unwrap();
        st.put("new", s.to_value(&d, &v)).unwrap();
        assert!(st.write().contains(r#""odd":{"people":"many","future":[1,2]}"#));
    }

    #[test]
    fn the_report_charts_and_gantt_follow_the_plan() {
        let (d, v) = load();
        let mut s = PlanState::new(&v);
        s.set(&d, &v, "people", "5000000").unwrap();
        s.set(&d, &v, "preset", "full-set").unwrap();
        let e = gvcs_village::plan(&d, &v, &s.opts).unwrap_err();
        assert!(e.contains("more than 100,000 machine units"), "{e}");
        let mut s = PlanState::new(&v);
        let small = gvcs_village::plan(&d, &v, &s.opts).unwrap();
        s.set(&d, &v, "people", "20000").unwrap();
        let big = gvcs_village::plan(&d, &v, &s.opts).unwrap();
        assert!(big.units > small.units);
        let r = report(&d, &big, System::Metric);
        let html = results_html(&d, &v, &big, &r, &s);
        assert_eq!(html.matches("data-machine=").count(), big.units.min(MAX_ROWS));
        assert!(html.contains("href=\"#/ceb-press\""), "machine links");
        assert!(html.contains("id=\"chart-cost-category\"") && html.contains("id=\"chart-labour\""));
        let csv = r.to_csv();
        assert!(csv.lines().filter(|l| l.starts_with("plan-schedule,")).count() == big.units);
        assert!(!html.contains("NaN"));
        s.set(&d, &v, "units", "imperial").unwrap();
        s.set(&d, &v, "year", "2015").unwrap();
        assert_eq!(machine_href(&s, "ceb-press"), "#/ceb-press?units=imperial&year=2015");
        assert_eq!(tick_step(37.0, 8.0), 5.0);
        assert_eq!(tick_step(0.3, 8.0), 0.05);
    }
}
