//! Posting lists as compact text: each number is a base-32 varint written with 64 safe
//! characters — the most significant 5-bit groups first, a character from the upper half
//! of [`ALPHABET`] for "more follows", from the lower half for the last group. A posting
//! list is, for each page, three numbers: the page id minus the previous one, the weight,
//! the flags. Strings of these characters need no escaping in JavaScript or JSON.

/// Digits: values 0–31 end a number, 32–63 continue it.
pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

/// Appends `v` as a varint.
pub fn push_varint(out: &mut String, v: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    let mut x = v;
    loop {
        groups[n] = (x & 31) as u8;
        n += 1;
        x >>= 5;
        if x == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let g = groups[i] as usize + if i > 0 { 32 } else { 0 };
        out.push(ALPHABET[g] as char);
    }
}

/// Encodes (page, weight, flags) triples, pages ascending.
pub fn postings<I: IntoIterator<Item = (u32, u32, u32)>>(list: I) -> String {
    let mut out = String::new();
    let mut prev = 0;
    for (page, weight, flags) in list {
        push_varint(&mut out, page - prev);
        push_varint(&mut out, weight);
        push_varint(&mut out, flags);
        prev = page;
    }
    out
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
            let mut s = String::new();
            push_varint(&mut s, v);
            assert_eq!(decode(&s), [v], "{v} as {s}");
        }
        let mut s = String::new();
        push_varint(&mut s, 5);
        assert_eq!(s, "5", "small numbers are one character");
    }

    #[test]
    fn postings_are_delta_coded() {
        let s = postings([(3, 9, 12), (4, 40, 1), (100, 1, 4)]);
        assert_eq!(decode(&s), [3, 9, 12, 1, 40, 1, 96, 1, 4]);
    }
}
