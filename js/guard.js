// Running binding calls safely (internal to the package): a call that does not return
// normally from the WebAssembly module discards the instance and throws a coded
// `engine_failure`; a call before initialization throws `not_initialized`. The package has two
// modules, each with its own instance: the main one (state.js, used by api.js) and the `scale`
// one (scale-state.js, used by partition.js and the scale entries), and no binding call
// bypasses the recovery (docs/reliability.md, "A trap never poisons").

/**
 * One WebAssembly instance of a wasm-bindgen module and its state.
 * `ready`: set by the entry's `init`/`initSync` once the module is instantiated.
 * `generation`: 0 for the first instance, one more each time it is replaced (after a failure,
 * or by `recycle()`); an Engine made under another generation is dead.
 * `discarded`: the instance was discarded and a fresh one could not be made yet (the next call
 * tries again).
 */
export class Instance {
  /**
   * @param {object} glue the wasm-bindgen glue module (its exports)
   * @param {string} howToInit what the `not_initialized` error tells the caller to do
   */
  constructor(glue, howToInit) {
    this.glue = glue;
    this.howToInit = howToInit;
    this.ready = false;
    this.generation = 0;
    this.discarded = false;
    /** Instantiates the module on first use, when an entry set it (see `ensure`). */
    this.instantiate = null;
  }

  /**
   * Runs a binding call. The engine's own errors (see `isEngineError`) pass through;
   * anything else means the call did not return normally from the WebAssembly module, whose
   * memory and stack may then be inconsistent: the instance is discarded (a fresh one is made
   * at once) and the call throws `engine_failure`, with what was thrown as its `cause`.
   */
  guarded(call) {
    this.ensure();
    try {
      return call();
    } catch (thrown) {
      if (isEngineError(thrown)) throw thrown;
      this.discard();
      const error = engineError(
        "engine_failure",
        "",
        `the engine failed on this input (${describe(thrown)}); its WebAssembly instance was replaced by a fresh one`,
      );
      error.cause = thrown;
      throw error;
    }
  }

  /** Discards the current instance and makes a fresh one (or leaves that to the next call). */
  discard() {
    this.generation += 1;
    this.discarded = true;
    try {
      this.glue.__wbg_reset_state();
      this.discarded = false;
    } catch {
      // Out of memory for a new instance, say: `ensure()` tries again on the next call.
    }
  }

  /**
   * Instantiates the module on first use when its entry said how (`instantiate`), else throws a
   * clear error when the module is used before it is instantiated; makes the fresh instance
   * when the last one was discarded and replacing it failed then.
   */
  ensure() {
    if (!this.ready && this.instantiate !== null) this.instantiate();
    if (!this.ready) throw engineError("not_initialized", "", this.howToInit);
    if (this.discarded) {
      try {
        this.glue.__wbg_reset_state();
        this.discarded = false;
      } catch (cause) {
        throw engineError(
          "engine_failure",
          "",
          `a fresh WebAssembly instance could not be made: ${describe(cause)}`,
        );
      }
    }
  }

  /** `{ generation, memoryBytes }` of the current instance (see `instanceInfo` in api.js). */
  info() {
    this.ensure();
    // `initSync` returns the instance's exports once it is initialized.
    const exports = this.glue.initSync({ module: undefined });
    return { generation: this.generation, memoryBytes: exports.memory.buffer.byteLength };
  }

  /** Replaces the instance by a fresh one, giving its memory back (see `recycle` in api.js). */
  recycle() {
    this.ensure();
    this.discard();
    this.ensure();
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

export function describe(thrown) {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return String(thrown);
}

/** An Error shaped like the ones the engine throws. */
export function engineError(code, path, message) {
  const error = new Error(`${code}: ${message}`);
  error.code = code;
  error.path = path;
  error.errors = [{ code, path, message }];
  return error;
}

/** The key of an Engine class's instance (a static member; see api.js and scale.js). */
export const INSTANCE = Symbol("instance");
/** The key of an Engine's method that runs a call on its inner object (see scale.js). */
export const CALL = Symbol("call");
