//! The preview's incremental rebuilds (`pipeline::Session`) against clean builds: after
//! every edit, the site the session holds must equal `pipeline::build` byte for byte, and
//! a failed rebuild must leave the last good site exactly as it was.

use sotay::pipeline::{self, BuildOptions, Changes, RebuiltKind, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Site = BTreeMap<String, Vec<u8>>;

/// With an address, builds also write a sitemap and absolute links in the 404 page.
const BASE_URL: &str = "https://intranet.example/so-tay/";

struct Fixture {
    dir: tempfile::TempDir,
    drafts: bool,
    session: Session,
    last_good: Site,
}

fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = dst.join(e.path().strip_prefix(src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn snapshot(output: &sotay::write::Output) -> Site {
    output
        .iter()
        .map(|(k, f)| (k.clone(), f.bytes().unwrap().into_owned()))
        .collect()
}

impl Fixture {
    /// The bundled example handbook in a temporary folder, built once.
    fn bundled(drafts: bool) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        copy_dir(&repo.join("statistics"), &dir.path().join("statistics"));
        std::fs::copy(repo.join("sotay.yaml"), dir.path().join("sotay.yaml")).unwrap();
        let mut session = Session::new(BuildOptions {
            root: dir.path().to_path_buf(),
            drafts,
            base_url: Some(BASE_URL.to_string()),
        });
        let r = session
            .rebuild(&Changes::everything())
            .expect("first build");
        assert_eq!(r.kind, RebuiltKind::Full);
        let last_good = snapshot(session.output().unwrap());
        let mut f = Fixture {
            dir,
            drafts,
            session,
            last_good,
        };
        f.assert_equals_clean_build("first build");
        f
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn clean_build(&self) -> Result<Site, String> {
        pipeline::build(&BuildOptions {
            root: self.dir.path().to_path_buf(),
            drafts: self.drafts,
            base_url: Some(BASE_URL.to_string()),
        })
        .map(|b| snapshot(&b.output))
        .map_err(|d| d.to_string())
    }

    fn assert_equals_clean_build(&mut self, what: &str) {
        let clean = self
            .clean_build()
            .unwrap_or_else(|e| panic!("{what}: clean build failed:\n{e}"));
        let served = snapshot(self.session.output().unwrap());
        let only_clean: Vec<_> = clean.keys().filter(|k| !served.contains_key(*k)).collect();
        let only_served: Vec<_> = served.keys().filter(|k| !clean.contains_key(*k)).collect();
        assert!(
            only_clean.is_empty() && only_served.is_empty(),
            "{what}: files differ: only in clean build {only_clean:?}, only in session {only_served:?}"
        );
        for (k, v) in &clean {
            assert!(
                served[k] == *v,
                "{what}: {k} differs from a clean build:\n--- clean\n{}\n--- session\n{}",
                String::from_utf8_lossy(v),
                String::from_utf8_lossy(&served[k])
            );
        }
        self.last_good = served;
    }

    /// Rebuilds after changes to `touched` (paths under content/) and maybe to other
    /// files (found by listing content/); expects success.
    fn rebuild_ok(&mut self, touched: &[&str], what: &str) -> RebuiltKind {
        self.rebuild_changes(touched, false, what)
    }

    /// Rebuilds after writes to the existing pages `touched` only (as the watcher says
    /// when it saw nothing else: content/ is not listed again); expects success.
    fn rebuild_written(&mut self, touched: &[&str], what: &str) -> RebuiltKind {
        self.rebuild_changes(touched, true, what)
    }

    fn rebuild_changes(
        &mut self,
        touched: &[&str],
        only_modified: bool,
        what: &str,
    ) -> RebuiltKind {
        let changes = Changes {
            full: false,
            sources: touched.iter().map(|s| s.to_string()).collect(),
            only_modified,
        };
        let r = self
            .session
            .rebuild(&changes)
            .unwrap_or_else(|d| panic!("{what}: rebuild failed:\n{d}"));
        self.assert_equals_clean_build(what);
        r.kind
    }

    /// Rebuilds and expects the errors to name `needle`; the last good site must stay.
    fn rebuild_fails(&mut self, touched: &[&str], needle: &str, what: &str) {
        let changes = Changes {
            full: false,
            sources: touched.iter().map(|s| s.to_string()).collect(),
            only_modified: false,
        };
        let err = match self.session.rebuild(&changes) {
            Ok(_) => panic!("{what}: rebuild should fail"),
            Err(d) => d.to_string(),
        };
        assert!(err.contains(needle), "{what}: {err}");
        let clean = self.clean_build().expect_err("clean build must fail too");
        assert_eq!(clean, err, "{what}: the same errors as a clean build");
        let now = snapshot(self.session.output().unwrap());
        assert!(now == self.last_good, "{what}: the last good site changed");
    }
}

const PAGE: &str = "quy-trinh/sinh-hoat-diem.md";
const LINKED: &str = "gioi-thieu/bon-tieu-chi.md";

#[test]
fn a_body_edit_rerenders_only_that_page() {
    let mut f = Fixture::bundled(true);
    let p = format!("content/{PAGE}");
    let text = f.read(&p) + "\nMột dòng mới ở cuối trang.\n";
    f.write(&p, &text);
    assert_eq!(f.rebuild_written(&[PAGE], "body edit"), RebuiltKind::Pages);
    let html = String::from_utf8(f.last_good["quy-trinh/sinh-hoat-diem.html"].clone()).unwrap();
    assert!(html.contains("Một dòng mới ở cuối trang."));
}

#[test]
fn a_sequence_of_edits_equals_a_clean_build_each_time() {
    let mut f = Fixture::bundled(true);
    let p = format!("content/{PAGE}");

    // body edit
    f.write(&p, &(f.read(&p) + "\nThêm một đoạn.\n"));
    assert_eq!(f.rebuild_written(&[PAGE], "body edit"), RebuiltKind::Pages);

    // title change: every page's navigation may show it
    let text = f.read(&p);
    let retitled = text.replacen(
        "title: \"Quy trình sinh hoạt điểm\"",
        "title: \"Sinh hoạt điểm (mới)\"",
        1,
    );
    assert!(text != retitled, "the fixture's title line changed");
    f.write(&p, &retitled);
    assert_eq!(
        f.rebuild_written(&[PAGE], "title change"),
        RebuiltKind::Tree
    );

    // weight and description change
    let t = f.read(&p).replacen("weight: ", "weight: 9", 1);
    f.write(&p, &t);
    assert_eq!(
        f.rebuild_written(&[PAGE], "weight change"),
        RebuiltKind::Tree
    );

    // add a page (and a new folder), found without a hint
    f.write(
        "content/phu-luc/moi.md",
        "---\ntitle: Trang mới\n---\n## Mục một\n\nXem [sinh hoạt điểm](../quy-trinh/sinh-hoat-diem.md).\n",
    );
    assert_eq!(
        f.rebuild_ok(&[], "add page in new folder"),
        RebuiltKind::Tree
    );

    // link to a heading of the new page from an existing page (body edit only)
    let q = format!("content/{LINKED}");
    f.write(
        &q,
        &(f.read(&q) + "\nXem [mục một](../phu-luc/moi.md#muc-mot).\n"),
    );
    assert_eq!(
        f.rebuild_written(&[LINKED], "link to new page"),
        RebuiltKind::Pages
    );

    // remove the heading the link points at: the *other* page is now broken
    f.write(
        "content/phu-luc/moi.md",
        "---\ntitle: Trang mới\n---\nKhông còn mục.\n",
    );
    f.rebuild_fails(
        &["phu-luc/moi.md"],
        "no heading `#muc-mot`",
        "heading removed",
    );
    // put it back under another wording: fixed
    f.write(
        "content/phu-luc/moi.md",
        "---\ntitle: Trang mới\n---\n## Mục một\n\nĐã sửa.\n",
    );
    assert_eq!(
        f.rebuild_written(&["phu-luc/moi.md"], "heading back"),
        RebuiltKind::Pages
    );

    // broken then fixed front matter
    let good = f.read(&p);
    f.write(&p, &good.replacen("weight:", "weigth:", 1));
    f.rebuild_fails(&[PAGE], "did you mean `weight`", "misspelled key");
    f.write(&p, &good.replacen("\n---\n", "\n", 1));
    f.rebuild_fails(&[PAGE], "is never closed", "unclosed front matter");
    f.write(&p, &good);
    f.rebuild_written(&[PAGE], "front matter fixed");

    // rename a page that others link to: links break, then are fixed
    std::fs::rename(
        f.path("content/phu-luc/moi.md"),
        f.path("content/phu-luc/trang-moi.md"),
    )
    .unwrap();
    f.rebuild_fails(&[], "does not exist", "renamed link target");
    let t = f
        .read(&q)
        .replace("../phu-luc/moi.md#", "../phu-luc/trang-moi.md#");
    f.write(&q, &t);
    assert_eq!(
        f.rebuild_ok(&[LINKED], "link fixed after rename"),
        RebuiltKind::Tree
    );

    // delete a page others link to: broken; bring it back: fixed
    let gone = "content/quy-trinh/sinh-hoat-to-dang.md";
    let kept = f.read(gone);
    std::fs::remove_file(f.path(gone)).unwrap();
    f.rebuild_fails(
        &[],
        "links to a page that does not exist",
        "linked page deleted",
    );
    f.write(gone, &kept);
    // the last good site still has the page as it was: only that page is rendered again
    assert_eq!(f.rebuild_ok(&[], "page back"), RebuiltKind::Pages);
    // delete a folder nobody links to any more
    let t = f
        .read(&q)
        .replace("\nXem [mục một](../phu-luc/trang-moi.md#muc-mot).\n", "\n");
    f.write(&q, &t);
    std::fs::remove_dir_all(f.path("content/phu-luc")).unwrap();
    assert_eq!(f.rebuild_ok(&[LINKED], "folder deleted"), RebuiltKind::Tree);

    // a copied file appears, then goes
    f.write("content/bieu-mau/mau.csv", "a;b\n1;2\n");
    f.rebuild_ok(&[], "asset added");
    std::fs::remove_file(f.path("content/bieu-mau/mau.csv")).unwrap();
    f.rebuild_ok(&[], "asset removed");

    // statistics blocks in a page: a block changed, then one removed (its CSV goes too)
    let nt = "content/ket-qua/nui-thanh.md";
    let text = f.read(nt);
    f.write(
        nt,
        &text.replacen("periods: [2021, 2022]", "periods: [2022]", 1),
    );
    assert_eq!(
        f.rebuild_written(&["ket-qua/nui-thanh.md"], "block changed"),
        RebuiltKind::Pages
    );
    f.write(
        nt,
        &text.replacen(
            "```thong-ke\nindicator: sang-loc\nunit: nui-thanh\n```\n",
            "",
            1,
        ),
    );
    assert_eq!(
        f.rebuild_written(&["ket-qua/nui-thanh.md"], "block removed"),
        RebuiltKind::Pages
    );
    f.write(
        nt,
        &text.replacen("periods: [2021, 2022]", "periods: [2030]", 1),
    );
    let e = f
        .session
        .rebuild(&Changes::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("content/ket-qua/nui-thanh.md:"), "{e}");
    f.write(nt, &text);
    f.rebuild_written(&["ket-qua/nui-thanh.md"], "block back");

    // documents: a page mentioning one (linked to it), then the document's own facts
    let men = "content/quy-trinh/du-sinh-hoat-chi-bo.md";
    f.write(men, &(f.read(men) + "\nXem thêm Nghị quyết 21-NQ/TW.\n"));
    assert_eq!(
        f.rebuild_written(&["quy-trinh/du-sinh-hoat-chi-bo.md"], "mention"),
        RebuiltKind::Pages
    );
    let doc = "content/van-ban/nghi-quyet-21-nq-tw.md";
    f.write(doc, &f.read(doc).replacen("(khóa XIII)", "khóa XIII", 1));
    assert_eq!(
        f.rebuild_written(&["van-ban/nghi-quyet-21-nq-tw.md"], "document issuer"),
        RebuiltKind::Tree
    );
    f.write(
        doc,
        &f.read(doc)
            .replacen("number: \"21-NQ/TW\"", "number: \"21-NQ/TW-moi\"", 1),
    );
    f.rebuild_ok(&["van-ban/nghi-quyet-21-nq-tw.md"], "document number");

    // a figure changes in the statistics: a full rebuild
    let stats = "statistics/records/minh-hoa.yaml";
    let figures = f.read(stats);
    let changed = figures.replacen(
        "period: 2022, value: 82, target: 80",
        "period: 2022, value: 83, target: 80",
        1,
    );
    assert!(changed != figures);
    f.write(stats, &changed);
    let r = f.session.rebuild(&Changes::everything()).unwrap();
    assert_eq!(r.kind, RebuiltKind::Full);
    f.assert_equals_clean_build("statistics edit");

    // a template override: a full rebuild
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    f.write(
        "templates/page.html",
        &base.replacen("{%", "{# sửa #}{%", 1),
    );
    let r = f.session.rebuild(&Changes::everything()).unwrap();
    assert_eq!(r.kind, RebuiltKind::Full);
    f.assert_equals_clean_build("template edit");

    // a broken template keeps the last good site; the next content edit still waits for
    // a good full build
    f.write("templates/page.html", "{% if %}");
    let err = f
        .session
        .rebuild(&Changes::everything())
        .unwrap_err()
        .to_string();
    assert!(err.contains("templates/page.html"), "{err}");
    f.write(&p, &(f.read(&p) + "\nSau lỗi mẫu.\n"));
    assert!(f.session.rebuild(&Changes::default()).is_err());
    std::fs::remove_file(f.path("templates/page.html")).unwrap();
    let r = f.session.rebuild(&Changes::default()).unwrap();
    assert_eq!(r.kind, RebuiltKind::Full);
    f.assert_equals_clean_build("template fixed");
}

#[test]
fn drafts_hidden_and_shown() {
    for drafts in [false, true] {
        let mut f = Fixture::bundled(drafts);
        let p = format!("content/{PAGE}");
        let text = f.read(&p);
        f.write(&p, &text.replacen("---\n", "---\ndraft: true\n", 1));
        // other pages link to it: without --drafts those links break
        match f.session.rebuild(&Changes::default()) {
            Ok(_) => f.assert_equals_clean_build("draft on"),
            Err(e) => {
                assert!(!drafts, "{e}");
                assert!(e.to_string().contains("draft"), "{e}");
            }
        }
        // an edit of the draft's body
        f.write(&p, &(f.read(&p) + "\nNháp.\n"));
        if drafts {
            assert_eq!(f.rebuild_written(&[PAGE], "draft body"), RebuiltKind::Pages);
        }
        f.write(&p, &text);
        f.rebuild_ok(&[PAGE], "draft off");
    }
}

/// A small deterministic random generator (no dependency needed for a test).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn random_edits_equal_a_clean_build() {
    let mut f = Fixture::bundled(true);
    let mut rng = Lcg(0x5eed);
    let mut made: BTreeSet<String> = BTreeSet::new();
    for step in 0..30 {
        let pages: Vec<String> = walkdir::WalkDir::new(f.path("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| {
                e.path()
                    .strip_prefix(f.path("content"))
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let rel = pages[rng.next(pages.len())].clone();
        let file = format!("content/{rel}");
        let text = f.read(&file);
        let mut written = true;
        let what = match rng.next(7) {
            0 | 1 => {
                f.write(&file, &format!("{text}\nĐoạn thêm {step}.\n"));
                "append"
            }
            2 => {
                f.write(
                    &file,
                    &text.replacen("title: \"", &format!("title: \"{step} "), 1),
                );
                "retitle"
            }
            3 => {
                f.write(&file, &format!("{text}\n## Mục {step}\n\nNội dung.\n"));
                "heading"
            }
            4 => {
                let dir = ["gioi-thieu", "van-ban", "moi"][rng.next(3)];
                let new = format!("{dir}/them-{step}.md");
                f.write(
                    &format!("content/{new}"),
                    &format!(
                        "---\ntitle: Trang {step}\nweight: {}\n---\nNội dung {step}.\n",
                        rng.next(50)
                    ),
                );
                made.insert(new);
                written = false;
                "add"
            }
            5 => match made.iter().next().cloned() {
                Some(m) => {
                    std::fs::remove_file(f.path(&format!("content/{m}"))).unwrap();
                    made.remove(&m);
                    written = false;
                    "delete"
                }
                None => "nothing",
            },
            _ => match made.iter().last().cloned() {
                Some(m) => {
                    let to = m.replace(".md", "-doi-ten.md");
                    std::fs::rename(
                        f.path(&format!("content/{m}")),
                        f.path(&format!("content/{to}")),
                    )
                    .unwrap();
                    made.remove(&m);
                    made.insert(to);
                    written = false;
                    "rename"
                }
                None => "nothing",
            },
        };
        f.rebuild_changes(
            &[rel.as_str()],
            written,
            &format!("step {step}: {what} {rel}"),
        );
    }
}

#[test]
fn a_title_change_renders_only_the_pages_that_show_it() {
    let mut f = Fixture::bundled(true);
    // what a full rebuild renders: every page, print view and site-wide file
    let total = f.session.rebuild(&Changes::everything()).unwrap().rendered;
    let p = format!("content/{PAGE}");
    f.write(&p, &f.read(&p).replacen("title: \"", "title: \"Mới: ", 1));
    let r = f
        .session
        .rebuild(&Changes {
            sources: [PAGE.to_string()].into(),
            only_modified: true,
            ..Changes::default()
        })
        .unwrap();
    assert_eq!(r.kind, RebuiltKind::Tree);
    // the page, its section, its neighbours and siblings (their navigation shows it), the 404
    assert!(
        r.rendered > 3 && r.rendered < total,
        "{} of {total}",
        r.rendered
    );
    f.assert_equals_clean_build("title change");
}
