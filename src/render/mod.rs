//! Stage 4, render: each node of the resolved site through the theme's templates, in
//! parallel. Templates see view structs ([`views`]), never the internals.

pub mod theme;
pub mod views;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n;
use crate::resolve::Site;
use rayon::prelude::*;
pub use theme::Theme;

/// Renders every page of the site and the 404 page: `(output path, HTML)`.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    config: &Config,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let all: Vec<usize> = (0..site.nodes.len()).collect();
    let pages = render_nodes(site, theme, config, &all);
    let not_found = render_not_found(site, theme, config);
    match (pages, not_found) {
        (Ok(mut pages), Ok(nf)) => {
            pages.push(nf);
            Ok(pages)
        }
        (Ok(_), Err(d)) => Err(d.into()),
        (Err(mut diags), r) => {
            diags.extend(r.err());
            Err(diags.sorted())
        }
    }
}

/// Renders the nodes `ids`: `(output path, HTML)` in the order of `ids`.
pub fn render_nodes(
    site: &Site,
    theme: &Theme,
    config: &Config,
    ids: &[usize],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let strings = i18n::strings(config.language);
    let common = views::Common::new(config, &strings);
    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = ids
        .par_iter()
        .map(|&id| {
            let node = &site.nodes[id];
            let ctx = views::page_context(site, id, &common);
            let template = views::template_for(node.kind);
            theme
                .render(template, &ctx)
                .map(|html| (node.url.clone(), html.into_bytes()))
                .map_err(|e| e.for_page(&node.shown))
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    for r in results {
        match r {
            Ok(f) => out.push(f),
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(out)
}

/// Renders the 404 page, which depends on the top of the tree only.
pub fn render_not_found(
    site: &Site,
    theme: &Theme,
    config: &Config,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let strings = i18n::strings(config.language);
    let common = views::Common::new(config, &strings);
    let ctx = views::not_found_context(site, &common);
    theme
        .render("404.html", &ctx)
        .map(|html| ("404.html".to_string(), html.into_bytes()))
        .map_err(|e| e.for_page(std::path::Path::new("404.html")))
}
