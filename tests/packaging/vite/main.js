// A Vite app: `await init()` and nothing else. Vite emits the package's .wasm as an asset
// (it follows `new URL("…wasm", import.meta.url)` in the package) and init fetches it.
import init, * as api from "commission-engine";
import { showAnswer } from "../shared/browser-app.mjs";

await init();
await showAnswer(api);
