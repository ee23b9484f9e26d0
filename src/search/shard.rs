//! Splits the index into files a browser loads a few at a time, as scripts (which work from
//! `file://`, where `fetch()` does not). Words are grouped by prefix: a group larger than
//! [`SHARD_LIMIT`] bytes gives its largest sub-groups (one more character of prefix) files
//! of their own until it fits. A word is in the file of the longest listed prefix it starts
//! with; a prefix left with no words of its own has no file. `meta.js` lists the prefixes.
//! Each page's record (its text, for snippets) is loaded only for the results shown; short
//! pages share a file with the pages after them, up to [`BUNDLE_LIMIT`] bytes: one file per
//! page made a handbook's index files outnumber its pages.
//!
//! Files are handed to a `put` callback as soon as they are made (from several threads),
//! each with a hash of its bytes; the hashes, combined in a fixed order, give the id of the
//! index that `meta.js` carries.

use super::encode;
use super::index::Posting;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::Hasher;

/// Target size of one shard file, in bytes. A single very common word can exceed it.
pub const SHARD_LIMIT: usize = 24 * 1024;

/// Target size of one file of page records, in bytes: a page joins the file of the pages
/// before it while the file stays within this size (a larger page has a file of its own).
/// About the size of a page of text: short pages (units, sections, documents) share files,
/// and a result never loads much more than a page.
pub const BUNDLE_LIMIT: usize = 8 * 1024;

/// Format version of the index files (in `meta.js`).
pub const VERSION: u32 = 3;

/// Where made files go: (path relative to the output root, bytes). Called from several
/// threads, in no particular order.
pub type Put<'p> = &'p (dyn Fn(String, Vec<u8>) + Sync);

/// What a search result shows of a page (and what a quoted phrase is checked against).
#[derive(Debug, Clone, Serialize)]
pub struct PageRecord<'a> {
    /// Title.
    pub t: &'a str,
    /// URL relative to the site root.
    pub u: &'a str,
    /// Section path ("Quy trình › Kết nạp").
    pub s: &'a str,
    /// Description.
    pub d: &'a str,
    /// Document metadata searched like the title (number, kind, issuer), or "".
    pub k: String,
    /// Blocks: [anchor or "", heading, text].
    pub b: Vec<(&'a str, &'a str, &'a str)>,
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
    let mut groups: Vec<(&str, usize, usize, usize)> = Vec::new(); // prefix, from, to, size
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
            _ => groups.push((p, i, i + 1, *s)),
        }
    }
    groups.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(b.0)));
    let mut left = total;
    for (p, from, to, size) in groups {
        if left <= limit {
            break;
        }
        split_node(p, &items[from..to], limit, out);
        left -= size;
    }
}

/// The shard of a key: the longest prefix in `prefixes` that the key starts with.
/// `prefixes` is what [`split`] makes: sorted, with `""` and every beginning of each prefix
/// it holds.
pub fn shard_of(prefixes: &[String], key: &str) -> usize {
    // The greatest prefix not after the key shares with it just that longest prefix: a
    // string between a beginning of the key and the key starts with that beginning. And
    // every beginning of that greatest prefix is a prefix too. Two searches, where trying
    // each beginning of the key took one search apiece.
    let i = prefixes.partition_point(|p| p.as_str() <= key) - 1;
    let p = prefixes[i].as_bytes();
    let mut common = p
        .iter()
        .zip(key.as_bytes())
        .take_while(|(a, b)| a == b)
        .count();
    if common == p.len() {
        return i;
    }
    while !key.is_char_boundary(common) {
        common -= 1;
    }
    prefixes[..i]
        .binary_search_by(|q| q.as_str().cmp(&key[..common]))
        .expect("split keeps every beginning of a prefix")
}

/// Appends a posting list as a JSON string (its characters need no escaping).
fn postings_json(out: &mut Vec<u8>, list: impl IntoIterator<Item = Posting>) {
    out.push(b'"');
    encode::postings_into(out, list.into_iter().map(|p| (p.page, p.weight, p.flags)));
    out.push(b'"');
}

/// A serde_json formatter that writes `<`, `>`, `&` and `'` in strings as `\u` escapes:
/// the same data once parsed, but no page text can read as markup (`</script>`,
/// `<img …>`) wherever the file ends up.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut from = 0;
        for (i, b) in bytes.iter().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                b'\'' => b"\\u0027",
                _ => continue,
            };
            w.write_all(&bytes[from..i])?;
            w.write_all(escaped)?;
            from = i + 1;
        }
        w.write_all(&bytes[from..])
    }
}

/// Appends `data` as script-safe JSON.
pub fn json_into(out: &mut Vec<u8>, data: &(impl Serialize + ?Sized)) {
    let mut ser = serde_json::Serializer::with_formatter(out, ScriptSafe);
    data.serialize(&mut ser).expect("index data serializes");
}

/// What each byte becomes in a script-safe JSON string: 0 for itself, `b'u'` for a
/// `\u00XX` escape, else the letter of a short escape (`\n`, `\"`…), as serde_json and
/// [`ScriptSafe`] write them.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[b'<' as usize] = b'u';
    t[b'>' as usize] = b'u';
    t[b'&' as usize] = b'u';
    t[b'\'' as usize] = b'u';
    t
};

/// Appends `s` as a script-safe JSON string, in one pass (the same bytes as
/// [`json_into`] writes for a string; page text is most of the index's bytes).
pub fn json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut from = 0;
    // Sixteen bytes at a time, with a test the compiler does as vector compares: most
    // chunks of page text hold nothing to escape and are copied in one go at the end.
    let mut at = 0;
    for chunk in bytes.chunks(16) {
        let start = at;
        at += chunk.len();
        if !chunk.iter().fold(false, |any, &b| any | needs_escape(b)) {
            continue;
        }
        for (i, &b) in chunk.iter().enumerate() {
            let e = ESCAPE[b as usize];
            if e == 0 {
                continue;
            }
            let i = start + i;
            out.extend_from_slice(&bytes[from..i]);
            if e == b'u' {
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 15) as usize],
                ]);
            } else {
                out.extend_from_slice(&[b'\\', e]);
            }
            from = i + 1;
        }
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// Whether a byte is written other than as itself (what [`ESCAPE`] says, as compares).
#[inline(always)]
fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\') | (b == b'<') | (b == b'>') | (b == b'&') | (b == b'\'')
}

/// About how many bytes the JSON of a page's record takes (its strings unescaped), to cut
/// the pages into files before their records are written.
pub fn record_size(record: &PageRecord) -> usize {
    let blocks: usize = record
        .b
        .iter()
        .map(|b| b.0.len() + b.1.len() + b.2.len() + 12)
        .sum();
    40 + record.t.len() + record.u.len() + record.s.len() + record.d.len() + record.k.len() + blocks
}

/// The number of pages in each file of page records: consecutive pages, a page joining
/// the file of those before it while their sizes (`sizes`, in page order) stay within
/// `limit`.
pub fn bundles(sizes: &[usize], limit: usize) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut pages, mut bytes) = (0u32, 0usize);
    for &size in sizes {
        if pages > 0 && bytes + size > limit {
            out.push(pages);
            (pages, bytes) = (0, 0);
        }
        pages += 1;
        bytes += size;
    }
    if pages > 0 {
        out.push(pages);
    }
    out
}

/// The JSON of one page's record, `{"t":…,"b":[[anchor,heading,text],…]}` (what serializing
/// [`PageRecord`] gives, written directly).
pub fn record_json(record: &PageRecord) -> Vec<u8> {
    let mut out = Vec::with_capacity(record_size(record) + 64);
    for (key, value) in [
        (&b"{\"t\":"[..], record.t),
        (b",\"u\":", record.u),
        (b",\"s\":", record.s),
        (b",\"d\":", record.d),
        (b",\"k\":", &record.k),
    ] {
        out.extend_from_slice(key);
        json_str(&mut out, value);
    }
    out.extend_from_slice(b",\"b\":[");
    for (i, (anchor, heading, text)) in record.b.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        json_str(&mut out, anchor);
        out.push(b',');
        json_str(&mut out, heading);
        out.push(b',');
        json_str(&mut out, text);
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

/// The file of page records whose first page is `first`: `sotaySearch.p(FIRST,[{record},…]);`,
/// the records of its pages in order (`meta.js` lists the files of more than one page).
pub fn bundle_file(first: usize, records: &[Vec<u8>]) -> (String, Vec<u8>) {
    let len: usize = records.iter().map(|r| r.len() + 1).sum();
    let mut out = Vec::with_capacity(len + 32);
    out.extend_from_slice(format!("sotaySearch.p({first},[").as_bytes());
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(r);
    }
    out.extend_from_slice(b"]);\n");
    (format!("search/p/{first}.js"), out)
}

/// The shards of one key space, as listed in `meta.js`.
pub struct Shards {
    pub prefixes: Vec<String>,
    pub sizes: Vec<usize>,
    /// The hashes of the files, combined in order.
    pub hash: u64,
}

/// Splits entries (sorted keys, each with its JSON `"key":value`) into shard files named
/// `search/{call}N.js` holding `sotaySearch.{call}(N,{…});`, and puts them. A shard that
/// would be empty has size 0 and no file.
pub fn put_shards(call: &str, entries: &[(String, Vec<u8>)], put: Put) -> Shards {
    let sized: Vec<(&str, usize)> = entries
        .iter()
        .map(|(k, v)| (k.as_str(), v.len() + 1))
        .collect();
    let prefixes = split(&sized, SHARD_LIMIT);
    let of: Vec<usize> = entries
        .par_iter()
        .map(|(k, _)| shard_of(&prefixes, k))
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); prefixes.len()];
    for (i, s) in of.into_iter().enumerate() {
        members[s].push(i);
    }
    let made: Vec<(usize, u64)> = members
        .par_iter()
        .enumerate()
        .map(|(n, list)| {
            if list.is_empty() {
                // (a prefix whose words all have longer prefixes of their own: `meta.js`
                // gives it size 0 and no file is written)
                return (0, 0);
            }
            let size: usize = list.iter().map(|&i| entries[i].1.len() + 1).sum();
            let mut out = Vec::with_capacity(size + 32);
            out.extend_from_slice(format!("sotaySearch.{call}({n},{{").as_bytes());
            for (j, &i) in list.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&entries[i].1);
            }
            out.extend_from_slice(b"});\n");
            let (len, h) = (out.len(), crate::write::content_hash(&out));
            put(format!("search/{call}{n}.js"), out);
            (len, h)
        })
        .collect();
    let mut h = rustc_hash::FxHasher::default();
    for (_, x) in &made {
        h.write_u64(*x);
    }
    Shards {
        prefixes,
        sizes: made.iter().map(|(s, _)| *s).collect(),
        hash: h.finish(),
    }
}

/// The entry of a word in its shard: `"key":[postings,variants]`, for a word on `pages`
/// pages.
pub fn term_json<'v>(
    key: &str,
    pages: usize,
    postings: impl IntoIterator<Item = Posting>,
    variants: impl IntoIterator<Item = &'v str>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + pages * 5 + 32);
    json_str(&mut out, key);
    out.extend_from_slice(b":[");
    postings_json(&mut out, postings);
    out.extend_from_slice(b",[");
    for (i, v) in variants.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(&mut out, v);
    }
    out.extend_from_slice(b"]]");
    out
}

/// The entry of a pair in its shard: `"key":postings`.
pub fn pair_json(key: &str, list: impl ExactSizeIterator<Item = Posting>) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + list.len() * 5 + 8);
    json_str(&mut out, key);
    out.push(b':');
    postings_json(&mut out, list);
    out
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    id: String,
    n: usize,
    terms: &'a [String],
    #[serde(rename = "termSizes")]
    term_sizes: &'a [usize],
    pairs: &'a [String],
    #[serde(rename = "pairSizes")]
    pair_sizes: &'a [usize],
    /// The files of page records that hold more than one page: for each, its first page
    /// minus the end of the one before, and its number of pages, as varints.
    shared: String,
}

/// `meta.js`'s `shared`: of the files of page records (`bundles`, the number of pages of
/// each), those of more than one page, each as its first page minus the end of the one
/// listed before it and its number of pages, as varints.
pub fn shared(bundles: &[u32]) -> String {
    let mut out = Vec::new();
    let (mut page, mut end) = (0, 0);
    for &c in bundles {
        if c > 1 {
            encode::push_varint(&mut out, page - end);
            encode::push_varint(&mut out, c);
            end = page + c;
        }
        page += c;
    }
    String::from_utf8(out).expect("the alphabet is ASCII")
}

/// The number of pages of each file of page records of a site of `pages` pages, read back
/// from [`shared`] (for the tests and the fuzz target; the browser has its own reader).
/// `None` when `shared` lists more pages than the site has.
pub fn files_of_pages(shared: &str, pages: u32) -> Option<Vec<u32>> {
    let nums = encode::decode(shared);
    let (mut out, mut end) = (Vec::new(), 0u32);
    for g in nums.chunks(2) {
        let (gap, count) = (g[0], *g.get(1)?);
        out.extend(std::iter::repeat_n(1, gap as usize));
        out.push(count);
        end = end.checked_add(gap)?.checked_add(count)?;
    }
    out.extend(std::iter::repeat_n(1, pages.checked_sub(end)? as usize));
    Some(out)
}

/// `search/meta.js`: the version, an id of this index (from the hashes of every other
/// file), the number of pages, the shard prefixes with their sizes and the files of page
/// records shared by several pages (`bundles` gives the number of pages of each file).
pub fn meta_file(
    pages: usize,
    terms: &Shards,
    pairs: &Shards,
    bundles: &[u32],
    bundle_hashes: &[u64],
) -> (String, Vec<u8>) {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u64(terms.hash);
    h.write_u64(pairs.hash);
    for x in bundle_hashes {
        h.write_u64(*x);
    }
    let meta = Meta {
        v: VERSION,
        id: format!("{:016x}", h.finish()),
        n: pages,
        terms: &terms.prefixes,
        term_sizes: &terms.sizes,
        pairs: &pairs.prefixes,
        pair_sizes: &pairs.sizes,
        shared: shared(bundles),
    };
    let mut out = b"sotaySearch.meta(".to_vec();
    json_into(&mut out, &meta);
    out.extend_from_slice(b");\n");
    ("search/meta.js".to_string(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page is in one file, in order; a file stays within the limit unless it is a
    /// single page larger than it, and no two neighbouring files would have fitted in one.
    #[test]
    fn bundles_hold_consecutive_pages_within_the_limit() {
        assert_eq!(bundles(&[], 100), Vec::<u32>::new());
        assert_eq!(
            bundles(&[40, 40, 40, 150, 10, 90, 5], 100),
            vec![2, 1, 1, 2, 1]
        );
        let mut seed = 7u64;
        let sizes: Vec<usize> = (0..5000)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                1 + (seed >> 33) as usize % 30_000
            })
            .collect();
        let counts = bundles(&sizes, BUNDLE_LIMIT);
        assert_eq!(
            counts.iter().map(|&c| c as usize).sum::<usize>(),
            sizes.len()
        );
        let mut at = 0;
        let mut prev: Option<usize> = None; // the bytes of the file before
        for &c in &counts {
            assert!(c >= 1);
            let file = &sizes[at..at + c as usize];
            let bytes: usize = file.iter().sum();
            assert!(bytes <= BUNDLE_LIMIT || c == 1, "{file:?}");
            if let Some(before) = prev {
                // the first page of this file did not fit in the one before
                assert!(before + file[0] > BUNDLE_LIMIT);
            }
            prev = Some(bytes);
            at += c as usize;
        }
    }

    /// Which files are shared, written and read back, gives the files' page counts again.
    #[test]
    fn shared_files_round_trip() {
        for bundles in [
            vec![],
            vec![1, 1, 1],
            vec![3],
            vec![1, 40, 1, 1, 2, 33, 1],
            vec![2, 2, 2, 1],
        ] {
            let pages: u32 = bundles.iter().sum();
            let s = shared(&bundles);
            assert_eq!(files_of_pages(&s, pages), Some(bundles.clone()), "{s:?}");
        }
        assert_eq!(shared(&[1, 1, 3, 1, 2]), "2312");
        assert_eq!(files_of_pages("23", 4), None, "5 pages listed of 4");
    }

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
    fn json_cannot_close_a_script() {
        let mut out = Vec::new();
        json_into(&mut out, &("</script><b a='1'>&", "ngoặc \"kép\""));
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            r#"["\u003c/script\u003e\u003cb a=\u00271\u0027\u003e\u0026","ngoặc \"kép\""]"#
        );
        let back: (String, String) = serde_json::from_str(&s).unwrap();
        assert_eq!(back.0, "</script><b a='1'>&");
    }

    #[test]
    fn escape_test_agrees_with_the_table() {
        for b in 0..=255u8 {
            assert_eq!(needs_escape(b), ESCAPE[b as usize] != 0, "{b:#x}");
        }
    }

    /// The direct writers give the bytes serde_json gives with [`ScriptSafe`].
    #[test]
    fn direct_json_is_serde_json() {
        let tricky: String = (0u8..0x80).map(char::from).collect::<String>()
            + "Đảng viên \u{2028}\u{2029} \u{7f} </script> ' & \\ \" ✓ 𝄞";
        for s in [tricky.as_str(), "", "a", "<", "x\ny"] {
            let mut a = Vec::new();
            json_str(&mut a, s);
            let mut b = Vec::new();
            json_into(&mut b, s);
            assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        }
        let record = PageRecord {
            t: "Tiêu đề <b>",
            u: "a/b.html",
            s: "Mục › Con",
            d: "mô tả \"x\"",
            k: "21-NQ/TW nghị quyết".into(),
            b: vec![("", "", "mở đầu"), ("buoc-1", "Bước 1", &tricky)],
        };
        let direct = record_json(&record);
        let mut via_serde = Vec::new();
        json_into(&mut via_serde, &record);
        assert_eq!(
            String::from_utf8_lossy(&direct),
            String::from_utf8_lossy(&via_serde)
        );
        let (path, file) = bundle_file(7, &[direct.clone(), b"{}".to_vec()]);
        assert_eq!(path, "search/p/7.js");
        let mut expected = b"sotaySearch.p(7,[".to_vec();
        expected.extend_from_slice(&via_serde);
        expected.extend_from_slice(b",{}]);\n");
        assert_eq!(
            String::from_utf8_lossy(&file),
            String::from_utf8_lossy(&expected)
        );
    }

    /// A word's entry, written directly, is what serde_json gives for the key, the encoded
    /// postings and the variants (apostrophes and markup escaped the same way).
    #[test]
    fn term_entry_is_serde_json() {
        let postings = [
            Posting {
                page: 3,
                weight: 40,
                flags: 9,
            },
            Posting {
                page: 7,
                weight: 1,
                flags: 4,
            },
        ];
        let variants = ["bộ", "bổ", "o'<b>"];
        let direct = term_json("bo", 2, postings, variants);
        let list = encode::postings(postings.iter().map(|p| (p.page, p.weight, p.flags)));
        let mut via_serde = Vec::new();
        json_into(&mut via_serde, "bo");
        via_serde.push(b':');
        json_into(&mut via_serde, &(list.as_str(), variants));
        assert_eq!(
            String::from_utf8_lossy(&direct),
            String::from_utf8_lossy(&via_serde)
        );
        let pair = pair_json("chi bo", postings.into_iter());
        assert_eq!(
            pair,
            [&b"\"chi bo\":\""[..], list.as_bytes(), b"\""].concat()
        );
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

    /// On the prefixes `split` makes of many keys (Vietnamese letters included), each key's
    /// shard is the longest prefix it starts with, as trying every prefix finds it.
    #[test]
    fn shard_of_finds_the_longest_prefix() {
        let letters = ["a", "b", "c", "h", "i", "n", "đ", "ư", "ơ", "ả", " "];
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for round in 0..40 {
            let mut keys: Vec<String> = (0..200 + round * 10)
                .map(|_| {
                    (0..1 + next() % 6)
                        .map(|_| letters[next() % letters.len()])
                        .collect()
                })
                .collect();
            keys.sort();
            keys.dedup();
            let items: Vec<(&str, usize)> = keys.iter().map(|k| (k.as_str(), 40)).collect();
            let prefixes = split(&items, 100 + round * 50);
            for k in keys
                .iter()
                .map(String::as_str)
                .chain(["", "z", "chinh", "ảnh"])
            {
                let longest = (0..prefixes.len())
                    .filter(|&i| k.starts_with(prefixes[i].as_str()))
                    .max_by_key(|&i| prefixes[i].len())
                    .expect("\"\" is a prefix");
                assert_eq!(shard_of(&prefixes, k), longest, "{k:?} in {prefixes:?}");
            }
        }
    }
}
