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

/// A fingerprint of everything a node's template sees except its own body HTML: its
/// title, dates, table of contents, breadcrumbs, neighbours, children and navigation.
/// Rendering is a pure function of the templates and this context, so a node whose
/// fingerprint and body are unchanged renders to the same bytes and need not be rendered
/// again.
pub fn fingerprints(site: &Site, config: &Config, ids: &[usize]) -> Vec<u64> {
    let strings = i18n::strings(config.language);
    let common = views::Common::new(config, &strings);
    ids.par_iter()
        .map(|&id| {
            let mut ctx = views::page_context(site, id, &common);
            ctx.page.content = "";
            let mut h = HashWriter(std::collections::hash_map::DefaultHasher::new());
            // Serializing to a hasher cannot fail; a failure would only make every
            // fingerprint differ (and everything be rendered).
            let _ = serde_json::to_writer(&mut h, &ctx);
            std::hash::Hasher::finish(&h.0)
        })
        .collect()
}

struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
