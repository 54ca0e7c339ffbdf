//! Reading a book (a sales history) streamed as NDJSON: the first line is the header document
//! (`as_of`, `agents`, `customers`, `categories`, `fx`: a sales document without invoices), each
//! further line one invoice or credit note. Blank lines are skipped.
//!
//! Every invoice is read and checked against the header as it arrives (its shape, and that the
//! agents and the customer it names exist, and that its id is new), so a bad line is reported
//! with its line number before anything is computed. Problems found later by the engine (on
//! `/invoices/<k>`) are mapped back to their lines by [`Located`].

use crate::error::{pointer, Doc, EngineError, ErrorCode, Problem};
use crate::model::sales::{Invoice, SalesDoc};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// An error on line `line` of the stream: the problems of one line, with the line number set
/// and named at the start of each message.
pub fn at_line(line: u64, mut e: EngineError) -> EngineError {
    for p in &mut e.errors {
        p.line = Some(line);
        p.message = format!("line {line}: {}", p.message);
    }
    refresh(e)
}

/// `e` with its first problem's code, path, message and line at the top again (after its
/// problems were changed).
pub fn refresh(mut e: EngineError) -> EngineError {
    if let Some(first) = e.errors.first() {
        e.code = first.code;
        e.path = first.path.clone();
        e.message = first.message.clone();
        e.line = first.line;
    }
    e
}

/// `e` without line numbers (for a book given as one document, whose paths say it all).
pub fn without_lines(mut e: EngineError) -> EngineError {
    for p in &mut e.errors {
        if let Some(line) = p.line.take() {
            let prefix = format!("line {line}: ");
            if let Some(rest) = p.message.strip_prefix(&prefix) {
                p.message = rest.to_string();
            }
        }
    }
    refresh(e)
}

fn line_error(line: u64, code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> EngineError {
    at_line(line, EngineError::single(code, path, message))
}

/// Reads the header line. A stream that starts with anything else (an invoice, a broken line,
/// nothing) has no header: `invalid_sales` on line 1.
pub fn read_header(line: u64, text: &[u8]) -> Result<SalesDoc, EngineError> {
    let missing = |what: &str| {
        line_error(
            line,
            ErrorCode::InvalidSales,
            "",
            format!(
                "the header is missing: a book starts with the header document (as_of, agents, customers, categories, fx), {what}"
            ),
        )
    };
    let value: Value = match serde_json::from_slice(text) {
        Ok(Value::Object(map)) => Value::Object(map),
        Ok(_) => return Err(missing("not a JSON object")),
        Err(e) => return Err(missing(&format!("not valid JSON ({e})"))),
    };
    if value.get("id").is_some() || value.get("date").is_some() || value.get("lines").is_some() {
        return Err(missing("but the first line is an invoice"));
    }
    if value.get("invoices").is_some() {
        return Err(line_error(
            line,
            ErrorCode::InvalidSales,
            "/invoices",
            "the header holds no invoices: write one invoice per line after it",
        ));
    }
    crate::input::from_value::<SalesDoc>(value, Doc::Sales).map_err(|e| at_line(line, e))
}

/// The ids an invoice line may name, from the header.
#[derive(Debug, Default)]
pub struct References {
    /// Agent index by id.
    pub agents: HashMap<String, usize>,
    /// Customer index by id.
    pub customers: HashMap<String, usize>,
}

impl References {
    /// The references of a header.
    pub fn of(header: &SalesDoc) -> References {
        References {
            agents: header.agents.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect(),
            customers: header.customers.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect(),
        }
    }
}

/// Reads and checks one invoice line, the `index`-th invoice of the book (its path in the sales
/// document is `/invoices/<index>`).
pub fn read_invoice(line: u64, index: usize, text: &[u8], refs: &References) -> Result<Invoice, EngineError> {
    let base = format!("/invoices/{index}");
    let invoice: Invoice = match serde_json::from_slice(text) {
        Ok(inv) => inv,
        Err(_) => {
            let value: Value = serde_json::from_slice(text).map_err(|e| {
                line_error(
                    line,
                    ErrorCode::InvalidJson,
                    base.clone(),
                    format!("the invoice is not valid JSON: {e}"),
                )
            })?;
            let e = crate::input::from_value::<Invoice>(value, Doc::Sales)
                .err()
                .unwrap_or_else(not_an_invoice);
            let problems = e
                .errors
                .into_iter()
                .map(|p| Problem::new(p.code, format!("{base}{}", p.path), p.message))
                .collect();
            return Err(at_line(
                line,
                EngineError::from_problems(problems).unwrap_or_else(not_an_invoice),
            ));
        }
    };
    let mut problems = Vec::new();
    for (k, a) in invoice.agents.iter().flatten().enumerate() {
        if !refs.agents.contains_key(&a.id) {
            problems.push(Problem::new(
                ErrorCode::UnknownReference,
                pointer([
                    "invoices".to_string(),
                    index.to_string(),
                    "agents".into(),
                    k.to_string(),
                    "id".into(),
                ]),
                format!("unknown agent `{}` (not in the header)", a.id),
            ));
        }
    }
    if let Some(c) = &invoice.customer {
        if !refs.customers.contains_key(c) {
            problems.push(Problem::new(
                ErrorCode::UnknownReference,
                format!("{base}/customer"),
                format!("unknown customer `{c}` (not in the header)"),
            ));
        }
    }
    match EngineError::from_problems(problems) {
        Some(e) => Err(at_line(line, e)),
        None => Ok(invoice),
    }
}

fn not_an_invoice() -> EngineError {
    EngineError::single(ErrorCode::InvalidSales, "", "not an invoice")
}

/// The error for an invoice id seen before in the stream.
pub fn duplicate_id(line: u64, index: usize, id: &str, first_line: Option<u64>) -> EngineError {
    let before = first_line.map(|l| format!(" (first on line {l})")).unwrap_or_default();
    line_error(
        line,
        ErrorCode::InvalidSales,
        format!("/invoices/{index}/id"),
        format!("duplicate invoice id `{id}`{before}"),
    )
}

/// Maps the engine's problems on `/invoices/<k>` of a streamed sales document back to the
/// lines of the stream.
#[derive(Debug, Default)]
pub struct Located {
    /// The stream line of each invoice.
    pub lines: Vec<u64>,
}

impl Located {
    /// `e` with each problem on an invoice given its line (others are unchanged).
    pub fn locate(&self, mut e: EngineError) -> EngineError {
        for p in &mut e.errors {
            let Some(k) = invoice_of_path(&p.path) else { continue };
            if let Some(&line) = self.lines.get(k) {
                p.line = Some(line);
                p.message = format!("line {line}: {}", p.message);
            }
        }
        refresh(e)
    }
}

/// The invoice index of a `/invoices/<k>...` path.
pub fn invoice_of_path(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("/invoices/")?;
    rest.split('/').next()?.parse().ok()
}

/// A sales document read from a stream, chunk by chunk.
#[derive(Debug, Default)]
pub struct BookReader {
    splitter: super::lines::LineSplitter,
    header: Option<(SalesDoc, References)>,
    ids: HashSet<String>,
    located: Located,
}

impl BookReader {
    /// Reads the lines completed by `chunk`. The first error stops the reading.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), EngineError> {
        let mut splitter = std::mem::take(&mut self.splitter);
        let r = splitter.push(chunk, |n, l| self.line(n, l));
        self.splitter = splitter;
        r.map_err(too_long)
    }

    /// Ends the stream: the sales document, and where each invoice was in the stream.
    pub fn finish(mut self) -> Result<(SalesDoc, Located), EngineError> {
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.finish(|n, l| self.line(n, l))?;
        match self.header {
            Some((doc, _)) => Ok((doc, self.located)),
            None => Err(line_error(
                1,
                ErrorCode::InvalidSales,
                "",
                "the header is missing: the stream is empty",
            )),
        }
    }

    fn line(&mut self, n: u64, text: &[u8]) -> Result<(), EngineError> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let Some((doc, refs)) = &mut self.header else {
            let doc = read_header(n, text)?;
            let refs = References::of(&doc);
            self.header = Some((doc, refs));
            return Ok(());
        };
        let index = doc.invoices.len();
        let invoice = read_invoice(n, index, text, refs)?;
        if !self.ids.insert(invoice.id.clone()) {
            let first = doc
                .invoices
                .iter()
                .position(|i| i.id == invoice.id)
                .map(|k| self.located.lines[k]);
            return Err(duplicate_id(n, index, &invoice.id, first));
        }
        doc.invoices.push(invoice);
        self.located.lines.push(n);
        Ok(())
    }
}

/// The error for a line past [`super::lines::MAX_LINE_BYTES`] (or the line's own error).
pub fn too_long(e: Result<EngineError, super::lines::LineTooLong>) -> EngineError {
    match e {
        Ok(e) => e,
        Err(super::lines::LineTooLong(n)) => line_error(
            n,
            ErrorCode::LimitExceeded,
            "",
            format!("the line is longer than {} bytes", super::lines::MAX_LINE_BYTES),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"{"agents":[{"id":"alice"}],"customers":[{"id":"c1"}]}"#;

    fn read(text: &str, chunk: usize) -> Result<SalesDoc, EngineError> {
        let mut r = BookReader::default();
        for c in text.as_bytes().chunks(chunk) {
            r.push(c)?;
        }
        r.finish().map(|(d, _)| d)
    }

    #[test]
    fn a_book_read_in_any_chunks_is_the_same_document() {
        let text = format!(
            "{HEADER}\n{}\n\n{}",
            r#"{"id":"I1","date":"2026-03-01","customer":"c1","agents":[{"id":"alice"}],"lines":[{"unit_price":"10"}]}"#,
            r#"{"id":"I2","date":"2026-03-02","agents":[{"id":"alice"}],"lines":[{"unit_price":"20"}]}"#
        );
        for chunk in [1, 7, 1000] {
            let doc = read(&text, chunk).unwrap();
            assert_eq!(doc.invoices.len(), 2);
            assert_eq!(doc.invoices[1].id, "I2");
            assert_eq!(doc.agents[0].id, "alice");
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_line_number() {
        let cases = [
            (
                format!("{HEADER}\n{{\"id\":\"I1\",\"date\":\"2026-03-01\",\"lines\":[\n"),
                2,
                "invalid_json",
                "/invoices/0",
            ),
            (
                format!("{HEADER}\n\n{{\"id\":\"I1\",\"date\":\"2026-03-01\",\"agents\":[{{\"id\":\"bob\"}}]}}"),
                3,
                "unknown_reference",
                "/invoices/0/agents/0/id",
            ),
            (
                format!("{HEADER}\n{{\"id\":\"I1\",\"date\":\"2026-13-01\"}}"),
                2,
                "invalid_sales",
                "/invoices/0/date",
            ),
            (
                "{\"id\":\"I1\",\"date\":\"2026-03-01\"}\n".to_string(),
                1,
                "invalid_sales",
                "",
            ),
            (
                format!("{HEADER}\n{{\"id\":\"I1\",\"date\":\"2026-03-01\"}}\n{{\"id\":\"I1\",\"date\":\"2026-03-02\"}}"),
                3,
                "invalid_sales",
                "/invoices/1/id",
            ),
            (String::new(), 1, "invalid_sales", ""),
        ];
        for (text, line, code, path) in cases {
            let e = read(&text, 5).unwrap_err();
            assert_eq!((e.line, e.code.as_str(), e.path.as_str()), (Some(line), code, path), "{text}");
            assert!(e.message.starts_with(&format!("line {line}: ")), "{}", e.message);
        }
    }
}
