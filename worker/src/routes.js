/**
 * The route handlers: each reads its request, calls the engine package and answers JSON.
 * Errors are thrown as HttpError and answered by the app (see app.js).
 */

// The scale entry has the whole API too: the worker (whose fan-out needs streamed books and
// partitioned runs) loads one WebAssembly module for every route, not two.
import * as engine from "commission-engine/scale";
import { readJsonMembers } from "./body.js";
import { optionsWithBudget, withinBudget } from "./budget.js";
import { HttpError, engineError, jsonResponse } from "./errors.js";
import { settings } from "./settings.js";

/**
 * `GET /health`: the worker is up, with its engine's WebAssembly instance: `generation` (0 for
 * the first instance, one more each time it was replaced after a failure or recycled) and
 * `memory_bytes` (its linear memory, which never shrinks), the largest memory an instance
 * reached after a request since the isolate started, and the recycling threshold.
 */
export function health(c) {
  const { generation, memoryBytes } = engine.instanceInfo();
  return jsonResponse(
    JSON.stringify({
      status: "ok",
      engine: {
        generation,
        memory_bytes: memoryBytes,
        largest_memory_bytes: Math.max(largestMemoryBytes, memoryBytes),
        recycle_memory_bytes: settings(c.env).recycleMemoryBytes,
      },
    }),
  );
}

/** The largest memory an engine instance of this isolate reached after a request. */
let largestMemoryBytes = 0;

/** `GET /v1/schema`: the JSON Schemas of plan, sales, options, result and error. */
export function schemaAll() {
  return jsonResponse(schemaTexts().all);
}

/** `GET /v1/schema/:name`: one of the JSON Schemas (`plan`, `sales`, `options`, `result`, ...). */
export function schemaOne(c) {
  const name = c.req.param("name");
  const text = schemaTexts().byName.get(name);
  if (text === undefined) {
    const names = [...schemaTexts().byName.keys()].join(", ");
    throw new HttpError(404, "not_found", `no schema named "${name}"; there are: ${names}`);
  }
  return jsonResponse(text);
}

/**
 * `POST /v1/calculate` with `{plan, sales, options?}`: the result document, as the engine's own
 * JSON text (calculateJSON: not parsed into objects and serialized again here).
 */
export const calculate = engineRoute(
  { required: ["plan", "sales"], optional: ["options"] },
  ({ plan, sales, options }, budget) => engine.calculateJSON(plan, sales, budgeted(options, budget)),
  { answersText: true },
);

/** `POST /v1/validate` with `{plan, sales?}`: `{"valid":true}`, or the error (400). */
export const validate = engineRoute({ required: ["plan"], optional: ["sales"] }, ({ plan, sales }) =>
  engine.validate(plan, sales),
);

/** `POST /v1/curve` with `{plan, sales, request}`: one agent's earnings as added sales grow. */
export const curve = engineRoute({ required: ["plan", "sales", "request"] }, ({ plan, sales, request }) =>
  engine.curve(plan, sales, request),
);

/** `POST /v1/hierarchy` with `{plan, sales, options?}`: the team report (uplines, group sales). */
export const hierarchy = engineRoute(
  { required: ["plan", "sales"], optional: ["options"] },
  ({ plan, sales, options }, budget) => engine.hierarchy(plan, sales, budgeted(options, budget)),
);

/**
 * `POST /v1/compare` with `{plan_a, plan_b, sales, options?}`: both plans on the same sales and
 * the difference per agent, per rule and per line (what a plan change costs).
 */
export const compare = engineRoute(
  { required: ["plan_a", "plan_b", "sales"], optional: ["options"] },
  ({ plan_a, plan_b, sales, options }) => engine.compare(plan_a, plan_b, sales, options),
);

/**
 * A POST handler that reads the members of `shape` from the body (as JSON text) and answers
 * what `call` returns for them, within the result budget (`MAX_RESULT_BYTES`).
 * @param {{ required: string[], optional?: string[] }} shape
 * @param {(members: Record<string, string>, maxResultBytes: number) => unknown} call the engine call
 * @param {{ answersText?: boolean }} [how] `answersText`: the call returns JSON text already
 */
function engineRoute(shape, call, { answersText = false } = {}) {
  return async (c) => {
    const { maxBodyBytes, bodyTimeoutMs, recycleMemoryBytes, maxResultBytes } = settings(c.env);
    const members = await readJsonMembers(
      c.req.raw,
      { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs },
      shape,
    );
    try {
      return jsonResponse(
        withinBudget(
          runEngine(() => call(members, maxResultBytes), answersText),
          maxResultBytes,
        ),
      );
    } finally {
      recycleWhenLarge(recycleMemoryBytes);
    }
  };
}

/** Runs an engine call and serializes its answer; whatever it throws becomes an HttpError. */
function runEngine(call, answersText) {
  let answer;
  try {
    answer = call();
  } catch (thrown) {
    throw engineError(thrown);
  }
  return answersText ? answer : JSON.stringify(answer);
}

/**
 * Replaces the engine's WebAssembly instance by a fresh one when its memory has grown past
 * `limit` bytes: WebAssembly memory never shrinks, so one large request would otherwise keep
 * the isolate large for good. The worker holds no Engine object across requests, so nothing
 * is lost.
 */
function recycleWhenLarge(limit) {
  const { memoryBytes } = engine.instanceInfo();
  largestMemoryBytes = Math.max(largestMemoryBytes, memoryBytes);
  if (memoryBytes > limit) engine.recycle();
}

/** The options text with the result budget, when the engine takes one (see budget.js). */
function budgeted(options, maxResultBytes) {
  engineTakesMaxBytes ??= "max_bytes" in (engine.schemas().options.properties ?? {});
  return optionsWithBudget(options, maxResultBytes, engineTakesMaxBytes);
}

/** Whether the engine's options have `max_bytes`; read once from its schema. */
let engineTakesMaxBytes;

let cachedSchemas;

/** The schemas as JSON text, all together and one by one; computed once per isolate. */
function schemaTexts() {
  if (cachedSchemas === undefined) {
    const all = engine.schemas();
    cachedSchemas = {
      all: JSON.stringify(all),
      byName: new Map(Object.entries(all).map(([name, schema]) => [name, JSON.stringify(schema)])),
    };
  }
  return cachedSchemas;
}
