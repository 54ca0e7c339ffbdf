// The Node entry: instantiates the WebAssembly module synchronously at import time, so
// `import { calculate } from "commission-engine"` works with no init call.

import { readFileSync } from "node:fs";
import { initSync } from "./web.js";

initSync({ module: readFileSync(new URL("../pkg/commission_engine_bg.wasm", import.meta.url)) });

export * from "./web.js";
export { default } from "./web.js";
