//! What machines make: the products table (`products.toml`). A machine's `[[output]]` names a
//! product and gives a rate whose dimension is the product's per unit of time, so the village
//! planner can add capacities of different machines and match them to demand.

use crate::check::Checker;
use crate::error::{DefError, FileText};
use crate::file::{ProductFile, ProductsFile, SpannedStr};
use crate::units::{Dim, System, Unit, format_number, in_system};

/// What a product is measured in.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// Counted things (`block`, `bale`): the word for one.
    Count(String),
    /// A physical quantity in this display unit (`bdft`, `kWh`, `m2`).
    Unit(&'static Unit),
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    /// The dimension of an amount of it (`Dim::NONE` for counted things).
    pub dim: Dim,
    pub measure: Measure,
    /// The time unit rates are shown per (`h`, `day`).
    pub per: &'static Unit,
    /// A unit rates are shown in instead of "measure per time" (`kW` for energy).
    pub rate_unit: Option<&'static Unit>,
    pub note: Option<String>,
}

impl Product {
    /// The dimension an output rate of this product must have.
    pub fn rate_dim(&self) -> Dim {
        self.dim / Dim::TIME
    }

    /// A rate in base units (per second) as a number and its unit text, e.g. `(375.0, "block/h")`,
    /// in `system`'s counterpart of the product's units (`L/min` for `gal/min` in metric).
    pub fn show_rate(&self, rate: f64, system: System) -> (f64, String) {
        if let Some(u) = self.rate_unit {
            let u = in_system(u, system);
            return (rate / u.factor, u.name.to_string());
        }
        let amount = match &self.measure {
            Measure::Count(w) => (1.0, w.as_str()),
            Measure::Unit(u) => {
                let u = in_system(u, system);
                (u.factor, u.name)
            }
        };
        (rate * self.per.factor / amount.0, format!("{}/{}", amount.1, self.per.name))
    }

    /// `375 block/h`.
    pub fn format_rate(&self, rate: f64, system: System) -> String {
        let (v, u) = self.show_rate(rate, system);
        format!("{} {}", format_number(v, 3), crate::units::pretty_unit(&u))
    }
}

/// The file every product id is looked up in.
pub const PRODUCTS_FILE: &str = "products.toml";

const DIMENSIONS: &[(&str, Dim)] = &[
    ("count", Dim::NONE),
    ("length", Dim::LENGTH),
    ("area", Dim::AREA),
    ("volume", Dim::VOLUME),
    ("mass", Dim::MASS),
    ("energy", Dim::ENERGY),
];

pub fn parse_products(src: FileText<'_>) -> Result<Vec<Product>, Vec<DefError>> {
    let file: ProductsFile = crate::read::parse(src).map_err(|e| vec![e])?;
    let mut ctx = Checker::new(src, &file.sources);
    let mut out: Vec<Product> = Vec::new();
    for pf in &file.products {
        let span = pf.span();
        let pf: &ProductFile = pf.get_ref();
        let id = ctx.ident(&pf.id, "product id");
        if out.iter().any(|p| p.id == id) {
            ctx.err(pf.id.span(), format!("product `{id}` is listed twice"));
        }
        let Some(&(_, dim)) = DIMENSIONS.iter().find(|(n, _)| n == pf.dimension.get_ref()) else {
            let known: Vec<&str> = DIMENSIONS.iter().map(|d| d.0).collect();
            ctx.err(pf.dimension.span(), format!("unknown dimension `{}` (known: {})", pf.dimension.get_ref(), known.join(", ")));
            continue;
        };
        let measure = if dim.is_none() {
            Some(Measure::Count(pf.unit.get_ref().clone()))
        } else {
            unit_of(&mut ctx, &pf.unit, dim, "the product's unit").map(Measure::Unit)
        };
        let per = unit_of(&mut ctx, &pf.per, Dim::TIME, "`per`");
        // `Some(None)`: no rate unit given; `None`: a wrong one, already reported.
        let rate_unit = match &pf.rate_unit {
            Some(r) => unit_of(&mut ctx, r, dim / Dim::TIME, "`rate_unit`").map(Some),
            None => Some(None),
        };
        if let Some(note) = &pf.note
            && note.trim().is_empty()
        {
            ctx.err(span, "an empty note says nothing; leave it out");
        }
        if let (Some(measure), Some(per), Some(rate_unit)) = (measure, per, rate_unit) {
            out.push(Product { id, name: pf.name.clone(), dim, measure, per, rate_unit, note: pf.note.clone() });
        }
    }
    ctx.finish(out)
}

/// A unit name that must have dimension `want`.
fn unit_of(ctx: &mut Checker<'_>, s: &SpannedStr, want: Dim, what: &str) -> Option<&'static Unit> {
    let u = ctx.unit(s)?;
    if u.dim != want {
        ctx.err(s.span(), format!("{what} `{}` is {}, not {want}", s.get_ref(), u.dim));
        return None;
    }
    Some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
[[product]]
id = "earth-blocks"
name = "Compressed earth blocks"
dimension = "count"
unit = "block"
per = "h"

[[product]]
id = "electricity"
name = "Electricity"
dimension = "energy"
unit = "kWh"
per = "h"
rate_unit = "kW"
"#;

    #[test]
    fn reads_products_and_shows_rates() {
        let ps = parse_products(FileText::new("products.toml", OK)).unwrap();
        assert_eq!(ps[0].rate_dim(), Dim::FREQUENCY);
        assert_eq!(ps[0].format_rate(6.0 / 60.0, System::Metric), "360 block/h");
        assert_eq!(ps[1].rate_dim(), Dim::POWER);
        assert_eq!(ps[1].format_rate(2.5e9, System::Imperial), "3.35 hp");
    }

    #[test]
    fn refuses_units_of_the_wrong_dimension() {
        let bad = OK.replace("rate_unit = \"kW\"", "rate_unit = \"kWh\"");
        let e = parse_products(FileText::new("products.toml", &bad)).unwrap_err();
        assert!(e[0].message.contains("`rate_unit` `kWh` is an energy, not a power"), "{}", e[0].message);
        assert_eq!(e[0].line, 15);
        let bad = OK.replace("dimension = \"count\"", "dimension = \"heat\"");
        assert!(parse_products(FileText::new("products.toml", &bad)).unwrap_err()[0].message.contains("unknown dimension `heat`"));
    }
}
