//! The site being served, owned by the preview server (no globals): the last good output
//! in memory, the errors of the last build if it failed, and a generation number that
//! grows with every build so that open pages know when to reload.

use super::reload::{self, Broadcaster};
use crate::diagnostics::Diagnostics;
use crate::i18n::Language;
use crate::write::{Output, OutputFile};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// One version of the served site; requests hold it while they answer.
pub struct Snapshot {
    /// The last good build (empty before the first one).
    pub files: Output,
    pub have_site: bool,
    /// The overlay to show over every page while the handbook has errors.
    pub overlay: Option<String>,
    pub generation: u64,
    /// Grows with every good build (not with failed ones).
    pub site_version: u64,
    pub language: Language,
}

/// Everything the server shares between its threads.
pub struct State {
    current: RwLock<Arc<Snapshot>>,
    /// The search index last made (for an earlier build while a newer one is being made).
    search: RwLock<Arc<Output>>,
    pub events: Broadcaster,
    /// Tells pages of this server from pages of an earlier one.
    pub server_id: u64,
    /// The handbook folder (absolute); copied files must stay inside its folders.
    root: PathBuf,
}

/// Folders of the handbook from which files are copied into the site.
const COPY_DIRS: &[&str] = &[crate::load::CONTENT_DIR, "static", "themes"];

impl State {
    pub fn new(root: &Path) -> State {
        let server_id = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ u64::from(std::process::id());
        State {
            current: RwLock::new(Arc::new(Snapshot {
                files: Output::new(),
                have_site: false,
                overlay: None,
                generation: 0,
                site_version: 0,
                language: Language::default(),
            })),
            search: RwLock::new(Arc::new(Output::new())),
            events: Broadcaster::default(),
            server_id,
            root: root.to_path_buf(),
        }
    }

    /// The current version of the site.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn replace(&self, make: impl FnOnce(&Snapshot, u64) -> Snapshot) -> u64 {
        let mut guard = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let generation = guard.generation + 1;
        *guard = Arc::new(make(&guard, generation));
        drop(guard);
        self.events.notify(generation);
        generation
    }

    /// Serves a new good build (pages are shared, not copied) and reloads open pages.
    /// Until its search index is made (see [`State::publish_search`]) the last one made is
    /// served. Returns the generation and the site version.
    pub fn publish_site(&self, files: &Output, language: Language) -> (u64, u64) {
        let search = read(&self.search);
        let mut version = 0;
        let generation = self.replace(|old, generation| {
            let mut files = files.clone();
            for (k, v) in search.iter() {
                files.entry(k.clone()).or_insert_with(|| v.clone());
            }
            version = old.site_version + 1;
            Snapshot {
                files,
                have_site: true,
                overlay: None,
                generation,
                site_version: version,
                language,
            }
        });
        (generation, version)
    }

    /// Serves the search index made for site version `version`, if that is still the
    /// version served (open pages are not reloaded: the index is read when searching).
    pub fn publish_search(&self, version: u64, files: Vec<(String, Vec<u8>)>) -> bool {
        let search: Output = files
            .into_iter()
            .map(|(k, v)| (k, OutputFile::Shared(Arc::new(v))))
            .collect();
        let search = Arc::new(search);
        let mut guard = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.site_version != version {
            return false;
        }
        let old_search = read(&self.search);
        let mut files = guard.files.clone();
        for k in old_search.keys() {
            files.remove(k);
        }
        for (k, v) in search.iter() {
            files.insert(k.clone(), v.clone());
        }
        *guard = Arc::new(Snapshot {
            files,
            have_site: guard.have_site,
            overlay: guard.overlay.clone(),
            generation: guard.generation,
            site_version: guard.site_version,
            language: guard.language,
        });
        drop(guard);
        match self.search.write() {
            Ok(mut s) => *s = search,
            Err(poisoned) => *poisoned.into_inner() = search,
        }
        true
    }

    /// Keeps serving the last good build, with the errors over it, and reloads open pages.
    pub fn publish_errors(&self, diags: &Diagnostics, language: Option<Language>) -> u64 {
        self.replace(|old, generation| {
            let language = language.unwrap_or(old.language);
            Snapshot {
                files: old.files.clone(),
                have_site: old.have_site,
                overlay: Some(reload::overlay(diags, language, old.have_site)),
                generation,
                site_version: old.site_version,
                language,
            }
        })
    }

    /// Opens a file the site copies from the handbook, refusing one that leads (through a
    /// symbolic link, or one swapped in since the build) outside the folder it belongs to.
    pub fn open_copied(&self, path: &Path) -> io::Result<File> {
        let denied = || io::Error::new(io::ErrorKind::PermissionDenied, "outside the handbook");
        let base = COPY_DIRS
            .iter()
            .map(|d| self.root.join(d))
            .find(|b| path.starts_with(b))
            .ok_or_else(denied)?;
        let real = path.canonicalize()?;
        if !real.starts_with(base.canonicalize()?) {
            return Err(denied());
        }
        let file = open_no_follow(&real)?;
        if !file.metadata()?.is_file() {
            return Err(denied());
        }
        Ok(file)
    }
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    match lock.read() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    File::open(path)
}
