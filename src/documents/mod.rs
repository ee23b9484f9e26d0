//! Official documents: a page may present one (number, date, issuer, kind, status). sotay
//! keeps a register of them, adds a register page to the handbook, and links every mention
//! of a registered number in any page's text to the page that presents it.

pub mod autolink;
pub mod register_page;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Date;
use crate::parse::ParsedPage;
use serde::Deserialize;
use std::collections::HashMap;

/// The keys of a `document:` block (for did-you-mean).
pub const KEYS: &[&str] = &["number", "kind", "date", "issuer", "status", "replaced_by"];

/// What a page says about the document it presents (front matter `document:`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    /// The document's number as written on it: `21-NQ/TW`.
    pub number: String,
    /// nghị quyết, hướng dẫn, quy định, kế hoạch, chỉ thị, kết luận, quyết định…
    pub kind: String,
    /// Date of issue, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who issued it: `Ban Chấp hành Trung ương`.
    pub issuer: String,
    /// `in_force` (default) or `replaced`.
    #[serde(default)]
    pub status: Status,
    /// The number of the document that replaced it.
    pub replaced_by: Option<String>,
}

/// Whether a document still applies.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    InForce,
    Replaced,
}

/// One registered document.
#[derive(Debug, Clone)]
pub struct Entry {
    pub meta: DocumentMeta,
    pub date: Option<Date>,
    /// Source path (relative to content/) of the page that presents it.
    pub source: String,
    pub title: String,
}

/// All documents of the handbook, by number.
#[derive(Debug, Default, Clone)]
pub struct Register {
    pub entries: Vec<Entry>,
    pub by_number: HashMap<String, usize>,
}

impl Register {
    /// Collects the documents declared by parsed pages; a number declared twice is an error.
    pub fn collect(pages: &[ParsedPage]) -> Result<Register, Diagnostics> {
        let mut reg = Register::default();
        let mut diags = Diagnostics::default();
        let mut sorted: Vec<&ParsedPage> = pages
            .iter()
            .filter(|p| p.front.document.is_some())
            .collect();
        sorted.sort_by(|a, b| a.rel.cmp(&b.rel));
        for p in sorted {
            let meta = p.front.document.clone().expect("filtered");
            let number = meta.number.trim().to_string();
            let pos = p.document_position;
            if number.is_empty() {
                diags.push(
                    Diagnostic::new(&p.shown, "`document.number` is empty")
                        .at_opt(pos)
                        .help("write the number as on the document, e.g. `number: \"21-NQ/TW\"`"),
                );
                continue;
            }
            let date = match meta.date.as_deref() {
                Some(d) => match Date::parse_iso(d) {
                    Some(d) => Some(d),
                    None => {
                        diags.push(
                            Diagnostic::new(
                                &p.shown,
                                format!("`document.date` is not a date: {d}"),
                            )
                            .at_opt(pos)
                            .help("write dates as YYYY-MM-DD, for example `date: 2022-06-16`"),
                        );
                        None
                    }
                },
                None => None,
            };
            if meta.status == Status::Replaced && meta.replaced_by.is_none() {
                diags.push(
                    Diagnostic::new(
                        &p.shown,
                        format!("document {number} is `replaced` but does not say by what"),
                    )
                    .at_opt(pos)
                    .help("add `replaced_by: \"<number of the new document>\"`"),
                );
            }
            if let Some(&other) = reg.by_number.get(&number) {
                let first = &reg.entries[other];
                diags.push(
                    Diagnostic::new(&p.shown, format!(
                        "document number {number} is already declared by content/{}",
                        first.source
                    ))
                    .at_opt(pos)
                    .help("each document is presented by one page; remove one of the two `document:` blocks or correct the number"),
                );
                continue;
            }
            reg.by_number.insert(number.clone(), reg.entries.len());
            reg.entries.push(Entry {
                meta: DocumentMeta { number, ..meta },
                date,
                source: p.rel.clone(),
                title: p.title.clone(),
            });
        }
        diags.into_result(reg)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, number: &str) -> Option<&Entry> {
        self.by_number.get(number).map(|&i| &self.entries[i])
    }
}

/// Links every mention of a registered number in the site's pages (after links are resolved).
pub fn autolink_site(
    site: &mut crate::resolve::Site,
    register: &Register,
    lang: crate::i18n::Language,
) {
    let all: Vec<usize> = (0..site.nodes.len()).collect();
    autolink_nodes(site, register, lang, &all);
}

/// Links the mentions in the nodes `ids` only (the preview, after those pages changed).
pub fn autolink_nodes(
    site: &mut crate::resolve::Site,
    register: &Register,
    lang: crate::i18n::Language,
    ids: &[usize],
) {
    use rayon::prelude::*;
    if register.is_empty() {
        return;
    }
    let replaced_word = crate::i18n::string(lang, "replaced_by");
    let url_of = |number: &str| -> Option<&str> {
        let e = register.get(number)?;
        let id = *site.by_source.get(&e.source)?;
        Some(site.nodes[id].url.as_str())
    };
    let new_html: Vec<Option<String>> = ids
        .par_iter()
        .map(|&id| {
            let node = &site.nodes[id];
            let lookup = |number: &str| -> Option<autolink::MentionLink> {
                let e = register.get(number)?;
                if e.source == node.source {
                    return None;
                }
                let href = crate::resolve::urls::relative(&node.url, url_of(number)?);
                let replaced_by = match (e.meta.status, &e.meta.replaced_by) {
                    (Status::Replaced, Some(by)) => Some((
                        by.clone(),
                        url_of(by).map(|u| crate::resolve::urls::relative(&node.url, u)),
                    )),
                    _ => None,
                };
                Some(autolink::MentionLink { href, replaced_by })
            };
            match autolink::autolink(&node.body.html, replaced_word, &lookup) {
                std::borrow::Cow::Owned(s) => Some(s),
                std::borrow::Cow::Borrowed(_) => None,
            }
        })
        .collect();
    for (&id, html) in ids.iter().zip(new_html) {
        if let Some(h) = html {
            site.nodes[id].body.html = h;
        }
    }
}
