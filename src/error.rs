//! Errors: a machine-readable code, a JSON Pointer path and every problem found.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The machine-readable error codes of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The text is not JSON.
    InvalidJson,
    /// The plan document is invalid.
    InvalidPlan,
    /// The sales document is invalid.
    InvalidSales,
    /// The options are invalid.
    InvalidOptions,
    /// An id is referenced but not defined.
    UnknownReference,
    /// An upline chain loops.
    Cycle,
    /// A number overflowed.
    Overflow,
    /// An input exceeds a limit.
    LimitExceeded,
    /// A commissionable line that no rule matches, under a plan with `unmatched: "error"`.
    NoRule,
    /// A formula that cannot be evaluated on a line (a division by zero, ...).
    FormulaError,
}

impl ErrorCode {
    /// The code as written in JSON (`invalid_plan`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidPlan => "invalid_plan",
            ErrorCode::InvalidSales => "invalid_sales",
            ErrorCode::InvalidOptions => "invalid_options",
            ErrorCode::UnknownReference => "unknown_reference",
            ErrorCode::Cycle => "cycle",
            ErrorCode::Overflow => "overflow",
            ErrorCode::LimitExceeded => "limit_exceeded",
            ErrorCode::NoRule => "no_rule",
            ErrorCode::FormulaError => "formula_error",
        }
    }
}

/// Which input document a path points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doc {
    /// The plan document.
    Plan,
    /// The sales document.
    Sales,
    /// The options.
    Options,
}

impl Doc {
    /// The document's name in messages (`plan`, `sales`, `options`).
    pub fn name(self) -> &'static str {
        match self {
            Doc::Plan => "plan",
            Doc::Sales => "sales",
            Doc::Options => "options",
        }
    }

    /// The code for a document that does not hold its shape or rules.
    pub fn invalid(self) -> ErrorCode {
        match self {
            Doc::Plan => ErrorCode::InvalidPlan,
            Doc::Sales => ErrorCode::InvalidSales,
            Doc::Options => ErrorCode::InvalidOptions,
        }
    }
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Problem {
    /// The code.
    pub code: ErrorCode,
    /// A JSON Pointer into the document named by the code.
    pub path: String,
    /// A readable message.
    pub message: String,
    /// For a streamed sales history: the line of the stream (from 1) the problem is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl Problem {
    /// A problem at `path`. The message is bounded (see [`bounded`]): it quotes at most a short
    /// prefix of any input value.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            message: bounded(&message.into()),
            line: None,
        }
    }
}

/// The most characters of an input value a message quotes.
pub const MAX_QUOTED_CHARS: usize = 40;
/// The most characters of a message.
pub const MAX_MESSAGE_CHARS: usize = 400;
/// The most problems an error lists; a last problem says how many more there were.
pub const MAX_PROBLEMS: usize = 100;
/// The most ids a message names (a cycle's members, say); the count of the rest follows.
pub const MAX_LISTED_IDS: usize = 10;

/// A message with every quoted value (between backticks or double quotes) longer than
/// [`MAX_QUOTED_CHARS`] cut to that prefix, `…` and its length, and the whole cut at
/// [`MAX_MESSAGE_CHARS`].
pub fn bounded(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_CHARS + 64));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..open + 1]);
        let inner = &rest[open + 1..];
        let (value, after) = match inner.find(quote) {
            Some(close) => (&inner[..close], &inner[close..]),
            None => (inner, ""),
        };
        out.push_str(&shortened(value));
        rest = after;
        if let Some(close) = rest.strip_prefix(quote) {
            out.push_str(quote);
            rest = close;
        }
        if out.len() > MAX_MESSAGE_CHARS * 4 {
            break;
        }
    }
    out.push_str(rest);
    match out.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &out[..cut]),
        None => out,
    }
}

/// A quoted value, cut to its first [`MAX_QUOTED_CHARS`] characters when longer.
fn shortened(value: &str) -> String {
    match value.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}… ({} characters)", &value[..cut], value.chars().count()),
        None => value.to_string(),
    }
}

/// Ids for a message: the first [`MAX_LISTED_IDS`] joined with `sep`, then how many more.
pub fn listed(ids: &[&str], sep: &str) -> String {
    let shown: Vec<String> = ids.iter().take(MAX_LISTED_IDS).map(|id| shortened(id)).collect();
    let mut out = shown.join(sep);
    if ids.len() > MAX_LISTED_IDS {
        out.push_str(&format!("{sep}… and {} more", ids.len() - MAX_LISTED_IDS));
    }
    out
}

/// The error of a calculation: the first problem, and all of them in `errors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct EngineError {
    /// The first problem's code.
    pub code: ErrorCode,
    /// The first problem's message.
    pub message: String,
    /// The first problem's path.
    pub path: String,
    /// Every problem found.
    pub errors: Vec<Problem>,
    /// For a streamed sales history: the line of the stream (from 1) of the first problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl EngineError {
    /// The same error with every path (the first problem's and each problem's) rewritten by
    /// `rewrite`, for an error found in a derived document and reported against its source.
    pub fn with_paths(mut self, rewrite: impl Fn(&str) -> String) -> Self {
        self.path = rewrite(&self.path);
        for p in &mut self.errors {
            p.path = rewrite(&p.path);
        }
        self
    }

    /// An error from a non-empty list of problems; `None` when the list is empty.
    /// At most [`MAX_PROBLEMS`] are listed, then one that counts the rest.
    pub fn from_problems(mut errors: Vec<Problem>) -> Option<Self> {
        if errors.len() > MAX_PROBLEMS {
            let more = errors.len() - MAX_PROBLEMS;
            let code = errors[MAX_PROBLEMS].code;
            errors.truncate(MAX_PROBLEMS);
            errors.push(Problem::new(code, "", format!("… and {more} more problems, not listed")));
        }
        let first = errors.first()?.clone();
        Some(EngineError {
            code: first.code,
            message: first.message,
            path: first.path,
            line: first.line,
            errors,
        })
    }

    /// An error with a single problem.
    pub fn single(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        let p = Problem::new(code, path, message);
        EngineError {
            code,
            message: p.message.clone(),
            path: p.path.clone(),
            line: None,
            errors: vec![p],
        }
    }

    /// The error as a JSON object string.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            format!(
                "{{\"code\":\"{}\",\"message\":\"error\",\"path\":\"\",\"errors\":[]}}",
                self.code.as_str()
            )
        })
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(f, "{} at {}: {}", self.code.as_str(), self.path, self.message)
        }
    }
}

impl std::error::Error for EngineError {}

/// Builds a JSON Pointer from its segments, escaping `~` and `/`.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: fmt::Display,
{
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&s.to_string().replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Collects problems while a document is checked.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, code: ErrorCode, path: impl Into<String>, message: impl Into<String>) {
        self.list.push(Problem::new(code, path, message));
    }

    /// True when no problem has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Ok when empty, else the error with every problem.
    pub fn into_result(self) -> Result<(), EngineError> {
        match EngineError::from_problems(self.list) {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_cut_to_a_short_prefix() {
        let long = "9".repeat(1000);
        let m = bounded(&format!(
            "`{long}` is not a decimal; invalid type: string \"{long}\", expected x"
        ));
        let nines = "9".repeat(MAX_QUOTED_CHARS);
        assert_eq!(
            m,
            format!(
                "`{nines}… (1000 characters)` is not a decimal; invalid type: string \"{nines}… (1000 characters)\", expected x"
            )
        );
        assert_eq!(bounded("unknown agent `bob`"), "unknown agent `bob`");
        assert_eq!(bounded(&"x".repeat(5000)).chars().count(), MAX_MESSAGE_CHARS + 1);
        // An unclosed quote is cut too.
        assert!(bounded(&format!("`{long}")).len() < 100);
    }

    #[test]
    fn lists_name_a_bounded_number_of_ids() {
        let ids: Vec<String> = (0..25).map(|i| format!("a{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(listed(&ids[..3], " -> "), "a0 -> a1 -> a2");
        assert_eq!(listed(&ids, ", "), "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, … and 15 more");
    }

    #[test]
    fn an_error_lists_a_bounded_number_of_problems() {
        let many: Vec<Problem> = (0..250)
            .map(|i| Problem::new(ErrorCode::UnknownReference, format!("/agents/{i}"), "unknown"))
            .collect();
        let e = EngineError::from_problems(many).unwrap();
        assert_eq!(e.errors.len(), MAX_PROBLEMS + 1);
        assert_eq!(e.errors[MAX_PROBLEMS].message, "… and 150 more problems, not listed");
    }
}
