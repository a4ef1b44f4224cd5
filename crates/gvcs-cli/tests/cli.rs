//! The `gvcs` command as a person (or a script) uses it.

use std::process::Command;

fn gvcs(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gvcs")).args(args).output().expect("runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn list_as_json() {
    let (ok, out, _) = gvcs(&["list", "--format", "json"]);
    assert!(ok);
    let v = json(&out);
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"ceb-press") && ids.contains(&"power-cube"));
    for m in v.as_array().unwrap() {
        assert!(m["name"].is_string() && m["category"].is_string());
    }
    let (_, all, _) = gvcs(&["list", "--all", "--format", "json"]);
    assert_eq!(json(&all).as_array().unwrap().len(), 50);
}

#[test]
fn bom_json_has_the_documented_fields() {
    let (ok, out, err) = gvcs(&["bom", "ceb-press", "--set", "bore=5.5", "--format", "json"]);
    assert!(ok, "{err}");
    let v = json(&out);
    for key in ["machine", "parameters", "steel_mass_kg", "mass_kg", "cost_total", "currency", "labour_hours", "stock", "purchased"] {
        assert!(!v[key].is_null(), "missing {key}");
    }
    assert_eq!(v["machine"], "ceb-press");
    let bore = v["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "bore").unwrap();
    assert!((bore["value"].as_f64().unwrap() - 139.7).abs() < 1e-6, "metric by default: {bore}");
    for s in v["stock"].as_array().unwrap() {
        for key in ["profile", "pieces", "total_length_mm", "sticks", "stick_length_mm"] {
            assert!(!s[key].is_null(), "stock line missing {key}");
        }
        assert!(s["sticks"].as_u64().unwrap() >= s["lower_bound"].as_u64().unwrap());
    }
    assert!(v["purchased"].as_array().unwrap().iter().any(|p| p["component"] == "hydraulic-cylinder"));
}

#[test]
fn bom_table_and_csv_in_imperial() {
    let (ok, out, _) = gvcs(&["bom", "power-cube", "--units", "imperial"]);
    assert!(ok);
    assert!(out.contains("Bars and tubes") && out.contains("29 in") && out.contains(" lb"), "{out}");
    let (ok, csv, _) = gvcs(&["bom", "power-cube", "--units", "imperial", "--format", "csv"]);
    assert!(
        ok && csv.starts_with("section,item,value,note") && csv.contains("cut-list,L 2x2x1/4,\"Long rail, top\",29 in,2,square"),
        "{csv}"
    );
}

#[test]
fn a_bad_set_names_the_parameter_and_fails() {
    let (ok, _, err) = gvcs(&["bom", "ceb-press", "--set", "bore=banana"]);
    assert!(!ok);
    assert!(err.contains("bore") && err.contains("banana"), "{err}");
    let (ok, _, err) = gvcs(&["bom", "ceb-press", "--set", "stroke=99"]);
    assert!(!ok && err.contains("stroke") && err.contains("outside its range"), "{err}");
    let (ok, _, err) = gvcs(&["bom", "ceb-press", "--set", "boer=5"]);
    assert!(!ok && err.contains("did you mean `bore`"), "{err}");
    let (ok, _, err) = gvcs(&["bom", "ceb-press", "--set", "bore"]);
    assert!(!ok && err.contains("NAME=VALUE"), "{err}");
    let (ok, _, err) = gvcs(&["bom", "ceb-press", "--price", "steel-plat=2"]);
    assert!(!ok && err.contains("did you mean `steel-plate`"), "{err}");
    let (ok, out, err) = gvcs(&["bom", "ceb-press", "--price", "labour=15", "--format", "json"]);
    assert!(ok, "{err}");
    assert_eq!(json(&out)["labour_rate"], 15.0);
    let (ok, _, err) = gvcs(&["bom", "truck"]);
    assert!(!ok && err.contains("no machine"), "{err}");
}

#[test]
fn check_reports_a_broken_definition_with_its_place() {
    let dir = std::env::temp_dir().join(format!("gvcs-check-{}", std::process::id()));
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    copy_dir(&assets, &dir);
    let file = dir.join("machines/power-cube.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace("stock = \"HSS 12x6x1/4\"", "stock = \"HSS 12x6x3/8\"");
    std::fs::write(&file, text).unwrap();
    let (ok, _, err) = gvcs(&["--assets", dir.to_str().unwrap(), "check"]);
    assert!(!ok);
    assert!(
        err.contains("machines/power-cube.toml:")
            && err.contains("unknown stock `HSS 12x6x3/8`")
            && err.contains("did you mean `HSS 12x6x1/4`"),
        "{err}"
    );
    let (ok, out, _) = gvcs(&["--assets", assets.to_str().unwrap(), "check"]);
    assert!(ok && out.starts_with("ok:"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn export_writes_glb_stl_and_obj_with_its_mtl() {
    let dir = std::env::temp_dir().join(format!("gvcs-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let (ok, out, err) = gvcs(&["export", "ceb-press", "--format", "glb", "--set", "bore=5.5", "-o", &path("press.glb")]);
    assert!(ok && out.contains("press.glb"), "{err}");
    let glb = std::fs::read(dir.join("press.glb")).unwrap();
    assert!(glb.starts_with(b"glTF") && u32::from_le_bytes(glb[8..12].try_into().unwrap()) as usize == glb.len());
    // The parameters it was exported at travel with it.
    assert!(String::from_utf8_lossy(&glb).contains("\"bore\""));
    let (ok, _, err) = gvcs(&["export", "power-cube", "--format", "stl", "-o", &path("cube.stl")]);
    assert!(ok, "{err}");
    let stl = std::fs::read(dir.join("cube.stl")).unwrap();
    assert_eq!(stl.len(), 84 + 50 * u32::from_le_bytes(stl[80..84].try_into().unwrap()) as usize);
    let (ok, _, err) = gvcs(&["export", "power-cube", "--format", "obj", "-o", &path("cube.obj")]);
    assert!(ok, "{err}");
    let obj = std::fs::read_to_string(dir.join("cube.obj")).unwrap();
    assert!(obj.lines().any(|l| l == "mtllib cube.mtl"), "the OBJ names the MTL beside it");
    assert!(std::fs::read_to_string(dir.join("cube.mtl")).unwrap().contains("newmtl steel-"));
    let (ok, _, err) = gvcs(&["export", "ceb-press", "--format", "stl", "--per-part", "--set", "with_power_cube=1", "-o", &path("parts")]);
    assert!(ok, "{err}");
    let names: Vec<String> =
        std::fs::read_dir(dir.join("parts")).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
    assert!(names.iter().all(|n| n.ends_with(".stl")) && names.iter().any(|n| n.starts_with("power-cube--")), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_names_bad_input_and_fails() {
    let out = std::env::temp_dir().join(format!("gvcs-export-bad-{}.glb", std::process::id()));
    let out = out.to_str().unwrap();
    let (ok, _, err) = gvcs(&["export", "truck", "--format", "glb", "-o", out]);
    assert!(!ok && err.contains("no machine `truck`"), "{err}");
    let (ok, _, err) = gvcs(&["export", "ceb-press", "--format", "glb", "--set", "bore=banana", "-o", out]);
    assert!(!ok && err.contains("bore") && err.contains("banana"), "{err}");
    let (ok, _, err) = gvcs(&["export", "ceb-press", "--format", "dxf", "-o", out]);
    assert!(!ok && err.contains("dxf"), "{err}");
    let (ok, _, err) = gvcs(&["export", "ceb-press", "--format", "glb", "-o", "/nonexistent-dir/x.glb"]);
    assert!(!ok && err.contains("/nonexistent-dir/x.glb"), "{err}");
    let (ok, _, err) = gvcs(&["export", "ceb-press", "--format", "obj", "--per-part", "-o", out]);
    assert!(!ok && err.contains("--per-part"), "{err}");
    let (ok, _, err) = gvcs(&["export", "ceb-press", "--format", "glb"]);
    assert!(!ok && err.contains("--output"), "{err}");
    assert!(!std::path::Path::new(out).exists());
}

#[test]
fn report_lists_every_machine_beside_its_published_figures() {
    let (ok, out, err) = gvcs(&["report", "--format", "json"]);
    assert!(ok, "{err}");
    let v = json(&out);
    let rows = v["rows"].as_array().unwrap();
    let (_, list, _) = gvcs(&["list", "--format", "json"]);
    assert_eq!(rows.len(), json(&list).as_array().unwrap().len(), "every machine of the set, no sub-assemblies");
    assert!(v["money_year"].as_i64().unwrap() >= 2025 && v["cost_index"].as_str().unwrap().contains("CPI-U"));
    for r in rows {
        for key in ["mass_kg", "materials_cost", "labour_hours"] {
            assert!(r[key].as_f64().unwrap() > 0.0, "{} {key}", r["machine"]);
        }
        // A bought machine (the hydraulic motor) has no steel of ours.
        assert!(r["steel_mass_kg"].as_f64().unwrap() >= 0.0);
        assert!(!r["outputs"].as_array().unwrap().is_empty(), "{}", r["machine"]);
    }
    let press = rows.iter().find(|r| r["machine"] == "ceb-press").unwrap();
    let mass = press["comparisons"].as_array().unwrap().iter().find(|c| c["what"] == "mass").unwrap();
    assert_eq!(mass["published"]["year"], 2017);
    assert!(mass["published"]["source"]["url"].as_str().unwrap().starts_with("https://wiki.opensourceecology.org/"));
    let ratio = mass["ratio_high"].as_f64().unwrap();
    assert!((ratio - press["mass_kg"].as_f64().unwrap() / (1700.0 * 0.45359237)).abs() < 1e-9);

    let (ok, table, _) = gvcs(&["report"]);
    assert!(ok);
    assert!(table.contains("CEB Press") && table.contains("Sawmill") && table.contains("in 2026") && table.contains("CPI-U"), "{table}");
    let (ok, imperial, _) = gvcs(&["report", "--units", "imperial"]);
    assert!(ok && imperial.contains(" lb"));
    let (ok, csv, _) = gvcs(&["report", "--format", "csv"]);
    assert!(ok);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("Machine,Mass,Steel,Materials,Labour"));
    assert_eq!(lines.count(), rows.len());
    assert!(csv.contains("opensourceecology.org"));
    let (ok, md, _) = gvcs(&["report", "--format", "markdown"]);
    assert!(ok && md.contains("| Machine |") && md.contains("\n1. ceb-press mass"));
}

#[test]
fn report_with_a_broken_published_file_names_its_place() {
    let dir = std::env::temp_dir().join(format!("gvcs-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in gvcs_assets::files().unwrap() {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = if *name == "published.toml" { text.replacen("what = \"mass\"", "what = \"weight\"", 1) } else { text.to_string() };
        std::fs::write(path, text).unwrap();
    }
    let (ok, _, err) = gvcs(&["--assets", dir.to_str().unwrap(), "report"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!ok);
    assert!(err.contains("published.toml:") && err.contains("`weight` is not a published measure"), "{err}");
}

#[test]
fn docs_catalog_is_up_to_date() {
    let (ok, fresh, err) = gvcs(&["report", "--format", "markdown"]);
    assert!(ok, "{err}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/catalog.md");
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(written == fresh, "docs/catalog.md is out of date with the data and code: run `cargo xtask catalog`");
}

#[test]
fn plan_json_has_the_documented_fields() {
    let (ok, out, err) = gvcs(&["plan", "--people", "200", "--format", "json"]);
    assert!(ok, "{err}");
    let v = json(&out);
    for key in [
        "people",
        "machines",
        "not_modelled",
        "cost_total",
        "currency",
        "labour_hours",
        "labour_hours_without_tools",
        "schedule_weeks",
        "lower_bound_weeks",
        "stock",
        "schedule",
    ] {
        assert!(!v[key].is_null(), "missing {key}");
    }
    assert_eq!(v["people"], 200);
    assert!(v["machines"]["ceb-press"].as_u64().unwrap() >= 1);
    assert!(v["labour_hours"].as_f64().unwrap() <= v["labour_hours_without_tools"].as_f64().unwrap());
    assert!(v["schedule_weeks"].as_f64().unwrap() >= v["lower_bound_weeks"].as_f64().unwrap());
    for s in v["stock"].as_array().unwrap() {
        for key in ["profile", "pieces", "total_length_mm", "sticks", "stick_length_mm"] {
            assert!(!s[key].is_null(), "stock line missing {key}");
        }
    }
    for s in v["schedule"].as_array().unwrap() {
        for key in ["machine", "unit", "start_week", "end_week"] {
            assert!(!s[key].is_null(), "schedule entry missing {key}");
        }
    }
    let (ok, out, _) = gvcs(&["plan", "--people", "200", "--preset", "full-set", "--format", "json"]);
    assert!(ok);
    let v = json(&out);
    assert_eq!(v["machines"].as_object().unwrap().len() + v["not_modelled"].as_array().unwrap().len(), 50);
}

#[test]
fn plan_table_csv_and_settings() {
    let (ok, out, err) = gvcs(&["plan", "--people", "50", "--years", "3", "--crew", "2", "--hours-per-week", "30"]);
    assert!(ok && out.contains("ceb-press") && out.contains("schedule"), "{err}");
    let (ok, csv, _) = gvcs(&["plan", "--people", "50", "--set", "demand.floor_area=40", "--format", "csv"]);
    assert!(ok && csv.starts_with("section,item,value,note"), "{csv}");
    let (ok, out, err) = gvcs(&["plan", "--people", "50", "--exclude", "sawmill", "--count", "welder=2", "--format", "json"]);
    assert!(ok, "{err}");
    let v = json(&out);
    assert!(v["machines"]["sawmill"].is_null() && v["machines"]["welder"] == 2);
}

#[test]
fn plan_refuses_bad_input_by_name() {
    for (args, word) in [
        (vec!["plan", "--people", "0"], "--people"),
        (vec!["plan", "--people", "-5"], "--people"),
        (vec!["plan", "--people", "many"], "--people"),
        (vec!["plan", "--people", "99999999999"], "--people"),
        (vec!["plan", "--people", "10", "--years", "0"], "years"),
        (vec!["plan", "--people", "10", "--years", "-2"], "years"),
        (vec!["plan", "--people", "10", "--years", "inf"], "years"),
        (vec!["plan", "--people", "10", "--crew", "0"], "crew"),
        (vec!["plan", "--people", "10", "--crew", "-3"], "crew"),
        (vec!["plan", "--people", "10", "--hours-per-week", "500"], "hours per week"),
        (vec!["plan", "--people", "10", "--set", "demand.floor_area=-4"], "floor_area"),
        (vec!["plan", "--people", "10", "--set", "demand.nothing=4"], "nothing"),
        (vec!["plan", "--people", "10", "--set", "floor_area"], "demand.NAME=VALUE"),
        (vec!["plan", "--people", "10", "--preset", "castle"], "castle"),
        (vec!["plan", "--people", "10", "--count", "welder=lots"], "welder=lots"),
    ] {
        let (ok, _, err) = gvcs(&args);
        assert!(!ok, "{args:?} should fail");
        assert!(err.contains(word), "{args:?}: {err}");
    }
}

#[test]
fn a_production_run_shares_stock_saves_hours_with_tools_and_gives_the_margin() {
    let (ok, out, err) = gvcs(&["run", "ceb-press", "--units", "10", "--sale-price", "9000", "--format", "json"]);
    assert!(ok, "{err}");
    let r = json(&out);
    let f = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k} in {out}"));
    assert_eq!(r["units"], 10);
    assert!(f("unit_cost") <= f("unit_cost_alone"), "a run never costs more a unit than one unit alone");
    assert!(f("unit_hours") < f("unit_hours_by_hand"), "the tools save hours");
    assert!((f("margin") - (9000.0 - f("unit_total"))).abs() < 1e-6);
    let (ok, out, _) = gvcs(&["run", "ceb-press", "--by-hand"]);
    assert!(ok && out.contains("everything by hand") && out.contains("labour by hand"), "{out}");
    for bad in [
        &["run", "ceb-press", "--units", "0"][..],
        &["run", "ceb-press", "--units", "-3"],
        &["run", "ceb-press", "--tool", "lathe"],
        &["run", "nope"],
        &["run", "ceb-press", "--sale-price", "-5"],
    ] {
        let (ok, _, err) = gvcs(bad);
        assert!(!ok && !err.is_empty() && !err.contains("panicked"), "{bad:?}: {err}");
    }
}
