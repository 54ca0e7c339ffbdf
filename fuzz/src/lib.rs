//! Fuzzing of the commission engine's text API.
//!
//! Each target (`fuzz_targets/*.rs`) is one function of [`targets`]: it reads the fuzzer's
//! bytes as the documents of one call, makes the call, and checks what comes back with
//! [`check`]. A panic anywhere is a finding. The same functions replay the committed corpus on
//! stable Rust (`tests/replay.rs`), so `cargo test` in this crate needs no nightly toolchain.
//!
//! Bytes are read two ways:
//! - **raw**: bytes starting with `{` are the documents themselves, separated by NUL bytes
//!   (`plan \0 sales \0 options`), so the conformance cases seed the corpus and libFuzzer
//!   mutates real JSON text;
//! - **built**: any other bytes drive [`docs::ScenarioB`], an `arbitrary` builder of plausible
//!   documents (see [`docs`]).

pub mod check;
pub mod docs;
pub mod seeds;
pub mod targets;

use arbitrary::{Arbitrary, Unstructured};

/// The documents of one call, as text.
pub type Texts = Vec<String>;

/// The documents encoded in `data`: `n` texts, raw or built by `build` from a scenario.
pub fn texts(data: &[u8], n: usize, build: impl FnOnce(&docs::ScenarioB) -> Texts) -> Option<Texts> {
    if data.first() == Some(&b'{') {
        let mut out: Texts = data
            .split(|&b| b == 0)
            .take(n)
            .map(|part| String::from_utf8_lossy(part).into_owned())
            .collect();
        out.resize(n, String::new());
        return Some(out);
    }
    let mut u = Unstructured::new(data);
    let scenario = docs::ScenarioB::arbitrary(&mut u).ok()?;
    Some(build(&scenario))
}

/// Encodes documents the raw way (NUL-separated), as a corpus entry.
pub fn raw_entry(texts: &[&str]) -> Vec<u8> {
    texts.join("\0").into_bytes()
}
