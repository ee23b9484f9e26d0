//! Builds the inverted index: for every folded word (and every pair of linked words) the
//! pages holding it, each with a precomputed BM25F weight and the fields it occurs in.
//!
//! Work is split so that little of it is sequential: pages are tokenized in parallel, each
//! rayon worker numbering the words it meets in a dictionary of its own (a word of text is
//! looked up once, in a small table of the forms met lately before a hash table, and its
//! pair with the word before once; no allocation per word); the dictionaries (a few
//! thousand words each) are merged into global ids in sorted order, and the posting lists
//! are filled by ranges of word ids in parallel. Nothing depends on how rayon splits the
//! work: the same pages give the same index.

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

/// How often a word occurs on one page, per field, and in the first spelling met (16
/// bytes: one is kept for every word of every page until the posting lists are made).
#[derive(Clone, Copy, Default)]
struct TermCount {
    word: u32,
    /// The spelling id; for a word with more than one spelling on the page,
    /// [`TermCount::MORE`] and the start of its run in [`PageTerms::more`] instead.
    spelling: u32,
    /// (Counts beyond 65,535 on one page stop growing: their weight no longer changes.)
    tf: [u16; FIELDS],
}

impl TermCount {
    /// The flag of a word with more than one spelling on its page: only then are the page's
    /// spellings looked at, which at 10,000 pages is a miss of the cache per page of a
    /// posting list.
    const MORE: u32 = 1 << 31;

    fn has_more(&self) -> bool {
        self.spelling & Self::MORE != 0
    }
}

/// How often a pair of linked words occurs on one page, per field.
#[derive(Clone, Copy, Default)]
struct PairCount {
    pair: u32,
    tf: [u16; FIELDS],
}

/// Counts of a page, widened for computing with them.
fn wide(tf: &[u16; FIELDS]) -> [u32; FIELDS] {
    tf.map(u32::from)
}

fn bump(tf: &mut [u16; FIELDS], f: usize) {
    tf[f] = tf[f].saturating_add(1);
}

/// A page's words and pairs of linked words with their counts (in the order of their
/// [`Ranges`] once the ids are global), the spellings of its words that have more than one
/// (rare), and the length of each field in words.
#[derive(Default)]
struct PageTerms {
    lens: [u32; FIELDS],
    terms: Vec<TermCount>,
    /// (word, spelling) of every spelling of the words with more than one on this page
    /// (while counting, once per form: "Bộ" and "bộ" give the same twice); sorted and each
    /// listed once when the ids are global, a word's [`TermCount`] then holding where its
    /// run starts.
    more: Vec<(u32, u32)>,
    pairs: Vec<PairCount>,
}

impl PageTerms {
    /// The spellings of the word `t` on this page (one, or the run of them in `more`).
    #[inline(always)]
    fn spellings(&self, t: &TermCount) -> Spellings<'_> {
        match t.has_more() {
            false => Spellings::One(Some(t.spelling)),
            true => Spellings::Run {
                word: t.word,
                run: self.more[(t.spelling & !TermCount::MORE) as usize..].iter(),
            },
        }
    }
}

/// The spellings of a word on a page.
enum Spellings<'a> {
    One(Option<u32>),
    /// The word's run in [`PageTerms::more`], up to the next word (a run is a few entries
    /// long: read in order, not searched).
    Run {
        word: u32,
        run: std::slice::Iter<'a, (u32, u32)>,
    },
}

impl Iterator for Spellings<'_> {
    type Item = u32;

    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        match self {
            Spellings::One(v) => v.take(),
            Spellings::Run { word, run } => match run.next() {
                Some(&(w, v)) if w == *word => Some(v),
                _ => None,
            },
        }
    }
}

const NONE: u32 = u32::MAX;

/// The bytes `text[s..e]` of a word of up to 16 bytes as one number (zeros after the end:
/// a word holds no NUL, so different words give different numbers), read with one load
/// where the text goes on for 16 bytes.
#[inline(always)]
fn packed(text: &[u8], s: usize, e: usize) -> Option<u128> {
    let len = e - s;
    if len > 16 {
        return None;
    }
    let whole = match text.get(s..s + 16) {
        Some(b) => u128::from_le_bytes(b.try_into().expect("16 bytes")),
        None => {
            let mut a = [0u8; 16];
            a[..len].copy_from_slice(&text[s..e]);
            return Some(u128::from_le_bytes(a));
        }
    };
    Some(whole & MASK[len])
}

/// `MASK[n]`: the low `n` bytes of a `u128` (a shift of a `u128` by a variable amount is a
/// dozen instructions; a load from this table is one).
const MASK: [u128; 17] = {
    let mut m = [u128::MAX; 17];
    let mut n = 0;
    while n < 16 {
        m[n] = (1u128 << (n * 8)) - 1;
        n += 1;
    }
    m
};

/// Slots of [`Worker::recent`] (a power of two: [`recent_slot`] takes the top bits of a hash).
const RECENT: usize = 2048;
const _: () = assert!(RECENT.is_power_of_two());

/// The slot of a short form in [`Worker::recent`]: a multiplicative hash of its bytes.
#[inline(always)]
fn recent_slot(k: u128) -> usize {
    let h = ((k as u64) ^ (k >> 64) as u64 ^ ((k >> 64) as u64).rotate_left(29))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - RECENT.trailing_zeros())) as usize
}

/// A word as written (a *form*: "Đảng", "đảng" and "ĐẢNG" are three) as a worker knows it.
#[derive(Clone, Copy)]
struct Form {
    /// Its word id ([`NONE`] for one that folds to nothing: combining marks only) and
    /// spelling id.
    word: u32,
    spelling: u32,
    /// Its position in the current page's list of forms, or [`NONE`].
    slot: u32,
}

/// How often a form occurs on the current page, per field and in all.
#[derive(Clone, Copy)]
struct FormCount {
    form: u32,
    tf: [u16; FIELDS],
    all: u32,
}

/// What one rayon worker builds: its own numbering of the forms, words, spellings and pairs
/// it meets (each distinct form is folded once per worker, not once per page), and the
/// pages it tokenized. The worker owns its keys, so that each page's text can be dropped
/// as soon as it is read.
///
/// A word of the text costs one lookup of its form; what the form stands for (word,
/// spelling) is resolved once per page and form, when the page ends.
struct Worker {
    /// Form → form id: forms of up to 16 bytes (nearly all) by their bytes packed in a
    /// number, which hashes and compares faster than a string…
    short_forms: FxHashMap<u128, u32>,
    /// …and longer ones by their text.
    long_forms: FxHashMap<Box<str>, u32>,
    /// Short forms met lately, one per slot of [`recent_slot`] (0: none, as no form packs
    /// to 0): the common words of a text are found here with one compare, before the hash
    /// table.
    recent: Vec<(u128, u32)>,
    forms: Vec<Form>,
    words: FxHashMap<Box<str>, u32>,
    spellings: FxHashMap<Box<str>, u32>,
    /// Occurrences of each spelling, by spelling id.
    spelling_counts: Vec<u64>,
    /// `first word id << 32 | second word id` → pair id.
    pairs: FxHashMap<u64, u32>,
    /// For each word, the word that last followed it and the id of that pair: the syllables
    /// of a Vietnamese word ("chi bộ", "đảng viên") often follow each other again, and a
    /// pair found here costs no lookup.
    last_pair: Vec<(u32, u32)>,
    /// The forms of the current page, in the order first met.
    page_forms: Vec<FormCount>,
    /// Position of each word in the current page's term list, or [`NONE`].
    slot: Vec<u32>,
    /// Position of each pair in the current page's pair list, or [`NONE`].
    pair_slot: Vec<u32>,
    /// Spans of the current text (words, compounds).
    spans: (Vec<Span>, Vec<Span>),
    /// The current page's counts, kept between pages for its room: each page's lists are
    /// then copied once at their final length (growing them page by page, and shrinking
    /// them to fit, cost a tenth of counting the words).
    scratch: PageTerms,
    pages: Vec<(u32, PageTerms)>,
}

impl Worker {
    fn new() -> Worker {
        Worker {
            short_forms: FxHashMap::default(),
            long_forms: FxHashMap::default(),
            recent: vec![(0, 0); RECENT],
            forms: Vec::new(),
            words: FxHashMap::default(),
            spellings: FxHashMap::default(),
            spelling_counts: Vec::new(),
            pairs: FxHashMap::default(),
            last_pair: Vec::new(),
            page_forms: Vec::new(),
            slot: Vec::new(),
            pair_slot: Vec::new(),
            spans: (Vec::new(), Vec::new()),
            scratch: PageTerms::default(),
            pages: Vec::new(),
        }
    }

    /// The id of the form `text[s..e]`.
    #[inline(always)]
    fn form(&mut self, text: &str, s: usize, e: usize) -> u32 {
        match packed(text.as_bytes(), s, e) {
            Some(k) => {
                let at = recent_slot(k);
                if self.recent[at].0 == k {
                    return self.recent[at].1;
                }
                let id = match self.short_forms.get(&k) {
                    Some(&id) => id,
                    None => {
                        let id = self.new_form(&text[s..e]);
                        self.short_forms.insert(k, id);
                        id
                    }
                };
                self.recent[at] = (k, id);
                id
            }
            None => match self.long_forms.get(&text[s..e]) {
                Some(&id) => id,
                None => {
                    let id = self.new_form(&text[s..e]);
                    self.long_forms.insert(text[s..e].into(), id);
                    id
                }
            },
        }
    }

    /// The id of a form met for the first time, with its word and spelling.
    #[cold]
    fn new_form(&mut self, w: &str) -> u32 {
        let id = self.forms.len() as u32;
        let folded = fold(w);
        if folded.is_empty() {
            self.forms.push(Form {
                word: NONE,
                spelling: NONE,
                slot: NONE,
            });
            return id;
        }
        let n = self.words.len() as u32;
        let word = *self.words.entry(folded.into_boxed_str()).or_insert(n);
        if word == n {
            self.slot.push(NONE);
            self.last_pair.push((NONE, NONE));
        }
        let m = self.spellings.len() as u32;
        let spelling = *self.spellings.entry(exact(w).into_boxed_str()).or_insert(m);
        if spelling == m {
            self.spelling_counts.push(0);
        }
        self.forms.push(Form {
            word,
            spelling,
            slot: NONE,
        });
        id
    }

    /// Counts one occurrence of a form in field `f`; returns its word id, or `None` for a
    /// form that folds to nothing.
    #[inline(always)]
    fn count(&mut self, form: u32, f: usize) -> Option<u32> {
        let info = &mut self.forms[form as usize];
        if info.word == NONE {
            return None;
        }
        if info.slot == NONE {
            info.slot = self.page_forms.len() as u32;
            self.page_forms.push(FormCount {
                form,
                tf: [0; FIELDS],
                all: 0,
            });
        }
        let c = &mut self.page_forms[info.slot as usize];
        bump(&mut c.tf, f);
        c.all += 1;
        Some(info.word)
    }

    fn count_pair(&mut self, p: &mut PageTerms, a: u32, b: u32, f: usize) {
        let last = &mut self.last_pair[a as usize];
        let id = if last.0 == b {
            last.1
        } else {
            let key = (a as u64) << 32 | b as u64;
            let id = match self.pairs.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.pairs.len() as u32;
                    self.pairs.insert(key, id);
                    self.pair_slot.push(NONE);
                    id
                }
            };
            self.last_pair[a as usize] = (b, id);
            id
        };
        let slot = &mut self.pair_slot[id as usize];
        if *slot == NONE {
            *slot = p.pairs.len() as u32;
            p.pairs.push(PairCount {
                pair: id,
                tf: [0; FIELDS],
            });
        }
        bump(&mut p.pairs[*slot as usize].tf, f);
    }

    fn add(&mut self, p: &mut PageTerms, text: &str, field: Field) {
        let f = field as usize;
        let (mut words, mut compounds) = std::mem::take(&mut self.spans);
        spans_into(text, &mut words, &mut compounds);
        p.lens[f] += words.len() as u32;
        let mut prev: Option<u32> = None;
        for s in &words {
            let form = self.form(text, s.start, s.end);
            // a "word" of combining marks only folds to nothing: nobody can search for it
            let Some(word) = self.count(form, f) else {
                prev = None;
                continue;
            };
            if let (Some(a), true) = (prev, s.linked) {
                self.count_pair(p, a, word, f);
            }
            prev = Some(word);
        }
        for s in &compounds {
            let form = self.form(text, s.start, s.end);
            self.count(form, f);
        }
        self.spans = (words, compounds);
    }

    /// The page's words from its forms: a word's first spelling is that of its form met
    /// first, its counts the sums of its forms'.
    fn words_of_forms(&mut self, p: &mut PageTerms) {
        for c in self.page_forms.drain(..) {
            let info = &mut self.forms[c.form as usize];
            info.slot = NONE;
            let (id, v) = (info.word, info.spelling);
            self.spelling_counts[v as usize] += u64::from(c.all);
            let slot = &mut self.slot[id as usize];
            if *slot == NONE {
                *slot = p.terms.len() as u32;
                p.terms.push(TermCount {
                    word: id,
                    spelling: v,
                    tf: c.tf,
                });
                continue;
            }
            let t = &mut p.terms[*slot as usize];
            for (a, b) in t.tf.iter_mut().zip(c.tf) {
                *a = a.saturating_add(b);
            }
            // (rare: a word in more than one spelling on one page; `more` then holds all
            // of them, once each when the ids are global, and the term points into it)
            if !t.has_more() && t.spelling != v {
                p.more.push((id, t.spelling));
                t.spelling |= TermCount::MORE;
            }
            if t.has_more() {
                p.more.push((id, v));
            }
        }
    }

    fn page(&mut self, doc: &Doc) -> PageTerms {
        let mut p = std::mem::take(&mut self.scratch);
        p.lens = [0; FIELDS];
        p.terms.clear();
        p.more.clear();
        p.pairs.clear();
        self.add(&mut p, doc.title, Field::Title);
        for k in &doc.keywords {
            self.add(&mut p, k, Field::Keywords);
        }
        self.add(&mut p, doc.description, Field::Body);
        for b in &doc.blocks {
            self.add(&mut p, b.heading, Field::Heading);
            self.add(&mut p, b.text, Field::Body);
        }
        self.words_of_forms(&mut p);
        for t in &p.terms {
            self.slot[t.word as usize] = NONE;
        }
        for c in &p.pairs {
            self.pair_slot[c.pair as usize] = NONE;
        }
        // kept until the whole site is read: no room to spare
        let page = PageTerms {
            lens: p.lens,
            terms: p.terms.to_vec(),
            more: p.more.to_vec(),
            pairs: p.pairs.to_vec(),
        };
        self.scratch = p;
        page
    }
}

fn field_bits(tf: &[u32; FIELDS]) -> u32 {
    (0..FIELDS)
        .filter(|&i| tf[i] > 0)
        .fold(0, |bits, i| bits | FIELD_BIT[i])
}

/// BM25F weight of a word with frequencies `tf` in fields of lengths `len` (title,
/// keywords, headings, body), the average lengths being `avg`, on `df` of `n` pages (what
/// `Bm25f` computes, written out).
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

    /// The posting of a word or pair with counts `tf` on `page`.
    #[inline]
    fn posting(&self, tf: &[u16; FIELDS], page: u32, idf: f64) -> Posting {
        let tf = wide(tf);
        Posting {
            page,
            weight: self.weight(&tf, page, idf),
            flags: field_bits(&tf),
        }
    }
}

fn quantize(w: f64) -> u32 {
    // `(w * SCALE).round()`, without the call to libm that `round` is on x86-64 without
    // SSE 4.1: for x ≥ 0.5 the sum x + 0.5 is exact or rounds only past a power of two that
    // x.round() reaches as well, and below 0.5 both give 0 or 1, which `max(1)` makes 1.
    ((w * SCALE + 0.5) as u32).max(1)
}

/// Sorted distinct keys of the workers' dictionaries, and for each worker its ids mapped
/// to positions in that list.
///
/// The keys are made distinct before they are sorted, and each worker's keys are found by
/// hashing: the workers share most of their words, and sorting and searching them all
/// compared strings a million times at 10,000 pages.
fn merge_ids<K>(dicts: &[Vec<(K, u32)>]) -> (Vec<K>, Vec<Vec<u32>>)
where
    K: Ord + Copy + Send + Sync + std::hash::Hash,
{
    let mut all: Vec<K> = dicts
        .iter()
        .flat_map(|d| d.iter().map(|(k, _)| *k))
        .collect::<rustc_hash::FxHashSet<K>>()
        .into_iter()
        .collect();
    all.par_sort_unstable();
    let position: FxHashMap<K, u32> = all
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let remap = dicts
        .par_iter()
        .map(|d| {
            let mut to = vec![0; d.len()];
            for (k, id) in d {
                to[*id as usize] = position[k];
            }
            to
        })
        .collect();
    (all, remap)
}

/// The entries of a worker's dictionary of strings.
fn entries(d: &FxHashMap<Box<str>, u32>) -> Vec<(&str, u32)> {
    d.iter().map(|(k, &id)| (&**k, id)).collect()
}

/// How many ranges of about equal postings the ids are cut into: each range's lists are
/// made in one buffer (at 10,000 pages a few megabytes), and each range is one more pass
/// over every page.
const PARTS: usize = 16;

/// Ranges of ids made in parallel, each holding about the same number of postings (`df`:
/// the pages of each id), so that no range holds much of the index at once: a few very
/// common words have far more postings than all the rare ones together.
///
/// Ranges start and end at blocks of `2^shift` ids (a few thousand blocks in all), so that
/// the range of an id is read from a small table.
struct Ranges {
    shift: u32,
    /// The range of each block.
    of_block: Vec<u8>,
    /// The ids of each range: `lo..hi`.
    bounds: Vec<(u32, u32)>,
}

impl Ranges {
    fn new(df: &[u32]) -> Ranges {
        const BLOCKS: usize = 4096;
        let n = df.len();
        let mut shift = 0;
        while n >> shift > BLOCKS {
            shift += 1;
        }
        let total: u64 = df.iter().map(|&d| d as u64).sum();
        let share = total.div_ceil(PARTS as u64).max(1);
        let (mut of_block, mut bounds) = (Vec::new(), Vec::new());
        let (mut lo, mut held) = (0usize, 0u64);
        for (b, block) in df.chunks(1 << shift).enumerate() {
            held += block.iter().map(|&d| d as u64).sum::<u64>();
            of_block.push(bounds.len() as u8);
            let hi = (b << shift) + block.len();
            if held >= share || hi == n {
                bounds.push((lo as u32, hi as u32));
                (lo, held) = (hi, 0);
            }
        }
        // (each range but the last holds at least a PARTS-th of the postings)
        debug_assert!(bounds.len() <= PARTS + 1);
        Ranges {
            shift,
            of_block,
            bounds,
        }
    }

    /// The range of `id`.
    #[inline(always)]
    fn of(&self, id: u32) -> usize {
        self.of_block[(id >> self.shift) as usize] as usize
    }

    /// Puts a page's items in the order of their ranges (within a range, in any order: all
    /// that [`lists`] needs), through `buf`: a counting sort, where sorting by id cost a
    /// tenth of the whole index.
    fn order<E: Copy>(&self, items: &mut [E], id: impl Fn(&E) -> u32, buf: &mut Vec<E>) {
        let mut start = [0u32; PARTS + 2];
        for e in items.iter() {
            start[self.of(id(e)) + 1] += 1;
        }
        for r in 1..start.len() {
            start[r] += start[r - 1];
        }
        buf.clear();
        buf.extend_from_slice(items);
        for e in buf.iter() {
            let r = self.of(id(e));
            items[start[r] as usize] = *e;
            start[r] += 1;
        }
    }
}

/// How many pages hold each of the `n` ids (`items` gives a page's items, `id` their ids).
fn document_frequencies<E: Sync>(
    pages: &[PageTerms],
    n: usize,
    items: impl Fn(&PageTerms) -> &[E] + Sync,
    id: impl Fn(&E) -> u32 + Sync,
) -> Vec<u32> {
    pages
        .par_iter()
        .fold(
            || vec![0u32; n],
            |mut df, p| {
                for e in items(p) {
                    df[id(e) as usize] += 1;
                }
                df
            },
        )
        .reduce(
            || vec![0u32; n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        )
}

/// Makes the posting lists of every id in order, in parallel, from the pages' items (in
/// the order of their [`Ranges`]): `make(id, list)` gets each id's (page, item) list,
/// sorted by page.
///
/// The ids are cut into [`Ranges`] of about equal postings, and the ranges into one run per
/// thread. Each run keeps a cursor into every page, so that a range is read with one step
/// per page and no search (at 10,000 pages the searches missed the cache more than all
/// the rest of this took). A range's lists are filled by counting sort into one buffer
/// (`df` gives each id's length): growing a list per id cost more than the rest of making
/// them.
fn lists<E, T, I, K, M>(
    pages: &[PageTerms],
    df: &[u32],
    ranges: &Ranges,
    items: I,
    id: K,
    make: M,
) -> Vec<T>
where
    E: Copy + Default + Send + Sync,
    T: Send,
    I: Fn(&PageTerms) -> &[E] + Sync,
    K: Fn(&E) -> u32 + Sync,
    M: Fn(u32, &[(u32, E)]) -> T + Sync,
{
    let bounds = &ranges.bounds;
    let runs = rayon::current_num_threads().clamp(1, bounds.len().max(1));
    let per_run = bounds.len().div_ceil(runs).max(1);
    let runs: Vec<(usize, &[(u32, u32)])> = bounds
        .chunks(per_run)
        .enumerate()
        .map(|(i, run)| (i * per_run, run))
        .collect();
    let out: Vec<Vec<T>> = runs
        .par_iter()
        .map(|&(first, run)| {
            let mut cursor: Vec<usize> = pages
                .iter()
                .map(|p| items(p).partition_point(|e| ranges.of(id(e)) < first))
                .collect();
            let mut out = Vec::new();
            let mut flat: Vec<(u32, E)> = Vec::new();
            let mut ends: Vec<usize> = Vec::new();
            for &(lo, hi) in run {
                // the start of each id's run in `flat`, moved on as it is filled
                ends.clear();
                let mut total = 0;
                for &n in &df[lo as usize..hi as usize] {
                    ends.push(total);
                    total += n as usize;
                }
                flat.clear();
                flat.resize(total, (0, E::default()));
                for (page, p) in pages.iter().enumerate() {
                    let all = items(p);
                    let at = &mut cursor[page];
                    while let Some(e) = all.get(*at).filter(|e| id(e) < hi) {
                        let end = &mut ends[(id(e) - lo) as usize];
                        flat[*end] = (page as u32, *e);
                        *end += 1;
                        *at += 1;
                    }
                }
                let mut from = 0;
                for (i, &to) in ends.iter().enumerate() {
                    out.push(make(lo + i as u32, &flat[from..to]));
                    from = to;
                }
            }
            out
        })
        .collect();
    out.into_iter().flatten().collect()
}

/// Something the index reads as one page.
pub trait AsDoc {
    fn doc(&self) -> Doc<'_>;
}

impl AsDoc for Doc<'_> {
    fn doc(&self) -> Doc<'_> {
        self.clone()
    }
}

/// Every page's words counted, with global ids: what the posting lists are made from.
pub struct Counts {
    pages: Vec<PageTerms>,
    /// Folded words, sorted (a word's id is its position).
    words: Vec<Box<str>>,
    /// Spellings as written, sorted, with how often each occurs in the whole site.
    spellings: Vec<(Box<str>, u64)>,
    /// Pairs of word ids, sorted (a pair's id is its position).
    pairs: Vec<(u32, u32)>,
    /// How many pages hold each word, each pair.
    word_df: Vec<u32>,
    pair_df: Vec<u32>,
    word_ranges: Ranges,
    pair_ranges: Ranges,
    bm25: Bm25f,
}

/// Counts the words of `pages` (page ids are positions) in parallel, calling `each` with
/// every page before it is dropped; the pages' text is not kept.
pub fn count<P: AsDoc + Send>(pages: Vec<P>, each: impl Fn(usize, &P) + Sync) -> Counts {
    let mut workers: Vec<Worker> = pages
        .into_par_iter()
        .enumerate()
        .with_min_len(16)
        .fold(Worker::new, |mut w, (i, page)| {
            each(i, &page);
            let p = w.page(&page.doc());
            w.pages.push((i as u32, p));
            w
        })
        .collect();
    let mut batches: Vec<Vec<(u32, PageTerms)>> = workers
        .iter_mut()
        .map(|w| {
            w.long_forms = FxHashMap::default();
            w.recent = Vec::new();
            w.last_pair = Vec::new();
            w.short_forms = FxHashMap::default();
            w.forms = Vec::new();
            w.scratch = PageTerms::default();
            std::mem::take(&mut w.pages)
        })
        .collect();

    // Global ids: positions in the sorted lists of words, of spellings and of pairs.
    let word_dicts: Vec<_> = workers.iter().map(|w| entries(&w.words)).collect();
    let spelling_dicts: Vec<_> = workers.iter().map(|w| entries(&w.spellings)).collect();
    let ((words, word_ids), (spellings, spelling_ids)) =
        rayon::join(|| merge_ids(&word_dicts), || merge_ids(&spelling_dicts));
    let pair_dicts: Vec<Vec<((u32, u32), u32)>> = workers
        .iter()
        .zip(&word_ids)
        .map(|(w, to)| {
            w.pairs
                .iter()
                .map(|(&k, &id)| ((to[(k >> 32) as usize], to[k as u32 as usize]), id))
                .collect()
        })
        .collect();
    let (pairs, pair_ids) = merge_ids(&pair_dicts);
    assert!(
        spellings.len() < TermCount::MORE as usize,
        "spelling ids fit in 31 bits"
    );
    let mut spelling_totals = vec![0u64; spellings.len()];
    for (w, sto) in workers.iter().zip(&spelling_ids) {
        for (local, n) in w.spelling_counts.iter().enumerate() {
            spelling_totals[sto[local] as usize] += n;
        }
    }
    let spellings: Vec<(Box<str>, u64)> = spellings
        .into_iter()
        .zip(spelling_totals)
        .map(|(s, n)| (s.into(), n))
        .collect();
    let words: Vec<Box<str>> = words.into_iter().map(Into::into).collect();
    drop(word_dicts);
    drop(spelling_dicts);
    drop(workers);

    batches
        .par_iter_mut()
        .zip(&word_ids)
        .zip(&spelling_ids)
        .zip(&pair_ids)
        .for_each(|(((batch, to), sto), pto)| {
            for (_, p) in batch.iter_mut() {
                for (w, s) in p.more.iter_mut() {
                    *w = to[*w as usize];
                    *s = sto[*s as usize];
                }
                // (a spelling met in several forms, "Bộ" and "bộ", is listed once)
                p.more.sort_unstable();
                p.more.dedup();
                for t in p.terms.iter_mut() {
                    t.word = to[t.word as usize];
                    t.spelling = match t.has_more() {
                        false => sto[t.spelling as usize],
                        true => {
                            let at = p.more.partition_point(|&(w, _)| w < t.word);
                            at as u32 | TermCount::MORE
                        }
                    };
                }
                for c in p.pairs.iter_mut() {
                    c.pair = pto[c.pair as usize];
                }
            }
        });
    let mut pages: Vec<(u32, PageTerms)> = batches.into_iter().flatten().collect();
    pages.sort_unstable_by_key(|(i, _)| *i);
    let mut pages: Vec<PageTerms> = pages.into_iter().map(|(_, p)| p).collect();
    let lens: Vec<[u32; FIELDS]> = pages.iter().map(|p| p.lens).collect();
    let word_df = document_frequencies(&pages, words.len(), |p| &p.terms, |t| t.word);
    let pair_df = document_frequencies(&pages, pairs.len(), |p| &p.pairs, |c| c.pair);
    let (word_ranges, pair_ranges) = (Ranges::new(&word_df), Ranges::new(&pair_df));
    pages.par_iter_mut().for_each_init(
        || (Vec::new(), Vec::new()),
        |(terms, pairs), p| {
            word_ranges.order(&mut p.terms, |t| t.word, terms);
            pair_ranges.order(&mut p.pairs, |c| c.pair, pairs);
        },
    );
    Counts {
        bm25: Bm25f::new(&lens),
        word_df,
        pair_df,
        word_ranges,
        pair_ranges,
        pages,
        words,
        spellings,
        pairs,
    }
}

impl Counts {
    /// Each word's entry, in the order of the words, handed to `make` (see `lists`).
    pub fn terms<T: Send>(&self, make: impl Fn(&str, Term) -> T + Sync) -> Vec<T> {
        lists(
            &self.pages,
            &self.word_df,
            &self.word_ranges,
            |p| &p.terms,
            |t| t.word,
            |id, list| make(&self.words[id as usize], self.term(list)),
        )
    }

    /// Each pair's postings, in the order of the pairs (`"chi bo"`), handed to `make` with
    /// the pair's key.
    pub fn pairs<T: Send>(&self, make: impl Fn(String, PairPostings) -> T + Sync) -> Vec<T> {
        lists(
            &self.pages,
            &self.pair_df,
            &self.pair_ranges,
            |p| &p.pairs,
            |c| c.pair,
            |id, list| {
                let (a, b) = self.pairs[id as usize];
                make(
                    pair_key(&self.words[a as usize], &self.words[b as usize]),
                    PairPostings {
                        bm25: &self.bm25,
                        idf: self.bm25.idf(list.len()),
                        list: list.iter(),
                    },
                )
            },
        )
    }

    /// The spellings of the word `t` on `page` (the page's list is read only when the
    /// word has more than one there).
    #[inline(always)]
    fn spellings(&self, page: u32, t: &TermCount) -> Spellings<'_> {
        match t.has_more() {
            false => Spellings::One(Some(t.spelling)),
            true => self.pages[page as usize].spellings(t),
        }
    }

    fn term<'a>(&'a self, list: &'a [(u32, TermCount)]) -> Term<'a> {
        // Variants ordered by how often they occur in the whole site, then by spelling
        // (deterministic). (A word has few spellings: a list beats a hash map here.)
        let mut variants: Vec<u32> = Vec::new();
        for (page, t) in list {
            for v in self.spellings(*page, t) {
                if !variants.contains(&v) {
                    variants.push(v);
                }
            }
        }
        let total = |v: u32| self.spellings[v as usize].1;
        variants.sort_by(|&a, &b| total(b).cmp(&total(a)).then_with(|| a.cmp(&b)));
        variants.truncate(MAX_VARIANTS);
        Term {
            counts: self,
            list,
            variants,
        }
    }
}

/// A word's entry as it is made from the counts: its postings are computed as they are
/// read, so that they can be written without being kept.
pub struct Term<'a> {
    counts: &'a Counts,
    list: &'a [(u32, TermCount)],
    /// Spelling ids, most frequent first.
    variants: Vec<u32>,
}

impl<'a> Term<'a> {
    /// The word's exact spellings, most frequent first.
    pub fn variants(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.variants
            .iter()
            .map(|&v| &*self.counts.spellings[v as usize].0)
    }

    /// The flag of the spelling `v` (none for a spelling beyond [`MAX_VARIANTS`]).
    #[inline(always)]
    fn variant_bit(&self, v: u32) -> u32 {
        match self.variants.iter().position(|&x| x == v) {
            Some(i) => 1 << (3 + i),
            None => 0,
        }
    }

    /// How many pages hold the word.
    pub fn pages(&self) -> usize {
        self.list.len()
    }

    /// The word's postings, in page order.
    pub fn postings(&self) -> impl Iterator<Item = Posting> + '_ {
        let c = self.counts;
        let idf = c.bm25.idf(self.list.len());
        self.list.iter().map(move |(page, t)| {
            let mut posting = c.bm25.posting(&t.tf, *page, idf);
            for v in c.spellings(*page, t) {
                posting.flags |= self.variant_bit(v);
            }
            posting
        })
    }
}

impl From<Term<'_>> for TermEntry {
    fn from(t: Term) -> TermEntry {
        TermEntry {
            variants: t.variants().map(str::to_string).collect(),
            postings: t.postings().collect(),
        }
    }
}

/// A pair's postings, computed as they are read, in page order.
pub struct PairPostings<'a> {
    bm25: &'a Bm25f,
    idf: f64,
    list: std::slice::Iter<'a, (u32, PairCount)>,
}

impl Iterator for PairPostings<'_> {
    type Item = Posting;

    fn next(&mut self) -> Option<Posting> {
        let (page, c) = self.list.next()?;
        Some(self.bm25.posting(&c.tf, *page, self.idf))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.list.size_hint()
    }
}

impl ExactSizeIterator for PairPostings<'_> {}

/// Builds the index of `docs`; page ids are positions in `docs`.
pub fn build(docs: &[Doc]) -> Index {
    let counts = count(docs.to_vec(), |_, _| {});
    let (terms, pairs) = rayon::join(
        || counts.terms(|k, t| (k.to_string(), t.into())),
        || counts.pairs(|k, l| (k, l.collect())),
    );
    debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
    Index {
        pages: docs.len(),
        terms,
        pairs,
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

    /// Ranges cover every id once, in order, hold about equal postings, and a page's items
    /// put in range order keep all of them.
    #[test]
    fn ranges_cover_the_ids_in_order() {
        for n in [0usize, 1, 5, 4096, 4097, 100_000] {
            // a few very common ids among many rare ones
            let df: Vec<u32> = (0..n as u32)
                .map(|i| if i % 997 == 0 { 5000 } else { 1 + i % 3 })
                .collect();
            let r = Ranges::new(&df);
            let total: u64 = df.iter().map(|&d| d as u64).sum();
            let mut next = 0;
            for (k, &(lo, hi)) in r.bounds.iter().enumerate() {
                assert_eq!(lo, next, "contiguous");
                assert!(hi > lo);
                assert_eq!(r.of(lo), k);
                assert_eq!(r.of(hi - 1), k);
                let held: u64 = df[lo as usize..hi as usize].iter().map(|&d| d as u64).sum();
                if k + 1 < r.bounds.len() {
                    assert!(
                        held >= total.div_ceil(PARTS as u64),
                        "range {k} holds its share"
                    );
                }
                next = hi;
            }
            assert_eq!(next as usize, n, "every id");
            assert!(r.bounds.len() <= PARTS + 1);
            let mut items: Vec<u32> = (0..n as u32).rev().step_by(7).collect();
            let mut sorted = items.clone();
            r.order(&mut items, |&i| i, &mut Vec::new());
            assert!(items.windows(2).all(|w| r.of(w[0]) <= r.of(w[1])));
            items.sort_unstable();
            sorted.sort_unstable();
            assert_eq!(items, sorted);
        }
    }

    /// More distinct words than the table of recent forms has slots (so that forms share
    /// slots), and words followed by a different word than last time: every word and every
    /// pair still gets its own entry, on its own pages, with its own counts.
    #[test]
    fn recent_forms_and_last_pairs_never_mix_words() {
        let n = 3 * RECENT;
        let words: Vec<String> = (0..n).map(|i| format!("w{i}")).collect();
        let forward = words.join(" ");
        let backward = words.iter().rev().cloned().collect::<Vec<_>>().join(" ");
        let mixed = "a b a c a b";
        let docs = [
            doc("Xuôi", &[("", &forward)]),
            doc("Ngược", &[("", &backward)]),
            doc("Trộn", &[("", mixed)]),
        ];
        let ix = build(&docs);
        for (i, w) in words.iter().enumerate() {
            let pages: Vec<u32> = ix
                .term(w)
                .unwrap()
                .postings
                .iter()
                .map(|p| p.page)
                .collect();
            assert_eq!(pages, [0, 1], "{w}");
            if i + 1 < n {
                let next = &words[i + 1];
                let on = |key: String| -> Vec<u32> {
                    ix.pair(&key).unwrap().iter().map(|p| p.page).collect()
                };
                assert_eq!(on(format!("{w} {next}")), [0], "{w} {next}");
                assert_eq!(on(format!("{next} {w}")), [1], "{next} {w}");
            }
        }
        assert_eq!(
            ix.terms.len(),
            n + 3 + 3,
            "w…, a, b, c and the titles' words"
        );
        let (ab, ac) = (ix.pair("a b").unwrap()[0], ix.pair("a c").unwrap()[0]);
        assert!(ab.weight > ac.weight, "a b twice, a c once");
        assert!(ix.pair("b a").is_some() && ix.pair("c a").is_some());
    }

    #[test]
    fn quantize_rounds_as_std_does() {
        let tricky = [
            0.0,
            0.49999999999999994,
            0.5,
            1.4999999999999998,
            2.5 - f64::EPSILON * 2.0,
            1e9 + 0.5,
            4294967295.4,
            5e9,
            -0.7,
            -3.2,
            f64::NAN,
        ];
        let halves = (0..100_000).map(|i| i as f64 * 0.25);
        let near = (1..20_000).flat_map(|i| {
            let x = i as f64 + 0.5;
            [x, x.next_down(), x.next_up()]
        });
        for x in tricky.into_iter().chain(halves).chain(near) {
            let w = x / SCALE;
            assert_eq!(quantize(w), ((w * SCALE).round() as u32).max(1), "{x}");
        }
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

    /// Several words with several spellings on one page (their runs of spellings side by
    /// side), beside pages with one: each posting flags exactly the spellings on its page.
    #[test]
    fn several_words_with_several_spellings_on_a_page() {
        let docs = [
            doc("Cá", &[("", "bổ cà bộ ca bố cá Bộ bổ")]),
            doc("Bộ", &[("", "cà")]),
            doc("Khác", &[("", "bố bổ ca")]),
        ];
        let ix = build(&docs);
        let spelled = |word: &str, page: u32| -> Vec<String> {
            let t = ix.term(word).unwrap();
            let flags = posting(&ix, word, page).flags >> 3;
            let mut on: Vec<String> = (0..t.variants.len())
                .filter(|i| flags & (1 << i) != 0)
                .map(|i| t.variants[i].clone())
                .collect();
            on.sort();
            on
        };
        assert_eq!(spelled("bo", 0), ["bố", "bổ", "bộ"]);
        assert_eq!(spelled("ca", 0), ["ca", "cà", "cá"]);
        assert_eq!(spelled("bo", 1), ["bộ"]);
        assert_eq!(spelled("ca", 1), ["cà"]);
        assert_eq!(spelled("bo", 2), ["bố", "bổ"]);
        assert_eq!(spelled("ca", 2), ["ca"]);
        // most frequent first, then by spelling: bổ ×3, bộ ×3 (one is "Bộ"), bố ×2
        assert_eq!(ix.term("bo").unwrap().variants, ["bổ", "bộ", "bố"]);
    }

    /// A page of thousands of words, each in two spellings and two capitalizations (a
    /// glossary): every word gets both spellings, once each.
    #[test]
    fn a_page_of_many_words_in_several_spellings() {
        let text: String = (0..3000)
            .map(|i| format!("ta{i} tà{i} Ta{i} TÀ{i} "))
            .collect();
        let docs = [doc("Bảng từ", &[("", &text)]), doc("Khác", &[("", "ta7")])];
        let ix = build(&docs);
        for i in [0, 7, 1234, 2999] {
            let t = ix.term(&format!("ta{i}")).unwrap();
            let want = [format!("ta{i}"), format!("tà{i}")];
            let mut got = t.variants.clone();
            got.sort();
            assert_eq!(got, want);
            assert_eq!(posting(&ix, &format!("ta{i}"), 0).flags >> 3, 0b11);
        }
        let t7 = ix.term("ta7").unwrap();
        let only = posting(&ix, "ta7", 1).flags >> 3;
        assert_eq!(t7.variants[only.trailing_zeros() as usize], "ta7");
        assert_eq!(only.count_ones(), 1);
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
