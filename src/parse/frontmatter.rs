//! Front matter: the YAML block between `---` lines at the top of a page.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::path::Path;

/// The keys front matter accepts (for did-you-mean).
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "date",
    "updated",
    "document",
];

/// What a page says about itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Order among its siblings: smaller first; pages without one come last.
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub date: Option<String>,
    pub updated: Option<String>,
    /// The official document this page presents (docs/content.md, "Official documents").
    pub document: Option<crate::documents::DocumentMeta>,
}

/// A source split into its front matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML text (empty when the page has no front matter).
    pub yaml: &'a str,
    /// Line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// Byte offset of the YAML in the file.
    pub yaml_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

impl Split<'_> {
    /// Line and column of `key:` in the front matter, for messages about its value.
    pub fn key_position(&self, key: &str, _file_text: &str) -> Option<(usize, usize)> {
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let t = line.trim_start();
            let rest = t.strip_prefix(key)?;
            rest.trim_start()
                .starts_with(':')
                .then(|| (self.yaml_line + i, line.len() - t.len() + 1))
        })
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` (already normalized: `\n` line ends, no BOM) into front matter and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostics> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() == "+++" {
        return Err(Diagnostic::new(file, "front matter in TOML (`+++`) is not read by sotay")
            .at(1, 1)
            .help("write it in YAML between two `---` lines: `title: \"…\"` instead of `title = \"…\"`")
            .into());
    }
    if !is_fence(&text[..first_end]) {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            yaml_offset: 0,
            body: text,
            body_offset: 0,
        });
    }
    let yaml_offset = (first_end + 1).min(text.len());
    let mut pos = yaml_offset;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if is_fence(&text[pos..end]) {
            let body_offset = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_offset..pos],
                yaml_line: 2,
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::new(
        file,
        "the front matter (the `key: value` lines after the `---` on line 1) is never closed",
    )
    .at(1, 1)
    .help("end it with a line holding only `---`, before the text of the page")
    .into())
}

/// Parses the front matter of a split source.
pub fn parse(split: &Split, file: &Path) -> Result<FrontMatter, Diagnostics> {
    if split.yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let mut fm: FrontMatter = crate::yaml::parse(split.yaml, file, split.yaml_line, KEYS)?;
    fm.title = fm.title.map(|t| crate::text::nfc(t.trim()));
    fm.description = fm.description.map(|t| crate::text::nfc(t.trim()));
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_and_keeps_offsets() {
        let t = "---\ntitle: A\n---\nBody\n";
        let s = split(t, p()).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&t[s.body_offset..], "Body\n");
        assert_eq!(parse(&s, p()).unwrap().title.as_deref(), Some("A"));
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Tiêu đề\n", p()).unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "# Tiêu đề\n");
    }

    #[test]
    fn unclosed_is_an_error_at_line_1() {
        let e = split("---\ntitle: A\nBody\n", p()).unwrap_err();
        assert_eq!(e.0[0].line, Some(1));
        assert!(e.0[0].message.contains("never closed"));
    }

    #[test]
    fn errors_point_into_the_file() {
        let t = "---\ntitle: A\nweigth: 2\n---\n";
        let s = split(t, p()).unwrap();
        let e = parse(&s, p()).unwrap_err();
        assert_eq!((e.0[0].line, e.0[0].column), (Some(3), Some(1)));
        assert_eq!(s.key_position("title", t), Some((2, 1)));
    }
}
