//! Stage 1, load: find the handbook's files under `content/` and read the Markdown ones as
//! normalized text. Nothing here knows about Markdown or templates.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The folder of pages inside a handbook.
pub const CONTENT_DIR: &str = "content";

/// A Markdown file, read and normalized.
#[derive(Debug, Clone)]
pub struct MarkdownSource {
    /// Path relative to `content/`, with `/` separators (`quy-trinh/sang-loc.md`).
    pub rel: String,
    /// Path as shown in messages (`content/quy-trinh/sang-loc.md`).
    pub shown: PathBuf,
    /// NFC text with `\n` line ends and no byte-order mark.
    pub text: String,
}

/// Any other file, copied to the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub rel: String,
    pub path: PathBuf,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub markdown: Vec<MarkdownSource>,
    pub assets: Vec<Asset>,
}

/// Folders inside content/ may be nested this deep. Each level is a level of the sidebar and
/// of the breadcrumbs; no handbook needs more than a handful, and a chain of a thousand made
/// the page templates recurse until the stack ran out.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// Editors' temporary and backup files, and hidden files: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// The files found under `content/`, not read yet.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    /// Markdown files: path relative to `content/` and the file's path.
    pub markdown: Vec<(String, PathBuf)>,
    pub assets: Vec<Asset>,
}

/// Walks `root/content` and reads every Markdown file.
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    let (listing, mut diags) = scan(root)?;
    let mut loaded = Loaded {
        markdown: Vec::with_capacity(listing.markdown.len()),
        assets: listing.assets,
    };
    let results: Vec<Result<MarkdownSource, Diagnostic>> = listing
        .markdown
        .into_par_iter()
        .map(|(rel, path)| read_markdown(root, rel, &path))
        .collect();
    for r in results {
        match r {
            Ok(src) => loaded.markdown.push(src),
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(loaded)
}

/// Walks `root/content` and lists its files (without reading them), in file-name order,
/// with the problems found on the way (files that cannot be listed are left out). Fails
/// only when there is no content/ folder.
pub fn scan(root: &Path) -> Result<(Listing, Diagnostics), Diagnostics> {
    let content = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::default();
    if !content.is_dir() {
        return Err(Diagnostic::new(CONTENT_DIR, "there is no content/ folder")
            .help("pages live in content/ beside sotay.yaml; `sotay init DIR` makes a new handbook")
            .into());
    }
    let content_real = content.canonicalize().unwrap_or_else(|_| content.clone());
    let mut listing = Listing::default();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .max_depth(MAX_FOLDER_DEPTH + 1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.clone());
                diags.push(Diagnostic::new(
                    shown(root, &p),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        if entry.depth() > MAX_FOLDER_DEPTH && entry.file_type().is_dir() {
            diags.push(
                Diagnostic::new(
                    shown(root, entry.path()),
                    format!("folders are nested more than {MAX_FOLDER_DEPTH} deep here"),
                )
                .help("each folder is a level of the menu; move these pages into fewer levels of folders"),
            );
            continue;
        }
        let path = entry.path();
        let Some(rel) = rel_path(&content, path) else {
            diags.push(
                Diagnostic::new(shown(root, path), "the file name is not valid UTF-8")
                    .help("rename the file using UTF-8 characters"),
            );
            continue;
        };
        let ft = entry.file_type();
        if ft.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&content_real) && target.is_file() => {}
                Ok(target) if target.starts_with(&content_real) => {
                    diags.push(
                        Diagnostic::new(
                            shown(root, path),
                            "a symbolic link to a folder is not followed",
                        )
                        .help("copy the folder into content/ instead of linking it"),
                    );
                    continue;
                }
                Ok(_) => {
                    diags.push(
                        Diagnostic::new(
                            shown(root, path),
                            "symbolic link points outside content/; what it points to is not published",
                        )
                        .help("sotay publishes only what is inside content/: copy the file or folder into content/ instead of linking to it"),
                    );
                    continue;
                }
                Err(_) => {
                    diags.push(
                        Diagnostic::new(
                            shown(root, path),
                            "symbolic link points to something that does not exist",
                        )
                        .help("remove the link, or put the file itself in content/"),
                    );
                    continue;
                }
            }
        } else if ft.is_dir() {
            continue;
        }
        if rel.ends_with(".md") {
            listing.markdown.push((rel, path.to_path_buf()));
        } else {
            listing.assets.push(Asset {
                rel,
                path: path.to_path_buf(),
            });
        }
    }
    Ok((listing, diags))
}

/// Reads one Markdown file as normalized text.
pub fn read_markdown(root: &Path, rel: String, path: &Path) -> Result<MarkdownSource, Diagnostic> {
    let shown_path = shown(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(&shown_path, format!("cannot read the file: {e}")))?;
    let raw = text::decode_utf8(bytes).map_err(|p| p.diagnostic(&shown_path))?;
    Ok(MarkdownSource {
        rel,
        shown: shown_path,
        text: text::normalize(&raw),
    })
}

fn rel_path(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(text::nfc(&parts?.join("/")))
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for n in [".a.md.swp", "a.md~", "#a.md#", "4913", ".hidden"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
