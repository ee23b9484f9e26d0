//! Regression tests: each guards against one bug found (by fuzzing or by reading) and is
//! named for what it guards. Inputs are kept small and exact.

mod common;
use common::*;

/// The internal marker of local links (`x-sotay-ref:N`) written as text by an editor, in
/// prose and in code, stays as written; only real links are filled in.
#[test]
fn link_marker_written_as_text_is_kept() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\nChữ x-sotay-ref:0 và `x-sotay-ref:1`, rồi [liên kết](_index.md).\n",
        ),
    ]);
    h.build().ok();
    let html = h.read("a.html");
    assert!(
        html.contains("Chữ x-sotay-ref:0 và <code>x-sotay-ref:1</code>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"index.html\">liên kết</a>"),
        "{html}"
    );
}

/// A title holding the control character that marks where the page body goes while the
/// template renders must not move the body into the `<title>` or an attribute.
#[test]
fn title_with_control_characters_cannot_move_the_page_body() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        (
            "content/a.md",
            "---\ntitle: \"A\\x01sotay-content\\x01B\"\ndescription: \"\\x01sotay-content\\x01\"\n---\n<b id=\"than-trang\">Thân trang</b>\n",
        ),
    ]);
    h.build().ok();
    let html = h.read("a.html");
    assert_eq!(html.matches("id=\"than-trang\"").count(), 1, "{html}");
    assert!(html.contains("<title>Asotay-contentB – "), "{html}");
    assert!(!html.contains('\u{1}'));
}

const STATS_UNITS: &str = "units:\n  - {id: huyen-x, name: \"Huyện X\", kind: huyen}\n  - {id: xa-1, name: \"Xã 1\", kind: xa, parent: huyen-x}\n  - {id: xa-2, name: \"Xã 2\", kind: xa, parent: huyen-x}\n";
const STATS_INDICATORS: &str = "indicators:\n  - {id: ket-nap, title: \"Kết nạp\", kind: target}\n  - {id: chuyen-de, title: \"Chuyên đề\", kind: share, target_percent: 80}\n";

/// Figures as large and as small as the exact decimals hold (28 digits) are rolled up,
/// divided and shown without a panic on overflow.
#[test]
fn statistics_at_the_limits_of_exact_decimals_build() {
    let big = "9999999999999999999999999999";
    let tiny = "0.0000000000000000000000000001";
    let records = format!(
        "source: \"Báo cáo\"\nperiod: 2022\nrecords:\n  - {{indicator: ket-nap, unit: xa-1, value: {big}, target: {tiny}}}\n  - {{indicator: ket-nap, unit: xa-2, value: {big}, target: {big}}}\n  - {{indicator: chuyen-de, unit: xa-1, part: {tiny}, whole: {big}}}\n  - {{indicator: chuyen-de, unit: xa-2, part: {big}, whole: {big}}}\n"
    );
    let h = Handbook::new(&[
        (
            "content/_index.md",
            "---\ntitle: Trang chủ\n---\n```thong-ke\nindicator: ket-nap\nshow: table\n```\n",
        ),
        ("statistics/units.yaml", STATS_UNITS),
        ("statistics/indicators.yaml", STATS_INDICATORS),
        ("statistics/records/2022.yaml", &records),
    ]);
    h.build().ok();
    let html = h.read("index.html");
    // the two values of the district's towns, added exactly
    assert!(
        html.contains("19.999.999.999.999.999.999.999.999.998"),
        "{html}"
    );
}

/// A number with more digits than the exact decimals hold is refused, never rounded
/// silently (29 decimal places used to be read as 0).
#[test]
fn statistics_number_with_too_many_digits_is_refused_not_rounded() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        ("statistics/units.yaml", STATS_UNITS),
        ("statistics/indicators.yaml", STATS_INDICATORS),
        (
            "statistics/records/2022.yaml",
            "source: \"Báo cáo\"\nperiod: 2022\nrecords:\n  - {indicator: ket-nap, unit: xa-1, value: 0.00000000000000000000000000001, target: 1}\n  - {indicator: ket-nap, unit: xa-2, value: 1, target: 12345678901234567890.123456789}\n",
        ),
    ]);
    let run = h.build().fails();
    assert!(run.stderr.contains("statistics/records/2022.yaml:4:45: error: `value`: the number `0.00000000000000000000000000001` has too many digits"), "{}", run.stderr);
    assert!(run.stderr.contains("statistics/records/2022.yaml:5:56: error: `target`: the number `12345678901234567890.123456789` has too many digits"), "{}", run.stderr);
}

/// `+-5` is not a number (it used to pass the digit check and be called "too large").
#[test]
fn statistics_number_with_two_signs_is_a_wrong_type() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        ("statistics/units.yaml", STATS_UNITS),
        ("statistics/indicators.yaml", STATS_INDICATORS),
        (
            "statistics/records/2022.yaml",
            "source: \"Báo cáo\"\nperiod: 2022\nrecords:\n  - {indicator: ket-nap, unit: xa-1, value: +-5, target: 1}\n",
        ),
    ]);
    let run = h.build().fails();
    assert!(run.stderr.contains("statistics/records/2022.yaml:4:45: error: `value`: wrong type: expected a number, found the text \"+-5\""), "{}", run.stderr);
}

/// Words tens of thousands of letters long that share a beginning: the search index split
/// its shards one character deeper per level, recursing as deep as the words were long
/// (stack overflow) and keeping every prefix of them (memory). Found by reading shard.rs
/// while writing the `search` fuzz target; prefixes are now at most 16 characters.
#[test]
fn search_index_of_very_long_words_sharing_a_beginning_builds() {
    let words: Vec<String> = (0..30)
        .map(|i| format!("{}{}", "a".repeat(60_000), char::from(b'a' + i as u8 % 26)))
        .collect();
    let page = format!("---\ntitle: Trang chủ\n---\n{}\n", words.join(" "));
    let h = Handbook::new(&[("content/_index.md", page.as_str())]);
    h.build().ok();
    let meta = h.read("search/meta.js");
    assert!(meta.starts_with("sotaySearch.meta("), "{meta}");
    assert!(
        meta.len() < 100_000,
        "prefixes are bounded: {} bytes",
        meta.len()
    );
}

/// A heading id set by the editor wins over the id made from an earlier heading's text: two
/// headings used to get `id="muc-tieu"` when `## Mục tiêu` came before `{#muc-tieu}`.
#[test]
fn custom_heading_id_wins_over_an_earlier_made_one() {
    let h = Handbook::new(&[(
        "content/_index.md",
        "---\ntitle: Trang chủ\n---\n## Mục tiêu\n\n## Khác {#muc-tieu}\n\n[đến](#muc-tieu)\n",
    )]);
    h.build().ok();
    let html = h.read("index.html");
    assert_eq!(html.matches("id=\"muc-tieu\"").count(), 1, "{html}");
    assert!(html.contains("<h2 id=\"muc-tieu-1\">Mục tiêu"), "{html}");
    assert!(html.contains("<h2 id=\"muc-tieu\">Khác"), "{html}");
}

/// The register page links to documents whose file names hold characters special in URLs
/// or Markdown (`(`, `%`, `#`, `]`, `<`): its link targets are percent-encoded like every
/// URL sotay writes (they used to escape spaces only).
#[test]
fn register_page_links_to_documents_with_url_special_file_names() {
    let names = ["quyết định (mới", "100% đúng", "a]b", "x<y>#z", "b%20c"];
    let docs: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("content/văn bản/{n}.md"),
                format!("---\ntitle: \"Văn bản {i}\"\ndocument:\n  number: \"0{i}-QĐ/TU\"\n  kind: quyết định\n  issuer: \"Tỉnh ủy\"\n  date: 2023-01-0{}\n---\nx\n", i + 1),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> =
        vec![("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n")];
    files.extend(docs.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let h = Handbook::new(&files);
    h.build().ok();
    let html = h.read("danh-muc-van-ban.html");
    for href in [
        "v%C4%83n%20b%E1%BA%A3n/quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20%28m%E1%BB%9Bi.html",
        "v%C4%83n%20b%E1%BA%A3n/100%25%20%C4%91%C3%BAng.html",
        "v%C4%83n%20b%E1%BA%A3n/a%5Db.html",
        "v%C4%83n%20b%E1%BA%A3n/x%3Cy%3E%23z.html",
        "v%C4%83n%20b%E1%BA%A3n/b%2520c.html",
    ] {
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{href} missing in\n{html}"
        );
    }
}

/// Markdown that nests as deep as it is long (100,000 `>`, list markers, emphasis, brackets,
/// parentheses in a link), footnotes that refer to each other, a NUL byte, a byte-order mark
/// and CR LF line ends: the page builds, without a stack overflow or a hang.
#[test]
fn pathological_markdown_builds() {
    let n = 100_000;
    let body = [
        format!("{} quote", ">".repeat(n)),
        format!("{}list", "- ".repeat(n)),
        format!("{}x{}", "*".repeat(n), "*".repeat(n)),
        format!("{}x{}", "[".repeat(n), "]".repeat(n)),
        format!("[a]({}{})", "(".repeat(n / 2), ")".repeat(n / 2)),
        "a[^1]\n\n[^1]: b[^2]\n\n[^2]: c[^1]".to_string(),
        "NUL\u{0}byte".to_string(),
    ]
    .join("\n\n");
    let page = format!("\u{feff}---\r\ntitle: Trang chủ\r\n---\r\n{body}\n");
    let h = Handbook::new(&[("content/_index.md", page.as_str())]);
    h.build().ok();
    let html = h.read("index.html");
    assert!(
        html.contains("quote") && html.contains("list"),
        "body missing"
    );
}

/// A page saved with two byte-order marks (converted twice): both are dropped and the front
/// matter is read. Found by the `text` fuzz target (`normalize` of "\u{feff}\u{feff}" kept
/// one, so normalizing was not idempotent and the page had no title).
#[test]
fn page_with_two_byte_order_marks_keeps_its_front_matter() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        (
            "content/a.md",
            "\u{feff}\u{feff}---\ntitle: Trang A\n---\nNội dung.\n",
        ),
    ]);
    h.build().ok();
    let html = h.read("a.html");
    assert!(html.contains("Trang A"), "{html}");
    assert!(
        !html.contains("title: Trang A"),
        "front matter shown as text:\n{html}"
    );
}

/// A "word" made only of a combining mark (U+1ADF, after a space) folds to nothing; it is
/// left out of the search index instead of being indexed under an empty key. Found by the
/// `search` fuzz target.
#[test]
fn search_index_has_no_empty_word() {
    let h = Handbook::new(&[(
        "content/_index.md",
        "---\ntitle: Trang chủ\n---\nĐảng viên \u{1adf} sinh hoạt\n",
    )]);
    h.build().ok();
    let mut found_empty = false;
    for e in std::fs::read_dir(h.out("search")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with('t') {
            found_empty |= std::fs::read_to_string(&p).unwrap().contains("\"\":");
        }
    }
    assert!(!found_empty, "an empty word in the search index");
}

/// The YAML parser also ends lines at NEL (U+0085); a message must give the line and column
/// as editors count them (lines end with `\n` only). Found by the `yaml_config` fuzz target:
/// an error in one line of YAML was reported two lines further down.
#[test]
fn yaml_error_positions_count_only_newlines() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        (
            "content/a.md",
            "---\ntitle: T\u{85}weight: 3\u{85}nhap: x\n---\nx\n",
        ),
    ]);
    let run = h.build().fails();
    assert!(
        run.stderr
            .contains("content/a.md:2:20: error: unknown key `nhap`"),
        "{}",
        run.stderr
    );
}

/// The place where an unclosed quote began, which the YAML scanner reports counting NEL
/// (U+0085) as a line end, is given as editors count lines. Found by the `yaml_config` fuzz
/// target in CI: the line given was past the end of the file.
#[test]
fn unclosed_quote_after_a_nel_is_placed_on_its_line() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        (
            "content/a.md",
            "---\ntitle: T\u{85}description: \"không đóng\n---\nx\n",
        ),
    ]);
    let run = h.build().fails();
    assert!(
        run.stderr
            .contains("content/a.md:2:23: error: this quote is never closed"),
        "{}",
        run.stderr
    );
}
