//! Print views: the whole handbook, and each section, as one page to print — numbered
//! chapters, a table of contents, each page starting on a new sheet. Links between pages
//! that are both in the print view become links within it.

use super::views::{Common, SiteView};
use super::Theme;
use crate::resolve::urls;
use crate::resolve::{NodeKind, Site};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// File name of a print view inside its section's folder.
pub const FILE_NAME: &str = "ban-in.html";

/// Output path of the print view of a section (or the home page).
pub fn print_path(site: &Site, id: usize) -> String {
    let dir = urls::dir_of(&site.nodes[id].url);
    if dir.is_empty() {
        FILE_NAME.to_string()
    } else {
        format!("{dir}/{FILE_NAME}")
    }
}

/// Number of pages in each node's subtree (itself included).
pub fn subtree_sizes(site: &Site) -> Vec<usize> {
    let mut sizes = vec![1usize; site.nodes.len()];
    for &id in site.reading_order.iter().rev() {
        if let Some(p) = site.nodes[id].parent {
            sizes[p] += sizes[id];
        }
    }
    sizes
}

/// Which nodes get a print view: the home page and sections with at most `max_pages` pages.
pub fn printable(site: &Site, max_pages: usize) -> Vec<bool> {
    let sizes = subtree_sizes(site);
    site.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| n.kind != NodeKind::Page && max_pages > 0 && sizes[i] <= max_pages)
        .collect()
}

#[derive(Serialize)]
struct Chapter {
    id: String,
    number: String,
    depth: usize,
    title: String,
    url: String,
    content: String,
}

#[derive(Serialize)]
struct PrintPage<'a> {
    kind: &'static str,
    title: &'a str,
    url: String,
    section_url: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct PrintContext<'a> {
    root: String,
    site: SiteView<'a>,
    t: &'a BTreeMap<&'static str, &'static str>,
    page: PrintPage<'a>,
    chapters: Vec<Chapter>,
}

/// Renders the print view of `top` (a section or the home page).
pub fn render_print(
    site: &Site,
    top: usize,
    theme: &Theme,
    common: &Common,
) -> Result<(String, Vec<u8>), super::theme::RenderError> {
    let out_path = print_path(site, top);
    // chapters in reading order, numbered like 1, 1.1, 1.2, 2 …
    let mut order = Vec::new();
    let mut stack = vec![(top, String::new(), 0usize)];
    while let Some((id, number, depth)) = stack.pop() {
        order.push((id, number.clone(), depth));
        let children = &site.nodes[id].children;
        for (i, &c) in children.iter().enumerate().rev() {
            let n = if number.is_empty() {
                format!("{}", i + 1)
            } else {
                format!("{number}.{}", i + 1)
            };
            stack.push((c, n, depth + 1));
        }
    }
    let chapter_of: FxHashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(k, (id, _, _))| (site.nodes[*id].url.as_str(), k))
        .collect();
    // The chapters' bodies are rewritten here and put in after the template has rendered
    // (as a page's body is): the template sees a mark in their place.
    let mut bodies = Vec::with_capacity(order.len());
    let mut links = Links::default();
    let chapters = order
        .iter()
        .enumerate()
        .map(|(k, (id, number, depth))| {
            let node = &site.nodes[*id];
            let attrs = common.print_attrs[*id].get_or_init(|| attributes(&node.body.html));
            bodies.push(rewrite(
                &node.body.html,
                attrs,
                &node.url,
                &format!("c{k}-"),
                &out_path,
                &|path| chapter_of.get(path).map(|c| format!("c{c}")),
                &mut links,
            ));
            Chapter {
                id: format!("c{k}"),
                number: number.clone(),
                depth: *depth,
                title: node.title.clone(),
                url: node.url.clone(),
                content: if node.body.html.is_empty() {
                    String::new()
                } else {
                    chapter_mark(k)
                },
            }
        })
        .collect();
    let ctx = PrintContext {
        root: urls::root_prefix(&out_path),
        site: common.site,
        t: common.t,
        page: PrintPage {
            kind: "print",
            title: &site.nodes[top].title,
            url: out_path.clone(),
            section_url: super::views::href(&site.nodes[top].url),
        },
        chapters,
    };
    let shell = theme.render("print.html", &ctx)?;
    Ok((out_path, splice_chapters(&shell, &bodies)))
}

/// What stands for chapter `k`'s body while the print template renders.
fn chapter_mark(k: usize) -> String {
    format!("{}{k}\u{1}", CHAPTER_MARK)
}

const CHAPTER_MARK: &str = "\u{1}sotay-chapter:";

/// Puts each chapter's body where the template printed its mark (as often as it did).
fn splice_chapters(shell: &[u8], bodies: &[String]) -> Vec<u8> {
    let mark = CHAPTER_MARK.as_bytes();
    let total: usize = bodies.iter().map(String::len).sum();
    let mut out = Vec::with_capacity(shell.len() + total);
    let mut rest = shell;
    while let Some(i) = memchr::memmem::find(rest, mark) {
        out.extend_from_slice(&rest[..i]);
        let after = &rest[i + mark.len()..];
        let chapter = memchr::memchr(1, after).and_then(|e| {
            let k = std::str::from_utf8(&after[..e])
                .ok()?
                .parse::<usize>()
                .ok()?;
            Some((e, k))
        });
        match chapter {
            Some((e, k)) if k < bodies.len() => {
                out.extend_from_slice(bodies[k].as_bytes());
                rest = &after[e + 1..];
            }
            // Not a mark of ours (titles cannot hold control characters, so never).
            _ => {
                out.extend_from_slice(mark);
                rest = after;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The links of a print view rewritten so far, by the folder of the page they are in, their
/// value and whether they are a `src`: the same link stands on many pages of a folder
/// (every progress page links its indicators and its unit's parents), and working out its
/// target each time cost more than the rest of the rewriting.
type Links<'a> = FxHashMap<(&'a str, &'a str, bool), String>;

/// The attributes [`rewrite`] changes, with what tells them apart.
const ATTRS: [&[u8]; 3] = [b"id", b"href", b"src"];

/// Where an `id`, `href` or `src` value stands in a page's HTML: found once per page and
/// kept for every print view the page is in (a unit's progress page is in its commune's
/// view and its district's; finding them costs about as much as the rewriting itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr {
    start: u32,
    len: u32,
    /// Index into [`ATTRS`].
    kind: u8,
    /// Whether it is an attribute (whitespace before its name), not text that looks like one.
    is_attr: bool,
}

/// The attributes of each node's HTML, found when a print view first needs them.
pub type AttrCache = Vec<std::sync::OnceLock<Vec<Attr>>>;

/// Finds the `id`, `href` and `src` values of `html`: every `="` is found with memchr's
/// SIMD search and the name before it is compared. (Pages of tables are mostly attributes,
/// a `="` every thirty bytes. An Aho-Corasick search for the three `name="` took 35
/// instructions a byte, and a search for each `"` alone, looking back for the `=`, cost
/// more than the pair: twice the hits. Print views of progress sections are tens of
/// megabytes.)
pub fn attributes(html: &str) -> Vec<Attr> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut done = 0;
    for eq in memchr::memmem::find_iter(bytes, b"=\"") {
        let Some(kind) = ATTRS.iter().position(|a| bytes[..eq].ends_with(a)) else {
            continue;
        };
        let name_start = eq - ATTRS[kind].len();
        if name_start < done {
            continue; // inside the value of the attribute before
        }
        let start = eq + 2;
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
            break;
        };
        // (pages are far below 4 GiB; a longer one is left as it is rather than cut)
        let (Ok(s), Ok(l)) = (u32::try_from(start), u32::try_from(len)) else {
            break;
        };
        found.push(Attr {
            start: s,
            len: l,
            kind: kind as u8,
            is_attr: name_start > 0 && bytes[name_start - 1].is_ascii_whitespace(),
        });
        done = start + len;
    }
    found
}

/// Rewrites ids and links of a page's HTML (its [`attributes`] found before) for a print
/// view at `print_url`: ids get `prefix`, links to pages in the view become
/// `#chapter[-anchor]`, other relative links are made relative to the print view.
fn rewrite<'a>(
    html: &'a str,
    attrs: &[Attr],
    page_url: &'a str,
    prefix: &str,
    print_url: &str,
    chapter: &dyn Fn(&str) -> Option<String>,
    links: &mut Links<'a>,
) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut done = 0;
    for a in attrs {
        let (start, kind) = (a.start as usize, a.kind as usize);
        let value = &html[start..start + a.len as usize];
        out.push_str(&html[done..start]);
        if !a.is_attr {
            out.push_str(value);
        } else if kind == 0 {
            out.push_str(prefix);
            out.push_str(value);
        } else if value.starts_with('#') {
            out.push_str(&relink(
                value,
                page_url,
                prefix,
                print_url,
                chapter,
                kind == 2,
            ));
        } else {
            // (a link's target depends on its folder and value, not on its chapter)
            let key = (urls::dir_of(page_url), value, kind == 2);
            let to = links
                .entry(key)
                .or_insert_with(|| relink(value, page_url, prefix, print_url, chapter, kind == 2));
            out.push_str(to);
        }
        done = start + value.len();
    }
    out.push_str(&html[done..]);
    out
}

fn relink(
    value: &str,
    page_url: &str,
    prefix: &str,
    print_url: &str,
    chapter: &dyn Fn(&str) -> Option<String>,
    is_src: bool,
) -> String {
    if let Some(frag) = value.strip_prefix('#') {
        return format!("#{prefix}{frag}");
    }
    if crate::parse::markdown::is_external(value) || value.is_empty() {
        return value.to_string();
    }
    let (path, frag) = match value.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (value, None),
    };
    let mut parts: Vec<&str> = urls::dir_of(page_url)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let target = urls::percent_decode(&parts.join("/"));
    if !is_src {
        if let Some(c) = chapter(&target) {
            return match frag {
                Some(f) => format!("#{c}-{f}"),
                None => format!("#{c}"),
            };
        }
    }
    let mut href = urls::relative(print_url, &target);
    if let Some(f) = frag {
        href.push('#');
        href.push_str(f);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_ids_and_links() {
        let html = "<h2 id=\"muc\">Mục<a class=\"anchor\" href=\"#muc\">#</a></h2><p><a href=\"../b/x.html#buoc-1\">x</a> <a href=\"../c/y.html\">y</a> <img src=\"hinh.png\"> <a href=\"https://a.vn\">z</a> data-id=\"k\"</p>";
        let mut links = Links::default();
        let out = rewrite(
            html,
            &attributes(html),
            "a/p.html",
            "c3-",
            "ban-in.html",
            &|p| (p == "b/x.html").then(|| "c7".to_string()),
            &mut links,
        );
        assert_eq!(
            out,
            "<h2 id=\"c3-muc\">Mục<a class=\"anchor\" href=\"#c3-muc\">#</a></h2><p><a href=\"#c7-buoc-1\">x</a> <a href=\"c/y.html\">y</a> <img src=\"a/hinh.png\"> <a href=\"https://a.vn\">z</a> data-id=\"k\"</p>"
        );
    }

    #[test]
    fn attributes_are_found_outside_values_only() {
        let html =
            "<a href=\"?id=\" id=\"\">x</a><p data-id=\"k\" title=\"a=b\" class=\"c=\">y</p>";
        let at = |needle: &str| html.find(needle).unwrap() as u32 + needle.len() as u32;
        let attr = |start, len, kind, is_attr| Attr {
            start,
            len,
            kind,
            is_attr,
        };
        assert_eq!(
            attributes(html),
            vec![
                // the `="` that ends the href's value is not an id
                attr(at("<a href=\""), 4, 1, true),
                attr(at("\" id=\""), 0, 0, true),
                // `data-id` is found but is not an attribute of ours
                attr(at("data-id=\""), 1, 0, false),
            ]
        );
    }

    #[test]
    fn chapters_are_spliced_in_at_their_marks() {
        let shell = format!(
            "<a>{}</a><b>{}</b>{}",
            chapter_mark(1),
            chapter_mark(0),
            chapter_mark(1)
        );
        let out = splice_chapters(shell.as_bytes(), &["X".to_string(), "Y".to_string()]);
        assert_eq!(String::from_utf8(out).unwrap(), "<a>Y</a><b>X</b>Y");
        // a mark out of range is left as it is
        let odd = format!("{}9\u{1}", CHAPTER_MARK);
        assert_eq!(splice_chapters(odd.as_bytes(), &[]), odd.as_bytes());
    }
}
