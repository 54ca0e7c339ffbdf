//! The `Engine` methods of the `scale` module (built with the `scale` cargo feature, loaded by
//! the package's `commission-engine/scale` entry): a sales history streamed in chunk by chunk,
//! its calculation read as text in pieces, and a part of a partitioned run. The main module,
//! which every quote embedder downloads, has none of this code.

use super::engine::Engine;
use super::error::{self, JsResult};
use crate::api;
use crate::input::parse_options;
use crate::model::SalesDoc;
use crate::partition::output::PartOutput;
use crate::stream::{BookReader, Located};
use wasm_bindgen::prelude::*;

/// What an `Engine` of the `scale` module streams: a history coming in, a part's output and a
/// long result going out.
#[derive(Default)]
pub struct Streams {
    /// A history being streamed in.
    reading: Option<BookReader>,
    /// A streamed history not indexed for what-ifs (a part of a partitioned run).
    streamed: Option<SalesDoc>,
    /// Where the streamed history's invoices were in the stream.
    located: Located,
    /// A calculated part's output, being read.
    output: Option<PartOutput>,
    /// A result written as text (too long for one JS string), being read: the text and how
    /// much of it was read.
    text: Option<(Vec<u8>, usize)>,
}

impl Streams {
    /// Forgets the streamed history (`engine.load` replaced it).
    pub fn forget_history(&mut self) {
        self.streamed = None;
        self.located = Located::default();
    }
}

#[wasm_bindgen]
impl Engine {
    /// `engine.beginLoad()`: starts streaming a book in (NDJSON: the header line, then one
    /// invoice a line), replacing the history loaded before.
    #[wasm_bindgen(js_name = beginLoad)]
    pub fn begin_load(&mut self) {
        self.loaded = None;
        self.streams.streamed = None;
        self.streams.output = None;
        self.streams.reading = Some(BookReader::default());
    }

    /// `engine.pushLoad(chunk)`: reads the lines a chunk of the stream completes; throws the
    /// first bad line's error (with its line number).
    #[wasm_bindgen(js_name = pushLoad)]
    pub fn push_load(&mut self, chunk: &[u8]) -> JsResult<()> {
        let reader = self
            .streams
            .reading
            .as_mut()
            .ok_or_else(|| error::binding_error("not_loading", "call beginLoad() first"))?;
        let r = reader.push(chunk);
        if r.is_err() {
            self.streams.reading = None;
        }
        error::to_js(r)
    }

    /// `engine.endLoad(index)`: ends the stream; with `index`, checks the history against the
    /// plan and indexes it for `whatIf` and `curve` (as `load` does), else the calculation
    /// checks it.
    #[wasm_bindgen(js_name = endLoad)]
    pub fn end_load(&mut self, index: bool) -> JsResult<()> {
        let reader = self
            .streams
            .reading
            .take()
            .ok_or_else(|| error::binding_error("not_loading", "call beginLoad() first"))?;
        let (sales, located) = error::to_js(reader.finish())?;
        if index {
            self.loaded = Some(error::to_js(self.inner.load(sales).map_err(|e| located.locate(e)))?);
        } else {
            self.streams.streamed = Some(sales);
        }
        self.streams.located = located;
        Ok(())
    }

    /// `engine.calculateLoaded(options)`: the result document of the loaded history, as JSON.
    #[wasm_bindgen(js_name = calculateLoaded)]
    pub fn calculate_loaded(&self, options: &str) -> JsResult<String> {
        let sales = self.history()?;
        let result = parse_options(options)
            .and_then(|o| self.inner.calculate(sales, &o))
            .map_err(|e| self.streams.located.locate(e));
        error::to_js(result.and_then(|r| api::to_json(&r)))
    }

    /// `engine.calculateLoadedText(options)`: calculates the loaded history and keeps the result
    /// as text, to be read in pieces with `readText` (a result may be longer than a JS string).
    #[wasm_bindgen(js_name = calculateLoadedText)]
    pub fn calculate_loaded_text(&mut self, options: &str) -> JsResult<()> {
        let sales = self.history()?;
        let result = parse_options(options)
            .and_then(|o| self.inner.calculate(sales, &o))
            .map_err(|e| self.streams.located.locate(e));
        let mut text = Vec::new();
        let written = result.and_then(|r| {
            serde_json::to_writer(&mut text, &r).map_err(|e| {
                crate::EngineError::single(crate::ErrorCode::Overflow, "", format!("could not write the result: {e}"))
            })
        });
        error::to_js(written)?;
        self.streams.text = Some((text, 0));
        Ok(())
    }

    /// `engine.readText(maxBytes)`: the next piece (UTF-8 bytes) of the result kept by
    /// `calculateLoadedText`, or `undefined` at the end.
    #[wasm_bindgen(js_name = readText)]
    pub fn read_text(&mut self, max_bytes: u32) -> JsResult<Option<Vec<u8>>> {
        let (text, at) = self
            .streams
            .text
            .as_mut()
            .ok_or_else(|| error::binding_error("not_calculated", "call calculateLoadedText() first"))?;
        if *at >= text.len() {
            self.streams.text = None;
            return Ok(None);
        }
        let end = (*at + (max_bytes as usize).max(1)).min(text.len());
        let chunk = text[*at..end].to_vec();
        *at = end;
        Ok(Some(chunk))
    }

    /// `engine.calculatePart(part, options)`: calculates the loaded history as part `part` (its
    /// JSON description) of a partitioned run; read the output with `readPart`.
    #[wasm_bindgen(js_name = calculatePart)]
    pub fn calculate_part(&mut self, part: &str, options: &str) -> JsResult<()> {
        let info: crate::partition::PartInfo = error::to_js(crate::input::parse(part, crate::error::Doc::Options))?;
        let options = error::to_js(parse_options(options))?;
        let result = crate::partition::calculate_part(&self.inner, self.history()?, &options, &info);
        self.streams.output = Some(PartOutput::new(error::to_js(result)?));
        Ok(())
    }

    /// `engine.readPart(maxBytes)`: the next piece of the calculated part's output (its keyed
    /// lines, then its summary line), or `undefined` at the end.
    #[wasm_bindgen(js_name = readPart)]
    pub fn read_part(&mut self, max_bytes: u32) -> JsResult<Option<Vec<u8>>> {
        let output = self
            .streams
            .output
            .as_mut()
            .ok_or_else(|| error::binding_error("not_calculated", "call calculatePart() first"))?;
        let chunk = error::to_js(output.next_chunk(max_bytes as usize))?;
        if chunk.is_none() {
            self.streams.output = None;
        }
        Ok(chunk)
    }
}

impl Engine {
    /// The loaded or streamed sales history, or the `not_loaded` error.
    fn history(&self) -> JsResult<&SalesDoc> {
        match (&self.streams.streamed, &self.loaded) {
            (Some(s), _) => Ok(s),
            (None, Some(l)) => Ok(l.sales()),
            _ => Err(error::binding_error(
                "not_loaded",
                "no sales history is loaded: call engine.load(sales) or engine.loadStream(book) first",
            )),
        }
    }
}
