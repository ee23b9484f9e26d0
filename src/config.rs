//! `sotay.yaml`, the handbook's configuration.

use crate::diagnostics::Diagnostic;
use crate::i18n::Language;
use crate::text;
use serde::Deserialize;
use std::path::Path;

/// The file name of the configuration inside a handbook folder.
pub const FILE_NAME: &str = "sotay.yaml";

/// The keys `sotay.yaml` accepts (for did-you-mean).
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "theme",
    "base_url",
    "print_max_pages",
    "safe_html",
];

/// A handbook's configuration, checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The handbook's title, shown in every page header.
    pub title: String,
    /// One sentence describing the handbook.
    #[serde(default)]
    pub description: String,
    /// Interface language: `vi` (default) or `en`.
    #[serde(default)]
    pub language: Language,
    /// Theme folder name under `themes/` (default `default`).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL the site is published at, for the sitemap and canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Print views are made for the whole handbook and each section with at most this many
    /// pages (0: none).
    #[serde(default = "default_print_max_pages")]
    pub print_max_pages: usize,
    /// Sanitize raw HTML in pages (scripts, event handlers, frames, forms and styles are
    /// removed). Off by default: editors are trusted.
    #[serde(default)]
    pub safe_html: bool,
    /// Where each key stands in sotay.yaml, for messages about values found wrong later.
    #[serde(skip)]
    positions: Vec<(&'static str, (usize, usize))>,
}

fn default_print_max_pages() -> usize {
    300
}

fn default_theme() -> String {
    "default".to_string()
}

impl Config {
    /// Reads and checks `ROOT/sotay.yaml`. `shown` is the path as shown in messages.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(FILE_NAME);
        let shown = Path::new(FILE_NAME);
        let bytes = std::fs::read(&path).map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::NotFound {
                "there is no sotay.yaml here: this folder is not a handbook".to_string()
            } else {
                format!("cannot read the configuration: {e}")
            };
            let help = if path.is_dir() {
                "sotay.yaml is a folder here; it must be a file holding the settings \
                 (`title: \"…\"`, see docs/configuration.md): rename the folder"
            } else {
                "run sotay in a handbook folder (one with sotay.yaml), pass --root DIR, \
                 or create one with `sotay init DIR`"
            };
            Diagnostic::new(shown, what).help(help)
        })?;
        let raw = text::decode_utf8(bytes).map_err(|p| p.diagnostic(shown))?;
        Self::parse(&text::normalize(&raw), shown)
    }

    /// Parses configuration text.
    pub fn parse(text: &str, shown: &Path) -> Result<Config, Diagnostic> {
        if text.trim().is_empty() {
            return Err(Diagnostic::new(shown, "the configuration is empty")
                .at(1, 1)
                .help("write at least `title: \"Sổ tay …\"`"));
        }
        let mut config: Config = crate::yaml::parse(text, shown, 1, KEYS)?;
        config.positions = KEYS
            .iter()
            .filter_map(|k| Some((*k, crate::yaml::key_position(text, k)?)))
            .collect();
        config.title = text::nfc(config.title.trim());
        config.description = text::nfc(config.description.trim());
        if config.title.is_empty() {
            return Err(Diagnostic::new(shown, "`title` is empty")
                .at_opt(config.position("title"))
                .help(
                    "give the handbook a title, for example `title: \"Sổ tay công tác tổ chức\"`",
                ));
        }
        if let Some(url) = &config.base_url {
            config.base_url = Some(
                check_base_url(url, shown).map_err(|d| d.at_opt(config.position("base_url")))?,
            );
        }
        Ok(config)
    }

    /// Line and column of `key` in sotay.yaml, when it is there.
    pub fn position(&self, key: &str) -> Option<(usize, usize)> {
        self.positions
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| *p)
    }
}

/// Checks a base URL (absolute http or https) and makes it end with `/`.
pub fn check_base_url(url: &str, shown: &Path) -> Result<String, Diagnostic> {
    let url = url.trim();
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.contains(char::is_whitespace);
    if !ok {
        return Err(Diagnostic::new(
            shown,
            format!("the base URL is not an absolute http(s) URL: {url}"),
        )
        .help("write it like https://intranet.example/so-tay/, or remove the line"));
    }
    let mut u = url.to_string();
    if !u.ends_with('/') {
        u.push('/');
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::parse("title: Sổ tay\n", Path::new("sotay.yaml")).unwrap();
        assert_eq!(c.language, Language::Vi);
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_key_suggests() {
        let e = Config::parse("title: x\nlanguge: en\n", Path::new("sotay.yaml")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.help.as_deref(), Some("did you mean `language`?"));
    }

    #[test]
    fn bad_language() {
        let e = Config::parse("title: x\nlanguage: fr\n", Path::new("sotay.yaml")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("fr"), "{}", e.message);
    }
}
