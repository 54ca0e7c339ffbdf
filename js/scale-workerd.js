// The `commission-engine/scale` entry for workerd / Cloudflare Workers: the runtime (or
// wrangler's bundler) imports the scale module's `.wasm` as a compiled WebAssembly.Module
// (the worker's fan-out, worker/src/fanout.js, imports this entry). It is instantiated on first
// use, not at load: a worker that serves other routes never pays for a second instance.

import module from "../pkg/scale/commission_engine_bg.wasm";
import { initSync } from "./scale.js";
import { scaleState } from "./scale-state.js";

scaleState.instantiate = () => initSync({ module });

export * from "./scale.js";
export { default } from "./scale.js";
