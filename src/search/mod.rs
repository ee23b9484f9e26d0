//! Search that works offline, in Vietnamese: every build writes an index under `search/`
//! that the theme's `search.js` loads as scripts (so it works from `file://` as well as
//! from a server), a few small files per query. See docs/search.md for the format and how
//! matching and ranking work.
//!
//! [`fold`] and [`tokenize`] decide what a word is and when two words match; [`index`]
//! builds the posting lists; [`shard`] splits them into files; [`encode`] writes numbers.
//!
//! The index reads the site's text where it is (no copy): [`build_index_into`] hands each
//! file to its caller as soon as it is made, the page records in parallel while the
//! posting lists are built, so that a streaming writer never holds them all.

pub mod encode;
pub mod fold;
pub mod index;
pub mod shard;
pub mod tokenize;

use crate::config::Config;
use crate::resolve::{NodeKind, Site};
use index::{Block, Doc};
use rayon::prelude::*;
use shard::{PageRecord, Put};
use std::sync::Mutex;

/// The index files of a site: (output path, bytes), sorted by path. Every node of the tree
/// is a page of the index, in reading order.
pub fn build_index(site: &Site, config: &Config) -> Vec<(String, Vec<u8>)> {
    collect(|put| build_index_into(site, config, put))
}

/// Makes the index files of a site and hands each to `put` as soon as it is made (from
/// several threads, in no particular order; `search/meta.js` comes last). The same site
/// gives the same files.
pub fn build_index_into(site: &Site, _config: &Config, put: Put) {
    let pages: Vec<Page> = site
        .reading_order
        .par_iter()
        .map(|&id| page(site, id))
        .collect();
    build(&pages, put);
}

/// One page as the index sees it, borrowed from the site (or from an [`Input`]).
struct Page<'a> {
    doc: Doc<'a>,
    url: &'a str,
    section: String,
    /// The document metadata joined, for the record ("" when none).
    keywords: String,
}

fn page(site: &Site, id: usize) -> Page<'_> {
    let n = &site.nodes[id];
    let keywords: Vec<&str> = n
        .document
        .as_ref()
        .map(|d| vec![d.number.as_str(), d.kind.as_str(), d.issuer.as_str()])
        .unwrap_or_default();
    Page {
        keywords: keywords.join(" "),
        doc: Doc {
            title: &n.title,
            description: &n.description,
            keywords,
            blocks: n
                .body
                .blocks
                .iter()
                .map(|b| Block {
                    anchor: b.anchor.as_deref().unwrap_or_default(),
                    heading: &b.heading,
                    text: &b.text,
                })
                .collect(),
        },
        url: &n.url,
        section: section(site, id),
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

/// Page records (in parallel, each put as soon as made) beside the posting lists, then
/// `meta.js`.
fn build(pages: &[Page], put: Put) {
    let (page_hashes, (terms, pairs)) = rayon::join(
        || {
            pages
                .par_iter()
                .enumerate()
                .map(|(i, p)| {
                    let (path, bytes) = shard::page_file(i, &record(p));
                    let h = shard::hash(&bytes);
                    put(path, bytes);
                    h
                })
                .collect::<Vec<u64>>()
        },
        || {
            let docs: Vec<Doc> = pages.iter().map(|p| p.doc.clone()).collect();
            let ix = index::build(&docs);
            shard::put_index(&ix, put)
        },
    );
    let (path, bytes) = shard::meta_file(pages.len(), &terms, &pairs, &page_hashes);
    put(path, bytes);
}

fn record<'a>(p: &'a Page) -> PageRecord<'a> {
    PageRecord {
        t: p.doc.title,
        u: p.url,
        s: &p.section,
        d: p.doc.description,
        k: &p.keywords,
        b: p.doc
            .blocks
            .iter()
            .map(|b| (b.anchor, b.heading, b.text))
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
/// edits and builds the index on another thread while the editor goes on writing.
pub struct Input {
    pages: Vec<OwnedPage>,
}

struct OwnedPage {
    title: String,
    description: String,
    keywords: Vec<String>,
    /// (anchor or "", heading, text)
    blocks: Vec<(String, String, String)>,
    url: String,
    section: String,
}

/// The pages of `site` in reading order, as the index sees them.
pub fn input(site: &Site) -> Input {
    Input {
        pages: site
            .reading_order
            .iter()
            .map(|&id| {
                let p = page(site, id);
                OwnedPage {
                    title: p.doc.title.to_string(),
                    description: p.doc.description.to_string(),
                    keywords: p.doc.keywords.iter().map(|k| k.to_string()).collect(),
                    blocks: p
                        .doc
                        .blocks
                        .iter()
                        .map(|b| (b.anchor.into(), b.heading.into(), b.text.into()))
                        .collect(),
                    url: p.url.to_string(),
                    section: p.section,
                }
            })
            .collect(),
    }
}

/// The index files made from [`input`], sorted by path.
pub fn build_files(input: Input) -> Vec<(String, Vec<u8>)> {
    let pages: Vec<Page> = input
        .pages
        .iter()
        .map(|p| Page {
            doc: Doc {
                title: &p.title,
                description: &p.description,
                keywords: p.keywords.iter().map(String::as_str).collect(),
                blocks: p
                    .blocks
                    .iter()
                    .map(|(a, h, t)| Block {
                        anchor: a,
                        heading: h,
                        text: t,
                    })
                    .collect(),
            },
            url: &p.url,
            section: p.section.clone(),
            keywords: p.keywords.join(" "),
        })
        .collect();
    collect(|put| build(&pages, put))
}
