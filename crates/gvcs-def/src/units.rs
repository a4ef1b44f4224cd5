//! Physical quantities with dimensions, the unit table, and metric/imperial display.
//!
//! Internally every quantity is stored in one coherent system: millimetre, kilogram, second,
//! radian. Units only matter at the edges: when a definition file is read and when a number
//! is shown to a person.

use std::fmt;

/// Exponents of the base dimensions (length, mass, time, angle).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug, serde::Serialize, serde::Deserialize)]
pub struct Dim {
    pub length: i8,
    pub mass: i8,
    pub time: i8,
    pub angle: i8,
}

const fn dim(length: i8, mass: i8, time: i8, angle: i8) -> Dim {
    Dim { length, mass, time, angle }
}

impl Dim {
    pub const NONE: Dim = dim(0, 0, 0, 0);
    pub const LENGTH: Dim = dim(1, 0, 0, 0);
    pub const AREA: Dim = dim(2, 0, 0, 0);
    pub const VOLUME: Dim = dim(3, 0, 0, 0);
    pub const MASS: Dim = dim(0, 1, 0, 0);
    pub const TIME: Dim = dim(0, 0, 1, 0);
    pub const ANGLE: Dim = dim(0, 0, 0, 1);
    pub const FREQUENCY: Dim = dim(0, 0, -1, 0);
    pub const FORCE: Dim = dim(1, 1, -2, 0);
    pub const PRESSURE: Dim = dim(-1, 1, -2, 0);
    pub const FLOW: Dim = dim(3, 0, -1, 0);
    pub const POWER: Dim = dim(2, 1, -3, 0);
    pub const ENERGY: Dim = dim(2, 1, -2, 0);
    pub const LINEAR_DENSITY: Dim = dim(-1, 1, 0, 0);
    pub const DENSITY: Dim = dim(-3, 1, 0, 0);

    pub fn powi(self, n: i8) -> Dim {
        dim(self.length * n, self.mass * n, self.time * n, self.angle * n)
    }
    /// Square root of a dimension, if every exponent is even.
    pub fn sqrt(self) -> Option<Dim> {
        let half = |e: i8| (e % 2 == 0).then_some(e / 2);
        Some(dim(half(self.length)?, half(self.mass)?, half(self.time)?, half(self.angle)?))
    }
    pub fn is_none(self) -> bool {
        self == Dim::NONE
    }
    /// A word for the dimension when it has a common name.
    pub fn name(self) -> Option<&'static str> {
        NAMED.iter().find(|(d, _)| *d == self).map(|(_, n)| *n)
    }
}

impl std::ops::Mul for Dim {
    type Output = Dim;
    fn mul(self, o: Dim) -> Dim {
        dim(self.length + o.length, self.mass + o.mass, self.time + o.time, self.angle + o.angle)
    }
}

impl std::ops::Div for Dim {
    type Output = Dim;
    fn div(self, o: Dim) -> Dim {
        dim(self.length - o.length, self.mass - o.mass, self.time - o.time, self.angle - o.angle)
    }
}

const NAMED: &[(Dim, &str)] = &[
    (Dim::NONE, "a plain number"),
    (Dim::LENGTH, "a length"),
    (Dim::AREA, "an area"),
    (Dim::VOLUME, "a volume"),
    (Dim::MASS, "a mass"),
    (Dim::TIME, "a time"),
    (Dim::ANGLE, "an angle"),
    (Dim::FREQUENCY, "a rate per time"),
    (Dim::FORCE, "a force"),
    (Dim::PRESSURE, "a pressure"),
    (Dim::FLOW, "a flow"),
    (Dim::POWER, "a power"),
    (Dim::ENERGY, "an energy"),
    (Dim::LINEAR_DENSITY, "a mass per length"),
    (Dim::DENSITY, "a density"),
];

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.name() {
            return f.write_str(n);
        }
        let mut parts = Vec::new();
        for (e, s) in [(self.length, "mm"), (self.mass, "kg"), (self.time, "s"), (self.angle, "rad")] {
            match e {
                0 => {}
                1 => parts.push(s.to_string()),
                _ => parts.push(format!("{s}^{e}")),
            }
        }
        write!(f, "a quantity in {}", parts.join("·"))
    }
}

/// A number together with its dimension, stored in base units (mm, kg, s, rad).
#[derive(Clone, Copy, PartialEq, Debug, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub dim: Dim,
}

impl Quantity {
    pub const fn new(value: f64, dim: Dim) -> Self {
        Quantity { value, dim }
    }
    pub const fn number(value: f64) -> Self {
        Quantity { value, dim: Dim::NONE }
    }
    pub const fn mm(value: f64) -> Self {
        Quantity { value, dim: Dim::LENGTH }
    }
}

/// A named unit: `value_in_base = value_in_unit * factor`.
#[derive(Debug, PartialEq)]
pub struct Unit {
    pub name: &'static str,
    pub factor: f64,
    pub dim: Dim,
}

const INCH: f64 = 25.4;
const POUND: f64 = 0.453_592_37;
const NEWTON: f64 = 1000.0; // kg·mm/s²
const PASCAL: f64 = 1e-3; // kg/(mm·s²)
const LITRE: f64 = 1e6; // mm³
const US_GALLON: f64 = 3.785_411_784 * LITRE;
const WATT: f64 = 1e6; // kg·mm²/s³
const LBF: f64 = 4.448_221_615_260_5 * NEWTON;

const fn u(name: &'static str, factor: f64, dim: Dim) -> Unit {
    Unit { name, factor, dim }
}

/// Every unit a definition file may use. Names are case-sensitive.
pub static UNITS: &[Unit] = &[
    u("mm", 1.0, Dim::LENGTH),
    u("cm", 10.0, Dim::LENGTH),
    u("m", 1000.0, Dim::LENGTH),
    u("in", INCH, Dim::LENGTH),
    u("ft", 12.0 * INCH, Dim::LENGTH),
    u("mm2", 1.0, Dim::AREA),
    u("cm2", 100.0, Dim::AREA),
    u("m2", 1e6, Dim::AREA),
    u("in2", INCH * INCH, Dim::AREA),
    u("ft2", 144.0 * INCH * INCH, Dim::AREA),
    u("ha", 1e10, Dim::AREA),
    // International acre, 43,560 ft2.
    u("acre", 43_560.0 * 144.0 * INCH * INCH, Dim::AREA),
    u("mm3", 1.0, Dim::VOLUME),
    u("cc", 1000.0, Dim::VOLUME),
    u("mL", 1000.0, Dim::VOLUME),
    u("L", LITRE, Dim::VOLUME),
    u("m3", 1e9, Dim::VOLUME),
    u("in3", INCH * INCH * INCH, Dim::VOLUME),
    u("ft3", 1728.0 * INCH * INCH * INCH, Dim::VOLUME),
    u("gal", US_GALLON, Dim::VOLUME),
    // Board foot: 1 ft x 1 ft x 1 in of nominal lumber, 144 in3.
    u("bdft", 144.0 * INCH * INCH * INCH, Dim::VOLUME),
    // Pump and motor displacement per revolution: a revolution is a plain count.
    u("in3/rev", INCH * INCH * INCH, Dim::VOLUME),
    u("cc/rev", 1000.0, Dim::VOLUME),
    u("kg", 1.0, Dim::MASS),
    u("g", 1e-3, Dim::MASS),
    u("t", 1000.0, Dim::MASS),
    u("lb", POUND, Dim::MASS),
    u("s", 1.0, Dim::TIME),
    u("min", 60.0, Dim::TIME),
    u("h", 3600.0, Dim::TIME),
    u("day", 86_400.0, Dim::TIME),
    u("week", 7.0 * 86_400.0, Dim::TIME),
    // Julian year, 365.25 days.
    u("year", 365.25 * 86_400.0, Dim::TIME),
    u("rad", 1.0, Dim::ANGLE),
    u("deg", std::f64::consts::PI / 180.0, Dim::ANGLE),
    u("rpm", 1.0 / 60.0, Dim::FREQUENCY),
    u("N", NEWTON, Dim::FORCE),
    u("kN", 1000.0 * NEWTON, Dim::FORCE),
    u("lbf", LBF, Dim::FORCE),
    u("Pa", PASCAL, Dim::PRESSURE),
    u("kPa", 1e3 * PASCAL, Dim::PRESSURE),
    u("MPa", 1e6 * PASCAL, Dim::PRESSURE),
    u("bar", 1e5 * PASCAL, Dim::PRESSURE),
    u("psi", LBF / (INCH * INCH), Dim::PRESSURE),
    u("gpm", US_GALLON / 60.0, Dim::FLOW),
    u("L/min", LITRE / 60.0, Dim::FLOW),
    u("W", WATT, Dim::POWER),
    u("kW", 1e3 * WATT, Dim::POWER),
    // Mechanical horsepower, 550 ft·lbf/s.
    u("hp", 745.699_871_582_270_2 * WATT, Dim::POWER),
    u("J", WATT, Dim::ENERGY),
    u("kJ", 1e3 * WATT, Dim::ENERGY),
    u("MJ", 1e6 * WATT, Dim::ENERGY),
    u("kWh", 3.6e6 * WATT, Dim::ENERGY),
    u("MWh", 3.6e9 * WATT, Dim::ENERGY),
    u("kg/m", 1e-3, Dim::LINEAR_DENSITY),
    u("lb/ft", POUND / (12.0 * INCH), Dim::LINEAR_DENSITY),
    u("kg/m3", 1e-9, Dim::DENSITY),
    u("lb/ft3", POUND / (1728.0 * INCH * INCH * INCH), Dim::DENSITY),
    u("%", 0.01, Dim::NONE),
];

/// Looks a unit up by its exact name.
pub fn unit(name: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.name == name)
}

/// Metric or imperial: chooses display units only, never how numbers are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash, serde::Serialize, serde::Deserialize)]
pub enum System {
    #[default]
    Metric,
    Imperial,
}

impl System {
    pub fn parse(s: &str) -> Option<System> {
        match s {
            "metric" | "si" => Some(System::Metric),
            "imperial" | "us" => Some(System::Imperial),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            System::Metric => "metric",
            System::Imperial => "imperial",
        }
    }
}

/// The unit a quantity of dimension `dim` is shown in, in each system.
pub fn display_unit(dim: Dim, system: System) -> Option<&'static Unit> {
    let (metric, imperial) = match dim {
        d if d == Dim::LENGTH => ("mm", "in"),
        d if d == Dim::AREA => ("m2", "ft2"),
        d if d == Dim::VOLUME => ("L", "gal"),
        d if d == Dim::MASS => ("kg", "lb"),
        d if d == Dim::TIME => ("s", "s"),
        d if d == Dim::ANGLE => ("deg", "deg"),
        d if d == Dim::FREQUENCY => ("rpm", "rpm"),
        d if d == Dim::FORCE => ("kN", "lbf"),
        d if d == Dim::PRESSURE => ("bar", "psi"),
        d if d == Dim::FLOW => ("L/min", "gpm"),
        d if d == Dim::POWER => ("kW", "hp"),
        d if d == Dim::ENERGY => ("kWh", "kWh"),
        d if d == Dim::LINEAR_DENSITY => ("kg/m", "lb/ft"),
        d if d == Dim::DENSITY => ("kg/m3", "lb/ft3"),
        _ => return None,
    };
    unit(match system {
        System::Metric => metric,
        System::Imperial => imperial,
    })
}

/// Pairs of units that say the same thing in the two systems.
const COUNTERPARTS: &[(&str, &str)] = &[
    ("mm", "in"),
    ("cm", "in"),
    ("m", "ft"),
    ("m2", "ft2"),
    ("ha", "acre"),
    ("m3", "ft3"),
    ("L", "gal"),
    ("cc/rev", "in3/rev"),
    ("kg", "lb"),
    ("kN", "lbf"),
    ("N", "lbf"),
    ("bar", "psi"),
    ("MPa", "psi"),
    ("L/min", "gpm"),
    ("kW", "hp"),
    ("kg/m", "lb/ft"),
    ("kg/m3", "lb/ft3"),
];

/// The unit to show a value in when a definition prefers `u`: `u` itself when it belongs
/// to `system` (or to neither), else its counterpart.
pub fn in_system(u: &'static Unit, system: System) -> &'static Unit {
    let pick = COUNTERPARTS.iter().find_map(|&(m, i)| match system {
        System::Metric if u.name == i => unit(m),
        System::Imperial if u.name == m => unit(i),
        _ => None,
    });
    pick.unwrap_or(u)
}

/// How a unit name is written for people (`m2` → `m²`).
pub fn pretty_unit(name: &str) -> String {
    name.replace("in3/rev", "in³/rev").replace('2', "²").replace('3', "³").replace("deg", "°")
}

/// Formats `value` with about `sig` significant digits, without trailing zeros, with
/// thousands separators for large numbers.
pub fn format_number(value: f64, sig: u32) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    if value == 0.0 {
        return "0".into();
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - magnitude).clamp(0, 6) as usize;
    let mut s = format!("{value:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if s == "-0" {
        s = "0".into();
    }
    group_thousands(&s)
}

/// Like [`format_number`] but without thousands separators: for input fields and links.
pub fn format_plain(value: f64, sig: u32) -> String {
    format_number(value, sig).replace(',', "")
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() <= 4 {
        return s.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A quantity in the display unit of `system`, e.g. `127 mm` or `5 in`.
pub fn format_quantity(q: Quantity, system: System) -> String {
    match display_unit(q.dim, system) {
        Some(u) => format!("{} {}", format_number(q.value / u.factor, 4), pretty_unit(u.name)),
        None if q.dim.is_none() => format_number(q.value, 4),
        None => format!("{} ({})", format_number(q.value, 4), q.dim),
    }
}

/// A length the way a fabricator reads it: whole millimetres, or inches to the nearest 1/16.
pub fn format_length(mm: f64, system: System) -> String {
    match system {
        System::Metric => format!("{} mm", format_number(mm.round(), 6)),
        System::Imperial => format!("{} in", inch_fraction(mm / INCH)),
    }
}

/// `27.375` → `27 3/8`; `-4.0625` → `-4 1/16` (the sign once, before the whole).
pub fn inch_fraction(inches: f64) -> String {
    let sixteenths = (inches * 16.0).round() as i64;
    if sixteenths < 0 {
        return format!("-{}", inch_fraction(-inches));
    }
    let (whole, mut num, mut den) = (sixteenths / 16, sixteenths % 16, 16);
    while num != 0 && num % 2 == 0 {
        num /= 2;
        den /= 2;
    }
    match (whole, num) {
        (w, 0) => group_thousands(&w.to_string()),
        (0, n) => format!("{n}/{den}"),
        (w, n) => format!("{} {n}/{den}", group_thousands(&w.to_string())),
    }
}

/// A mass in kg or lb.
pub fn format_mass(kg: f64, system: System) -> String {
    format_quantity(Quantity::new(kg, Dim::MASS), system)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_inches_carry_one_sign() {
        assert_eq!(inch_fraction(-4.0625), "-4 1/16");
        assert_eq!(inch_fraction(-0.5), "-1/2");
        assert_eq!(inch_fraction(-0.01), "0");
        assert_eq!(inch_fraction(27.375), "27 3/8");
    }

    #[test]
    fn unit_factors_are_coherent() {
        let psi = unit("psi").unwrap();
        // 2,200 psi on a 5 in bore is about 43,000 lbf (CEB press, OSE CEB_Design).
        let area = std::f64::consts::PI * (2.5 * INCH).powi(2);
        let force = 2200.0 * psi.factor * area / LBF;
        assert!((force - 43_197.0).abs() < 5.0, "{force}");
        assert!((unit("bar").unwrap().factor / psi.factor - 14.5038).abs() < 1e-3);
        assert!((unit("hp").unwrap().factor / unit("kW").unwrap().factor - 0.7457).abs() < 1e-4);
    }

    #[test]
    fn formats_lengths_like_a_fabricator() {
        assert_eq!(inch_fraction(27.375), "27 3/8");
        assert_eq!(inch_fraction(0.0625), "1/16");
        assert_eq!(inch_fraction(240.0), "240");
        assert_eq!(format_length(127.0, System::Metric), "127 mm");
        assert_eq!(format_length(127.0, System::Imperial), "5 in");
    }

    #[test]
    fn formats_numbers_readably() {
        assert_eq!(format_number(12345.678, 4), "12,346");
        assert_eq!(format_number(0.5, 4), "0.5");
        assert_eq!(format_number(1.23456, 3), "1.23");
        assert_eq!(format_number(-1234567.0, 4), "-1,234,567");
        assert_eq!(format_quantity(Quantity::mm(127.0), System::Imperial), "5 in");
    }
}
