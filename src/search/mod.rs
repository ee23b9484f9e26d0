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

/// The records of one file of page records, as they are made (in any order).
struct Bundle {
    records: Vec<Vec<u8>>,
    missing: usize,
}

/// Each page's record is made while its words are counted, and each file of page records
/// put as soon as its last record is made; then the word and pair shards (their entries
/// made by ranges in parallel, the counts dropped before the files are cut), then `meta.js`.
fn build(pages: Vec<Page>, put: Put) {
    let n = pages.len();
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| shard::record_size(&record(p)))
        .collect();
    let bundles = shard::bundles(&sizes, shard::BUNDLE_LIMIT);
    // each page's file and its place in it; each file's first page (its name)
    let place: Vec<(usize, usize)> = bundles
        .iter()
        .enumerate()
        .flat_map(|(b, &c)| (0..c as usize).map(move |i| (b, i)))
        .collect();
    let first: Vec<usize> = bundles
        .iter()
        .scan(0, |page, &c| {
            let at = *page;
            *page += c as usize;
            Some(at)
        })
        .collect();
    debug_assert_eq!(place.len(), n);
    let open: Vec<Mutex<Bundle>> = bundles
        .iter()
        .map(|&c| {
            Mutex::new(Bundle {
                records: vec![Vec::new(); c as usize],
                missing: c as usize,
            })
        })
        .collect();
    let bundle_hashes: Vec<AtomicU64> = bundles.iter().map(|_| AtomicU64::new(0)).collect();
    let counts = index::count(pages, |i, p| {
        let json = shard::record_json(&record(p));
        let (b, at) = place[i];
        let records = {
            let mut bundle = open[b].lock().unwrap_or_else(|e| e.into_inner());
            bundle.records[at] = json;
            bundle.missing -= 1;
            if bundle.missing > 0 {
                return;
            }
            std::mem::take(&mut bundle.records)
        };
        let (path, bytes) = shard::bundle_file(first[b], &records);
        bundle_hashes[b].store(crate::write::content_hash(&bytes), Ordering::Relaxed);
        put(path, bytes);
    });
    drop(open);
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
    let bundle_hashes: Vec<u64> = bundle_hashes
        .into_iter()
        .map(AtomicU64::into_inner)
        .collect();
    let (path, bytes) = shard::meta_file(n, &terms, &pairs, &bundles, &bundle_hashes);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn page(i: usize, text: &str) -> PageText {
        PageText {
            title: format!("Trang {i}"),
            url: format!("p{i}.html"),
            blocks: vec![TextBlock {
                anchor: None,
                heading: String::new(),
                text: text.to_string(),
            }],
            ..PageText::default()
        }
    }

    /// The argument of `sotaySearch.CALL(N,ARG);` in a file.
    fn argument<'a>(js: &'a str, call: &str) -> (usize, &'a str) {
        let inner = js
            .strip_prefix(&format!("sotaySearch.{call}("))
            .and_then(|r| r.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{js:.80}"));
        let (n, arg) = inner.split_once(',').expect("N,ARG");
        (n.parse().expect("a number"), arg)
    }

    /// Pages small and large: the files of page records hold every page once, in order, the
    /// number of pages of each as `meta.js` says, each file within the limit unless it holds
    /// one page; the shards `meta.js` lists with a size are the files written, and those of
    /// size 0 (a prefix whose words all have longer prefixes) have no file.
    #[test]
    fn page_records_in_files_of_consecutive_pages_and_no_empty_shards() {
        let words = ["sinh", "hoạt", "chi", "bộ", "đảng", "viên", "kết", "nạp"];
        let pages: Vec<PageText> = (0..300)
            .map(|i| {
                // mostly short pages, every 37th longer than a whole file
                let n = if i % 37 == 5 { 5_000 } else { 20 + i % 90 };
                let text: Vec<String> = (0..n)
                    .map(|j| format!("{}{}", words[(i * 7 + j) % words.len()], j % 997))
                    .collect();
                page(i, &text.join(" "))
            })
            .collect();
        let files: BTreeMap<String, Vec<u8>> = build_files(Input { pages }).into_iter().collect();
        let text = |p: &str| std::str::from_utf8(&files[p]).expect("UTF-8");
        let meta: serde_json::Value = {
            let inner = text("search/meta.js")
                .strip_prefix("sotaySearch.meta(")
                .and_then(|r| r.strip_suffix(");\n"))
                .expect("meta call");
            serde_json::from_str(inner).expect("JSON")
        };
        assert_eq!(meta["v"], 3);
        let counts = shard::files_of_pages(meta["shared"].as_str().expect("shared"), 300)
            .expect("no more pages than the site's");
        assert!(counts.len() > 1 && counts.len() < 300, "{counts:?}");
        assert!(counts.contains(&1) && counts.iter().any(|&c| c > 2));
        let mut next = 0;
        for &count in &counts {
            let path = format!("search/p/{next}.js");
            let js = text(&path);
            let (m, arg) = argument(js, "p");
            assert_eq!(m, next);
            let records: Vec<serde_json::Value> = serde_json::from_str(arg).expect("records");
            assert_eq!(records.len(), count as usize, "{path}");
            assert!(
                js.len() <= shard::BUNDLE_LIMIT + 64 || count == 1,
                "{path}: {}",
                js.len()
            );
            for r in records {
                assert_eq!(r["u"], format!("p{next}.html"));
                next += 1;
            }
        }
        assert_eq!(next, 300);
        assert_eq!(
            files.keys().filter(|p| p.starts_with("search/p/")).count(),
            counts.len()
        );
        let mut empty = 0;
        for (call, sizes) in [("t", "termSizes"), ("b", "pairSizes")] {
            for (n, size) in meta[sizes].as_array().expect("sizes").iter().enumerate() {
                let path = format!("search/{call}{n}.js");
                match size.as_u64().expect("a size") {
                    0 => {
                        empty += 1;
                        assert!(!files.contains_key(&path), "{path}");
                    }
                    size => {
                        assert_eq!(files[&path].len() as u64, size, "{path}");
                        let (_, arg) = argument(text(&path), call);
                        assert_ne!(arg, "{}", "{path}");
                    }
                }
            }
        }
        // (the words share beginnings: some prefixes are left with nothing of their own)
        assert!(empty > 0);
    }
}
