// The contract v2 part B presets of the demo page, in Debian's Chromium (playwright-core):
// each computes without an error and shows figures computed by hand from its plan's rules.
// (page.test.mjs also checks every preset against the package, for accessibility and width.)
//
// Run: npm run test:page

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { presets } from "../../www/presets/index.js";
import { openPage, recalculated, startSession } from "./browser.mjs";
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
});
