// Whether the WebAssembly module has been instantiated (internal to the package).

/** Set by `init`/`initSync` in web.js once the module is instantiated. */
export const state = { ready: false };
