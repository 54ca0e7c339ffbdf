/**
 * Partitioned runs on the edge platform: `POST /v1/runs` splits a book streamed in the request
 * body and fans its parts out to this same worker through a service binding (`PARTS`; in
 * production each sub-request may run on another machine), each part as a request body to
 * `POST /v1/runs/part`; the parts' outputs are merged as they stream back, and the whole book's
 * result streams out as the answer. Nothing of the book or the result is ever one string.
 *
 * The run's body is NDJSON: line 1 `{"plan": ..., "options": ..., "parts": N, "part_lines": N}`
 * (options, parts and part_lines optional), line 2 the book's header, then one invoice a line.
 * Errors name the line of this body (`error.line`).
 */

import { calculatePartStream, chunksOf, mergeOutputs, splitBook } from "commission-engine/scale";
import { HttpError, engineError } from "./errors.js";

/**
 * Parts computed at once per binding when `FANOUT_CONCURRENCY` is not set. A part's answer
 * comes once it is computed, and is held (as bytes) until the merge reads it, so this bounds
 * the engines alive at once, not the answers.
 */
const DEFAULT_CONCURRENCY = 1;

const encoder = new TextEncoder();

/**
 * The service bindings parts are sent to: `PARTS` (one binding, e.g. to this worker itself),
 * or `PARTS_1`, `PARTS_2`, ... (several instances, parts dealt round-robin).
 * @param {Record<string, unknown>} env
 */
function partTargets(env) {
  const names = Object.keys(env ?? {})
    .filter((name) => /^PARTS(_\d+)?$/.test(name) && typeof env[name]?.fetch === "function")
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return names.map((name) => env[name]);
}

/** `POST /v1/runs`: a partitioned run of the book in the body. */
export async function run(c) {
  const targets = partTargets(c.env);
  if (targets.length === 0) {
    throw new HttpError(422, "not_configured", "no PARTS service binding is configured for partitioned runs");
  }
  const body = c.req.raw.body;
  if (body === null)
    throw new HttpError(
      400,
      "invalid_json",
      "the body is empty: send the run line, the header, then the invoices",
    );
  const { first, rest } = await firstLine(chunksOf(body));
  const request = runRequest(first);
  let split;
  try {
    split = await splitBook(rest, { parts: request.parts, partLines: request.part_lines, firstLine: 2 });
  } catch (thrown) {
    throw engineError(thrown);
  }
  const concurrency = positive(c.env?.FANOUT_CONCURRENCY) ?? DEFAULT_CONCURRENCY;
  const responses = new Array(split.count);
  let next = 0;
  let failed = null;
  // Each binding takes the next part as soon as it answered its previous one.
  const lane = async (target) => {
    while (next < split.count && failed === null) {
      const p = next++;
      const response = await target.fetch("https://parts.internal/v1/runs/part", {
        method: "POST",
        headers: { "Content-Type": "application/x-ndjson" },
        body: streamOf(partBody(split, p, request)),
      });
      responses[p] = response;
      if (!response.ok) failed ??= response;
    }
  };
  try {
    await Promise.all(targets.flatMap((target) => Array.from({ length: concurrency }, () => lane(target))));
  } finally {
    split.free();
  }
  if (failed) {
    for (const r of responses) if (r && r !== failed) r.body?.cancel();
    return new Response(failed.body, {
      status: failed.status,
      headers: { "Content-Type": "application/json" },
    });
  }
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  c.executionCtx?.waitUntil?.(
    mergeOutputs(
      responses.map((r) => r.body),
      (text) => writer.write(encoder.encode(text)),
    ).then(
      () => writer.close(),
      (error) => writer.abort(error),
    ),
  );
  return new Response(readable, {
    headers: { "Content-Type": "application/json", "X-Parts": String(split.count) },
  });
}

/** `POST /v1/runs/part`: one part (line 1 `{plan, options, part}`, then the part's book). */
export async function part(c) {
  const body = c.req.raw.body;
  if (body === null) throw new HttpError(400, "invalid_json", "the body is empty");
  const { first, rest } = await firstLine(chunksOf(body));
  let head;
  try {
    head = JSON.parse(first);
  } catch {
    throw new HttpError(400, "invalid_json", "line 1 of a part must be {plan, options, part}");
  }
  let output;
  try {
    output = await calculatePartStream(head.plan, rest, head.part, head.options);
  } catch (thrown) {
    throw engineError(thrown);
  }
  // The output is taken out of the engine's memory at once (the engine is then freed), so a
  // worker answering several parts holds their outputs as bytes, not as engines.
  const chunks = [...output];
  return new Response(streamOf(chunks), { headers: { "Content-Type": "application/x-ndjson" } });
}

function positive(value) {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The first line of a run's body, as a run request. */
function runRequest(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, "invalid_json", `line 1: the run line is not valid JSON: ${error.message}`, {
      path: "",
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value) || value.plan === undefined) {
    throw new HttpError(
      400,
      "invalid_options",
      'line 1 must be {"plan": ..., "options"?: ..., "parts"?: N, "part_lines"?: N}',
    );
  }
  for (const key of Object.keys(value)) {
    if (!["plan", "options", "parts", "part_lines"].includes(key)) {
      throw new HttpError(400, "invalid_options", `line 1: unknown member \`${key}\``, { path: `/${key}` });
    }
  }
  for (const key of ["parts", "part_lines"]) {
    const n = value[key];
    if (n !== undefined && !(Number.isSafeInteger(n) && n > 0)) {
      throw new HttpError(400, "invalid_options", `line 1: ${key} must be a positive integer`, {
        path: `/${key}`,
      });
    }
  }
  return value;
}

/** The body of part `p`'s request: its head line, then its book. */
function* partBody(split, p, { plan, options }) {
  yield encoder.encode(`${JSON.stringify({ plan, options, part: JSON.parse(split.info(p)) })}\n`);
  yield* split.book(p);
}

/** Splits a stream after its first line: that line's text, and the rest as a stream. */
async function firstLine(chunks) {
  const iterator = chunks[Symbol.asyncIterator]();
  const head = [];
  for (;;) {
    const { done, value } = await iterator.next();
    if (done) break;
    const end = value.indexOf(10);
    if (end < 0) {
      head.push(value);
      continue;
    }
    head.push(value.subarray(0, end));
    const after = value.subarray(end + 1);
    const rest = (async function* () {
      if (after.length > 0) yield after;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })();
    return { first: new TextDecoder().decode(concat(head)), rest };
  }
  return { first: new TextDecoder().decode(concat(head)), rest: (async function* () {})() };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A ReadableStream over an iterable of byte chunks, pulled as it is read. */
function streamOf(iterable) {
  const iterator = iterable[Symbol.iterator]();
  return new ReadableStream({
    pull(controller) {
      const { done, value } = iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel() {
      iterator.return?.();
    },
  });
}
