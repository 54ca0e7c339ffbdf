# workerd configuration of the commission-engine edge worker.
#
# Run it with `npm run worker` (it builds the bundle first), or by hand after
# `node worker/build.mjs`:
#   npx workerd serve worker/workerd.capnp --socket-addr http=127.0.0.1:8787
# The settings come from the environment of the workerd process (unset means the default):
#   MAX_BODY_BYTES  request body limit in bytes (default 8388608)
#   CORS_ORIGINS    "*", or a comma-separated list of origins allowed to call it (default none)
#   BODY_TIMEOUT_MS       the time a request body may take to arrive (default 30000)
#   RECYCLE_MEMORY_BYTES  engine memory past which its instance is replaced after a request
#                         (default 67108864)
#   MAX_RESULT_BYTES      the most bytes one answer may have (default 33554432)
#   FANOUT_CONCURRENCY  parts of a partitioned run (POST /v1/runs) computed at once per
#                   binding (default 1)
# PARTS is the service binding a partitioned run sends its parts to: here the worker itself
# (worker/fanout.mjs writes a config whose PARTS_1, PARTS_2, ... are other workerd processes).
# Cloudflare deployment uses wrangler.toml instead; both run worker/src/index.js.

using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "commission-engine", worker = .engineWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "commission-engine") ],
);

const engineWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "../dist/worker/worker.js"),
    (name = "commission_engine_scale_bg.wasm", wasm = embed "../pkg/scale/commission_engine_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "MAX_BODY_BYTES", fromEnvironment = "MAX_BODY_BYTES"),
    (name = "CORS_ORIGINS", fromEnvironment = "CORS_ORIGINS"),
    (name = "BODY_TIMEOUT_MS", fromEnvironment = "BODY_TIMEOUT_MS"),
    (name = "RECYCLE_MEMORY_BYTES", fromEnvironment = "RECYCLE_MEMORY_BYTES"),
    (name = "MAX_RESULT_BYTES", fromEnvironment = "MAX_RESULT_BYTES"),
    (name = "FANOUT_CONCURRENCY", fromEnvironment = "FANOUT_CONCURRENCY"),
    (name = "PARTS", service = "commission-engine"),
  ],
);
