//! Stage 1 of the bill of materials: what a machine is made of, in base units (mm, kg),
//! before any stock is chosen, any price applied or any time estimated.
//!
//! A takeoff is additive and scalable: a village's takeoff is the sum of its machines'
//! takeoffs times their counts, planned and priced once (`Takeoff::add`, `Takeoff::times`).

use gvcs_def::Library;
use gvcs_def::component::ComponentSize;
use gvcs_def::eval::{Instance, PartKind};
use gvcs_def::machine::Ends;
use gvcs_def::map::LiteMap;
use gvcs_def::polygon::perimeter;
use gvcs_def::units::Quantity;
use serde::Serialize;

const INCH: f64 = 25.4;

/// Pieces of one part cut from bar or tube.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    /// Part path (`frame-post`, `power-cube/rail`), prefixed by the machine in a village.
    pub part: String,
    pub name: String,
    pub length_mm: f64,
    pub count: usize,
    pub ends: Ends,
}

/// Copies of one part cut from plate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatePiece {
    pub part: String,
    pub name: String,
    /// Bounding rectangle of the outline, `length_mm >= width_mm`.
    pub length_mm: f64,
    pub width_mm: f64,
    /// Area of one, mm².
    pub area_mm2: f64,
    /// Cut length around one, mm.
    pub perimeter_mm: f64,
    pub count: usize,
    /// Not a rectangle (an outline was given).
    pub shaped: bool,
}

/// Purchased components of one kind and size.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Purchase {
    /// Index into the library's component catalogue.
    pub component: usize,
    /// The component's dims, base units, in the catalogue's order.
    #[serde(skip)]
    pub dims: Vec<Quantity>,
    /// Mass of one, kg.
    pub unit_mass_kg: f64,
    /// Hours to fit one.
    pub fit_hours: f64,
    /// Parts it is used in.
    pub parts: Vec<String>,
    pub count: usize,
}

/// Everything a machine (or a set of machines) is made of.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Takeoff {
    /// Bar and tube pieces by stock profile (index into the stock library).
    #[serde(serialize_with = "gvcs_def::map::as_map")]
    pub bars: LiteMap<usize, Vec<Piece>>,
    /// Plate parts by plate profile.
    #[serde(serialize_with = "gvcs_def::map::as_map")]
    pub plates: LiteMap<usize, Vec<PlatePiece>>,
    pub purchased: Vec<Purchase>,
    /// Weld length in mm by the thickness welded, in µm (the fillet leg follows from it).
    #[serde(serialize_with = "gvcs_def::map::as_map")]
    pub welds: LiteMap<i64, f64>,
    /// Hole count by (drill size in 1/64 in, depth in µm): grouped as a drill index would.
    pub holes: LiteMap<(i64, i64), usize>,
    /// Mass of each fabricated piece, kg, with how many: fitting time depends on mass.
    #[serde(serialize_with = "gvcs_def::map::as_map")]
    pub fabricated: LiteMap<i64, usize>,
    pub steel_mass_kg: f64,
    /// Outside area of the steel, mm², for paint.
    pub paint_area_mm2: f64,
}

/// Key for a drill size: 1/64 in steps.
pub fn drill_key(mm: f64) -> i64 {
    (mm / INCH * 64.0).round() as i64
}

/// The drill size a key stands for, mm.
pub fn drill_size(key: i64) -> f64 {
    key as f64 / 64.0 * INCH
}

fn micro(mm: f64) -> i64 {
    (mm * 1000.0).round() as i64
}

impl Takeoff {
    /// The takeoff of an evaluated machine.
    pub fn of(lib: &Library, inst: &Instance) -> Takeoff {
        let stock = &lib.stock;
        let mut t = Takeoff::default();
        for p in &inst.parts {
            let n = p.count();
            let thickness = match &p.kind {
                PartKind::Bar { profile, .. } | PartKind::Plate { profile, .. } => stock.profiles[*profile].section.thickness(),
                // A bracket welded to a component is taken as quarter-inch stock.
                PartKind::Component { .. } => 0.25 * INCH,
            };
            if p.weld > 0.0 {
                *t.welds.entry(micro(thickness)).or_default() += p.weld * n as f64;
            }
            for h in &p.holes {
                *t.holes.entry((drill_key(h.dia), micro(thickness))).or_default() += h.count as usize * n;
            }
            match &p.kind {
                PartKind::Bar { profile, length } => {
                    let prof = &stock.profiles[*profile];
                    t.bars.entry(*profile).or_default().push(Piece {
                        part: p.path.clone(),
                        name: p.name.clone(),
                        length_mm: *length,
                        count: n,
                        ends: p.ends,
                    });
                    let m = length * stock.mass_per_mm(prof);
                    t.add_fabricated(m, n);
                    t.paint_area_mm2 += prof.section.perimeter() * length * n as f64;
                }
                PartKind::Plate { profile, length, width, area, outline } => {
                    let th = stock.profiles[*profile].section.thickness();
                    let per = perimeter(outline);
                    t.plates.entry(*profile).or_default().push(PlatePiece {
                        part: p.path.clone(),
                        name: p.name.clone(),
                        length_mm: *length,
                        width_mm: *width,
                        area_mm2: *area,
                        perimeter_mm: per,
                        count: n,
                        shaped: outline.len() != 4 || (area - length * width).abs() > 1.0,
                    });
                    t.add_fabricated(area * th * stock.density, n);
                    t.paint_area_mm2 += (2.0 * area + per * th) * n as f64;
                }
                PartKind::Component { component, size } => t.add_purchase(*component, size, &p.path, n),
            }
        }
        t
    }

    fn add_fabricated(&mut self, kg: f64, n: usize) {
        self.steel_mass_kg += kg * n as f64;
        // To the gram: fitting time is a smooth function of mass.
        *self.fabricated.entry((kg * 1000.0).round() as i64).or_default() += n;
    }

    fn add_purchase(&mut self, component: usize, size: &ComponentSize, part: &str, n: usize) {
        match self.purchased.iter_mut().find(|l| l.component == component && l.dims == size.dims) {
            Some(line) => {
                line.parts.push(part.to_string());
                line.count += n;
            }
            None => self.purchased.push(Purchase {
                component,
                dims: size.dims.clone(),
                unit_mass_kg: size.mass,
                fit_hours: size.fit_hours,
                parts: vec![part.to_string()],
                count: n,
            }),
        }
    }

    /// Adds another takeoff's quantities to this one.
    pub fn add(&mut self, other: &Takeoff) {
        for (k, pieces) in &other.bars {
            self.bars.entry(*k).or_default().extend(pieces.iter().cloned());
        }
        for (k, parts) in &other.plates {
            self.plates.entry(*k).or_default().extend(parts.iter().cloned());
        }
        for p in &other.purchased {
            match self.purchased.iter_mut().find(|l| l.component == p.component && l.dims == p.dims) {
                Some(line) => {
                    line.parts.extend(p.parts.iter().cloned());
                    line.count += p.count;
                }
                None => self.purchased.push(p.clone()),
            }
        }
        for (k, v) in &other.welds {
            *self.welds.entry(*k).or_default() += v;
        }
        for (k, v) in &other.holes {
            *self.holes.entry(*k).or_default() += v;
        }
        for (k, v) in &other.fabricated {
            *self.fabricated.entry(*k).or_default() += v;
        }
        self.steel_mass_kg += other.steel_mass_kg;
        self.paint_area_mm2 += other.paint_area_mm2;
    }

    /// The quantities of `n` copies.
    pub fn times(&self, n: usize) -> Takeoff {
        let mut t = self.clone();
        let k = n as f64;
        for pieces in t.bars.iter_mut().map(|(_, v)| v) {
            pieces.iter_mut().for_each(|p| p.count *= n);
        }
        for parts in t.plates.iter_mut().map(|(_, v)| v) {
            parts.iter_mut().for_each(|p| p.count *= n);
        }
        t.purchased.iter_mut().for_each(|p| p.count *= n);
        t.welds.iter_mut().map(|(_, v)| v).for_each(|v| *v *= k);
        t.holes.iter_mut().map(|(_, v)| v).for_each(|v| *v *= n);
        t.fabricated.iter_mut().map(|(_, v)| v).for_each(|v| *v *= n);
        t.steel_mass_kg *= k;
        t.paint_area_mm2 *= k;
        t
    }

    /// The same takeoff with every part path under `prefix/`, to keep machines apart in a sum.
    pub fn prefixed(mut self, prefix: &str) -> Takeoff {
        let pre = |s: &mut String| *s = format!("{prefix}/{s}");
        self.bars.iter_mut().flat_map(|(_, v)| v).for_each(|p| pre(&mut p.part));
        self.plates.iter_mut().flat_map(|(_, v)| v).for_each(|p| pre(&mut p.part));
        self.purchased.iter_mut().flat_map(|p| p.parts.iter_mut()).for_each(pre);
        self
    }

    /// Fabricated pieces (bar and plate), counting copies.
    pub fn fabricated_count(&self) -> usize {
        self.fabricated.values().sum()
    }

    pub fn purchased_count(&self) -> usize {
        self.purchased.iter().map(|p| p.count).sum()
    }

    pub fn purchased_mass_kg(&self) -> f64 {
        self.purchased.iter().map(|p| p.unit_mass_kg * p.count as f64).sum()
    }

    /// Length of thermal cut around plate parts, mm.
    pub fn plate_cut_mm(&self) -> f64 {
        self.plates.values().flatten().map(|p| p.perimeter_mm * p.count as f64).sum()
    }
}
