#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine's text API (cargo fuzz / libFuzzer, nightly Rust).
#
#   scripts/fuzz.sh [SECONDS] [options]    fuzz every target for SECONDS in all (default 60)
#     --targets a,b       only these targets (default: every file of fuzz/fuzz_targets/)
#     --bounded           the `npm test` pass: first the stable replay (committed corpus,
#                         crash regressions, conformance cases, generated scenarios), then
#                         libFuzzer from the committed corpus without changing it
#     --grow              keep what libFuzzer finds in fuzz/corpus/ (minimize it with --cmin)
#     --cmin              minimize fuzz/corpus/<target> (cargo fuzz cmin) and stop
#
# Installs what it needs, only what is missing (idempotent, fast when present): the nightly
# toolchain (rustup) and cargo-fuzz (cargo install). It does not need scripts/setup.sh.
# A crash stops the run with its input in fuzz/artifacts/<target>/; once fixed, copy the input
# to fuzz/regressions/<target>/ so that every later replay tries it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'fuzz: %s\n' "$*"; }

seconds=60
targets=""
bounded=0
grow=0
cmin=0
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) targets="${2//,/ }"; shift 2 ;;
    --bounded) bounded=1; shift ;;
    --grow) grow=1; shift ;;
    --cmin) cmin=1; shift ;;
    --) shift ;;
    [0-9]*) seconds="$1"; shift ;;
    *) echo "fuzz: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$targets" ]; then
  targets="$(ls fuzz/fuzz_targets | sed -n 's/\.rs$//p' | tr '\n' ' ')"
fi

# The stable replay: no nightly needed.
if [ "$bounded" = 1 ]; then
  say "stable replay of the corpus, the regressions, the conformance cases and generated scenarios"
  cargo test --manifest-path fuzz/Cargo.toml --release --no-default-features --quiet
fi

# The toolchain: nightly (for -Zsanitizer flags and sancov) and cargo-fuzz.
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

fuzz() { cargo +nightly fuzz "$1" --fuzz-dir fuzz "${@:2}"; }
# No sanitizer: the engine has no unsafe code, so AddressSanitizer would only halve the speed.
# cargo fuzz builds release code with debug assertions and overflow checks: an integer that
# would wrap is found too.
build_flags=(-s none)

if [ "$cmin" = 1 ]; then
  for t in $targets; do
    say "minimizing fuzz/corpus/$t"
    fuzz cmin "${build_flags[@]}" "$t" "fuzz/corpus/$t" -- -set_cover_merge=1 -rss_limit_mb=4096 -timeout=20
  done
  exit 0
fi

# The seeds: every conformance case in the raw encoding of the targets it can feed.
seeds=fuzz/target/seeds
rm -rf "$seeds"
cargo run --manifest-path fuzz/Cargo.toml --release --no-default-features --quiet --example seed_corpus -- tests/cases "$seeds" >/dev/null

count=$(echo $targets | wc -w)
per=$(( seconds / count ))
[ "$per" -ge 1 ] || per=1
for t in $targets; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "$seeds/$t"
  if [ "$grow" = 1 ]; then
    out="fuzz/corpus/$t"; inputs=("$seeds/$t")
  else
    # libFuzzer writes new inputs into the first corpus directory: a scratch one, so that
    # the committed corpus stays as it is.
    out="fuzz/target/scratch/$t"; rm -rf "$out"; mkdir -p "$out"; inputs=("fuzz/corpus/$t" "$seeds/$t")
  fi
  [ -d "fuzz/regressions/$t" ] && inputs+=("fuzz/regressions/$t")
  say "$t for ${per}s"
  fuzz run "${build_flags[@]}" "$t" "$out" "${inputs[@]}" -- \
    -max_total_time="$per" -timeout=20 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/"
done
say "no crash in ${seconds}s over: $targets"
