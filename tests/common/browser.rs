//! A real browser for integration tests: Debian's chromium, headless, driven over the
//! DevTools protocol (`headless_chrome`, which never downloads a browser of its own).
//!
//! ```ignore
//! let Some(browser) = browser::launch() else { return }; // prints "skipped: …"
//! let page = browser.open(&browser::file_url(&out.join("index.html")));
//! page.wait_for("document.readyState === 'complete'", "page load");
//! let n: serde_json::Value = page.eval("document.querySelectorAll('a').length");
//! assert!(page.errors().is_empty());
//! ```
//!
//! Without chromium a test prints "skipped: chromium not installed" and passes, unless
//! `SOTAY_REQUIRE_BROWSER=1` (set by the README's test command and CI), where it fails.
//! `scripts/install-test-deps.sh` installs chromium.

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network};
use headless_chrome::{LaunchOptions, Tab};
use serde_json::Value;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where Debian puts chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// A running headless chromium with a fresh profile.
pub struct Browser {
    /// (taken when the browser is dropped: chromium is stopped before its profile goes)
    browser: Option<headless_chrome::Browser>,
    _profile: tempfile::TempDir,
    /// Emulated phone screen (CSS pixels) applied to every tab before it loads.
    phone: Option<(u32, u32)>,
}

/// A tab, with the console errors and uncaught exceptions it reported.
pub struct Page {
    pub tab: Arc<Tab>,
    errors: Arc<Mutex<Vec<String>>>,
    requests: Arc<Mutex<Requests>>,
}

/// Network requests of a tab: URLs by request id, and those that failed.
#[derive(Default)]
struct Requests {
    urls: std::collections::HashMap<String, String>,
    failed: Vec<String>,
}

/// Starts chromium, or returns `None` (after saying so) when it is not installed.
pub fn launch() -> Option<Browser> {
    launch_sized(1280, 900)
}

/// Starts chromium emulating a phone: a viewport of this size in CSS pixels at 3 device
/// pixels per CSS pixel, with the mobile viewport rules (`<meta name="viewport">`) and a
/// touch screen. Use this below 500 px, chromium's smallest headless window width.
pub fn launch_phone(width: u32, height: u32) -> Option<Browser> {
    let mut b = launch_sized(width.max(500), height)?;
    b.phone = Some((width, height));
    Some(b)
}

/// Starts chromium with a window of this size (CSS pixels); chromium makes windows at
/// least 500 px wide (see `launch_phone`).
pub fn launch_sized(width: u32, height: u32) -> Option<Browser> {
    let path = std::env::var_os("SOTAY_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(CHROMIUM));
    if !path.exists() {
        if std::env::var("SOTAY_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!(
                "chromium not found at {} but SOTAY_REQUIRE_BROWSER=1: run scripts/install-test-deps.sh",
                path.display()
            );
        }
        eprintln!("skipped: chromium not installed (run scripts/install-test-deps.sh)");
        return None;
    }
    // The profile, and chromium's own temporary files: it makes a folder for its singleton
    // socket in TMPDIR and leaves it there when it is stopped, so TMPDIR is a folder of
    // this one, removed with it.
    let profile = tempfile::tempdir().expect("temp profile dir");
    let tmp = profile.path().join("tmp");
    std::fs::create_dir(&tmp).expect("chromium's temp dir");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--allow-file-access-from-files",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let opts = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .user_data_dir(Some(profile.path().join("profile")))
        .process_envs(Some(
            [("TMPDIR".to_string(), tmp.to_string_lossy().into_owned())].into(),
        ))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    let browser = headless_chrome::Browser::new(opts).expect("start chromium");
    Some(Browser {
        browser: Some(browser),
        _profile: profile,
        phone: None,
    })
}

/// `file://` URL of a path.
pub fn file_url(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

impl Browser {
    /// CPU time used so far by every process of this browser (from /proc/PID/schedstat,
    /// nanoseconds): unlike wall-clock time it does not grow when other work shares the
    /// machine. For measurements, never for assertions.
    pub fn cpu_time_ns(&self) -> u64 {
        self.processes()
            .iter()
            .filter_map(|dir| std::fs::read_to_string(dir.join("schedstat")).ok())
            .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
            .sum()
    }

    /// The `/proc` folders of this browser's processes (those started with its profile).
    fn processes(&self) -> Vec<PathBuf> {
        let needle = self._profile.path().to_string_lossy().into_owned();
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|dir| {
                std::fs::read(dir.join("cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&needle))
            })
            .collect()
    }

    fn chrome(&self) -> &headless_chrome::Browser {
        self.browser.as_ref().expect("a running browser")
    }

    /// Opens a URL in a new tab and waits for the load event.
    pub fn open(&self, url: &str) -> Page {
        let tab = self.chrome().new_tab().expect("new tab");
        tab.set_default_timeout(Duration::from_secs(30));
        let errors = Arc::new(Mutex::new(Vec::new()));
        tab.enable_runtime().expect("runtime domain");
        tab.enable_log().expect("log domain");
        let requests = Arc::new(Mutex::new(Requests::default()));
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("network domain");
        let net = requests.clone();
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let mut r = net.lock().unwrap();
            match event {
                Event::NetworkRequestWillBeSent(e) => {
                    r.urls
                        .insert(e.params.request_id.clone(), e.params.request.url.clone());
                }
                Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => {
                    let m = format!("{} {}", e.params.response.status, e.params.response.url);
                    r.failed.push(m);
                }
                Event::NetworkLoadingFailed(e) => {
                    let url = r
                        .urls
                        .get(&e.params.request_id)
                        .cloned()
                        .unwrap_or_default();
                    let m = format!("{} {url}", e.params.error_text);
                    r.failed.push(m);
                }
                _ => {}
            }
        }))
        .expect("network event listener");
        if let Some((width, height)) = self.phone {
            tab.call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 3.0,
                mobile: true,
                scale: None,
                screen_width: Some(width),
                screen_height: Some(height),
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .expect("phone screen");
            tab.call_method(Emulation::SetTouchEmulationEnabled {
                enabled: true,
                max_touch_points: Some(5),
            })
            .expect("touch screen");
        }
        let sink = errors.clone();
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let msg = match event {
                Event::RuntimeExceptionThrown(e) => Some(format!(
                    "exception: {} {}",
                    e.params.exception_details.text,
                    e.params
                        .exception_details
                        .exception
                        .as_ref()
                        .and_then(|x| x.description.clone())
                        .unwrap_or_default()
                )),
                Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type) == "Error" => {
                    Some(format!("console.error: {:?}", e.params.args))
                }
                Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level) == "Error" => {
                    Some(format!(
                        "log: {} {:?}",
                        e.params.entry.text, e.params.entry.url
                    ))
                }
                _ => None,
            };
            if let Some(m) = msg {
                sink.lock().unwrap().push(m);
            }
        }))
        .expect("event listener");
        tab.navigate_to(url)
            .and_then(|t| t.wait_until_navigated())
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        let page = Page {
            tab,
            errors,
            requests,
        };
        page.wait_for("document.readyState === 'complete'", "the page to load");
        page
    }
}

/// Stops chromium and waits for all its processes to end before the profile is removed:
/// they write into it while they shut down, and a folder removed meanwhile is left behind
/// in the temporary folder.
impl Drop for Browser {
    fn drop(&mut self) {
        drop(self.browser.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.processes().is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // (the profile itself is removed when `_profile` is dropped, just after this)
    }
}

impl Page {
    /// Evaluates a JavaScript expression (awaiting it if it is a promise) and returns its
    /// value as JSON. A thrown error fails the test with its message.
    pub fn eval(&self, expr: &str) -> Value {
        let wrapped = format!(
            "(async () => {{ try {{ const v = await ({expr}); return JSON.stringify({{ok: v === undefined ? null : v}}); }} \
             catch (e) {{ return JSON.stringify({{err: String(e && e.stack || e)}}); }} }})()"
        );
        let obj = self
            .tab
            .evaluate(&wrapped, true)
            .unwrap_or_else(|e| panic!("evaluate {expr}: {e}"));
        let text = obj
            .value
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("evaluate {expr}: no value ({obj:?})"))
            .to_string();
        let v: Value = serde_json::from_str(&text).expect("JSON from the page");
        if let Some(err) = v.get("err") {
            panic!("{expr} threw: {}", err.as_str().unwrap_or_default());
        }
        v["ok"].clone()
    }

    /// Polls a JavaScript condition every 25 ms until it is truthy (then returns its value),
    /// failing after 15 s with `what` in the message.
    pub fn wait_for(&self, condition: &str, what: &str) -> Value {
        let start = Instant::now();
        let expr = format!(
            "(async () => {{ const v = await ({condition}); return typeof v === 'function' ? true : v; }})()"
        );
        loop {
            let v = self.eval(&expr);
            if !(v.is_null() || v == Value::Bool(false) || v == 0 || v == "") {
                return v;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!(
                    "timed out waiting for {what} ({condition}); errors: {:?}",
                    self.errors()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Polls a JavaScript condition until it is `true` (at most 30 s) while the page may
    /// reload under it (the preview reloads pages by itself): an evaluation that fails
    /// because the document went away is tried again, not a failure.
    pub fn wait_across_reloads(&self, condition: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = self.tab.evaluate(condition, false) {
                if r.value == Some(Value::Bool(true)) {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} ({condition}); errors: {:?}",
                self.errors()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Emulates a device screen of this size in CSS pixels (a phone: `mobile` true). Chrome's
    /// windows cannot be narrower than 500 px, so narrow layouts need this.
    pub fn set_viewport(&self, width: u32, height: u32, mobile: bool) {
        use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
        self.tab
            .call_method(SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 1.0,
                mobile,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .expect("set device metrics");
    }

    /// Presses a key (`"ArrowDown"`, `"Enter"`, `"Escape"`, `"/"`) in the focused element.
    pub fn press(&self, key: &str) {
        self.tab
            .press_key(key)
            .unwrap_or_else(|e| panic!("press {key}: {e}"));
    }

    /// Types text into the focused element, key by key.
    pub fn type_text(&self, text: &str) {
        self.tab
            .type_str(text)
            .unwrap_or_else(|e| panic!("type {text}: {e}"));
    }

    /// Console errors, failed loads and uncaught exceptions so far.
    pub fn errors(&self) -> Vec<String> {
        self.errors.lock().unwrap().clone()
    }

    /// Requests that failed so far (status 400 or more, or no response: missing file,
    /// refused connection, blocked), each as "status-or-error URL".
    pub fn failed_requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().failed.clone()
    }

    /// Emulates a CSS media type (`"print"`, `"screen"`, or `""` for none) and media
    /// features such as `("prefers-color-scheme", "dark")`; an empty list resets them.
    pub fn emulate_media(&self, media: &str, features: &[(&str, &str)]) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(media.to_string()),
                features: Some(
                    features
                        .iter()
                        .map(|(name, value)| Emulation::MediaFeature {
                            name: name.to_string(),
                            value: value.to_string(),
                        })
                        .collect(),
                ),
            })
            .unwrap_or_else(|e| panic!("emulate media {media} {features:?}: {e}"));
    }

    /// Runs a script (statements, not an expression) in the page, e.g. a library's source.
    pub fn inject(&self, source: &str) {
        let src = serde_json::to_string(source).expect("script as JSON");
        self.eval(&format!("((0, eval)({src}), true)"));
    }
}

/// A small static file server on 127.0.0.1 serving `dir` under the URL path `prefix`
/// (e.g. `/so-tay/`), like a publisher's sub-path; anything else is 404. It runs until the
/// test process ends.
pub struct Server {
    /// `http://127.0.0.1:PORT/prefix/`
    pub base: String,
}

impl Server {
    pub fn start(dir: &Path, prefix: &str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let dir = dir.to_path_buf();
        let prefix = format!("/{}/", prefix.trim_matches('/'));
        let base = format!("http://127.0.0.1:{port}{prefix}");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                let prefix = prefix.clone();
                std::thread::spawn(move || serve_one(stream, &dir, &prefix));
            }
        });
        Server { base }
    }
}

fn serve_one(mut stream: std::net::TcpStream, dir: &Path, prefix: &str) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("");
    let body = path.strip_prefix(prefix).and_then(|rel| {
        let rel = percent_decode(rel);
        if rel.split('/').any(|s| s == "..") {
            return None;
        }
        let mut p = dir.join(&rel);
        if rel.is_empty() || rel.ends_with('/') {
            p = p.join("index.html");
        }
        std::fs::read(&p).ok().map(|b| (b, p))
    });
    let response = match body {
        Some((bytes, p)) => {
            let ctype = match p.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            )
            .into_bytes();
            r.extend(bytes);
            r
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
                .to_vec()
        }
    };
    let _ = stream.write_all(&response);
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
