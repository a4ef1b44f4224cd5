//! The bill of materials as one CSV file: a section column, then the rows of each tab.

use crate::bom::Bom;
use gvcs_def::units::{System, format_length, format_number};

/// Writes `bom` as CSV (RFC 4180, via the `csv` crate), lengths in `system`'s units.
pub fn to_csv(bom: &Bom, system: System) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cur = &bom.currency;
    let money = |v: f64| format!("{v:.2}");
    let kg = |v: f64| format!("{v:.2}");
    let len = |mm: f64| format_length(mm, system);
    let mut row = |r: [&str; 8]| {
        // Writing to memory cannot fail.
        let _ = w.write_record(r);
    };
    row(["section", "item", "description", "quantity", "length", "mass_kg", &format!("cost_{cur}"), "notes"]);
    row([
        "summary",
        "machine",
        &bom.name,
        "1",
        "",
        &kg(bom.mass_kg),
        &money(bom.cost_total),
        &format!("materials; prices dated from {}", bom.oldest_price),
    ]);
    row([
        "summary",
        "steel",
        "net steel in parts",
        "",
        "",
        &kg(bom.steel_mass_kg),
        "",
        &format!("{} kg bought", format_number(bom.steel_bought_kg, 4)),
    ]);
    row([
        "summary",
        "labour",
        &format!("{} h at {}/h", format_number(bom.labour_hours, 3), money(bom.labour_rate)),
        "",
        "",
        "",
        &money(bom.labour_cost),
        &format!("{:.1} working days for a crew of {}", bom.calendar_days, bom.crew),
    ]);
    for p in &bom.parameters {
        row(["parameter", &p.name, &p.label, &format_number(p.value, 6), "", "", "", &p.unit]);
    }
    for s in &bom.stock {
        for p in &s.pieces {
            let ends = if p.ends == gvcs_def::machine::Ends::Mitre { "mitred ends" } else { "square ends" };
            row(["cut list", &s.profile, &p.name, &p.count.to_string(), &len(p.length_mm), "", "", ends]);
        }
    }
    for p in &bom.plates {
        for part in &p.parts {
            let size = format!("{} x {}", len(part.length_mm), len(part.width_mm));
            let note = if part.shaped { "shaped outline" } else { "rectangle" };
            row(["plate parts", &p.profile, &format!("{} ({size})", part.name), &part.count.to_string(), "", "", "", note]);
        }
    }
    for s in &bom.stock {
        let note =
            format!("lower bound {} sticks; offcuts {}", s.lower_bound, s.offcuts_mm.iter().map(|o| len(*o)).collect::<Vec<_>>().join(" "));
        row([
            "stock to buy",
            &s.profile,
            &format!("sticks of {}", len(s.stick_length_mm)),
            &s.sticks.to_string(),
            &len(s.total_length_mm),
            &kg(s.bought_mass_kg),
            &money(s.cost),
            &note,
        ]);
    }
    for p in &bom.plates {
        let sheet = format!("sheets of {} x {}", len(p.sheet_mm[0]), len(p.sheet_mm[1]));
        let note = format!("{:.2} m2 of parts at {:.0}% nesting; priced on nested area", p.area_m2, p.nesting * 100.0);
        row(["stock to buy", &p.profile, &sheet, &p.sheets.to_string(), "", &kg(p.bought_mass_kg), &money(p.cost), &note]);
    }
    for l in &bom.purchased {
        row([
            "purchased",
            &l.name,
            &l.spec,
            &l.count.to_string(),
            "",
            &kg(l.mass_kg),
            &money(l.cost),
            &format!("{} {}", l.price_date, l.price_basis),
        ]);
    }
    for c in &bom.costs {
        row(["cost", &c.category, &c.item, &c.quantity, "", "", &money(c.cost), &format!("{} {}", c.price_date, c.price_basis)]);
    }
    for l in &bom.labour {
        row(["labour", l.trade.label(), &l.operation, &l.quantity, "", "", "", &format!("{:.2} h", l.hours)]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
