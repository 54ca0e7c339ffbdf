// <commission-estimate>: the quote widget. A web app's quote form drops it in, gives it the
// plan, the partner's sales history and the quote being typed, and it shows what the quote
// earns, the ladder tier it reaches and what is missing to the next one, and the partner level
// effect. Framework-free (a custom element with a shadow root); the engine runs in the browser.
//
//   import "commission-engine/element";
//   <commission-estimate plan='{...}' history='{...}' quote='{...}'></commission-estimate>
//   el.plan = planObject; el.history = salesObject; el.quote = invoiceObject;   // or properties
//   el.addEventListener("change", (e) => e.detail);                            // the what-if answer
//
// The plan is compiled once per change of the plan, the history loaded once per change of the
// history; a change of the quote asks the loaded engine only what the quote changes (well
// under a millisecond), and the widget is redrawn in the same task, before the next frame.

import init, { Engine } from "./web.js";

/** Where the element is defined: in a browser; elsewhere (a server render) a stand-in base. */
const Base = globalThis.HTMLElement ?? class {};

/** The element's name. */
export const TAG = "commission-estimate";

const STYLE = `
:host {
  display: block;
  font: var(--ce-font, 14px/1.45 system-ui, sans-serif);
  color: var(--ce-color, #1f2328);
  background: var(--ce-background, #ffffff);
  border: var(--ce-border, 1px solid #d0d7de);
  border-radius: var(--ce-radius, 8px);
  padding: var(--ce-padding, 12px 16px);
}
:host([hidden]) { display: none; }
h2 { font-size: 1em; margin: 0 0 4px; color: var(--ce-muted, #57606a); font-weight: 600; }
.amount { font-size: var(--ce-amount-size, 1.8em); font-weight: 700; color: var(--ce-accent, #0a6e31); margin: 0; font-variant-numeric: tabular-nums; }
.amount.zero { color: var(--ce-color, #1f2328); }
dl { margin: 8px 0 0; display: grid; gap: 6px; }
dl > div { display: grid; grid-template-columns: minmax(6em, max-content) 1fr; gap: 8px; }
dt { color: var(--ce-muted, #57606a); }
dd { margin: 0; font-variant-numeric: tabular-nums; }
ul { margin: 0; padding-left: 1.1em; }
.crossing { color: var(--ce-accent, #0a6e31); font-weight: 600; }
.error { color: var(--ce-error, #b3261e); margin: 0; }
.error code { font-family: var(--ce-code-font, ui-monospace, monospace); }
button {
  margin-top: 8px; font: inherit; color: var(--ce-link, #0550ae); background: none; border: none; padding: 2px 0;
  text-decoration: underline; cursor: pointer;
}
button:focus-visible { outline: 2px solid var(--ce-focus, #0550ae); outline-offset: 2px; }
.lines { margin-top: 4px; }
.announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.lines li { margin: 2px 0; }
`;

/**
 * The quote widget. Inputs (each a property taking an object or JSON text, or an attribute
 * with JSON text): `plan` (the plan document), `history` (the sales document: the partner's
 * invoices so far, with its agents and customers), `quote` (one invoice, or an array, not yet
 * in the history); optional `agent` (whose commission to show; default the quote's first
 * agent) and `label` (the heading). Fires `change` with the engine's what-if answer as
 * `detail` after each update; an input the engine refuses shows its coded error instead.
 */
export class CommissionEstimate extends Base {
  static observedAttributes = ["plan", "history", "quote", "agent", "label"];

  #inputs = { plan: null, history: null, quote: null };
  #engine = null; // the compiled plan
  #compiledFor = undefined; // the plan text it was compiled from
  #loadedFor = undefined; // the history text it has loaded
  #scheduled = false;
  #showLines = false;
  #answer = null;
  #root;
  #body;
  #announce; // a polite live region: the new amount, said once per change (not the whole card)

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.#body = document.createElement("section");
    this.#body.setAttribute("part", "card");
    this.#announce = element("p", { class: "announce", "aria-live": "polite" });
    this.#root.append(style, this.#body, this.#announce);
  }

  /** The plan document (object or JSON text). */
  get plan() {
    return this.#inputs.plan;
  }
  set plan(value) {
    this.#set("plan", value);
  }

  /** The partner's sales history (a sales document, object or JSON text). */
  get history() {
    return this.#inputs.history;
  }
  set history(value) {
    this.#set("history", value);
  }

  /** The quote being typed: one invoice or an array of them (object or JSON text). */
  get quote() {
    return this.#inputs.quote;
  }
  set quote(value) {
    this.#set("quote", value);
  }

  /** The agent whose commission is shown (default: the quote's first agent). */
  get agent() {
    return this.getAttribute("agent");
  }
  set agent(value) {
    if (value === null || value === undefined) this.removeAttribute("agent");
    else this.setAttribute("agent", value);
  }

  /** The engine's last what-if answer (null before the first, or after an error). */
  get answer() {
    return this.#answer;
  }

  attributeChangedCallback(name, _old, value) {
    if (name in this.#inputs) this.#set(name, value);
    else this.#schedule();
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    // Release the compiled plan's WebAssembly memory when the widget leaves the page.
    this.#engine?.free();
    this.#engine = null;
    this.#compiledFor = this.#loadedFor = undefined;
  }

  #set(name, value) {
    this.#inputs[name] = value === undefined ? null : value;
    this.#schedule();
  }

  /**
   * Updates once for any number of changes made in the same task: in a microtask, so the
   * widget is redrawn before the browser paints the next frame.
   */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (!this.isConnected) return;
      if (ready) this.#update();
      else
        initialized().then(
          () => this.isConnected && this.#update(),
          (error) => this.#showError(error, "The commission engine could not load"),
        );
    });
  }

  /** Compiles, loads and asks the engine as needed, then draws the answer. */
  #update() {
    const { plan, history, quote } = this.#inputs;
    if (plan === null || history === null || quote === null) {
      this.#answer = null;
      this.#draw(paragraph("Waiting for the plan, the sales history and a quote."));
      return;
    }
    let answer;
    let step = "plan";
    try {
      answer = this.#ask(plan, history, quote, (s) => (step = s));
    } catch (error) {
      // The engine replaced its WebAssembly instance (a trap): the cached Engine belongs to the
      // discarded one, so it is dropped and the next update compiles and loads afresh.
      if (error?.code === "engine_failure" || error?.code === "engine_discarded") this.#forget();
      if (error?.code === "engine_discarded") {
        try {
          answer = this.#ask(plan, history, quote, (s) => (step = s));
        } catch (retryError) {
          if (retryError?.code === "engine_failure") this.#forget();
          this.#refused(retryError, step);
          return;
        }
      } else {
        this.#refused(error, step);
        return;
      }
    }
    this.#answer = answer;
    this.#render(answer);
    this.dispatchEvent(new CustomEvent("change", { detail: answer, bubbles: true }));
  }

  /** Drops the cached Engine (without freeing it: its instance may be gone). */
  #forget() {
    this.#engine = null;
    this.#compiledFor = this.#loadedFor = undefined;
  }

  /** Shows a refused input's coded error and clears the answer. */
  #refused(error, step) {
    this.#answer = null;
    this.#showError(error, `The ${step === "history" ? "sales history" : step} was refused`);
  }

  /** Compiles the plan and loads the history when they changed, then asks for the quote's what-if. */
  #ask(plan, history, quote, setStep) {
    setStep("plan");
    const planText = text(plan);
    if (planText !== this.#compiledFor) {
      this.#engine?.free();
      this.#engine = null;
      this.#compiledFor = this.#loadedFor = undefined;
      this.#engine = new Engine(planText);
      this.#compiledFor = planText;
    }
    setStep("history");
    const historyText = text(history);
    if (historyText !== this.#loadedFor) {
      this.#loadedFor = undefined;
      this.#engine.load(historyText);
      this.#loadedFor = historyText;
    }
    setStep("quote");
    return this.#engine.whatIf(text(quote));
  }

  /** The agent shown: the `agent` attribute, else the first agent of the first quote invoice. */
  #agentOf() {
    return this.agent || quoteInvoices(this.#inputs.quote)[0]?.agents?.[0]?.id || null;
  }

  #render(answer) {
    const agent = this.#agentOf();
    const currency = answer.currency;
    const mine = answer.what_if.agents.find((a) => a.agent === agent);
    const delta = mine?.delta ?? "0.00";
    const total = mine?.after ?? answer.totals.find((t) => t.agent === agent)?.amount ?? null;
    const rows = [];
    if (total !== null)
      rows.push(
        row(
          "Total with it",
          `${formatMoney(total, currency)}${mine ? ` (now ${formatMoney(mine.before, currency)})` : ""}`,
          "total",
        ),
      );
    const quoteIds = new Set(quoteInvoices(this.#inputs.quote).map((q) => q?.id));
    const ladders = answer.ladders.filter(
      (l) => l.agent === agent && (l.scope === "period" || quoteIds.has(l.invoice)),
    );
    if (ladders.length)
      rows.push(
        row("Tier", list(ladders.map((l) => ladderText(l, currency, answer.what_if.crossings))), "tier"),
      );
    const level = answer.levels.find((l) => l.agent === agent);
    const levelCrossing = answer.what_if.crossings.find((c) => c.kind === "level" && c.agent === agent);
    if (level) rows.push(row("Level", list([levelText(level, levelCrossing, currency)]), "level"));
    const lines = answer.lines.filter((l) => l.agent === agent);
    const heading = this.getAttribute("label") || "Commission on this quote";
    const amount = element(
      "p",
      { class: `amount${isZero(delta) ? " zero" : ""}`, part: "amount", "data-value": delta },
      signedMoney(delta, currency),
    );
    const parts = [
      element("h2", { part: "label", id: "label" }, heading),
      amount,
      element("dl", { part: "details" }, ...rows),
    ];
    if (lines.length) {
      const toggle = element(
        "button",
        {
          type: "button",
          part: "toggle",
          "aria-expanded": String(this.#showLines),
          "aria-controls": "lines",
        },
        this.#showLines ? "Hide how it is computed" : "Show how it is computed",
      );
      toggle.addEventListener("click", () => {
        this.#showLines = !this.#showLines;
        this.#render(answer);
        this.#root.querySelector("button")?.focus();
      });
      parts.push(toggle);
      const items = lines.map((l) =>
        element("li", {}, `${signedMoney(l.amount, currency)}: ${l.explain ?? l.kind}`),
      );
      parts.push(
        element(
          "ul",
          { class: "lines", id: "lines", part: "lines", hidden: this.#showLines ? null : "" },
          ...items,
        ),
      );
    }
    this.#body.setAttribute("aria-labelledby", "label");
    this.#body.dataset.agent = agent ?? "";
    this.#draw(...parts);
    const said = `${heading}: ${signedMoney(delta, currency)}`;
    if (this.#announce.textContent !== said) this.#announce.textContent = said;
  }

  #showError(error, what) {
    const problems = error?.errors?.length
      ? error.errors
      : [{ code: error?.code, path: error?.path, message: error?.message ?? String(error) }];
    this.#body.removeAttribute("aria-labelledby");
    this.#announce.textContent = "";
    this.#draw(
      element(
        "div",
        { class: "error", part: "error", role: "alert", "data-code": error?.code ?? "" },
        element("h2", {}, `${what}:`),
        list(
          problems.map((p) => [
            p.code ? element("code", {}, p.code) : "",
            p.path ? ` at ${p.path}` : "",
            p.code || p.path ? ": " : "",
            p.message ?? "",
          ]),
        ),
      ),
    );
  }

  #draw(...children) {
    this.#body.replaceChildren(...children);
  }
}

let ready = false;
let pending = null;
/** Initializes the engine once for every widget (the app may have called `init` already). */
function initialized() {
  pending ??= init().then(() => {
    ready = true;
  });
  return pending;
}

/** The quote's invoices (it is one invoice or an array, as an object or JSON text). */
function quoteInvoices(quote) {
  const value = typeof quote === "string" ? JSON.parse(quote) : quote;
  return Array.isArray(value) ? value : [value];
}

/** JSON text of an input given as an object or as text. */
function text(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A row of the details list. */
function row(term, value, name) {
  return element("div", { "data-field": name }, element("dt", {}, term), element("dd", {}, value));
}

function list(items) {
  return items.length === 1
    ? element("span", {}, ...[items[0]].flat())
    : element("ul", {}, ...items.map((i) => element("li", {}, ...[i].flat())));
}

function paragraph(textContent) {
  return element("p", { part: "message" }, textContent);
}

/** "Tier 3 (7 %) of volume, 2026-Q1 — 2,500.00 USD more to tier 4 (9 %)" */
function ladderText(ladder, currency, crossings) {
  const crossed = crossings.find(
    (c) =>
      c.kind === "tier" &&
      c.agent === ladder.agent &&
      c.rule === ladder.rule &&
      (c.period ?? ladder.period) === ladder.period,
  );
  const measure =
    ladder.measure === "quantity" ? (v) => `${formatNumber(v)} units` : (v) => formatMoney(v, currency);
  const where = `${ladder.rule}${ladder.period ? `, ${ladder.period}` : ""}`;
  const now = `tier ${ladder.tier} (${formatNumber(ladder.rate)} %) on ${where}`;
  const up = crossed ? ` — up from tier ${crossed.from}` : "";
  const next = ladder.next
    ? `; ${measure(ladder.next.missing)} more to ${ladder.next.rate !== undefined ? `the next tier (${formatNumber(ladder.next.rate)} %)` : "the next tier"}`
    : "; the top tier";
  return [crossed ? element("span", { class: "crossing" }, capitalize(now) + up) : capitalize(now), next];
}

/** "Reaches gold (from silver), with a level bonus of 255.00 USD; 8 customers more to platinum" */
function levelText(level, crossing, currency) {
  const parts = [];
  const qualified = level.qualified ?? level.current ?? "none";
  if (crossing)
    parts.push(element("span", { class: "crossing" }, `Reaches ${crossing.to} (from ${crossing.from})`));
  else
    parts.push(
      `Qualifies for ${qualified}${level.current && level.current !== qualified ? ` (now ${level.current})` : ""}`,
    );
  if (level.bonus && !isZero(level.bonus))
    parts.push(`, with a level bonus of ${formatMoney(level.bonus, currency)}`);
  if (level.next) {
    const missing = Object.entries(level.next.missing ?? {}).map(([k, v]) =>
      k === "sales" || k === "group_sales"
        ? `${formatMoney(v, currency)} of ${k.replace("_", " ")}`
        : `${formatNumber(String(v))} ${k.replace("_", " ")}`,
    );
    if (missing.length) parts.push(`; ${missing.join(", ")} more to ${level.next.level}`);
  }
  return parts;
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isZero(decimal) {
  return /^-?0*(\.0*)?$/.test(decimal);
}

/** Thousands separators on an exact decimal string (no float arithmetic on money). */
function formatNumber(decimal) {
  const [, sign, int, frac] = /^(-?)(\d+)(\.\d+)?$/.exec(String(decimal)) ?? [null, "", String(decimal), ""];
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ?? ""}`;
}

function formatMoney(decimal, currency) {
  return `${formatNumber(decimal)} ${currency}`;
}

function signedMoney(decimal, currency) {
  return `${decimal.startsWith("-") || isZero(decimal) ? "" : "+"}${formatMoney(decimal, currency)}`;
}

/** A DOM element with attributes (null skips one) and children (text or nodes). */
function element(name, attributes, ...children) {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attributes)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== ""));
  return el;
}

if (typeof customElements !== "undefined" && !customElements.get(TAG))
  customElements.define(TAG, CommissionEstimate);
