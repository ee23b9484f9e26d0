//! Builds the inverted index: for every folded word (and every pair of linked words) the
//! pages holding it, each with a precomputed BM25F weight and the fields it occurs in.
//!
//! Work is split so that little of it is sequential: pages are tokenized in parallel, each
//! rayon worker numbering the words it meets in a dictionary of its own (one hash lookup
//! per word of text, no allocation per word); the dictionaries (a few thousand words each)
//! are merged into global ids in sorted order, and the posting lists are filled by ranges
//! of word ids in parallel. Nothing depends on how rayon splits the work: the same pages
//! give the same index.

use super::fold::{exact, fold};
use super::tokenize::{pair_key, spans_into, Span};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Where in a page a word stands; ranking puts title (and document metadata) above
/// headings above body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title = 0,
    /// Document metadata (number, kind, issuer): ranked as the title, but its length (a
    /// long issuer's name) does not damp the title.
    Keywords = 1,
    Heading = 2,
    Body = 3,
}

const FIELDS: usize = 4;

/// BM25F: how much one occurrence in each field (title, keywords, headings, body) counts…
pub const FIELD_WEIGHT: [f64; FIELDS] = [4.0, 4.0, 2.0, 1.0];
/// …and how much each field's length, against the average length of that field, damps it.
pub const FIELD_B: [f64; FIELDS] = [0.9, 0.0, 0.5, 0.75];
/// The flag bit of each field (keywords count as title).
const FIELD_BIT: [u32; FIELDS] = [1, 1, 2, 4];
pub const K1: f64 = 1.2;
/// Weights are stored as integers: BM25F × SCALE, rounded.
pub const SCALE: f64 = 16.0;
/// Variants beyond this many per word are not told apart (they rank as folded matches).
pub const MAX_VARIANTS: usize = 24;

/// The text of one page, as search reads it (borrowed from the site).
#[derive(Debug, Clone, Default)]
pub struct Doc<'a> {
    pub title: &'a str,
    /// Document metadata (the description), searched like body text.
    pub description: &'a str,
    /// What identifies the official document a page presents (its number, kind and
    /// issuer), searched like the title: a search for "21-NQ/TW" finds that page first.
    pub keywords: Vec<&'a str>,
    /// The text under each heading.
    pub blocks: Vec<Block<'a>>,
}

/// Text under one heading.
#[derive(Debug, Clone, Copy, Default)]
pub struct Block<'a> {
    /// The heading's anchor; "" for text before the first heading.
    pub anchor: &'a str,
    pub heading: &'a str,
    pub text: &'a str,
}

/// One page of a posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub page: u32,
    /// BM25F weight × [`SCALE`], at least 1.
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
    /// Folded words, sorted.
    pub terms: Vec<(String, TermEntry)>,
    /// Pairs of linked words, keyed `"sinh hoat"`, sorted; flags hold only the field bits.
    pub pairs: Vec<(String, Vec<Posting>)>,
}

impl Index {
    /// The entry of a folded word.
    pub fn term(&self, word: &str) -> Option<&TermEntry> {
        let i = self
            .terms
            .binary_search_by(|(k, _)| k.as_str().cmp(word))
            .ok()?;
        Some(&self.terms[i].1)
    }

    /// The postings of a pair key (`"chi bo"`).
    pub fn pair(&self, key: &str) -> Option<&[Posting]> {
        let i = self
            .pairs
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()?;
        Some(&self.pairs[i].1)
    }
}

/// How often a word occurs on one page, per field, and in which spellings.
#[derive(Default)]
struct TermStat {
    /// (Counts beyond 65,535 on one page stop growing: their weight no longer changes.)
    tf: [u16; FIELDS],
    variants: Variants,
}

/// Counts of a page, widened for computing with them.
fn wide(tf: &[u16; FIELDS]) -> [u32; FIELDS] {
    tf.map(u32::from)
}

/// Spellings of a word on one page, as (spelling id, count): two inline, more in a list
/// (rare), so that counting a page's words allocates nothing per word.
#[derive(Default)]
struct Variants {
    inline: [(u32, u32); 2],
    /// (A thin pointer, 8 bytes rather than a Vec's 24: this struct is kept for every
    /// word of every page, and this list is almost always empty.)
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<(u32, u32)>>>,
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
        // (rare: a word in more than two spellings on one page)
        let more = self.more.get_or_insert_with(Default::default);
        match more.iter_mut().find(|(x, _)| *x == id) {
            Some((_, n)) => *n += 1,
            None => more.push((id, 1)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.inline
            .iter()
            .copied()
            .filter(|(_, n)| *n > 0)
            .chain(self.more.iter().flat_map(|m| m.iter().copied()))
    }

    fn remap(&mut self, to: &[u32]) {
        let more = self.more.iter_mut().flat_map(|m| m.iter_mut());
        for slot in self.inline.iter_mut().chain(more) {
            if slot.1 > 0 {
                slot.0 = to[slot.0 as usize];
            }
        }
    }
}

/// A page's words (ids, sorted once global) with their counts, its pairs of linked words
/// (`first id << 32 | second id`, sorted) and the length of each field in words.
struct PageTerms {
    lens: [u32; FIELDS],
    terms: Vec<(u32, TermStat)>,
    pairs: Vec<(u64, [u16; FIELDS])>,
}

const NONE: u32 = u32::MAX;

/// What one rayon worker builds: its own numbering of the words and spellings it meets
/// (each distinct spelling as written is folded once per worker, not once per page), and
/// the pages it tokenized.
#[derive(Default)]
struct Worker<'a> {
    /// Spelling as written → (word id, spelling id).
    forms: FxHashMap<&'a str, (u32, u32)>,
    words: FxHashMap<Box<str>, u32>,
    spellings: FxHashMap<Box<str>, u32>,
    /// Position of each word in the current page's term list, or [`NONE`].
    slot: Vec<u32>,
    /// Pairs of the current page, counted by field.
    pair_counts: FxHashMap<u64, [u16; FIELDS]>,
    /// Spans of the current text (words, compounds).
    spans: (Vec<Span>, Vec<Span>),
    pages: Vec<(u32, PageTerms)>,
}

impl<'a> Worker<'a> {
    /// The (word id, spelling id) of a word as written; `None` for one that folds to
    /// nothing (combining marks only).
    fn ids(&mut self, w: &'a str) -> Option<(u32, u32)> {
        if let Some(&ids) = self.forms.get(w) {
            return (ids.0 != NONE).then_some(ids);
        }
        let folded = fold(w);
        if folded.is_empty() {
            self.forms.insert(w, (NONE, NONE));
            return None;
        }
        let n = self.words.len() as u32;
        let id = *self.words.entry(folded.into_boxed_str()).or_insert(n);
        if id == n {
            self.slot.push(NONE);
        }
        let m = self.spellings.len() as u32;
        let v = *self.spellings.entry(exact(w).into_boxed_str()).or_insert(m);
        self.forms.insert(w, (id, v));
        Some((id, v))
    }

    fn count(&mut self, p: &mut PageTerms, (id, v): (u32, u32), f: usize) {
        let slot = &mut self.slot[id as usize];
        if *slot == NONE {
            *slot = p.terms.len() as u32;
            p.terms.push((id, TermStat::default()));
        }
        let stat = &mut p.terms[*slot as usize].1;
        stat.tf[f] = stat.tf[f].saturating_add(1);
        stat.variants.bump(v);
    }

    fn add(&mut self, p: &mut PageTerms, text: &'a str, field: Field) {
        let f = field as usize;
        let (mut words, mut compounds) = std::mem::take(&mut self.spans);
        spans_into(text, &mut words, &mut compounds);
        p.lens[f] += words.len() as u32;
        let mut prev: Option<u32> = None;
        for s in &words {
            // a "word" of combining marks only folds to nothing: nobody can search for it
            let Some(ids) = self.ids(&text[s.start..s.end]) else {
                prev = None;
                continue;
            };
            self.count(p, ids, f);
            if let (Some(a), true) = (prev, s.linked) {
                let n = &mut self
                    .pair_counts
                    .entry((a as u64) << 32 | ids.0 as u64)
                    .or_default()[f];
                *n = n.saturating_add(1);
            }
            prev = Some(ids.0);
        }
        for s in &compounds {
            if let Some(ids) = self.ids(&text[s.start..s.end]) {
                self.count(p, ids, f);
            }
        }
        self.spans = (words, compounds);
    }

    fn page(&mut self, doc: &Doc<'a>) -> PageTerms {
        let mut p = PageTerms {
            lens: [0; FIELDS],
            terms: Vec::with_capacity(256),
            pairs: Vec::new(),
        };
        self.add(&mut p, doc.title, Field::Title);
        for k in &doc.keywords {
            self.add(&mut p, k, Field::Keywords);
        }
        self.add(&mut p, doc.description, Field::Body);
        for b in &doc.blocks {
            self.add(&mut p, b.heading, Field::Heading);
            self.add(&mut p, b.text, Field::Body);
        }
        for (id, _) in &p.terms {
            self.slot[*id as usize] = NONE;
        }
        // (sorted once the ids are global)
        p.pairs.extend(self.pair_counts.drain());
        // kept until the whole site is read: no room to spare
        p.terms.shrink_to_fit();
        p
    }
}

fn field_bits(tf: &[u32; FIELDS]) -> u32 {
    (0..FIELDS)
        .filter(|&i| tf[i] > 0)
        .fold(0, |bits, i| bits | FIELD_BIT[i])
}

/// BM25F weight of a word with frequencies `tf` in fields of lengths `len` (title,
/// keywords, headings, body), the average lengths being `avg`, on `df` of `n` pages (what
/// [`Bm25f`] computes, written out).
pub fn bm25f(
    tf: [f64; FIELDS],
    len: [f64; FIELDS],
    avg: [f64; FIELDS],
    df: usize,
    n: usize,
) -> f64 {
    let idf = (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
    let t: f64 = (0..FIELDS)
        .map(|f| {
            FIELD_WEIGHT[f] * tf[f] / (1.0 - FIELD_B[f] + FIELD_B[f] * len[f] / avg[f].max(1.0))
        })
        .sum();
    idf * t * (K1 + 1.0) / (t + K1)
}

/// BM25F with what depends only on the page (the weight of one occurrence in each of its
/// fields) or only on the word (inverse document frequency) computed once.
struct Bm25f {
    per_page: Vec<[f64; FIELDS]>,
    n: usize,
}

impl Bm25f {
    fn new(lens: &[[u32; FIELDS]]) -> Bm25f {
        let n = lens.len();
        let mut avg = [0.0; FIELDS];
        for l in lens {
            for f in 0..FIELDS {
                avg[f] += l[f] as f64;
            }
        }
        let avg = avg.map(|s| (s / n.max(1) as f64).max(1.0));
        Bm25f {
            per_page: lens
                .iter()
                .map(|l| {
                    std::array::from_fn(|f| {
                        FIELD_WEIGHT[f] / (1.0 - FIELD_B[f] + FIELD_B[f] * l[f] as f64 / avg[f])
                    })
                })
                .collect(),
            n,
        }
    }

    fn idf(&self, df: usize) -> f64 {
        (1.0 + (self.n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln()
    }

    /// Quantized weight of a word with field frequencies `tf` on `page`.
    fn weight(&self, tf: &[u32; FIELDS], page: u32, idf: f64) -> u32 {
        let w = &self.per_page[page as usize];
        let t: f64 = (0..FIELDS).map(|f| w[f] * tf[f] as f64).sum();
        quantize(idf * t * (K1 + 1.0) / (t + K1))
    }
}

fn quantize(w: f64) -> u32 {
    ((w * SCALE).round() as u32).max(1)
}

/// Sorted distinct keys of the workers' dictionaries, and for each worker its ids mapped
/// to positions in that list.
fn merge_ids<'w>(dicts: &[&'w FxHashMap<Box<str>, u32>]) -> (Vec<&'w str>, Vec<Vec<u32>>) {
    let mut all: Vec<&str> = dicts.iter().flat_map(|d| d.keys().map(|k| &**k)).collect();
    all.par_sort_unstable();
    all.dedup();
    let remap = dicts
        .par_iter()
        .map(|d| {
            let mut to = vec![0; d.len()];
            for (k, &id) in d.iter() {
                to[id as usize] = all.binary_search(&&**k).expect("merged key") as u32;
            }
            to
        })
        .collect();
    (all, remap)
}

/// Ranges of word ids filled in parallel.
fn ranges(n: usize) -> Vec<(u32, u32)> {
    let parts = n.clamp(1, 16);
    (0..parts)
        .map(|i| ((i * n / parts) as u32, ((i + 1) * n / parts) as u32))
        .filter(|(a, b)| a < b)
        .collect()
}

/// Builds the index of `docs`; page ids are positions in `docs`.
pub fn build<'a>(docs: &'a [Doc<'a>]) -> Index {
    let n = docs.len();
    let mut workers: Vec<Worker<'a>> = docs
        .par_iter()
        .enumerate()
        .with_min_len(16)
        .fold(Worker::default, |mut w, (i, d)| {
            let p = w.page(d);
            w.pages.push((i as u32, p));
            w
        })
        .collect();
    let mut batches: Vec<Vec<(u32, PageTerms)>> = workers
        .iter_mut()
        .map(|w| {
            w.forms = FxHashMap::default();
            std::mem::take(&mut w.pages)
        })
        .collect();

    // Global ids: positions in the sorted lists of words and of spellings.
    let word_dicts: Vec<_> = workers.iter().map(|w| &w.words).collect();
    let spelling_dicts: Vec<_> = workers.iter().map(|w| &w.spellings).collect();
    let ((words, word_ids), (spellings, spelling_ids)) =
        rayon::join(|| merge_ids(&word_dicts), || merge_ids(&spelling_dicts));
    batches
        .par_iter_mut()
        .zip(&word_ids)
        .zip(&spelling_ids)
        .for_each(|((batch, to), sto)| {
            for (_, p) in batch.iter_mut() {
                for (id, stat) in p.terms.iter_mut() {
                    *id = to[*id as usize];
                    stat.variants.remap(sto);
                }
                p.terms.sort_unstable_by_key(|(id, _)| *id);
                for (key, _) in p.pairs.iter_mut() {
                    let (a, b) = ((*key >> 32) as usize, (*key & 0xffff_ffff) as usize);
                    *key = (to[a] as u64) << 32 | to[b] as u64;
                }
                p.pairs.sort_unstable_by_key(|(key, _)| *key);
            }
        });
    let mut pages: Vec<(u32, PageTerms)> = batches.into_iter().flatten().collect();
    pages.sort_unstable_by_key(|(i, _)| *i);
    let pages: Vec<PageTerms> = pages.into_iter().map(|(_, p)| p).collect();
    let lens: Vec<[u32; FIELDS]> = pages.iter().map(|p| p.lens).collect();
    let bm25 = Bm25f::new(&lens);

    // Posting lists, by ranges of word ids: each range scans every page's sorted lists for
    // its part, so the lists come out sorted by page.
    let parts = ranges(words.len());
    let (terms, pairs) = rayon::join(
        || {
            parts
                .par_iter()
                .flat_map_iter(|&(lo, hi)| {
                    let mut lists: Vec<Vec<(u32, &TermStat)>> =
                        (lo..hi).map(|_| Vec::new()).collect();
                    for (page, p) in pages.iter().enumerate() {
                        let from = p.terms.partition_point(|(id, _)| *id < lo);
                        for (id, stat) in p.terms[from..].iter().take_while(|(id, _)| *id < hi) {
                            lists[(id - lo) as usize].push((page as u32, stat));
                        }
                    }
                    let (words, spellings, bm25) = (&words, &spellings, &bm25);
                    lists.into_iter().enumerate().map(move |(i, list)| {
                        (
                            words[lo as usize + i].to_string(),
                            term_entry(&list, bm25, spellings),
                        )
                    })
                })
                .collect::<Vec<_>>()
        },
        || {
            parts
                .par_iter()
                .flat_map_iter(|&(lo, hi)| {
                    // by first word, then sorted by second word and page
                    let mut by_first: Vec<Vec<(u32, u32, [u32; FIELDS])>> =
                        (lo..hi).map(|_| Vec::new()).collect();
                    let start = (lo as u64) << 32;
                    let end = (hi as u64) << 32;
                    for (page, p) in pages.iter().enumerate() {
                        let from = p.pairs.partition_point(|(k, _)| *k < start);
                        for (key, tf) in p.pairs[from..].iter().take_while(|(k, _)| *k < end) {
                            let (a, b) = ((*key >> 32) as u32, (*key & 0xffff_ffff) as u32);
                            by_first[(a - lo) as usize].push((b, page as u32, wide(tf)));
                        }
                    }
                    let (words, bm25) = (&words, &bm25);
                    by_first
                        .into_iter()
                        .enumerate()
                        .flat_map(move |(i, mut list)| {
                            list.sort_unstable_by_key(|(b, page, _)| (*b, *page));
                            let a = words[lo as usize + i];
                            list.chunk_by(|x, y| x.0 == y.0)
                                .map(|run| {
                                    let idf = bm25.idf(run.len());
                                    let postings = run
                                        .iter()
                                        .map(|(_, page, tf)| Posting {
                                            page: *page,
                                            weight: bm25.weight(tf, *page, idf),
                                            flags: field_bits(tf),
                                        })
                                        .collect();
                                    (pair_key(a, words[run[0].0 as usize]), postings)
                                })
                                .collect::<Vec<_>>()
                        })
                })
                .collect::<Vec<_>>()
        },
    );
    debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
    Index {
        pages: n,
        terms,
        pairs,
    }
}

fn term_entry(list: &[(u32, &TermStat)], bm25: &Bm25f, spellings: &[&str]) -> TermEntry {
    // Variants ordered by how often they occur overall, then by spelling (deterministic).
    // (A word has few spellings: a list beats a hash map here.)
    let mut variants: Vec<(u32, u32)> = Vec::new();
    for (_, s) in list {
        for (v, c) in s.variants.iter() {
            match variants.iter_mut().find(|(x, _)| *x == v) {
                Some((_, n)) => *n += c,
                None => variants.push((v, c)),
            }
        }
    }
    variants.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    variants.truncate(MAX_VARIANTS);
    let idf = bm25.idf(list.len());
    let postings = list
        .iter()
        .map(|(page, s)| {
            let tf = wide(&s.tf);
            let mut flags = field_bits(&tf);
            for (v, _) in s.variants.iter() {
                if let Some(i) = variants.iter().position(|(x, _)| *x == v) {
                    flags |= 1 << (3 + i);
                }
            }
            Posting {
                page: *page,
                weight: bm25.weight(&tf, *page, idf),
                flags,
            }
        })
        .collect();
    TermEntry {
        variants: variants
            .into_iter()
            .map(|(v, _)| spellings[v as usize].to_string())
            .collect(),
        postings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, blocks: &[(&'a str, &'a str)]) -> Doc<'a> {
        Doc {
            title,
            blocks: blocks
                .iter()
                .map(|&(heading, text)| Block {
                    anchor: "",
                    heading,
                    text,
                })
                .collect(),
            ..Doc::default()
        }
    }

    /// `docs` followed by pages on other things (so that the words of `docs` are rare).
    fn with_filler<'a>(docs: &[Doc<'a>]) -> Vec<Doc<'a>> {
        let mut all = docs.to_vec();
        all.extend((0..40).map(|_| doc("Trang khác", &[("Mục", "Nội dung về việc khác.")])));
        all
    }

    fn posting(ix: &Index, term: &str, page: u32) -> Posting {
        *ix.term(term)
            .unwrap_or_else(|| panic!("no {term}"))
            .postings
            .iter()
            .find(|p| p.page == page)
            .unwrap_or_else(|| panic!("{term} not on page {page}"))
    }

    #[test]
    fn fields_and_variants_are_recorded() {
        let docs = [
            doc("Sinh hoạt chi bộ", &[("", "Nội dung bổ sung.")]),
            doc("Khác", &[("Chi bộ", "bộ bộ")]),
        ];
        let ix = build(&docs);
        let bo = ix.term("bo").unwrap();
        assert_eq!(bo.variants, ["bộ", "bổ"], "most frequent spelling first");
        let p0 = posting(&ix, "bo", 0);
        assert_eq!(p0.flags & 7, 0b101, "title and body");
        assert_eq!(p0.flags >> 3, 0b11, "both spellings on page 0");
        let p1 = posting(&ix, "bo", 1);
        assert_eq!(p1.flags & 7, 0b110, "heading and body");
        assert_eq!(p1.flags >> 3, 0b01, "only bộ on page 1");
        assert_eq!(ix.pair("sinh hoat").unwrap()[0].flags, 1);
        assert!(ix.pair("chi bo").is_some());
        assert!(ix.pair("bo noi").is_none(), "no pair across fields");
        assert!(ix.terms.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        assert!(ix.pairs.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn document_numbers_indexed_whole_and_in_parts() {
        let docs = [doc("Nghị quyết số 21-NQ/TW", &[])];
        let ix = build(&docs);
        for t in ["21-nq/tw", "21", "nq", "tw"] {
            assert!(ix.term(t).is_some(), "{t}");
        }
        assert_eq!(ix.term("21-nq/tw").unwrap().variants, ["21-nq/tw"]);
    }

    #[test]
    fn title_outweighs_body_and_rare_outweighs_common() {
        let filler = "một hai ba bốn năm sáu bảy tám chín mười";
        let body = format!("kết nạp {filler}");
        let other = format!("chung {filler}");
        let docs = [
            doc("Kết nạp", &[("", filler)]),
            doc("Khác", &[("", &body)]),
            doc("Khác nữa", &[("", &other)]),
        ];
        let ix = build(&docs);
        assert!(posting(&ix, "ket", 0).weight > posting(&ix, "ket", 1).weight);
        // "mot" is on every page, "chung" on one: the rare word weighs more
        assert!(posting(&ix, "chung", 2).weight > posting(&ix, "mot", 2).weight);
    }

    /// The page of a document (its number in the title and in its metadata) outweighs a
    /// page that names the document in a longer title, even when the document's page is
    /// long: each field is normalized by its own length.
    #[test]
    fn document_number_ranks_its_own_page_first() {
        let long_body = "Nghị quyết 21-NQ/TW nói về tổ chức cơ sở đảng. ".repeat(5)
            + &"Chi bộ học tập, quán triệt và thực hiện nghiêm túc. ".repeat(60);
        let docs = [
            Doc {
                keywords: vec!["21-NQ/TW", "nghị quyết", "Ban Chấp hành Trung ương"],
                ..doc("Nghị quyết số 21-NQ/TW", &[("", &long_body)])
            },
            doc(
                "Xây dựng kế hoạch thực hiện Nghị quyết 21-NQ/TW",
                &[("", "Tỷ lệ chi bộ đã có kế hoạch.")],
            ),
            doc("Văn bản khác", &[("", "Theo Nghị quyết 21-NQ/TW.")]),
        ];
        let docs = with_filler(&docs);
        let ix = build(&docs);
        let w = |p| posting(&ix, "21-nq/tw", p).weight;
        assert!(w(0) > w(1), "{} > {}", w(0), w(1));
        // (the browser ranks page 1 above page 2 by field: title above body)
        assert_eq!(posting(&ix, "21-nq/tw", 0).flags & 7, 0b101);
        assert_eq!(posting(&ix, "21-nq/tw", 1).flags & 7, 0b001);
        assert_eq!(posting(&ix, "21-nq/tw", 2).flags & 7, 0b100);
    }

    /// In a long body a word weighs less than in a short one (per-field length
    /// normalization), but a title is not damped by its page's long body.
    #[test]
    fn fields_normalize_by_their_own_length() {
        let long = "chữ ".repeat(2000);
        let long_with = format!("kết nạp {long}");
        let docs = [
            doc("Kết nạp", &[("", &long)]),
            doc("Kết nạp", &[("", "ngắn")]),
            doc("Khác", &[("", &long_with)]),
            doc("Khác", &[("", "kết nạp ngắn")]),
        ];
        let docs = with_filler(&docs);
        let ix = build(&docs);
        let w = |p| posting(&ix, "ket", p).weight;
        assert!(
            w(0) + 1 >= w(1),
            "title not damped by body length: {} {}",
            w(0),
            w(1)
        );
        assert!(
            w(3) > w(2),
            "short body outweighs long body: {} {}",
            w(3),
            w(2)
        );
    }

    #[test]
    fn pairs_record_words_standing_together() {
        let docs = [
            doc("", &[("", "Tổ chức sinh hoạt tổ đảng định kỳ.")]),
            doc("", &[("", "Tổ đảng họp; sinh hoạt văn nghệ.")]),
        ];
        let ix = build(&docs);
        let pages = |k: &str| -> Vec<u32> {
            ix.pair(k)
                .map(|l| l.iter().map(|p| p.page).collect())
                .unwrap_or_default()
        };
        assert_eq!(pages("sinh hoat"), [0, 1]);
        assert_eq!(pages("hoat to"), [0]);
        assert_eq!(pages("to dang"), [0, 1]);
        assert_eq!(
            pages("hop sinh"),
            Vec::<u32>::new(),
            "punctuation breaks pairs"
        );
    }

    #[test]
    fn bm25f_saturates_and_normalizes_length() {
        let (l, a) = ([5.0, 5.0, 5.0], [5.0, 5.0, 5.0]);
        let w = |tf: f64, len: f64| {
            bm25f(
                [0.0, 0.0, 0.0, tf],
                [l[0], l[1], l[2], len],
                [a[0], a[1], a[2], 100.0],
                5,
                100,
            )
        };
        assert!(w(2.0, 100.0) > w(1.0, 100.0));
        assert!(w(20.0, 100.0) - w(10.0, 100.0) < w(2.0, 100.0) - w(1.0, 100.0));
        assert!(
            w(1.0, 50.0) > w(1.0, 500.0),
            "short pages weigh a match more"
        );
        let t = bm25f(
            [1.0, 0.0, 0.0, 0.0],
            [5.0, 5.0, 5.0, 100.0],
            [5.0, 5.0, 5.0, 100.0],
            5,
            100,
        );
        assert!(
            t > w(1.0, 100.0),
            "a title occurrence weighs more than a body one"
        );
        assert!(
            bm25f([0.0, 0.0, 0.0, 1.0], [1.0; 4], [1.0; 4], 100, 100) > 0.0,
            "even a word on every page"
        );
    }

    #[test]
    fn precomputed_bm25f_is_bm25f() {
        let lens = [[3, 0, 0, 10], [5, 6, 2, 100], [9, 0, 4, 1000]];
        let b = Bm25f::new(&lens);
        let avg = [17.0 / 3.0, 2.0, 2.0, 370.0];
        for (page, len) in lens.iter().enumerate() {
            let tf = [1, 1, 0, 3];
            let len = len.map(|l| l as f64);
            let want = quantize(bm25f([1.0, 1.0, 0.0, 3.0], len, avg, 2, 3));
            assert_eq!(b.weight(&tf, page as u32, b.idf(2)), want);
        }
    }

    #[test]
    fn same_index_whatever_the_thread_order() {
        let texts: Vec<(String, String)> = (0..500)
            .map(|i| {
                (
                    format!("Trang {i} số{}", i % 13),
                    format!("chi bộ số {} đảng viên Bộ bổ {}", i % 7, i * 31 % 101),
                )
            })
            .collect();
        let docs: Vec<Doc> = texts.iter().map(|(t, b)| doc(t, &[("Mục", b)])).collect();
        let a = build(&docs);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = pool.install(|| build(&docs));
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.pairs, b.pairs);
        assert_eq!(a.term("trang").unwrap().postings.len(), 500);
        assert!(a
            .term("trang")
            .unwrap()
            .postings
            .windows(2)
            .all(|w| w[0].page < w[1].page));
        assert!(a
            .pairs
            .iter()
            .all(|(_, l)| l.windows(2).all(|w| w[0].page < w[1].page)));
    }
}
