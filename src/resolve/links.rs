//! Local links: `[bước 2](../quy-trinh/sinh-hoat-diem.md#buoc-2)` written to a source file
//! becomes `../quy-trinh/sinh-hoat-diem.html#buoc-2` in the output, after checking that the
//! page, the heading and the file exist and lie inside content/.

use super::tree::{Node, Site};
use super::urls;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::parse::markdown::{LinkRef, PLACEHOLDER};
use rayon::prelude::*;
use std::collections::HashSet;

/// Problems with links reported for one page; the rest are counted in one more message (a
/// page of 10,000 broken links must neither flood the screen nor cost 10,000 searches for
/// the name that was meant).
pub const MAX_LINK_ERRORS_PER_PAGE: usize = 20;

/// The anchors of every node, for lookups in constant time.
type AnchorSets<'a> = Vec<HashSet<&'a str>>;

/// The final hrefs of a node's links, in order (`None`: it has none), or its broken links.
type NodeLinks = Result<Option<Vec<String>>, Vec<Diagnostic>>;

/// Resolves the links of every node and writes the final hrefs into their HTML.
pub fn resolve_links(site: &mut Site) -> Result<(), Diagnostics> {
    let all: Vec<usize> = (0..site.nodes.len()).collect();
    resolve_nodes(site, &all)
}

/// The anchors of every node, as sets.
fn anchor_sets(site: &Site) -> AnchorSets<'_> {
    site.nodes
        .iter()
        .map(|n| n.body.anchors.iter().map(String::as_str).collect())
        .collect()
}

/// Resolves the links of the nodes `ids` (whose HTML still holds placeholders) against the
/// whole site and writes the final hrefs into their HTML.
///
/// The hrefs of all nodes are found first (a few short strings each); then each node's
/// HTML is replaced by its filled copy in place, so that the old HTML of a node is freed
/// as soon as its new one is made: a large handbook never holds two copies of its pages.
pub fn resolve_nodes(site: &mut Site, ids: &[usize]) -> Result<(), Diagnostics> {
    let anchors = anchor_sets(site);
    let results: Vec<(usize, NodeLinks)> = ids
        .par_iter()
        .map(|&id| (id, resolve_node(id, &site.nodes[id], site, &anchors)))
        .collect();
    drop(anchors);
    let mut diags = Diagnostics::default();
    let mut hrefs: Vec<Option<Vec<String>>> = Vec::new();
    for (id, r) in results {
        match r {
            Ok(Some(h)) => {
                if hrefs.len() <= id {
                    hrefs.resize_with(id + 1, || None);
                }
                hrefs[id] = Some(h);
            }
            Ok(None) => {}
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(())?;
    site.nodes
        .par_iter_mut()
        .zip(hrefs.into_par_iter())
        .for_each(|(node, h)| {
            if let Some(h) = h {
                node.body.html = fill_placeholders(&node.body.html, &h);
            }
        });
    Ok(())
}

/// Checks the links of the nodes `ids` without touching their HTML: after a page changed,
/// the links of others may point at headings that are gone.
pub fn check_links(site: &Site, ids: &[usize]) -> Result<(), Diagnostics> {
    let anchors = anchor_sets(site);
    let errors: Vec<Diagnostic> = ids
        .par_iter()
        .flat_map_iter(|&id| {
            let node = &site.nodes[id];
            let anchors = &anchors;
            node.body.links.iter().filter_map(move |link| {
                let ctx = Ctx {
                    id,
                    node,
                    site,
                    anchors,
                    suggest: true,
                };
                resolve_one(&ctx, link).err()
            })
        })
        .collect();
    Diagnostics(errors).into_result(())
}

fn resolve_node(id: usize, node: &Node, site: &Site, anchors: &AnchorSets) -> NodeLinks {
    if node.body.links.is_empty() {
        return Ok(None);
    }
    let mut hrefs = Vec::with_capacity(node.body.links.len());
    let mut errors = Vec::new();
    let mut more = 0usize;
    let mut first_more = None;
    for link in &node.body.links {
        let ctx = Ctx {
            id,
            node,
            site,
            anchors,
            suggest: errors.len() < MAX_LINK_ERRORS_PER_PAGE,
        };
        match resolve_one(&ctx, link) {
            Ok(h) => hrefs.push(h),
            Err(d) if errors.len() < MAX_LINK_ERRORS_PER_PAGE => {
                errors.push(d);
                hrefs.push(String::new());
            }
            Err(_) => {
                more += 1;
                first_more.get_or_insert(link.position);
                hrefs.push(String::new());
            }
        }
    }
    if let Some((line, col)) = first_more {
        errors.push(
            Diagnostic::new(
                &node.shown,
                format!("… and {more} more broken links or images on this page, from here on"),
            )
            .at(line, col)
            .help(format!(
                "sotay lists at most {MAX_LINK_ERRORS_PER_PAGE} per page: fix the ones above and build again"
            )),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(hrefs))
}

/// Replaces each `x-sotay-ref:N` that stands as the value of an `href` or `src` by the N-th
/// href (escaped for an attribute). The same text anywhere else — in the words of a page
/// that explains sotay, say — is the editor's and stays as written: there Markdown escapes
/// the `"` that would have to come before it.
pub fn fill_placeholders(html: &str, hrefs: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + 16 * hrefs.len());
    let mut rest = html;
    while let Some(i) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..i]);
        let after = &rest[i + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let in_attribute = rest[..i].ends_with(" href=\"") || rest[..i].ends_with(" src=\"");
        match after[..digits]
            .parse::<usize>()
            .ok()
            .filter(|_| in_attribute)
            .and_then(|n| hrefs.get(n))
        {
            Some(h) => out.push_str(&crate::parse::markdown::escape_attr(h)),
            None => out.push_str(&rest[i..i + PLACEHOLDER.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// What resolving one link needs to know.
struct Ctx<'a> {
    id: usize,
    node: &'a Node,
    site: &'a Site,
    anchors: &'a AnchorSets<'a>,
    /// Whether to look for the name that was probably meant (costly on large sites).
    suggest: bool,
}

impl Ctx<'_> {
    /// Whether `frag` is an anchor of node `target`; otherwise a hint for the message.
    fn check_anchor(&self, frag: &str, target: usize) -> Result<(), String> {
        if frag.is_empty() || self.anchors[target].contains(frag) {
            return Ok(());
        }
        let t = &self.site.nodes[target];
        let which = if target == self.id { "this" } else { "that" };
        let suggestion = if self.suggest {
            did_you_mean(frag, t.body.anchors.iter().map(String::as_str))
        } else {
            None
        };
        Err(match suggestion {
            Some(s) => format!("did you mean `#{s}`?"),
            None if t.body.anchors.is_empty() => {
                format!("{which} page has no headings to link to; link to the page without `#…`")
            }
            None => format!(
                "anchors are ASCII slugs of headings, e.g. `#{}`",
                t.body.anchors[0]
            ),
        })
    }
}

fn resolve_one(ctx: &Ctx, link: &LinkRef) -> Result<String, Diagnostic> {
    let (node, site) = (ctx.node, ctx.site);
    let (line, col) = link.position;
    let err = |msg: String| Diagnostic::new(&node.shown, msg).at(line, col);
    let (path, fragment) = match link.dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link.dest.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = crate::text::nfc(&urls::percent_decode(path));
    if path.is_empty() {
        // a link within this page
        let frag = fragment.unwrap_or("");
        ctx.check_anchor(frag, ctx.id)
            .map_err(|h| err(format!("no heading `#{frag}` on this page")).help(h))?;
        return Ok(format!("#{frag}"));
    }
    if path.starts_with('/') {
        return Err(err(format!("`{}` is an absolute path", link.dest))
            .help("write links relative to this file, for example `../van-ban/nghi-quyet-21.md`"));
    }
    let base = urls::dir_of(&node.source);
    let Some(target) = join(base, &path) else {
        return Err(err(format!("`{}` points outside content/", link.dest))
            .help("only files inside content/ are published; copy the file into content/"));
    };

    if let Some(key) = page_key(&target, &path, site) {
        if let Some(&id) = site.by_source.get(&key) {
            let t = &site.nodes[id];
            if link.image {
                return Err(err(format!("`{}` is a page, not an image", link.dest)).help(
                    "`![…](…)` shows a picture; to link to the page write `[text](…)` without the `!`",
                ));
            }
            let mut href = if t.url == node.url && fragment.is_some() {
                String::new()
            } else {
                urls::relative(&node.url, &t.url)
            };
            if let Some(frag) = fragment {
                ctx.check_anchor(frag, id).map_err(|h| {
                    err(format!("no heading `#{frag}` in content/{}", t.source)).help(h)
                })?;
                href.push('#');
                href.push_str(frag);
            }
            return Ok(href);
        }
        if site.drafts.contains(&key) {
            return Err(err(format!("`{}` links to a draft page", link.dest))
                .help("publish the page (remove `draft: true`) or remove the link; `--drafts` builds drafts too"));
        }
        if key.ends_with(".md") {
            let suggestion = if ctx.suggest {
                did_you_mean(&key, site.by_source.keys().map(String::as_str))
            } else {
                None
            };
            let mut d = err(format!(
                "`{}` links to a page that does not exist (content/{key})",
                link.dest
            ));
            if let Some(s) = suggestion {
                d = d.help(format!(
                    "did you mean `{}`?",
                    urls::relative(&node.source, s)
                ));
            } else {
                d = d.help("check the file name and the number of `../`");
            }
            return Err(d);
        }
    }
    // A file copied as it is.
    if site.assets.contains_key(&target) {
        let mut href = urls::relative(&node.url, &target);
        if let Some(frag) = fragment {
            href.push('#');
            href.push_str(frag);
        }
        return Ok(href);
    }
    Err(err(format!(
        "`{}` links to a file that does not exist (content/{target})",
        link.dest
    ))
    .help("put the file under content/ or correct the path"))
}

/// The source of the page a link's joined `target` names, if it names a page (or a
/// section, given as a folder or as its _index.md).
fn page_key(target: &str, path: &str, site: &Site) -> Option<String> {
    if target.ends_with(".md") {
        Some(target.to_string())
    } else if path.ends_with('/')
        || target.is_empty()
        || site.by_source.contains_key(&section_src(target))
    {
        Some(section_src(target))
    } else {
        None
    }
}

/// The other pages whose headings the links of node `id` point at (`page.md#heading`):
/// when one of them changes, those links must be checked again.
pub fn anchor_targets(site: &Site, id: usize) -> Vec<usize> {
    let node = &site.nodes[id];
    let mut out: Vec<usize> = node
        .body
        .links
        .iter()
        .filter_map(|link| {
            let (path, _) = link.dest.split_once('#')?;
            let path = path.split('?').next().unwrap_or("");
            let path = crate::text::nfc(&urls::percent_decode(path));
            if path.is_empty() || path.starts_with('/') {
                return None;
            }
            let target = join(urls::dir_of(&node.source), &path)?;
            let key = page_key(&target, &path, site)?;
            site.by_source.get(&key).copied().filter(|&t| t != id)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn section_src(dir: &str) -> String {
    let d = dir.trim_end_matches('/');
    if d.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{d}/_index.md")
    }
}

/// `base` joined with a relative `path`, `.` and `..` resolved; `None` when it climbs out.
fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("a/b", "../c/d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(join("a", "./x.md").as_deref(), Some("a/x.md"));
        assert_eq!(join("a", "../../x.md"), None);
        assert_eq!(join("", "..").as_deref(), None);
    }

    #[test]
    fn fills_placeholders() {
        let html = "<a href=\"x-sotay-ref:0\">a</a><img src=\"x-sotay-ref:1\">";
        let out = fill_placeholders(html, &["b.html#c".into(), "h&1.png".into()]);
        assert_eq!(out, "<a href=\"b.html#c\">a</a><img src=\"h&amp;1.png\">");
        let text = "<p>x-sotay-ref:0 <code>x-sotay-ref:1</code></p>";
        assert_eq!(fill_placeholders(text, &["a".into(), "b".into()]), text);
    }
}
