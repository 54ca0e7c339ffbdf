//! The native row of `npm run bench`: the whole calculation, JSON text in and JSON text out, of
//! the plan and sales files that bench/run.mjs writes, timed by stage with instrumented timers
//! (parse the three documents, compute, serialize the result), plus `calculate_json` as a whole.
//!
//! Run: `cargo bench --bench calculate -- PLAN SALES [OPTIONS_JSON] [RUNS]`; prints one JSON
//! object of median milliseconds per stage and the result's size and checksum, which
//! bench/run.mjs checks against the WebAssembly package's answer (same bytes). With `--write
//! PATH`, also writes the result text.

use commission_engine::input::{parse_options, parse_plan, parse_sales};
use commission_engine::{api, calculate_json, Engine};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// FNV-1a of the result text: equal checksums and lengths mean the same bytes (with
/// overwhelming likelihood), without passing megabytes between processes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf29ce484222325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut write = None;
    if let Some(i) = args.iter().position(|a| a == "--write") {
        write = Some(args.remove(i + 1));
        args.remove(i);
    }
    let [plan_path, sales_path, rest @ ..] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench calculate -- PLAN SALES [OPTIONS_JSON] [RUNS] [--write PATH]");
        std::process::exit(2);
    };
    let options = rest.first().cloned().unwrap_or_default();
    let runs: usize = rest.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let plan = std::fs::read_to_string(plan_path).expect("plan file");
    let sales = std::fs::read_to_string(sales_path).expect("sales file");

    let (mut parse, mut compute, mut serialize, mut whole) = (vec![], vec![], vec![], vec![]);
    let mut out = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        let engine = Engine::new(parse_plan(&plan).expect("plan")).expect("engine");
        let s = parse_sales(&sales).expect("sales");
        let o = parse_options(&options).expect("options");
        parse.push(ms(t));
        let t = Instant::now();
        let result = engine.calculate(&s, &o).expect("calculate");
        compute.push(ms(t));
        let t = Instant::now();
        out = api::to_json(&result).expect("serialize");
        serialize.push(ms(t));
        drop((result, s, engine));
        let t = Instant::now();
        let text = calculate_json(&plan, &sales, &options).expect("calculate_json");
        whole.push(ms(t));
        assert_eq!(text, out, "calculate_json and the staged run differ");
    }
    if let Some(path) = write {
        std::fs::write(path, &out).expect("write the result");
    }
    println!(
        "{{\"parse_ms\":{:.3},\"compute_ms\":{:.3},\"serialize_ms\":{:.3},\"total_ms\":{:.3},\"bytes\":{},\"fnv1a\":\"{:016x}\"}}",
        median(parse),
        median(compute),
        median(serialize),
        median(whole),
        out.len(),
        fnv1a(out.as_bytes())
    );
}
