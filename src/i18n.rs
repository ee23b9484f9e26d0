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
    // --- statistics (src/stats) ---
    ("stats_progress", "Tiến độ thực hiện", "Progress"),
    (
        "stats_progress_description",
        "Kết quả thực hiện theo từng chỉ tiêu và từng đơn vị, tính từ số liệu thống kê của sổ tay.",
        "Results by indicator and by unit, computed from the handbook's statistics.",
    ),
    ("stats_indicators", "Chỉ tiêu", "Indicators"),
    (
        "stats_indicators_description",
        "Mỗi chỉ tiêu một trang: bảng theo đơn vị và kỳ, biểu đồ, xếp hạng.",
        "A page per indicator: table by unit and period, charts, ranking.",
    ),
    ("stats_units", "Đơn vị", "Units"),
    (
        "stats_units_description",
        "Cây tổ chức; mỗi đơn vị một trang với các chỉ tiêu và đơn vị trực thuộc.",
        "The organization tree; a page per unit with its indicators and the units below it.",
    ),
    ("stats_org_tree", "Cây tổ chức", "Organization tree"),
    ("stats_overview", "Tổng quan kỳ gần nhất", "Latest period at a glance"),
    ("stats_indicator", "Chỉ tiêu", "Indicator"),
    ("stats_unit", "Đơn vị", "Unit"),
    ("stats_kind", "Loại", "Kind"),
    ("stats_period", "Kỳ", "Period"),
    ("stats_result", "Kết quả", "Result"),
    ("stats_target", "Chỉ tiêu giao", "Target"),
    ("stats_target_share", "Mục tiêu", "Target share"),
    ("stats_rate", "Tỷ lệ", "Rate"),
    ("stats_against", "So với", "Against"),
    ("stats_latest", "Kỳ gần nhất", "Latest period"),
    ("stats_status", "Đánh giá", "Status"),
    ("stats_source", "Nguồn", "Source"),
    ("stats_sources", "Nguồn số liệu", "Sources"),
    ("stats_note", "Ghi chú", "Note"),
    ("stats_measure", "Đơn vị tính", "Measure"),
    ("stats_rank", "Hạng", "Rank"),
    ("stats_ranking", "Xếp hạng đơn vị", "Units ranked"),
    ("stats_trend", "Diễn biến qua các kỳ", "Trend over periods"),
    ("stats_by_unit_period", "Theo đơn vị và kỳ", "By unit and period"),
    ("stats_by_criterion", "Theo tiêu chí", "By criterion"),
    ("stats_by_unit", "Tình hình theo đơn vị", "By unit"),
    ("stats_criterion", "Tiêu chí", "Criterion"),
    ("stats_child_units", "Đơn vị trực thuộc", "Units below"),
    ("stats_part_of", "Trực thuộc", "Part of"),
    ("stats_unit_indicators", "Các chỉ tiêu của đơn vị", "This unit's indicators"),
    ("stats_download_csv", "Tải bảng (CSV)", "Download the table (CSV)"),
    ("stats_illustrative", "số liệu minh họa", "illustrative figure"),
    ("stats_illustrative_unit", "đơn vị minh họa", "illustrative unit"),
    (
        "stats_illustrative_note",
        "Những số liệu đánh dấu “số liệu minh họa” do sổ tay đặt ra để minh họa cách trình bày, không phải số liệu thực tế.",
        "Figures marked “illustrative figure” were made up to show how figures are presented; they are not real.",
    ),
    ("stats_rolled_up_from", "tổng hợp từ", "rolled up from"),
    ("stats_units_lower", "đơn vị", "units"),
    ("stats_as_of", "Số liệu tính đến ngày", "Figures as of"),
    ("stats_no_data", "Chưa có số liệu.", "No figures yet."),
    ("stats_due", "Hạn", "Due"),
    ("stats_done_on", "Ngày hoàn thành", "Done on"),
    ("stats_done_date_unknown", "đã xong, chưa rõ ngày", "done, date unknown"),
    ("stats_good", "tốt", "good"),
    ("stats_not_good", "chưa tốt", "not yet good"),
    ("stats_rated", "Số được đánh giá", "Rated"),
    ("stats_all_good", "Đạt tất cả tiêu chí", "Good on every criterion"),
    ("stats_part", "Số đạt", "Part"),
    ("stats_whole", "Tổng số", "Whole"),
    ("stats_value", "Giá trị", "Value"),
    ("stats_chart_target_line", "Vạch dọc: mức chỉ tiêu (100 %)", "Vertical line: the target (100 %)"),
    ("stats_chart_dash", "vạch ngang", "horizontal dash"),
    ("stats_chart_tick", "vạch dọc", "vertical line"),
    ("stats_status_exceeded", "vượt", "exceeded"),
    ("stats_status_met", "đạt", "met"),
    ("stats_status_not_met", "chưa đạt", "not met"),
    ("stats_status_na", "không áp dụng", "not applicable"),
    ("stats_status_done", "hoàn thành", "done"),
    ("stats_status_due", "chưa đến hạn", "not yet due"),
    ("stats_status_overdue", "quá hạn", "overdue"),
    ("stats_kind_province", "Tỉnh", "Province"),
    ("stats_kind_district", "Huyện", "District"),
    ("stats_kind_bloc", "Khối", "Bloc"),
    ("stats_kind_commune", "Xã, thị trấn", "Commune"),
    ("stats_kind_grassroots", "Cơ sở", "Grassroots"),
    ("stats_kind_cell", "Chi bộ", "Cell"),
    (
        "stats_how_target",
        "Tỷ lệ = kết quả : chỉ tiêu giao × 100, làm tròn nửa lên đến hai chữ số thập phân. Chỉ tiêu giao bằng 0 thì tỷ lệ không áp dụng.",
        "Rate = result ÷ target × 100, rounded half-up to two decimals. A zero target makes the rate not applicable.",
    ),
    (
        "stats_how_count",
        "Số đếm; không có chỉ tiêu để so sánh.",
        "A count; there is no target to compare with.",
    ),
    (
        "stats_how_share",
        "Tỷ lệ = phần : tổng × 100, làm tròn nửa lên đến hai chữ số thập phân.",
        "Rate = part ÷ whole × 100, rounded half-up to two decimals.",
    ),
    (
        "stats_how_milestone",
        "Mốc việc: hoàn thành, chưa đến hạn hoặc quá hạn, tính đến ngày báo cáo của số liệu.",
        "A milestone: done, not yet due or overdue as of the reporting date of the statistics.",
    ),
    (
        "stats_how_rating",
        "Mỗi đơn vị được đánh giá theo từng tiêu chí; đạt khi mọi tiêu chí đều tốt. Tỷ lệ = số đơn vị đạt : số đơn vị được đánh giá × 100.",
        "Each unit is rated on every criterion and counts when all are good. Rate = units good on all ÷ units rated × 100.",
    ),
    (
        "stats_how_sum",
        "Đơn vị không tự báo cáo thì lấy tổng của các đơn vị trực thuộc.",
        "A unit that does not report is given the sum of the units below it.",
    ),
    (
        "stats_how_share_rollup",
        "Đơn vị không tự báo cáo thì cộng phần và tổng của các đơn vị trực thuộc rồi tính lại tỷ lệ (không lấy bình quân các tỷ lệ).",
        "A unit that does not report adds up the parts and wholes of the units below it and computes the rate again (rates are never averaged).",
    ),
    (
        "stats_how_none",
        "Số liệu không cộng dồn lên đơn vị cấp trên.",
        "Figures are not rolled up to the units above.",
    ),
    // --- end statistics ---
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
    ("search_results", "{n} kết quả", "{n} results"),
    (
        "search_none",
        "Không tìm thấy “{q}”.",
        "Nothing found for “{q}”.",
    ),
    (
        "search_loading",
        "Đang tải chỉ mục tìm kiếm…",
        "Loading the search index…",
    ),
    (
        "search_error",
        "Không tải được chỉ mục tìm kiếm.",
        "The search index could not be loaded.",
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
    ("nav_all", "Xem tất cả", "See all"),
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
    // the checkbox of a task-list item, read out by screen readers before the item's text
    ("task_done", "Đã xong", "Done"),
    ("task_todo", "Chưa xong", "To do"),
    ("caution", "Thận trọng", "Caution"),
    ("footnotes", "Chú thích", "Footnotes"),
    ("register_title", "Danh mục văn bản", "Register of documents"),
    (
        "register_description",
        "Các văn bản được giới thiệu trong sổ tay, theo loại, ngày ban hành và cơ quan ban hành.",
        "The documents presented in this handbook, by kind, date and issuer.",
    ),
    (
        "register_intro",
        "Mỗi văn bản dưới đây có một trang tóm lược trong sổ tay. Khi số hiệu của văn bản được nhắc đến ở bất kỳ trang nào, số hiệu đó được tự động liên kết đến trang tóm lược.",
        "Each document below has a summary page in this handbook. Wherever its number is mentioned, the number links to that page.",
    ),
    ("doc_number", "Số hiệu", "Number"),
    ("doc_title", "Trích yếu", "Title"),
    ("doc_kind", "Loại văn bản", "Kind"),
    ("doc_date", "Ngày ban hành", "Date of issue"),
    ("doc_issuer", "Cơ quan ban hành", "Issued by"),
    ("doc_status", "Hiệu lực", "Status"),
    ("doc_in_force", "Còn hiệu lực", "In force"),
    ("doc_replaced", "Đã được thay thế", "Replaced"),
    ("replaced_by", "đã được thay thế bởi", "replaced by"),
    ("doc_by_issuer", "Theo cơ quan ban hành", "By issuer"),
    ("document", "Văn bản", "Document"),
    ("print_view", "Bản in", "Print view"),
    ("print_view_hint", "Bản in gồm toàn bộ các trang của phần này", "All pages of this section, ready to print"),
    ("printed_from", "In từ sổ tay", "Printed from the handbook"),
    ("back_to_site", "Trở về trang web", "Back to the website"),
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
