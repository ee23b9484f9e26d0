//! `safe_html` in sotay.yaml: raw HTML passes by default (editors are trusted) and is
//! sanitized when it is true, without losing what Markdown makes.

mod common;
use common::*;

const PAGE: &str = "---\ntitle: Trang A\n---\n\
Xin chào <span onclick=\"steal()\">bạn</span><script>alert(1)</script>.\n\n\
<iframe src=\"https://example.org/\"></iframe>\n\n\
<div style=\"position:fixed;top:0\" id=\"sotay-main\">Che trang</div>\n\n\
[xấu](javascript:alert(2)) và <a href=\"javascript:alert(3)\">xấu nữa</a>\n\n\
## Bước 2: Tổ chức\n\n\
> [!WARNING]\n> Cẩn thận.\n\n\
| Chỉ tiêu | Kết quả |\n|:---|---:|\n| Đảng viên | 12 |\n\n\
- [x] Xong\n- [ ] Chưa\n\n\
Chú thích[^1], xem [trang B](b.md#muc) và ![ảnh](hinh.png \"Hình\").\n\n\
[^1]: Nguồn.\n\n\
## Bước 3\n\nHết.\n";

fn handbook(safe: bool) -> Handbook {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        ("content/a.md", PAGE),
        ("content/b.md", "---\ntitle: Trang B\n---\n## Mục\n"),
        ("content/hinh.png", "png"),
    ]);
    h.write(
        "sotay.yaml",
        &format!("title: \"Sổ tay thử\"\nsafe_html: {safe}\n"),
    );
    h
}

#[test]
fn raw_html_passes_by_default() {
    let h = handbook(false);
    h.write("sotay.yaml", "title: \"Sổ tay thử\"\n");
    h.build().ok();
    let html = h.read("a.html");
    assert!(html.contains("<script>alert(1)</script>"), "{html}");
    assert!(html.contains("onclick=\"steal()\""), "{html}");
    assert!(html.contains("<iframe"), "{html}");
    // `safe_html: false` is the same as leaving it out
    let default = html;
    let h = handbook(false);
    h.build().ok();
    assert_eq!(h.read("a.html"), default);
}

#[test]
fn safe_html_removes_what_runs_and_keeps_markdown() {
    let h = handbook(true);
    h.build().ok();
    let html = h.read("a.html");
    let doc = h.html("a.html");
    let body = texts(&doc, "main").join(" ");
    for gone in [
        "alert(1)",
        "steal()",
        "onclick",
        "<iframe",
        "position:fixed",
        "javascript:",
    ] {
        assert!(!html.contains(gone), "{gone} left in:\n{html}");
    }
    assert!(body.contains("Xin chào bạn."), "{body}");
    assert!(body.contains("Che trang"), "{body}");
    // the theme's own id stays the theme's
    assert_eq!(attrs(&doc, "#sotay-main", "id").len(), 1, "{html}");
    // heading anchor and table of contents
    assert_eq!(
        attrs(&doc, "h2#buoc-2-to-chuc a.anchor", "href"),
        ["#buoc-2-to-chuc"]
    );
    assert!(texts(&doc, ".toc-nav a").contains(&"Bước 2: Tổ chức".to_string()));
    // callout, table with alignment, task list, footnote
    assert_eq!(texts(&doc, ".callout-warning .callout-title"), ["Cảnh báo"]);
    assert_eq!(
        attrs(&doc, ".table-wrap td", "style"),
        ["text-align: left", "text-align: right"]
    );
    assert_eq!(attrs(&doc, "input[type=checkbox]", "disabled").len(), 2);
    assert_eq!(
        attrs(&doc, "input[type=checkbox][checked]", "type").len(),
        1
    );
    assert_eq!(attrs(&doc, "sup.footnote-reference a", "href"), ["#1"]);
    assert_eq!(attrs(&doc, ".footnote-definition", "id"), ["1"]);
    // relative links and images, resolved
    assert!(attrs(&doc, "main a", "href").contains(&"b.html#muc".to_string()));
    assert_eq!(attrs(&doc, "main img", "src"), ["hinh.png"]);
    assert_eq!(attrs(&doc, "main img", "title"), ["Hình"]);
}
