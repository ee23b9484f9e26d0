//! `sotay serve` with the real binary on a free port: edits are served, mistakes shown
//! over the last good page, temporary files ignored, nothing outside the site served, and
//! after any edits the served site equals a clean build.

mod common;
#[path = "common/serve_support.rs"]
mod serve_support;

use common::*;
use serve_support::*;
use std::time::Duration;

fn small() -> Handbook {
    Handbook::new(&[
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
            "---\ntitle: Trang một\nweight: 1\n---\n## Bước một\n\nNội dung ban đầu.\n",
        ),
        (
            "content/a/hai.md",
            "---\ntitle: Trang hai\nweight: 2\n---\nXem [bước một](trang.md#buoc-mot).\n",
        ),
        ("content/a/bieu-mau.csv", "cột;giá trị\na;1\n"),
    ])
}

#[test]
fn an_edit_is_served() {
    let h = small();
    let s = Server::start(h.path());
    // loopback unless --bind says otherwise
    assert_eq!(s.addr.ip(), std::net::IpAddr::from([127, 0, 0, 1]));
    assert!(!s.stdout_says("other computers"));
    let r = s.get("/a/trang.html");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Nội dung ban đầu."));
    assert_eq!(
        r.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    // the reload script is there, once, before </body>
    let text = r.text();
    assert_eq!(text.matches("id=\"sotay-live\"").count(), 1);
    assert!(text.find("id=\"sotay-live\"").unwrap() < text.rfind("</body>").unwrap());

    h.write(
        "content/a/trang.md",
        "---\ntitle: Trang một\nweight: 1\n---\n## Bước một\n\nNội dung đã sửa.\n",
    );
    s.wait_text("/a/trang.html", "Nội dung đã sửa.");
    // the terminal line may follow the swap by a moment: wait for it, within bounds
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !s.stderr().contains("rebuilt changed pages") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        s.stderr().contains("rebuilt changed pages"),
        "{}",
        s.stderr()
    );
}

#[test]
fn a_mistake_shows_an_overlay_until_it_is_fixed() {
    let h = small();
    let s = Server::start(h.path());
    let before = s.build_number();
    h.write(
        "content/a/trang.md",
        "---\ntitle: Trang một\nweigth: 1\n---\n## Bước một\n\nNội dung <mới>.\n",
    );
    let r = s.wait_text("/a/trang.html", "id=\"sotay-errors\"");
    let text = r.text();
    assert!(text.contains("content/a/trang.md:3:1"), "{text}");
    assert!(text.contains("did you mean `weight`?"), "{text}");
    // the last good page is under the overlay
    assert!(text.contains("Nội dung ban đầu."));
    assert_eq!(r.status, 200);
    // every page shows it, the terminal says the same
    assert!(s
        .get("/index.html")
        .text()
        .contains("content/a/trang.md:3:1"));
    s.wait_build_after(before);
    assert!(
        s.stderr().contains("content/a/trang.md:3:1: error"),
        "{}",
        s.stderr()
    );

    // an error message is escaped in the overlay
    h.write(
        "content/a/trang.md",
        "---\ntitle: <b>x</b>\nweight: [\n---\n",
    );
    let r = s.wait_text("/a/trang.html", "content/a/trang.md:3:");
    assert!(!r.text().contains("<b>x</b>"));

    h.write(
        "content/a/trang.md",
        "---\ntitle: Trang một\nweight: 1\n---\n## Bước một\n\nNội dung <em>mới</em>.\n",
    );
    let r = s.wait_text("/a/trang.html", "Nội dung <em>mới</em>.");
    assert!(!r.text().contains("sotay-errors"));
}

#[test]
fn pages_and_folders_come_and_go() {
    let h = small();
    let s = Server::start(h.path());
    h.write(
        "content/b/moi.md",
        "---\ntitle: Trang mới\n---\nMới thêm.\n",
    );
    s.wait_text("/b/moi.html", "Mới thêm.");
    // its new section lists it, and the navigation of other pages shows the section
    s.wait_text("/b/", "Trang mới");
    assert!(s.get("/a/trang.html").text().contains("b/index.html"));

    h.remove("content/b/moi.md");
    let r = s.wait_for("/b/moi.html", "status 404", |r| r.status == 404);
    assert!(!r.text().contains("Mới thêm."));
    assert_eq!(s.get("/b/").status, 404);
    assert!(!s.get("/a/trang.html").text().contains("b/index.html"));

    // a folder with pages, then the folder removed at once
    h.write("content/c/mot.md", "---\ntitle: Một\n---\nMột.\n");
    h.write("content/c/hai.md", "---\ntitle: Hai\n---\nHai.\n");
    s.wait_text("/c/hai.html", "Hai.");
    std::fs::remove_dir_all(h.path().join("content/c")).unwrap();
    s.wait_for("/c/mot.html", "status 404", |r| r.status == 404);
    assert_eq!(s.get("/c/hai.html").status, 404);
    assert_eq!(s.get("/c/").status, 404);

    // a page renamed
    std::fs::rename(
        h.path().join("content/a/trang.md"),
        h.path().join("content/a/trang-moi.md"),
    )
    .unwrap();
    // the other page's link to it breaks: the overlay says so
    s.wait_text("/a/hai.html", "content/a/hai.md:5:");
    h.write(
        "content/a/hai.md",
        "---\ntitle: Trang hai\nweight: 2\n---\nXem [bước một](trang-moi.md#buoc-mot).\n",
    );
    s.wait_text("/a/trang-moi.html", "Nội dung ban đầu.");
    assert_eq!(s.get("/a/trang.html").status, 404);
}

#[test]
fn editor_files_are_ignored() {
    let h = small();
    let s = Server::start(h.path());
    let before = s.build_number();
    for f in [
        "content/a/.trang.md.swp",
        "content/a/trang.md~",
        "content/a/.#trang.md",
        "content/a/4913",
        "content/a/#trang.md#",
        "content/.hidden/x.md",
    ] {
        h.write(f, "---\ntitle: [không hợp lệ\n---\n");
    }
    // give the watcher time to see them (not an assertion on time: the count below is)
    std::thread::sleep(Duration::from_millis(400));
    h.write(
        "content/a/trang.md",
        "---\ntitle: Trang một\nweight: 1\n---\n## Bước một\n\nSau tệp tạm.\n",
    );
    s.wait_text("/a/trang.html", "Sau tệp tạm.");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        s.build_number(),
        before + 1,
        "only the real edit rebuilds:\n{}",
        s.stderr()
    );
    assert!(!s.get("/a/trang.html").text().contains("sotay-errors"));
    assert_eq!(s.get("/a/4913").status, 404);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let h = small();
    h.write("content/a/tep.txt", "tệp của sổ tay\n");
    let s = Server::start(h.path());
    assert_eq!(s.get("/a/tep.txt").status, 200);
    let secret = "title: \"Sổ tay thử\"";
    for path in [
        "/../sotay.yaml",
        "/a/../../sotay.yaml",
        "/%2e%2e/sotay.yaml",
        "/%2E%2E/%2E%2E/sotay.yaml",
        "/..%2fsotay.yaml",
        "/a/..%2f..%2fsotay.yaml",
        "/..%5csotay.yaml",
        "//etc/passwd",
        "/etc/passwd",
        h.path().join("sotay.yaml").to_str().unwrap(),
        "http://localhost/../sotay.yaml",
        "sotay.yaml",
        "/sotay.yaml",
        "/content/a/trang.md",
        "/.sotay-manifest",
    ] {
        let r = s.get(path);
        assert!(
            [400, 403, 404].contains(&r.status),
            "{path}: status {}",
            r.status
        );
        assert!(!r.text().contains(secret), "{path} leaked sotay.yaml");
        assert!(
            !r.text().contains("root:x:0:0"),
            "{path} leaked /etc/passwd"
        );
    }
    assert_eq!(s.get("/..%2fsotay.yaml").status, 403);
    assert_eq!(s.get("/../sotay.yaml").status, 403);

    // a copied file swapped for a link out of the handbook after the build is refused
    std::fs::remove_file(h.path().join("content/a/tep.txt")).unwrap();
    std::os::unix::fs::symlink(
        h.path().join("sotay.yaml"),
        h.path().join("content/a/tep.txt"),
    )
    .unwrap();
    s.wait_stderr("symbolic link points outside content/");
    let r = s.get("/a/tep.txt");
    assert!(r.status == 403 || r.status == 404, "status {}", r.status);
    assert!(!r.text().contains(secret));
    let page = s.get("/a/trang.html").text();
    assert!(page.contains("content/a/tep.txt"), "overlay names the link");
}

#[test]
fn long_requests_and_many_connections() {
    let h = small();
    let mut s = Server::start(h.path());
    let long_url = format!("/{}", "a".repeat(100_000));
    assert_eq!(s.get(&long_url).status, 414);
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n",
        "b".repeat(100_000)
    );
    assert_eq!(s.raw(long_header.as_bytes()).status, 431);
    let many_headers: String = (0..5_000).map(|i| format!("X-{i}: v\r\n")).collect();
    assert_eq!(
        s.raw(format!("GET / HTTP/1.1\r\n{many_headers}\r\n").as_bytes())
            .status,
        431
    );
    assert_eq!(s.raw(b"POST / HTTP/1.1\r\n\r\n").status, 405);
    assert_eq!(s.raw(b"garbage\r\n\r\n").status, 405);

    // 400 idle connections that send nothing, and 200 requests at the same time
    let idle: Vec<_> = (0..400)
        .filter_map(|_| std::net::TcpStream::connect(s.addr).ok())
        .collect();
    let addr = s.addr;
    let workers: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for _ in 0..25 {
                    use std::io::{Read, Write};
                    let Ok(mut c) = std::net::TcpStream::connect(addr) else {
                        continue;
                    };
                    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                    let _ = c.write_all(b"GET /a/trang.html HTTP/1.1\r\nHost: x\r\n\r\n");
                    let mut buf = Vec::new();
                    let _ = c.read_to_end(&mut buf);
                    let head = String::from_utf8_lossy(&buf[..buf.len().min(12)]).into_owned();
                    codes.push(head);
                }
                codes
            })
        })
        .flat_map(|t| t.join().unwrap())
        .collect::<Vec<_>>();
    // every request was answered: served, or refused as too many at once
    assert!(
        workers
            .iter()
            .all(|c| c.starts_with("HTTP/1.1 200") || c.starts_with("HTTP/1.1 503")),
        "{workers:?}"
    );
    let rss = rss_kib(s.pid()).unwrap_or(0);
    assert!(rss < 300 * 1024, "memory grew to {rss} KiB");
    drop(idle);
    // and it still serves afterwards
    s.wait_for("/a/trang.html", "served again", |r| r.status == 200);
    assert!(s.alive());
}

#[test]
fn not_found_page_and_content_types() {
    let h = small();
    h.write_bytes("content/a/hinh.png", b"\x89PNG\r\n\x1a\n");
    h.write("content/a/so-lieu.json", "{}");
    let s = Server::start(h.path());
    let r = s.get("/khong-co.html");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("Không tìm thấy trang"), "{}", r.text());
    assert_eq!(
        r.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/a/", "text/html; charset=utf-8"),
        ("/assets/sotay.css", "text/css; charset=utf-8"),
        ("/assets/sotay.js", "text/javascript; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/a/bieu-mau.csv", "text/csv; charset=utf-8"),
        ("/a/hinh.png", "image/png"),
        ("/a/so-lieu.json", "application/json"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").unwrap(), ty, "{path}");
        assert_eq!(r.header("x-content-type-options").unwrap(), "nosniff");
    }
    assert_eq!(s.get("/a/bieu-mau.csv").text(), "cột;giá trị\na;1\n");
    // a folder without its slash is redirected so relative links work
    let r = s.get("/a");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location").unwrap(), "/a/");
    // HEAD: the head only
    let r = s.raw(b"HEAD /a/trang.html HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
}

#[test]
fn drafts_are_shown_marked_as_drafts() {
    let h = small();
    h.write(
        "content/a/nhap.md",
        "---\ntitle: Bản đang viết\ndraft: true\n---\nChưa xong.\n",
    );
    let s = Server::start(h.path());
    let r = s.get("/a/nhap.html");
    assert_eq!(r.status, 200);
    let doc = scraper::Html::parse_document(&r.text());
    assert_eq!(texts(&doc, ".badge-draft"), vec!["Bản nháp"]);
    // build without --drafts leaves it out
    h.build().ok();
    assert!(!h.out("a/nhap.html").exists());
}

#[test]
fn a_burst_of_file_events_is_one_rebuild() {
    let h = small();
    let s = Server::start(h.path());
    let before = s.build_number();
    // like a `git checkout`: hundreds of files put in place in a stream (prepared
    // beside the handbook first, so that the stream is as fast as git's)
    let staging = tempfile::tempdir().unwrap();
    for i in 0..300 {
        std::fs::write(
            staging.path().join(format!("trang-{i:03}.md")),
            format!("---\ntitle: Trang {i:03}\n---\nNội dung {i}.\n"),
        )
        .unwrap();
    }
    let dest = h.path().join("content/nhanh");
    std::fs::create_dir_all(&dest).unwrap();
    for i in 0..300 {
        let name = format!("trang-{i:03}.md");
        std::fs::copy(staging.path().join(&name), dest.join(&name)).unwrap();
    }
    for i in 0..40 {
        h.write(
            "content/a/trang.md",
            &format!("---\ntitle: Trang một\nweight: 1\n---\n## Bước một\n\nLần sửa {i}.\n"),
        );
    }
    s.wait_text("/nhanh/trang-299.html", "Nội dung 299.");
    s.wait_text("/a/trang.html", "Lần sửa 39.");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        s.build_number(),
        before + 1,
        "one rebuild for the burst:\n{}",
        s.stderr()
    );
    assert_eq!(s.get("/nhanh/trang-000.html").status, 200);
}

#[test]
fn after_many_edits_the_site_equals_a_clean_build() {
    let h = Handbook::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &h.path().join("content"));
    copy_dir(&repo.join("statistics"), &h.path().join("statistics"));
    std::fs::copy(repo.join("sotay.yaml"), h.path().join("sotay.yaml")).unwrap();
    let s = Server::start(h.path());
    let page = "content/quy-trinh/sinh-hoat-diem.md";
    let read = |p: &str| std::fs::read_to_string(h.path().join(p)).unwrap();
    let mut n = s.build_number();
    let mut step = |edit: &dyn Fn()| {
        edit();
        n = s.wait_build_after(n);
    };

    // body edit
    step(&|| h.write(page, &(read(page) + "\nĐoạn mới.\n")));
    // title change
    step(&|| {
        h.write(
            page,
            &read(page).replacen("title: \"Quy trình", "title: \"Cách làm", 1),
        )
    });
    // add a page
    step(&|| {
        h.write(
            "content/quy-trinh/them.md",
            "---\ntitle: Trang thêm\nweight: 5\n---\n## Mục\n\nThêm.\n",
        )
    });
    // delete a page
    step(&|| h.remove("content/quy-trinh/them.md"));
    // rename a page nobody links to
    step(&|| {
        h.write(
            "content/van-ban/ghi-chu.md",
            "---\ntitle: Ghi chú\n---\nGhi chú.\n",
        );
    });
    step(&|| {
        std::fs::rename(
            h.path().join("content/van-ban/ghi-chu.md"),
            h.path().join("content/van-ban/ghi-chu-moi.md"),
        )
        .unwrap()
    });
    // broken, then fixed front matter
    let good = read(page);
    step(&|| h.write(page, &good.replacen("\n---\n", "\n", 1)));
    assert!(s
        .get("/quy-trinh/sinh-hoat-diem.html")
        .text()
        .contains("sotay-errors"));
    step(&|| h.write(page, &good));
    // a template edit
    let base = std::fs::read_to_string(repo.join("themes/default/templates/page.html")).unwrap();
    let edited = base.replacen("{% block main %}", "{% block main %}<!-- mẫu đã sửa -->", 1);
    assert!(edited != base);
    step(&|| h.write("templates/page.html", &edited));
    s.wait_text("/quy-trinh/sinh-hoat-diem.html", "<!-- mẫu đã sửa -->");
    // a figure changes in the statistics: a full rebuild
    let stats = "statistics/records/minh-hoa.yaml";
    step(&|| {
        h.write(
            stats,
            &read(stats).replacen(
                "period: 2022, value: 82, target: 80",
                "period: 2022, value: 83, target: 80",
                1,
            ),
        )
    });
    // one more body edit after the full rebuild
    step(&|| h.write(page, &(read(page) + "\nĐoạn cuối.\n")));
    s.wait_text("/quy-trinh/sinh-hoat-diem.html", "Đoạn cuối.");

    // the search index is made once edits pause
    s.wait_search_index();

    // a clean build of the same files, outside the handbook folder
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    h.run(&["build", "--drafts", "--out", out_dir.to_str().unwrap()])
        .ok();
    let files = snapshot(&out_dir);
    assert!(files.len() > 25);
    for (rel, bytes) in files {
        if rel == ".sotay-manifest" {
            continue;
        }
        let r = s.get(&format!("/{}", rel.replace(' ', "%20")));
        assert_eq!(r.status, 200, "{rel}");
        let served = if rel.ends_with(".html") {
            strip_live(&r.body)
        } else {
            r.body.clone()
        };
        assert!(
            served == bytes,
            "{rel} differs from a clean build:\n--- clean\n{}\n--- served\n{}",
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&served)
        );
    }
    for gone in ["/quy-trinh/them.html", "/van-ban/ghi-chu.html"] {
        assert_eq!(s.get(gone).status, 404, "{gone}");
    }
}
