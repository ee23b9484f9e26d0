//! Search in a real browser: the bundled example and a small fixture handbook, built with
//! the real binary, opened from file:// and from a local server under a sub-path; queries
//! typed into the search box with and without diacritics; results, their order, highlights,
//! heading links, keyboard use and escaping checked. Needs chromium (see tests/common/browser.rs).

mod common;
use common::browser::{self, Page, Server};
use common::*;
use serde_json::Value;
use std::path::Path;

/// Runs a query through the search code of the page; returns the hits.
fn search(page: &Page, q: &str) -> Vec<Value> {
    let q = serde_json::to_string(q).unwrap();
    page.wait_for(
        "window.sotaySearch && window.sotaySearch.search",
        "search.js",
    );
    let r = page.eval(&format!("sotaySearch.search({q})"));
    r["hits"].as_array().cloned().unwrap_or_default()
}

fn urls(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            let u = h["url"].as_str().unwrap_or_default();
            u.rsplit_once("site/")
                .map_or(u, |(_, r)| r)
                .trim_start_matches("./")
                .to_string()
        })
        .collect()
}

fn titles(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Ends of URLs, for comparing against output paths whatever the root prefix.
fn ends(hits: &[Value]) -> Vec<String> {
    urls(hits)
        .into_iter()
        .map(|u| u.trim_start_matches("../").to_string())
        .collect()
}

/// Types a query into the search box and waits for the results list to show `want`.
fn type_query(page: &Page, q: &str) {
    page.eval("(() => { const i = document.querySelector('#search input'); i.value = ''; i.focus(); return true; })()");
    page.type_text(q);
    let q_js = serde_json::to_string(q).unwrap();
    page.wait_for(
        &format!(
            "document.querySelector('#search input').value === {q_js} && \
             !document.querySelector('.search-panel').hidden && \
             document.querySelector('.search-status').textContent !== '' && \
             document.querySelector('.search-status').textContent !== document.getElementById('search').dataset.tLoading"
        ),
        &format!("results for {q}"),
    );
    // the debounce may still be pending for the last key: wait until the shown list is stable
    std::thread::sleep(std::time::Duration::from_millis(150));
}

fn shown_titles(page: &Page) -> Vec<String> {
    serde_json::from_value(page.eval(
        "[...document.querySelectorAll('#search-results .search-title')].map(a => a.textContent)",
    ))
    .unwrap()
}

fn fold(page: &Page, s: &str) -> String {
    let s = serde_json::to_string(s).unwrap();
    page.eval(&format!("sotaySearch.fold({s})"))
        .as_str()
        .unwrap()
        .to_string()
}

fn check_example_queries(page: &Page) {
    // with and without diacritics, any case
    let hits = search(page, "sinh hoat chi bo");
    // the procedure of that name first (its title holds the four syllables together, its
    // text more of them than the short progress page of a similar title)
    assert_eq!(
        ends(&hits).first().map(String::as_str),
        Some("quy-trinh/du-sinh-hoat-chi-bo.html"),
        "{:?}",
        titles(&hits)
    );
    for t in titles(&hits).iter().take(2) {
        assert!(
            fold(page, t).contains("sinh hoat chi bo"),
            "{:?}",
            titles(&hits)
        );
    }
    let with_marks = search(page, "sinh hoạt chi bộ");
    assert_eq!(urls(&with_marks)[0], urls(&hits)[0]);

    let hits = search(page, "SINH HOẠT");
    assert!(hits.len() >= 5, "{:?}", titles(&hits));
    for t in titles(&hits).iter().take(5) {
        assert!(
            fold(page, t).contains("sinh hoat"),
            "title matches rank first: {t}"
        );
    }

    let hits = search(page, "dang vien");
    assert!(hits.len() >= 5);
    for t in titles(&hits).iter().take(3) {
        assert!(
            t.to_lowercase().contains("đảng viên"),
            "{:?}",
            titles(&hits)
        );
    }

    // document numbers, as typed
    for (q, want) in [
        ("21-NQ/TW", "van-ban/nghi-quyet-21-nq-tw.html"),
        ("02-HD/BTCTW", "van-ban/huong-dan-02-hd-btctw.html"),
        ("01-hd/tu", "van-ban/huong-dan-01-hd-tu.html"),
    ] {
        let hits = search(page, q);
        // the document's own page first, before the progress pages naming it
        assert_eq!(
            ends(&hits).first().map(String::as_str),
            Some(want),
            "{q}: {:?}",
            titles(&hits)
        );
    }

    // the last syllable is a prefix while typing
    let hits = search(page, "ket na");
    let first = titles(&hits).first().cloned().unwrap_or_default();
    assert!(
        first.starts_with("Kết nạp đảng viên"),
        "{:?}",
        titles(&hits)
    );
    let hits = search(page, "21-NQ/");
    assert_eq!(
        ends(&hits).first().map(String::as_str),
        Some("van-ban/nghi-quyet-21-nq-tw.html"),
        "a document number being typed: {:?}",
        titles(&hits)
    );
    // in quotes, in that order only
    let hits = search(page, "\"nghị quyết số 21-NQ/TW\"");
    assert_eq!(
        ends(&hits).first().map(String::as_str),
        Some("van-ban/nghi-quyet-21-nq-tw.html"),
        "{:?}",
        titles(&hits)
    );
    assert!(search(page, "\"21-NQ/TW số nghị quyết\"").is_empty());
}

fn check_results_ui(page: &Page) {
    type_query(page, "dang vien");
    let shown = shown_titles(page);
    assert!(!shown.is_empty());
    let expanded =
        page.eval("document.querySelector('#search input').getAttribute('aria-expanded')");
    assert_eq!(expanded, "true");
    let status = page.eval("document.querySelector('.search-status').textContent");
    assert!(status.as_str().unwrap().contains("kết quả"), "{status}");
    // every highlighted word is one of the query's words
    let marks: Vec<String> = serde_json::from_value(
        page.eval("[...document.querySelectorAll('#search-results mark')].map(m => m.textContent)"),
    )
    .unwrap();
    assert!(!marks.is_empty());
    for m in &marks {
        let f = fold(page, m);
        assert!(f == "dang" || f == "vien", "mark {m:?}");
    }
    // a heading link where the match is under a heading
    let heading_links: Vec<String> = serde_json::from_value(page.eval(
        "[...document.querySelectorAll('#search-results .search-heading')].map(a => a.getAttribute('data-href'))",
    ))
    .unwrap();
    assert!(
        heading_links.iter().any(|h| h.contains(".html#")),
        "{heading_links:?}"
    );
}

#[test]
fn example_from_file_url() {
    let Some(b) = browser::launch() else { return };
    let out = build_example();
    let site = out.path().join("site");
    let page = b.open(&browser::file_url(&site.join("index.html")));
    check_example_queries(&page);
    check_results_ui(&page);

    // from a page two levels down, the links still lead to the right files
    let page2 = b.open(&browser::file_url(
        &site.join("quy-trinh/sinh-hoat-diem.html"),
    ));
    let hits = search(&page2, "nghi quyet so 21-NQ/TW");
    let href = hits[0]["url"].as_str().unwrap();
    assert!(href.starts_with("../"), "{href}");
    let abs = page2.eval(&format!(
        "new URL({}, location.href).href",
        serde_json::to_string(href).unwrap()
    ));
    assert_eq!(
        abs.as_str().unwrap(),
        browser::file_url(&site.join("van-ban/nghi-quyet-21-nq-tw.html"))
    );
    assert!(page.errors().is_empty(), "{:?}", page.errors());
    assert!(page2.errors().is_empty(), "{:?}", page2.errors());
}

#[test]
fn example_under_a_server_sub_path() {
    let Some(b) = browser::launch() else { return };
    let out = build_example();
    let server = Server::start(&out.path().join("site"), "so-tay/ban-2025");
    let page = b.open(&format!("{}quy-trinh/index.html", server.base));
    check_example_queries(&page);
    check_results_ui(&page);
    let loaded: Vec<String> = serde_json::from_value(page.eval(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/'))",
    ))
    .unwrap();
    assert!(
        loaded
            .iter()
            .any(|u| u.contains("/so-tay/ban-2025/search/meta.js")),
        "{loaded:?}"
    );
    assert!(page.errors().is_empty(), "{:?}", page.errors());
}

fn fixture() -> Handbook {
    let h = Handbook::new(&[
        ("content/_index.md", "---\ntitle: Trang chủ\n---\nXin chào.\n"),
        ("content/a/bo.md", "---\ntitle: Trang một\n---\nMở đầu.\n\n## Nhiệm vụ\n\nCông việc của chi bộ trong năm.\n"),
        ("content/a/bo-sung.md", "---\ntitle: Trang hai\n---\nNội dung bổ sung của năm.\n"),
        ("content/b/lien.md", "---\ntitle: Trang ba\n---\nTổ chức sinh hoạt tổ đảng định kỳ.\n"),
        ("content/b/roi.md", "---\ntitle: Trang bốn\n---\nTổ đảng họp; sinh hoạt văn nghệ cuối năm.\n"),
        // every pair of "sinh hoạt tổ đảng", never the four in a row
        ("content/b/xa.md", "---\ntitle: Trang năm\n---\nSinh hoạt văn hóa; hoạt tổ khác; tổ đảng họp.\n"),
        ("content/c/ket-nap.md", "---\ntitle: Kết nạp quần chúng\n---\nQuy trình.\n"),
        ("content/c/muc.md", "---\ntitle: Mục lục việc\n---\n## Kết nạp\n\nNội dung.\n"),
        ("content/c/khac.md", "---\ntitle: Việc khác\n---\nNói về kết nạp và nhiều việc khác nữa.\n"),
        (
            "content/d/xss.md",
            "---\ntitle: \"<script>alert(1)</script> \\\"ngoặc\\\" 'đơn'\"\n---\nThẻ `<script>alert(2)</script>` và <b onclick=\"alert(3)\">đậm</b> trong văn bản.\n",
        ),
    ]);
    h.build().ok();
    h
}

#[test]
fn ranking_phrases_and_escaping() {
    let Some(b) = browser::launch() else { return };
    let h = fixture();
    let page = b.open(&browser::file_url(&h.out("index.html")));

    // exact spelling before folded (a space after the word: it is no longer a prefix)
    assert_eq!(ends(&search(&page, "bộ ")), ["a/bo.html", "a/bo-sung.html"]);
    assert_eq!(ends(&search(&page, "bổ ")), ["a/bo-sung.html", "a/bo.html"]);
    assert_eq!(search(&page, "BO ").len(), 2);
    // while typing, "bộ" may still become "bốn": whole words first, then longer ones
    assert_eq!(
        ends(&search(&page, "bộ")),
        ["a/bo.html", "a/bo-sung.html", "b/roi.html"]
    );

    // words that stand together rank higher; a quoted phrase only matches in that order
    let hits = ends(&search(&page, "sinh hoạt tổ đảng"));
    assert_eq!(hits.first().map(String::as_str), Some("b/lien.html"));
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert_eq!(
        ends(&search(&page, "\"sinh hoat to dang\"")),
        ["b/lien.html"]
    );
    assert_eq!(
        ends(&search(&page, "\"Sinh hoạt tổ đảng định kỳ\" chức")),
        ["b/lien.html"]
    );
    assert_eq!(ends(&search(&page, "\"hoat to dang\"")), ["b/lien.html"]);
    assert_eq!(
        ends(&search(&page, "\"van hoa hoat to\"")),
        Vec::<String>::new(),
        "punctuation stands between the words"
    );
    assert_eq!(
        ends(&search(&page, "\"to dang sinh hoat\"")),
        Vec::<String>::new()
    );

    // title above headings above body
    assert_eq!(
        ends(&search(&page, "ket nap")),
        ["c/ket-nap.html", "c/muc.html", "c/khac.html"]
    );

    // the heading under which the match stands is linked
    let hits = search(&page, "nhiệm vụ");
    assert_eq!(
        hits[0]["headingUrl"].as_str().unwrap(),
        "a/bo.html#nhiem-vu"
    );
    assert_eq!(hits[0]["heading"].as_str().unwrap(), "Nhiệm vụ");

    // markup in titles and text stays text
    page.eval("(() => { window.alerted = false; window.alert = () => { window.alerted = true; }; return true; })()");
    type_query(&page, "script alert");
    let shown = shown_titles(&page);
    assert_eq!(shown, ["<script>alert(1)</script> \"ngoặc\" 'đơn'"]);
    let injected = page.eval("document.querySelectorAll('#search-results script, #search-results b, #search-results [onclick]').length");
    assert_eq!(injected, 0);
    let snippet =
        page.eval("document.querySelector('#search-results .search-snippet').textContent");
    assert!(
        snippet
            .as_str()
            .unwrap()
            .contains("<script>alert(2)</script>"),
        "{snippet}"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(page.eval("window.alerted"), false);
    assert!(page.errors().is_empty(), "{:?}", page.errors());
}

/// The scoring of search.js on posting lists made up for the purpose: exact spelling above
/// other spellings, then title above headings above body, then term weight; words standing
/// together above words apart; quoted phrases checked in the page text.
#[test]
fn scoring_in_the_browser() {
    let Some(b) = browser::launch() else { return };
    let h = fixture();
    let page = b.open(&browser::file_url(&h.out("index.html")));
    page.wait_for("window.sotaySearch && window.sotaySearch.rank", "search.js");
    let order = |js: &str| -> Vec<u64> {
        let v = page.eval(&format!(
            "(() => {{ const L = (pages, weights, flags) => ({{ pages, weights, flags }}); \
             const r = {js}; return r.top.map(h => h.page); }})()"
        ));
        serde_json::from_value(v).unwrap()
    };
    // "bộ" typed with diacritics; variant 0 is "bộ", variant 1 "bổ" (flag bits 3, 4).
    // page 0: "bổ" in the title, heavy; 1: "bộ" in the body, light; 2: "bộ" in a heading;
    // 3: "bộ" in the body, heavy
    let bo = "{ terms: [{ fold: 'bo', exact: 'bộ', sensitive: true, prefix: false }], pairs: [], phrases: [] }";
    let lists = "[[{ p: L([0, 1, 2, 3], [150, 8, 8, 80], [1 | 16, 4 | 8, 2 | 8, 4 | 8]), mask: 1, full: true }]]";
    assert_eq!(
        order(&format!("sotaySearch.rank(4, {bo}, {lists}, [], 10)")),
        [2, 3, 1, 0]
    );
    // typed without diacritics, every spelling is as good: the title first
    let bo_plain = "{ terms: [{ fold: 'bo', exact: 'bo', sensitive: false, prefix: false }], pairs: [], phrases: [] }";
    assert_eq!(
        order(&format!("sotaySearch.rank(4, {bo_plain}, {lists}, [], 10)")),
        [0, 2, 3, 1]
    );
    // two words, both in the body of pages 0 and 1, standing together only on page 1;
    // page 0 weighs more
    let two = "{ terms: [{ fold: 'to', exact: 'to', prefix: false }, { fold: 'dang', exact: 'dang', prefix: false }], \
               pairs: [{ a: 'to', b: 'dang', prefix: false, required: false }], phrases: [] }";
    let words = "[[{ p: L([0, 1], [60, 10], [4, 4]), mask: 0, full: true }], [{ p: L([0, 1], [60, 10], [4, 4]), mask: 0, full: true }]]";
    let pair = "[[{ p: L([1], [10], [4]) }]]";
    assert_eq!(
        order(&format!("sotaySearch.rank(2, {two}, {words}, {pair}, 10)")),
        [1, 0]
    );
    // a required pair (quoted) leaves out pages without it
    let quoted = two.replace("required: false", "required: true");
    assert_eq!(
        order(&format!(
            "sotaySearch.rank(2, {quoted}, {words}, {pair}, 10)"
        )),
        [1]
    );
    // phrases are checked in the text of the page record, field by field, in order
    let has = |phrase: &str, record: &str| -> bool {
        let q = serde_json::to_string(phrase).unwrap();
        page.eval(&format!(
            "sotaySearch.hasPhrases({record}, sotaySearch.parseQuery({q}).phrases)"
        ))
        .as_bool()
        .unwrap()
    };
    let rec = "{ t: 'Sinh hoạt chi bộ', k: '21-NQ/TW nghị quyết', d: '', \
               b: [['', '', 'Tổ đảng họp; sinh hoạt tổ khác.'], ['a', 'Đảng viên mới', 'Nội dung.']] }";
    assert!(has("\"sinh hoat chi bo\"", rec));
    assert!(has("\"SINH HOẠT CHI\"", rec));
    assert!(has("\"21-nq/tw nghi\"", rec));
    assert!(has("\"dang vien moi\"", rec));
    assert!(has("\"sinh hoat to\" \"to dang hop\"", rec));
    assert!(!has("\"chi bo sinh hoat\"", rec), "order");
    assert!(!has("\"hop sinh hoat\"", rec), "punctuation between");
    assert!(!has("\"chi bo to dang\"", rec), "across fields");
    assert!(!has("\"sinh hoat to dang\"", rec));
    assert!(page.errors().is_empty(), "{:?}", page.errors());
}

#[test]
fn keyboard_and_screen_reader() {
    let Some(b) = browser::launch() else { return };
    let h = fixture();
    let page = b.open(&browser::file_url(&h.out("c/khac.html")));
    // "/" focuses the box
    page.eval("(() => { document.activeElement && document.activeElement.blur(); document.body.focus(); return true; })()");
    page.press("/");
    page.wait_for(
        "document.activeElement && document.activeElement.id === 'search-input'",
        "/ to focus",
    );
    type_query(&page, "ket nap");
    assert_eq!(shown_titles(&page).len(), 3);
    let attr = |js: &str| page.eval(js).as_str().map(str::to_string);
    assert_eq!(
        attr("document.querySelector('#search input').getAttribute('role')").as_deref(),
        Some("combobox")
    );
    assert_eq!(
        attr("document.querySelector('.search-status').getAttribute('aria-live')").as_deref(),
        Some("polite")
    );
    assert_eq!(
        attr("document.querySelector('.search-status').textContent").as_deref(),
        Some("3 kết quả")
    );
    page.press("ArrowDown");
    page.press("ArrowDown");
    assert_eq!(
        attr("document.querySelector('#search input').getAttribute('aria-activedescendant')")
            .as_deref(),
        Some("search-r-1")
    );
    assert_eq!(
        attr("document.querySelector('#search-r-1').getAttribute('aria-selected')").as_deref(),
        Some("true")
    );
    page.press("ArrowUp");
    page.press("ArrowUp");
    assert_eq!(
        attr("document.querySelector('#search input').getAttribute('aria-activedescendant')")
            .as_deref(),
        Some("search-r-2"),
        "wraps around"
    );
    page.press("Escape");
    assert_eq!(
        page.eval("document.querySelector('.search-panel').hidden"),
        true
    );
    assert_eq!(
        attr("document.querySelector('#search input').getAttribute('aria-expanded')").as_deref(),
        Some("false")
    );
    // Enter opens the chosen result (under its heading)
    page.press("ArrowDown");
    page.press("ArrowDown");
    page.press("Enter");
    page.wait_for(
        "location.href.endsWith('c/muc.html#ket-nap')",
        "Enter to open the result",
    );
    assert!(page.errors().is_empty(), "{:?}", page.errors());
}

#[test]
fn input_exists_without_javascript() {
    let h = fixture();
    let doc = h.html("a/bo.html");
    assert_eq!(
        attrs(&doc, "#search input[type=search]", "placeholder"),
        ["Tìm trong sổ tay…"]
    );
    assert_eq!(attrs(&doc, "#search", "data-root"), ["../"]);
    let src = attrs(&doc, "script[src*='search.js']", "src");
    assert!(
        src.len() == 1 && src[0].starts_with("../assets/search.js?v="),
        "{src:?}"
    );
    assert!(h.out("search/meta.js").exists());
}

/// A handbook large enough for its index to be split: 400 pages in 8 sections, sixty words
/// starting with "tiêu" on every page, and one word of its own on each.
fn split_fixture() -> Handbook {
    let h = Handbook::new(&[(
        "content/_index.md",
        "---\ntitle: Trang chủ\n---\nXin chào.\n",
    )]);
    let common: Vec<String> = (0..60).map(|j| format!("tiêu{j}")).collect();
    for i in 0..400 {
        let text = format!(
            "---\ntitle: Bài {i}\n---\nTừ riêng{i} của bài.\n\n## Phần một\n\n{}\n",
            common.join(" ")
        );
        h.write(&format!("content/muc-{}/bai-{i:03}.md", i / 50), &text);
    }
    h.build().ok();
    h
}

/// The index of a larger handbook: each result shows its own page, wherever the page stands
/// in its file of page records; a word that is in no shard, under a prefix all of whose
/// words have longer prefixes of their own (a shard of size 0, with no file), finds nothing
/// and loads no missing file.
#[test]
fn split_index_from_file_url() {
    let Some(b) = browser::launch() else { return };
    let h = split_fixture();
    let meta = h.read("search/meta.js");
    let meta: Value = serde_json::from_str(
        meta.strip_prefix("sotaySearch.meta(")
            .and_then(|m| m.strip_suffix(");\n"))
            .unwrap(),
    )
    .unwrap();
    let records = std::fs::read_dir(h.out("search/p")).unwrap().count();
    assert!(
        records > 4 && records < 401,
        "{records} files of page records"
    );
    let empty: Vec<&str> = meta["terms"]
        .as_array()
        .unwrap()
        .iter()
        .zip(meta["termSizes"].as_array().unwrap())
        .filter(|(_, size)| size.as_u64() == Some(0))
        .map(|(p, _)| p.as_str().unwrap())
        .collect();
    let Some(prefix) = empty.iter().find(|p| p.starts_with('t')) else {
        panic!("no empty word shard under t: {:?}", meta["terms"]);
    };

    let page = b.open(&browser::file_url(&h.out("index.html")));
    for i in [0, 1, 49, 50, 201, 399] {
        let hits = search(&page, &format!("riêng{i} "));
        assert_eq!(titles(&hits), [format!("Bài {i}")], "riêng{i}");
        assert_eq!(ends(&hits), [format!("muc-{}/bai-{i:03}.html", i / 50)]);
    }
    assert_eq!(search(&page, "tieu17 tieu18").len(), 10);
    let q = serde_json::to_string(&format!("{prefix}qqq ")).unwrap();
    let r = page.eval(&format!(
        "(() => {{ const before = sotaySearch.loaded.length; return sotaySearch.search({q}).then(r => [r.total, sotaySearch.loaded.slice(before)], e => String(e)); }})()"
    ));
    assert_eq!(r, serde_json::json!([0, []]), "{prefix}qqq: {r}");
    assert!(page.errors().is_empty(), "{:?}", page.errors());

    // an index of another format (here: this meta.js saying it is of the previous format)
    // is refused with the error the search box shows, not read as this one
    let meta_js = h.read("search/meta.js");
    assert!(meta_js.contains("\"v\":3,"));
    std::fs::write(
        h.out("search/meta.js"),
        meta_js.replace("\"v\":3,", "\"v\":2,"),
    )
    .unwrap();
    let page = b.open(&browser::file_url(&h.out("index.html")));
    page.wait_for(
        "window.sotaySearch && window.sotaySearch.search",
        "search.js",
    );
    let r = page.eval("sotaySearch.search('riêng7 ').then(r => 'read', e => String(e))");
    assert_eq!(r, "Error: search index format 2, not 3");
    type_query(&page, "riêng7 ");
    let status = page.eval("document.querySelector('.search-status').textContent");
    let error = page.eval("document.getElementById('search').dataset.tError");
    assert_eq!(status, error);
}

/// The browser folds and tokenizes exactly like the indexer.
#[test]
fn browser_and_indexer_tokenize_alike() {
    let Some(b) = browser::launch() else { return };
    let h = fixture();
    let page = b.open(&browser::file_url(&h.out("index.html")));
    page.wait_for(
        "window.sotaySearch && window.sotaySearch.tokenize",
        "search.js",
    );
    let samples = [
        "Sinh hoạt chi bộ, ĐẢNG VIÊN!",
        "Đa\u{0309}ng vie\u{0302}n (NFD)",
        "Nghị quyết số 21-NQ/TW ngày 16/6/2022; Hướng dẫn 02-HD/BTCTW.",
        "kinh tế - xã hội, e-mail, 1.234,5 %",
        "ĐĂNG ĐẲNG đẵng Ặ ỗ ữ ỷ Ưu ƯỚC",
        "café naïve Ångström ß İstanbul",
        "“bốn tốt” — 124,44 % … x²",
        "  tab\tand\nnewline  ",
        "<script>alert(1)</script>",
        "中文 русский ελληνικά",
        "ΟΔΟΣ Σοφία ΟΔΟΣ. irSΣ",
    ];
    for s in samples {
        let rust = sotay::search::tokenize::tokenize(s);
        let want: Value = serde_json::json!({
            "words": rust.words.iter().map(|w| (w.exact.clone(), w.fold.clone(), w.linked)).collect::<Vec<_>>(),
            "compounds": rust.compounds.iter().map(|w| (w.exact.clone(), w.fold.clone())).collect::<Vec<_>>(),
        });
        let js = serde_json::to_string(s).unwrap();
        let got = page.eval(&format!(
            "(() => {{ const t = sotaySearch.tokenize({js}); return {{ words: t.words.map(w => [w.exact, w.fold, w.linked]), compounds: t.compounds.map(w => [w.exact, w.fold]) }}; }})()"
        ));
        assert_eq!(got, want, "{s:?}");
        let fold = page.eval(&format!("sotaySearch.fold({js})"));
        assert_eq!(
            fold.as_str().unwrap(),
            sotay::search::fold::fold(s),
            "{s:?}"
        );
    }
}

/// Measurement, not a test: `SOTAY_SEARCH_SITE=DIR cargo test --release --test search_browser
/// -- --ignored --nocapture` prints, for queries on a built site, the bytes of index loaded
/// by a first query (fresh page) and the time to answer it, then to answer again.
#[test]
#[ignore]
fn measure() {
    let Ok(dir) = std::env::var("SOTAY_SEARCH_SITE") else {
        eprintln!("set SOTAY_SEARCH_SITE to a built site");
        return;
    };
    let Some(b) = browser::launch() else { return };
    let dir = Path::new(&dir);
    let queries = [
        "sinh hoat chi bo",
        "đảng viên",
        "kiem tra giam sat",
        "\"ket nap dang vien\"",
        "nghi quyet chi b",
        "bao cao",
        "21-NQ/TW",
    ];
    for q in queries {
        // a fresh page for each run: nothing loaded, nothing compiled yet
        let mut runs = Vec::new();
        for _ in 0..3 {
            let page = b.open(&browser::file_url(&dir.join("index.html")));
            page.wait_for(
                "window.sotaySearch && window.sotaySearch.search",
                "search.js",
            );
            let js = serde_json::to_string(q).unwrap();
            let cpu = b.cpu_time_ns();
            let first = page.eval(&format!(
                "(async () => {{ const t = performance.now(); const r = await sotaySearch.search({js}); \
                 return [performance.now() - t, r.total, sotaySearch.loaded.slice(), r.timing]; }})()"
            ));
            let cpu_ms = (b.cpu_time_ns() - cpu) as f64 / 1e6;
            let again = page.eval(&format!(
                "(async () => {{ const t = performance.now(); await sotaySearch.search({js}); return performance.now() - t; }})()"
            ));
            runs.push((
                first[0].as_f64().unwrap(),
                again.as_f64().unwrap(),
                first,
                cpu_ms,
            ));
        }
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (ms, again, first, _) = &runs[1];
        let mut cpus: Vec<f64> = runs.iter().map(|r| r.3).collect();
        cpus.sort_by(f64::total_cmp);
        let files: Vec<String> = serde_json::from_value(first[2].clone()).unwrap();
        let bytes: u64 = files
            .iter()
            .map(|f| {
                std::fs::metadata(dir.join("search").join(f))
                    .map(|m| m.len())
                    .unwrap_or(0)
            })
            .sum();
        let min = runs[0].0;
        println!(
            "{q:22} first query: median {ms:6.1} ms (min {min:6.1}), browser CPU {:6.1} ms, again {again:5.1} ms; {:5} hits; {:2} files, {:6} bytes; {}",
            cpus[1],
            first[1],
            files.len(),
            bytes,
            first[3]
        );
    }
}

/// On a 390 px wide phone the results overlay the page at full width, with nothing
/// sticking out sideways, in light and dark.
#[test]
fn phone_layout() {
    let Some(b) = browser::launch() else { return };
    let out = build_example();
    let page = b.open(&browser::file_url(
        &out.path().join("site/quy-trinh/sinh-hoat-diem.html"),
    ));
    page.set_viewport(390, 844, true);
    for theme in ["light", "dark"] {
        page.eval(&format!(
            "(() => {{ document.documentElement.setAttribute('data-theme', '{theme}'); return true; }})()"
        ));
        type_query(&page, "sinh hoat chi bo");
        if let Ok(dir) = std::env::var("SOTAY_SCREENSHOTS") {
            let png = page
                .tab
                .capture_screenshot(
                    headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
                    None,
                    None,
                    true,
                )
                .expect("screenshot");
            std::fs::write(
                Path::new(&dir).join(format!("search-phone-{theme}.png")),
                png,
            )
            .unwrap();
        }
        let geometry = page.eval(
            "(() => { const r = document.querySelector('.search-panel').getBoundingClientRect(); \
             return [r.left, r.right, document.documentElement.clientWidth, document.documentElement.scrollWidth, \
             getComputedStyle(document.querySelector('.search-panel')).backgroundColor]; })()",
        );
        eprintln!("{theme}: {geometry}");
        let num = |i: usize| geometry[i].as_f64().unwrap();
        let (left, right, width, scroll) = (num(0), num(1), num(2), num(3));
        assert!(
            left >= 0.0 && right <= width,
            "{theme}: panel {left}..{right} of {width}"
        );
        assert!(
            right - left >= width - 2.0,
            "{theme}: full width ({left}..{right})"
        );
        assert!(
            scroll <= width,
            "{theme}: horizontal scroll ({scroll} > {width})"
        );
        let bg = geometry[4].as_str().unwrap().to_string();
        assert_eq!(
            bg == "rgb(255, 255, 255)",
            theme == "light",
            "{theme}: background {bg}"
        );
    }
    assert!(page.errors().is_empty(), "{:?}", page.errors());
}
