//! What an embedded view shows, read from the element's attributes (or the options given to
//! `render`): which machine, its parameters as in a share link's query part, the controls and
//! the units; and the calculation behind the picture. Pure, so it is tested natively; every
//! problem becomes a sentence for the element.

use gvcs_app::{DEFAULT_MACHINE, link_encode, parse_link, parse_step};
use gvcs_def::error::FileText;
use gvcs_def::{DefError, Errors, Instance, Library, Settings, System};
use gvcs_geom::PartMesh;

mod packed {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

/// Longest piece of an attribute echoed in a message, in characters.
const MAX_ECHO: usize = 60;

/// The embedded definitions, stock, components and products, checked when they were built.
pub fn load() -> Result<Library, Errors> {
    let fail = |e: String| Errors(vec![FileText::new("assets", "").error(e)]);
    let bytes = gvcs_datapack::unpack_bytes(packed::LIBRARY).map_err(fail)?;
    gvcs_def::packed::from_bytes(&bytes).map_err(|e| fail(format!("the embedded data could not be read: {e}")))
}

/// What a person can do with the view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Controls {
    /// A picture: no gestures, no picking; the page scrolls over it.
    None,
    /// Turn, move, zoom and pick parts (the default).
    #[default]
    Orbit,
    /// Orbit, and a slider for each of the machine's parameters.
    Sliders,
}

/// The attributes as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub machine: String,
    /// `bore=5.5&stroke=18`, as after the `?` of a share link.
    pub params: String,
    pub controls: String,
    pub units: String,
    /// The assembly step: `1` is the first, `all` or nothing the whole machine (overrides a
    /// `step` in `params`).
    pub step: String,
}

/// A machine as the view shows it: the part of the app's `State` a picture depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub machine: String,
    pub settings: Settings,
    pub system: System,
    /// Path of the highlighted part.
    pub part: Option<String>,
    pub exploded: bool,
    /// The assembly step shown (0-based); `None`: all parts.
    pub step: Option<usize>,
}

/// What the view shows, and what could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// `None` when there is no machine to show (none named, or an unknown one).
    pub shown: Option<Shown>,
    pub controls: Controls,
    pub messages: Vec<String>,
}

fn echo(s: &str) -> String {
    match s.char_indices().nth(MAX_ECHO) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// Reads the options against the library. Never fails: what cannot be used keeps its default
/// and is explained; an unknown machine shows nothing but the explanation.
pub fn resolve(lib: &Library, o: &Options) -> Resolved {
    let mut messages = Vec::new();
    let controls = match o.controls.trim().to_ascii_lowercase().as_str() {
        "" | "orbit" => Controls::Orbit,
        "none" => Controls::None,
        "sliders" => Controls::Sliders,
        other => {
            messages.push(format!("controls=“{}” is not none, orbit or sliders; using orbit.", echo(other)));
            Controls::Orbit
        }
    };
    let id = o.machine.trim();
    let shown = if id.is_empty() {
        messages.push(format!("Name a machine, e.g. machine=“{DEFAULT_MACHINE}”."));
        None
    } else if let Some(m) = lib.machine(id) {
        // The same reading as a share link's: `#/machine?query`. Keys that only concern the
        // bill of materials (crew, prices, tab...) do not change the picture.
        let query = o.params.trim().trim_start_matches(['#', '?']);
        let (link, notices) = parse_link(&format!("#/{}?{query}", link_encode(id)));
        messages.extend(notices);
        let (settings, issues) = m.parse_settings(link.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        messages.extend(issues.into_iter().map(|i| format!("{}; kept the default.", i.message)));
        let mut system = link.system.unwrap_or_default();
        let units = o.units.trim();
        if !units.is_empty() {
            match System::parse(&units.to_ascii_lowercase()) {
                Some(s) => system = s,
                None => messages.push(format!("units=“{}” is not metric or imperial; using {}.", echo(units), system.as_str())),
            }
        }
        let step = match o.step.trim() {
            "" => link.step.as_deref().unwrap_or(""),
            s => s,
        };
        let step = parse_step(m, step).unwrap_or_else(|e| {
            messages.push(format!("{e}; showing all parts."));
            None
        });
        Some(Shown { machine: m.id.clone(), settings, system, part: link.part, exploded: link.exploded, step })
    } else {
        messages.push(match lib.index_entry(id) {
            Some(e) => format!("“{}” has no definition yet, so there is nothing to show.", e.name),
            None => format!(
                "There is no machine “{}”{}.",
                echo(id),
                gvcs_def::check::did_you_mean(id, lib.machines.iter().map(|m| m.id.as_str()))
            ),
        });
        None
    };
    Resolved { shown, controls, messages }
}

/// The picture of a machine: its instance and part meshes (pulled apart if exploded), as
/// `gvcs_app::compute` makes them, without the bill of materials.
pub fn compute(lib: &Library, s: &Shown) -> Result<(Instance, Vec<PartMesh>), DefError> {
    let instance = lib.evaluate(&s.machine, &s.settings)?;
    let mut meshes = gvcs_geom::build(lib, &instance);
    if s.exploded {
        gvcs_geom::explode(&instance, &mut meshes, 0.6);
    }
    Ok((instance, meshes))
}

/// The query part of a share link from name-value pairs.
pub fn query(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", link_encode(k), link_encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use gvcs_app::State;

    fn opts(machine: &str, params: &str) -> Options {
        Options { machine: machine.into(), params: params.into(), ..Options::default() }
    }

    #[test]
    fn the_embedded_data_gives_the_apps_pictures() {
        let lib = load().unwrap();
        let data = gvcs_assets::load().unwrap();
        assert_eq!(lib.machines.len(), data.library.machines.len());
        for m in &data.library.machines {
            let s = Shown {
                machine: m.id.clone(),
                settings: Settings::default(),
                system: System::Metric,
                part: None,
                exploded: true,
                step: None,
            };
            let (instance, meshes) = compute(&lib, &s).unwrap();
            let mut state = State::new(&m.id);
            state.exploded = true;
            let app = gvcs_app::compute(&data, &state).unwrap();
            // The same machine, less the prose of its provenance.
            assert_eq!(
                (&instance.parts, &instance.params, &instance.derived),
                (&app.instance.parts, &app.instance.params, &app.instance.derived),
                "{}",
                m.id
            );
            assert_eq!(meshes, app.meshes, "{}", m.id);
        }
    }

    #[test]
    fn attributes_read_like_a_share_link() {
        let lib = load().unwrap();
        let data = gvcs_assets::load().unwrap();
        let r = resolve(
            &lib,
            &Options {
                units: "Imperial".into(),
                controls: "sliders".into(),
                ..opts("ceb-press", "?bore=5.5&stroke=18&part=main-cylinder")
            },
        );
        assert!(r.messages.is_empty(), "{:?}", r.messages);
        assert_eq!(r.controls, Controls::Sliders);
        let s = r.shown.unwrap();
        let (link, _) = State::from_link(&data, "#/ceb-press?bore=5.5&stroke=18&units=imperial&part=main-cylinder");
        assert_eq!((&s.settings, s.system, &s.part), (&link.settings, link.system, &link.part));
        let r = resolve(&lib, &opts("power-cube", "units=imperial&view=exploded&crew=3&price.steel-plate=2"));
        assert!(r.messages.is_empty(), "{:?}", r.messages);
        let s = r.shown.unwrap();
        assert_eq!((s.system, s.exploded), (System::Imperial, true));
    }

    #[test]
    fn bad_attributes_are_explained_and_never_fail() {
        let lib = load().unwrap();
        let r = resolve(&lib, &opts("ceb-pres", ""));
        assert!(r.shown.is_none());
        assert!(r.messages[0].contains("no machine “ceb-pres”") && r.messages[0].contains("ceb-press"), "{:?}", r.messages);
        let r = resolve(&lib, &opts("", ""));
        assert!(r.shown.is_none() && r.messages[0].contains("Name a machine"));
        let r = resolve(&lib, &opts("truck", ""));
        assert!(r.shown.is_none() && r.messages[0].contains("no definition yet"), "{:?}", r.messages);
        let r = resolve(&lib, &opts("ceb-press", "bore=banana&stroke=99"));
        assert_eq!(r.shown.unwrap().settings, Settings::default());
        assert_eq!(r.messages.len(), 2, "{:?}", r.messages);
        assert!(r.messages.iter().any(|m| m.contains("banana")));
        let r =
            resolve(&lib, &Options { controls: "joystick".into(), units: "furlongs".into(), step: "9".into(), ..opts("power-cube", "") });
        assert_eq!(r.shown.unwrap().step, None);
        assert_eq!(r.controls, Controls::Orbit);
        assert_eq!(r.messages.len(), 3, "{:?}", r.messages);
        assert!(r.messages[2].contains("not a step of the Power Cube (1 to 6); showing all parts"), "{:?}", r.messages);
        let r = resolve(&lib, &Options { step: "2".into(), ..opts("lifetrac", "") });
        assert!(r.messages[0].contains("has no assembly steps"), "{:?}", r.messages);
        let long = "x".repeat(10_000);
        let r = resolve(&lib, &Options { controls: long.clone(), units: long.clone(), ..opts(&long, &format!("{long}={long}&%%%")) });
        assert!(r.messages.iter().all(|m| m.chars().count() < 200), "{:?}", r.messages);
        let r = resolve(&lib, &Options { units: long.clone(), ..opts("ceb-press", &format!("{long}={long}&%%%&=&bore=%FF")) });
        assert!(r.shown.is_some() && r.messages.iter().all(|m| m.chars().count() < 200), "{:?}", r.messages);
    }

    #[test]
    fn a_step_comes_from_the_attribute_or_the_params() {
        let lib = load().unwrap();
        let step = |step: &str, params: &str| {
            let r = resolve(&lib, &Options { step: step.into(), ..opts("ceb-press", params) });
            assert!(r.messages.is_empty(), "{:?}", r.messages);
            r.shown.unwrap().step
        };
        assert_eq!(step("3", ""), Some(2));
        assert_eq!(step("", "step=2&bore=5.5"), Some(1));
        assert_eq!(step("1", "step=2"), Some(0), "the attribute wins");
        assert_eq!(step("all", "step=2"), None, "the attribute wins");
        assert_eq!(step(" ", ""), None);
    }

    #[test]
    fn a_query_round_trips() {
        let q = query(&[("bore".into(), "5.5".into()), ("odd name".into(), "a&b".into())]);
        assert_eq!(q, "bore=5.5&odd%20name=a%26b");
    }
}
