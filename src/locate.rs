//! The JSON Pointer of a position in a JSON text: where a failed parse stopped.
//!
//! A failed `serde_json` parse reports the position (line and column) where it stopped. For a
//! single-line text, reading the text up to there tells which member or element was being read:
//! that is the path of the problem. This names the path of a bad field without a second,
//! path-tracking instantiation of every type's deserializer (`serde_path_to_error` was about a
//! ninth of the WebAssembly module's code).

/// What is being read inside one open container, at the position.
enum Frame {
    /// In an object: the member being read (its key, once read).
    Object(Option<String>),
    /// In an array: the element being read.
    Array(usize),
}

/// The beginnings of serde's messages about an object or array as a whole, reported once it
/// was read (or once its opening bracket or first key was read).
const WHOLE: [&str; 4] = [
    "missing field",
    "invalid length",
    "data did not match any variant",
    "expected a decimal number, found an object",
];

/// What the last bytes read were.
enum Last {
    /// An object was closed (with its last member's key, if any).
    Closed(Option<String>),
    /// An array or object was opened.
    Opened,
    /// A member's key.
    Key,
    /// Anything else (a value, a `:` or `,`).
    Other,
}

/// The path segments of what the error `message` is about, when a parse stopped after reading
/// `offset` bytes of the JSON text `text` (valid JSON up to there): the member or element read
/// last, or, for an error about a whole object or array, that one.
pub fn path_at(text: &str, offset: usize, message: &str) -> Vec<String> {
    let end = offset.min(text.len());
    let (stack, last) = scan(text, end);
    let mut out = segments(&stack, false);
    let whole = WHOLE.iter().any(|start| message.starts_with(start));
    match last {
        Last::Closed(Some(key)) if !whole => out.push(key),
        Last::Opened if !peeked(message, text.as_bytes().get(end)) => out = segments(&stack, true),
        Last::Key if !message.starts_with("unknown field") && !message.starts_with("duplicate field") => {
            out = segments(&stack, true);
        }
        _ => {}
    }
    out
}

/// Whether `message` is about the value that starts with the byte `next` (not read yet): the
/// parse looked at it and refused its kind.
fn peeked(message: &str, next: Option<&u8>) -> bool {
    let kind = match next {
        Some(b'[') => "sequence",
        Some(b'{') => "map",
        Some(b'"') => "string",
        Some(b't' | b'f') => "boolean",
        Some(b'n') => "unit",
        Some(_) => "number",
        None => return false,
    };
    message
        .strip_prefix("invalid type: ")
        .is_some_and(|rest| rest.starts_with(kind))
}

/// The open containers after reading `end` bytes of `text`, and what was read last.
fn scan(text: &str, end: usize) -> (Vec<Frame>, Last) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut last = Last::Other;
    let mut i = 0;
    while i < end {
        last = Last::Other;
        match bytes[i] {
            b'{' | b'[' => {
                stack.push(if bytes[i] == b'{' {
                    Frame::Object(None)
                } else {
                    Frame::Array(0)
                });
                last = Last::Opened;
            }
            b'}' | b']' => {
                if let Some(Frame::Object(key)) = stack.pop() {
                    last = Last::Closed(key);
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key)) => *key = None,
                Some(Frame::Array(index)) => *index += 1,
                None => {}
            },
            b'"' => {
                let close = string_end(bytes, i);
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    *key = Some(unescape(&text[i..close.min(bytes.len())]));
                    last = Last::Key;
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (stack, last)
}

/// The path of the open containers: each one's member or element, except the innermost's
/// with `skip_last` (the container just opened).
fn segments(stack: &[Frame], skip_last: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (depth, frame) in stack.iter().enumerate() {
        if skip_last && depth + 1 == stack.len() {
            break;
        }
        match frame {
            Frame::Object(Some(key)) => out.push(key.clone()),
            Frame::Object(None) => {}
            Frame::Array(index) => out.push(index.to_string()),
        }
    }
    out
}

/// The index just past the string that starts (with its quote) at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The text of a JSON string token (with its quotes); a token cut short reads as it is.
fn unescape(token: &str) -> String {
    serde_json::from_str::<String>(token).unwrap_or_else(|_| token.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, before: &str, message: &str) -> Vec<String> {
        path_at(text, text.find(before).unwrap(), message)
    }

    #[test]
    fn names_the_member_or_element_an_error_is_about() {
        let text = r#"{"plans":[{"id":"a"},{"id":"b","rules":[{"percnt":"5"}]}],"x":[[1]],"p":{"a":1}}"#;
        let bad = "invalid value: string \"5\", expected a rate";
        // A key read last: an unknown field is that member.
        assert_eq!(
            at(text, r#":"5""#, "unknown field `percnt`"),
            ["plans", "1", "rules", "0", "percnt"]
        );
        // A value read last (a bad value): its member; also once its object was closed.
        assert_eq!(at(text, "}]}]", bad), ["plans", "1", "rules", "0", "percnt"]);
        assert_eq!(at(text, "]}]", bad), ["plans", "1", "rules", "0", "percnt"]);
        // An object just closed, about the object (a missing field): the object.
        assert_eq!(at(text, "]}]", "missing field `id`"), ["plans", "1", "rules", "0"]);
        // Before an element of the wrong kind (looked at, not read): that element.
        assert_eq!(
            at(text, r#"{"id":"b""#, "invalid type: map, expected a string"),
            ["plans", "1"]
        );
        assert_eq!(at(text, "[1]]", "invalid type: sequence, expected a string"), ["x", "0"]);
        // An array just opened, read as a value of the wrong kind: the array.
        assert_eq!(at(text, "[1]]", "invalid type: sequence, expected a date"), ["x", "0"]);
        assert_eq!(at(text, "1]]", "invalid type: sequence, expected a date"), ["x", "0"]);
        assert_eq!(at(text, r#"{"a":1}}"#, "invalid type: map, expected a string"), ["p"]);
        // An object refused at its first key: the object.
        assert_eq!(at(text, ":1}}", "expected a decimal number, found an object"), ["p"]);
        // A container value read whole: the member that holds it.
        assert_eq!(at(text, r#","x""#, bad), ["plans"]);
        assert_eq!(path_at(text, 0, bad), Vec::<String>::new());
    }

    #[test]
    fn reads_through_strings_with_quotes_and_brackets() {
        let text = r#"{"a\"{[":"}],\"","b/~":[1,2,{"c":true}]}"#;
        assert_eq!(at(text, "true", "invalid type"), ["b/~", "2", "c"]);
        assert_eq!(at(text, r#","b/~""#, "invalid type"), ["a\"{["]);
    }
}
