//! `sotay build` on fixture handbooks: files, pages, links, order, drafts, languages.

mod common;
use common::*;

fn small() -> Handbook {
    Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nXin chào. Xem [phần A](a/_index.md).\n"),
        ("content/a/_index.md", "---\ntitle: Phần A\nweight: 1\n---\nGiới thiệu phần A.\n"),
        (
            "content/a/trang.md",
            "---\ntitle: Trang một\nweight: 1\nupdated: 2023-03-15\n---\n## Bước 2: Tổ chức buổi sinh hoạt\n\nNội dung.\n\n## Bước 2: Tổ chức buổi sinh hoạt\n",
        ),
        (
            "content/b/lien-ket.md",
            "---\ntitle: Liên kết\n---\nXem [bước 2](../a/trang.md#buoc-2-to-chuc-buoi-sinh-hoat), [lần hai](../a/trang.md#buoc-2-to-chuc-buoi-sinh-hoat-1), [phần A](../a/_index.md), [thư mục](../a/), [tệp](<../tai-lieu/van ban.pdf>), [ngoài](https://example.org/x) và [trong trang](#muc).\n\n## Mục\n\n![Ảnh](hinh.png)\n",
        ),
        ("content/b/hinh.png", "PNG"),
        ("content/tai-lieu/van ban.pdf", "%PDF-1.4"),
    ])
}

#[test]
fn writes_pages_sections_assets_and_theme() {
    let h = small();
    h.build().ok();
    for f in [
        "index.html",
        "a/index.html",
        "a/trang.html",
        "b/index.html",
        "b/lien-ket.html",
        "b/hinh.png",
        "tai-lieu/van ban.pdf",
        "404.html",
        "assets/sotay.css",
        ".sotay-manifest",
    ] {
        assert!(h.out(f).exists(), "{f} missing");
    }
    let page = h.html("a/trang.html");
    assert_eq!(texts(&page, "main h1"), vec!["Trang một"]);
    assert_eq!(attrs(&page, "html", "lang"), vec!["vi"]);
    assert_eq!(
        attrs(&page, "main h2", "id"),
        vec![
            "buoc-2-to-chuc-buoi-sinh-hoat",
            "buoc-2-to-chuc-buoi-sinh-hoat-1"
        ]
    );
    assert!(h.read("a/trang.html").contains("datetime=\"2023-03-15\""));
    assert!(h.read("a/trang.html").contains("15/3/2023"));
}

/// The version in the URLs of the theme's files (`assets/sotay.css?v=VERSION`) on a page.
fn asset_versions(page: &scraper::Html) -> std::collections::BTreeMap<String, String> {
    attrs(page, "link[href]", "href")
        .into_iter()
        .chain(attrs(page, "script[src], img[src]", "src"))
        .filter_map(|url| {
            let (file, version) = url.split_once("?v=")?;
            Some((file.rsplit('/').next()?.to_string(), version.to_string()))
        })
        .collect()
}

#[test]
fn theme_files_are_linked_with_a_version_that_follows_their_bytes() {
    let h = small();
    h.build().ok();
    let before = asset_versions(&h.html("a/trang.html"));
    let names: Vec<&str> = before.keys().map(String::as_str).collect();
    assert_eq!(names, ["favicon.svg", "search.js", "sotay.css", "sotay.js"]);
    for v in before.values() {
        assert!(
            v.len() == 8 && v.bytes().all(|b| b.is_ascii_hexdigit()),
            "{before:?}"
        );
    }
    assert_ne!(before["sotay.css"], before["sotay.js"]);
    assert_eq!(
        asset_versions(&h.html("index.html")),
        before,
        "one version per file"
    );
    assert_eq!(
        attrs(&h.html("a/trang.html"), "link[rel=stylesheet]", "href"),
        vec![format!("../assets/sotay.css?v={}", before["sotay.css"])]
    );

    // the same files: the same URLs, and no page is written again (the second build fills
    // the staging tree the first one left empty; the third finds all of it up to date)
    h.build().ok();
    let again = h.build().ok();
    assert!(again.stderr.contains("0 files written"), "{}", again.stderr);
    assert_eq!(asset_versions(&h.html("a/trang.html")), before);

    // the handbook's own stylesheet: a new version of that file only
    h.write("static/assets/sotay.css", "body { color: #222 }\n");
    h.build().ok();
    assert_eq!(h.read("assets/sotay.css"), "body { color: #222 }\n");
    let after = asset_versions(&h.html("a/trang.html"));
    assert_ne!(after["sotay.css"], before["sotay.css"]);
    assert_eq!(after["search.js"], before["search.js"]);
    assert_eq!(
        asset_versions(&h.html("404.html"))["sotay.css"],
        after["sotay.css"]
    );
    h.write("static/assets/sotay.css", "body { color: #333 }\n");
    h.build().ok();
    let third = asset_versions(&h.html("a/trang.html"));
    assert_ne!(third["sotay.css"], after["sotay.css"]);
}

#[test]
fn a_template_asking_for_a_missing_asset_fails_naming_it() {
    let h = small();
    h.build().ok();
    let before = h.snapshot("public");
    h.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}\n<img src=\"{{ root }}{{ asset(path=\"/assets/logo.png\") }}\">{% endblock main %}",
    );
    let r = h.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "templates/page.html:2:36:",
        "no static file `/assets/logo.png`",
        "static/",
    ] {
        assert!(r.stderr.contains(want), "{want} not in {}", r.stderr);
    }
    assert!(
        h.snapshot("public") == before,
        "live output changed by a failed build"
    );
    // a near miss is named
    h.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<link href=\"{{ asset(path=\"/assets/sotay.css\") }}\">{% endblock main %}",
    );
    let r = h.build();
    assert!(
        r.stderr.contains("did you mean `assets/sotay.css`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn rewrites_links_to_output_pages() {
    let h = small();
    h.build().ok();
    let doc = h.html("b/lien-ket.html");
    let hrefs = attrs(&doc, "main a:not(.anchor)", "href");
    for want in [
        "../a/trang.html#buoc-2-to-chuc-buoi-sinh-hoat",
        "../a/trang.html#buoc-2-to-chuc-buoi-sinh-hoat-1",
        "../a/index.html",
        "../tai-lieu/van%20ban.pdf",
        "https://example.org/x",
        "#muc",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    assert!(hrefs.iter().filter(|h| *h == "../a/index.html").count() >= 2);
    assert_eq!(attrs(&doc, "main img", "src"), vec!["hinh.png"]);
    for (path, bytes) in h.snapshot("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("x-sotay-ref"),
            "placeholder left in {path}"
        );
    }
}

#[test]
fn every_internal_link_of_the_example_handbook_resolves() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let outs = out.path().join("site");
    sotay(
        std::path::Path::new(repo),
        &["build", "--out", outs.to_str().unwrap()],
    )
    .ok();
    let files = snapshot(&outs);
    let names: std::collections::HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        let dir = std::path::Path::new(path).parent().unwrap();
        for href in attrs(&doc, "a[href], link[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "img[src], script[src]", "src"))
        {
            if href.contains("://") || href.starts_with('#') || href.starts_with("mailto:") {
                continue;
            }
            // (a theme's files carry their version as a query: `sotay.css?v=…`)
            let file = href.split(['#', '?']).next().unwrap();
            let joined = normalize(&dir.join(file));
            assert!(
                names.contains(joined.as_str()),
                "{path}: broken link {href} ({joined})"
            );
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

fn normalize(p: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    let s = parts.join("/");
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn orders_by_weight_then_vietnamese_alphabet() {
    let page = |t: &str, w: Option<i32>| match w {
        Some(w) => format!("---\ntitle: \"{t}\"\nweight: {w}\n---\nx\n"),
        None => format!("---\ntitle: \"{t}\"\n---\nx\n"),
    };
    let h = Handbook::new(&[
        ("content/s/_index.md", "---\ntitle: S\n---\n"),
        ("content/s/e.md", &page("Em", Some(5))),
        ("content/s/dd.md", &page("Đảng viên", Some(5))),
        ("content/s/d.md", &page("Dân vận", Some(5))),
        ("content/s/a.md", &page("Ấp", Some(5))),
        ("content/s/first.md", &page("Zzz đầu tiên", Some(1))),
        ("content/s/none.md", &page("An (không có thứ tự)", None)),
    ]);
    h.build().ok();
    let doc = h.html("s/index.html");
    assert_eq!(
        texts(
            &doc,
            "main .children a, main ul.children a, main .child-list a"
        )
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>(),
        vec![
            "Zzz đầu tiên",
            "Ấp",
            "Dân vận",
            "Đảng viên",
            "Em",
            "An (không có thứ tự)"
        ]
    );
    // previous/next follow the same order
    let d = h.html("s/d.html");
    let prev = attrs(&d, "a[rel=prev]", "href");
    let next = attrs(&d, "a[rel=next]", "href");
    assert!(prev.len() == 1 && prev[0].ends_with("s/a.html"), "{prev:?}");
    assert!(
        next.len() == 1 && next[0].ends_with("s/dd.html"),
        "{next:?}"
    );
}

#[test]
fn title_from_first_heading_nfd_bom_crlf() {
    let nfd = "\u{feff}# Sinh hoa\u{323}t chi bo\u{302}\u{323}\r\n\r\nNo\u{302}\u{323}i dung.\r\n";
    let h = Handbook::new(&[("content/a.md", nfd)]);
    h.build().ok();
    let doc = h.html("a.html");
    assert_eq!(texts(&doc, "main h1"), vec!["Sinh hoạt chi bộ"]);
    let html = h.read("a.html");
    assert!(html.contains("Nội dung."), "NFC body expected");
    assert!(!html.contains('\r'));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn markup_in_titles_is_text() {
    let h = Handbook::new(&[(
        "content/a.md",
        "---\ntitle: \"Quy định <script>alert(1)</script> & \\\"mới\\\"\"\n---\nx\n",
    )]);
    h.build().ok();
    let html = h.read("a.html");
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let h = Handbook::new(&[
        ("content/a.md", "---\ntitle: A\n---\nx\n"),
        ("content/nhap.md", "---\ntitle: Nháp\ndraft: true\n---\nx\n"),
        (
            "content/phan-nhap/_index.md",
            "---\ntitle: Phần nháp\ndraft: true\n---\n",
        ),
        ("content/phan-nhap/con.md", "---\ntitle: Con\n---\nx\n"),
    ]);
    h.build().ok();
    assert!(h.out("a.html").exists());
    assert!(!h.out("nhap.html").exists());
    assert!(!h.out("phan-nhap/con.html").exists());
    h.run(&["build", "--drafts"]).ok();
    assert!(h.out("nhap.html").exists());
    assert!(h.out("phan-nhap/con.html").exists());
}

#[test]
fn link_to_draft_is_an_error() {
    let h = Handbook::new(&[
        ("content/a.md", "---\ntitle: A\n---\nXem [nháp](nhap.md).\n"),
        ("content/nhap.md", "---\ntitle: Nháp\ndraft: true\n---\nx\n"),
    ]);
    let r = h.build().fails();
    assert!(
        r.stderr
            .contains("content/a.md:4:5: error: `nhap.md` links to a draft page"),
        "{}",
        r.stderr
    );
}

#[test]
fn english_interface() {
    let h = Handbook::new(&[("content/a.md", "---\ntitle: A\n---\n> [!NOTE]\n> x\n")]);
    h.write("sotay.yaml", "title: Handbook\nlanguage: en\n");
    h.build().ok();
    let html = h.read("a.html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains(">Note</p>"));
    assert!(!html.contains("Ghi chú"));
}

#[test]
fn markdown_features() {
    let h = Handbook::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n> [!TIP]\n> Mẹo.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] xong\n- [ ] chưa\n\n~~cũ~~ mới[^1]\n\n[^1]: Nguồn.\n",
    )]);
    h.build().ok();
    let doc = h.html("a.html");
    assert_eq!(texts(&doc, ".callout-tip .callout-title"), vec!["Mẹo"]);
    assert_eq!(attrs(&doc, ".table-wrap > table", "class").len(), 0);
    assert_eq!(texts(&doc, ".table-wrap td"), vec!["1", "2"]);
    assert_eq!(
        attrs(&doc, "li input[type=checkbox][checked]", "type").len(),
        1
    );
    assert_eq!(texts(&doc, "del"), vec!["cũ"]);
    assert!(!texts(&doc, ".footnote-definition").is_empty());
}

#[test]
fn sidebar_does_not_grow_with_the_handbook() {
    let mut files: Vec<(String, String)> = vec![];
    for s in 0..4 {
        files.push((
            format!("content/p{s}/_index.md"),
            format!("---\ntitle: Phần {s}\nweight: {s}\n---\n"),
        ));
        for k in 0..3 {
            files.push((
                format!("content/p{s}/m{k}/_index.md"),
                format!("---\ntitle: Mục {s}.{k}\n---\n"),
            ));
            for p in 0..5 {
                files.push((
                    format!("content/p{s}/m{k}/b{p}.md"),
                    format!("---\ntitle: Bài {s}.{k}.{p}\n---\nx\n"),
                ));
            }
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let h = Handbook::new(&refs);
    h.build().ok();
    let doc = h.html("p1/m2/b3.html");
    let nav = texts(&doc, "nav a");
    // top-level sections, the siblings along the path, the current section's pages
    assert!(nav.iter().any(|t| t == "Phần 3"));
    assert!(nav.iter().any(|t| t == "Mục 1.0"));
    assert!(nav.iter().any(|t| t == "Bài 1.2.0"));
    assert!(
        !nav.iter().any(|t| t == "Bài 1.0.0"),
        "pages of another section listed"
    );
    assert!(
        !nav.iter().any(|t| t == "Mục 2.0"),
        "sub-sections of another section listed"
    );
    let current = attrs(&doc, "nav a[aria-current=page]", "href");
    assert!(
        current.len() == 1 && current[0].ends_with("p1/m2/b3.html"),
        "{current:?}"
    );
}

#[test]
fn template_override() {
    let h = Handbook::new(&[("content/a.md", "---\ntitle: A\n---\nx\n")]);
    h.write(
        "templates/page.html",
        "<!DOCTYPE html><title>{{ page.title }}</title><p class=\"rieng\">{{ t.updated }}</p>",
    );
    h.build().ok();
    assert!(h.read("a.html").contains("<p class=\"rieng\">Cập nhật</p>"));
    assert!(
        h.read("index.html").contains("site-header"),
        "other templates still the theme's"
    );
}

#[test]
fn deterministic_output() {
    let h = small();
    h.run(&["build", "--out", "o1"]).ok();
    h.run(&["build", "--out", "o2"]).ok();
    let (a, b) = (h.snapshot("o1"), h.snapshot("o2"));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "two builds differ");
}

#[test]
fn check_writes_nothing_and_init_makes_a_buildable_handbook() {
    let h = small();
    h.run(&["check"]).ok();
    assert!(!h.out("index.html").exists());

    let root = Handbook::empty();
    sotay(root.path(), &["init", "so-tay"]).ok();
    sotay(&root.path().join("so-tay"), &["build"]).ok();
    assert!(root
        .path()
        .join("so-tay/public/huong-dan/trang-dau-tien.html")
        .exists());
    let again = sotay(root.path(), &["init", "so-tay"]).fails();
    assert!(again.stderr.contains("not empty"));
}

#[test]
fn usage_errors_exit_2_help_and_version_exit_0() {
    let h = Handbook::empty();
    assert_eq!(h.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(h.run(&[]).code, 2);
    let v = h.run(&["--version"]);
    assert_eq!(v.code, 0);
    assert!(v.stdout.starts_with("sotay "));
    let help = h.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("build") && help.stdout.contains("init"));
}

#[test]
fn base_url_gives_sitemap_canonical_and_absolute_404() {
    let h = small();
    h.build().ok();
    assert!(
        !h.out("sitemap.xml").exists(),
        "no sitemap without an absolute address"
    );
    h.run(&["build", "--base-url", "https://noi-bo.example/so-tay"])
        .ok();
    let sitemap = h.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://noi-bo.example/so-tay/a/trang.html</loc><lastmod>2023-03-15</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://noi-bo.example/so-tay/index.html</loc>"));
    let page = h.html("a/trang.html");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        vec!["https://noi-bo.example/so-tay/a/trang.html"]
    );
    assert!(
        attrs(&page, "link[rel=stylesheet]", "href")[0].starts_with("../"),
        "page links stay relative"
    );
    let nf = h.html("404.html");
    let css = attrs(&nf, "link[rel=stylesheet]", "href");
    assert!(
        css.len() == 1 && css[0].starts_with("https://noi-bo.example/so-tay/assets/sotay.css?v="),
        "{css:?}"
    );
    let bad = h.run(&["build", "--base-url", "noi-bo/so-tay"]).fails();
    assert!(
        bad.stderr
            .contains("--base-url: error: the base URL is not an absolute http(s) URL"),
        "{}",
        bad.stderr
    );
}
