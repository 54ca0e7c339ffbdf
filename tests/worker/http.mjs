/** Small HTTP helpers for the worker tests: every answer read as status, headers and text. */

/**
 * Sends a request and reads the whole answer.
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<{ status: number, headers: Headers, text: string, json: () => any }>}
 */
export async function send(url, init = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/**
 * POSTs a JSON body (an object, serialized here, or ready text).
 * @param {string} url
 * @param {unknown} body
 * @param {Record<string, string>} [headers] extra headers (they may replace Content-Type)
 */
export function postJson(url, body, headers = {}) {
  return send(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/**
 * What the engine package threw, as the contract error object, or null when it did not throw.
 * @param {() => unknown} call
 */
export function thrownError(call) {
  try {
    call();
    return null;
  } catch (e) {
    return { code: e.code, message: e.message, path: e.path, errors: e.errors };
  }
}
