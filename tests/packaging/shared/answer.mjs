// The conformance answer every packaging project computes with the package it installed: each
// case of tests/cases/*.json run through the call it names (and, for calculate cases with a
// what-if, through a loaded Engine too), as one JSON text. The test compares that text, byte for
// byte, with the one Node computes. Plain JavaScript with no import, so that every runtime and
// bundler takes it as it is.

/**
 * @param {object} api the package's module namespace (`import * as api from "commission-engine"`)
 * @param {Array<{ file: string, call?: string, plan: any, plan_b?: any, sales?: any, options?: any, request?: any }>} cases
 * @returns {string} the JSON text of `[{ file, result } | { file, error: { code, path, errors } }]`
 */
export function answer(api, cases) {
  const answers = [];
  for (const c of cases) {
    const call = c.call ?? "calculate";
    const args =
      call === "validate"
        ? [c.plan, c.sales]
        : call === "curve"
          ? [c.plan, c.sales, c.request]
          : call === "compare"
            ? [c.plan, c.plan_b, c.sales, c.options]
            : [c.plan, c.sales, c.options];
    answers.push({ file: c.file, call, ...attempt(() => api[call](...args)) });
    if (call === "calculate" && c.options?.what_if?.length) {
      const { what_if: invoices, ...options } = c.options;
      answers.push({
        file: c.file,
        call: "Engine.whatIf",
        ...attempt(() => new api.Engine(c.plan).load(c.sales).whatIf(invoices, options)),
      });
    }
  }
  return JSON.stringify(answers);
}

/** `{ result }`, or `{ error }` with the engine error's code, path and problems. */
function attempt(call) {
  try {
    return { result: call() };
  } catch (error) {
    if (typeof error?.code !== "string") throw error;
    return { error: { code: error.code, path: error.path, errors: error.errors } };
  }
}
