//! Broken handbooks: exit 1, every problem with file:line:column and a fix, nothing lost.
//! One broken thing per handbook lives in the catalogue (tests/broken/, tests/catalogue.rs);
//! here are the cases that need several builds, or files that cannot be kept in git.

mod common;
use common::*;

fn ok_page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\nNội dung.\n")
}

#[test]
fn all_errors_are_reported_together_with_positions() {
    let h = Handbook::new(&[
        ("content/a.md", "---\ntitle: A\nweigth: 2\n---\nx\n"),
        (
            "content/b.md",
            "---\ntitle: B\n---\nXem [trang](khong-co.md) và [mục](a.md#khong-co).\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\n---\nXem [ngoài](../../etc/passwd.md).\n",
        ),
        ("content/d.md", "---\ntitle: D\nNội dung\n"),
        ("content/e.md", "Không có tiêu đề.\n"),
        ("content/f.md", "---\ntitle: F\ndate: 16/6/2022\n---\nx\n"),
    ]);
    let r = h.build().fails();
    let e = &r.stderr;
    for want in [
        "content/a.md:3:1: error: unknown key `weigth`\n  help: did you mean `weight`?",
        "content/d.md:1:1: error: the front matter (the `key: value` lines after the `---` on line 1) is never closed",
        "content/e.md:1:1: error: the page has no title",
        "content/f.md:3:1: error: `date` is not a date: 16/6/2022",
    ] {
        assert!(e.contains(want), "missing:\n{want}\nin:\n{e}");
    }
    assert!(e.contains("sotay: 4 errors"), "{e}");
    // link errors come once the pages themselves are fine
    h.write("content/a.md", &ok_page("A"));
    h.write("content/d.md", &ok_page("D"));
    h.write("content/e.md", &ok_page("E"));
    h.write("content/f.md", &ok_page("F"));
    let r = h.build().fails();
    let e = &r.stderr;
    for want in [
        "content/b.md:4:5: error: `khong-co.md` links to a page that does not exist",
        "content/b.md:4:29: error: no heading `#khong-co` in content/a.md",
        "content/c.md:4:5: error: `../../etc/passwd.md` points outside content/",
    ] {
        assert!(e.contains(want), "missing:\n{want}\nin:\n{e}");
    }
}

#[test]
fn misspelled_anchor_and_page_get_suggestions() {
    let h = Handbook::new(&[
        ("content/quy-trinh/sinh-hoat-diem.md", "---\ntitle: S\n---\n## Bước 2: Tổ chức\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\n[x](quy-trinh/sinh-hoat-diem.md#buoc-2-to-chuc-buoi)\n\n[y](quy-trinh/sinh-hoat-dim.md)\n",
        ),
    ]);
    let r = h.build().fails();
    assert!(
        r.stderr.contains("did you mean `#buoc-2-to-chuc`?"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("did you mean `quy-trinh/sinh-hoat-diem.md`?"),
        "{}",
        r.stderr
    );
}

#[test]
#[cfg_attr(
    not(feature = "fault-injection"),
    ignore = "asks for a failure: needs --features fault-injection (scripts/test.sh)"
)]
fn failure_while_writing_leaves_previous_output_whole() {
    let h = Handbook::new(&[
        ("content/a.md", &ok_page("A")),
        ("content/b.md", &ok_page("B")),
    ]);
    h.build().ok();
    h.build().ok(); // the staging tree exists from now on
    let before = h.snapshot("public");
    for i in 0..6 {
        h.write(&format!("content/n{i}.md"), &ok_page(&format!("N{i}")));
    }
    h.write("content/a.md", &ok_page("A đổi"));
    let r = h.run_with_env(&["build"], "SOTAY_FAULT_AFTER_WRITES", "2");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("simulated failure"));
    assert!(
        h.snapshot("public") == before,
        "live output changed by a failed write"
    );
    // and the next build recovers fully
    h.build().ok();
    assert!(h.read("a.html").contains("A đổi"));
    assert!(h.out("n5.html").exists());
}

#[test]
fn incremental_writing_equals_a_build_into_an_empty_folder() {
    let h = Handbook::new(&[
        ("content/a.md", &ok_page("A")),
        ("content/s/b.md", &ok_page("B")),
    ]);
    h.build().ok();
    h.build().ok();
    h.write("content/a.md", &ok_page("A mới"));
    h.remove("content/s/b.md");
    h.write("content/t/c.md", &ok_page("C"));
    h.build().ok();
    h.build().ok();
    h.run(&["build", "--out", "fresh"]).ok();
    let strip = |v: Vec<(String, Vec<u8>)>| v;
    assert!(strip(h.snapshot("public")) == strip(h.snapshot("fresh")));
    assert!(!h.out("s/b.html").exists());
}

#[test]
fn file_name_that_is_not_utf8_is_named_and_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    let name = std::ffi::OsStr::from_bytes(b"b\xe0i.md");
    std::fs::write(h.path().join("content").join(name), ok_page("B")).unwrap();
    let r = h.build().fails();
    assert!(
        r.stderr.contains("error: the file name is not valid UTF-8"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: rename the file"), "{}", r.stderr);
}

#[test]
fn dangling_symbolic_link_is_named() {
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    std::os::unix::fs::symlink("khong-co.pdf", h.path().join("content/mau.pdf")).unwrap();
    let r = h.build().fails();
    assert!(
        r.stderr.contains(
            "content/mau.pdf: error: symbolic link points to something that does not exist"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn template_error_met_after_pages_were_written_leaves_previous_output_whole() {
    // Pages are written into the staging tree while they are rendered; a template error
    // on the section pages, met after page.html pages were written, must not reach the
    // live output.
    let mut files = vec![("content/s/_index.md".to_string(), ok_page("S"))];
    for i in 0..40 {
        files.push((format!("content/s/p{i}.md"), ok_page(&format!("P{i}"))));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let h = Handbook::new(&refs);
    h.build().ok();
    h.build().ok();
    let before = h.snapshot("public");
    for i in 0..40 {
        h.write(
            &format!("content/s/p{i}.md"),
            &ok_page(&format!("P{i} mới")),
        );
    }
    h.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.khong_co }}{% endblock main %}",
    );
    let r = h.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("templates/section.html"), "{}", r.stderr);
    assert!(
        h.snapshot("public") == before,
        "live output changed by a failed build"
    );
    h.remove("templates/section.html");
    h.build().ok();
    assert!(h.read("s/p7.html").contains("P7 mới"));
}

#[test]
fn check_renders_every_page_and_reports_template_errors_writing_nothing() {
    let h = Handbook::new(&[
        ("content/a.md", &ok_page("A")),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.khong_co }}{% endblock main %}",
        ),
    ]);
    let r = h.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("templates/page.html"), "{}", r.stderr);
    assert!(!h.path().join("public").exists());
    assert!(!h.path().join(".public.sotay-shadow").exists());
}

#[test]
#[cfg_attr(
    not(feature = "fault-injection"),
    ignore = "asks for a failure: needs --features fault-injection (scripts/test.sh)"
)]
fn failure_opening_the_staging_folder_leaves_nothing_behind() {
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    let r = h.run_with_env(
        &["build", "--out", "moi/ban/public"],
        "SOTAY_FAULT_STAGING",
        "1",
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("simulated failure"));
    assert!(
        !h.path().join("moi").exists(),
        "the folders made for --out stayed after the staging folder could not be opened"
    );
    // a build with the staging folder of earlier builds keeps it and the live output
    h.build().ok();
    h.build().ok();
    let before = h.snapshot("public");
    let r = h.run_with_env(&["build"], "SOTAY_FAULT_STAGING", "1");
    assert_eq!(r.code, 1);
    assert!(h.snapshot("public") == before);
    assert!(h.path().join(".public.sotay-shadow").is_dir());
}

#[test]
fn failed_first_build_leaves_nothing_behind() {
    let h = Handbook::new(&[
        ("content/a.md", &ok_page("A")),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.khong_co }}{% endblock main %}",
        ),
    ]);
    let r = h.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!h.path().join("public").exists());
    assert!(
        !h.path().join(".public.sotay-shadow").exists(),
        "the staging folder of a failed first build stayed"
    );
    // nor the folders above the output it had to create…
    let r = h.run(&["build", "--out", "moi/ban/public"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        !h.path().join("moi").exists(),
        "the folders made for --out of a failed first build stayed"
    );
    // …but never a folder that was there before
    std::fs::create_dir(h.path().join("co-san")).unwrap();
    let r = h.run(&["build", "--out", "co-san/ban/public"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(h.path().join("co-san").is_dir());
    assert!(!h.path().join("co-san/ban").exists());
    // and a later good build works
    h.remove("templates/page.html");
    h.build().ok();
    assert!(h.read("a.html").contains(">A<"));
}
