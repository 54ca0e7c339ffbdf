// The package's main WebAssembly instance (internal to the package): the module every entry
// loads (calculate, Engine, what-if, curve, compare). The `scale` module's instance is in
// scale-state.js.

import * as glue from "../pkg/commission_engine.js";
import { Instance } from "./guard.js";

/** The main module's instance (see `Instance` in guard.js). */
export const state = new Instance(
  glue,
  "commission-engine is not initialized: call `await init()` (or `initSync({ module })`) from the web entry first",
);
