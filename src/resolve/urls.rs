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
        encode_segment_into(&mut out, d);
        out.push('/');
    }
    encode_segment_into(&mut out, file[0]);
    out
}

/// Percent-encodes one path segment (keeps ASCII letters, digits and `-._~`).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_segment_into(&mut out, s);
    out
}

/// [`encode_segment`] appended to `out`: runs of kept characters are copied whole (links
/// are made by the hundred thousand in a large handbook's print views).
pub fn encode_segment_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let keep = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if keep(b) {
            continue;
        }
        if from < i {
            // (a run of kept bytes is ASCII: it starts and ends on characters)
            out.push_str(&s[from..i]);
        }
        out.push('%');
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
        from = i + 1;
    }
    if from < s.len() {
        out.push_str(&s[from..]);
    }
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
    fn segments_encode_every_byte_not_kept() {
        assert_eq!(encode_segment("đảng viên"), "%C4%91%E1%BA%A3ng%20vi%C3%AAn");
        assert_eq!(encode_segment("đ"), "%C4%91");
        assert_eq!(encode_segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode_segment(""), "");
        assert_eq!(encode_segment("100%?#"), "100%25%3F%23");
        for s in ["Tổ chức cơ sở đảng", "ả", "x/y", "😀a"] {
            assert_eq!(percent_decode(&encode_segment(s)), s);
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("t%C3%A0i"), "tài");
    }
}
