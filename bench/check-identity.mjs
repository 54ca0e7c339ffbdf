#!/usr/bin/env node
/**
 * Checks that a partitioned run gives, byte for byte, what one engine instance gives for the
 * whole book: the book file is streamed into one engine (no JSON text of the book), its
 * result's SHA-256 taken; then the Node runner (worker threads) and, with --edge, the local
 * workerd fan-out compute it partitioned, and their results' SHA-256 must be the same.
 *
 *   node bench/check-identity.mjs --plan plan.json --book book-1m.ndjson [--workers 2]
 *       [--part-lines 250000] [--options '{"explain":false}'] [--edge]
 *
 * `--native`: the one instance is the same engine compiled natively
 * (examples/calculate_book.rs, built here with `cargo build --release`), for a book whose
 * result is larger than one WebAssembly instance may write (`options.max_lines`, at most
 * 1,000,000 in WebAssembly: docs/reliability.md; natively the tool raises the budget).
 * `--no-single`: compare the Node runner with the edge fan-out only.
 *
 * Exits 1 when a result differs.
 */

import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import "../js/node.js";
import * as wasm from "../pkg/commission_engine.js";
import { runBook, terminalProgress } from "../js/runner-node.js";

const { values } = parseArgs({
  options: {
    plan: { type: "string" },
    book: { type: "string" },
    workers: { type: "string" },
    "part-lines": { type: "string" },
    options: { type: "string", default: '{"explain":false}' },
    edge: { type: "boolean", default: false },
    "no-single": { type: "boolean", default: false },
    native: { type: "boolean", default: false },
  },
});
if (!values.plan || !values.book) {
  console.error(
    "usage: node bench/check-identity.mjs --plan plan.json --book book.ndjson [--workers N] [--part-lines N] [--options JSON] [--edge] [--native | --no-single]",
  );
  process.exit(2);
}
const plan = readFileSync(values.plan, "utf8");
const options = JSON.parse(values.options);
const partLines = values["part-lines"] ? Number(values["part-lines"]) : undefined;

// One instance: the book streamed into one engine, the result text as the engine writes it
// (the binding's own call, so the text is not parsed and written again here).
let started = performance.now();
let single = null;
if (values.native) {
  single = { ...nativeInstance(), seconds: secs(started) };
  console.log(`one instance (native): ${single.bytes} bytes, sha256 ${single.sha256} (${single.seconds} s)`);
} else if (!values["no-single"]) {
  const engine = new wasm.Engine(plan);
  engine.beginLoad();
  for await (const chunk of createReadStream(values.book, { highWaterMark: 1 << 20 })) engine.pushLoad(chunk);
  engine.endLoad(false);
  engine.calculateLoadedText(JSON.stringify(options));
  const wholeHash = createHash("sha256");
  let wholeBytes = 0;
  for (let chunk; (chunk = engine.readText(1 << 20)) !== undefined;) {
    wholeHash.update(chunk);
    wholeBytes += chunk.length;
  }
  engine.free();
  single = { sha256: wholeHash.digest("hex"), bytes: wholeBytes, seconds: secs(started) };
  console.log(`one instance:  ${single.bytes} bytes, sha256 ${single.sha256} (${single.seconds} s)`);
}

// The Node runner.
started = performance.now();
const hash = createHash("sha256");
let bytes = 0;
const sink = new Writable({
  write(chunk, _encoding, done) {
    hash.update(chunk);
    bytes += chunk.length;
    done();
  },
});
const run = await runBook({
  plan,
  book: values.book,
  options,
  partLines,
  workers: values.workers ? Number(values.workers) : undefined,
  out: sink,
  onProgress: terminalProgress(process.stderr),
});
const runner = { sha256: hash.digest("hex"), bytes, seconds: secs(started) };
console.log(
  `node runner:   ${runner.bytes} bytes, sha256 ${runner.sha256} (${runner.seconds} s, ${run.parts} parts, ${run.workers} threads)`,
);
const reference = single ?? runner;
let same = runner.sha256 === reference.sha256 && runner.bytes === reference.bytes;

if (values.edge) {
  const args = [
    "bench/edge-run.mjs",
    "--plan",
    values.plan,
    "--book",
    values.book,
    "--options",
    values.options,
  ];
  if (partLines) args.push("--part-lines", String(partLines));
  const edge = JSON.parse(
    execFileSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }),
  );
  console.log(
    `edge fan-out:  ${edge.bytes} bytes, sha256 ${edge.sha256} (${edge.seconds} s, ${edge.parts} parts, ${edge.instances} instances)`,
  );
  same = same && edge.sha256 === reference.sha256 && edge.bytes === reference.bytes;
}
console.log(same ? "identical: yes" : "identical: NO");
process.exitCode = same ? 0 : 1;

/** The result of examples/calculate_book.rs on the book: its SHA-256 and size. */
function nativeInstance() {
  execFileSync("cargo", ["build", "--release", "--quiet", "--example", "calculate_book"], {
    stdio: "inherit",
  });
  const dir = mkdtempSync(join(tmpdir(), "identity-"));
  const out = join(dir, "result.json");
  try {
    const optionsFile = join(dir, "options.json");
    writeFileSync(optionsFile, JSON.stringify(options));
    execFileSync(
      "target/release/examples/calculate_book",
      ["--plan", values.plan, "--book", values.book, "--options", optionsFile, "--out", out],
      { stdio: "inherit" },
    );
    const text = readFileSync(out);
    return { sha256: createHash("sha256").update(text).digest("hex"), bytes: text.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function secs(from) {
  return Number(((performance.now() - from) / 1000).toFixed(1));
}
