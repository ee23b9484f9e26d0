//! A build that remembers. The preview keeps one [`Session`] for as long as it runs: the
//! sources as last read and parsed (keyed by their path under content/), and the last site
//! that built without errors. A rebuild then does only what the change needs:
//!
//! - **Full**: the configuration, the theme, the templates or the statistics changed (or
//!   the last full build failed): everything from scratch, exactly as `sotay build` does.
//! - **Tree**: a page was added, removed or renamed, or a title, description, weight,
//!   draft flag or presented document changed (the *shape* that navigation, print views
//!   and the register of documents are made of), or a copied file appeared or went: the
//!   tree is built again from the cached parses and every link resolved; only the pages
//!   whose template context or body changed, and the print views holding them, are
//!   rendered.
//! - **Pages**: only page bodies changed. Those pages are parsed, their links resolved
//!   against the site and only they (and the print views holding them) are rendered
//!   again; the links pointing at their headings are checked again (a heading may be
//!   gone), but the other pages' HTML is kept.
//!
//! What a page's HTML depends on besides its own source is exactly its shape neighbours
//! (titles, descriptions, output paths and order of its ancestors, siblings, children and
//! reading-order neighbours: see `render::views`). If a view ever shows more of another
//! page, [`ShapeKey`] must say so; `tests/incremental.rs` compares every kind of rebuild
//! with a clean build byte for byte.
//!
//! A failed rebuild changes nothing of the last good site: nodes swapped in are put back.

use super::timings::Clock;
use super::{
    clash, collect_output, insert_generated, load_config, parse_source, resolve_site, site_files,
    BuildOptions, Built, Timings,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::documents::{self, DocumentMeta, Register};
use crate::parse::ParsedPage;
use crate::render::{self, Theme};
use crate::resolve::{self, Site};
use crate::write::{Output, OutputFile, Sink};
use crate::{load, resolve::links, search, stats};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What changed since the last rebuild, as the file watcher saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Rebuild from scratch: the configuration, theme, templates or statistics changed.
    pub full: bool,
    /// Markdown sources (paths under content/, `/`-separated) that were written to. They
    /// are read again even when their size and modification time look unchanged; every
    /// other addition, removal or change under content/ is found by listing the folder.
    pub sources: BTreeSet<String>,
    /// The watcher saw nothing but writes to pages already known: no file was added,
    /// removed or renamed, so content/ need not be listed again and only `sources` are
    /// read. When false (the default) content/ is listed and every file's size and
    /// modification time compared.
    pub only_modified: bool,
}

impl Changes {
    /// Everything: a build from scratch.
    pub fn everything() -> Changes {
        Changes {
            full: true,
            ..Changes::default()
        }
    }
}

/// How much a rebuild had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuiltKind {
    /// From scratch.
    Full,
    /// The tree again, the pages whose context changed rendered.
    Tree,
    /// Only the changed pages rendered.
    Pages,
}

/// What a successful rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub kind: RebuiltKind,
    /// Pages and print views rendered (site-wide files, such as the 404 page and the
    /// search index, are made on every build).
    pub rendered: usize,
    pub timings: Timings,
}

/// The site-wide facts about one page that other pages show (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShapeKey {
    title: String,
    description: Option<String>,
    weight: Option<i64>,
    draft: bool,
    /// The register of documents (its page, and every mention linked) is made of these.
    document: Option<DocumentMeta>,
}

impl ShapeKey {
    fn of(p: &ParsedPage) -> ShapeKey {
        ShapeKey {
            title: p.title.clone(),
            description: p.front.description.clone(),
            weight: p.front.weight,
            draft: p.front.draft,
            document: p.front.document.clone(),
        }
    }
}

/// When a file was last seen: modification time and length.
type Stamp = (SystemTime, u64);

/// One Markdown source as last read.
struct Source {
    path: PathBuf,
    stamp: Option<Stamp>,
    /// Hash of the normalized text (0 when it could not be read).
    hash: u64,
    parsed: Result<ParsedPage, Diagnostics>,
    /// Files its statistics blocks made (CSV of embedded tables).
    files: Vec<(String, Vec<u8>)>,
}

/// The last site that built without errors.
struct Good {
    config: Config,
    theme: Theme,
    /// The statistics, their progress pages and files: they change only in a full build.
    statistics: stats::Prepared,
    stats_pages: Vec<ParsedPage>,
    stats_files: Vec<(String, Vec<u8>)>,
    register: Register,
    site: Site,
    output: Output,
    /// Output paths of the files made from the statistics.
    generated_paths: Vec<String>,
    shape: BTreeMap<String, ShapeKey>,
    asset_rels: Vec<String>,
    /// What each node's template saw, by output path.
    fingerprints: HashMap<String, u64>,
    /// What each print view is made of (its pages, in order), by output path.
    print_keys: HashMap<String, u64>,
    /// Links between pages by heading: `inbound[t]` are the nodes linking to `#…` of `t`;
    /// `outbound[n]` the pages node `n` links to that way.
    inbound: HashMap<usize, BTreeSet<usize>>,
    outbound: Vec<Vec<usize>>,
}

impl Good {
    /// Fingerprints, print view keys and the link index of the whole site.
    fn index(&mut self) {
        let all: Vec<usize> = (0..self.site.nodes.len()).collect();
        let fps = render::fingerprints(&self.site, &self.config, &all);
        self.fingerprints = self
            .site
            .nodes
            .iter()
            .map(|n| n.url.clone())
            .zip(fps)
            .collect();
        self.print_keys = print_keys(&self.site, &self.config);
        self.index_links();
    }

    /// The index of links between pages by heading.
    fn index_links(&mut self) {
        let all: Vec<usize> = (0..self.site.nodes.len()).collect();
        self.outbound = all
            .par_iter()
            .map(|&id| links::anchor_targets(&self.site, id))
            .collect();
        self.inbound.clear();
        for (from, targets) in self.outbound.iter().enumerate() {
            for t in targets {
                self.inbound.entry(*t).or_default().insert(from);
            }
        }
    }
}

/// A build that can run again, doing only what changed.
pub struct Session {
    opts: BuildOptions,
    /// Keep the parsed sources for later rebuilds (false for a one-off build).
    retain: bool,
    /// Every source as last read, also those that failed.
    sources: BTreeMap<String, Source>,
    /// Sources changed since `good` was made.
    dirty: BTreeSet<String>,
    /// The copied files and the problems found when content/ was last listed.
    assets: Vec<load::Asset>,
    scan_problems: Diagnostics,
    good: Option<Good>,
    /// The next rebuild must start from scratch.
    needs_full: bool,
    /// The search index is left out of the output: the caller makes it from
    /// [`Session::search_input`] when it has time (the preview, between edits).
    defer_search: bool,
}

impl Session {
    /// A session for the preview: it keeps what it read for the next rebuild.
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            retain: true,
            sources: BTreeMap::new(),
            dirty: BTreeSet::new(),
            assets: Vec::new(),
            scan_problems: Diagnostics::default(),
            good: None,
            needs_full: true,
            defer_search: false,
        }
    }

    /// Leaves the search index out of the output; see [`Session::search_input`].
    pub fn defer_search(mut self) -> Session {
        self.defer_search = true;
        self
    }

    /// What the search index of the last good site is made of (to build it on another
    /// thread with [`crate::search::build_files`]).
    pub fn search_input(&self) -> Option<crate::search::Input> {
        self.good.as_ref().map(|g| crate::search::input(&g.site))
    }

    /// A session for one build only (keeps nothing it will not hand over).
    pub(super) fn once(opts: BuildOptions) -> Session {
        Session {
            retain: false,
            ..Session::new(opts)
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The last site that built without errors.
    pub fn output(&self) -> Option<&Output> {
        self.good.as_ref().map(|g| &g.output)
    }

    /// The configuration of the last good build.
    pub fn config(&self) -> Option<&Config> {
        self.good.as_ref().map(|g| &g.config)
    }

    /// The resolved site of the last good build.
    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref().map(|g| &g.site)
    }

    /// Hands over the last good site.
    pub fn into_built(self) -> Option<Built> {
        self.good.map(|g| Built {
            config: g.config,
            site: g.site,
            output: g.output,
            timings: Timings::default(),
        })
    }

    /// Brings the site up to date with the files. On errors the last good site stays as
    /// it was, and all problems of the handbook are returned.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Diagnostics> {
        if changes.full || self.needs_full || self.good.is_none() {
            self.full(None)
        } else {
            self.incremental(changes)
        }
    }

    /// Everything from scratch, in the order (and with the messages) of any build.
    /// Builds everything from scratch. With a `sink`, pages go there as they are made and
    /// the session keeps none of them (a one-off build writing to disk); without, they are
    /// kept in memory (the preview).
    pub(super) fn full(&mut self, sink: Option<&dyn Sink>) -> Result<Rebuilt, Diagnostics> {
        self.needs_full = true;
        let root = self.opts.root.clone();
        let mut timings = Timings::default();
        let mut t = Clock::start();
        let config = load_config(&root, &self.opts)?;
        timings.lap("config", &mut t);

        // The statistics are read while the pages are: they do not depend on each other,
        // and neither keeps both cores busy all the time (five record files are five jobs).
        let (scanned, (statistics, stat_diags)) = rayon::join(
            || -> Result<_, Diagnostics> {
                let (listing, diags) = load::scan(&root)?;
                let read: Vec<(String, Read)> = listing
                    .markdown
                    .into_par_iter()
                    .map(|(rel, path)| {
                        let r = read_source(&root, &rel, path, None);
                        (rel, r)
                    })
                    .collect();
                Ok((read, listing.assets, diags))
            },
            || stats::prepare(&root),
        );
        let (read, assets, mut diags) = scanned?;
        timings.lap("load and statistics", &mut t);
        let scan_problems = diags.clone();
        let read_failed =
            !diags.is_empty() || read.iter().any(|(_, r)| matches!(r, Read::Failed { .. }));
        for (_, r) in &read {
            if let Read::Failed { problem, .. } = r {
                diags.push(problem.clone());
            }
        }

        // (statistics before parsing: pages embed their figures)
        diags.extend(stat_diags.0);
        if read_failed {
            // As in any build: problems reading files come before problems in them.
            return Err(diags.sorted());
        }
        let sources: BTreeMap<String, Source> = read
            .into_par_iter()
            .map(|(rel, r)| (rel, r.into_source(&config, &statistics)))
            .collect();
        for src in sources.values() {
            if let Err(d) = &src.parsed {
                diags.extend(d.0.iter().cloned());
            }
        }
        if !diags.is_empty() {
            self.sources = sources;
            return Err(diags.sorted());
        }
        timings.lap("parse", &mut t);

        let generated = statistics.generate(config.language, &real_sources(&sources))?;
        let mut stats_pages = generated.pages;
        let stats_files = generated.files;
        let generated_files = all_generated(&stats_files, &sources);
        timings.lap("statistics pages", &mut t);

        let shape = shape_of(&sources);
        let (mut parsed, sources) = if self.retain {
            (parsed_pages(&sources), sources)
        } else {
            let pages = sources
                .into_values()
                .filter_map(|s| s.parsed.ok())
                .collect();
            (pages, BTreeMap::new())
        };
        if self.retain {
            parsed.extend(stats_pages.iter().cloned());
        } else {
            // (a one-off build keeps nothing for later: no copy of the progress pages)
            parsed.append(&mut stats_pages);
        }
        let asset_rels = assets.iter().map(|a| a.rel.clone()).collect();
        if self.retain {
            self.assets = assets.clone();
            self.sources = sources;
        }
        let (mut site, register) =
            resolve_site(parsed, assets, &config, self.opts.drafts, &generated_files)?;
        timings.lap("resolve", &mut t);

        let theme = Theme::load(&root, &config)?;
        let all: Vec<usize> = (0..site.nodes.len()).collect();
        let prints = printable_ids(&site, &config);
        let count = site.nodes.len() + prints.len();
        let output = match sink {
            None => {
                let mut rendered = render::render_nodes(&site, &theme, &config, &all)?;
                timings.lap("render pages", &mut t);
                rendered.extend(render::render_prints(&site, &theme, &config, &prints)?);
                timings.lap("print views", &mut t);
                rendered.extend(site_files(&site, &theme, &config, !self.defer_search)?);
                timings.lap("site files", &mut t);
                let output = collect_output(&theme, &site, rendered, &generated_files)?;
                timings.lap("collect", &mut t);
                output
            }
            Some(sink) => {
                stream_output(
                    &mut site,
                    &theme,
                    &config,
                    &all,
                    &prints,
                    &generated_files,
                    sink,
                    &mut timings,
                    &mut t,
                )?;
                Output::new()
            }
        };
        let mut good = Good {
            config,
            theme,
            statistics,
            stats_pages,
            stats_files,
            register,
            site,
            output,
            generated_paths: generated_files.into_iter().map(|(p, _)| p).collect(),
            shape,
            asset_rels,
            fingerprints: HashMap::new(),
            print_keys: HashMap::new(),
            inbound: HashMap::new(),
            outbound: Vec::new(),
        };
        if self.retain {
            good.index();
            timings.lap("index", &mut t);
        }
        self.good = Some(good);
        self.scan_problems = scan_problems;
        self.dirty.clear();
        self.needs_full = false;
        Ok(Rebuilt {
            kind: RebuiltKind::Full,
            rendered: count,
            timings,
        })
    }

    fn incremental(&mut self, changes: &Changes) -> Result<Rebuilt, Diagnostics> {
        let root = self.opts.root.clone();
        let mut timings = Timings::default();
        let hints = &changes.sources;
        let trusted = changes.only_modified && hints.iter().all(|r| self.sources.contains_key(r));
        let to_read: Vec<(String, PathBuf, Option<u64>)> = if trusted {
            // Only writes to known pages: read just those.
            hints
                .iter()
                .filter_map(|rel| {
                    let s = self.sources.get(rel)?;
                    Some((rel.clone(), s.path.clone(), Some(s.hash)))
                })
                .collect()
        } else {
            self.list_again(&root, hints, &mut timings)?
        };
        let mut t = Clock::start();
        let Some(good) = self.good.as_mut() else {
            return self.full(None);
        };
        let (config, statistics) = (&good.config, &good.statistics);
        let mut diags = self.scan_problems.clone();
        let read: Vec<(String, Result<Source, Read>)> = to_read
            .into_par_iter()
            .map(|(rel, path, old_hash)| {
                let r = read_source(&root, &rel, path, old_hash);
                let r = match r {
                    Read::Text { .. } | Read::Failed { .. } => {
                        Ok(r.into_source(config, statistics))
                    }
                    Read::Unchanged { .. } => Err(r),
                };
                (rel, r)
            })
            .collect();
        for (rel, r) in read {
            match (r, self.sources.get_mut(&rel)) {
                (Err(Read::Unchanged { path, stamp }), Some(old)) => {
                    old.stamp = stamp;
                    old.path = path;
                }
                (Ok(src), _) => {
                    self.sources.insert(rel.clone(), src);
                    self.dirty.insert(rel);
                }
                // An unchanged read of a source not in the cache cannot happen (no hash
                // to compare with); reading it again next time is harmless.
                (Err(_), _) => {}
            }
        }
        timings.lap("read+parse", &mut t);

        for src in self.sources.values() {
            if let Err(d) = &src.parsed {
                diags.extend(d.0.iter().cloned());
            }
        }
        if !diags.is_empty() {
            return Err(diags.sorted());
        }
        timings.lap("problems", &mut t);

        let asset_rels: Vec<String> = self.assets.iter().map(|a| a.rel.clone()).collect();
        let shape_changed = self.dirty.iter().any(|rel| {
            let now = self
                .sources
                .get(rel)
                .and_then(|s| s.parsed.as_ref().ok())
                .map(ShapeKey::of);
            good.shape.get(rel) != now.as_ref()
        });
        let (kind, rendered) = if shape_changed || asset_rels != good.asset_rels {
            let assets = self.assets.clone();
            let rendered = rebuild_tree(
                good,
                &self.sources,
                assets,
                self.opts.drafts,
                !self.defer_search,
                &mut timings,
            )?;
            good.shape = shape_of(&self.sources);
            good.asset_rels = asset_rels;
            (RebuiltKind::Tree, rendered)
        } else {
            let rendered = rebuild_pages(
                good,
                &self.sources,
                &self.dirty,
                !self.defer_search,
                &mut timings,
            )?;
            for rel in &self.dirty {
                if let Some(Ok(p)) = self.sources.get(rel).map(|s| &s.parsed) {
                    good.shape.insert(rel.clone(), ShapeKey::of(p));
                }
            }
            (RebuiltKind::Pages, rendered)
        };
        self.dirty.clear();
        Ok(Rebuilt {
            kind,
            rendered,
            timings,
        })
    }
}

impl Session {
    /// Lists content/ again: sources that are new, named in `hints`, or whose size or
    /// modification time changed are to be read; sources gone are marked changed.
    fn list_again(
        &mut self,
        root: &Path,
        hints: &BTreeSet<String>,
        timings: &mut Timings,
    ) -> Result<Vec<(String, PathBuf, Option<u64>)>, Diagnostics> {
        let mut t = Clock::start();
        let (listing, problems) = load::scan(root)?;
        timings.lap("scan", &mut t);
        let stamps: Vec<Option<Stamp>> = listing
            .markdown
            .par_iter()
            .map(|(_, path)| stamp_of(path))
            .collect();
        let mut listed: HashSet<&str> = HashSet::with_capacity(listing.markdown.len());
        let mut to_read = Vec::new();
        for ((rel, path), stamp) in listing.markdown.iter().zip(stamps) {
            listed.insert(rel);
            let known = self.sources.get(rel);
            let fresh = known.is_some_and(|s| {
                stamp.is_some() && s.stamp == stamp && s.path == *path && !hints.contains(rel)
            });
            if !fresh {
                to_read.push((rel.clone(), path.clone(), known.map(|s| s.hash)));
            }
        }
        let gone: Vec<String> = self
            .sources
            .keys()
            .filter(|k| !listed.contains(k.as_str()))
            .cloned()
            .collect();
        for rel in gone {
            self.sources.remove(&rel);
            self.dirty.insert(rel);
        }
        self.assets = listing.assets;
        self.scan_problems = problems;
        timings.lap("stat", &mut t);
        Ok(to_read)
    }
}

/// A whole build handed to `sink` file by file, none of it kept: first every path is
/// checked for clashes (as [`collect_output`] does), then the theme's and the handbook's
/// files are put, the pages and print views as they are rendered, and the site-wide files.
#[allow(clippy::too_many_arguments)]
fn stream_output(
    site: &mut Site,
    theme: &Theme,
    config: &Config,
    all: &[usize],
    prints: &[usize],
    generated_files: &[(String, Vec<u8>)],
    sink: &dyn Sink,
    timings: &mut Timings,
    t: &mut Clock,
) -> Result<(), Diagnostics> {
    use rayon::prelude::*;
    let site_files = site_files(site, theme, config, false)?;
    // The paths only (pages stand in with no bytes), each as often as it is made, so that
    // two files made for one path are a clash.
    let made: Vec<(String, Vec<u8>)> = all
        .iter()
        .map(|&id| site.nodes[id].url.clone())
        .chain(prints.iter().map(|&id| render::print::print_path(site, id)))
        .chain(site_files.iter().map(|(p, _)| p.clone()))
        .map(|p| (p, Vec::new()))
        .collect();
    let rendered: BTreeSet<String> = made.iter().map(|(p, _)| p.clone()).collect();
    let skeleton = collect_output(theme, site, made, generated_files)?;
    timings.lap("plan", t);
    render::render_into(site, theme, config, all, prints, sink)?;
    timings.lap("render+write pages", t);
    // The bodies are written: what follows needs only their text.
    for node in &mut site.nodes {
        node.body.html = String::new();
    }
    // The search index's files are written as they are made; one that would land on a
    // path something else has is a clash, as anywhere. (The index takes the pages' text
    // out of the site: nothing after it needs the text.)
    let problems: std::sync::Mutex<Vec<Diagnostic>> = std::sync::Mutex::new(Vec::new());
    let clashes: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    search::build_index_into(site, config, &|path: String, bytes: Vec<u8>| {
        let r = if skeleton.contains_key(&path) {
            clashes.lock().unwrap_or_else(|e| e.into_inner()).push(path);
            Ok(())
        } else {
            sink.put(&path, OutputFile::Bytes(bytes))
        };
        if let Err(d) = r {
            problems.lock().unwrap_or_else(|e| e.into_inner()).push(d);
        }
    });
    let site = &*site;
    let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    for path in clashes.into_inner().unwrap_or_else(|e| e.into_inner()) {
        problems.push(clash(site, theme, &path));
    }
    problems.sort_by(|a, b| a.file.cmp(&b.file).then_with(|| a.message.cmp(&b.message)));
    problems.dedup_by(|a, b| a.message == b.message);
    Diagnostics(problems).into_result(())?;
    timings.lap("search index", t);
    let rest: Vec<(String, OutputFile)> = skeleton
        .into_iter()
        .filter(|(p, _)| !rendered.contains(p))
        .chain(
            site_files
                .into_iter()
                .map(|(p, b)| (p, OutputFile::Bytes(b))),
        )
        .collect();
    rest.into_par_iter()
        .try_for_each(|(p, f)| sink.put(&p, f))
        .map_err(Diagnostics::from)?;
    timings.lap("write other files", t);
    Ok(())
}

/// The tree again from the cached parses and every link resolved; only the nodes whose
/// template context or body changed, and the print views holding them, are rendered (see
/// [`render::fingerprints`]); the others keep their bytes.
fn rebuild_tree(
    good: &mut Good,
    sources: &BTreeMap<String, Source>,
    assets: Vec<load::Asset>,
    drafts: bool,
    with_search: bool,
    timings: &mut Timings,
) -> Result<usize, Diagnostics> {
    let mut t = Clock::start();
    stats::pages::check_collisions(&real_sources(sources), &good.stats_pages).into_result(())?;
    let generated_files = all_generated(&good.stats_files, sources);
    let mut parsed = parsed_pages(sources);
    parsed.extend(good.stats_pages.iter().cloned());
    let (site, register) = resolve_site(parsed, assets, &good.config, drafts, &generated_files)?;
    timings.lap("resolve", &mut t);

    let all: Vec<usize> = (0..site.nodes.len()).collect();
    let fps = render::fingerprints(&site, &good.config, &all);
    let changed: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&id| {
            let n = &site.nodes[id];
            let old = good
                .site
                .by_source
                .get(&n.source)
                .map(|&o| &good.site.nodes[o]);
            let same = good.fingerprints.get(&n.url) == Some(&fps[id])
                && good.output.contains_key(&n.url)
                && old.is_some_and(|o| o.url == n.url && o.body.html == n.body.html);
            !same
        })
        .collect();
    // Print views: again when one of their pages changed or their pages are others.
    let keys = print_keys(&site, &good.config);
    let mut touched = vec![false; site.nodes.len()];
    for &id in &changed {
        touched[id] = true;
        for a in site.ancestors(id) {
            touched[a] = true;
        }
    }
    let prints: Vec<usize> = printable_ids(&site, &good.config)
        .into_iter()
        .filter(|&id| {
            let path = render::print::print_path(&site, id);
            touched[id]
                || good.print_keys.get(&path) != keys.get(&path)
                || !good.output.contains_key(&path)
        })
        .collect();
    timings.lap("compare", &mut t);

    let mut files = render::render_nodes(&site, &good.theme, &good.config, &changed)?;
    files.extend(render::render_prints(
        &site,
        &good.theme,
        &good.config,
        &prints,
    )?);
    files.extend(site_files(&site, &good.theme, &good.config, with_search)?);
    timings.lap("render", &mut t);
    let count = changed.len() + prints.len();
    let mut output = collect_output(&good.theme, &site, files, &generated_files)?;
    let print_paths = printable_ids(&site, &good.config)
        .into_iter()
        .map(|id| render::print::print_path(&site, id));
    for path in site.nodes.iter().map(|n| n.url.clone()).chain(print_paths) {
        if let (std::collections::btree_map::Entry::Vacant(e), Some(f)) =
            (output.entry(path.clone()), good.output.get(&path))
        {
            e.insert(f.clone());
        }
    }
    // As in any build, the files made from the statistics come last.
    insert_generated(&mut output, &generated_files);
    good.output = output;
    good.generated_paths = generated_files.into_iter().map(|(p, _)| p).collect();
    good.fingerprints = site.nodes.iter().map(|n| n.url.clone()).zip(fps).collect();
    good.print_keys = keys;
    good.site = site;
    good.register = register;
    good.index_links();
    timings.lap("collect", &mut t);
    Ok(count)
}

/// Only the changed pages: swapped into the tree in place, their links resolved (and
/// what is filled in after links), the links pointing at their headings checked, and they,
/// the print views holding them and the site-wide files rendered. On errors the old nodes
/// are put back.
fn rebuild_pages(
    good: &mut Good,
    sources: &BTreeMap<String, Source>,
    dirty: &BTreeSet<String>,
    with_search: bool,
    timings: &mut Timings,
) -> Result<usize, Diagnostics> {
    let mut t = Clock::start();
    let mut swapped: Vec<(usize, resolve::Node)> = Vec::new();
    for rel in dirty {
        // Hidden drafts are not in the tree, and stay hidden (their shape is unchanged).
        let (Some(&id), Some(Ok(parsed))) = (
            good.site.by_source.get(rel),
            sources.get(rel).map(|s| &s.parsed),
        ) else {
            continue;
        };
        let old = &good.site.nodes[id];
        let mut node = resolve::tree::node_from(parsed.clone(), old.kind);
        node.parent = old.parent;
        node.children = old.children.clone();
        node.prev = old.prev;
        node.next = old.next;
        swapped.push((id, std::mem::replace(&mut good.site.nodes[id], node)));
    }
    let ids: Vec<usize> = swapped.iter().map(|(id, _)| *id).collect();
    // Other pages linking to headings of the changed ones: their links may now be broken.
    // (The set of pages and files is unchanged, so no other link can be.)
    let linking: Vec<usize> = ids
        .iter()
        .filter_map(|id| good.inbound.get(id))
        .flatten()
        .copied()
        .filter(|n| !ids.contains(n))
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    // Print views holding a changed page.
    let printable = render::print::printable(&good.site, good.config.print_max_pages);
    let prints: Vec<usize> = ids
        .iter()
        .flat_map(|&id| good.site.ancestors(id).into_iter().chain([id]))
        .filter(|&a| printable[a])
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    let generated_files = all_generated(&good.stats_files, sources);
    timings.lap("swap", &mut t);
    let result = links::resolve_nodes(&mut good.site, &ids)
        .and_then(|()| {
            stats::embed::fill_root_links_of(&mut good.site, &ids);
            documents::autolink_nodes(&mut good.site, &good.register, good.config.language, &ids);
            timings.lap("resolve", &mut t);
            links::check_links(&good.site, &linking)?;
            stats::check_files(&good.site, &generated_files).into_result(())
        })
        .and_then(|()| {
            timings.lap("check links", &mut t);
            let (site, theme, config) = (&good.site, &good.theme, &good.config);
            let mut files = render::render_nodes(site, theme, config, &ids)?;
            files.extend(render::render_prints(site, theme, config, &prints)?);
            files.extend(site_files(site, theme, config, with_search)?);
            timings.lap("render", &mut t);
            Ok(files)
        });
    match result {
        Ok(files) => {
            let n = ids.len() + prints.len();
            for (path, html) in files {
                good.output.insert(path, OutputFile::Shared(Arc::new(html)));
            }
            for path in std::mem::take(&mut good.generated_paths) {
                good.output.remove(&path);
            }
            insert_generated(&mut good.output, &generated_files);
            good.generated_paths = generated_files.into_iter().map(|(p, _)| p).collect();
            let fps = render::fingerprints(&good.site, &good.config, &ids);
            for (&id, fp) in ids.iter().zip(fps) {
                good.fingerprints
                    .insert(good.site.nodes[id].url.clone(), fp);
                let targets = links::anchor_targets(&good.site, id);
                for old in std::mem::replace(&mut good.outbound[id], targets.clone()) {
                    if let Some(set) = good.inbound.get_mut(&old) {
                        set.remove(&id);
                    }
                }
                for t in targets {
                    good.inbound.entry(t).or_default().insert(id);
                }
            }
            timings.lap("index", &mut t);
            Ok(n)
        }
        Err(d) => {
            for (id, node) in swapped {
                good.site.nodes[id] = node;
            }
            Err(d)
        }
    }
}

/// Nodes that have a print view.
fn printable_ids(site: &Site, config: &Config) -> Vec<usize> {
    render::print::printable(site, config.print_max_pages)
        .into_iter()
        .enumerate()
        .filter_map(|(id, p)| p.then_some(id))
        .collect()
}

/// For each print view (by output path), a hash of which pages it holds, in order.
fn print_keys(site: &Site, config: &Config) -> HashMap<String, u64> {
    printable_ids(site, config)
        .into_iter()
        .map(|top| {
            let mut h = rustc_hash::FxHasher::default();
            let mut stack = vec![top];
            while let Some(id) = stack.pop() {
                site.nodes[id].url.hash(&mut h);
                stack.extend(site.nodes[id].children.iter().rev());
            }
            (render::print::print_path(site, top), h.finish())
        })
        .collect()
}

/// The files made from the statistics: the progress pages' files, then those of the
/// blocks in pages (each path once), as any build collects them.
fn all_generated(
    stats_files: &[(String, Vec<u8>)],
    sources: &BTreeMap<String, Source>,
) -> Vec<(String, Vec<u8>)> {
    let embedded: BTreeMap<&str, &Vec<u8>> = sources
        .values()
        .flat_map(|s| s.files.iter().map(|(p, b)| (p.as_str(), b)))
        .collect();
    let mut files = stats_files.to_vec();
    files.extend(
        embedded
            .into_iter()
            .map(|(p, b)| (p.to_string(), b.clone())),
    );
    files
}

/// The sources as the statistics' check for pages in the way of progress pages wants them
/// (it looks at their paths only).
fn real_sources(sources: &BTreeMap<String, Source>) -> Vec<load::MarkdownSource> {
    sources
        .iter()
        .filter_map(|(rel, s)| {
            let p = s.parsed.as_ref().ok()?;
            Some(load::MarkdownSource {
                rel: rel.clone(),
                shown: p.shown.clone(),
                text: String::new(),
            })
        })
        .collect()
}

enum Read {
    /// Its text hashes as before: nothing to parse.
    Unchanged { path: PathBuf, stamp: Option<Stamp> },
    /// New text, to be parsed.
    Text {
        path: PathBuf,
        stamp: Option<Stamp>,
        hash: u64,
        md: load::MarkdownSource,
    },
    Failed {
        path: PathBuf,
        stamp: Option<Stamp>,
        problem: Diagnostic,
    },
}

impl Read {
    /// The cached source, parsing new text with `config`.
    fn into_source(self, config: &Config, statistics: &stats::Prepared) -> Source {
        match self {
            Read::Unchanged { path, stamp } => Source {
                path,
                stamp,
                hash: 0,
                parsed: Err(Diagnostics::default()),
                files: Vec::new(),
            },
            Read::Text {
                path,
                stamp,
                hash,
                md,
            } => {
                let (parsed, files) = parse_source(&md, config, statistics);
                Source {
                    path,
                    stamp,
                    hash,
                    parsed,
                    files,
                }
            }
            Read::Failed {
                path,
                stamp,
                problem,
            } => Source {
                path,
                stamp,
                hash: 0,
                parsed: Err(problem.into()),
                files: Vec::new(),
            },
        }
    }
}

/// Reads one source, comparing its text with the one hashed as `old_hash`.
fn read_source(root: &Path, rel: &str, path: PathBuf, old_hash: Option<u64>) -> Read {
    let stamp = stamp_of(&path);
    match load::read_markdown(root, rel.to_string(), &path) {
        Ok(md) => {
            let hash = hash_text(&md.text);
            if old_hash == Some(hash) {
                Read::Unchanged { path, stamp }
            } else {
                Read::Text {
                    path,
                    stamp,
                    hash,
                    md,
                }
            }
        }
        Err(problem) => Read::Failed {
            path,
            stamp,
            problem,
        },
    }
}

fn stamp_of(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// (FxHash, as for [`render::fingerprints`]: eight bytes a step, where SipHash took 0.7 % of a
/// build)
fn hash_text(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

fn shape_of(sources: &BTreeMap<String, Source>) -> BTreeMap<String, ShapeKey> {
    sources
        .iter()
        .filter_map(|(rel, s)| Some((rel.clone(), ShapeKey::of(s.parsed.as_ref().ok()?))))
        .collect()
}

fn parsed_pages(sources: &BTreeMap<String, Source>) -> Vec<ParsedPage> {
    sources
        .values()
        .filter_map(|s| s.parsed.as_ref().ok().cloned())
        .collect()
}
