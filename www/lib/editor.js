/**
 * A JSON document editor: a labelled textarea with line numbers, and the engine's errors shown
 * beside it with their JSON Pointer path, line and column; the offending line is highlighted
 * and "Show" selects it in the text.
 */
import { h, replace } from "./dom.js";
import { locate } from "./json-locate.js";

/** Wires the editor whose textarea has id `${name}-text`; see index.html for its markup. */
export class JsonEditor {
  /**
   * @param {string} name "plan", "sales" or "options"
   * @param {() => void} onChange called on every edit
   */
  constructor(name, onChange) {
    this.name = name;
    this.textarea = document.getElementById(`${name}-text`);
    this.gutter = document.getElementById(`${name}-gutter`);
    this.mark = document.getElementById(`${name}-mark`);
    this.errorBox = document.getElementById(`${name}-error`);
    this.badLines = new Set();
    this.textarea.addEventListener("input", () => {
      this.renderGutter();
      onChange();
    });
    this.textarea.addEventListener("scroll", () => this.syncScroll());
  }

  /** The current text. */
  get text() {
    return this.textarea.value;
  }

  /** Replaces the text (a preset being loaded). */
  set text(value) {
    this.textarea.value = value;
    this.textarea.scrollTop = 0;
    this.renderGutter();
  }

  /** Shows an engine error (`{ code, message, path, errors }`) beside the editor. */
  showError(error) {
    const problems = error.errors?.length ? error.errors : [{ code: error.code, path: error.path ?? "", message: error.message }];
    const located = problems.map((p) => ({ problem: p, at: locate(this.text, p) }));
    this.badLines = new Set(located.filter((x) => x.at).map((x) => x.at.line));
    const first = located.find((x) => x.at)?.at;
    this.highlight(first);
    this.textarea.setAttribute("aria-invalid", "true");
    replace(
      this.errorBox,
      h("p", { class: "error-title" }, `The ${this.name} has ${problems.length === 1 ? "an error" : `${problems.length} errors`} (${error.code ?? "error"}):`),
      h(
        "ul",
        {},
        located.map(({ problem, at }) =>
          h(
            "li",
            { class: "problem", dataset: { path: problem.path ?? "", code: problem.code ?? "" } },
            h("code", { class: "path" }, problem.path || "(whole document)"),
            at ? h("span", { class: "where" }, ` line ${at.line}, column ${at.column}`) : null,
            h("span", { class: "message" }, ` — ${problem.message}`),
            at ? h("button", { type: "button", class: "link", onclick: () => this.select(at) }, "Show") : null,
          ),
        ),
      ),
    );
    this.errorBox.hidden = false;
    this.renderGutter();
  }

  /** Clears any error shown. */
  clearError() {
    if (this.errorBox.hidden && !this.badLines.size) return;
    this.badLines = new Set();
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
    this.textarea.removeAttribute("aria-invalid");
    this.highlight(null);
    this.renderGutter();
  }

  /** Selects a located range in the textarea and scrolls it into view. */
  select(at) {
    this.textarea.focus();
    this.textarea.setSelectionRange(at.start, at.end);
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (at.line - 3) * lineHeight);
    this.syncScroll();
  }

  /** Counts the lines of the text (once per edit) and draws the visible line numbers. */
  renderGutter() {
    const text = this.text;
    let count = 1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
    this.lineCount = count;
    this.drawnRange = null;
    this.syncScroll();
  }

  /**
   * Draws the numbers of the lines in view (and a screenful around them), with the lines that
   * have errors marked: a document of 100,000 lines costs no more than one of 50.
   */
  drawGutter(top, lineHeight) {
    const rows = Math.ceil(this.textarea.clientHeight / lineHeight) || 40;
    const first = Math.max(1, Math.floor(top / lineHeight) + 1 - rows);
    const last = Math.min(this.lineCount ?? 1, first + 3 * rows);
    const range = `${first}-${last}-${[...this.badLines].join(",")}`;
    if (this.drawnRange !== range) {
      this.drawnRange = range;
      const spans = [];
      for (let line = first; line <= last; line++) spans.push(h("span", this.badLines.has(line) ? { class: "bad" } : {}, String(line)));
      replace(this.gutter, spans);
      this.gutterFirst = first;
    }
    this.gutter.style.transform = `translateY(${(this.gutterFirst - 1) * lineHeight - top}px)`;
  }

  /** Places the highlight bar on a located line (or hides it). */
  highlight(at) {
    this.markedLine = at?.line ?? null;
    this.mark.hidden = this.markedLine === null;
    this.syncScroll();
  }

  /** Keeps the line numbers and the highlight bar aligned with the scrolled text. */
  syncScroll() {
    const top = this.textarea.scrollTop;
    const style = getComputedStyle(this.textarea);
    const lineHeight = parseFloat(style.lineHeight) || 18;
    this.drawGutter(top, lineHeight);
    if (this.markedLine !== null && this.markedLine !== undefined) {
      const padding = parseFloat(style.paddingTop) || 0;
      this.mark.style.height = `${lineHeight}px`;
      this.mark.style.transform = `translateY(${padding + (this.markedLine - 1) * lineHeight - top}px)`;
    }
  }
}
