// A webpack 5 app: `await init()` and nothing else.
import init, * as api from "commission-engine";
import { showAnswer } from "../../shared/browser-app.mjs";

init().then(() => showAnswer(api));
