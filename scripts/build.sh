#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (generated, never committed):
#   1. wasm-pack (release, --target web, which works in browsers, Node and workerd),
#   2. wasm-opt -O3 from the npm `binaryen` devDependency (a recent one; never Debian's;
#      about 13 % smaller, and -Oz is no smaller than -O3 here),
#   3. the glue's string copy rewritten to use TextEncoder.encodeInto (scripts/glue.mjs),
#   4. the JSON Schemas, generated natively from the Rust types (examples/schemas.rs) into
#      pkg/schemas.js, not at run time inside the module (schemars would be a sixth of it),
#   5. the TypeScript declarations of the documents, generated from the JSON Schemas,
#   6. the CommonJS form of the Node entry and its declarations (scripts/build-cjs.mjs).
# Expects scripts/setup.sh to have run (npm run build does both).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# One build at a time in this tree (several people or scripts may build at once; each
# rewrites pkg/ as a whole).
mkdir -p target
exec 9>target/.pkg-build.lock
flock 9

start=$(date +%s)
# --no-opt: wasm-pack would download its own binaryen; the npm one runs below instead.
wasm-pack --quiet build --target web --release --mode no-install --no-opt --out-dir pkg --out-name commission_engine
# wasm-pack cannot pass options to wasm-bindgen: the bindings are generated again from the same
# wasm with --experimental-reset-state-function, whose __wbg_reset_state lets js/api.js replace
# an instance that trapped by a fresh one (docs/reliability.md). The wasm is the same.
wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg --out-name commission_engine \
  target/wasm32-unknown-unknown/release/commission_engine.wasm
built=$(date +%s)

wasm=pkg/commission_engine_bg.wasm
before=$(stat -c %s "$wasm")
# wasm-opt takes about 35 s here: when wasm-pack produced the same module as last time, reuse
# the optimized one kept in target/.
cache=target/wasm-opt-cache
hash=$(sha256sum "$wasm" | cut -d' ' -f1)
if [ -f "$cache/$hash.wasm" ]; then
  cp "$cache/$hash.wasm" "$wasm"
else
  node_modules/.bin/wasm-opt -O3 "$wasm" -o "$wasm.opt"
  mkdir -p "$cache"
  rm -f "$cache"/*.wasm
  cp "$wasm.opt" "$cache/$hash.wasm"
  mv "$wasm.opt" "$wasm"
fi
after=$(stat -c %s "$wasm")

# wasm-pack writes a pkg/.gitignore of "*", which would also hide pkg/ from `npm pack`; the
# repository's own .gitignore already ignores /pkg.
rm -f pkg/.gitignore

# The glue's string copy into wasm memory: one TextEncoder.encodeInto, not a per-character loop.
node scripts/glue.mjs

cargo run --quiet --example schemas -- pkg/schemas.js
node scripts/types.mjs
# The CommonJS form of the Node entry (require on any Node, TypeScript's node16 CommonJS).
node scripts/build-cjs.mjs

end=$(date +%s)
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'build: %s: %d bytes (%d before wasm-opt, %d gzipped); wasm-pack %ds, total %ds\n' \
  "$wasm" "$after" "$before" "$gz" $((built - start)) $((end - start))
