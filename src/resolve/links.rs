//! Local links: `[bước 2](../quy-trinh/sinh-hoat-diem.md#buoc-2)` written to a source file
//! becomes `../quy-trinh/sinh-hoat-diem.html#buoc-2` in the output, after checking that the
//! page, the heading and the file exist and lie inside content/.

use super::tree::{Node, Site};
use super::urls;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::parse::markdown::{LinkRef, PLACEHOLDER};
use rayon::prelude::*;

/// A node's HTML with its links filled in (`None`: it has none), or its broken links.
type NodeLinks = Result<Option<String>, Vec<Diagnostic>>;

/// Resolves the links of every node and writes the final hrefs into their HTML.
pub fn resolve_links(site: &mut Site) -> Result<(), Diagnostics> {
    let all: Vec<usize> = (0..site.nodes.len()).collect();
    resolve_nodes(site, &all)
}

/// Resolves the links of the nodes `ids` (whose HTML still holds placeholders) against the
/// whole site and writes the final hrefs into their HTML.
pub fn resolve_nodes(site: &mut Site, ids: &[usize]) -> Result<(), Diagnostics> {
    let results: Vec<(usize, NodeLinks)> = ids
        .par_iter()
        .map(|&id| (id, resolve_node(&site.nodes[id], site)))
        .collect();
    let mut diags = Diagnostics::default();
    for (id, r) in results {
        match r {
            Ok(Some(html)) => site.nodes[id].body.html = html,
            Ok(None) => {}
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(())
}

/// Checks the links of the nodes `ids` without touching their HTML: after a page changed,
/// the links of others may point at headings that are gone.
pub fn check_links(site: &Site, ids: &[usize]) -> Result<(), Diagnostics> {
    let errors: Vec<Diagnostic> = ids
        .par_iter()
        .flat_map_iter(|&id| {
            let node = &site.nodes[id];
            node.body
                .links
                .iter()
                .filter_map(move |link| resolve_one(node, link, site).err())
        })
        .collect();
    Diagnostics(errors).into_result(())
}

fn resolve_node(node: &Node, site: &Site) -> Result<Option<String>, Vec<Diagnostic>> {
    if node.body.links.is_empty() {
        return Ok(None);
    }
    let mut hrefs = Vec::with_capacity(node.body.links.len());
    let mut errors = Vec::new();
    for link in &node.body.links {
        match resolve_one(node, link, site) {
            Ok(h) => hrefs.push(h),
            Err(d) => {
                errors.push(d);
                hrefs.push(String::new());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(fill_placeholders(&node.body.html, &hrefs)))
}

/// Replaces each `x-sotay-ref:N` by the N-th href (escaped for an attribute).
pub fn fill_placeholders(html: &str, hrefs: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + 16 * hrefs.len());
    let mut rest = html;
    while let Some(i) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..i]);
        let after = &rest[i + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
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

fn resolve_one(node: &Node, link: &LinkRef, site: &Site) -> Result<String, Diagnostic> {
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
        check_anchor(node, frag, node)
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
                return Err(err(format!("`{}` is a page, not an image", link.dest)));
            }
            let mut href = if t.url == node.url && fragment.is_some() {
                String::new()
            } else {
                urls::relative(&node.url, &t.url)
            };
            if let Some(frag) = fragment {
                check_anchor(node, frag, t).map_err(|h| {
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
            let suggestion = did_you_mean(&key, site.by_source.keys().map(String::as_str));
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

fn check_anchor(from: &Node, frag: &str, target: &Node) -> Result<(), String> {
    let _ = from;
    if frag.is_empty() || target.body.anchors.iter().any(|a| a == frag) {
        return Ok(());
    }
    Err(
        match did_you_mean(frag, target.body.anchors.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `#{s}`?"),
            None if target.body.anchors.is_empty() => "that page has no headings".to_string(),
            None => format!(
                "anchors are ASCII slugs of headings, e.g. `#{}`",
                target.body.anchors[0]
            ),
        },
    )
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
    }
}
