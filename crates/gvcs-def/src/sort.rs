//! One stable sort for the whole program.
//!
//! Why: `slice::sort_by` puts its own copy of the standard library's sort into the wasm for
//! every element type and comparison, about 4 kB each before compression. [`by`] sorts the
//! items' positions instead, through one shared copy, then moves the items into place.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, keeping the order of equal items (as `slice::sort_by`).
pub fn by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    positions(&mut order, &mut |a, b| cmp(&items[a], &items[b]));
    permute(items, &mut order);
}

/// The shared copy: the only instance of the standard sort this module makes.
#[inline(never)]
fn positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Rearranges `items` so that place `i` holds what was at `order[i]`, one cycle of the
/// permutation at a time (each item moves once; `order` is used up as the record of what is
/// in place).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != at {
            let from = std::mem::replace(&mut order[at], at);
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort(v in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
