//! The home page's catalog of the 50 machines without a screen: what a search and the
//! filters keep, the link that holds them (`#/?q=press&cat=habitat&show=defined&cube=1`), each
//! defined machine's headline numbers, and the machines related to one.

use gvcs_assets::Data;
use gvcs_bom::BomOptions;
use gvcs_def::index::{Category, IndexEntry};
use gvcs_def::{Library, Settings};

/// Which machines the catalog shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Words that must each appear in the name, an alias or the id.
    pub query: String,
    pub category: Option<Category>,
    /// `Some(true)`: defined only; `Some(false)`: not yet defined only.
    pub defined: Option<bool>,
    /// Only machines that run on or carry a Power Cube.
    pub power_cube: bool,
}

impl Filter {
    /// Reads the catalog's link parameters; what cannot be used becomes a sentence.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Filter, Vec<String>) {
        let mut f = Filter::default();
        let mut notices = Vec::new();
        for (k, v) in pairs {
            match k {
                "q" => f.query = v.to_string(),
                "cat" => match Category::ALL.into_iter().find(|c| c.as_str() == v) {
                    Some(c) => f.category = Some(c),
                    None => notices.push(format!("There is no category “{v}”; showing all.")),
                },
                "show" => match v {
                    "defined" => f.defined = Some(true),
                    "planned" => f.defined = Some(false),
                    _ => notices.push(format!("“show={v}” is not defined or planned; showing all.")),
                },
                "cube" => f.power_cube = v == "1",
                _ => notices.push(format!("The catalog has no setting “{k}”.")),
            }
        }
        (f, notices)
    }

    /// The link to the catalog with this filter.
    pub fn to_link(&self) -> String {
        let mut q = Vec::new();
        if !self.query.trim().is_empty() {
            q.push(format!("q={}", crate::link::encode(self.query.trim())));
        }
        if let Some(c) = self.category {
            q.push(format!("cat={}", c.as_str()));
        }
        match self.defined {
            Some(true) => q.push("show=defined".into()),
            Some(false) => q.push("show=planned".into()),
            None => {}
        }
        if self.power_cube {
            q.push("cube=1".into());
        }
        if q.is_empty() { "#/".into() } else { format!("#/?{}", q.join("&")) }
    }

    pub fn matches(&self, lib: &Library, e: &IndexEntry) -> bool {
        // ASCII case folding: the index's names and aliases are English (a test keeps them
        // ASCII), and `str::to_lowercase` would bring Unicode's case tables, 4 kB of the
        // compressed download, for letters no name has.
        let text = format!("{} {} {}", e.id, e.name, e.aliases.join(" ")).to_ascii_lowercase();
        self.query.to_ascii_lowercase().split_whitespace().all(|w| text.contains(w))
            && self.category.is_none_or(|c| c == e.category)
            && self.defined.is_none_or(|d| d == lib.machine(&e.id).is_some())
            && (!self.power_cube || needs_power_cube(lib, &e.id))
    }
}

/// Whether a machine runs on a Power Cube or carries one (OSE's ecology or its definition).
pub fn needs_power_cube(lib: &Library, id: &str) -> bool {
    const CUBE: &str = "power-cube";
    id != CUBE
        && (lib.machine(id).is_some_and(|m| m.relations.uses.iter().any(|u| u == CUBE) || m.includes.iter().any(|i| i.machine == CUBE))
            || lib.index_entry(id).is_some_and(|e| e.uses.iter().any(|u| u == CUBE)))
}

/// A defined machine's numbers at its defaults, for its card.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    pub mass_kg: f64,
    pub cost: f64,
    pub currency: String,
    pub money_year: i32,
    pub labour_hours: f64,
}

pub fn headline(data: &Data, id: &str) -> Option<Headline> {
    let (_, bom) = data.compute(id, &Settings::default(), BomOptions::default()).ok()?;
    Some(Headline {
        mass_kg: bom.mass_kg,
        cost: bom.costs.total,
        currency: bom.costs.currency.clone(),
        money_year: bom.costs.money_year,
        labour_hours: bom.labour.hours,
    })
}

/// The machines of the set related to one, for its page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Related {
    /// What it is built with (tools and parts of the set).
    pub built_with: Vec<String>,
    /// What it needs to run.
    pub uses: Vec<String>,
    /// Machines that use it to run.
    pub used_by: Vec<String>,
    /// Machines built with it.
    pub builds: Vec<String>,
    /// What OSE's ecology says it makes possible.
    pub enables: Vec<String>,
}

pub fn related(lib: &Library, id: &str) -> Related {
    let uses_of = |m: &str| -> Vec<String> {
        match (lib.machine(m), lib.index_entry(m)) {
            (Some(d), _) if !d.relations.uses.is_empty() => d.relations.uses.clone(),
            (_, Some(e)) => e.uses.clone(),
            _ => Vec::new(),
        }
    };
    let others = || lib.index.iter().map(|e| e.id.as_str()).filter(|o| *o != id);
    Related {
        built_with: lib.built_with(id).to_vec(),
        uses: uses_of(id),
        used_by: others().filter(|o| uses_of(o).iter().any(|u| u == id)).map(String::from).collect(),
        builds: others().filter(|o| lib.built_with(o).iter().any(|b| b == id)).map(String::from).collect(),
        enables: lib.index_entry(id).map(|e| e.enables.clone()).unwrap_or_default(),
    }
}

/// OSE's wiki page for a machine of the set.
pub fn wiki_url(e: &IndexEntry) -> String {
    let name = e.aliases.first().unwrap_or(&e.name);
    format!("https://wiki.opensourceecology.org/wiki/{}", crate::link::encode(&name.replace(' ', "_")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_search_and_links() {
        let d = gvcs_assets::load().unwrap();
        let lib = &d.library;
        let all = |f: &Filter| lib.index.iter().filter(|e| f.matches(lib, e)).count();
        assert_eq!(all(&Filter::default()), 50);
        // Search folds ASCII case only (`matches`): that is all the names need.
        assert!(lib.index.iter().all(|e| e.name.is_ascii() && e.aliases.iter().all(|a| a.is_ascii())));
        assert_eq!(all(&Filter::from_pairs([("q", "CEB PRESS")]).0), all(&Filter::from_pairs([("q", "ceb press")]).0));
        let (f, notices) = Filter::from_pairs([("q", "press"), ("cat", "habitat")]);
        assert!(notices.is_empty());
        assert_eq!(lib.index.iter().filter(|e| f.matches(lib, e)).map(|e| e.id.as_str()).collect::<Vec<_>>(), ["ceb-press"]);
        assert_eq!(f.to_link(), "#/?q=press&cat=habitat");
        let defined = all(&Filter { defined: Some(true), ..Default::default() });
        assert_eq!(defined, lib.set_machines().count());
        assert_eq!(all(&Filter { defined: Some(false), ..Default::default() }), 50 - defined);
        let cube = Filter { power_cube: true, ..Default::default() };
        assert!(cube.matches(lib, lib.index_entry("lifetrac").unwrap()));
        assert!(!cube.matches(lib, lib.index_entry("power-cube").unwrap()));
        let (_, notices) = Filter::from_pairs([("cat", "space"), ("show", "x"), ("zz", "1")]);
        assert_eq!(notices.len(), 3);
    }

    #[test]
    fn relations_both_ways_and_headlines() {
        let d = gvcs_assets::load().unwrap();
        let r = related(&d.library, "power-cube");
        assert!(r.used_by.contains(&"ceb-press".to_string()) && r.used_by.contains(&"lifetrac".to_string()), "{r:?}");
        let t = related(&d.library, "cnc-torch-table");
        assert!(t.builds.contains(&"ceb-press".to_string()), "{t:?}");
        let h = headline(&d, "ceb-press").unwrap();
        assert!(h.mass_kg > 500.0 && h.cost > 1000.0 && h.labour_hours > 10.0);
        assert_eq!(headline(&d, "truck"), None);
        assert_eq!(wiki_url(d.library.index_entry("cnc-torch-table").unwrap()), "https://wiki.opensourceecology.org/wiki/CNC_Torch_Table");
    }
}
