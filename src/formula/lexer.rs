//! Cutting a formula's text into tokens.

use super::SyntaxError;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A token and the character offset where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: Tok,
    /// Its first character's offset.
    pub at: usize,
}

/// The kinds of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A decimal number.
    Number(Decimal),
    /// A name (a figure, a function, or `and`, `or`, `not`).
    Name(String),
    /// An operator or punctuation: `+ - * / ( ) , < <= > >= == !=`.
    Sym(&'static str),
}

const SYMBOLS: [&str; 13] = ["<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", ","];

/// The tokens of `text`.
pub fn tokens(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let lit: String = chars[start..i].iter().collect();
            let value = read_number(&lit).ok_or_else(|| SyntaxError {
                offset: start,
                message: format!("`{lit}` is not a decimal number that can be read exactly"),
            })?;
            out.push(Token {
                kind: Tok::Number(value),
                at: start,
            });
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                kind: Tok::Name(chars[start..i].iter().collect()),
                at: start,
            });
        } else {
            let sym = SYMBOLS.iter().find(|s| {
                let mut k = i;
                s.chars().all(|sc| {
                    let ok = chars.get(k) == Some(&sc);
                    k += 1;
                    ok
                })
            });
            match sym {
                Some(s) => {
                    out.push(Token {
                        kind: Tok::Sym(s),
                        at: i,
                    });
                    i += s.len();
                }
                None => {
                    return Err(SyntaxError {
                        offset: i,
                        message: format!("unexpected character `{c}`"),
                    })
                }
            }
        }
    }
    Ok(out)
}

/// A plain decimal literal read exactly (`12`, `0.5`, `.5`), `None` when it is malformed or
/// has more digits than a decimal holds (it would be rounded).
fn read_number(lit: &str) -> Option<Decimal> {
    if lit.matches('.').count() > 1 || lit.ends_with('.') {
        return None;
    }
    let value = Decimal::from_str(lit).ok()?;
    (canonical(lit) == canonical(&value.normalize().to_string())).then_some(value)
}

/// A decimal's digits without leading zeros, or trailing zeros after the point.
fn canonical(s: &str) -> &str {
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    };
    let s = s.trim_start_matches('0');
    if s.is_empty() {
        "0"
    } else {
        s
    }
}
