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
 * Starts workerd with the built worker (see worker/build.mjs) and waits until /health answers.
 * @param {{ port: number, host?: string, env?: Record<string, string>, quiet?: boolean }} options
 *   `env` adds environment variables (the worker's settings, e.g. MAX_BODY_BYTES); `quiet`
 *   keeps workerd's own output for the error raised if it fails to start
 * @returns {Promise<{ url: string, process: import("node:child_process").ChildProcess,
 *   stop: () => Promise<void> }>}
 */
export async function startWorkerd({ port, host = "127.0.0.1", env = {}, quiet = false }) {
  const child = spawn(WORKERD_BINARY, ["serve", CONFIG_PATH, "--socket-addr", `http=${host}:${port}`], {
    env: { ...process.env, ...env },
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (data) => (output += data));
  child.stderr?.on("data", (data) => (output += data));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://${host}:${port}`;
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
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      if (response.ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`workerd did not answer ${url}/health within ${START_TIMEOUT_MS} ms\n${output}`);
}
