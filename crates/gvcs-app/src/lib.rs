//! The app's state as plain data, shared by every front: which machine is shown with which
//! parameters, units, crew, tab and selected part; its share link (the URL fragment); and
//! the whole calculation behind one change (evaluate → meshes → bill of materials).
//!
//! Pure and native-tested; the web crate renders it and the CLI reads the same core.

pub mod catalog;
mod link;
pub mod planner;

pub use link::{Link, Show, encode as link_encode, format_link, parse_link};

use gvcs_assets::Data;
use gvcs_bom::rates::LabourRate;
use gvcs_bom::report::Report;
use gvcs_bom::{Bom, BomOptions};
use gvcs_def::map::LiteMap;
use gvcs_def::{DefError, Instance, Settings, System};
use gvcs_geom::PartMesh;

/// The machine a link without one shows.
pub const DEFAULT_MACHINE: &str = "ceb-press";

mod packed {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

/// The planner's `village.toml`, checked when it was built (see the build script): what the
/// browser uses instead of reading the file (`gvcs_village::load`, which the CLI uses).
pub fn village() -> Result<gvcs_village::VillageData, String> {
    gvcs_def::packed::from_bytes(packed::VILLAGE).map_err(|e| format!("the embedded village data could not be read: {e}"))
}

/// The tabs under the 3D view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Summary,
    Cuts,
    Stock,
    Purchased,
    Labour,
    Sources,
}

impl Tab {
    pub const ALL: [Tab; 6] = [Tab::Summary, Tab::Cuts, Tab::Stock, Tab::Purchased, Tab::Labour, Tab::Sources];

    pub fn key(self) -> &'static str {
        match self {
            Tab::Summary => "summary",
            Tab::Cuts => "cuts",
            Tab::Stock => "stock",
            Tab::Purchased => "purchased",
            Tab::Labour => "labour",
            Tab::Sources => "sources",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Summary => "Summary",
            Tab::Cuts => "Cut list",
            Tab::Stock => "Stock to buy",
            Tab::Purchased => "Purchased parts",
            Tab::Labour => "Labour",
            Tab::Sources => "Sources",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.key() == s)
    }
}

/// Everything a person has chosen; enough to reproduce the screen.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub machine: String,
    pub settings: Settings,
    pub system: System,
    /// `None`: the labour file's default crew.
    pub crew: Option<u32>,
    pub tab: Tab,
    /// Path of the selected part.
    pub part: Option<String>,
    pub exploded: bool,
    /// The assembly step shown (0-based); `None`: all parts.
    pub step: Option<usize>,
    /// Where stock is bought (`us`, `metric`); `None` for the stock library's default.
    pub market: Option<String>,
    /// A person's own prices, by price-book item id.
    pub prices: LiteMap<String, f64>,
    /// The year whose money costs are shown in; `None` for the newest the indices give.
    pub money_year: Option<i32>,
    pub labour_rate: LabourRate,
    /// Presentation mode, labels and turntable, as a link prepared for a class asks.
    pub show: Show,
}

impl State {
    pub fn new(machine: &str) -> State {
        State {
            machine: machine.to_string(),
            settings: Settings::default(),
            system: System::Metric,
            crew: None,
            tab: Tab::Summary,
            part: None,
            exploded: false,
            step: None,
            market: None,
            prices: LiteMap::new(),
            money_year: None,
            labour_rate: LabourRate::Wage,
            show: Show::default(),
        }
    }

    /// The state a share link describes, and a sentence for everything in it that could
    /// not be used (which then keeps its default).
    pub fn from_link(data: &Data, fragment: &str) -> (State, Vec<String>) {
        let (link, mut notices) = parse_link(fragment);
        let mut machine = link.machine.clone().unwrap_or_else(|| DEFAULT_MACHINE.to_string());
        if data.library.machine(&machine).is_none() {
            let known = data.library.index_entry(&machine).map(|e| format!("“{}” has no definition yet", e.name));
            notices
                .push(format!("{}; showing the CEB Press instead.", known.unwrap_or_else(|| format!("There is no machine “{machine}”"))));
            machine = DEFAULT_MACHINE.to_string();
        }
        let mut state = State::new(&machine);
        if let Some(m) = data.library.machine(&machine) {
            let (settings, issues) = m.parse_settings(link.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            state.settings = settings;
            notices.extend(issues.into_iter().map(|i| format!("{}; kept the default.", i.message)));
        }
        state.system = link.system.unwrap_or_default();
        state.crew = link.crew;
        state.tab = link.tab.unwrap_or_default();
        state.part = link.part;
        state.exploded = link.exploded;
        state.show = link.show;
        if let (Some(k), Some(m)) = (&link.step, data.library.machine(&state.machine)) {
            match parse_step(m, k) {
                Ok(s) => state.step = s,
                Err(e) => notices.push(format!("{e}; showing all parts.")),
            }
        }
        for (id, v) in &link.prices {
            match data.rates.prices.check_override(id, v) {
                Ok(p) => {
                    state.prices.insert(id.clone(), p);
                }
                Err(e) => notices.push(format!("{e}; kept the price book's.")),
            }
        }
        if let Some(y) = link.year {
            match data.rates.prices.indices.check_year(&y) {
                Ok(y) => state.money_year = (y != data.rates.prices.year).then_some(y),
                Err(e) => notices.push(format!("In the link, {e}; using {}.", data.rates.prices.year)),
            }
        }
        if let Some(r) = link.labour {
            match LabourRate::parse(&r) {
                Ok(r) => state.labour_rate = r,
                Err(e) => notices.push(format!("In the link, {e}; using the wage.")),
            }
        }
        if let Some(m) = link.market {
            match data.library.stock.check_market(&m) {
                Ok(()) => state.market = Some(m),
                Err(e) => notices.push(format!("In the link, {e}; using {}.", data.library.stock.markets[0].id)),
            }
        }
        (state, notices)
    }

    /// The share link (URL fragment) of this state: only what differs from the defaults.
    pub fn to_link(&self, data: &Data) -> String {
        let params = data.library.machine(&self.machine).map(|m| m.settings_to_pairs(&self.settings)).unwrap_or_default();
        format_link(&Link {
            machine: Some(self.machine.clone()),
            params,
            system: (self.system != System::Metric).then_some(self.system),
            crew: self.crew,
            tab: (self.tab != Tab::Summary).then_some(self.tab),
            part: self.part.clone(),
            exploded: self.exploded,
            step: self.step.map(|s| (s + 1).to_string()),
            market: self.market.clone(),
            prices: self.prices.iter().map(|(k, v)| (k.clone(), gvcs_def::units::format_plain(*v, 8))).collect(),
            year: self.money_year.map(|y| y.to_string()),
            labour: (self.labour_rate != LabourRate::Wage).then(|| self.labour_rate.key().to_string()),
            show: self.show,
        })
    }

    pub fn options(&self) -> BomOptions<'_> {
        BomOptions {
            system: self.system,
            crew: self.crew,
            market: self.market.as_deref(),
            prices: Some(&self.prices),
            money_year: self.money_year,
            labour_rate: self.labour_rate,
        }
    }
}

/// Reads an assembly step as links and the embedded viewer write it: `1` is the first step,
/// `all` (or nothing) every part. Gives the 0-based step, or why it cannot be used.
pub fn parse_step(m: &gvcs_def::Machine, text: &str) -> Result<Option<usize>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    let n = m.steps.len();
    let t: String = t.chars().take(40).collect();
    match t.parse::<usize>() {
        Ok(k) if (1..=n).contains(&k) => Ok(Some(k - 1)),
        _ if n == 0 => Err(format!("The {} has no assembly steps, so step “{}” cannot be shown", m.name, t)),
        _ => Err(format!("Step “{}” is not a step of the {} (1 to {n})", t, m.name)),
    }
}

/// The result of one calculation.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    pub instance: Instance,
    pub bom: Bom,
    /// The bill of materials as rows in the state's units.
    pub report: Report,
    pub meshes: Vec<PartMesh>,
}

impl Computed {
    /// Index into `instance.parts` of the part at `path`.
    pub fn part_index(&self, path: &str) -> Option<usize> {
        self.instance.parts.iter().position(|p| p.path == path)
    }
}

/// Evaluates, meshes and costs the machine of `state`: all a parameter change needs.
pub fn compute(data: &Data, state: &State) -> Result<Computed, DefError> {
    let (instance, bom) = data.compute(&state.machine, &state.settings, state.options())?;
    let mut meshes = gvcs_geom::build(&data.library, &instance);
    if state.exploded {
        gvcs_geom::explode(&instance, &mut meshes, 0.6);
    }
    let report = gvcs_bom::report::report(&data.library, &bom, state.system);
    Ok(Computed { instance, bom, report, meshes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Data {
        gvcs_assets::load().unwrap()
    }

    #[test]
    fn a_link_round_trips() {
        let d = data();
        let mut s = State::new("ceb-press");
        s.settings = d.library.machine("ceb-press").unwrap().parse_settings([("bore", "5.5"), ("stroke", "18")]).0;
        s.system = System::Imperial;
        s.crew = Some(3);
        s.tab = Tab::Stock;
        s.part = Some("main-cylinder".into());
        s.step = Some(2);
        s.market = Some("metric".into());
        s.prices.insert("steel-plate".into(), 1.25);
        let link = s.to_link(&d);
        assert_eq!(
            link,
            "#/ceb-press?bore=5.5&stroke=18&units=imperial&crew=3&tab=stock&part=main-cylinder&step=3&stock=metric&price.steel-plate=1.25"
        );
        let (back, notices) = State::from_link(&d, &link);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn a_step_travels_in_the_link_and_a_bad_one_is_explained() {
        let d = data();
        let (s, notices) = State::from_link(&d, "#/power-cube?step=6");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.step, Some(5));
        assert_eq!(s.to_link(&d), "#/power-cube?step=6");
        assert_eq!(State::from_link(&d, "#/power-cube?step=all").0.step, None);
        for bad in ["0", "7", "two", "-1"] {
            let (s, notices) = State::from_link(&d, &format!("#/power-cube?step={bad}"));
            assert_eq!(s.step, None);
            assert!(notices.len() == 1 && notices[0].contains("not a step of the Power Cube (1 to 6)"), "{notices:?}");
        }
        let (s, notices) = State::from_link(&d, "#/lifetrac?step=2");
        assert_eq!(s.step, None);
        assert!(notices[0].contains("has no assembly steps"), "{notices:?}");
    }

    #[test]
    fn a_link_prepared_for_a_class_opens_in_presentation_mode() {
        let d = data();
        let (s, notices) = State::from_link(&d, "#/ceb-press?step=3&view=labels&view=present");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.show, Show { present: true, labels: true, turntable: false });
        assert_eq!(s.to_link(&d), "#/ceb-press?view=present&view=labels&step=3");
        let (s, notices) = State::from_link(&d, "#/ceb-press?view=turntable&view=exploded&view=fireworks");
        assert_eq!((s.show, s.exploded), (Show { turntable: true, ..Show::default() }, true));
        assert_eq!(notices, ["“view=fireworks” in the link is not one of exploded, present, labels, turntable."]);
        assert_eq!(s.to_link(&d), "#/ceb-press?view=exploded&view=turntable");
        assert_eq!(State::new("ceb-press").to_link(&d), "#/ceb-press", "nothing shown, nothing written");
    }

    #[test]
    fn own_prices_change_the_cost_and_say_so() {
        let d = data();
        let base = compute(&d, &State::new("ceb-press")).unwrap().bom;
        let twice = 2.0 * d.rates.prices.item("steel-plate").unwrap().price;
        let (s, notices) = State::from_link(&d, &format!("#/ceb-press?price.steel-plate={twice}"));
        assert!(notices.is_empty(), "{notices:?}");
        let mine = compute(&d, &s).unwrap().bom;
        let plate = |b: &gvcs_bom::Bom| b.costs.lines.iter().filter(|c| c.price == "steel-plate").map(|c| c.cost).sum::<f64>();
        assert!((plate(&mine) / plate(&base) - 2.0).abs() < 1e-9, "plate at twice the price costs twice as much");
        assert!(mine.costs.lines.iter().any(|c| c.price_date == "yours"));
    }

    #[test]
    fn a_broken_link_falls_back_with_messages() {
        let d = data();
        let (s, notices) =
            State::from_link(&d, "#/ceb-press?bore=banana&stroke=99&units=furlongs&crew=-2&zzz=1&stock=mars&price.gold=1&price.paint=-4");
        assert_eq!(s.machine, "ceb-press");
        assert!(s.settings.0.is_empty());
        assert_eq!(s.market, None);
        assert!(s.prices.is_empty());
        assert_eq!(notices.len(), 8, "{notices:?}");
        assert!(notices.iter().any(|n| n.contains("banana")));
        assert!(notices.iter().any(|n| n.contains("outside its range")));
        let (s, notices) = State::from_link(&d, "#/truck");
        assert_eq!(s.machine, DEFAULT_MACHINE);
        assert!(notices[0].contains("no definition yet"), "{notices:?}");
        let (_, notices) = State::from_link(&d, "#/%%%?=&&=");
        assert!(!notices.is_empty());
        // A 40 kB link (a paste gone wrong) gives messages a person can read.
        let long = "x".repeat(40_000);
        let (s, notices) = State::from_link(&d, &format!("#/{long}?bore={long}&{long}=1&tab={long}&=%{long}"));
        assert_eq!(s.machine, DEFAULT_MACHINE);
        assert!(notices.len() >= 4 && notices.iter().all(|n| n.chars().count() < 200), "{notices:?}");
        assert!(compute(&d, &State::new("power-cube")).is_ok());
    }
}

#[cfg(test)]
mod village_tests {
    /// What the build packed is the file as the planner reads it.
    #[test]
    fn the_packed_village_data_is_the_file_read() {
        let data = gvcs_assets::load().unwrap();
        let bytes = |v: &gvcs_village::VillageData| gvcs_def::packed::to_bytes(v).unwrap();
        assert!(bytes(&super::village().unwrap()) == bytes(&gvcs_village::load(&data).unwrap()));
    }
}
