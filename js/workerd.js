// The edge entry (workerd / Cloudflare Workers): the runtime (or wrangler's bundler) imports a
// `.wasm` file as a compiled WebAssembly.Module, which is instantiated synchronously here, so
// no init call is needed.

import module from "../pkg/commission_engine_bg.wasm";
import { initSync } from "./web.js";

initSync({ module });

export * from "./web.js";
export { default } from "./web.js";
