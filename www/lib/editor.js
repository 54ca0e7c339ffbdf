/**
 * A JSON document editor: CodeMirror 6 with the engine's own JSON Schema (from `schemas()`)
 * driving completion, hover docs and inline schema errors (codemirror-json-schema), and the
 * engine's coded errors shown inline at their JSON Pointer path and listed beside the editor
 * with their line and column; "Show" selects the value the error points at.
 *
 * Bundled with the page by scripts/build-page.mjs (esbuild), so the page loads no editor code
 * from anywhere but its own server.
 */
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { ensureSyntaxTree, syntaxTree } from "@codemirror/language";
import { json, jsonLanguage, jsonParseLinter } from "@codemirror/lang-json";
import { forceLinting, linter, lintGutter } from "@codemirror/lint";
import { hoverTooltip } from "@codemirror/view";
import {
  getJsonPointers,
  handleRefresh,
  jsonCompletion,
  jsonSchemaHover,
  jsonSchemaLinter,
  stateExtensions,
  updateSchema,
} from "codemirror-json-schema";
import { h, replace } from "./dom.js";

/** The editors' look: the page's fonts and colors (text contrast at least 4.5:1). */
const theme = EditorView.theme({
  "&": { fontSize: "12.5px", border: "1px solid var(--line)", borderRadius: "6px", background: "var(--bg)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "18px" },
  ".cm-gutters": { background: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
  ".cm-activeLineGutter": { background: "var(--accent-soft)", color: "var(--ink)" },
  ".cm-tooltip": { maxWidth: "480px", fontSize: "13px" },
  ".cm-diagnosticText": { color: "var(--ink)" },
});

/** Wires the editor in the element with id `${name}-code`; see index.html for its markup. */
export class JsonEditor {
  /**
   * @param {string} name "plan", "sales", "options" or "planb" (the ids' prefix)
   * @param {() => void} onChange called on every edit
   * @param {string} [title] how messages name the document ("plan B"); else `name`
   */
  constructor(name, onChange, title = name) {
    this.name = title;
    this.errorBox = document.getElementById(`${name}-error`);
    /** The engine's problems, each `{ problem, at }`, for the text they were found in. */
    this.engineProblems = { text: null, located: [] };
    this.view = new EditorView({
      parent: document.getElementById(`${name}-code`),
      state: EditorState.create({
        doc: "",
        extensions: [
          basicSetup,
          json(),
          lintGutter(),
          linter(jsonParseLinter(), { delay: 300 }),
          linter(jsonSchemaLinter(), { needsRefresh: handleRefresh, delay: 300 }),
          linter((view) => this.engineDiagnostics(view), { delay: 0 }),
          jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
          hoverTooltip(jsonSchemaHover()),
          stateExtensions(),
          theme,
          // tabindex: the editable content is in the tab order anyway; said explicitly, checkers
          // such as axe-core see that the scrolling editor can be reached with the keyboard.
          EditorView.contentAttributes.of({
            "aria-labelledby": `${name}-label`,
            "aria-describedby": `${name}-error`,
            id: `${name}-text`,
            tabindex: "0",
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !this.settingText) onChange();
          }),
        ],
      }),
    });
  }

  /** Sets the JSON Schema that drives completion, hover and the schema errors. */
  setSchema(schema) {
    updateSchema(this.view, schema);
  }

  /** The current text. */
  get text() {
    return this.view.state.doc.toString();
  }

  /** Replaces the text (a preset being loaded). */
  set text(value) {
    this.settingText = true;
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: value },
      selection: { anchor: 0 },
      scrollIntoView: true,
    });
    this.settingText = false;
  }

  /** Shows an engine error (`{ code, message, path, errors }`) inline and beside the editor. */
  showError(error) {
    const problems = error.errors?.length
      ? error.errors
      : [{ code: error.code, path: error.path ?? "", message: error.message }];
    const text = this.text;
    // The whole text parsed (CodeMirror parses lazily beyond the view), then every pointer in it.
    ensureSyntaxTree(this.view.state, this.view.state.doc.length, 2000);
    const pointers = getJsonPointers(this.view.state, "json4");
    const located = problems.map((problem) => ({ problem, at: this.locate(problem, pointers) }));
    this.engineProblems = { text, located };
    forceLinting(this.view);
    this.view.contentDOM.setAttribute("aria-invalid", "true");
    replace(
      this.errorBox,
      h(
        "p",
        { class: "error-title" },
        `The ${this.name} has ${problems.length === 1 ? "an error" : `${problems.length} errors`} (${error.code ?? "error"}):`,
      ),
      h(
        "ul",
        {},
        located.map(({ problem, at }) =>
          h(
            "li",
            {
              class: "problem",
              dataset: {
                path: problem.path ?? "",
                code: problem.code ?? "",
                line: at ? String(at.line) : "",
              },
            },
            h("code", { class: "path" }, problem.path || "(whole document)"),
            at ? h("span", { class: "where" }, ` line ${at.line}, column ${at.column}`) : null,
            h("span", { class: "message" }, ` — ${problem.message}`),
            at
              ? h("button", { type: "button", class: "link", onclick: () => this.select(at) }, "Show")
              : null,
          ),
        ),
      ),
    );
    this.errorBox.hidden = false;
  }

  /** Clears any engine error shown. */
  clearError() {
    if (this.errorBox.hidden && !this.engineProblems.located.length) return;
    this.engineProblems = { text: null, located: [] };
    forceLinting(this.view);
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
    this.view.contentDOM.removeAttribute("aria-invalid");
  }

  /**
   * Where a problem is in the text: `{ from, to, line, column }`. Its JSON Pointer is looked up
   * in the syntax tree (the value at the path, or its key when the value is missing, or the
   * nearest enclosing member that exists); broken JSON (path "") by the line and column the
   * engine's `invalid_json` message gives. Null when neither places it.
   */
  locate(problem, pointers) {
    const doc = this.view.state.doc;
    const at = (from, to) => {
      const line = doc.lineAt(from);
      return { from, to: Math.max(from, to), line: line.number, column: from - line.from + 1 };
    };
    if (problem.code === "invalid_json") {
      const m = /line (\d+),? column (\d+)/.exec(problem.message ?? "");
      if (!m || Number(m[1]) > doc.lines) return null;
      const line = doc.line(Number(m[1]));
      const from = Math.min(line.to, line.from + Math.max(0, Number(m[2]) - 1));
      return at(from, from);
    }
    for (let path = problem.path ?? ""; ; path = path.slice(0, path.lastIndexOf("/"))) {
      const found = pointers.get(path);
      if (found) {
        // The root, or an object in an array: its first character, or the whole object.
        if (path === "") return at(found.keyFrom, found.keyFrom + 1);
        if (doc.sliceString(found.keyFrom, found.keyFrom + 1) === "{") return at(found.keyFrom, found.keyTo);
        // A member: its key and value (the whole Property node of the syntax tree).
        const name = syntaxTree(this.view.state).resolveInner(found.keyFrom, 1);
        return at(found.keyFrom, name.name === "PropertyName" && name.parent ? name.parent.to : found.keyTo);
      }
      if (path === "") return null;
    }
  }

  /** The engine's problems as CodeMirror diagnostics (for the text they were found in). */
  engineDiagnostics(view) {
    if (this.engineProblems.text !== view.state.doc.toString()) return [];
    return this.engineProblems.located
      .filter((x) => x.at)
      .map(({ problem, at }) => ({
        from: at.from,
        to: at.to,
        severity: "error",
        source: `engine: ${problem.code}`,
        message: `${problem.path || "(document)"}: ${problem.message}`,
      }));
  }

  /** Selects a located range in the editor and scrolls it into view. */
  select(at) {
    this.view.focus();
    this.view.dispatch({ selection: { anchor: at.from, head: at.to }, scrollIntoView: true });
  }
}
