// An esbuild app. esbuild copies a file only when a loader says so (`--loader:.wasm=file`,
// as for images or fonts): importing the package's .wasm gives its URL in the bundle's folder.
import init, * as api from "commission-engine";
import wasmUrl from "commission-engine/commission_engine_bg.wasm";
import { showAnswer } from "../../shared/browser-app.mjs";

await init(new URL(wasmUrl, import.meta.url));
await showAnswer(api);
