// The contract v2 part B presets of the demo page, in Debian's Chromium (playwright-core):
// each computes without an error and shows figures computed by hand from its plan's rules.
// (page.test.mjs also checks every preset against the package, for accessibility and width.)
//
// Run: npm run test:page

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { presets } from "../../www/presets/index.js";
import { openPage, paste, recalculated, startSession } from "./browser.mjs";
import * as read from "./read-page.mjs";

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** Opens the page on a preset and waits for its results and its comparison. */
async function show(preset) {
  const page = await openPage(session);
  await recalculated(page, () => page.click(`#preset-${preset.id}`));
  await page.waitForFunction(
    (id) =>
      document.getElementById("compare-origin")?.textContent &&
      document.body.dataset.comparisons &&
      document.getElementById(`preset-${id}`).getAttribute("aria-pressed") === "true",
    preset.id,
  );
  assert.equal(await page.isVisible("#stale"), false, "no error");
  assert.equal(await page.isVisible("#plan-error"), false, "no plan error");
  assert.equal(await page.isVisible("#planb-error"), false, "no plan B error");
  return page;
}

/** The lines of one agent and kind, as `[earned_on, amount]`. */
function pick(lines, agent, kind) {
  return lines.filter((l) => l.agent === agent && l.kind === kind).map((l) => [l.earned_on, l.amount]);
}

describe("the contract v2 part B presets", { timeout: 600000 }, () => {
  test("SaaS sales team: quota accelerator, a new hire's ramp and draw, a split deal", async () => {
    const preset = presets.find((p) => p.id === "saas");
    assert.ok(preset, "the preset is listed");
    const page = await show(preset);
    // Dana: 70,000 in January at 5 % (attainment 70 %) = 3,500.00; the split deal of March
    // (40,000, half hers, full quota credit) brings her quarter to 110,000: 10 % on every sale,
    // 2,000.00 on her half and a true-up of 70,000 × 5 % = 3,500.00 on January's: 9,000.00.
    // Eli's quota is ramped to 50 % (50,000) in his first quarter. Nothing in January (draw
    // 2,000.00); 30,000 in February, attainment 60 %, at 5 % = 1,500.00 (draw 500.00); his half
    // of the split brings his credited volume to 70,000, attainment 140 %: 10 % on his 20,000
    // = 2,000.00 and a true-up of 30,000 × 5 % = 1,500.00 on February's. March earned 3,500.00,
    // 1,500.00 above the draw: a recovery of -1,500.00 (of a balance of 2,500.00). 6,000.00.
    assert.deepEqual(await read.totals(page), [
      { agent: "dana", amount: "9000.00" },
      { agent: "eli", amount: "6000.00" },
    ]);
    const lines = await read.lines(page);
    assert.deepEqual(pick(lines, "dana", "commission"), [
      ["2026-01-15", "3500.00"],
      ["2026-03-10", "2000.00"],
    ]);
    assert.deepEqual(pick(lines, "dana", "true_up"), [["2026-03-10", "3500.00"]]);
    assert.deepEqual(pick(lines, "eli", "draw"), [
      ["2026-01-31", "2000.00"],
      ["2026-02-28", "500.00"],
    ]);
    assert.deepEqual(pick(lines, "eli", "commission"), [
      ["2026-02-12", "1500.00"],
      ["2026-03-10", "2000.00"],
    ]);
    assert.deepEqual(pick(lines, "eli", "true_up"), [["2026-03-10", "1500.00"]]);
    assert.deepEqual(pick(lines, "eli", "draw_recovery"), [["2026-03-31", "-1500.00"]]);
    // Without the ramp (full quota 100,000) Eli would stay at 5 % and recover nothing: the
    // ramp is what the page shows.

    // Plan B (accelerator 12 %): Dana's 90,000 at 12 % = 10,800.00 (+1,800.00). Eli's March
    // earns 2,400.00 + a true-up of 30,000 × 7 % = 2,100.00 = 4,500.00, 2,500.00 above the draw:
    // the recovery takes the whole balance of 2,500.00, so his total stays 6,000.00.
    const figures = await page.$eval("#compare-figures", (f) =>
      [...f.querySelectorAll("dd")].map((dd) => dd.dataset.value),
    );
    assert.deepEqual(figures, ["15000.00", "16800.00", "1800.00"]);
    const agents = await page.$$eval("#compare-agents-table tbody tr", (trs) =>
      trs.map((tr) => [tr.dataset.agent, ...[...tr.querySelectorAll("td")].map((td) => td.dataset.value)]),
    );
    assert.deepEqual(agents, [
      ["dana", "9000.00", "10800.00", "1800.00"],
      ["eli", "6000.00", "6000.00", "0.00"],
    ]);
    const rules = await page.$$eval("#compare-rules-table tbody tr", (trs) =>
      trs.map((tr) => [tr.dataset.rule, ...[...tr.querySelectorAll("td")].map((td) => td.dataset.value)]),
    );
    assert.deepEqual([...rules].sort(), [
      ["draw", "2500.00", "2500.00", "0.00"],
      ["draw_recovery", "-1500.00", "-2500.00", "-1000.00"],
      ["quota", "14000.00", "16800.00", "2800.00"],
    ]);
    const eliPairs = await page.$$eval("#compare-lines-table tbody tr[data-agent='eli']", (trs) =>
      trs.map((tr) => [
        tr.dataset.kind,
        tr.querySelector("[data-field='before-amount']").dataset.value,
        tr.querySelector("[data-field='after-amount']").dataset.value,
      ]),
    );
    assert.deepEqual([...eliPairs].sort(), [
      ["commission", "2000.00", "2400.00"],
      ["draw_recovery", "-1500.00", "-2500.00"],
      ["true_up", "1500.00", "2100.00"],
    ]);
    // The compare view's screenshot (tests/page/artifacts/; docs/compare.png with
    // UPDATE_SCREENSHOT=1).
    const artifacts = new URL("./artifacts/", import.meta.url);
    await mkdir(artifacts, { recursive: true });
    const png = await page.locator("#compare").screenshot();
    await writeFile(new URL("compare.png", artifacts), png);
    if (process.env.UPDATE_SCREENSHOT)
      await writeFile(new URL("../../docs/compare.png", import.meta.url), png);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
  test("MLM team: dated uplines, quarterly level reviews, differential overrides", async () => {
    const preset = presets.find((p) => p.id === "mlm");
    assert.ok(preset, "the preset is listed");
    const page = await show(preset);
    // Everyone earns 10 % on their own sales. Differential overrides of the base, walking up
    // from the seller: each upline earns its level's percent less the highest already paid.
    // - Alice's March sale, 25,000, while she is Bronze (0 %) under Bob (Silver 3 %), Carol
    //   (Gold 6 %) and Dave (Gold 6 %): Bob 3 % = 750.00, Carol 6 - 3 = 3 % = 750.00, Dave 0.
    // - Her 25,000 in the first quarter qualifies her for Silver: the review of 2026-03-31
    //   promotes her at once, from 1 April. Her April sale, 10,000, is under Carol by her
    //   history: Carol 6 - 3 = 3 % = 300.00; Bob, no longer her upline, nothing.
    // - Bob (Silver 3 %) sells 10,000 in February and 8,000 in May: Carol earns 3 % of each,
    //   300.00 and 240.00. He misses Silver's 20,000 in both quarters: kept Silver after the
    //   first review, Bronze after the second (demote_after 2).
    // - Carol's and Dave's own sales pay Dave nothing (Gold above Gold).
    const totals = Object.fromEntries((await read.totals(page)).map((t) => [t.agent, t.amount]));
    assert.deepEqual(totals, { alice: "3500.00", bob: "2550.00", carol: "8290.00", dave: "8000.00" });
    const lines = await read.lines(page);
    assert.deepEqual(pick(lines, "bob", "override"), [["2026-03-10", "750.00"]]);
    assert.deepEqual(pick(lines, "carol", "override"), [
      ["2026-02-05", "300.00"],
      ["2026-03-10", "750.00"],
      ["2026-04-15", "300.00"],
      ["2026-05-20", "240.00"],
    ]);
    assert.deepEqual(pick(lines, "dave", "override"), []);
    const reviews = await page.$$eval("#levels article.level", (cards) =>
      Object.fromEntries(
        cards.map((c) => [
          c.dataset.agent,
          [...c.querySelectorAll(".reviews li")].map((li) => [
            li.dataset.period,
            li.dataset.qualified,
            li.dataset.level,
          ]),
        ]),
      ),
    );
    assert.deepEqual(reviews.alice, [
      ["2026-Q1", "silver", "silver"],
      ["2026-Q2", "bronze", "silver"],
    ]);
    assert.deepEqual(reviews.bob, [
      ["2026-Q1", "bronze", "silver"],
      ["2026-Q2", "bronze", "bronze"],
    ]);
    // The team report at as_of: Alice in Carol's team (her history), at the level the last
    // review set (Alice Silver, Bob Bronze).
    const team = await page.$$eval("#team-table tbody tr", (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.dataset.agent, [tr.dataset.upline, tr.dataset.level]])),
    );
    assert.deepEqual(team, {
      dave: ["", "gold"],
      carol: ["dave", "gold"],
      bob: ["carol", "bronze"],
      alice: ["carol", "silver"],
    });

    // Plan B (Silver 4 %, Gold 8 %): Bob's override on Alice's March sale 4 % = 1,000.00
    // (+250.00); Carol's four overrides at 8 - 4 = 4 %: 400.00, 1,000.00, 400.00, 320.00
    // (+530.00); Dave still nothing: 22,340.00 → 23,120.00.
    const figures = await page.$eval("#compare-figures", (f) =>
      [...f.querySelectorAll("dd")].map((dd) => dd.dataset.value),
    );
    assert.deepEqual(figures, ["22340.00", "23120.00", "780.00"]);
    const agents = await page.$$eval("#compare-agents-table tbody tr", (trs) =>
      Object.fromEntries(
        trs.map((tr) => [tr.dataset.agent, [...tr.querySelectorAll("td")].map((td) => td.dataset.value)]),
      ),
    );
    assert.deepEqual(agents, {
      alice: ["3500.00", "3500.00", "0.00"],
      bob: ["2550.00", "2800.00", "250.00"],
      carol: ["8290.00", "8820.00", "530.00"],
      dave: ["8000.00", "8000.00", "0.00"],
    });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
  test("level cards show the alternatives of requires.any with what each misses (example 21)", async () => {
    // Gold needs sales 150,000, or group sales 300,000 and 3 recruits. Ann sold 100,000, her
    // two recruits 120,000 and 100,000 (group sales 320,000): 50,000.00 of sales missing on the
    // first path, 1 recruit on the second.
    const plan = {
      currency: "USD",
      levels: [
        { id: "member", rank: 1 },
        {
          id: "gold",
          rank: 2,
          requires: { any: [{ sales: "150000" }, { group_sales: "300000", recruits: 3 }] },
        },
      ],
    };
    const sales = {
      as_of: "2026-06-30",
      agents: [
        { id: "ann", level: "member" },
        { id: "r1", upline: "ann" },
        { id: "r2", upline: "ann" },
      ],
      invoices: [
        { id: "A1", date: "2026-02-10", agents: [{ id: "ann" }], lines: [{ unit_price: "100000.00" }] },
        { id: "R1", date: "2026-03-10", agents: [{ id: "r1" }], lines: [{ unit_price: "120000.00" }] },
        { id: "R2", date: "2026-04-10", agents: [{ id: "r2" }], lines: [{ unit_price: "100000.00" }] },
      ],
    };
    const page = await openPage(session);
    await paste(page, "sales", JSON.stringify(sales, null, 2));
    await paste(page, "plan", JSON.stringify(plan, null, 2));
    await page.waitForSelector("#levels article.level[data-agent='ann'] .paths li");
    const paths = await page.$$eval("#levels article.level[data-agent='ann'] .paths li", (items) =>
      items.map((li) => [JSON.parse(li.dataset.missing), li.textContent]),
    );
    assert.deepEqual(paths, [
      [{ sales: "50000.00" }, "personal sales 50,000.00 to go"],
      [{ recruits: 1 }, "active recruits 1 to go"],
    ]);
    assert.equal(
      await page.textContent("#levels article.level[data-agent='ann'] [data-field='qualified']"),
      "member",
    );
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
