//! The published example handbook as readers reach it: served by a real nginx under a
//! sub-path, and opened as files. Every link from the home page is followed; no 404,
//! anchors included.

mod common;
use common::*;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

fn require(bin: &str) -> Option<PathBuf> {
    let found = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"]
        .iter()
        .map(|d| Path::new(d).join(bin))
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("SOTAY_REQUIRE_BROWSER").is_err(),
            "{bin} is not installed (run scripts/install-test-deps.sh)"
        );
        eprintln!("skipped: {bin} not installed");
    }
    found
}

fn build_example(out: &Path, base_url: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    sotay(
        repo,
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            base_url,
        ],
    )
    .ok();
}

struct Nginx(Child);
impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM lets the master stop its workers too (SIGKILL would orphan them).
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.0.id() as i32, libc::SIGTERM);
        }
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_nginx(nginx: &Path, dir: &Path, site: &Path, port: u16) -> Nginx {
    for d in ["logs", "tmp"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let conf = format!(
        r#"worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/logs/error.log warn;
events {{ worker_connections 128; }}
http {{
  include /etc/nginx/mime.types;
  charset utf-8;
  charset_types text/css application/javascript image/svg+xml text/csv;
  access_log off;
  client_body_temp_path {dir}/tmp/body;
  proxy_temp_path {dir}/tmp/proxy;
  fastcgi_temp_path {dir}/tmp/fastcgi;
  uwsgi_temp_path {dir}/tmp/uwsgi;
  scgi_temp_path {dir}/tmp/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /so-tay/ {{
      alias {site}/;
      index index.html;
      error_page 404 /so-tay/404.html;
    }}
  }}
}}
"#,
        dir = dir.display(),
        site = site.display()
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(nginx)
        .arg("-c")
        .arg(&conf_path)
        .arg("-p")
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start nginx");
    let guard = Nginx(child);
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return guard;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!(
        "nginx did not start: {}",
        std::fs::read_to_string(dir.join("logs/error.log")).unwrap_or_default()
    );
}

/// Splits `base` (a URL or path ending in a file) and joins a relative reference to it.
fn join(base: &str, rel: &str) -> String {
    let (prefix, path) = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            let slash = after.find('/').map(|j| i + 3 + j).unwrap_or(base.len());
            (&base[..slash], &base[slash..])
        }
        None => ("", base),
    };
    if rel.starts_with('/') {
        return format!("{prefix}{rel}");
    }
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("{prefix}{}", parts.join("/"))
}

/// (status, content type, body) of one request.
type Fetched = (u16, String, Vec<u8>);

struct Crawl {
    pages: usize,
    links: usize,
    anchors: usize,
}

/// Follows every link from `start`; `fetch` returns (status, content type, body).
fn crawl(start: &str, fetch: &dyn Fn(&str) -> Fetched, inside: &dyn Fn(&str) -> bool) -> Crawl {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([start.to_string()]);
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut wanted_anchors: Vec<(String, String, String)> = Vec::new();
    let mut links = 0;
    let mut errors = Vec::new();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let (status, ctype, body) = fetch(&url);
        if status != 200 {
            errors.push(format!("{url}: status {status}"));
            continue;
        }
        if !(url.ends_with(".html") || url.ends_with('/')) {
            continue;
        }
        assert!(ctype.starts_with("text/html"), "{url}: {ctype}");
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&body));
        ids.insert(url.clone(), attrs(&doc, "[id]", "id").into_iter().collect());
        let refs = attrs(&doc, "a[href], link[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "img[src], script[src]", "src"));
        for r in refs {
            if r.contains("://") && !inside(&r) || r.starts_with("mailto:") {
                continue;
            }
            links += 1;
            let (path, frag) = match r.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (r.clone(), None),
            };
            let target = if path.is_empty() {
                url.clone()
            } else if path.contains("://") {
                path
            } else {
                join(&url, &path)
            };
            if let Some(f) = frag.filter(|f| !f.is_empty()) {
                wanted_anchors.push((url.clone(), target.clone(), f));
            }
            if !seen.contains(&target) {
                queue.push_back(target);
            }
        }
    }
    for (from, target, frag) in &wanted_anchors {
        match ids.get(target) {
            Some(set) if set.contains(frag) => {}
            Some(_) => errors.push(format!("{from}: no #{frag} in {target}")),
            None => {}
        }
    }
    assert!(
        errors.is_empty(),
        "{} broken:\n{}",
        errors.len(),
        errors.join("\n")
    );
    Crawl {
        pages: ids.len(),
        links,
        anchors: wanted_anchors.len(),
    }
}

#[test]
fn nginx_under_a_sub_path_serves_every_link() {
    let Some(nginx) = require("nginx") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/so-tay/");
    let site = tmp.path().join("site");
    build_example(&site, &base);
    let _server = start_nginx(&nginx, &tmp.path().join("nginx"), &site, port);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let fetch = |url: &str| -> Fetched {
        let mut resp = agent
            .get(url)
            .call()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let status = resp.status().as_u16();
        let ctype = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = resp.body_mut().read_to_vec().unwrap();
        (status, ctype, body)
    };
    let result = crawl(&format!("{base}index.html"), &fetch, &|u: &str| {
        u.starts_with(&base)
    });
    assert!(result.pages >= 27, "only {} pages reached", result.pages);
    assert!(
        result.links > 500 && result.anchors > 50,
        "{} links, {} anchors",
        result.links,
        result.anchors
    );
    // a missing page gets the handbook's 404 page, whose links work at any depth
    let (status, _, body) = fetch(&format!("{base}khong/co/trang-nay.html"));
    assert_eq!(status, 404);
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&body));
    let css = attrs(&doc, "link[rel=stylesheet]", "href");
    assert!(
        css.len() == 1 && css[0].starts_with(&format!("{base}assets/sotay.css?v=")),
        "{css:?}"
    );
    let (status, _, bytes) = fetch(&css[0]);
    assert_eq!(status, 200);
    assert_eq!(bytes, std::fs::read(site.join("assets/sotay.css")).unwrap());
    // the sitemap names only pages that exist
    let (_, _, sitemap) = fetch(&format!("{base}sitemap.xml"));
    let sitemap = String::from_utf8(sitemap).unwrap();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() >= 27);
    for loc in locs {
        assert_eq!(fetch(loc).0, 200, "{loc}");
    }
}

#[test]
fn the_same_folder_works_from_file_urls() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_example(&site, "https://intranet.example/so-tay/");
    let root = format!("file://{}/", site.display());
    let fetch = |url: &str| -> Fetched {
        let path = url.strip_prefix("file://").unwrap();
        // as browsers do, a file URL's query (the version of a theme's file: `?v=…`) is
        // not part of the file's name
        let path = path.split('?').next().unwrap();
        let decoded = percent_decode(path);
        match std::fs::read(&decoded) {
            Ok(b) => (
                200,
                if decoded.ends_with(".html") {
                    "text/html".into()
                } else {
                    String::new()
                },
                b,
            ),
            Err(_) => (404, String::new(), Vec::new()),
        }
    };
    let result = crawl(&format!("{root}index.html"), &fetch, &|u: &str| {
        u.starts_with("file://")
    });
    assert!(
        result.pages >= 27 && result.links > 500,
        "{} pages, {} links",
        result.pages,
        result.links
    );
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
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
    String::from_utf8(out).unwrap()
}
