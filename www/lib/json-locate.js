/**
 * Finds where a JSON Pointer points in JSON text, so that an engine error at
 * `/plans/0/rules/1/percent` can be shown at its line in the editor.
 *
 * A small scanner over valid JSON (the engine reports pointer paths only for text that parsed)
 * records the offset of every value, and of every member's key, by pointer. It is written here
 * rather than taken from a library because the page loads plain ES modules with no bundler and
 * the JSON parsers that keep positions are CommonJS or need one.
 */

/** Escapes one pointer segment (RFC 6901). */
function escapeSegment(key) {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Scans `text` and returns a Map from pointer to `{ start, end, keyStart }` (character offsets;
 * `keyStart` is where the member's key starts, for object members). Null when the text is not JSON.
 */
export function pointerMap(text) {
  const map = new Map();
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++; // closing quote
    return JSON.parse(text.slice(start, i));
  };
  // An explicit stack instead of recursion: deep documents cannot overflow the JS stack.
  const stack = [];
  const enter = (pointer, keyStart) => {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      stack.push({ pointer, start, keyStart, object: c === "{", index: 0 });
      return;
    }
    if (c === '"') string();
    else {
      while (i < text.length && !",]} \t\n\r".includes(text[i])) i++;
    }
    if (i === start) throw new Error("value expected");
    map.set(pointer, { start, end: i, keyStart });
  };
  enter("", undefined);
  while (stack.length) {
    const top = stack[stack.length - 1];
    ws();
    if (text[i] === (top.object ? "}" : "]")) {
      i++;
      stack.pop();
      map.set(top.pointer, { start: top.start, end: i, keyStart: top.keyStart });
      continue;
    }
    if (top.index > 0) {
      if (text[i] !== ",") throw new Error("comma expected");
      i++;
      ws();
    }
    const index = top.index++;
    if (top.object) {
      const keyStart = i;
      const key = string();
      ws();
      i++; // colon
      enter(`${top.pointer}/${escapeSegment(key)}`, keyStart);
    } else {
      enter(`${top.pointer}/${index}`, undefined);
    }
  }
  return map;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
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
 * Where an engine error points in `text`: `{ line, column, start, end }` or null.
 * A pointer is found exactly or, when it names something absent (a missing field), at its
 * nearest existing parent; an `invalid_json` error is found from the "line L column C" in its
 * message.
 */
export function locate(text, problem) {
  const m = /line (\d+) column (\d+)/.exec(problem.message ?? "");
  if (problem.code === "invalid_json" && m) {
    const start = offsetOf(text, Number(m[1]), Number(m[2]));
    return { line: Number(m[1]), column: Number(m[2]), start, end: Math.min(text.length, start + 1) };
  }
  let map;
  try {
    map = pointerMap(text);
  } catch {
    return null;
  }
  let pointer = problem.path ?? "";
  while (!map.has(pointer) && pointer !== "") pointer = pointer.slice(0, pointer.lastIndexOf("/"));
  const at = map.get(pointer);
  if (!at) return null;
  const start = at.keyStart ?? at.start;
  return { ...lineColumn(text, start), start, end: at.end };
}
