/**
 * The demo page: fills the editors from a preset, and on every edit asks the engine (in a Web
 * Worker, lib/engine-worker.js, so the page never freezes) for the results, the team report,
 * the what-if and the curve, and renders them; it compares the plan with an edited copy (plan
 * B) on the same sales. After the engine has loaded, nothing here makes a network request.
 */
import { presets } from "./presets/index.js";
import { h, replace } from "./lib/dom.js";
import { format, money, signed } from "./lib/decimal.js";
import { JsonEditor } from "./lib/editor.js";
import { EngineClient } from "./lib/engine-client.js";
import {
  LinesTable,
  agentNames,
  agentTotal,
  renderLadders,
  renderLevels,
  renderStatements,
  renderTeam,
  renderTotals,
  renderWarnings,
} from "./lib/results.js";
import { EarningsChart } from "./lib/chart.js";
import { download, linesCsv } from "./lib/download.js";
import { CURVE_STEPS, sliderMaximum, whatIfInvoice, whatIfTemplate } from "./lib/whatif.js";
import { CompareChart, renderComparison } from "./lib/compare.js";

const $ = (id) => document.getElementById(id);

/** Everything the page knows between events. */
const state = {
  preset: null,
  texts: null, // { plan, sales, options }: the texts of the last good result
  result: null, // the last good result, and the documents it came from:
  planDoc: null,
  salesDoc: null,
  optionsDoc: null,
  names: null, // agent display names
  team: null, // the team report (null when no agent has an upline), or { error }
  whatIf: { agent: null, template: null },
};

/** The engine, in a Web Worker. */
const engine = new EngineClient();

const editors = {
  plan: new JsonEditor("plan", recompute),
  sales: new JsonEditor("sales", recompute),
  options: new JsonEditor("options", recompute),
};
/** Plan B of the comparison (apart from `editors`: its errors never concern the results). */
const planB = new JsonEditor("planb", compareNow, "plan B");
const linesTable = new LinesTable($("lines"), $("lines-agent"));
const chart = new EarningsChart($("chart"));
const compareView = {
  figures: $("compare-figures"),
  agents: $("compare-agents"),
  rules: $("compare-rules"),
  lines: $("compare-lines"),
  chart: new CompareChart($("compare-chart")),
};

/** Shows a short status line (and whether it is an error). */
function status(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

/** The preset buttons. */
function renderPresets() {
  replace(
    $("presets"),
    presets.map((p) =>
      h(
        "button",
        {
          type: "button",
          class: "preset",
          id: `preset-${p.id}`,
          "aria-pressed": "false",
          onclick: () => loadPreset(p),
        },
        h("strong", {}, p.system),
        h("span", {}, p.title),
      ),
    ),
  );
}

/** Loads a preset into the editors and calculates it (resolves once it is shown). */
function loadPreset(preset) {
  state.preset = preset;
  for (const b of $("presets").querySelectorAll("button"))
    b.setAttribute("aria-pressed", String(b.id === `preset-${preset.id}`));
  $("preset-summary").textContent = preset.summary;
  editors.plan.text = JSON.stringify(preset.plan, null, 2);
  editors.sales.text = JSON.stringify(preset.sales, null, 2);
  editors.options.text = JSON.stringify(preset.options ?? {}, null, 2);
  planB.text = JSON.stringify(preset.plan_b ?? preset.plan, null, 2);
  $("compare-origin").textContent = preset.plan_b
    ? `Plan B of this example: ${preset.plan_b_summary}`
    : "Plan B is a copy of plan A.";
  state.whatIf.agent = preset.agent;
  setAmount("0");
  return recompute();
}

/** Whether `text` is JSON (to tell which document an `invalid_json` error is about). */
function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The editor a calculation error belongs to. */
function editorOf(error, texts) {
  if (error.document === "plan" || error.code === "invalid_plan") return editors.plan;
  if (error.code === "invalid_options") return editors.options;
  if (error.code === "invalid_json") return isJson(texts.sales) ? editors.options : editors.sales;
  return editors.sales;
}

/** Marks the results as out of date (the documents have an error). */
function stale(isStale) {
  $("stale").hidden = !isStale;
  $("results").classList.toggle("is-stale", isStale);
}

/**
 * Asks the engine for the result of the editors' current text and renders everything. An
 * answer that a newer edit made stale is dropped.
 */
async function recompute() {
  const started = performance.now();
  const texts = { plan: editors.plan.text, sales: editors.sales.text, options: editors.options.text };
  let answer;
  try {
    answer = await engine.ask("calculate", "calculate", texts);
  } catch (error) {
    const editor = editorOf(error, texts);
    for (const e of Object.values(editors)) if (e !== editor) e.clearError();
    editor.showError(error);
    stale(true);
    status(`The ${editor.name} has an error: ${error.errors?.[0]?.message ?? error.message}`, true);
    return;
  }
  if (answer === null) return;
  for (const e of Object.values(editors)) e.clearError();
  stale(false);
  const { result, team } = answer;
  state.texts = texts;
  state.result = result;
  state.team = team;
  state.planDoc = JSON.parse(texts.plan);
  state.salesDoc = JSON.parse(texts.sales);
  state.optionsDoc = texts.options.trim() ? JSON.parse(texts.options) : {};
  state.names = agentNames(state.salesDoc);
  const took = performance.now() - started;
  renderResults();
  setUpWhatIf();
  compareNow();
  const agents = new Set(result.lines.map((l) => l.agent)).size;
  status(
    `Calculated ${result.lines.length} lines for ${agents} agent${agents === 1 ? "" : "s"} in ${took.toFixed(1)} ms, in this browser (in a Web Worker).`,
  );
  document.body.dataset.calculations = String(Number(document.body.dataset.calculations ?? 0) + 1);
}

/** Renders every results section from `state.result`. */
function renderResults() {
  const { result, planDoc, names } = state;
  renderTotals($("totals"), result, names);
  renderStatements($("statements"), result, names);
  linesTable.show(result, planDoc, names);
  renderLadders($("ladders"), result, names);
  renderLevels($("levels"), result, planDoc, names);
  renderWarnings($("warnings"), result);
  renderTeamReport();
}

/** The team section, from the engine's `hierarchy()`; hidden when no agent has an upline. */
function renderTeamReport() {
  const section = $("team");
  replace(section);
  const failure = state.team?.error;
  $("team-block").hidden = state.team === null;
  if (failure)
    replace(
      section,
      h(
        "p",
        { class: "notice error" },
        `The engine could not build the team report: ${failure.errors?.[0]?.message ?? failure.message}`,
      ),
    );
  else if (state.team) renderTeam(section, state.team, state.planDoc);
}

/** The agents one can preview: those in the sales document, in its order. */
function previewAgents() {
  const ids = (state.salesDoc.agents ?? []).map((a) => a.id);
  for (const t of state.result.totals) if (!ids.includes(t.agent)) ids.push(t.agent);
  return ids;
}

/** Fills the what-if agent list and prepares the template, slider range and curve. */
function setUpWhatIf() {
  const agents = previewAgents();
  const select = $("whatif-agent");
  if (!agents.includes(state.whatIf.agent))
    state.whatIf.agent =
      agents.find((a) => state.result.totals.some((t) => t.agent === a)) ?? agents[0] ?? null;
  replace(
    select,
    agents.map((a) => h("option", { value: a }, state.names.label(a))),
  );
  select.value = state.whatIf.agent ?? "";
  prepareAgent();
}

/** Prepares the what-if of the selected agent: its template, slider maximum and curve. */
function prepareAgent() {
  const { result, salesDoc } = state;
  const agent = state.whatIf.agent;
  const who = agent ? state.names.label(agent) : "";
  const template = agent ? whatIfTemplate(salesDoc, result, agent) : null;
  state.whatIf.template = template;
  $("whatif-currency").textContent = result.currency;
  const range = $("whatif-range");
  const enabled = Boolean(template);
  range.disabled = !enabled;
  $("whatif-amount").disabled = !enabled;
  if (!template) {
    $("whatif-template").textContent = agent
      ? `${who} has no sale of their own to copy, so there is nothing to preview (an upline paid only overrides, for example).`
      : "No agent in the sales document.";
    replace($("whatif-summary"));
    chart.draw(null);
    $("chart").closest("figure").hidden = true;
    replace($("breakpoints"));
    return;
  }
  const line = template.lines[0];
  $("whatif-template").textContent =
    `The extra deal: customer ${template.customer ?? "—"}, ${line.product ?? line.kind ?? "a line"}${line.category ? ` (${line.category})` : ""}, dated ${template.date}, paid the same day, as ${who}${template.agents[0].role ? ` (${template.agents[0].role})` : ""}.`;
  const max = sliderMaximum(result, agent);
  range.max = String(max);
  range.step = String(max / 200);
  if (Number($("whatif-amount").value) > max) setAmount(String(max));
  drawCurve(agent, template, max);
  updateWhatIf();
}

/** Asks the engine for the agent's earnings curve and draws it. */
async function drawCurve(agent, template, max) {
  const request = { agent, add: { from: "0", to: String(max), steps: CURVE_STEPS }, template };
  const figure = $("chart").closest("figure");
  let curve;
  try {
    curve = await engine.ask("curve", "curve", { plan: state.texts.plan, sales: state.texts.sales, request });
    if (curve === null) return;
  } catch (error) {
    figure.hidden = true;
    chart.draw(null);
    replace(
      $("breakpoints"),
      h(
        "p",
        { class: "notice error" },
        `The engine could not draw the curve: ${error.errors?.[0]?.message ?? error.message}`,
      ),
    );
    return;
  }
  const currency = state.result.currency;
  figure.hidden = false;
  chart.draw(curve, currency);
  $("chart-caption").textContent =
    `${state.names.label(agent)}'s total commission (${currency}) against additional sales from 0 to ${format(String(max))}. Marked points are where the rate changes or a tier or level is reached.`;
  const marks = curve.breakpoints.filter((b) => Number(b.at) > 0);
  replace(
    $("breakpoints"),
    marks.length
      ? h(
          "table",
          { class: "breakpoints", id: "breakpoints-table" },
          h(
            "caption",
            {},
            `Where ${state.names.label(agent)}'s rate on each extra sale changes, or a tier or level is reached`,
          ),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col", class: "num" }, "Additional sales"),
              h("th", { scope: "col", class: "num" }, "Total there"),
              h("th", { scope: "col", class: "num" }, "Rate from there"),
              h("th", { scope: "col" }, "What is reached"),
            ),
          ),
          h(
            "tbody",
            {},
            curve.breakpoints.map((b) =>
              h(
                "tr",
                { dataset: { at: b.at } },
                h(
                  "td",
                  { class: "num", dataset: { value: b.at } },
                  Number(b.at) > 0 ? `+${format(b.at)}` : "now",
                ),
                h("td", { class: "num", dataset: { value: b.total } }, format(b.total)),
                h("td", { class: "num", dataset: { value: b.rate } }, `${format(b.rate)} %`),
                h("td", { class: "crossings" }, (b.crossings ?? []).map(crossingText).join(" ")),
              ),
            ),
          ),
        )
      : null,
    marks.length
      ? null
      : h(
          "p",
          {},
          `Within this range ${state.names.label(agent)}'s rate does not change${curve.breakpoints[0] ? `: ${format(curve.breakpoints[0].rate)} % on each extra sale` : ""}.`,
        ),
  );
}

/** The what-if amount as a decimal string, or null if the field holds no valid amount. */
function amountText() {
  const text = $("whatif-amount").value.trim();
  return /^\d+(\.\d{1,2})?$/.test(text) ? text : null;
}

/** Sets both what-if controls to `amount`. */
function setAmount(amount) {
  $("whatif-amount").value = amount;
  $("whatif-range").value = amount;
}

/**
 * The engine's answer for one more deal, through the loaded history (only what the deal can
 * change is computed again): `what_if` (`{ delta, agents, crossings }`) and the lines the deal
 * adds (flagged `what_if`). Null when a newer question replaced this one.
 */
function whatIfResult(invoice) {
  const { plan, sales, options } = state.texts;
  return engine.ask("whatIf", "whatIf", { plan, sales, invoice, options });
}

/** Calculates the what-if at the current amount and updates the numbers and the chart marker. */
async function updateWhatIf() {
  const { result, whatIf } = state;
  const agent = whatIf.agent;
  const amount = amountText();
  const summary = $("whatif-summary");
  if (!whatIf.template) return;
  if (amount === null) {
    replace(summary, h("p", { class: "notice error" }, "Type an amount like 2500 or 2500.50."));
    return;
  }
  let before = agentTotal(result, agent);
  let after = before;
  let delta = "0";
  let overall = "0";
  let crossings = [];
  let added = [];
  if (Number(amount) > 0) {
    let withDeal;
    try {
      withDeal = await whatIfResult(whatIfInvoice(whatIf.template, amount));
    } catch (error) {
      replace(
        summary,
        h(
          "p",
          { class: "notice error" },
          `The engine could not calculate this what-if: ${error.errors?.[0]?.message ?? error.message}`,
        ),
      );
      return;
    }
    if (withDeal === null) return;
    // The report lists the agents whose total the deal changes; any other keeps its total.
    const report = withDeal.what_if;
    const mine = report.agents.find((a) => a.agent === agent);
    if (mine) ({ before, after, delta } = mine);
    overall = report.delta;
    crossings = report.crossings.filter((c) => c.agent === agent || c.kind === "level");
    added = withDeal.lines.filter((l) => l.what_if && l.agent === agent);
  }
  const currency = result.currency;
  $("whatif-range").setAttribute("aria-valuetext", `${format(amount)} ${result.currency} more sales`);
  summary.dataset.amount = amount;
  summary.dataset.agent = agent;
  replace(
    summary,
    h(
      "dl",
      { class: "figures" },
      h(
        "div",
        {},
        h("dt", {}, `${state.names.label(agent)} earns now`),
        h("dd", { id: "whatif-before", dataset: { value: before } }, money(before, currency)),
      ),
      h(
        "div",
        {},
        h("dt", {}, `With +${format(amount)} more sales`),
        h("dd", { id: "whatif-after", dataset: { value: after } }, money(after, currency)),
      ),
      h(
        "div",
        { class: "delta" },
        h("dt", {}, "Difference"),
        h("dd", { id: "whatif-delta", dataset: { value: delta } }, signed(delta, currency)),
      ),
      overall !== delta
        ? h(
            "div",
            {},
            h("dt", {}, "For everyone (overrides included)"),
            h("dd", { id: "whatif-overall", dataset: { value: overall } }, signed(overall, currency)),
          )
        : null,
    ),
    crossings.length
      ? h(
          "ul",
          { class: "crossings" },
          crossings.map((c) => h("li", { dataset: { kind: c.kind } }, crossingText(c))),
        )
      : null,
    added.length
      ? h(
          "div",
          { class: "added" },
          h("p", { class: "sub" }, "What the deal adds:"),
          h(
            "ul",
            { id: "whatif-lines" },
            added.map((l) =>
              h(
                "li",
                { dataset: { kind: l.kind, value: l.amount } },
                h("strong", {}, signed(l.amount)),
                " ",
                h("span", { class: `badge badge-${l.kind}` }, l.kind.replace("_", " ")),
                " ",
                l.explain ?? "",
              ),
            ),
          ),
        )
      : null,
  );
  chart.mark(amount, after);
}

/**
 * Compares plan A (the last good plan, sales and options) with plan B's text, on the engine's
 * loaded sales, and renders the comparison; an error of plan B is shown beside its editor.
 */
async function compareNow() {
  if (!state.texts) return;
  const { plan, sales, options } = state.texts;
  let comparison;
  try {
    comparison = await engine.ask("compare", "compare", { plan, sales, planB: planB.text, options });
  } catch (error) {
    if (error.document === "plan_b") planB.showError(error);
    else
      replace(
        compareView.figures,
        h(
          "p",
          { class: "notice error" },
          `The engine could not compare the plans: ${error.errors?.[0]?.message ?? error.message}`,
        ),
      );
    $("compare-stale").hidden = false;
    return;
  }
  if (comparison === null) return;
  planB.clearError();
  $("compare-stale").hidden = true;
  renderComparison(compareView, comparison, state.names);
  document.body.dataset.comparisons = String(Number(document.body.dataset.comparisons ?? 0) + 1);
}

/** A level's display name from the plan, else its id. */
function levelName(id) {
  return state.planDoc?.levels?.find((l) => l.id === id)?.name ?? id;
}

/** A crossing of the what-if report in words. */
function crossingText(c) {
  const who = state.names.label(c.agent);
  if (c.kind === "tier")
    return `${who} moves up the ladder ${c.rule ?? ""}: from tier ${c.from} to tier ${c.to}.`;
  if (c.kind === "level")
    return `${who} would qualify for level ${levelName(c.to)} (instead of ${levelName(c.from)}).`;
  if (c.kind === "review")
    return `${who} would hold level ${levelName(c.to)} after the ${c.period} review (instead of ${levelName(c.from)}).`;
  return `${who}: ${c.kind} from ${c.from} to ${c.to}.`;
}

/** Wires the controls. */
function wire() {
  $("whatif-agent").addEventListener("change", (e) => {
    state.whatIf.agent = e.target.value;
    setAmount("0");
    prepareAgent();
  });
  $("whatif-range").addEventListener("input", (e) => {
    $("whatif-amount").value = e.target.value;
    updateWhatIf();
  });
  $("whatif-amount").addEventListener("input", (e) => {
    $("whatif-range").value = e.target.value;
    updateWhatIf();
  });
  $("compare-reset").addEventListener("click", () => {
    planB.text = editors.plan.text;
    $("compare-origin").textContent = "Plan B is a copy of plan A.";
    compareNow();
  });
  $("download-json").addEventListener("click", () => {
    if (state.result)
      download(
        `commission-result-${state.preset?.id ?? "custom"}.json`,
        `${JSON.stringify(state.result, null, 2)}\n`,
        "application/json",
      );
  });
  $("download-csv").addEventListener("click", () => {
    if (state.result)
      download(`commission-lines-${state.preset?.id ?? "custom"}.csv`, linesCsv(state.result), "text/csv");
  });
}

/** Starts the page: the engine and its schemas (for the editors) first, then the first preset. */
async function main() {
  renderPresets();
  wire();
  let documentSchemas;
  try {
    documentSchemas = await engine.ask("schemas", "schemas", {});
  } catch (error) {
    status(`The engine could not load: ${error.message}`, true);
    return;
  }
  for (const [name, editor] of Object.entries(editors)) editor.setSchema(documentSchemas[name]);
  planB.setSchema(documentSchemas.plan);
  await loadPreset(presets[0]);
  document.body.dataset.ready = "true";
}

main();
