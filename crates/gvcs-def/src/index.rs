//! The 50 machines of the Global Village Construction Set: ids, names, categories, status.
//! Relations between machines are checked against this list, so a definition can name a
//! machine that has no definition yet.

use crate::check::Checker;
use crate::error::{DefError, FileText};
use crate::file::{IndexFile, SpannedStr};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Habitat,
    Agriculture,
    Industry,
    Energy,
    Materials,
    Transportation,
}

impl Category {
    pub const ALL: [Category; 6] =
        [Category::Habitat, Category::Agriculture, Category::Industry, Category::Energy, Category::Materials, Category::Transportation];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Habitat => "habitat",
            Category::Agriculture => "agriculture",
            Category::Industry => "industry",
            Category::Energy => "energy",
            Category::Materials => "materials",
            Category::Transportation => "transportation",
        }
    }

    pub fn parse(ctx: &mut Checker<'_>, s: &SpannedStr) -> Option<Category> {
        let c = Category::ALL.into_iter().find(|c| c.as_str() == s.get_ref());
        if c.is_none() {
            ctx.err(
                s.span(),
                format!(
                    "unknown category `{}` (OSE's six: habitat, agriculture, industry, energy, materials, transportation)",
                    s.get_ref()
                ),
            );
        }
        c
    }
}

/// OSE's development status of a machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Prototype,
    AlmostDone,
    Design,
    Planning,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Prototype, Status::AlmostDone, Status::Design, Status::Planning];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Prototype => "prototype",
            Status::AlmostDone => "almost-done",
            Status::Design => "design",
            Status::Planning => "planning",
        }
    }

    pub fn parse(ctx: &mut Checker<'_>, s: &SpannedStr) -> Option<Status> {
        let st = Status::ALL.into_iter().find(|c| c.as_str() == s.get_ref());
        if st.is_none() {
            ctx.err(s.span(), format!("unknown status `{}` (known: prototype, almost-done, design, planning)", s.get_ref()));
        }
        st
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct IndexEntry {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub status: Status,
    pub aliases: Vec<String>,
    /// OSE's ecology: the machines of the set it is made with, runs with, and makes possible.
    pub built_with: Vec<String>,
    pub uses: Vec<String>,
    pub enables: Vec<String>,
}

pub fn parse_index(src: FileText<'_>) -> Result<Vec<IndexEntry>, Vec<DefError>> {
    let file: IndexFile = crate::read::parse(src).map_err(|e| vec![e])?;
    let mut ctx = Checker::new(src, &file.sources);
    let mut out: Vec<IndexEntry> = Vec::new();
    for m in &file.machines {
        let id = ctx.ident(&m.id, "machine id");
        if out.iter().any(|e| e.id == id) {
            ctx.err(m.id.span(), format!("machine `{id}` is listed twice"));
        }
        let category = Category::parse(&mut ctx, &m.category);
        let status = Status::parse(&mut ctx, &m.status);
        let ids = |l: &[SpannedStr]| l.iter().map(|s| s.get_ref().clone()).collect();
        if let (Some(category), Some(status)) = (category, status) {
            out.push(IndexEntry {
                id,
                name: m.name.clone(),
                category,
                status,
                aliases: m.aliases.clone(),
                built_with: ids(&m.built_with),
                uses: ids(&m.uses),
                enables: ids(&m.enables),
            });
        }
    }
    // Relations name machines of the list, which is complete only now.
    for m in &file.machines {
        for r in m.built_with.iter().chain(&m.uses).chain(&m.enables) {
            if !out.iter().any(|e| &e.id == r.get_ref()) {
                let hint = crate::check::did_you_mean(r.get_ref(), out.iter().map(|e| e.id.as_str()));
                ctx.err(r.span(), format!("`{}` is not a machine of the GVCS index{hint}", r.get_ref()));
            }
        }
    }
    ctx.finish(out)
}
