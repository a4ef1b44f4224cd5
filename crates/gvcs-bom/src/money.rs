//! Prices in one year's money: sourced price indices (`price-index.toml`) that bring a price
//! dated D into the money of year Y as `price * index(Y) / index(D)`.

use gvcs_def::check::{Checker, Doc, Provenance};
use gvcs_def::error::DefError;
use gvcs_def::file::{CitationFile, SpannedStr};
use gvcs_def::map::LiteMap;
use gvcs_def::read::parse;
use std::sync::Arc;
use toml::Spanned;

pub const INDEX_FILE: &str = "price-index.toml";

struct IndexFileDoc {
    default: SpannedStr,
    sources: Vec<CitationFile>,
    indices: Vec<Spanned<IndexEntryFile>>,
}

struct IndexEntryFile {
    id: SpannedStr,
    name: String,
    base: String,
    source: Option<SpannedStr>,
    assumption: Option<String>,
    why: String,
    values: LiteMap<String, Spanned<f64>>,
}

gvcs_def::record!(IndexFileDoc, "the price-index file" { default: "default", sources: "source", indices: "index" });
gvcs_def::record!(IndexEntryFile, "an [[index]]" { id: "id", name: "name", base: "base", source: "source", assumption: "assumption", why: "why", values: "values" });

/// A year, or a month of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub year: i32,
    pub month: Option<u32>,
}

impl Period {
    /// `2013` or `2026-02` (a longer date such as `2026-02-03` is read to its month).
    pub fn parse(s: &str) -> Option<Period> {
        let mut it = s.trim().split('-');
        let year: i32 = it.next()?.parse().ok().filter(|y| (1800..=2200).contains(y))?;
        let month = match it.next() {
            Some(m) => Some(m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        Some(Period { year, month })
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PriceIndex {
    pub id: String,
    pub name: String,
    pub base: String,
    pub why: String,
    pub provenance: Provenance,
    /// Annual averages by year.
    #[serde(serialize_with = "gvcs_def::map::as_map", deserialize_with = "gvcs_def::map::from_map")]
    pub annual: LiteMap<i32, f64>,
    /// Monthly values by (year, month).
    #[serde(deserialize_with = "gvcs_def::map::from_map")]
    pub monthly: LiteMap<(i32, u32), f64>,
}

impl PriceIndex {
    /// The value for a price's date: its month if listed, else its year's average, else (a
    /// year not over when the index was written) the newest month of that year up to it.
    pub fn at(&self, p: Period) -> Option<f64> {
        let month = p.month.and_then(|m| self.monthly.get(&(p.year, m)).copied());
        month.or_else(|| self.annual.get(&p.year).copied()).or_else(|| self.newest_month(p.year, p.month.unwrap_or(12)))
    }

    /// The value that stands for the money of `year`: its annual average, or for a year not
    /// over yet, its newest month.
    pub fn year(&self, year: i32) -> Option<f64> {
        self.annual.get(&year).copied().or_else(|| self.newest_month(year, 12))
    }

    /// The value of `year`'s newest listed month up to `month`.
    fn newest_month(&self, year: i32, month: u32) -> Option<f64> {
        let at = self.monthly.find_index(&(year, month)).map_or_else(|after| after.checked_sub(1), Some)?;
        self.monthly.get_indexed(at).filter(|((y, _), _)| *y == year).map(|(_, v)| *v)
    }

    /// The newest year with any value.
    pub fn newest_year(&self) -> Option<i32> {
        let a = self.annual.keys().next_back().copied();
        let m = self.monthly.keys().next_back().map(|(y, _)| *y);
        a.max(m)
    }

    pub fn oldest_year(&self) -> Option<i32> {
        let a = self.annual.keys().next().copied();
        let m = self.monthly.keys().next().map(|(y, _)| *y);
        match (a, m) {
            (Some(a), Some(m)) => Some(a.min(m)),
            (a, m) => a.or(m),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PriceIndices {
    pub doc: Arc<Doc>,
    /// Index for prices that name none.
    pub default: String,
    pub indices: Vec<PriceIndex>,
}

impl PriceIndices {
    pub fn get(&self, id: Option<&str>) -> Option<&PriceIndex> {
        let id = id.unwrap_or(&self.default);
        self.indices.iter().find(|i| i.id == id)
    }

    /// The year prices are shown in unless a person chooses another: the default index's newest.
    pub fn newest_year(&self) -> i32 {
        self.get(None).and_then(PriceIndex::newest_year).unwrap_or(2026)
    }

    /// The years every index can convert to.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        let lo = self.indices.iter().filter_map(PriceIndex::oldest_year).max().unwrap_or(2026);
        let hi = self.indices.iter().filter_map(PriceIndex::newest_year).min().unwrap_or(2026);
        lo..=hi
    }

    /// Checks a year a person asked for.
    pub fn check_year(&self, text: &str) -> Result<i32, String> {
        let years = self.years();
        match text.trim().parse::<i32>() {
            Ok(y) if years.contains(&y) => Ok(y),
            _ => Err(format!("prices can be shown in the money of {} to {}, not “{}”", years.start(), years.end(), text.trim())),
        }
    }

    /// The factor that brings a price dated `date` into the money of `year` with index `id`.
    pub fn factor(&self, id: Option<&str>, date: &str, year: i32) -> Option<f64> {
        let index = self.get(id)?;
        Some(index.year(year)? / index.at(Period::parse(date)?)?)
    }

    pub fn parse(doc: Arc<Doc>) -> Result<PriceIndices, Vec<DefError>> {
        let src = doc.source();
        let file: IndexFileDoc = parse(src).map_err(|e| vec![e])?;
        let mut ctx = Checker::new(src, &file.sources);
        let mut indices: Vec<PriceIndex> = Vec::new();
        for e in &file.indices {
            let span = e.span();
            let e = e.get_ref();
            let id = ctx.ident(&e.id, "index id");
            if indices.iter().any(|i| i.id == id) {
                ctx.err(e.id.span(), format!("index `{id}` is declared twice"));
            }
            let provenance = ctx.provenance(e.source.as_ref(), e.assumption.as_ref(), span.clone(), &format!("index `{id}`"));
            let (mut annual, mut monthly) = (LiteMap::new(), LiteMap::new());
            for (k, v) in &e.values {
                let value = *v.get_ref();
                if !(value.is_finite() && value > 0.0) {
                    ctx.err(v.span(), format!("index value {value} for {k} should be a positive number"));
                    continue;
                }
                match Period::parse(k) {
                    Some(Period { year, month: None }) => {
                        annual.insert(year, value);
                    }
                    Some(Period { year, month: Some(m) }) => {
                        monthly.insert((year, m), value);
                    }
                    None => ctx.err(v.span(), format!("`{k}` is not a year (2013) or a month (2026-02)")),
                }
            }
            if annual.is_empty() && monthly.is_empty() {
                ctx.err(span, format!("index `{id}` has no values"));
            }
            if let Some(provenance) = provenance {
                indices.push(PriceIndex {
                    id,
                    name: e.name.clone(),
                    base: e.base.clone(),
                    why: e.why.clone(),
                    provenance,
                    annual,
                    monthly,
                });
            }
        }
        if !indices.iter().any(|i| &i.id == file.default.get_ref()) {
            ctx.err(file.default.span(), format!("the default index `{}` is not declared", file.default.get_ref()));
        }
        ctx.finish(PriceIndices { doc: doc.clone(), default: file.default.get_ref().clone(), indices })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
default = "cpi"
[[source]]
key = "S"
title = "t"
[[index]]
id = "cpi"
name = "n"
base = "b"
source = "S"
why = "w"
values = { 2013 = 232.957, 2025 = 321.943, 2026-01 = 325.252, 2026-05 = 335.123 }
"#;

    #[test]
    fn converts_by_year_and_month() {
        let ix = PriceIndices::parse(Doc::new(INDEX_FILE, FILE)).unwrap();
        let f = ix.factor(None, "2013", 2025).unwrap();
        assert!((100.0 * f - 138.20).abs() < 0.01, "{f}");
        // A month listed is used; an unlisted month falls back to its year; 2026 is its newest month.
        assert!((ix.factor(None, "2026-01", 2026).unwrap() - 335.123 / 325.252).abs() < 1e-12);
        assert!((ix.factor(None, "2025-11", 2025).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(ix.factor(None, "2012", 2025), None);
        // A month after the newest listed, in a year with no average yet, takes the newest month.
        assert!((ix.factor(None, "2026-11", 2026).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(ix.newest_year(), 2026);
        assert_eq!(ix.years(), 2013..=2026);
        assert!(ix.check_year("1999").unwrap_err().contains("2013 to 2026"));
    }

    #[test]
    fn refuses_bad_keys_and_values() {
        let e = PriceIndices::parse(Doc::new(INDEX_FILE, &FILE.replace("2026-05 = 335.123", "2026-13 = 1"))).unwrap_err();
        assert!(e[0].message.contains("`2026-13` is not a year"), "{}", e[0].message);
        let e = PriceIndices::parse(Doc::new(INDEX_FILE, &FILE.replace("2013 = 232.957", "2013 = -1"))).unwrap_err();
        assert!(e[0].message.contains("positive"), "{}", e[0].message);
    }
}
