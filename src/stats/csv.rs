//! CSV downloads: UTF-8 with a byte-order mark (so Excel reads Vietnamese correctly),
//! `;` between fields in Vietnamese handbooks (Excel's list separator in the Vietnamese
//! locale, where `,` is the decimal mark) and `,` in English ones, CRLF line ends, and
//! cells that a spreadsheet would run as a formula neutralized.

use crate::i18n::Language;

/// The byte-order mark every file starts with.
pub const BOM: &str = "\u{feff}";

/// The field separator for a handbook language.
pub fn separator(lang: Language) -> char {
    match lang {
        Language::Vi => ';',
        Language::En => ',',
    }
}

/// A table being written as CSV.
pub struct Csv {
    sep: char,
    out: String,
}

impl Csv {
    pub fn new(lang: Language) -> Csv {
        Csv {
            sep: separator(lang),
            out: String::from(BOM),
        }
    }

    /// Adds a cell to the row being written (`first` for the first cell of a row).
    pub fn cell(&mut self, first: bool, value: &str) {
        if !first {
            self.out.push(self.sep);
        }
        cell_into(&mut self.out, value, self.sep);
    }

    /// Ends the row being written.
    pub fn end_row(&mut self) {
        self.out.push_str("\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Appends one cell to `out`: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a
/// `'` in front so that no spreadsheet takes it for a formula; quoted when it holds the
/// separator, a quote or a line break. (Appended: tables of a thousand units have tens of
/// thousands of cells.)
fn cell_into(out: &mut String, value: &str, sep: char) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // (the separator, like the other three, is ASCII: a byte scan finds them without
    // decoding characters. Without an early exit the compiler vectorizes it: cells are
    // mostly a few bytes, where two memchr calls cost more, and sources a hundred.)
    let sep_byte = u8::try_from(sep).expect("the separator is ASCII");
    let quoted = value.bytes().fold(false, |q, b| {
        q | (b == sep_byte) | (b == b'"') | (b == b'\n') | (b == b'\r')
    });
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(c: &mut Csv, cells: &[&str]) {
        for (i, v) in cells.iter().enumerate() {
            c.cell(i == 0, v);
        }
        c.end_row();
    }

    #[test]
    fn bom_separator_quotes_and_formulas() {
        let mut c = Csv::new(Language::Vi);
        row(&mut c, &["Đơn vị", "Tỷ lệ (%)"]);
        row(&mut c, &["=HYPERLINK(\"x\")", "124,44"]);
        row(&mut c, &["-2+3", "a;b"]);
        row(&mut c, &["@SUM(A1)", "+1"]);
        let s = String::from_utf8(c.into_bytes()).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s,
            "\u{feff}Đơn vị;Tỷ lệ (%)\r\n\"'=HYPERLINK(\"\"x\"\")\";124,44\r\n'-2+3;\"a;b\"\r\n'@SUM(A1);'+1\r\n"
        );
    }

    #[test]
    fn english_uses_commas() {
        let mut c = Csv::new(Language::En);
        row(&mut c, &["Unit", "1,5", "a;b"]);
        let s = String::from_utf8(c.into_bytes()).unwrap();
        assert_eq!(s, "\u{feff}Unit,\"1,5\",a;b\r\n");
        let mut c = Csv::new(Language::Vi);
        row(&mut c, &["1,5"]);
        assert_eq!(
            String::from_utf8(c.into_bytes()).unwrap(),
            "\u{feff}1,5\r\n"
        );
    }
}
