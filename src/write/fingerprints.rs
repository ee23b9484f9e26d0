//! What sotay knew of each file of its two output trees when it last wrote or checked it,
//! so that a build that would write the same bytes again need not read the file back.
//!
//! A [`Fingerprint`] is the hash of the bytes sotay wrote and what the system said of the
//! file then: size, inode, change and modification times. Any change to a file gives it a
//! new change time, which no program can set back (`touch` sets only the others), so a file
//! the system describes as the fingerprint does still holds those bytes.
//!
//! The fingerprints are kept beside the output, in `.NAME.sotay-fingerprints`, one section
//! per tree, each tree known by its folder's device and inode (which stay with the folder
//! when the live output and the shadow tree change places). They are not in the output
//! itself: two builds of the same handbook still give the same files, and a publisher's
//! copy of the output carries none of this. The file is only ever a help: a missing,
//! damaged or foreign one means every file is read and compared, as without it. (On systems
//! other than Unix, where the standard library gives no inode or change time, nothing is
//! recorded and every file is compared.)

use rustc_hash::FxHashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first line of the file; a file that does not start with it is not sotay's.
const HEADER: &str = "sotay fingerprints 1";

/// Time stamps of files are coarse (a few milliseconds on Linux's own file systems, two
/// seconds on some shares): a file changed within this long of the moment its fingerprint
/// was recorded may still show the recorded times, so its fingerprint is not trusted (the
/// "racy" files of git's index). Such a file is read and compared at the next build, and
/// recorded again then.
const RACY_SECONDS: i64 = 2;

/// What sotay knew of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    hash: u128,
    size: u64,
    ino: u64,
    ctime: (i64, i64),
    mtime: (i64, i64),
}

impl Fingerprint {
    /// The fingerprint of a file holding bytes of hash `hash` ([`hash`]), which the system
    /// describes as `meta` (`None` where the system does not tell enough).
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata, hash: u128) -> Option<Fingerprint> {
        use std::os::unix::fs::MetadataExt;
        Some(Fingerprint {
            hash,
            size: meta.len(),
            ino: meta.ino(),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            mtime: (meta.mtime(), meta.mtime_nsec()),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata, _hash: u128) -> Option<Fingerprint> {
        None
    }

    fn line(&self, path: &str) -> String {
        format!(
            "{} {} {}.{} {}.{} {:032x}\t{path}\n",
            self.size, self.ino, self.ctime.0, self.ctime.1, self.mtime.0, self.mtime.1, self.hash
        )
    }

    fn parse(line: &str) -> Option<(&str, Fingerprint)> {
        let (fields, path) = line.split_once('\t')?;
        let f: Vec<&str> = fields.split(' ').collect();
        let [size, ino, ctime, mtime, hash] = f[..] else {
            return None;
        };
        let time = |t: &str| -> Option<(i64, i64)> {
            let (s, ns) = t.split_once('.')?;
            Some((s.parse().ok()?, ns.parse().ok()?))
        };
        let fp = Fingerprint {
            hash: u128::from_str_radix(hash, 16).ok()?,
            size: size.parse().ok()?,
            ino: ino.parse().ok()?,
            ctime: time(ctime)?,
            mtime: time(mtime)?,
        };
        Some((path, fp))
    }
}

/// The hash a fingerprint keeps: XXH3, 128 bits (a file is left unwritten when its hash is
/// the same, so it must not be a weak one).
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Where the fingerprints of the output folder `out` are kept.
pub fn file(out: &Path) -> PathBuf {
    super::beside(out, "sotay-fingerprints")
}

/// A tree as the file names it: its folder's device and inode.
#[cfg(unix)]
fn tree_id(tree: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(tree).ok()?;
    Some(format!("tree {} {}", m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn tree_id(_tree: &Path) -> Option<String> {
    None
}

/// The sections of the file: each tree's id line (`tree DEV INO`), the moment it was
/// recorded (seconds since 1970) and its lines. `None` when the file is missing or is not
/// sotay's.
fn sections(text: &str) -> Option<Vec<(&str, i64, Vec<&str>)>> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return None;
    }
    let mut out: Vec<(&str, i64, Vec<&str>)> = Vec::new();
    for line in lines {
        if let Some(rest) = line.strip_prefix("tree ") {
            let (id, at) = rest.rsplit_once(' ')?;
            let id = &line[..5 + id.len()];
            out.push((id, at.parse().ok()?, Vec::new()));
        } else {
            out.last_mut()?.2.push(line);
        }
    }
    Some(out)
}

/// The fingerprints of the files of `tree` that can be trusted (none when there are none
/// or the file is not sotay's).
pub fn read(out: &Path, tree: &Path) -> FxHashMap<String, Fingerprint> {
    let mut known = FxHashMap::default();
    let (Some(id), Ok(text)) = (tree_id(tree), std::fs::read_to_string(file(out))) else {
        return known;
    };
    let Some(sections) = sections(&text) else {
        return known;
    };
    for (_, at, lines) in sections.into_iter().filter(|s| s.0 == id) {
        for (path, fp) in lines.into_iter().filter_map(Fingerprint::parse) {
            if fp.ctime.0 < at - RACY_SECONDS {
                known.insert(path.to_string(), fp);
            }
        }
    }
    known
}

/// Records `files`, the fingerprints of the files of `tree`, keeping those of the tree
/// `keep` (the live output, which becomes the shadow tree); the file is replaced in one
/// rename. A file of that name that is not sotay's is left alone, and nothing is
/// recorded: the fingerprints only save reading files back.
pub fn record(out: &Path, tree: &Path, keep: &Path, files: &FxHashMap<String, Fingerprint>) {
    let path = file(out);
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => match sections(&text) {
            Some(_) => text,
            None => return,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(_) => return,
    };
    let Some(id) = tree_id(tree) else {
        return;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut text = format!("{HEADER}\n{id} {now}\n");
    // (a path with a line break, which the manifest cannot list either, is not recorded)
    let mut lines: Vec<String> = files
        .iter()
        .filter(|(p, _)| !p.contains('\n'))
        .map(|(p, f)| f.line(p))
        .collect();
    lines.sort_unstable();
    text.extend(lines);
    if let (Some(kept), Some(sections)) = (tree_id(keep), sections(&old)) {
        for (sid, at, lines) in sections.into_iter().filter(|s| s.0 == kept && kept != id) {
            text.push_str(&format!("{sid} {at}\n"));
            for l in lines {
                text.push_str(l);
                text.push('\n');
            }
        }
    }
    let tmp = path.with_extension("sotay-fingerprints-new");
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_back_with_any_path() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a");
        std::fs::write(&f, "xin chào").unwrap();
        let fp = Fingerprint::of(&std::fs::metadata(&f).unwrap(), hash(b"xin chao")).unwrap();
        for path in ["a.html", "thư mục/tên có dấu cách.html", "tab\there.txt"] {
            let line = fp.line(path);
            assert_eq!(
                Fingerprint::parse(line.trim_end_matches('\n')),
                Some((path, fp))
            );
        }
        assert_eq!(Fingerprint::parse("a.html"), None);
        assert_eq!(Fingerprint::parse("1 2 3.4 5.6\ta.html"), None);
    }

    /// The sections of two trees: each read back for its own tree; a section for a tree
    /// that is neither the new one nor the kept one is dropped; a file that is not
    /// sotay's is neither read nor replaced.
    #[test]
    fn each_tree_reads_its_own_section() {
        let dir = tempfile::tempdir().unwrap();
        let (out, tree, other) = (
            dir.path().join("public"),
            dir.path().join(".public.sotay-shadow"),
            dir.path().join("elsewhere"),
        );
        for d in [&out, &tree, &other] {
            std::fs::create_dir(d).unwrap();
        }
        std::fs::write(out.join("x.html"), "x").unwrap();
        std::fs::write(tree.join("y.html"), "y").unwrap();
        let fp = |p: &Path| Fingerprint::of(&std::fs::metadata(p).unwrap(), 7).unwrap();
        let map = |k: &str, f: Fingerprint| FxHashMap::from_iter([(k.to_string(), f)]);
        record(&out, &other, &out, &map("z.html", fp(&out)));
        record(&out, &out, &other, &map("x.html", fp(&out.join("x.html"))));
        let mut files = map("y.html", fp(&tree.join("y.html")));
        files.insert("a\ntree 1 2 3".to_string(), fp(&tree));
        record(&out, &tree, &out, &files);
        let text = std::fs::read_to_string(file(&out)).unwrap();
        assert!(!text.contains("tree 1 2 3"), "{text}");
        assert_eq!(text.matches("\ntree ").count(), 2, "{text}");
        assert!(!text.contains("z.html"), "{text}");
        // just recorded: too soon to be trusted
        assert!(read(&out, &tree).is_empty());
        // as if recorded a minute later
        let later = |text: &str| -> String {
            text.lines()
                .map(|l| match l.strip_prefix("tree ") {
                    Some(r) => {
                        let (id, at) = r.rsplit_once(' ').unwrap();
                        format!("tree {id} {}\n", at.parse::<i64>().unwrap() + 60)
                    }
                    None => format!("{l}\n"),
                })
                .collect()
        };
        std::fs::write(file(&out), later(&text)).unwrap();
        let (a, b) = (read(&out, &out), read(&out, &tree));
        assert_eq!(a.keys().collect::<Vec<_>>(), ["x.html"]);
        assert_eq!(b.keys().collect::<Vec<_>>(), ["y.html"]);
        assert!(read(&out, &other).is_empty());
        std::fs::write(file(&out), "của người dùng\n").unwrap();
        assert!(read(&out, &tree).is_empty());
        record(&out, &tree, &out, &map("y.html", fp(&tree.join("y.html"))));
        assert_eq!(
            std::fs::read_to_string(file(&out)).unwrap(),
            "của người dùng\n"
        );
    }
}
