//! Output paths and the relative URLs between them.

/// Output path of a Markdown source: `a/b.md` → `a/b.html`, `a/_index.md` → `a/index.html`.
pub fn page_output(source: &str) -> String {
    if source == "_index.md" {
        return "index.html".to_string();
    }
    if let Some(dir) = source.strip_suffix("/_index.md") {
        return format!("{dir}/index.html");
    }
    let stem = source.strip_suffix(".md").unwrap_or(source);
    format!("{stem}.html")
}

/// The folder part of an output path (`a/b.html` → `a`), empty at the root.
pub fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Relative prefix from the folder of `from` back to the root (`a/b/c.html` → `../../`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Relative URL from the page at output path `from` to output path `to`, percent-encoded.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = dir_of(from).split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dirs, file) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dir
        .iter()
        .zip(to_dirs.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    for d in &to_dirs[common..] {
        out.push_str(&encode_segment(d));
        out.push('/');
    }
    out.push_str(&encode_segment(file[0]));
    out
}

/// Percent-encodes one path segment (keeps ASCII letters, digits and `-._~`).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a whole relative path, keeping its `/`.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Decodes `%XX` escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs() {
        assert_eq!(page_output("_index.md"), "index.html");
        assert_eq!(page_output("a/_index.md"), "a/index.html");
        assert_eq!(page_output("a/b.md"), "a/b.html");
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative("a/b.html", "a/c.html"), "c.html");
        assert_eq!(relative("a/b.html", "d/index.html"), "../d/index.html");
        assert_eq!(relative("index.html", "a/b/c.html"), "a/b/c.html");
        assert_eq!(relative("a/b/c.html", "index.html"), "../../index.html");
        assert_eq!(relative("a/x.html", "a/b/c.html"), "b/c.html");
        assert_eq!(
            relative("index.html", "tài liệu/a b.pdf"),
            "t%C3%A0i%20li%E1%BB%87u/a%20b.pdf"
        );
        assert_eq!(root_prefix("a/b/c.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("t%C3%A0i"), "tài");
    }
}
