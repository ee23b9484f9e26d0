//! `safe_html: true`: the HTML of a page goes through ammonia, a well-kept sanitizer built
//! on the html5ever parser. Scripts, event handlers, `javascript:` URLs, styles, forms and
//! frames are removed; what sotay itself writes for Markdown — heading anchors, callouts,
//! tables, footnotes, task-list checkboxes, code blocks and local links (still as
//! [`super::markdown::PLACEHOLDER`] markers here) — comes out as it went in.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The scheme of the markers that stand for local links until they are resolved.
const PLACEHOLDER_SCHEME: &str = "x-sotay-ref";

/// Ids the default theme uses for itself (docs/theme.md): a page may not take them.
fn is_reserved_id(id: &str) -> bool {
    id.starts_with("sotay-") || id == "search"
}

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["input"])
            .add_generic_attributes(["class", "id"])
            .add_tag_attributes("a", ["title", "aria-hidden", "tabindex"])
            .add_tag_attributes("img", ["title"])
            .add_tag_attributes("div", ["role", "tabindex", "data-sotay-block"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_url_schemes([PLACEHOLDER_SCHEME])
            // sotay's own links carry no rel; ammonia allows no `target`, so none is needed
            .link_rel(None)
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                // task lists: disabled checkboxes, nothing else a form could use
                ("input", "type") => (value == "checkbox").then_some(Cow::Borrowed(value)),
                // Markdown's table column alignment, and no other style
                (_, "style") => matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
                .then_some(Cow::Borrowed(value)),
                (_, "id") if is_reserved_id(value) => None,
                (_, "tabindex") => matches!(value, "0" | "-1").then_some(Cow::Borrowed(value)),
                _ => Some(Cow::Borrowed(value)),
            });
        b
    })
}

/// Sanitizes a page body.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn removes_what_runs() {
        let dirty = "<p onclick=\"x()\">a<script>alert(1)</script></p>\
                     <a href=\"javascript:alert(1)\">b</a><img src=x onerror=alert(1)>\
                     <iframe src=\"https://evil\"></iframe><style>p{}</style>\
                     <form><input type=\"text\" name=\"q\"></form>\
                     <div style=\"position:fixed\" id=\"sotay-main\">c</div>";
        assert_eq!(
            clean(dirty),
            "<p>a</p><a>b</a><img src=\"x\"><input><div>c</div>"
        );
    }

    #[test]
    fn keeps_what_markdown_makes() {
        for html in [
            "<h2 id=\"buoc-2\">Bước 2<a class=\"anchor\" href=\"#buoc-2\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>",
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Cảnh báo</p>\n<p>x</p>\n</div>",
            "<div class=\"table-wrap\" tabindex=\"0\">\n<table><thead><tr><th style=\"text-align: right\">a</th></tr></thead><tbody>\n<tr><td style=\"text-align: right\">1</td></tr>\n</tbody></table>\n</div>",
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\">\nxong</li>\n</ul>",
            "<p>x<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>Nguồn.</p>\n</div>",
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>",
            "<p><a href=\"x-sotay-ref:0\" title=\"t\">a</a> <img src=\"x-sotay-ref:1\" alt=\"ảnh\"></p>",
            "<div data-sotay-block=\"0\"></div>",
        ] {
            assert_eq!(clean(html), html);
        }
    }
}
