//! A real browser for the preview's tests: Debian's chromium, headless, driven over the
//! DevTools protocol (`headless_chrome`, which never downloads a browser of its own).
//!
//! Without chromium a test prints "skipped: chromium not installed" and passes, unless
//! `SOTAY_REQUIRE_BROWSER=1`, where it fails. `apt-get install chromium` installs it.
#![allow(dead_code)]

use headless_chrome::{LaunchOptions, Tab};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where Debian puts chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// A running headless chromium with a fresh profile.
pub struct Browser {
    browser: headless_chrome::Browser,
    _profile: tempfile::TempDir,
}

/// Starts chromium, or returns `None` (after saying so) when it is not installed.
pub fn launch() -> Option<Browser> {
    let path = std::env::var_os("SOTAY_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(CHROMIUM));
    if !path.exists() {
        if std::env::var("SOTAY_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!(
                "chromium not found at {} but SOTAY_REQUIRE_BROWSER=1",
                path.display()
            );
        }
        eprintln!("skipped: chromium not installed");
        return None;
    }
    let profile = tempfile::tempdir().expect("temp profile dir");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let opts = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1000, 700)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    let browser = headless_chrome::Browser::new(opts).expect("start chromium");
    Some(Browser {
        browser,
        _profile: profile,
    })
}

impl Browser {
    /// Opens a URL in a new tab and waits until it has loaded.
    pub fn open(&self, url: &str) -> Arc<Tab> {
        let tab = self.browser.new_tab().expect("new tab");
        tab.set_default_timeout(Duration::from_secs(30));
        tab.navigate_to(url).expect("navigate");
        tab.wait_until_navigated().expect("navigated");
        tab
    }
}

/// The value of a JavaScript expression in the tab.
pub fn eval(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, false)
        .unwrap_or_else(|e| panic!("evaluate {js}: {e}"))
        .value
        .unwrap_or(Value::Null)
}

/// Polls a JavaScript condition until it is true (at most 30 s).
pub fn wait_for(tab: &Tab, js: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // While the page reloads an evaluation may fail: try again.
        if let Ok(r) = tab.evaluate(js, false) {
            if r.value == Some(Value::Bool(true)) {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} ({js})"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
