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
    if s.is_ascii() || nfc_quick(&s) == IsNormalized::Yes {
        s.into_owned()
    } else {
        s.nfc().collect()
    }
}

/// The length in bytes of the character at `b[i]` when it is one that NFC keeps as it is
/// wherever it stands (a starter, canonical combining class 0, whose NFC quick check is
/// Yes), else 0: told from its bytes, without decoding it. These are the characters of
/// Vietnamese text but for combining marks: ASCII, the Latin letters with diacritics
/// (U+0080–U+024F, U+1E00–U+1EFF) and general punctuation (U+2002–U+206F: dashes, curly
/// quotes, ellipsis; U+2000 and U+2001 become U+2002 and U+2003). A test checks every one
/// against the Unicode tables.
#[inline(always)]
fn stable_len(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        0..=0x7F => 1,
        // U+0080–U+023F, U+0240–U+024F
        0xC2..=0xC8 => 2,
        0xC9 if at(1) <= 0x8F => 2,
        // U+1E00–U+1EFF
        0xE1 if (0xB8..=0xBB).contains(&at(1)) => 3,
        // U+2002–U+203F, U+2040–U+206F
        0xE2 if (at(1) == 0x80 && at(2) >= 0x82) || (at(1) == 0x81 && at(2) <= 0xAF) => 3,
        _ => 0,
    }
}

/// [`is_nfc_quick`], with the characters of [`stable_len`] told from their bytes: the crate
/// decodes every character and looks up two tables for each that is not ASCII, which for
/// Vietnamese text (a third of its letters) was 8 % of the instructions of a build without
/// its search index (228 M of 2,721 M at 1,000 pages; 58 M now). (Skipping ASCII eight
/// bytes at a time cost more than it saved: Vietnamese words are short.)
fn nfc_quick(s: &str) -> IsNormalized {
    let b = s.as_bytes();
    let mut result = IsNormalized::Yes;
    let mut last_class = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            (i, last_class) = (i + 1, 0);
            continue;
        }
        let n = stable_len(b, i);
        if n > 0 {
            (i, last_class) = (i + n, 0);
            continue;
        }
        let c = s[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        // the quick check of one character (what `is_nfc_quick` does for each), then the
        // order of combining marks, as `is_nfc_quick` checks it
        let class = unicode_normalization::char::canonical_combining_class(c);
        if last_class > class && class != 0 {
            return IsNormalized::No;
        }
        match is_nfc_quick(std::iter::once(c)) {
            IsNormalized::Yes => {}
            IsNormalized::No => return IsNormalized::No,
            IsNormalized::Maybe => result = IsNormalized::Maybe,
        }
        last_class = class;
    }
    result
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

    /// The characters [`stable_len`] tells from their bytes.
    fn nfc_stable(c: char) -> bool {
        matches!(c, '\0'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2002}'..='\u{206F}')
    }

    #[test]
    fn characters_told_from_their_code_point_are_stable_in_nfc() {
        let stable: Vec<char> = (0..=0x2FFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| nfc_stable(c))
            .collect();
        assert_eq!(stable.len(), 0x250 + 0x100 + 0x6E);
        // the bytes tell the same characters
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let told = stable_len(bytes, 0);
            assert_eq!(told, if nfc_stable(c) { bytes.len() } else { 0 }, "{c:?}");
        }
        for c in stable {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn the_quick_check_agrees_with_the_crate_s() {
        let samples = [
            "",
            "Đảng viên “sinh hoạt” chi bộ – 21-NQ/TW…",
            "Ba\u{300}i",       // a combining mark: Maybe
            "a\u{301}\u{323}",  // marks in order
            "a\u{323}\u{301}",  // in order too (220 then 230)
            "a\u{301}\u{323}x", // 230 then 220: not NFC
            "\u{2000}",         // a singleton: No
            "\u{212A}elvin",    // KELVIN SIGN: No
            "\u{1161}",         // a Hangul vowel: Maybe
            "가\u{11A8}",       // a Hangul syllable and a trailing consonant
            "\u{0344}",         // a mark NFC replaces: No
            "ῼ \u{1F71}",       // Greek, one of them excluded from composition
            "x\u{0CD5}",
            "đ\u{309}\u{2026}\u{300}",
            "twelve ascii\u{301}\u{323} then more ascii text",
            "twelve ascii\u{323}\u{301} then more ascii text\u{2000}",
            "Điều 1. Ban hành kèm theo Nghị quyết này Quy định về công tác đảng viên.",
        ];
        for s in samples {
            assert_eq!(nfc_quick(s), is_nfc_quick(s.chars()), "{s:?}");
        }
        // every pair of characters from a mixed set, in both orders
        let set: Vec<char> = "aAđĐ ơ\u{300}\u{301}\u{309}\u{323}\u{2000}\u{2013}\u{201C}\u{1EA1}\u{1161}\u{11A8}가\u{212B}\u{0340}\u{0F73}".chars().collect();
        for a in &set {
            for b in &set {
                for c in &set {
                    let s: String = [*a, *b, *c].iter().collect();
                    assert_eq!(nfc_quick(&s), is_nfc_quick(s.chars()), "{s:?}");
                }
            }
        }
    }

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
