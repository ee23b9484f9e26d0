//! Running `sotay serve` in tests: start the real binary on a free port, talk plain HTTP to
//! it, read what it tells the terminal, and wait (with a bounded timeout, never a fixed
//! sleep) until it serves what a test expects.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any wait in these tests may take before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A running preview server, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    stderr: Arc<Mutex<Vec<String>>>,
    /// What the server printed on its standard output up to the address line.
    stdout: Vec<String>,
}

/// An HTTP response.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

impl Server {
    /// Starts `sotay serve --root ROOT --port 0` and waits until it says where it listens.
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    pub fn start_with(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sotay"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sotay serve");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        {
            let lines = stderr.clone();
            let err = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + TIMEOUT;
        let mut stdout = Vec::new();
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(left).unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("sotay serve did not say where it listens")
            });
            stdout.push(line.clone());
            if let Some(rest) = line.split("http://").nth(1) {
                let hostport = rest.split('/').next().unwrap();
                break hostport.parse().expect("address");
            }
        };
        // a note about the address follows the address line at once, if any
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            stdout.push(line);
        }
        let s = Server {
            child,
            addr,
            stderr,
            stdout,
        };
        // the first build is reported before the address; wait until its line is read
        s.wait_build_after(0);
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends raw bytes as a request and reads the whole response.
    pub fn raw(&self, request: &[u8]) -> Resp {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        let _ = s.write_all(request);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        parse(&buf)
    }

    /// `GET path` (sent as written, not normalized).
    pub fn get(&self, path: &str) -> Resp {
        self.raw(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    /// Polls `path` until `ok` holds for the response.
    pub fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Resp) -> bool) -> Resp {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {path}: {what}\nlast response {} {}\nterminal:\n{}",
                    r.status,
                    r.text().chars().take(2000).collect::<String>(),
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls `path` until its text contains `needle`.
    pub fn wait_text(&self, path: &str, needle: &str) -> Resp {
        self.wait_for(path, &format!("text {needle:?}"), |r| {
            r.text().contains(needle)
        })
    }

    /// Whether the server's first lines of standard output contain `needle`.
    pub fn stdout_says(&self, needle: &str) -> bool {
        self.stdout.iter().any(|l| l.contains(needle))
    }

    /// Everything the server wrote to the terminal's error stream so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// The number of the last build the server reported (`(build N)`).
    pub fn build_number(&self) -> u64 {
        self.stderr
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| l.rsplit_once("(build ")?.1.strip_suffix(')')?.parse().ok())
            .max()
            .unwrap_or(0)
    }

    /// Waits until the server reported a build after `n`.
    pub fn wait_build_after(&self, n: u64) -> u64 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let b = self.build_number();
            if b > n {
                return b;
            }
            assert!(
                Instant::now() < deadline,
                "no build after {n}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the terminal shows `needle`.
    pub fn wait_stderr(&self, needle: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.stderr().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {needle:?}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the search index of the last good build is served (the preview makes
    /// it on its own thread once edits pause).
    pub fn wait_search_index(&self) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            {
                let lines = self.stderr.lock().unwrap();
                let last_build = lines.iter().rposition(|l| l.contains("sotay: rebuilt"));
                let last_index = lines
                    .iter()
                    .rposition(|l| l.contains("search index updated"));
                if let (Some(b), Some(i)) = (last_build, last_index) {
                    if i > b {
                        return;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "the search index was never updated:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server process still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(buf: &[u8]) -> Resp {
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Resp {
        status,
        head,
        body: buf[end..].to_vec(),
    }
}

/// A served HTML page without what only the preview adds (the reload script, the overlay).
pub fn strip_live(html: &[u8]) -> Vec<u8> {
    let mut s = String::from_utf8_lossy(html).into_owned();
    for (start, end) in [
        ("<div id=\"sotay-errors\"", "</div>"),
        ("<script id=\"sotay-live\">", "</script>"),
    ] {
        if let Some(i) = s.find(start) {
            let j = s[i..].find(end).map(|j| i + j + end.len()).unwrap();
            s.replace_range(i..j, "");
        }
    }
    s.into_bytes()
}

/// Resident memory of a process in KiB (Linux), for bounds on what clients can make it hold.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}
