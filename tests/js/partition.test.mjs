// Streamed books and partitioned runs through the built package: a generated book (shared
// invoices, customer-credited ones, credit notes, first orders, one-time subscriptions, period
// ladders, caps, overrides, levels, statements, warnings) split into parts, each part
// calculated alone (in memory, and on worker threads from a stream), merged, and compared byte
// for byte with `calculate` of the whole book; and bad streams give coded errors naming their
// line, with nothing computed. The parts run in the package's second module (the
// `commission-engine/scale` entry); the whole book's `calculate` in the main one.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, test } from "node:test";
import { calculate } from "commission-engine";
import { calculatePart, Engine, merge, partition } from "commission-engine/scale";
import { runBook } from "../../js/runner-node.js";
import { bookDocument, bookPlan, bookText } from "../../bench/partition-book.mjs";

const SIZE = { invoices: 1500, seed: 7 };
/** The first agent of an invoice line. */
const AGENT = /"agents":\[\{"id":"a\d+"/;
const plan = bookPlan();
const sales = bookDocument(SIZE);

/** A writable that keeps what is written, as text. */
function collector() {
  const pieces = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      pieces.push(chunk.toString());
      done();
    },
  });
  return { sink, text: () => pieces.join("") };
}

/** Calls `fn`, which must reject; returns the error. */
async function rejected(fn) {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

describe("partition, calculatePart and merge", () => {
  for (const options of [{ statements: "month" }, { explain: false, statements: "week" }, undefined]) {
    test(`merged parts are byte-identical to the whole book (options ${JSON.stringify(options)})`, () => {
      const whole = JSON.stringify(calculate(plan, sales, options));
      for (const parts of [1, 2, 3, 7]) {
        const split = partition(plan, sales, { parts, options });
        assert.equal(split.length, parts);
        // Every agent is computed in exactly one part.
        const owners = split.flatMap((p) => p.part.agents);
        assert.equal(new Set(owners).size, sales.agents.length);
        assert.equal(owners.length, sales.agents.length);
        const results = split.map((part) => calculatePart(part)).reverse();
        assert.equal(JSON.stringify(merge(results)), whole, `${parts} parts`);
      }
    });
  }

  test("parts are downline-closed and balanced by invoice lines", () => {
    const many = bookDocument({ invoices: 1500, agents: 400, seed: 7 });
    const split = partition(plan, many, { parts: 4 });
    const partOf = new Map(split.flatMap((p, i) => p.part.agents.map((a) => [a, i])));
    for (const agent of many.agents) {
      if (agent.upline)
        assert.equal(partOf.get(agent.id), partOf.get(agent.upline), `${agent.id} is with its upline`);
    }
    // Shared invoices are in two parts: the parts' lines sum to a little more than the book's.
    const lines = split.map((p) => p.sales.invoices.reduce((n, i) => n + i.lines.length, 0));
    const total = many.invoices.reduce((n, i) => n + i.lines.length, 0);
    assert.ok(Math.max(...lines) < (total / 4) * 1.15, `balanced: ${lines} of ${total}`);
  });

  test("what-if invoices are refused in a partitioned run", () => {
    const [part] = partition(plan, sales, { parts: 1, options: { what_if: [sales.invoices[0]] } });
    assert.throws(() => calculatePart(part), { code: "invalid_options", path: "/what_if" });
  });
});

describe("the Node runner (worker threads, streamed book)", () => {
  test("its merged result is byte-identical to the whole book, as text", async () => {
    const options = { statements: "month" };
    const out = collector();
    const progress = [];
    const run = await runBook({
      plan,
      book: Readable.from(bookText(SIZE)),
      options,
      parts: 5,
      workers: 2,
      out: out.sink,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(out.text(), JSON.stringify(calculate(plan, sales, options)));
    assert.equal(run.parts, 5);
    assert.equal(run.workers, 2);
    const last = progress.at(-1);
    assert.equal(last.phase, "done");
    assert.equal(last.partsDone, 5);
    assert.deepEqual(
      [...new Set(progress.map((p) => p.phase))],
      ["calculate", "merge", "done"].filter((ph) => progress.some((p) => p.phase === ph)),
    );
  });

  test("from a file (read twice: routing only, then the parts written to files), with CRLF line ends, blank lines and no final newline, its result is byte-identical too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runner-file-"));
    try {
      const path = join(dir, "book.ndjson");
      const text = [...bookText(SIZE)].join("").trimEnd().split("\n");
      // Line ends of both kinds, a blank line after the header and one in the middle.
      text.splice(1, 0, "");
      text.splice(700, 0, "   ");
      writeFileSync(path, text.map((l, i) => (i % 2 ? `${l}\r` : l)).join("\n"));
      const options = { statements: "month" };
      const out = collector();
      const progress = [];
      const run = await runBook({
        plan,
        book: path,
        options,
        parts: 4,
        workers: 2,
        out: out.sink,
        onProgress: (p) => progress.push(p),
      });
      assert.equal(out.text(), JSON.stringify(calculate(plan, sales, options)));
      assert.equal(run.parts, 4);
      assert.ok(progress.some((p) => p.phase === "calculate" && p.parts === 4));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("from a file, a bad line stops the run with its line number", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runner-file-"));
    try {
      const path = join(dir, "book.ndjson");
      const lines = [...bookText({ invoices: 50, seed: 3 })].join("").split("\n");
      lines[30] = lines[30].slice(0, 40);
      writeFileSync(path, lines.join("\n"));
      const out = collector();
      const error = await rejected(() => runBook({ plan, book: path, parts: 2, out: out.sink }));
      assert.equal(error.code, "invalid_json");
      assert.equal(error.line, 31);
      assert.equal(out.text(), "");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a bad line stops the run with its line number, and nothing is written", async () => {
    const lines = [...bookText({ invoices: 50, seed: 3 })].join("").split("\n");
    const k = lines.findIndex((l, i) => i >= 20 && AGENT.test(l));
    lines[k] = lines[k].replace(AGENT, '"agents":[{"id":"nobody"');
    const out = collector();
    const error = await rejected(() =>
      runBook({ plan, book: Readable.from([lines.join("\n")]), parts: 2, out: out.sink }),
    );
    assert.equal(error.code, "unknown_reference");
    assert.equal(error.line, k + 1);
    assert.match(error.errors[0].message, new RegExp(`^line ${k + 1}: unknown agent \`nobody\``));
    assert.equal(out.text(), "");
  });
});

describe("Engine.loadStream", () => {
  const text = [...bookText({ invoices: 300, seed: 5 })].join("");
  const small = bookDocument({ invoices: 300, seed: 5 });

  test("a history streamed in small chunks calculates as the same document", async () => {
    const chunks = text.match(/[\s\S]{1,997}/g);
    const engine = await new Engine(plan).loadStream(Readable.from(chunks));
    assert.equal(
      JSON.stringify(engine.calculateLoaded({ statements: "month" })),
      JSON.stringify(calculate(plan, small, { statements: "month" })),
    );
    // Loaded for what-ifs too.
    const answer = engine.whatIf({
      id: "Q1",
      date: "2026-12-30",
      agents: [{ id: "a1" }],
      lines: [{ category: "services", unit_price: "100.00" }],
    });
    assert.ok(Array.isArray(answer.what_if.agents));
  });

  // Each spoils the book's lines and says the code, line and path of the error expected.
  const bad = [
    [
      "a broken line",
      (lines) => {
        lines[3] = lines[3].slice(0, 30);
        return ["invalid_json", 4, "/invoices/2"];
      },
    ],
    [
      "an invoice of an unknown agent",
      (lines) => {
        const k = lines.findIndex((l, i) => i >= 5 && AGENT.test(l));
        lines[k] = lines[k].replace(AGENT, '"agents":[{"id":"ghost"');
        return ["unknown_reference", k + 1, `/invoices/${k - 1}/agents/0/id`];
      },
    ],
    [
      "a missing header",
      (lines) => {
        lines.shift();
        return ["invalid_sales", 1, ""];
      },
    ],
    [
      "a duplicate invoice id",
      (lines) => {
        lines[7] = lines[6];
        return ["invalid_sales", 8, "/invoices/6/id"];
      },
    ],
  ];
  for (const [what, spoil] of bad) {
    test(`${what} is a coded error naming its line`, async () => {
      const lines = text.split("\n");
      const [code, line, path] = spoil(lines);
      const engine = new Engine(plan);
      const error = await rejected(() => engine.loadStream(Readable.from([lines.join("\n")])));
      assert.equal(error.code, code);
      assert.equal(error.line, line);
      assert.equal(error.path, path);
      assert.match(error.errors[0].message, new RegExp(`^line ${line}: `));
      assert.equal(error.errors[0].line, line);
      assert.throws(() => engine.calculateLoaded(), { code: "not_loaded" });
    });
  }
});
