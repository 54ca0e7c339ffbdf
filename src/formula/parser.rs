//! Reading a formula's tokens into a type-checked expression tree (recursive descent, one
//! function per precedence level).

use super::lexer::{Tok, Token};
use super::{SyntaxError, MAX_DEPTH, NAMES};
use rust_decimal::Decimal;

/// An arithmetic operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

/// An expression. Which variants are numbers and which are conditions is checked by the parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A number written in the text.
    Number(Decimal),
    /// A line figure, by its index in [`NAMES`].
    Figure(usize),
    /// `-x`
    Neg(Box<Expr>),
    /// `a + b`, `a - b`, `a * b`, `a / b`
    Arith(Arith, Box<Expr>, Box<Expr>),
    /// `a < b`, ...
    Compare(Cmp, Box<Expr>, Box<Expr>),
    /// `not c`
    Not(Box<Expr>),
    /// `a and b` (b only when a holds)
    And(Box<Expr>, Box<Expr>),
    /// `a or b` (b only when a does not hold)
    Or(Box<Expr>, Box<Expr>),
    /// `min(a, b, ...)`
    Min(Vec<Expr>),
    /// `max(a, b, ...)`
    Max(Vec<Expr>),
    /// `abs(x)`
    Abs(Box<Expr>),
    /// `round(x, scale)`
    Round(Box<Expr>, Box<Expr>),
    /// `if(condition, then, else)`: only the branch taken is evaluated.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// The type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Type {
    Number,
    Condition,
}

/// A typed expression and where its text starts.
struct Typed {
    expr: Expr,
    ty: Type,
    at: usize,
}

/// The largest `round` scale (the decimal type's).
pub const MAX_SCALE: u32 = 28;

/// Parses the tokens of a formula whose text is `len` characters long; its value must be a number.
pub fn parse(tokens: &[Token], len: usize) -> Result<Expr, SyntaxError> {
    let mut p = Parser {
        tokens,
        pos: 0,
        len,
        depth: 0,
    };
    if tokens.is_empty() {
        return Err(p.error(0, "the formula is empty"));
    }
    let top = p.or()?;
    if let Some(t) = p.peek() {
        return Err(p.error(t.at, format!("unexpected {}", describe(&t.kind))));
    }
    p.number(top)
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    len: usize,
    depth: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Number(n) => format!("number `{n}`"),
        Tok::Name(n) => format!("`{n}`"),
        Tok::Sym(s) => format!("`{s}`"),
    }
}

impl<'a> Parser<'a> {
    fn error(&self, offset: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.pos)
    }

    /// The offset of the next token, or the end of the text.
    fn here(&self) -> usize {
        self.peek().map_or(self.len, |t| t.at)
    }

    fn next_is_sym(&self, sym: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Tok::Sym(s), .. }) if *s == sym)
    }

    fn next_is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Tok::Name(n), .. }) if n == word)
    }

    fn expect_sym(&mut self, sym: &str) -> Result<(), SyntaxError> {
        if self.next_is_sym(sym) {
            self.pos += 1;
            return Ok(());
        }
        let found = self
            .peek()
            .map_or("the end of the formula".to_string(), |t| describe(&t.kind));
        Err(self.error(self.here(), format!("expected `{sym}`, found {found}")))
    }

    fn deeper(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(self.here(), format!("a formula nests at most {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    /// The expression of a number, or an error where a condition stands instead.
    fn number(&self, t: Typed) -> Result<Expr, SyntaxError> {
        match t.ty {
            Type::Number => Ok(t.expr),
            Type::Condition => Err(self.error(t.at, "a comparison or condition cannot be used as a number")),
        }
    }

    /// The expression of a condition, or an error where a number stands instead.
    fn condition(&self, t: Typed) -> Result<Expr, SyntaxError> {
        match t.ty {
            Type::Condition => Ok(t.expr),
            Type::Number => Err(self.error(t.at, "a number cannot be used as a condition (compare it, as in `x > 0`)")),
        }
    }

    fn or(&mut self) -> Result<Typed, SyntaxError> {
        self.deeper()?;
        let mut left = self.and()?;
        while self.next_is_word("or") {
            self.pos += 1;
            let right = self.and()?;
            let at = left.at;
            let expr = Expr::Or(Box::new(self.condition(left)?), Box::new(self.condition(right)?));
            left = Typed {
                expr,
                ty: Type::Condition,
                at,
            };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Typed, SyntaxError> {
        let mut left = self.not()?;
        while self.next_is_word("and") {
            self.pos += 1;
            let right = self.not()?;
            let at = left.at;
            let expr = Expr::And(Box::new(self.condition(left)?), Box::new(self.condition(right)?));
            left = Typed {
                expr,
                ty: Type::Condition,
                at,
            };
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Typed, SyntaxError> {
        if self.next_is_word("not") {
            let at = self.here();
            self.pos += 1;
            self.deeper()?;
            let inner = self.not()?;
            self.depth -= 1;
            let expr = Expr::Not(Box::new(self.condition(inner)?));
            return Ok(Typed {
                expr,
                ty: Type::Condition,
                at,
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Typed, SyntaxError> {
        let left = self.sum()?;
        let Some(op) = self.comparison_op() else {
            return Ok(left);
        };
        self.pos += 1;
        let right = self.sum()?;
        if self.comparison_op().is_some() {
            return Err(self.error(self.here(), "comparisons cannot be chained (join them with `and`)"));
        }
        let at = left.at;
        let expr = Expr::Compare(op, Box::new(self.number(left)?), Box::new(self.number(right)?));
        Ok(Typed {
            expr,
            ty: Type::Condition,
            at,
        })
    }

    fn comparison_op(&self) -> Option<Cmp> {
        match self.peek()?.kind {
            Tok::Sym("<") => Some(Cmp::Lt),
            Tok::Sym("<=") => Some(Cmp::Le),
            Tok::Sym(">") => Some(Cmp::Gt),
            Tok::Sym(">=") => Some(Cmp::Ge),
            Tok::Sym("==") => Some(Cmp::Eq),
            Tok::Sym("!=") => Some(Cmp::Ne),
            _ => None,
        }
    }

    fn sum(&mut self) -> Result<Typed, SyntaxError> {
        let mut left = self.product()?;
        loop {
            let op = if self.next_is_sym("+") {
                Arith::Add
            } else if self.next_is_sym("-") {
                Arith::Sub
            } else {
                return Ok(left);
            };
            self.pos += 1;
            let right = self.product()?;
            left = self.arith(op, left, right)?;
        }
    }

    fn product(&mut self) -> Result<Typed, SyntaxError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.next_is_sym("*") {
                Arith::Mul
            } else if self.next_is_sym("/") {
                Arith::Div
            } else {
                return Ok(left);
            };
            self.pos += 1;
            let right = self.unary()?;
            left = self.arith(op, left, right)?;
        }
    }

    fn arith(&self, op: Arith, left: Typed, right: Typed) -> Result<Typed, SyntaxError> {
        let at = left.at;
        let expr = Expr::Arith(op, Box::new(self.number(left)?), Box::new(self.number(right)?));
        Ok(Typed {
            expr,
            ty: Type::Number,
            at,
        })
    }

    fn unary(&mut self) -> Result<Typed, SyntaxError> {
        if self.next_is_sym("-") {
            let at = self.here();
            self.pos += 1;
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            let expr = Expr::Neg(Box::new(self.number(inner)?));
            return Ok(Typed {
                expr,
                ty: Type::Number,
                at,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Typed, SyntaxError> {
        let Some(token) = self.peek() else {
            return Err(self.error(self.len, "the formula ends where a value is expected"));
        };
        let at = token.at;
        self.pos += 1;
        match &token.kind {
            Tok::Number(n) => Ok(Typed {
                expr: Expr::Number(*n),
                ty: Type::Number,
                at,
            }),
            Tok::Sym("(") => {
                let inner = self.or()?;
                self.expect_sym(")")?;
                Ok(Typed { at, ..inner })
            }
            Tok::Sym(s) => Err(self.error(at, format!("unexpected `{s}` where a value is expected"))),
            Tok::Name(name) => {
                if self.next_is_sym("(") {
                    self.pos += 1;
                    return self.call(name, at);
                }
                match NAMES.iter().position(|n| n == name) {
                    Some(i) => Ok(Typed {
                        expr: Expr::Figure(i),
                        ty: Type::Number,
                        at,
                    }),
                    None if is_function(name) => Err(self.error(at, format!("`{name}` is a function: write `{name}(...)`"))),
                    None => Err(self.error(at, format!("unknown name `{name}` (a formula may use {})", NAMES.join(", ")))),
                }
            }
        }
    }

    /// The arguments of a call, after its `(`.
    fn arguments(&mut self) -> Result<Vec<Typed>, SyntaxError> {
        self.deeper()?;
        let mut args = Vec::new();
        if !self.next_is_sym(")") {
            loop {
                args.push(self.or()?);
                if !self.next_is_sym(",") {
                    break;
                }
                self.pos += 1;
            }
        }
        self.expect_sym(")")?;
        self.depth -= 1;
        Ok(args)
    }

    /// The `N` arguments of a call to `name`, or an error when it has another count.
    fn take<const N: usize>(&self, args: Vec<Typed>, name: &str, at: usize) -> Result<[Typed; N], SyntaxError> {
        let given = args.len();
        args.try_into().map_err(|_| {
            self.error(
                at,
                format!("`{name}` takes {N} argument{}, {given} given", if N == 1 { "" } else { "s" }),
            )
        })
    }

    fn call(&mut self, name: &str, at: usize) -> Result<Typed, SyntaxError> {
        if !is_function(name) {
            let what = if NAMES.contains(&name) {
                "a line figure, not a function"
            } else {
                "not a function"
            };
            return Err(self.error(at, format!("`{name}` is {what} (the functions are min, max, abs, round, if)")));
        }
        let args = self.arguments()?;
        let number = Type::Number;
        match name {
            "min" | "max" => {
                if args.len() < 2 {
                    return Err(self.error(at, format!("`{name}` takes at least 2 arguments")));
                }
                let list = args.into_iter().map(|a| self.number(a)).collect::<Result<Vec<_>, _>>()?;
                let expr = if name == "min" { Expr::Min(list) } else { Expr::Max(list) };
                Ok(Typed { expr, ty: number, at })
            }
            "abs" => {
                let [x] = self.take(args, name, at)?;
                Ok(Typed {
                    expr: Expr::Abs(Box::new(self.number(x)?)),
                    ty: number,
                    at,
                })
            }
            "round" => {
                let [x, scale] = self.take(args, name, at)?;
                if let Expr::Number(s) = scale.expr {
                    if s.fract() != Decimal::ZERO || s < Decimal::ZERO || s > Decimal::from(MAX_SCALE) {
                        return Err(self.error(scale.at, format!("a round scale is a whole number from 0 to {MAX_SCALE}")));
                    }
                }
                let expr = Expr::Round(Box::new(self.number(x)?), Box::new(self.number(scale)?));
                Ok(Typed { expr, ty: number, at })
            }
            _ => {
                let [cond, then, other] = self.take(args, name, at)?;
                if then.ty != other.ty {
                    return Err(self.error(other.at, "both branches of `if` must be numbers, or both conditions"));
                }
                let ty = then.ty;
                let expr = Expr::If(Box::new(self.condition(cond)?), Box::new(then.expr), Box::new(other.expr));
                Ok(Typed { expr, ty, at })
            }
        }
    }
}

fn is_function(name: &str) -> bool {
    matches!(name, "min" | "max" | "abs" | "round" | "if")
}
