//! Text handling: normalization, heading anchors (slugs), diacritic folding and Vietnamese
//! collation. No input may panic, and each keeps its promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sotay::{collate, slug, text};
use std::cmp::Ordering;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    // normalize: no CR, no BOM, NFC, and doing it twice changes nothing
    let n = text::normalize(s);
    assert!(!n.contains('\r'));
    assert!(!n.starts_with('\u{feff}'));
    assert_eq!(text::normalize(&n), n);
    assert_eq!(text::nfc(&n), n);
    // (against the crate's own NFC: sotay tells most characters from their bytes)
    assert!(unicode_normalization::is_nfc(&n), "{n:?}");
    assert_eq!(
        text::nfc(s),
        unicode_normalization::UnicodeNormalization::nfc(s).collect::<String>()
    );

    // slugs: lowercase ASCII words joined by single dashes, the same for NFC and NFD text
    let slug = slug::slugify(s);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug:?}"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
        "{slug:?}"
    );
    assert_eq!(slug::slugify(&text::nfc(s)), slug);
    let folded = slug::fold_diacritics(s);
    assert_eq!(slug::slugify(&folded), slug);

    // anchors on one page are all different
    let mut set = slug::SlugSet::default();
    let mut seen = std::collections::HashSet::new();
    for line in s.lines().take(200) {
        let id = set.unique(line);
        assert!(!id.is_empty());
        assert!(seen.insert(id.clone()), "{id} handed out twice");
    }

    // collation is a total order, and compare agrees with the keys
    let third = s.char_indices().map(|(i, _)| i).collect::<Vec<_>>();
    let cut = |k: usize| third.get(third.len() * k / 3).copied().unwrap_or(s.len());
    let (a, b, c) = (&s[..cut(1)], &s[cut(1)..cut(2)], &s[cut(2)..]);
    let (ka, kb, kc) = (
        collate::sort_key(a),
        collate::sort_key(b),
        collate::sort_key(c),
    );
    assert_eq!(ka.cmp(&ka), Ordering::Equal);
    assert_eq!(ka.cmp(&kb), kb.cmp(&ka).reverse());
    let mut v = [&ka, &kb, &kc];
    v.sort();
    assert_ne!(v[0].cmp(v[2]), Ordering::Greater);
    if a.len() < 64 && b.len() < 64 {
        assert_eq!(collate::compare(a, b), ka.cmp(&kb));
    }

    // positions: lines and columns grow with the offset
    let idx = text::LineIndex::new(&n);
    let mut last = (1, 0);
    for (i, _) in n.char_indices().take(2000) {
        let p = idx.position(i);
        assert!(p >= last, "{p:?} after {last:?}");
        assert!(p.0 >= 1 && p.1 >= 1);
        last = p;
    }
});
