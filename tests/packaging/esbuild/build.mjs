// The usual esbuild build of a browser app, plus the loader that copies the package's .wasm
// (esbuild copies no asset without one).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

await build({
  absWorkingDir: fileURLToPath(new URL(".", import.meta.url)),
  entryPoints: ["src/main.js"],
  bundle: true,
  format: "esm",
  outdir: "dist",
  loader: { ".wasm": "file" },
  logLevel: "warning",
});
