//! The whole pipeline, load → parse → resolve → render, in one direction, producing the
//! site in memory. `build` writes it; `check` only looks at the problems; the preview
//! server keeps a [`Session`] and serves it.
//!
//! There is one pipeline: [`build`] is a [`Session`] that runs once from scratch, and the
//! preview's incremental rebuilds call the same stage functions below on fewer pages.

mod session;

pub use session::{Changes, Rebuilt, RebuiltKind, Session};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::MarkdownSource;
use crate::parse::ParsedPage;
use crate::write::{Output, OutputFile};
use crate::{render, resolve};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The handbook folder (holding sotay.yaml and content/).
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
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

    /// The sum of all stages.
    pub fn total(&self) -> Duration {
        self.0.iter().map(|(_, d)| *d).sum()
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
    let mut session = Session::once(opts.clone());
    let rebuilt = session.rebuild(&Changes::everything())?;
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

/// Stage 2 for one source, with the handbook's settings.
fn parse_source(src: &MarkdownSource, config: &Config) -> Result<ParsedPage, Diagnostics> {
    crate::parse::parse_page(src, config.language, None)
}

/// Stage 3: the tree, then every link.
fn resolve_site(
    pages: Vec<ParsedPage>,
    assets: Vec<crate::load::Asset>,
    config: &Config,
    drafts: bool,
) -> Result<resolve::Site, Diagnostics> {
    let mut site = resolve::build_tree(pages, assets, &config.title, drafts)?;
    resolve::links::resolve_links(&mut site)?;
    Ok(site)
}

/// Files made from the whole site rather than from one page (the 404 page). They are made
/// again on every build, also incremental ones.
fn site_files(
    site: &resolve::Site,
    theme: &render::Theme,
    config: &Config,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    Ok(vec![render::render_not_found(site, theme, config)?])
}

/// Stage 4 in full: every node and every site-wide file.
fn render_all(
    site: &resolve::Site,
    theme: &render::Theme,
    config: &Config,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let all: Vec<usize> = (0..site.nodes.len()).collect();
    let pages = render::render_nodes(site, theme, config, &all);
    let files = site_files(site, theme, config);
    match (pages, files) {
        (Ok(mut pages), Ok(files)) => {
            pages.extend(files);
            Ok(pages)
        }
        (pages, files) => {
            let mut diags = Diagnostics::default();
            diags.extend(pages.err().into_iter().flat_map(|d| d.0));
            diags.extend(files.err().into_iter().flat_map(|d| d.0));
            Err(diags.sorted())
        }
    }
}

/// The output map: the theme's static files, the copied files of content/, the pages.
fn collect_output(
    theme: &render::Theme,
    site: &resolve::Site,
    pages: Vec<(String, Vec<u8>)>,
) -> Output {
    let mut output = Output::new();
    for (path, source) in &theme.static_files {
        let file = match source {
            render::theme::StaticSource::Embedded(b) => OutputFile::Static(b),
            render::theme::StaticSource::File(p) => OutputFile::Copy(p.clone()),
        };
        output.insert(path.clone(), file);
    }
    for (path, asset) in &site.assets {
        output.insert(path.clone(), OutputFile::Copy(asset.path.clone()));
    }
    for (path, html) in pages {
        output.insert(path, OutputFile::Shared(std::sync::Arc::new(html)));
    }
    output
}
