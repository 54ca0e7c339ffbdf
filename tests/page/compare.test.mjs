// The "compare two plans" view and a what-if across a retroactive tier, in Debian's Chromium
// (playwright-core), with numbers computed by hand from the plans' rules (CONTRACT-v2.md
// examples 24 and 17), not by the engine.
//
// Run: npm run test:page

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { openPage, paste, startSession } from "./browser.mjs";
import * as read from "./read-page.mjs";

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** Contract example 1's plan with one rate for everything (example 24: plan A 5 %, plan B 6 %). */
const flatPlan = (percent) => ({
  currency: "USD",
  plans: [{ id: "standard", rules: [{ id: "all", percent }] }],
  assignments: [{ agent: "alice", plan: "standard" }],
});

/** Contract example 1's sales: 2 × 150.00 less 10 % = 270.00 commissionable, plus shipping. */
const example1Sales = {
  agents: [{ id: "alice" }],
  customers: [{ id: "c1" }],
  invoices: [
    {
      id: "INV-1",
      date: "2026-03-01",
      customer: "c1",
      agents: [{ id: "alice", role: "sales_rep" }],
      lines: [
        {
          product: "p1",
          category: "laptops",
          quantity: "2",
          unit_price: "150.00",
          discount_percent: "10",
          unit_cost: "90",
          tax: "27.00",
        },
        { product: "ship", kind: "shipping", quantity: "1", unit_price: "25.00" },
      ],
    },
  ],
};

/** Waits until the compare view shows `value` as plan B's total. */
function comparedTo(page, value) {
  return page.waitForFunction((v) => document.getElementById("compare-after")?.dataset.value === v, value, {
    timeout: 10000,
  });
}

/** The compare view as numbers: figures, agents, rules, line pairs and the chart's bars. */
async function comparison(page) {
  const figures = await page.$eval("#compare-figures", (f) => ({
    before: f.querySelector("#compare-before").dataset.value,
    after: f.querySelector("#compare-after").dataset.value,
    delta: f.querySelector("#compare-delta").dataset.value,
  }));
  const rows = (selector, key) =>
    page.$$eval(
      selector,
      (trs, k) =>
        trs.map((tr) => ({
          [k]: tr.dataset[k],
          ...Object.fromEntries(
            [...tr.querySelectorAll("td[data-field]")].map((td) => [td.dataset.field, td.dataset.value]),
          ),
        })),
      key,
    );
  const agents = await rows("#compare-agents-table tbody tr", "agent");
  const rules = await rows("#compare-rules-table tbody tr", "rule");
  const lines = await page.$$eval("#compare-lines-table tbody tr", (trs) =>
    trs.map((tr) => ({
      agent: tr.dataset.agent,
      kind: tr.dataset.kind,
      invoice: tr.dataset.invoice,
      ...Object.fromEntries(
        [...tr.querySelectorAll("td[data-field]")].map((td) => [td.dataset.field, td.dataset.value]),
      ),
    })),
  );
  const chart = await page.$$eval("#compare-chart g.agent", (gs) =>
    gs.map((g) => ({
      agent: g.dataset.agent,
      before: g.querySelector("rect.before").dataset.value,
      after: g.querySelector("rect.after").dataset.value,
      delta: g.dataset.delta,
    })),
  );
  return { figures, agents, rules, lines, chart };
}

describe("comparing two plans on the page", { timeout: 600000 }, () => {
  test("example 24: plan A 5 %, plan B 6 % on example 1's sales", async () => {
    const page = await openPage(session);
    await paste(page, "sales", JSON.stringify(example1Sales, null, 2));
    await paste(page, "plan", JSON.stringify(flatPlan("5"), null, 2));
    await paste(page, "planb", JSON.stringify(flatPlan("6"), null, 2));
    await comparedTo(page, "16.20");
    const shown = await comparison(page);
    // 270.00 × 5 % = 13.50; × 6 % = 16.20; the change costs 2.70.
    assert.deepEqual(shown.figures, { before: "13.50", after: "16.20", delta: "2.70" });
    assert.deepEqual(shown.agents, [{ agent: "alice", before: "13.50", after: "16.20", delta: "2.70" }]);
    assert.deepEqual(shown.rules, [{ rule: "all", before: "13.50", after: "16.20", delta: "2.70" }]);
    assert.deepEqual(shown.lines, [
      {
        agent: "alice",
        kind: "commission",
        invoice: "INV-1",
        "before-rate": "5",
        "before-amount": "13.50",
        "after-rate": "6",
        "after-amount": "16.20",
        delta: "2.70",
      },
    ]);
    assert.deepEqual(shown.chart, [{ agent: "alice", before: "13.50", after: "16.20", delta: "2.70" }]);
    // The bar of plan B is longer than plan A's by 6/5.
    const widths = await page.$$eval("#compare-chart g.agent rect", (rects) =>
      rects.map((r) => Number(r.getAttribute("width"))),
    );
    assert.ok(Math.abs(widths[1] / widths[0] - 1.2) < 0.01, `bar widths ${widths}`);
    assert.equal(await page.isVisible("#compare-same"), false);

    // Plan B with an error: the engine's message beside plan B, at its path, and the last
    // comparison marked out of date.
    const broken = flatPlan("six");
    await paste(page, "planb", JSON.stringify(broken, null, 2));
    await page.waitForSelector("#planb-error:not([hidden])");
    const problem = await page.$eval("#planb-error li", (li) => ({
      path: li.dataset.path,
      code: li.dataset.code,
      text: li.textContent,
    }));
    assert.equal(problem.code, "invalid_plan");
    assert.equal(problem.path, "/plans/0/rules/0/percent");
    assert.match(problem.text, /plan B/);
    assert.equal(await page.isVisible("#compare-stale"), true);
    assert.equal(await page.isVisible("#plan-error"), false, "plan A has no error");

    // A plan in another currency cannot be compared: the error points at plan B's currency.
    await paste(page, "planb", JSON.stringify({ ...flatPlan("6"), currency: "EUR" }, null, 2));
    await page.waitForFunction(() => document.querySelector("#planb-error li")?.dataset.path === "/currency");

    // "Copy plan A into plan B": the same plan pays the same, and no line differs.
    await page.click("#compare-reset");
    await comparedTo(page, "13.50");
    const same = await comparison(page);
    assert.deepEqual(same.figures, { before: "13.50", after: "13.50", delta: "0.00" });
    assert.deepEqual(same.lines, []);
    assert.equal(await page.isVisible("#compare-same"), true);
    assert.equal(await page.isVisible("#planb-error"), false);
    assert.equal(await page.isVisible("#compare-stale"), false);

    // Editing plan A (the plan above) compares again: 4 % against the copy at 5 %.
    await paste(page, "plan", JSON.stringify(flatPlan("4"), null, 2));
    await page.waitForFunction(() => document.getElementById("compare-before")?.dataset.value === "10.80");
    assert.deepEqual((await comparison(page)).figures, { before: "10.80", after: "13.50", delta: "2.70" });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("the compare view passes the axe-core rules, with a comparison and with an error", async () => {
    const page = await openPage(session);
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const audit = () =>
      page.evaluate(async () => {
        const { violations } = await window.axe.run(document.getElementById("compare"), {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help} — ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(" "))
              .join(", ")}`,
        );
      });
    await paste(page, "sales", JSON.stringify(example1Sales, null, 2));
    await paste(page, "plan", JSON.stringify(flatPlan("5"), null, 2));
    await paste(page, "planb", JSON.stringify(flatPlan("6"), null, 2));
    await comparedTo(page, "16.20");
    assert.deepEqual(await audit(), [], "with a comparison");
    await paste(page, "planb", "{ not json");
    await page.waitForSelector("#planb-error:not([hidden])");
    assert.deepEqual(await audit(), [], "with an error");
    await page.context().close();
  });

  test("a what-if that crosses a retroactive tier includes the true-up of the quarter's earlier lines", async () => {
    // Example 17's ladder: graduated, 0 → 5 %, 100,000 → 8 % retroactive, 150,000 → 10 %.
    const plan = {
      currency: "USD",
      plans: [
        {
          id: "q",
          rules: [
            {
              id: "vol",
              ladder: {
                scope: "period",
                period: "quarter",
                mode: "graduated",
                tiers: [
                  { from: "0", percent: "5" },
                  { from: "100000", percent: "8", retroactive: true },
                  { from: "150000", percent: "10" },
                ],
              },
            },
          ],
        },
      ],
      assignments: [{ agent: "alice", plan: "q" }],
    };
    // 60,000 in January and 30,000 in February: 90,000 in the quarter, all at 5 % = 4,500.00.
    const sales = {
      as_of: "2026-03-31",
      agents: [{ id: "alice" }],
      invoices: [
        {
          id: "I1",
          date: "2026-01-10",
          agents: [{ id: "alice" }],
          lines: [{ product: "p", unit_price: "60000.00" }],
        },
        {
          id: "I2",
          date: "2026-02-20",
          agents: [{ id: "alice" }],
          lines: [{ product: "p", unit_price: "30000.00" }],
        },
      ],
    };
    const page = await openPage(session);
    await paste(page, "sales", JSON.stringify(sales, null, 2));
    await paste(page, "plan", JSON.stringify(plan, null, 2));
    await page.waitForFunction(
      () =>
        document.querySelector("#totals-table tbody tr[data-agent='alice'] td.total")?.dataset.value ===
        "4500.00",
    );
    assert.equal(await page.inputValue("#whatif-agent"), "alice");

    // One more deal of 20,000 on 2026-03-31 (as_of, in the same quarter): the quarter reaches
    // 110,000, and the retroactive tier pays all of it at 8 %: 8,800.00. What it adds, 4,300.00,
    // is the deal's own 20,000 × 8 % = 1,600.00 and the true-up of the earlier 90,000 from
    // 5 % to 8 %: 90,000 × 3 % = 2,700.00.
    await page.fill("#whatif-amount", "20000");
    await page.waitForFunction(() => document.getElementById("whatif-summary").dataset.amount === "20000");
    assert.deepEqual(await read.whatIf(page), {
      amount: "20000",
      agent: "alice",
      before: "4500.00",
      after: "8800.00",
      delta: "4300.00",
    });
    const added = await page.$$eval("#whatif-lines li", (items) =>
      items.map((li) => ({ kind: li.dataset.kind, amount: li.dataset.value })),
    );
    assert.deepEqual(
      added.filter((l) => l.kind === "commission"),
      [{ kind: "commission", amount: "1600.00" }],
    );
    const trueUps = added.filter((l) => l.kind === "true_up");
    assert.ok(trueUps.length >= 1, "the deal adds true-up lines");
    const cents = (s) => BigInt(s.replace(".", ""));
    assert.equal(
      trueUps.reduce((sum, l) => sum + cents(l.amount), 0n),
      270000n,
      "true-ups 2,700.00 in all",
    );
    assert.equal(added.length, 1 + trueUps.length);
    assert.match(await page.textContent("#whatif-summary .crossings"), /from tier 1 to tier 2/);

    // Below the tier nothing is re-rated: +9,000 → 99,000 at 5 % = 4,950.00.
    await page.fill("#whatif-amount", "9000");
    await page.waitForFunction(() => document.getElementById("whatif-summary").dataset.amount === "9000");
    assert.deepEqual(await read.whatIf(page), {
      amount: "9000",
      agent: "alice",
      before: "4500.00",
      after: "4950.00",
      delta: "450.00",
    });
    assert.deepEqual(await page.$$eval("#whatif-lines li", (items) => items.map((li) => li.dataset.kind)), [
      "commission",
    ]);

    // The curve marks the jump where the quarter reaches 100,000 (+10,000: 100,000 × 8 % =
    // 8,000.00) and the 10 % tier at 150,000 (+60,000: 150,000 × 8 % = 12,000.00).
    await page.waitForSelector("#chart .breakpoint");
    const marks = await page.$$eval("#chart .breakpoint", (gs) =>
      gs.map((g) => ({ at: g.dataset.at, total: g.dataset.total, rate: g.dataset.rate })),
    );
    const at = (x) => marks.find((m) => Number(m.at) === x);
    assert.deepEqual(
      { total: at(10000)?.total, rate: at(10000)?.rate },
      { total: "8000.00", rate: "8" },
      JSON.stringify(marks),
    );
    assert.deepEqual(
      { total: at(60000)?.total, rate: at(60000)?.rate },
      { total: "12000.00", rate: "10" },
      JSON.stringify(marks),
    );
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
