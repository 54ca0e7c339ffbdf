//! Maps written in the key order JavaScript gives them, so that the engine's raw JSON text and
//! `JSON.stringify(JSON.parse(text))` are the same bytes.
//!
//! A JavaScript object lists its array-index keys (`"0"`, `"2"`, `"10"`: canonical decimal
//! integers below 2^32 - 1) first, in ascending numeric order, then its other keys in insertion
//! order. The engine's maps (`by_plan`, `by_rule`) are therefore written with the index-like
//! keys first, ascending by value, then the others in ascending byte order (which parsing and
//! re-stringifying keeps).

use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;

/// The key as an ECMAScript array index, when it is one.
pub fn array_index(key: &str) -> Option<u32> {
    let canonical = key == "0" || (!key.is_empty() && !key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit()));
    // 4294967295 (2^32 - 1) is not an array index.
    key.parse::<u32>().ok().filter(|&n| canonical && n != u32::MAX)
}

/// Serializes a map in JavaScript's key order (see the module's documentation).
pub fn serialize<S: Serializer, V: serde::Serialize>(map: &BTreeMap<String, V>, s: S) -> Result<S::Ok, S::Error> {
    let mut indexed: Vec<(u32, &String, &V)> = Vec::new();
    let mut named: Vec<(&String, &V)> = Vec::with_capacity(map.len());
    for (k, v) in map {
        match array_index(k) {
            Some(n) => indexed.push((n, k, v)),
            None => named.push((k, v)),
        }
    }
    indexed.sort_by_key(|&(n, _, _)| n);
    let mut out = s.serialize_map(Some(map.len()))?;
    for (_, k, v) in indexed {
        out.serialize_entry(k, v)?;
    }
    for (k, v) in named {
        out.serialize_entry(k, v)?;
    }
    out.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_indexes_are_canonical_integers_below_2_pow_32_minus_1() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("10"), Some(10));
        assert_eq!(array_index("4294967294"), Some(4294967294));
        for not in ["", "01", "-1", "1.0", "+1", " 1", "4294967295", "4294967296", "1e3", "a"] {
            assert_eq!(array_index(not), None, "{not}");
        }
    }

    #[test]
    fn index_keys_come_first_in_numeric_order() {
        #[derive(serde::Serialize)]
        struct M(#[serde(serialize_with = "serialize")] BTreeMap<String, u8>);
        let m: BTreeMap<String, u8> = ["b", "10", "2", "01", "a", "4294967295", "0"]
            .iter()
            .map(|k| (k.to_string(), 1))
            .collect();
        let text = serde_json::to_string(&M(m)).unwrap();
        assert_eq!(text, r#"{"0":1,"2":1,"10":1,"01":1,"4294967295":1,"a":1,"b":1}"#);
    }
}
