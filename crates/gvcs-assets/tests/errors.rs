//! A broken definition is reported with its file, line and column and what is wrong; it
//! never panics. Each case changes one thing in the real CEB press definition.

use gvcs_def::{DefError, Settings};

fn with_press(edit: impl Fn(&str) -> String) -> Result<gvcs_assets::Data, Vec<DefError>> {
    let files: Vec<(String, String)> = gvcs_assets::files()
        .unwrap()
        .iter()
        .map(|(n, t)| (n.to_string(), if *n == "machines/ceb-press.toml" { edit(t) } else { t.to_string() }))
        .collect();
    gvcs_assets::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| e.0)
}

/// The single error of a load, checked to name the press file and a line.
fn one_error(edit: impl Fn(&str) -> String) -> DefError {
    let errors = with_press(edit).map(|_| ()).expect_err("the edit should be refused");
    let e = errors.iter().find(|e| e.file == "machines/ceb-press.toml").unwrap_or_else(|| panic!("{errors:?}")).clone();
    assert!(e.line > 0 && e.col > 0, "{e}");
    e
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

const PRESS: &str = include_str!("../../../assets/machines/ceb-press.toml");

#[test]
fn unknown_stock_size() {
    let e = one_error(|t| t.replacen("stock = \"FB 1/4x2\"", "stock = \"FB 1/4x9\"", 1));
    assert!(e.message.contains("unknown stock `FB 1/4x9`"), "{e}");
    assert_eq!(e.line, line_of(PRESS, "stock = \"FB 1/4x2\""));
    assert_eq!(e.col, 9);
}

#[test]
fn expression_naming_a_missing_parameter() {
    let e = one_error(|t| t.replacen("length = \"hopper_width - 1/2 in\"", "length = \"hoper_width - 1/2 in\"", 1));
    assert!(e.message.contains("`hoper_width` is not a parameter") && e.message.contains("did you mean `hopper_width`"), "{e}");
    assert_eq!(e.line, line_of(PRESS, "length = \"hopper_width - 1/2 in\""));
    assert_eq!(e.col, 11, "points at the name inside the quotes");
}

#[test]
fn default_out_of_range() {
    let e = one_error(|t| t.replacen("default = 16\nmin = 10", "default = 36\nmin = 10", 1));
    assert!(e.message.contains("default 36 of `stroke` is outside its range 10 to 24"), "{e}");
}

#[test]
fn mixing_a_length_and_a_pressure() {
    let e = one_error(|t| t.replacen("length = \"hopper_depth - 1/2 in\"", "length = \"hopper_depth - pressure\"", 1));
    assert!(e.message.contains("a length") && e.message.contains("a pressure"), "{e}");
}

#[test]
fn a_typo_in_a_field_name() {
    let e = one_error(|t| t.replacen("length = \"grate_z\"", "lenght = \"grate_z\"", 1));
    assert!(e.message.contains("unknown field `lenght`") && e.message.contains("did you mean `length`"), "{e}");
}

#[test]
fn toml_syntax_error() {
    let e =
        one_error(|t| t.replacen("name = \"ceb-press\"", "name = \"ceb-press", 1).replacen("id = \"ceb-press\"", "id = \"ceb-press", 1));
    assert!(e.line >= line_of(PRESS, "id = \"ceb-press\""), "{e}");
}

#[test]
fn a_figure_without_a_source() {
    let e = one_error(|t| t.replacen("expr = \"4.5 in\"\nsource = \"CEB-1708\"", "expr = \"4.5 in\"", 1));
    assert!(e.message.contains("needs a `source`") && e.message.contains("upright_w"), "{e}");
}

#[test]
fn division_by_zero_at_chosen_values() {
    // Loads fine; fails only for the values that make the divisor zero.
    let data =
        with_press(|t| t.replacen("expr = \"pi * bore^2 / 4\"", "expr = \"pi * bore^2 / 4 * (1 in / (bore - rod - 1 in))\"", 1)).unwrap();
    // At the defaults the same kind of slip is caught when the file loads.
    let e = one_error(|t| t.replacen("expr = \"pi * bore^2 / 4\"", "expr = \"pi * bore^2 / 4 * (1 in / (bore - 2 * rod))\"", 1));
    assert_eq!((e.message.as_str(), e.line), ("division by zero", line_of(PRESS, "expr = \"pi * bore^2 / 4\"")));
    let m = data.library.machine("ceb-press").unwrap();
    let (ok, _) = m.parse_settings([("bore", "3.5")]);
    let e = data.library.evaluate("ceb-press", &ok).unwrap_err();
    assert_eq!(e.message, "division by zero");
    assert_eq!((e.file.as_str(), e.line), ("machines/ceb-press.toml", line_of(PRESS, "expr = \"pi * bore^2 / 4\"")));
    assert!(data.library.evaluate("ceb-press", &Settings::default()).is_ok());
}

#[test]
fn includes_that_loop_are_refused() {
    let errors = with_press(|t| t.to_string()).map(|_| ()).err();
    assert!(errors.is_none());
    let files: Vec<(String, String)> = gvcs_assets::files()
        .unwrap()
        .iter()
        .map(|(n, t)| {
            let t = if *n == "machines/power-cube.toml" {
                format!("{t}\n[[include]]\nid = \"press\"\nmachine = \"ceb-press\"\n")
            } else {
                t.to_string()
            };
            (n.to_string(), t)
        })
        .collect();
    let e = gvcs_assets::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).unwrap_err();
    assert!(e.to_string().contains("include each other in a loop"), "{e}");
}

#[test]
fn hostile_values_never_panic() {
    let data = gvcs_assets::load().unwrap();
    let m = data.library.machine("ceb-press").unwrap();
    for v in ["", "1e400", "-0", "NaN", "inf", "1/0 in", "5 psi", "((((", "9999999999999999999999", "5 in in"] {
        let (s, _) = m.parse_settings([("bore", v)]);
        let _ = data.library.evaluate("ceb-press", &s);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any damage to a definition file gives errors, never a panic.
    #[test]
    fn a_damaged_file_never_panics(at in 0.0f64..1.0, cut in 0usize..40, insert in "[ -~\n]{0,6}") {
        let _ = with_press(|t| {
            let mut s = t.to_string();
            let mut i = ((s.len() as f64) * at) as usize;
            while !s.is_char_boundary(i) { i -= 1; }
            let mut j = (i + cut).min(s.len());
            while !s.is_char_boundary(j) { j -= 1; }
            s.replace_range(i..j, &insert);
            s
        });
    }
}

#[test]
fn a_parameter_named_like_a_link_key() {
    let e = one_error(|t| t.replacen("name = \"bore\"", "name = \"units\"", 1));
    assert!(e.message.contains("cannot be called `units`"), "{e}");
    assert_eq!(e.line, line_of(PRESS, "name = \"bore\""));
}

#[test]
fn an_output_names_a_product_of_the_table() {
    let e = one_error(|t| t.replacen("product = \"earth-blocks\"", "product = \"earth-block\"", 1));
    assert!(e.message.contains("not a product") && e.message.contains("did you mean `earth-blocks`"), "{e}");
    let e = one_error(|t| t.replacen("rate = \"blocks_per_min / 1 min\"", "rate = \"blocks_per_min\"", 1));
    assert!(e.message.contains("the rate of `earth-blocks` should be a rate per time, but this expression gives a plain number"), "{e}");
}

#[test]
fn an_include_says_whose_outputs_they_are() {
    let e = one_error(|t| t.replacen("outputs = \"internal\"\n", "", 1));
    assert!(e.message.contains("outputs = \"own\"") && e.message.contains("power-cube"), "{e}");
}

#[test]
fn sub_assemblies_and_machines_keep_to_their_folders() {
    let files: Vec<(String, String)> = gvcs_assets::files()
        .unwrap()
        .iter()
        .map(|(n, t)| (n.replace("assemblies/wheel-unit.toml", "machines/wheel-unit.toml"), t.to_string()))
        .collect();
    let e = gvcs_assets::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map(|_| ()).unwrap_err();
    assert!(e.0.iter().any(|e| e.file == "machines/wheel-unit.toml" && e.message.contains("needs one [machine] table")), "{e}");
}

#[test]
fn a_labour_formula_that_gives_no_time_is_an_error_not_zero() {
    let files: Vec<(String, String)> = gvcs_assets::files()
        .unwrap()
        .iter()
        .map(|(n, t)| {
            (
                n.to_string(),
                if *n == "labour.toml" {
                    t.replace("time = \"5 min + 0.6 min * m / 1 kg\"", "time = \"5 min - 0.6 min * m / 1 kg\"")
                } else {
                    t.to_string()
                },
            )
        })
        .collect();
    let data = gvcs_assets::load_from(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).expect("loads: light parts still fit");
    let e = data.compute("ceb-press", &Settings::default(), Default::default()).map(|_| ()).unwrap_err();
    assert_eq!(e.file, "labour.toml");
    assert!(e.message.contains("the fitting time of a") && e.message.contains("not a time or length of zero or more"), "{e}");
}
