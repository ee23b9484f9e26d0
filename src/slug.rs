//! ASCII anchors for Vietnamese headings: "Bước 2: Tổ chức buổi sinh hoạt" →
//! `buoc-2-to-chuc-buoi-sinh-hoat`.

use unicode_normalization::UnicodeNormalization;

/// Removes tone marks and other diacritics and maps đ/Đ to d/D (case kept).
pub fn fold_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Lowercase ASCII letters and digits; every other run of characters becomes one `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in fold_diacritics(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Hands out unique anchors on one page: the second "Mục đích" gets `muc-dich-1`.
#[derive(Default)]
pub struct SlugSet {
    used: std::collections::HashSet<String>,
    /// The next suffix to try for each repeated anchor, so that a page with thousands of
    /// identical headings does not try `-1`, `-2` … again for each one.
    next: std::collections::HashMap<String, usize>,
}

impl SlugSet {
    pub fn unique(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "muc".to_string();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let cand = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(cand.clone()) {
                return cand;
            }
        }
    }

    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_headings() {
        assert_eq!(
            slugify("Bước 2: Tổ chức buổi sinh hoạt"),
            "buoc-2-to-chuc-buoi-sinh-hoat"
        );
        assert_eq!(slugify("Đảng viên ĐẠT “bốn tốt”"), "dang-vien-dat-bon-tot");
        assert_eq!(slugify("1. Mục đích, yêu cầu"), "1-muc-dich-yeu-cau");
        // decomposed input gives the same slug
        assert_eq!(slugify("Bu\u{031b}\u{301}o\u{31b}c"), slugify("Bước"));
    }

    #[test]
    fn duplicates_get_numbers() {
        let mut s = SlugSet::default();
        assert_eq!(s.unique("Mục đích"), "muc-dich");
        assert_eq!(s.unique("Mục đích"), "muc-dich-1");
        assert_eq!(s.unique("Mục đích"), "muc-dich-2");
        assert_eq!(s.unique("!!!"), "muc");
    }

    #[test]
    fn thousands_of_identical_headings_get_distinct_anchors() {
        let mut set = SlugSet::default();
        set.reserve("muc-3");
        let ids: Vec<String> = (0..20_000).map(|_| set.unique("Mục")).collect();
        assert_eq!(ids[0], "muc");
        assert_eq!(ids[3], "muc-4");
        assert_eq!(ids[19_999], "muc-20000");
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }
}
