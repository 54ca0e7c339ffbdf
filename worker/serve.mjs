/**
 * `npm run worker`: builds the worker if needed and runs it under workerd on 127.0.0.1, port
 * 8787 unless PORT says otherwise (HOST may name another loopback address). It prints the
 * address once /health answers, and stops workerd on Ctrl-C / SIGTERM.
 */

import { buildWorker } from "./build.mjs";
import { startWorkerd } from "./workerd.mjs";

const port = Number(process.env.PORT || 8787);
const host = process.env.HOST || "127.0.0.1";
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a TCP port number, got "${process.env.PORT}"`);
  process.exit(2);
}

await buildWorker();
const worker = await startWorkerd({ port, host });
console.log(`commission-engine worker (workerd) listening on ${worker.url}`);
console.log(`  try: curl ${worker.url}/health`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await worker.stop();
    process.exit(0);
  });
}
worker.process.on("exit", (code) => process.exit(code ?? 1));
