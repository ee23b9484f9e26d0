//! The preview in a real browser (headless chromium): a page opened in the browser
//! reloads by itself when its source is edited, keeps the reader's scroll position, and
//! shows a mistake over the page until it is fixed.

mod common;
#[path = "common/serve_support.rs"]
mod serve_support;

use common::{browser, Handbook};
use serve_support::Server;

fn long_page(first: &str) -> String {
    let mut s = format!("---\ntitle: Trang dài\n---\n{first}\n\n");
    for i in 0..80 {
        s.push_str(&format!(
            "## Mục {i}\n\nĐoạn văn thứ {i} của trang dài, đủ để cuộn.\n\n"
        ));
    }
    s
}

#[test]
fn an_open_page_reloads_itself_after_an_edit() {
    let Some(browser) = browser::launch() else {
        return;
    };
    let h = Handbook::new(&[
        (
            "content/_index.md",
            "---\ntitle: Trang chủ\n---\nXin chào.\n",
        ),
        ("content/dai.md", &long_page("Bản đầu tiên.")),
    ]);
    let server = Server::start(h.path());
    let page = browser.open(&server.url("/dai.html"));
    page.wait_across_reloads(
        "document.body.innerText.includes('Bản đầu tiên.')",
        "the page",
    );
    // scroll down, and mark this document so that a reload is seen; the browser's own
    // scroll restoration is turned off, so the preview's script must keep the position
    page.eval("(() => { history.scrollRestoration = 'manual'; window.scrollTo(0, 1500); window.__truoc = 1; return true; })()",
    );
    page.wait_across_reloads("window.scrollY > 1000", "scrolled");
    let y = page.eval("window.scrollY").as_f64().unwrap();

    h.write(
        "content/dai.md",
        &long_page("Bản đã sửa trong trình soạn thảo."),
    );
    page.wait_across_reloads(
        "document.readyState === 'complete' && window.__truoc === undefined \
         && document.body.innerText.includes('Bản đã sửa trong trình soạn thảo.')",
        "the page to reload by itself with the new text",
    );
    // the reader stays where they were
    page.wait_across_reloads(
        &format!("Math.abs(window.scrollY - {y}) < 5"),
        "the scroll position kept",
    );

    // the script itself restores the position it saved (a browser may or may not do it
    // on reload): a fresh visit with a saved position lands there
    page.eval(
        "(() => { sessionStorage.setItem('sotay-scroll:/dai.html', '900'); return true; })()",
    );
    page.tab.navigate_to(&server.url("/dai.html")).unwrap();
    page.tab.wait_until_navigated().unwrap();
    page.wait_across_reloads(
        "Math.abs(window.scrollY - 900) < 5",
        "the saved position restored",
    );
    assert_eq!(
        page.eval("sessionStorage.getItem('sotay-scroll:/dai.html')"),
        serde_json::Value::Null,
        "the saved position is used once"
    );

    // a mistake: the overlay with file:line:column over the last good page
    h.write(
        "content/dai.md",
        "---\ntitle: Trang dài\nweigth: 1\n---\nLỗi.\n",
    );
    page.wait_across_reloads(
        "!!document.getElementById('sotay-errors') \
         && document.getElementById('sotay-errors').innerText.includes('content/dai.md:3:1') \
         && document.body.innerText.includes('Bản đã sửa trong trình soạn thảo.')",
        "the error overlay",
    );
    let visible = page.eval(
        "(function(){var r=document.getElementById('sotay-errors').getBoundingClientRect();\
         return r.top === 0 && r.height > 20;})()",
    );
    assert_eq!(visible, serde_json::Value::Bool(true), "overlay on top");

    // fixed: the overlay goes, the page comes back by itself
    h.write("content/dai.md", &long_page("Đã sửa lỗi."));
    page.wait_across_reloads("!document.getElementById('sotay-errors') && document.body.innerText.includes('Đã sửa lỗi.')",
        "the fixed page",
    );
}
