// The quote widget (`<commission-estimate>`, js/element.js) on the sample quote form
// (www/quote.html), in Debian's Chromium: every figure it shows is compared with the engine's
// answer computed in Node for the same plan, history and quote.
//
// Run: npm run test:page (part of npm test)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Engine, calculate } from "commission-engine";
import { startSession } from "./browser.mjs";

const sample = JSON.parse(await readFile(new URL("../../www/quote/sample.json", import.meta.url), "utf8"));

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** The quote the form builds for a quantity (the first product, its list price, no discount). */
function quote(
  quantity,
  { product = "router", unitPrice = "1000.00", discount = "0", customer = "initech" } = {},
) {
  return {
    id: "Q-2026-031",
    date: sample.date,
    customer,
    agents: [{ id: "alice" }],
    lines: [{ product, quantity, unit_price: unitPrice, discount_percent: discount }],
  };
}

/** The engine's what-if answer for a quote, in Node. */
function expected(quantity, options) {
  return new Engine(sample.plan).load(sample.history).whatIf(quote(quantity, options));
}

/** Opens the quote form and waits for the widget's first estimate. */
async function openQuote(viewport = { width: 1100, height: 720 }) {
  const context = await session.browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
  await page.goto(`${session.url}quote.html`);
  await page.waitForSelector("commission-estimate .amount");
  return page;
}

/** What the widget shows: the amount's exact value and the text of each row. */
function shown(page) {
  return page.$eval("commission-estimate", (el) => {
    const root = el.shadowRoot;
    const field = (name) => root.querySelector(`[data-field="${name}"] dd`)?.textContent ?? null;
    return {
      amount: root.querySelector(".amount")?.dataset.value ?? null,
      total: field("total"),
      tier: field("tier"),
      level: field("level"),
      error: root.querySelector("[role=alert]")?.textContent ?? null,
    };
  });
}

const mine = (answer) => answer.what_if.agents.find((a) => a.agent === "alice");

describe("the quote widget on the sample quote form", { timeout: 600000 }, () => {
  test("shows the quote's commission, tier and level effect, exactly the engine's", async () => {
    const page = await openQuote();
    const answer = expected("1");
    const view = await shown(page);
    assert.equal(view.amount, mine(answer).delta);
    assert.equal(view.amount, "50.00", "1 router of 1,000.00 at tier 2's 5 %");
    assert.equal(
      view.total,
      `${mine(answer).after.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} USD (now 425.00 USD)`,
    );
    const ladder = answer.ladders.find((l) => l.agent === "alice" && l.rule === "volume");
    assert.equal(ladder.next.missing, "11500.00");
    assert.match(view.tier, /Tier 2 \(5 %\) on volume, 2026-Q1; 11,500.00 USD more to the next tier \(7 %\)/);
    const level = answer.levels.find((l) => l.agent === "alice");
    assert.equal(level.next.level, "gold");
    assert.match(
      view.level,
      new RegExp(
        `Qualifies for silver; ${level.next.missing.sales.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} USD of sales more to gold`,
      ),
    );
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("typing a quantity updates the estimate within one frame, and fires change with the answer", async () => {
    const page = await openQuote();
    await page.evaluate(() =>
      document.getElementById("estimate").addEventListener("change", (e) => (window.lastAnswer = e.detail)),
    );
    // Typed like a user: the field then has "13"; the widget follows each keystroke.
    await page.fill("#quantity", "");
    await page.type("#quantity", "13");
    await page.waitForFunction(
      (v) =>
        document.querySelector("commission-estimate").shadowRoot.querySelector(".amount")?.dataset.value ===
        v,
      mine(expected("13")).delta,
    );
    const answer = expected("13");
    assert.deepEqual(
      await page.evaluate(() => window.lastAnswer),
      answer,
      "the change event carries the engine's what-if answer",
    );
    // 13 routers take alice across tier 3 and to gold: the crossings are shown.
    assert.deepEqual(answer.what_if.crossings.map((c) => `${c.kind}:${c.to}`).sort(), [
      "level:gold",
      "tier:3",
    ]);
    const view = await shown(page);
    assert.match(view.tier, /Tier 3 \(7 %\) on volume, 2026-Q1 — up from tier 2; the top tier/);
    const level = answer.levels.find((l) => l.agent === "alice");
    assert.equal(level.bonus, "255.00", "gold's 1 % of 25,500.00 of sales");
    assert.match(view.level, /Reaches gold \(from silver\), with a level bonus of 255.00 USD/);

    // Within one frame: set the quantity and read the widget in the next animation frame.
    const next = mine(expected("20")).delta;
    const inFrame = await page.evaluate(async () => {
      const input = document.getElementById("quantity");
      input.value = "20";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return document.querySelector("commission-estimate").shadowRoot.querySelector(".amount").dataset.value;
    });
    assert.equal(inFrame, next);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("after the package replaces its WebAssembly instance, the next keystroke still shows the right estimate", async () => {
    const page = await openQuote();
    // recycle() discards the instance the widget's cached Engine lives in (as a trap would):
    // that Engine now throws engine_discarded, and the widget must compile and load afresh.
    const generations = await page.evaluate(async () => {
      const engine = await import("commission-engine");
      const before = engine.instanceInfo().generation;
      engine.recycle();
      return [before, engine.instanceInfo().generation];
    });
    assert.equal(generations[1], generations[0] + 1);
    await page.fill("#quantity", "");
    await page.type("#quantity", "13");
    await page.waitForFunction(
      (v) =>
        document.querySelector("commission-estimate").shadowRoot.querySelector(".amount")?.dataset.value ===
        v,
      mine(expected("13")).delta,
    );
    const view = await shown(page);
    assert.equal(view.error, null);
    assert.equal(view.amount, mine(expected("13")).delta);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("a bad plan or quote shows the engine's coded error, not a blank", async () => {
    const page = await openQuote();
    await page.click("summary");
    const plan = structuredClone(sample.plan);
    plan.plans[0].rules[0].ladder.tiers[1].from = "ten thousand";
    await page.fill("#plan-text", JSON.stringify(plan, null, 2));
    await page.waitForSelector("commission-estimate [role=alert]");
    let error;
    try {
      calculate(plan, sample.history);
    } catch (e) {
      error = e;
    }
    const view = await shown(page);
    assert.equal(view.amount, null);
    assert.ok(
      view.error.includes(error.code) &&
        view.error.includes(error.errors[0].path) &&
        view.error.includes(error.errors[0].message),
      view.error,
    );
    // Putting the plan right brings the estimate back.
    await page.fill("#plan-text", JSON.stringify(sample.plan));
    await page.waitForSelector("commission-estimate .amount");
    // A quantity the engine cannot read: its error, at the quote's path.
    await page.fill("#quantity", "");
    await page.evaluate(() => {
      const input = document.getElementById("unit-price");
      input.value = "";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.fill("#discount", "150");
    await page.waitForSelector("commission-estimate [role=alert]");
    assert.match((await shown(page)).error, /what_if\/0\/lines\/0\/discount_percent/);
    await page.context().close();
  });

  test("keyboard, labels and contrast: axe-core finds nothing; the details open with the keyboard", async () => {
    const page = await openQuote();
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const audit = () =>
      page.evaluate(async () => {
        const { violations } = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return violations.map(
          (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
      });
    assert.deepEqual(await audit(), []);
    // Tab from the last field of the form reaches the widget's "Show how it is computed".
    await page.focus("#discount");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(
      () => document.activeElement?.shadowRoot?.activeElement?.textContent ?? document.activeElement?.tagName,
    );
    assert.equal(focused, "Show how it is computed");
    await page.keyboard.press("Enter");
    const toggle = page.locator("commission-estimate button");
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const lines = await page.locator("commission-estimate .lines li").allTextContents();
    assert.deepEqual(
      lines,
      expected("1")
        .lines.filter((l) => l.agent === "alice")
        .map((l) => `+${l.amount} USD: ${l.explain}`),
    );
    assert.deepEqual(await audit(), [], "with the details open");
    // With an error shown, too.
    await page.click("summary");
    await page.fill("#plan-text", "{");
    await page.waitForSelector("commission-estimate [role=alert]");
    assert.deepEqual(await audit(), [], "with an error shown");
    await page.context().close();
  });

  test("takes its inputs as JSON attributes too, and shows the agent the attribute names", async () => {
    const page = await openQuote();
    const plan = structuredClone(sample.plan);
    plan.assignments.push({ agent: "bob", plan: "reseller" });
    const history = structuredClone(sample.history);
    history.agents.push({ id: "bob" });
    const deal = {
      ...quote("2"),
      agents: [
        { id: "alice", share: "50" },
        { id: "bob", share: "50" },
      ],
    };
    await page.evaluate(
      ({ plan, history, deal }) => {
        const el = document.createElement("commission-estimate");
        el.id = "by-attributes";
        el.setAttribute("plan", JSON.stringify(plan));
        el.setAttribute("history", JSON.stringify(history));
        el.setAttribute("quote", JSON.stringify(deal));
        el.setAttribute("agent", "bob");
        document.body.append(el);
      },
      { plan, history, deal },
    );
    await page.waitForSelector("#by-attributes .amount");
    const answer = new Engine(plan).load(history).whatIf(deal);
    const bob = answer.what_if.agents.find((a) => a.agent === "bob");
    assert.equal(bob.delta, "30.00", "half of 2 routers (1,000.00) at bob's first tier, 3 %");
    assert.equal(await page.getAttribute("#by-attributes .amount", "data-value"), bob.delta);
    assert.equal(await page.getAttribute("#by-attributes section", "data-agent"), "bob");
    // Changing an attribute updates it like a property does.
    await page.evaluate(
      (q) => document.getElementById("by-attributes").setAttribute("quote", JSON.stringify(q)),
      { ...deal, lines: [{ ...deal.lines[0], quantity: "4" }] },
    );
    const four = new Engine(plan)
      .load(history)
      .whatIf({ ...deal, lines: [{ ...deal.lines[0], quantity: "4" }] });
    const expectedFour = four.what_if.agents.find((a) => a.agent === "bob").delta;
    assert.equal(expectedFour, "60.00");
    await page.waitForFunction(
      (v) =>
        document.querySelector("#by-attributes").shadowRoot.querySelector(".amount")?.dataset.value === v,
      expectedFour,
    );
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("themable with CSS custom properties", async () => {
    const page = await openQuote();
    const color = await page.evaluate(() => {
      const el = document.getElementById("estimate");
      el.style.setProperty("--ce-accent", "rgb(120, 20, 90)");
      el.style.setProperty("--ce-background", "rgb(250, 245, 230)");
      return [
        getComputedStyle(el.shadowRoot.querySelector(".amount")).color,
        getComputedStyle(el).backgroundColor,
      ];
    });
    assert.deepEqual(color, ["rgb(120, 20, 90)", "rgb(250, 245, 230)"]);
    await page.context().close();
  });

  test("screenshot of the quote form", async () => {
    const page = await openQuote({ width: 1000, height: 640 });
    await page.fill("#quantity", "13");
    await page.waitForFunction(
      (v) =>
        document.querySelector("commission-estimate").shadowRoot.querySelector(".amount")?.dataset.value ===
        v,
      mine(expected("13")).delta,
    );
    await page.click("commission-estimate button");
    const artifacts = new URL("./artifacts/", import.meta.url);
    await mkdir(artifacts, { recursive: true });
    const png = await page.screenshot({ fullPage: true });
    await writeFile(new URL("quote-widget.png", artifacts), png);
    if (process.env.UPDATE_SCREENSHOT)
      await writeFile(new URL("../../docs/quote-widget.png", import.meta.url), png);
    assert.ok(png.length > 10000);
    await page.context().close();
  });
});
