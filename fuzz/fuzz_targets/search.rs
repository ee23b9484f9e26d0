//! Search: tokenizing and folding (src/search/tokenize.rs, fold.rs) and building the index
//! files from pages made of the input (index → shards → scripts). No input may panic; words
//! are runs of word characters at character boundaries, in order, folded idempotently;
//! posting lists decode to what was encoded; every index file is UTF-8 under `search/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sotay::search::fold::{exact, fold, is_word_char};
use sotay::search::index::{self, Block, Doc};
use sotay::search::shard::{self, PageRecord};
use sotay::search::{encode, tokenize};
use sotay::text;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let t = text::nfc(s);

    // folding: idempotent, lowercase, agrees with folding the exact form
    let f = fold(&t);
    assert_eq!(fold(&f), f);
    assert_eq!(fold(&exact(&t)), f);
    assert!(!f.contains('đ') && !f.contains('Đ'));

    // tokens: in order, not overlapping, at character boundaries, made of word characters
    let toks = tokenize::tokenize(&t);
    let mut last_end = 0;
    for w in &toks.words {
        assert!(
            w.start >= last_end && w.start < w.end && w.end <= t.len(),
            "{w:?}"
        );
        let word = &t[w.start..w.end];
        assert!(word.chars().all(is_word_char), "{word:?}");
        assert_eq!(w.fold, fold(word));
        assert_eq!(w.exact, exact(word));
        // A word folds to nothing only when each of its characters does on its own: marks
        // (some, like U+FB1E, are also alphabetic), never a letter or digit.
        assert!(
            !w.fold.is_empty()
                || word
                    .chars()
                    .all(|c| !c.is_alphanumeric() || fold(&c.to_string()).is_empty()),
            "{word:?}"
        );
        last_end = w.end;
    }
    for c in &toks.compounds {
        assert!(c.start < c.end && c.end <= t.len());
        assert!(t[c.start..c.end].chars().any(char::is_numeric));
        assert!(toks.words.iter().any(|w| w.start == c.start));
        assert!(toks.words.iter().any(|w| w.end == c.end));
    }
    let (spans, compounds) = tokenize::spans(&t);
    assert_eq!(spans.len(), toks.words.len());
    assert_eq!(compounds.len(), toks.compounds.len());
    assert_eq!(
        toks.pairs().count(),
        toks.words.windows(2).filter(|w| w[1].linked).count()
    );

    // shards: with a tiny size limit every word still lands in a shard whose prefix it
    // starts with, and no prefix is longer than the bound
    let mut keys: Vec<&str> = toks.words.iter().map(|w| w.fold.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let sized: Vec<(&str, usize)> = keys.iter().map(|k| (*k, k.len() + 8)).collect();
    let prefixes = shard::split(&sized, 16);
    assert!(prefixes.iter().any(|p| p.is_empty()));
    for p in &prefixes {
        assert!(p.chars().count() <= shard::MAX_PREFIX_CHARS, "{p:?}");
    }
    for k in &keys {
        let i = shard::shard_of(&prefixes, k);
        assert!(
            k.starts_with(prefixes[i].as_str()),
            "{k:?} in shard {:?}",
            prefixes[i]
        );
    }

    // posting lists: what is encoded decodes back (page ids ascending)
    let nums: Vec<u32> = data
        .chunks(4)
        .map(|c| {
            c.iter()
                .fold(0u32, |a, &b| a.wrapping_mul(251).wrapping_add(b as u32))
        })
        .collect();
    let mut page = 0u32;
    let triples: Vec<(u32, u32, u32)> = nums
        .chunks_exact(3)
        .map(|c| {
            page = page.saturating_add(c[0] % 1000);
            (page, c[1], c[2])
        })
        .collect();
    let decoded = encode::decode(&encode::postings(triples.iter().copied()));
    let mut prev = 0;
    let expected: Vec<u32> = triples
        .iter()
        .flat_map(|&(p, w, fl)| {
            let d = p - prev;
            prev = p;
            [d, w, fl]
        })
        .collect();
    assert_eq!(decoded, expected);

    // the index of pages made from the input: each paragraph a page, its first line the
    // title, lines starting with `#` headings
    let pages: Vec<(&str, Vec<(String, &str, String)>)> = t
        .split("\n\n")
        .take(50)
        .map(|p| {
            let mut lines = p.lines();
            let title = lines.next().unwrap_or_default();
            let mut blocks: Vec<(String, &str, String)> = vec![(String::new(), "", String::new())];
            for l in lines {
                if let Some(h) = l.strip_prefix('#') {
                    blocks.push((sotay::slug::slugify(h), h, String::new()));
                } else if let Some(b) = blocks.last_mut() {
                    b.2.push_str(l);
                    b.2.push('\n');
                }
            }
            (title, blocks)
        })
        .collect();
    let docs: Vec<Doc> = pages
        .iter()
        .map(|(title, blocks)| Doc {
            title,
            description: "",
            keywords: Vec::new(),
            blocks: blocks
                .iter()
                .map(|(a, h, x)| Block {
                    anchor: a,
                    heading: h,
                    text: x,
                })
                .collect(),
        })
        .collect();
    let ix = index::build(&docs);
    assert_eq!(ix.pages, docs.len());
    for (k, e) in &ix.terms {
        assert!(!k.is_empty());
        assert!(!e.postings.is_empty(), "{k}");
        assert!(e.postings.iter().all(|p| (p.page as usize) < docs.len()));
    }
    let files = std::sync::Mutex::new(Vec::new());
    let put = |path: String, bytes: Vec<u8>| files.lock().unwrap().push((path, bytes));
    for (i, d) in docs.iter().enumerate() {
        let url = format!("p{i}.html");
        let record = PageRecord {
            t: d.title,
            u: &url,
            s: "",
            d: d.description,
            k: String::new(),
            b: d.blocks
                .iter()
                .map(|b| (b.anchor, b.heading, b.text))
                .collect(),
        };
        let (path, bytes) = shard::page_file(i, &record);
        put(path, bytes);
    }
    shard::put_index(&ix, &put);
    for (path, bytes) in files.into_inner().unwrap() {
        assert!(
            path.starts_with("search/") && !path.contains(".."),
            "{path}"
        );
        let js = std::str::from_utf8(&bytes).expect("index files are UTF-8");
        assert!(!js.contains("</script"), "{path}");
    }
});
