//! Live reload: a small script put into every HTML page the preview sends (never into
//! `build` output), the server-sent events that tell open pages to reload, and the overlay
//! that shows the handbook's errors over the last good page.

use crate::diagnostics::Diagnostics;
use crate::i18n::{self, Language};
use crate::parse::markdown::escape_attr;
use std::collections::VecDeque;
use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::Duration;

/// Where pages listen for reloads.
pub const EVENTS_PATH: &str = "/__sotay/events";

/// Open event streams kept at most; the oldest is closed when another arrives.
pub const MAX_SUBSCRIBERS: usize = 64;

/// The id of the script element, by which tests and tools can strip it.
pub const SCRIPT_ID: &str = "sotay-live";

/// The id of the error overlay.
pub const OVERLAY_ID: &str = "sotay-errors";

/// The reload script for a page served at `generation` by the server `server_id`. It
/// keeps the reader's scroll position across the reload (per page, in sessionStorage).
pub fn script(generation: u64, server_id: u64) -> String {
    format!(
        "<script id=\"{SCRIPT_ID}\">(function(){{\
var k=\"sotay-scroll:\"+location.pathname,y=null;\
try{{y=sessionStorage.getItem(k);sessionStorage.removeItem(k);}}catch(e){{}}\
if(y!==null){{var go=function(){{window.scrollTo(0,+y);}};\
if(document.readyState===\"complete\")go();else addEventListener(\"load\",go);}}\
if(!window.EventSource)return;\
var es=new EventSource(\"{EVENTS_PATH}?since={generation}&id={server_id}\");\
es.addEventListener(\"reload\",function(){{\
try{{sessionStorage.setItem(k,String(window.scrollY));}}catch(e){{}}\
es.close();location.reload();}});\
}})();</script>"
    )
}

/// The overlay listing the handbook's errors, every text escaped.
pub fn overlay(diags: &Diagnostics, lang: Language, have_site: bool) -> String {
    let mut items = String::new();
    for d in &diags.0 {
        items.push_str("<li style=\"margin:.35rem 0\"><code style=\"font-weight:bold\">");
        items.push_str(&escape_attr(&d.location()));
        items.push_str("</code> ");
        items.push_str(&escape_attr(&d.message));
        if let Some(h) = &d.help {
            items.push_str("<br><small>");
            items.push_str(&escape_attr(h));
            items.push_str("</small>");
        }
        items.push_str("</li>");
    }
    let title = i18n::string(
        lang,
        if have_site {
            "preview_errors"
        } else {
            "preview_no_site"
        },
    );
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:1rem 1.25rem;\
background:#fff1f0;color:#5c0011;border-bottom:4px solid #b00020;\
box-shadow:0 4px 16px rgba(0,0,0,.35);font:15px/1.5 system-ui,sans-serif;text-align:left\">\
<strong style=\"font-size:1.1em\">{}</strong>\
<ul style=\"margin:.5rem 0;padding-left:1.25rem;font-family:ui-monospace,monospace;font-size:14px\">{items}</ul>\
<small>{}</small></div>",
        escape_attr(title),
        escape_attr(i18n::string(lang, "preview_fix_hint")),
    )
}

/// `html` with `extra` put just before its last `</body>` (or at its end).
pub fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A page for when there is no good build yet: only the overlay.
pub fn no_site_page(lang: Language) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>sotay</title></head><body></body></html>",
        lang.code()
    )
}

/// The open event streams of the pages being viewed.
#[derive(Default)]
pub struct Broadcaster {
    inner: Mutex<Subscribers>,
}

#[derive(Default)]
struct Subscribers {
    streams: VecDeque<TcpStream>,
    generation: u64,
}

fn event(generation: u64) -> String {
    format!("event: reload\ndata: {generation}\n\n")
}

impl Broadcaster {
    /// Keeps an event stream (its response head already sent) to tell it about the next
    /// build. A page older than the current build, or from another server, is told at once.
    pub fn subscribe(&self, mut stream: TcpStream, since: u64, same_server: bool) {
        let Ok(mut subs) = self.inner.lock() else {
            return;
        };
        let _ = stream.set_write_timeout(Some(Duration::from_millis(500)));
        if !same_server || since < subs.generation {
            let _ = stream.write_all(event(subs.generation).as_bytes());
            return;
        }
        if subs.streams.len() >= MAX_SUBSCRIBERS {
            subs.streams.pop_front();
        }
        subs.streams.push_back(stream);
    }

    /// Tells every open page that build `generation` is there; closed streams are dropped.
    pub fn notify(&self, generation: u64) {
        let Ok(mut subs) = self.inner.lock() else {
            return;
        };
        subs.generation = generation;
        let msg = event(generation);
        subs.streams
            .retain_mut(|s| s.write_all(msg.as_bytes()).and_then(|()| s.flush()).is_ok());
    }

    /// How many pages are listening.
    pub fn len(&self) -> usize {
        self.inner.lock().map(|s| s.streams.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "<s>");
        assert_eq!(out, b"<html><body><p>x</p><s></BODY></html>");
        assert_eq!(inject(b"<p>x</p>", "<s>"), b"<p>x</p><s>");
        let twice = inject(b"<body>a</body> b </body>", "<s>");
        assert_eq!(twice, b"<body>a</body> b <s></body>");
    }

    #[test]
    fn overlay_escapes_everything() {
        let d: Diagnostics = Diagnostic::new("content/<a>.md", "bad `<script>alert(1)</script>`")
            .at(3, 7)
            .help("use \"quotes\" & <tags>")
            .into();
        let html = overlay(&d, Language::Vi, true);
        assert!(html.contains("content/&lt;a&gt;.md:3:7"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;quotes&quot; &amp; &lt;tags&gt;"));
        assert!(!html.contains("<script"));
        assert!(html.contains(i18n::string(Language::Vi, "preview_errors")));
    }

    #[test]
    fn script_names_generation_and_server() {
        let s = script(7, 42);
        assert!(s.starts_with("<script id=\"sotay-live\">"));
        assert!(s.contains("/__sotay/events?since=7&id=42"));
        assert!(s.ends_with("</script>"));
    }
}
