// Rewrites how the wasm-bindgen glue copies a string into the module's memory, in each glue
// file given (default: pkg/commission_engine.js). Run by scripts/build.sh after wasm-pack, on
// the main module's glue and the scale module's (pkg/scale/commission_engine.js).
//
//   node scripts/glue.mjs [GLUE.js ...]
//
// The generated `passStringToWasm0` copies a string one character at a time in a JavaScript
// loop for as long as it is ASCII, and calls TextEncoder.encodeInto only for the rest: for the
// 10-100 MB documents of a large calculation that loop took 74 ms of 246 ms at the boundary
// (issue 11), where one `encodeInto` over the whole string takes about 5 ms. The replacement
// encodes the whole string with `encodeInto` into a buffer of one byte per character, and grows
// it only when the text has non-ASCII characters, exactly as the original does for the rest.
// The build fails if the function is not found in the shape expected (a new wasm-bindgen
// version must be looked at, not silently left slow).

import { readFileSync, writeFileSync } from "node:fs";

const paths = process.argv.length > 2 ? process.argv.slice(2) : ["pkg/commission_engine.js"];
for (const path of paths) rewrite(path);

/** Rewrites `passStringToWasm0` in the glue file at `path`. */
function rewrite(path) {
  const glue = readFileSync(path, "utf8");

  const start = glue.indexOf("function passStringToWasm0(arg, malloc, realloc) {");
  const end = start < 0 ? -1 : glue.indexOf("\n}\n", start);
  const original = start < 0 || end < 0 ? "" : glue.slice(start, end + 3);
  if (!original.includes("arg.charCodeAt(offset)") || !original.includes("cachedTextEncoder.encodeInto(")) {
    console.error(
      `scripts/glue.mjs: passStringToWasm0 is not in the expected shape in ${path}; look at the new wasm-bindgen glue`,
    );
    process.exit(1);
  }

  const replacement = `function passStringToWasm0(arg, malloc, realloc) {
    // Rewritten by scripts/glue.mjs: one encodeInto over the whole string, not a loop per character.
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;
    let { read, written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    if (read !== arg.length) {
        const rest = arg.slice(read);
        ptr = realloc(ptr, len, len = written + rest.length * 3, 1) >>> 0;
        written += cachedTextEncoder.encodeInto(rest, getUint8ArrayMemory0().subarray(ptr + written, ptr + len)).written;
        ptr = realloc(ptr, len, written, 1) >>> 0;
    }
    WASM_VECTOR_LEN = written;
    return ptr;
}
`;
  writeFileSync(path, glue.replace(original, replacement));
}
