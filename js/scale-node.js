// The `commission-engine/scale` entry for Node: instantiates the scale module synchronously at
// import time, so `import { splitBook } from "commission-engine/scale"` needs no init call.
// (The main module is not loaded by this entry: the runner, its threads and the CLI use only
// this one.)

import { readFileSync } from "node:fs";
import { initSync } from "./scale.js";

initSync({ module: readFileSync(new URL("../pkg/scale/commission_engine_bg.wasm", import.meta.url)) });

export * from "./scale.js";
export { default } from "./scale.js";
