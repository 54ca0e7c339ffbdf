//! [`Dec`]: an exact decimal that reads from a JSON string or a JSON number without ever going
//! through a binary float, and always writes as a decimal string.

use rust_decimal::Decimal;
#[cfg(feature = "schema")]
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
#[cfg(feature = "schema")]
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// An exact decimal number (money, rate, quantity).
///
/// In JSON it is accepted as a string (`"19.99"`) or a number (`19.99`, read from its text
/// exactly); it is always written as a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dec(pub Decimal);

impl Dec {
    /// Zero.
    pub const ZERO: Dec = Dec(Decimal::ZERO);

    /// The wrapped decimal.
    pub fn get(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Dec {
    fn from(d: Decimal) -> Self {
        Dec(d)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Parses a decimal written as text: plain (`-12.50`) or scientific (`1.5e3`).
fn parse_text(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let parsed = if t.contains(['e', 'E']) {
        Decimal::from_scientific(t)
    } else {
        Decimal::from_str(t)
    };
    let value =
        parsed.map_err(|_| format!("`{text}` is not a decimal number within the supported range (28 significant digits)"))?;
    // A plain text of at most 28 digits is always held exactly (a 96-bit mantissa holds any
    // 28 digits, at any scale up to 28): the check below, which formats the value again, is
    // only needed for longer or scientific texts.
    if !t.contains(['e', 'E']) && t.bytes().filter(u8::is_ascii_digit).count() <= 28 {
        return Ok(value);
    }
    // Read exactly or not at all: a text with more digits than the value kept was rounded.
    if significant_digits(&value.normalize().to_string()) < significant_digits(t) {
        return Err(format!(
            "`{text}` has more digits than can be read exactly (at most 28 decimal places and 28 to 29 significant digits)"
        ));
    }
    Ok(value)
}

/// The significant digits of a decimal's text: leading zeros and the fractional part's
/// trailing zeros do not count.
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    let (int, frac) = mantissa
        .trim_start_matches(['-', '+'])
        .split_once('.')
        .unwrap_or((mantissa.trim_start_matches(['-', '+']), ""));
    let digits = format!("{int}{}", frac.trim_end_matches('0'));
    digits.trim_start_matches('0').len()
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Dec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number, as a JSON string or number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Dec, E> {
                parse_text(v).map(Dec).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Dec, A::Error> {
                // serde_json's `arbitrary_precision` hands a number over as a one-entry map
                // whose value is the number's exact text.
                let key: Option<String> = map.next_key()?;
                match key.as_deref() {
                    Some("$serde_json::private::Number") => {
                        let text: String = map.next_value()?;
                        parse_text(&text).map(Dec).map_err(serde::de::Error::custom)
                    }
                    _ => Err(serde::de::Error::custom("expected a decimal number, found an object")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Dec {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // Outputs are always decimal strings; inputs take a string or a number.
        if generator.contract().is_serialize() {
            return json_schema!({
                "description": "An exact decimal, written as a string such as \"13.50\".",
                "type": "string",
                "pattern": "^-?[0-9]+(\\.[0-9]+)?$"
            });
        }
        json_schema!({
            "description": "An exact decimal: a string such as \"19.99\" or a JSON number (read exactly from its text).",
            "anyOf": [
                { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$" },
                { "type": "number" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_exactly_and_writes_strings() {
        let v: Vec<Dec> = serde_json::from_str(r#"[19.99, "0.1", 3, "1.5e2", 0.30000000000000004]"#).unwrap();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["19.99", "0.1", "3", "150", "0.30000000000000004"]);
        assert_eq!(serde_json::to_string(&v[0]).unwrap(), "\"19.99\"");
    }

    #[test]
    fn rejects_garbage_and_out_of_range() {
        assert!(serde_json::from_str::<Dec>(r#""abc""#).is_err());
        assert!(serde_json::from_str::<Dec>("1e40").is_err());
        assert!(serde_json::from_str::<Dec>("{}").is_err());
        assert!(serde_json::from_str::<Dec>("true").is_err());
        // Read exactly or not at all: what a 96-bit mantissa at scale 28 cannot hold is refused.
        assert!(serde_json::from_str::<Dec>(r#""1.00000000000000000000000000001""#).is_err());
        assert!(serde_json::from_str::<Dec>(r#""9.2345678901234567890123456789""#).is_err());
        assert_eq!(
            serde_json::from_str::<Dec>(r#""1.2345678901234567890123456789""#)
                .unwrap()
                .to_string(),
            "1.2345678901234567890123456789"
        );
        assert!(serde_json::from_str::<Dec>(r#""0.00000000000000000000000000000000001""#).is_err());
        assert_eq!(
            serde_json::from_str::<Dec>(r#""12.50000000000000000000000000000""#)
                .unwrap()
                .0
                .normalize()
                .to_string(),
            "12.5"
        );
    }
}
