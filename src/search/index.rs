//! Builds the inverted index: for every folded word (and every pair of linked words) the
//! pages holding it, each with a precomputed BM25 weight and the fields it occurs in.
//! Pages are tokenized in parallel; nothing here depends on the order rayon runs them in.

use super::fold::{exact, fold};
use super::tokenize::{pair_key, spans};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where in a page a word stands; ranking puts title above headings above body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title = 0,
    Heading = 1,
    Body = 2,
}

/// How much one occurrence in each field counts in the term frequency of BM25.
const BOOST: [f64; 3] = [3.0, 2.0, 1.0];
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Weights are stored as integers: BM25 × SCALE, rounded.
pub const SCALE: f64 = 8.0;
/// Variants beyond this many per word are not told apart (they rank as folded matches).
pub const MAX_VARIANTS: usize = 24;

/// The text of one page, as search reads it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: String,
    /// Document metadata (the description), searched like body text.
    pub description: String,
    /// What identifies the official document a page presents (its number, kind and
    /// issuer), searched like the title: a search for "21-NQ/TW" finds that page first.
    pub keywords: String,
    /// (heading anchor, heading, text) under each heading; the first may have no anchor.
    pub blocks: Vec<(Option<String>, String, String)>,
}

/// One page of a posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub page: u32,
    /// BM25 weight × [`SCALE`], at least 1.
    pub weight: u32,
    /// Bits 0–2: the word occurs in the title, a heading, the body. Bits 3…: which of the
    /// word's exact variants occur (bit 3 + i for variant i).
    pub flags: u32,
}

/// A folded word: its exact spellings (most frequent first) and its pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermEntry {
    pub variants: Vec<String>,
    pub postings: Vec<Posting>,
}

/// The whole index.
#[derive(Debug, Default)]
pub struct Index {
    pub pages: usize,
    pub terms: BTreeMap<String, TermEntry>,
    /// Pairs of linked words, keyed `"sinh hoat"`; flags hold only the field bits.
    pub pairs: BTreeMap<String, Vec<Posting>>,
}

#[derive(Default)]
struct TermStat {
    tf: [u32; 3],
    variants: Vec<(Arc<str>, u32)>,
}

/// Folded and exact forms of spellings already seen by one worker, so that each distinct
/// spelling is folded once per worker rather than once per page.
#[derive(Default)]
struct FoldCache(FxHashMap<Box<str>, (Arc<str>, Arc<str>)>);

impl FoldCache {
    fn forms(&mut self, w: &str) -> (Arc<str>, Arc<str>) {
        if let Some((f, e)) = self.0.get(w) {
            return (f.clone(), e.clone());
        }
        let forms: (Arc<str>, Arc<str>) = (fold(w).into(), exact(w).into());
        self.0.insert(w.into(), forms.clone());
        forms
    }
}

/// The words of one page.
struct PageLexicon<'a, 'c> {
    cache: &'c mut FoldCache,
    /// Spelling as written → (folded word id, variant index).
    seen: FxHashMap<&'a str, (u32, u32)>,
    ids: FxHashMap<Arc<str>, u32>,
    terms: Vec<(Arc<str>, TermStat)>,
    pairs: FxHashMap<(u32, u32), [u32; 3]>,
    len: u32,
}

/// A page's words and pairs with their frequencies per field.
struct PageTerms {
    len: u32,
    terms: Vec<(Arc<str>, TermStat)>,
    /// Pairs of linked words, as ids into `terms`.
    pairs: Vec<((u32, u32), [u32; 3])>,
}

impl<'a> PageLexicon<'a, '_> {
    fn word(&mut self, w: &'a str) -> (u32, u32) {
        if let Some(&ids) = self.seen.get(w) {
            return ids;
        }
        let (f, e) = self.cache.forms(w);
        let id = match self.ids.get(&f) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.ids.insert(f.clone(), id);
                self.terms.push((f, TermStat::default()));
                id
            }
        };
        let variants = &mut self.terms[id as usize].1.variants;
        let v = match variants.iter().position(|(x, _)| *x == e) {
            Some(v) => v,
            None => {
                variants.push((e, 0));
                variants.len() - 1
            }
        } as u32;
        self.seen.insert(w, (id, v));
        (id, v)
    }

    fn count(&mut self, (id, v): (u32, u32), f: usize) {
        let stat = &mut self.terms[id as usize].1;
        stat.tf[f] += 1;
        stat.variants[v as usize].1 += 1;
    }

    fn add(&mut self, text: &'a str, field: Field) {
        let f = field as usize;
        let (words, compounds) = spans(text);
        self.len += words.len() as u32;
        let mut prev: Option<u32> = None;
        for s in &words {
            let ids = self.word(&text[s.start..s.end]);
            self.count(ids, f);
            if let (Some(p), true) = (prev, s.linked) {
                self.pairs.entry((p, ids.0)).or_default()[f] += 1;
            }
            prev = Some(ids.0);
        }
        for s in &compounds {
            let ids = self.word(&text[s.start..s.end]);
            self.count(ids, f);
        }
    }

    fn finish(self) -> PageTerms {
        PageTerms {
            len: self.len,
            terms: self.terms,
            pairs: self.pairs.into_iter().collect(),
        }
    }
}

fn page_terms(cache: &mut FoldCache, doc: &Doc) -> PageTerms {
    let mut p = PageLexicon {
        cache,
        seen: FxHashMap::default(),
        ids: FxHashMap::default(),
        terms: Vec::new(),
        pairs: FxHashMap::default(),
        len: 0,
    };
    p.add(&doc.title, Field::Title);
    p.add(&doc.keywords, Field::Title);
    p.add(&doc.description, Field::Body);
    for (_, heading, text) in &doc.blocks {
        p.add(heading, Field::Heading);
        p.add(text, Field::Body);
    }
    p.finish()
}

fn field_bits(tf: &[u32; 3]) -> u32 {
    (0..3).filter(|&i| tf[i] > 0).map(|i| 1 << i).sum()
}

/// BM25 weight of a word with (boosted) frequency `tf` on a page of `len` words.
pub fn bm25(tf: f64, len: f64, avg_len: f64, df: usize, n: usize) -> f64 {
    let idf = (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
    let norm = K1 * (1.0 - B + B * len / avg_len.max(1.0));
    idf * tf * (K1 + 1.0) / (tf + norm)
}

fn boosted(tf: &[u32; 3]) -> f64 {
    (0..3).map(|i| BOOST[i] * tf[i] as f64).sum()
}

fn quantize(w: f64) -> u32 {
    ((w * SCALE).round() as u32).max(1)
}

/// Builds the index of `docs`; page ids are positions in `docs`.
pub fn build(docs: &[Doc]) -> Index {
    let n = docs.len();
    let pages: Vec<PageTerms> = docs
        .par_iter()
        .map_init(FoldCache::default, page_terms)
        .collect();
    let lens: Vec<u32> = pages.iter().map(|p| p.len).collect();
    let avg_len = lens.iter().map(|&l| l as f64).sum::<f64>() / n.max(1) as f64;

    // One id per distinct word of the whole site; each page's words mapped to them.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut words: Vec<String> = Vec::new();
    let global: Vec<Vec<u32>> = pages
        .iter()
        .map(|p| {
            p.terms
                .iter()
                .map(|(w, _)| {
                    *ids.entry(w).or_insert_with(|| {
                        words.push(w.to_string());
                        (words.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    drop(ids);

    // Posting lists, filled page by page so that they come out sorted.
    let mut term_lists: Vec<Vec<(u32, TermStat)>> = (0..words.len()).map(|_| Vec::new()).collect();
    let mut pair_lists: FxHashMap<u64, Vec<(u32, [u32; 3])>> = FxHashMap::default();
    for (page, (p, g)) in pages.into_iter().zip(&global).enumerate() {
        let page = page as u32;
        for (i, (_, stat)) in p.terms.into_iter().enumerate() {
            term_lists[g[i] as usize].push((page, stat));
        }
        for ((a, b), tf) in p.pairs {
            let key = (g[a as usize] as u64) << 32 | g[b as usize] as u64;
            pair_lists.entry(key).or_default().push((page, tf));
        }
    }

    let pairs: Vec<(String, Vec<Posting>)> = pair_lists
        .into_par_iter()
        .map(|(key, list)| {
            let (a, b) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
            let df = list.len();
            let postings = list
                .iter()
                .map(|(page, tf)| Posting {
                    page: *page,
                    weight: quantize(bm25(
                        boosted(tf),
                        lens[*page as usize] as f64,
                        avg_len,
                        df,
                        n,
                    )),
                    flags: field_bits(tf),
                })
                .collect();
            (pair_key(&words[a], &words[b]), postings)
        })
        .collect();
    let terms: Vec<(String, TermEntry)> = words
        .into_par_iter()
        .zip(term_lists)
        .map(|(w, list)| (w, term_entry(list, &lens, avg_len, n)))
        .collect();
    Index {
        pages: n,
        terms: terms.into_iter().collect(),
        pairs: pairs.into_iter().collect(),
    }
}

fn term_entry(list: Vec<(u32, TermStat)>, lens: &[u32], avg_len: f64, n: usize) -> TermEntry {
    // Variants ordered by how often they occur overall, then by spelling (deterministic).
    let mut totals: FxHashMap<&str, u32> = FxHashMap::default();
    for (_, s) in &list {
        for (v, c) in &s.variants {
            *totals.entry(v).or_default() += c;
        }
    }
    let mut variants: Vec<(&str, u32)> = totals.into_iter().collect();
    variants.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    variants.truncate(MAX_VARIANTS);
    let df = list.len();
    let postings = list
        .iter()
        .map(|(id, s)| {
            let mut flags = field_bits(&s.tf);
            for (v, _) in &s.variants {
                if let Some(i) = variants.iter().position(|(x, _)| *x == &**v) {
                    flags |= 1 << (3 + i);
                }
            }
            Posting {
                page: *id,
                weight: quantize(bm25(
                    boosted(&s.tf),
                    lens[*id as usize] as f64,
                    avg_len,
                    df,
                    n,
                )),
                flags,
            }
        })
        .collect();
    TermEntry {
        variants: variants.into_iter().map(|(v, _)| v.to_string()).collect(),
        postings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, blocks: &[(&str, &str)]) -> Doc {
        Doc {
            title: title.into(),
            description: String::new(),
            keywords: String::new(),
            blocks: blocks
                .iter()
                .map(|(h, t)| (None, h.to_string(), t.to_string()))
                .collect(),
        }
    }

    fn posting(ix: &Index, term: &str, page: u32) -> Posting {
        *ix.terms[term]
            .postings
            .iter()
            .find(|p| p.page == page)
            .unwrap_or_else(|| panic!("{term} not on page {page}"))
    }

    #[test]
    fn fields_and_variants_are_recorded() {
        let ix = build(&[
            doc("Sinh hoạt chi bộ", &[("", "Nội dung bổ sung.")]),
            doc("Khác", &[("Chi bộ", "bộ bộ")]),
        ]);
        let bo = &ix.terms["bo"];
        assert_eq!(bo.variants, ["bộ", "bổ"], "most frequent spelling first");
        let p0 = posting(&ix, "bo", 0);
        assert_eq!(p0.flags & 7, 0b101, "title and body");
        assert_eq!(p0.flags >> 3, 0b11, "both spellings on page 0");
        let p1 = posting(&ix, "bo", 1);
        assert_eq!(p1.flags & 7, 0b110, "heading and body");
        assert_eq!(p1.flags >> 3, 0b01, "only bộ on page 1");
        assert_eq!(ix.pairs["sinh hoat"][0].flags, 1);
        assert!(ix.pairs.contains_key("chi bo"));
        assert!(!ix.pairs.contains_key("bo noi"), "no pair across fields");
    }

    #[test]
    fn document_numbers_indexed_whole_and_in_parts() {
        let ix = build(&[doc("Nghị quyết số 21-NQ/TW", &[])]);
        for t in ["21-nq/tw", "21", "nq", "tw"] {
            assert!(ix.terms.contains_key(t), "{t}");
        }
        assert_eq!(ix.terms["21-nq/tw"].variants, ["21-nq/tw"]);
    }

    #[test]
    fn title_outweighs_body_and_rare_outweighs_common() {
        let filler = "một hai ba bốn năm sáu bảy tám chín mười";
        let ix = build(&[
            doc("Kết nạp", &[("", filler)]),
            doc("Khác", &[("", &format!("kết nạp {filler}"))]),
            doc("Khác nữa", &[("", &format!("chung {filler}"))]),
        ]);
        assert!(posting(&ix, "ket", 0).weight > posting(&ix, "ket", 1).weight);
        // "mot" is on every page, "chung" on one: the rare word weighs more
        assert!(posting(&ix, "chung", 2).weight > posting(&ix, "mot", 2).weight);
    }

    #[test]
    fn bm25_saturates_and_normalizes_length() {
        let w = |tf: f64, len: f64| bm25(tf, len, 100.0, 5, 100);
        assert!(w(2.0, 100.0) > w(1.0, 100.0));
        assert!(w(20.0, 100.0) - w(10.0, 100.0) < w(2.0, 100.0) - w(1.0, 100.0));
        assert!(
            w(1.0, 50.0) > w(1.0, 500.0),
            "short pages weigh a match more"
        );
        assert!(
            bm25(1.0, 100.0, 100.0, 100, 100) > 0.0,
            "even a word on every page"
        );
    }

    #[test]
    fn same_index_whatever_the_thread_order() {
        let docs: Vec<Doc> = (0..200)
            .map(|i| {
                doc(
                    &format!("Trang {i}"),
                    &[("Mục", &format!("chi bộ số {} đảng viên", i % 7))],
                )
            })
            .collect();
        let a = build(&docs);
        let b = build(&docs);
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.pairs, b.pairs);
        assert_eq!(a.terms["trang"].postings.len(), 200);
        assert!(a.terms["trang"]
            .postings
            .windows(2)
            .all(|w| w[0].page < w[1].page));
    }
}
