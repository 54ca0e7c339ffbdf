// The browser entry (and the base of every other entry): the API, plus `init` and `initSync`
// to instantiate the WebAssembly module first. Both are idempotent.
//
//   import init, { calculate } from "commission-engine";
//   await init();                       // fetches commission_engine_bg.wasm next to the module
//   await init({ module_or_path: url }) // or from a URL, Response, bytes or WebAssembly.Module
//   initSync({ module })                // synchronously, from bytes or a WebAssembly.Module

import instantiate, { initSync as instantiateSync } from "../pkg/commission_engine.js";
import { state } from "./state.js";

export * from "./api.js";

/**
 * Instantiates the WebAssembly module (asynchronously). Without an argument it fetches
 * `commission_engine_bg.wasm` from beside the package's generated module.
 * @param {{ module_or_path: any } | any} [input] a URL, Request, Response, bytes or WebAssembly.Module,
 *   bare or as `{ module_or_path }`
 */
export default async function init(input) {
  if (state.ready) return;
  // Calls made while the module loads (an app and a widget both initializing) share one load.
  pending ??= instantiate(
    input === undefined || isWrapped(input, "module_or_path") ? input : { module_or_path: input },
  ).then(
    () => {
      state.ready = true;
    },
    (error) => {
      pending = null;
      throw error;
    },
  );
  await pending;
}

/** The load in progress, if any. */
let pending = null;

/**
 * Instantiates the WebAssembly module synchronously.
 * @param {{ module: any } | any} input bytes or a WebAssembly.Module, bare or as `{ module }`
 */
export function initSync(input) {
  if (state.ready) return;
  instantiateSync(isWrapped(input, "module") ? input : { module: input });
  state.ready = true;
}

function isWrapped(input, key) {
  return (
    input !== null &&
    typeof input === "object" &&
    Object.getPrototypeOf(input) === Object.prototype &&
    key in input
  );
}
