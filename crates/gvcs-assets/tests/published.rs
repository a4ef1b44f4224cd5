//! `published.toml`: OSE's figures for whole machines load with their sources, convert to
//! one year's money with the consumer price index, and a broken entry is refused with its
//! file, line and column.

use gvcs_bom::published::{Measure, PUBLISHED_FILE};
use gvcs_def::DefError;

const FILE: &str = include_str!("../../../assets/published.toml");

fn with_published(text: Option<&str>) -> Result<gvcs_assets::Data, Vec<DefError>> {
    let files: Vec<(&str, &str)> = gvcs_assets::files()
        .unwrap()
        .iter()
        .filter(|(n, _)| *n != PUBLISHED_FILE)
        .copied()
        .chain(text.map(|t| (PUBLISHED_FILE, t)))
        .collect();
    gvcs_assets::load_from(files).map_err(|e| e.0)
}

/// The single error of an edited file, checked to name it and a line.
fn refused(from: &str, to: &str) -> DefError {
    assert!(FILE.contains(from), "{from}");
    let errors = with_published(Some(&FILE.replacen(from, to, 1))).map(|_| ()).expect_err("the edit should be refused");
    let e = errors.iter().find(|e| e.file == PUBLISHED_FILE).unwrap_or_else(|| panic!("{errors:?}")).clone();
    assert!(e.line > 0 && e.col > 0, "{e}");
    e
}

#[test]
fn figures_load_with_sources_and_years() {
    let data = gvcs_assets::load().unwrap();
    let p = &data.published;
    let mass = p.get("ceb-press", Measure::Mass).unwrap();
    assert!((mass.low - 1700.0 * 0.45359237).abs() < 1e-9 && mass.year == 2017);
    let cost = p.get("ceb-press", Measure::MaterialsCost).unwrap();
    assert_eq!((cost.low, cost.high), (3000.0, Some(6500.0)));
    assert_eq!(p.get("sawmill", Measure::BuildHours).unwrap().low, 184.0);
    for f in &p.figures {
        let url = f.source.url.as_deref().unwrap_or("");
        assert!(url.starts_with("https://"), "{} {:?}: {url}", f.machine, f.what);
        assert!(!url.contains("shared/reference"), "cited from the original, not a summary");
    }
}

#[test]
fn catalog_converts_published_costs_with_the_cpi() {
    let data = gvcs_assets::load().unwrap();
    let cat = data.catalog().unwrap();
    assert_eq!(cat.money_year, data.rates.prices.year);
    let saw = cat.rows.iter().find(|r| r.machine == "sawmill").unwrap();
    let c = saw.comparisons.iter().find(|c| c.what == Measure::MaterialsCost).unwrap();
    let cpi = data.rates.prices.indices.get(Some("cpi-u")).unwrap();
    let factor = cpi.year(cat.money_year).unwrap() / cpi.at(gvcs_bom::money::Period::parse("2011").unwrap()).unwrap();
    assert!((c.factor - factor).abs() < 1e-12 && factor > 1.4, "{}", c.factor);
    assert!((c.ratio_high - saw.materials_cost / (8000.0 * factor)).abs() < 1e-9);
    // Only machines of the set, never sub-assemblies.
    assert_eq!(cat.rows.len(), data.library.set_machines().count());
    assert!(cat.rows.iter().all(|r| data.library.index_entry(&r.machine).is_some()));
}

#[test]
fn the_file_may_be_left_out_of_a_persons_own_data() {
    let data = with_published(None).unwrap();
    assert!(data.published.figures.is_empty());
    assert!(data.catalog().unwrap().rows.iter().all(|r| r.comparisons.is_empty()));
}

#[test]
fn broken_entries_are_refused_with_their_place() {
    let line_of = |needle: &str| FILE.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let e = refused("machine = \"sawmill\"", "machine = \"sawmil\"");
    assert!(e.message.contains("no machine `sawmil`") && e.message.contains("did you mean `sawmill`"), "{e}");
    assert_eq!((e.line, e.col), (line_of("machine = \"sawmill\""), 11));
    assert!(refused("machine = \"sawmill\"", "machine = \"wheel-unit\"").message.contains("sub-assembly"));
    assert!(refused("value = \"8000 USD\"", "value = \"8000 EUR\"").message.contains("amount in USD"));
    assert!(refused("value = \"1700 lb\"", "value = \"1700 in\"").message.contains("should be a mass"));
    assert!(refused("value = \"184 h\"", "value = \"184\"").message.contains("should be a time"));
    assert!(refused("to = \"6500 USD\"", "to = \"2000 USD\"").message.contains("must be above"));
    assert!(refused("year = 2009", "year = 1999").message.contains("no value for 1999"));
    assert!(refused("what = \"build-hours\"", "what = \"build-time\"").message.contains("not a published measure"));
    assert!(refused("source = \"SE1\"", "source = \"SE9\"").message.contains("unknown source `SE9`"));
    assert!(refused("url = \"https://www.opensourceecology.org/steam-engine-prototype-1-design/\"", "").message.contains("needs a `url`"));
    assert!(
        refused("what = \"build-hours\"\nvalue = \"184 h\"", "what = \"materials-cost\"\nvalue = \"9000 USD\"")
            .message
            .contains("second published")
    );
    assert!(refused("year = 2010", "year = \"2010\"").message.contains("whole number"));
}
