//! Everything the calculator reads, checked as a whole: a set of data files laid out like
//! `assets/` becomes one [`Data`], or every problem found, each with its place.

use crate::catalog::{self, Catalog};
use crate::money::{INDEX_FILE, PriceIndices};
use crate::published::{PUBLISHED_FILE, Published};
use crate::rates::{LABOUR_FILE, LabourRates, PRICES_FILE, PriceBook, Rates};
use crate::{Bom, BomOptions, bill};
use gvcs_def::check::Doc;
use gvcs_def::error::FileText;
use gvcs_def::{DefError, Errors, Instance, Library, Settings};

/// Everything the calculator reads: definitions, stock, components, prices and labour, and
/// the figures OSE published for whole machines.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Data {
    pub library: Library,
    pub rates: Rates,
    pub published: Published,
}

/// Loads and cross-checks a set of `(path, text)` files laid out like `assets/`.
/// `published.toml` may be left out of a person's own set (the catalog then shows no
/// published figures); every other file is required.
pub fn load_from<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Data, Errors> {
    let files: Vec<(&str, &str)> = files.into_iter().collect();
    let library = Library::load(files.iter().copied());
    let find = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    let mut errors = Vec::new();
    let (prices, labour, published) = match &library {
        Ok(lib) => {
            let indices = match find(INDEX_FILE) {
                Some(t) => PriceIndices::parse(Doc::new(INDEX_FILE, t)).map_err(|e| errors.extend(e)).ok(),
                None => {
                    errors.push(FileText::new(INDEX_FILE, "").error("file is missing"));
                    None
                }
            };
            let prices = match (find(PRICES_FILE), indices) {
                (Some(t), Some(ix)) => PriceBook::parse(Doc::new(PRICES_FILE, t), &lib.components, &ix).map_err(|e| errors.extend(e)).ok(),
                (None, _) => {
                    errors.push(FileText::new(PRICES_FILE, "").error("file is missing"));
                    None
                }
                (Some(_), None) => None,
            };
            let labour = match find(LABOUR_FILE) {
                Some(t) => LabourRates::parse(Doc::new(LABOUR_FILE, t)).map_err(|e| errors.extend(e)).ok().inspect(|l| {
                    // A tool is a machine of the set, as relations are.
                    errors.extend(l.check_tool_machines(|id| lib.index_entry(id).is_some(), lib.index.iter().map(|e| e.id.as_str())));
                }),
                None => {
                    errors.push(FileText::new(LABOUR_FILE, "").error("file is missing"));
                    None
                }
            };
            let published = match (find(PUBLISHED_FILE), &prices) {
                (Some(t), Some(book)) => {
                    Published::parse(Doc::new(PUBLISHED_FILE, t), lib, &book.currency, &book.indices).map_err(|e| errors.extend(e)).ok()
                }
                (None, _) => Some(Published::none()),
                (Some(_), None) => None,
            };
            (prices, labour, published)
        }
        Err(_) => (None, None, None),
    };
    match (library, prices, labour, published) {
        (Ok(library), Some(prices), Some(labour), Some(published)) if errors.is_empty() => {
            Ok(Data { library, rates: Rates { prices, labour }, published })
        }
        (Err(Errors(mut lib_errors)), _, _, _) => {
            lib_errors.extend(errors);
            Err(Errors(lib_errors))
        }
        _ => Err(Errors(errors)),
    }
}

impl Data {
    /// Evaluates a machine and builds its bill of materials: the whole calculation behind
    /// one parameter change.
    pub fn compute(&self, machine: &str, settings: &Settings, opts: BomOptions) -> Result<(Instance, Bom), DefError> {
        let inst = self.library.evaluate(machine, settings)?;
        let bom = bill(&self.library, &self.rates, &inst, opts)?;
        Ok((inst, bom))
    }

    /// Every machine of the set (not sub-assemblies) at its defaults beside its published
    /// figures, with costs in the newest year's money.
    pub fn catalog(&self) -> Result<Catalog, DefError> {
        let indices = &self.rates.prices.indices;
        let mut rows = Vec::new();
        for m in self.library.set_machines() {
            let (_, bom) = self.compute(&m.id, &Settings::default(), BomOptions::default())?;
            rows.push(catalog::row(&bom, &self.published, indices));
        }
        Ok(Catalog::new(&self.rates.prices.currency, self.rates.prices.year, indices, rows))
    }
}
