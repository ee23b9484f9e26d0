//! The sidebar as HTML, made here rather than by a template: it is the largest part of
//! every page, and a template engine walking ~60 entries per page took a fifth of a whole
//! build (as mdBook, which writes its table of contents in Rust for the same reason).
//! Templates print it with `{{ nav_html | safe }}` and style it by the classes documented
//! in docs/theme.md; the same entries are in `nav` for a theme that wants its own markup.

use super::views::NavItem;
use crate::parse::markdown::escape_attr;
use crate::resolve::NodeKind;
use std::fmt::Write;

/// The sidebar tree of one page: nested `ul.nav-list`, with the branch along the current
/// page in open `details.nav-sub`. `root` leads from the page to the site root.
pub fn html(items: &[NavItem<'_>], root: &str) -> String {
    let mut out = String::with_capacity(items.len() * 160 + 64);
    out.push_str("<ul class=\"nav-list nav-depth-1\">");
    for item in items {
        let kind = match item.kind {
            NodeKind::Home => "home",
            NodeKind::Section => "section",
            NodeKind::Page => "page",
        };
        let title = escape(&item.title);
        let _ = write!(out, "\n<li class=\"nav-item nav-{kind}");
        if item.current {
            out.push_str(" is-current");
        }
        if item.open {
            out.push_str(" is-open");
        }
        if item.more {
            out.push_str(" nav-more");
        }
        let _ = write!(
            out,
            "\"><a class=\"nav-link\" href=\"{}{}\"",
            escape(root),
            escape(&item.url)
        );
        if item.current {
            out.push_str(" aria-current=\"page\"");
        }
        let _ = write!(out, ">{title}</a>");
        if item.opens {
            let _ = write!(
                out,
                "\n<details class=\"nav-sub\" open><summary class=\"nav-toggle\"><span class=\"visually-hidden\">{title}</span></summary>\n<ul class=\"nav-list nav-depth-{}\">",
                item.depth + 1
            );
        } else {
            out.push_str("</li>");
        }
        for _ in 0..item.closes {
            out.push_str("</ul></details></li>");
        }
    }
    out.push_str("\n</ul>");
    out
}

/// `s` escaped for HTML text and attributes, without copying the usual string that needs
/// nothing.
fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = s.bytes().all(|b| {
        !matches!(
            b,
            b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=0x1f | 0x7f | 0xc2
        )
    });
    if plain {
        s.into()
    } else {
        escape_attr(s).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, depth: usize, opens: bool, closes: usize) -> NavItem<'static> {
        NavItem {
            title: title.to_string().into(),
            url: format!("{title}.html").into(),
            kind: if opens {
                NodeKind::Section
            } else {
                NodeKind::Page
            },
            current: title == "b",
            open: opens,
            more: false,
            depth,
            opens,
            closes,
        }
    }

    #[test]
    fn nests_along_the_open_branch_and_closes_every_level() {
        let items = [
            item("a", 1, true, 0),
            item("s", 2, true, 0),
            item("b", 3, false, 2),
            item("c", 1, false, 0),
        ];
        let h = html(&items, "../");
        assert_eq!(h.matches("<ul").count(), h.matches("</ul>").count());
        assert_eq!(h.matches("<li").count(), h.matches("</li>").count());
        assert_eq!(h.matches("<details").count(), 2);
        assert!(h.contains("nav-depth-3"));
        assert!(h.contains(
            "<li class=\"nav-item nav-page is-current\"><a class=\"nav-link\" href=\"../b.html\" aria-current=\"page\">b</a></li></ul></details></li></ul></details></li>"
        ));
    }

    #[test]
    fn escapes_titles() {
        let mut i = item("x", 1, false, 0);
        i.title = "<script>\"&".into();
        let h = html(&[i], "");
        assert!(h.contains(">&lt;script&gt;&quot;&amp;</a>"), "{h}");
    }
}
