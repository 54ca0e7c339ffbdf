/**
 * The route handlers: each reads its request, calls the engine package and answers JSON.
 * Errors are thrown as HttpError and answered by the app (see app.js).
 */

import * as engine from "commission-engine";
import { readJsonMembers } from "./body.js";
import { HttpError, engineError, jsonResponse } from "./errors.js";
import { settings } from "./settings.js";

/**
 * `GET /health`: the worker is up. The engine's wasm is instantiated when the worker's module
 * loads (js/workerd.js), so a worker that answers has a working engine.
 */
export function health() {
  return jsonResponse(JSON.stringify({ status: "ok" }));
}

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
  ({ plan, sales, options }) => engine.calculateJSON(plan, sales, options),
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
  ({ plan, sales, options }) => engine.hierarchy(plan, sales, options),
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
 * what `call` returns for them.
 * @param {{ required: string[], optional?: string[] }} shape
 * @param {(members: Record<string, string>) => unknown} call the engine call
 * @param {{ answersText?: boolean }} [how] `answersText`: the call returns JSON text already
 */
function engineRoute(shape, call, { answersText = false } = {}) {
  return async (c) => {
    const members = await readJsonMembers(c.req.raw, settings(c.env).maxBodyBytes, shape);
    return jsonResponse(runEngine(() => call(members), answersText));
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
