//! Stage 2, parse: each Markdown source on its own — front matter, then the body rendered
//! to HTML with its headings, table of contents and the links still to be resolved.
//! Pages are parsed independently (and in parallel); nothing here looks at other pages.

pub mod frontmatter;
pub mod markdown;
pub mod safe_html;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{Date, Language};
use crate::load::MarkdownSource;
use crate::text::LineIndex;
use rayon::prelude::*;

/// One Markdown source, parsed.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub rel: String,
    pub shown: std::path::PathBuf,
    pub front: frontmatter::FrontMatter,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Where `document:` stands in the front matter, for messages about it.
    pub document_position: Option<(usize, usize)>,
    pub body: markdown::Rendered,
}

/// Parses every source; problems of all pages are gathered.
pub fn parse_all(
    sources: &[MarkdownSource],
    lang: Language,
    blocks: Option<&dyn markdown::FencedBlocks>,
    safe_html: bool,
) -> Result<Vec<ParsedPage>, Diagnostics> {
    let results: Vec<Result<ParsedPage, Diagnostics>> = sources
        .par_iter()
        .map(|s| parse_page(s, lang, blocks, safe_html))
        .collect();
    let mut diags = Diagnostics::default();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => diags.extend(d.0),
        }
    }
    diags.into_result(pages)
}

/// Parses one source.
pub fn parse_page(
    src: &MarkdownSource,
    lang: Language,
    blocks: Option<&dyn markdown::FencedBlocks>,
    safe_html: bool,
) -> Result<ParsedPage, Diagnostics> {
    let split = frontmatter::split(&src.text, &src.shown)?;
    let front = frontmatter::parse(&split, &src.shown)?;
    let mut diags = Diagnostics::default();
    let date = check_date(&front.date, "date", &split, src, &mut diags);
    let updated = check_date(&front.updated, "updated", &split, src, &mut diags);
    let options = markdown::Options {
        language: lang,
        take_title_from_h1: front.title.is_none(),
        blocks,
        safe_html,
    };
    let mut body = markdown::render(split.body, &options);
    if !body.links.is_empty()
        || !body.problems.is_empty()
        || body.html_too_deep.is_some()
        || !body.duplicate_ids.is_empty()
    {
        let index = LineIndex::new(&src.text);
        for (at, id, first) in &body.duplicate_ids {
            let (first_line, _) = index.position(split.body_offset + first);
            diags.push(
                Diagnostic::new(&src.shown, format!("the heading id `{id}` is already used on line {first_line}"))
                    .at_opt(Some(index.position(split.body_offset + at)))
                    .help(format!("give each heading its own id: change this `{{#{id}}}`, or remove it to let sotay make one from the heading")),
            );
        }
        if let Some(offset) = body.html_too_deep {
            diags.push(
                Diagnostic::new(
                    &src.shown,
                    format!(
                        "HTML elements are nested more than {} deep here",
                        markdown::MAX_HTML_DEPTH
                    ),
                )
                .at_opt(Some(index.position(split.body_offset + offset)))
                .help("close the HTML elements you open (`<div>` … `</div>`); browsers stop nesting at this depth anyway"),
            );
        }
        for link in &mut body.links {
            link.position = index.position(split.body_offset + link.offset);
        }
        for p in &body.problems {
            let (fence_line, _) = index.position(split.body_offset + p.offset);
            let mut d = Diagnostic::new(&src.shown, p.error.message.clone())
                .at(fence_line + 1 + p.error.line, p.error.column);
            if let Some(h) = &p.error.help {
                d = d.help(h.clone());
            }
            diags.push(d);
        }
    }
    let title = front
        .title
        .clone()
        .or_else(|| body.h1_title.clone())
        .map(|t| crate::text::nfc(t.trim()))
        // a title of spaces and invisible characters (zero-width space, soft hyphen…) is
        // no title: it would show as an empty link in the menu
        .filter(|t| {
            t.chars().any(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
            })
        });
    let Some(title) = title else {
        diags.push(
            Diagnostic::new(&src.shown, "the page has no title")
                .at(1, 1)
                .help(
                    "add `title: …` to the front matter, or start the page with a `# Title` line",
                ),
        );
        return Err(diags);
    };
    diags.into_result(ParsedPage {
        rel: src.rel.clone(),
        shown: src.shown.clone(),
        front,
        title,
        date,
        updated,
        document_position: split.key_position("document", &src.text),
        body,
    })
}

fn check_date(
    value: &Option<String>,
    key: &str,
    split: &frontmatter::Split,
    src: &MarkdownSource,
    diags: &mut Diagnostics,
) -> Option<Date> {
    let v = value.as_deref()?;
    let parsed = Date::parse_iso(v);
    if parsed.is_none() {
        let pos = split.key_position(key, &src.text);
        diags.push(
            Diagnostic::new(&src.shown, format!("`{key}` is not a date: {v}"))
                .at_opt(pos)
                .help(format!(
                    "write dates as YYYY-MM-DD, for example `{key}: 2022-06-16`"
                )),
        );
    }
    parsed
}
