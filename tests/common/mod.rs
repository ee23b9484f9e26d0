//! Shared helpers for the integration tests: write a fixture handbook into a temporary
//! folder, run the real `sotay` binary on it, and read what it produced.
#![allow(dead_code)]

pub mod browser;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A handbook in a temporary folder.
pub struct Handbook {
    pub dir: tempfile::TempDir,
}

/// The result of running sotay.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Asserts success and returns self.
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "sotay failed:\n{}", self.stderr);
        self
    }

    /// Asserts the handbook-error exit code (1) and returns self.
    pub fn fails(self) -> Run {
        assert_eq!(
            self.code, 1,
            "expected exit 1, got {}:\n{}",
            self.code, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}

/// The sotay binary built for these tests.
pub fn sotay_bin() -> &'static str {
    env!("CARGO_BIN_EXE_sotay")
}

/// Runs sotay with arguments in `cwd`.
pub fn sotay(cwd: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(sotay_bin())
            .args(args)
            .current_dir(cwd)
            .output()
            .expect("run sotay"),
    )
}

impl Handbook {
    /// An empty folder.
    pub fn empty() -> Handbook {
        Handbook {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A handbook with `sotay.yaml` (title "Sổ tay thử") and the given files.
    pub fn new(files: &[(&str, &str)]) -> Handbook {
        let h = Handbook::empty();
        h.write("sotay.yaml", "title: \"Sổ tay thử\"\n");
        for (p, t) in files {
            h.write(p, t);
        }
        h
    }

    /// A copy of a fixture folder under tests/fixtures/.
    pub fn fixture(name: &str) -> Handbook {
        let h = Handbook::empty();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, h.path());
        h
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }

    /// `sotay build` in the handbook folder.
    pub fn build(&self) -> Run {
        sotay(self.path(), &["build"])
    }

    pub fn run(&self, args: &[&str]) -> Run {
        sotay(self.path(), args)
    }

    /// [`Handbook::run`] with one more environment variable (the failures the tests ask
    /// for, `SOTAY_FAULT_*`: see `fault` in src/write.rs).
    pub fn run_with_env(&self, args: &[&str], key: &str, value: &str) -> Run {
        Run::from(
            Command::new(sotay_bin())
                .args(args)
                .current_dir(self.path())
                .env(key, value)
                .output()
                .expect("run sotay"),
        )
    }

    pub fn out(&self, rel: &str) -> PathBuf {
        self.path().join("public").join(rel)
    }

    /// A file of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        let p = self.out(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }

    /// A page of the output, parsed.
    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }

    /// Every file of the output folder with its bytes, for comparisons.
    pub fn snapshot(&self, out: &str) -> Vec<(String, Vec<u8>)> {
        snapshot(&self.path().join(out))
    }
}

/// Every file under `dir` (relative path, bytes), sorted.
/// The repository: its content/ is the bundled example handbook.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the bundled example into `<tmp>/site`; the site lives as long as the returned
/// folder.
pub fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let root = repo();
    let dest = out.path().join("site");
    sotay(
        &root,
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            dest.to_str().unwrap(),
        ],
    )
    .ok();
    out
}

pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Texts of the elements matching a CSS selector.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// An attribute of the elements matching a CSS selector.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}
