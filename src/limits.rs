//! The input limits: the most one request may contain. Each is checked where the input is read
//! and, when passed, reported as a `limit_exceeded` error with the path of what is too large.
//! (The caps and floors of a plan's rules are in `engine::caps`; the wasm heap budget is in
//! `wasm::heap`.)

/// The most invoices (real and what-if together) one calculation takes.
pub const MAX_INVOICES: usize = 2_000_000;
/// The most lines one invoice may have.
pub const MAX_LINES_PER_INVOICE: usize = 100_000;
/// The most agents one sales document may have.
pub const MAX_AGENTS: usize = 1_000_000;
/// The most agent-dates of the dated agents: agents times (1 + the distinct dates on which some
/// agent's `history` changes it). The hierarchy is prepared once per such date that sales need.
pub const MAX_AGENT_DATES: u64 = 100_000_000;
/// The most parts one split of a book makes (`partition`, the runners): a 10,000,000-line book
/// at the default 250,000 lines a part is 40.
pub const MAX_PARTS: usize = 10_000;
/// The most hypothetical invoices one what-if may add.
pub const MAX_WHAT_IF_INVOICES: usize = 10_000;
/// The most points a curve may have.
pub const MAX_STEPS: u32 = 10_000;
/// The longest window or recurrence, in months (a century).
pub const MAX_MONTHS: u32 = 1200;
/// The most level-review work one calculation may take: reviews times invoices and agents
/// (each review measures every agent over the invoices; ten years of monthly reviews of
/// 400,000 invoices fit).
pub const MAX_REVIEW_WORK: u64 = 50_000_000;

/// The most result lines one calculation writes, and the default of `options.max_lines`
/// (measured: a million lines with explanations peak at 2.2 GB of WebAssembly memory, text
/// included, within the instance's 4 GiB; see docs/reliability.md).
pub const MAX_RESULT_LINES: u64 = 1_000_000;
/// The most bytes of JSON one result takes, and the default of `options.max_bytes` (256 MiB:
/// half of the longest string V8 holds, so the text always reaches JavaScript).
pub const MAX_RESULT_BYTES: u64 = 256 * 1024 * 1024;
/// The least bytes a result line takes as JSON besides its ids and its explanation (field
/// names, punctuation, a date, `null`s): a lower bound, so that an estimate from it refuses only
/// what is sure to pass the budget.
pub const LINE_JSON_BYTES: u64 = 160;

/// The most result lines `options.max_lines` may ask for. In WebAssembly it is the default,
/// [`MAX_RESULT_LINES`]: the instance's 4 GiB of memory bound it. Natively (the Rust crate in a
/// server or a command-line tool) the host's memory is the caller's, so a caller may raise the
/// budget, as `examples/calculate_book.rs` does to compute a large book in one instance.
#[cfg(target_arch = "wasm32")]
pub const RESULT_LINES_CEILING: u64 = MAX_RESULT_LINES;
/// The most result lines `options.max_lines` may ask for (natively: see the WebAssembly value).
#[cfg(not(target_arch = "wasm32"))]
pub const RESULT_LINES_CEILING: u64 = 1_000_000_000;
/// The most bytes `options.max_bytes` may ask for. In WebAssembly it is the default,
/// [`MAX_RESULT_BYTES`] (the result must reach JavaScript as one string); natively a caller may
/// raise it.
#[cfg(target_arch = "wasm32")]
pub const RESULT_BYTES_CEILING: u64 = MAX_RESULT_BYTES;
/// The most bytes `options.max_bytes` may ask for (natively: see the WebAssembly value).
#[cfg(not(target_arch = "wasm32"))]
pub const RESULT_BYTES_CEILING: u64 = 1 << 40;
