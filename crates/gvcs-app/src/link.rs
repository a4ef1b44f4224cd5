//! Share links: the URL fragment `#/machine?name=value&units=imperial&crew=3&tab=stock`
//! (`&view=present` for a link that opens in presentation mode).
//!
//! The fragment rather than the query string, so links work from a USB stick (`file://`)
//! and on any static host under any sub-path, and never reach a server.

use crate::Tab;
use gvcs_def::System;
use gvcs_def::settings::LINK_KEYS;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What a link says, before it is checked against a machine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    pub machine: Option<String>,
    /// Parameter values as written.
    pub params: Vec<(String, String)>,
    pub system: Option<System>,
    pub crew: Option<u32>,
    pub tab: Option<Tab>,
    pub part: Option<String>,
    pub exploded: bool,
    /// The assembly step shown (1 is the first), as written.
    pub step: Option<String>,
    /// Stock market id, as written.
    pub market: Option<String>,
    /// Own prices (`price.<item>=value`), as written.
    pub prices: Vec<(String, String)>,
    /// The year whose money costs are in, as written.
    pub year: Option<String>,
    /// The labour rate (`wage`, `shop`, `ose`), as written.
    pub labour: Option<String>,
    /// How the view is shown besides exploded (`view=present&view=labels&view=turntable`).
    pub show: Show,
}

/// How the machine page shows its view, for a link prepared for a class or a display:
/// presentation mode, part labels, the turntable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Show {
    pub present: bool,
    pub labels: bool,
    pub turntable: bool,
}

impl Show {
    const KEYS: [&str; 3] = ["present", "labels", "turntable"];

    fn flag(&mut self, key: &str) -> Option<&mut bool> {
        match key {
            "present" => Some(&mut self.present),
            "labels" => Some(&mut self.labels),
            "turntable" => Some(&mut self.turntable),
            _ => None,
        }
    }

    fn keys(self) -> impl Iterator<Item = &'static str> {
        Self::KEYS.into_iter().zip([self.present, self.labels, self.turntable]).filter(|(_, on)| *on).map(|(k, _)| k)
    }
}

const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// Percent-encodes one part of a link.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// Longest name or value a link may carry, in characters: far above any real one, short
/// enough that a message echoing a damaged link stays readable.
const MAX_TEXT: usize = 80;

/// Decodes one part of the link, cut to `MAX_TEXT` characters (with `…`).
pub(crate) fn dec(s: &str) -> Option<String> {
    let plus = s.replace('+', " ");
    let text = percent_decode_str(&plus).decode_utf8().ok()?;
    Some(match text.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    })
}

/// Reads a fragment; anything unreadable becomes a sentence in the second value.
pub fn parse_link(fragment: &str) -> (Link, Vec<String>) {
    let mut link = Link::default();
    let mut notices = Vec::new();
    let f = fragment.trim_start_matches('#').trim_start_matches('/');
    let (path, query) = f.split_once('?').unwrap_or((f, ""));
    match dec(path) {
        Some(p) if !p.trim().is_empty() => link.machine = Some(p.trim().trim_end_matches('/').to_string()),
        Some(_) => {}
        None => notices.push("The link's machine name could not be read.".into()),
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(k), Some(v)) = (dec(k), dec(v)) else {
            notices.push(format!("Could not read “{}” in the link.", pair.chars().take(MAX_TEXT).collect::<String>()));
            continue;
        };
        if k.is_empty() {
            notices.push(format!("“{}” in the link has no name.", pair.chars().take(MAX_TEXT).collect::<String>()));
            continue;
        }
        match k.as_str() {
            "units" => match System::parse(&v) {
                Some(s) => link.system = Some(s),
                None => notices.push(format!("Units “{v}” are not metric or imperial; using metric.")),
            },
            "crew" => match gvcs_bom::bom::parse_crew(&v) {
                Ok(n) => link.crew = Some(n),
                Err(e) => notices.push(format!("In the link, {e}; using the default.")),
            },
            "tab" => match Tab::parse(&v) {
                Some(t) => link.tab = Some(t),
                None => notices.push(format!("There is no tab “{v}”.")),
            },
            "part" => link.part = Some(v),
            "view" => match link.show.flag(&v) {
                Some(on) => *on = true,
                None if v == "exploded" => link.exploded = true,
                None => notices.push(format!("“view={v}” in the link is not one of exploded, {}.", Show::KEYS.join(", "))),
            },
            "step" => link.step = Some(v),
            "stock" => link.market = Some(v),
            "year" => link.year = Some(v),
            "labour" => link.labour = Some(v),
            _ if k.starts_with("price.") => link.prices.push((k["price.".len()..].to_string(), v)),
            _ if LINK_KEYS.contains(&k.as_str()) => {}
            _ => link.params.push((k, v)),
        }
    }
    (link, notices)
}

pub fn format_link(l: &Link) -> String {
    let mut s = format!("#/{}", encode(l.machine.as_deref().unwrap_or("")));
    let mut q: Vec<String> = l.params.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    if let Some(sys) = l.system {
        q.push(format!("units={}", sys.as_str()));
    }
    if let Some(c) = l.crew {
        q.push(format!("crew={c}"));
    }
    if let Some(t) = l.tab {
        q.push(format!("tab={}", t.key()));
    }
    if let Some(p) = &l.part {
        q.push(format!("part={}", encode(p)));
    }
    if l.exploded {
        q.push("view=exploded".into());
    }
    q.extend(l.show.keys().map(|k| format!("view={k}")));
    if let Some(k) = &l.step {
        q.push(format!("step={}", encode(k)));
    }
    if let Some(m) = &l.market {
        q.push(format!("stock={}", encode(m)));
    }
    if let Some(y) = &l.year {
        q.push(format!("year={}", encode(y)));
    }
    if let Some(r) = &l.labour {
        q.push(format!("labour={}", encode(r)));
    }
    for (id, v) in &l.prices {
        q.push(format!("price.{}={}", encode(id), encode(v)));
    }
    if !q.is_empty() {
        s.push('?');
        s.push_str(&q.join("&"));
    }
    s
}
