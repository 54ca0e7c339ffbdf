/**
 * A generated book of business, for the scale demonstration and the byte-identity tests: a
 * plan with every concern that needs the whole book (first orders, one-time subscriptions,
 * period ladders, caps, two generations of overrides, levels) and a book written as NDJSON
 * (the header line: agents in upline trees, customers, categories; then one invoice a line,
 * with shared invoices, customer-credited ones, credit notes and invoices nobody is credited
 * with). Deterministic for a seed.
 */

/**
 * The plan of generated books. `light`: without overrides and levels (one to two result lines
 * an invoice instead of about four and a half), for throughput runs on large books.
 * @param {{ light?: boolean }} [how]
 */
export function bookPlan({ light = false } = {}) {
  const plan = {
    currency: "USD",
    plans: [
      {
        id: "rep",
        rules: [
          { id: "new", when: { first_order: true }, fixed: "25", stack: true },
          {
            id: "volume",
            when: { categories: ["software"] },
            ladder: {
              scope: "period",
              period: "quarter",
              mode: "retroactive",
              tiers: [
                { from: "0", percent: "3" },
                { from: "4000", percent: "5" },
              ],
            },
          },
          {
            id: "hw",
            when: { categories: ["hardware"] },
            percent: "4",
            cap: { amount: "150", per: "period", period: "month" },
          },
          { id: "svc", percent: "2" },
        ],
        overrides: [
          { generation: 1, percent: "10", of: "commission" },
          { generation: 2, percent: "5", of: "commission" },
        ],
      },
      { id: "once", recurrence: "one_time", rules: [{ id: "sub", percent: "6" }] },
    ],
    levels: [
      { id: "bronze", rank: 1, plan: "rep" },
      {
        id: "silver",
        rank: 2,
        plan: "rep",
        requires: { sales: "15000", customers: 3 },
        window: { months: 12 },
        bonus_percent: "1",
      },
    ],
  };
  if (light) {
    delete plan.plans[0].overrides;
    plan.levels = [{ id: "bronze", rank: 1, plan: "rep" }];
  }
  return plan;
}

/** A small deterministic generator (32-bit xorshift). */
function random(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

const CATEGORIES = ["hardware", "software", "services"];

/**
 * The lines of a generated book (the header, then `invoices` invoices), as strings without
 * newlines, in chunks of about 1,000 lines.
 * @param {{ invoices: number, agents?: number, customers?: number, seed?: number }} size
 * @returns {Generator<string[]>}
 */
export function* bookLines({
  invoices,
  agents = Math.max(40, Math.ceil(invoices / 500)),
  customers = Math.max(30, Math.ceil(invoices / 200)),
  seed = 1,
}) {
  const r = random(seed);
  const agentList = [];
  for (let a = 0; a < agents; a++) {
    const agent = { id: `a${a}`, level: "bronze" };
    if (a % 8 !== 0) agent.upline = `a${a - 1 - r(a % 8)}`;
    agentList.push(agent);
  }
  const customerList = [];
  for (let c = 0; c < customers; c++) {
    const customer = { id: `c${c}` };
    if (c % 5 === 0) customer.agents = [{ id: `a${r(agents)}` }, { id: `a${r(agents)}` }];
    if (c % 7 === 0) customer.first_order_date = "2026-02-01";
    customerList.push(customer);
  }
  const header = { agents: agentList, customers: customerList, categories: CATEGORIES.map((id) => ({ id })) };
  yield [JSON.stringify(header)];
  const recent = [];
  let chunk = [];
  for (let i = 0; i < invoices; i++) {
    const date = `2026-${pad(1 + r(12))}-${pad(1 + r(28))}`;
    if (i > 10 && r(100) === 0) {
      const target = recent[r(recent.length)];
      const noteDate = date > target.date ? date : target.date;
      chunk.push(
        `{"id":"CN${i}","date":"${noteDate}","kind":"credit_note","refunds":"${target.id}","lines":[{"unit_price":"40.00","category":"hardware"}]}`,
      );
    } else {
      const lines = [];
      for (let k = 1 + r(2); k > 0; k--) {
        lines.push(
          `{"product":"p${r(9)}","category":"${CATEGORIES[r(3)]}","quantity":${1 + r(4)},"unit_price":"${50 + r(900)}.${pad(r(100))}"}`,
        );
      }
      let customer = `c${r(customers)}`;
      let credit;
      let extra = "";
      const kind = r(100);
      if (kind < 4) {
        const first = r(agents);
        const second = agents - 1 - r(Math.max(1, agents >> 1));
        credit =
          first === second
            ? `[{"id":"a${first}"}]`
            : `[{"id":"a${first}","share":"60"},{"id":"a${second}","share":"40"}]`;
      } else if (kind < 7) {
        customer = `c${5 * r(Math.ceil(customers / 5))}`;
        if (Number(customer.slice(1)) >= customers) customer = "c0";
      } else if (kind < 9) {
        credit = `[{"id":"a${r(agents)}","plan":"once"}]`;
        extra = `,"subscription":"S${r(Math.max(1, invoices >> 6))}"`;
      } else if (kind === 9 && r(4) === 0) {
        customer = undefined;
        credit = "[]";
      } else {
        credit = `[{"id":"a${r(agents)}"}]`;
      }
      const customerField = customer === undefined ? "" : `,"customer":"${customer}"`;
      const agentsField = credit === undefined ? "" : `,"agents":${credit}`;
      chunk.push(
        `{"id":"I${i}","date":"${date}"${customerField}${agentsField}${extra},"lines":[${lines.join(",")}]}`,
      );
      if (recent.length < 1000) recent.push({ id: `I${i}`, date });
      else recent[r(1000)] = { id: `I${i}`, date };
    }
    if (chunk.length >= 1000) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** A generated book as one sales document (for the single-instance side of small checks). */
export function bookDocument(size) {
  let header;
  const invoices = [];
  for (const chunk of bookLines(size)) {
    for (const line of chunk) {
      if (header === undefined) header = JSON.parse(line);
      else invoices.push(JSON.parse(line));
    }
  }
  return { ...header, invoices };
}

/** A generated book as NDJSON text chunks. @returns {Generator<string>} */
export function* bookText(size) {
  for (const chunk of bookLines(size)) yield chunk.join("\n") + "\n";
}

function pad(n) {
  return n < 10 ? `0${n}` : `${n}`;
}
