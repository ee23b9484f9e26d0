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
    /// Template name → file it came from (for messages).
    origins: BTreeMap<String, PathBuf>,
    /// Output path → source of the bytes.
    pub static_files: BTreeMap<String, StaticSource>,
}

/// A template that failed to render, before we know which page asked for it.
pub struct RenderError {
    template: PathBuf,
    message: String,
}

impl RenderError {
    pub fn for_page(self, page: &Path) -> Diagnostic {
        Diagnostic::new(
            self.template,
            format!("{} (while rendering {})", self.message, page.display()),
        )
        .help("fix the template, or remove the handbook's override to use the theme's own")
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
                    theme_dir.display()
                ),
            )
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
        let origins: BTreeMap<String, PathBuf> = templates
            .iter()
            .map(|(k, (_, p))| (k.clone(), p.clone()))
            .collect();
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
        Ok(Theme {
            tera,
            origins,
            static_files,
        })
    }

    /// Renders a template with a serializable context.
    pub fn render<T: serde::Serialize>(&self, name: &str, ctx: &T) -> Result<String, RenderError> {
        let context = tera::Context::from_serialize(ctx).map_err(|e| RenderError {
            template: PathBuf::from(name),
            message: chain(&e),
        })?;
        self.tera.render(name, &context).map_err(|e| RenderError {
            template: self
                .origins
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name)),
            message: chain(&e),
        })
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
    crate::text::decode_utf8(bytes)
        .map_err(|p| Diagnostic::new(shown, "not valid UTF-8").at(p.line, p.column))
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

fn template_error(e: &tera::Error, origins: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let message = chain(e);
    // Tera names the template in quotes and gives the position as ` --> LINE:COL`.
    let name = message
        .split('\'')
        .nth(1)
        .filter(|n| origins.contains_key(*n))
        .map(str::to_string);
    let file = name
        .as_ref()
        .and_then(|n| origins.get(n).cloned())
        .unwrap_or_else(|| PathBuf::from("templates"));
    let pos = message.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
    });
    let short = message
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|') && !l.starts_with('=')
        })
        .collect::<Vec<_>>()
        .join(" ");
    Diagnostic::new(file, format!("template error: {short}")).at_opt(pos)
}
