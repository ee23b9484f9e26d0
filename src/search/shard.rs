//! Splits the index into files a browser loads a few at a time, as scripts (which work from
//! `file://`, where `fetch()` does not). Words are grouped by prefix: a group larger than
//! [`SHARD_LIMIT`] bytes gives its largest sub-groups (one more character of prefix) files
//! of their own until it fits. A word is in the file of the longest listed prefix it starts
//! with. `meta.js` lists the prefixes; each page's text for snippets is in a file of its own,
//! loaded only for the results shown.

use super::encode;
use super::index::{Index, Posting};
use serde_json::{json, Map, Value};

/// Target size of one shard file, in bytes. A single very common word can exceed it.
pub const SHARD_LIMIT: usize = 24 * 1024;

/// Format version of the index files (in `meta.js`).
pub const VERSION: u32 = 1;

/// What a search result shows of a page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageRecord {
    /// Title.
    pub t: String,
    /// URL relative to the site root.
    pub u: String,
    /// Section path ("Quy trình › Kết nạp").
    pub s: String,
    /// Description.
    pub d: String,
    /// Blocks: [anchor or "", heading, text].
    pub b: Vec<(String, String, String)>,
}

/// The longest shard prefix, in characters.
pub const MAX_PREFIX_CHARS: usize = 16;

/// Groups sorted `(key, size)` items into prefixes; returns the prefixes, sorted.
pub fn split(items: &[(&str, usize)], limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    split_node("", items, limit, &mut out);
    out.sort();
    out
}

fn split_node(prefix: &str, items: &[(&str, usize)], limit: usize, out: &mut Vec<String>) {
    out.push(prefix.to_string());
    let total: usize = items.iter().map(|(_, s)| s).sum();
    // A prefix grows one character per level: without a bound, words thousands of letters
    // long that share a beginning nest as deep as they are long (stack overflow) and hold
    // every prefix of themselves (memory). Keys sharing this many characters stay together.
    if total <= limit || prefix.chars().count() >= MAX_PREFIX_CHARS {
        return;
    }
    // Sub-groups by the next character (items are sorted, so each group is contiguous).
    let mut groups: Vec<(String, usize, usize, usize)> = Vec::new(); // prefix, from, to, size
    for (i, (k, s)) in items.iter().enumerate() {
        let Some(c) = k[prefix.len()..].chars().next() else {
            continue;
        };
        let p = &k[..prefix.len() + c.len_utf8()];
        match groups.last_mut() {
            Some(g) if g.0 == p => {
                g.2 = i + 1;
                g.3 += s;
            }
            _ => groups.push((p.to_string(), i, i + 1, *s)),
        }
    }
    groups.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
    let mut left = total;
    for (p, from, to, size) in groups {
        if left <= limit {
            break;
        }
        split_node(&p, &items[from..to], limit, out);
        left -= size;
    }
}

/// The shard of a key: the longest prefix in `prefixes` (sorted) that the key starts with.
pub fn shard_of(prefixes: &[String], key: &str) -> usize {
    // No prefix is longer than MAX_PREFIX_CHARS characters.
    let mut end = key
        .char_indices()
        .nth(MAX_PREFIX_CHARS)
        .map_or(key.len(), |(i, _)| i);
    loop {
        if let Ok(i) = prefixes.binary_search_by(|p| p.as_str().cmp(&key[..end])) {
            return i;
        }
        // "" is always a prefix, so this ends
        end = key[..end].char_indices().last().map_or(0, |(i, _)| i);
    }
}

fn encode_postings(list: &[Posting]) -> String {
    encode::postings(list.iter().map(|p| (p.page, p.weight, p.flags)))
}

/// Splits entries into shards: (prefixes, one JSON object per prefix).
fn shards(entries: Vec<(&str, Value)>) -> (Vec<String>, Vec<Map<String, Value>>) {
    let sized: Vec<(&str, usize)> = entries
        .iter()
        .map(|(k, v)| (*k, k.len() + v.to_string().len() + 4))
        .collect();
    let prefixes = split(&sized, SHARD_LIMIT);
    let mut maps = vec![Map::new(); prefixes.len()];
    for (k, v) in entries {
        maps[shard_of(&prefixes, k)].insert(k.to_string(), v);
    }
    (prefixes, maps)
}

fn script(call: &str, id: usize, data: &impl serde::Serialize) -> Vec<u8> {
    let body = script_safe(&serde_json::to_string(data).expect("index data serializes"));
    format!("sotaySearch.{call}({id},{body});\n").into_bytes()
}

/// JSON with `<`, `>`, `&` and `'` written as `\u` escapes: the same data once parsed, but no
/// page text can read as markup (`</script>`, `<img …>`) wherever the file ends up.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            c => out.push(c),
        }
    }
    out
}

/// Every file of the index, as (path relative to the output root, bytes).
pub fn files(index: &Index, pages: &[PageRecord]) -> Vec<(String, Vec<u8>)> {
    let terms: Vec<(&str, Value)> = index
        .terms
        .iter()
        .map(|(k, e)| {
            (
                k.as_str(),
                json!([encode_postings(&e.postings), e.variants]),
            )
        })
        .collect();
    let pairs: Vec<(&str, Value)> = index
        .pairs
        .iter()
        .map(|(k, p)| (k.as_str(), Value::String(encode_postings(p))))
        .collect();
    let (term_prefixes, term_maps) = shards(terms);
    let (pair_prefixes, pair_maps) = shards(pairs);

    let mut out = Vec::with_capacity(term_maps.len() + pair_maps.len() + pages.len() + 1);
    let mut term_sizes = Vec::new();
    for (i, m) in term_maps.iter().enumerate() {
        let bytes = script("t", i, m);
        term_sizes.push(bytes.len());
        out.push((format!("search/t{i}.js"), bytes));
    }
    let mut pair_sizes = Vec::new();
    for (i, m) in pair_maps.iter().enumerate() {
        let bytes = script("b", i, m);
        pair_sizes.push(bytes.len());
        out.push((format!("search/b{i}.js"), bytes));
    }
    for (i, p) in pages.iter().enumerate() {
        out.push((format!("search/p/{i}.js"), script("p", i, p)));
    }
    // An id of this index's contents, so that browsers never mix files of two builds.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (_, bytes) in &out {
        for b in bytes {
            hash = (hash ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let meta = json!({
        "v": VERSION,
        "id": format!("{hash:016x}"),
        "n": index.pages,
        "terms": term_prefixes,
        "termSizes": term_sizes,
        "pairs": pair_prefixes,
        "pairSizes": pair_sizes,
    });
    let meta = format!("sotaySearch.meta({});\n", script_safe(&meta.to_string())).into_bytes();
    out.push(("search/meta.js".to_string(), meta));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_groups_stay_together() {
        let items = [("a", 10), ("ab", 10), ("b", 10)];
        assert_eq!(split(&items, 100), [""]);
    }

    #[test]
    fn large_groups_split_by_next_character() {
        let items = [
            ("cha", 40),
            ("chi", 50),
            ("chinh", 30),
            ("cho", 20),
            ("da", 10),
            ("dang", 60),
        ];
        let p = split(&items, 100);
        // every group fits, except single words that are larger than the limit
        for (i, prefix) in p.iter().enumerate() {
            let size: usize = items
                .iter()
                .filter(|(k, _)| shard_of(&p, k) == i)
                .map(|(_, s)| s)
                .sum();
            assert!(size <= 100, "{prefix}: {size}");
        }
        assert_eq!(shard_of(&p, "chinh"), shard_of(&p, "chi"));
        assert!(p.contains(&String::new()));
    }

    #[test]
    fn longest_prefix_wins() {
        let p: Vec<String> = ["", "c", "ch", "chi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(shard_of(&p, "chinh"), 3);
        assert_eq!(shard_of(&p, "cho"), 2);
        assert_eq!(shard_of(&p, "ca"), 1);
        assert_eq!(shard_of(&p, "đ"), 0);
        assert_eq!(shard_of(&p, "d"), 0);
    }
}
