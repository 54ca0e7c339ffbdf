//! A part's result as text that can be merged as a stream: first the summary (the result
//! without its lines, with the other items' keys) on a line that starts with a tab, then one
//! line per result line, in the part's order, each `<order key>\t<the line's JSON>`. Keys are fixed
//! width, so comparing two keys as text compares them as keys: a merge of these streams
//! needs no parsing of the lines, which are copied byte for byte into the merged result.

use super::order::Key;
use super::part::PartResult;
use crate::error::{EngineError, ErrorCode};
use crate::model::result::ResultLine;
use crate::model::Date;

/// The text of a line's order key: its date, then the four parts of its key in hexadecimal.
pub fn key_text(date: Date, key: &Key) -> String {
    format!("{date}{:016x}{:016x}{:016x}{:016x}", key[0], key[1], key[2], key[3])
}

/// A part's result being written as its summary, then its keyed lines.
#[derive(Debug)]
pub struct PartOutput {
    lines: std::vec::IntoIter<(ResultLine, Key)>,
    summary: Option<PartResult>,
}

impl PartOutput {
    /// The output of a part's result.
    pub fn new(mut part: PartResult) -> PartOutput {
        let lines = std::mem::take(&mut part.result.lines);
        let keys = std::mem::take(&mut part.keys.lines);
        PartOutput {
            lines: lines.into_iter().zip(keys).collect::<Vec<_>>().into_iter(),
            summary: Some(part),
        }
    }

    /// The next piece of text, about `max_bytes` long (at least one line); `None` at the end.
    pub fn next_chunk(&mut self, max_bytes: usize) -> Result<Option<Vec<u8>>, EngineError> {
        let mut out = Vec::new();
        if let Some(summary) = self.summary.take() {
            out.push(b'\t');
            serde_json::to_writer(&mut out, &summary).map_err(write_error)?;
            out.push(b'\n');
        }
        for (line, key) in self.lines.by_ref() {
            out.extend_from_slice(key_text(line.earned_on, &key).as_bytes());
            out.push(b'\t');
            serde_json::to_writer(&mut out, &line).map_err(write_error)?;
            out.push(b'\n');
            if out.len() >= max_bytes {
                return Ok(Some(out));
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

fn write_error(e: serde_json::Error) -> EngineError {
    EngineError::single(ErrorCode::Overflow, "", format!("could not write the result: {e}"))
}
