//! The whole book's order, recovered from parts.
//!
//! A part's sales document keeps the book's order (its agents are all the book's agents, its
//! invoices a subsequence of the book's), so within one part everything comes out in the
//! order the whole book would give it. Only items of different parts must be interleaved, and
//! each gets a key for that, following how the engine orders its output:
//!
//! - Lines are in date order; on one date, in the order the engine makes them: commissions,
//!   clawbacks and invoice-scope ladders (phase 0) per credited share ("unit": an invoice and
//!   one of its credited agents, in book order, the agent by its place on the invoice or the
//!   customer), then period-ladder lines (phase 1) by the same unit order, then caps (phase 2,
//!   by agent) and floors (by agent), then overrides (phase 3, by the unit of the line they
//!   are paid on), then level bonuses (phase 4, by agent), then holdbacks, releases and draws
//!   (phases 5 to 7, see [`super::late`]). A credit note's lines belong to the unit of the
//!   invoice it refunds.
//! - Ladders: period ladders first, in the order of their first line, then invoice-scope
//!   ladders by unit.
//! - Levels: by agent, in book order.
//! - Warnings: those of units (phase 0) by unit, override compression (phase 1) and level
//!   activation (phase 2) by agent.
//!
//! Keys are `[phase, a, b, c]`, compared in that order; items of one part never need them
//! among themselves (the merge keeps each part's own order).

use crate::engine::period::{period_of, PeriodKind};
use crate::engine::Engine;
use crate::model::plan::Scope;
use crate::model::result::{LadderReport, LineKindOut, ResultLine, Warning};
use crate::model::sales::InvoiceKind;
use crate::model::{Date, SalesDoc};
use chrono::Datelike;
use std::collections::HashMap;

/// An order key: `[phase, a, b, c]`.
pub type Key = [u64; 4];

/// A line an override may be paid on: its agent, invoice, invoice line and date.
type Source<'l> = (&'l str, Option<&'l str>, Option<u32>, Date);

/// Past every real index.
const LAST: u64 = u64::MAX;

/// What a part's output is keyed by: its agents, invoices and the plan's period ladders.
pub struct Index<'a> {
    sales: &'a SalesDoc,
    positions: &'a [u64],
    agents: HashMap<&'a str, usize>,
    customers: HashMap<&'a str, usize>,
    invoices: HashMap<&'a str, usize>,
    /// The calendar period of each period-scope ladder rule, by (plan, rule).
    period_rules: HashMap<(&'a str, &'a str), PeriodKind>,
    /// The place of each plan with a draw, and of each agent's first assignment to it.
    draws: HashMap<(&'a str, &'a str), (u64, u64)>,
}

impl<'a> Index<'a> {
    /// The index of a part's sales document whose invoices sit at `positions` in the book.
    pub fn new(engine: &'a Engine, sales: &'a SalesDoc, positions: &'a [u64]) -> Index<'a> {
        let mut period_rules = HashMap::new();
        for plan in &engine.plan().doc.plans {
            for rule in &plan.rules {
                if let Some(ladder) = rule.ladder.as_ref().filter(|l| l.scope == Scope::Period) {
                    let kind = ladder.period.map(PeriodKind::from).unwrap_or(PeriodKind::Month);
                    period_rules.insert((plan.id.as_str(), rule.id.as_str()), kind);
                }
            }
        }
        let mut draws = HashMap::new();
        let doc = &engine.plan().doc;
        for (p, plan) in doc.plans.iter().enumerate().filter(|(_, p)| p.draw.is_some()) {
            for (a, assignment) in doc.assignments.iter().enumerate().filter(|(_, a)| a.plan == plan.id) {
                draws
                    .entry((plan.id.as_str(), assignment.agent.as_str()))
                    .or_insert((p as u64, a as u64));
            }
        }
        Index {
            draws,
            sales,
            positions,
            agents: sales.agents.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect(),
            customers: sales.customers.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect(),
            invoices: sales.invoices.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect(),
            period_rules,
        }
    }

    /// The agent's place in the book.
    pub fn agent(&self, id: &str) -> u64 {
        self.agents.get(id).map(|&a| a as u64).unwrap_or(LAST)
    }

    /// The key of a draw or draw-recovery line: its plan's place, then the agent's first
    /// assignment to the plan.
    pub fn draw(&self, l: &ResultLine) -> Key {
        let plan = l.plan.as_deref().unwrap_or_default();
        match self.draws.get(&(plan, l.agent.as_str())) {
            Some(&(p, a)) => [7, p, a, 0],
            None => [7, LAST, LAST, self.agent(&l.agent)],
        }
    }

    /// The invoice a holdback group is about: the one a credit note refunds, or the invoice.
    pub fn paid_invoice<'s>(&'s self, invoice: &'s str) -> &'s str {
        let Some(&k) = self.invoices.get(invoice) else {
            return invoice;
        };
        let inv = &self.sales.invoices[k];
        match (inv.kind, &inv.refunds) {
            (InvoiceKind::CreditNote, Some(target)) => target.as_str(),
            _ => invoice,
        }
    }

    /// The unit of an invoice (by id) and an agent: the book position of the invoice whose
    /// sales are shared (the refunded one for a credit note) and the agent's place among those
    /// credited with it.
    fn unit(&self, invoice: Option<&str>, agent: &str) -> (u64, u64) {
        let Some(&k) = invoice.and_then(|id| self.invoices.get(id)) else {
            return (LAST, self.agent(agent));
        };
        let mut inv = &self.sales.invoices[k];
        let mut k = k;
        if let (InvoiceKind::CreditNote, Some(target)) = (inv.kind, &inv.refunds) {
            if let Some(&t) = self.invoices.get(target.as_str()) {
                k = t;
                inv = &self.sales.invoices[t];
            }
        }
        let place = match inv.agents.as_ref().filter(|l| !l.is_empty()) {
            Some(list) => list.iter().position(|a| a.id == agent),
            None => inv
                .customer
                .as_ref()
                .and_then(|c| self.customers.get(c.as_str()))
                .and_then(|&c| {
                    let c = &self.sales.customers[c];
                    c.agents
                        .iter()
                        .filter(|a| a.thru.map(|t| inv.date <= t).unwrap_or(true))
                        .position(|a| a.id == agent)
                }),
        };
        (self.positions[k], place.map(|p| p as u64).unwrap_or(LAST))
    }

    /// The keys of a part's lines (their dates come first, separately). An override is placed
    /// by the line it is paid on (same agent as its `from_agent`, invoice, invoice line and
    /// date, and its amount the override's base), found among the part's lines.
    pub fn lines(&self, lines: &[ResultLine]) -> Vec<Key> {
        let own: Vec<Key> = lines.iter().map(|l| self.line(l)).collect();
        let mut sources: HashMap<Source, Vec<usize>> = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            if !is_override(l) && !super::late::is_late(l) {
                sources
                    .entry((l.agent.as_str(), l.invoice.as_deref(), l.line, l.earned_on))
                    .or_default()
                    .push(i);
            }
        }
        let mut keys: Vec<Key> = lines
            .iter()
            .zip(&own)
            .map(|(l, &key)| {
                if !is_override(l) {
                    return key;
                }
                let from = l.from_agent.as_deref().unwrap_or_default();
                // Line amounts are rounded (a cent may move between lines), the base is not: the
                // nearest amount is the line.
                let base = l.base.map(|b| b.0).unwrap_or_default();
                let found = sources
                    .get(&(from, l.invoice.as_deref(), l.line, l.earned_on))
                    .and_then(|list| list.iter().copied().min_by_key(|&i| (lines[i].amount.0 - base).abs()));
                match found {
                    Some(i) => [3, own[i][0], own[i][1], own[i][2]],
                    None => key,
                }
            })
            .collect();
        super::late::key_late_lines(self, lines, &mut keys);
        keys
    }

    /// The key of a line that is not an override, or of an override whose line is not found.
    fn line(&self, l: &ResultLine) -> Key {
        let agent = self.agent(&l.agent);
        let period = match (&l.plan, &l.rule) {
            (Some(p), Some(r)) => self.period_rules.contains_key(&(p.as_str(), r.as_str())),
            _ => false,
        };
        match l.kind {
            _ if is_override(l) => {
                let from = l.from_agent.as_deref().unwrap_or_default();
                let (u, place) = self.unit(l.invoice.as_deref(), from);
                [3, 0, u, place]
            }
            LineKindOut::Bonus if l.rule.is_none() => [4, agent, 0, 0],
            LineKindOut::Cap => [2, 0, agent, 0],
            LineKindOut::TrueUp if !period => [2, 1, agent, 0],
            _ => {
                let (u, place) = self.unit(l.invoice.as_deref(), &l.agent);
                [u64::from(period), u, place, 0]
            }
        }
    }

    /// The keys of a part's ladder reports; `lines` are the part's lines (a period ladder is
    /// placed by its first line).
    pub fn ladders(&self, reports: &[LadderReport], lines: &[ResultLine]) -> Vec<Key> {
        let mut first: HashMap<(&str, &str, &str, String), usize> = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            let (Some(p), Some(r)) = (&l.plan, &l.rule) else { continue };
            if let Some(&kind) = self.period_rules.get(&(p.as_str(), r.as_str())) {
                let period = period_of(kind, l.earned_on).name;
                first.entry((l.agent.as_str(), p.as_str(), r.as_str(), period)).or_insert(i);
            }
        }
        reports
            .iter()
            .map(|r| {
                let key = (
                    r.agent.as_str(),
                    r.plan.as_str(),
                    r.rule.as_str(),
                    r.period.clone().unwrap_or_default(),
                );
                self.ladder(r, first.get(&key).map(|&i| &lines[i]))
            })
            .collect()
    }

    /// The key of a ladder report; a period ladder is placed by its first line, `first`.
    fn ladder(&self, r: &LadderReport, first: Option<&ResultLine>) -> Key {
        if r.scope == Scope::Period {
            return match first {
                Some(l) => {
                    let (u, place) = self.unit(l.invoice.as_deref(), &l.agent);
                    [0, days(l.earned_on), u, place]
                }
                None => [0, LAST, LAST, self.agent(&r.agent)],
            };
        }
        let (u, place) = self.unit(r.invoice.as_deref(), &r.agent);
        [1, u, place, 0]
    }

    /// The agent a warning is about (none for an invoice nobody is credited with) and its key.
    pub fn warning(&self, w: &Warning) -> (Option<&'a str>, Key) {
        let segments: Vec<&str> = w.path.split('/').skip(1).collect();
        let number = |i: usize| segments.get(i).and_then(|s| s.parse::<usize>().ok());
        match segments.first().copied() {
            Some("invoices") => {
                let Some(k) = number(1).filter(|&k| k < self.sales.invoices.len()) else {
                    return (None, [0, LAST, LAST, 0]);
                };
                let inv = &self.sales.invoices[k];
                match (segments.get(2).copied(), number(3)) {
                    (Some("agents"), Some(j)) => {
                        let agent = inv.agents.as_ref().and_then(|l| l.get(j)).map(|a| a.id.as_str());
                        (agent, [0, self.positions[k], j as u64, 0])
                    }
                    _ => (None, [0, self.positions[k], 0, 0]),
                }
            }
            Some("customers") => {
                let agent = number(1)
                    .and_then(|c| self.sales.customers.get(c))
                    .and_then(|c| number(3).and_then(|j| c.agents.get(j)))
                    .map(|a| a.id.as_str());
                let invoice = quoted(&w.message).find_map(|id| self.invoices.get(id).copied());
                let position = invoice.map(|k| self.positions[k]).unwrap_or(LAST);
                (agent, [0, position, number(3).unwrap_or(0) as u64, 0])
            }
            Some("agents") => {
                let a = number(1).filter(|&a| a < self.sales.agents.len());
                let agent = a.map(|a| self.sales.agents[a].id.as_str());
                let phase = if segments.get(2) == Some(&"activation") { 2 } else { 1 };
                (agent, [phase, a.map(|a| a as u64).unwrap_or(LAST), 0, 0])
            }
            _ => (None, [5, 0, 0, 0]),
        }
    }

    /// A part's path in the book: `/invoices/<k>` renumbered to the invoice's book position.
    pub fn book_path(&self, path: &str) -> String {
        match crate::stream::book::invoice_of_path(path) {
            Some(k) if k < self.positions.len() => {
                let rest = &path[format!("/invoices/{k}").len()..];
                format!("/invoices/{}{rest}", self.positions[k])
            }
            _ => path.to_string(),
        }
    }
}

/// Whether a line is paid to an upline on a downline's line (an override, or an override's
/// clawback: both name the downline in `from_agent`).
fn is_override(l: &ResultLine) -> bool {
    l.kind == LineKindOut::Override || (l.kind == LineKindOut::Clawback && l.from_agent.is_some())
}

/// A date as a number of days.
pub fn days(d: Date) -> u64 {
    d.num_days_from_ce().max(0) as u64
}

/// The `backquoted` words of a message.
fn quoted(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}
