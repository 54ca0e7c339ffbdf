// `npm run bench`: one side-by-side table of the engine's speed and size, every row measured in
// this run (the machine is shared: compare the ratios, which are taken side by side).
//
//   npm run bench                 10k, 100k and 1M invoice lines
//   npm run bench -- --quick      10k and 100k lines, fewer runs, no worker load
//   options: --sizes 10000,100000  --runs N  --no-browser  --no-worker
//
// The book and the plan are bench/book.mjs's (50 agents, invoices of 4 lines, two category
// percents and a quarterly graduated volume ladder). Per size, each the median of its runs:
//   native      the release-optimized Rust bench binary (benches/calculate.rs): JSON text in,
//               JSON text out, split into parse / compute / serialize by instrumented timers
//   wasm        the package in Node, `calculateJSON(plan, sales)`: JSON text in, JSON text out
//   calculate   the package's `calculate` (the same, plus JSON.parse of the answer)
//   JSON.parse  V8's JSON.parse of the same sales text (the floor: reading the input once)
//   stringify   V8's JSON.stringify of the result object
//   decimal.js  bench/reference.mjs, a plain decimal.js script of the same plan (JSON text in and
//               out), checked equal to the engine on every line and every agent's total
//   wasm -expl  the package with `explain: false`, the same content as the decimal.js script
// The native and wasm answers are checked byte-identical. Then: the .wasm's
// size (raw, gzip -9, brotli), cold start (compile + instantiate of the bytes, no fetch) in
// Node, Chromium and workerd, the worker's throughput ratio (bench/worker-load.mjs) and a
// what-if on a loaded history (bench/what-if.mjs). Requires the built package (npm run build).

import { spawnSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import * as engine from "commission-engine";
import { writeBook, plan as benchPlan } from "./book.mjs";
import { calculateReference, compareWithEngine } from "./reference.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA = join(ROOT, "target", "bench-data");
const WASM = join(ROOT, "pkg", "commission_engine_bg.wasm");

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    runs: { type: "string" },
    "no-browser": { type: "boolean", default: false },
    "no-worker": { type: "boolean", default: false },
  },
});
const QUICK = values.quick;
const SIZES = (values.sizes ?? (QUICK ? "10000,100000" : "10000,100000,1000000")).split(",").map(Number);
const runsFor = (lines) =>
  Number(values.runs ?? (lines >= 1_000_000 ? 1 : lines >= 100_000 ? (QUICK ? 2 : 3) : QUICK ? 3 : 7));

/** The package's text-level call: `calculateJSON` where the package has it. */
const calculateText = engine.calculateJSON ?? ((p, s, o) => JSON.stringify(engine.calculate(p, s, o)));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const x = (a, b) => `${(a / b).toFixed(2)}×`;
const log = (...a) => console.error(...a);

/** Times `fn` once, in milliseconds, returning [ms, value]. */
function time(fn) {
  const t = performance.now();
  const v = fn();
  return [performance.now() - t, v];
}

/** The native bench binary's figures for one book (builds it on first use). */
function native(planPath, salesPath, options, runs, write) {
  const r = spawnSync(
    "cargo",
    [
      "bench",
      "--quiet",
      "--bench",
      "calculate",
      "--",
      planPath,
      salesPath,
      options,
      String(runs),
      "--write",
      write,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`the native bench failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const started = new Date();
const out = [];
out.push(
  `npm run bench${QUICK ? " -- --quick" : ""}: ${started.toISOString().slice(0, 16)}Z, ${machine} (parallelism ${availableParallelism()}), load average at start ${load()}`,
);
out.push("");
out.push(
  "| lines | sales JSON | native (parse/compute/serialize) | wasm calculateJSON | calculate | JSON.parse | JSON.stringify | decimal.js | wasm, explain off | wasm / JSON.parse | decimal.js / wasm (explain off) | wasm / native |",
);
out.push("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

const perSize = [];
for (const lines of SIZES) {
  const runs = runsFor(lines);
  log(`bench: ${lines} lines, ${runs} run(s)`);
  const { planPath, salesPath, planText, salesText } = writeBook(DATA, lines);
  const noExplain = JSON.stringify({ explain: false });

  // Correctness first: the engine against native (same bytes) and against decimal.js.
  const answer = calculateText(planText, salesText, "");
  const nativePath = join(DATA, `native-${lines}.json`);
  const nat = native(planPath, salesPath, "", runs, nativePath);
  if (answer !== readFileSync(nativePath, "utf8"))
    throw new Error(`${lines} lines: the wasm answer differs from the native one`);
  const plain = calculateText(planText, salesText, noExplain);
  const ref = calculateReference(planText, salesText);
  const diffs = compareWithEngine(ref, plain);
  if (diffs.length) throw new Error(`${lines} lines: decimal.js and the engine differ:\n${diffs.join("\n")}`);
  const object = JSON.parse(answer);

  const t = { wasm: [], calculate: [], parse: [], stringify: [], reference: [], plain: [] };
  for (let r = 0; r < runs; r++) {
    t.parse.push(time(() => JSON.parse(salesText))[0]);
    t.wasm.push(time(() => calculateText(planText, salesText, ""))[0]);
    t.stringify.push(time(() => JSON.stringify(object))[0]);
    t.reference.push(time(() => calculateReference(planText, salesText))[0]);
    t.plain.push(time(() => calculateText(planText, salesText, noExplain))[0]);
    if (lines < 1_000_000) t.calculate.push(time(() => engine.calculate(planText, salesText))[0]);
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.length ? median(v) : NaN]));
  perSize.push({ lines, native: nat.total_ms, wasm: m.wasm });
  out.push(
    `| ${lines.toLocaleString("en")} | ${(salesText.length / 1e6).toFixed(1)} MB | ${fmt(nat.total_ms)} (${fmt(nat.parse_ms)}/${fmt(nat.compute_ms)}/${fmt(nat.serialize_ms)}) | ${fmt(m.wasm)} | ${Number.isNaN(m.calculate) ? "–" : fmt(m.calculate)} | ${fmt(m.parse)} | ${fmt(m.stringify)} | ${fmt(m.reference)} | ${fmt(m.plain)} | **${x(m.wasm, m.parse)}** | **${x(m.reference, m.plain)}** | **${x(m.wasm, nat.total_ms)}** |`,
  );
  log(out.at(-1));
}
out.push("");
out.push(
  "Times in ms (median of the runs); answers " +
    perSize.map((s) => `${s.lines.toLocaleString("en")}`).join(", ") +
    " lines checked: wasm = native byte for byte, decimal.js = engine on every line and total.",
);
for (let i = 1; i < perSize.length; i++) {
  const [a, b] = [perSize[i - 1], perSize[i]];
  out.push(
    `Time per ${b.lines / a.lines}× more lines (${a.lines.toLocaleString("en")} → ${b.lines.toLocaleString("en")}): native **${x(b.native, a.native)}**, wasm **${x(b.wasm, a.wasm)}**.`,
  );
}

// Size.
const bytes = readFileSync(WASM);
const gz = gzipSync(bytes, { level: 9 }).length;
const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
out.push("");
out.push(
  `commission_engine_bg.wasm: **${bytes.length.toLocaleString("en")} bytes raw, ${gz.toLocaleString("en")} gzip -9, ${br.toLocaleString("en")} brotli** (goal: ≤ 100 KB gzip).`,
);
{
  // The second module (streamed books, partitioned runs: the `commission-engine/scale` entry),
  // which a page or a quote widget does not load.
  const scale = readFileSync(join(ROOT, "pkg", "scale", "commission_engine_bg.wasm"));
  const scaleGz = gzipSync(scale, { level: 9 }).length;
  out.push(
    `scale/commission_engine_bg.wasm (the runners' module, not in the goal): ${scale.length.toLocaleString("en")} bytes raw, ${scaleGz.toLocaleString("en")} gzip -9.`,
  );
}

// Cold start: compile + instantiate of the bytes (already in memory), in fresh processes.
const cold = [];
const nodeCold = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `
    import { readFileSync } from "node:fs";
    import { initSync } from ${JSON.stringify(join(ROOT, "pkg", "commission_engine.js"))};
    const bytes = readFileSync(${JSON.stringify(WASM)});
    const t = performance.now();
    initSync({ module: new WebAssembly.Module(bytes) });
    console.log(performance.now() - t);`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  nodeCold.push(Number(r.stdout.trim()));
}
cold.push(`Node ${fmt(median(nodeCold))} ms`);
if (!values["no-browser"]) {
  try {
    cold.push(`Chromium ${fmt(await chromiumColdStart(bytes))} ms`);
  } catch (e) {
    cold.push(`Chromium not measured (${e.message.split("\n")[0]})`);
  }
}
try {
  cold.push(`workerd ${await workerdColdStart()}`);
} catch (e) {
  cold.push(`workerd not measured (${e.message.split("\n")[0]})`);
}
out.push(
  `Cold start (compile + instantiate from bytes in memory, median of 5 fresh processes/pages): ${cold.join("; ")}.`,
);

// The worker's throughput, and a loaded what-if.
if (!values["no-worker"] && !QUICK) {
  const r = spawnSync(process.execPath, [join(ROOT, "bench", "worker-load.mjs"), "--requests", "600"], {
    encoding: "utf8",
    cwd: ROOT,
  });
  const m = /calculate \/ health ([\d.]+)x/.exec(r.stdout);
  out.push(
    `Worker \`POST /v1/calculate\` (50 invoices) / \`GET /health\` throughput (bench/worker-load.mjs --requests 600, concurrency 8): **${m ? m[1] + "×" : "not measured: " + (r.stderr || r.stdout).slice(-300)}** (goal ≥ 0.8×).`,
  );
}
{
  // The what-if bench's history (bench/what-if.mjs: 100,000 invoices of 2,000 agents), where a
  // quote touches one agent's part of it, as in a partner portal.
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bench", "what-if.mjs"), "--runs", "1", "--questions", "200"],
    { encoding: "utf8", cwd: ROOT },
  );
  const m = /whatIf \(loaded\) +([\d.]+) ms/.exec(r.stdout);
  const recomputed = /whatIf recomputed (\d+) of (\d+)/.exec(r.stdout);
  out.push(
    `Loaded \`whatIf\` (bench/what-if.mjs --runs 1 --questions 200: one quote on a loaded history of 100,000 invoices of 2,000 agents${recomputed ? `, ${recomputed[1]} invoices recomputed` : ""}): ` +
      `**${m ? `${m[1]} ms` : "not measured: " + (r.stderr || r.stdout).slice(-300)}** median (goal < 1 ms).`,
  );
}
out.push("");
out.push(`Load average at the end: ${load()}; ${((Date.now() - started) / 1000).toFixed(0)} s in all.`);
console.log(out.join("\n"));

/** Median compile + instantiate time of the module in headless Chromium, fresh context each. */
async function chromiumColdStart(bytes) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
  try {
    const glue = readFileSync(join(ROOT, "pkg", "commission_engine.js"), "utf8");
    const times = [];
    for (let i = 0; i < 5; i++) {
      // A fresh context per sample: no compiled-module cache between samples.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.route("http://bench.local/**", (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === "/glue.js") return route.fulfill({ body: glue, contentType: "text/javascript" });
        if (url.pathname === "/engine.wasm")
          return route.fulfill({ body: bytes, contentType: "application/wasm" });
        return route.fulfill({ body: "<!doctype html><title>bench</title>", contentType: "text/html" });
      });
      await page.goto("http://bench.local/");
      const ms = await page.evaluate(async () => {
        const glue = await import("http://bench.local/glue.js");
        const bytes = await (await fetch("http://bench.local/engine.wasm")).arrayBuffer();
        const t = performance.now();
        await glue.default({ module_or_path: bytes });
        return performance.now() - t;
      });
      times.push(ms);
      await context.close();
    }
    return median(times);
  } finally {
    await browser.close();
  }
}

/**
 * workerd's cold start: the time from starting workerd to the first answer, with a worker that
 * instantiates the module at load against the same worker without it (the difference is the
 * module's compile + instantiate), medians of 5 starts each.
 */
async function workerdColdStart() {
  const { default: workerdPackage } = await import("workerd");
  const binary = workerdPackage.default ?? workerdPackage;
  const { freePort } = await import("../worker/workerd.mjs");
  const dir = join(DATA, "workerd");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "glue.js"), readFileSync(join(ROOT, "pkg", "commission_engine.js")));
  writeFileSync(join(dir, "engine.wasm"), bytes);
  writeFileSync(
    join(dir, "with.js"),
    `import { initSync, validate } from "./glue.js";\nimport module from "./engine.wasm";\ninitSync({ module });\nexport default { fetch() { return new Response(validate(${JSON.stringify(JSON.stringify(benchPlan))})); } };\n`,
  );
  writeFileSync(join(dir, "without.js"), `export default { fetch() { return new Response("ok"); } };\n`);
  const config = (main) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [ (name = "w", worker = .w) ], sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "w") ] );
const w :Workerd.Worker = ( modules = [ (name = "main.js", esModule = embed "${main}")${main === "with.js" ? ', (name = "glue.js", esModule = embed "glue.js"), (name = "engine.wasm", wasm = embed "engine.wasm")' : ""} ], compatibilityDate = "2025-09-01" );\n`;
  writeFileSync(join(dir, "with.capnp"), config("with.js"));
  writeFileSync(join(dir, "without.capnp"), config("without.js"));
  const startOnce = async (name) => {
    const port = await freePort();
    const t = performance.now();
    const child = spawn(
      binary,
      ["serve", join(dir, `${name}.capnp`), "--socket-addr", `http=127.0.0.1:${port}`],
      { stdio: "ignore" },
    );
    try {
      for (let i = 0; i < 3000; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/`);
          const body = await res.text();
          if (res.status === 200) {
            if (name === "with" && !body.includes("valid")) throw new Error(`unexpected answer ${body}`);
            return performance.now() - t;
          }
        } catch (e) {
          if (e.message.startsWith("unexpected")) throw e;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error("workerd did not answer");
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    }
  };
  const withs = [];
  const withouts = [];
  for (let i = 0; i < 5; i++) {
    withouts.push(await startOnce("without"));
    withs.push(await startOnce("with"));
  }
  return `${fmt(median(withs) - median(withouts))} ms (first answer ${fmt(median(withs))} ms with the module, ${fmt(median(withouts))} ms without)`;
}
