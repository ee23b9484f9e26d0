//! A build that remembers. The preview keeps one [`Session`] for as long as it runs: the
//! sources as last read and parsed (keyed by their path under content/), and the last site
//! that built without errors. A rebuild then does only what the change needs:
//!
//! - **Full**: the configuration, the theme, the templates or the statistics changed (or
//!   the last full build failed): everything from scratch, exactly as `sotay build` does.
//! - **Tree**: a page was added, removed or renamed, or a title, description, weight or
//!   draft flag changed (the *shape* every page's navigation is made of), or a copied file
//!   appeared or went: the tree is built again from the cached parses, every link resolved
//!   and every page rendered.
//! - **Pages**: only page bodies changed. Those pages are parsed, their links resolved
//!   against the site and only they are rendered again; the links of every other page are
//!   checked again (a heading they point to may be gone), but their HTML is kept.
//!
//! What a page's HTML depends on besides its own source is exactly its shape neighbours
//! (titles, descriptions, output paths and order of its ancestors, siblings, children and
//! reading-order neighbours: see `render::views`). If a view ever shows more of another
//! page, [`ShapeKey`] must say so; `tests/incremental.rs` compares every kind of rebuild
//! with a clean build byte for byte.
//!
//! A failed rebuild changes nothing of the last good site: nodes swapped in are put back.

use super::{
    collect_output, parse_source, render_all, resolve_site, site_files, BuildOptions, Built,
    Timings,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::ParsedPage;
use crate::render::{self, Theme};
use crate::resolve::{self, Site};
use crate::write::{Output, OutputFile};
use crate::{load, resolve::links};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

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
    /// The tree again, every page rendered.
    Tree,
    /// Only the changed pages rendered.
    Pages,
}

/// What a successful rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub kind: RebuiltKind,
    /// Pages and site-wide files rendered.
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
}

impl ShapeKey {
    fn of(p: &ParsedPage) -> ShapeKey {
        ShapeKey {
            title: p.title.clone(),
            description: p.front.description.clone(),
            weight: p.front.weight,
            draft: p.front.draft,
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
}

/// The last site that built without errors.
struct Good {
    config: Config,
    theme: Theme,
    site: Site,
    output: Output,
    shape: BTreeMap<String, ShapeKey>,
    asset_rels: Vec<String>,
    /// What each node's template saw apart from its body, by output path.
    fingerprints: HashMap<String, u64>,
    /// Links between pages by heading: `inbound[t]` are the nodes linking to `#…` of `t`;
    /// `outbound[n]` the pages node `n` links to that way.
    inbound: HashMap<usize, BTreeSet<usize>>,
    outbound: Vec<Vec<usize>>,
}

impl Good {
    fn new(config: Config, theme: Theme, site: Site, output: Output) -> Good {
        let mut g = Good {
            config,
            theme,
            site,
            output,
            shape: BTreeMap::new(),
            asset_rels: Vec::new(),
            fingerprints: HashMap::new(),
            inbound: HashMap::new(),
            outbound: Vec::new(),
        };
        let all: Vec<usize> = (0..g.site.nodes.len()).collect();
        let fps = render::fingerprints(&g.site, &g.config, &all);
        g.fingerprints = g
            .site
            .nodes
            .iter()
            .map(|n| n.url.clone())
            .zip(fps)
            .collect();
        g.index_links();
        g
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
        }
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
            self.full()
        } else {
            self.incremental(changes)
        }
    }

    fn full(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.needs_full = true;
        let root = self.opts.root.clone();
        let mut timings = Timings::default();
        let mut t = Instant::now();
        let config = Config::load(&root)?;
        timings.lap("config", &mut t);

        let (listing, mut diags) = load::scan(&root)?;
        self.scan_problems = diags.clone();
        let read: Vec<(String, Read)> = listing
            .markdown
            .into_par_iter()
            .map(|(rel, path)| {
                let r = read_source(&root, &rel, path, None);
                (rel, r)
            })
            .collect();
        timings.lap("load", &mut t);
        for (_, r) in &read {
            if let Read::Failed { problem, .. } = r {
                diags.push(problem.clone());
            }
        }
        if !diags.is_empty() {
            // As in any build: problems reading files come before problems in them.
            return Err(diags.sorted());
        }
        let sources: BTreeMap<String, Source> = read
            .into_par_iter()
            .map(|(rel, r)| (rel, r.into_source(&config)))
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

        let shape = shape_of(&sources);
        let (pages, sources) = if self.retain {
            (parsed_pages(&sources), sources)
        } else {
            let pages = sources
                .into_values()
                .filter_map(|s| s.parsed.ok())
                .collect();
            (pages, BTreeMap::new())
        };
        self.sources = sources;
        let asset_rels = listing.assets.iter().map(|a| a.rel.clone()).collect();
        if self.retain {
            self.assets = listing.assets.clone();
        }
        let site = resolve_site(pages, listing.assets, &config, self.opts.drafts)?;
        timings.lap("resolve", &mut t);

        let theme = Theme::load(&root, &config)?;
        let rendered = render_all(&site, &theme, &config)?;
        timings.lap("render", &mut t);
        let count = rendered.len();
        let output = collect_output(&theme, &site, rendered);
        timings.lap("collect", &mut t);

        let mut good = if self.retain {
            let g = Good::new(config, theme, site, output);
            timings.lap("index", &mut t);
            g
        } else {
            Good {
                config,
                theme,
                site,
                output,
                shape: BTreeMap::new(),
                asset_rels: Vec::new(),
                fingerprints: HashMap::new(),
                inbound: HashMap::new(),
                outbound: Vec::new(),
            }
        };
        good.shape = shape;
        good.asset_rels = asset_rels;
        self.good = Some(good);
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
        let mut t = Instant::now();
        let Some(good) = self.good.as_mut() else {
            return self.full();
        };
        let config = &good.config;
        let mut diags = self.scan_problems.clone();
        let read: Vec<(String, Result<Source, Read>)> = to_read
            .into_par_iter()
            .map(|(rel, path, old_hash)| {
                let r = read_source(&root, &rel, path, old_hash);
                let r = match r {
                    Read::Text { .. } | Read::Failed { .. } => Ok(r.into_source(config)),
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
        let result = if shape_changed || asset_rels != good.asset_rels {
            let pages = parsed_pages(&self.sources);
            let assets = self.assets.clone();
            let rendered = rebuild_tree(good, pages, assets, self.opts.drafts, &mut timings)?;
            good.shape = shape_of(&self.sources);
            good.asset_rels = asset_rels;
            (RebuiltKind::Tree, rendered)
        } else {
            let rendered = rebuild_pages(good, &self.sources, &self.dirty, &mut timings)?;
            for rel in &self.dirty {
                if let Some(Ok(p)) = self.sources.get(rel).map(|s| &s.parsed) {
                    good.shape.insert(rel.clone(), ShapeKey::of(p));
                }
            }
            (RebuiltKind::Pages, rendered)
        };
        self.dirty.clear();
        Ok(Rebuilt {
            kind: result.0,
            rendered: result.1,
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
        let mut t = Instant::now();
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

/// The tree again from the cached parses and every link resolved; only the nodes whose
/// template context or body changed are rendered (see [`render::fingerprints`]), the
/// others keep their bytes.
fn rebuild_tree(
    good: &mut Good,
    pages: Vec<ParsedPage>,
    assets: Vec<load::Asset>,
    drafts: bool,
    timings: &mut Timings,
) -> Result<usize, Diagnostics> {
    let mut t = Instant::now();
    let site = resolve_site(pages, assets, &good.config, drafts)?;
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
    timings.lap("compare", &mut t);
    let mut files = render::render_nodes(&site, &good.theme, &good.config, &changed)?;
    files.extend(site_files(&site, &good.theme, &good.config)?);
    timings.lap("render", &mut t);
    let count = files.len();
    let mut output = collect_output(&good.theme, &site, files);
    for n in &site.nodes {
        if !output.contains_key(&n.url) {
            if let Some(f) = good.output.get(&n.url) {
                output.insert(n.url.clone(), f.clone());
            }
        }
    }
    good.output = output;
    good.fingerprints = site.nodes.iter().map(|n| n.url.clone()).zip(fps).collect();
    good.site = site;
    good.index_links();
    timings.lap("collect", &mut t);
    Ok(count)
}

/// Only the changed pages: swapped into the tree in place, their links resolved, the
/// links pointing at their headings checked, and they (with the site-wide files)
/// rendered. On errors the old nodes are put back.
fn rebuild_pages(
    good: &mut Good,
    sources: &BTreeMap<String, Source>,
    dirty: &BTreeSet<String>,
    timings: &mut Timings,
) -> Result<usize, Diagnostics> {
    let mut t = Instant::now();
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
    timings.lap("swap", &mut t);
    let result = links::resolve_nodes(&mut good.site, &ids)
        .and_then(|()| {
            timings.lap("resolve", &mut t);
            links::check_links(&good.site, &linking)
        })
        .and_then(|()| {
            timings.lap("check links", &mut t);
            let mut files = render::render_nodes(&good.site, &good.theme, &good.config, &ids)?;
            files.extend(site_files(&good.site, &good.theme, &good.config)?);
            timings.lap("render", &mut t);
            Ok(files)
        });
    match result {
        Ok(files) => {
            let n = files.len();
            for (path, html) in files {
                good.output.insert(path, OutputFile::Shared(Arc::new(html)));
            }
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

/// One source read from disk.
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
    fn into_source(self, config: &Config) -> Source {
        match self {
            Read::Unchanged { path, stamp } => Source {
                path,
                stamp,
                hash: 0,
                parsed: Err(Diagnostics::default()),
            },
            Read::Text {
                path,
                stamp,
                hash,
                md,
            } => Source {
                path,
                stamp,
                hash,
                parsed: parse_source(&md, config),
            },
            Read::Failed {
                path,
                stamp,
                problem,
            } => Source {
                path,
                stamp,
                hash: 0,
                parsed: Err(problem.into()),
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

fn hash_text(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
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
