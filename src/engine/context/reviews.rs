//! The outcome of level reviews (`level_review` in the plan), as the calculation reads it: the
//! level each review set, held from the day after the review. The reviews themselves are
//! computed by the levels stage (`levels::reviews`) once the context is prepared.

use crate::model::Date;

/// Every review of every agent.
#[derive(Clone, Debug, Default)]
pub struct Reviews {
    /// The periods reviewed, in date order: each one's name and last day (the review date).
    pub periods: Vec<(String, Date)>,
    /// Per agent, per period: the level qualified at the review and the level it set (level
    /// indexes).
    pub outcomes: Vec<Vec<Review>>,
    /// The next review, after `as_of`: its period's name and last day.
    pub next: Option<(String, Date)>,
    /// Per agent: what the next review would give on the sales known (nothing else sold until
    /// it). A projection: it sets no level.
    pub projected: Vec<Review>,
}

/// One review of one agent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Review {
    /// The highest level whose every requirement held on the review date.
    pub qualified: Option<usize>,
    /// The level the review set.
    pub level: Option<usize>,
}

impl Reviews {
    /// The level set for agent `a` by the last review dated strictly before `date` (it holds
    /// from the next day); `None` when no review came before.
    pub fn before(&self, a: usize, date: Date) -> Option<Option<usize>> {
        let k = self.periods.partition_point(|(_, d)| *d < date);
        self.set_by(a, k)
    }

    /// The level set for agent `a` by the last review dated on or before `date`; `None` when
    /// no review came by then.
    pub fn by(&self, a: usize, date: Date) -> Option<Option<usize>> {
        let k = self.periods.partition_point(|(_, d)| *d <= date);
        self.set_by(a, k)
    }

    /// The level set by the `k`-th review (`k` counted from 1), if any.
    fn set_by(&self, a: usize, k: usize) -> Option<Option<usize>> {
        let k = k.checked_sub(1)?;
        self.outcomes.get(a)?.get(k).map(|r| r.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_holds_from_the_next_day() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let reviews = Reviews {
            periods: vec![("2026-Q1".into(), d("2026-03-31")), ("2026-Q2".into(), d("2026-06-30"))],
            outcomes: vec![vec![
                Review {
                    qualified: Some(1),
                    level: Some(1),
                },
                Review {
                    qualified: Some(0),
                    level: Some(0),
                },
            ]],
            ..Reviews::default()
        };
        assert_eq!(reviews.before(0, d("2026-03-31")), None);
        assert_eq!(reviews.before(0, d("2026-04-01")), Some(Some(1)));
        assert_eq!(reviews.before(0, d("2026-06-30")), Some(Some(1)));
        assert_eq!(reviews.before(0, d("2026-07-01")), Some(Some(0)));
        assert_eq!(reviews.by(0, d("2026-03-31")), Some(Some(1)));
        assert_eq!(reviews.by(0, d("2026-03-30")), None);
    }
}
