//! Text as sotay reads it: UTF-8, no byte-order mark, `\n` line ends, NFC-normalized;
//! and positions in it as people count them (line and column, from 1).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Byte-order mark stripped, CRLF and lone CR turned into LF, NFC-normalized.
pub fn normalize(raw: &str) -> String {
    // Every byte-order mark at the start: a file converted twice can carry two, and one
    // left in place hides the `---` of the front matter.
    let s = raw.trim_start_matches('\u{feff}');
    let s: std::borrow::Cow<str> = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        s.into()
    };
    into_nfc(s)
}

/// NFC form of a short string (titles, names).
pub fn nfc(s: &str) -> String {
    into_nfc(s.into())
}

/// [`nfc`] of a string that may already be owned: kept as it is when it is ASCII or
/// already in NFC (YAML scalars: a statistics file has hundreds of thousands).
pub fn into_nfc(s: std::borrow::Cow<'_, str>) -> String {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.into_owned()
    } else {
        s.nfc().collect()
    }
}

/// Decodes bytes as UTF-8 or says at which byte (and line) they stop being UTF-8.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, Utf8Problem> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just checked to be UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    // (std's check again, for where the bytes stop being UTF-8)
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = &bytes[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Utf8Problem {
            byte_offset: at,
            line,
            column,
        }
    })
}

/// Where a file stops being valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8Problem {
    pub byte_offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Utf8Problem {
    /// The message for a file that is not UTF-8.
    pub fn diagnostic(&self, file: &std::path::Path) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::new(
            file,
            format!(
                "the file is not valid UTF-8 text (byte {} cannot be read)",
                self.byte_offset
            ),
        )
        .at(self.line, self.column)
        .help(
            "save the file with UTF-8 encoding (in most editors: Save As → Encoding: UTF-8); \
             text typed with an old Vietnamese encoding (TCVN3, VNI, Windows-1258) must be \
             converted to Unicode first",
        )
    }
}

/// Maps byte offsets of a text to (line, column), both counted from 1, columns in characters.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last position found (byte offset, line index, column). Offsets asked for in
    /// increasing order, as a parser meets them, cost only the distance from the last one:
    /// a page written as one long line with 200,000 links took seconds per link otherwise.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= end) - 1;
        let start = self.starts[line];
        let (last_end, last_line, last_column) = self.last.get();
        let column = if last_line == line && (start..=end).contains(&last_end) {
            last_column + self.text[last_end..end].chars().count()
        } else {
            self.text[start..end].chars().count() + 1
        };
        self.last.set((end, line, column));
        (line + 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_crlf_and_composes() {
        let decomposed = "\u{feff}Ba\u{300}i 1\r\nđa\u{309}ng\r";
        assert_eq!(normalize(decomposed), "Bài 1\nđảng\n");
    }

    #[test]
    fn owned_scalars_are_composed_or_kept() {
        use std::borrow::Cow;
        assert_eq!(into_nfc(Cow::Borrowed("đa\u{309}ng")), "đảng");
        assert_eq!(into_nfc(Cow::Owned("đảng viên".to_string())), "đảng viên");
        assert_eq!(into_nfc(Cow::Borrowed("h0-x0-c0")), "h0-x0-c0");
    }

    #[test]
    fn positions_count_characters() {
        let t = "ab\nđảng viên x";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        let x = t.find('x').unwrap();
        assert_eq!(idx.position(x), (2, 11));
        // in any order, and inside a character
        assert_eq!(idx.position(4), (2, 1));
        assert_eq!(idx.position(x), (2, 11));
        assert_eq!(idx.position(5), (2, 2));
        assert_eq!(idx.position(1), (1, 2));
        assert_eq!(idx.position(usize::MAX), (2, 12));
    }

    #[test]
    fn reports_invalid_utf8_offset() {
        let mut b = b"ok\nab".to_vec();
        b.push(0xff);
        let p = decode_utf8(b).unwrap_err();
        assert_eq!((p.byte_offset, p.line, p.column), (5, 2, 3));
        // valid text, long enough for the SIMD check, comes back as it was
        let text = "Sinh hoạt chi bộ — Đảng viên 😀\n".repeat(40);
        assert_eq!(decode_utf8(text.clone().into_bytes()).unwrap(), text);
        // a bad byte far into the text (past the SIMD blocks) and a cut-off character
        let mut b = text.clone().into_bytes();
        b.extend_from_slice("đ".as_bytes());
        b.push(0xe1);
        let p = decode_utf8(b).unwrap_err();
        assert_eq!((p.byte_offset, p.line), (text.len() + 2, 41));
    }
}
