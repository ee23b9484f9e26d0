//! `sotay build` on fixture handbooks: files, pages, links, order, exit codes.

mod common;
use common::*;

#[test]
fn builds_a_small_handbook() {
    let h = Handbook::new(&[
        (
            "content/_index.md",
            "---\ntitle: Trang chủ\n---\nXin chào.\n",
        ),
        (
            "content/a/_index.md",
            "---\ntitle: Phần A\nweight: 1\n---\nGiới thiệu phần A.\n",
        ),
        (
            "content/a/trang.md",
            "---\ntitle: Trang một\n---\n## Bước 2: Tổ chức buổi sinh hoạt\n\nNội dung.\n",
        ),
    ]);
    h.build().ok();
    for f in [
        "index.html",
        "a/index.html",
        "a/trang.html",
        "404.html",
        "assets/sotay.css",
        ".sotay-manifest",
    ] {
        assert!(h.out(f).exists(), "{f} missing");
    }
    let page = h.html("a/trang.html");
    assert_eq!(texts(&page, "h1"), vec!["Trang một"]);
    assert_eq!(attrs(&page, "html", "lang"), vec!["vi"]);
    assert_eq!(
        attrs(&page, "h2", "id"),
        vec!["buoc-2-to-chuc-buoi-sinh-hoat"]
    );
}
