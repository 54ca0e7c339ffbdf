// Reads the numbers the page shows, from the data-* attributes that carry the engine's raw
// decimal strings, into plain objects shaped like the engine's result.

/** The totals table: `[{ agent, amount }]` in page order. */
export function totals(page) {
  return page.$$eval("#totals-table tbody tr", (rows) =>
    rows.map((r) => ({ agent: r.dataset.agent, amount: r.querySelector("td.total").dataset.value })),
  );
}

/** The itemized lines as shown: `[{ agent, kind, invoice, earned_on, base, rate, amount, explain }]`. */
export function lines(page) {
  return page.$$eval("#lines-table tbody tr", (rows) =>
    rows.map((r) => {
      const cell = (f) => r.querySelector(`[data-field="${f}"]`);
      return {
        index: Number(r.dataset.index),
        agent: r.dataset.agent,
        kind: cell("kind").textContent.replace(" ", "_"),
        earned_on: cell("earned_on").textContent,
        base: cell("base").dataset.value || null,
        rate: cell("rate").dataset.value || null,
        amount: cell("amount").dataset.value,
        explain: cell("explain").textContent || null,
      };
    }),
  );
}

/** The statements table: `[{ agent, period, amount }]`. */
export function statements(page) {
  return page.$$eval("#statements-table tbody tr", (rows) =>
    rows.map((r) => ({
      agent: r.dataset.agent,
      period: r.dataset.period,
      amount: r.querySelector("td.num[data-value]").dataset.value,
    })),
  );
}

/** The ladder cards: `[{ agent, rule, volume, rate, missing }]`. */
export function ladders(page) {
  return page.$$eval("#ladders article.ladder", (cards) =>
    cards.map((c) => ({
      agent: c.dataset.agent,
      rule: c.dataset.rule,
      volume: c.querySelector('[data-field="volume"]').dataset.value,
      rate: c.querySelector('[data-field="rate"]').dataset.value,
      missing: c.querySelector('[data-field="missing"]')?.dataset.value ?? null,
    })),
  );
}

/** The level cards: `[{ agent, bonus, missing: { requirement: value } }]`. */
export function levels(page) {
  return page.$$eval("#levels article.level", (cards) =>
    cards.map((c) => ({
      agent: c.dataset.agent,
      bonus: c.querySelector('[data-field="bonus"]')?.dataset.value ?? null,
      missing: Object.fromEntries(
        [...c.querySelectorAll("li[data-met='false']")].map((li) => [
          li.dataset.requirement,
          li.dataset.missing || null,
        ]),
      ),
    })),
  );
}

/** The what-if figures: `{ amount, agent, before, after, delta }`. */
export function whatIf(page) {
  return page.$eval("#whatif-summary", (s) => ({
    amount: s.dataset.amount,
    agent: s.dataset.agent,
    before: s.querySelector("#whatif-before")?.dataset.value,
    after: s.querySelector("#whatif-after")?.dataset.value,
    delta: s.querySelector("#whatif-delta")?.dataset.value,
  }));
}

/** The team table: `[{ agent, sales, group_sales, earned }]`. */
export function team(page) {
  return page.$$eval("#team-table tbody tr", (rows) =>
    rows.map((r) => ({
      agent: r.dataset.agent,
      sales: r.querySelector('[data-field="sales"]').dataset.value,
      group_sales: r.querySelector('[data-field="group_sales"]').dataset.value,
      earned: r.querySelector('[data-field="earned"]').dataset.value,
    })),
  );
}
