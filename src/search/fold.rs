//! The two forms a word is compared in. `fold` forgets case, tone marks, every other
//! diacritic and the stroke of đ ("Đảng" → "dang"), so readers who type without diacritics
//! find what they mean; `exact` keeps the diacritics (lowercase NFC), so that a reader who
//! typed them sees exact matches first. `themes/default/static/assets/search.js` does the
//! same in the browser; `tests/search_browser.rs` checks that both agree.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lowercase, without diacritics, đ → d.
///
/// The whole decomposed text is lowercased at once, as JavaScript's `toLowerCase` does in
/// the browser: a capital sigma ending a word becomes ς there, σ elsewhere, so "ΟΔΟΣ" folds
/// as "οδος" does (lowercasing each character alone made it "οδοσ").
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let lower = s.nfd().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if is_combining_mark(c) {
            continue;
        }
        out.push(if c == 'đ' { 'd' } else { c });
    }
    out
}

/// Lowercase NFC, diacritics kept.
pub fn exact(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    crate::text::nfc(&crate::text::nfc(s).to_lowercase())
}

/// Whether a character belongs to a word: letters, digits and combining marks.
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        // Latin letters with diacritics (Vietnamese lives here), answered without a table.
        '\u{00C0}'..='\u{024F}' => c != '\u{00D7}' && c != '\u{00F7}',
        '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic() || c.is_numeric() || is_combining_mark(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_diacritics_and_d_stroke() {
        assert_eq!(fold("Đảng viên"), "dang vien");
        assert_eq!(fold("ĐẢNG"), "dang");
        assert_eq!(fold("đ"), "d");
        assert_eq!(fold("SINH HOẠT CHI BỘ"), "sinh hoat chi bo");
        assert_eq!(fold("Ặ ỗ ữ ỷ"), "a o u y");
        assert_eq!(fold("café Ça"), "cafe ca");
        assert_eq!(fold("21-NQ/TW"), "21-nq/tw");
    }

    /// A capital sigma ending a word folds as the lowercase text does (ς), and folding the
    /// exact form gives the same (found by the `search` fuzz target).
    #[test]
    fn final_sigma_folds_as_in_lowercase_text() {
        assert_eq!(fold("ΟΔΟΣ"), "οδος");
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        assert_eq!(fold("ΣΟΦΙΑ ΟΔΟΣ."), "σοφια οδος.");
        assert_eq!(fold("irSΣ"), fold(&exact("irSΣ")));
        assert_eq!(fold(&fold("ΟΔΟΣ")), fold("ΟΔΟΣ"));
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        let nfd = "\u{0110}a\u{0309}ng vie\u{0302}\u{0301}n"; // Đảng viến, decomposed
        assert_eq!(fold(nfd), "dang vien");
        assert_eq!(exact("Bo\u{0323}\u{0302}"), "bộ");
        assert_eq!(
            exact("Bo\u{0302}\u{0323}"),
            "bộ",
            "marks in the other order"
        );
    }

    #[test]
    fn word_characters() {
        for c in "aZ09ĐđÀỹăâêôơưẠ\u{0301}ßя中".chars() {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in " -/.,;:!?×÷“”…–\u{00A0}".chars() {
            assert!(!is_word_char(c), "{c:?}");
        }
        // the fast path agrees with the Unicode tables it stands for
        for c in ('\u{00C0}'..='\u{024F}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(
                is_word_char(c),
                c.is_alphabetic() || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn exact_keeps_diacritics() {
        assert_eq!(exact("Bộ"), "bộ");
        assert_ne!(exact("bộ"), exact("bổ"));
        assert_eq!(fold("bộ"), fold("bổ"));
        assert_eq!(exact("ĐẢNG"), "đảng");
    }
}
