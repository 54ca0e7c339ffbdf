//! Strict reading of the documents' dates: exactly `YYYY-MM-DD`, a real calendar day, between
//! 1000-01-01 and 9998-12-31 (so that every period and window computed from it stays a
//! four-digit ISO date). chrono alone would also take `2026-3-1` or `+2026-03-01`.

use super::Date;
use serde::{Deserialize, Deserializer};

/// Parses `YYYY-MM-DD` strictly.
pub fn parse(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("`{text}` is not a date written YYYY-MM-DD"));
    }
    let date: Date = text.parse().map_err(|_| format!("`{text}` is not a calendar date"))?;
    let year = text[..4].parse::<u32>().unwrap_or(0);
    if !(1000..=9998).contains(&year) {
        return Err(format!("`{text}` is outside the supported years 1000 to 9998"));
    }
    Ok(date)
}

/// `deserialize_with` for a required date.
pub fn strict<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// `deserialize_with` for an optional date (`null` or absent is `None`).
pub fn strict_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_iso_calendar_dates() {
        assert_eq!(parse("2026-03-01").unwrap().to_string(), "2026-03-01");
        for bad in [
            "2026-3-1",
            "+2026-03-01",
            "2026-03-01 ",
            "20260301",
            "2026-02-30",
            "9999-12-31",
            "0999-01-01",
            "2026-0a-01",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
