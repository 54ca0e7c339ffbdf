/**
 * The "compare two plans" view: renders the engine's `compare` answer (CONTRACT-v2.md
 * "Comparing plans": `{ currency, before, after, delta, agents, rules, lines }`) as the
 * overall figures, a bar chart of each agent's total under plan A and plan B, the per-agent
 * and per-rule tables, and the line pairs that differ. Every number is the engine's own
 * decimal string (formatted with separators only), with its raw value in `data-value`.
 */
import { h, replace } from "./dom.js";
import { compare, format, money, signed, toNumber } from "./decimal.js";

/** How many differing line pairs are drawn at first (the rest are one click away). */
const LINE_LIMIT = 300;

/** A table cell holding an engine decimal (or "—" for none), with its raw value in data-value. */
function num(value, field, extra = {}) {
  const none = value === null || value === undefined;
  return h(
    "td",
    { class: "num", dataset: { field, value: none ? "" : value }, ...extra },
    none ? "—" : format(value),
  );
}

/** A delta cell: signed, colored by its sign. */
function deltaCell(value) {
  const sign = compare(value, "0");
  return h(
    "td",
    { class: `num delta ${sign > 0 ? "up" : sign < 0 ? "down" : ""}`, dataset: { field: "delta", value } },
    sign > 0 ? `+${format(value)}` : format(value),
  );
}

/** The per-agent table. */
function agentsTable(comparison, names) {
  return h(
    "table",
    { id: "compare-agents-table" },
    h("caption", {}, `Each agent's total under plan A and plan B (${comparison.currency})`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Agent"),
        h("th", { scope: "col", class: "num" }, "Plan A"),
        h("th", { scope: "col", class: "num" }, "Plan B"),
        h("th", { scope: "col", class: "num" }, "Difference"),
      ),
    ),
    h(
      "tbody",
      {},
      comparison.agents.map((a) =>
        h(
          "tr",
          { dataset: { agent: a.agent } },
          h("th", { scope: "row" }, names.label(a.agent)),
          num(a.before, "before"),
          num(a.after, "after"),
          deltaCell(a.delta),
        ),
      ),
    ),
    h(
      "tfoot",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "row" }, "Everyone"),
        num(comparison.before, "before"),
        num(comparison.after, "after"),
        deltaCell(comparison.delta),
      ),
    ),
  );
}

/** The per-rule table (overrides and level bonuses under `override` and `level_bonus`). */
function rulesTable(comparison) {
  return h(
    "table",
    { id: "compare-rules-table" },
    h("caption", {}, `Each rule's total over every agent under plan A and plan B (${comparison.currency})`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Rule"),
        h("th", { scope: "col", class: "num" }, "Plan A"),
        h("th", { scope: "col", class: "num" }, "Plan B"),
        h("th", { scope: "col", class: "num" }, "Difference"),
      ),
    ),
    h(
      "tbody",
      {},
      comparison.rules.map((r) =>
        h(
          "tr",
          { dataset: { rule: r.rule } },
          h("th", { scope: "row" }, r.rule),
          num(r.before, "before"),
          num(r.after, "after"),
          deltaCell(r.delta),
        ),
      ),
    ),
  );
}

/** One side of a line pair: its rate and amount, or "—" twice when that plan has no such line. */
function side(line, name) {
  return [num(line?.rate, `${name}-rate`), num(line?.amount, `${name}-amount`)];
}

/** The table of the line pairs that differ. */
function linesTable(comparison, names, showAll, onShowAll) {
  const pairs = showAll ? comparison.lines : comparison.lines.slice(0, LINE_LIMIT);
  return [
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "compare-lines-table" },
        h(
          "caption",
          {},
          `The lines that differ: ${comparison.lines.length} pair${comparison.lines.length === 1 ? "" : "s"} (— where a plan has no such line)`,
        ),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Agent", "Kind", "Invoice", "Rule"].map((label) => h("th", { scope: "col" }, label)),
            ["Rate A", "Amount A", "Rate B", "Amount B", "Difference"].map((label) =>
              h("th", { scope: "col", class: "num" }, label),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          pairs.map((p) =>
            h(
              "tr",
              {
                dataset: {
                  agent: p.agent,
                  kind: p.kind,
                  invoice: p.invoice ?? "",
                  line: p.line ?? "",
                  rule: p.rule ?? "",
                },
              },
              h("td", { title: names.label(p.agent) }, p.agent),
              h("td", {}, h("span", { class: `badge badge-${p.kind}` }, p.kind.replace("_", " "))),
              h(
                "td",
                {},
                p.invoice ?? "—",
                p.line !== null && p.line !== undefined
                  ? h("span", { class: "sub" }, ` line ${p.line + 1}`)
                  : null,
              ),
              h("td", {}, p.rule ?? "—"),
              side(p.before, "before"),
              side(p.after, "after"),
              deltaCell(p.delta),
            ),
          ),
        ),
      ),
    ),
    pairs.length < comparison.lines.length
      ? h(
          "p",
          { class: "more" },
          `Showing the first ${LINE_LIMIT} of ${comparison.lines.length}. `,
          h(
            "button",
            { type: "button", class: "link", onclick: onShowAll },
            `Show all ${comparison.lines.length}`,
          ),
        )
      : null,
  ];
}

/**
 * Renders a comparison into the view's containers: `figures`, `agents`, `rules`, `lines`
 * (elements) and `chart` (a CompareChart).
 */
export function renderComparison(view, comparison, names) {
  const { currency } = comparison;
  replace(
    view.figures,
    h(
      "dl",
      { class: "figures compare-figures" },
      h(
        "div",
        {},
        h("dt", {}, "Plan A pays"),
        h(
          "dd",
          { id: "compare-before", dataset: { value: comparison.before } },
          money(comparison.before, currency),
        ),
      ),
      h(
        "div",
        {},
        h("dt", {}, "Plan B would pay"),
        h(
          "dd",
          { id: "compare-after", dataset: { value: comparison.after } },
          money(comparison.after, currency),
        ),
      ),
      h(
        "div",
        { class: "delta" },
        h("dt", {}, compare(comparison.delta, "0") < 0 ? "What plan B saves" : "What plan B costs"),
        h(
          "dd",
          { id: "compare-delta", dataset: { value: comparison.delta } },
          signed(comparison.delta, currency),
        ),
      ),
    ),
    comparison.lines.length
      ? null
      : h(
          "p",
          { class: "notice", id: "compare-same" },
          "Plan B pays exactly what plan A pays, line by line. Edit plan B to see what a change would cost.",
        ),
  );
  view.chart.draw(comparison, names);
  replace(view.agents, agentsTable(comparison, names));
  replace(view.rules, rulesTable(comparison));
  const draw = (showAll) =>
    replace(
      view.lines,
      linesTable(comparison, names, showAll, () => draw(true)),
    );
  draw(false);
}

const WIDTH = 760;
const ROW = 46;
const PAD = { left: 190, right: 110, top: 30, bottom: 30 };

/**
 * A bar chart of each agent's total under plan A and plan B, two bars an agent with the
 * difference written beside them, drawn as plain SVG (negative totals extend left of zero).
 */
export class CompareChart {
  /** @param {SVGSVGElement} svg */
  constructor(svg) {
    this.svg = svg;
  }

  /** Draws the agents of a comparison (or clears the chart when there is none). */
  draw(comparison, names) {
    const agents = comparison?.agents ?? [];
    if (!agents.length) {
      replace(this.svg);
      this.svg.removeAttribute("viewBox");
      return;
    }
    const height = PAD.top + PAD.bottom + agents.length * ROW;
    this.svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    const values = agents.flatMap((a) => [toNumber(a.before), toNumber(a.after)]);
    const lo = Math.min(0, ...values);
    const hi = Math.max(0, ...values) || 1;
    const x = (v) => PAD.left + ((v - lo) / (hi - lo || 1)) * (WIDTH - PAD.left - PAD.right);
    const bar = (value, y, cls, label) => {
      const v = toNumber(value);
      const x0 = Math.min(x(0), x(v));
      return h(
        "svg:rect",
        {
          class: cls,
          x: x0.toFixed(1),
          y: y.toFixed(1),
          width: Math.max(1, Math.abs(x(v) - x(0))).toFixed(1),
          height: 16,
          dataset: { value },
        },
        h("svg:title", {}, `${label}: ${format(value)} ${comparison.currency}`),
      );
    };
    const rows = agents.map((a, i) => {
      const y = PAD.top + i * ROW;
      const who = names.label(a.agent);
      const sign = compare(a.delta, "0");
      return h(
        "svg:g",
        { class: "agent", dataset: { agent: a.agent, before: a.before, after: a.after, delta: a.delta } },
        h(
          "svg:text",
          { class: "name", x: PAD.left - 8, y: y + 21, "text-anchor": "end" },
          who.length > 24 ? `${who.slice(0, 23)}…` : who,
        ),
        bar(a.before, y + 4, "before", `${who}, plan A`),
        bar(a.after, y + 22, "after", `${who}, plan B`),
        h(
          "svg:text",
          {
            class: `delta ${sign > 0 ? "up" : sign < 0 ? "down" : ""}`,
            x: Math.max(x(toNumber(a.before)), x(toNumber(a.after)), x(0)) + 6,
            y: y + 25,
          },
          sign > 0 ? `+${format(a.delta)}` : format(a.delta),
        ),
      );
    });
    replace(
      this.svg,
      h("svg:title", {}, `Each agent's total under plan A and plan B, in ${comparison.currency}`),
      h(
        "svg:g",
        { class: "legend" },
        h("svg:rect", { class: "before", x: PAD.left, y: 6, width: 14, height: 12 }),
        h("svg:text", { x: PAD.left + 20, y: 16 }, "Plan A"),
        h("svg:rect", { class: "after", x: PAD.left + 90, y: 6, width: 14, height: 12 }),
        h("svg:text", { x: PAD.left + 110, y: 16 }, "Plan B"),
      ),
      h("svg:line", { class: "axis", x1: x(0), x2: x(0), y1: PAD.top - 4, y2: height - PAD.bottom + 4 }),
      rows,
      h("svg:text", { class: "tick", x: x(0), y: height - 8, "text-anchor": "middle" }, "0"),
      h(
        "svg:text",
        { class: "tick", x: x(hi), y: height - 8, "text-anchor": "end" },
        format(String(Math.round(hi))),
      ),
      lo < 0
        ? h(
            "svg:text",
            { class: "tick", x: x(lo), y: height - 8, "text-anchor": "start" },
            format(String(Math.round(lo))),
          )
        : null,
    );
  }
}
