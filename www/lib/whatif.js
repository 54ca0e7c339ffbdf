/**
 * What-if sales for one agent: the shape of a hypothetical deal, scaled to any amount.
 *
 * The template copies the agent's latest earning sale (its customer, the agent's role and plan
 * on it, and the product line that earned), dated at the sales document's `as_of`, with one
 * unit priced 1 and fully paid the same day, so that plans that earn on payment count it too.
 * Scaled to an amount, it is the invoice "one more deal like my last one, worth this much";
 * the same template is sent to the engine's `curve`.
 */
import { compare } from "./decimal.js";

/** The agents credited on an invoice: its own list, or its customer's agents. */
function creditedAgents(invoice, customers) {
  if (invoice.agents) return invoice.agents;
  return customers.get(invoice.customer)?.agents ?? [];
}

/** The date hypothetical sales are made at: `as_of`, else the latest invoice date. */
function whatIfDate(sales) {
  if (sales.as_of) return sales.as_of;
  return (sales.invoices ?? []).reduce((latest, inv) => (inv.date > latest ? inv.date : latest), "");
}

/**
 * The template invoice for `agent`, or null when the agent has no sale of its own to copy
 * (an upline paid only overrides, for example).
 * @param {object} sales the parsed sales document
 * @param {object} result the engine's result for it (to find the sale that earned)
 */
export function whatIfTemplate(sales, result, agent) {
  const invoices = new Map((sales.invoices ?? []).map((inv) => [inv.id, inv]));
  const customers = new Map((sales.customers ?? []).map((c) => [c.id, c]));
  const earned = result.lines.filter(
    (l) => l.agent === agent && l.kind === "commission" && invoices.has(l.invoice),
  );
  let invoice;
  let lineIndex;
  if (earned.length) {
    // The latest sale that earned, and on it the line with the largest base.
    const latest = earned.reduce((a, b) => (b.earned_on > a.earned_on ? b : a)).invoice;
    const onIt = earned.filter((l) => l.invoice === latest && l.line !== null && l.line !== undefined);
    const largest = onIt.reduce(
      (a, b) => (b.base !== null && (a.base === null || compare(b.base, a.base) > 0) ? b : a),
      onIt[0] ?? {},
    );
    invoice = invoices.get(latest);
    lineIndex = largest.line;
  } else {
    invoice = [...invoices.values()]
      .filter(
        (inv) => inv.kind !== "credit_note" && creditedAgents(inv, customers).some((a) => a.id === agent),
      )
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .pop();
  }
  if (!invoice) return null;
  const lines = invoice.lines ?? [];
  const source =
    lines[lineIndex ?? -1] ?? lines.find((l) => !l.kind || l.kind === "product" || l.kind === "service");
  if (!source) return null;
  const entry = creditedAgents(invoice, customers).find((a) => a.id === agent) ?? { id: agent };
  const date = whatIfDate(sales);
  const line = { quantity: "1", unit_price: "1" };
  for (const key of ["product", "category", "kind"]) if (source[key] !== undefined) line[key] = source[key];
  const agentEntry = { id: agent };
  if (entry.role) agentEntry.role = entry.role;
  if (entry.plan) agentEntry.plan = entry.plan;
  const template = {
    id: "WHAT-IF",
    date,
    agents: [agentEntry],
    lines: [line],
    payments: [{ date, amount: "1" }],
  };
  if (invoice.customer) template.customer = invoice.customer;
  if (invoice.currency) template.currency = invoice.currency;
  return template;
}

/** The template scaled to `amount` (a decimal string): one unit at that price, paid in full. */
export function whatIfInvoice(template, amount) {
  return {
    ...template,
    lines: [{ ...template.lines[0], unit_price: amount }],
    payments: [{ date: template.date, amount }],
  };
}

/** How many points of the earnings curve the page plots (its breakpoints are added exactly). */
export const CURVE_STEPS = 201;

/** A round upper bound for the what-if slider: 1, 2, 2.5 or 5 times a power of ten. */
function niceCeiling(value) {
  if (!(value > 0)) return 1000;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

/**
 * How far the slider goes for `agent`: far enough to pass the next breakpoint of its amount
 * ladders and the sales its next level needs, with room beyond.
 */
export function sliderMaximum(result, agent) {
  const distances = [];
  for (const l of result.ladders ?? []) {
    if (l.agent !== agent || l.measure !== "amount") continue;
    if (l.scope === "period" && l.next) distances.push(Number(l.next.missing));
    else for (const b of l.breakpoints) distances.push(Number(b.at));
  }
  const level = (result.levels ?? []).find((l) => l.agent === agent);
  if (level?.next?.missing?.sales) distances.push(Number(level.next.missing.sales));
  if (level?.next?.missing?.group_sales) distances.push(Number(level.next.missing.group_sales));
  const bases = result.lines
    .filter((l) => l.agent === agent && l.kind === "commission" && l.base)
    .map((l) => Math.abs(Number(l.base)));
  const largest = Math.max(0, ...distances.filter(Number.isFinite), ...bases);
  return niceCeiling(Math.max(1000, largest * 1.5));
}
