//! Figures written for readers: Vietnamese notation (1.234.567; 124,44 %), English
//! notation in English handbooks (1,234,567; 124.44 %), periods in words, status badges.

use super::compute::{round2, Status};
use super::model::Period;
use crate::i18n::{self, Language};
use crate::parse::markdown::escape_attr;
use rust_decimal::Decimal;

fn separators(lang: Language) -> (char, char) {
    match lang {
        Language::Vi => ('.', ','),
        Language::En => (',', '.'),
    }
}

/// A number rounded half-up to at most two decimals, trailing zeros dropped, thousands
/// grouped: `1.234.567`, `2,5`.
pub fn number(d: Decimal, lang: Language) -> String {
    write(round2(d).normalize(), lang, true, None)
}

/// A percentage with exactly two decimals: `124,44 %`.
pub fn percent(d: Decimal, lang: Language) -> String {
    let mut s = write(round2(d), lang, true, Some(2));
    s.push_str(" %");
    s
}

/// A number for a CSV cell: no thousands separator, the language's decimal mark, two
/// decimals at most.
pub fn csv_number(d: Decimal, lang: Language) -> String {
    write(round2(d).normalize(), lang, false, None)
}

/// A percentage for a CSV cell (without the `%` sign): two decimals.
pub fn csv_percent(d: Decimal, lang: Language) -> String {
    write(round2(d), lang, false, Some(2))
}

fn write(d: Decimal, lang: Language, group: bool, decimals: Option<u32>) -> String {
    let (thousands, mark) = separators(lang);
    if d.scale() == 0 && decimals.is_none() {
        if let Ok(n) = i64::try_from(d.mantissa()) {
            return write_int(n, if group { Some(thousands) } else { None });
        }
    }
    let mut d = d;
    if let Some(n) = decimals {
        d.rescale(n);
    }
    // The digits of the mantissa, the last `scale` of them after the mark (what Decimal's
    // Display writes, without making and splitting that string).
    let digits = d.mantissa().unsigned_abs().to_string();
    let scale = d.scale() as usize;
    let (int, zeros, frac) = if digits.len() > scale {
        let (i, f) = digits.split_at(digits.len() - scale);
        (i, 0, f)
    } else {
        ("0", scale - digits.len(), digits.as_str())
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if group && i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(c);
    }
    if scale > 0 {
        out.push(mark);
        out.extend(std::iter::repeat_n('0', zeros));
        out.push_str(frac);
    }
    out
}

fn write_int(n: i64, group: Option<char>) -> String {
    let digits = n.unsigned_abs().to_string();
    let Some(sep) = group.filter(|_| digits.len() > 3) else {
        return if n < 0 { format!("-{digits}") } else { digits };
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A period in words: `2022`, `2021–2022`, `Quý I/2022`, `Tháng 3/2022`.
pub fn period(p: Period, lang: Language) -> String {
    const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
    match (p, lang) {
        (Period::Year(y), _) => y.to_string(),
        (Period::Years(a, b), _) => format!("{a}–{b}"),
        (Period::Quarter(y, q), Language::Vi) => {
            format!("Quý {}/{y}", ROMAN[(q as usize).clamp(1, 4) - 1])
        }
        (Period::Quarter(y, q), Language::En) => format!("Q{q} {y}"),
        (Period::Month(y, m), Language::Vi) => format!("Tháng {m}/{y}"),
        (Period::Month(y, m), Language::En) => format!("{m:02}/{y}"),
    }
}

/// The word of a status.
pub fn status_word(s: Status, lang: Language) -> &'static str {
    i18n::string(lang, s.word_key())
}

/// A status as a badge: colour (by class), shape and word.
pub fn status_badge(s: Status, lang: Language) -> String {
    // (concat, not format!: one badge per figure, tens of thousands per build)
    [
        "<span class=\"st st-",
        s.key(),
        "\"><span class=\"st-icon\" aria-hidden=\"true\">",
        s.icon(),
        "</span> ",
        status_word(s, lang),
        "</span>",
    ]
    .concat()
}

/// The "illustrative" mark shown beside a made-up figure.
pub fn illustrative_badge(lang: Language) -> String {
    [
        "<span class=\"st-illustrative\">",
        i18n::string(lang, "stats_illustrative"),
        "</span>",
    ]
    .concat()
}

/// Escapes text for HTML (copies it as it is when there is nothing to escape).
pub fn esc(s: &str) -> String {
    esc_cow(s).into_owned()
}

/// [`esc`], borrowing the text when it has nothing to escape (most names and sources).
pub fn esc_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        escape_attr(s).into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// What `write` gave when it split Decimal's Display (the reference it must equal).
    fn via_display(d: Decimal, lang: Language, group: bool, decimals: Option<u32>) -> String {
        let (thousands, mark) = separators(lang);
        let mut d = d;
        if let Some(n) = decimals {
            d.rescale(n);
        }
        let s = d.abs().to_string();
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut out = String::new();
        if d.is_sign_negative() && !d.is_zero() {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if group && i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push(thousands);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(mark);
            out.push_str(frac);
        }
        out
    }

    #[test]
    fn digits_from_the_mantissa_are_the_displayed_digits() {
        let values = [
            "0",
            "0.5",
            "0.05",
            "0.005",
            "-0.05",
            "1",
            "12.5",
            "124.44",
            "1234.5",
            "-1234.56",
            "1000000",
            "999999.99",
            "100.00",
            "0.00",
            "-0.00",
            "7922816251426433759354395.0335",
        ];
        for v in values {
            let d = Decimal::from_str(v).unwrap();
            for lang in [Language::Vi, Language::En] {
                for group in [true, false] {
                    for decimals in [None, Some(0), Some(2)] {
                        let scaled = if decimals.is_none() && d.scale() == 0 {
                            continue; // (the integer path, tested below)
                        } else {
                            d
                        };
                        assert_eq!(
                            write(scaled, lang, group, decimals),
                            via_display(scaled, lang, group, decimals),
                            "{v} {lang:?} {group} {decimals:?}"
                        );
                    }
                }
            }
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn vietnamese_notation() {
        let vi = Language::Vi;
        assert_eq!(number(d("1234567"), vi), "1.234.567");
        assert_eq!(number(d("112"), vi), "112");
        assert_eq!(number(d("1234.5"), vi), "1.234,5");
        assert_eq!(number(d("2.675"), vi), "2,68");
        assert_eq!(number(d("0"), vi), "0");
        assert_eq!(percent(d("124.44"), vi), "124,44 %");
        assert_eq!(percent(d("100"), vi), "100,00 %");
        assert_eq!(percent(d("1234.5"), vi), "1.234,50 %");
        assert_eq!(csv_number(d("1234567.5"), vi), "1234567,5");
        assert_eq!(csv_percent(d("66.67"), vi), "66,67");
    }

    #[test]
    fn english_notation() {
        let en = Language::En;
        assert_eq!(number(d("1234567"), en), "1,234,567");
        assert_eq!(percent(d("133.33"), en), "133.33 %");
        assert_eq!(csv_number(d("1234.5"), en), "1234.5");
    }

    #[test]
    fn periods_in_words() {
        assert_eq!(
            period(Period::Quarter(2022, 3), Language::Vi),
            "Quý III/2022"
        );
        assert_eq!(period(Period::Month(2022, 3), Language::Vi), "Tháng 3/2022");
        assert_eq!(period(Period::Years(2021, 2022), Language::Vi), "2021–2022");
        assert_eq!(period(Period::Quarter(2022, 3), Language::En), "Q3 2022");
    }
}
