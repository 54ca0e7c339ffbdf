//! Errors: a machine-readable code, a JSON Pointer path and every problem found.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The machine-readable error codes of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    /// The code.
    pub code: ErrorCode,
    /// A JSON Pointer into the document named by the code.
    pub path: String,
    /// A readable message.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            message: message.into(),
        }
    }
}

/// The error of a calculation: the first problem, and all of them in `errors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EngineError {
    /// The first problem's code.
    pub code: ErrorCode,
    /// The first problem's message.
    pub message: String,
    /// The first problem's path.
    pub path: String,
    /// Every problem found.
    pub errors: Vec<Problem>,
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
    pub fn from_problems(errors: Vec<Problem>) -> Option<Self> {
        let first = errors.first()?.clone();
        Some(EngineError {
            code: first.code,
            message: first.message,
            path: first.path,
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
