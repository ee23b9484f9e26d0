//! Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
//! then tone (none, huyền, hỏi, ngã, sắc, nặng), then case. Numbers inside titles compare
//! by value, so "Bài 2" comes before "Bài 10".

use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;

const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31b}';
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// A precomputed sort key; compare keys instead of strings when sorting many items.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    primary: Vec<(u8, u64)>,
    tones: Vec<u8>,
    case: Vec<u8>,
    original: String,
}

fn letter_rank(base: char, modifier: Option<char>) -> Option<u64> {
    let c = match (base, modifier) {
        ('a', Some(BREVE)) => 'ă',
        ('a', Some(CIRCUMFLEX)) => 'â',
        ('e', Some(CIRCUMFLEX)) => 'ê',
        ('o', Some(CIRCUMFLEX)) => 'ô',
        ('o', Some(HORN)) => 'ơ',
        ('u', Some(HORN)) => 'ư',
        (c, _) => c,
    };
    ALPHABET.chars().position(|a| a == c).map(|p| p as u64)
}

/// The key that orders `s` in Vietnamese alphabet order.
pub fn sort_key(s: &str) -> SortKey {
    let mut primary = Vec::new();
    let mut tones = Vec::new();
    let mut case = Vec::new();
    let decomposed: Vec<char> = s.nfd().collect();
    let mut i = 0;
    while i < decomposed.len() {
        let c = decomposed[i];
        i += 1;
        if c.is_ascii_digit() {
            let mut value: u64 = c.to_digit(10).unwrap_or(0) as u64;
            while i < decomposed.len() && decomposed[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(decomposed[i].to_digit(10).unwrap_or(0) as u64);
                i += 1;
            }
            primary.push((1, value));
            continue;
        }
        let mut modifier = None;
        let mut tone = 0u8;
        while i < decomposed.len() && unicode_normalization::char::is_combining_mark(decomposed[i])
        {
            let m = decomposed[i];
            if let Some(t) = TONES.iter().position(|t| *t == m) {
                tone = t as u8 + 1;
            } else {
                modifier = Some(m);
            }
            i += 1;
        }
        let (lower, is_upper) = match c {
            'Đ' => ('đ', true),
            c if c.is_uppercase() => (c.to_lowercase().next().unwrap_or(c), true),
            c => (c, false),
        };
        if let Some(rank) = letter_rank(lower, modifier) {
            primary.push((2, rank));
            tones.push(tone);
            case.push(is_upper as u8);
        } else if c.is_whitespace() {
            if primary.last() != Some(&(0, 0)) {
                primary.push((0, 0));
            }
        } else if c.is_alphanumeric() {
            primary.push((3, lower as u64));
            tones.push(tone);
            case.push(is_upper as u8);
        }
        // punctuation does not take part in the order
    }
    SortKey {
        primary,
        tones,
        case,
        original: s.to_string(),
    }
}

/// Compares two strings in Vietnamese alphabet order.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn d_with_stroke_after_d() {
        assert_eq!(
            sorted(vec!["Đảng viên", "Dân vận", "Em", "Cán bộ"]),
            vec!["Cán bộ", "Dân vận", "Đảng viên", "Em"]
        );
    }

    #[test]
    fn vowel_letters_in_alphabet_order() {
        assert_eq!(
            sorted(vec!["ư", "u", "ơ", "ô", "o", "ê", "e", "â", "ă", "a"]),
            vec!["a", "ă", "â", "e", "ê", "o", "ô", "ơ", "u", "ư"]
        );
        // the letter decides before the tone does
        assert_eq!(sorted(vec!["ắn", "an", "ăn"]), vec!["an", "ăn", "ắn"]);
    }

    #[test]
    fn tones_then_case() {
        assert_eq!(
            sorted(vec!["mạ", "má", "mã", "mả", "mà", "ma"]),
            vec!["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        assert_eq!(sorted(vec!["Ma", "ma"]), vec!["ma", "Ma"]);
    }

    #[test]
    fn numbers_by_value_and_nfd_same_as_nfc() {
        assert_eq!(
            sorted(vec!["Bài 10", "Bài 2", "Bài 1"]),
            vec!["Bài 1", "Bài 2", "Bài 10"]
        );
        assert_eq!(
            compare("Đa\u{309}ng", "Đảng").then(Ordering::Equal),
            sort_key("Đa\u{309}ng").cmp(&sort_key("Đảng"))
        );
        assert_eq!(sort_key("Đa\u{309}ng").primary, sort_key("Đảng").primary);
    }
}
