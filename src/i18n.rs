//! Interface strings in the handbook's language (Vietnamese by default, English by
//! configuration) and dates written the way each language writes them.

use std::collections::BTreeMap;

/// The languages sotay speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Vi,
    En,
}

impl Language {
    pub fn from_code(code: &str) -> Language {
        if code == "en" {
            Language::En
        } else {
            Language::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

const STRINGS: &[(&str, &str, &str)] = &[
    ("contents", "Mục lục", "Contents"),
    ("on_this_page", "Trên trang này", "On this page"),
    ("previous", "Trang trước", "Previous"),
    ("next", "Trang sau", "Next"),
    ("updated", "Cập nhật", "Updated"),
    ("published", "Ban hành", "Published"),
    ("home", "Trang chủ", "Home"),
    ("menu", "Danh mục", "Menu"),
    ("draft", "Bản nháp", "Draft"),
    (
        "preview_errors",
        "Sổ tay có lỗi — đang hiển thị bản dựng tốt gần nhất",
        "The handbook has errors — showing the last good build",
    ),
    (
        "preview_no_site",
        "Sổ tay có lỗi — chưa dựng được trang nào",
        "The handbook has errors — no page could be built yet",
    ),
    (
        "preview_fix_hint",
        "Sửa tệp rồi lưu lại: trang sẽ tự tải lại.",
        "Fix the file and save it: the page reloads by itself.",
    ),
    ("search", "Tìm kiếm", "Search"),
    (
        "search_placeholder",
        "Tìm trong sổ tay…",
        "Search the handbook…",
    ),
    ("skip_to_content", "Bỏ qua, đến nội dung", "Skip to content"),
    ("not_found", "Không tìm thấy trang", "Page not found"),
    (
        "not_found_text",
        "Trang bạn tìm không có trong sổ tay. Có thể địa chỉ đã thay đổi.",
        "The page you are looking for is not in this handbook. Its address may have changed.",
    ),
    ("back_home", "Về trang chủ", "Back to the home page"),
    ("sections", "Các phần", "Sections"),
    ("pages", "Các trang", "Pages"),
    ("print", "In", "Print"),
    (
        "theme_toggle",
        "Đổi giao diện sáng/tối",
        "Toggle light/dark theme",
    ),
    ("breadcrumbs", "Đường dẫn", "Breadcrumbs"),
    ("navigation", "Điều hướng", "Navigation"),
    ("pagination", "Chuyển trang", "Pagination"),
    ("note", "Ghi chú", "Note"),
    ("tip", "Mẹo", "Tip"),
    ("important", "Quan trọng", "Important"),
    ("warning", "Cảnh báo", "Warning"),
    ("caution", "Thận trọng", "Caution"),
    ("footnotes", "Chú thích", "Footnotes"),
];

/// All interface strings of a language, keyed by name (the `t` of templates).
pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, vi, en)| (*k, if lang == Language::Vi { *vi } else { *en }))
        .collect()
}

/// One interface string; panics only on a name that is not in the table (a programming
/// error caught by the tests).
pub fn string(lang: Language, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| if lang == Language::Vi { *vi } else { *en })
        .unwrap_or_else(|| panic!("no interface string named {key}"))
}

/// A calendar date, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Reads `YYYY-MM-DD`; `None` when it is not a real date.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `16/6/2022` in Vietnamese, `16 June 2022` in English.
    pub fn display(self, lang: Language) -> String {
        match lang {
            Language::Vi => format!("{}/{}/{}", self.day, self.month, self.year),
            Language::En => {
                const MONTHS: [&str; 12] = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ];
                format!(
                    "{} {} {}",
                    self.day,
                    MONTHS[self.month as usize - 1],
                    self.year
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_string() {
        for (k, vi, en) in STRINGS {
            assert!(!vi.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(string(Language::Vi, "updated"), "Cập nhật");
        assert_eq!(strings(Language::En)["next"], "Next");
    }

    #[test]
    fn dates() {
        let d = Date::parse_iso("2022-06-16").unwrap();
        assert_eq!(d.display(Language::Vi), "16/6/2022");
        assert_eq!(d.display(Language::En), "16 June 2022");
        assert_eq!(d.iso(), "2022-06-16");
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("16/6/2022").is_none());
    }
}
