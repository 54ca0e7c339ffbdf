/**
 * Reading a request body as a JSON object: content type, size limit, UTF-8, JSON syntax, and the
 * members the route accepts. Every failure is an HttpError with its status and a JSON Pointer.
 */

import { HttpError } from "./errors.js";
import { DuplicateMemberError, EnvelopeSyntaxError, topLevelMembers } from "./members.js";

/**
 * The members of the request's JSON object body, as raw JSON text by name (see members.js:
 * the values are delimited here and parsed by the engine). A member that is absent or `null`
 * is left out.
 * @param {Request} request
 * @param {{ maxBytes: number, timeoutMs: number }} limits the body limit in bytes, and the time
 *   the whole body may take to arrive, in milliseconds
 * @param {{ required: string[], optional?: string[] }} shape the members the route accepts
 * @returns {Promise<Record<string, string>>}
 */
export async function readJsonMembers(request, limits, { required, optional = [] }) {
  requireJsonContentType(request);
  const text = decodeUtf8(await readLimited(request, limits));
  if (!/^[ \t\n\r]*\S/.test(text)) throw new HttpError(400, "invalid_json", "the request body is empty");
  if (!/^[ \t\n\r]*\{/.test(text)) {
    throw new HttpError(400, "invalid_request", "the request body must be a JSON object");
  }
  let parts;
  try {
    parts = topLevelMembers(text);
  } catch (e) {
    if (e instanceof DuplicateMemberError) {
      throw new HttpError(400, "invalid_request", `${e.message}; each member may be given once`, {
        path: pointer(e.member),
      });
    }
    if (!(e instanceof EnvelopeSyntaxError)) throw e;
    throw new HttpError(400, "invalid_json", `the request body is not valid JSON: ${e.message}`);
  }
  const accepted = new Set([...required, ...optional]);
  const members = {};
  for (const [name, raw] of parts) {
    if (!accepted.has(name)) {
      throw new HttpError(
        400,
        "invalid_request",
        `unknown member "${name}"; accepted: ${[...accepted].join(", ")}`,
        {
          path: pointer(name),
        },
      );
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
 * A body that stalls (no bytes for `timeoutMs`) is cut with a 408, so that a client cannot
 * hold the request open; a body the runtime cannot read (a broken chunked encoding, a
 * connection cut mid-body) is a 400.
 */
async function readLimited(request, { maxBytes, timeoutMs }) {
  const tooLarge = () =>
    new HttpError(413, "payload_too_large", `the request body is larger than the limit of ${maxBytes} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, timeoutMs);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
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

/** What a timer resolves to when it comes due before the read. */
const EXPIRED = Symbol("expired");

/**
 * How long a read may still take once the body timeout has come due: the timer may have come
 * due while the isolate was busy with another request's calculation, with bytes already
 * waiting, and those must not count as a stall.
 */
const GRACE_MS = 50;

/** The next read of `reader`, or a 408 when no bytes come for `timeoutMs`. */
async function readWithin(reader, timeoutMs) {
  const read = reader.read().catch(unreadable);
  for (const wait of [timeoutMs, GRACE_MS]) {
    let timer;
    const expired = new Promise((resolve) => (timer = setTimeout(resolve, wait, EXPIRED)));
    const first = await Promise.race([read, expired]);
    clearTimeout(timer);
    if (first !== EXPIRED) return first;
  }
  throw new HttpError(
    408,
    "request_timeout",
    `the request body stalled: no bytes arrived for ${timeoutMs} ms`,
  );
}

/** The 400 for a body stream that failed while it was read. */
function unreadable(cause) {
  throw new HttpError(
    400,
    "unreadable_body",
    `the request body could not be read: ${cause?.message ?? cause}`,
  );
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
