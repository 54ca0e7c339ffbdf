// Partitioned runs on the edge worker, under the real workerd binary: `POST /v1/runs` with a
// generated book streamed in the request body, fanned out through the service binding to the
// worker itself (the standard config) and to two other workerd instances (worker/fanout.mjs),
// answers byte for byte what `calculate` of the whole book gives; bad lines are 400 errors
// naming the line of the body.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { calculate } from "commission-engine";
import { bookDocument, bookPlan, bookText } from "../../bench/partition-book.mjs";
import { buildWorker } from "../../worker/build.mjs";
import { startFanout } from "../../worker/fanout.mjs";
import { freePort, startWorkerd } from "../../worker/workerd.mjs";

const SIZE = { invoices: 1200, seed: 11 };
const plan = bookPlan();
const options = { statements: "month" };

/** The worker alone: its PARTS binding is itself. */
let single;
/** A coordinator with two part instances, each its own workerd process. */
let fanout;

before(async () => {
  await buildWorker();
  single = await startWorkerd({ port: await freePort(), quiet: true });
  fanout = await startFanout({ instances: 2 });
});

after(async () => {
  await single?.stop();
  await fanout?.stop();
});

/** A run's body: the run line, then the book, streamed in chunks. */
function runBody(run, text) {
  const encoder = new TextEncoder();
  const chunks = [JSON.stringify(run) + "\n", ...text];
  return ReadableStream.from(chunks.map((c) => encoder.encode(c)));
}

async function post(url, body) {
  const response = await fetch(`${url}/v1/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson" },
    body,
    duplex: "half",
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("POST /v1/runs", () => {
  const expected = JSON.stringify(calculate(plan, bookDocument(SIZE), options));

  test("through the binding to the worker itself, the merged result is the whole book's", async () => {
    const answer = await post(single.url, runBody({ plan, options, parts: 3 }, bookText(SIZE)));
    assert.equal(answer.status, 200, answer.text.slice(0, 500));
    assert.equal(answer.headers.get("x-parts"), "3");
    assert.equal(answer.text, expected);
  });

  test("fanned out to two other workerd instances, the merged result is the whole book's", async () => {
    const answer = await post(fanout.url, runBody({ plan, options, parts: 4 }, bookText(SIZE)));
    assert.equal(answer.status, 200, answer.text.slice(0, 500));
    assert.equal(answer.headers.get("x-parts"), "4");
    assert.equal(answer.text, expected);
  });

  test("a bad invoice line is a 400 naming the line of the body, and nothing is computed", async () => {
    const lines = [...bookText({ invoices: 40, seed: 2 })].join("").split("\n");
    lines[9] = lines[9].slice(0, 25);
    const answer = await post(fanout.url, runBody({ plan, parts: 2 }, [lines.join("\n")]));
    assert.equal(answer.status, 400);
    const { error } = JSON.parse(answer.text);
    assert.equal(error.code, "invalid_json");
    assert.equal(error.path, "/invoices/8");
    assert.match(error.errors[0].message, /^line 11: the invoice is not valid JSON/);
    assert.equal(error.errors[0].line, 11);
  });

  test("a book without its header is a 400 on line 2", async () => {
    const lines = [...bookText({ invoices: 10, seed: 2 })].join("").split("\n").slice(1);
    const answer = await post(single.url, runBody({ plan }, [lines.join("\n")]));
    assert.equal(answer.status, 400);
    const { error } = JSON.parse(answer.text);
    assert.equal(error.code, "invalid_sales");
    assert.match(error.errors[0].message, /^line 2: the header is missing/);
    assert.equal(error.errors[0].line, 2);
  });

  test("a run line that is not a run is a 400", async () => {
    const answer = await post(single.url, runBody({ plan, parts: 0 }, []));
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.text).error.path, "/parts");
  });
});
