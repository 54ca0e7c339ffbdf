// Helpers of the packaging tests: the packed tarball installed once into tests/packaging/
// (every project below it resolves `commission-engine` there), the conformance cases and Node's
// answer to them, running a program, a static server for the bundled browser apps.

import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { answer } from "./shared/answer.mjs";

/** The repository root, and this folder (the projects' shared parent). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const HERE = fileURLToPath(new URL("./", import.meta.url));

/** A tool of the repository's devDependencies (node_modules/.bin). */
export const bin = (name) => join(ROOT, "node_modules", ".bin", name);

/**
 * `npm pack`s the repository and installs the tarball into tests/packaging/node_modules, as a
 * user's `npm install` would (the package has no dependencies, so this reads nothing from the
 * network). Returns the list of packed files.
 */
export function packAndInstall() {
  const npm = (args, cwd) =>
    execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
  const dir = mkdtempSync(join(tmpdir(), "commission-engine-tarball-"));
  try {
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], ROOT));
    rmSync(join(HERE, "node_modules", "commission-engine"), { recursive: true, force: true });
    npm(["install", "--no-save", "--no-package-lock", "--prefer-offline", join(dir, packed.filename)], HERE);
    return packed.files.map((f) => f.path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The conformance cases, with only what the calls need (file, call, documents). */
export function loadCases() {
  const dir = join(ROOT, "tests", "cases");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const { call, plan, plan_b, sales, options, request } = JSON.parse(
        readFileSync(join(dir, file), "utf8"),
      );
      return { file, call, plan, plan_b, sales, options, request };
    });
}

/** Node's answer to the cases, with the Node entry of this repository (the reference). */
export async function nodeAnswer(cases) {
  const api = await import(pathToFileURL(join(ROOT, "js", "node.js")).href);
  return answer(api, cases);
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for a server to take). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs a program to its end; rejects with its output when it fails or outlasts `timeout` ms.
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
export function run(command, args, { cwd = HERE, input, env = {}, timeout = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(
          new Error(
            `${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${stderr}\n${stdout.slice(0, 2000)}`,
          ),
        );
    });
    child.stdin.end(input);
  });
}

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/**
 * Serves `dir` on 127.0.0.1 (a free port), and `/cases.json` from memory.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function serve(dir, casesJson) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/cases.json")
      return void res.writeHead(200, { "content-type": TYPES[".json"] }).end(casesJson);
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    try {
      if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep) || !(await stat(file)).isFile())
        throw new Error("not found");
      res
        .writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" })
        .end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}
