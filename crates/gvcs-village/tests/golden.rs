//! Golden village plans: the headline numbers of a few populations and presets, as insta
//! snapshots (`cargo insta review` after a change that moves them).
//!
//! Read for plausibility (2026 money, default figures, 2 years, crew of 4 at 40 h/week):
//! - CEB housing starter, 50 and 200 people: one of each of the 9 machines (the demand is far
//!   below one unit: 31,138 blocks a year for 50 people is 86 h of the press at its 364
//!   blocks/h; 124,554 for 200 is 342 h); $45.4k of materials with shared stock ($1.9k less
//!   than buying each machine's stock alone), 389 h of labour against 431 h all by hand,
//!   about 2.5 weeks for four people. OSE's own "LifeTrac + ~15 implements about $14k" (2008)
//!   is for fewer machines in 2008 money; ours includes the sawmill, the press and the
//!   workshop tools, so several times that is expected.
//! - CEB housing starter, 10,000 people: 9 presses (6.2 M blocks a year at 364 blocks/h for
//!   2,000 h: 0.73 M a press), 5 sawmills, 5 pulverizers, 4 LifeTracs; about $170k. The
//!   press's rate is the machine cycle (6 blocks/min); OSE's field reports give 500-1,000 a
//!   day, so a real village needs 3-5 times the presses.
//! - Food and energy core, 200 people: 174 steam engines (827 MWh a year at 2.4 kW for
//!   2,000 h a year: the definition's small engine, run one shift) dominate; 10 solar
//!   concentrators for heat; 9 MicroTracs (the MicroTrac's rate is 1.04 ha per 24 h day,
//!   so an 8 h day tills a third of that). Both are what the definitions say, not errors of
//!   the planner, and show where a larger engine or a second shift would change the plan.
//! - Savings by the tools are modest (10-20% of a machine's hours): the CNC table cuts about
//!   as fast as RSMeans' hand rate (which already includes grinding), the punch and drill
//!   press halve the drilling; fitting, welding and assembly, most of the hours, do not
//!   change. OSE's 20 h target for the press is far below our 64.8 h with every tool.

use gvcs_village::{Options, load, plan};
use serde_json::{Value, json};

fn headline(people: u64, preset: &str) -> Value {
    let data = gvcs_assets::load().expect("data");
    let village = load(&data).expect("village");
    let p = plan(&data, &village, &Options::new(people, preset)).expect("plan");
    let r = |v: f64| (v * 10.0).round() / 10.0;
    json!({
        "people": p.people,
        "preset": p.preset,
        "machines": p.machines,
        "not_modelled": p.not_modelled,
        "units": p.units,
        "cost_total": r(p.cost_total),
        "cost_per_person": r(p.cost_per_person),
        "packing_saving": r(p.packing_saving),
        "labour_hours": r(p.labour_hours),
        "labour_hours_without_tools": r(p.labour_hours_without_tools),
        "schedule_weeks": r(p.schedule_weeks),
        "lower_bound_weeks": r(p.lower_bound_weeks),
        "tool_saving_hours": p.machine_lines.iter().map(|m| (m.id.clone(), json!(r(m.tool_saving_hours)))).collect::<serde_json::Map<_, _>>(),
        "demands": p.demands.iter().map(|d| (d.name.clone(), json!([r(d.per_year), d.unit, d.machine]))).collect::<serde_json::Map<_, _>>(),
        "sticks": p.stock.iter().map(|s| s.sticks).sum::<usize>(),
    })
}

#[test]
fn golden_plans() {
    for (people, preset) in [
        (50, "ceb-housing-starter"),
        (200, "ceb-housing-starter"),
        (10_000, "ceb-housing-starter"),
        (200, "food-and-energy-core"),
        (200, "full-set"),
    ] {
        insta::assert_snapshot!(format!("{preset}-{people}"), serde_json::to_string_pretty(&headline(people, preset)).unwrap());
    }
}
