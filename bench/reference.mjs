// The decimal.js row of `npm run bench`: a straightforward JavaScript implementation of the
// bench's plan (bench/book.mjs), what a team would write by hand instead of using the engine.
// JSON text in, JSON text out, like the engine: JSON.parse, decimal.js arithmetic, then
// JSON.stringify of `{ currency, lines, totals }`.
//
// It handles exactly the plan's shape: rules that pay a percent on the lines of some
// categories (the first matching one wins), and, for the other lines, one graduated volume
// ladder per agent and calendar quarter, rounded half-up to cents cumulatively along the ladder (each line gets
// round(cumulative) - round(cumulative before), so the lines sum to the total), the way the
// engine does. Lines come in the engine's order: by date, then the rate lines of each invoice
// (by rule, then line), then the ladder's lines (by invoice, then line). bench/run.mjs checks
// every line and every agent's total against the engine's answer (with `explain: false`: the
// engine's explanations are the one thing this script does not write).

import Decimal from "decimal.js";

const HUNDRED = new Decimal(100);

/** The calendar quarter of an ISO date: `2026-Q1`. */
function quarter(date) {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Calculates `planText` + `salesText` and returns the result text. */
export function calculateReference(planText, salesText) {
  const plan = JSON.parse(planText);
  const sales = JSON.parse(salesText);
  const { id: planId, rules } = plan.plans[0];
  const rateRules = rules
    .filter((r) => r.percent !== undefined)
    .map((r, index) => ({
      id: r.id,
      index,
      categories: new Set(r.when.categories),
      percent: new Decimal(r.percent),
      rate: r.percent,
    }));
  const ladderRule = rules.find((r) => r.ladder);
  const tiers = ladderRule.ladder.tiers.map((t) => ({
    from: new Decimal(t.from),
    percent: new Decimal(t.percent),
    rate: t.percent,
  }));

  const rateLines = [];
  const ladderLines = [];
  /** Per agent and quarter: volume, exact cumulative pay, and its rounded value. */
  const ladders = new Map();
  sales.invoices.forEach((invoice, order) => {
    const agent = invoice.agents[0].id;
    const date = invoice.date;
    const key = `${agent}\u0000${quarter(date)}`;
    let state = ladders.get(key);
    if (!state)
      ladders.set(key, (state = { volume: new Decimal(0), exact: new Decimal(0), rounded: new Decimal(0) }));
    invoice.lines.forEach((line, index) => {
      const base = new Decimal(line.quantity ?? "1").times(line.unit_price);
      const baseText = base.toFixed(2);
      const rule = rateRules.find((r) => r.categories.has(line.category));
      if (rule) {
        rateLines.push({
          order,
          rule: rule.index,
          line: {
            agent,
            kind: "commission",
            invoice: invoice.id,
            line: index,
            plan: planId,
            rule: rule.id,
            role: null,
            earned_on: date,
            base: baseText,
            rate: rule.rate,
            amount: base.times(rule.percent).div(HUNDRED).toFixed(2, Decimal.ROUND_HALF_UP),
            tier: null,
            from_agent: null,
          },
        });
        return;
      }
      // The graduated ladder: each slice of this line's volume at the rate of its band.
      const before = state.volume;
      const after = before.plus(base);
      let pay = new Decimal(0);
      let tier = 0;
      tiers.forEach((t, i) => {
        const upper = i + 1 < tiers.length ? tiers[i + 1].from : null;
        const lo = Decimal.max(before, t.from);
        const hi = upper === null ? after : Decimal.min(after, upper);
        if (hi.gt(lo)) pay = pay.plus(hi.minus(lo).times(t.percent).div(HUNDRED));
        if (after.gte(t.from)) tier = i;
      });
      state.volume = after;
      state.exact = state.exact.plus(pay);
      const rounded = state.exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      const amount = rounded.minus(state.rounded);
      state.rounded = rounded;
      ladderLines.push({
        agent,
        kind: "commission",
        invoice: invoice.id,
        line: index,
        plan: planId,
        rule: ladderRule.id,
        role: null,
        earned_on: date,
        base: baseText,
        rate: tiers[tier].rate,
        amount: amount.toFixed(2),
        tier: tier + 1,
        from_agent: null,
      });
    });
  });
  rateLines.sort((a, b) => a.order - b.order || a.rule - b.rule || a.line.line - b.line.line);

  // Merge by date: each date's rate lines, then its ladder lines (both lists are in date order).
  const lines = [];
  let r = 0;
  let l = 0;
  while (r < rateLines.length || l < ladderLines.length) {
    const date =
      r < rateLines.length &&
      (l >= ladderLines.length || rateLines[r].line.earned_on <= ladderLines[l].earned_on)
        ? rateLines[r].line.earned_on
        : ladderLines[l].earned_on;
    while (r < rateLines.length && rateLines[r].line.earned_on === date) lines.push(rateLines[r++].line);
    while (l < ladderLines.length && ladderLines[l].earned_on === date) lines.push(ladderLines[l++]);
  }

  const totals = new Map();
  for (const line of lines) {
    let t = totals.get(line.agent);
    if (!t)
      totals.set(line.agent, (t = { agent: line.agent, amount: new Decimal(0), by_plan: {}, by_rule: {} }));
    t.amount = t.amount.plus(line.amount);
    t.by_plan[line.plan] = new Decimal(t.by_plan[line.plan] ?? 0).plus(line.amount);
    t.by_rule[line.rule] = new Decimal(t.by_rule[line.rule] ?? 0).plus(line.amount);
  }
  const fixed = (o) =>
    Object.fromEntries(
      Object.entries(o)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, v.toFixed(2)]),
    );
  return JSON.stringify({
    currency: plan.currency,
    lines,
    totals: [...totals.values()].map((t) => ({
      agent: t.agent,
      amount: t.amount.toFixed(2),
      by_plan: fixed(t.by_plan),
      by_rule: fixed(t.by_rule),
    })),
  });
}

/**
 * Compares the reference's answer with the engine's: every line (all fields but `explain`, in
 * order) and every agent's totals. Returns the list of differences (empty when equal).
 */
export function compareWithEngine(referenceText, engineText) {
  const ref = JSON.parse(referenceText);
  const eng = JSON.parse(engineText);
  const diffs = [];
  if (ref.lines.length !== eng.lines.length)
    diffs.push(`lines: ${ref.lines.length} here, ${eng.lines.length} in the engine`);
  const n = Math.min(ref.lines.length, eng.lines.length);
  for (let i = 0; i < n && diffs.length < 10; i++) {
    const { explain, ...e } = eng.lines[i];
    if (JSON.stringify(ref.lines[i]) !== JSON.stringify(e))
      diffs.push(`line ${i}: ${JSON.stringify(ref.lines[i])} != ${JSON.stringify(e)}`);
  }
  const engTotals = new Map(eng.totals.map((t) => [t.agent, JSON.stringify(t)]));
  if (ref.totals.length !== eng.totals.length)
    diffs.push(`totals: ${ref.totals.length} agents here, ${eng.totals.length} in the engine`);
  for (const t of ref.totals) {
    if (engTotals.get(t.agent) !== JSON.stringify(t))
      diffs.push(`total of ${t.agent}: ${JSON.stringify(t)} != ${engTotals.get(t.agent)}`);
  }
  return diffs;
}
