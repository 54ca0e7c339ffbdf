/**
 * HTTP answers that carry the contract's error object under `error`, and the mapping of the
 * engine's error codes to HTTP statuses.
 */

/** An error that the worker answers with a given status and contract error object. */
export class HttpError extends Error {
  /**
   * @param {number} status the HTTP status
   * @param {string} code the machine-readable code
   * @param {string} message a readable message
   * @param {{ path?: string, errors?: object[], headers?: Record<string, string> }} [more]
   *   the JSON Pointer of the problem, every problem found (`{code, path, message}`; by default
   *   this one), and extra response headers (`Allow`)
   */
  constructor(status, code, message, { path = "", errors, headers = {} } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
    this.errors = errors ?? [{ code, path, message }];
    this.headers = headers;
  }

  /** The contract error object. */
  toJSON() {
    return {
      code: this.code,
      message: this.message,
      path: this.path,
      errors: this.errors,
    };
  }
}

/**
 * Engine codes that mean the input was well formed and valid but cannot be computed (or that
 * the engine failed on it: `engine_failure`, after which the package has already replaced its
 * WebAssembly instance); they are answered 422. Every other engine code names a problem in the
 * input and is answered 400.
 */
const UNPROCESSABLE_CODES = new Set(["overflow", "limit_exceeded", "engine_failure"]);

/**
 * The HttpError for something the engine threw. An error with a string `code` is the engine's
 * own error (`{code, path, errors}` on an `Error`) and keeps its object as the package throws
 * it. Anything else (a WebAssembly trap would be an engine bug) is answered 422
 * `engine_failure`, never 5xx: no input may make the worker answer 5xx.
 * @param {unknown} thrown what the engine threw
 */
export function engineError(thrown) {
  if (thrown instanceof Error && typeof thrown.code === "string") {
    const status = UNPROCESSABLE_CODES.has(thrown.code) ? 422 : 400;
    return new HttpError(status, thrown.code, thrown.message, {
      path: thrown.path ?? "",
      errors: Array.isArray(thrown.errors) ? thrown.errors : undefined,
    });
  }
  return new HttpError(422, "engine_failure", `the engine failed on this input: ${describe(thrown)}`);
}

/**
 * The JSON response for an error.
 * @param {HttpError} error
 * @returns {Response}
 */
export function errorResponse(error) {
  return jsonResponse(JSON.stringify({ error }), error.status, error.headers);
}

/**
 * A JSON response from already serialized text.
 * @param {string} text the JSON text
 * @param {number} [status]
 * @param {Record<string, string>} [headers]
 */
export function jsonResponse(text, status = 200, headers = {}) {
  return new Response(text, {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

function describe(thrown) {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return String(thrown);
}
