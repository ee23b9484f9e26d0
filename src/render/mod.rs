//! Stage 4, render: each node of the resolved site through the theme's templates, in
//! parallel. Templates see view structs ([`views`]), never the internals.

pub mod assets;
pub mod nav;
pub mod print;
mod recursion;
pub mod sitemap;
pub mod theme;
pub mod views;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n;
use crate::resolve::Site;
use crate::write::{OutputFile, Sink};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
pub use theme::Theme;

/// A rendered page (output path, HTML), or the error and the node that met it.
type PageResult = Result<(String, Vec<u8>), (theme::RenderError, usize)>;

/// Runs `f` with what every template of one render pass shares (the site's settings, the
/// interface strings, which nodes have a print view), made once for the pass.
fn with_common<R>(site: &Site, config: &Config, f: impl FnOnce(&views::Common) -> R) -> R {
    let strings = i18n::strings(config.language);
    let printable = print::printable(site, config.print_max_pages);
    f(&views::Common::new(config, &strings, &printable))
}

/// Renders every page of the site, the print views and the 404 page: `(output path, HTML)`.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    config: &Config,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let all: Vec<usize> = (0..site.nodes.len()).collect();
    let printable = print::printable(site, config.print_max_pages);
    let prints: Vec<usize> = all.iter().copied().filter(|&id| printable[id]).collect();
    let mut diags = Diagnostics::default();
    let mut out = Vec::with_capacity(all.len() + prints.len() + 1);
    for r in [
        render_nodes(site, theme, config, &all),
        render_prints(site, theme, config, &prints),
        render_not_found(site, theme, config)
            .map(|f| vec![f])
            .map_err(Diagnostics::from),
    ] {
        match r {
            Ok(files) => out.extend(files),
            Err(d) => diags.extend(d.0),
        }
    }
    diags.into_result(out)
}

/// Renders the nodes `ids`: `(output path, HTML)` in the order of `ids`.
pub fn render_nodes(
    site: &Site,
    theme: &Theme,
    config: &Config,
    ids: &[usize],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let results: Vec<PageResult> = with_common(site, config, |common| {
        ids.par_iter()
            .map(|&id| render_node(site, theme, common, id))
            .collect()
    });
    collect_results(site, results)
}

/// One node through its template, with its body spliced in.
fn render_node(site: &Site, theme: &Theme, common: &views::Common, id: usize) -> PageResult {
    let node = &site.nodes[id];
    let ctx = views::page_context(site, id, common);
    let template = views::template_for(node.kind);
    theme
        .render(template, &ctx)
        .map(|html| (node.url.clone(), splice_content(&html, &node.body.html)))
        .map_err(|e| (e, id))
}

/// Renders the nodes `ids` and their print views `prints`, handing each file to `sink` as
/// soon as it is made, so that a build never holds all of its pages at once.
pub fn render_into(
    site: &Site,
    theme: &Theme,
    config: &Config,
    ids: &[usize],
    prints: &[usize],
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    with_common(site, config, |common| {
        render_into_with(site, theme, common, ids, prints, sink)
    })
}

fn render_into_with(
    site: &Site,
    theme: &Theme,
    common: &views::Common,
    ids: &[usize],
    prints: &[usize],
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    // (with each failure its place in the work, so that messages name pages in reading
    // order whichever thread met them first)
    let failures: Mutex<Vec<(usize, theme::RenderError, usize)>> = Mutex::new(Vec::new());
    let write_failures: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let jobs = ids
        .iter()
        .map(|&id| (id, false))
        .chain(prints.iter().map(|&id| (id, true)));
    jobs.collect::<Vec<_>>()
        .into_par_iter()
        .enumerate()
        .for_each(|(k, (id, is_print))| {
            let made = if is_print {
                print::render_print(site, id, theme, common).map_err(|e| (e, id))
            } else {
                render_node(site, theme, common, id)
            };
            match made {
                Ok((path, html)) => {
                    if let Err(d) = sink.put(&path, OutputFile::Bytes(html)) {
                        lock(&write_failures).push(d);
                    }
                }
                Err((e, id)) => lock(&failures).push((k, e, id)),
            }
        });
    let mut diags = Diagnostics::default();
    let mut writes = write_failures
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    // One disk problem is usually every file's: say it once.
    writes.sort_by(|a, b| a.file.cmp(&b.file));
    diags.extend(writes.into_iter().take(1));
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort_unstable_by_key(|(k, _, _)| *k);
    let failures = failures
        .into_iter()
        .map(|(_, e, id)| Err((e, id)))
        .collect();
    if let Err(d) = collect_results(site, failures) {
        diags.extend(d.0);
    }
    diags.into_result(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Renders the print views of the nodes `ids` (which must be printable, see
/// [`print::printable`]).
pub fn render_prints(
    site: &Site,
    theme: &Theme,
    config: &Config,
    ids: &[usize],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let results: Vec<PageResult> = with_common(site, config, |common| {
        ids.par_iter()
            .map(|&id| print::render_print(site, id, theme, common).map_err(|e| (e, id)))
            .collect()
    });
    collect_results(site, results)
}

/// One template mistake fails every page that uses it: say it once, with the first page
/// and how many more.
fn collect_results(
    site: &Site,
    results: Vec<PageResult>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let mut out = Vec::with_capacity(results.len());
    let mut failures: BTreeMap<theme::RenderError, Vec<usize>> = BTreeMap::new();
    for r in results {
        match r {
            Ok(f) => out.push(f),
            Err((e, id)) => failures.entry(e).or_default().push(id),
        }
    }
    let mut diags = Diagnostics::default();
    for (e, ids) in failures {
        diags.push(e.for_pages(&site.nodes[ids[0]].shown, ids.len() - 1));
    }
    diags.into_result(out)
}

/// Renders the 404 page, which depends on the top of the tree only.
pub fn render_not_found(
    site: &Site,
    theme: &Theme,
    config: &Config,
) -> Result<(String, Vec<u8>), Diagnostic> {
    with_common(site, config, |common| {
        theme.render("404.html", &views::not_found_context(site, common))
    })
    .map(|html| ("404.html".to_string(), html))
    .map_err(|e| e.for_page(std::path::Path::new("404.html")))
}

/// A fingerprint of everything a node's template sees (its body HTML is spliced in after
/// rendering, so the template never sees it): its title, dates, table of contents,
/// breadcrumbs, neighbours, children, navigation. Rendering is a pure function of the
/// templates and this context, so a node whose fingerprint and body are unchanged renders
/// to the same bytes and need not be rendered again.
pub fn fingerprints(site: &Site, config: &Config, ids: &[usize]) -> Vec<u64> {
    with_common(site, config, |common| fingerprints_with(site, common, ids))
}

fn fingerprints_with(site: &Site, common: &views::Common, ids: &[usize]) -> Vec<u64> {
    ids.par_iter()
        .map(|&id| {
            // The context's own `Hash`, derived over the same fields as its `Serialize`:
            // hashing it as JSON escaped every character of the navigation's HTML first,
            // which cost as much as making the context.
            let mut h = rustc_hash::FxHasher::default();
            views::page_context(site, id, common).hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Puts the page's HTML where the template printed `page.content` (once; a template that
/// prints it twice gets it twice, one that escapes it gets nothing unexpected).
fn splice_content(shell: &[u8], content: &str) -> Vec<u8> {
    let mark = views::CONTENT_MARK.as_bytes();
    let mut out = Vec::with_capacity(shell.len() + content.len());
    let mut rest = shell;
    while let Some(i) = memchr::memmem::find(rest, mark) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(content.as_bytes());
        rest = &rest[i + mark.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn splices_every_mark() {
        let m = super::views::CONTENT_MARK;
        let out = super::splice_content(
            format!("<main>{m}</main><p>{m}</p>").as_bytes(),
            "<h2>A</h2>",
        );
        assert_eq!(out, b"<main><h2>A</h2></main><p><h2>A</h2></p>");
    }
}
