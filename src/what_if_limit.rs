//! Refusing too many hypothetical invoices before they are parsed.
//!
//! A what-if question takes at most [`MAX_WHAT_IF_INVOICES`] invoices, in `Engine.whatIf` and
//! in `options.what_if` of a full calculation alike. Parsing a million invoices only to refuse
//! them takes minutes, so the invoices are first counted by skimming the JSON text (serde's
//! `IgnoredAny` allocates nothing) and the count stops one past the limit. Text that is not
//! JSON is left to the real parse, which reports it with its path.

use crate::error::{EngineError, ErrorCode};
use crate::limits::MAX_WHAT_IF_INVOICES;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Refuses (`limit_exceeded` at `/what_if`) `invoices` (a JSON array of invoices, or one
/// invoice) together with the `what_if` member of `options` (JSON text, may be empty) when
/// they hold more than [`MAX_WHAT_IF_INVOICES`] invoices.
pub fn check_what_if_invoices(invoices: &str, options: &str) -> Result<(), EngineError> {
    let given = count(invoices, Skim::Invoices) + count(options, Skim::Options);
    if given > MAX_WHAT_IF_INVOICES {
        return Err(too_many());
    }
    Ok(())
}

/// Refuses (`limit_exceeded` at `/what_if`) options (JSON text, may be empty) whose `what_if`
/// holds more than [`MAX_WHAT_IF_INVOICES`] invoices.
pub fn check_options_what_if(options: &str) -> Result<(), EngineError> {
    check_what_if_invoices("[]", options)
}

fn too_many() -> EngineError {
    EngineError::single(
        ErrorCode::LimitExceeded,
        "/what_if",
        format!("at most {MAX_WHAT_IF_INVOICES} hypothetical invoices at once; more were given"),
    )
}

/// What is being counted.
#[derive(Clone, Copy)]
enum Skim {
    /// An array of invoices (each element counts), or one invoice (an object counts as one).
    Invoices,
    /// The options object: the invoices of its `what_if` array.
    Options,
}

/// The invoices `text` holds, up to one past the limit (0 when it is empty or not JSON: the
/// real parse reports that).
fn count(text: &str, skim: Skim) -> usize {
    if text.trim().is_empty() {
        return 0;
    }
    let mut found = 0;
    let mut de = serde_json::Deserializer::from_str(text);
    // An early stop at the limit, or broken JSON, ends the skim with an error; `found` holds
    // what was counted by then either way.
    let _ = Counter { skim, found: &mut found }.deserialize(&mut de);
    found
}

/// A serde visitor that counts invoices into `found` without keeping them.
struct Counter<'a> {
    skim: Skim,
    found: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for Counter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("invoices")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Skim::Invoices = self.skim {
            while seq.next_element::<IgnoredAny>()?.is_some() {
                *self.found += 1;
                if *self.found > MAX_WHAT_IF_INVOICES {
                    return Err(serde::de::Error::custom("past the limit"));
                }
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        match self.skim {
            Skim::Invoices => *self.found += 1,
            Skim::Options => {
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "what_if" {
                        let found = &mut *self.found;
                        map.next_value_seed(Counter {
                            skim: Skim::Invoices,
                            found,
                        })?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoices(n: usize) -> String {
        let one = r#"{"id":"Q","date":"2026-01-01","lines":[{"unit_price":"1"}]}"#;
        format!("[{}]", vec![one; n].join(","))
    }

    #[test]
    fn the_limit_itself_passes_and_one_more_is_refused() {
        assert!(check_what_if_invoices(&invoices(MAX_WHAT_IF_INVOICES), "").is_ok());
        let e = check_what_if_invoices(&invoices(MAX_WHAT_IF_INVOICES + 1), "").unwrap_err();
        assert_eq!(
            (e.errors[0].code.as_str(), e.errors[0].path.as_str()),
            ("limit_exceeded", "/what_if")
        );
    }

    #[test]
    fn the_options_own_what_if_invoices_count_too() {
        let options = format!(r#"{{"explain":true,"what_if":{}}}"#, invoices(6_000));
        assert!(check_options_what_if(&options).is_ok());
        assert!(check_what_if_invoices(&invoices(4_000), &options).is_ok());
        assert!(check_what_if_invoices(&invoices(4_001), &options).is_err());
        let options = format!(r#"{{"what_if":{}}}"#, invoices(MAX_WHAT_IF_INVOICES + 1));
        assert!(check_options_what_if(&options).is_err());
    }

    #[test]
    fn one_invoice_or_text_that_is_not_json_is_left_to_the_parse() {
        assert!(check_what_if_invoices(r#"{"id":"Q"}"#, "").is_ok());
        assert!(check_what_if_invoices("[{", "{").is_ok());
        assert!(check_what_if_invoices("42", r#"{"what_if":"x"}"#).is_ok());
    }

    #[test]
    fn the_count_stops_early_on_broken_text_past_the_limit() {
        // Broken only after the limit: refused by the count, not by a full parse.
        let text = format!(
            "{}, garbage",
            &invoices(MAX_WHAT_IF_INVOICES + 1)[..invoices(MAX_WHAT_IF_INVOICES + 1).len() - 1]
        );
        assert!(check_what_if_invoices(&text, "").is_err());
    }
}
