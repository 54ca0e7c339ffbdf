// Reading any stream as chunks of bytes: a Node Readable, a web ReadableStream (fetch and
// workerd request bodies), any (async) iterable of chunks, or a whole string or byte array.

const encoder = new TextEncoder();

/**
 * The chunks of `source` as Uint8Arrays.
 * @param {AsyncIterable<Uint8Array|string>|Iterable<Uint8Array|string>|ReadableStream|string|Uint8Array} source
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* chunksOf(source) {
  if (typeof source === "string" || source instanceof Uint8Array) {
    yield bytes(source);
    return;
  }
  if (source && typeof source.getReader === "function" && !(Symbol.asyncIterator in source)) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield bytes(value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of source) yield bytes(chunk);
}

/** A chunk as bytes (strings are UTF-8 encoded). */
function bytes(chunk) {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`a stream chunk must be bytes or text, not ${typeof chunk}`);
}

/**
 * The lines of a byte stream (without their `\n`), as strings.
 * @param {AsyncIterable<Uint8Array>} chunks
 * @returns {AsyncGenerator<string>}
 */
export async function* linesOf(chunks) {
  const decoder = new TextDecoder();
  let tail = "";
  for await (const chunk of chunks) {
    const text = tail + decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    tail = parts.pop();
    yield* parts;
  }
  tail += decoder.decode();
  if (tail !== "") yield tail;
}
