// Issue 17 under the real workerd binary: a trap never poisons the worker (finding 1), /health
// reports the engine instance, a large request gets the instance recycled, and the body's
// transport is checked (finding 8: a broken chunked body is a 400, a repeated member a 400, a
// body that stalls is cut by the body timeout).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as engine from "commission-engine";
import { buildWorker } from "../../worker/build.mjs";
import { freePort, startWorkerd } from "../../worker/workerd.mjs";
import { examplePlan, exampleSales, trappingCurveRequest } from "./fixtures.mjs";
import { postJson, send } from "./http.mjs";
import { rawRequest } from "./raw.mjs";

/** The body timeout of the worker under test. */
const BODY_TIMEOUT_MS = 600;
/** Its recycling threshold: past what a small request needs, under what 3,000 invoices need. */
const RECYCLE_MEMORY_BYTES = 8 * 1024 * 1024;
/** Its result budget: 3,000 invoices answer about 3.6 MB, 8,000 about 9.5 MB. */
const MAX_RESULT_BYTES = 8 * 1024 * 1024;

let worker;

before(async () => {
  await buildWorker();
  worker = await startWorkerd({
    port: await freePort(),
    quiet: true,
    env: {
      BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
      RECYCLE_MEMORY_BYTES: String(RECYCLE_MEMORY_BYTES),
      MAX_RESULT_BYTES: String(MAX_RESULT_BYTES),
    },
  });
});

after(async () => {
  await worker?.stop();
});

async function health() {
  const answer = await send(`${worker.url}/health`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json();
}

/** A small calculation and the answer the package gives for it in Node. */
function smallCalculation() {
  const body = { plan: examplePlan(), sales: exampleSales(12), options: { explain: true } };
  return { body, expected: JSON.stringify(engine.calculate(body.plan, body.sales, body.options)) };
}

describe("a trap never poisons the worker (finding 1)", () => {
  test("after 150 curve requests that trapped before the fix, calculations still answer byte for byte", async () => {
    const { body, expected } = smallCalculation();
    const curveBody = { plan: examplePlan(), sales: exampleSales(12), request: trappingCurveRequest() };
    const statuses = new Map();
    for (let i = 0; i < 150; i++) {
      const answer = await postJson(`${worker.url}/v1/curve`, curveBody);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      assert.ok(answer.status >= 400 && answer.status < 500, `curve ${i}: ${answer.status} ${answer.text}`);
      assert.equal(typeof answer.json().error.code, "string");
      if (i % 25 === 0) {
        const calc = await postJson(`${worker.url}/v1/calculate`, body);
        assert.equal(calc.status, 200, calc.text);
        assert.equal(calc.text, expected);
      }
    }
    for (let i = 0; i < 5; i++) {
      const calc = await postJson(`${worker.url}/v1/calculate`, body);
      assert.equal(calc.status, 200, `${calc.text} after curve statuses ${[...statuses]}`);
      assert.equal(calc.text, expected);
    }
  });

  test("/health reports the instance's generation and memory, and the recycling threshold", async () => {
    const { status, engine: info } = await health();
    assert.equal(status, "ok");
    assert.ok(Number.isInteger(info.generation) && info.generation >= 0, JSON.stringify(info));
    assert.ok(info.memory_bytes >= 65536 && info.memory_bytes % 65536 === 0, JSON.stringify(info));
    assert.equal(info.recycle_memory_bytes, RECYCLE_MEMORY_BYTES);
  });
});

describe("recycling a grown instance", () => {
  test("a request that grows memory past the threshold gets the instance replaced after it", async () => {
    const beforeLarge = await health();
    assert.ok(beforeLarge.engine.memory_bytes <= RECYCLE_MEMORY_BYTES, JSON.stringify(beforeLarge));
    const plan = examplePlan();
    const sales = exampleSales(3000);
    const large = await postJson(`${worker.url}/v1/calculate`, { plan, sales });
    assert.equal(large.status, 200);
    assert.equal(large.text, JSON.stringify(engine.calculate(plan, sales)));
    const afterLarge = await health();
    assert.equal(afterLarge.engine.generation, beforeLarge.engine.generation + 1, JSON.stringify(afterLarge));
    assert.ok(afterLarge.engine.memory_bytes < RECYCLE_MEMORY_BYTES, JSON.stringify(afterLarge));
    assert.ok(afterLarge.engine.largest_memory_bytes > RECYCLE_MEMORY_BYTES, JSON.stringify(afterLarge));
    const { body, expected } = smallCalculation();
    const small = await postJson(`${worker.url}/v1/calculate`, body);
    assert.equal(small.text, expected);
    assert.equal(
      (await health()).engine.generation,
      afterLarge.engine.generation,
      "a small request recycles nothing",
    );
  });
});

describe("the result budget (finding 4, the worker's side)", () => {
  test("an answer past MAX_RESULT_BYTES is a 422 limit_exceeded, not a 5xx or a huge answer", async () => {
    const answer = await postJson(`${worker.url}/v1/calculate`, {
      plan: examplePlan(),
      sales: exampleSales(8000),
    });
    assert.equal(answer.status, 422, answer.text.slice(0, 300));
    assert.equal(answer.json().error.code, "limit_exceeded");
    assert.ok(answer.text.length < 2000);
    const { generation } = (await health()).engine;
    assert.equal(
      (await postJson(`${worker.url}/v1/calculate`, smallCalculation().body)).text,
      smallCalculation().expected,
    );
    assert.equal((await health()).engine.generation, generation);
  });
});

describe("what-if limit (finding 9)", () => {
  test("options.what_if past 10,000 invoices answers 422 limit_exceeded at /what_if", async () => {
    const { plan, sales } = smallCalculation().body;
    const what_if = exampleSales(10_001).invoices.map((inv) => ({ ...inv, id: `Q-${inv.id}` }));
    const answer = await postJson(`${worker.url}/v1/calculate`, { plan, sales, options: { what_if } });
    assert.equal(answer.status, 422, answer.text);
    assert.deepEqual([answer.json().error.code, answer.json().error.path], ["limit_exceeded", "/what_if"]);
  });
});

describe("the request body's transport (finding 8)", () => {
  const head = (path, headers) =>
    [
      `POST ${path} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      "Connection: close",
      ...headers,
    ].join("\r\n");

  test("a chunked body with a chunk size that is not hexadecimal answers 400, not 422", async () => {
    const answer = await rawRequest(worker.url, {
      head: head("/v1/calculate", ["Transfer-Encoding: chunked"]),
      parts: ["zz\r\n{}\r\n0\r\n\r\n"],
    });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(JSON.parse(answer.text).error.code, "unreadable_body");
  });

  test("a repeated member is refused (400 invalid_request at its path), not silently replaced", async () => {
    const { plan, sales } = smallCalculation().body;
    const text = `{"plan": NaN-garbage, "sales": ${JSON.stringify(sales)}, "plan": ${JSON.stringify(plan)}}`;
    const answer = await postJson(`${worker.url}/v1/calculate`, text);
    assert.equal(answer.status, 400, answer.text);
    const { error } = answer.json();
    assert.equal(error.code, "invalid_request");
    assert.equal(error.path, "/plan");
    assert.match(error.message, /"plan" is given twice/);
  });

  test("a body that stalls half-way is cut by the body timeout: 408 request_timeout", async () => {
    const answer = await rawRequest(worker.url, {
      head: head("/v1/calculate", ["Content-Length: 1000"]),
      parts: ['{"plan": {'],
      timeoutMs: BODY_TIMEOUT_MS + 5000,
    });
    assert.equal(answer.status, 408, answer.text);
    assert.equal(JSON.parse(answer.text).error.code, "request_timeout");
    assert.ok(answer.elapsedMs >= BODY_TIMEOUT_MS - 50, `answered after ${answer.elapsedMs} ms`);
    assert.ok(answer.elapsedMs < BODY_TIMEOUT_MS + 4000, `answered after ${answer.elapsedMs} ms`);
  });

  test("a body that trickles in, each piece within the timeout, is answered in full", async () => {
    const { body, expected } = smallCalculation();
    const text = JSON.stringify(body);
    const parts = Array.from({ length: 6 }, (_, i) =>
      text.slice((i * text.length) / 6, ((i + 1) * text.length) / 6),
    );
    const answer = await rawRequest(worker.url, {
      head: head("/v1/calculate", [`Content-Length: ${Buffer.byteLength(text)}`]),
      parts,
      gapMs: BODY_TIMEOUT_MS / 3,
      timeoutMs: BODY_TIMEOUT_MS * 6 + 5000,
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, expected);
    assert.ok(answer.elapsedMs > BODY_TIMEOUT_MS, "the whole body took longer than the timeout");
  });

  test("a body that arrives in quick pieces is answered", async () => {
    const { body, expected } = smallCalculation();
    const text = JSON.stringify(body);
    const parts = [text.slice(0, 100), text.slice(100, 2000), text.slice(2000)];
    const answer = await rawRequest(worker.url, {
      head: head("/v1/calculate", [`Content-Length: ${Buffer.byteLength(text)}`]),
      parts,
      gapMs: 50,
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, expected);
  });
});
