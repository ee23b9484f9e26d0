//! Broken handbooks: exit 1, every problem with file:line:column and a fix, nothing lost.

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
        "content/d.md:1:1: error: the front matter is not closed",
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
fn invalid_utf8_names_the_byte() {
    let h = Handbook::new(&[]);
    h.write_bytes("content/a.md", b"---\ntitle: A\n---\nab\xff\n");
    let r = h.build().fails();
    assert!(
        r.stderr
            .contains("content/a.md:4:3: error: not valid UTF-8 (byte 19)"),
        "{}",
        r.stderr
    );
}

#[test]
fn two_sources_one_output_path() {
    let h = Handbook::new(&[
        ("content/a/_index.md", &ok_page("A")),
        ("content/a/index.md", &ok_page("A2")),
    ]);
    let r = h.build().fails();
    assert!(
        r.stderr.contains("would both be written to a/index.html"),
        "{}",
        r.stderr
    );
}

#[test]
fn configuration_errors() {
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    h.write("sotay.yaml", "title: X\nlanguge: en\n");
    let r = h.build().fails();
    assert!(
        r.stderr.contains(
            "sotay.yaml:2:1: error: unknown key `languge`\n  help: did you mean `language`?"
        ),
        "{}",
        r.stderr
    );
    h.remove("sotay.yaml");
    let r = h.build().fails();
    assert!(
        r.stderr
            .contains("sotay.yaml: error: cannot read the configuration"),
        "{}",
        r.stderr
    );
}

#[test]
fn template_error_names_template_file_and_line() {
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    h.write("templates/page.html", "<p>\n{{ page.title }\n</p>\n");
    let r = h.build().fails();
    assert!(r.stderr.contains("templates/page.html:2:"), "{}", r.stderr);
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let h = Handbook::new(&[
        ("content/a.md", &ok_page("A")),
        ("content/b.md", &ok_page("B")),
    ]);
    h.build().ok();
    let before = h.snapshot("public");
    h.write("content/b.md", "---\ntitle: [B\n---\n");
    h.build().fails();
    assert!(
        h.snapshot("public") == before,
        "output changed by a failed build"
    );
}

#[test]
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
    let r = std::process::Command::new(sotay_bin())
        .arg("build")
        .current_dir(h.path())
        .env("SOTAY_TEST_FAIL_AFTER_WRITES", "2")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("simulated failure"));
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
fn refuses_output_folders_it_does_not_own_or_inside_content() {
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    h.write("khac/ghi-chu.txt", "của người khác");
    let r = h.run(&["build", "--out", "khac"]).fails();
    assert!(r.stderr.contains("was not made by sotay"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(h.path().join("khac/ghi-chu.txt")).unwrap(),
        "của người khác"
    );
    let r = h.run(&["build", "--out", "content/public"]).fails();
    assert!(r.stderr.contains("overlaps content/"), "{}", r.stderr);
    let r = h.run(&["build", "--out", "."]).fails();
    assert!(r.stderr.contains("handbook itself"), "{}", r.stderr);
}

#[test]
fn symlink_out_of_content_is_not_published() {
    let h = Handbook::new(&[("content/a.md", &ok_page("A"))]);
    h.write("bi-mat.txt", "secret");
    std::os::unix::fs::symlink(h.path().join("bi-mat.txt"), h.path().join("content/lo.txt"))
        .unwrap();
    let r = h.build().fails();
    assert!(
        r.stderr
            .contains("content/lo.txt: error: symbolic link points outside content/"),
        "{}",
        r.stderr
    );
    assert!(!h.out("lo.txt").exists());
}
