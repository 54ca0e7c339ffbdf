/**
 * Finds where a JSON Pointer points in JSON text, so that an engine error at
 * `/plans/0/rules/1/percent` can be shown at its line in the editor.
 *
 * A small scanner walks the text along the pointer's segments only, skipping every value off
 * the path without building anything, so that locating an error in a document of megabytes
 * takes milliseconds. It is written here rather than taken from a library because the page
 * loads plain ES modules with no bundler, and the JSON parsers that keep positions are
 * CommonJS or build a whole tree first.
 */

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/** The segments of a JSON Pointer (RFC 6901), unescaped. */
function segments(pointer) {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** A cursor over JSON text that can skip whole values. */
class Scanner {
  constructor(text) {
    this.text = text;
    this.i = 0;
  }

  /** Skips whitespace; returns the next character. */
  ws() {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i])) this.i++;
    return this.text[this.i];
  }

  /** Skips a string starting at the cursor (on its opening quote); returns its raw content. */
  string() {
    const start = this.i + 1;
    let j = start;
    for (;;) {
      const k = this.text.indexOf('"', j);
      if (k < 0) throw new Error("unterminated string");
      let backslashes = 0;
      while (this.text[k - 1 - backslashes] === "\\") backslashes++;
      if (backslashes % 2 === 0) {
        this.i = k + 1;
        return this.text.slice(start, k);
      }
      j = k + 1;
    }
  }

  /** Skips the value at the cursor. */
  value() {
    const c = this.ws();
    if (c === '"') {
      this.string();
      return;
    }
    if (c === "{" || c === "[") {
      // Jump from one bracket or quote to the next; strings are skipped whole.
      const special = /["{}[\]]/g;
      let depth = 0;
      special.lastIndex = this.i;
      for (let m = special.exec(this.text); m; m = special.exec(this.text)) {
        if (m[0] === '"') {
          this.i = m.index;
          this.string();
          special.lastIndex = this.i;
          continue;
        }
        depth += m[0] === "{" || m[0] === "[" ? 1 : -1;
        if (depth === 0) {
          this.i = m.index + 1;
          return;
        }
      }
      throw new Error("unterminated container");
    }
    const start = this.i;
    while (this.i < this.text.length && !",]}".includes(this.text[this.i]) && !WHITESPACE.has(this.text[this.i])) this.i++;
    if (this.i === start) throw new Error("value expected");
  }

  /**
   * Moves from the container at the cursor into its member `segment` (object key or array
   * index). Returns the offset where that member's key starts (objects), `-1` (arrays), or
   * null when the container has no such member (the cursor is then undefined).
   */
  enter(segment) {
    const open = this.ws();
    if (open !== "{" && open !== "[") return null;
    const object = open === "{";
    this.i++;
    const wanted = object ? null : Number(segment);
    if (!object && !/^\d+$/.test(segment)) return null;
    for (let index = 0; ; index++) {
      let c = this.ws();
      if (c === (object ? "}" : "]")) return null;
      if (index > 0) {
        if (c !== ",") return null;
        this.i++;
        c = this.ws();
      }
      if (object) {
        const keyStart = this.i;
        const raw = this.string();
        const key = raw.includes("\\") ? JSON.parse(`"${raw}"`) : raw;
        if (this.ws() !== ":") return null;
        this.i++;
        if (key === segment) {
          this.ws();
          return keyStart;
        }
      } else if (index === wanted) {
        this.ws();
        return -1;
      }
      this.value();
    }
  }
}

/** 1-based line and column of a character offset. */
function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf("\n"); k !== -1 && k < offset; k = text.indexOf("\n", k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Character offset of a 1-based line and column. */
function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/**
 * Where a JSON Pointer points in `text`: `{ start, end }` of the member (from its key, for
 * object members) or, when the pointer names something absent (a missing field), of its
 * nearest existing parent. Null when the text is not JSON.
 */
export function findPointer(text, pointer) {
  const scanner = new Scanner(text);
  try {
    let start = scanner.ws() === undefined ? null : scanner.i;
    let valueStart = scanner.i;
    for (const segment of segments(pointer)) {
      const save = scanner.i;
      const keyStart = scanner.enter(segment);
      if (keyStart === null) {
        scanner.i = save;
        break;
      }
      start = keyStart >= 0 ? keyStart : scanner.i;
      valueStart = scanner.i;
    }
    if (start === null) return null;
    scanner.i = valueStart;
    scanner.value();
    return { start, end: scanner.i };
  } catch {
    return null;
  }
}

/**
 * Where an engine error points in `text`: `{ line, column, start, end }` or null. An
 * `invalid_json` error is found from the "line L column C" in its message; any other from its
 * JSON Pointer path.
 */
export function locate(text, problem) {
  const m = /line (\d+) column (\d+)/.exec(problem.message ?? "");
  if (problem.code === "invalid_json" && m) {
    const start = offsetOf(text, Number(m[1]), Number(m[2]));
    return { line: Number(m[1]), column: Number(m[2]), start, end: Math.min(text.length, start + 1) };
  }
  const at = findPointer(text, problem.path ?? "");
  return at ? { ...lineColumn(text, at.start), ...at } : null;
}
