//! Cutting a byte stream into lines, chunk by chunk: a chunk may end in the middle of a line
//! (or of a UTF-8 character), so the unfinished tail is kept until the next chunk.

/// The longest line accepted, in bytes (one invoice of the largest size the engine takes fits
/// well within it); a longer line is an error rather than unbounded buffering.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Splits chunks of bytes into lines numbered from 1 (`\n` ends a line; a `\r` before it is
/// dropped).
#[derive(Debug, Default)]
pub struct LineSplitter {
    tail: Vec<u8>,
    number: u64,
}

/// A line longer than [`MAX_LINE_BYTES`], with its number.
#[derive(Debug, PartialEq, Eq)]
pub struct LineTooLong(pub u64);

impl LineSplitter {
    /// A splitter whose first line is numbered `first` (when the stream is the rest of a longer
    /// one).
    pub fn starting_at(first: u64) -> LineSplitter {
        LineSplitter {
            tail: Vec::new(),
            number: first.saturating_sub(1),
        }
    }

    /// Calls `each(number, line)` for every line completed by `chunk`; stops at the first error
    /// of `each` and returns it.
    pub fn push<E>(
        &mut self,
        chunk: &[u8],
        mut each: impl FnMut(u64, &[u8]) -> Result<(), E>,
    ) -> Result<(), Result<E, LineTooLong>> {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.number += 1;
            if self.tail.is_empty() {
                each(self.number, trim_cr(&rest[..end])).map_err(Ok)?;
            } else {
                self.tail.extend_from_slice(&rest[..end]);
                let line = std::mem::take(&mut self.tail);
                each(self.number, trim_cr(&line)).map_err(Ok)?;
            }
            rest = &rest[end + 1..];
        }
        self.tail.extend_from_slice(rest);
        if self.tail.len() > MAX_LINE_BYTES {
            return Err(Err(LineTooLong(self.number + 1)));
        }
        Ok(())
    }

    /// Calls `each` for the last line when the stream does not end with a newline.
    pub fn finish<E>(&mut self, mut each: impl FnMut(u64, &[u8]) -> Result<(), E>) -> Result<(), E> {
        if self.tail.is_empty() {
            return Ok(());
        }
        self.number += 1;
        let line = std::mem::take(&mut self.tail);
        each(self.number, trim_cr(&line))
    }

    /// How many lines have been completed.
    pub fn lines(&self) -> u64 {
        self.number
    }
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(chunks: &[&[u8]]) -> Vec<(u64, String)> {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        for c in chunks {
            s.push::<()>(c, |n, l| {
                out.push((n, String::from_utf8(l.to_vec()).unwrap()));
                Ok(())
            })
            .unwrap();
        }
        s.finish::<()>(|n, l| {
            out.push((n, String::from_utf8(l.to_vec()).unwrap()));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn lines_cut_anywhere_come_out_whole_and_numbered() {
        let expected = vec![
            (1, "ab".to_string()),
            (2, "".to_string()),
            (3, "cdé".to_string()),
            (4, "f".to_string()),
        ];
        assert_eq!(collect(&[b"ab\n\ncd\xc3", b"\xa9\r\nf"]), expected);
        assert_eq!(collect(&[b"a", b"b\n", b"\n", b"cd\xc3\xa9\r", b"\nf\n"]), expected);
    }
}
