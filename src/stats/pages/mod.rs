//! The generated progress pages, made as ordinary parsed pages under the virtual folder
//! `tien-do/` so that they get the sidebar, breadcrumbs, previous/next and search like any
//! page: an overview, a page per indicator, the organization tree and a page per unit.
//! Every table gets its CSV beside it.

use super::format::{self, esc};
use super::load;
use super::model::IndicatorKind;
use super::present::{self, *};
use super::rollup::Computed;
use super::table::{self, t, Cell, Col, Table};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Language;
use crate::load::MarkdownSource;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::markdown::{Rendered, TextBlock, TocEntry};
use crate::parse::ParsedPage;
use std::fmt::Write;
use std::path::PathBuf;

mod indicator;
mod unit;

/// Pages and CSV files made from the statistics.
#[derive(Debug, Default)]
pub struct Generated {
    pub pages: Vec<ParsedPage>,
    /// `(output path, bytes)`.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A page body being written: HTML, table of contents, text for search, CSV files.
struct Body {
    html: String,
    toc: Vec<TocEntry>,
    blocks: Vec<TextBlock>,
    files: Vec<(String, Vec<u8>)>,
}

impl Body {
    fn new(intro: &str) -> Body {
        Body {
            html: String::new(),
            toc: Vec::new(),
            blocks: vec![TextBlock {
                anchor: None,
                heading: String::new(),
                text: intro.to_string(),
            }],
            files: Vec::new(),
        }
    }

    fn p(&mut self, html: &str) {
        let _ = writeln!(self.html, "<p>{html}</p>");
    }

    fn h2(&mut self, id: &str, text: &str) {
        let _ = writeln!(
            self.html,
            "<h2 id=\"{id}\">{}<a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>",
            esc(text)
        );
        self.toc.push(TocEntry {
            level: 2,
            id: id.into(),
            title: text.into(),
        });
        self.blocks.push(TextBlock {
            anchor: Some(id.into()),
            heading: text.into(),
            text: String::new(),
        });
    }

    fn words(&mut self, text: &str) {
        if let Some(b) = self.blocks.last_mut() {
            if !b.text.is_empty() {
                b.text.push(' ');
            }
            b.text.push_str(text);
        }
    }

    fn table(&mut self, table: Table, csv_name: &str) {
        let (html, file) = table.finish(csv_name);
        self.html.push_str(&html);
        self.files.push(file);
    }
}

struct PageSpec<'a> {
    rel: String,
    shown: &'a std::path::Path,
    title: String,
    description: String,
    weight: Option<i64>,
}

fn page(spec: PageSpec, body: Body, c: &Computed, out: &mut Generated) {
    let anchors = body.toc.iter().map(|e| e.id.clone()).collect();
    let blocks = body
        .blocks
        .into_iter()
        .filter(|b| !b.text.is_empty() || b.anchor.is_some())
        .collect();
    out.files.extend(body.files);
    out.pages.push(ParsedPage {
        rel: spec.rel,
        shown: spec.shown.to_path_buf(),
        front: FrontMatter {
            title: Some(spec.title.clone()),
            description: Some(spec.description),
            weight: spec.weight,
            draft: false,
            date: None,
            updated: c.stats.reporting_date.map(|d| d.iso()),
            document: None,
        },
        title: spec.title,
        date: None,
        updated: c.stats.reporting_date,
        document_position: None,
        body: Rendered {
            html: body.html,
            toc: body.toc,
            anchors,
            links: Vec::new(),
            h1_title: None,
            blocks,
            problems: Vec::new(),
            html_too_deep: None,
            duplicate_ids: Vec::new(),
        },
    });
}

/// Makes every progress page and CSV file.
pub fn generate(c: &Computed, lang: Language) -> Generated {
    let mut out = Generated::default();
    let units_file = PathBuf::from(load::DIR).join(load::UNITS_FILE);
    let indicators_file = PathBuf::from(load::DIR).join(load::INDICATORS_FILE);
    overview(c, lang, &indicators_file, &mut out);
    indicators_index(c, lang, &indicators_file, &mut out);
    // One page per indicator and per unit, in parallel, kept in their order.
    let each = |n: usize, page: &(dyn Fn(usize, &mut Generated) + Sync)| -> Vec<Generated> {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .map(|k| {
                let mut g = Generated::default();
                page(k, &mut g);
                g
            })
            .collect()
    };
    let indicators = each(c.stats.indicators.len(), &|i, g| {
        indicator::indicator_page(c, i, lang, g)
    });
    out.append(indicators);
    unit::units_index(c, lang, &units_file, &mut out);
    let units = each(c.stats.units.len(), &|u, g| {
        unit::unit_page(c, u, lang, &units_file, g)
    });
    out.append(units);
    out
}

impl Generated {
    fn append(&mut self, parts: Vec<Generated>) {
        for g in parts {
            self.pages.extend(g.pages);
            self.files.extend(g.files);
        }
    }
}

fn as_of(c: &Computed, lang: Language, body: &mut Body) {
    if let Some(d) = c.stats.reporting_date {
        body.p(&format!("{} {}.", t(lang, "stats_as_of"), d.display(lang)));
    }
}

fn illustrative_note(lang: Language, body: &mut Body) {
    body.html.push_str(&format!(
        "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">{}</p><p>{} {}</p></div>\n",
        t(lang, "note"),
        format::illustrative_badge(lang),
        esc(t(lang, "stats_illustrative_note"))
    ));
}

fn any_illustrative(c: &Computed) -> bool {
    c.stats.records.iter().any(|r| r.illustrative) || c.stats.units.iter().any(|u| u.illustrative)
}

/// Columns shared by tables mixing indicators of different kinds.
fn mixed_cols(lang: Language, first: &str) -> Vec<Col> {
    vec![
        Col::text(first),
        Col::text(t(lang, "stats_unit")),
        Col::text(t(lang, "stats_period")),
        Col::num(t(lang, "stats_result")),
        Col::num(t(lang, "stats_against")),
        Col::num(format!("{} (%)", t(lang, "stats_rate"))),
        Col::text(t(lang, "stats_status")),
        Col::text(t(lang, "stats_measure")),
        Col::text(t(lang, "stats_source")),
        Col::csv_only(t(lang, "stats_illustrative")),
    ]
}

fn mixed_row<'a>(
    c: &'a Computed,
    ind: usize,
    u: usize,
    p: usize,
    first: Cell<'a>,
    lang: Language,
) -> Vec<Cell<'a>> {
    let fig = c.get(ind, p, u);
    let mut row = vec![
        first,
        Cell::new(unit_link(c, u), c.stats.units[u].name.as_str()),
        Cell::owned(format::period(c.periods(ind)[p], lang)),
    ];
    match fig {
        Some(f) => {
            row.extend(table::figure_cells(c, ind, f, lang));
            row.push(Cell::plain(&c.stats.indicators[ind].measure));
            row.push(table::source_cell(c, f, lang));
        }
        None => row.extend((0..6).map(|_| Cell::empty())),
    }
    row.push(table::illustrative_csv(fig, lang));
    row
}

/// The units an overview row is shown for: the top units with a figure, or (when figures
/// are not rolled up) the units that reported.
fn overview_units(c: &Computed, ind: usize, p: usize) -> Vec<usize> {
    let top: Vec<usize> = c
        .stats
        .roots()
        .into_iter()
        .filter(|&u| c.get(ind, p, u).is_some())
        .collect();
    if !top.is_empty() {
        return top;
    }
    c.stats
        .tree_order()
        .into_iter()
        .map(|(u, _)| u)
        .filter(|&u| c.get(ind, p, u).is_some())
        .collect()
}

fn overview(c: &Computed, lang: Language, shown: &std::path::Path, out: &mut Generated) {
    let mut body = Body::new(t(lang, "stats_progress_description"));
    as_of(c, lang, &mut body);
    if any_illustrative(c) {
        illustrative_note(lang, &mut body);
    }
    body.h2("tong-quan", t(lang, "stats_overview"));
    let mut tab = Table::new(
        t(lang, "stats_overview"),
        mixed_cols(lang, t(lang, "stats_indicator")),
        lang,
    );
    for (i, ind) in c.stats.indicators.iter().enumerate() {
        body.words(&ind.title);
        let first = Cell::new(indicator_link(c, i), ind.title.as_str());
        match c.latest(i) {
            Some(p) => {
                let units = overview_units(c, i, p);
                if ind.kind == IndicatorKind::Milestone && units.len() > 1 {
                    tab.push(milestone_summary(c, i, p, &units, first, lang));
                } else {
                    for u in units {
                        tab.push(mixed_row(c, i, u, p, first.clone(), lang));
                    }
                }
            }
            None => {
                let mut row = vec![first, Cell::empty(), Cell::plain(t(lang, "stats_no_data"))];
                row.extend((0..7).map(|_| Cell::empty()));
                tab.push(row);
            }
        }
    }
    body.table(tab, "tong-quan");
    page(
        PageSpec {
            rel: present::overview_source(),
            shown,
            title: t(lang, "stats_progress").into(),
            description: t(lang, "stats_progress_description").into(),
            weight: None,
        },
        body,
        c,
        out,
    );
}

/// One row for a milestone reported by several units: how many are done, due, overdue.
fn milestone_summary<'a>(
    c: &'a Computed,
    ind: usize,
    p: usize,
    units: &[usize],
    first: Cell<'a>,
    lang: Language,
) -> Vec<Cell<'a>> {
    use super::compute::Status;
    let mut counts: Vec<(Status, usize)> = Vec::new();
    let mut illustrative = false;
    for &u in units {
        let Some(f) = c.get(ind, p, u) else { continue };
        illustrative |= f.illustrative;
        let s = c.status(ind, f);
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some(e) => e.1 += 1,
            None => counts.push((s, 1)),
        }
    }
    counts.sort_by_key(|(s, _)| s.severity());
    let text = counts
        .iter()
        .map(|(s, n)| format!("{n} {}", format::status_word(*s, lang)))
        .collect::<Vec<_>>()
        .join(" · ");
    let worst = counts.last().map_or(Status::NotApplicable, |x| x.0);
    let n = format!("{} {}", units.len(), t(lang, "stats_units_lower"));
    let mut result = Cell::owned(text);
    if illustrative {
        let html = result.html.to_mut();
        html.push(' ');
        html.push_str(&format::illustrative_badge(lang));
    }
    vec![
        first,
        Cell::owned(n.clone()),
        Cell::owned(format::period(c.periods(ind)[p], lang)),
        result,
        Cell::empty(),
        Cell::empty(),
        Cell::new(c.badge(worst, lang), format::status_word(worst, lang)),
        Cell::empty(),
        Cell::owned(format!("{} {n}", t(lang, "stats_rolled_up_from"))),
        Cell::new(
            "",
            if illustrative {
                t(lang, "stats_illustrative")
            } else {
                ""
            },
        ),
    ]
}

fn indicators_index(c: &Computed, lang: Language, shown: &std::path::Path, out: &mut Generated) {
    let body = Body::new(t(lang, "stats_indicators_description"));
    page(
        PageSpec {
            rel: present::indicators_source(),
            shown,
            title: t(lang, "stats_indicators").into(),
            description: t(lang, "stats_indicators_description").into(),
            weight: Some(1),
        },
        body,
        c,
        out,
    );
}

/// A real page at the place of a generated one is an error: both would be written to the
/// same file.
pub fn check_collisions(real: &[MarkdownSource], generated: &[ParsedPage]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let gen: std::collections::HashMap<&str, &ParsedPage> =
        generated.iter().map(|p| (p.rel.as_str(), p)).collect();
    for src in real {
        if let Some(g) = gen.get(src.rel.as_str()) {
            diags.push(
                Diagnostic::new(
                    &src.shown,
                    format!(
                        "this page is where sotay writes the progress page “{}” made from {}/ ({})",
                        g.title,
                        load::DIR,
                        crate::resolve::urls::page_output(&g.rel)
                    ),
                )
                .at(1, 1)
                .help(format!(
                    "rename or move the file: content/{}/ is kept for the pages made from the statistics",
                    present::SECTION
                )),
            );
        }
    }
    diags
}
