//! Everything the definitions need, loaded together and cross-checked: the GVCS index,
//! the stock library, the component catalogue and every machine.

use crate::check::Doc;
use crate::component::Catalogue;
use crate::error::{DefError, Errors, Source};
use crate::index::{IndexEntry, parse_index};
use crate::machine::{Machine, link_includes};
use crate::stock::StockLibrary;

/// The names a library's files must have.
pub const INDEX_FILE: &str = "gvcs.toml";
pub const STOCK_FILE: &str = "stock.toml";
pub const COMPONENTS_FILE: &str = "components.toml";
/// Machine definitions live in files under this folder.
pub const MACHINES_DIR: &str = "machines/";

#[derive(Clone, Debug, PartialEq)]
pub struct Library {
    pub index: Vec<IndexEntry>,
    pub stock: StockLibrary,
    pub components: Catalogue,
    pub machines: Vec<Machine>,
}

impl Library {
    /// Loads from `(name, text)` pairs, reporting every problem in every file.
    pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Library, Errors> {
        let files: Vec<(&str, &str)> = files.into_iter().collect();
        let find = |name: &str| -> Result<&str, DefError> {
            files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).ok_or_else(|| Source::new(name, "").error("file is missing"))
        };
        let mut errors = Vec::new();
        let index = collect(&mut errors, find(INDEX_FILE).map_err(|e| vec![e]).and_then(|t| parse_index(Source::new(INDEX_FILE, t))));
        let stock =
            collect(&mut errors, find(STOCK_FILE).map_err(|e| vec![e]).and_then(|t| StockLibrary::parse(Source::new(STOCK_FILE, t))));
        let components =
            collect(&mut errors, find(COMPONENTS_FILE).map_err(|e| vec![e]).and_then(|t| Catalogue::parse(Doc::new(COMPONENTS_FILE, t))));
        let (Some(index), Some(stock), Some(components)) = (index, stock, components) else {
            return Err(Errors(errors));
        };
        let mut machines: Vec<Machine> = Vec::new();
        for (name, text) in files.iter().filter(|(n, _)| n.starts_with(MACHINES_DIR)) {
            if let Some(m) = collect(&mut errors, Machine::parse(Doc::new(name, text), &stock, &components, &index)) {
                if machines.iter().any(|o| o.id == m.id) {
                    errors.push(Source::new(name, text).error(format!("machine `{}` is defined in two files", m.id)));
                    continue;
                }
                machines.push(m);
            }
        }
        errors.extend(link_includes(&machines));
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let lib = Library { index, stock, components, machines };
        // Every definition must build at its defaults: this finds mixed-up dimensions and
        // impossible sizes when the file is loaded, not when someone moves a slider.
        for m in &lib.machines {
            if let Err(e) = lib.evaluate(&m.id, &crate::Settings::default()) {
                errors.push(e);
            }
        }
        if errors.is_empty() { Ok(lib) } else { Err(Errors(errors)) }
    }

    pub fn machine(&self, id: &str) -> Option<&Machine> {
        self.machines.iter().find(|m| m.id == id)
    }

    pub fn index_entry(&self, id: &str) -> Option<&IndexEntry> {
        self.index.iter().find(|m| m.id == id)
    }
}

fn collect<T>(errors: &mut Vec<DefError>, r: Result<T, Vec<DefError>>) -> Option<T> {
    r.map_err(|e| errors.extend(e)).ok()
}
