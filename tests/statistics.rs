//! Statistics through the real binary: the example of docs/statistics.md builds and shows
//! the figures its data give; CSV files; embeds and their errors; every validation
//! message at its file, line and column; the bundled example handbook.

mod common;
use common::*;

const UNITS: &str = r#"units:
  - {id: huyen-x, name: "Đảng bộ huyện X", kind: huyen}
  - {id: xa-1, name: "Đảng bộ xã 1", kind: xa, parent: huyen-x}
  - {id: xa-2, name: "Đảng bộ xã 2", kind: xa, parent: huyen-x}
  - {id: chi-bo-1a, name: "Chi bộ thôn 1A", kind: chi-bo, parent: xa-1}
  - {id: chi-bo-1b, name: "Chi bộ thôn 1B", kind: chi-bo, parent: xa-1}
  - {id: chi-bo-2a, name: "Chi bộ thôn 2A", kind: chi-bo, parent: xa-2}
"#;

const INDICATORS: &str = r#"reporting_date: 2023-03-15
indicators:
  - {id: ket-nap, title: "Kết nạp đảng viên mới", measure: người, kind: target}
  - {id: du-sinh-hoat, title: "Lượt cấp ủy viên dự sinh hoạt chi bộ", measure: lượt, kind: count}
  - {id: chuyen-de, title: "Chi bộ sinh hoạt chuyên đề", measure: chi bộ, kind: share, target_percent: 80}
  - {id: tong-ket, title: "Tổng kết nghị quyết", kind: milestone}
  - {id: bon-tot, title: "Chi bộ “bốn tốt”", measure: chi bộ, kind: rating, target_percent: 70}
"#;

const RECORDS: &str = r#"source: "Báo cáo năm 2022 của Ban Tổ chức Huyện ủy"
period: 2022
records:
  - {indicator: ket-nap, unit: xa-1, value: 12, target: 10}
  - {indicator: ket-nap, unit: xa-2, value: 7, target: 9}
  - {indicator: du-sinh-hoat, unit: huyen-x, value: 139}
  - {indicator: chuyen-de, unit: xa-1, part: 2, whole: 2}
  - {indicator: chuyen-de, unit: xa-2, part: 1, whole: 2}
  - {indicator: bon-tot, unit: chi-bo-1a, rating: {nhiem-vu: tốt, sinh-hoat: tốt, doan-ket: tốt, dang-vien: tốt}}
  - {indicator: bon-tot, unit: chi-bo-1b, rating: {nhiem-vu: tốt, sinh-hoat: chưa tốt, doan-ket: tốt, dang-vien: tốt}}
  - {indicator: bon-tot, unit: chi-bo-2a, rating: {nhiem-vu: tốt, sinh-hoat: tốt, doan-ket: tốt, dang-vien: tốt}}
  - {indicator: tong-ket, unit: xa-1, period: 2023, due: 2023-03-31, done: 2023-03-10}
  - {indicator: tong-ket, unit: xa-2, period: 2023, due: 2023-02-28, illustrative: true, source: "Số liệu minh họa"}
"#;

const HOME: &str = "---\ntitle: Trang chủ\n---\nXin chào.\n";

fn handbook(extra: &[(&str, &str)]) -> Handbook {
    let mut files = vec![
        ("content/_index.md", HOME),
        ("statistics/units.yaml", UNITS),
        ("statistics/indicators.yaml", INDICATORS),
        ("statistics/records/2022.yaml", RECORDS),
    ];
    for (p, t) in extra {
        files.retain(|(q, _)| q != p);
        files.push((p, t));
    }
    Handbook::new(&files)
}

/// The row of a table whose header cell (first column) is `name`, as cell texts.
fn row(doc: &scraper::Html, table_caption: &str, name: &str) -> Vec<String> {
    let tables = scraper::Selector::parse("table").unwrap();
    let cap = scraper::Selector::parse("caption").unwrap();
    let tr = scraper::Selector::parse("tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let norm = |e: scraper::ElementRef| {
        e.text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for t in doc.select(&tables) {
        let c = t.select(&cap).next().map(norm).unwrap_or_default();
        if !c.contains(table_caption) {
            continue;
        }
        for r in t.select(&tr) {
            let cells: Vec<String> = r.select(&cell).map(norm).collect();
            if cells.first().is_some_and(|f| f.contains(name)) {
                return cells;
            }
        }
    }
    panic!("no row {name} in a table captioned {table_caption}");
}

fn errors(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

fn all_files(h: &Handbook) -> Vec<(String, Vec<u8>)> {
    h.snapshot("public")
}

#[test]
fn docs_example_builds_with_the_documented_figures() {
    let h = handbook(&[]);
    h.build().ok();
    // overview: every indicator, top unit rolled up
    let o = h.html("tien-do/index.html");
    assert_eq!(texts(&o, "h1"), vec!["Tiến độ thực hiện"]);
    let r = row(&o, "Tổng quan", "Kết nạp đảng viên mới");
    assert!(
        r.contains(&"19".to_string()) && r.contains(&"100,00 %".to_string()),
        "{r:?}"
    );
    assert!(r.iter().any(|c| c.contains("đạt")), "{r:?}");
    let r = row(&o, "Tổng quan", "Chi bộ sinh hoạt chuyên đề");
    assert!(
        r.contains(&"75,00 %".to_string()) && r.iter().any(|c| c.contains("chưa đạt")),
        "{r:?}"
    );
    let r = row(&o, "Tổng quan", "Chi bộ “bốn tốt”");
    assert!(r.contains(&"66,67 %".to_string()), "{r:?}");
    let r = row(&o, "Tổng quan", "Lượt cấp ủy viên");
    assert!(r.contains(&"139".to_string()), "{r:?}");

    // the indicator page: ranking, bars, trend, units × periods
    let k = h.html("tien-do/chi-tieu/ket-nap.html");
    let r = row(&k, "Xếp hạng đơn vị", "Đảng bộ xã 1");
    assert_eq!(&r[1..5], ["12", "10", "120,00 %", "▲ vượt"], "{r:?}");
    let r = row(&k, "Xếp hạng đơn vị", "Đảng bộ xã 2");
    assert_eq!(&r[1..5], ["7", "9", "77,78 %", "▼ chưa đạt"], "{r:?}");
    assert!(r[0].starts_with("2."), "ranked second: {r:?}");
    assert!(!attrs(&k, "svg[role=img]", "aria-label").is_empty());
    let labels = attrs(&k, "svg[role=img]", "aria-label").join(" | ");
    assert!(
        labels.contains("Đảng bộ xã 1: 12 / 10 · 120,00 %"),
        "{labels}"
    );

    // unit pages follow the tree; the rolled-up unit says so
    let x = h.html("tien-do/don-vi/huyen-x/index.html");
    let r = row(&x, "Kỳ gần nhất", "Kết nạp đảng viên mới");
    assert!(r.iter().any(|c| c == "tổng hợp từ 2 đơn vị"), "{r:?}");
    let xa2 = h.html("tien-do/don-vi/huyen-x/xa-2/index.html");
    let r = row(&xa2, "Kỳ gần nhất", "Tổng kết nghị quyết");
    assert!(r.iter().any(|c| c.contains("quá hạn")), "{r:?}");
    assert!(r.iter().any(|c| c.contains("số liệu minh họa")), "{r:?}");
    let xa1 = h.html("tien-do/don-vi/huyen-x/xa-1/index.html");
    let r = row(&xa1, "Kỳ gần nhất", "Tổng kết nghị quyết");
    assert!(
        r.iter().any(|c| c.contains("hoàn thành")) && r.iter().any(|c| c == "10/3/2023"),
        "{r:?}"
    );
    let r = row(&xa1, "Kỳ gần nhất", "Chi bộ “bốn tốt”");
    assert!(r.contains(&"50,00 %".to_string()), "{r:?}");
    assert!(h.out("tien-do/don-vi/huyen-x/xa-1/chi-bo-1a.html").exists());
    let tree = h.html("tien-do/don-vi/index.html");
    assert!(attrs(&tree, ".st-tree a", "href")
        .contains(&"../../tien-do/don-vi/huyen-x/xa-1/chi-bo-1b.html".to_string()));

    // milestones: every unit, the most urgent first
    let m = h.html("tien-do/chi-tieu/tong-ket.html");
    let r = row(&m, "Tình hình theo đơn vị", "Đảng bộ xã 2");
    assert_eq!(
        &r[1..4],
        ["— số liệu minh họa", "28/2/2023", "✖ quá hạn"],
        "{r:?}"
    );
    let first = texts(&m, "table tbody tr th");
    assert_eq!(first[0], "Đảng bộ xã 2", "overdue first: {first:?}");

    // the pages are in the navigation of ordinary pages
    let home = h.html("index.html");
    assert!(attrs(&home, "nav a", "href")
        .iter()
        .any(|a| a == "tien-do/index.html"));

    // nothing shows NaN or infinity; every CSV starts with a BOM
    for (path, bytes) in all_files(&h) {
        if path.ends_with(".html") {
            let s = String::from_utf8_lossy(&bytes);
            assert!(
                !s.contains("NaN") && !s.contains("inf") && !s.contains("Infinity"),
                "{path}"
            );
        }
        if path.ends_with(".csv") {
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "{path}");
        }
    }
}

#[test]
fn csv_beside_every_table_with_bom_semicolons_and_no_formulas() {
    let units = UNITS.replace("\"Đảng bộ xã 2\"", "\"=HYPERLINK(1)\"");
    let records = RECORDS.replace("Số liệu minh họa", "-minh họa; @cmd");
    let h = handbook(&[
        ("statistics/units.yaml", &units),
        ("statistics/records/2022.yaml", &records),
    ]);
    h.build().ok();
    let k = h.html("tien-do/chi-tieu/ket-nap.html");
    let tables = texts(&k, "table").len();
    let links = attrs(&k, ".st-download a", "href");
    assert_eq!(links.len(), tables, "one download per table");
    assert!(
        links.contains(&"../../tien-do/csv/xep-hang-ket-nap.csv".to_string()),
        "{links:?}"
    );
    let csv = h.read("tien-do/csv/xep-hang-ket-nap.csv");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "\u{feff}Đơn vị;Hạng;Kết quả (người);Chỉ tiêu giao (người);Tỷ lệ (%);Đánh giá;Nguồn;số liệu minh họa");
    assert_eq!(
        lines[1],
        "Đảng bộ xã 1;1;12;10;120,00;vượt;Báo cáo năm 2022 của Ban Tổ chức Huyện ủy;"
    );
    assert_eq!(
        lines[2],
        "'=HYPERLINK(1);2;7;9;77,78;chưa đạt;Báo cáo năm 2022 của Ban Tổ chức Huyện ủy;"
    );
    let m = h.read("tien-do/csv/chi-tieu-tong-ket.csv");
    assert!(m.contains("\"'-minh họa; @cmd\""), "{m}");
    assert!(m.contains(";số liệu minh họa\r\n"), "{m}");
}

#[test]
fn embeds_show_figures_tables_and_charts_from_the_same_computation() {
    let page = "---\ntitle: Kết quả\n---\nĐoạn mở đầu.\n\n```thong-ke\nindicator: ket-nap\nunit: xa-1\n```\n\n```thong-ke\nindicator: ket-nap\nunits: [xa-1, xa-2]\nshow: chart\n```\n\n```thong-ke\nindicator: chuyen-de\nperiods: [2022]\nshow: table\ntitle: Bảng chuyên đề\n```\n";
    let h = handbook(&[("content/a/ket-qua.md", page)]);
    h.build().ok();
    let d = h.html("a/ket-qua.html");
    let figs = texts(&d, ".st-figure");
    assert_eq!(figs.len(), 1);
    assert!(
        figs[0].contains("Đảng bộ xã 1, 2022: 12 người / chỉ tiêu giao 10 (120,00 %) ▲ vượt"),
        "{figs:?}"
    );
    assert!(figs[0].contains("Nguồn: Báo cáo năm 2022"), "{figs:?}");
    assert_eq!(attrs(&d, ".st-chart svg", "role"), vec!["img"]);
    let r = row(&d, "Bảng chuyên đề", "Đảng bộ huyện X");
    assert_eq!(
        &r[1..6],
        ["2022", "3", "4", "75,00 %", "▼ chưa đạt"],
        "{r:?}"
    );
    // links from an embed are relative to the page that shows it
    let hrefs = attrs(&d, ".st-figure a", "href");
    assert_eq!(hrefs[0], "../tien-do/chi-tieu/ket-nap.html");
    let csv = attrs(&d, ".st-download a", "href");
    assert_eq!(csv.len(), 2);
    for c in &csv {
        assert!(c.starts_with("../tien-do/csv/nhung-"), "{c}");
        let bytes = std::fs::read(h.out(c.trim_start_matches("../"))).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
    }
}

#[test]
fn embed_errors_point_into_the_block() {
    let page = "---\ntitle: Kết quả\n---\nĐoạn.\n\n```thong-ke\nindicator: ket-nap\nunits: [xa-1, xa-3]\n```\n\n```thong-ke\nindicator: ket-nop\n```\n\n```thong-ke\nindicator: ket-nap\nperiod: 2019\nshow: chart\n```\n\n```thong-ke\nindicator: ket-nap\nshow: bieu-do\n```\n";
    let h = handbook(&[("content/trang.md", page)]);
    let run = h.build().fails();
    let e = errors(&run);
    assert_eq!(
        e,
        vec![
            "content/trang.md:8:15: error: unknown unit `xa-3`",
            "content/trang.md:12:12: error: unknown indicator `ket-nop`",
            "content/trang.md:17:9: error: `ket-nap` has no figures for the period 2019",
            "content/trang.md:23:7: error: `show`: unknown value `bieu-do`",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `xa-1`?")
            || run.stderr.contains("help: did you mean `xa-2`?")
    );
    assert!(run.stderr.contains("help: did you mean `ket-nap`?"));
    assert!(run.stderr.contains("help: its periods are: 2022"));
}

#[test]
fn without_statistics_nothing_changes_and_embeds_are_an_error() {
    let h = Handbook::new(&[("content/_index.md", HOME)]);
    h.build().ok();
    assert!(!h.out("tien-do").exists());
    h.write("content/a.md", "# A\n\n```thong-ke\nindicator: x\n```\n");
    let run = h.build().fails();
    assert_eq!(
        errors(&run),
        vec!["content/a.md:4:1: error: this handbook has no statistics to show"]
    );
}

#[test]
fn a_page_where_a_progress_page_goes_is_an_error() {
    let h = handbook(&[("content/tien-do/_index.md", "# Tiến độ\n")]);
    let run = h.build().fails();
    let e = errors(&run);
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].starts_with("content/tien-do/_index.md:1:1: error: this page is where sotay writes the progress page “Tiến độ thực hiện”"), "{}", e[0]);
    // other pages in that folder are welcome
    let h = handbook(&[("content/tien-do/ghi-chu.md", "# Ghi chú\n")]);
    h.build().ok();
    assert!(h.out("tien-do/ghi-chu.html").exists());
}

#[test]
fn english_handbooks_use_english_notation_and_commas() {
    let h = handbook(&[]);
    h.write("sotay.yaml", "title: Handbook\nlanguage: en\n");
    h.build().ok();
    let k = h.html("tien-do/chi-tieu/ket-nap.html");
    let r = row(&k, "Units ranked", "Đảng bộ xã 2");
    assert_eq!(&r[1..5], ["7", "9", "77.78 %", "▼ not met"], "{r:?}");
    let csv = h.read("tien-do/csv/xep-hang-ket-nap.csv");
    assert!(
        csv.contains("\r\nĐảng bộ xã 2,2,7,9,77.78,not met,"),
        "{csv}"
    );
}

#[test]
fn large_numbers_and_zero_targets() {
    let records = "source: s\nperiod: 2022\nrecords:\n  - {indicator: ket-nap, unit: xa-1, value: 1234567, target: 1000000}\n  - {indicator: ket-nap, unit: xa-2, value: 5, target: 0}\n  - {indicator: chuyen-de, unit: xa-1, part: 0, whole: 0}\n";
    let h = handbook(&[("statistics/records/2022.yaml", records)]);
    h.build().ok();
    let k = h.html("tien-do/chi-tieu/ket-nap.html");
    let r = row(&k, "Xếp hạng", "Đảng bộ xã 1");
    assert_eq!(
        &r[1..5],
        ["1.234.567", "1.000.000", "123,46 %", "▲ vượt"],
        "{r:?}"
    );
    let r = row(&k, "Xếp hạng", "Đảng bộ xã 2");
    assert_eq!(
        &r[1..5],
        ["5", "0", "không áp dụng", "– không áp dụng"],
        "{r:?}"
    );
    let c = h.html("tien-do/chi-tieu/chuyen-de.html");
    let r = row(&c, "Xếp hạng", "Đảng bộ xã 1");
    assert_eq!(&r[3..5], ["không áp dụng", "– không áp dụng"], "{r:?}");
    for (path, bytes) in all_files(&h) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(!s.contains("NaN") && !s.contains("Infinity"), "{path}");
    }
}

/// Builds the docs example with one file replaced and returns the error lines.
fn errors_with(file: &str, text: &str) -> Vec<String> {
    let h = handbook(&[(file, text)]);
    let run = h.build().fails();
    errors(&run)
}

fn one_error(file: &str, text: &str) -> String {
    let e = errors_with(file, text);
    assert_eq!(e.len(), 1, "{e:#?}");
    e[0].clone()
}

const R: &str = "statistics/records/2022.yaml";

#[test]
fn validation_unknown_key_with_suggestion() {
    let h = handbook(&[(R, "source: s\nrecords:\n  - indicator: ket-nap\n    unit: xa-1\n    period: 2022\n    value: 3\n    targt: 4\n")]);
    let run = h.build().fails();
    assert!(run.stderr.contains("statistics/records/2022.yaml:7:5: error: unknown key `targt`\n  help: did you mean `target`?"), "{}", run.stderr);
}

#[test]
fn validation_key_of_another_kind() {
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: du-sinh-hoat, unit: xa-1, period: 2022, value: 3, target: 4}\n");
    assert_eq!(
        e,
        "statistics/records/2022.yaml:3:67: error: unknown key `target`"
    );
}

#[test]
fn validation_wrong_type() {
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: du-sinh-hoat, unit: xa-1, period: 2022, value: nhiều}\n");
    assert_eq!(e, "statistics/records/2022.yaml:3:64: error: `value`: wrong type: expected a number, found the text \"nhiều\"");
}

#[test]
fn validation_ambiguous_number() {
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: du-sinh-hoat, unit: xa-1, period: 2022, value: 1.234}\n");
    assert_eq!(
        e,
        "statistics/records/2022.yaml:3:64: error: `value`: the number `1.234` is ambiguous"
    );
}

#[test]
fn validation_unknown_unit() {
    let h = handbook(&[(R, "source: s\nrecords:\n  - indicator: du-sinh-hoat\n    unit: xa-3\n    period: 2022\n    value: 1\n")]);
    let run = h.build().fails();
    assert_eq!(
        errors(&run),
        vec!["statistics/records/2022.yaml:4:11: error: unknown unit `xa-3`"]
    );
    assert!(
        run.stderr.contains("help: did you mean `xa-"),
        "{}",
        run.stderr
    );
}

#[test]
fn validation_unknown_indicator() {
    let h = handbook(&[(R, "source: s\nrecords:\n  - indicator: ketnap\n    unit: xa-1\n    period: 2022\n    value: 1\n    target: 1\n")]);
    let run = h.build().fails();
    assert_eq!(
        errors(&run),
        vec!["statistics/records/2022.yaml:3:16: error: unknown indicator `ketnap`"]
    );
    assert!(
        run.stderr.contains("help: did you mean `ket-nap`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn validation_duplicate_record_across_files() {
    let h = handbook(&[("statistics/records/2022b.yaml", "source: s\nrecords:\n\n  - {indicator: ket-nap, unit: xa-1, period: 2022, value: 1, target: 2}\n")]);
    let run = h.build().fails();
    assert_eq!(
        errors(&run),
        vec!["statistics/records/2022b.yaml:4:5: error: duplicate record: `ket-nap` of `xa-1` for 2022 is already given at statistics/records/2022.yaml:4"]
    );
}

#[test]
fn validation_negative_count() {
    let e = one_error(R, "source: s\nrecords:\n  - indicator: du-sinh-hoat\n    unit: xa-1\n    period: 2022\n    value: -3\n");
    assert_eq!(
        e,
        "statistics/records/2022.yaml:6:12: error: `value` is negative (-3)"
    );
}

#[test]
fn validation_missing_target() {
    let e = one_error(R, "source: s\nrecords:\n  - indicator: ket-nap\n    unit: xa-1\n    period: 2022\n    value: 3\n");
    assert_eq!(e, "statistics/records/2022.yaml:3:5: error: the record of `ket-nap` (kind `target`) has no `target`");
}

#[test]
fn validation_part_larger_than_whole() {
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: chuyen-de, unit: xa-1, period: 2022, part: 16, whole: 15}\n");
    assert_eq!(
        e,
        "statistics/records/2022.yaml:3:60: error: the part (16) is larger than the whole (15)"
    );
}

#[test]
fn validation_missing_source() {
    let e = one_error(
        R,
        "records:\n  - {indicator: du-sinh-hoat, unit: xa-1, period: 2022, value: 3}\n",
    );
    assert_eq!(
        e,
        "statistics/records/2022.yaml:2:5: error: the record has no `source`"
    );
}

#[test]
fn validation_bad_period() {
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: du-sinh-hoat, unit: xa-1, period: 2022/3, value: 3}\n");
    assert_eq!(
        e,
        "statistics/records/2022.yaml:3:51: error: `period`: `2022/3` is not a period"
    );
}

#[test]
fn validation_milestone_dates() {
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: tong-ket, unit: xa-1, period: 2023, due: 2023-02-30}\n");
    assert_eq!(
        e,
        "statistics/records/2022.yaml:3:58: error: `due`: `2023-02-30` is not a date"
    );
    let e = one_error(R, "source: s\nrecords:\n  - {indicator: tong-ket, unit: xa-1, period: 2023, due: 2023-03-31, done: 2023-04-02}\n");
    assert_eq!(e, "statistics/records/2022.yaml:3:76: error: `done: 2023-04-02` is after the reporting date 2023-03-15");
    let e = one_error(
        R,
        "source: s\nrecords:\n  - {indicator: tong-ket, unit: xa-1, period: 2023}\n",
    );
    assert_eq!(e, "statistics/records/2022.yaml:3:5: error: the record of `tong-ket` (kind `milestone`) has no `due`");
}

#[test]
fn validation_milestone_needs_reporting_date() {
    let ind = INDICATORS.replace("reporting_date: 2023-03-15\n", "");
    let e = one_error("statistics/indicators.yaml", &ind);
    assert_eq!(e, "statistics/indicators.yaml:5:5: error: a milestone indicator needs the reporting date of the statistics");
}

#[test]
fn validation_ratings() {
    let e = errors_with(R, "source: s\nrecords:\n  - indicator: bon-tot\n    unit: chi-bo-1a\n    period: 2022\n    rating: {nhiem-vu: tốt, sinh-hoat: khá, doan-ket: tốt, dang-vien: tốt}\n  - indicator: bon-tot\n    unit: chi-bo-1b\n    period: 2022\n    rating: {nhiem-vu: tốt, sinh-hoat: tốt, doan-ket: tốt, dangvien: tốt}\n");
    assert_eq!(
        e,
        vec![
            "statistics/records/2022.yaml:6:40: error: `sinh-hoat`: a rating is `tốt` or `chưa tốt`, not `khá`",
            "statistics/records/2022.yaml:10:13: error: the rating has no criterion `dang-vien` (Cán bộ, đảng viên tốt)",
            "statistics/records/2022.yaml:10:60: error: unknown key `dangvien`",
        ]
    );
}

#[test]
fn validation_units_tree() {
    let units = "units:\n  - {id: a, name: A, kind: huyen, parent: c}\n  - {id: b, name: B, kind: xa, parent: zz}\n  - {id: c, name: C, kind: xa, parent: a}\n  - {id: a, name: A2, kind: xa}\n  - {id: d, name: D, kind: huyn}\n  - {id: Xã E, name: E, kind: xa}\n  - {id: index, name: I, kind: xa}\n";
    let h = handbook(&[
        ("statistics/units.yaml", units),
        (R, "source: s\nrecords: []\n"),
    ]);
    let run = h.build().fails();
    assert_eq!(
        errors(&run),
        vec![
            "statistics/units.yaml:2:43: error: the units a → c are each other's parents",
            "statistics/units.yaml:3:40: error: unknown parent unit `zz`",
            "statistics/units.yaml:5:5: error: the unit `a` is defined twice",
            "statistics/units.yaml:6:28: error: `kind`: unknown value `huyn`",
            "statistics/units.yaml:7:10: error: `id`: `Xã E` is not a valid id",
            "statistics/units.yaml:8:10: error: `id`: `index` cannot be used as an id",
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: did you mean `huyen`?"));
    assert!(run.stderr.contains("for example `xa-e`"));
}

#[test]
fn validation_indicators() {
    let ind = "reporting_date: 2023-03-15\nindicators:\n  - {id: ket-nap, titel: K, kind: target}\n  - {id: x, title: X, kind: count, rollup: share}\n  - {id: y, title: Y, kind: percent}\n";
    let h = handbook(&[
        ("statistics/indicators.yaml", ind),
        (R, "source: s\nrecords: []\n"),
    ]);
    let run = h.build().fails();
    assert_eq!(
        errors(&run),
        vec![
            "statistics/indicators.yaml:3:5: error: the indicator has no `title`",
            "statistics/indicators.yaml:3:19: error: unknown key `titel`",
            "statistics/indicators.yaml:4:44: error: `rollup: share` does not fit an indicator of kind `count`",
            "statistics/indicators.yaml:5:29: error: `kind`: unknown value `percent`",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn validation_yaml_syntax_and_unknown_files() {
    let h = handbook(&[
        (
            R,
            "source: s\nrecords:\n  - {indicator: ket-nap, unit: xa-1\n",
        ),
        ("statistics/unit.yaml", "units: []\n"),
    ]);
    let run = h.build().fails();
    let e = errors(&run);
    assert_eq!(e.len(), 2, "{}", run.stderr);
    assert!(
        e[0].starts_with("statistics/records/2022.yaml:4:1: error: YAML syntax"),
        "{}",
        e[0]
    );
    assert_eq!(
        e[1],
        "statistics/unit.yaml:1:1: error: sotay does not know this statistics file"
    );
    assert!(run.stderr.contains("help: did you mean `units.yaml`?"));
}

#[test]
fn all_problems_of_all_files_are_reported_together_and_nothing_is_written() {
    let h = handbook(&[]);
    h.build().ok();
    let before = h.snapshot("public");
    h.write(
        "statistics/units.yaml",
        &UNITS.replace("kind: xa, parent: huyen-x}", "kind: xa, parent: huyen-y}"),
    );
    h.write(R, &RECORDS.replace("value: 139", "value: -139"));
    h.write(
        "content/x.md",
        "# X\n\n```thong-ke\nindicator: ket-nap\n```\n",
    );
    let run = h.build().fails();
    let e = errors(&run);
    assert!(
        e.iter().any(|l| l.starts_with("statistics/units.yaml:3:")),
        "{e:#?}"
    );
    assert!(
        e.iter().any(|l| l.starts_with("statistics/units.yaml:4:")),
        "{e:#?}"
    );
    assert!(
        e.iter().any(|l| l.contains("`value` is negative (-139)")),
        "{e:#?}"
    );
    assert_eq!(
        h.snapshot("public"),
        before,
        "a failed build leaves the output as it was"
    );
}

#[test]
fn bundled_example_handbook_shows_the_article_figures() {
    let h = Handbook::empty();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("sotay.yaml"), h.path().join("sotay.yaml")).unwrap();
    copy_dir(&root.join("content"), &h.path().join("content"));
    copy_dir(&root.join("statistics"), &h.path().join("statistics"));
    h.build().ok();
    let k = h.html("tien-do/don-vi/quang-nam/nui-thanh/index.html");
    let page = h.read("tien-do/don-vi/quang-nam/nui-thanh/index.html");
    assert!(
        page.contains("124,44 %") && page.contains("133,33 %"),
        "Núi Thành's rates"
    );
    assert!(
        !attrs(&k, ".st-chart svg[role=img]", "aria-label").is_empty(),
        "with a chart"
    );
    let nt = h.html("ket-qua/nui-thanh.html");
    let labels = attrs(&nt, ".st-chart svg", "aria-label").join(" ");
    assert!(
        labels.contains("2021: 112 · 124,44 %") && labels.contains("2022: 120 · 133,33 %"),
        "{labels}"
    );
    let figs = texts(&nt, ".st-figure").join(" ");
    assert!(figs.contains("64 đảng viên"), "{figs}");
    let btm = texts(&h.html("ket-qua/bac-tra-my.html"), ".st-figure").join(" ");
    assert!(btm.contains("139 lượt"), "{btm}");
    let o = h.read("tien-do/index.html");
    assert!(o.contains("số liệu minh họa"));
    let mut csvs = 0;
    for (path, bytes) in all_files(&h) {
        if path.ends_with(".html") {
            let s = String::from_utf8_lossy(&bytes);
            assert!(!s.contains("NaN") && !s.contains("Infinity"), "{path}");
        }
        if path.ends_with(".csv") {
            csvs += 1;
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "{path}");
        }
    }
    assert!(csvs > 20);
}
