// The edge worker under the real workerd binary, over real HTTP on loopback: every route,
// every error status, CORS, a large input, and byte-identical answers to the engine package
// called in Node for the conformance cases.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as engine from "commission-engine";
import { buildWorker } from "../../worker/build.mjs";
import { freePort, startWorkerd } from "../../worker/workerd.mjs";
import { conformanceCases, examplePlan, exampleSales } from "./fixtures.mjs";
import { postJson, send, thrownError } from "./http.mjs";

const ALLOWED_ORIGIN = "https://portal.example";
/** The body limit of the second worker, small enough to pass with a few bytes. */
const SMALL_LIMIT = 4096;

/** The worker with default limits and one allowed origin. */
let main;
/** A second worker with a small body limit and every origin allowed. */
let small;

before(async () => {
  await buildWorker();
  main = await startWorkerd({ port: await freePort(), quiet: true, env: { CORS_ORIGINS: ALLOWED_ORIGIN } });
  small = await startWorkerd({
    port: await freePort(),
    quiet: true,
    env: { CORS_ORIGINS: "*", MAX_BODY_BYTES: String(SMALL_LIMIT) },
  });
});

after(async () => {
  await main?.stop();
  await small?.stop();
});

/** Asserts an error answer: status, JSON content type, and the error object's code/path. */
function assertError(answer, status, code, path) {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.headers.get("content-type"), /^application\/json/);
  const { error } = answer.json();
  assert.equal(error.code, code, answer.text);
  if (path !== undefined) assert.equal(error.path, path, answer.text);
  assert.equal(typeof error.message, "string");
  assert.ok(Array.isArray(error.errors) && error.errors.length >= 1, answer.text);
  return error;
}

describe("routes", () => {
  test("GET /health answers ok, with the engine instance's generation and memory", async () => {
    const answer = await send(`${main.url}/health`);
    assert.equal(answer.status, 200);
    const { status, engine: info } = answer.json();
    assert.equal(status, "ok");
    assert.deepEqual(Object.keys(info), [
      "generation",
      "memory_bytes",
      "largest_memory_bytes",
      "recycle_memory_bytes",
    ]);
    assert.equal(info.recycle_memory_bytes, 64 * 1024 * 1024);
  });

  test("HEAD /health answers 200 without a body", async () => {
    const answer = await send(`${main.url}/health`, { method: "HEAD" });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, "");
  });

  test("GET /v1/schema gives the package's JSON Schemas byte for byte", async () => {
    const answer = await send(`${main.url}/v1/schema`);
    assert.equal(answer.status, 200);
    assert.equal(answer.text, JSON.stringify(engine.schemas()));
    for (const name of ["plan", "sales", "options", "result"]) assert.ok(answer.json()[name], name);
  });

  test("GET /v1/schema/:name gives one schema, 404 for an unknown name", async () => {
    const plan = await send(`${main.url}/v1/schema/plan`);
    assert.equal(plan.status, 200);
    assert.equal(plan.text, JSON.stringify(engine.schemas().plan));
    assertError(await send(`${main.url}/v1/schema/invoice`), 404, "not_found");
  });

  test("POST /v1/calculate equals calculate() in Node byte for byte", async () => {
    const plan = examplePlan();
    const sales = exampleSales(40);
    const options = { from: "2026-01-01", thru: "2026-06-30" };
    const answer = await postJson(`${main.url}/v1/calculate`, { plan, sales, options });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers.get("content-type"), /^application\/json/);
    assert.equal(answer.text, JSON.stringify(engine.calculate(plan, sales, options)));
    const withoutOptions = await postJson(`${main.url}/v1/calculate`, { plan, sales });
    assert.equal(withoutOptions.text, JSON.stringify(engine.calculate(plan, sales)));
  });

  test("POST /v1/validate answers {valid:true} for a valid plan, with and without sales", async () => {
    const plan = examplePlan();
    for (const body of [{ plan }, { plan, sales: exampleSales(3) }, { plan, sales: null }]) {
      const answer = await postJson(`${main.url}/v1/validate`, body);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text, '{"valid":true}');
    }
  });

  test("POST /v1/validate answers the engine's error for an invalid plan", async () => {
    const plan = examplePlan();
    plan.plans[0].rules[0].percent = "150";
    const expected = thrownError(() => engine.validate(plan));
    assert.ok(expected, "the package must reject a percent of 150");
    const answer = await postJson(`${main.url}/v1/validate`, { plan });
    const error = assertError(answer, 400, "invalid_plan", "/plans/0/rules/0/percent");
    assert.deepEqual(error, expected);
  });

  test("POST /v1/curve is routed to the package's curve", async () => {
    const plan = examplePlan();
    const sales = exampleSales(10);
    const template = {
      id: "QUOTE-1",
      date: "2026-06-15",
      lines: [{ product: "p0", category: "laptops", quantity: "1", unit_price: "1000" }],
    };
    const request = { agent: "alice", add: { from: "0", to: "30000", steps: 4 }, template };
    const answer = await postJson(`${main.url}/v1/curve`, { plan, sales, request });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, JSON.stringify(engine.curve(plan, sales, request)));
    const badRequest = { ...request, add: { from: "0", to: "30000", steps: 1 } };
    const expected = thrownError(() => engine.curve(plan, sales, badRequest));
    assert.ok(expected, "the package must reject a curve of one step");
    const bad = await postJson(`${main.url}/v1/curve`, { plan, sales, request: badRequest });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json().error, expected);
    assertError(await postJson(`${main.url}/v1/curve`, { plan, sales }), 400, "invalid_request", "/request");
  });

  test("POST /v1/compare equals compare() in Node byte for byte", async () => {
    const plan_a = examplePlan();
    const plan_b = structuredClone(plan_a);
    plan_b.plans[0].rules[0].percent = "7";
    const sales = exampleSales(10);
    const answer = await postJson(`${main.url}/v1/compare`, { plan_a, plan_b, sales });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, JSON.stringify(engine.compare(plan_a, plan_b, sales)));
    assert.notEqual(answer.json().delta, "0.00");
    const bad = structuredClone(plan_b);
    bad.plans[0].rules[0].percent = "abc";
    const expected = thrownError(() => engine.compare(plan_a, bad, sales));
    assert.ok(expected, "the package must reject plan B");
    const refused = await postJson(`${main.url}/v1/compare`, { plan_a, plan_b: bad, sales });
    assert.equal(refused.status, 400, refused.text);
    assert.deepEqual(refused.json().error, expected);
    assert.match(expected.errors[0].message, /^plan B: /);
    assertError(
      await postJson(`${main.url}/v1/compare`, { plan_a, sales }),
      400,
      "invalid_request",
      "/plan_b",
    );
  });

  test("POST /v1/hierarchy equals hierarchy() in Node byte for byte", async () => {
    const plan = examplePlan();
    const sales = exampleSales(30);
    const answer = await postJson(`${main.url}/v1/hierarchy`, { plan, sales });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, JSON.stringify(engine.hierarchy(plan, sales)));
    const broken = exampleSales(2);
    broken.agents[1].upline = "alice"; // alice -> bob -> alice
    const expected = thrownError(() => engine.hierarchy(plan, broken));
    assert.ok(expected, "the package must refuse an upline cycle");
    const cycle = await postJson(`${main.url}/v1/hierarchy`, { plan, sales: broken });
    assert.equal(cycle.status, 400, cycle.text);
    assert.deepEqual(cycle.json().error, expected);
  });
});

describe("errors", () => {
  test("400 invalid_json for a body that is not JSON", async () => {
    const bodies = ["{", "", "  \n", "{'plan': 1}", '{"plan": {}} trailing', '{"plan": {}, }', '{"plan" {}}'];
    for (const body of bodies) {
      assertError(await postJson(`${main.url}/v1/calculate`, body), 400, "invalid_json", "");
    }
  });

  test("400 invalid_json, from the engine, for a member that is not JSON", async () => {
    const sales = JSON.stringify(exampleSales(1));
    for (const plan of ["tru", '{"currency": "USD"]', "[1,]", "01", '"\\x"']) {
      const answer = await postJson(`${main.url}/v1/validate`, `{"plan": ${plan}, "sales": ${sales}}`);
      assertError(answer, 400, "invalid_json", "");
      assert.deepEqual(
        answer.json().error,
        thrownError(() => engine.validate(plan, sales)),
      );
    }
  });

  test("400 invalid_json for a body that is not UTF-8", async () => {
    const answer = await send(`${main.url}/v1/calculate`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    assertError(answer, 400, "invalid_json", "");
  });

  test("400 invalid_request for a body that is not an object, lacks a member or has an unknown one", async () => {
    assertError(await postJson(`${main.url}/v1/calculate`, "[]"), 400, "invalid_request", "");
    assertError(await postJson(`${main.url}/v1/calculate`, "42"), 400, "invalid_request", "");
    assertError(await postJson(`${main.url}/v1/calculate`, '"{}"'), 400, "invalid_request", "");
    const plan = examplePlan();
    assertError(await postJson(`${main.url}/v1/calculate`, { plan }), 400, "invalid_request", "/sales");
    assertError(await postJson(`${main.url}/v1/calculate`, { sales: {} }), 400, "invalid_request", "/plan");
    assertError(
      await postJson(`${main.url}/v1/calculate`, { plan, sales: exampleSales(1), option: {} }),
      400,
      "invalid_request",
      "/option",
    );
  });

  test("400 with the engine's code and JSON Pointer for an invalid plan, sales or options", async () => {
    const sales = exampleSales(2);
    const badPlan = examplePlan();
    badPlan.plans[0].rules[1].ladder.tiers[1].from = "0";
    const badSales = exampleSales(2);
    badSales.invoices[1].date = "2026-13-45";
    const cases = [
      { plan: badPlan, sales },
      { plan: examplePlan(), sales: badSales },
      { plan: examplePlan(), sales, options: { from: "yesterday" } },
      { plan: "not a plan", sales },
      { plan: examplePlan(), sales: [] },
    ];
    for (const body of cases) {
      // The worker hands the engine each member's JSON text (a string member is a JSON string).
      const text = (doc) => (doc === undefined ? undefined : JSON.stringify(doc));
      const expected = thrownError(() =>
        engine.calculate(text(body.plan), text(body.sales), text(body.options)),
      );
      assert.ok(expected, `the package must reject ${JSON.stringify(body).slice(0, 80)}`);
      const answer = await postJson(`${main.url}/v1/calculate`, body);
      assert.equal(answer.status, 400, answer.text);
      assert.deepEqual(answer.json().error, expected);
    }
    const answer = await postJson(`${main.url}/v1/calculate`, { plan: badPlan, sales });
    assertError(answer, 400, "invalid_plan", "/plans/0/rules/1/ladder/tiers/1/from");
  });

  test("404 for an unknown route, with the error object", async () => {
    assertError(await send(`${main.url}/v1/nothing`), 404, "not_found");
    assertError(await postJson(`${main.url}/calculate`, {}), 404, "not_found");
  });

  test("405 for a wrong method, with Allow", async () => {
    const get = await send(`${main.url}/v1/calculate`);
    assertError(get, 405, "method_not_allowed");
    assert.equal(get.headers.get("allow"), "POST, OPTIONS");
    const post = await postJson(`${main.url}/health`, {});
    assertError(post, 405, "method_not_allowed");
    assert.equal(post.headers.get("allow"), "GET, HEAD, OPTIONS");
    const put = await send(`${main.url}/v1/schema`, { method: "PUT", body: "{}" });
    assertError(put, 405, "method_not_allowed");
  });

  test("413 past the body limit, by Content-Length and by counting a streamed body", async () => {
    const big = JSON.stringify({ plan: examplePlan(), sales: exampleSales(30) });
    assert.ok(big.length > SMALL_LIMIT);
    assertError(await postJson(`${small.url}/v1/calculate`, big), 413, "payload_too_large");
    // A chunked body has no Content-Length: the worker counts the bytes as they come.
    const chunks = [big.slice(0, 1000), big.slice(1000)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await send(`${small.url}/v1/calculate`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    });
    assertError(streamed, 413, "payload_too_large");
    // A body under the limit on the same worker is read as usual.
    const fits = await postJson(`${small.url}/v1/validate`, { plan: examplePlan() });
    assert.equal(fits.status, 200, fits.text);
  });

  test("415 for a body that is not sent as JSON", async () => {
    const body = JSON.stringify({ plan: examplePlan() });
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      assertError(
        await postJson(`${main.url}/v1/validate`, body, { "Content-Type": type }),
        415,
        "unsupported_media_type",
      );
    }
    const untyped = await send(`${main.url}/v1/validate`, {
      method: "POST",
      body: new Uint8Array(Buffer.from(body)),
    });
    assertError(untyped, 415, "unsupported_media_type");
    const charset = await postJson(`${main.url}/v1/validate`, body, {
      "Content-Type": "application/json; charset=utf-8",
    });
    assert.equal(charset.status, 200, charset.text);
  });

  test("no malformed input makes the worker answer 5xx", async () => {
    const plan = examplePlan();
    const sales = exampleSales(2);
    const bodies = [
      "[".repeat(100_000),
      `{"plan": ${"[".repeat(5000)}${"]".repeat(5000)}, "sales": {}}`,
      `{"plan": {"currency": "USD", "plans": ${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}, "sales": {}}`,
      JSON.stringify({ plan: { ...plan, currency: "XXXX" }, sales }),
      JSON.stringify({
        plan,
        sales: { ...sales, invoices: [{ ...sales.invoices[0], lines: [{ quantity: "1e400" }] }] },
      }),
      `{"plan": ${JSON.stringify(plan)}, "sales": {"invoices": [{"id": "x", "lines": [{"unit_price": 1e999}]}]}}`,
      JSON.stringify({
        plan: { ...plan, plans: [{ ...plan.plans[0], rules: [{ id: "r", percent: "-1" }] }] },
        sales,
      }),
      JSON.stringify({
        plan,
        sales: {
          ...sales,
          agents: [
            { id: "a", upline: "b" },
            { id: "b", upline: "a" },
          ],
        },
      }),
      JSON.stringify({ plan, sales, options: [] }),
      JSON.stringify({ plan, sales, options: { what_if: "nope" } }),
      JSON.stringify({ plan: {}, sales: {} }),
      JSON.stringify({ plan: null, sales: null }),
      `{"plan": "\\ud800", "sales": 1}`,
      `{"pl\\u0061n": 1, "sales": 2}`,
    ];
    for (const body of bodies) {
      for (const path of ["/v1/calculate", "/v1/validate", "/v1/curve", "/v1/hierarchy", "/v1/compare"]) {
        const answer = await postJson(`${main.url}${path}`, body);
        assert.ok(
          answer.status >= 200 && answer.status < 500,
          `${path} ${body.slice(0, 60)}: ${answer.status} ${answer.text}`,
        );
        if (answer.status >= 400) assert.equal(typeof answer.json().error.code, "string");
      }
    }
  });
});

describe("CORS", () => {
  test("a preflight from an allowed origin is answered 204 with the CORS headers", async () => {
    const answer = await send(`${main.url}/v1/calculate`, {
      method: "OPTIONS",
      headers: {
        Origin: ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    assert.equal(answer.status, 204);
    assert.equal(answer.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
    assert.match(answer.headers.get("access-control-allow-methods"), /\bPOST\b/);
    assert.match(answer.headers.get("access-control-allow-headers"), /content-type/i);
    assert.match(answer.headers.get("vary"), /Origin/);
  });

  test("another origin gets no Access-Control-Allow-Origin", async () => {
    const preflight = await send(`${main.url}/v1/calculate`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    const get = await send(`${main.url}/health`, { headers: { Origin: "https://evil.example" } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get("access-control-allow-origin"), null);
  });

  test("answers, errors included, carry the allowed origin", async () => {
    const ok = await postJson(`${main.url}/v1/validate`, { plan: examplePlan() }, { Origin: ALLOWED_ORIGIN });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
    const bad = await postJson(`${main.url}/v1/validate`, "{", { Origin: ALLOWED_ORIGIN });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
    const wrongMethod = await send(`${main.url}/v1/validate`, { headers: { Origin: ALLOWED_ORIGIN } });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
  });

  test("CORS_ORIGINS=* allows any origin", async () => {
    const answer = await send(`${small.url}/health`, { headers: { Origin: "https://anyone.example" } });
    assert.equal(answer.headers.get("access-control-allow-origin"), "*");
  });
});

describe("large input", () => {
  test("20,000 invoices are calculated, byte-identical to Node", async () => {
    const plan = examplePlan();
    const sales = exampleSales(20_000);
    const answer = await postJson(`${main.url}/v1/calculate`, { plan, sales });
    assert.equal(answer.status, 200, answer.text.slice(0, 500));
    assert.equal(answer.text, JSON.stringify(engine.calculate(plan, sales)));
  });

  test("concurrent requests of different sizes each get their own answer", async () => {
    const plan = examplePlan();
    const salesList = Array.from({ length: 16 }, (_, k) => exampleSales(1 + k * 37));
    const answers = await Promise.all(
      salesList.map((sales) => postJson(`${main.url}/v1/calculate`, { plan, sales })),
    );
    answers.forEach((answer, k) => {
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text, JSON.stringify(engine.calculate(plan, salesList[k])), `request ${k}`);
    });
  });

  test("numbers reach the engine as written, not through binary floats", async () => {
    const plan = examplePlan();
    const sales = exampleSales(3);
    sales.invoices[0].lines[0].unit_price = "__PRICE__";
    // 100.10000000000000000001 is not a binary float: JSON.parse would read it as 100.1.
    const salesText = JSON.stringify(sales).replace('"__PRICE__"', "100.10000000000000000001");
    const answer = await postJson(
      `${main.url}/v1/calculate`,
      `{"plan": ${JSON.stringify(plan)}, "sales": ${salesText}}`,
    );
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, JSON.stringify(engine.calculate(JSON.stringify(plan), salesText)));
  });
});

describe("conformance cases, byte-identical to the package in Node", () => {
  const cases = conformanceCases();
  test("tests/cases is read", { skip: cases.length > 0 ? false : "no conformance cases yet" }, () => {});
  for (const c of cases) {
    test(`${c.file}: ${c.name ?? ""}`, async () => {
      const route = c.call;
      const args = {
        calculate: [c.plan, c.sales, c.options],
        hierarchy: [c.plan, c.sales, c.options],
        validate: [c.plan, c.sales],
        curve: [c.plan, c.sales, c.request],
        compare: [c.plan, c.plan_b, c.sales, c.options],
      }[route];
      assert.ok(args, `unknown call "${route}"`);
      const body = {
        calculate: { plan: c.plan, sales: c.sales, options: c.options },
        hierarchy: { plan: c.plan, sales: c.sales, options: c.options },
        validate: { plan: c.plan, sales: c.sales },
        curve: { plan: c.plan, sales: c.sales, request: c.request },
        compare: { plan_a: c.plan, plan_b: c.plan_b, sales: c.sales, options: c.options },
      }[route];
      const answer = await postJson(`${main.url}/v1/${route}`, body);
      const expectedError = thrownError(() => engine[route](...args));
      if (expectedError) {
        assert.ok(answer.status === 400 || answer.status === 422, `${answer.status} ${answer.text}`);
        assert.deepEqual(answer.json().error, expectedError);
      } else {
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.text, JSON.stringify(engine[route](...args)));
      }
    });
  }
});
