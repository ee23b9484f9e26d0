//! Stage 5, write: put the rendered site on disk atomically and cheaply.
//!
//! Readers never see a half-written site, and a failed build leaves the previous output as
//! it was. sotay keeps a second tree beside the output folder (`.NAME.sotay-shadow`), brings
//! it up to date — writing only files whose bytes changed, removing only files it wrote
//! itself — and then exchanges the two folders in one atomic rename. Each tree lists the
//! files sotay wrote in `.sotay-manifest`; files someone else put in the output folder are
//! carried over, never deleted.
//!
//! Beside the output, [`fingerprints`] keeps what sotay knew of each file it wrote: a build
//! that would write the same bytes to a file the system still describes the same way
//! leaves it without reading it back; any other file is read and compared.

pub mod fingerprints;

use crate::diagnostics::Diagnostic;
use fingerprints::Fingerprint;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

/// The list of files sotay wrote, kept in each output tree.
pub const MANIFEST: &str = ".sotay-manifest";

/// The bytes of one output file.
#[derive(Debug, Clone)]
pub enum OutputFile {
    Bytes(Vec<u8>),
    /// Bytes shared with a site kept in memory (the preview keeps its pages this way, so
    /// handing a new version of the site to the server copies no page).
    Shared(std::sync::Arc<Vec<u8>>),
    Static(&'static [u8]),
    /// Copied from this file.
    Copy(PathBuf),
}

impl OutputFile {
    /// The file's bytes (reads a copied file).
    pub fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            OutputFile::Bytes(b) => b.as_slice().into(),
            OutputFile::Shared(b) => b.as_slice().into(),
            OutputFile::Static(b) => (*b).into(),
            OutputFile::Copy(p) => std::fs::read(p)?.into(),
        })
    }
}

/// A complete site: output path (relative, `/`-separated) → bytes.
pub type Output = BTreeMap<String, OutputFile>;

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// A hash of a file's bytes, the same on every build (FxHash has no random seed; a 32-bit or
/// big-endian machine gives others): not cryptographic, it tells versions of a file apart.
/// The search index's id and the versions in the URLs of a theme's files are made of it.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// The shadow tree that sits beside `out`.
pub fn shadow_path(out: &Path) -> PathBuf {
    beside(out, "sotay-shadow")
}

/// sotay's own `.NAME.KIND` beside the output folder `out` (`.public.sotay-shadow`).
fn beside(out: &Path, kind: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    out.with_file_name(format!(".{name}.{kind}"))
}

fn err(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    let help = match e.kind() {
        io::ErrorKind::PermissionDenied => {
            "sotay may not write there: choose another output folder with --out, or ask for write access"
        }
        io::ErrorKind::NotADirectory | io::ErrorKind::AlreadyExists => {
            "a file stands where sotay needs a folder: choose another output folder with --out"
        }
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "the disk is full: free some space and build again"
        }
        io::ErrorKind::ReadOnlyFilesystem => {
            "the disk is read-only: choose another output folder with --out"
        }
        _ => "check that the output folder can be written, or choose another one with --out",
    };
    Diagnostic::new(path, format!("{what}: {e}")).help(help)
}

/// The first part of `out` that exists, when it is not a folder (`--out report.pdf/site`).
fn file_in_the_way(out: &Path) -> Option<&Path> {
    out.ancestors()
        .skip(1)
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| p.symlink_metadata().is_ok())
        .filter(|p| !p.is_dir())
}

/// Writes `output` to the folder `out` atomically.
pub fn write_output(out: &Path, output: &Output) -> Result<WriteReport, Diagnostic> {
    let staging = Staging::open(out)?;
    output
        .par_iter()
        .try_for_each(|(rel, file)| staging.write(rel, file))?;
    staging.commit()
}

/// Where a build puts its files as it makes them: the staging tree of [`Staging`], or
/// memory ([`Memory`]) for the preview. Called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, path: &str, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Files thrown away as they come (`sotay check`: every error a build would report, with
/// nothing kept or written).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _file: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Files kept in memory.
#[derive(Default)]
pub struct Memory(std::sync::Mutex<Output>);

impl Memory {
    pub fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, file: OutputFile) -> Result<(), Diagnostic> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(path.to_string(), file);
        Ok(())
    }
}

/// A new version of the output folder being written: files go into the shadow tree as they
/// are made (only those whose bytes changed are written), and [`Staging::commit`] swaps the
/// tree in. Dropped without a commit, it leaves the live output as it was.
pub struct Staging {
    out: PathBuf,
    tree: PathBuf,
    /// What the shadow tree's manifest listed when the build began…
    old: BTreeSet<String>,
    /// …and the fingerprints of its files that can be trusted.
    known: FxHashMap<String, Fingerprint>,
    /// Files of the live output that sotay did not write, carried over.
    foreign: Vec<String>,
    state: std::sync::Mutex<StagingState>,
    /// The shadow tree did not exist before this build.
    created: bool,
    /// Folders above the output that this build created (deepest first).
    created_parents: Vec<PathBuf>,
    written: std::sync::atomic::AtomicUsize,
    unchanged: std::sync::atomic::AtomicUsize,
    /// A failure the tests ask for, after some files written ([`fault`]).
    fail_after: fault::AfterWrites,
}

#[derive(Default)]
struct StagingState {
    /// Every path put so far.
    made: BTreeSet<String>,
    /// Folders known to exist in the tree.
    dirs: std::collections::HashSet<PathBuf>,
    /// The manifest, open for appending the paths it does not list yet: if the build
    /// stops half-way, it still names every file sotay may have written.
    manifest: Option<std::fs::File>,
    /// The fingerprint of each file put so far, as the tree now holds it.
    fingerprints: FxHashMap<String, Fingerprint>,
}

impl Staging {
    /// Checks the output folder and prepares its shadow tree.
    pub fn open(out: &Path) -> Result<Staging, Diagnostic> {
        if let Some(file) = file_in_the_way(out) {
            return Err(Diagnostic::new(
                out,
                format!(
                    "cannot create the output folder: {} is a file, not a folder",
                    file.display()
                ),
            )
            .help("choose an output folder in a folder you can write to, with --out"));
        }
        let out_manifest = if out.exists() {
            if !out.is_dir() {
                return Err(
                    Diagnostic::new(out, "the output path exists and is a file, not a folder")
                        .help("choose another output folder with --out; sotay never overwrites a file it did not write"),
                );
            }
            match read_manifest(out) {
                Some(m) => Some(m),
                None if is_empty_dir(out) => None,
                None => {
                    return Err(Diagnostic::new(
                        out,
                        "the output folder is not empty and was not made by sotay (it has no .sotay-manifest)",
                    )
                    .help("sotay never overwrites files it did not create: choose an empty or new folder with --out, or empty this one yourself"))
                }
            }
        } else {
            None
        };
        let tree = shadow_path(out);
        if tree.exists() && read_manifest(&tree).is_none() && !is_empty_dir(&tree) {
            return Err(Diagnostic::new(
                &tree,
                "this folder is in the way of sotay's staging folder and was not made by sotay",
            )
            .help("move it away; sotay uses it to write the output atomically"));
        }
        let mut created_parents = Vec::new();
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            created_parents = parent
                .ancestors()
                .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
                .map(Path::to_path_buf)
                .collect();
            if let Err(e) = std::fs::create_dir_all(parent) {
                remove_empty(&created_parents);
                return Err(err(parent, "cannot create the folder", e));
            }
        }
        // Files someone else put into the live output are carried over to the new one.
        let foreign: Vec<String> = match &out_manifest {
            Some(m) => list_files(out)
                .into_iter()
                .filter(|f| f != MANIFEST && !m.contains(f))
                .collect(),
            None => Vec::new(),
        };
        let created = !tree.exists();
        let (old, manifest) = match open_tree(&tree) {
            Ok(opened) => opened,
            Err(e) => {
                // nothing is left of what this build made before it failed
                if created {
                    let _ = std::fs::remove_dir_all(&tree);
                }
                remove_empty(&created_parents);
                return Err(e);
            }
        };
        let known = fingerprints::read(out, &tree);
        Ok(Staging {
            out: out.to_path_buf(),
            tree,
            old,
            known,
            foreign,
            state: std::sync::Mutex::new(StagingState {
                manifest: Some(manifest),
                ..StagingState::default()
            }),
            created,
            created_parents,
            written: Default::default(),
            unchanged: Default::default(),
            fail_after: fault::AfterWrites::asked(),
        })
    }

    /// Gives up after a failed build: the live output is as it was, and a staging tree
    /// this build made itself (the first build of a handbook) is removed again, with the
    /// folders above the output it had to create (`--out a/b/public`), so that a failed
    /// first build leaves nothing behind. A tree kept from earlier builds stays: the next
    /// build brings it up to date.
    pub fn abandon(self) {
        let st = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        drop(st.manifest);
        if self.created {
            // everything in it was written by this build
            let _ = std::fs::remove_dir_all(&self.tree);
        }
        remove_empty(&self.created_parents);
    }

    fn state(&self) -> std::sync::MutexGuard<'_, StagingState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Notes `rel` as made and makes its folder; says whether the folder is new.
    fn prepare(&self, rel: &str) -> Result<(), Diagnostic> {
        let mut st = self.state();
        st.made.insert(rel.to_string());
        if !self.old.contains(rel) {
            use std::io::Write;
            if let Some(m) = st.manifest.as_mut() {
                m.write_all(format!("{rel}\n").as_bytes())
                    .map_err(|e| err(&self.tree.join(MANIFEST), "cannot write", e))?;
            }
        }
        let Some(parent) = Path::new(rel)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        else {
            return Ok(());
        };
        if st.dirs.contains(parent) {
            return Ok(());
        }
        // Each folder from the top: a file standing where a folder goes is replaced.
        let mut missing: Vec<&Path> = parent
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .take_while(|p| !st.dirs.contains(*p))
            .collect();
        missing.reverse();
        for d in missing {
            let full = self.tree.join(d);
            if full.is_file() {
                std::fs::remove_file(&full)
                    .map_err(|e| err(&full, "cannot replace a file by a folder", e))?;
            }
            if !full.is_dir() {
                std::fs::create_dir_all(&full)
                    .map_err(|e| err(&full, "cannot create the folder", e))?;
            }
            st.dirs.insert(d.to_path_buf());
        }
        Ok(())
    }

    /// Swaps the new tree in: the files no longer made are removed from it (only those
    /// sotay wrote), files of others carried over, its manifest written, then it takes the
    /// place of the live output in one rename.
    pub fn commit(self) -> Result<WriteReport, Diagnostic> {
        let mut st = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        drop(st.manifest.take());
        let foreign: Vec<&String> = self
            .foreign
            .iter()
            .filter(|f| !st.made.contains(*f))
            .collect();
        for f in &foreign {
            let (src, dst) = (self.out.join(f), self.tree.join(f));
            let bytes = std::fs::read(&src).map_err(|e| err(&src, "cannot read", e))?;
            if let Some(parent) = dst.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| err(parent, "cannot create the folder", e))?;
            }
            if !same_content(&dst, &bytes) {
                std::fs::write(&dst, &bytes).map_err(|e| err(&dst, "cannot write", e))?;
            }
        }
        let mut report = WriteReport {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed: 0,
        };
        // Remove what sotay wrote before and no longer makes.
        for stale in self
            .old
            .iter()
            .filter(|f| !st.made.contains(*f) && !foreign.contains(f))
        {
            let p = self.tree.join(stale);
            if p.is_file() && std::fs::remove_file(&p).is_ok() {
                report.removed += 1;
                remove_empty_parents(&self.tree, &p);
            }
        }
        let mpath = self.tree.join(MANIFEST);
        let manifest: String = st.made.iter().map(|k| format!("{k}\n")).collect();
        std::fs::write(&mpath, manifest).map_err(|e| err(&mpath, "cannot write", e))?;
        fingerprints::record(&self.out, &self.tree, &self.out, &st.fingerprints);
        if self.out.exists() {
            exchange(&self.tree, &self.out)
                .map_err(|e| err(&self.out, "cannot swap in the new output", e))?;
        } else {
            std::fs::rename(&self.tree, &self.out)
                .map_err(|e| err(&self.out, "cannot move the new output in place", e))?;
        }
        Ok(report)
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, file: OutputFile) -> Result<(), Diagnostic> {
        self.write(rel, &file)
    }
}

impl Staging {
    /// Writes one file into the tree unless it already holds these bytes: a file whose
    /// fingerprint is the one kept, with the hash of these bytes, is not read.
    fn write(&self, rel: &str, file: &OutputFile) -> Result<(), Diagnostic> {
        self.prepare(rel)?;
        let target = self.tree.join(rel);
        let bytes = file
            .bytes()
            .map_err(|e| err(&target, "cannot read the source", e))?;
        let hash = fingerprints::hash(&bytes);
        if let Some(meta) = std::fs::metadata(&target).ok().filter(|m| m.is_file()) {
            let now = Fingerprint::of(&meta, hash);
            let same = match (now, self.known.get(rel)) {
                (Some(now), Some(known)) if *known == now => true,
                _ => {
                    meta.len() == bytes.len() as u64
                        && std::fs::read(&target).is_ok_and(|b| b == *bytes)
                }
            };
            if same {
                self.unchanged
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if let Some(now) = now {
                    self.state().fingerprints.insert(rel.to_string(), now);
                }
                return Ok(());
            }
        }
        if self
            .fail_after
            .reached(self.written.load(std::sync::atomic::Ordering::SeqCst))
        {
            return Err(err(
                &target,
                "cannot write",
                io::Error::other("simulated failure (SOTAY_FAULT_AFTER_WRITES)"),
            ));
        }
        if target.is_dir() {
            std::fs::remove_dir_all(&target)
                .map_err(|e| err(&target, "cannot replace a folder by a file", e))?;
        }
        std::fs::write(&target, &bytes).map_err(|e| err(&target, "cannot write", e))?;
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if let Some(now) = std::fs::metadata(&target)
            .ok()
            .and_then(|meta| Fingerprint::of(&meta, hash))
        {
            self.state().fingerprints.insert(rel.to_string(), now);
        }
        Ok(())
    }
}

/// Makes the staging tree (if missing) and its manifest, which lists the files of earlier
/// builds; returns that list and the manifest, open for appending.
fn open_tree(tree: &Path) -> Result<(BTreeSet<String>, std::fs::File), Diagnostic> {
    std::fs::create_dir_all(tree).map_err(|e| err(tree, "cannot create the staging folder", e))?;
    if fault::staging() {
        return Err(Diagnostic::new(
            tree,
            "simulated failure opening the staging folder (SOTAY_FAULT_STAGING)",
        ));
    }
    let old = read_manifest(tree).unwrap_or_default();
    let mpath = tree.join(MANIFEST);
    let listing: String = old.iter().map(|k| format!("{k}\n")).collect();
    std::fs::write(&mpath, listing).map_err(|e| err(&mpath, "cannot write", e))?;
    let manifest = std::fs::OpenOptions::new()
        .append(true)
        .open(&mpath)
        .map_err(|e| err(&mpath, "cannot write", e))?;
    Ok((old, manifest))
}

/// Removes the folders `dirs` (deepest first), each only while it is empty: remove_dir
/// never removes a folder that holds anything, such as something another program put
/// there meanwhile.
fn remove_empty(dirs: &[PathBuf]) {
    for dir in dirs {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
    }
}

/// Failures the tests ask for, to show that a build failing half-way leaves the live output
/// as it was. They exist only in a sotay built with the `fault-injection` feature, which
/// the test suite turns on: in any other build these are constants and the checks vanish.
mod fault {
    /// `SOTAY_FAULT_AFTER_WRITES=N`: writing fails once N files are written.
    #[derive(Debug, Clone, Copy)]
    pub struct AfterWrites(#[cfg(feature = "fault-injection")] Option<usize>);

    impl AfterWrites {
        pub fn asked() -> AfterWrites {
            #[cfg(feature = "fault-injection")]
            return AfterWrites(
                std::env::var("SOTAY_FAULT_AFTER_WRITES")
                    .ok()
                    .and_then(|n| n.parse().ok()),
            );
            #[cfg(not(feature = "fault-injection"))]
            AfterWrites()
        }

        /// Whether the next write fails, `written` files being written.
        #[inline(always)]
        pub fn reached(self, written: usize) -> bool {
            #[cfg(feature = "fault-injection")]
            return self.0.is_some_and(|n| written >= n);
            #[cfg(not(feature = "fault-injection"))]
            {
                let _ = written;
                false
            }
        }
    }

    /// `SOTAY_FAULT_STAGING`: the staging folder cannot be opened.
    pub fn staging() -> bool {
        #[cfg(feature = "fault-injection")]
        return std::env::var_os("SOTAY_FAULT_STAGING").is_some();
        #[cfg(not(feature = "fault-injection"))]
        false
    }
}

fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).map(|b| b == bytes).unwrap_or(false)
        }
        _ => false,
    }
}

fn remove_empty_parents(tree: &Path, file: &Path) {
    let mut cur = file.parent();
    while let Some(d) = cur {
        if d == tree || std::fs::remove_dir(d).is_err() {
            break;
        }
        cur = d.parent();
    }
}

fn read_manifest(tree: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(tree.join(MANIFEST)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

fn list_files(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(root)
                .ok()
                .and_then(|p| p.to_str())
                .map(|s| s.replace('\\', "/"))
        })
        .collect()
}

/// Swaps two folders in one step where the system allows it.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both paths are valid NUL-terminated strings for the duration of the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
    }
    // Fallback: two renames with a moment in between.
    let tmp = a.with_extension("sotay-swap");
    std::fs::rename(b, &tmp)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&tmp, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pairs: &[(&str, &str)]) -> Output {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OutputFile::Bytes(v.as_bytes().to_vec())))
            .collect()
    }

    #[test]
    fn writes_only_changes_and_keeps_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let r = write_output(&out, &site(&[("index.html", "a"), ("x/y.html", "b")])).unwrap();
        assert_eq!(r.written, 2);
        std::fs::write(out.join("ghi-chu.txt"), "của người dùng").unwrap();
        write_output(&out, &site(&[("index.html", "a"), ("x/y.html", "c")])).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("x/y.html")).unwrap(), "c");
        assert!(out.join("ghi-chu.txt").exists());
        // third build: the shadow tree is two builds old; only the change is written
        let r = write_output(&out, &site(&[("index.html", "a"), ("x/y.html", "c")])).unwrap();
        assert_eq!(r.written, 1, "{r:?}");
        let r = write_output(&out, &site(&[("index.html", "a")])).unwrap();
        assert!(!out.join("x/y.html").exists());
        assert_eq!(r.removed, 1);
        assert!(out.join("ghi-chu.txt").exists());
    }

    /// Builds `files` twice, so that the shadow tree (what the next build compares with)
    /// holds them and their fingerprints are kept; returns the shadow tree.
    fn two_builds(out: &Path, files: &[(&str, &str)]) -> PathBuf {
        for _ in 0..2 {
            write_output(out, &site(files)).unwrap();
        }
        let tree = shadow_path(out);
        assert_eq!(
            std::fs::read_to_string(tree.join("x.html")).unwrap(),
            "old!"
        );
        tree
    }

    /// Edits the lines of the fingerprints of `out`.
    fn edit(out: &Path, f: impl Fn(&str) -> String) {
        let path = fingerprints::file(out);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited: String = text.lines().map(|l| f(l) + "\n").collect();
        assert_ne!(edited, text);
        std::fs::write(&path, edited).unwrap();
    }

    /// Dates the fingerprints a minute later, as if the files had been written well
    /// before they were recorded (without this, they were written just before: racy).
    fn age(out: &Path) {
        edit(out, |l| match l.strip_prefix("tree ") {
            Some(r) => {
                let (id, at) = r.rsplit_once(' ').unwrap();
                format!("tree {id} {}", at.parse::<i64>().unwrap() + 60)
            }
            None => l.to_string(),
        });
    }

    /// Gives the kept fingerprints of `x.html` the hash of `new`, their times and size kept.
    fn forge_hash(out: &Path, old: &[u8], new: &[u8]) {
        let (old, new) = (
            format!("{:032x}\t", fingerprints::hash(old)),
            format!("{:032x}\t", fingerprints::hash(new)),
        );
        edit(out, |l| match l.ends_with("\tx.html") {
            true => l.replace(&old, &new),
            false => l.to_string(),
        });
    }

    /// A file whose size, inode and times are those kept, with the hash of the new bytes,
    /// is not read again (shown by a forged hash: the file is left as it is)…
    #[test]
    fn a_file_known_from_its_fingerprint_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        two_builds(&out, &[("x.html", "old!"), ("y.html", "y")]);
        forge_hash(&out, b"old!", b"new!");
        age(&out);
        let r = write_output(&out, &site(&[("x.html", "new!"), ("y.html", "y")])).unwrap();
        assert_eq!((r.written, r.unchanged), (0, 2), "{r:?}");
        assert_eq!(std::fs::read_to_string(out.join("x.html")).unwrap(), "old!");
    }

    /// …unless the file was written too shortly before its fingerprint was recorded for
    /// its times to tell a later change (the same forged hash: the file is read, and
    /// written)…
    #[test]
    fn a_fingerprint_recorded_too_soon_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        two_builds(&out, &[("x.html", "old!"), ("y.html", "y")]);
        forge_hash(&out, b"old!", b"new!");
        let r = write_output(&out, &site(&[("x.html", "new!"), ("y.html", "y")])).unwrap();
        assert_eq!(r.written, 1, "{r:?}");
        assert_eq!(std::fs::read_to_string(out.join("x.html")).unwrap(), "new!");
    }

    /// …and a file changed behind sotay's back, to the same size, with its modification
    /// time set back, is read and written again: its change time tells.
    #[test]
    fn a_file_changed_with_its_old_times_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let tree = two_builds(&out, &[("x.html", "old!"), ("y.html", "y")]);
        let x = tree.join("x.html");
        let mtime = std::fs::metadata(&x).unwrap().modified().unwrap();
        std::fs::write(&x, "bad!").unwrap();
        let f = std::fs::File::options().write(true).open(&x).unwrap();
        f.set_modified(mtime).unwrap();
        drop(f);
        age(&out);
        let r = write_output(&out, &site(&[("x.html", "old!"), ("y.html", "y")])).unwrap();
        assert_eq!((r.written, r.unchanged), (1, 1), "{r:?}");
        assert_eq!(std::fs::read_to_string(out.join("x.html")).unwrap(), "old!");
    }

    /// The fingerprints are kept beside the output, not in it: two builds of the same
    /// files give the same output, manifest included.
    #[test]
    fn fingerprints_stay_out_of_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let tree = two_builds(&out, &[("x.html", "old!"), ("y.html", "y")]);
        assert!(fingerprints::file(&out).is_file());
        let listing = |d: &Path| {
            let mut l = list_files(d);
            l.sort();
            l
        };
        assert_eq!(listing(&out), [".sotay-manifest", "x.html", "y.html"]);
        assert_eq!(
            std::fs::read(out.join(MANIFEST)).unwrap(),
            std::fs::read(tree.join(MANIFEST)).unwrap()
        );
    }

    #[test]
    fn refuses_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("important.doc"), "x").unwrap();
        let e = write_output(dir.path(), &site(&[("index.html", "a")])).unwrap_err();
        assert!(e.message.contains("not made by sotay"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("important.doc")).unwrap(),
            "x"
        );
    }
}
