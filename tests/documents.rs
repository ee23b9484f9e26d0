//! Official documents: register page, auto-links to mentions, replaced documents, errors.

mod common;
use common::*;

fn doc(number: &str, kind: &str, date: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"Văn bản {number}\"\ndocument:\n  number: \"{number}\"\n  kind: {kind}\n  date: {date}\n  issuer: \"Ban Tổ chức Trung ương\"\n{extra}---\nTóm lược.\n"
    )
}

fn handbook() -> Handbook {
    Handbook::new(&[
        ("content/van-ban/hd02.md", &doc("02-HD/BTCTW", "hướng dẫn", "2021-04-12", "")),
        ("content/van-ban/nq21.md", &doc("21-NQ/TW", "nghị quyết", "2022-06-16", "")),
        (
            "content/van-ban/hd01.md",
            &doc("01-HD/TU", "hướng dẫn", "2021-06-01", "  status: replaced\n  replaced_by: \"02-HD/BTCTW\"\n"),
        ),
        (
            "content/quy-trinh/sang-loc.md",
            "---\ntitle: Sàng lọc\n---\nTheo Hướng dẫn số 02-HD/BTCTW, ngày 12/4/2021 và Hướng dẫn 01-HD/TU.\n\n`02-HD/BTCTW` trong mã, [02-HD/BTCTW](../van-ban/nq21.md) đã có liên kết.\n",
        ),
    ])
}

#[test]
fn mentions_link_to_the_document_page() {
    let h = handbook();
    h.build().ok();
    let doc = h.html("quy-trinh/sang-loc.html");
    let refs = attrs(&doc, "main a.doc-ref", "href");
    assert_eq!(
        refs,
        vec![
            "../van-ban/hd02.html",
            "../van-ban/hd01.html",
            "../van-ban/hd02.html"
        ]
    );
    // code and existing links are left alone
    assert_eq!(texts(&doc, "main code"), vec!["02-HD/BTCTW"]);
    assert_eq!(
        attrs(&doc, "main p a:not(.doc-ref)", "href"),
        vec!["../van-ban/nq21.html"]
    );
    // a replaced document says so and by what
    assert_eq!(
        texts(&doc, ".doc-replaced-note"),
        vec!["(đã được thay thế bởi 02-HD/BTCTW)"]
    );
}

#[test]
fn register_lists_documents_by_kind_newest_first_and_by_issuer() {
    let h = handbook();
    h.build().ok();
    let reg = h.html("danh-muc-van-ban.html");
    assert_eq!(texts(&reg, "main h1"), vec!["Danh mục văn bản"]);
    assert_eq!(
        texts(&reg, "main h2"),
        vec!["Hướng dẫn#", "Nghị quyết#", "Theo cơ quan ban hành#"]
    );
    let numbers = texts(&reg, "main table td:first-child a");
    assert_eq!(numbers, vec!["01-HD/TU", "02-HD/BTCTW", "21-NQ/TW"]);
    assert!(texts(&reg, "main table td")
        .iter()
        .any(|t| t == "đã được thay thế bởi 02-HD/BTCTW"));
    // the document page shows its card
    let page = h.html("van-ban/hd01.html");
    assert!(texts(&page, ".doc-card dd").iter().any(|t| t == "01-HD/TU"));
    assert_eq!(
        attrs(&page, ".doc-card a", "href")[0],
        "../van-ban/hd02.html"
    );
}

#[test]
fn number_declared_twice_is_an_error() {
    let h = handbook();
    h.write(
        "content/van-ban/trung.md",
        &doc("21-NQ/TW", "nghị quyết", "2022-06-16", ""),
    );
    let r = h.build().fails();
    assert!(
        r.stderr.contains("content/van-ban/trung.md:3:1: error: document number 21-NQ/TW is already declared by content/van-ban/nq21.md"),
        "{}",
        r.stderr
    );
}

#[test]
fn document_block_errors() {
    let h = handbook();
    h.write(
        "content/van-ban/sai.md",
        "---\ntitle: Sai\ndocument:\n  number: \"9-QĐ/TW\"\n  kind: quy định\n  isuer: \"X\"\n---\n",
    );
    let r = h.build().fails();
    assert!(
        r.stderr.contains("content/van-ban/sai.md:6:3: error:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean `issuer`?"), "{}", r.stderr);
    h.write(
        "content/van-ban/sai.md",
        "---\ntitle: Sai\ndocument:\n  number: \"9-QĐ/TW\"\n  kind: quy định\n  issuer: X\n  status: replaced\n---\n",
    );
    let r = h.build().fails();
    assert!(r.stderr.contains("content/van-ban/sai.md:3:1: error: document 9-QĐ/TW is `replaced` but does not say by what"), "{}", r.stderr);
}

#[test]
fn no_documents_no_register() {
    let h = Handbook::new(&[("content/a.md", "---\ntitle: A\n---\n21-NQ/TW\n")]);
    h.build().ok();
    assert!(!h.out("danh-muc-van-ban.html").exists());
}
