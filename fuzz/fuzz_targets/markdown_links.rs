//! Markdown with link rewriting: a fuzzed page body is rendered and its links resolved
//! against a small fixed site (sections, a page with headings and a custom id, a draft, an
//! official document, a copied file). No input may panic; a problem points at a line of the
//! page; a resolved site keeps every link it wrote inside the site and leaves no internal
//! link marker behind. Odd-length inputs are built with `safe_html: true`, and then nothing
//! that runs (scripts, event handlers, `javascript:` URLs) or restyles the page gets through.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sotay::documents::{self, Register};
use sotay::i18n::Language;
use sotay::load::{Asset, MarkdownSource};
use sotay::parse::markdown::is_external;
use sotay::{parse, resolve, text};

const FIXED: &[(&str, &str)] = &[
    ("_index.md", "---\ntitle: Trang chủ\n---\n## Giới thiệu\n"),
    ("quy-trinh/_index.md", "---\ntitle: Quy trình\nweight: 1\n---\n## Các bước\n"),
    (
        "quy-trinh/sinh-hoat.md",
        "---\ntitle: Sinh hoạt\ndocument:\n  number: \"02-HD/BTCTW\"\n  kind: hướng dẫn\n  issuer: \"Ban Tổ chức Trung ương\"\n---\n## Bước 1\n\n## Bước 2 {#buoc-2}\n\nChú thích[^1].\n\n[^1]: Nguồn.\n",
    ),
    ("van-ban/tài liệu.md", "---\ntitle: Tài liệu\n---\nx\n"),
    ("nhap.md", "---\ntitle: Nháp\ndraft: true\n---\nx\n"),
];

/// The fuzzed page, one folder deep.
const PAGE: &str = "quy-trinh/trang-thu.md";
const HEADER: &str = "---\ntitle: Trang thử\n---\n";

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let safe_html = data.len() % 2 == 1;
    let body = text::normalize(body);
    let mut sources: Vec<MarkdownSource> = FIXED
        .iter()
        .map(|(rel, t)| MarkdownSource {
            rel: rel.to_string(),
            shown: format!("content/{rel}").into(),
            text: t.to_string(),
        })
        .collect();
    let page_text = format!("{HEADER}{body}");
    sources.push(MarkdownSource {
        rel: PAGE.into(),
        shown: format!("content/{PAGE}").into(),
        text: page_text.clone(),
    });
    let assets = vec![Asset {
        rel: "quy-trinh/mẫu 1.pdf".into(),
        path: "/nonexistent/mau.pdf".into(),
    }];
    let parsed = match parse::parse_all(&sources, Language::Vi, None, safe_html) {
        Ok(p) => p,
        Err(d) => return common::check_all(&d, &page_text, 1),
    };
    let (mut pages, drafts) = resolve::tree::split_drafts(parsed, false);
    let register = Register::collect(&pages).expect("the fixed site's documents are fine");
    pages.push(documents::register_page::page(&register, Language::Vi).expect("register page"));
    let mut site = match resolve::build_tree(pages, drafts, assets, "Sổ tay") {
        Ok(s) => s,
        Err(d) => return common::check_all(&d, &page_text, 1),
    };
    if let Err(d) = resolve::links::resolve_links(&mut site) {
        return common::check_all(&d, &page_text, 1);
    }
    documents::autolink_site(&mut site, &register, Language::Vi);
    let id = site.by_source[PAGE];
    let html = &site.nodes[id].body.html;
    if !body.contains("x-sotay-ref") && !body.contains('&') {
        assert!(
            !html.contains("x-sotay-ref"),
            "a link marker was left:\n{html}"
        );
    }
    if safe_html {
        check_safe(html);
    }
    // Raw HTML is the editor's own; links sotay writes must stay inside the site.
    if !body.contains('<') && !body.contains('&') {
        for value in attribute_values(html) {
            check_inside(value, PAGE, html);
        }
    }
});

/// Every tag of sanitized HTML: no script, frame or form; no event handler, no style
/// beyond table alignment, no `javascript:` URL.
fn check_safe(html: &str) {
    let lower = html.to_lowercase();
    for tag in [
        "<script", "<iframe", "<object", "<embed", "<form", "<style", "<svg", "<math",
    ] {
        assert!(!lower.contains(tag), "{tag} in safe HTML:\n{html}");
    }
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let (attrs, after) = tag_attributes(&rest[i + 1..]);
        for (name, value) in attrs {
            let name = name.to_ascii_lowercase();
            assert!(!name.starts_with("on"), "event handler {name} in:\n{html}");
            if name == "style" {
                assert!(
                    value.starts_with("text-align: "),
                    "style {value:?} in:\n{html}"
                );
            }
            if name == "href" || name == "src" {
                let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(
                    !v.to_ascii_lowercase().starts_with("javascript:"),
                    "{value:?} in:\n{html}"
                );
            }
        }
        rest = after;
    }
}

/// The attributes of the tag starting at `s` (just after its `<`), and the text after it.
fn tag_attributes(s: &str) -> (Vec<(&str, &str)>, &str) {
    let mut attrs = Vec::new();
    let b = s.as_bytes();
    // the tag name
    let mut i = b
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'>')
        .unwrap_or(b.len());
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (attrs, &s[(i + 1).min(s.len())..]);
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
            i += 1;
        }
        let name = &s[start..i];
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = b[i + 1..]
                    .iter()
                    .position(|c| *c == q)
                    .map_or(b.len(), |p| i + 1 + p);
                value = &s[i + 1..end];
                i = (end + 1).min(b.len());
            } else {
                let end = b[i..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || *c == b'>')
                    .map_or(b.len(), |p| i + p);
                value = &s[i..end];
                i = end;
            }
        }
        attrs.push((name, value));
    }
}

/// The values of `href` and `src` attributes.
fn attribute_values(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            out.push(&after[..end]);
            rest = &after[end..];
        }
    }
    out
}

/// A relative link from the page at `from` does not climb above the site's root.
fn check_inside(value: &str, from: &str, html: &str) {
    if value.starts_with('#') || is_external(value) {
        return;
    }
    assert!(
        !value.starts_with('/'),
        "absolute link {value:?} in\n{html}"
    );
    let path = value.split(['#', '?']).next().unwrap_or("");
    let mut depth = from.matches('/').count() as i64;
    for seg in path.split('/') {
        match seg {
            ".." => depth -= 1,
            "" | "." => {}
            _ => depth += 1,
        }
        assert!(depth >= 0, "link {value:?} leaves the site, in\n{html}");
    }
}
