//! Partitioned runs: a book too large for one engine instance is split into parts, each a
//! complete calculation, computed anywhere (threads, edge sub-requests), and merged into the
//! result the whole book would give, byte for byte.
//!
//! - [`groups`]: downline-closed agent groups, balanced over the parts by invoice lines.
//! - [`split`]: reads a book (streamed NDJSON, see [`crate::stream`]) and makes the parts: each
//!   part gets the invoices of its groups (an invoice shared by agents of several parts goes to
//!   each), in book order, with whatever needs the whole book settled once in its header
//!   (`as_of`, customers' first orders, the first invoice of each order or subscription).
//! - [`part`]: calculates one part, keeping its own agents, with order keys.
//! - [`order`]: the keys that place a part's items in the whole book's order; [`late`]: those
//!   of holdbacks, releases and draws.
//! - [`merge`]: interleaves the parts' results.
//! - [`output`]: a part's result as keyed lines, for merging results too large to hold.
//! - [`text`]: the same as JSON text in and out, for the WebAssembly binding.

pub mod groups;
pub mod late;
pub mod merge;
pub mod order;
pub mod output;
pub mod part;
pub mod split;
pub mod text;

pub use merge::{merge, merge_summaries};
pub use part::{calculate_part, PartInfo, PartResult};
pub use split::{SplitOptions, Splitter};
