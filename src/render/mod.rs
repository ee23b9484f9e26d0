//! Stage 4, render: each node of the resolved site through the theme's templates, in
//! parallel. Templates see view structs ([`views`]), never the internals.

pub mod print;
mod recursion;
pub mod sitemap;
pub mod theme;
pub mod views;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::i18n;
use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
pub use theme::Theme;

/// A rendered page (output path, HTML), or the error and the node that met it.
type PageResult = Result<(String, Vec<u8>), (theme::RenderError, usize)>;

/// Renders every page of the site and the 404 page: `(output path, HTML)`.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    config: &Config,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let strings = i18n::strings(config.language);
    let printable = print::printable(site, config.print_max_pages);
    let common = views::Common::new(config, &strings, &printable);
    let results: Vec<PageResult> = (0..site.nodes.len())
        .into_par_iter()
        .map(|id| {
            let node = &site.nodes[id];
            let ctx = views::page_context(site, id, &common);
            let template = views::template_for(node.kind);
            theme
                .render(template, &ctx)
                .map(|html| (node.url.clone(), splice_content(&html, &node.body.html)))
                .map_err(|e| (e, id))
        })
        .collect();
    let mut out = Vec::with_capacity(results.len() + 1);
    // One template mistake fails every page that uses it: say it once, with the first page
    // and how many more.
    let mut failures: BTreeMap<theme::RenderError, Vec<usize>> = BTreeMap::new();
    for r in results {
        match r {
            Ok(f) => out.push(f),
            Err((e, id)) => failures.entry(e).or_default().push(id),
        }
    }
    let prints: Vec<PageResult> = (0..site.nodes.len())
        .into_par_iter()
        .filter(|&id| printable[id])
        .map(|id| print::render_print(site, id, theme, &common).map_err(|e| (e, id)))
        .collect();
    for r in prints {
        match r {
            Ok(f) => out.push(f),
            Err((e, id)) => failures.entry(e).or_default().push(id),
        }
    }
    let mut diags = Diagnostics::default();
    for (e, ids) in failures {
        diags.push(e.for_pages(&site.nodes[ids[0]].shown, ids.len() - 1));
    }
    let ctx = views::not_found_context(site, &common);
    match theme.render("404.html", &ctx) {
        Ok(html) => out.push(("404.html".to_string(), html.into_bytes())),
        Err(e) => diags.push(e.for_page(std::path::Path::new("404.html"))),
    }
    diags.into_result(out)
}

/// Puts the page's HTML where the template printed `page.content` (once; a template that
/// prints it twice gets it twice, one that escapes it gets nothing unexpected).
fn splice_content(shell: &str, content: &str) -> Vec<u8> {
    let mark = views::CONTENT_MARK;
    let mut out = Vec::with_capacity(shell.len() + content.len());
    let mut rest = shell;
    while let Some(i) = rest.find(mark) {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        out.extend_from_slice(content.as_bytes());
        rest = &rest[i + mark.len()..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn splices_every_mark() {
        let m = super::views::CONTENT_MARK;
        let out = super::splice_content(&format!("<main>{m}</main><p>{m}</p>"), "<h2>A</h2>");
        assert_eq!(out, b"<main><h2>A</h2></main><p><h2>A</h2></p>");
    }
}
