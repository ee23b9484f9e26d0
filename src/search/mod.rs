//! Search that works offline, in Vietnamese: every build writes an index under `search/`
//! that the theme's `search.js` loads as scripts (so it works from `file://` as well as
//! from a server), a few small files per query. See docs/search.md for the format and how
//! matching and ranking work.
//!
//! [`fold`] and [`tokenize`] decide what a word is and when two words match; [`index`]
//! builds the posting lists; [`shard`] splits them into files; [`encode`] writes numbers.
//!
//! [`build_index_into`] takes the pages' text out of the site and drops each page's text
//! once its record is written and its words counted; it hands each file to its caller as
//! soon as it is made, so that a streaming writer never holds them all. [`build_index`]
//! (the preview, tests) reads the text in place and gives the same files.

pub mod encode;
pub mod fold;
pub mod index;
pub mod shard;
pub mod tokenize;

use crate::config::Config;
use crate::parse::markdown::TextBlock;
use crate::resolve::{NodeKind, Site};
use index::{AsDoc, Block, Doc};
use shard::{PageRecord, Put};
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The index files of a site: (output path, bytes), sorted by path. Every node of the tree
/// is a page of the index, in reading order.
pub fn build_index(site: &Site, _config: &Config) -> Vec<(String, Vec<u8>)> {
    let pages = site
        .reading_order
        .iter()
        .map(|&id| page(site, id, Cow::Borrowed(&site.nodes[id].body.blocks)))
        .collect();
    collect(|put| build(pages, put))
}

/// Makes the index files of a site and hands each to `put` as soon as it is made (from
/// several threads, in no particular order; `search/meta.js` comes last). The same site
/// gives the same files as [`build_index`].
///
/// The pages' text is taken out of the site (it is needed by nothing after the index):
/// each page's text is dropped as soon as its words are counted and its record written.
pub fn build_index_into(site: &mut Site, _config: &Config, put: Put) {
    let texts: Vec<Vec<TextBlock>> = site
        .reading_order
        .clone()
        .into_iter()
        .map(|id| std::mem::take(&mut site.nodes[id].body.blocks))
        .collect();
    let site = &*site;
    let pages = site
        .reading_order
        .iter()
        .zip(texts)
        .map(|(&id, text)| page(site, id, Cow::Owned(text)))
        .collect();
    build(pages, put);
}

/// One page as the index sees it: its text borrowed from the site, or owned (taken out of
/// the site, or copied for the preview).
struct Page<'a> {
    title: &'a str,
    description: &'a str,
    /// What identifies the official document the page presents: number, kind, issuer.
    keywords: Vec<&'a str>,
    url: &'a str,
    section: String,
    blocks: Cow<'a, [TextBlock]>,
}

impl AsDoc for Page<'_> {
    fn doc(&self) -> Doc<'_> {
        Doc {
            title: self.title,
            description: self.description,
            keywords: self.keywords.clone(),
            blocks: self
                .blocks
                .iter()
                .map(|b| Block {
                    anchor: b.anchor.as_deref().unwrap_or_default(),
                    heading: &b.heading,
                    text: &b.text,
                })
                .collect(),
        }
    }
}

fn page<'a>(site: &'a Site, id: usize, blocks: Cow<'a, [TextBlock]>) -> Page<'a> {
    let n = &site.nodes[id];
    Page {
        title: &n.title,
        description: &n.description,
        keywords: n
            .document
            .as_ref()
            .map(|d| vec![d.number.as_str(), d.kind.as_str(), d.issuer.as_str()])
            .unwrap_or_default(),
        url: &n.url,
        section: section(site, id),
        blocks,
    }
}

fn section(site: &Site, id: usize) -> String {
    site.ancestors(id)
        .into_iter()
        .filter(|&a| site.nodes[a].kind != NodeKind::Home)
        .map(|a| site.nodes[a].title.as_str())
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Each page's record is put while its words are counted; then the word and pair shards
/// (their entries made by ranges in parallel, the counts dropped before the files are cut),
/// then `meta.js`.
fn build(pages: Vec<Page>, put: Put) {
    let n = pages.len();
    let page_hashes: Vec<AtomicU64> = (0..n).map(|_| AtomicU64::new(0)).collect();
    let counts = index::count(pages, |i, p| {
        let (path, bytes) = shard::page_file(i, &record(p));
        page_hashes[i].store(shard::hash(&bytes), Ordering::Relaxed);
        put(path, bytes);
    });
    let (terms, pairs) = rayon::join(
        || {
            counts.terms(|k, t| {
                let json = shard::term_json(k, t.pages(), t.postings(), t.variants());
                (k.to_string(), json)
            })
        },
        || {
            counts.pairs(|k, l| {
                let json = shard::pair_json(&k, l);
                (k, json)
            })
        },
    );
    drop(counts);
    let (terms, pairs) = rayon::join(
        || shard::put_shards("t", &terms, put),
        || shard::put_shards("b", &pairs, put),
    );
    let page_hashes: Vec<u64> = page_hashes.into_iter().map(AtomicU64::into_inner).collect();
    let (path, bytes) = shard::meta_file(n, &terms, &pairs, &page_hashes);
    put(path, bytes);
}

fn record<'a>(p: &'a Page) -> PageRecord<'a> {
    PageRecord {
        t: p.title,
        u: p.url,
        s: &p.section,
        d: p.description,
        k: p.keywords.join(" "),
        b: p.blocks
            .iter()
            .map(|b| {
                (
                    b.anchor.as_deref().unwrap_or_default(),
                    b.heading.as_str(),
                    b.text.as_str(),
                )
            })
            .collect(),
    }
}

/// Runs `make` with a `put` that collects the files; returns them sorted by path.
fn collect(make: impl FnOnce(Put)) -> Vec<(String, Vec<u8>)> {
    let files = Mutex::new(Vec::new());
    make(&|path, bytes| {
        files
            .lock()
            .expect("no panic while pushing")
            .push((path, bytes))
    });
    let mut files = files.into_inner().expect("no panic while pushing");
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// What the index of a site is made of, copied out of it: the preview takes it between
/// edits and builds the index on another thread while the editor goes on writing. (The
/// search fuzz target makes one of its own pages.)
pub struct Input {
    /// The pages in reading order: a page's id is its position.
    pub pages: Vec<PageText>,
}

/// One page as the index reads it.
#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub title: String,
    pub description: String,
    /// What identifies the official document the page presents: number, kind, issuer.
    pub keywords: Vec<String>,
    /// Its text under each heading.
    pub blocks: Vec<TextBlock>,
    pub url: String,
    /// The titles of the sections above it, joined by " › ".
    pub section: String,
}

/// The pages of `site` in reading order, as the index sees them.
pub fn input(site: &Site) -> Input {
    Input {
        pages: site
            .reading_order
            .iter()
            .map(|&id| {
                let p = page(site, id, Cow::Borrowed(&site.nodes[id].body.blocks));
                PageText {
                    title: p.title.to_string(),
                    description: p.description.to_string(),
                    keywords: p.keywords.iter().map(|k| k.to_string()).collect(),
                    blocks: p.blocks.into_owned(),
                    url: p.url.to_string(),
                    section: p.section,
                }
            })
            .collect(),
    }
}

/// The index files made from [`input`], sorted by path.
pub fn build_files(input: Input) -> Vec<(String, Vec<u8>)> {
    let pages = input
        .pages
        .iter()
        .map(|p| Page {
            title: &p.title,
            description: &p.description,
            keywords: p.keywords.iter().map(String::as_str).collect(),
            url: &p.url,
            section: p.section.clone(),
            blocks: Cow::Borrowed(&p.blocks),
        })
        .collect();
    collect(|put| build(pages, put))
}
