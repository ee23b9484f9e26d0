//! Themes: Tera templates and static files. The default theme is compiled into the binary
//! so that any handbook folder builds; a handbook's own `themes/NAME/` folder replaces it,
//! and its `templates/` and `static/` folders override single files.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// A loaded theme: compiled templates and the static files to copy.
pub struct Theme {
    tera: tera::Tera,
    /// Template name → file it came from and its text (for messages).
    origins: BTreeMap<String, (PathBuf, String)>,
    /// Output path → source of the bytes.
    pub static_files: BTreeMap<String, StaticSource>,
}

/// A template that failed to render, before we know which page asked for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RenderError {
    template: PathBuf,
    position: Option<(usize, usize)>,
    message: String,
}

const TEMPLATE_HELP: &str = "check the name against docs/theme.md (what templates can use), \
     or remove the handbook's version of the template to use the theme's own";

impl RenderError {
    pub fn for_page(self, page: &Path) -> Diagnostic {
        self.for_pages(page, 0)
    }

    /// The message for an error met on `page` and on `others` more pages.
    pub fn for_pages(self, page: &Path, others: usize) -> Diagnostic {
        let more = match others {
            0 => String::new(),
            1 => " and 1 other page".to_string(),
            n => format!(" and {n} other pages"),
        };
        Diagnostic::new(
            self.template,
            format!(
                "{} (while rendering {}{more})",
                self.message,
                page.display()
            ),
        )
        .at_opt(self.position)
        .help(if self.message.contains(super::recursion::TOO_DEEP) {
            "make the condition around the call turn false at some depth (for example recurse only into `children` of a section, which ends at the last level)"
        } else if self.message.contains(super::assets::MISSING) {
            "correct the path (relative to the site root, with no leading /) or put the file in the handbook's static/ folder: static/assets/logo.png is published as assets/logo.png"
        } else {
            TEMPLATE_HELP
        })
    }
}

impl Theme {
    /// Loads the theme named in the configuration, then the handbook's overrides.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Diagnostics> {
        let mut templates: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let theme_dir = root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            read_dir_files(
                &theme_dir.join("templates"),
                root,
                &mut |rel, path, shown| {
                    let text = read_text(path, &shown)?;
                    templates.insert(rel, (text, shown));
                    Ok(())
                },
            )?;
            read_dir_files(&theme_dir.join("static"), root, &mut |rel, path, _| {
                static_files.insert(rel, StaticSource::File(path.to_path_buf()));
                Ok(())
            })?;
        } else if config.theme == "default" {
            embedded_files(&DEFAULT_THEME, &mut |path, bytes| {
                let p = path.to_string_lossy().replace('\\', "/");
                if let Some(rel) = p.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    templates.insert(
                        rel.to_string(),
                        (text, PathBuf::from("themes/default").join(&p)),
                    );
                } else if let Some(rel) = p.strip_prefix("static/") {
                    static_files.insert(rel.to_string(), StaticSource::Embedded(bytes));
                }
            });
        } else {
            return Err(Diagnostic::new(
                crate::config::FILE_NAME,
                format!(
                    "theme `{}` not found (looked in {})",
                    config.theme,
                    crate::diagnostics::display_path(root, &theme_dir).display()
                ),
            )
            .at_opt(config.position("theme"))
            .help("use `theme: default` or put the theme in themes/NAME/")
            .into());
        }
        // Handbook overrides.
        read_dir_files(&root.join("templates"), root, &mut |rel, path, shown| {
            let text = read_text(path, &shown)?;
            templates.insert(rel, (text, shown));
            Ok(())
        })?;
        read_dir_files(&root.join("static"), root, &mut |rel, path, _| {
            static_files.insert(rel, StaticSource::File(path.to_path_buf()));
            Ok(())
        })?;

        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        // Tera's own escaping also turns `/` into `&#x2F;`, which bloats every URL.
        tera.set_escape_fn(escape_html);
        tera.register_function("asset", super::assets::Assets::new(&static_files));
        let origins: BTreeMap<String, (PathBuf, String)> = templates
            .iter()
            .map(|(k, (t, p))| (k.clone(), (p.clone(), t.clone())))
            .collect();
        for (text, shown) in templates.values() {
            if let Some((at, what)) = super::recursion::nesting_too_deep(text) {
                let (line, column) = crate::text::LineIndex::new(text).position(at);
                return Err(Diagnostic::new(shown, format!("template error: {what}"))
                    .at(line, column)
                    .help("split the template into macros or included templates; blocks this deep are never needed")
                    .into());
            }
        }
        let raw: Vec<(String, String)> = templates.into_iter().map(|(k, (t, _))| (k, t)).collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            return Err(template_error(&e, &origins).into());
        }
        for required in ["index.html", "section.html", "page.html", "404.html"] {
            if !origins.contains_key(required) {
                return Err(Diagnostic::new(
                    theme_dir.join("templates").join(required),
                    format!("the theme has no template `{required}`"),
                )
                .into());
            }
        }
        super::recursion::check(&tera, &origins)?;
        super::recursion::guard(&mut tera);
        Ok(Theme {
            tera,
            origins,
            static_files,
        })
    }

    /// Renders a template with a serializable context, into the bytes of UTF-8 text.
    pub fn render<T: serde::Serialize>(&self, name: &str, ctx: &T) -> Result<Vec<u8>, RenderError> {
        let context = tera::Context::from_serialize(ctx).map_err(|e| RenderError {
            template: PathBuf::from(name),
            position: None,
            message: chain(&e),
        })?;
        // (bytes, not a String: Tera writes only strings, and checking its output for
        // UTF-8 again was about 5 % of rendering)
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, &context, &mut out)
            .map_err(|e| render_error(&e, name, &self.origins))?;
        Ok(out)
    }
}

fn escape_html(s: &str) -> String {
    crate::parse::markdown::escape_attr(s)
}

fn embedded_files(dir: &'static Dir<'static>, f: &mut dyn FnMut(&Path, &'static [u8])) {
    for file in dir.files() {
        f(file.path(), file.contents());
    }
    for d in dir.dirs() {
        embedded_files(d, f);
    }
}

type FileVisitor<'a> = dyn FnMut(String, &Path, PathBuf) -> Result<(), Diagnostic> + 'a;

fn read_dir_files(dir: &Path, root: &Path, f: &mut FileVisitor) -> Result<(), Diagnostics> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut diags = Diagnostics::default();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::load::is_ignored_name(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let shown = crate::diagnostics::display_path(root, entry.path());
        if let Err(d) = f(rel, entry.path(), shown) {
            diags.push(d);
        }
    }
    diags.into_result(())
}

fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::new(shown, format!("cannot read: {e}")))?;
    crate::text::decode_utf8(bytes).map_err(|p| p.diagnostic(shown))
}

/// The whole cause chain of a Tera error, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        parts.push(c.to_string());
        cur = c.source();
    }
    parts.join(": ")
}

/// A template that cannot be read: in the file and at the line Tera names.
fn template_error(e: &tera::Error, origins: &BTreeMap<String, (PathBuf, String)>) -> Diagnostic {
    let message = chain(e);
    // Tera names the template in quotes and gives the position as ` --> LINE:COL`.
    let name = quoted(&message)
        .into_iter()
        .find(|n| origins.contains_key(*n))
        .map(str::to_string);
    let file = name
        .as_ref()
        .and_then(|n| origins.get(n).map(|o| o.0.clone()))
        .unwrap_or_else(|| PathBuf::from("templates"));
    let pos = message.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
    });
    // The parser's explanation is the line starting with `= `.
    let explained = message
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "))
        .map(str::to_string);
    let pos = pos.or_else(|| {
        // no position from Tera (a missing parent template, say): look for the name
        let text = &origins.get(name.as_deref()?)?.1;
        quoted(&message)
            .into_iter()
            .filter(|t| Some(*t) != name.as_deref())
            .find_map(|t| find_in(text, t))
    });
    let short = explained.unwrap_or_else(|| {
        message
            .lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty()
                    && !l.starts_with("-->")
                    && !l.starts_with('|')
                    && !l.starts_with('=')
                    && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    Diagnostic::new(file, format!("template error: {short}"))
        .at_opt(pos)
        .help("check the `{{ … }}` and `{% … %}` tags at this place: each must be closed, and names must be spelled as in docs/theme.md")
}

/// A template that failed while rendering. Tera gives no line for these, so the name it
/// complains about (a variable, a filter, an included template) is looked up in the template
/// being rendered, then in the others (a parent or an included one).
fn render_error(
    e: &tera::Error,
    name: &str,
    origins: &BTreeMap<String, (PathBuf, String)>,
) -> RenderError {
    let full = chain(e);
    // `Failed to render 'page.html': Variable `x` not found in context while rendering 'page.html'`
    let detail = full
        .rsplit_once(&format!("'{name}': "))
        .map_or(full.as_str(), |(_, d)| d);
    let detail = detail
        .split(" while rendering '")
        .next()
        .unwrap_or(detail)
        .trim();
    let searched =
        std::iter::once(name).chain(origins.keys().map(String::as_str).filter(|n| *n != name));
    let found = quoted(detail).into_iter().find_map(|token| {
        searched.clone().find_map(|tpl| {
            let (file, text) = origins.get(tpl)?;
            Some((file.clone(), find_in(text, token)?))
        })
    });
    let (template, position) = match found {
        Some((file, pos)) => (file, Some(pos)),
        None => (
            origins
                .get(name)
                .map(|o| o.0.clone())
                .unwrap_or_else(|| PathBuf::from(name)),
            None,
        ),
    };
    RenderError {
        template,
        position,
        message: format!("template error: {}", plain_render_error(detail)),
    }
}

/// Tera's most common complaints, in plain words.
fn plain_render_error(detail: &str) -> String {
    if let Some(i) = detail.find(super::recursion::TOO_DEEP) {
        return detail[i..].to_string();
    }
    if let Some(rest) = detail.strip_prefix("Function call 'asset' failed: ") {
        return rest.to_string();
    }
    let name = quoted(detail).first().copied().unwrap_or_default();
    for (starts, ends, words) in [
        ("Variable ", "not found in context", "there is no variable"),
        ("Filter ", "not found", "there is no filter"),
        ("Function ", "not found", "there is no function"),
        ("Test ", "not found", "there is no test"),
        ("Template ", "not found", "there is no template"),
    ] {
        if detail.starts_with(starts) && detail.ends_with(ends) {
            return format!("{words} `{name}`");
        }
    }
    detail.to_string()
}

/// The parts of a message in `…` or '…' quotes.
fn quoted(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for q in ['`', '\''] {
        out.extend(
            message
                .split(q)
                .skip(1)
                .step_by(2)
                .filter(|t| !t.is_empty()),
        );
    }
    out
}

/// Line and column (from 1, in characters) of the first `needle` in `text`.
fn find_in(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    Some(crate::text::LineIndex::new(text).position(at))
}
