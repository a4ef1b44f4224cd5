//! The build schedule: every machine unit of a plan, in an order where tools come before
//! what they build, for a crew working so many hours a week.
//!
//! A list schedule: whenever people are free, the ready unit of highest priority starts
//! (first units of tools, then the machines with the longest chain of machines waiting on
//! them). A unit is ready when the first unit of every machine of the plan it is built with
//! (`Library::built_with`) is finished; built-with machines outside the plan are not waited
//! for (that work is done by hand or bought in). Each unit is built by a team of the labour
//! file's crew size (or the whole crew if smaller); its hours are its labour with the tools
//! whose first unit is finished when it starts, so a press built after the torch table
//! costs fewer hours.
//!
//! The cycle rule: machines of the plan that are built with each other (a strongly connected
//! group of `built_with`) are put in order of their ids; the first unit of each waits only
//! for the tools earlier in that order and is built by hand without the later ones; every
//! further unit waits for all its tools. No loop is ever followed.

use crate::plan::{CycleNote, Unit};
use gvcs_assets::Data;
use gvcs_bom::labour::{Trade, labour_with};
use gvcs_bom::rates::Tools;
use gvcs_def::DefError;
use gvcs_def::map::LiteMap;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Priority of a ready unit: not a tool's first unit, longest wait chain, machine, unit.
type Priority = Reverse<(bool, Reverse<usize>, usize, usize)>;
/// Hours and hours by trade of a machine with a set of tools.
type Hours = (f64, Vec<(Trade, f64)>);

/// One unit in the schedule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScheduledUnit {
    pub machine: String,
    /// 1 for a machine's first unit.
    pub unit: usize,
    pub start_week: f64,
    pub end_week: f64,
    pub people: u32,
    pub hours: f64,
    /// The tools it is built with (machines of the plan finished before it starts).
    pub tools: Vec<String>,
    pub hours_by_trade: Vec<(Trade, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub units: Vec<ScheduledUnit>,
    pub weeks: f64,
    pub critical_path_weeks: f64,
    /// The longer of the critical path and all the work over the crew.
    pub lower_bound_weeks: f64,
    pub by_trade: LiteMap<Trade, f64>,
    pub cycles: Vec<CycleNote>,
}

/// Strongly connected groups of a small graph given as adjacency lists (Tarjan, iterative
/// enough for 50 nodes by recursion).
fn groups(adj: &[Vec<usize>]) -> Vec<usize> {
    struct S<'a> {
        adj: &'a [Vec<usize>],
        index: Vec<Option<(usize, usize)>>,
        stack: Vec<usize>,
        on: Vec<bool>,
        next: usize,
        comp: Vec<usize>,
        ncomp: usize,
    }
    fn visit(s: &mut S<'_>, v: usize) {
        s.index[v] = Some((s.next, s.next));
        s.next += 1;
        s.stack.push(v);
        s.on[v] = true;
        for &w in &s.adj[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    let low = s.index[v].map_or(0, |x| x.1).min(s.index[w].map_or(0, |x| x.1));
                    if let Some(x) = s.index[v].as_mut() {
                        x.1 = low;
                    }
                }
                Some((wi, _)) if s.on[w] => {
                    if let Some(x) = s.index[v].as_mut() {
                        x.1 = x.1.min(wi);
                    }
                }
                _ => {}
            }
        }
        if let Some((i, low)) = s.index[v]
            && i == low
        {
            while let Some(w) = s.stack.pop() {
                s.on[w] = false;
                s.comp[w] = s.ncomp;
                if w == v {
                    break;
                }
            }
            s.ncomp += 1;
        }
    }
    let n = adj.len();
    let mut s = S { adj, index: vec![None; n], stack: Vec::new(), on: vec![false; n], next: 0, comp: vec![0; n], ncomp: 0 };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.comp
}

/// Tools of the plan as a bit mask (at most 64 tool machines).
fn tools_of(mask: u64, tool_ids: &[String]) -> Tools {
    Tools::of(tool_ids.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| s.as_str()))
}

/// Schedules `n[i]` units of each machine `units[i]`.
pub(crate) fn schedule(data: &Data, units: &[Unit], n: &[usize], crew: u32, hours_per_week: f64) -> Result<Schedule, DefError> {
    let lib = &data.library;
    let lab = &data.rates.labour;
    let m = units.len();
    let pos: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    // built_with within the plan.
    let adj: Vec<Vec<usize>> =
        units.iter().map(|u| lib.built_with(&u.id).iter().filter_map(|t| pos.get(t.as_str()).copied()).collect()).collect();
    let comp = groups(&adj);
    // The cycle rule: within a group, order by id; a first unit waits only for earlier members.
    let first_deps: Vec<Vec<usize>> =
        (0..m).map(|i| adj[i].iter().copied().filter(|&t| comp[t] != comp[i] || units[t].id < units[i].id).collect()).collect();
    let mut cycles: LiteMap<usize, CycleNote> = LiteMap::new();
    for i in 0..m {
        for &t in &adj[i] {
            if comp[t] == comp[i] && !first_deps[i].contains(&t) {
                let note = cycles.entry(comp[i]).or_insert_with(|| CycleNote { machines: Vec::new(), first_unit_without: Vec::new() });
                note.first_unit_without.push((units[i].id.clone(), units[t].id.clone()));
            }
        }
    }
    for (c, note) in cycles.iter_mut() {
        // In id order, by insertion (a sort of strings is more code in the browser).
        for i in (0..m).filter(|&i| comp[i] == *c) {
            let at = note.machines.partition_point(|x| *x < units[i].id);
            note.machines.insert(at, units[i].id.clone());
        }
    }

    // Tools: machines of the plan the labour file has faster rates for.
    let tool_ids: Vec<String> = units.iter().filter(|u| lab.tools.iter().any(|t| t.machine == u.id)).map(|u| u.id.clone()).collect();
    let tool_bit: Vec<Option<usize>> = units.iter().map(|u| tool_ids.iter().position(|t| *t == u.id)).collect();

    // Priority: tools' first units, then the longest chain of machines that wait on a machine.
    let mut tail = vec![0usize; m];
    for _ in 0..m {
        for i in 0..m {
            for &t in &adj[i] {
                if comp[t] != comp[i] {
                    tail[t] = tail[t].max(tail[i] + 1);
                }
            }
        }
    }

    let offsets: Vec<usize> = n
        .iter()
        .scan(0, |acc, &k| {
            let o = *acc;
            *acc += k;
            Some(o)
        })
        .collect();
    let total: usize = n.iter().sum();
    let machine_of: Vec<usize> = (0..m).flat_map(|i| std::iter::repeat_n(i, n[i])).collect();
    // Units waiting on each machine's first unit.
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut waiting = vec![0usize; total];
    for u in 0..total {
        let i = machine_of[u];
        let deps = if u == offsets[i] { &first_deps[i] } else { &adj[i] };
        for &t in deps {
            if n[t] == 0 {
                continue;
            }
            dependents[t].push(u);
            waiting[u] += 1;
        }
    }
    let prio = |u: usize| {
        let i = machine_of[u];
        let tool_first = tool_bit[i].is_some() && u == offsets[i];
        (!tool_first, Reverse(tail[i]), i, u)
    };
    let mut ready: BinaryHeap<Priority> = (0..total).filter(|&u| waiting[u] == 0).map(|u| Reverse(prio(u))).collect();

    let team = crew.min(lab.crew).max(1);
    let per_week = team as f64 * hours_per_week;
    let mut free = crew;
    let mut mask: u64 = 0;
    let mut cache: HashMap<(usize, u64), Hours> = HashMap::new();
    let mut start = vec![0.0f64; total];
    let mut end = vec![0.0f64; total];
    let mut used = vec![0u64; total];
    // Running units by end time (bit pattern of a non-negative f64 orders like the number).
    let mut running: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    let mut now = 0.0f64;
    let mut done = 0usize;
    loop {
        while free >= team {
            let Some(Reverse((_, _, i, u))) = ready.pop() else { break };
            let key = (i, mask);
            if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(key) {
                let l = labour_with(lib, lab, &units[i].takeoff, &tools_of(mask, &tool_ids))?;
                e.insert((l.hours, l.by_trade.iter().map(|t| (t.trade, t.hours)).collect()));
            }
            let hours = cache[&key].0;
            start[u] = now;
            end[u] = now + hours / per_week;
            used[u] = mask;
            free -= team;
            running.push(Reverse((end[u].to_bits(), u)));
        }
        let Some(Reverse((_, u))) = running.pop() else { break };
        now = end[u];
        let mut finished = vec![u];
        while let Some(Reverse((e, v))) = running.peek().copied() {
            if f64::from_bits(e) <= now + 1e-12 {
                running.pop();
                finished.push(v);
            } else {
                break;
            }
        }
        for u in finished {
            done += 1;
            free += team;
            let i = machine_of[u];
            if let Some(b) = tool_bit[i] {
                mask |= 1 << b;
            }
            if u == offsets[i] {
                for &d in &dependents[i] {
                    waiting[d] -= 1;
                    if waiting[d] == 0 {
                        ready.push(Reverse(prio(d)));
                    }
                }
            }
        }
    }
    if done != total {
        return Err(gvcs_def::error::FileText::new("gvcs.toml", "").error("the build order has a loop the cycle rule did not break"));
    }

    // The critical path with the durations the units got.
    let dur: Vec<f64> = (0..total).map(|u| end[u] - start[u]).collect();
    let mut first_ef: Vec<Option<f64>> = vec![None; m];
    fn ef(
        i: usize,
        first_deps: &[Vec<usize>],
        offsets: &[usize],
        n: &[usize],
        dur: &[f64],
        memo: &mut Vec<Option<f64>>,
        depth: usize,
    ) -> f64 {
        if let Some(v) = memo[i] {
            return v;
        }
        let before = if depth > first_deps.len() {
            0.0
        } else {
            first_deps[i].iter().filter(|&&t| n[t] > 0).map(|&t| ef(t, first_deps, offsets, n, dur, memo, depth + 1)).fold(0.0, f64::max)
        };
        let v = before + dur[offsets[i]];
        memo[i] = Some(v);
        v
    }
    let mut cp = 0.0f64;
    for i in 0..m {
        if n[i] == 0 {
            continue;
        }
        let f = ef(i, &first_deps, &offsets, n, &dur, &mut first_ef, 0);
        cp = cp.max(f);
        let before =
            adj[i].iter().filter(|&&t| n[t] > 0).map(|&t| ef(t, &first_deps, &offsets, n, &dur, &mut first_ef, 0)).fold(0.0, f64::max);
        for d in &dur[offsets[i] + 1..offsets[i] + n[i]] {
            cp = cp.max(before + d);
        }
    }

    let mut by_trade: LiteMap<Trade, f64> = LiteMap::new();
    let mut out = Vec::with_capacity(total);
    let mut work = 0.0;
    for u in 0..total {
        let i = machine_of[u];
        let (hours, trades) = &cache[&(i, used[u])];
        work += hours;
        for (t, h) in trades {
            *by_trade.entry(*t).or_default() += h;
        }
        out.push(ScheduledUnit {
            machine: units[i].id.clone(),
            unit: u - offsets[i] + 1,
            start_week: start[u],
            end_week: end[u],
            people: team,
            hours: *hours,
            tools: tools_of(used[u], &tool_ids).0,
            hours_by_trade: trades.clone(),
        });
    }
    gvcs_def::sort::by(&mut out, |a, b| a.start_week.total_cmp(&b.start_week).then(a.machine.cmp(&b.machine)).then(a.unit.cmp(&b.unit)));
    let weeks = end.iter().copied().fold(0.0, f64::max);
    let lower = cp.max(work / (crew as f64 * hours_per_week));
    Ok(Schedule {
        units: out,
        weeks,
        critical_path_weeks: cp,
        lower_bound_weeks: lower,
        by_trade,
        cycles: cycles.into_iter().map(|(_, c)| c).collect(),
    })
}
