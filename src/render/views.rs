//! What templates see: a documented, serializable view of a page (docs/theme.md), borrowed
//! from the resolved site. Internals can change without breaking themes.

use crate::config::Config;
use crate::parse::markdown::TocEntry;
use crate::resolve::urls;
use crate::resolve::{NodeKind, Site};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What every page shares.
pub struct Common<'a> {
    pub site: SiteView<'a>,
    pub t: &'a BTreeMap<&'static str, &'static str>,
    /// Absolute root for pages served at unknown depth (404), from `base_url`.
    pub absolute_root: Option<String>,
    /// Which nodes have a print view.
    pub printable: &'a [bool],
    /// The attributes print views rewrite, per node (see [`super::print::attributes`]).
    pub print_attrs: super::print::AttrCache,
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
            print_attrs: (0..printable.len()).map(|_| Default::default()).collect(),
        }
    }
}

#[derive(Serialize, Hash, Clone, Copy)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
}

/// A URL for an `href`: the output path with every character a URL cannot hold as it is
/// percent-encoded (`Hỏi đáp #1.html` → `H%E1%BB%8Fi%20%C4%91%C3%A1p%20%231.html`), so that
/// `#`, `?`, `%` and spaces in file names cannot break links.
pub fn href(path: &str) -> Cow<'_, str> {
    if path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/'))
    {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(urls::encode_path(path))
    }
}

#[derive(Serialize, Hash)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: Cow<'a, str>,
}

#[derive(Serialize, Hash)]
pub struct ChildView<'a> {
    pub title: &'a str,
    pub url: Cow<'a, str>,
    pub description: &'a str,
    pub kind: NodeKind,
}

/// One entry of the sidebar. The sidebar is a tree, handed to templates as a flat list in
/// reading order (a template engine loops over a list much faster than it recurses over a
/// tree): an entry with `opens` is followed by its children, one level deeper, and `closes`
/// says how many levels end after the entry.
pub struct NavItem<'a> {
    pub title: Cow<'a, str>,
    pub url: Cow<'a, str>,
    pub kind: NodeKind,
    pub current: bool,
    pub open: bool,
    /// A link to the section's page standing for the entries a long list leaves out.
    pub more: bool,
    /// 1 for the top level.
    pub depth: usize,
    /// The entries that follow, up to the matching `closes`, are this entry's children.
    pub opens: bool,
    /// How many levels of children end after this entry.
    pub closes: usize,
}

/// A sidebar list longer than this shows only a window of entries around the current one,
/// and a link to the section's page for the rest: a section of 5,000 pages must not put
/// 5,000 links on each of its 5,000 pages.
pub const NAV_LIST_LIMIT: usize = 50;
/// Entries shown on each side of the current one in a shortened list.
pub const NAV_WINDOW: usize = 10;

#[derive(Serialize, Hash)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: Cow<'a, str>,
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
#[derive(Serialize, Hash)]
pub struct DocumentView<'a> {
    pub number: &'a str,
    pub kind: &'a str,
    pub issuer: &'a str,
    pub date: String,
    pub date_iso: String,
    pub in_force: bool,
    pub replaced_by: Option<&'a str>,
    /// URL (relative to the root) of the replacing document's page, when it has one.
    pub replaced_by_url: Option<Cow<'a, str>>,
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
            .map(|x| href(&x.url))
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

/// What a page's template sees. Its `Hash` (derived, as for every view in it, beside
/// `Serialize`: a field added is in both) is the page's fingerprint in the preview
/// ([`super::fingerprints`]).
#[derive(Serialize, Hash)]
pub struct PageContext<'a> {
    pub root: String,
    pub site: SiteView<'a>,
    pub t: &'a BTreeMap<&'static str, &'static str>,
    pub page: PageView<'a>,
    /// The sidebar tree as HTML ([`nav_for`], [`super::nav::html`]).
    pub nav_html: String,
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
        url: href(&n.url),
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
        url: href(&node.url),
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
                    url: href(&n.url),
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
            .then(|| href(&super::print::print_path(site, id)).into_owned()),
    };
    let root = urls::root_prefix(&node.url);
    let nav = nav_for(site, id, lang);
    PageContext {
        nav_html: super::nav::html(&nav, &root),
        root,
        site: common.site,
        t: common.t,
        page,
    }
}

/// The sidebar for a node: top-level entries, then along the path to the node each
/// ancestor's children, and the node's own children when it is a section. Its size depends
/// on the node's neighbourhood, never on the size of the whole handbook.
pub fn nav_for(site: &Site, id: usize, lang: crate::i18n::Language) -> Vec<NavItem<'_>> {
    let mut path = site.ancestors(id);
    path.push(id);
    let mut items = Vec::new();
    build_level(site, 0, &path, id, lang, 1, &mut items);
    items
}

/// Appends the entries of `parent`'s children (and, along `path`, their children) to `out`.
fn build_level<'a>(
    site: &'a Site,
    parent: usize,
    path: &[usize],
    current: usize,
    lang: crate::i18n::Language,
    depth: usize,
    out: &mut Vec<NavItem<'a>>,
) {
    let children = &site.nodes[parent].children;
    let shown = if children.len() <= NAV_LIST_LIMIT {
        0..children.len()
    } else {
        let at = children.iter().position(|c| path.contains(c)).unwrap_or(0);
        let start = at.saturating_sub(NAV_WINDOW);
        start..(at + NAV_WINDOW + 1).min(children.len())
    };
    for &c in &children[shown.clone()] {
        let n = &site.nodes[c];
        let on_path = path.contains(&c);
        let opens = on_path && !n.children.is_empty();
        out.push(NavItem {
            title: n.title.as_str().into(),
            url: href(&n.url),
            kind: n.kind,
            current: c == current,
            open: on_path && n.kind != NodeKind::Page,
            more: false,
            depth,
            opens,
            closes: 0,
        });
        if opens {
            build_level(site, c, path, current, lang, depth + 1, out);
            // a node with children shows at least one of them
            if let Some(last) = out.last_mut() {
                last.closes += 1;
            }
        }
    }
    if shown.len() < children.len() {
        let p = &site.nodes[parent];
        out.push(NavItem {
            title: format!(
                "{} ({})",
                crate::i18n::string(lang, "nav_all"),
                group_thousands(children.len(), lang)
            )
            .into(),
            url: href(&p.url),
            kind: p.kind,
            current: false,
            open: false,
            more: true,
            depth,
            opens: false,
            closes: 0,
        });
    }
}

/// `5000` → `5.000` (Vietnamese) or `5,000` (English).
fn group_thousands(n: usize, lang: crate::i18n::Language) -> String {
    let sep = if lang == crate::i18n::Language::Vi {
        '.'
    } else {
        ','
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// The context of the 404 page, which a server may send for any path: links are absolute
/// when `base_url` is known.
pub fn not_found_context<'a>(site: &'a Site, common: &Common<'a>) -> PageContext<'a> {
    let root = common.absolute_root.clone().unwrap_or_default();
    let nav = {
        let mut items = Vec::new();
        let lang = crate::i18n::Language::from_code(common.site.language);
        build_level(site, 0, &[], usize::MAX, lang, 1, &mut items);
        items
    };
    PageContext {
        nav_html: super::nav::html(&nav, &root),
        root,
        site: common.site,
        t: common.t,
        page: PageView {
            kind: "not_found",
            title: common.t.get("not_found").copied().unwrap_or_default(),
            description: "",
            url: "404.html".into(),
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
    }
}
