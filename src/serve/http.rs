//! A small HTTP/1.1 server for the preview, on the standard library: GET and HEAD of the
//! site's files from memory, nothing else. It is small enough to bound everything a
//! client can make it hold: connections at once, bytes of a request head, time to send it.
//! Request paths are looked up as keys of the built site, never joined to a folder, and
//! anything that looks like climbing out (`..`, encoded slashes, backslashes, NUL) is
//! refused before the lookup.

use super::reload;
use super::state::{Snapshot, State};
use crate::write::OutputFile;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Limits on what one client can make the server hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections being answered at once (one thread each); more are told 503.
    pub max_connections: usize,
    /// Bytes of the request line.
    pub max_request_line: usize,
    /// Bytes of the request line and headers together.
    pub max_head: usize,
    /// Time a client has to send its request head.
    pub head_timeout: Duration,
    /// Time a client has to take a response.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 128,
            max_request_line: 8 * 1024,
            max_head: 16 * 1024,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// Accepts connections for ever, each answered on its own small thread.
pub fn serve(listener: TcpListener, state: Arc<State>, limits: Limits) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors or similar: breathe, then go on.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if active.fetch_add(1, Ordering::SeqCst) >= limits.max_connections {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = respond_simple(
                &mut stream,
                503,
                "Service Unavailable",
                "too many connections",
            );
            continue;
        }
        let (state, counter) = (state.clone(), active.clone());
        let spawned = std::thread::Builder::new()
            .name("sotay-http".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                handle(stream, &state, &limits);
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Why a request head could not be read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    TooLongLine,
    TooLongHead,
    Closed,
}

/// Reads up to the blank line ending the head, never more than `limits.max_head` bytes.
fn read_head(stream: &mut TcpStream, limits: &Limits) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Closed);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Closed),
            Ok(n) => n,
        };
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find_head_end(&buf[from..]) {
            buf.truncate(from + end);
            if line_len(&buf) > limits.max_request_line {
                return Err(HeadError::TooLongLine);
            }
            return Ok(buf);
        }
        if line_len(&buf) > limits.max_request_line {
            return Err(HeadError::TooLongLine);
        }
        if buf.len() > limits.max_head {
            return Err(HeadError::TooLongHead);
        }
    }
}

fn find_head_end(b: &[u8]) -> Option<usize> {
    b.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| b.windows(2).position(|w| w == b"\n\n").map(|i| i + 2))
}

fn line_len(b: &[u8]) -> usize {
    b.iter().position(|&c| c == b'\n').unwrap_or(b.len())
}

fn handle(mut stream: TcpStream, state: &State, limits: &Limits) {
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let head = match read_head(&mut stream, limits) {
        Ok(h) => h,
        Err(HeadError::TooLongLine) => {
            let _ = respond_simple(
                &mut stream,
                414,
                "URI Too Long",
                "the request line is too long",
            );
            return;
        }
        Err(HeadError::TooLongHead) => {
            let _ = respond_simple(
                &mut stream,
                431,
                "Request Header Fields Too Large",
                "the request headers are too large",
            );
            return;
        }
        Err(HeadError::Closed) => return,
    };
    let text = String::from_utf8_lossy(&head);
    let mut words = text.lines().next().unwrap_or("").split(' ');
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let _ = respond(
                &mut stream,
                &Response::text(405, "Method Not Allowed", "only GET and HEAD"),
                false,
            );
            return;
        }
    };
    let snap = state.snapshot();
    let response = match route(target) {
        Route::Events { since, server } => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\nretry: 500\n\n",
            );
            if !head_only {
                let _ = stream.flush();
                state
                    .events
                    .subscribe(stream, since, server == state.server_id);
            }
            return;
        }
        Route::Refused(why) => Response::text(403, "Forbidden", why),
        Route::Bad(why) => Response::text(400, "Bad Request", why),
        Route::File(path) => file_response(&snap, state, &path),
    };
    let _ = respond(&mut stream, &response, head_only);
}

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A path of the site (`a/b.html`; `index.html` for folders).
    File(String),
    /// The reload event stream.
    Events {
        since: u64,
        server: u64,
    },
    /// A path that tries to leave the site.
    Refused(&'static str),
    Bad(&'static str),
}

/// Reads a request target into a path of the site, refusing any way out of it.
pub fn route(target: &str) -> Route {
    if !target.starts_with('/') {
        return Route::Bad("only paths starting with / are served");
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, q),
        None => (target, ""),
    };
    let path = path.split('#').next().unwrap_or("");
    if path == reload::EVENTS_PATH {
        let num = |key: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        return Route::Events {
            since: num("since"),
            server: num("id"),
        };
    }
    let lower = path.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) || path.contains('\\') {
        return Route::Refused("encoded slashes, backslashes and NUL are not served");
    }
    let Some(bytes) = percent_decode(path) else {
        return Route::Bad("malformed percent-encoding");
    };
    let Ok(decoded) = String::from_utf8(bytes) else {
        return Route::Bad("the path is not UTF-8");
    };
    if decoded.chars().any(char::is_control) {
        return Route::Bad("control characters in the path");
    }
    let inner = &decoded[1..];
    let segments: Vec<&str> = inner.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." {
            return Route::Refused("`.` and `..` are not served");
        }
        if s.is_empty() && i != last {
            return Route::Refused("empty path segments are not served");
        }
    }
    let mut key = crate::text::nfc(inner);
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Route::File(key)
}

/// Strict `%XX` decoding: `None` on a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The content type of a file of the site, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// A response body: bytes in memory, or a file streamed from disk.
enum Body {
    Bytes(Vec<u8>),
    Shared(Arc<Vec<u8>>),
    Static(&'static [u8]),
    File(std::fs::File, u64),
}

struct Response {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    location: Option<String>,
    body: Body,
}

impl Response {
    fn text(status: u16, reason: &'static str, text: &str) -> Response {
        Response {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: Body::Bytes(format!("{status} {reason}: {text}\n").into_bytes()),
        }
    }

    fn html(status: u16, reason: &'static str, html: Vec<u8>) -> Response {
        Response {
            status,
            reason,
            content_type: "text/html; charset=utf-8",
            location: None,
            body: Body::Bytes(html),
        }
    }
}

/// An HTML page of the site with the reload script (and the error overlay) put in.
fn live_html(snap: &Snapshot, state: &State, html: &[u8]) -> Vec<u8> {
    let mut extra = snap.overlay.clone().unwrap_or_default();
    extra.push_str(&reload::script(snap.generation, state.server_id));
    reload::inject(html, &extra)
}

fn file_response(snap: &Snapshot, state: &State, path: &str) -> Response {
    if !snap.have_site {
        let page = reload::no_site_page(snap.language);
        return Response::html(
            500,
            "Internal Server Error",
            live_html(snap, state, page.as_bytes()),
        );
    }
    let Some(file) = snap.files.get(path) else {
        let folder = format!("{path}/index.html");
        if snap.files.contains_key(&folder) {
            return Response {
                status: 301,
                reason: "Moved Permanently",
                content_type: "text/plain; charset=utf-8",
                location: Some(format!("/{}/", crate::resolve::urls::encode_path(path))),
                body: Body::Static(b""),
            };
        }
        return not_found(snap, state);
    };
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        let bytes = match file.bytes() {
            Ok(b) => b,
            Err(_) => return not_found(snap, state),
        };
        return Response::html(200, "OK", live_html(snap, state, &bytes));
    }
    let body = match file {
        OutputFile::Bytes(b) => Body::Bytes(b.clone()),
        OutputFile::Shared(b) => Body::Shared(b.clone()),
        OutputFile::Static(b) => Body::Static(b),
        OutputFile::Copy(p) => match state
            .open_copied(p)
            .and_then(|f| f.metadata().map(|m| (f, m.len())))
        {
            Ok((f, len)) => Body::File(f, len),
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                return Response::text(403, "Forbidden", "this file leads outside the handbook")
            }
            Err(_) => return not_found(snap, state),
        },
    };
    Response {
        status: 200,
        reason: "OK",
        content_type,
        location: None,
        body,
    }
}

/// The handbook's own 404 page, with status 404.
fn not_found(snap: &Snapshot, state: &State) -> Response {
    match snap.files.get("404.html").and_then(|f| f.bytes().ok()) {
        Some(page) => Response::html(404, "Not Found", live_html(snap, state, &page)),
        None => Response::text(404, "Not Found", "no such page"),
    }
}

fn respond(stream: &mut TcpStream, r: &Response, head_only: bool) -> io::Result<()> {
    let len = match &r.body {
        Body::Bytes(b) => b.len() as u64,
        Body::Shared(b) => b.len() as u64,
        Body::Static(b) => b.len() as u64,
        Body::File(_, n) => *n,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        r.status, r.reason, r.content_type
    );
    if let Some(loc) = &r.location {
        head.push_str(&format!("Location: {loc}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        match &r.body {
            Body::Bytes(b) => stream.write_all(b)?,
            Body::Shared(b) => stream.write_all(b)?,
            Body::Static(b) => stream.write_all(b)?,
            Body::File(f, n) => {
                let mut f = f.take(*n);
                io::copy(&mut f, stream)?;
            }
        }
    }
    stream.flush()?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

fn respond_simple(
    stream: &mut TcpStream,
    status: u16,
    reason: &'static str,
    text: &str,
) -> io::Result<()> {
    respond(stream, &Response::text(status, reason, text), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_site_paths() {
        assert_eq!(route("/"), Route::File("index.html".into()));
        assert_eq!(route("/a/"), Route::File("a/index.html".into()));
        assert_eq!(route("/a/b.html?x=1#y"), Route::File("a/b.html".into()));
        assert_eq!(
            route("/t%C3%A0i%20li%E1%BB%87u/a.pdf"),
            Route::File("tài liệu/a.pdf".into())
        );
        // NFD requests find NFC files
        assert_eq!(route("/ba%CC%80i.html"), Route::File("bài.html".into()));
        assert_eq!(
            route("/__sotay/events?since=3&id=9"),
            Route::Events {
                since: 3,
                server: 9
            }
        );
    }

    #[test]
    fn refuses_every_way_out() {
        for t in [
            "/../sotay.yaml",
            "/a/../../sotay.yaml",
            "/%2e%2e/sotay.yaml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fsotay.yaml",
            "/..%2Fsotay.yaml",
            "/..%5csotay.yaml",
            "/..\\sotay.yaml",
            "//etc/passwd",
            "/a//b.html",
            "/./index.html",
            "/a%00.html",
        ] {
            assert!(matches!(route(t), Route::Refused(_)), "{t}: {:?}", route(t));
        }
        for t in [
            "etc/passwd",
            "http://example.com/",
            "*",
            "/%zz",
            "/%c3",
            "/a%0a.html",
        ] {
            assert!(matches!(route(t), Route::Bad(_)), "{t}: {:?}", route(t));
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/sotay.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/sotay.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("so-lieu.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("a.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn finds_the_end_of_a_head() {
        assert_eq!(
            find_head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(27)
        );
        assert_eq!(find_head_end(b"GET / HTTP/1.0\n\n"), Some(16));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nHost"), None);
    }
}
