#!/usr/bin/env node
// Bundles the demo page's code (www/app.js, with the CodeMirror editors and their JSON Schema
// support from node_modules) into www/dist/ with esbuild, so that the page loads every module
// from its own server and works offline. The engine is not bundled: the page's Web Worker
// (www/lib/engine-worker.js) imports the package's browser entry as served beside the page.
// scripts/serve-page.mjs runs this before it serves; it takes well under a second.

import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { root } from "./lib.mjs";

/** Builds www/dist/app.js (and the chunks it loads on demand). */
export async function buildPage() {
  await build({
    absWorkingDir: root,
    entryPoints: ["www/app.js"],
    bundle: true,
    format: "esm",
    splitting: true,
    minify: true,
    sourcemap: true,
    target: "es2022",
    outdir: "www/dist",
    logLevel: "warning",
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildPage();
