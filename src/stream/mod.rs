//! Streamed input: a sales history read as NDJSON (a header line, then one invoice per line),
//! chunk by chunk, so that the history never exists as one JSON text. [`lines`] cuts chunks into
//! numbered lines; [`book`] reads and checks the header and each invoice, naming the line of
//! every problem.

pub mod book;
pub mod lines;

pub use book::{BookReader, Located};
