/**
 * The HTTP application: the route table on a Hono router, CORS, and the error answers
 * (404 unknown route, 405 wrong method with `Allow`, every HttpError, and a 422 fallback so
 * that no input can make the worker answer 5xx).
 *
 * Hono is used for routing and CORS: it is small, well kept, written for the WinterCG fetch
 * shape, and runs unchanged in workerd, Cloudflare Workers, Deno, Bun and Node.
 */

import { Hono } from "hono";
import { cors } from "hono/cors";
import { HttpError, errorResponse } from "./errors.js";
import * as fanout from "./fanout.js";
import * as routes from "./routes.js";
import { allowedOrigin, settings } from "./settings.js";

/** Every route: path, then method to handler. */
const ROUTES = [
  ["/health", { GET: routes.health }],
  ["/v1/schema", { GET: routes.schemaAll }],
  ["/v1/schema/:name", { GET: routes.schemaOne }],
  ["/v1/calculate", { POST: routes.calculate }],
  ["/v1/validate", { POST: routes.validate }],
  ["/v1/curve", { POST: routes.curve }],
  ["/v1/hierarchy", { POST: routes.hierarchy }],
  ["/v1/compare", { POST: routes.compare }],
  ["/v1/runs", { POST: fanout.run }],
  ["/v1/runs/part", { POST: fanout.part }],
];

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 86400;

/**
 * Builds the application.
 * @returns {Hono}
 */
export function createApp() {
  const app = new Hono();
  for (const [path, handlers] of ROUTES) {
    const methods = Object.keys(handlers);
    if (methods.includes("GET")) methods.push("HEAD"); // Hono answers HEAD with the GET route
    app.use(
      path,
      cors({
        origin: (origin, c) => allowedOrigin(origin, settings(c.env).corsOrigins),
        allowMethods: [...methods, "OPTIONS"],
        allowHeaders: ["Content-Type"],
        maxAge: PREFLIGHT_MAX_AGE,
      }),
    );
    for (const [method, handler] of Object.entries(handlers)) app.on(method, path, handler);
    const allow = [...methods, "OPTIONS"].join(", ");
    app.all(path, (c) => {
      throw new HttpError(405, "method_not_allowed", `${c.req.method} is not allowed here; use ${allow}`, {
        headers: { Allow: allow },
      });
    });
  }
  app.notFound((c) =>
    errorResponse(new HttpError(404, "not_found", `no route ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error) => {
    if (error instanceof HttpError) return errorResponse(error);
    console.error("unexpected failure", error);
    return errorResponse(
      new HttpError(422, "request_failed", `the request could not be processed: ${error}`),
    );
  });
  return app;
}
