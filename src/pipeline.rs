//! The whole pipeline, load → parse → resolve → render, in one direction, producing the
//! site in memory. `build` writes it; `check` only looks at the problems; the preview
//! server serves it.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::write::{Output, OutputFile};
use crate::{documents, load, parse, render, resolve, search, stats};
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

    // Statistics before parsing: pages embed their figures.
    let (statistics, stat_diags) = stats::prepare(root);
    diags.extend(stat_diags.0);
    let embeds = statistics.embeds(config.language);
    timings.lap("statistics", &mut t);

    let mut parsed = match parse::parse_all(&loaded.markdown, config.language, Some(&embeds)) {
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

    let generated = statistics.generate(config.language, &loaded.markdown)?;
    parsed.extend(generated.pages);
    let mut generated_files = generated.files;
    generated_files.extend(embeds.take_files());
    timings.lap("statistics pages", &mut t);

    let (mut pages, drafts) = resolve::tree::split_drafts(parsed, opts.drafts);
    let register = documents::Register::collect(&pages)?;
    if !register.is_empty() {
        pages.push(documents::register_page::page(&register, config.language)?);
    }

    let mut site = resolve::build_tree(pages, drafts, loaded.assets, &config.title)?;
    resolve::links::resolve_links(&mut site)?;
    stats::embed::fill_root_links(&mut site);
    documents::autolink_site(&mut site, &register, config.language);
    stats::check_files(&site, &generated_files).into_result(())?;
    timings.lap("resolve", &mut t);

    let theme = render::Theme::load(root, &config)?;
    let pages = render::render_site(&site, &theme, &config)?;
    timings.lap("render", &mut t);

    let index = search::build_index(&site, &config);
    timings.lap("search", &mut t);

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
    for (path, html) in pages.into_iter().chain(index) {
        output.insert(path, OutputFile::Bytes(html));
    }
    if let Some(base) = &config.base_url {
        output.insert(
            "sitemap.xml".to_string(),
            OutputFile::Bytes(render::sitemap::sitemap(&site, base)),
        );
    }
    for (path, bytes) in generated_files {
        output.insert(path, OutputFile::Bytes(bytes));
    }
    timings.lap("collect", &mut t);
    Ok(Built {
        config,
        site,
        output,
        timings,
    })
}
