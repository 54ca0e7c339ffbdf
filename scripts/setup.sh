#!/usr/bin/env bash
# Installs what building and testing need, only what is missing (fast when all is present):
# the wasm32 Rust target, wasm-pack, the wasm-bindgen CLI of exactly the version pinned in
# Cargo.toml, the npm packages, and Debian's chromium (for the page tests).
# Run by `npm run build`, `npm start` and `npm test`; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

# 1. The Rust target for WebAssembly.
if ! rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
  say "adding the rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-pack.
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack"
  cargo install wasm-pack --locked
fi

# 3. wasm-bindgen-cli, the exact version of the wasm-bindgen crate pinned in Cargo.toml
#    (wasm-pack --mode no-install uses the one on PATH; the two must match). Installed plainly,
#    without --locked, the way the project's toolchain notes (DEVELOPERS.md) prescribe.
pinned="$(sed -n 's/^wasm-bindgen *= *"=\{0,1\}\([0-9][0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)"
if [ -z "$pinned" ]; then
  echo "setup: could not read the wasm-bindgen version from Cargo.toml" >&2
  exit 1
fi
installed="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$installed" != "$pinned" ]; then
  say "installing wasm-bindgen-cli $pinned (found: ${installed:-none})"
  cargo install wasm-bindgen-cli --version "$pinned" --force
fi

# 4. npm packages: when node_modules is missing or older than package-lock.json. `npm install`
#    installs what the lock file pins. (Not `npm ci`: it refuses a lock file that lacks an
#    optional platform package, and the registry here has no macOS/Windows builds of the
#    `workerd` version in use, so the lock file cannot list them.)
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing npm packages"
  npm install --no-audit --no-fund
fi

# 5. Chromium for the page tests (Debian's package; playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo -n"; fi
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q --no-install-recommends chromium </dev/null
fi

# 6. The runtimes of the packaging tests (tests/packaging), npm packages that ship their binary:
#    deno and bun. When an install script did not run (npm may skip them),
#    `npm rebuild` runs it.
for tool in deno bun; do
  if ! node_modules/.bin/$tool --version >/dev/null 2>&1; then
    say "rebuilding the npm package of $tool (its binary does not run)"
    npm rebuild "$tool" --no-audit --no-fund
  fi
done
