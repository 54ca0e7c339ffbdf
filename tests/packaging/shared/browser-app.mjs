// What each bundled browser app does once the engine is initialized: fetches the cases served
// beside the page, computes the answer and shows it in <pre id="answer">, then marks
// <body data-done> ("true", or "error" with the message shown).
import { answer } from "./answer.mjs";

/**
 * @param {object} api the package's module namespace, initialized
 */
export async function showAnswer(api) {
  const out = document.getElementById("answer");
  try {
    const cases = await (await fetch("./cases.json")).json();
    out.textContent = answer(api, cases);
    document.body.dataset.done = "true";
  } catch (error) {
    out.textContent = `${error?.code ?? ""} ${error?.message ?? error}`;
    document.body.dataset.done = "error";
  }
}
