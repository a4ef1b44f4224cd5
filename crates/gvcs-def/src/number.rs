//! Decimal text to `f64`, with the result of `str::parse::<f64>` and without its table.
//!
//! Why: the standard parser (Eisel-Lemire) carries a table of 128-bit powers of five, 10 kB
//! that no compressor shortens, a tenth of what each machine definition costs in the
//! browser's download. Every number the app reads from text (expressions, links, inputs,
//! plan files) goes through [`parse`] instead:
//!
//! - Most numbers people and files write (up to 15 or so digits, exponents within ±22) take
//!   the exact fast path: an integer that fits a `f64` times or over a power of ten that
//!   fits one, a single correctly rounded operation.
//! - The rest go to the platform: natively the standard parser; in the browser the front
//!   installs the JavaScript engine's, which rounds correctly too ([`set_slow_path`]).
//!
//! So both give the same bits as `str::parse` for the same text.

/// Significant digits as an integer (the first 19, which fit a `u64`) and the power of ten
/// they stand at.
#[derive(Default)]
struct Digits {
    mantissa: u64,
    count: u32,
    exp10: i64,
}

impl Digits {
    fn push(&mut self, d: u8, after_point: bool) {
        if self.mantissa == 0 && d == 0 {
            // Leading zeros count nothing, but after the point they shift the value.
            self.exp10 -= i64::from(after_point);
        } else if self.count < 19 {
            self.mantissa = self.mantissa * 10 + u64::from(d);
            self.count += 1;
            self.exp10 -= i64::from(after_point);
        } else {
            // Past 19 digits: only the slow path can round this.
            self.count += 1;
            self.exp10 += i64::from(!after_point);
        }
    }
}

/// The grammar `str::parse::<f64>` accepts: an optional sign, digits with an optional decimal
/// point (at least one digit), an optional exponent; or `inf`, `infinity`, `nan` in any case.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let signed = |v: f64| if negative { -v } else { v };
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        return Some(signed(f64::INFINITY));
    }
    if body.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    let b = body.as_bytes();
    let mut i = 0;
    let mut n = Digits::default();
    let mut any = false;
    for after_point in [false, true] {
        if after_point {
            if b.get(i) != Some(&b'.') {
                break;
            }
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            n.push(b[i] - b'0', after_point);
            (i, any) = (i + 1, true);
        }
    }
    if !any {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let neg = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'-' | b'+')));
        let start = i;
        let mut e: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            e = (e * 10 + i64::from(b[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        n.exp10 += if neg { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    if n.mantissa == 0 {
        return Some(signed(0.0));
    }
    const POW10: [f64; 23] =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
    let m = n.mantissa as f64;
    if n.count <= 19 && n.mantissa <= 1 << 53 && (-22..=22).contains(&n.exp10) {
        return Some(signed(if n.exp10 >= 0 { m * POW10[n.exp10 as usize] } else { m / POW10[(-n.exp10) as usize] }));
    }
    // Without a correctly rounded parser (a browser front that installed none): the first 19
    // digits scaled by a power of ten, within a few units in the last place.
    Some(slow(text).unwrap_or_else(|| signed(m * 10f64.powi(n.exp10.clamp(-400, 400) as i32))))
}

#[cfg(not(target_arch = "wasm32"))]
fn slow(text: &str) -> Option<f64> {
    text.parse().ok()
}

#[cfg(target_arch = "wasm32")]
static SLOW: std::sync::OnceLock<fn(&str) -> f64> = std::sync::OnceLock::new();

/// Installs the browser's correctly rounded parser for the numbers the fast path cannot take
/// (the web front gives JavaScript's `parseFloat`). Only the first call counts.
#[cfg(target_arch = "wasm32")]
pub fn set_slow_path(f: fn(&str) -> f64) {
    let _ = SLOW.set(f);
}

#[cfg(target_arch = "wasm32")]
fn slow(text: &str) -> Option<f64> {
    SLOW.get().map(|f| f(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        let std = text.parse::<f64>().ok();
        let ours = parse(text);
        match (std, ours) {
            (Some(a), Some(b)) => assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{text}: std {a:e}, ours {b:e}"),
            (None, None) => {}
            (a, b) => panic!("{text}: std {a:?}, ours {b:?}"),
        }
    }

    #[test]
    fn agrees_with_the_standard_parser() {
        for t in [
            "0",
            "-0",
            "+1",
            "1.",
            ".5",
            "0.1",
            "0.30000000000000004",
            "123456789012345678901234",
            "1e22",
            "1e23",
            "9007199254740993",
            "2.2250738585072014e-308",
            "4.9e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1e309",
            "00012.5000",
            "0.000001",
            "1_000",
            "",
            ".",
            "e5",
            "1e",
            "1e+",
            "-",
            "+",
            "1.2.3",
            " 1",
            "1 ",
            "inf",
            "-Infinity",
            "NaN",
            "nan(1)",
            "0x10",
            "1e-5",
            "304.8",
            "25.4",
            "0.0254",
            "1E3",
            "1e-0",
            "3.141592653589793238462643383279",
            "99999999999999999999e-30",
        ] {
            same(t);
        }
    }

    proptest! {
        #[test]
        fn agrees_on_any_decimal(int in "[0-9]{0,24}", frac in "[0-9]{0,24}", exp in prop::option::of(-330i32..330), neg: bool) {
            let mut t = format!("{}{int}", if neg { "-" } else { "" });
            if !frac.is_empty() {
                t = format!("{t}.{frac}");
            }
            if let Some(e) = exp {
                t = format!("{t}e{e}");
            }
            same(&t);
        }

        #[test]
        fn agrees_on_what_the_app_writes(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            same(&v.to_string());
            same(&format!("{v:e}"));
        }
    }
}
