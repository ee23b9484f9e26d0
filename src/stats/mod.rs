//! Statistics: YAML figures kept in `statistics/` beside `content/` (docs/statistics.md),
//! checked, computed once with exact decimals, and shown as generated progress pages,
//! charts, CSV downloads and figures embedded in Markdown pages.
//!
//! [`load`] (files → typed, with positions via [`marked`]; [`records`] for the figures,
//! [`validate`] for checks across entries) →
//! [`rollup`] (the one computation, with [`compute`] for exact shares and statuses) →
//! [`pages`] and [`embed`] (HTML through [`table`], [`present`], [`chart`], [`format`](mod@format),
//! [`csv`]).

pub mod chart;
pub mod compute;
pub mod csv;
pub mod embed;
pub mod format;
pub mod load;
pub mod marked;
pub mod model;
pub mod pages;
pub mod present;
pub mod records;
pub mod rollup;
pub mod table;
pub mod validate;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Language;
use crate::load::MarkdownSource;
use crate::resolve::Site;
use std::path::Path;

/// The statistics of a build, ready for the parse stage and the page generation.
pub struct Prepared {
    /// `None` when the handbook has no `statistics/` folder or its statistics have errors.
    pub computed: Option<rollup::Computed>,
    broken: bool,
}

/// Reads, checks and computes `ROOT/statistics/`. Problems are returned beside a
/// [`Prepared`] that still works (without figures), so that the pages' own problems are
/// reported in the same run.
pub fn prepare(root: &Path) -> (Prepared, Diagnostics) {
    let broken = |d: Diagnostics| {
        let p = Prepared {
            computed: None,
            broken: true,
        };
        (p, d)
    };
    let (sources, mut diags) = match load::read(root) {
        Ok(None) => {
            let p = Prepared {
                computed: None,
                broken: false,
            };
            return (p, Diagnostics::default());
        }
        Ok(Some(s)) => (s, Diagnostics::default()),
        Err((Some(s), d)) => (s, d),
        Err((None, d)) => return broken(d),
    };
    match load::build(&sources) {
        Ok(_) if !diags.is_empty() => broken(diags),
        Ok(stats) => {
            let p = Prepared {
                computed: Some(rollup::compute(stats)),
                broken: false,
            };
            (p, diags)
        }
        Err(d) => {
            diags.extend(d.0);
            broken(diags)
        }
    }
}

impl Prepared {
    /// The handler of statistics blocks in pages.
    pub fn embeds(&self, lang: Language) -> embed::Embeds<'_> {
        let source = match (&self.computed, self.broken) {
            (Some(c), _) => embed::Source::Ready(c),
            (None, true) => embed::Source::Broken,
            (None, false) => embed::Source::Missing,
        };
        embed::Embeds::new(source, lang)
    }

    /// The progress pages and their CSV files (nothing without statistics); an error when
    /// a real page stands where a generated one goes.
    pub fn generate(
        &self,
        lang: Language,
        real: &[MarkdownSource],
    ) -> Result<pages::Generated, Diagnostics> {
        let Some(c) = &self.computed else {
            return Ok(pages::Generated::default());
        };
        let generated = pages::generate(c, lang);
        pages::check_collisions(real, &generated.pages).into_result(generated)
    }
}

/// Generated files must not take the place of files copied from content/.
pub fn check_files(site: &Site, files: &[(String, Vec<u8>)]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (path, _) in files {
        if let Some(a) = site.assets.get(path) {
            diags.push(
                Diagnostic::new(Path::new(crate::load::CONTENT_DIR).join(&a.rel), format!("this file is where sotay writes the table {path} made from the statistics"))
                    .help(format!("rename or move the file: content/{}/ is kept for the pages made from the statistics", present::SECTION)),
            );
        }
    }
    diags
}
