// The `commission-engine/scale` entry for workerd / Cloudflare Workers: the runtime (or
// wrangler's bundler) imports the scale module's `.wasm` as a compiled WebAssembly.Module,
// instantiated synchronously here (the worker's fan-out, worker/src/fanout.js, imports it).

import module from "../pkg/scale/commission_engine_bg.wasm";
import { initSync } from "./scale.js";

initSync({ module });

export * from "./scale.js";
export { default } from "./scale.js";
