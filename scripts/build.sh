#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (generated, never committed): two modules,
#   pkg/commission_engine_bg.wasm        the main one (calculate, Engine, what-if, curve,
#                                        compare), built with --no-default-features
#   pkg/scale/commission_engine_bg.wasm  the `scale` one: the main one plus streamed books and
#                                        partitioned runs (cargo feature `scale`), loaded only
#                                        by the package's `commission-engine/scale` entry
# each by:
#   1. wasm-pack / cargo (release, --target web, which works in browsers, Node and workerd),
#   2. wasm-opt -O3 from the npm `binaryen` devDependency (a recent one; never Debian's;
#      about 13 % smaller, and -Oz is no smaller than -O3 here),
#   3. the glue's string copy rewritten to use TextEncoder.encodeInto (scripts/glue.mjs);
# then
#   4. the JSON Schemas, generated natively from the Rust types (examples/schemas.rs, cargo
#      feature `schema`) into pkg/schemas.js, not at run time inside the module (schemars is not
#      even compiled into it),
#   5. the TypeScript declarations of the documents, generated from the JSON Schemas,
#   6. the CommonJS form of the Node entry and its declarations (scripts/build-cjs.mjs).
# The modules as built before wasm-opt, which keep their function names (for
# `node bench/sizes.mjs`), are kept as target/wasm-names/{main,scale}.wasm.
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
raw=target/wasm32-unknown-unknown/release/commission_engine.wasm
mkdir -p target/wasm-names

# wasm-opt -O3 of $1 in place. It takes about 35 s here: when cargo produced the same module as
# last time, the optimized one kept in target/wasm-opt-cache/ (one per module: $2) is reused.
optimize() {
  local wasm=$1 cache=target/wasm-opt-cache/$2 hash
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
}

# The main module. --no-opt: wasm-pack would download its own binaryen; the npm one runs
# below instead. --no-default-features: without `schema` (schemars).
wasm-pack --quiet build --target web --release --mode no-install --no-opt --out-dir pkg --out-name commission_engine \
  -- --no-default-features
# wasm-pack cannot pass options to wasm-bindgen: the bindings are generated again from the same
# wasm with --experimental-reset-state-function, whose __wbg_reset_state lets js/guard.js replace
# an instance that trapped by a fresh one (docs/reliability.md). The wasm is the same.
wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg --out-name commission_engine "$raw"
cp "$raw" target/wasm-names/main.wasm

# The scale module: the same crate with the `scale` feature (cargo keeps both builds, so an
# unchanged one is not built again), its bindings generated the same way into pkg/scale/.
cargo build --quiet --lib --release --target wasm32-unknown-unknown --no-default-features --features scale
wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg/scale --out-name commission_engine "$raw"
cp "$raw" target/wasm-names/scale.wasm
built=$(date +%s)

wasm=pkg/commission_engine_bg.wasm
before=$(stat -c %s "$wasm")
optimize "$wasm" main
optimize pkg/scale/commission_engine_bg.wasm scale
after=$(stat -c %s "$wasm")

# wasm-pack writes a pkg/.gitignore of "*", which would also hide pkg/ from `npm pack`; the
# repository's own .gitignore already ignores /pkg.
rm -f pkg/.gitignore

# The glue's string copy into wasm memory: one TextEncoder.encodeInto, not a per-character loop.
node scripts/glue.mjs pkg/commission_engine.js pkg/scale/commission_engine.js

cargo run --quiet --example schemas -- pkg/schemas.js
node scripts/types.mjs
# The CommonJS form of the Node entry (require on any Node, TypeScript's node16 CommonJS).
node scripts/build-cjs.mjs

end=$(date +%s)
gz=$(gzip -9 -c "$wasm" | wc -c)
scale=pkg/scale/commission_engine_bg.wasm
printf 'build: %s: %d bytes (%d before wasm-opt, %d gzipped); %s: %d bytes (%d gzipped); cargo %ds, total %ds\n' \
  "$wasm" "$after" "$before" "$gz" "$scale" "$(stat -c %s "$scale")" "$(gzip -9 -c "$scale" | wc -c)" \
  $((built - start)) $((end - start))
