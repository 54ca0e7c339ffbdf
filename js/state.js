// The state of the package's WebAssembly instance (internal to the package).

/**
 * `ready`: set by `init`/`initSync` in web.js once the module is instantiated.
 * `generation`: 0 for the first instance, one more each time api.js replaces it (after a
 * failure, or by `recycle()`); an Engine made under another generation is dead.
 * `discarded`: the instance was discarded and a fresh one could not be made yet (api.js tries
 * again on the next call).
 */
export const state = { ready: false, generation: 0, discarded: false };
