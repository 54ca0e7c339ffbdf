/**
 * The result budget of a request: `MAX_RESULT_BYTES` bounds what one answer may weigh.
 *
 * When the engine takes a `max_bytes` option (its options schema says so), the budget goes into
 * the options, so the engine refuses a result past it before building it (`limit_exceeded`);
 * a caller's own smaller `max_bytes` is kept. Whatever the engine, an answer longer than the
 * budget is refused with the same code rather than sent.
 */

import { HttpError } from "./errors.js";
import { topLevelMembers } from "./members.js";

/**
 * The options text to hand the engine: `options` (raw JSON text, or undefined) with `max_bytes`
 * at most `maxBytes` when the engine takes that option. Text that is not a well-formed object is
 * returned as it is, for the engine to refuse with its own message.
 * @param {string | undefined} options
 * @param {number} maxBytes
 * @param {boolean} engineTakesMaxBytes
 * @returns {string | undefined}
 */
export function optionsWithBudget(options, maxBytes, engineTakesMaxBytes) {
  if (!engineTakesMaxBytes) return options;
  if (options === undefined) return `{"max_bytes":${maxBytes}}`;
  let members;
  try {
    members = topLevelMembers(options);
  } catch {
    return options;
  }
  const given = members.get("max_bytes");
  if (given !== undefined && !/^[0-9]+$/.test(given)) return options; // not a count: the engine refuses it
  if (given === undefined || Number(given) > maxBytes) members.set("max_bytes", String(maxBytes));
  return `{${[...members].map(([name, raw]) => `${JSON.stringify(name)}:${raw}`).join(",")}}`;
}

/**
 * Refuses (422 `limit_exceeded`) an answer text longer than `maxBytes` UTF-8 bytes.
 * @param {string} text
 * @param {number} maxBytes
 * @returns {string} the text
 */
export function withinBudget(text, maxBytes) {
  // A string's UTF-8 bytes are at least its length and at most three times it: encode it to
  // count them only in between.
  const fits =
    text.length * 3 <= maxBytes ||
    (text.length <= maxBytes && new TextEncoder().encode(text).byteLength <= maxBytes);
  if (fits) return text;
  throw new HttpError(
    422,
    "limit_exceeded",
    `the result is larger than this worker's MAX_RESULT_BYTES of ${maxBytes} bytes; ask for fewer agents or a shorter period`,
  );
}
