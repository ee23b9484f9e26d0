//! Print views of the whole handbook and of each section.

mod common;
use common::*;

fn handbook() -> Handbook {
    Handbook::new(&[
        ("content/_index.md", "---\ntitle: Sổ tay\n---\nGiới thiệu.\n"),
        ("content/a/_index.md", "---\ntitle: Phần A\nweight: 1\n---\nMở đầu phần A.\n"),
        ("content/a/mot.md", "---\ntitle: Một\nweight: 1\n---\n## Mục đích\n\nXem [hai](hai.md#muc-dich), [B](../b/ba.md) và [web](https://example.org).\n"),
        ("content/a/hai.md", "---\ntitle: Hai\nweight: 2\n---\n## Mục đích\n\n![Sơ đồ](so-do.png)\n"),
        ("content/a/so-do.png", "PNG"),
        ("content/b/ba.md", "---\ntitle: Ba\n---\nNội dung ba.\n"),
    ])
}

#[test]
fn section_print_view_has_numbered_chapters_and_internal_links() {
    let h = handbook();
    h.build().ok();
    let doc = h.html("a/ban-in.html");
    assert_eq!(texts(&doc, "nav.print-toc li"), vec!["1 Một", "2 Hai"]);
    assert_eq!(
        texts(&doc, "section.chapter h2.chapter-title"),
        vec!["Phần A", "1 Một", "2 Hai"]
    );
    let hrefs = attrs(&doc, ".chapter-body a:not(.anchor)", "href");
    // a link to a chapter of this view stays inside it; a page outside it is linked relative to the view
    assert_eq!(
        hrefs,
        vec!["#c2-muc-dich", "../b/ba.html", "https://example.org"]
    );
    // ids are unique across chapters
    let ids = attrs(&doc, "[id]", "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert!(ids.contains(&"c1-muc-dich".to_string()) && ids.contains(&"c2-muc-dich".to_string()));
    assert_eq!(attrs(&doc, ".chapter-body img", "src"), vec!["so-do.png"]);
    // the section page links to its print view
    assert_eq!(
        attrs(&h.html("a/index.html"), ".print-link a", "href"),
        vec!["../a/ban-in.html"]
    );
}

#[test]
fn whole_handbook_print_view() {
    let h = handbook();
    h.build().ok();
    let doc = h.html("ban-in.html");
    assert_eq!(
        texts(&doc, "nav.print-toc li"),
        vec!["1 Phần A", "1.1 Một", "1.2 Hai", "2 B", "2.1 Ba"]
    );
    assert_eq!(
        attrs(&doc, ".chapter-body a:not(.anchor)", "href")[1],
        "#c5"
    );
}

#[test]
fn print_views_limited_by_size() {
    let h = handbook();
    h.write("sotay.yaml", "title: X\nprint_max_pages: 3\n");
    h.build().ok();
    assert!(h.out("a/ban-in.html").exists());
    assert!(
        !h.out("ban-in.html").exists(),
        "the whole handbook has more than 3 pages"
    );
    h.write("sotay.yaml", "title: X\nprint_max_pages: 0\n");
    h.build().ok();
    assert!(!h.out("a/ban-in.html").exists());
    assert!(texts(&h.html("a/index.html"), ".print-link").is_empty());
}
