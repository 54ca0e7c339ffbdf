// The `scale` module's WebAssembly instance (internal to the package): the second module, built
// with the `scale` cargo feature, that streamed books and partitioned runs use (partition.js,
// the `commission-engine/scale` entries). Only those entries import it, so the main entries, and
// whatever a bundler builds from them, never load its glue or its .wasm.

import * as glue from "../pkg/scale/commission_engine.js";
import { Instance } from "./guard.js";

/** The scale module's instance (see `Instance` in guard.js). */
export const scaleState = new Instance(
  glue,
  "commission-engine/scale is not initialized: call `await init()` (or `initSync({ module })`) from its web entry first",
);
