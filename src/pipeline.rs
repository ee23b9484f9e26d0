//! The whole pipeline, load → parse → resolve → render, in one direction, producing the
//! site in memory. `build` writes it; `check` only looks at the problems; the preview
//! server serves it.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::write::{Output, OutputFile};
use crate::{documents, load, parse, render, resolve};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Time spent in each stage.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.0.push((stage, now - *since));
        *since = now;
    }
}

/// A built site, in memory.
pub struct Built {
    pub config: Config,
    pub site: resolve::Site,
    pub output: Output,
    pub timings: Timings,
}

/// Runs every stage. All problems found are returned together.
pub fn build(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let root = opts.root.as_path();
    let mut timings = Timings::default();
    let mut t = Instant::now();
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = Some(crate::config::check_base_url(
            url,
            std::path::Path::new("--base-url"),
        )?);
    }
    timings.lap("config", &mut t);

    let (loaded, mut diags) = match load::load(root) {
        Ok(l) => (l, Diagnostics::default()),
        Err(d) if d.0.iter().any(|x| x.file == Path::new(load::CONTENT_DIR)) => return Err(d),
        Err(d) => (load::Loaded::default(), d),
    };
    timings.lap("load", &mut t);

    let parsed = match parse::parse_all(&loaded.markdown, config.language, None, config.safe_html) {
        Ok(p) => p,
        Err(d) => {
            diags.extend(d.0);
            return Err(diags.sorted());
        }
    };
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    timings.lap("parse", &mut t);

    let (mut pages, drafts) = resolve::tree::split_drafts(parsed, opts.drafts);
    let register = documents::Register::collect(&pages)?;
    if !register.is_empty() {
        pages.push(documents::register_page::page(&register, config.language)?);
    }

    let mut site = resolve::build_tree(pages, drafts, loaded.assets, &config.title)?;
    resolve::links::resolve_links(&mut site)?;
    documents::autolink_site(&mut site, &register, config.language);
    timings.lap("resolve", &mut t);

    let theme = render::Theme::load(root, &config)?;
    let pages = render::render_site(&site, &theme, &config)?;
    timings.lap("render", &mut t);

    let sitemap = config
        .base_url
        .as_ref()
        .map(|base| render::sitemap::sitemap(&site, base));
    let output = collect(&site, &theme, pages, sitemap)?;
    timings.lap("collect", &mut t);
    Ok(Built {
        config,
        site,
        output,
        timings,
    })
}

/// Every output file by path. A file of content/ that would land where the theme or sotay
/// itself puts a file (the "page not found" page, the sitemap, a print view) is an error,
/// never a silent replacement.
fn collect(
    site: &resolve::Site,
    theme: &render::Theme,
    pages: Vec<(String, Vec<u8>)>,
    sitemap: Option<Vec<u8>>,
) -> Result<Output, Diagnostics> {
    let mut output = Output::new();
    let mut clashes = Diagnostics::default();
    for (path, source) in &theme.static_files {
        let file = match source {
            render::theme::StaticSource::Embedded(b) => OutputFile::Static(b),
            render::theme::StaticSource::File(p) => OutputFile::Copy(p.clone()),
        };
        output.insert(path.clone(), file);
    }
    let files = site
        .assets
        .iter()
        .map(|(path, asset)| (path.clone(), OutputFile::Copy(asset.path.clone())));
    let pages = pages
        .into_iter()
        .chain(sitemap.map(|s| ("sitemap.xml".to_string(), s)))
        .map(|(path, bytes)| (path, OutputFile::Bytes(bytes)));
    for (path, file) in files.chain(pages) {
        if output.contains_key(&path) {
            clashes.push(clash(site, theme, &path));
            continue;
        }
        output.insert(path, file);
    }
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
