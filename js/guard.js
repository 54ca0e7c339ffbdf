// Running binding calls safely (internal to the package): a call that does not return
// normally from the WebAssembly module discards the instance and throws a coded
// `engine_failure`; a call before initialization throws `not_initialized`. Shared by the
// wrapper (api.js) and the partitioned runs (partition.js), so that no binding call
// bypasses the recovery (docs/reliability.md, "A trap never poisons").

import * as wasm from "../pkg/commission_engine.js";
import { state } from "./state.js";

/**
 * Runs a binding call. The engine's own errors (see `isEngineError`) pass through;
 * anything else means the call did not return normally from the WebAssembly module, whose
 * memory and stack may then be inconsistent: the instance is discarded (a fresh one is made at
 * once) and the call throws `engine_failure`, with what was thrown as its `cause`.
 */
export function guarded(call) {
  ready();
  try {
    return call();
  } catch (thrown) {
    if (isEngineError(thrown)) throw thrown;
    discardInstance();
    const error = engineError(
      "engine_failure",
      "",
      `the engine failed on this input (${describe(thrown)}); its WebAssembly instance was replaced by a fresh one`,
    );
    error.cause = thrown;
    throw error;
  }
}

/**
 * Whether `thrown` is the engine's own error: `code` and `path` strings and an `errors` array
 * (a runtime's error with only a `code`, such as Node's `ERR_*` errors, is not).
 */
export function isEngineError(thrown) {
  return (
    thrown instanceof Error &&
    typeof thrown.code === "string" &&
    typeof thrown.path === "string" &&
    Array.isArray(thrown.errors)
  );
}

/** Discards the current instance and makes a fresh one (or leaves that to the next call). */
export function discardInstance() {
  state.generation += 1;
  state.discarded = true;
  try {
    wasm.__wbg_reset_state();
    state.discarded = false;
  } catch {
    // Out of memory for a new instance, say: `ready()` tries again on the next call.
  }
}

export function describe(thrown) {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return String(thrown);
}

/**
 * Throws a clear error when the web entry is used before `init()`; makes the fresh instance
 * when the last one was discarded and replacing it failed then.
 */
export function ready() {
  if (!state.ready) {
    throw engineError(
      "not_initialized",
      "",
      "commission-engine is not initialized: call `await init()` (or `initSync({ module })`) from the web entry first",
    );
  }
  if (state.discarded) {
    try {
      wasm.__wbg_reset_state();
      state.discarded = false;
    } catch (cause) {
      throw engineError(
        "engine_failure",
        "",
        `a fresh WebAssembly instance could not be made: ${describe(cause)}`,
      );
    }
  }
}

/** An Error shaped like the ones the engine throws. */
export function engineError(code, path, message) {
  const error = new Error(`${code}: ${message}`);
  error.code = code;
  error.path = path;
  error.errors = [{ code, path, message }];
  return error;
}
