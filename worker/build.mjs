/**
 * Builds what workerd runs: the engine package's wasm (`pkg/`, by the package's `npm run build`,
 * when missing, or for `npm run worker` also when older than its sources) and the worker bundle
 * `dist/worker/worker.js` (esbuild, every time: it takes a few tens of milliseconds).
 *
 * The bundle resolves `commission-engine/scale` (the worker's routes and its fan-out use that
 * entry, which has the whole API, so the worker loads one module) through the package's
 * `workerd` export condition; the wasm stays a separate module, imported as
 * `commission_engine_scale_bg.wasm` and listed next to the bundle in worker/workerd.capnp
 * (workerd compiles it as a WebAssembly.Module). An import of the main module's wasm (from the
 * `commission-engine` entry) would be named `commission_engine_bg.wasm`. Run directly
 * (`node worker/build.mjs`) it builds and prints the bundle's path.
 */

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { packageIsStale } from "../scripts/lib.mjs";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The engine's wasm, built by wasm-pack. */
export const WASM_PATH = join(ROOT, "pkg", "commission_engine_bg.wasm");
/** The scale module's wasm (partitioned runs), built by the same script. */
export const SCALE_WASM_PATH = join(ROOT, "pkg", "scale", "commission_engine_bg.wasm");
/** The bundled worker. */
export const BUNDLE_PATH = join(ROOT, "dist", "worker", "worker.js");
/** The module name under which the bundle imports the wasm (see worker/workerd.capnp). */
export const WASM_MODULE_NAME = "commission_engine_bg.wasm";
/** The module name under which the bundle imports the scale module's wasm (pkg/scale/). */
export const SCALE_WASM_MODULE_NAME = "commission_engine_scale_bg.wasm";

/** Keeps every `.wasm` import out of the bundle, as the wasm modules listed in the config. */
const wasmAsModule = {
  name: "wasm-as-module",
  setup(build) {
    build.onResolve({ filter: /\.wasm$/ }, ({ path }) => ({
      path: /(^|\/)scale\/[^/]*\.wasm$/.test(path) ? SCALE_WASM_MODULE_NAME : WASM_MODULE_NAME,
      external: true,
    }));
  },
};

/**
 * Builds the engine's wasm with the package's own script when `pkg/` has none yet, or, with
 * `rebuildStale`, when it is older than the Rust sources.
 * @param {{ rebuildStale?: boolean }} [options]
 */
export function ensureWasm({ rebuildStale = false } = {}) {
  const missing = !existsSync(WASM_PATH) || !existsSync(SCALE_WASM_PATH);
  if (!missing && !(rebuildStale && packageIsStale())) return;
  console.error(`pkg/ is ${missing ? "missing" : "older than the sources"}: running npm run build`);
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", process.stderr, "inherit"] });
}

/** Bundles worker/src/index.js into dist/worker/worker.js; returns the bundle's path. */
export async function bundleWorker() {
  await esbuild.build({
    entryPoints: [join(ROOT, "worker", "src", "index.js")],
    outfile: BUNDLE_PATH,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    plugins: [wasmAsModule],
    logLevel: "warning",
  });
  return BUNDLE_PATH;
}

/**
 * Builds everything workerd needs to run the worker.
 * @param {{ rebuildStale?: boolean }} [options] also rebuild `pkg/` when it is older than the
 *   sources (`npm run worker`; the tests and the benchmark use the package as built)
 */
export async function buildWorker(options) {
  ensureWasm(options);
  return bundleWorker();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildWorker());
}
