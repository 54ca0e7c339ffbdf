/**
 * Several workerd processes running the worker, for partitioned runs on this machine: part
 * instances (the standard config, each its own process, so parts compute in parallel and each
 * has its own memory) and a coordinator whose service bindings `PARTS_1`, `PARTS_2`, ... lead to
 * them (a config written to dist/worker/fanout.capnp). In production one `PARTS` binding to
 * the worker itself does this (wrangler.toml); the platform spreads the sub-requests.
 *
 *   const fanout = await startFanout({ instances: 2 });
 *   // POST ${fanout.url}/v1/runs ... ; then
 *   await fanout.stop();
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./build.mjs";
import { freePort, startWorkerd } from "./workerd.mjs";

/** The coordinator's configuration, next to the bundle it embeds. */
export const FANOUT_CONFIG_PATH = join(ROOT, "dist", "worker", "fanout.capnp");

/**
 * The coordinator's workerd configuration: the worker, with `PARTS_<i>` bound to the part
 * instances at `ports`.
 * @param {number[]} ports
 */
export function fanoutConfig(ports) {
  const externals = ports
    .map((port, i) => `    (name = "part-${i + 1}", external = (address = "127.0.0.1:${port}", http = ())),`)
    .join("\n");
  const bindings = ports
    .map((_, i) => `    (name = "PARTS_${i + 1}", service = "part-${i + 1}"),`)
    .join("\n");
  return `# Written by worker/fanout.mjs: the coordinator of a partitioned run on this machine.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "coordinator", worker = .coordinator),
${externals}
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "coordinator") ],
);

const coordinator :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "commission_engine_scale_bg.wasm", wasm = embed "../../pkg/scale/commission_engine_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
${bindings}
    (name = "MAX_BODY_BYTES", fromEnvironment = "MAX_BODY_BYTES"),
    (name = "FANOUT_CONCURRENCY", fromEnvironment = "FANOUT_CONCURRENCY"),
  ],
);
`;
}

/**
 * Starts `instances` part processes and a coordinator (the worker must be built: see
 * worker/build.mjs).
 * @param {{ instances?: number, port?: number, env?: Record<string, string>, quiet?: boolean }} [how]
 * @returns {Promise<{ url: string, parts: { url: string, process: import("node:child_process").ChildProcess }[],
 *   coordinator: { process: import("node:child_process").ChildProcess }, stop: () => Promise<void> }>}
 */
export async function startFanout({ instances = 2, port, env = {}, quiet = true } = {}) {
  const parts = [];
  try {
    for (let i = 0; i < instances; i++)
      parts.push(await startWorkerd({ port: await freePort(), env, quiet }));
    writeFileSync(FANOUT_CONFIG_PATH, fanoutConfig(parts.map((p) => Number(new URL(p.url).port))));
    const coordinator = await startWorkerd({
      port: port ?? (await freePort()),
      env,
      quiet,
      config: FANOUT_CONFIG_PATH,
    });
    const stop = async () => {
      await coordinator.stop();
      await Promise.all(parts.map((p) => p.stop()));
    };
    return { url: coordinator.url, parts, coordinator, stop };
  } catch (error) {
    await Promise.all(parts.map((p) => p.stop()));
    throw error;
  }
}
