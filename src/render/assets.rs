//! The template function `asset(path="assets/sotay.css")`: the URL of a static file with a
//! version taken from its bytes (`assets/sotay.css?v=3f09c1d2`), relative to the site root.
//!
//! Readers' browsers and intranet proxies keep a stylesheet or script for hours when the
//! server says nothing of caching. Once a theme's file changes (an upgrade of sotay, an edit
//! of the handbook's own `static/`), its URL changes with it, and every page asks for the new
//! file; while it stays the same, so do the URL and the pages, which are then not written
//! again. A query string works the same from a server and from `file://`, and keeps the
//! file's name, so a theme can still link a file by its plain path.
//!
//! A file's version is computed the first time a template asks for it (a handbook's
//! `static/` may hold large documents no template links), once per loaded theme.

use super::theme::StaticSource;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The static files of a theme, each with its version once asked for.
pub struct Assets {
    files: BTreeMap<String, (StaticSource, OnceLock<Result<String, String>>)>,
}

impl Assets {
    pub fn new(static_files: &BTreeMap<String, StaticSource>) -> Assets {
        let files = static_files
            .iter()
            .map(|(path, source)| (path.clone(), (source.clone(), OnceLock::new())))
            .collect();
        Assets { files }
    }

    /// `path?v=VERSION` (the path percent-encoded, as sotay writes every link), or why there
    /// is none.
    pub fn url(&self, path: &str) -> Result<String, String> {
        let Some((source, version)) = self.files.get(path) else {
            return Err(format!(
                "{MISSING} `{path}` in the theme's or the handbook's static/ folder{}",
                self.suggestion(path)
            ));
        };
        let version = version.get_or_init(|| match source {
            StaticSource::Embedded(bytes) => Ok(version_of(bytes)),
            StaticSource::File(file) => std::fs::read(file)
                .map(|bytes| version_of(&bytes))
                .map_err(|e| format!("cannot read the static file {}: {e}", file.display())),
        });
        let url = crate::resolve::urls::encode_path(path);
        Ok(format!("{url}?v={}", version.as_ref()?))
    }

    /// " (did you mean `…`?)" for a path that differs from a static file's only in its
    /// folder or a leading `/`, else nothing.
    fn suggestion(&self, path: &str) -> String {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.files
            .keys()
            .find(|k| k.rsplit('/').next() == Some(name))
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default()
    }
}

impl tera::Function for Assets {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = match args.get("path") {
            Some(tera::Value::String(p)) => p,
            _ => {
                return Err(tera::Error::msg(
                    "asset() needs the static file's path: asset(path=\"assets/sotay.css\")",
                ))
            }
        };
        self.url(path)
            .map(tera::Value::String)
            .map_err(tera::Error::msg)
    }
}

/// Eight hex digits that change whenever the bytes do ([`crate::write::content_hash`]; a
/// machine that hashes otherwise only makes browsers fetch the files once more).
pub fn version_of(bytes: &[u8]) -> String {
    format!("{:08x}", crate::write::content_hash(bytes) >> 32)
}

/// The start of the message for a path that names no static file (the help for it is
/// chosen by it).
pub const MISSING: &str = "no static file";

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> Assets {
        let mut files = BTreeMap::new();
        files.insert(
            "assets/sotay.css".to_string(),
            StaticSource::Embedded(b"body { color: black }"),
        );
        files.insert(
            "assets/other.css".to_string(),
            StaticSource::Embedded(b"body { color: red }"),
        );
        files.insert(
            "tài liệu/mẫu 1.pdf".to_string(),
            StaticSource::Embedded(b"%PDF-1.4"),
        );
        Assets::new(&files)
    }

    #[test]
    fn a_file_s_version_follows_its_bytes() {
        let a = assets();
        let css = a.url("assets/sotay.css").unwrap();
        assert_eq!(
            css,
            format!(
                "assets/sotay.css?v={}",
                version_of(b"body { color: black }")
            )
        );
        assert_eq!(
            a.url("assets/sotay.css").unwrap(),
            css,
            "the same on every call"
        );
        let other = a.url("assets/other.css").unwrap();
        assert_ne!(
            css["assets/sotay.css".len()..],
            other["assets/other.css".len()..]
        );
        assert_eq!(version_of(b"").len(), 8);
        assert_eq!(
            a.url("tài liệu/mẫu 1.pdf").unwrap(),
            format!(
                "t%C3%A0i%20li%E1%BB%87u/m%E1%BA%ABu%201.pdf?v={}",
                version_of(b"%PDF-1.4")
            )
        );
    }

    #[test]
    fn an_unknown_file_is_an_error_naming_it() {
        let a = assets();
        let e = a.url("/assets/sotay.css").unwrap_err();
        assert!(e.contains("no static file `/assets/sotay.css`"), "{e}");
        assert!(e.contains("did you mean `assets/sotay.css`?"), "{e}");
        let e = a.url("assets/nothing.js").unwrap_err();
        assert!(!e.contains("did you mean"), "{e}");
    }
}
