//! Number formatting for the page, in the chosen units.

use gvcs_def::units::{System, format_length, format_mass, format_number, pretty_unit};

pub fn len(mm: f64, sys: System) -> String {
    format_length(mm, sys)
}

pub fn mass(kg: f64, sys: System) -> String {
    format_mass(kg, sys)
}

pub fn money(v: f64, currency: &str) -> String {
    let sym = if currency == "USD" { "$" } else { "" };
    let whole = format_number(v.round(), 9);
    if sym.is_empty() { format!("{whole} {currency}") } else { format!("{sym}{whole}") }
}

pub fn money_cents(v: f64, currency: &str) -> String {
    let sym = if currency == "USD" { "$" } else { "" };
    format!("{sym}{v:.2}")
}

pub fn hours(h: f64) -> String {
    format!("{} h", format_number(h, 3))
}

pub fn num(v: f64, unit: &str) -> String {
    if unit.is_empty() { format_number(v, 4) } else { format!("{} {}", format_number(v, 4), pretty_unit(unit)) }
}

/// Area in m² or ft².
pub fn area(m2: f64, sys: System) -> String {
    match sys {
        System::Metric => format!("{} m²", format_number(m2, 3)),
        System::Imperial => format!("{} ft²", format_number(m2 * 10.763_910_4, 3)),
    }
}
