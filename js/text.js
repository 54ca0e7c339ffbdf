// Documents as JSON text for the binding (internal to the package): the API takes objects or
// JSON strings.

import { engineError } from "./guard.js";

/** JSON text of a document given as an object or as text. */
export function documentText(doc) {
  if (typeof doc === "string") return doc;
  let text;
  try {
    text = JSON.stringify(doc);
  } catch (cause) {
    throw engineError("invalid_json", "", `the document cannot be written as JSON: ${cause.message}`);
  }
  // `undefined`, a function or a symbol give no JSON at all: pass `null`, which the engine
  // rejects with the code of the document it expected.
  return text === undefined ? "null" : text;
}

/** JSON text of the options; absent options are the defaults. */
export function optionsText(options) {
  return options === undefined || options === null ? "" : documentText(options);
}
