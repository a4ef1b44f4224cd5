//! Where part labels go over the view: two columns at the left and right edges, each label
//! joined to its part by a leader line. Plain numbers, tested natively; the page draws them.
//!
//! Rule: candidates come most important first (the host sorts them, largest part first);
//! each goes to the column on its part's side, or to the other column when that one is full,
//! or is left out when both are. In a column, labels keep the order of their parts from top
//! to bottom and are pushed apart to a fixed pitch, so no two labels overlap, and the two
//! columns, each at most `COLUMN` of the width, never meet.

/// A column's share of the view's width at most.
pub const COLUMN: f64 = 0.47;

/// A label to place: its width (estimated from its text) and where its part is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Want {
    pub width: f64,
    pub x: f64,
    pub y: f64,
}

/// A placed label: the box's left, top and width (its height is the `height` asked for), the
/// index of the [`Want`] it came from, and the end of its leader line on the box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub want: usize,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub end: (f64, f64),
}

/// The view: `width` by `height` CSS pixels, with labels kept between `top` and `bottom`,
/// `margin` from the sides; each label `label_height` high, `gap` apart.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub top: f64,
    pub bottom: f64,
    pub margin: f64,
    pub label_height: f64,
    pub gap: f64,
}

/// Places as many of `wants` (most important first) as fit; see the module's rule.
pub fn layout(wants: &[Want], f: &Frame) -> Vec<Placed> {
    let pitch = f.label_height + f.gap;
    let room = (f.bottom - f.top + f.gap).max(0.0);
    let capacity = (room / pitch).floor() as usize;
    let max_width = (f.width * COLUMN - f.margin).max(0.0);
    // Column 0 is the left one.
    let mut cols: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (k, w) in wants.iter().enumerate() {
        let side = usize::from(w.x >= f.width / 2.0);
        let side = if cols[side].len() < capacity { side } else { 1 - side };
        let col = &mut cols[side];
        if col.len() < capacity {
            // Kept in order from top to bottom (by insertion: a column holds a few labels).
            let at = col.iter().position(|&j| wants[j].y > w.y).unwrap_or(col.len());
            col.insert(at, k);
        }
    }
    let mut out = Vec::new();
    for (side, col) in cols.iter().enumerate() {
        // Wanted tops (centred on the part), pushed down past the one above, then up from
        // the bottom so the last fits; capacity ensures the first then stays below `top`.
        let mut tops: Vec<f64> = Vec::with_capacity(col.len());
        for &k in col.iter() {
            let want = (wants[k].y - f.label_height / 2.0).max(f.top);
            tops.push(tops.last().map_or(want, |&t| want.max(t + pitch)));
        }
        let mut limit = f.bottom - f.label_height;
        for t in tops.iter_mut().rev() {
            *t = t.min(limit);
            limit = *t - pitch;
        }
        for (&k, &top) in col.iter().zip(&tops) {
            let width = wants[k].width.min(max_width);
            let left = if side == 0 { f.margin } else { f.width - f.margin - width };
            let end_x = if side == 0 { left + width } else { left };
            out.push(Placed { want: k, left, top, width, end: (end_x, top + f.label_height / 2.0) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame { width: 800.0, height: 500.0, top: 10.0, bottom: 450.0, margin: 8.0, label_height: 30.0, gap: 6.0 }
    }

    fn overlap(a: &Placed, b: &Placed, h: f64) -> bool {
        a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + h && b.top < a.top + h
    }

    #[test]
    fn labels_crowded_on_one_spot_do_not_overlap_and_stay_inside() {
        let f = frame();
        // Twenty labels all wanting the same place, some very wide.
        let wants: Vec<Want> = (0..20).map(|k| Want { width: 60.0 + 40.0 * k as f64, x: 390.0 + k as f64, y: 200.0 }).collect();
        let placed = layout(&wants, &f);
        // 12 fit in each column of 440 px at a pitch of 36.
        assert_eq!(placed.len(), 20);
        for (i, a) in placed.iter().enumerate() {
            assert!(a.top >= f.top && a.top + f.label_height <= f.bottom, "{a:?}");
            assert!(a.left >= f.margin && a.left + a.width <= f.width - f.margin + 1e-9, "{a:?}");
            for b in &placed[i + 1..] {
                assert!(!overlap(a, b, f.label_height), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn labels_keep_their_parts_order_and_side_and_the_least_important_are_left_out() {
        let f = Frame { bottom: 100.0, ..frame() };
        // Room for 2 a column: the fifth (least important) is left out.
        let wants = [
            Want { width: 50.0, x: 100.0, y: 80.0 },
            Want { width: 50.0, x: 100.0, y: 20.0 },
            Want { width: 50.0, x: 700.0, y: 50.0 },
            Want { width: 50.0, x: 100.0, y: 50.0 },
            Want { width: 50.0, x: 700.0, y: 60.0 },
        ];
        let placed = layout(&wants, &f);
        let ks: Vec<usize> = placed.iter().map(|p| p.want).collect();
        // Left: 1 above 0; the third left one spills to the right, under part 2.
        assert_eq!(ks, [1, 0, 2, 3]);
        assert_eq!(placed[0].left, f.margin);
        assert_eq!(placed[2].left, f.width - f.margin - 50.0);
        assert_eq!(placed[0].end, (f.margin + 50.0, placed[0].top + 15.0));
        assert!(placed[1].top - placed[0].top >= 36.0 - 1e-9);
    }
}
