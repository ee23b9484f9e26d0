//! Titles and front matter values are text wherever they land: the page head (title,
//! description, canonical), breadcrumbs, the sidebar, previous/next, the table of contents,
//! section listings, the document card, the register of documents, print views and the
//! sitemap. Each value below holds markup and quotes; none may come out as markup, and each
//! must read back exactly as written.

mod common;
use common::*;

/// A value that would run or break out of an attribute if it were not escaped.
fn evil(name: &str) -> String {
    format!("{name} <script>alert(\"{name}\")</script> \"dq\" 'sq' & <img src=x onerror=alert(1)>")
}

/// YAML double-quoted form of a value.
fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn build() -> Handbook {
    let h = Handbook::new(&[]);
    h.write(
        "sotay.yaml",
        &format!(
            "title: {}\ndescription: {}\nbase_url: https://intranet.example/so-tay/\n",
            yaml(&evil("site")),
            yaml(&evil("site-desc"))
        ),
    );
    h.write("content/_index.md", "---\ntitle: Trang chủ\n---\nx\n");
    h.write(
        "content/phan/_index.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\n---\nx\n",
            yaml(&evil("section")),
            yaml(&evil("section-desc"))
        ),
    );
    h.write(
        "content/phan/a.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\nweight: 1\ndocument:\n  number: \"02-HD/BTCTW\"\n  kind: {}\n  issuer: {}\n---\n\
             ## Mục `<script>alert(\"toc\")</script>` \"q\" & 'r'\n\nx\n\n## Mục hai\n\ny\n",
            yaml(&evil("a")),
            yaml(&evil("a-desc")),
            yaml(&evil("kind")),
            yaml(&evil("issuer")),
        ),
    );
    h.write(
        "content/phan/b.md",
        &format!(
            "---\ntitle: {}\nweight: 2\n---\nXem Hướng dẫn 02-HD/BTCTW.\n",
            yaml(&evil("b"))
        ),
    );
    h.build().ok();
    h
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_value_becomes_markup_in_any_output_file() {
    let h = build();
    let files = h.snapshot("public");
    assert!(files.iter().any(|(p, _)| p == "sitemap.xml"));
    assert!(files.iter().any(|(p, _)| p.ends_with("ban-in.html")));
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for markup in ["<script>alert(", "<img src=x onerror", "'sq' & "] {
            if let Some(i) = text.find(markup) {
                let from = text[..i]
                    .char_indices()
                    .rev()
                    .nth(200)
                    .map_or(0, |(k, _)| k);
                panic!("{path} holds {markup:?} unescaped:\n{}", &text[from..]);
            }
        }
    }
}

#[test]
fn values_read_back_exactly_in_every_place() {
    let h = build();
    let a = h.html("phan/a.html");
    let b = h.html("phan/b.html");
    let section = h.html("phan/index.html");
    let (ea, eb, es) = (
        one_line(&evil("a")),
        one_line(&evil("b")),
        one_line(&evil("section")),
    );
    let site = one_line(&evil("site"));

    // head
    assert_eq!(texts(&a, "title"), [format!("{ea} – {site}")]);
    assert_eq!(
        attrs(&a, "meta[name=description]", "content"),
        [evil("a-desc")]
    );
    // heading, breadcrumbs, sidebar, previous/next
    assert_eq!(texts(&a, "h1"), std::slice::from_ref(&ea));
    assert!(
        texts(&a, ".breadcrumbs a").contains(&es),
        "{:?}",
        texts(&a, ".breadcrumbs a")
    );
    let nav = texts(&a, ".site-nav .nav-link");
    assert!(
        nav.contains(&ea) && nav.contains(&eb) && nav.contains(&es),
        "{nav:?}"
    );
    assert!(texts(&a, ".pager-next").iter().any(|t| t.contains(&eb)));
    assert!(texts(&b, ".pager-prev").iter().any(|t| t.contains(&ea)));
    // table of contents
    assert_eq!(
        texts(&a, ".toc-nav a")[0],
        "Mục <script>alert(\"toc\")</script> \"q\" & 'r'"
    );
    // section listing with descriptions
    let listing = texts(&section, "main").join(" ");
    assert!(listing.contains(&ea), "{listing}");
    assert!(listing.contains(&one_line(&evil("a-desc"))), "{listing}");
    assert!(texts(&section, ".lead").contains(&one_line(&evil("section-desc"))));
    // document card
    let card = texts(&a, ".doc-card dd");
    assert!(card.contains(&one_line(&evil("kind"))), "{card:?}");
    assert!(card.contains(&one_line(&evil("issuer"))), "{card:?}");
    // register of documents
    let register = texts(&h.html("danh-muc-van-ban.html"), "main td");
    assert!(register.contains(&ea), "{register:?}");
    assert!(
        register.contains(&one_line(&evil("issuer"))),
        "{register:?}"
    );
    // print view of the section
    let print = h.html("phan/ban-in.html");
    assert!(texts(&print, ".chapter-title")
        .iter()
        .any(|t| t.contains(&ea)));
    // footer
    assert_eq!(
        texts(&a, ".footer-description"),
        [one_line(&evil("site-desc"))]
    );
}

/// Every `href` and `src` of a page that points inside the site, decoded, names a file of
/// the output.
fn assert_links_land(h: &Handbook, page: &str) {
    let doc = h.html(page);
    let dir = std::path::Path::new(page).parent().unwrap();
    let links = attrs(&doc, "a[href]", "href")
        .into_iter()
        .chain(attrs(&doc, "[src]", "src"));
    for link in links {
        if link.starts_with('#') || link.contains("://") {
            continue;
        }
        // (a `?` in a file's name is written `%3F`: a raw one starts the query that a
        // theme's files carry, `sotay.css?v=…`)
        let path = link.split(['#', '?']).next().unwrap();
        let decoded = sotay::resolve::urls::percent_decode(path);
        let target = h.out(dir.join(&decoded).to_str().unwrap());
        assert!(target.exists(), "{page}: {link} → {decoded} does not exist");
    }
}

#[test]
fn file_names_with_url_characters_link_correctly() {
    let h = Handbook::new(&[
        (
            "content/_index.md",
            "---\ntitle: Trang chủ\n---\n[a](Hỏi%20&%20đáp%20%231.md)\n",
        ),
        ("content/Hỏi & đáp #1.md", "---\ntitle: Hỏi đáp\n---\nx\n"),
        ("content/100% đạt.md", "---\ntitle: Đạt\n---\nx\n"),
        ("content/a?b.md", "---\ntitle: Hỏi\n---\nx\n"),
        (
            "content/phần \"một\"/_index.md",
            "---\ntitle: Phần một\n---\nx\n",
        ),
        (
            "content/phần \"một\"/trang.md",
            "---\ntitle: Trang\n---\nx\n",
        ),
    ]);
    h.build().ok();
    for page in [
        "index.html",
        "Hỏi & đáp #1.html",
        "100% đạt.html",
        "a?b.html",
        "phần \"một\"/index.html",
        "phần \"một\"/trang.html",
    ] {
        assert_links_land(&h, page);
    }
}
