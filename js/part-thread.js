// A worker thread of the Node runner (js/runner-node.js): calculates the parts it is sent,
// each read from its file (`book`) or streamed to it in chunks, and writes each part's output (see `mergeOutputs`) to the
// file it is told.

import { closeSync, createReadStream, openSync, writeSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { calculatePartStream } from "./scale-node.js";

/** Chunks of the part being received, read by the engine as they come. */
class Inbox {
  #chunks = [];
  #wake = null;
  #ended = false;

  put(chunk) {
    this.#chunks.push(chunk);
    this.#wake?.();
  }

  end() {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator]() {
    for (;;) {
      if (this.#chunks.length > 0) {
        yield this.#chunks.shift();
      } else if (this.#ended) {
        return;
      } else {
        await new Promise((resolve) => (this.#wake = resolve));
        this.#wake = null;
      }
    }
  }
}

let inbox = null;

parentPort.on("message", (message) => {
  if (message.type === "part" && message.book !== undefined) {
    run(message, createReadStream(message.book, { highWaterMark: 1 << 20 }));
  } else if (message.type === "part") {
    inbox = new Inbox();
    run(message, inbox);
  } else if (message.type === "chunk") {
    inbox.put(message.chunk);
  } else if (message.type === "end") {
    inbox.end();
  }
});

async function run({ p, plan, options, info, out }, source) {
  try {
    const output = await calculatePartStream(plan, source, info, options);
    const fd = openSync(out, "w");
    try {
      for (const chunk of output) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    parentPort.postMessage({ type: "done", p });
  } catch (error) {
    const { code, path, errors, line } = error;
    parentPort.postMessage({ type: "error", p, error: { message: error.message, code, path, errors, line } });
  }
}
