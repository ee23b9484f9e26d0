//! Markdown → HTML with what a handbook needs on top of CommonMark: anchors on headings
//! (ASCII slugs of Vietnamese text), a table of contents, GitHub-style callouts, tables that
//! scroll inside their box, and every local link or image replaced by a placeholder that
//! the resolve stage fills in once all pages are known.

use crate::i18n::{self, Language};
use crate::slug::SlugSet;
use pulldown_cmark::{
    html, BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options as CmOptions, Parser, Tag,
    TagEnd,
};

/// Marks a local link in rendered HTML: `x-sotay-ref:N` is replaced by the N-th resolved
/// href of the page.
pub const PLACEHOLDER: &str = "x-sotay-ref:";

/// Renders fenced code blocks of a kind it claims (```` ```thong-ke ````) into HTML: the
/// extension point through which statistics and other generated content enter pages.
pub trait FencedBlocks: Sync {
    /// Whether blocks with this info string (its first word) are rendered by this handler.
    fn claims(&self, lang: &str) -> bool;
    /// The HTML for a claimed block, or what is wrong with it.
    fn render(&self, lang: &str, code: &str) -> Result<String, BlockError>;
}

/// A problem inside a fenced block, positioned within the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockError {
    /// Line inside the block, from 0 (the first line after the opening fence).
    pub line: usize,
    /// Column on that line, from 1.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

/// A fenced block that failed to render, positioned in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockProblem {
    /// Byte offset of the opening fence in the body.
    pub offset: usize,
    pub error: BlockError,
}

/// How to render.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    pub language: Language,
    /// Use the first `# ` heading as the title (and leave it out of the body).
    pub take_title_from_h1: bool,
    /// Handler for special fenced blocks, if any.
    pub blocks: Option<&'a dyn FencedBlocks>,
    /// Sanitize the page's HTML (`safe_html: true`); HTML from `blocks` is sotay's own and
    /// is kept as it is.
    pub safe_html: bool,
}

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A local link or image, to be resolved against the other pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written (`../quy-trinh/sang-loc.md#buoc-2`).
    pub dest: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Line and column in the source file (filled in by [`crate::parse::parse_page`]).
    pub position: (usize, usize),
    pub image: bool,
}

/// Plain text of the part of a page under one heading (for search).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBlock {
    /// Anchor of the heading the text stands under (`None` before the first heading).
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with placeholders for local links.
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every anchor a link may point at on this page (headings, footnotes).
    pub anchors: Vec<String>,
    pub links: Vec<LinkRef>,
    pub h1_title: Option<String>,
    pub blocks: Vec<TextBlock>,
    /// Special fenced blocks that could not be rendered.
    pub problems: Vec<BlockProblem>,
    /// With `safe_html`: byte offset in the body where elements nest deeper than
    /// [`MAX_HTML_DEPTH`]; the page is then not sanitized (and the build fails).
    pub html_too_deep: Option<usize>,
    /// Custom heading ids (`{#id}`) given twice: (byte offset in the body of the second,
    /// the id, byte offset of the first).
    pub duplicate_ids: Vec<(usize, String, usize)>,
}

/// How deep elements may nest in a page sanitized for `safe_html`. Browsers stop nesting
/// at 512 anyway; the HTML parser behind the sanitizer takes time that grows with the square
/// of the depth (100,000 nested `<div>`s took 40 s).
pub const MAX_HTML_DEPTH: usize = 512;

/// Void elements: they are never closed, so they do not nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The nesting depth after an HTML fragment, counting its start and end tags.
fn html_depth(fragment: &str, mut depth: usize) -> usize {
    let mut rest = fragment;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name_part = rest.trim_start_matches('/');
        let name_len = name_part
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 || !name_part.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let name = name_part[..name_len].to_ascii_lowercase();
        let end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..end].ends_with('/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
        }
        rest = &rest[end..];
    }
    depth
}

fn cm_options() -> CmOptions {
    CmOptions::ENABLE_TABLES
        | CmOptions::ENABLE_FOOTNOTES
        | CmOptions::ENABLE_STRIKETHROUGH
        | CmOptions::ENABLE_TASKLISTS
        | CmOptions::ENABLE_GFM
        | CmOptions::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a destination leaves the handbook (a URL with a scheme, or `//host`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

struct HeadingBuf<'a> {
    level: HeadingLevel,
    custom_id: Option<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

/// Renders a Markdown body.
pub fn render(body: &str, opts: &Options) -> Rendered {
    let mut out = Rendered::default();
    let mut slugs = SlugSet::default();
    // Ids written by the editor win over ids made from heading text, wherever they stand
    // on the page: `## Mục tiêu` before `## Khác {#muc-tieu}` becomes `muc-tieu-1`.
    if body.contains("{#") {
        for event in Parser::new_ext(body, cm_options()) {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                slugs.reserve(&id);
            }
        }
    }
    let mut custom_ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<HeadingBuf> = None;
    let mut block = TextBlock::default();
    let mut special: Option<(String, usize, String)> = None;
    // HTML of special blocks, kept out of the sanitizer (`safe_html`)
    let mut generated: Vec<String> = Vec::new();

    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, cm_options()).into_offset_iter() {
        if opts.safe_html && out.html_too_deep.is_none() {
            depth = match &event {
                Event::Start(_) => depth + 1,
                Event::End(_) => depth.saturating_sub(1),
                Event::Html(h) | Event::InlineHtml(h) => html_depth(h, depth),
                _ => depth,
            };
            if depth > MAX_HTML_DEPTH {
                out.html_too_deep = Some(range.start);
            }
        }
        if let Some((lang, offset, code)) = special.as_mut() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let handler = opts.blocks.expect("a handler claimed the block");
                    match handler.render(lang, code) {
                        Ok(html) if opts.safe_html => {
                            events.push(Event::Html(
                                format!("<div {BLOCK_ATTR}=\"{}\"></div>", generated.len()).into(),
                            ));
                            generated.push(html);
                        }
                        Ok(html) => events.push(Event::Html(html.into())),
                        Err(error) => out.problems.push(BlockProblem {
                            offset: *offset,
                            error,
                        }),
                    }
                    special = None;
                }
                _ => {}
            }
            continue;
        }
        if let (
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))),
            Some(h),
        ) = (&event, opts.blocks)
        {
            let lang = info.split_whitespace().next().unwrap_or("");
            if h.claims(lang) {
                special = Some((lang.to_string(), range.start, String::new()));
                continue;
            }
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !matches!(link_type, LinkType::Autolink | LinkType::Email)
                && !is_external(&dest_url) =>
            {
                let n = out.links.len();
                out.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    offset: range.start,
                    position: (0, 0),
                    image: false,
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: format!("{PLACEHOLDER}{n}").into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_external(&dest_url) => {
                let n = out.links.len();
                out.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    offset: range.start,
                    position: (0, 0),
                    image: true,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: format!("{PLACEHOLDER}{n}").into(),
                    title,
                    id,
                })
            }
            e => e,
        };

        if let Some(h) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let h = heading.take().expect("inside a heading");
                    finish_heading(h, opts, &mut slugs, &mut out, &mut events, &mut block);
                }
                e => {
                    if let Event::Text(t) | Event::Code(t) = &e {
                        h.text.push_str(t);
                    }
                    h.events.push(e);
                }
            }
            continue;
        }

        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if let Some(id) = &id {
                    // point at the `{#id}` itself when it can be found in the heading
                    let source = &body[range.clone()];
                    let at = range.start
                        + source
                            .rfind(&format!("#{id}"))
                            .map_or(0, |i| i.saturating_sub(1));
                    match custom_ids.get(id.as_ref()) {
                        Some(&first) => out.duplicate_ids.push((at, id.to_string(), first)),
                        None => {
                            custom_ids.insert(id.to_string(), at);
                        }
                    }
                }
                heading = Some(HeadingBuf {
                    level,
                    custom_id: id,
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout(kind);
                events.push(Event::Html(
                    format!(
                        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{}</p>\n",
                        i18n::string(opts.language, key)
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Table(a)) => {
                events.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\">\n".into(),
                ));
                events.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            // a form control needs a name (WCAG 4.1.2): say whether the task is done
            Event::TaskListMarker(done) => {
                let (checked, key) = if done {
                    (" checked", "task_done")
                } else {
                    ("", "task_todo")
                };
                events.push(Event::Html(
                    format!(
                        "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\">\n",
                        escape_attr(i18n::string(opts.language, key))
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.anchors.push(name.to_string());
                events.push(Event::Start(Tag::FootnoteDefinition(name)));
            }
            e => {
                match &e {
                    Event::Text(t) | Event::Code(t) => block.text.push_str(t),
                    Event::SoftBreak
                    | Event::HardBreak
                    | Event::End(TagEnd::Paragraph)
                    | Event::End(TagEnd::Item)
                    | Event::End(TagEnd::TableCell) => push_space(&mut block.text),
                    _ => {}
                }
                events.push(e);
            }
        }
    }
    if !block.text.trim().is_empty() || block.anchor.is_some() {
        block.text = block.text.trim().to_string();
        out.blocks.push(block);
    }
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    if opts.safe_html && out.html_too_deep.is_none() {
        out.html = restore_blocks(&super::safe_html::clean(&out.html), &generated);
    }
    out
}

/// Marks where the HTML of a special block goes back after sanitizing.
const BLOCK_ATTR: &str = "data-sotay-block";

fn restore_blocks(html: &str, generated: &[String]) -> String {
    if generated.is_empty() {
        return html.to_string();
    }
    let open = format!("<div {BLOCK_ATTR}=\"");
    let mut out =
        String::with_capacity(html.len() + generated.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len()..];
        let block = after
            .split_once("\"></div>")
            .and_then(|(n, tail)| Some((generated.get(n.parse::<usize>().ok()?)?, tail)));
        match block {
            Some((html, tail)) => {
                out.push_str(html);
                rest = tail;
            }
            None => {
                out.push_str(&open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn push_space(s: &mut String) {
    if !s.is_empty() && !s.ends_with(' ') {
        s.push(' ');
    }
}

fn finish_heading<'a>(
    h: HeadingBuf<'a>,
    opts: &Options,
    slugs: &mut SlugSet,
    out: &mut Rendered,
    events: &mut Vec<Event<'a>>,
    block: &mut TextBlock,
) {
    let text = crate::text::nfc(h.text.trim());
    if h.level == HeadingLevel::H1 && opts.take_title_from_h1 && out.h1_title.is_none() {
        out.h1_title = Some(text);
        return;
    }
    let id = match &h.custom_id {
        Some(id) => {
            slugs.reserve(id);
            id.to_string()
        }
        None => slugs.unique(&text),
    };
    let level = h.level as u8;
    if level == 2 || level == 3 {
        out.toc.push(TocEntry {
            level,
            id: id.clone(),
            title: text.clone(),
        });
    }
    out.anchors.push(id.clone());
    let mut inner = String::new();
    html::push_html(&mut inner, h.events.into_iter());
    let id_attr = escape_attr(&id);
    events.push(Event::Html(
        format!(
            "<h{level} id=\"{id_attr}\">{inner}<a class=\"anchor\" href=\"#{id_attr}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n"
        )
        .into(),
    ));
    let finished = std::mem::replace(
        block,
        TextBlock {
            anchor: Some(id),
            heading: text,
            text: String::new(),
        },
    );
    if !finished.text.trim().is_empty() || finished.anchor.is_some() {
        out.blocks.push(TextBlock {
            text: finished.text.trim().to_string(),
            ..finished
        });
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "note"),
        BlockQuoteKind::Tip => ("tip", "tip"),
        BlockQuoteKind::Important => ("important", "important"),
        BlockQuoteKind::Warning => ("warning", "warning"),
        BlockQuoteKind::Caution => ("caution", "caution"),
    }
}

/// Escapes text for an HTML attribute value or text node.
pub fn escape_attr(s: &str) -> String {
    // Control characters (other than tab and line ends) have no place in HTML text, and one
    // of them marks where the page body goes while a template renders
    // ([`crate::render::views::CONTENT_MARK`]): a title must not be able to move the body.
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let needs = |b: &u8| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
            || (b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
    };
    let Some(first) = s
        .bytes()
        .position(|b| needs(&b))
        .or_else(|| s.chars().any(is_control).then_some(0))
    else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Rendered {
        render(
            md,
            &Options {
                language: Language::Vi,
                take_title_from_h1: true,
                blocks: None,
                safe_html: false,
            },
        )
    }

    #[test]
    fn heading_anchors_and_toc() {
        let out =
            r("# Tiêu đề\n\n## Bước 2: Tổ chức buổi sinh hoạt\n\n### Mục đích\n\n## Mục đích\n");
        assert_eq!(out.h1_title.as_deref(), Some("Tiêu đề"));
        assert!(!out.html.contains("<h1"), "{}", out.html);
        assert!(out
            .html
            .contains("<h2 id=\"buoc-2-to-chuc-buoi-sinh-hoat\">Bước 2: Tổ chức buổi sinh hoạt<a class=\"anchor\""));
        let ids: Vec<_> = out.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["buoc-2-to-chuc-buoi-sinh-hoat", "muc-dich", "muc-dich-1"]
        );
        assert_eq!(out.toc[1].level, 3);
    }

    #[test]
    fn callouts_tables_tasks_footnotes() {
        let out = r("> [!WARNING]\n> Cẩn thận.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] xong\n- [ ] chưa\n\nChú thích[^1].\n\n[^1]: Nguồn.\n");
        assert!(out.html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Cảnh báo</p>"), "{}", out.html);
        assert!(out
            .html
            .contains("<div class=\"table-wrap\" tabindex=\"0\">\n<table>"));
        assert!(
            out.html.contains(
                "<li><input type=\"checkbox\" disabled checked aria-label=\"Đã xong\">\nxong</li>"
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains(
            "<li><input type=\"checkbox\" disabled aria-label=\"Chưa xong\">\nchưa</li>"
        ));
        assert!(out.anchors.contains(&"1".to_string()));
        assert!(out.html.contains("footnote-definition"));
    }

    #[test]
    fn local_links_become_placeholders() {
        let out = r("Xem [bước 2](../quy-trinh/a.md#buoc-2), [web](https://example.org), ![ảnh](hinh.png) và <https://x.vn>.\n");
        assert_eq!(out.links.len(), 2);
        assert_eq!(out.links[0].dest, "../quy-trinh/a.md#buoc-2");
        assert_eq!(out.links[0].offset, 4);
        assert!(out.links[1].image);
        assert!(out.html.contains("href=\"x-sotay-ref:0\""));
        assert!(out.html.contains("src=\"x-sotay-ref:1\""));
        assert!(out.html.contains("href=\"https://example.org\""));
    }

    #[test]
    fn external_detection() {
        assert!(is_external("https://a"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn"));
        assert!(!is_external("a.md"));
        assert!(!is_external("../a.md#x:y"));
        assert!(!is_external("#x"));
    }

    #[test]
    fn text_blocks_follow_headings() {
        let out = r("Mở đầu.\n\n## Một\n\nNội dung một.\n\n## Hai\n\nNội dung hai.\n");
        assert_eq!(out.blocks.len(), 3);
        assert_eq!(out.blocks[0].anchor, None);
        assert_eq!(out.blocks[1].anchor.as_deref(), Some("mot"));
        assert_eq!(out.blocks[2].text, "Nội dung hai.");
    }

    struct Upper;
    impl FencedBlocks for Upper {
        fn claims(&self, lang: &str) -> bool {
            lang == "hoa"
        }
        fn render(&self, _: &str, code: &str) -> Result<String, BlockError> {
            if code.contains('!') {
                return Err(BlockError {
                    line: 1,
                    column: 2,
                    message: "no !".into(),
                    help: None,
                });
            }
            Ok(format!("<p>{}</p>", code.trim().to_uppercase()))
        }
    }

    #[test]
    fn fenced_block_handler() {
        let opts = Options {
            language: Language::Vi,
            take_title_from_h1: false,
            blocks: Some(&Upper),
            safe_html: false,
        };
        let out = render(
            "```hoa
đảng
```

```rust
x
```
",
            &opts,
        );
        assert!(out.html.contains("<p>ĐẢNG</p>"), "{}", out.html);
        assert!(out.html.contains("language-rust"));
        let out = render(
            "Đoạn.

```hoa
a
b!
```
",
            &opts,
        );
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].offset, "Đoạn.\n\n".len());
    }

    #[test]
    fn custom_ids_kept() {
        let out = r("## Bước một {#buoc-1}\n");
        assert_eq!(out.toc[0].id, "buoc-1");
    }

    #[test]
    fn escaping_drops_control_characters() {
        assert_eq!(escape_attr("a\u{1}b\u{85}c\td"), "abc\td");
        assert_eq!(
            escape_attr("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape_attr("Bước 2"), "Bước 2");
    }

    #[test]
    fn safe_html_keeps_generated_blocks_and_markdown() {
        let opts = Options {
            language: Language::Vi,
            take_title_from_h1: false,
            blocks: Some(&Upper),
            safe_html: true,
        };
        let md = "## Mục <script>x</script>\n\n```hoa\nđảng\n```\n\n<div data-sotay-block=\"7\"></div>\n\n<img src=x onerror=alert(1)> [a](b.md)\n";
        let out = render(md, &opts);
        assert!(out.html.contains("<p>ĐẢNG</p>"), "{}", out.html);
        assert!(
            !out.html.contains("script") && !out.html.contains("onerror"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<h2 id=\"muc-x\">Mục <a class=\"anchor\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<a href=\"x-sotay-ref:0\">a</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<div data-sotay-block=\"7\"></div>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn html_nesting_depth() {
        assert_eq!(html_depth("<div><p>a<br><img src=x/><hr/></p>", 0), 1);
        assert_eq!(html_depth("</div></div>", 1), 0);
        assert_eq!(html_depth("<!-- <div> --> a < b <3 <DIV class=x>", 0), 2);
        let opts = Options {
            language: Language::Vi,
            take_title_from_h1: false,
            blocks: None,
            safe_html: true,
        };
        let deep = format!("Mở đầu.\n\n{}x\n", "<div>".repeat(MAX_HTML_DEPTH + 10));
        let out = render(&deep, &opts);
        assert_eq!(out.html_too_deep, Some("Mở đầu.\n\n".len()));
        let quotes = format!("{} x\n", ">".repeat(MAX_HTML_DEPTH + 10));
        assert!(render(&quotes, &opts).html_too_deep.is_some());
        let fine = format!("{}x{}\n", "<div>".repeat(100), "</div>".repeat(100));
        assert_eq!(render(&fine, &opts).html_too_deep, None);
    }
}
