// The package as people pick it up: `npm pack`'s tarball, installed once into
// tests/packaging/node_modules, used by a small project per runtime (each in its own folder
// here) with no configuration beyond that runtime's usual one. Every project computes the
// answer to every conformance case of tests/cases (shared/answer.mjs), which must be
// byte-identical to Node's. Run: node --test tests/packaging/ (part of npm test).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawn } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, FLAGS, ensureChromium } from "../page/browser.mjs";
import { HERE, bin, freePort, loadCases, nodeAnswer, packAndInstall, run, serve } from "./lib.mjs";

const cases = loadCases();
const casesJson = JSON.stringify(cases);
let expected;
let packed;

before(async () => {
  packed = packAndInstall();
  expected = await nodeAnswer(cases);
});

/** Asserts that a runtime's answer is byte-identical to Node's (a short diff when not). */
function assertSameAnswer(actual, runtime) {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(
    `${runtime}'s answer differs from Node's at character ${i}:\n  ${runtime}: …${actual.slice(Math.max(0, i - 80), i + 120)}\n  Node: …${expected.slice(Math.max(0, i - 80), i + 120)}`,
  );
}

describe("the packed tarball", () => {
  test("has the entries, the element, the wasm and the declarations, and no sources", () => {
    for (const f of [
      "js/node.js",
      "js/web.js",
      "js/workerd.js",
      "js/deno.js",
      "js/element.js",
      "js/element.d.ts",
      "js/index.d.ts",
      "pkg/commission_engine_bg.wasm",
      "pkg/documents.d.ts",
      "pkg/commission_engine.cjs",
      "pkg/index.d.cts",
      "pkg/documents.d.cts",
    ]) {
      assert.ok(packed.includes(f), `${f} is packed`);
    }
    assert.ok(!packed.some((f) => /^(src|tests|www|worker|target)\//.test(f)), "no sources, tests or demo");
  });
});

describe("servers and command lines", () => {
  test("Node, ES module: import by name", async () => {
    const { stdout } = await run(process.execPath, ["main.js"], {
      cwd: join(HERE, "node-esm"),
      input: casesJson,
    });
    assertSameAnswer(stdout, "Node (import)");
  });

  test("Node, CommonJS: require by name (the CommonJS build: no require of an ES module)", async () => {
    // --no-experimental-require-module: as on Node before 20.19 and 22.12, which cannot
    // require an ES module; the package's `require` condition gives a CommonJS build.
    const { stdout, stderr } = await run(process.execPath, ["--no-experimental-require-module", "main.js"], {
      cwd: join(HERE, "node-cjs"),
      input: casesJson,
    });
    assertSameAnswer(stdout, "Node (require)");
    assert.equal(stderr, "", "no warning");
  });

  test("Deno (the npm deno package): import by name from node_modules, no permission flag", async () => {
    const { stdout } = await run(bin("deno"), ["run", "main.ts"], {
      cwd: join(HERE, "deno"),
      input: casesJson,
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    });
    assertSameAnswer(stdout, "Deno");
  });

  test("Bun (the npm bun package): import by name", async () => {
    const { stdout } = await run(bin("bun"), ["main.ts"], { cwd: join(HERE, "bun"), input: casesJson });
    assertSameAnswer(stdout, "Bun");
  });

  test("Cloudflare worker: `wrangler deploy --dry-run --outdir` bundle, run by workerd", async () => {
    const project = join(HERE, "wrangler");
    const dist = join(project, "dist");
    rmSync(dist, { recursive: true, force: true });
    await run(bin("wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], {
      cwd: project,
      env: {
        WRANGLER_SEND_METRICS: "false",
        CI: "true",
        NO_COLOR: "1",
        WRANGLER_LOG_PATH: join(dist, "logs"),
      },
    });
    // The bundle as wrangler would upload it: its modules, each by file name.
    const files = readdirSync(dist).filter((f) => f.endsWith(".js") || f.endsWith(".wasm"));
    assert.ok(
      files.some((f) => f.endsWith(".wasm")),
      `wrangler kept the .wasm as a module: ${files}`,
    );
    const main = files.find((f) => f.endsWith(".js"));
    const modules = [main, ...files.filter((f) => f !== main)]
      .map((f) => `(name = "${f}", ${f.endsWith(".wasm") ? "wasm" : "esModule"} = embed "${f}")`)
      .join(",\n      ");
    writeFileSync(
      join(dist, "workerd.capnp"),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = (modules = [ ${modules} ], compatibilityDate = "2025-09-01")) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);`,
    );
    const port = await freePort();
    const workerd = spawn(
      bin("workerd"),
      ["serve", join(dist, "workerd.capnp"), "--socket-addr", `http=127.0.0.1:${port}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    workerd.stderr.setEncoding("utf8").on("data", (d) => (log += d));
    try {
      let response;
      for (let i = 0; i < 100 && !response; i++) {
        response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: casesJson }).catch(
          () => new Promise((r) => setTimeout(r, 200)),
        );
      }
      assert.ok(response, `workerd did not answer:\n${log}`);
      assert.equal(response.status, 200, `${await response.clone().text()}\n${log}`);
      assertSameAnswer(await response.text(), "workerd (wrangler bundle)");
    } finally {
      workerd.kill();
    }
  });

  for (const resolution of ["node16", "bundler"]) {
    test(`TypeScript: tsc --noEmit with moduleResolution ${resolution}`, async () => {
      const result = await run(bin("tsc"), ["--noEmit", "-p", `tsconfig.${resolution}.json`], {
        cwd: join(HERE, "typescript"),
      }).catch((e) => e);
      assert.ok(!(result instanceof Error), result.message);
    });
  }
});

describe("browser apps, bundled and run in Chromium", () => {
  let browser;
  before(async () => {
    ensureChromium();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  });
  after(() => browser?.close());

  /**
   * Serves `dir` (or uses the server at `url`), opens the app in Chromium and returns what it
   * shows. The cases are served at ./cases.json either way.
   */
  async function answerIn(dir, url) {
    const server = dir ? await serve(dir, casesJson) : { url, close: async () => {} };
    const context = await browser.newContext();
    await context.route("**/cases.json", (route) =>
      route.fulfill({ contentType: "application/json", body: casesJson }),
    );
    try {
      const tab = await context.newPage();
      const problems = [];
      tab.on("pageerror", (e) => problems.push(e.message));
      tab.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      await tab.goto(server.url);
      await tab
        .waitForSelector("body[data-done]", { timeout: 30000 })
        .catch(() => assert.fail(`the app never finished: ${problems.join("; ")}`));
      const shown = await tab.textContent("#answer");
      assert.equal(await tab.getAttribute("body", "data-done"), "true", shown);
      assert.deepEqual(problems, []);
      return shown;
    } finally {
      await context.close();
      await server.close();
    }
  }

  test("Vite (vite build)", async () => {
    const { build } = await import("vite");
    const project = join(HERE, "vite");
    await build({
      root: project,
      configFile: false,
      logLevel: "warn",
      build: { outDir: "dist", emptyOutDir: true },
    });
    assertSameAnswer(await answerIn(join(project, "dist")), "Vite app in Chromium");
  });

  test("Vite dev server (vite)", async () => {
    const { createServer } = await import("vite");
    // fs.allow: the projects share tests/packaging/node_modules, one folder above the Vite
    // project; in an app, node_modules is inside the project and Vite allows it by default.
    const server = await createServer({
      root: join(HERE, "vite"),
      configFile: false,
      logLevel: "warn",
      server: { host: "127.0.0.1", port: 0, fs: { allow: [HERE] } },
    });
    await server.listen();
    try {
      assertSameAnswer(await answerIn(null, server.resolvedUrls.local[0]), "Vite dev server in Chromium");
    } finally {
      await server.close();
    }
  });

  test("webpack 5", async () => {
    const { default: webpack } = await import("webpack");
    const { default: config } = await import("./webpack/webpack.config.mjs");
    const stats = await new Promise((resolve, reject) =>
      webpack(config, (error, s) => (error ? reject(error) : resolve(s))),
    );
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
    assertSameAnswer(await answerIn(join(HERE, "webpack")), "webpack app in Chromium");
  });

  test("esbuild", async () => {
    await run(process.execPath, ["build.mjs"], { cwd: join(HERE, "esbuild") });
    assertSameAnswer(await answerIn(join(HERE, "esbuild")), "esbuild app in Chromium");
  });
});
