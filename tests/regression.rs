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
