//! One engine instance, natively, on a whole book: the reference of `bench/check-identity.mjs`
//! for books whose result is larger than one WebAssembly instance may write.
//!
//! The book (NDJSON: the header line, then one invoice a line) is streamed into the same
//! `BookReader` the package's `Engine.loadStream` uses, calculated by the same core, and the
//! result written as JSON to `--out` (stdout without it), exactly as the package's
//! `calculateLoadedText` writes it. Natively the result budget may be raised
//! (`limits::RESULT_LINES_CEILING`): this tool sets `max_lines` and `max_bytes` to the ceilings
//! unless the options give them.
//!
//! Run: `cargo run --release --example calculate_book -- --plan plan.json --book book.ndjson
//! [--options options.json] [--out result.json]`

use commission_engine::input::{parse_options, parse_plan};
use commission_engine::limits::{RESULT_BYTES_CEILING, RESULT_LINES_CEILING};
use commission_engine::stream::BookReader;
use commission_engine::{Engine, EngineError};
use std::io::{BufWriter, Read, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (Some(plan), Some(book)) = (arg("--plan"), arg("--book")) else {
        eprintln!("usage: calculate_book --plan plan.json --book book.ndjson [--options options.json] [--out result.json]");
        std::process::exit(2);
    };
    if let Err(message) = run(&plan, &book, arg("--options"), arg("--out")) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

/// Reads, calculates and writes; every failure as a message.
fn run(plan: &str, book: &str, options: Option<String>, out: Option<String>) -> Result<(), String> {
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
    let engine = parse_plan(&read(plan)?).and_then(Engine::new).map_err(coded)?;
    let mut options = match options {
        Some(path) => parse_options(&read(&path)?).map_err(coded)?,
        None => parse_options("{}").map_err(coded)?,
    };
    options.max_lines = Some(options.max_lines.unwrap_or(RESULT_LINES_CEILING));
    options.max_bytes = Some(options.max_bytes.unwrap_or(RESULT_BYTES_CEILING));

    let mut file = std::fs::File::open(book).map_err(|e| format!("{book}: {e}"))?;
    let mut reader = BookReader::default();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut chunk).map_err(|e| format!("{book}: {e}"))?;
        if n == 0 {
            break;
        }
        reader.push(&chunk[..n]).map_err(coded)?;
    }
    let (sales, located) = reader.finish().map_err(coded)?;
    let result = engine.calculate(&sales, &options).map_err(|e| coded(located.locate(e)))?;

    let sink: Box<dyn Write> = match &out {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut sink = BufWriter::with_capacity(1 << 20, sink);
    serde_json::to_writer(&mut sink, &result).map_err(|e| format!("writing the result: {e}"))?;
    sink.flush().map_err(|e| format!("writing the result: {e}"))
}

/// The engine's error as its JSON (code, path, message, errors).
fn coded(e: EngineError) -> String {
    serde_json::to_string(&e).unwrap_or_else(|_| e.message.clone())
}
