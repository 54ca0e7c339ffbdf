// The Deno entry: imports the `.wasm` as a compiled WebAssembly.Module (a source phase import,
// which Deno loads as part of the module graph, so no --allow-read is needed) and instantiates
// it synchronously, so `import { calculate } from "commission-engine"` needs no init call.

import source module from "../pkg/commission_engine_bg.wasm";
import { initSync } from "./web.js";

initSync({ module });

export * from "./web.js";
export { default } from "./web.js";
