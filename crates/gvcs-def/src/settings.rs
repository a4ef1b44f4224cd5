//! A person's parameter choices: parsed from text (a share link, a CLI `--set`), checked
//! against the definition, and written back compactly.

use crate::expr::parse_quantity;
use crate::machine::{Machine, Parameter};
use crate::map::LiteMap;
use crate::units::{Quantity, format_number, format_plain, pretty_unit};
use std::fmt;

/// Keys a share link uses for itself (`#/ceb-press?units=imperial&tab=stock`): a parameter
/// may not be named like one, or a link could not tell them apart.
pub const LINK_KEYS: &[&str] = &["units", "crew", "tab", "part", "view", "stock", "year", "labour", "step"];

/// Parameter values that differ from the defaults, in base units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings(pub LiteMap<String, f64>);

impl Settings {
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.get(name).copied()
    }
}

/// Why one setting was not taken.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingIssue {
    pub param: String,
    pub message: String,
}

impl fmt::Display for SettingIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `5 in`, `0.976 in³/rev`, `2` for a parameter's value in its own unit.
pub fn format_value(p: &Parameter, value: f64) -> String {
    let n = format_plain(value / p.factor(), 6);
    match p.unit {
        Some(u) => format!("{n} {}", pretty_unit(u.name)),
        None => n,
    }
}

impl Machine {
    /// Checks one `name = text` choice. A bare number is in the parameter's own unit;
    /// a number with a unit is converted (`bore=130mm`).
    pub fn parse_setting(&self, name: &str, text: &str) -> Result<(String, f64), SettingIssue> {
        let issue = |message: String| SettingIssue { param: name.to_string(), message };
        let Some(p) = self.param(name) else {
            let hint = crate::check::did_you_mean(name, self.params.iter().map(|p| p.name.as_str()));
            return Err(issue(format!("`{}` has no parameter `{name}`{hint}", self.id)));
        };
        let text = text.trim();
        let q = match parse_quantity(text) {
            Ok(q) => q,
            Err(_) => {
                return Err(issue(format!(
                    "{} (`{name}`): `{text}` is not a number{}",
                    p.label,
                    p.unit
                        .map(|u| format!(
                            " (e.g. `{}` or `{} {}`)",
                            format_number(p.default / u.factor, 4),
                            format_number(p.default / u.factor, 4),
                            u.name
                        ))
                        .unwrap_or_default()
                )));
            }
        };
        let value = if q.dim.is_none() && !p.dim.is_none() {
            q.value * p.factor()
        } else if q.dim == p.dim {
            q.value
        } else {
            return Err(issue(format!("{} (`{name}`) needs {}, but `{text}` is {}", p.label, p.dim, q.dim)));
        };
        if !value.is_finite() {
            return Err(issue(format!("{} (`{name}`): `{text}` is not a finite number", p.label)));
        }
        let tol = p.step * 1e-6;
        if value < p.min - tol || value > p.max + tol {
            return Err(issue(format!(
                "{} (`{name}`) = {} is outside its range {} to {}",
                p.label,
                format_value(p, value),
                format_value(p, p.min),
                format_value(p, p.max)
            )));
        }
        if p.is_integer() && value.fract() != 0.0 {
            return Err(issue(format!("{} (`{name}`) must be a whole number, not {text}", p.label)));
        }
        Ok((name.to_string(), value.clamp(p.min, p.max)))
    }

    /// Takes every valid choice and reports every invalid one; the invalid ones keep their
    /// defaults, so a broken link still shows a working machine.
    pub fn parse_settings<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Settings, Vec<SettingIssue>) {
        let mut s = Settings::default();
        let mut issues = Vec::new();
        for (k, v) in pairs {
            match self.parse_setting(k, v) {
                Ok((k, v)) => {
                    let p = self.param(&k).expect("checked");
                    if (v - p.default).abs() > p.step * 1e-6 {
                        s.0.insert(k, v);
                    } else {
                        s.0.remove(&k);
                    }
                }
                Err(e) => issues.push(e),
            }
        }
        (s, issues)
    }

    /// The value of every parameter under `settings`, in declaration order.
    pub fn values(&self, settings: &Settings) -> Vec<(String, Quantity)> {
        self.params.iter().map(|p| (p.name.clone(), Quantity::new(settings.get(&p.name).unwrap_or(p.default), p.dim))).collect()
    }

    /// `name=value` pairs for a share link: only changed parameters, values in their own
    /// unit without the unit name.
    pub fn settings_to_pairs(&self, settings: &Settings) -> Vec<(String, String)> {
        self.params.iter().filter_map(|p| settings.get(&p.name).map(|v| (p.name.clone(), format_plain(v / p.factor(), 8)))).collect()
    }
}
