//! The whole pipeline, load → parse → resolve → render, in one direction, producing the
//! site in memory. `build` writes it; `check` only looks at the problems; the preview
//! server serves it.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::write::{Output, OutputFile};
use crate::{load, parse, render, resolve, search};
use std::path::{Path, PathBuf};
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
    let config = Config::load(root)?;
    timings.lap("config", &mut t);

    let (loaded, mut diags) = match load::load(root) {
        Ok(l) => (l, Diagnostics::default()),
        Err(d) if d.0.iter().any(|x| x.file == Path::new(load::CONTENT_DIR)) => return Err(d),
        Err(d) => (load::Loaded::default(), d),
    };
    timings.lap("load", &mut t);

    let parsed = match parse::parse_all(&loaded.markdown, config.language, None) {
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

    let mut site = resolve::build_tree(parsed, loaded.assets, &config.title, opts.drafts)?;
    resolve::links::resolve_links(&mut site)?;
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
    timings.lap("collect", &mut t);
    Ok(Built {
        config,
        site,
        output,
        timings,
    })
}
