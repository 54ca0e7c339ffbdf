// The usual webpack 5 configuration: an entry and an output folder. Nothing for WebAssembly:
// webpack emits the package's .wasm as an asset resource from `new URL("…wasm", import.meta.url)`.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  context: fileURLToPath(new URL(".", import.meta.url)),
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("./dist", import.meta.url)), clean: true },
};
