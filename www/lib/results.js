/**
 * Renders a result document (CONTRACT.md "The result"): itemized lines, totals, statements,
 * ladders and levels. Every number shown is the engine's own decimal string, formatted with
 * separators only; each carries its raw value in `data-value` for tests and copy-paste.
 */
import { h, replace } from "./dom.js";
import { compare, format, money, toNumber } from "./decimal.js";

/** A table cell holding an engine decimal, right-aligned, with its raw value in data-value. */
function num(value, extra = {}) {
  return h(
    "td",
    { class: "num", dataset: { value: value ?? "" }, ...extra },
    value === null || value === undefined ? "—" : format(value),
  );
}

/** Rule of a plan document, found by plan and rule id. */
function findRule(planDoc, planId, ruleId) {
  return planDoc?.plans?.find((p) => p.id === planId)?.rules?.find((r) => r.id === ruleId);
}

/** "5 %", or "4.00 per unit" for per-unit rules and tiers, from the plan's own definition. */
function rateLabel(line, planDoc) {
  if (line.rate === null || line.rate === undefined) return "—";
  const rule = findRule(planDoc, line.plan, line.rule);
  const tier = line.tier && rule?.ladder?.tiers?.[line.tier - 1];
  const perUnit = tier ? tier.per_unit !== undefined : rule?.per_unit !== undefined;
  if (line.kind === "commission" && perUnit) return `${format(line.rate)} per unit`;
  if (line.kind === "commission" && rule?.fixed !== undefined && !rule?.ladder) return "fixed";
  return `${format(line.rate)} %`;
}

/**
 * How many table rows or cards are drawn at first: enough for any preset, few enough that a
 * large history still recalculates on every keystroke; the rest are one click away.
 */
const ROW_LIMIT = 300;

/** A button under a truncated list that draws all of it. */
function showAllButton(total, onclick) {
  return h(
    "p",
    { class: "more" },
    `Showing the first ${ROW_LIMIT} of ${total}. `,
    h("button", { type: "button", class: "link", onclick }, `Show all ${total}`),
    " (the downloads hold every line).",
  );
}

/** The columns of the lines table: header, how to read the value, whether it sorts as a decimal. */
const LINE_COLUMNS = [
  { key: "earned_on", label: "Earned on" },
  { key: "agent", label: "Agent" },
  { key: "kind", label: "Kind" },
  { key: "invoice", label: "Invoice" },
  { key: "rule", label: "Plan / rule" },
  { key: "base", label: "Base", decimal: true },
  { key: "rate", label: "Rate", decimal: true },
  { key: "amount", label: "Amount", decimal: true },
  { key: "explain", label: "Why" },
];

/**
 * The itemized lines table with sortable columns and an agent filter. Keeps its sort and
 * filter across re-renders.
 */
export class LinesTable {
  /** @param {HTMLElement} container @param {HTMLSelectElement} agentFilter */
  constructor(container, agentFilter) {
    this.container = container;
    this.agentFilter = agentFilter;
    this.sort = { key: null, descending: false };
    this.agentFilter.addEventListener("change", () => this.render());
  }

  /** Shows the lines of `result`; `planDoc` (parsed plan) labels rates, `names` the agents. */
  show(result, planDoc, names) {
    this.showAll = false;
    this.result = result;
    this.planDoc = planDoc;
    this.names = names;
    const agents = [...new Set(result.lines.map((l) => l.agent))].sort();
    const current = this.agentFilter.value;
    replace(
      this.agentFilter,
      h("option", { value: "" }, "All agents"),
      agents.map((a) => h("option", { value: a }, names.label(a))),
    );
    this.agentFilter.value = agents.includes(current) ? current : "";
    this.render();
  }

  /** Sorts by a column (a second click reverses). */
  sortBy(key) {
    this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : false };
    this.render();
  }

  /** Draws the table. */
  render() {
    if (!this.result) return;
    const agent = this.agentFilter.value;
    let lines = this.result.lines.map((line, index) => ({ line, index }));
    if (agent) lines = lines.filter(({ line }) => line.agent === agent);
    const { key, descending } = this.sort;
    if (key) {
      const column = LINE_COLUMNS.find((c) => c.key === key);
      const cmp = column.decimal
        ? compare
        : (a, b) => String(a ?? "").localeCompare(String(b ?? ""), undefined, { numeric: true });
      lines.sort((a, b) => (descending ? -1 : 1) * cmp(a.line[key], b.line[key]) || a.index - b.index);
    }
    const currency = this.result.currency;
    const total = lines.length;
    const shown = this.showAll ? lines : lines.slice(0, ROW_LIMIT);
    const head = h(
      "tr",
      {},
      LINE_COLUMNS.map((c) =>
        h(
          "th",
          {
            scope: "col",
            class: c.decimal ? "num" : null,
            "aria-sort": key === c.key ? (descending ? "descending" : "ascending") : null,
          },
          h(
            "button",
            {
              type: "button",
              class: "sort",
              onclick: () => this.sortBy(c.key),
              title: `Sort by ${c.label.toLowerCase()}`,
            },
            c.label,
            h(
              "span",
              { class: "arrow", "aria-hidden": "true" },
              key === c.key ? (descending ? " ▼" : " ▲") : " ↕",
            ),
          ),
        ),
      ),
    );
    const rows = shown.map(({ line, index }) =>
      h(
        "tr",
        { class: `kind-${line.kind}`, dataset: { index: String(index), agent: line.agent } },
        h("td", { dataset: { field: "earned_on" } }, line.earned_on),
        h(
          "td",
          { dataset: { field: "agent" }, title: this.names.label(line.agent) },
          line.agent,
          line.from_agent ? h("span", { class: "sub" }, ` from ${line.from_agent}`) : null,
        ),
        h(
          "td",
          { dataset: { field: "kind" } },
          h("span", { class: `badge badge-${line.kind}` }, line.kind.replace("_", " ")),
        ),
        h(
          "td",
          { dataset: { field: "invoice" } },
          line.invoice ?? "—",
          line.line !== null && line.line !== undefined
            ? h("span", { class: "sub" }, ` line ${line.line + 1}`)
            : null,
        ),
        h(
          "td",
          { dataset: { field: "rule" } },
          line.plan ?? "—",
          h("br"),
          h("span", { class: "sub" }, line.rule ?? ""),
        ),
        num(line.base, { "data-field": "base" }),
        h(
          "td",
          { class: "num", dataset: { field: "rate", value: line.rate ?? "" } },
          rateLabel(line, this.planDoc),
          line.tier ? h("span", { class: "sub" }, ` tier ${line.tier}`) : null,
        ),
        num(line.amount, {
          "data-field": "amount",
          class: `num amount${line.amount?.startsWith("-") ? " negative" : ""}`,
        }),
        h("td", { class: "explain", dataset: { field: "explain" } }, line.explain ?? ""),
      ),
    );
    const caption = agent
      ? `${total} of ${this.result.lines.length} lines (agent ${agent}), amounts in ${currency}`
      : `${total} lines, amounts in ${currency}`;
    replace(
      this.container,
      total || this.result.lines.length
        ? h(
            "table",
            { class: "lines", id: "lines-table" },
            h("caption", {}, caption),
            h("thead", {}, head),
            h("tbody", {}, rows),
          )
        : h(
            "p",
            { class: "empty" },
            "No commission was earned with these documents. The warnings below say why, if anything was skipped.",
          ),
      shown.length < total
        ? showAllButton(total, () => {
            this.showAll = true;
            this.render();
          })
        : null,
    );
  }
}

/** The totals per agent: the amount, and how it splits by plan and rule. */
export function renderTotals(container, result, names) {
  const splits = (map) =>
    Object.entries(map ?? {}).map(([k, v]) => h("span", { class: "split" }, `${k}: ${format(v)}`));
  replace(
    container,
    result.totals.length
      ? h(
          "table",
          { class: "totals", id: "totals-table" },
          h("caption", {}, `Total per agent, in ${result.currency}`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "Agent"),
              h("th", { scope: "col", class: "num" }, "Total"),
              h("th", { scope: "col" }, "By plan"),
              h("th", { scope: "col" }, "By rule"),
            ),
          ),
          h(
            "tbody",
            {},
            result.totals.map((t) =>
              h(
                "tr",
                { dataset: { agent: t.agent } },
                h("th", { scope: "row" }, names.label(t.agent)),
                num(t.amount, { class: "num total" }),
                h("td", {}, splits(t.by_plan)),
                h("td", {}, splits(t.by_rule)),
              ),
            ),
          ),
        )
      : h("p", { class: "empty" }, "No agent earned anything."),
  );
}

/** The payout statements (with `options.statements`). */
export function renderStatements(container, result, names) {
  replace(
    container,
    result.statements.length
      ? h(
          "table",
          { class: "statements", id: "statements-table" },
          h("caption", {}, `Payout statements, in ${result.currency}`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Agent", "Period", "From", "Through", "Lines", "Amount"].map((l, i) =>
                h("th", { scope: "col", class: i >= 4 ? "num" : null }, l),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            result.statements.map((s) =>
              h(
                "tr",
                { dataset: { agent: s.agent, period: s.period } },
                h("td", {}, names.label(s.agent)),
                h("td", {}, s.period),
                h("td", {}, s.from),
                h("td", {}, s.thru),
                h("td", { class: "num" }, String(s.lines)),
                num(s.amount),
              ),
            ),
          ),
        )
      : h(
          "p",
          { class: "empty" },
          'No statements: set "statements" to "week", "month", "quarter" or "year" in the options to batch the lines into payouts.',
        ),
  );
}

/** A bar from 0 to `target` filled to `have`, with text for screen readers. */
function progress(have, target, label) {
  const ratio = target > 0 ? Math.max(0, Math.min(1, have / target)) : 1;
  return h(
    "div",
    {
      class: "bar",
      role: "progressbar",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": String(Math.round(ratio * 100)),
      "aria-label": label,
    },
    h("div", { class: "fill", style: `width:${(ratio * 100).toFixed(1)}%` }),
  );
}

/** A ladder's track: the breakpoints as ticks and the volume reached as a fill. */
function ladderTrack(ladder) {
  const points = ladder.breakpoints.map((b) => toNumber(b.at));
  const last = points[points.length - 1] || 1;
  const end = Math.max(last * 1.25, toNumber(ladder.volume) * 1.05, 1);
  const pct = (v) => `${((Math.min(v, end) / end) * 100).toFixed(2)}%`;
  return h(
    "div",
    { class: "track", "aria-hidden": "true" },
    h("div", { class: "fill", style: `width:${pct(toNumber(ladder.volume))}` }),
    ladder.breakpoints.map((b, i) =>
      h(
        "div",
        { class: `tick${i + 1 === ladder.tier ? " reached" : ""}`, style: `left:${pct(toNumber(b.at))}` },
        h("span", {}, `${format(b.rate)} %`),
      ),
    ),
  );
}

/** Where each agent stands on each ladder: tier, rate, breakpoints and the distance to the next. */
export function renderLadders(container, result, names, showAll = false) {
  if (!result.ladders?.length) {
    replace(container, h("p", { class: "empty" }, "No ladder in these plans: every rule pays a flat rate."));
    return;
  }
  const unit = (l) => (l.measure === "quantity" ? " units" : "");
  const ladders = showAll ? result.ladders : result.ladders.slice(0, ROW_LIMIT);
  replace(
    container,
    ladders.map((l) =>
      h(
        "article",
        {
          class: "card ladder",
          dataset: {
            agent: l.agent,
            rule: l.rule,
            period: l.period ?? "",
            invoice: l.invoice ?? "",
            key: l.key ?? "",
          },
        },
        h(
          "h4",
          {},
          `${names.label(l.agent)} · ${l.rule}`,
          h(
            "span",
            { class: "sub" },
            ` ${l.scope === "period" ? `${l.period}` : `invoice ${l.invoice}${l.key ? `, ${l.key}` : ""}`}`,
          ),
        ),
        h(
          "p",
          {},
          `${l.measure === "quantity" ? "Quantity" : "Volume"} `,
          h("strong", { dataset: { field: "volume", value: l.volume } }, `${format(l.volume)}${unit(l)}`),
          l.attainment !== null && l.attainment !== undefined
            ? h(
                "span",
                {},
                " (",
                h(
                  "strong",
                  { dataset: { field: "attainment", value: l.attainment } },
                  `${format(l.attainment)} %`,
                ),
                " of quota)",
              )
            : null,
          ` — tier ${l.tier}, paying `,
          h("strong", { dataset: { field: "rate", value: l.rate } }, `${format(l.rate)} %`),
          ".",
        ),
        ladderTrack(l),
        l.next
          ? h(
              "p",
              { class: "next" },
              h(
                "strong",
                { dataset: { field: "missing", value: l.next.missing } },
                `${format(l.next.missing)}${unit(l)}`,
              ),
              ` more to reach ${format(l.next.rate)} % (at ${format(l.next.at)}${unit(l)}).`,
            )
          : h("p", { class: "next top" }, "Top tier reached."),
        h(
          "p",
          { class: "sub" },
          "Breakpoints: ",
          l.breakpoints.map((b) => `${format(b.at)}${unit(l)} → ${format(b.rate)} %`).join(" · "),
        ),
      ),
    ),
    ladders.length < result.ladders.length
      ? showAllButton(result.ladders.length, () => renderLadders(container, result, names, true))
      : null,
  );
}

/** Requirement names as a partner reads them. */
const REQUIREMENT_LABELS = {
  sales: "Personal sales",
  group_sales: "Team sales (you and your downline)",
  customers: "Customers invoiced",
  recruits: "Active recruits",
  activation: "Onboarding stage",
};

/** Each agent's level: current, qualified, change, bonus, and progress towards the next level. */
export function renderLevels(container, result, planDoc, names) {
  if (!result.levels?.length) {
    replace(container, h("p", { class: "empty" }, "No partner levels in this plan."));
    return;
  }
  const levelsById = new Map((planDoc?.levels ?? []).map((l) => [l.id, l]));
  const name = (id) => (id ? (levelsById.get(id)?.name ?? id) : "none");
  replace(
    container,
    result.levels.map((l) => {
      const next = l.next ? levelsById.get(l.next.level) : null;
      const requires = next?.requires ?? {};
      // `any` (alternatives) is shown from `next.paths`; `max_leg_percent` qualifies group_sales.
      const plain = Object.entries(requires).filter(([req]) => req !== "any" && req !== "max_leg_percent");
      const rows = plain.map(([req, target]) => {
        const missing = l.next.missing?.[req];
        const met = missing === undefined || missing === null;
        if (req === "activation") {
          return h(
            "li",
            { dataset: { requirement: req, met: String(met), missing: met ? "" : String(missing) } },
            `${REQUIREMENT_LABELS[req]}: ${met ? `${target} reached ✓` : `needs ${missing} (now ${l.measures.activation ?? "none"})`}`,
          );
        }
        const decimal = typeof target === "string" || !Number.isInteger(target);
        const targetText = decimal ? format(String(target)) : String(target);
        const missingText = met ? "" : decimal ? format(String(missing)) : String(missing);
        const have = met ? toNumber(target) : toNumber(target) - toNumber(missing);
        return h(
          "li",
          { dataset: { requirement: req, met: String(met), missing: met ? "" : String(missing) } },
          h(
            "span",
            { class: "req" },
            `${REQUIREMENT_LABELS[req] ?? req}: `,
            met
              ? `${targetText} reached ✓`
              : h("span", {}, h("strong", {}, missingText), ` to go of ${targetText}`),
          ),
          progress(have, toNumber(target), `${REQUIREMENT_LABELS[req] ?? req} towards ${name(l.next.level)}`),
        );
      });
      const changeText =
        { promote: "promotion", demote: "demotion", keep: "no change" }[l.change] ?? l.change;
      return h(
        "article",
        { class: "card level", dataset: { agent: l.agent } },
        h("h4", {}, names.label(l.agent), " ", h("span", { class: `badge badge-${l.change}` }, changeText)),
        h(
          "p",
          {},
          "Holds ",
          h("strong", { dataset: { field: "current" } }, name(l.current)),
          "; qualifies for ",
          h("strong", { dataset: { field: "qualified" } }, name(l.qualified)),
          ".",
          l.bonus
            ? h(
                "span",
                {},
                " Level bonus ",
                h("strong", { dataset: { field: "bonus", value: l.bonus } }, money(l.bonus, result.currency)),
                ".",
              )
            : null,
          l.discount_percent ? h("span", {}, ` Purchase discount ${format(l.discount_percent)} %.`) : null,
        ),
        h(
          "p",
          { class: "sub" },
          `Personal sales ${format(l.measures.sales)} · team sales ${format(l.measures.group_sales)} · ${l.measures.customers} customers · ${l.measures.recruits} active recruits`,
        ),
        l.reviews?.length ? reviewList(l.reviews, name) : null,
        l.next
          ? h(
              "div",
              {},
              h("p", {}, `Next level: ${name(l.next.level)}`),
              h("ul", { class: "requirements" }, rows),
              l.next.paths?.length ? pathList(l.next.paths, plain.length > 0) : null,
            )
          : h("p", { class: "next top" }, "Highest level reached."),
      );
    }),
  );
}

/** A requirement's missing amount in words: "sales 50,000.00", "recruits 1". */
function missingText(missing) {
  const parts = Object.entries(missing ?? {}).map(
    ([req, value]) =>
      `${(REQUIREMENT_LABELS[req] ?? req).toLowerCase()} ${typeof value === "string" ? format(value) : value}`,
  );
  return parts.length ? `${parts.join(", ")} to go` : "met ✓";
}

/** The alternatives of `requires.any` (`next.paths`): what each one still misses. */
function pathList(paths, alsoPlain) {
  return h(
    "div",
    { class: "paths" },
    h("p", {}, alsoPlain ? "and any one of:" : "Any one of:"),
    h(
      "ol",
      {},
      paths.map((p, i) =>
        h(
          "li",
          { dataset: { path: String(i), missing: JSON.stringify(p.missing ?? {}) } },
          missingText(p.missing),
        ),
      ),
    ),
  );
}

/**
 * A level's reviews (`level_review`, CONTRACT-v2.md): per period, the level the review's
 * window qualified for and the level it set (held from the next day).
 */
function reviewList(reviews, name) {
  return h(
    "div",
    { class: "reviews" },
    h("p", {}, "Reviews (each level holds from the day after its review):"),
    h(
      "ol",
      {},
      reviews.map((r) =>
        h(
          "li",
          { dataset: { period: r.period, qualified: r.qualified ?? "", level: r.level ?? "" } },
          h("strong", {}, r.period),
          `: qualified for ${name(r.qualified)}, level `,
          h("strong", {}, name(r.level)),
        ),
      ),
    ),
  );
}

/**
 * The team report of `hierarchy()`: one row per agent, indented under its upline, with its
 * level (held and qualified), personal and team sales, customers, recruits and earnings.
 */
export function renderTeam(container, report, planDoc) {
  const levelName = (id) => (id ? (planDoc?.levels?.find((l) => l.id === id)?.name ?? id) : "—");
  const agentName = new Map(report.agents.map((a) => [a.agent, a.name ?? a.agent]));
  const headers = [
    "Agent",
    "Level",
    "Own sales",
    "Team sales",
    "Customers",
    "Recruits",
    "Level bonus",
    "Earned",
  ];
  replace(
    container,
    h(
      "table",
      { class: "team", id: "team-table" },
      h("caption", {}, `The team up to ${report.as_of}, amounts in ${report.currency}`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          headers.map((label, i) => h("th", { scope: "col", class: i >= 2 ? "num" : null }, label)),
        ),
      ),
      h(
        "tbody",
        {},
        report.agents.map((a) =>
          h(
            "tr",
            { dataset: { agent: a.agent, upline: a.upline ?? "", level: a.level ?? "" } },
            h(
              "th",
              { scope: "row", style: `padding-left:${8 + a.depth * 20}px` },
              a.depth ? h("span", { class: "sub", "aria-hidden": "true" }, "└ ") : null,
              a.name ?? a.agent,
              a.depth ? h("span", { class: "sub" }, ` (under ${agentName.get(a.upline) ?? a.upline})`) : null,
            ),
            h(
              "td",
              {},
              levelName(a.level),
              a.qualified && a.qualified !== a.level
                ? h("span", { class: "sub" }, ` → qualifies for ${levelName(a.qualified)}`)
                : null,
            ),
            num(a.sales, { "data-field": "sales" }),
            num(a.group_sales, { "data-field": "group_sales" }),
            h("td", { class: "num" }, String(a.customers)),
            h("td", { class: "num" }, String(a.recruits)),
            num(a.bonus),
            num(a.earned, { class: "num total", "data-field": "earned" }),
          ),
        ),
      ),
    ),
  );
}

/** The warnings: what was skipped, and why. */
export function renderWarnings(container, result) {
  replace(
    container,
    result.warnings.length
      ? h(
          "ul",
          { class: "warnings" },
          result.warnings.map((w) =>
            h(
              "li",
              { dataset: { code: w.code } },
              h("code", {}, w.code),
              " ",
              h("code", { class: "path" }, w.path),
              " — ",
              w.message,
            ),
          ),
        )
      : h("p", { class: "empty" }, "Nothing was skipped."),
  );
}

/**
 * Agent display names from the sales document: `label(id)` is "Northwind IT" for an agent
 * with a name, else the id.
 */
export function agentNames(salesDoc) {
  const names = new Map((salesDoc?.agents ?? []).filter((a) => a.name).map((a) => [a.id, a.name]));
  return { label: (id) => names.get(id) ?? id };
}

/** An agent's total in a result, "0" when it earned nothing. */
export function agentTotal(result, agent) {
  return result.totals.find((t) => t.agent === agent)?.amount ?? "0";
}
