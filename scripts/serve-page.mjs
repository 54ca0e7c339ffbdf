#!/usr/bin/env node
// Serves the demo page on 127.0.0.1: `www/` at the root, plus the package files it loads,
// `js/` (the package's browser entry) and `pkg/` (the WebAssembly build). Nothing else of the
// repository is reachable. `npm run page` runs it; PORT picks the port (default 8080, 0 for a
// free one). Tests import `startPageServer` to serve on a free port.
//
// It is a few lines of node:http rather than a static-server dependency: it serves three fixed
// folders on loopback and needs no feature such a package adds.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPage } from "./build-page.mjs";
import { root } from "./lib.mjs";

/** URL prefixes and the folders they serve, first match wins. */
const MOUNTS = [
  ["/js/", join(root, "js")],
  ["/pkg/", join(root, "pkg")],
  ["/", join(root, "www")],
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
};

/** The file a request path maps to, or null when it is outside the served folders. */
function fileFor(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    return file.endsWith(sep) || file === dir ? join(file, "index.html") : file;
  }
  return null;
}

/** Answers one request. */
async function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
    return;
  }
  const file = fileFor(req.url ?? "/");
  try {
    if (!file || !(await stat(file)).isFile()) throw new Error("not a file");
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    const hint = req.url?.startsWith("/pkg/")
      ? " (the WebAssembly build is missing: run `npm run build`)"
      : "";
    res.writeHead(404, { "content-type": "text/plain" }).end(`not found${hint}\n`);
  }
}

/**
 * Bundles the page's code (scripts/build-page.mjs), then starts the page server on 127.0.0.1.
 * @param {{ port?: number }} [options] port 0 (the default) picks a free one
 * @returns {Promise<{ server: import("node:http").Server, url: string }>}
 */
export async function startPageServer({ port = 0 } = {}) {
  await buildPage();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT === undefined || process.env.PORT === "" ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve-page: PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
    process.exit(2);
  }
  try {
    const { url } = await startPageServer({ port });
    console.log(`Demo page: ${url} (serving www/, js/ and pkg/; Ctrl-C to stop)`);
  } catch (error) {
    console.error(`serve-page: cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`);
    process.exit(1);
  }
}
