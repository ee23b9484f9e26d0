//! The catalogue of broken handbooks: every folder under `tests/broken/` is one case, run as
//! its own test (`cargo test --test catalogue -- CASE` runs one).
//!
//! A case folder is a small handbook (sotay.yaml, content/, templates/ …) plus:
//! - `expected.txt`: lines that must all appear in sotay's error output, one per line
//!   (blank lines and lines starting with `#` are ignored);
//! - `case.txt` (optional): `args: …` extra arguments for `sotay build` (split on spaces),
//!   `seed: no` when there can be no previous output (the output folder itself is the
//!   problem). Lines starting with `#` are comments; say there why a case needs them;
//! - `good/` (optional): the handbook whose output is built first; without it the shared
//!   `tests/broken/_good/` handbook is built into the case's output folder.
//!
//! Each case is copied to a temporary folder (symbolic links stay links), a good build is
//! written to its output folder, then `sotay build` runs on the broken handbook and must:
//! exit with 1; print every expected line; give every error a `help:` line; never panic; and
//! leave every file of the folder — the previous output above all — as it was, byte for
//! byte. The binary runs with a 60-second deadline and a bounded address space, so a bomb
//! that hangs or eats memory fails the case instead of the machine. Folders whose names start
//! with `_` are not cases.
//!
//! Adding a case (a statistics file broken in a new way, say) is adding a folder.

use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A case may not take longer than this; it is a generous bound against hangs, not a timing.
const DEADLINE: Duration = Duration::from_secs(60);
/// Address space for the sotay process, in KiB (`ulimit -v`): a YAML bomb that expands
/// fails on allocation long before the machine runs out of memory.
const MEMORY_KIB: u64 = 4 * 1024 * 1024;

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/broken exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| !file_name(p).starts_with('_'))
        .collect();
    cases.sort();
    let trials = cases
        .into_iter()
        .map(|case| Trial::test(file_name(&case), move || run_case(&case)))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Names in a case folder that are not part of the handbook.
const RESERVED: &[&str] = &["expected.txt", "case.txt", "good"];

struct CaseOptions {
    args: Vec<String>,
    seed: bool,
}

fn read_options(case: &Path) -> Result<CaseOptions, Failed> {
    let mut o = CaseOptions {
        args: Vec::new(),
        seed: true,
    };
    let Ok(text) = std::fs::read_to_string(case.join("case.txt")) else {
        return Ok(o);
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(':').map(|(k, v)| (k.trim(), v.trim())) {
            Some(("args", v)) => o.args = v.split_whitespace().map(str::to_string).collect(),
            Some(("seed", "no")) => o.seed = false,
            Some(("seed", "yes")) => o.seed = true,
            _ => return Err(format!("case.txt: cannot read `{line}`").into()),
        }
    }
    Ok(o)
}

/// The output folder a build with `args` writes to, relative to the handbook.
fn out_dir(args: &[String]) -> String {
    args.iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "public".to_string())
}

fn run_case(case: &Path) -> Result<(), Failed> {
    let expected: Vec<String> = std::fs::read_to_string(case.join("expected.txt"))
        .map_err(|e| format!("{}/expected.txt: {e}", case.display()))?
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if expected.is_empty() {
        return Err("expected.txt lists no message".into());
    }
    let options = read_options(case)?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let logs = tempfile::tempdir().map_err(|e| e.to_string())?;
    let handbook = tmp.path().join("handbook");
    copy_tree(case, &handbook, true);

    if options.seed {
        let good = if case.join("good").is_dir() {
            case.join("good")
        } else {
            case.parent().unwrap().join("_good")
        };
        let out = handbook.join(out_dir(&options.args));
        let args = [
            "build".as_ref(),
            "--root".as_ref(),
            good.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        let seeded = run_sotay(&handbook, &args, logs.path())?;
        if seeded.code != Some(0) {
            return Err(format!("the good build failed:\n{}", seeded.stderr).into());
        }
    }

    let before = snapshot(tmp.path());
    let mut args: Vec<&std::ffi::OsStr> = vec!["build".as_ref()];
    args.extend(options.args.iter().map(std::ffi::OsStr::new));
    let run = run_sotay(&handbook, &args, logs.path())?;
    let err = &run.stderr;

    let mut problems = Vec::new();
    if run.code != Some(1) {
        problems.push(format!("exit code {:?}, expected 1", run.code));
    }
    if err.contains("panicked") {
        problems.push("sotay panicked".to_string());
    }
    for want in &expected {
        if !err.contains(want.as_str()) {
            problems.push(format!("missing message: {want}"));
        }
    }
    let lines: Vec<&str> = err.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.contains(": error: ") && !lines.get(i + 1).is_some_and(|n| n.starts_with("  help: ")) {
            problems.push(format!("no help for: {l}"));
        }
    }
    let after = snapshot(tmp.path());
    if after != before {
        problems.push(describe_changes(&before, &after));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n--- stderr:\n{err}", problems.join("\n")).into())
    }
}

struct Ran {
    code: Option<i32>,
    stderr: String,
}

/// Runs sotay in `cwd` with a deadline and a bounded address space; output goes to files so
/// that a flood of messages cannot block the process.
fn run_sotay(cwd: &Path, args: &[&std::ffi::OsStr], scratch: &Path) -> Result<Ran, Failed> {
    let err_path = scratch.join("stderr.txt");
    let err_file = std::fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_sotay"))
        .args(args)
        .current_dir(cwd)
        .env("RAYON_NUM_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("cannot run sotay: {e}"))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("sotay still ran after {} s; killed", DEADLINE.as_secs()).into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr =
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default()).into_owned();
    Ok(Ran {
        code: status.code(),
        stderr,
    })
}

/// Copies a case folder; symbolic links are recreated as links, never followed.
fn copy_tree(src: &Path, dst: &Path, top: bool) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if top && RESERVED.iter().any(|r| name == *r) {
            continue;
        }
        let (from, to) = (entry.path(), dst.join(&name));
        let ft = entry.file_type().unwrap();
        if ft.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&from).unwrap(), &to).unwrap();
        } else if ft.is_dir() {
            copy_tree(&from, &to, false);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
}

#[derive(PartialEq, Eq, Debug)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every entry under `dir` except sotay's own staging folders, which a failed write may
/// leave half updated by design.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().ends_with(".sotay-shadow"))
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let ft = e.file_type();
            let entry = if ft.is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if ft.is_dir() {
                Entry::Dir
            } else {
                Entry::File(std::fs::read(e.path()).unwrap())
            };
            (rel, entry)
        })
        .collect()
}

fn describe_changes(before: &BTreeMap<PathBuf, Entry>, after: &BTreeMap<PathBuf, Entry>) -> String {
    let mut out = vec!["the failed build changed files:".to_string()];
    for (p, e) in before {
        match after.get(p) {
            None => out.push(format!("  removed {}", p.display())),
            Some(a) if a != e => out.push(format!("  changed {}", p.display())),
            _ => {}
        }
    }
    for p in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("  added {}", p.display()));
    }
    out.join("\n")
}
