/**
 * The commission engine as an HTTP function, in the WinterCG fetch-handler shape
 * (`export default { fetch(request, env, ctx) }`): it runs in workerd and Cloudflare Workers,
 * and in any runtime that calls such a handler. Routes, limits and settings: docs/worker.md.
 */

import { createApp } from "./app.js";

const app = createApp();

export default {
  /**
   * Answers one request.
   * @param {Request} request
   * @param {Record<string, unknown>} env the bindings (MAX_BODY_BYTES, CORS_ORIGINS)
   * @param {unknown} ctx the execution context
   * @returns {Promise<Response>}
   */
  fetch(request, env, ctx) {
    return app.fetch(request, env, ctx);
  },
};
