//! Assembly steps: `[[step]]`s in order, `step = "<id>"` on every part, checked with located
//! errors, and carried by the evaluated instance (an include's parts take the include's step).

use gvcs_def::{DefError, Library, Settings};

const TABLES: [(&str, &str); 4] = [
    ("gvcs.toml", include_str!("../../../assets/gvcs.toml")),
    ("stock.toml", include_str!("../../../assets/stock.toml")),
    ("components.toml", include_str!("../../../assets/components.toml")),
    ("products.toml", include_str!("../../../assets/products.toml")),
];

const STAND: &str = r#"[assembly]
id = "stand"
name = "Stand"
summary = "A test stand"
design_basis = "none"

[[source]]
key = "S"
title = "A source"

[[step]]
id = "legs"
caption = "Weld the legs"
source = "S"

[[step]]
id = "top"
caption = "Bolt the top on"
assumption = "ours"

[[part]]
id = "leg"
name = "Leg"
group = "frame"
step = "legs"
stock = "L 2x2x1/4"
length = "20 in"
mirror = ["x"]
at = ["10 in", "0 in", "10 in"]
assumption = "test"

[[part]]
id = "top"
name = "Top"
group = "frame"
step = "top"
stock = "plate"
size = ["24 in", "12 in", "1/4 in"]
at = ["0 in", "0 in", "20 in"]
assumption = "test"
"#;

const HOST: &str = r#"[assembly]
id = "host"
name = "Host"
summary = "Holds two stands"
design_basis = "none"

[[step]]
id = "base"
caption = "Lay the base"
assumption = "ours"

[[step]]
id = "stands"
caption = "Set the stands on it"
assumption = "ours"

[[part]]
id = "base"
name = "Base"
group = "base"
step = "base"
stock = "plate"
size = ["60 in", "30 in", "1/4 in"]
at = ["0 in", "0 in", "0 in"]
assumption = "test"

[[include]]
id = "stand"
machine = "stand"
step = "stands"
array = { count = 2, step = ["30 in", "0 in", "0 in"] }
"#;

fn load(stand: &str, host: &str) -> Result<Library, Vec<DefError>> {
    let mut files: Vec<(&str, &str)> = TABLES.to_vec();
    files.push(("assemblies/stand.toml", stand));
    files.push(("assemblies/host.toml", host));
    Library::load(files).map_err(|e| e.0)
}

/// The single error of a load, in the stand's file.
fn error(stand: &str) -> DefError {
    let errors = load(stand, HOST).expect_err("should be refused");
    errors.iter().find(|e| e.file == "assemblies/stand.toml").unwrap_or_else(|| panic!("{errors:?}")).clone()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn steps_are_read_in_order_and_carried_by_the_instance() {
    let lib = load(STAND, HOST).unwrap();
    let stand = lib.machine("stand").unwrap();
    let ids: Vec<(&str, &str)> = stand.steps.iter().map(|s| (s.id.as_str(), s.caption.as_str())).collect();
    assert_eq!(ids, [("legs", "Weld the legs"), ("top", "Bolt the top on")]);
    assert_eq!(stand.parts.iter().map(|p| p.step).collect::<Vec<_>>(), [Some(0), Some(1)]);
    let inst = lib.evaluate("stand", &Settings::default()).unwrap();
    assert_eq!(inst.parts.iter().map(|p| (p.path.as_str(), p.step)).collect::<Vec<_>>(), [("leg", Some(0)), ("top", Some(1))]);
    // In the host, the stand's parts come at the host's step for the include.
    let inst = lib.evaluate("host", &Settings::default()).unwrap();
    let steps: Vec<(&str, Option<usize>)> = inst.parts.iter().map(|p| (p.path.as_str(), p.step)).collect();
    assert_eq!(steps, [("base", Some(0)), ("stand/leg", Some(1)), ("stand/top", Some(1))]);
}

#[test]
fn without_steps_parts_have_none() {
    let plain: String = STAND.replace("step = \"legs\"\n", "").replace("step = \"top\"\n", "");
    let plain = plain.split("[[step]]").next().unwrap().to_string() + &plain[plain.find("[[part]]").unwrap()..];
    let host = HOST.replace("step = \"stands\"\n", "");
    let lib = load(&plain, &host).unwrap();
    assert!(lib.machine("stand").unwrap().steps.is_empty());
    assert!(lib.evaluate("stand", &Settings::default()).unwrap().parts.iter().all(|p| p.step.is_none()));
    // An include without a step joins at the host's last step.
    let inst = lib.evaluate("host", &Settings::default()).unwrap();
    assert_eq!(inst.parts.iter().map(|p| p.step).collect::<Vec<_>>(), [Some(0), Some(1), Some(1)]);
}

#[test]
fn an_unknown_step_is_located_with_a_suggestion() {
    let text = STAND.replace("step = \"top\"", "step = \"tpo\"");
    let e = error(&text);
    assert!(e.message.contains("`tpo` is not a [[step]]") && e.message.contains("did you mean `top`"), "{e}");
    assert_eq!((e.line, e.col), (line_of(&text, "step = \"tpo\""), 8));
}

#[test]
fn a_step_needs_a_caption() {
    let text = STAND.replace("caption = \"Bolt the top on\"\n", "");
    let e = error(&text);
    assert!(e.message.contains("missing field `caption` in a [[step]]"), "{e}");
    assert_eq!(e.line, line_of(&text, "id = \"top\"") - 1, "points at the step's table");
    let text = STAND.replace("caption = \"Bolt the top on\"", "caption = \" \"");
    let e = error(&text);
    assert!(e.message.contains("step `top` needs a `caption`"), "{e}");
}

#[test]
fn every_part_names_a_step_and_every_step_adds_a_part() {
    let text = STAND.replace("step = \"legs\"\n", "");
    let e = error(&text);
    assert!(e.message.contains("part `leg` has no `step`"), "{e}");
    assert_eq!(e.line, line_of(&text, "id = \"leg\""));
    let text = STAND.replace("step = \"legs\"", "step = \"top\"");
    let e = error(&text);
    assert!(e.message.contains("step `legs` adds no part"), "{e}");
    let text = STAND.replace("id = \"top\"\ncaption", "id = \"legs\"\ncaption");
    let errors = load(&text, HOST).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("step `legs` is declared twice")), "{errors:?}");
    let e = error(&STAND.replace("source = \"S\"\n\n[[step]]", "\n[[step]]"));
    assert!(e.message.contains("step `legs` needs a `source`"), "{e}");
}
