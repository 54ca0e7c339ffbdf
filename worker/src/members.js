/**
 * Cutting a request body (a JSON object) into the raw JSON text of each top-level member.
 *
 * The worker hands the engine the exact text of `plan`, `sales`, `options` and `request` as it
 * was sent, rather than JavaScript values:
 * - the contract reads every number exactly from its JSON text, and a round trip through
 *   `JSON.parse`/`JSON.stringify` would pass numbers through binary floats
 *   (`0.1000000000000000055` becomes `0.1`, integers past 2^53 change);
 * - it is several times cheaper: `JSON.parse` of a 7 MB body builds every JS object (~70 ms
 *   here, where this scan takes ~20 ms) only for the engine to parse the text again.
 * So the body is never parsed in JavaScript. This scanner checks the object's own syntax
 * (names, `:`, `,`, braces, nothing after it) and skips each value by matching its brackets and
 * strings; the engine then parses every value it is given with serde_json, which rejects
 * anything that is not JSON, and the worker refuses every other member. No npm package cuts a
 * document into its members' source text without building a tree or a pointer for every node.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A body that is not a well-formed JSON object; `offset` is where the scanner stopped. */
export class EnvelopeSyntaxError extends Error {
  /**
   * @param {string} message
   * @param {number} offset the character offset in the body
   */
  constructor(message, offset) {
    super(`${message} at character ${offset}`);
    this.offset = offset;
  }
}

/**
 * A body whose object names one member twice. `JSON.parse` would keep the last value and hide
 * the first (`{"plan": garbage, "plan": {...}}`), so the worker refuses it instead.
 */
export class DuplicateMemberError extends Error {
  /**
   * @param {string} name the repeated member name
   * @param {number} offset the character offset of its second occurrence
   */
  constructor(name, offset) {
    super(
      `the member "${name.length > 64 ? `${name.slice(0, 64)}…` : name}" is given twice (again at character ${offset})`,
    );
    this.name = "DuplicateMemberError";
    this.member = name;
    this.offset = offset;
  }
}

/**
 * The members of the JSON object that `text` holds, name to raw JSON text, in document order.
 * Throws EnvelopeSyntaxError when the object's own syntax is broken, and DuplicateMemberError
 * when a name is repeated; member values are only delimited, not checked.
 * @param {string} text the body; its first non-whitespace character must be `{`
 * @returns {Map<string, string>}
 */
export function topLevelMembers(text) {
  const members = new Map();
  let i = skipWhitespace(text, text.indexOf("{") + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return finish(text, i, members);
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw new EnvelopeSyntaxError("expected a member name", i);
    const nameEnd = stringEnd(text, i);
    const name = memberName(text, i, nameEnd);
    if (members.has(name)) throw new DuplicateMemberError(name, i);
    i = skipWhitespace(text, nameEnd);
    if (text.charCodeAt(i) !== COLON) throw new EnvelopeSyntaxError("expected ':'", i);
    const valueStart = skipWhitespace(text, i + 1);
    const end = valueEnd(text, valueStart);
    members.set(name, text.slice(valueStart, end));
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return finish(text, i, members);
    if (c !== COMMA) throw new EnvelopeSyntaxError("expected ',' or '}'", i);
    i = skipWhitespace(text, i + 1);
  }
}

/** Nothing but whitespace may follow the object's closing brace at `i`. */
function finish(text, i, members) {
  const end = skipWhitespace(text, i + 1);
  if (end < text.length) throw new EnvelopeSyntaxError("unexpected text after the object", end);
  return members;
}

function memberName(text, start, end) {
  try {
    return JSON.parse(text.slice(start, end));
  } catch {
    throw new EnvelopeSyntaxError("invalid member name", start);
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
    if (quote === -1) throw new EnvelopeSyntaxError("unterminated string", start);
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
  let i = start; // a number or a literal: it runs to the next delimiter
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
    if (
      c === 0x20 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09 ||
      c === QUOTE ||
      c === OPEN_BRACE ||
      c === OPEN_BRACKET
    ) {
      break;
    }
    i++;
  }
  if (i === start) throw new EnvelopeSyntaxError("expected a value", start);
  return i;
}

/** The index just past the object or array that opens at `start`. */
function containerEnd(text, start) {
  let depth = 0;
  for (let i = start; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    i++;
  }
  throw new EnvelopeSyntaxError("unterminated object or array", start);
}
