/**
 * The raw JSON text of each member of a top-level JSON object.
 *
 * The worker hands the engine the exact text of `plan`, `sales`, `options` and `request` as it
 * was sent, rather than JavaScript values: the contract reads every number exactly from its
 * JSON text, and a round trip through `JSON.parse`/`JSON.stringify` would pass numbers through
 * binary floats (`0.1000000000000000055` becomes `0.1`, integers past 2^53 change) and costs a
 * serialization of the whole document. No npm package cuts a document into its top-level
 * members' source text without building a pointer for every node, hence this scanner.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The members of the object that `text` holds, name to raw JSON text, in document order (a
 * repeated name keeps its last value, as `JSON.parse` does).
 * @param {string} text JSON text already known to be valid (it has passed `JSON.parse`) whose
 *   top-level value is an object
 * @returns {Map<string, string>}
 */
export function topLevelMembers(text) {
  const members = new Map();
  let i = skipWhitespace(text, text.indexOf("{") + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return members;
  for (;;) {
    const nameEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, nameEnd));
    const valueStart = skipWhitespace(text, skipWhitespace(text, nameEnd) + 1); // past ':'
    const end = valueEnd(text, valueStart);
    members.delete(name);
    members.set(name, text.slice(valueStart, end));
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === CLOSE_BRACE) return members;
    i = skipWhitespace(text, i + 1); // past ','
  }
}

function skipWhitespace(text, i) {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The index just past the string that opens at `start` (a `"`). */
function stringEnd(text, start) {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index just past the value that starts at `start`. */
function valueEnd(text, start) {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return containerEnd(text, start);
  let i = start; // a number or a literal: it ends at a delimiter
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) return i;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i;
    i++;
  }
}

/** The index just past the object or array that opens at `start`. */
function containerEnd(text, start) {
  let depth = 0;
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
}
