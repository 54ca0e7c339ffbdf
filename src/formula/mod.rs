//! Formulas: a small exact-decimal expression language for rules that earn by `formula`.
//!
//! A formula is an expression over one invoice line's figures (the [`Figures`] names `base`,
//! `net`, `gross`, `margin`, `quantity`, `unit_price`, `unit_cost`, `discount_percent`),
//! decimal numbers, `+ - * /`, parentheses, comparisons `< <= > >= == !=`, `not`, `and`, `or`
//! and the functions `min(a, b, ...)`, `max(a, b, ...)`, `abs(x)`, `round(x, scale)` (half away
//! from zero) and `if(condition, then, else)`.
//!
//! Precedence, from high to low: unary minus; `* /`; `+ -`; comparisons; `not`; `and`; `or`.
//! Every value is a `rust_decimal` decimal or a boolean, never a float. Types are checked when
//! the formula is read ([`Formula::parse`]): a syntax error, an unknown name or function, a
//! boolean used as a number or a number used as a condition is a [`SyntaxError`] (the plan is
//! invalid). What can only fail on a given line's figures (a division by zero, a figure too
//! large for 28 significant digits, a `round` scale computed out of range) is an
//! [`EvalError`] of [`Formula::eval`]. `if`, `and` and `or` evaluate only what they need, so
//! `if(quantity == 0, 0, net / quantity)` never divides by zero. There are no other names, no
//! loops and no way to reach anything outside the line.

mod eval;
mod lexer;
mod parser;

use rust_decimal::Decimal;
use std::fmt;

pub use eval::EvalError;

/// The longest formula text, in characters.
pub const MAX_LEN: usize = 2000;

/// The deepest nesting of parentheses and calls.
pub const MAX_DEPTH: usize = 40;

/// The figures of one invoice line that a formula may name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// The line's base under the plan's `base` (net, gross or margin, after `margin_floor`).
    pub base: Decimal,
    /// Quantity × unit price less the line's discounts and its part of invoice discounts.
    pub net: Decimal,
    /// Net plus tax.
    pub gross: Decimal,
    /// Net less quantity × unit cost (before `margin_floor`).
    pub margin: Decimal,
    /// The quantity.
    pub quantity: Decimal,
    /// The unit price.
    pub unit_price: Decimal,
    /// The unit cost (0 when the line and its product give none).
    pub unit_cost: Decimal,
    /// The line's discount in percent of quantity × unit price.
    pub discount_percent: Decimal,
}

/// The names a formula may use, in the order of [`Figures`].
pub const NAMES: [&str; 8] = [
    "base",
    "net",
    "gross",
    "margin",
    "quantity",
    "unit_price",
    "unit_cost",
    "discount_percent",
];

impl Figures {
    /// The figure of a name's index in [`NAMES`].
    fn get(&self, index: usize) -> Decimal {
        match index {
            0 => self.base,
            1 => self.net,
            2 => self.gross,
            3 => self.margin,
            4 => self.quantity,
            5 => self.unit_price,
            6 => self.unit_cost,
            _ => self.discount_percent,
        }
    }
}

/// Why a formula text is not a formula, and where (a character offset into the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The character offset of the problem (0 is the first character).
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// A formula read and type-checked, ready to evaluate on many lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    root: parser::Expr,
}

impl Formula {
    /// Reads a formula; its value must be a number.
    pub fn parse(text: &str) -> Result<Formula, SyntaxError> {
        if text.chars().count() > MAX_LEN {
            return Err(SyntaxError {
                offset: MAX_LEN,
                message: format!("a formula is at most {MAX_LEN} characters"),
            });
        }
        let tokens = lexer::tokens(text)?;
        let root = parser::parse(&tokens, text.chars().count())?;
        Ok(Formula { root })
    }

    /// The formula's value on a line's figures.
    pub fn eval(&self, figures: &Figures) -> Result<Decimal, EvalError> {
        eval::number(&self.root, figures)
    }
}

#[cfg(test)]
mod tests;
