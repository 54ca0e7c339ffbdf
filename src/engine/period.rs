//! Calendar periods: ISO weeks, half months, months, quarters, half years and years, their
//! names and bounds.

use crate::model::options::StatementPeriod;
use crate::model::plan::LadderPeriod;
use crate::model::Date;
use chrono::{Datelike, Duration, Months, NaiveDate};

/// A calendar period kind (the union of statement and ladder periods).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// ISO week, Monday first.
    Week,
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
    /// The 1st to the 15th, and the 16th to the month's last day.
    HalfMonth,
    /// January to June, and July to December.
    HalfYear,
}

impl PeriodKind {
    /// The calendar period of a statement, `None` for `all` (one statement of everything).
    pub fn of_statement(p: StatementPeriod) -> Option<PeriodKind> {
        match p {
            StatementPeriod::Week => Some(PeriodKind::Week),
            StatementPeriod::Month => Some(PeriodKind::Month),
            StatementPeriod::Quarter => Some(PeriodKind::Quarter),
            StatementPeriod::Year => Some(PeriodKind::Year),
            StatementPeriod::HalfMonth => Some(PeriodKind::HalfMonth),
            StatementPeriod::HalfYear => Some(PeriodKind::HalfYear),
            StatementPeriod::All => None,
        }
    }
}

impl From<LadderPeriod> for PeriodKind {
    fn from(p: LadderPeriod) -> Self {
        match p {
            LadderPeriod::Month => PeriodKind::Month,
            LadderPeriod::Quarter => PeriodKind::Quarter,
            LadderPeriod::Year => PeriodKind::Year,
        }
    }
}

/// One period: its name (`2026-W09`, `2026-03`, `2026-Q1`, `2026`) and its first and last day.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub thru: Date,
    /// The name.
    pub name: String,
}

/// The period of `kind` that contains `date`.
pub fn period_of(kind: PeriodKind, date: Date) -> Period {
    let y = date.year();
    match kind {
        PeriodKind::Week => {
            let iso = date.iso_week();
            let from = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
            Period {
                from,
                thru: from + Duration::days(6),
                name: format!("{}-W{:02}", iso.year(), iso.week()),
            }
        }
        PeriodKind::Month => {
            let from = first_of(y, date.month());
            Period {
                from,
                thru: last_day(from, 1),
                name: format!("{y}-{:02}", date.month()),
            }
        }
        PeriodKind::Quarter => {
            let q = (date.month() - 1) / 3;
            let from = first_of(y, q * 3 + 1);
            Period {
                from,
                thru: last_day(from, 3),
                name: format!("{y}-Q{}", q + 1),
            }
        }
        PeriodKind::Year => {
            let from = first_of(y, 1);
            Period {
                from,
                thru: last_day(from, 12),
                name: format!("{y}"),
            }
        }
        PeriodKind::HalfMonth => {
            let month = first_of(y, date.month());
            let (from, thru, half) = if date.day() <= 15 {
                (month, month + Duration::days(14), 1)
            } else {
                (month + Duration::days(15), last_day(month, 1), 2)
            };
            Period {
                from,
                thru,
                name: format!("{y}-{:02}-H{half}", date.month()),
            }
        }
        PeriodKind::HalfYear => {
            let half = if date.month() <= 6 { 1 } else { 2 };
            let from = first_of(y, if half == 1 { 1 } else { 7 });
            Period {
                from,
                thru: last_day(from, 6),
                name: format!("{y}-H{half}"),
            }
        }
    }
}

fn first_of(year: i32, month: u32) -> Date {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

fn last_day(from: Date, months: u32) -> Date {
    from.checked_add_months(Months::new(months))
        .map(|d| d - Duration::days(1))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus `months` calendar months (clamped to the month's end), saturating.
pub fn add_months(date: Date, months: u32) -> Date {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// `date` minus `months` calendar months, saturating.
pub fn sub_months(date: Date, months: u32) -> Date {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn names_and_bounds() {
        let w = period_of(PeriodKind::Week, d("2026-03-01"));
        assert_eq!(
            (w.name.as_str(), w.from, w.thru),
            ("2026-W09", d("2026-02-23"), d("2026-03-01"))
        );
        let m = period_of(PeriodKind::Month, d("2026-02-14"));
        assert_eq!(
            (m.name.as_str(), m.from, m.thru),
            ("2026-02", d("2026-02-01"), d("2026-02-28"))
        );
        let q = period_of(PeriodKind::Quarter, d("2026-03-31"));
        assert_eq!(
            (q.name.as_str(), q.from, q.thru),
            ("2026-Q1", d("2026-01-01"), d("2026-03-31"))
        );
        let y = period_of(PeriodKind::Year, d("2026-07-04"));
        assert_eq!((y.name.as_str(), y.thru), ("2026", d("2026-12-31")));
        let h = period_of(PeriodKind::HalfMonth, d("2026-02-16"));
        assert_eq!(
            (h.name.as_str(), h.from, h.thru),
            ("2026-02-H2", d("2026-02-16"), d("2026-02-28"))
        );
        let h = period_of(PeriodKind::HalfMonth, d("2026-03-15"));
        assert_eq!(
            (h.name.as_str(), h.from, h.thru),
            ("2026-03-H1", d("2026-03-01"), d("2026-03-15"))
        );
        let h = period_of(PeriodKind::HalfYear, d("2026-07-01"));
        assert_eq!(
            (h.name.as_str(), h.from, h.thru),
            ("2026-H2", d("2026-07-01"), d("2026-12-31"))
        );
        // ISO week-years differ from calendar years at the edges.
        assert_eq!(period_of(PeriodKind::Week, d("2027-01-01")).name, "2026-W53");
    }
}
