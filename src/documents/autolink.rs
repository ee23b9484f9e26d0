//! Links mentions of registered document numbers ("Nghị quyết 21-NQ/TW") in rendered HTML to
//! the pages that present them — in text only: never inside existing links, code, scripts
//! or tag attributes.

use std::borrow::Cow;

/// How one mention is written out.
pub struct MentionLink {
    pub href: String,
    /// Set when the document was replaced: the new number and, if registered, its href.
    pub replaced_by: Option<(String, Option<String>)>,
}

const SKIP: &[&str] = &[
    "a", "code", "pre", "script", "style", "kbd", "samp", "svg", "textarea",
];

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | 'Đ' | 'đ')
}

/// Rewrites `html`, linking every mention for which `lookup` gives a link.
/// `replaced_word` is the interface text for "replaced by".
pub fn autolink<'h>(
    html: &'h str,
    replaced_word: &str,
    lookup: &dyn Fn(&str) -> Option<MentionLink>,
) -> Cow<'h, str> {
    let mut out = String::new();
    let mut last = 0;
    let mut skip_depth = 0usize;
    let mut i = 0;
    while i < html.len() {
        let b = html.as_bytes()[i];
        if b == b'<' {
            let Some(len) = html[i..].find('>') else {
                break;
            };
            let tag = &html[i + 1..i + len];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if SKIP.contains(&name.as_str()) {
                if closing {
                    skip_depth = skip_depth.saturating_sub(1);
                } else if !tag.ends_with('/') {
                    skip_depth += 1;
                }
            }
            i += len + 1;
            continue;
        }
        if skip_depth == 0 && b.is_ascii_digit() {
            let starts_token = html[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !is_token_char(c) && !c.is_alphanumeric());
            let len: usize = html[i..]
                .chars()
                .take_while(|c| is_token_char(*c))
                .map(char::len_utf8)
                .sum();
            if starts_token {
                let token = html[i..i + len].trim_end_matches(['-', '/', '.']);
                if let Some(link) = lookup(token) {
                    out.push_str(&html[last..i]);
                    write_link(&mut out, token, &link, replaced_word);
                    last = i + token.len();
                }
            }
            i += len.max(1);
            continue;
        }
        i += 1;
    }
    if last == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

fn write_link(out: &mut String, number: &str, link: &MentionLink, replaced_word: &str) {
    use crate::parse::markdown::escape_attr;
    let class = if link.replaced_by.is_some() {
        "doc-ref doc-replaced"
    } else {
        "doc-ref"
    };
    out.push_str(&format!(
        "<a class=\"{class}\" href=\"{}\">{number}</a>",
        escape_attr(&link.href)
    ));
    if let Some((new, href)) = &link.replaced_by {
        out.push_str(&format!(
            " <span class=\"doc-replaced-note\">({replaced_word} "
        ));
        match href {
            Some(h) => out.push_str(&format!(
                "<a class=\"doc-ref\" href=\"{}\">{}</a>",
                escape_attr(h),
                escape_attr(new)
            )),
            None => out.push_str(&escape_attr(new)),
        }
        out.push_str(")</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(n: &str) -> Option<MentionLink> {
        match n {
            "21-NQ/TW" => Some(MentionLink {
                href: "../van-ban/nq21.html".into(),
                replaced_by: None,
            }),
            "01-HD/TU" => Some(MentionLink {
                href: "hd01.html".into(),
                replaced_by: Some(("05-HD/TU".into(), None)),
            }),
            _ => None,
        }
    }

    #[test]
    fn links_text_mentions_only() {
        let html = "<p>Theo Nghị quyết 21-NQ/TW, và <a href=\"x\">21-NQ/TW</a>; <code>21-NQ/TW</code> 121-NQ/TW 21-NQ/TWX.</p>";
        let out = autolink(html, "đã được thay thế bởi", &look);
        assert_eq!(
            out,
            "<p>Theo Nghị quyết <a class=\"doc-ref\" href=\"../van-ban/nq21.html\">21-NQ/TW</a>, và <a href=\"x\">21-NQ/TW</a>; <code>21-NQ/TW</code> 121-NQ/TW 21-NQ/TWX.</p>"
        );
    }

    #[test]
    fn says_what_replaced_a_document() {
        let out = autolink(
            "<li>Hướng dẫn số 01-HD/TU.</li>",
            "đã được thay thế bởi",
            &look,
        );
        assert_eq!(
            out,
            "<li>Hướng dẫn số <a class=\"doc-ref doc-replaced\" href=\"hd01.html\">01-HD/TU</a> <span class=\"doc-replaced-note\">(đã được thay thế bởi 05-HD/TU)</span>.</li>"
        );
    }

    #[test]
    fn leaves_attributes_alone_and_borrows_when_nothing_changes() {
        let html = "<img alt=\"21-NQ/TW\" src=\"a.png\"><p>không có</p>";
        assert!(matches!(autolink(html, "", &look), Cow::Borrowed(_)));
    }
}
