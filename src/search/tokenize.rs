//! Words of a text as search sees them. A word is a run of letters, digits and combining
//! marks; each word has its exact and folded form ([`super::fold`]). Two words are *linked*
//! when only spaces, or a single `-` or `/`, stand between them: linked words form the
//! pairs that make phrase and proximity matching work. A chain of words joined by single
//! `-` or `/` with a digit in it is also one *compound* token, so that document numbers
//! ("21-NQ/TW", "02-HD/BTCTW") and dates ("16/6/2022") are found as typed, as well as by
//! their parts. The browser tokenizer in `search.js` follows the same rules.

use super::fold::{exact, fold, is_word_char};

/// One word or compound of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub exact: String,
    pub fold: String,
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Only spaces, or one `-` or `/`, separate this word from the word before it.
    pub linked: bool,
}

/// The words of a text, in order, and its compounds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub words: Vec<Token>,
    pub compounds: Vec<Token>,
}

impl Tokens {
    /// Folded pairs of linked words (`"sinh hoat"`), the keys of the pair index.
    pub fn pairs(&self) -> impl Iterator<Item = String> + '_ {
        self.words
            .windows(2)
            .filter(|w| w[1].linked)
            .map(|w| pair_key(&w[0].fold, &w[1].fold))
    }
}

/// The key of a pair of folded words.
pub fn pair_key(a: &str, b: &str) -> String {
    let mut k = String::with_capacity(a.len() + b.len() + 1);
    k.push_str(a);
    k.push(' ');
    k.push_str(b);
    k
}

/// Where a word or compound stands in a text, before folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub linked: bool,
}

/// The word spans of a text and its compound spans (the indexer folds each distinct word
/// once; [`tokenize`] folds them all).
pub fn spans(text: &str) -> (Vec<Span>, Vec<Span>) {
    let (mut words, mut compounds) = (Vec::new(), Vec::new());
    spans_into(text, &mut words, &mut compounds);
    (words, compounds)
}

/// [`spans`] into buffers the caller reuses (emptied first).
///
/// Two tight loops take turns: one skips what stands between words, the other runs to the
/// end of a word; ASCII bytes (spaces, Latin letters, digits, most punctuation) are told
/// apart without decoding.
pub fn spans_into(text: &str, words: &mut Vec<Span>, compounds: &mut Vec<Span>) {
    words.clear();
    compounds.clear();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut chain_start = 0;
    let mut i = 0;
    loop {
        // between words
        while i < n {
            match CLASS[bytes[i] as usize] {
                OTHER => i += 1,
                WORD | WORD2 => break,
                _ => {
                    let (word, len) = char_class(text, bytes, i);
                    if word {
                        break;
                    }
                    i += len;
                }
            }
        }
        if i >= n {
            break;
        }
        let s = i;
        // in a word
        while i < n {
            match CLASS[bytes[i] as usize] {
                WORD => i += 1,
                WORD2 => i += 2,
                OTHER => break,
                _ => {
                    let (word, len) = char_class(text, bytes, i);
                    if !word {
                        break;
                    }
                    i += len;
                }
            }
        }
        let (joined, linked) = match words.last() {
            None => (false, false),
            // (slice patterns: no call to compare one byte)
            Some(prev) => match &bytes[prev.end..s] {
                [b'-'] | [b'/'] => (true, true),
                [b' '] => (false, true),
                _ => (false, text[prev.end..s].chars().all(char::is_whitespace)),
            },
        };
        if !joined {
            let k = words.len();
            if k - chain_start >= 2 {
                push_compound(text, &words[chain_start..k], compounds);
            }
            chain_start = k;
        }
        words.push(Span {
            start: s,
            end: i,
            linked,
        });
    }
    push_compound(text, &words[chain_start..], compounds);
}

/// What a byte tells of the character it starts, for [`spans_into`]: an ASCII byte outside
/// words, an ASCII letter or digit, the first of two bytes of a letter or mark that is
/// always part of a word (U+0100–U+027F, U+0300–U+033F), or a byte that needs a closer look.
const OTHER: u8 = 0;
const WORD: u8 = 1;
const WORD2: u8 = 2;
const CHECK: u8 = 3;
const CLASS: [u8; 256] = {
    let mut t = [CHECK; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            OTHER
        };
        b += 1;
    }
    let mut b = 0xC4;
    while b <= 0xC9 {
        t[b] = WORD2;
        b += 1;
    }
    t[0xCC] = WORD2;
    t
};

/// Whether the character at byte `i` belongs to a word, and its length in bytes. ASCII and
/// the letters and marks of Vietnamese are told from their bytes; other characters are
/// decoded.
#[inline(always)]
fn char_class(text: &str, bytes: &[u8], i: usize) -> (bool, usize) {
    let b = bytes[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let next = bytes.get(i + 1).copied().unwrap_or(0);
    match b {
        // U+00C0–U+00FF: Latin-1 letters, but for × and ÷
        0xC3 => (next != 0x97 && next != 0xB7, 2),
        // U+0100–U+027F: Latin letters with diacritics, IPA letters; U+0300–U+036F:
        // combining marks
        0xC4..=0xC9 | 0xCC => (true, 2),
        0xCD if next <= 0xAF => (true, 2),
        // U+1E00–U+1EFF: Latin Extended Additional (most Vietnamese letters with tones)
        0xE1 if (0xB8..=0xBB).contains(&next) => (true, 3),
        _ => {
            let c = text[i..].chars().next().expect("a character starts here");
            (is_word_char(c), c.len_utf8())
        }
    }
}

/// Splits NFC text into words and compounds, each with its exact and folded form.
pub fn tokenize(text: &str) -> Tokens {
    let (words, compounds) = spans(text);
    let token = |s: &Span| {
        let t = &text[s.start..s.end];
        Token {
            exact: exact(t),
            fold: fold(t),
            start: s.start,
            end: s.end,
            linked: s.linked,
        }
    };
    Tokens {
        words: words.iter().map(token).collect(),
        compounds: compounds.iter().map(token).collect(),
    }
}

fn push_compound(text: &str, chain: &[Span], out: &mut Vec<Span>) {
    if chain.len() < 2 {
        return;
    }
    let (s, e) = (chain[0].start, chain[chain.len() - 1].end);
    if text[s..e].chars().any(char::is_numeric) {
        out.push(Span {
            start: s,
            end: e,
            linked: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folds(t: &Tokens) -> Vec<&str> {
        t.words.iter().map(|w| w.fold.as_str()).collect()
    }

    #[test]
    fn words_exact_and_folded() {
        let t = tokenize("Sinh hoạt chi bộ, ĐẢNG VIÊN!");
        assert_eq!(folds(&t), ["sinh", "hoat", "chi", "bo", "dang", "vien"]);
        let exact: Vec<_> = t.words.iter().map(|w| w.exact.as_str()).collect();
        assert_eq!(exact, ["sinh", "hoạt", "chi", "bộ", "đảng", "viên"]);
        assert_eq!(
            &"Sinh hoạt chi bộ"[t.words[1].start..t.words[1].end],
            "hoạt"
        );
        assert!(t.compounds.is_empty());
    }

    #[test]
    fn decomposed_text_gives_the_same_words() {
        let nfd = "Đa\u{0309}ng vie\u{0302}n";
        let t = tokenize(nfd);
        assert_eq!(folds(&t), ["dang", "vien"]);
        assert_eq!(t.words[0].exact, "đảng");
        assert_eq!(
            t.words[0].end,
            "Đa\u{0309}ng".len(),
            "marks stay inside the word"
        );
    }

    #[test]
    fn document_numbers_are_one_token_and_parts() {
        let t = tokenize("Nghị quyết số 21-NQ/TW và Hướng dẫn 02-HD/BTCTW.");
        assert_eq!(
            folds(&t),
            ["nghi", "quyet", "so", "21", "nq", "tw", "va", "huong", "dan", "02", "hd", "btctw"]
        );
        let c: Vec<_> = t.compounds.iter().map(|w| w.fold.as_str()).collect();
        assert_eq!(c, ["21-nq/tw", "02-hd/btctw"]);
        assert_eq!(t.compounds[0].exact, "21-nq/tw");
        let dates = tokenize("ngày 16/6/2022");
        assert_eq!(dates.compounds[0].fold, "16/6/2022");
        // hyphenated words without a digit, and spaced dashes, are not compounds
        assert!(tokenize("kinh tế - xã hội, e-mail").compounds.is_empty());
    }

    #[test]
    fn links_break_at_punctuation() {
        let t = tokenize("sinh hoạt, chi bộ 21-NQ/TW");
        let pairs: Vec<_> = t.pairs().collect();
        assert_eq!(pairs, ["sinh hoat", "chi bo", "bo 21", "21 nq", "nq tw"]);
        assert!(tokenize("a  -  b").pairs().next().is_none());
    }

    /// The byte-level shortcuts agree with [`is_word_char`] on every character up to
    /// U+2FFF (Latin, combining marks, Greek, Vietnamese, punctuation and beyond).
    #[test]
    fn byte_shortcuts_agree_with_the_character_classes() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let s = format!("{c}a");
            assert_eq!(
                char_class(&s, s.as_bytes(), 0),
                (is_word_char(c), c.len_utf8()),
                "U+{:04X} {c}",
                c as u32
            );
            let told = match CLASS[s.as_bytes()[0] as usize] {
                OTHER => Some((false, 1)),
                WORD => Some((true, 1)),
                WORD2 => Some((true, 2)),
                _ => None,
            };
            if let Some(told) = told {
                assert_eq!(told, (is_word_char(c), c.len_utf8()), "U+{:04X}", c as u32);
            }
        }
    }

    /// Words and compounds as a plain reading of the rules finds them: words are runs of
    /// word characters, each linked to the one before when only spaces, or one `-` or `/`,
    /// stand between; a chain of two words or more joined by `-` or `/` with a digit in it
    /// is a compound.
    fn reference(text: &str) -> (Vec<Span>, Vec<Span>) {
        let mut words: Vec<Span> = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, i < text.len() && is_word_char(c)) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let gap = words.last().map(|p| &text[p.end..s]);
                    words.push(Span {
                        start: s,
                        end: i,
                        linked: gap.is_some_and(|g| {
                            g == "-" || g == "/" || g.chars().all(char::is_whitespace)
                        }),
                    });
                    start = None;
                }
                _ => {}
            }
        }
        let mut compounds = Vec::new();
        let mut chain = 0;
        for k in 1..=words.len() {
            let joined = k < words.len() && {
                let gap = &text[words[k - 1].end..words[k].start];
                gap == "-" || gap == "/"
            };
            if !joined {
                let (s, e) = (words[chain].start, words[k - 1].end);
                if k - chain >= 2 && text[s..e].chars().any(char::is_numeric) {
                    compounds.push(Span {
                        start: s,
                        end: e,
                        linked: false,
                    });
                }
                chain = k;
            }
        }
        (words, compounds)
    }

    /// Texts made of Vietnamese syllables, spaces, punctuation, quotes, dashes, × and ÷,
    /// letters and marks of other scripts and document numbers, in every mix, give the
    /// words and compounds the plain reading gives.
    #[test]
    fn spans_follow_the_rules_as_written() {
        let pieces = [
            "sinh",
            "hoạt",
            "chi",
            "bộ",
            "Đảng",
            "viên",
            "ỗ",
            "ỷ",
            "ÿ",
            " ",
            "  ",
            "-",
            "/",
            ", ",
            ".",
            "\n",
            "21",
            "NQ",
            "21-NQ/TW",
            "\u{201C}",
            "\u{201D}",
            "\u{2013}",
            "\u{00A0}",
            "\u{00D7}",
            "\u{00F7}",
            "\u{1680}",
            "\u{1362}",
            "ა",
            "한",
            "\u{0301}",
            "ʰ",
            "\u{02C2}",
            "\u{1F600}",
        ];
        let mut seed = 7u64;
        for round in 0..3000 {
            let mut text = String::new();
            while text.len() < round % 150 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(spans(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn empty_and_symbols() {
        assert_eq!(tokenize(""), Tokens::default());
        assert!(tokenize("— … ** //").words.is_empty());
    }
}
