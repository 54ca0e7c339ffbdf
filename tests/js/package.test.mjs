// The package as users get it: `npm pack`, installed into a new project, imported by name from
// Node; the export conditions; and the web entry, which needs init, loaded in Node.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const npm = (args, cwd) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
const node = (args, cwd) => execFileSync(process.execPath, args, { cwd, encoding: "utf8" });

describe("the packed package, installed into another project", () => {
  let dir;
  let files;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "commission-engine-pack-"));
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], root));
    files = packed.files.map((f) => f.path);
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    npm(["install", "--offline", join(dir, packed.filename)], dir);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the tarball has the entries, the wasm and the declarations, and no sources", () => {
    for (const f of [
      "package.json",
      "README.md",
      "js/node.js",
      "js/web.js",
      "js/workerd.js",
      "js/api.js",
      "js/index.d.ts",
      "pkg/commission_engine.js",
      "pkg/commission_engine_bg.wasm",
      "pkg/documents.d.ts",
      "js/scale.js",
      "js/scale-node.js",
      "js/scale.d.ts",
      "pkg/scale/commission_engine.js",
      "pkg/scale/commission_engine_bg.wasm",
    ]) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    assert.ok(
      !files.some((f) => f.startsWith("src/") || f.startsWith("tests/") || f.startsWith("target/")),
      "no sources",
    );
  });

  test("import by name from Node works with no init call", () => {
    const script = `
      import { calculate, validate, schemas, Engine } from "commission-engine";
      const plan = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percent: "5" }] }] };
      const out = {
        valid: validate(plan),
        keys: ["plan", "sales", "options", "result", "error"].every((k) => k in schemas()),
        currency: calculate(plan, { invoices: [] }).currency,
        engine: new Engine(plan).calculate("{}").currency,
      };
      try { calculate("{", "{}"); } catch (e) { out.error = { code: e.code, path: e.path, n: e.errors.length }; }
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(node(["--input-type=module", "-e", script], dir));
    assert.deepEqual(out, {
      valid: { valid: true },
      keys: true,
      currency: "USD",
      engine: "USD",
      error: { code: "invalid_json", path: "", n: 1 },
    });
  });

  test("require() of the package resolves to the Node entry in CommonJS projects too", () => {
    // The Node entry is an ES module; CommonJS code loads it with import().
    const script = `import("commission-engine").then((m) => console.log(typeof m.calculate, typeof m.default))`;
    assert.equal(node(["-e", script], dir).trim(), "function function");
  });

  test("the browser condition resolves to the web entry, which asks for init first", () => {
    const script = `
      import init, { calculate, initSync } from "commission-engine";
      import { readFileSync } from "node:fs";
      const plan = { currency: "EUR" };
      const out = {};
      try { calculate(plan, {}); } catch (e) { out.before = e.code; }
      const bytes = readFileSync(new URL(import.meta.resolve("commission-engine/commission_engine_bg.wasm")));
      initSync({ module: new WebAssembly.Module(bytes) });
      out.after = calculate(plan, {}).currency;
      await init(); // idempotent once initialized
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(node(["--conditions=browser", "--input-type=module", "-e", script], dir));
    assert.deepEqual(out, { before: "not_initialized", after: "EUR" });
  });

  test("the web entry's async init accepts bytes, as a browser passes a fetched module", () => {
    const script = `
      import init, { calculate } from "commission-engine/web";
      import { readFileSync } from "node:fs";
      const bytes = readFileSync(new URL(import.meta.resolve("commission-engine/commission_engine_bg.wasm")));
      await init(bytes);
      console.log(calculate({ currency: "JPY" }, {}).currency);`;
    assert.equal(node(["--input-type=module", "-e", script], dir).trim(), "JPY");
  });

  test("commission-engine/scale: partitioned runs from their own module, merged byte for byte as calculate", () => {
    const script = `
      import { calculate } from "commission-engine";
      import { calculatePart, Engine, merge, partition } from "commission-engine/scale";
      const plan = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percent: "5" }] }],
        assignments: [{ agent: "a", plan: "p", from: "2026-01-01" }, { agent: "b", plan: "p", from: "2026-01-01" }] };
      const line = { product: "x", unit_price: "100.00" };
      const sales = { agents: [{ id: "a" }, { id: "b" }], invoices: [
        { id: "1", date: "2026-01-05", agents: [{ id: "a" }], lines: [line] },
        { id: "2", date: "2026-01-06", agents: [{ id: "b" }], lines: [line, line] }] };
      const merged = merge(partition(plan, sales, { parts: 2 }).map(calculatePart));
      const book = JSON.stringify({ agents: sales.agents }) + "\\n" + sales.invoices.map((i) => JSON.stringify(i)).join("\\n");
      const streamed = (await new Engine(plan).loadStream(book)).calculateLoaded();
      console.log(JSON.stringify({ same: JSON.stringify(merged) === JSON.stringify(calculate(plan, sales)),
        streamed: JSON.stringify(streamed) === JSON.stringify(calculate(plan, sales)), total: merged.totals[1].amount }));`;
    assert.deepEqual(JSON.parse(node(["--input-type=module", "-e", script], dir)), {
      same: true,
      streamed: true,
      total: "10.00",
    });
  });
});

describe("package.json", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

  test("the export conditions are in the order types, workerd, deno, browser, node, default", () => {
    assert.deepEqual(Object.keys(pkg.exports["."]), [
      "types",
      "workerd",
      "deno",
      "browser",
      "node",
      "default",
    ]);
  });
});
