// The free functions of the API over one module's instance (internal to the package): the main
// entry's (api.js, the main module) and the scale entry's (scale.js, the scale module, which has
// the whole API too) are made here from the same code.

import { schemasText } from "../pkg/schemas.js";
import { documentText, optionsText } from "./text.js";

/**
 * The API's free functions, each running its binding call through `instance` (see `Instance` in
 * guard.js), so that a trap discards that instance and throws `engine_failure`.
 * @param {import("./guard.js").Instance} instance
 */
export function callsOf(instance) {
  const glue = instance.glue;
  const guarded = (call) => instance.guarded(call);
  return {
    /**
     * Calculates the commissions of `sales` under `plan`.
     * @param {object|string} plan the plan document (object or JSON text)
     * @param {object|string} sales the sales document
     * @param {object|string} [options] the options
     * @returns {object} the result document
     */
    calculate(plan, sales, options) {
      return JSON.parse(
        guarded(() => glue.calculate(documentText(plan), documentText(sales), optionsText(options))),
      );
    },

    /**
     * Calculates like `calculate`, and returns the result document as JSON text, exactly as the
     * engine wrote it (no JSON.parse of the answer: for servers and workers that pass it on).
     * @param {object|string} plan the plan document (object or JSON text)
     * @param {object|string} sales the sales document
     * @param {object|string} [options] the options
     * @returns {string} the result document as JSON text
     */
    calculateJSON(plan, sales, options) {
      return guarded(() => glue.calculate(documentText(plan), documentText(sales), optionsText(options)));
    },

    /**
     * The team report of `sales` under `plan`: the upline tree with personal and group sales,
     * levels and bonuses.
     * @param {object|string} plan
     * @param {object|string} sales
     * @param {object|string} [options]
     * @returns {object} the hierarchy report
     */
    hierarchy(plan, sales, options) {
      return JSON.parse(
        guarded(() => glue.hierarchy(documentText(plan), documentText(sales), optionsText(options))),
      );
    },

    /**
     * The earnings curve of one agent: its total as added sales grow over a range, with the exact
     * breakpoints.
     * @param {object|string} plan
     * @param {object|string} sales
     * @param {object|string} request `{ agent, add: { from, to, steps }, template }`
     * @returns {object} the curve
     */
    curve(plan, sales, request) {
      return JSON.parse(
        guarded(() => glue.curve(documentText(plan), documentText(sales), documentText(request))),
      );
    },

    /**
     * Compares two plans on the same sales: both calculated with the same options, and the
     * difference per agent, per rule and per line (plan modelling: what a plan change costs).
     * @param {object|string} planA the current plan document
     * @param {object|string} planB the proposed plan document (same currency)
     * @param {object|string} sales
     * @param {object|string} [options]
     * @returns {object} `{ currency, before, after, delta, agents, rules, lines }`
     */
    compare(planA, planB, sales, options) {
      return JSON.parse(
        guarded(() =>
          glue.compare(documentText(planA), documentText(planB), documentText(sales), optionsText(options)),
        ),
      );
    },

    /**
     * Checks a plan, and a sales document against it when given.
     * @param {object|string} plan
     * @param {object|string} [sales]
     * @returns {{ valid: true }} or throws the error
     */
    validate(plan, sales) {
      const salesText = sales === undefined || sales === null ? undefined : documentText(sales);
      return JSON.parse(guarded(() => glue.validate(documentText(plan), salesText)));
    },

    /**
     * The JSON Schemas of the documents, generated from the engine's Rust types at build time (not
     * inside the WebAssembly module).
     * @returns {{ plan: object, sales: object, options: object, result: object, error: object }}
     */
    schemas() {
      instance.ensure();
      return JSON.parse(schemasText);
    },

    /**
     * The package's WebAssembly instance: `generation` (0 for the first one, one more each time it
     * was replaced, after a failure or by `recycle()`) and `memoryBytes`, the size of its linear
     * memory (which only grows while the instance lives).
     * @returns {{ generation: number, memoryBytes: number }}
     */
    instanceInfo() {
      return instance.info();
    },

    /**
     * Replaces the WebAssembly instance by a fresh one from the compiled module, giving its memory
     * back (WebAssembly memory never shrinks otherwise): for a long-running host after a large
     * request. Every Engine made before throws `engine_discarded` afterwards.
     */
    recycle() {
      instance.recycle();
    },
  };
}
