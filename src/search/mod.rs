//! Search that works offline, in Vietnamese: every build writes an index under `search/`
//! that the theme's `search.js` loads as scripts (so it works from `file://` as well as
//! from a server), a few small files per query. See docs/search.md for the format and how
//! matching and ranking work.
//!
//! [`fold`] and [`tokenize`] decide what a word is and when two words match; [`index`]
//! builds the posting lists; [`shard`] splits them into files; [`encode`] writes numbers.

pub mod encode;
pub mod fold;
pub mod index;
pub mod shard;
pub mod tokenize;

use crate::config::Config;
use crate::resolve::{NodeKind, Site};
use index::Doc;
use shard::PageRecord;

/// The index files of a site: (output path, bytes). Every node of the tree is a page of the
/// index, in reading order.
pub fn build_index(site: &Site, _config: &Config) -> Vec<(String, Vec<u8>)> {
    build_files(input(site))
}

/// What the index of a site is made of, copied out of it: the preview takes it between
/// edits and builds the index on another thread while the editor goes on writing.
pub struct Input {
    pages: Vec<(Doc, String, String)>,
}

/// The pages of `site` in reading order, as the index sees them.
pub fn input(site: &Site) -> Input {
    Input {
        pages: site
            .reading_order
            .iter()
            .map(|&id| (doc(site, id), site.nodes[id].url.clone(), section(site, id)))
            .collect(),
    }
}

/// The index files made from [`input`].
pub fn build_files(input: Input) -> Vec<(String, Vec<u8>)> {
    let (docs, places): (Vec<Doc>, Vec<(String, String)>) =
        input.pages.into_iter().map(|(d, u, s)| (d, (u, s))).unzip();
    let ix = index::build(&docs);
    let records: Vec<PageRecord> = docs
        .into_iter()
        .zip(places)
        .map(|(d, (u, s))| record(d, u, s))
        .collect();
    shard::files(&ix, &records)
}

fn doc(site: &Site, id: usize) -> Doc {
    let n = &site.nodes[id];
    Doc {
        title: n.title.clone(),
        description: n.description.clone(),
        keywords: n
            .document
            .as_ref()
            .map(|d| format!("{} {} {}", d.number, d.kind, d.issuer))
            .unwrap_or_default(),
        blocks: n
            .body
            .blocks
            .iter()
            .map(|b| (b.anchor.clone(), b.heading.clone(), b.text.clone()))
            .collect(),
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

fn record(d: Doc, url: String, section: String) -> PageRecord {
    PageRecord {
        t: d.title,
        u: url,
        s: section,
        d: d.description,
        b: d.blocks
            .into_iter()
            .map(|(a, h, t)| (a.unwrap_or_default(), h, t))
            .collect(),
    }
}
