/**
 * The worker's settings, read from `env` (workerd `fromEnvironment` bindings, or wrangler
 * `[vars]`). Every setting has a default, and a value that cannot be read falls back to it.
 */

/** The body limit when `MAX_BODY_BYTES` is not set: 8 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The time a request body may take to arrive when `BODY_TIMEOUT_MS` is not set: 30 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/**
 * The engine's WebAssembly memory past which the instance is replaced by a fresh one after a
 * request, when `RECYCLE_MEMORY_BYTES` is not set: 64 MiB (a Cloudflare isolate has 128 MB in
 * all, and WebAssembly memory never shrinks).
 */
export const DEFAULT_RECYCLE_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * The most bytes one answer may have when `MAX_RESULT_BYTES` is not set: 32 MiB (20,000
 * invoices of the test data answer 23.7 MB).
 */
export const DEFAULT_MAX_RESULT_BYTES = 32 * 1024 * 1024;

/**
 * The settings of one request's environment.
 * @param {Record<string, unknown> | undefined} env the worker's bindings
 * @returns {{ maxBodyBytes: number, bodyTimeoutMs: number, recycleMemoryBytes: number,
 *   maxResultBytes: number, corsOrigins: "*" | string[] }}
 */
export function settings(env) {
  return {
    maxBodyBytes: positiveInteger(env?.MAX_BODY_BYTES) ?? DEFAULT_MAX_BODY_BYTES,
    bodyTimeoutMs: positiveInteger(env?.BODY_TIMEOUT_MS) ?? DEFAULT_BODY_TIMEOUT_MS,
    recycleMemoryBytes: positiveInteger(env?.RECYCLE_MEMORY_BYTES) ?? DEFAULT_RECYCLE_MEMORY_BYTES,
    maxResultBytes: positiveInteger(env?.MAX_RESULT_BYTES) ?? DEFAULT_MAX_RESULT_BYTES,
    corsOrigins: originList(env?.CORS_ORIGINS),
  };
}

/**
 * The `Access-Control-Allow-Origin` value for a request's `Origin`, or null when that origin
 * may not read the answer.
 * @param {string} origin the request's Origin header ("" when absent)
 * @param {"*" | string[]} allowed the configured origins
 */
export function allowedOrigin(origin, allowed) {
  if (allowed === "*") return "*";
  return origin !== "" && allowed.includes(origin) ? origin : null;
}

function positiveInteger(value) {
  if (value === undefined || value === null || value === "") return undefined;
  const text = String(value).trim();
  if (!/^[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `CORS_ORIGINS`: "*" (any origin), or a comma-separated list of origins; unset means none. */
function originList(value) {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "*") return "*";
  return text
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter((origin) => origin !== "");
}
