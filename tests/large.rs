//! Large handbooks build: a 30 MB page, and a section of 5,000 pages. These assert that the
//! build succeeds and that the output stays proportionate (no page carries the whole
//! section), never how long it took; `scripts/measure-large.sh` reports time and memory.

mod common;
use common::*;

/// About 30 MB of Markdown: headings, paragraphs with links, lists, tables, code.
fn huge_page() -> String {
    let mut s = String::from("---\ntitle: \"Trang rất lớn\"\n---\n\n");
    let mut i: usize = 0;
    while s.len() < 30 * 1024 * 1024 {
        s.push_str(&format!(
            "## Mục {i}: Tổ chức sinh hoạt chi bộ\n\n\
             Đoạn {i}: cấp ủy chuẩn bị nội dung, **đảng viên** phát biểu ý kiến; xem \
             [mục trước](#muc-{prev}-to-chuc-sinh-hoat-chi-bo) và [trang khác](khac.md).\n\n\
             - [x] Việc thứ nhất của mục {i}\n- [ ] Việc thứ hai\n\n\
             | Chỉ tiêu | Kết quả |\n|---|---|\n| Đảng viên | {i} |\n\n\
             ```\nmã {i}\n```\n\n",
            prev = i.saturating_sub(1)
        ));
        i += 1;
    }
    s
}

#[test]
fn a_30_mb_page_builds() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        ("content/khac.md", "---\ntitle: Khác\n---\nx\n"),
    ]);
    let page = huge_page();
    assert!(page.len() >= 30 * 1024 * 1024);
    h.write("content/lon.md", &page);
    h.build().ok();
    let html = h.read("lon.html");
    assert!(html.len() > page.len(), "the page lost content");
    let last = page.rfind("## Mục ").unwrap();
    let last_heading = &page[last + 3..page[last..].find(':').unwrap() + last];
    assert!(html.contains(last_heading), "{last_heading} missing");
    assert!(html.contains("href=\"khac.html\""));
}

#[test]
fn a_section_of_5000_pages_builds_with_bounded_pages() {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n"),
        (
            "content/nhieu/_index.md",
            "---\ntitle: Phần nhiều trang\n---\nx\n",
        ),
    ]);
    for i in 0..5000 {
        h.write(
            &format!("content/nhieu/trang-{i:04}.md"),
            &format!(
                "---\ntitle: \"Trang số {i}\"\nweight: {i}\n---\n\n## Mục {i}\n\nXem [trang kế](trang-{:04}.md).\n",
                (i + 1) % 5000
            ),
        );
    }
    h.build().ok();
    // the section's own page lists every page
    let section = h.html("nhieu/index.html");
    assert!(texts(&section, "main a").len() >= 5000);
    // a page's sidebar shows a window around it and a link to the section for the rest
    let doc = h.html("nhieu/trang-2500.html");
    let nav = texts(&doc, ".site-nav .nav-depth-2 .nav-link");
    assert!(
        nav.len() <= 2 * 10 + 2,
        "{} links in the sidebar",
        nav.len()
    );
    assert!(nav.contains(&"Trang số 2500".to_string()), "{nav:?}");
    assert!(nav.contains(&"Trang số 2490".to_string()), "{nav:?}");
    assert_eq!(nav.last().unwrap(), "Xem tất cả (5.000)");
    assert_eq!(
        attrs(&doc, ".site-nav .nav-more .nav-link", "href"),
        ["../nhieu/index.html"]
    );
    let size = std::fs::metadata(h.out("nhieu/trang-2500.html"))
        .unwrap()
        .len();
    assert!(size < 100_000, "a page of the section is {size} bytes");
}

#[test]
fn folders_nested_as_deep_as_allowed_build() {
    let h = Handbook::new(&[("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n")]);
    let mut dir = String::from("content");
    for i in 1..=sotay::load::MAX_FOLDER_DEPTH {
        dir.push_str(&format!("/muc-{i}"));
        h.write(
            &format!("{dir}/_index.md"),
            &format!("---\ntitle: \"Mục {i}\"\n---\nx\n"),
        );
    }
    h.write(&format!("{dir}/trang.md"), "---\ntitle: Sâu nhất\n---\nx\n");
    h.build().ok();
    let page = format!("{}/trang.html", &dir["content/".len()..]);
    let doc = h.html(&page);
    assert_eq!(
        texts(&doc, ".breadcrumbs a").len(),
        sotay::load::MAX_FOLDER_DEPTH + 1
    );
}
