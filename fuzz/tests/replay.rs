//! The fuzz targets on stable Rust, without libFuzzer: every committed corpus entry and crash
//! regression, every conformance case as a seed, and a few thousand generated scenarios from a
//! fixed pseudo-random stream, each through its target. A panic fails the test.
//!
//! `FUZZ_REPLAY_RANDOM` sets how many generated inputs each target gets (default 300).

use commission_engine_fuzz::targets::ALL;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn target(name: &str) -> fn(&[u8]) {
    ALL.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no target `{name}`"))
}

#[test]
fn committed_corpus_and_regressions() {
    let mut count = 0;
    for (name, run) in ALL {
        for dir in ["corpus", "regressions"] {
            for file in files(&root().join(dir).join(name)) {
                let bytes = std::fs::read(&file).unwrap();
                eprintln!("{}", file.display());
                run(&bytes);
                count += 1;
            }
        }
    }
    println!("{count} corpus entries and regressions replayed");
}

#[test]
fn conformance_cases_as_seeds() {
    let seeds = commission_engine_fuzz::seeds::of_dir(&root().join("../tests/cases"));
    assert!(seeds.len() > 100, "only {} seeds", seeds.len());
    for (name, case, bytes) in &seeds {
        eprintln!("{name} {case}");
        target(name)(bytes);
    }
}

/// splitmix64: a fixed stream of pseudo-random bytes.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len.div_ceil(8))
        .flat_map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)).to_le_bytes()
        })
        .take(len)
        .collect()
}

#[test]
fn generated_scenarios() {
    let n: u64 = std::env::var("FUZZ_REPLAY_RANDOM")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for (name, run) in ALL {
        for i in 0..n {
            let mut data = bytes(i * 7919 + name.len() as u64, 64 + (i as usize * 37) % 2000);
            if data.first() == Some(&b'{') {
                data[0] = 0;
            }
            run(&data);
        }
    }
}
