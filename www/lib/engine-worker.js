/**
 * The demo page's calculations, in a Web Worker so that the page never freezes, however large
 * the documents: the page posts `{ id, op, ... }` and gets `{ id, value }` or `{ id, error }`
 * back (an engine error as `{ code, path, message, errors }`). It keeps the plan compiled once
 * per plan text and the sales loaded once per sales text, as the page did on its own thread.
 *
 * It imports the package's browser entry by path (a worker does not see the page's import
 * map); `../../js/web.js` is the same file from www/lib/ on disk and from /lib/ on the server.
 */
import init, { Engine, hierarchy, schemas } from "../../js/web.js";

let compiled = null; // { planText, engine }
let loadedFor = null; // the sales text the engine has loaded, for what-ifs and curves

/** The engine for the plan text, compiled once per distinct text. Throws the plan's error. */
function engineFor(planText) {
  if (compiled?.planText === planText) return compiled.engine;
  const engine = new Engine(planText);
  compiled?.engine.free();
  compiled = { planText, engine };
  loadedFor = null;
  return engine;
}

/** The engine with `salesText` loaded (loaded again only when the text changed). */
function loaded(planText, salesText) {
  const engine = engineFor(planText);
  if (loadedFor !== salesText) {
    engine.load(salesText);
    loadedFor = salesText;
  }
  return engine;
}

const operations = {
  schemas: () => schemas(),
  /** The result, and the team report when an agent has an upline (null otherwise). */
  calculate({ plan, sales, options }) {
    let engine;
    try {
      engine = engineFor(plan);
    } catch (error) {
      throw Object.assign(error, { document: "plan" });
    }
    const result = engine.calculate(sales, options);
    let team = null;
    try {
      const report = hierarchy(plan, sales, options);
      if (report.agents.some((a) => a.upline)) team = report;
    } catch (error) {
      team = { error: plain(error) };
    }
    return { result, team };
  },
  whatIf: ({ plan, sales, invoice, options }) => loaded(plan, sales).whatIf([invoice], options),
  curve: ({ plan, sales, request }) => loaded(plan, sales).curve(request),
  /**
   * Plan A (the engine's plan) against `planB` on the loaded sales, without loading them again.
   * Plan A's own errors have already been shown by `calculate`; what fails here is plan B's.
   */
  compare({ plan, sales, planB, options }) {
    const engine = loaded(plan, sales);
    try {
      return engine.compare(planB, options);
    } catch (error) {
      throw Object.assign(error, { document: "plan_b" });
    }
  },
};

/** An engine error as data that survives postMessage (an Error's own fields do not). */
function plain(error) {
  return {
    code: error.code ?? "error",
    path: error.path ?? "",
    message: error.message,
    errors: error.errors ?? [],
    document: error.document,
  };
}

/**
 * Runs an operation. When the package replaced its WebAssembly instance after a trap, the
 * compiled Engine belongs to the discarded one (`engine_discarded`): it is dropped and the
 * operation runs once more on a fresh compile; after `engine_failure` it is dropped too.
 */
function answer(op, args) {
  try {
    return operations[op](args);
  } catch (error) {
    if (error?.code !== "engine_discarded" && error?.code !== "engine_failure") throw error;
    compiled = null;
    loadedFor = null;
    if (error.code === "engine_failure") throw error;
    return operations[op](args);
  }
}

const ready = init();

self.addEventListener("message", async ({ data }) => {
  const { id, op, ...args } = data;
  try {
    await ready;
    self.postMessage({ id, value: answer(op, args) });
  } catch (error) {
    self.postMessage({ id, error: plain(error) });
  }
});
