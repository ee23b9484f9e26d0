//! Search: tokenizing and folding (src/search/tokenize.rs, fold.rs) and building the index
//! files from pages made of the input (`search::build_files`, what a build runs). No input
//! may panic; words are runs of word characters at character boundaries, in order, folded
//! idempotently; posting lists decode to what was encoded; every index file is UTF-8 under
//! `search/`, every entry of its word and pair shards lists pages of the site in order, and
//! the files of page records hold every page once, in order, as `meta.js` counts them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sotay::parse::markdown::TextBlock;
use sotay::search::fold::{exact, fold, is_word_char};
use sotay::search::{self, encode, shard, tokenize, Input, PageText};
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

    // the index files of pages made from the input, made by the code a build runs: each
    // paragraph a page, its first line the title, lines starting with `#` headings
    let pages: Vec<PageText> = t
        .split("\n\n")
        .take(50)
        .enumerate()
        .map(|(i, p)| {
            let mut lines = p.lines();
            let title = lines.next().unwrap_or_default().to_string();
            let mut blocks = vec![TextBlock::default()];
            for l in lines {
                if let Some(h) = l.strip_prefix('#') {
                    blocks.push(TextBlock {
                        anchor: Some(sotay::slug::slugify(h)),
                        heading: h.to_string(),
                        text: String::new(),
                    });
                } else if let Some(b) = blocks.last_mut() {
                    b.text.push_str(l);
                    b.text.push('\n');
                }
            }
            PageText {
                title,
                url: format!("p{i}.html"),
                blocks,
                ..PageText::default()
            }
        })
        .collect();
    let n = pages.len() as u32;
    let files = search::build_files(Input { pages });
    // page records: the files `shared` lists hold several pages, every other page has a file
    // of its own; each file is named by its first page
    let meta = files
        .iter()
        .find(|(p, _)| p == "search/meta.js")
        .map(|(_, b)| std::str::from_utf8(b).expect("UTF-8"))
        .and_then(|m| m.strip_prefix("sotaySearch.meta("))
        .and_then(|m| m.strip_suffix(");\n"))
        .expect("meta.js");
    let meta: serde_json::Value = serde_json::from_str(meta).expect("meta JSON");
    let shared = meta["shared"].as_str().expect("shared");
    let counts = shard::files_of_pages(shared, n)
        .unwrap_or_else(|| panic!("{shared:?} lists more than {n} pages"));
    let mut next = 0;
    for count in counts {
        let k = next;
        let path = format!("search/p/{k}.js");
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| *p == path)
            .expect("a file per bundle");
        let js = std::str::from_utf8(bytes).expect("UTF-8");
        let records = js
            .strip_prefix(&format!("sotaySearch.p({k},"))
            .and_then(|r| r.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{path}: {js:.80}"));
        let records: Vec<serde_json::Value> = serde_json::from_str(records).expect("records");
        assert_eq!(records.len(), count as usize, "{path}");
        for r in records {
            assert_eq!(r["u"], format!("p{next}.html"), "{path}");
            next += 1;
        }
    }
    assert_eq!(next, n);
    for (path, bytes) in files {
        assert!(
            path.starts_with("search/") && !path.contains(".."),
            "{path}"
        );
        let js = std::str::from_utf8(&bytes).expect("index files are UTF-8");
        assert!(!js.contains("</script"), "{path}");
        // word and pair shards, `sotaySearch.t(N,{…});`: every entry's posting list decodes
        // to (page gap, weight, flags) triples of pages of the site, in order, weight ≥ 1
        let Some(call) = ["t", "b"].into_iter().find(|c| {
            let name = &path["search/".len()..];
            name.starts_with(c) && name[1..].trim_end_matches(".js").parse::<u32>().is_ok()
        }) else {
            continue;
        };
        let body = js
            .strip_prefix(&format!("sotaySearch.{call}("))
            .and_then(|r| r.strip_suffix(");\n"))
            .and_then(|r| r.split_once(','))
            .map(|(_, entries)| entries)
            .unwrap_or_else(|| panic!("{path}: {js:.80}"));
        let entries: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (key, entry) in entries {
            assert!(!key.is_empty(), "{path}");
            let list = match &entry {
                serde_json::Value::String(s) => s.as_str(),
                e => e[0].as_str().expect("[postings, variants]"),
            };
            let nums = encode::decode(list);
            assert!(!nums.is_empty() && nums.len() % 3 == 0, "{key}: {list}");
            let mut page = 0;
            for (i, triple) in nums.chunks(3).enumerate() {
                assert!(i == 0 || triple[0] > 0, "{key}: pages in order");
                page += triple[0];
                assert!(page < n && triple[1] >= 1, "{key}: {triple:?} of {n} pages");
            }
        }
    }
});
