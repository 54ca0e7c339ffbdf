/**
 * Reading a request body as a JSON object: content type, size limit, UTF-8, JSON syntax, and the
 * members the route accepts. Every failure is an HttpError with its status and a JSON Pointer.
 */

import { HttpError } from "./errors.js";
import { EnvelopeSyntaxError, topLevelMembers } from "./members.js";

/**
 * The members of the request's JSON object body, as raw JSON text by name (see members.js:
 * the values are delimited here and parsed by the engine). A member that is absent or `null`
 * is left out.
 * @param {Request} request
 * @param {number} maxBytes the body limit in bytes
 * @param {{ required: string[], optional?: string[] }} shape the members the route accepts
 * @returns {Promise<Record<string, string>>}
 */
export async function readJsonMembers(request, maxBytes, { required, optional = [] }) {
  requireJsonContentType(request);
  const text = decodeUtf8(await readLimited(request, maxBytes));
  if (!/^[ \t\n\r]*\S/.test(text)) throw new HttpError(400, "invalid_json", "the request body is empty");
  if (!/^[ \t\n\r]*\{/.test(text)) {
    throw new HttpError(400, "invalid_request", "the request body must be a JSON object");
  }
  let parts;
  try {
    parts = topLevelMembers(text);
  } catch (e) {
    if (!(e instanceof EnvelopeSyntaxError)) throw e;
    throw new HttpError(400, "invalid_json", `the request body is not valid JSON: ${e.message}`);
  }
  const accepted = new Set([...required, ...optional]);
  const members = {};
  for (const [name, raw] of parts) {
    if (!accepted.has(name)) {
      throw new HttpError(400, "invalid_request", `unknown member "${name}"; accepted: ${[...accepted].join(", ")}`, {
        path: pointer(name),
      });
    }
    if (raw !== "null") members[name] = raw;
  }
  for (const name of required) {
    if (!(name in members)) {
      throw new HttpError(400, "invalid_request", `the request body needs a "${name}" member`, {
        path: pointer(name),
      });
    }
  }
  return members;
}

/** 415 unless the Content-Type is `application/json` or a `+json` type. */
function requireJsonContentType(request) {
  const header = request.headers.get("content-type") ?? "";
  const type = header.split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      `the request body must be sent as Content-Type: application/json${header ? ` (got "${header}")` : ""}`,
    );
  }
}

/**
 * The body's bytes, refusing (413) a declared Content-Length past the limit before reading,
 * and counting the bytes as they stream in, for chunked bodies or a wrong Content-Length.
 */
async function readLimited(request, maxBytes) {
  const tooLarge = () =>
    new HttpError(413, "payload_too_large", `the request body is larger than the limit of ${maxBytes} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function decodeUtf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "invalid_json", "the request body is not valid UTF-8");
  }
}

/** The JSON Pointer of a top-level member (RFC 6901 escaping). */
function pointer(name) {
  return `/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}
