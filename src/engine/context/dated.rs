//! Dated agents: each agent's upline, level, activation stage and groups in force on each date,
//! from its own fields and its `history` (contract v2, "Dated agents").
//!
//! Before an agent's first history entry its own fields hold; each entry's fields hold from its
//! date (inclusive) until a later entry changes them: a field absent from an entry keeps its
//! value, `null` clears it, `groups` replaces the list. Plan resolution, `applies_to`, overrides
//! and compression read the values in force on the invoice's date (a credit note: on the date of
//! the invoice it refunds); levels are measured at `as_of` with the values in force then.
//!
//! Every entry is checked (date order, references), and the upline chain may loop on no date:
//! a loop can only appear on a date when some agent's upline changes, and it then runs through
//! that agent, so only the walks up from the changed agents are needed on each such date.

use crate::engine::compile::CompiledPlan;
use crate::error::{listed, pointer, ErrorCode, Problems};
use crate::model::sales::{Agent, SalesDoc};
use crate::model::{Date, Id};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The most steps the loop checks of dated uplines may take (a budget: a request past it is a
/// `limit_exceeded` error, never a long stall).
pub const MAX_CYCLE_STEPS: u64 = 50_000_000;

/// An agent's fields in force over a span of dates, references resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State<'a> {
    /// The upline (agent index).
    pub upline: Option<usize>,
    /// The level (index into the plan's levels; `None` also for an unknown one, reported).
    pub level: Option<usize>,
    /// The onboarding stage.
    pub activation: Option<&'a Id>,
    /// The groups, in order.
    pub groups: &'a [Id],
}

/// Every agent's fields over time.
#[derive(Clone, Debug, Default)]
pub struct Dated<'a> {
    /// Each agent's own fields (those before its first history entry).
    base: Vec<State<'a>>,
    /// For agents with a history: the states from each entry's date on, in date order.
    changes: HashMap<usize, Vec<(Date, State<'a>)>>,
    /// Every date on which some agent's fields change, ascending.
    pub dates: Vec<Date>,
}

impl<'a> Dated<'a> {
    /// Resolves and checks every agent's fields and history; reports problems in `p`.
    pub fn new(plan: &CompiledPlan, sales: &'a SalesDoc, agents: &HashMap<&str, usize>, p: &mut Problems) -> Dated<'a> {
        let mut out = Dated::default();
        let mut dates = Vec::new();
        for (i, a) in sales.agents.iter().enumerate() {
            let state = own(plan, a, agents);
            if !a.history.is_empty() {
                let timeline = history(plan, i, a, &state, agents, p);
                dates.extend(timeline.iter().map(|(d, _)| *d));
                out.changes.insert(i, timeline);
            }
            out.base.push(state);
        }
        dates.sort_unstable();
        dates.dedup();
        out.dates = dates;
        out
    }

    /// Agent `a`'s fields in force on `date` (its own fields when `date` is `None`).
    pub fn at(&self, a: usize, date: Option<Date>) -> &State<'a> {
        let (Some(date), Some(timeline)) = (date, self.changes.get(&a)) else {
            return &self.base[a];
        };
        match timeline.partition_point(|(from, _)| *from <= date) {
            0 => &self.base[a],
            k => &timeline[k - 1].1,
        }
    }

    /// Every agent's upline in force on `date`.
    pub fn uplines(&self, date: Option<Date>) -> Vec<Option<usize>> {
        (0..self.base.len()).map(|a| self.at(a, date).upline).collect()
    }

    /// Whether any agent has a history.
    pub fn any(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Whether some agent's fields change over time: a history, or a level review (see
    /// [`Dated::add_dates`]).
    pub fn changes(&self) -> bool {
        !self.dates.is_empty()
    }

    /// Adds dates on which agents' levels change otherwise (the day after each level review),
    /// so that the spans of dates (see [`Dated::span`]) follow them too.
    pub fn add_dates(&mut self, dates: impl IntoIterator<Item = Date>) {
        self.dates.extend(dates);
        self.dates.sort_unstable();
        self.dates.dedup();
    }

    /// The span of dates `date` falls in: 0 before the first change date, `k` from the `k`-th
    /// on. Every agent's fields are the same on all the dates of one span.
    pub fn span(&self, date: Date) -> usize {
        self.dates.partition_point(|d| *d <= date)
    }

    /// The first date of span `k` (`None` for span 0, before every change).
    pub fn span_start(&self, k: usize) -> Option<Date> {
        k.checked_sub(1).map(|k| self.dates[k])
    }

    /// Checks that the upline chain loops on no change date (the own fields are checked by the
    /// agent checks): a `cycle` at the history entry that closes the loop, with its members.
    pub fn check_loops(&self, sales: &SalesDoc, p: &mut Problems) {
        let mut by_date: BTreeMap<Date, Vec<(usize, usize)>> = BTreeMap::new();
        for (a, ag) in sales.agents.iter().enumerate() {
            for (k, e) in ag.history.iter().enumerate() {
                if e.upline.is_some() {
                    by_date.entry(e.from).or_default().push((a, k));
                }
            }
        }
        let mut steps: u64 = 0;
        for (date, changed) in by_date {
            let on = |a: usize| self.at(a, Some(date)).upline;
            let entry: HashMap<usize, usize> = changed.iter().copied().collect();
            // Agents whose chain on this date was walked already: a walk that meets one stops.
            let mut done: HashSet<usize> = HashSet::new();
            for &(start, _) in &changed {
                let mut walk: Vec<usize> = Vec::new();
                let mut at: HashMap<usize, usize> = HashMap::new();
                let mut node = Some(start);
                while let Some(n) = node.filter(|n| !done.contains(n)) {
                    steps += 1;
                    if steps > MAX_CYCLE_STEPS {
                        p.push(
                            ErrorCode::LimitExceeded,
                            "/agents",
                            format!("checking the dated uplines for loops takes more than {MAX_CYCLE_STEPS} steps"),
                        );
                        return;
                    }
                    if let Some(&from) = at.get(&n) {
                        report_loop(sales, date, &walk[from..], &entry, p);
                        break;
                    }
                    at.insert(n, walk.len());
                    walk.push(n);
                    node = on(n);
                }
                done.extend(walk);
            }
        }
    }
}

/// Reports a loop of the uplines on `date` (its members in chain order) at the history entry of
/// a member whose upline changes on that date; a loop with none was there before (and reported
/// on an earlier date).
fn report_loop(sales: &SalesDoc, date: Date, members: &[usize], entry: &HashMap<usize, usize>, p: &mut Problems) {
    let Some(first) = members.iter().position(|m| entry.contains_key(m)) else {
        return;
    };
    let m = members[first];
    let mut ids: Vec<&str> = members[first..]
        .iter()
        .chain(&members[..first])
        .map(|&a| sales.agents[a].id.as_str())
        .collect();
    ids.push(&sales.agents[m].id);
    p.push(
        ErrorCode::Cycle,
        pointer(["agents", &m.to_string(), "history", &entry[&m].to_string(), "upline"]),
        format!("on {date} the upline chain loops: {}", listed(&ids, " -> ")),
    );
}

/// An agent's own fields, resolved (unknown references are reported by the agent checks).
fn own<'a>(plan: &CompiledPlan, a: &'a Agent, agents: &HashMap<&str, usize>) -> State<'a> {
    State {
        upline: a
            .upline
            .as_ref()
            .filter(|u| **u != a.id)
            .and_then(|u| agents.get(u.as_str()).copied()),
        level: a.level.as_ref().and_then(|l| plan.levels.get(l)).copied(),
        activation: a.activation.as_ref(),
        groups: &a.groups,
    }
}

/// The states of agent `i` from each of its history entries on, checking each entry.
fn history<'a>(
    plan: &CompiledPlan,
    i: usize,
    a: &'a Agent,
    own: &State<'a>,
    agents: &HashMap<&str, usize>,
    p: &mut Problems,
) -> Vec<(Date, State<'a>)> {
    let mut state = own.clone();
    let mut out: Vec<(Date, State<'a>)> = Vec::with_capacity(a.history.len());
    for (k, e) in a.history.iter().enumerate() {
        let at = |f: &str| pointer(["agents", &i.to_string(), "history", &k.to_string(), f]);
        if out.last().is_some_and(|(d, _)| *d >= e.from) {
            p.push(
                ErrorCode::InvalidSales,
                at("from"),
                format!(
                    "history entries must be in date order, each after the one before ({})",
                    e.from
                ),
            );
        }
        if let Some(u) = &e.upline {
            state.upline = u.as_ref().and_then(|u| upline(a, u, agents, &at("upline"), p));
        }
        if let Some(l) = &e.level {
            state.level = l.as_ref().and_then(|l| {
                let found = plan.levels.get(l).copied();
                if found.is_none() {
                    p.push(ErrorCode::UnknownReference, at("level"), format!("unknown level `{l}`"));
                }
                found
            });
        }
        if let Some(s) = &e.activation {
            if let Some(s) = s.as_ref().filter(|s| plan.activation_rank(s).is_none()) {
                p.push(
                    ErrorCode::UnknownReference,
                    at("activation"),
                    format!("unknown activation stage `{s}`"),
                );
            }
            state.activation = s.as_ref();
        }
        if let Some(g) = &e.groups {
            let list: &'a [Id] = g.as_deref().unwrap_or(&[]);
            for (j, id) in list.iter().enumerate().filter(|(_, id)| !plan.groups.contains_key(*id)) {
                p.push(
                    ErrorCode::UnknownReference,
                    format!("{}/{j}", at("groups")),
                    format!("unknown group `{id}`"),
                );
            }
            state.groups = list;
        }
        out.push((e.from, state.clone()));
    }
    out
}

/// The upline an entry names (index), reporting an unknown agent or the agent itself.
fn upline(a: &Agent, u: &Id, agents: &HashMap<&str, usize>, path: &str, p: &mut Problems) -> Option<usize> {
    if *u == a.id {
        p.push(ErrorCode::Cycle, path, format!("agent `{u}` is its own upline"));
        return None;
    }
    let found = agents.get(u.as_str()).copied();
    if found.is_none() {
        p.push(ErrorCode::UnknownReference, path, format!("unknown agent `{u}`"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> SalesDoc {
        serde_json::from_str(json).unwrap()
    }

    fn plan() -> CompiledPlan {
        let doc = serde_json::from_str(
            r#"{"currency":"USD","levels":[{"id":"bronze","rank":1},{"id":"silver","rank":2}],"groups":[{"id":"g"}]}"#,
        )
        .unwrap();
        crate::engine::compile::compile(doc).unwrap()
    }

    #[test]
    fn fields_hold_from_their_date_absent_keeps_null_clears() {
        let sales = doc(
            r#"{"agents":[{"id":"a","upline":"b","level":"bronze","groups":["g"],"activation":"ramp_up",
                "history":[{"from":"2026-04-01","upline":"c","level":null},
                           {"from":"2026-06-01","groups":[],"activation":"operational"}]},
              {"id":"b"},{"id":"c"}]}"#,
        );
        let plan = plan();
        let agents: HashMap<&str, usize> = [("a", 0), ("b", 1), ("c", 2)].into_iter().collect();
        let mut p = Problems::default();
        let d = Dated::new(&plan, &sales, &agents, &mut p);
        assert!(p.into_result().is_ok());
        let day = |s: &str| Some(s.parse::<Date>().unwrap());
        let march = d.at(0, day("2026-03-31"));
        assert_eq!((march.upline, march.level, march.groups.len()), (Some(1), Some(0), 1));
        let april = d.at(0, day("2026-04-01"));
        assert_eq!((april.upline, april.level, april.groups.len()), (Some(2), None, 1));
        assert_eq!(april.activation.map(|s| s.as_str()), Some("ramp_up"));
        let june = d.at(0, day("2026-06-01"));
        assert_eq!((june.upline, june.level, june.groups.len()), (Some(2), None, 0));
        assert_eq!(june.activation.map(|s| s.as_str()), Some("operational"));
        assert_eq!(d.span(day("2026-03-31").unwrap()), 0);
        assert_eq!(d.span(day("2026-05-01").unwrap()), 1);
        assert_eq!(d.span_start(2), day("2026-06-01"));
    }
}
