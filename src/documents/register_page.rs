//! The register page: every document of the handbook by kind (newest first) and by issuer,
//! generated as Markdown so that it goes through the same parse, link check and templates
//! as any page.

use super::{Register, Status};
use crate::collate;
use crate::diagnostics::Diagnostics;
use crate::i18n::{self, Language};
use crate::load::MarkdownSource;
use crate::parse::{self, ParsedPage};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where the register page sits in the handbook (relative to content/).
pub const SOURCE: &str = "danh-muc-van-ban.md";

/// Escapes text for a Markdown table cell or link text.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation()
            && !matches!(
                c,
                '-' | '/' | '.' | ',' | ':' | ';' | '(' | ')' | '"' | '\'' | '–'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown link target from the register page to a page's source: every character
/// that is not safe in a URL is percent-encoded (spaces, parentheses, `%`, `<`…), which the
/// link check decodes again.
fn link(from_dir_depth: usize, source: &str) -> String {
    format!(
        "{}{}",
        "../".repeat(from_dir_depth),
        crate::resolve::urls::encode_path(source)
    )
}

/// The Markdown of the register page.
pub fn markdown(register: &Register, lang: Language) -> String {
    let t = |k| i18n::string(lang, k);
    let depth = SOURCE.matches('/').count();
    let mut by_kind: BTreeMap<collate::SortKey, (String, Vec<usize>)> = BTreeMap::new();
    let mut by_issuer: BTreeMap<collate::SortKey, (String, Vec<usize>)> = BTreeMap::new();
    for (i, e) in register.entries.iter().enumerate() {
        let kind = e.meta.kind.trim().to_string();
        let mut chars = kind.chars();
        let kind_title: String = chars
            .next()
            .map(|f| f.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        by_kind
            .entry(collate::sort_key(&kind.to_lowercase()))
            .or_insert_with(|| (kind_title, vec![]))
            .1
            .push(i);
        let issuer = e.meta.issuer.trim().to_string();
        by_issuer
            .entry(collate::sort_key(&issuer))
            .or_insert_with(|| (issuer.clone(), vec![]))
            .1
            .push(i);
    }
    let newest_first = |v: &mut Vec<usize>| {
        v.sort_by(|a, b| {
            let (ea, eb) = (&register.entries[*a], &register.entries[*b]);
            eb.date
                .cmp(&ea.date)
                .then_with(|| ea.meta.number.cmp(&eb.meta.number))
        })
    };
    let mut s = format!(
        "---\ntitle: \"{}\"\ndescription: \"{}\"\nweight: 100000\n---\n\n{}\n\n",
        t("register_title"),
        t("register_description"),
        t("register_intro")
    );
    for (_, (kind, mut ids)) in by_kind {
        newest_first(&mut ids);
        s.push_str(&format!("## {}\n\n", md(&kind)));
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
            t("doc_number"),
            t("doc_title"),
            t("doc_date"),
            t("doc_issuer"),
            t("doc_status")
        ));
        for i in ids {
            let e = &register.entries[i];
            let status = match (e.meta.status, &e.meta.replaced_by) {
                (Status::Replaced, Some(by)) => format!("{} {}", t("replaced_by"), md(by)),
                (Status::Replaced, None) => t("doc_replaced").to_string(),
                (Status::InForce, _) => t("doc_in_force").to_string(),
            };
            s.push_str(&format!(
                "| [{}]({}) | {} | {} | {} | {} |\n",
                md(&e.meta.number),
                link(depth, &e.source),
                md(&e.title),
                e.date.map(|d| d.display(lang)).unwrap_or_default(),
                md(&e.meta.issuer),
                status
            ));
        }
        s.push('\n');
    }
    s.push_str(&format!("## {}\n\n", t("doc_by_issuer")));
    for (_, (issuer, mut ids)) in by_issuer {
        newest_first(&mut ids);
        let docs: Vec<String> = ids
            .iter()
            .map(|&i| {
                let e = &register.entries[i];
                format!("[{}]({})", md(&e.meta.number), link(depth, &e.source))
            })
            .collect();
        s.push_str(&format!("- **{}**: {}\n", md(&issuer), docs.join(", ")));
    }
    s
}

/// The register page, parsed like any other page.
pub fn page(register: &Register, lang: Language) -> Result<ParsedPage, Diagnostics> {
    let src = MarkdownSource {
        rel: SOURCE.to_string(),
        shown: PathBuf::from(format!(
            "content/{SOURCE} (generated register of documents)"
        )),
        text: markdown(register, lang),
    };
    parse::parse_page(&src, lang, None, false)
}
