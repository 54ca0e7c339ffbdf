//! Rounding and allocation, so that no penny is lost: each line rounded cumulatively along its
//! stream (later changes never lose a cent), or each agent's total rounded once and allocated
//! to its lines by largest remainder.

use super::arith::{add, sub, Overflow};
use super::lines::RawLine;
use crate::money::{round, RoundingMode};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Rounds each line: along each stream, a line's amount is the rounded cumulative amount after
/// it less the rounded cumulative amount before it, so that a stream always totals the rounding
/// of its exact total. Lines must be in date order.
pub fn round_lines(lines: &[RawLine], scale: u32, mode: RoundingMode) -> Result<Vec<Decimal>, Overflow> {
    let mut cumulative: HashMap<u64, Decimal> = HashMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let before = cumulative.get(&l.stream).copied().unwrap_or_default();
        let after = add(before, l.amount)?;
        cumulative.insert(l.stream, after);
        let mut amount = sub(round(after, scale, mode), round(before, scale, mode))?;
        amount.rescale(scale);
        out.push(amount);
    }
    Ok(out)
}

/// Rounds a total once and allocates it to the lines: each line gets its amount rounded down
/// to the scale, and the units left over go to the largest remainders (ties by line order).
pub fn allocate_total(amounts: &[Decimal], scale: u32, mode: RoundingMode) -> Result<Vec<Decimal>, Overflow> {
    let exact = amounts.iter().try_fold(Decimal::ZERO, |a, b| add(a, *b))?;
    let target = round(exact, scale, mode);
    let unit = Decimal::new(1, scale);
    let mut out: Vec<Decimal> = amounts.iter().map(|a| round(*a, scale, RoundingMode::Floor)).collect();
    let floor_sum = out.iter().try_fold(Decimal::ZERO, |a, b| add(a, *b))?;
    let mut left = sub(target, floor_sum)?;
    let mut order: Vec<(Decimal, usize)> = amounts.iter().zip(&out).enumerate().map(|(i, (a, f))| (a - f, i)).collect();
    order.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut k = 0;
    while left >= unit && !order.is_empty() {
        let i = order[k % order.len()].1;
        out[i] = add(out[i], unit)?;
        left = sub(left, unit)?;
        k += 1;
    }
    for v in &mut out {
        v.rescale(scale);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn worked_example_9_total_allocation() {
        let lines = [d("0.7575"), d("0.7575"), d("0.7575")];
        let out = allocate_total(&lines, 2, RoundingMode::HalfUp).unwrap();
        assert_eq!(out, vec![d("0.76"), d("0.76"), d("0.75")]);
    }

    #[test]
    fn allocation_handles_negative_lines_and_sums_exactly() {
        let lines = [d("1.005"), d("-0.335"), d("2.2249")];
        let out = allocate_total(&lines, 2, RoundingMode::HalfEven).unwrap();
        let total: Decimal = out.iter().sum();
        assert_eq!(total, round(d("2.8949"), 2, RoundingMode::HalfEven));
        assert_eq!(out, vec![d("1.01"), d("-0.34"), d("2.22")]);
    }
}
