//! Posting lists as compact text: each number is a base-32 varint written with 64 safe
//! characters — the most significant 5-bit groups first, a character from the upper half
//! of [`ALPHABET`] for "more follows", from the lower half for the last group. A posting
//! list is, for each page, three numbers: the page id minus the previous one, the weight,
//! the flags. Strings of these characters need no escaping in JavaScript or JSON.

/// Digits: values 0–31 end a number, 32–63 continue it.
pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

/// Appends `v` as a varint.
#[inline]
pub fn push_varint(out: &mut Vec<u8>, v: u32) {
    if v < 32 {
        // (most numbers of a posting list: page gaps, flags)
        out.push(ALPHABET[v as usize]);
        return;
    }
    // 5-bit groups, most significant first: 7 at most for 32 bits
    let groups = (32 - v.leading_zeros()).div_ceil(5);
    for i in (1..groups).rev() {
        out.push(ALPHABET[(32 | (v >> (5 * i)) & 31) as usize]);
    }
    out.push(ALPHABET[(v & 31) as usize]);
}

/// Appends (page, weight, flags) triples, pages ascending. The characters need no
/// escaping in JSON or JavaScript strings.
pub fn postings_into<I: IntoIterator<Item = (u32, u32, u32)>>(out: &mut Vec<u8>, list: I) {
    let mut prev = 0;
    for (page, weight, flags) in list {
        push_varint(out, page - prev);
        push_varint(out, weight);
        push_varint(out, flags);
        prev = page;
    }
}

/// Encodes (page, weight, flags) triples, pages ascending.
pub fn postings<I: IntoIterator<Item = (u32, u32, u32)>>(list: I) -> String {
    let mut out = Vec::new();
    postings_into(&mut out, list);
    String::from_utf8(out).expect("the alphabet is ASCII")
}

/// Decodes what [`postings`] wrote (used by the tests; the browser has its own decoder).
pub fn decode(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    for b in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == b).expect("alphabet") as u32;
        acc = acc * 32 + (v & 31);
        if v < 32 {
            out.push(acc);
            acc = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for v in [0, 1, 31, 32, 33, 1023, 1024, 65_535, u32::MAX] {
            let mut s = Vec::new();
            push_varint(&mut s, v);
            let s = String::from_utf8(s).unwrap();
            assert_eq!(decode(&s), [v], "{v} as {s}");
            let groups = if v == 0 {
                1
            } else {
                (32 - v.leading_zeros()).div_ceil(5)
            };
            assert_eq!(s.len(), groups as usize, "{v}: one character per 5 bits");
        }
        let mut s = Vec::new();
        push_varint(&mut s, 5);
        assert_eq!(s, b"5", "small numbers are one character");
    }

    #[test]
    fn postings_are_delta_coded() {
        let s = postings([(3, 9, 12), (4, 40, 1), (100, 1, 4)]);
        assert_eq!(decode(&s), [3, 9, 12, 1, 40, 1, 96, 1, 4]);
    }
}
