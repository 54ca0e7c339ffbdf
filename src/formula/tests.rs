//! Unit tests of the formula language: each result computed by hand.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Example 6's line: 3 × 100.00 at cost 70.00 (net 300.00, margin 90.00).
fn line() -> Figures {
    Figures {
        base: d("300.00"),
        net: d("300.00"),
        gross: d("330.00"),
        margin: d("90.00"),
        quantity: d("3"),
        unit_price: d("100.00"),
        unit_cost: d("70.00"),
        discount_percent: d("0"),
    }
}

fn eval(text: &str) -> Decimal {
    Formula::parse(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .eval(&line())
        .unwrap()
}

fn syntax(text: &str) -> SyntaxError {
    Formula::parse(text).unwrap_err()
}

#[test]
fn worked_example_6() {
    // max(0, 90.00) × 0.1 + 3 × 2 = 9.00 + 6 = 15.00
    assert_eq!(eval("max(0, margin) * 0.1 + quantity * 2"), d("15.00"));
}

#[test]
fn precedence() {
    assert_eq!(eval("1 + 2 * 3"), d("7"));
    assert_eq!(eval("(1 + 2) * 3"), d("9"));
    assert_eq!(eval("10 - 4 - 3"), d("3"));
    assert_eq!(eval("12 / 2 / 3"), d("2"));
    assert_eq!(eval("-2 * 3 + 1"), d("-5"));
    assert_eq!(eval("- -2"), d("2"));
    assert_eq!(eval("2 - -3"), d("5"));
    // not binds looser than comparisons, and looser than not, or loosest.
    assert_eq!(eval("if(not quantity > 5, 1, 2)"), d("1"));
    assert_eq!(eval("if(quantity < 4 or quantity > 5 and net > 1000, 1, 2)"), d("1"));
    assert_eq!(eval("if((quantity < 4 or quantity > 5) and net > 1000, 1, 2)"), d("2"));
    assert_eq!(eval("if(not quantity > 5 and net > 1000, 1, 2)"), d("2"));
}

#[test]
fn names_are_the_line_figures() {
    assert_eq!(eval("base + net + gross + margin"), d("1020.00"));
    assert_eq!(eval("quantity * unit_price - quantity * unit_cost"), d("90.00"));
    assert_eq!(eval("discount_percent"), d("0"));
}

#[test]
fn functions() {
    assert_eq!(eval("min(net, 250, margin * 3)"), d("250"));
    assert_eq!(eval("max(-1, -2)"), d("-1"));
    assert_eq!(eval("abs(unit_cost - unit_price)"), d("30.00"));
    assert_eq!(eval("round(2.345, 2)"), d("2.35"));
    assert_eq!(eval("round(-2.345, 2)"), d("-2.35"));
    assert_eq!(eval("round(2.5, 0)"), d("3"));
    assert_eq!(eval("round(10 / 3, 4)"), d("3.3333"));
    assert_eq!(eval("if(margin >= 90, 1, 0)"), d("1"));
    assert_eq!(eval("if(margin != 90, 1, 0)"), d("0"));
    assert_eq!(eval("if(margin == 90.0, 1, 0)"), d("1"));
    assert_eq!(eval("if(margin <= 89.99, 1, 0)"), d("0"));
}

#[test]
fn exact_decimals_not_floats() {
    // 0.1 + 0.2 is 0.3 exactly; 1 / 3 keeps 28 significant digits.
    assert_eq!(eval("0.1 + 0.2"), d("0.3"));
    assert_eq!(eval("1 / 3"), d("0.3333333333333333333333333333"));
    assert_eq!(eval(".5 * 4"), d("2.0"));
}

#[test]
fn if_evaluates_only_the_branch_taken() {
    let f = Figures {
        quantity: d("0"),
        ..line()
    };
    let guarded = Formula::parse("if(quantity == 0, 0, net / quantity)").unwrap();
    assert_eq!(guarded.eval(&f), Ok(d("0")));
    let short = Formula::parse("if(quantity != 0 and net / quantity > 10, 1, 2)").unwrap();
    assert_eq!(short.eval(&f), Ok(d("2")));
}

#[test]
fn division_by_zero_is_an_evaluation_error() {
    let f = Figures {
        quantity: d("0"),
        ..line()
    };
    assert_eq!(
        Formula::parse("net / quantity").unwrap().eval(&f),
        Err(EvalError::DivisionByZero)
    );
}

#[test]
fn overflow_is_an_evaluation_error() {
    let f = Figures {
        net: Decimal::MAX,
        ..line()
    };
    assert_eq!(Formula::parse("net * 10").unwrap().eval(&f), Err(EvalError::Overflow));
    assert_eq!(Formula::parse("net + net").unwrap().eval(&f), Err(EvalError::Overflow));
}

#[test]
fn a_computed_round_scale_out_of_range_is_an_evaluation_error() {
    let f = Figures {
        quantity: d("1.5"),
        ..line()
    };
    let e = Formula::parse("round(net, quantity)").unwrap().eval(&f).unwrap_err();
    assert_eq!(e, EvalError::RoundScale(d("1.5")));
    assert_eq!(
        Formula::parse("round(net, quantity)").unwrap().eval(&line()),
        Ok(d("300.000"))
    );
}

#[test]
fn syntax_errors_name_the_place() {
    assert_eq!(syntax("").message, "the formula is empty");
    assert_eq!(syntax("net *").offset, 5);
    assert_eq!(syntax("net * (2").message, "expected `)`, found the end of the formula");
    assert_eq!(syntax("net 2").offset, 4);
    assert_eq!(syntax("net # 2").message, "unexpected character `#`");
    assert_eq!(syntax("1.2.3").offset, 0);
    assert_eq!(syntax("net)").message, "unexpected `)`");
}

#[test]
fn unknown_names_and_functions_are_refused() {
    let e = syntax("net * rate");
    assert_eq!(e.offset, 6);
    assert!(e.message.starts_with("unknown name `rate`"), "{}", e.message);
    assert!(syntax("sqrt(net)").message.contains("not a function"));
    assert!(syntax("net(2)").message.contains("line figure"));
    assert!(syntax("max").message.contains("is a function"));
    assert!(syntax("min(net)").message.contains("at least 2"));
    assert_eq!(syntax("abs(net, 2)").message, "`abs` takes 1 argument, 2 given");
    assert_eq!(syntax("if(net > 0, 1)").message, "`if` takes 3 arguments, 2 given");
}

#[test]
fn conditions_used_as_numbers_are_refused_where_the_text_shows_them() {
    assert!(syntax("net > 5").message.contains("cannot be used as a number"));
    assert_eq!(syntax("(net > 5) * 2").offset, 0);
    assert_eq!(syntax("2 + (net > 5)").offset, 4);
    assert!(syntax("if(net, 1, 2)").message.contains("cannot be used as a condition"));
    assert!(syntax("not net").message.contains("cannot be used as a condition"));
    assert!(syntax("net and 1 > 0").message.contains("cannot be used as a condition"));
    assert!(syntax("if(net > 0, 1, net > 2)").message.contains("both branches"));
    assert!(syntax("1 < 2 < 3").message.contains("chained"));
    assert!(syntax("round(net, 1.5)").message.contains("whole number"));
    assert!(syntax("round(net, 29)").message.contains("whole number"));
    assert!(syntax("max(net > 1, 2)").message.contains("as a number"));
}

#[test]
fn numbers_are_read_exactly_or_refused() {
    assert_eq!(eval("0.000"), d("0"));
    assert_eq!(eval("100"), d("100"));
    assert!(syntax("0.12345678901234567890123456789012").message.contains("exactly"));
    assert!(syntax("99999999999999999999999999999999").message.contains("exactly"));
}

#[test]
fn deep_nesting_is_refused_not_overflowing_the_stack() {
    let deep = format!("{}net{}", "(".repeat(900), ")".repeat(900));
    assert!(syntax(&deep).message.contains("nests at most"));
    let minus = format!("{}net", "-".repeat(900));
    assert!(syntax(&minus).message.contains("nests at most"));
    let nots = format!("if({}net > 0, 1, 0)", "not ".repeat(400));
    assert!(syntax(&nots).message.contains("nests at most"));
    assert!(Formula::parse(&format!("{}net{}", "(".repeat(30), ")".repeat(30))).is_ok());
}

#[test]
fn long_texts_are_refused() {
    let long = format!("net{}", " + 1".repeat(MAX_LEN));
    assert!(syntax(&long).message.contains("at most"));
}
