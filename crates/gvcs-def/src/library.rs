//! Everything the definitions need, loaded together and cross-checked: the GVCS index,
//! the stock library, the component catalogue and every machine.

use crate::check::Doc;
use crate::component::Catalogue;
use crate::error::{DefError, Errors, FileText};
use crate::index::{IndexEntry, parse_index};
use crate::machine::{Machine, Tables, link_includes};
use crate::product::{PRODUCTS_FILE, Product, parse_products};
use crate::stock::StockLibrary;

/// The names a library's files must have.
pub const INDEX_FILE: &str = "gvcs.toml";
pub const STOCK_FILE: &str = "stock.toml";
pub const COMPONENTS_FILE: &str = "components.toml";
/// Machine definitions live in files under this folder ...
pub const MACHINES_DIR: &str = "machines/";
/// ... and sub-assemblies (includable, not machines of the set) under this one.
pub const ASSEMBLIES_DIR: &str = "assemblies/";

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Library {
    pub index: Vec<IndexEntry>,
    pub stock: StockLibrary,
    pub components: Catalogue,
    pub products: Vec<Product>,
    /// Machines of the set and sub-assemblies (see [`Machine::class`]).
    pub machines: Vec<Machine>,
}

impl Library {
    /// Loads from `(name, text)` pairs, reporting every problem in every file.
    pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Library, Errors> {
        let files: Vec<(&str, &str)> = files.into_iter().collect();
        let find = |name: &str| -> Result<&str, DefError> {
            files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).ok_or_else(|| FileText::new(name, "").error("file is missing"))
        };
        let mut errors = Vec::new();
        let index = collect(&mut errors, find(INDEX_FILE).map_err(|e| vec![e]).and_then(|t| parse_index(FileText::new(INDEX_FILE, t))));
        let stock =
            collect(&mut errors, find(STOCK_FILE).map_err(|e| vec![e]).and_then(|t| StockLibrary::parse(FileText::new(STOCK_FILE, t))));
        let components =
            collect(&mut errors, find(COMPONENTS_FILE).map_err(|e| vec![e]).and_then(|t| Catalogue::parse(Doc::new(COMPONENTS_FILE, t))));
        let products =
            collect(&mut errors, find(PRODUCTS_FILE).map_err(|e| vec![e]).and_then(|t| parse_products(FileText::new(PRODUCTS_FILE, t))));
        let (Some(index), Some(stock), Some(components), Some(products)) = (index, stock, components, products) else {
            return Err(Errors(errors));
        };
        let tables = Tables { index: &index, stock: &stock, components: &components, products: &products };
        let mut machines: Vec<Machine> = Vec::new();
        for (name, text) in &files {
            let assembly = name.starts_with(ASSEMBLIES_DIR);
            if !(assembly || name.starts_with(MACHINES_DIR)) {
                continue;
            }
            if let Some(m) = collect(&mut errors, Machine::parse(Doc::new(name, text), tables, assembly)) {
                if machines.iter().any(|o| o.id == m.id) {
                    errors.push(FileText::new(name, text).error(format!("`{}` is defined in two files", m.id)));
                    continue;
                }
                machines.push(m);
            }
        }
        errors.extend(link_includes(&machines));
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let lib = Library { index, stock, components, products, machines };
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

    /// Whether `message` is that of a `[[check]]` of machine `id` or of a definition it
    /// includes (at any depth): an evaluation refused for a reason the data explains, such as
    /// an included Hydraulic Motor turned faster than its size runs.
    pub fn is_check_message(&self, id: &str, message: &str) -> bool {
        fn walk(lib: &Library, id: &str, message: &str, depth: usize) -> bool {
            let Some(m) = lib.machine(id) else { return false };
            m.checks.iter().any(|c| c.message == message)
                || (depth < 8 && m.includes.iter().any(|inc| walk(lib, &inc.machine, message, depth + 1)))
        }
        walk(self, id, message, 0)
    }

    pub fn index_entry(&self, id: &str) -> Option<&IndexEntry> {
        self.index.iter().find(|m| m.id == id)
    }

    /// The machines of the set that have definitions (not sub-assemblies).
    pub fn set_machines(&self) -> impl Iterator<Item = &Machine> {
        self.machines.iter().filter(|m| !m.is_assembly())
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }
}

fn collect<T>(errors: &mut Vec<DefError>, r: Result<T, Vec<DefError>>) -> Option<T> {
    r.map_err(|e| errors.extend(e)).ok()
}
