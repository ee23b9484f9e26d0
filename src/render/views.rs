//! What templates see: a documented, serializable view of a page (docs/theme.md), borrowed
//! from the resolved site. Internals can change without breaking themes.

use crate::config::Config;
use crate::parse::markdown::TocEntry;
use crate::resolve::urls;
use crate::resolve::{NodeKind, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// What every page shares.
pub struct Common<'a> {
    pub site: SiteView<'a>,
    pub t: &'a BTreeMap<&'static str, &'static str>,
    /// Absolute root for pages served at unknown depth (404), from `base_url`.
    pub absolute_root: Option<String>,
    /// Which nodes have a print view.
    pub printable: &'a [bool],
}

impl<'a> Common<'a> {
    pub fn new(
        config: &'a Config,
        t: &'a BTreeMap<&'static str, &'static str>,
        printable: &'a [bool],
    ) -> Self {
        Common {
            site: SiteView {
                title: &config.title,
                description: &config.description,
                language: config.language.code(),
            },
            t,
            absolute_root: config.base_url.as_ref().map(|u| {
                let mut u = u.clone();
                if !u.ends_with('/') {
                    u.push('/');
                }
                u
            }),
            printable,
        }
    }
}

#[derive(Serialize, Clone, Copy)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct ChildView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    pub kind: NodeKind,
}

#[derive(Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: NodeKind,
    pub current: bool,
    pub open: bool,
    pub children: Vec<NavItem<'a>>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub source: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub date: String,
    pub updated: String,
    pub date_iso: String,
    pub updated_iso: String,
    pub draft: bool,
    pub breadcrumbs: Vec<LinkView<'a>>,
    pub prev: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
    pub children: Vec<ChildView<'a>>,
    pub document: Option<DocumentView<'a>>,
    /// Absolute URL of this page when `base_url` is known.
    pub canonical: Option<String>,
    /// URL (relative to the root) of this section's print view, if it has one.
    pub print_url: Option<String>,
}

/// The official document a page presents.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub number: &'a str,
    pub kind: &'a str,
    pub issuer: &'a str,
    pub date: String,
    pub date_iso: String,
    pub in_force: bool,
    pub replaced_by: Option<&'a str>,
    /// URL (relative to the root) of the replacing document's page, when it has one.
    pub replaced_by_url: Option<&'a str>,
    /// URL (relative to the root) of the register page.
    pub register_url: &'static str,
}

fn document_view<'a>(
    site: &'a Site,
    doc: &'a crate::documents::DocumentMeta,
    lang: crate::i18n::Language,
) -> DocumentView<'a> {
    let date = doc.date.as_deref().and_then(crate::i18n::Date::parse_iso);
    let replaced_by_url = doc.replaced_by.as_deref().and_then(|n| {
        site.nodes
            .iter()
            .find(|x| x.document.as_ref().is_some_and(|d| d.number == n))
            .map(|x| x.url.as_str())
    });
    DocumentView {
        number: &doc.number,
        kind: &doc.kind,
        issuer: &doc.issuer,
        date: date.map(|d| d.display(lang)).unwrap_or_default(),
        date_iso: date.map(|d| d.iso()).unwrap_or_default(),
        in_force: doc.status == crate::documents::Status::InForce,
        replaced_by: doc.replaced_by.as_deref(),
        replaced_by_url,
        register_url: "danh-muc-van-ban.html",
    }
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub root: String,
    pub site: SiteView<'a>,
    pub t: &'a BTreeMap<&'static str, &'static str>,
    pub page: PageView<'a>,
    pub nav: Vec<NavItem<'a>>,
}

/// Stands for `page.content` while the template renders; the page's HTML is put in its
/// place afterwards, so large bodies are not copied through the template engine.
pub const CONTENT_MARK: &str = "\u{1}sotay-content\u{1}";

/// The template a node is rendered with.
pub fn template_for(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Home => "index.html",
        NodeKind::Section => "section.html",
        NodeKind::Page => "page.html",
    }
}

fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Home => "home",
        NodeKind::Section => "section",
        NodeKind::Page => "page",
    }
}

fn link(site: &Site, id: usize) -> LinkView<'_> {
    let n = &site.nodes[id];
    LinkView {
        title: &n.title,
        url: &n.url,
    }
}

/// The context for one node.
pub fn page_context<'a>(site: &'a Site, id: usize, common: &Common<'a>) -> PageContext<'a> {
    let node = &site.nodes[id];
    let lang = crate::i18n::Language::from_code(common.site.language);
    let ancestors = site.ancestors(id);
    let page = PageView {
        kind: kind_name(node.kind),
        title: &node.title,
        description: &node.description,
        url: &node.url,
        source: &node.source,
        content: if node.body.html.is_empty() {
            ""
        } else {
            CONTENT_MARK
        },
        toc: &node.body.toc,
        date: node.date.map(|d| d.display(lang)).unwrap_or_default(),
        updated: node.updated.map(|d| d.display(lang)).unwrap_or_default(),
        date_iso: node.date.map(|d| d.iso()).unwrap_or_default(),
        updated_iso: node.updated.map(|d| d.iso()).unwrap_or_default(),
        draft: node.draft,
        breadcrumbs: ancestors.iter().map(|&a| link(site, a)).collect(),
        prev: node.prev.map(|p| link(site, p)),
        next: node.next.map(|n| link(site, n)),
        children: node
            .children
            .iter()
            .map(|&c| {
                let n = &site.nodes[c];
                ChildView {
                    title: &n.title,
                    url: &n.url,
                    description: &n.description,
                    kind: n.kind,
                }
            })
            .collect(),
        document: node.document.as_ref().map(|d| document_view(site, d, lang)),
        canonical: common
            .absolute_root
            .as_ref()
            .map(|base| format!("{base}{}", urls::encode_path(&node.url))),
        print_url: common
            .printable
            .get(id)
            .copied()
            .unwrap_or(false)
            .then(|| super::print::print_path(site, id)),
    };
    PageContext {
        root: urls::root_prefix(&node.url),
        site: common.site,
        t: common.t,
        page,
        nav: nav_for(site, id),
    }
}

/// The sidebar for a node: top-level entries, then along the path to the node each
/// ancestor's children, and the node's own children when it is a section. Its size depends
/// on the node's neighbourhood, never on the size of the whole handbook.
pub fn nav_for(site: &Site, id: usize) -> Vec<NavItem<'_>> {
    let mut path = site.ancestors(id);
    path.push(id);
    build_level(site, 0, &path, id)
}

fn build_level<'a>(
    site: &'a Site,
    parent: usize,
    path: &[usize],
    current: usize,
) -> Vec<NavItem<'a>> {
    site.nodes[parent]
        .children
        .iter()
        .map(|&c| {
            let n = &site.nodes[c];
            let on_path = path.contains(&c);
            NavItem {
                title: &n.title,
                url: &n.url,
                kind: n.kind,
                current: c == current,
                open: on_path && n.kind != NodeKind::Page,
                children: if on_path && !n.children.is_empty() {
                    build_level(site, c, path, current)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The context of the 404 page, which a server may send for any path: links are absolute
/// when `base_url` is known.
pub fn not_found_context<'a>(site: &'a Site, common: &Common<'a>) -> PageContext<'a> {
    PageContext {
        root: common.absolute_root.clone().unwrap_or_default(),
        site: common.site,
        t: common.t,
        page: PageView {
            kind: "not_found",
            title: common.t.get("not_found").copied().unwrap_or_default(),
            description: "",
            url: "404.html",
            source: "",
            content: "",
            toc: &[],
            date: String::new(),
            updated: String::new(),
            date_iso: String::new(),
            updated_iso: String::new(),
            draft: false,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            children: Vec::new(),
            document: None,
            canonical: None,
            print_url: None,
        },
        nav: build_level(site, 0, &[], usize::MAX),
    }
}
