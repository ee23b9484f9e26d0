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
    variants: Variants,
}

/// Spellings of a word on one page, as (spelling id, count): two inline, more in a list
/// (rare), so that counting a page's words allocates nothing per word.
#[derive(Default)]
struct Variants {
    inline: [(u32, u32); 2],
    more: Vec<(u32, u32)>,
}

impl Variants {
    fn bump(&mut self, id: u32) {
        for slot in self.inline.iter_mut() {
            if slot.1 == 0 {
                *slot = (id, 1);
                return;
            }
            if slot.0 == id {
                slot.1 += 1;
                return;
            }
        }
        match self.more.iter_mut().find(|(x, _)| *x == id) {
            Some((_, n)) => *n += 1,
            None => self.more.push((id, 1)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.inline
            .iter()
            .copied()
            .filter(|(_, n)| *n > 0)
            .chain(self.more.iter().copied())
    }

    fn remap(&mut self, to: &[u32]) {
        for slot in self.inline.iter_mut().chain(self.more.iter_mut()) {
            if slot.1 > 0 {
                slot.0 = to[slot.0 as usize];
            }
        }
    }
}

/// What one rayon worker keeps from page to page: the folded and exact forms of spellings
/// it has seen (each distinct spelling is folded once per worker, not once per page), and
/// its maps, emptied after each page but keeping their capacity.
#[derive(Default)]
struct Worker {
    forms: FxHashMap<Box<str>, (Arc<str>, Arc<str>)>,
    ids: FxHashMap<Arc<str>, u32>,
    spelling_ids: FxHashMap<Arc<str>, u32>,
    pairs: FxHashMap<(u32, u32), [u32; 3]>,
}

impl Worker {
    fn forms(&mut self, w: &str) -> (Arc<str>, Arc<str>) {
        if let Some((f, e)) = self.forms.get(w) {
            return (f.clone(), e.clone());
        }
        let forms: (Arc<str>, Arc<str>) = (fold(w).into(), exact(w).into());
        self.forms.insert(w.into(), forms.clone());
        forms
    }
}

/// The words of one page.
struct PageLexicon<'a, 'c> {
    worker: &'c mut Worker,
    /// Spelling as written → (folded word id, exact spelling id).
    seen: FxHashMap<&'a str, (u32, u32)>,
    terms: Vec<(Arc<str>, TermStat)>,
    /// Exact spellings on this page, by id.
    spellings: Vec<Arc<str>>,
    len: u32,
}

/// A page's words and pairs with their frequencies per field.
struct PageTerms {
    len: u32,
    terms: Vec<(Arc<str>, TermStat)>,
    spellings: Vec<Arc<str>>,
    /// Pairs of linked words, as ids into `terms`.
    pairs: Vec<((u32, u32), [u32; 3])>,
}

impl<'a> PageLexicon<'a, '_> {
    fn word(&mut self, w: &'a str) -> (u32, u32) {
        if let Some(&ids) = self.seen.get(w) {
            return ids;
        }
        let (f, e) = self.worker.forms(w);
        let id = match self.worker.ids.get(&f) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.worker.ids.insert(f.clone(), id);
                self.terms.push((f, TermStat::default()));
                id
            }
        };
        let v = match self.worker.spelling_ids.get(&e) {
            Some(&v) => v,
            None => {
                let v = self.spellings.len() as u32;
                self.worker.spelling_ids.insert(e.clone(), v);
                self.spellings.push(e);
                v
            }
        };
        self.seen.insert(w, (id, v));
        (id, v)
    }

    fn count(&mut self, (id, v): (u32, u32), f: usize) {
        let stat = &mut self.terms[id as usize].1;
        stat.tf[f] += 1;
        stat.variants.bump(v);
    }

    fn add(&mut self, text: &'a str, field: Field) {
        let f = field as usize;
        let (words, compounds) = spans(text);
        self.len += words.len() as u32;
        let mut prev: Option<u32> = None;
        for s in &words {
            // a "word" of combining marks only folds to nothing: nobody can search for it
            if self.worker.forms(&text[s.start..s.end]).0.is_empty() {
                prev = None;
                continue;
            }
            let ids = self.word(&text[s.start..s.end]);
            self.count(ids, f);
            if let (Some(p), true) = (prev, s.linked) {
                self.worker.pairs.entry((p, ids.0)).or_default()[f] += 1;
            }
            prev = Some(ids.0);
        }
        for s in &compounds {
            let ids = self.word(&text[s.start..s.end]);
            self.count(ids, f);
        }
    }

    fn finish(self) -> PageTerms {
        self.worker.ids.clear();
        self.worker.spelling_ids.clear();
        PageTerms {
            len: self.len,
            terms: self.terms,
            spellings: self.spellings,
            pairs: self.worker.pairs.drain().collect(),
        }
    }
}

fn page_terms(worker: &mut Worker, doc: &Doc) -> PageTerms {
    let mut p = PageLexicon {
        worker,
        seen: FxHashMap::with_capacity_and_hasher(1024, Default::default()),
        terms: Vec::with_capacity(256),
        spellings: Vec::with_capacity(256),
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

/// BM25 weight of a word with (boosted) frequency `tf` on a page of `len` words (what
/// [`Bm25`] computes, written out).
pub fn bm25(tf: f64, len: f64, avg_len: f64, df: usize, n: usize) -> f64 {
    let idf = (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
    let norm = K1 * (1.0 - B + B * len / avg_len.max(1.0));
    idf * tf * (K1 + 1.0) / (tf + norm)
}

/// BM25 with what depends only on the page (length normalization) or only on the word
/// (inverse document frequency) computed once.
struct Bm25 {
    norms: Vec<f64>,
    n: usize,
}

impl Bm25 {
    fn new(lens: &[u32]) -> Bm25 {
        let n = lens.len();
        let avg = (lens.iter().map(|&l| l as f64).sum::<f64>() / n.max(1) as f64).max(1.0);
        Bm25 {
            norms: lens
                .iter()
                .map(|&l| K1 * (1.0 - B + B * l as f64 / avg))
                .collect(),
            n,
        }
    }

    fn idf(&self, df: usize) -> f64 {
        (1.0 + (self.n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln()
    }

    /// Quantized weight of a word with field frequencies `tf` on `page`.
    fn weight(&self, tf: &[u32; 3], page: u32, idf: f64) -> u32 {
        let tf = boosted(tf);
        quantize(idf * tf * (K1 + 1.0) / (tf + self.norms[page as usize]))
    }
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
        .map_init(Worker::default, page_terms)
        .collect();
    let lens: Vec<u32> = pages.iter().map(|p| p.len).collect();
    let bm25 = Bm25::new(&lens);

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
    // The same for exact spellings.
    let mut spelling_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut spellings: Vec<String> = Vec::new();
    let global_spellings: Vec<Vec<u32>> = pages
        .iter()
        .map(|p| {
            p.spellings
                .iter()
                .map(|e| {
                    *spelling_ids.entry(e).or_insert_with(|| {
                        spellings.push(e.to_string());
                        (spellings.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    drop(spelling_ids);

    // Posting lists, filled page by page so that they come out sorted.
    let mut term_lists: Vec<Vec<(u32, TermStat)>> = (0..words.len()).map(|_| Vec::new()).collect();
    let mut pair_lists: FxHashMap<u64, Vec<(u32, [u32; 3])>> = FxHashMap::default();
    for (page, ((p, g), gs)) in pages
        .into_iter()
        .zip(&global)
        .zip(&global_spellings)
        .enumerate()
    {
        let page = page as u32;
        for (i, (_, mut stat)) in p.terms.into_iter().enumerate() {
            stat.variants.remap(gs);
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
            let idf = bm25.idf(list.len());
            let postings = list
                .iter()
                .map(|(page, tf)| Posting {
                    page: *page,
                    weight: bm25.weight(tf, *page, idf),
                    flags: field_bits(tf),
                })
                .collect();
            (pair_key(&words[a], &words[b]), postings)
        })
        .collect();
    let terms: Vec<(String, TermEntry)> = words
        .into_par_iter()
        .zip(term_lists)
        .map(|(w, list)| (w, term_entry(list, &bm25, &spellings)))
        .collect();
    Index {
        pages: n,
        terms: terms.into_iter().collect(),
        pairs: pairs.into_iter().collect(),
    }
}

fn term_entry(list: Vec<(u32, TermStat)>, bm25: &Bm25, spellings: &[String]) -> TermEntry {
    // Variants ordered by how often they occur overall, then by spelling (deterministic).
    // (A word has few spellings: a list beats a hash map here.)
    let mut variants: Vec<(u32, u32)> = Vec::new();
    for (_, s) in &list {
        for (v, c) in s.variants.iter() {
            match variants.iter_mut().find(|(x, _)| *x == v) {
                Some((_, n)) => *n += c,
                None => variants.push((v, c)),
            }
        }
    }
    variants.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| spellings[a.0 as usize].cmp(&spellings[b.0 as usize]))
    });
    variants.truncate(MAX_VARIANTS);
    let idf = bm25.idf(list.len());
    let postings = list
        .iter()
        .map(|(id, s)| {
            let mut flags = field_bits(&s.tf);
            for (v, _) in s.variants.iter() {
                if let Some(i) = variants.iter().position(|(x, _)| *x == v) {
                    flags |= 1 << (3 + i);
                }
            }
            Posting {
                page: *id,
                weight: bm25.weight(&s.tf, *id, idf),
                flags,
            }
        })
        .collect();
    TermEntry {
        variants: variants
            .into_iter()
            .map(|(v, _)| spellings[v as usize].clone())
            .collect(),
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
    fn precomputed_bm25_is_bm25() {
        let lens = [10, 100, 1000];
        let b = Bm25::new(&lens);
        let avg = 370.0;
        for (page, len) in lens.iter().enumerate() {
            let tf = [1, 0, 3];
            let want = quantize(bm25(6.0, *len as f64, avg, 2, 3));
            assert_eq!(b.weight(&tf, page as u32, b.idf(2)), want);
        }
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
