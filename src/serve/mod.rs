//! The live preview behind `sotay serve`: build the handbook, serve it from memory on
//! loopback, watch its files, rebuild what changed and reload the open pages. A failed
//! build never stops it: the last good site stays, with the errors shown over it.
//!
//! [`watch`] turns file events into a plan, the pipeline's `Session` rebuilds, [`state`]
//! holds what is served, [`http`] serves it and [`reload`] tells the pages.

pub mod http;
pub mod reload;
pub mod state;
pub mod watch;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::timings::Clock;
use crate::pipeline::{BuildOptions, Changes, RebuiltKind, Session};
use state::State;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Print how long each stage of each rebuild took.
    pub timings: bool,
}

/// Runs the preview until the process is stopped. Returns only when it cannot start.
pub fn run(opts: &ServeOptions) -> Result<(), Diagnostics> {
    let root = opts.root.canonicalize().map_err(|e| {
        Diagnostic::new(&opts.root, format!("cannot open the handbook folder: {e}"))
            .help("pass the folder holding sotay.yaml with --root DIR")
    })?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = TcpListener::bind(addr).map_err(|e| {
        Diagnostic::new(&opts.root, format!("cannot listen on {addr}: {e}")).help(
            "another program may use the port: choose another with --port N (0 picks a free one)",
        )
    })?;
    let local = listener.local_addr().map_err(|e| {
        Diagnostic::new(
            &opts.root,
            format!("cannot read the listening address: {e}"),
        )
    })?;

    // Watch before the first build, so that nothing saved meanwhile is missed.
    let mut watcher = watch::Watcher::new(&root).map_err(|e| {
        Diagnostic::new(&root, format!("cannot watch the handbook's files: {e}"))
            .help("on Linux, raise fs.inotify.max_user_watches")
    })?;
    let state = Arc::new(State::new(&root));
    let mut session = Session::new(BuildOptions {
        root: root.clone(),
        drafts: true,
        base_url: None,
    })
    .defer_search();
    let timings = opts.timings;
    let first = rebuild(&mut session, &state, &Changes::everything(), None, timings);

    {
        let state = state.clone();
        std::thread::Builder::new()
            .name("sotay-accept".into())
            .spawn(move || http::serve(listener, state, http::Limits::default()))
            .map_err(|e| Diagnostic::new(&root, format!("cannot start the server: {e}")))?;
    }
    let url = format!("http://{}/", url_host(local));
    println!(
        "sotay: serving {} at {url} (drafts shown; Ctrl+C stops)",
        root.display()
    );
    if !local.ip().is_loopback() {
        println!(
            "sotay: note: listening on {} — other computers on the network can open the preview, drafts included",
            local.ip()
        );
    }
    if opts.open {
        open_browser(&url);
    }

    let debounce = watch::Debounce::default();
    let mut search = SearchIndexer::new(first);
    loop {
        let idle = search.due.map(|_| SEARCH_AFTER_IDLE);
        match watcher.next_batch(&debounce, idle) {
            None => break,
            Some(watch::Batch::Plan(plan)) => {
                let built = rebuild(
                    &mut session,
                    &state,
                    &plan.changes,
                    Some(plan.events),
                    timings,
                );
                search.due = built.or(search.due);
            }
            Some(watch::Batch::Warning(w)) => eprintln!("sotay: watching files: {w}"),
            Some(watch::Batch::Idle) => search.start(&session, &state),
        }
    }
    Err(Diagnostic::new(&root, "the file watcher stopped").into())
}

/// The search index is made when the editor pauses (it takes seconds on a large handbook
/// and is read only when searching), on a thread of its own at low priority, with a
/// thread pool of its own, so that it never holds up the rebuild of a page.
const SEARCH_AFTER_IDLE: Duration = Duration::from_millis(500);

struct SearchIndexer {
    /// The site version whose index is still to be made.
    due: Option<u64>,
    running: Arc<std::sync::atomic::AtomicBool>,
    pool: Option<rayon::ThreadPool>,
}

impl SearchIndexer {
    fn new(due: Option<u64>) -> SearchIndexer {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "sotay-search".into())
            .start_handler(|_| lower_priority())
            .build()
            .ok();
        SearchIndexer {
            due,
            running: Arc::default(),
            pool,
        }
    }

    fn start(&mut self, session: &Session, state: &Arc<State>) {
        use std::sync::atomic::Ordering;
        if self.running.load(Ordering::SeqCst) {
            return;
        }
        let (Some(version), Some(input), Some(pool)) =
            (self.due, session.search_input(), self.pool.as_ref())
        else {
            self.due = None;
            return;
        };
        self.due = None;
        let (state, running) = (state.clone(), self.running.clone());
        running.store(true, Ordering::SeqCst);
        pool.spawn(move || {
            let start = Instant::now();
            let files = crate::search::build_files(input);
            if state.publish_search(version, files) {
                eprintln!(
                    "sotay: search index updated for site version {version} in {:.0} ms",
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
            running.store(false, Ordering::SeqCst);
        });
    }
}

/// Background work yields to the rebuilds (Linux: a higher nice value for this thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; on Linux, who = 0 with PRIO_PROCESS
    // names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// One rebuild, its result published and told on the terminal; the new site version
/// when it built.
fn rebuild(
    session: &mut Session,
    state: &State,
    changes: &Changes,
    events: Option<usize>,
    timings: bool,
) -> Option<u64> {
    let start = Instant::now();
    let result = session.rebuild(changes);
    match result {
        Ok(r) => {
            let (Some(output), Some(config)) = (session.output(), session.config()) else {
                return None;
            };
            let mut clock = Clock::start();
            let (generation, version) = state.publish_site(output, config.language);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if timings {
                let mut all = r.timings.clone();
                all.lap("publish", &mut clock);
                let laps: Vec<String> = all
                    .0
                    .iter()
                    .map(|l| format!("{} {:.1}", l.stage, l.wall.as_secs_f64() * 1000.0))
                    .collect();
                eprintln!("sotay: timings (ms): {}", laps.join(", "));
            }
            let what = match r.kind {
                RebuiltKind::Full => "everything",
                RebuiltKind::Tree => "the tree",
                RebuiltKind::Pages => "changed pages",
            };
            let after = events
                .map(|n| format!(" after {n} file event{}", if n == 1 { "" } else { "s" }))
                .unwrap_or_default();
            eprintln!(
                "sotay: rebuilt {what}: {} page{} in {ms:.1} ms{after} (build {generation})",
                r.rendered,
                if r.rendered == 1 { "" } else { "s" },
            );
            Some(version)
        }
        Err(diags) => {
            let language = session.config().map(|c| c.language);
            let generation = state.publish_errors(&diags, language);
            eprint!("{diags}");
            let n = diags.len();
            eprintln!(
                "sotay: {n} error{} — {} (build {generation})",
                if n == 1 { "" } else { "s" },
                if session.output().is_some() {
                    "still serving the last good build; the browser shows the errors"
                } else {
                    "nothing to serve yet; the browser shows the errors"
                }
            );
            None
        }
    }
}

fn url_host(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("sotay: could not open a browser ({cmd}); open {url} yourself");
    }
}
