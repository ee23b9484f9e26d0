//! The whole pipeline, load → parse → resolve → render, in one direction, producing the
//! site in memory. `build` writes it; `check` only looks at the problems; the preview
//! server keeps a [`Session`] and serves it.
//!
//! There is one pipeline: [`build`] is a [`Session`] that runs once from scratch, and the
//! preview's incremental rebuilds call the same stage functions below on fewer pages.

mod session;
pub mod timings;

pub use session::{Changes, Rebuilt, RebuiltKind, Session};
pub use timings::Timings;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::documents::Register;
use crate::load::MarkdownSource;
use crate::parse::ParsedPage;
use crate::write::{Output, OutputFile, Sink};
use crate::{documents, load, render, resolve, search, stats};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The handbook folder (holding sotay.yaml and content/).
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` of the configuration.
    pub base_url: Option<String>,
}

/// A built site, in memory.
pub struct Built {
    pub config: Config,
    pub site: resolve::Site,
    pub output: Output,
    pub timings: Timings,
}

/// Runs every stage and keeps the site in memory. All problems found are returned together.
pub fn build(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let mut session = Session::once(opts.clone());
    let rebuilt = session.rebuild(&Changes::everything())?;
    finish(session, rebuilt, opts)
}

/// Runs every stage, handing each output file to `sink` as soon as it is made: the
/// returned [`Built`] has an empty `output` and its pages no body HTML. This is how
/// `sotay build` writes a large
/// handbook without holding it in memory.
pub fn build_into(opts: &BuildOptions, sink: &dyn Sink) -> Result<Built, Diagnostics> {
    let mut session = Session::once(opts.clone());
    let rebuilt = session.full(Some(sink))?;
    finish(session, rebuilt, opts)
}

fn finish(session: Session, rebuilt: Rebuilt, opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let mut built = session.into_built().ok_or_else(|| {
        Diagnostics::from(Diagnostic::new(
            &opts.root,
            "the build produced no site (a bug in sotay)",
        ))
    })?;
    built.timings = rebuilt.timings;
    Ok(built)
}

// ---- The stages, shared by full and incremental builds. ----

/// The configuration, with `--base-url` applied.
fn load_config(root: &Path, opts: &BuildOptions) -> Result<Config, Diagnostics> {
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = Some(crate::config::check_base_url(url, Path::new("--base-url"))?);
    }
    Ok(config)
}

/// Files made while building: `(output path, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// Stage 2 for one source, with the handbook's settings and statistics: the page and the
/// files its statistics blocks made.
fn parse_source(
    src: &MarkdownSource,
    config: &Config,
    statistics: &stats::Prepared,
) -> (Result<ParsedPage, Diagnostics>, Files) {
    let embeds = statistics.embeds(config.language);
    let parsed = crate::parse::parse_page(src, config.language, Some(&embeds), config.safe_html);
    (parsed, embeds.take_files())
}

/// Stage 3: the register of documents, the tree, then every link and what is filled in
/// after links (root links of statistics tables, mentions of registered documents).
fn resolve_site(
    parsed: Vec<ParsedPage>,
    assets: Vec<crate::load::Asset>,
    config: &Config,
    drafts: bool,
    generated_files: &[(String, Vec<u8>)],
) -> Result<(resolve::Site, Register), Diagnostics> {
    let (mut pages, drafts) = resolve::tree::split_drafts(parsed, drafts);
    let register = Register::collect(&pages)?;
    if !register.is_empty() {
        pages.push(documents::register_page::page(&register, config.language)?);
    }
    let mut site = resolve::build_tree(pages, drafts, assets, &config.title)?;
    resolve::links::resolve_links(&mut site)?;
    stats::embed::fill_root_links(&mut site);
    documents::autolink_site(&mut site, &register, config.language);
    stats::check_files(&site, generated_files).into_result(())?;
    Ok((site, register))
}

/// Files made from the whole site rather than from one page (the 404 page, the search
/// index unless the caller makes it later, the sitemap). They are made again on every
/// build, also incremental ones.
fn site_files(
    site: &resolve::Site,
    theme: &render::Theme,
    config: &Config,
    with_search: bool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let mut files = vec![render::render_not_found(site, theme, config)?];
    if with_search {
        files.extend(search::build_index(site, config));
    }
    if let Some(base) = &config.base_url {
        files.push((
            "sitemap.xml".to_string(),
            render::sitemap::sitemap(site, base),
        ));
    }
    Ok(files)
}

/// The output map: the theme's static files, the copied files of content/, the pages and
/// site-wide files, then the files made from the statistics.
fn collect_output(
    theme: &render::Theme,
    site: &resolve::Site,
    pages: Vec<(String, Vec<u8>)>,
    generated_files: &[(String, Vec<u8>)],
) -> Result<Output, Diagnostics> {
    let mut output = Output::new();
    for (path, source) in &theme.static_files {
        let file = match source {
            render::theme::StaticSource::Embedded(b) => OutputFile::Static(b),
            render::theme::StaticSource::File(p) => OutputFile::Copy(p.clone()),
        };
        output.insert(path.clone(), file);
    }
    // A file of content/ that would land where the theme or sotay itself puts a file (the
    // "page not found" page, the sitemap, the search index, a print view) is an error,
    // never a silent replacement.
    let mut clashes = Diagnostics::default();
    let files = site
        .assets
        .iter()
        .map(|(path, asset)| (path.clone(), OutputFile::Copy(asset.path.clone())));
    let pages = pages
        .into_iter()
        .map(|(path, html)| (path, OutputFile::Shared(std::sync::Arc::new(html))));
    for (path, file) in files.chain(pages) {
        if output.contains_key(&path) {
            clashes.push(clash(site, theme, &path));
            continue;
        }
        output.insert(path, file);
    }
    insert_generated(&mut output, generated_files);
    // A file cannot also be a folder: `a.md` and `a.html/b.md`. Said once per file.
    let mut folders: BTreeMap<&str, &str> = BTreeMap::new();
    for path in output.keys() {
        if let Some(dir) = path
            .match_indices('/')
            .map(|(i, _)| &path[..i])
            .find(|dir| output.contains_key(*dir))
        {
            folders.entry(dir).or_insert(path);
        }
    }
    for (dir, inside) in folders {
        clashes.push(
            Diagnostic::new(
                owner(site, dir),
                format!(
                    "this would be written to {dir}, but the site also needs a folder {dir}/ (for {})",
                    owner(site, inside).display()
                ),
            )
            .help("rename the file or the folder, so that their names differ"),
        );
    }
    clashes.into_result(output)
}

/// The files made from the statistics go in last (as in any build).
fn insert_generated(output: &mut Output, generated_files: &[(String, Vec<u8>)]) {
    for (path, bytes) in generated_files {
        output.insert(
            path.clone(),
            OutputFile::Shared(std::sync::Arc::new(bytes.clone())),
        );
    }
}

/// The file of the handbook that an output path comes from, as shown in messages.
fn owner(site: &resolve::Site, path: &str) -> PathBuf {
    site.nodes
        .iter()
        .find(|n| n.url == path)
        .map(|n| n.shown.clone())
        .or_else(|| {
            site.assets
                .get(path)
                .map(|a| Path::new(load::CONTENT_DIR).join(&a.rel))
        })
        .unwrap_or_else(|| PathBuf::from(path))
}

fn clash(site: &resolve::Site, theme: &render::Theme, path: &str) -> Diagnostic {
    let owner = owner(site, path);
    let (whose, help) = if theme.static_files.contains_key(path) {
        (
            "a file of the theme (or of static/)".to_string(),
            format!("rename or move the file; to replace the theme's file on purpose, put your version in static/{path}"),
        )
    } else if path == "404.html" {
        (
            "sotay's “page not found” page".to_string(),
            "rename the file; to change that page, put your version of the template in templates/404.html".to_string(),
        )
    } else {
        (
            "a page sotay makes itself".to_string(),
            "rename the file or the folder it is in".to_string(),
        )
    };
    Diagnostic::new(
        owner,
        format!("this would be written to {path}, which is {whose}"),
    )
    .help(help)
}
