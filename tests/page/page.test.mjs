// End-to-end tests of the demo page in Debian's Chromium (playwright-core), served on
// 127.0.0.1. Every number read from the page is compared with what the package computes in
// Node for the same documents, so the tests stay right as the engine grows.
//
// Run: npm run test:page   (installs chromium with apt-get when /usr/bin/chromium is missing)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import * as engine from "commission-engine";
import { presets } from "../../www/presets/index.js";
import { CURVE_STEPS, whatIfInvoice, whatIfTemplate, sliderMaximum } from "../../www/lib/whatif.js";
import { compare } from "../../www/lib/decimal.js";
import { openPage, paste, recalculated, startSession } from "./browser.mjs";
import * as read from "./read-page.mjs";

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** The engine's result for a preset, computed in Node. */
function expected(preset) {
  return engine.calculate(preset.plan, preset.sales, preset.options);
}

/** Clicks a preset's button and waits for its calculation. */
async function choose(page, preset) {
  const pressed = await page.getAttribute(`#preset-${preset.id}`, "aria-pressed");
  if (pressed === "true") return;
  await recalculated(page, () => page.click(`#preset-${preset.id}`));
}

/** The engine's error for documents that do not calculate, computed in Node. */
function engineError(plan, sales, options) {
  try {
    engine.calculate(plan, sales, options);
  } catch (error) {
    return error;
  }
  assert.fail("the engine accepted documents that should fail");
}

describe("the demo page", { timeout: 600000 }, () => {
  test("every preset is valid and the page shows exactly the engine's numbers", async () => {
    const page = await openPage(session);
    for (const preset of presets) {
      await choose(page, preset);
      const result = expected(preset);
      assert.equal(await page.textContent("#preset-summary"), preset.summary);
      assert.equal(await page.isVisible("#stale"), false, `${preset.id}: no error is shown`);

      assert.deepEqual(
        await read.totals(page),
        result.totals.map((t) => ({ agent: t.agent, amount: t.amount })),
        `${preset.id}: totals`,
      );
      const shownLines = await read.lines(page);
      assert.deepEqual(
        shownLines.map(({ index, ...line }) => line),
        result.lines.map((l) => ({
          agent: l.agent,
          kind: l.kind,
          earned_on: l.earned_on,
          base: l.base,
          rate: l.rate,
          amount: l.amount,
          explain: l.explain ?? null,
        })),
        `${preset.id}: itemized lines`,
      );
      assert.deepEqual(
        await read.statements(page),
        result.statements.map((s) => ({ agent: s.agent, period: s.period, amount: s.amount })),
        `${preset.id}: statements`,
      );
      assert.deepEqual(
        await read.ladders(page),
        result.ladders.map((l) => ({
          agent: l.agent,
          rule: l.rule,
          volume: l.volume,
          rate: l.rate,
          missing: l.next?.missing ?? null,
        })),
        `${preset.id}: ladders`,
      );
      assert.deepEqual(
        await read.levels(page),
        result.levels.map((l) => ({
          agent: l.agent,
          bonus: l.bonus ?? null,
          missing: Object.fromEntries(Object.entries(l.next?.missing ?? {}).map(([k, v]) => [k, String(v)])),
        })),
        `${preset.id}: levels`,
      );
      const report = engine.hierarchy(preset.plan, preset.sales, preset.options);
      const expectedTeam = report.agents.some((a) => a.upline)
        ? report.agents.map((a) => ({
            agent: a.agent,
            sales: a.sales,
            group_sales: a.group_sales,
            earned: a.earned,
          }))
        : [];
      assert.deepEqual(await read.team(page), expectedTeam, `${preset.id}: team`);
      const warnings = await page.$$eval("#warnings li", (items) => items.map((li) => li.dataset.code));
      assert.deepEqual(
        warnings,
        result.warnings.map((w) => w.code),
        `${preset.id}: warnings`,
      );
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("the lines sort by a column and filter by agent", async () => {
    const page = await openPage(session);
    const preset = presets.find((p) => p.id === "perfex");
    await choose(page, preset);
    const result = expected(preset);
    await page.click("#lines-table thead button:has-text('Amount')");
    const ascending = (await read.lines(page)).map((l) => l.amount);
    assert.deepEqual(ascending, [...result.lines.map((l) => l.amount)].sort(compare));
    assert.equal(await page.getAttribute("#lines-table th[aria-sort]", "aria-sort"), "ascending");
    await page.click("#lines-table thead button:has-text('Amount')");
    assert.deepEqual(
      (await read.lines(page)).map((l) => l.amount),
      result.lines.map((l) => l.amount).sort((a, b) => compare(b, a)),
    );
    const agent = result.lines[0]?.agent;
    if (agent) {
      await page.selectOption("#lines-agent", agent);
      const shown = await read.lines(page);
      assert.equal(shown.length, result.lines.filter((l) => l.agent === agent).length);
      assert.ok(shown.every((l) => l.agent === agent));
    }
    await page.context().close();
  });

  test("moving the what-if control updates the numbers and the chart at once", async () => {
    const page = await openPage(session);
    const preset = presets.find((p) => p.id === "blusynergy");
    await choose(page, preset);
    const base = expected(preset);
    const agent = preset.agent;
    assert.equal(await page.inputValue("#whatif-agent"), agent);
    const template = whatIfTemplate(preset.sales, base, agent);
    assert.ok(template, "the preset's agent has a sale to copy");
    const max = sliderMaximum(base, agent);
    assert.equal(Number(await page.getAttribute("#whatif-range", "max")), max);

    /** The engine's numbers for one more deal of `amount`, in Node. */
    const whatIfInNode = (amount) => {
      const withDeal = engine.calculate(preset.plan, preset.sales, {
        ...preset.options,
        what_if: [whatIfInvoice(template, amount)],
      });
      const report = withDeal.what_if?.agents?.find((a) => a.agent === agent);
      return {
        after: report?.after ?? withDeal.totals.find((t) => t.agent === agent)?.amount ?? "0",
        delta: report?.delta,
        added: withDeal.lines
          .filter((l) => l.what_if && l.agent === agent)
          .map((l) => ({ kind: l.kind, amount: l.amount })),
      };
    };
    const before = base.totals.find((t) => t.agent === agent)?.amount ?? "0";

    // Drag-equivalent: set the slider's value as a user would, which fires `input`.
    for (const amount of [String(max / 4), String(max / 2), String(max)]) {
      await page.locator("#whatif-range").fill(amount);
      await page.waitForFunction(
        (a) => document.getElementById("whatif-summary").dataset.amount === a,
        amount,
      );
      const shown = await read.whatIf(page);
      const inNode = whatIfInNode(amount);
      assert.equal(shown.before, before, `before at ${amount}`);
      assert.equal(shown.after, inNode.after, `after at ${amount}`);
      if (inNode.delta !== undefined) assert.equal(shown.delta, inNode.delta, `delta at ${amount}`);
      const shownAdded = await page.$$eval("#whatif-lines li", (items) =>
        items.map((li) => ({ kind: li.dataset.kind, amount: li.dataset.value })),
      );
      assert.deepEqual(shownAdded, inNode.added, `the deal's lines at ${amount}`);
      assert.equal(await page.inputValue("#whatif-amount"), amount, "the amount field follows the slider");
      await page.waitForSelector("#chart .marker[data-total]");
      assert.equal(
        await page.getAttribute("#chart .marker", "data-total"),
        inNode.after,
        "the chart marker moves to the new total",
      );
    }

    // The keyboard moves the slider by one step.
    await page.locator("#whatif-range").fill("0");
    await page.focus("#whatif-range");
    await page.keyboard.press("ArrowRight");
    const step = String(max / 200);
    await page.waitForFunction((a) => document.getElementById("whatif-summary").dataset.amount === a, step);
    assert.equal((await read.whatIf(page)).after, whatIfInNode(step).after);

    // Typing an amount moves the slider too.
    await page.fill("#whatif-amount", "1234.50");
    await page.waitForFunction(() => document.getElementById("whatif-summary").dataset.amount === "1234.50");
    assert.equal((await read.whatIf(page)).after, whatIfInNode("1234.50").after);

    const curve = engine.curve(preset.plan, preset.sales, {
      agent,
      add: { from: "0", to: String(max), steps: CURVE_STEPS },
      template,
    });
    const shownBreakpoints = await page.$$eval("#chart .breakpoint", (gs) =>
      gs.map((g) => ({ at: g.dataset.at, total: g.dataset.total, rate: g.dataset.rate })),
    );
    assert.deepEqual(
      shownBreakpoints,
      curve.breakpoints
        .filter((b) => Number(b.at) > 0 && Number(b.at) <= max)
        .map(({ at, total, rate }) => ({ at, total, rate })),
    );
    assert.ok(await page.$("#chart path.curve"), "the curve is drawn");
    const end = curve.points[curve.points.length - 1];
    assert.equal(Number(end.at), max, "the curve spans the slider");
    assert.equal(
      end.total,
      whatIfInNode(String(max)).after,
      "the curve and the what-if agree at the end of the range",
    );
    // An agent paid only overrides has no sale to copy: the page says so and disables the slider.
    const perfex = presets.find((p) => p.id === "perfex");
    await choose(page, perfex);
    await page.selectOption("#whatif-agent", "maria");
    assert.match(await page.textContent("#whatif-template"), /no sale of their own/);
    assert.equal(await page.isDisabled("#whatif-range"), true);
    await page.selectOption("#whatif-agent", "sam");
    assert.equal(await page.isDisabled("#whatif-range"), false);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("bad input shows the engine's error inline at its path and beside the document", async () => {
    const page = await openPage(session);
    const preset = presets.find((p) => p.id === "opentaps");
    await choose(page, preset);

    // Broken JSON in the sales: a missing comma.
    const salesText = JSON.stringify(preset.sales, null, 2);
    const broken = salesText.replace('"as_of": "2026-04-30",', '"as_of": "2026-04-30"');
    await paste(page, "sales", broken);
    await page.waitForSelector("#sales-error:not([hidden])");
    const jsonError = engineError(preset.plan, broken, preset.options);
    assert.equal(jsonError.code, "invalid_json");
    const shownJson = await page.$eval("#sales-error li", (li) => ({
      path: li.dataset.path,
      code: li.dataset.code,
      text: li.textContent,
    }));
    assert.equal(shownJson.code, "invalid_json");
    assert.ok(
      shownJson.text.includes(jsonError.errors[0].message),
      `shows the engine's message: ${shownJson.text}`,
    );
    assert.match(shownJson.text, /line 3, column/, "locates the line");
    assert.equal(await page.isVisible("#stale"), true, "the results are marked out of date");
    // "Show" brings the place into view, where the editor marks it in the gutter.
    await page.click("#sales-error button:has-text('Show')");
    await page.waitForSelector("#sales-code .cm-lint-marker-error");

    // A value the plan does not allow: the path names it, inline and in the list.
    await paste(page, "sales", salesText);
    const plan = structuredClone(preset.plan);
    plan.plans[0].rules[2].percent = "five";
    const planText = JSON.stringify(plan, null, 2);
    await paste(page, "plan", planText);
    await page.waitForSelector("#plan-error:not([hidden])");
    const planError = engineError(plan, preset.sales, preset.options);
    const shownPlan = await page.$$eval("#plan-error li", (items) =>
      items.map((li) => ({
        path: li.dataset.path,
        code: li.dataset.code,
        line: Number(li.dataset.line),
        text: li.textContent,
      })),
    );
    assert.deepEqual(
      shownPlan.map((p) => p.path),
      planError.errors.map((e) => e.path),
    );
    assert.ok(shownPlan[0].text.includes(planError.errors[0].message));
    assert.equal(planError.errors[0].path, "/plans/0/rules/2/percent");
    const expectedLine = planText.split("\n").findIndex((l) => l.includes('"five"')) + 1;
    assert.ok(shownPlan[0].text.includes(`line ${expectedLine}, column`), shownPlan[0].text);
    // Inline: the engine's diagnostic underlines the member, with its code and message.
    await page.waitForSelector("#plan-code .cm-lintRange-error");
    // "Show" selects the offending member in the editor.
    await page.click("#plan-error button:has-text('Show')");
    const selected = await page.evaluate(() => document.getSelection().toString());
    assert.match(selected, /^"percent": "five"/);
    await page.hover("#plan-code .cm-lintRange-error >> nth=0");
    const tooltip = await page.waitForSelector(".cm-tooltip-lint, .cm-tooltip-hover");
    assert.ok((await tooltip.textContent()).length > 0);

    // Fixing it clears the error and updates the results again.
    await recalculated(page, () => paste(page, "plan", JSON.stringify(preset.plan, null, 2)));
    assert.equal(await page.isVisible("#plan-error"), false);
    assert.equal(await page.isVisible("#stale"), false);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("the editors complete and explain plan fields from the engine's JSON Schema", async () => {
    const page = await openPage(session);
    await choose(
      page,
      presets.find((p) => p.id === "perfex"),
    );
    // Completion: starting a key in the plan, the schema's properties are offered with their
    // types (the paste leaves the cursor at the end of the text).
    await paste(page, "plan", '{\n  "currency": "USD",\n  ');
    await page.keyboard.type('"');
    await page.keyboard.press("Control+Space");
    await page.waitForSelector(".cm-tooltip-autocomplete li");
    const offered = await page.$$eval(".cm-tooltip-autocomplete li", (items) =>
      items.map((li) => li.textContent),
    );
    for (const key of ["plans", "levels", "assignments"])
      assert.ok(
        offered.some((o) => o.startsWith(key)),
        `${key} is offered: ${offered}`,
      );
    await page.keyboard.press("Escape");
    // The schema's own errors show inline too: a string where the schema wants an array.
    await paste(page, "plan", '{\n  "currency": "USD",\n  "plans": "none"\n}');
    await page.waitForSelector("#plan-code .cm-lint-marker-error");
    // Hover docs: the description of `currency` from the schema.
    await page
      .locator("#plan-code .cm-line", { hasText: '"currency"' })
      .first()
      .hover({ position: { x: 40, y: 8 } });
    const hover = await page.waitForSelector(".cm-tooltip-hover");
    assert.ok((await hover.textContent()).length > 10, await hover.textContent());
    await page.context().close();
  });

  test("downloads give the result as JSON and its lines as CSV", async () => {
    const page = await openPage(session);
    const preset = presets.find((p) => p.id === "perfex");
    await choose(page, preset);
    const result = expected(preset);
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
    assert.equal(json.suggestedFilename(), "commission-result-perfex.json");
    assert.deepEqual(JSON.parse(await readFile(await json.path(), "utf8")), result);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
    const rows = (await readFile(await csv.path(), "utf8")).trimEnd().split("\r\n");
    assert.equal(
      rows[0],
      "agent,kind,invoice,line,plan,rule,role,earned_on,base,rate,amount,tier,from_agent,what_if,explain,currency",
    );
    assert.equal(rows.length, result.lines.length + 1);
    for (const [i, line] of result.lines.entries())
      assert.ok(rows[i + 1].startsWith(`${line.agent},${line.kind},`), `CSV row ${i + 1}`);
    await page.context().close();
  });

  test("no request leaves the page after it has loaded", async () => {
    const loading = [];
    const page = await openPage(session, undefined, (p) => p.on("request", (r) => loading.push(r.url())));
    // While loading, only the page's own files, from its own server.
    assert.ok(loading.length > 0);
    assert.deepEqual(
      loading.filter((url) => !url.startsWith(session.url)),
      [],
      "every request while loading goes to the page's server",
    );
    assert.ok(
      loading.some((url) => url.endsWith("/pkg/commission_engine_bg.wasm")),
      "the engine is loaded from the page's server",
    );
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    for (const preset of presets) await choose(page, preset);
    await page.locator("#whatif-range").fill(await page.getAttribute("#whatif-range", "max"));
    await page.fill("#whatif-amount", "2500");
    await page.click("#lines-table thead button:has-text('Amount')").catch(() => {});
    await paste(page, "options", "{ not json");
    await page.waitForSelector("#options-error:not([hidden])");
    await paste(page, "options", "{}");
    await page.click("#download-csv");
    await page.waitForTimeout(300);
    // A download is built from a Blob in the page; only requests that would go out count.
    assert.deepEqual(
      requests.filter((url) => !url.startsWith("blob:") && !url.startsWith("data:")),
      [],
    );
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("every preset passes the axe-core accessibility rules (WCAG 2.1 A and AA)", async () => {
    const page = await openPage(session);
    // axe-core is injected from node_modules as inline script: no request leaves the page.
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const audit = () =>
      page.evaluate(async () => {
        const { violations } = await window.axe.run(document, {
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
    for (const preset of presets) {
      await choose(page, preset);
      assert.deepEqual(await audit(), [], `${preset.id}: accessibility`);
    }
    // With an error shown beside an editor, too.
    await paste(page, "plan", '{ "currency": "USD", "plans": [ { "id": 7 } ] }');
    await page.waitForSelector("#plan-error:not([hidden])");
    assert.deepEqual(await audit(), [], "accessibility with an error shown");
    await page.context().close();
  });

  test("on a phone-sized screen nothing makes the page scroll sideways", async () => {
    const page = await openPage(session, { width: 400, height: 800 });
    for (const preset of presets) {
      await choose(page, preset);
      assert.ok(
        (await page.evaluate(() => document.documentElement.scrollWidth)) <= 400,
        `${preset.id}: page width`,
      );
    }
    await page.context().close();
  });

  test("screenshot for the README", async () => {
    const page = await openPage(session, { width: 1280, height: 900 });
    const preset = presets.find((p) => p.id === "blusynergy");
    await choose(page, preset);
    const max = Number(await page.getAttribute("#whatif-range", "max"));
    await page.locator("#whatif-range").fill(String(max / 2));
    await page.waitForFunction(
      (a) => document.getElementById("whatif-summary").dataset.amount === a,
      String(max / 2),
    );
    // Saved beside the tests (ignored by git); the README's docs/screenshot.png is refreshed
    // only on request (UPDATE_SCREENSHOT=1), so that a test run leaves the tree clean.
    const artifacts = new URL("./artifacts/", import.meta.url);
    await mkdir(artifacts, { recursive: true });
    const png = await page.screenshot({ fullPage: true });
    await writeFile(new URL("screenshot.png", artifacts), png);
    if (process.env.UPDATE_SCREENSHOT)
      await writeFile(new URL("../../docs/screenshot.png", import.meta.url), png);
    assert.ok(png.length > 10000);

    // The editors with the engine's error underlined at its path, its message on hover, and
    // the list under the editor.
    const plan = structuredClone(preset.plan);
    plan.plans[0].rules[0].percent = "five";
    await paste(page, "plan", JSON.stringify(plan, null, 2));
    await page.waitForSelector("#plan-code .cm-lintRange-error");
    await page.locator("#plan-code .cm-lintRange-error").first().scrollIntoViewIfNeeded();
    await page.locator("#plan-code .cm-lintRange-error").first().hover();
    await page.waitForSelector(".cm-tooltip-lint, .cm-tooltip-hover");
    const editors = await page.locator("section:has(#plan-code)").screenshot();
    await writeFile(new URL("editor-error.png", artifacts), editors);
    if (process.env.UPDATE_SCREENSHOT)
      await writeFile(new URL("../../docs/editor-error.png", import.meta.url), editors);
    await page.context().close();
  });
});
