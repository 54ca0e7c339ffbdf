/**
 * The route handlers: each reads its request, calls the engine package and answers JSON.
 * Errors are thrown as HttpError and answered by the app (see app.js).
 */

import * as engine from "commission-engine";
import { readJsonMembers } from "./body.js";
import { HttpError, engineError, jsonResponse } from "./errors.js";
import { settings } from "./settings.js";

/** `GET /health`: the worker is up and the engine answers. */
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

/** `POST /v1/calculate` with `{plan, sales, options?}`: the result document. */
export async function calculate(c) {
  const { plan, sales, options } = await readJsonMembers(c.req.raw, settings(c.env).maxBodyBytes, {
    required: ["plan", "sales"],
    optional: ["options"],
  });
  return jsonResponse(runEngine(() => engine.calculate(plan, sales, options)));
}

/** `POST /v1/validate` with `{plan, sales?}`: `{"valid":true}`, or the error (400). */
export async function validate(c) {
  const { plan, sales } = await readJsonMembers(c.req.raw, settings(c.env).maxBodyBytes, {
    required: ["plan"],
    optional: ["sales"],
  });
  return jsonResponse(runEngine(() => engine.validate(plan, sales)));
}

/** `POST /v1/curve` with `{plan, sales, request}`: one agent's earnings as added sales grow. */
export async function curve(c) {
  const { plan, sales, request } = await readJsonMembers(c.req.raw, settings(c.env).maxBodyBytes, {
    required: ["plan", "sales", "request"],
  });
  return jsonResponse(runEngine(() => engine.curve(plan, sales, request)));
}

/** `POST /v1/hierarchy` with `{plan, sales, options?}`: the team report (uplines, group sales). */
export async function hierarchy(c) {
  const { plan, sales, options } = await readJsonMembers(c.req.raw, settings(c.env).maxBodyBytes, {
    required: ["plan", "sales"],
    optional: ["options"],
  });
  return jsonResponse(runEngine(() => engine.hierarchy(plan, sales, options)));
}

/** Runs an engine call and serializes its answer; whatever it throws becomes an HttpError. */
function runEngine(call) {
  let answer;
  try {
    answer = call();
  } catch (thrown) {
    throw engineError(thrown);
  }
  return JSON.stringify(answer);
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
