//! Watching the handbook: file events from the system (notify) are gathered for a few tens
//! of milliseconds, then a pure classifier turns the batch into a rebuild plan. Editors'
//! temporary and swap files, hidden files and folders other than the handbook's own never
//! cause a rebuild.

use crate::load::{is_ignored_name, CONTENT_DIR};
use crate::pipeline::Changes;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Folders of the handbook whose changes rebuild everything, besides sotay.yaml.
pub const FULL_DIRS: &[&str] = &["templates", "static", "themes", "statistics"];

/// What happened to a path, as far as rebuilding cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touch {
    Created,
    Modified,
    Removed,
    /// Renamed from or to this path.
    Renamed,
}

/// Which part of the handbook a path belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A Markdown page under content/ (its path under content/).
    Page(String),
    /// Anything else under content/: a copied file or a folder.
    ContentFile,
    /// The configuration, sotay.yaml.
    Config,
    /// Templates, the theme, static files.
    Theme,
    /// The statistics folder.
    Statistics,
}

impl ChangeKind {
    fn needs_full(&self) -> bool {
        !matches!(self, ChangeKind::Page(_) | ChangeKind::ContentFile)
    }
}

/// Where a path belongs, or `None` when it does not matter (editor files, hidden files,
/// the output folder, anything outside the handbook's own files).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str()?;
                if is_ignored_name(s) {
                    return None;
                }
                parts.push(s);
            }
            _ => return None,
        }
    }
    let (first, rest) = parts.split_first()?;
    match *first {
        CONTENT_DIR if rest.is_empty() => Some(ChangeKind::ContentFile),
        CONTENT_DIR => {
            let rel = crate::text::nfc(&rest.join("/"));
            if rel.ends_with(".md") {
                Some(ChangeKind::Page(rel))
            } else {
                Some(ChangeKind::ContentFile)
            }
        }
        crate::config::FILE_NAME if rest.is_empty() => Some(ChangeKind::Config),
        "statistics" => Some(ChangeKind::Statistics),
        d if FULL_DIRS.contains(&d) => Some(ChangeKind::Theme),
        _ => None,
    }
}

/// A batch of events turned into what to rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub changes: Changes,
    /// Distinct paths that mattered.
    pub paths: usize,
    /// Events in the batch, all of them.
    pub events: usize,
}

/// Keeps the last event per path, drops what does not matter, and says what to rebuild;
/// `None` when nothing in the batch matters.
pub fn plan(root: &Path, events: &[(PathBuf, Touch)]) -> Option<Plan> {
    // The last event per path, and whether the path was ever more than written to.
    let mut last: BTreeMap<&Path, (Touch, bool)> = BTreeMap::new();
    for (p, t) in events {
        let e = last.entry(p.as_path()).or_insert((*t, false));
        e.0 = *t;
        e.1 |= *t != Touch::Modified;
    }
    let mut changes = Changes {
        only_modified: true,
        ..Changes::default()
    };
    let mut paths = 0;
    for (path, (_, moved)) in &last {
        let Some(kind) = classify(root, path) else {
            continue;
        };
        paths += 1;
        changes.full |= kind.needs_full();
        match kind {
            ChangeKind::Page(rel) => {
                changes.sources.insert(rel);
                changes.only_modified &= !moved;
            }
            _ => changes.only_modified = false,
        }
    }
    (paths > 0).then_some(Plan {
        changes,
        paths,
        events: events.len(),
    })
}

/// How long to wait for more events before rebuilding. A single save brings one to four
/// events within a millisecond or two; a `git checkout` brings hundreds in a stream.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    /// Quiet time that ends a small batch.
    pub quiet: Duration,
    /// Quiet time that ends a batch of `burst` events or more.
    pub burst_quiet: Duration,
    pub burst: usize,
    /// Never wait longer than this after the first event.
    pub max_wait: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        Debounce {
            quiet: Duration::from_millis(20),
            burst_quiet: Duration::from_millis(250),
            burst: 8,
            max_wait: Duration::from_secs(3),
        }
    }
}

impl Debounce {
    /// When the batch ends, given when its first and last events came and how many.
    pub fn deadline(&self, first: Instant, last: Instant, count: usize) -> Instant {
        let quiet = if count >= self.burst {
            self.burst_quiet
        } else {
            self.quiet
        };
        (last + quiet).min(first + self.max_wait)
    }
}

/// A message from the system watcher.
pub enum Event {
    Paths(Vec<PathBuf>, Touch),
    /// Events were lost (the system's queue overflowed): look at everything again.
    Rescan,
    Error(String),
}

/// The system watcher and the channel its events arrive on.
pub struct Watcher {
    inner: notify::RecommendedWatcher,
    root: PathBuf,
    rx: mpsc::Receiver<Event>,
}

/// What one batch brought.
pub enum Batch {
    Plan(Plan),
    /// Something to tell the user (the watcher's own errors).
    Warning(String),
    /// Nothing happened for the idle time asked for.
    Idle,
}

impl Watcher {
    /// Watches `root` (not recursively: sotay.yaml and the folders appearing), content/
    /// and the folders that rebuild everything.
    pub fn new(root: &Path) -> notify::Result<Watcher> {
        use notify::Watcher as _;
        let (tx, rx) = mpsc::channel();
        let inner = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let msg = match res {
                Ok(e) if e.need_rescan() => Event::Rescan,
                Ok(e) => match touch_of(&e.kind) {
                    Some(t) => Event::Paths(e.paths, t),
                    None => return,
                },
                Err(e) => Event::Error(e.to_string()),
            };
            let _ = tx.send(msg);
        })?;
        let mut w = Watcher {
            inner,
            root: root.to_path_buf(),
            rx,
        };
        w.inner.watch(root, notify::RecursiveMode::NonRecursive)?;
        for d in std::iter::once(CONTENT_DIR).chain(FULL_DIRS.iter().copied()) {
            w.watch_dir(d);
        }
        Ok(w)
    }

    fn watch_dir(&mut self, name: &str) {
        use notify::Watcher as _;
        let p = self.root.join(name);
        let _ = self.inner.unwatch(&p);
        if p.is_dir() {
            let _ = self.inner.watch(&p, notify::RecursiveMode::Recursive);
        }
    }

    /// Waits for the next batch of events that matters, or (with `idle`) until nothing
    /// has happened for that long. `None` when the watcher stopped.
    pub fn next_batch(&mut self, debounce: &Debounce, idle: Option<Duration>) -> Option<Batch> {
        loop {
            let first_event = match idle {
                None => self.rx.recv().ok()?,
                Some(idle) => match self.rx.recv_timeout(idle) {
                    Ok(e) => e,
                    Err(mpsc::RecvTimeoutError::Timeout) => return Some(Batch::Idle),
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                },
            };
            let first = Instant::now();
            let mut last = first;
            let mut events: Vec<(PathBuf, Touch)> = Vec::new();
            let mut rescan = false;
            let mut pending = Some(first_event);
            loop {
                match pending.take() {
                    Some(Event::Paths(paths, t)) => {
                        events.extend(paths.into_iter().map(|p| (p, t)));
                        last = Instant::now();
                    }
                    Some(Event::Rescan) => rescan = true,
                    Some(Event::Error(e)) => return Some(Batch::Warning(e)),
                    None => {}
                }
                let deadline = debounce.deadline(first, last, events.len());
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                match self.rx.recv_timeout(deadline - now) {
                    Ok(e) => pending = Some(e),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                }
            }
            // A handbook folder that appeared or went is watched anew.
            for name in std::iter::once(CONTENT_DIR).chain(FULL_DIRS.iter().copied()) {
                let dir = self.root.join(name);
                if events.iter().any(|(p, _)| *p == dir) {
                    self.watch_dir(name);
                }
            }
            let planned = plan(&self.root, &events);
            if rescan {
                let mut p = planned.unwrap_or(Plan {
                    changes: Changes::default(),
                    paths: 0,
                    events: events.len(),
                });
                p.changes.full = true;
                return Some(Batch::Plan(p));
            }
            if let Some(p) = planned {
                return Some(Batch::Plan(p));
            }
        }
    }
}

/// The kinds of events that can change what is built (reads and metadata are not).
fn touch_of(kind: &notify::EventKind) -> Option<Touch> {
    use notify::event::ModifyKind;
    use notify::EventKind as K;
    match kind {
        K::Create(_) => Some(Touch::Created),
        K::Remove(_) => Some(Touch::Removed),
        K::Modify(ModifyKind::Name(_)) => Some(Touch::Renamed),
        K::Modify(ModifyKind::Metadata(_)) => None,
        K::Modify(_) | K::Any | K::Other => Some(Touch::Modified),
        K::Access(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        PathBuf::from("/h")
    }

    fn ev(p: &str, t: Touch) -> (PathBuf, Touch) {
        (root().join(p), t)
    }

    #[test]
    fn classifies_the_handbook_files() {
        let r = root();
        let c = |p: &str| classify(&r, &r.join(p));
        assert_eq!(
            c("content/quy-trinh/a.md"),
            Some(ChangeKind::Page("quy-trinh/a.md".into()))
        );
        assert_eq!(c("content/bieu-mau/mau.pdf"), Some(ChangeKind::ContentFile));
        assert_eq!(c("content/moi"), Some(ChangeKind::ContentFile));
        assert_eq!(c("content"), Some(ChangeKind::ContentFile));
        assert_eq!(c("sotay.yaml"), Some(ChangeKind::Config));
        assert_eq!(c("templates/page.html"), Some(ChangeKind::Theme));
        assert_eq!(c("themes/x/static/a.css"), Some(ChangeKind::Theme));
        assert_eq!(c("static/logo.svg"), Some(ChangeKind::Theme));
        assert_eq!(c("statistics/dang-vien.yaml"), Some(ChangeKind::Statistics));
        // NFD file names are read as NFC, like the loader does
        assert_eq!(
            c("content/ba\u{300}i.md"),
            Some(ChangeKind::Page("bài.md".into()))
        );
    }

    #[test]
    fn ignores_editor_files_and_other_folders() {
        let r = root();
        for p in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/.#a.md",
            "content/#a.md#",
            "content/4913",
            "content/x/.hidden/a.md",
            "public/index.html",
            ".git/index",
            "sotay.yaml~",
            "notes.txt",
            "content/a.md.tmp",
        ] {
            assert_eq!(classify(&r, &r.join(p)), None, "{p}");
        }
        assert_eq!(classify(&r, Path::new("/elsewhere/content/a.md")), None);
    }

    #[test]
    fn plans_pages_and_full_rebuilds() {
        let p = plan(
            &root(),
            &[
                ev("content/a.md", Touch::Modified),
                ev("content/a.md", Touch::Modified),
                ev("content/.a.md.swp", Touch::Created),
                ev("content/4913", Touch::Created),
                ev("content/b.md", Touch::Removed),
            ],
        )
        .unwrap();
        assert!(!p.changes.full);
        assert_eq!(
            p.changes.sources.iter().collect::<Vec<_>>(),
            ["a.md", "b.md"]
        );
        assert_eq!((p.paths, p.events), (2, 5));
        // b.md went: content/ must be listed again
        assert!(!p.changes.only_modified);

        // only writes to pages: no need to list content/
        let p = plan(
            &root(),
            &[
                ev("content/a.md", Touch::Modified),
                ev("content/.a.md.swp", Touch::Created),
                ev("content/x/c.md", Touch::Modified),
            ],
        )
        .unwrap();
        assert!(p.changes.only_modified);
        // created then written, or a copied file changed: list again
        for extra in [
            ev("content/a.md", Touch::Created),
            ev("content/hinh.png", Touch::Modified),
        ] {
            let p = plan(&root(), &[extra, ev("content/a.md", Touch::Modified)]).unwrap();
            assert!(!p.changes.only_modified, "{p:?}");
        }

        let p = plan(
            &root(),
            &[
                ev("content/a.md", Touch::Modified),
                ev("sotay.yaml", Touch::Modified),
            ],
        )
        .unwrap();
        assert!(p.changes.full);

        assert_eq!(
            plan(
                &root(),
                &[
                    ev("content/.a.md.swp", Touch::Modified),
                    ev("content/a.md~", Touch::Renamed),
                    ev("public/a.html", Touch::Created),
                ]
            ),
            None
        );
    }

    #[test]
    fn a_burst_of_events_is_one_plan() {
        let events: Vec<_> = (0..500)
            .map(|i| ev(&format!("content/s/{}.md", i % 300), Touch::Created))
            .collect();
        let p = plan(&root(), &events).unwrap();
        assert_eq!(p.changes.sources.len(), 300);
        assert_eq!(p.paths, 300);
        assert!(!p.changes.full);
    }

    #[test]
    fn debounce_waits_tens_of_milliseconds_and_longer_for_bursts() {
        let d = Debounce::default();
        let t0 = Instant::now();
        let single = d.deadline(t0, t0, 1) - t0;
        assert!(single >= Duration::from_millis(5) && single < Duration::from_millis(100));
        let burst = d.deadline(t0, t0, 300) - t0;
        assert!(burst > single && burst < Duration::from_secs(1));
        // a stream that never stops still ends
        let late = t0 + Duration::from_secs(60);
        assert_eq!(d.deadline(t0, late, 10_000), t0 + d.max_wait);
    }
}
