/**
 * Starting and stopping the real workerd binary (from the npm `workerd` package) on loopback,
 * for `npm run worker`, the tests and the load benchmark.
 */

import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import workerdPackage from "workerd";
import { ROOT } from "./build.mjs";

/** The path of the workerd binary (the CommonJS package's `default` export). */
const WORKERD_BINARY = workerdPackage.default ?? workerdPackage;

/** The workerd configuration of the worker. */
export const CONFIG_PATH = join(ROOT, "worker", "workerd.capnp");

/** How long workerd may take to answer /health after it is started, in milliseconds. */
const START_TIMEOUT_MS = 30_000;
/** How long one /health request may take while waiting for the start, in milliseconds. */
const HEALTH_POLL_TIMEOUT_MS = 1000;

/**
 * A free TCP port on 127.0.0.1 (asked from the OS, then released for workerd to take).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves when nothing listens on 127.0.0.1:`port`, and fails with a clear message otherwise
 * (a health check could else be answered by whatever holds the port).
 * @param {number} port
 */
function ensurePortFree(port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} on 127.0.0.1 is already in use`) : error),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/**
 * Starts workerd with the built worker (see worker/build.mjs) and waits until /health answers.
 * @param {{ port: number, env?: Record<string, string>, quiet?: boolean, config?: string }} options the port
 *   on 127.0.0.1 (workerd listens on loopback only);
 *   `env` adds environment variables (the worker's settings, e.g. MAX_BODY_BYTES); `quiet`
 *   gives workerd's output to the caller (`process.stdout`/`stderr` streams) instead of this
 *   process's, and puts what it printed before a failed start in the error; `config` is the
 *   workerd configuration (default worker/workerd.capnp)
 * @returns {Promise<{ url: string, process: import("node:child_process").ChildProcess,
 *   stop: () => Promise<void> }>}
 */
export async function startWorkerd({ port, env = {}, quiet = false, config = CONFIG_PATH }) {
  await ensurePortFree(port);
  const child = spawn(WORKERD_BINARY, ["serve", config, "--socket-addr", `http=127.0.0.1:${port}`], {
    env: { ...process.env, ...env },
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
  });
  let output = "";
  const capture = (data) => (output += data);
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  let stopped = null;
  exited.then((status) => (stopped = status));
  while (Date.now() < deadline) {
    if (stopped) {
      throw new Error(`workerd exited (${JSON.stringify(stopped)}) before answering /health\n${output}`);
    }
    try {
      // A bounded wait: something else listening on the port may never answer.
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_POLL_TIMEOUT_MS) });
      await response.arrayBuffer();
      if (response.ok) {
        child.stdout?.off("data", capture); // kept only to explain a failed start
        child.stderr?.off("data", capture);
        return { url, process: child, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`workerd did not answer ${url}/health within ${START_TIMEOUT_MS} ms\n${output}`);
}
