//! Streamed books and partitioned runs: the `BookSplit` class (a book streamed in chunks and
//! split into parts), and the free functions `partition`, `calculatePart`, `merge` and
//! `mergeSummaries` over [`crate::partition::text`].

use super::error::{self, JsResult};
use crate::partition::split::{Split, SplitOptions, Splitter};
use crate::partition::text;
use wasm_bindgen::prelude::*;

/// `partition(sales, parts, partLines)`: a JSON array of `{ sales, part }`.
#[wasm_bindgen]
pub fn partition(sales: &str, parts: Option<u32>, part_lines: Option<f64>) -> JsResult<String> {
    error::to_js(text::partition_json(sales, split_options(parts, part_lines)))
}

/// `calculatePart(plan, sales, options, part)`: one part's result with its order keys.
#[wasm_bindgen(js_name = calculatePart)]
pub fn calculate_part(plan: &str, sales: &str, options: &str, part: &str) -> JsResult<String> {
    super::heap::reserve_for(plan.len() + sales.len() + options.len());
    error::to_js(text::calculate_part_json(plan, sales, options, part))
}

/// `merge(results)`: the whole book's result from the parts' results (a JSON array).
#[wasm_bindgen]
pub fn merge(results: &str) -> JsResult<String> {
    error::to_js(text::merge_json(results))
}

/// `mergeSummaries(summaries, agents)`: the whole book's result without lines.
#[wasm_bindgen(js_name = mergeSummaries)]
pub fn merge_summaries(summaries: &str, agents: &str) -> JsResult<String> {
    error::to_js(text::merge_summaries_json(summaries, agents))
}

fn split_options(parts: Option<u32>, part_lines: Option<f64>) -> SplitOptions {
    SplitOptions {
        parts: parts.map(|p| p as usize),
        part_lines: part_lines.filter(|l| *l >= 1.0).map(|l| l as u64),
    }
}

/// A book streamed in chunks and split into parts (JS class `BookSplit`).
#[wasm_bindgen]
pub struct BookSplit {
    reading: Option<Splitter>,
    split: Option<Split>,
    cursors: Vec<usize>,
}

#[wasm_bindgen]
impl BookSplit {
    /// `new BookSplit(firstLine, routingOnly)`: a split whose stream's first line has number
    /// `firstLine` (default 1); `routingOnly` keeps no invoice text (the parts' lines are then
    /// read from the book again, by `info(p).lines`).
    #[wasm_bindgen(constructor)]
    pub fn new(first_line: Option<f64>, routing_only: Option<bool>) -> BookSplit {
        let first = first_line.unwrap_or(1.0).max(1.0) as u64;
        BookSplit {
            reading: Some(if routing_only == Some(true) {
                Splitter::routing_only(first)
            } else {
                Splitter::starting_at(first)
            }),
            split: None,
            cursors: Vec::new(),
        }
    }

    /// `push(chunk)`: reads the lines a chunk completes; throws the first bad line's error.
    pub fn push(&mut self, chunk: &[u8]) -> JsResult<()> {
        match &mut self.reading {
            Some(s) => error::to_js(s.push(chunk)),
            None => Err(error::binding_error("finished", "the book is already split")),
        }
    }

    /// The lines read so far.
    #[wasm_bindgen(getter, js_name = linesRead)]
    pub fn lines_read(&self) -> f64 {
        self.reading.as_ref().map(|s| s.lines_read() as f64).unwrap_or(0.0)
    }

    /// `finish(parts, partLines)`: ends the stream and splits it; returns the number of parts.
    pub fn finish(&mut self, parts: Option<u32>, part_lines: Option<f64>) -> JsResult<u32> {
        let reading = self
            .reading
            .take()
            .ok_or_else(|| error::binding_error("finished", "the book is already split"))?;
        let split = error::to_js(reading.finish(split_options(parts, part_lines)))?;
        self.cursors = vec![0; split.len()];
        let n = split.len() as u32;
        self.split = Some(split);
        Ok(n)
    }

    /// `header(p)`: the header line of part `p`.
    pub fn header(&self, p: u32) -> JsResult<String> {
        Ok(self.done()?.header(self.part(p)?).to_string())
    }

    /// `info(p)`: what part `p` is (JSON).
    pub fn info(&self, p: u32) -> JsResult<String> {
        error::to_js(crate::api::to_json(self.done()?.info(self.part(p)?)))
    }

    /// `invoices(p)`: how many invoices part `p` has.
    pub fn invoices(&self, p: u32) -> JsResult<u32> {
        Ok(self.done()?.invoices(self.part(p)?) as u32)
    }

    /// `read(p, maxBytes)`: the next invoice lines of part `p` (NDJSON), or `undefined` at the end.
    pub fn read(&mut self, p: u32, max_bytes: u32) -> JsResult<Option<Vec<u8>>> {
        let p = self.part(p)?;
        let split = self.split.as_ref().ok_or_else(not_split)?;
        if !split.has_text() {
            return Err(error::binding_error(
                "routing_only",
                "this split kept no invoice text: read the book again",
            ));
        }
        let from = self.cursors[p];
        if from >= split.invoices(p) {
            return Ok(None);
        }
        let (chunk, next) = split.lines(p, from, max_bytes as usize);
        self.cursors[p] = next;
        Ok(Some(chunk))
    }
}

impl BookSplit {
    fn done(&self) -> JsResult<&Split> {
        self.split.as_ref().ok_or_else(not_split)
    }

    fn part(&self, p: u32) -> JsResult<usize> {
        let n = self.done()?.len();
        if (p as usize) < n {
            Ok(p as usize)
        } else {
            Err(error::binding_error("no_such_part", &format!("part {p} of {n}")))
        }
    }
}

fn not_split() -> JsValue {
    error::binding_error("not_split", "call finish() first")
}
