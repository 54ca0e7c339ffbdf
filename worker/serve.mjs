/**
 * `npm run worker`: builds the package when it is missing or older than its sources, bundles
 * the worker, and runs it under workerd on 127.0.0.1 (loopback only), port 8787 unless PORT
 * says otherwise. It prints the address once /health answers, and stops workerd on Ctrl-C or
 * SIGTERM.
 */

import { buildWorker } from "./build.mjs";
import { startWorkerd } from "./workerd.mjs";

const port = Number(process.env.PORT || 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a TCP port number, got "${process.env.PORT}"`);
  process.exit(2);
}

await buildWorker({ rebuildStale: true });
let worker;
try {
  worker = await startWorkerd({ port, quiet: true });
} catch (error) {
  console.error(`could not start the worker on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
}
worker.process.stdout.pipe(process.stdout);
worker.process.stderr.pipe(process.stderr);
console.log(`commission-engine worker (workerd) listening on ${worker.url}`);
console.log(`  try: curl ${worker.url}/health`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await worker.stop();
    process.exit(0);
  });
}
worker.process.on("exit", (code) => process.exit(code ?? 1));
