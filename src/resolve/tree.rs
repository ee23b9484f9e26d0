//! The handbook as a tree: a node per page and per section (folder), keyed by source path,
//! children in order (weight, then Vietnamese alphabet order of the title), and the reading
//! order that previous/next follow.

use super::urls;
use crate::collate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Date;
use crate::load::Asset;
use crate::parse::markdown::Rendered;
use crate::parse::ParsedPage;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Home,
    Section,
    Page,
}

/// A page or a section of the handbook.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// Source path relative to `content/` (`a/_index.md` for a section, even when the
    /// folder has no such file).
    pub source: String,
    pub shown: PathBuf,
    /// Output path relative to the output root.
    pub url: String,
    pub title: String,
    pub description: String,
    pub weight: Option<i64>,
    pub draft: bool,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// The official document this page presents, if any.
    pub document: Option<crate::documents::DocumentMeta>,
    pub body: Rendered,
}

/// The resolved handbook.
#[derive(Debug, Default)]
pub struct Site {
    /// All nodes; index 0 is the home page.
    pub nodes: Vec<Node>,
    /// Node index by source path.
    pub by_source: HashMap<String, usize>,
    /// Node indexes in reading order (home first, depth first).
    pub reading_order: Vec<usize>,
    /// Files under content/ copied as they are, by output path.
    pub assets: BTreeMap<String, Asset>,
    /// Sources left out because they are drafts (to explain broken links to them).
    pub drafts: HashSet<String>,
}

impl Site {
    pub fn home(&self) -> &Node {
        &self.nodes[0]
    }

    /// Ancestors of a node, from the home page down to its parent.
    pub fn ancestors(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.nodes[id].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out.reverse();
        out
    }
}

fn section_dir(source: &str) -> Option<&str> {
    if source == "_index.md" {
        Some("")
    } else {
        source.strip_suffix("/_index.md")
    }
}

fn humanize(dir: &str) -> String {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => name,
    }
}

/// Separates the pages to publish from drafts (a draft section hides everything below it).
/// Returns the kept pages and the source paths of the drafts left out.
pub fn split_drafts(
    pages: Vec<ParsedPage>,
    include_drafts: bool,
) -> (Vec<ParsedPage>, HashSet<String>) {
    let mut drafts = HashSet::new();
    if include_drafts {
        return (pages, drafts);
    }
    let draft_dirs: Vec<String> = pages
        .iter()
        .filter(|p| p.front.draft)
        .filter_map(|p| {
            section_dir(&p.rel)
                .filter(|d| !d.is_empty())
                .map(|d| format!("{d}/"))
        })
        .collect();
    let mut kept = Vec::with_capacity(pages.len());
    for p in pages {
        if p.front.draft || draft_dirs.iter().any(|d| p.rel.starts_with(d.as_str())) {
            drafts.insert(p.rel);
        } else {
            kept.push(p);
        }
    }
    (kept, drafts)
}

/// Builds the tree from the pages to publish (see [`split_drafts`]) and the assets.
/// `drafts` names the sources left out, to explain links to them.
pub fn build_tree(
    kept: Vec<ParsedPage>,
    drafts: HashSet<String>,
    assets: Vec<Asset>,
    site_title: &str,
) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut site = Site {
        drafts,
        ..Site::default()
    };

    // Sections: every folder that holds a kept page, whether or not it has an _index.md.
    let mut section_dirs: HashSet<String> = HashSet::new();
    section_dirs.insert(String::new());
    for p in &kept {
        let dir = match section_dir(&p.rel) {
            Some(d) => d.to_string(),
            None => urls::dir_of(&p.rel).to_string(),
        };
        let mut d = dir.as_str();
        loop {
            section_dirs.insert(d.to_string());
            if d.is_empty() {
                break;
            }
            d = urls::dir_of(d);
        }
    }

    // Home first, then the rest in source order so that node ids are deterministic.
    let mut by_rel: BTreeMap<String, ParsedPage> = BTreeMap::new();
    for p in kept {
        if let Some(first) = by_rel.get(&p.rel) {
            diags.push(
                Diagnostic::new(
                    &p.shown,
                    format!("this page and {} have the same path", first.shown.display()),
                )
                .help(
                    "rename or move the file under content/; the other page is generated by sotay",
                ),
            );
            continue;
        }
        by_rel.insert(p.rel.clone(), p);
    }
    let mut dirs: Vec<String> = section_dirs.into_iter().collect();
    dirs.sort();
    for dir in &dirs {
        let source = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        let kind = if dir.is_empty() {
            NodeKind::Home
        } else {
            NodeKind::Section
        };
        let node = match by_rel.remove(&source) {
            Some(p) => node_from(p, kind),
            None => Node {
                kind,
                shown: PathBuf::from("content").join(dir),
                url: urls::page_output(&source),
                title: if dir.is_empty() {
                    site_title.to_string()
                } else {
                    humanize(dir)
                },
                source,
                description: String::new(),
                weight: None,
                draft: false,
                date: None,
                updated: None,
                parent: None,
                children: Vec::new(),
                prev: None,
                next: None,
                document: None,
                body: Rendered::default(),
            },
        };
        site.by_source.insert(node.source.clone(), site.nodes.len());
        site.nodes.push(node);
    }
    for (_, p) in by_rel {
        let node = node_from(p, NodeKind::Page);
        site.by_source.insert(node.source.clone(), site.nodes.len());
        site.nodes.push(node);
    }

    // Parents.
    for id in 1..site.nodes.len() {
        let n = &site.nodes[id];
        let parent_dir = match n.kind {
            NodeKind::Section => urls::dir_of(section_dir(&n.source).unwrap_or("")).to_string(),
            _ => urls::dir_of(&n.source).to_string(),
        };
        let parent_src = if parent_dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{parent_dir}/_index.md")
        };
        let parent = site.by_source[&parent_src];
        site.nodes[id].parent = Some(parent);
        site.nodes[parent].children.push(id);
    }

    // Order children: by weight (pages without one last), then title, then source.
    let keys: Vec<_> = site
        .nodes
        .iter()
        .map(|n| {
            (
                n.weight.is_none(),
                n.weight.unwrap_or(0),
                collate::sort_key(&n.title),
            )
        })
        .collect();
    for id in 0..site.nodes.len() {
        let mut children = std::mem::take(&mut site.nodes[id].children);
        children.sort_by(|a, b| {
            keys[*a]
                .cmp(&keys[*b])
                .then_with(|| site.nodes[*a].source.cmp(&site.nodes[*b].source))
        });
        site.nodes[id].children = children;
    }

    // Reading order and previous/next.
    let mut stack = vec![0usize];
    while let Some(id) = stack.pop() {
        site.reading_order.push(id);
        stack.extend(site.nodes[id].children.iter().rev());
    }
    for w in site.reading_order.windows(2) {
        let (a, b) = (w[0], w[1]);
        site.nodes[a].next = Some(b);
        site.nodes[b].prev = Some(a);
    }

    // Output paths must be unique, also against copied files.
    let mut outputs: HashMap<&str, &str> = HashMap::new();
    for n in &site.nodes {
        if let Some(other) = outputs.insert(&n.url, &n.source) {
            diags.push(
                Diagnostic::new(
                    &n.shown,
                    format!(
                        "this page and content/{other} would both be written to {}",
                        n.url
                    ),
                )
                .help("rename one of the two files"),
            );
        }
    }
    for a in assets {
        let out = a.rel.clone();
        if let Some(other) = outputs.get(out.as_str()) {
            diags.push(
                Diagnostic::new(
                    PathBuf::from("content").join(&a.rel),
                    format!("this file and content/{other} would both be written to {out}"),
                )
                .help("rename one of the two files"),
            );
            continue;
        }
        site.assets.insert(out, a);
    }
    diags.into_result(site)
}

/// The node of a parsed page, not yet linked into the tree.
pub fn node_from(p: ParsedPage, kind: NodeKind) -> Node {
    Node {
        kind,
        url: urls::page_output(&p.rel),
        source: p.rel,
        shown: p.shown,
        title: p.title,
        description: p.front.description.unwrap_or_default(),
        weight: p.front.weight,
        draft: p.front.draft,
        date: p.date,
        updated: p.updated,
        parent: None,
        children: Vec::new(),
        prev: None,
        next: None,
        document: p.front.document,
        body: p.body,
    }
}
