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
    let order = &site.reading_order;
    let docs: Vec<Doc> = order.iter().map(|&id| doc(site, id)).collect();
    let ix = index::build(&docs);
    let records: Vec<PageRecord> = order
        .iter()
        .zip(docs)
        .map(|(&id, d)| record(site, id, d))
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

fn record(site: &Site, id: usize, d: Doc) -> PageRecord {
    let n = &site.nodes[id];
    let section = site
        .ancestors(id)
        .into_iter()
        .filter(|&a| site.nodes[a].kind != NodeKind::Home)
        .map(|a| site.nodes[a].title.as_str())
        .collect::<Vec<_>>()
        .join(" › ");
    PageRecord {
        t: d.title,
        u: n.url.clone(),
        s: section,
        d: d.description,
        b: d.blocks
            .into_iter()
            .map(|(a, h, t)| (a.unwrap_or_default(), h, t))
            .collect(),
    }
}
