//! The generated progress pages, made as ordinary parsed pages under the virtual folder
//! `tien-do/` so that they get the sidebar, breadcrumbs, previous/next and search like any
//! page: an overview, a page per indicator, the organization tree and a page per unit.
//! Every table gets its CSV beside it.

use super::format::{self, esc};
use super::load;
use super::model::IndicatorKind;
use super::present::{self, *};
use super::rollup::{Computed, Rolled};
use super::table::{self, t, Cell, Col, Table};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Language;
use crate::load::MarkdownSource;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::markdown::{Rendered, TextBlock, TocEntry};
use crate::parse::ParsedPage;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

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
    lang: Language,
}

impl Body {
    fn new(lang: Language, intro: &str) -> Body {
        Body {
            html: String::new(),
            toc: Vec::new(),
            blocks: vec![TextBlock {
                anchor: None,
                heading: String::new(),
                text: intro.to_string(),
            }],
            files: Vec::new(),
            lang,
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

    fn table(&mut self, table: &Table, csv_name: &str) {
        let (html, file) = table.finish(csv_name, self.lang);
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
        },
        title: spec.title,
        date: None,
        updated: c.stats.reporting_date,
        body: Rendered {
            html: body.html,
            toc: body.toc,
            anchors,
            links: Vec::new(),
            h1_title: None,
            blocks,
            problems: Vec::new(),
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
    for i in 0..c.stats.indicators.len() {
        indicator_page(c, i, lang, &mut out);
    }
    units_index(c, lang, &units_file, &mut out);
    for u in 0..c.stats.units.len() {
        unit_page(c, u, lang, &units_file, &mut out);
    }
    out
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

fn mixed_row(
    c: &Computed,
    ind: usize,
    u: usize,
    p: usize,
    first: Cell,
    lang: Language,
) -> Vec<Cell> {
    let fig = c.get(ind, p, u);
    let mut row = vec![
        first,
        Cell::new(unit_link(c, u), c.stats.units[u].name.clone()),
        Cell::plain(&format::period(c.periods(ind)[p], lang)),
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
    let mut body = Body::new(lang, t(lang, "stats_progress_description"));
    as_of(c, lang, &mut body);
    if any_illustrative(c) {
        illustrative_note(lang, &mut body);
    }
    body.h2("tong-quan", t(lang, "stats_overview"));
    let mut tab = Table::new(
        t(lang, "stats_overview"),
        mixed_cols(lang, t(lang, "stats_indicator")),
    );
    for (i, ind) in c.stats.indicators.iter().enumerate() {
        body.words(&ind.title);
        let first = Cell::new(indicator_link(c, i), ind.title.clone());
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
    body.table(&tab, "tong-quan");
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
fn milestone_summary(
    c: &Computed,
    ind: usize,
    p: usize,
    units: &[usize],
    first: Cell,
    lang: Language,
) -> Vec<Cell> {
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
    let mut result = Cell::plain(&text);
    if illustrative {
        result.html.push(' ');
        result.html.push_str(&format::illustrative_badge(lang));
    }
    vec![
        first,
        Cell::plain(&n),
        Cell::plain(&format::period(c.periods(ind)[p], lang)),
        result,
        Cell::empty(),
        Cell::empty(),
        Cell::new(
            format::status_badge(worst, lang),
            format::status_word(worst, lang).into(),
        ),
        Cell::empty(),
        Cell::plain(&format!("{} {n}", t(lang, "stats_rolled_up_from"))),
        Cell::new(
            String::new(),
            if illustrative {
                t(lang, "stats_illustrative").into()
            } else {
                String::new()
            },
        ),
    ]
}

fn indicators_index(c: &Computed, lang: Language, shown: &std::path::Path, out: &mut Generated) {
    let body = Body::new(lang, t(lang, "stats_indicators_description"));
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

fn how(c: &Computed, ind: usize, lang: Language) -> String {
    let i = &c.stats.indicators[ind];
    let kind = match i.kind {
        IndicatorKind::Target => "stats_how_target",
        IndicatorKind::Count => "stats_how_count",
        IndicatorKind::Share => "stats_how_share",
        IndicatorKind::Milestone => "stats_how_milestone",
        IndicatorKind::Rating => "stats_how_rating",
    };
    let rollup = match (i.kind, i.rollup) {
        (IndicatorKind::Rating, _) => None,
        (_, super::model::Rollup::Sum) => Some("stats_how_sum"),
        (_, super::model::Rollup::Share) => Some("stats_how_share_rollup"),
        (IndicatorKind::Milestone, _) => None,
        (_, super::model::Rollup::None) => Some("stats_how_none"),
    };
    let mut s = t(lang, kind).to_string();
    if let Some(r) = rollup {
        s.push(' ');
        s.push_str(t(lang, r));
    }
    s
}

fn indicator_page(c: &Computed, ind: usize, lang: Language, out: &mut Generated) {
    let i = &c.stats.indicators[ind];
    let description = if i.description.is_empty() {
        how(c, ind, lang)
    } else {
        i.description.clone()
    };
    let mut body = Body::new(lang, &format!("{} {}", i.title, description));
    if !i.description.is_empty() {
        body.p(&esc(&i.description));
    }
    let mut facts = String::new();
    if !i.measure.is_empty() {
        let _ = write!(facts, "{}: {}. ", t(lang, "stats_measure"), esc(&i.measure));
    }
    if let Some(tp) = i.target_percent {
        let _ = write!(
            facts,
            "{}: {}. ",
            t(lang, "stats_target_share"),
            format::percent(tp, lang)
        );
    }
    facts.push_str(&esc(&how(c, ind, lang)));
    body.p(&facts);
    as_of(c, lang, &mut body);
    let periods = c.periods(ind).to_vec();
    if periods.is_empty() {
        body.p(&esc(t(lang, "stats_no_data")));
    }
    if c.stats
        .records
        .iter()
        .any(|r| r.indicator == ind && r.illustrative)
    {
        illustrative_note(lang, &mut body);
    }
    let measure = i.measure.clone();
    if let Some(latest) = c.latest(ind) {
        // Ranking, latest period (for milestones: every unit, the most urgent first).
        let milestone = i.kind == IndicatorKind::Milestone;
        let ranked = if milestone {
            present::by_urgency(c, ind, latest)
        } else {
            present::ranking(c, ind, latest)
        };
        let ptext = format::period(periods[latest], lang);
        let heading = if milestone {
            "stats_by_unit"
        } else {
            "stats_ranking"
        };
        body.h2("xep-hang", &format!("{} — {ptext}", t(lang, heading)));
        let units: Vec<usize> = ranked.iter().map(|r| r.1).collect();
        if let Some(svg) = present::bars_chart(c, ind, latest, &units, lang) {
            body.html.push_str(&svg);
        }
        let mut cols = vec![
            Col::text(t(lang, "stats_unit")),
            Col::csv_only(t(lang, "stats_rank")),
        ];
        table::push_figure_cols(&mut cols, i.kind, &measure, lang);
        cols.push(Col::text(t(lang, "stats_source")));
        cols.push(Col::csv_only(t(lang, "stats_illustrative")));
        let mut tab = Table::new(format!("{} — {ptext}", t(lang, heading)), cols);
        for (rank, u) in &ranked {
            let fig = c.get(ind, latest, *u);
            body.words(&c.stats.units[*u].name);
            let mut row = vec![
                Cell::new(
                    if milestone {
                        unit_link(c, *u)
                    } else {
                        format!(
                            "<span class=\"st-rank\">{rank}.</span> {}",
                            unit_link(c, *u)
                        )
                    },
                    c.stats.units[*u].name.clone(),
                ),
                Cell::new(String::new(), rank.to_string()),
            ];
            row.extend(table::used_figure_cells(c, ind, fig, lang));
            row.push(fig.map_or_else(Cell::empty, |f| table::source_cell(c, f, lang)));
            row.push(table::illustrative_csv(fig, lang));
            tab.push(row);
        }
        body.table(&tab, &format!("xep-hang-{}", i.id));

        // Trend over periods for the top units, and the units × periods table.
        let all: Vec<usize> = (0..periods.len()).collect();
        let roots = c.stats.roots();
        let trend_units: Vec<usize> = if roots.iter().any(|&r| c.latest_for(ind, r).is_some()) {
            roots
        } else {
            ranked.iter().take(3).map(|r| r.1).collect()
        };
        let charts: Vec<String> = trend_units
            .iter()
            .filter_map(|&u| present::trend_chart(c, ind, u, &all, lang))
            .collect();
        if !charts.is_empty() {
            body.h2("dien-bien", t(lang, "stats_trend"));
            for svg in charts {
                body.html.push_str(&svg);
            }
        }
        units_by_periods(c, ind, lang, &mut body);
        if i.kind == IndicatorKind::Rating {
            criteria_table(c, ind, latest, lang, &mut body);
        }
    }
    sources(c, ind, lang, &mut body);
    page(
        PageSpec {
            rel: present::indicator_source(c, ind),
            shown: &i.origin.file,
            title: i.title.clone(),
            description,
            weight: Some(ind as i64),
        },
        body,
        c,
        out,
    );
}

/// Units (in tree order, indented) × periods, one compact cell each; the CSV beside it
/// has one line per unit and period with every figure column.
fn units_by_periods(c: &Computed, ind: usize, lang: Language, body: &mut Body) {
    let i = &c.stats.indicators[ind];
    let periods = c.periods(ind);
    body.h2("theo-don-vi-va-ky", t(lang, "stats_by_unit_period"));
    let rows: Vec<(usize, usize)> = c
        .stats
        .tree_order()
        .into_iter()
        .filter(|&(u, _)| (0..periods.len()).any(|p| c.get(ind, p, u).is_some()))
        .collect();
    // HTML: the matrix.
    let mut html = String::with_capacity(200 + rows.len() * 80 * (periods.len() + 1));
    let _ = write!(
        html,
        "<div class=\"st-table\"><div class=\"table-wrap\" tabindex=\"0\"><table class=\"st-data st-matrix\"><caption>{} — {}</caption><thead><tr><th scope=\"col\">{}</th>",
        esc(&i.title),
        esc(t(lang, "stats_by_unit_period")),
        esc(t(lang, "stats_unit"))
    );
    for p in periods {
        let _ = write!(
            html,
            "<th scope=\"col\" class=\"num\">{}</th>",
            esc(&format::period(*p, lang))
        );
    }
    html.push_str("</tr></thead><tbody>");
    for &(u, depth) in &rows {
        let _ = write!(
            html,
            "<tr class=\"st-depth-{}\"><th scope=\"row\">{}</th>",
            depth.min(6),
            unit_link(c, u)
        );
        for p in 0..periods.len() {
            match c.get(ind, p, u) {
                Some(f) => {
                    let _ = write!(
                        html,
                        "<td class=\"num\">{}</td>",
                        present::compact(c, ind, f, lang).0
                    );
                }
                None => html.push_str("<td class=\"num\">—</td>"),
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    // CSV: one line per unit and period.
    let mut cols = vec![
        Col::text(t(lang, "stats_unit")),
        Col::text(t(lang, "stats_period")),
    ];
    table::push_figure_cols(&mut cols, i.kind, &i.measure, lang);
    cols.push(Col::text(t(lang, "stats_source")));
    cols.push(Col::csv_only(t(lang, "stats_illustrative")));
    let mut tab = Table::new("", cols);
    for &(u, _) in &rows {
        for (p, period) in periods.iter().enumerate() {
            if let Some(f) = c.get(ind, p, u) {
                let mut row = vec![
                    Cell::plain(&c.stats.units[u].name),
                    Cell::plain(&format::period(*period, lang)),
                ];
                row.extend(table::used_figure_cells(c, ind, Some(f), lang));
                row.push(table::source_cell(c, f, lang));
                row.push(table::illustrative_csv(Some(f), lang));
                tab.push(row);
            }
        }
    }
    let (_, file) = tab.finish(&format!("chi-tieu-{}", i.id), lang);
    let _ = writeln!(
        html,
        "<p class=\"st-download\"><a href=\"{}{}\" download><span aria-hidden=\"true\">⤓</span> {}</a></p></div>",
        table::ROOT,
        file.0,
        t(lang, "stats_download_csv")
    );
    body.files.push(file);
    body.html.push_str(&html);
}

/// For a rating: each criterion, for the top units and the units just below them.
fn criteria_table(c: &Computed, ind: usize, p: usize, lang: Language, body: &mut Body) {
    let i = &c.stats.indicators[ind];
    let ptext = format::period(c.periods(ind)[p], lang);
    body.h2(
        "theo-tieu-chi",
        &format!("{} — {ptext}", t(lang, "stats_by_criterion")),
    );
    let mut cols = vec![Col::text(t(lang, "stats_unit"))];
    for cr in &i.criteria {
        cols.push(Col::num(cr.title.clone()));
    }
    cols.push(Col::num(t(lang, "stats_all_good")));
    let mut tab = Table::new(format!("{} — {ptext}", t(lang, "stats_by_criterion")), cols);
    let units: Vec<(usize, usize)> = c
        .stats
        .tree_order()
        .into_iter()
        .filter(|&(_, d)| d <= 1)
        .collect();
    for (u, depth) in units {
        let Some(f) = c.get(ind, p, u) else { continue };
        let Rolled::Rating {
            good,
            rated,
            per_criterion,
            ..
        } = &f.amount
        else {
            continue;
        };
        let share = |n: u64| -> Cell {
            let pct = super::compute::percent(n.into(), (*rated).into());
            let txt = match pct {
                Some(x) => format!("{n} / {rated} · {}", format::percent(x, lang)),
                None => format!("{n} / {rated}"),
            };
            Cell::plain(&txt)
        };
        let mut row = vec![Cell::new(unit_link(c, u), c.stats.units[u].name.clone())];
        row.extend(per_criterion.iter().map(|&n| share(n)));
        row.push(share(*good));
        tab.push_class(row, format!("st-depth-{depth}"));
    }
    body.table(&tab, &format!("tieu-chi-{}", i.id));
}

fn sources(c: &Computed, ind: usize, lang: Language, body: &mut Body) {
    let mut by_source: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for r in c.stats.records.iter().filter(|r| r.indicator == ind) {
        let e = by_source.entry(r.source.as_str()).or_insert((0, false));
        e.0 += 1;
        e.1 |= r.illustrative;
    }
    if by_source.is_empty() {
        return;
    }
    body.h2("nguon-so-lieu", t(lang, "stats_sources"));
    body.html.push_str("<ul class=\"st-sources\">");
    for (s, (n, ill)) in by_source {
        body.words(s);
        let _ = write!(
            body.html,
            "<li>{} ({n}){}</li>",
            esc(s),
            if ill {
                format!(" {}", format::illustrative_badge(lang))
            } else {
                String::new()
            }
        );
    }
    body.html.push_str("</ul>\n");
}

fn units_index(c: &Computed, lang: Language, shown: &std::path::Path, out: &mut Generated) {
    let mut body = Body::new(lang, t(lang, "stats_units_description"));
    body.h2("cay-to-chuc", t(lang, "stats_org_tree"));
    let mut html = String::from("<ul class=\"st-tree\">");
    for r in c.stats.roots() {
        tree_item(c, r, lang, &mut html, &mut body);
    }
    html.push_str("</ul>\n");
    body.html.push_str(&html);
    page(
        PageSpec {
            rel: present::units_source(),
            shown,
            title: t(lang, "stats_units").into(),
            description: t(lang, "stats_units_description").into(),
            weight: Some(2),
        },
        body,
        c,
        out,
    );
}

fn tree_item(c: &Computed, u: usize, lang: Language, html: &mut String, body: &mut Body) {
    let unit = &c.stats.units[u];
    body.words(&unit.name);
    let _ = write!(
        html,
        "<li>{} <span class=\"st-kind\">{}</span>{}",
        unit_link(c, u),
        t(lang, unit.kind.word_key()),
        if unit.illustrative {
            format!(
                " <span class=\"st-illustrative\">{}</span>",
                t(lang, "stats_illustrative_unit")
            )
        } else {
            String::new()
        }
    );
    if !unit.children.is_empty() {
        html.push_str("<ul>");
        for &ch in &unit.children {
            tree_item(c, ch, lang, html, body);
        }
        html.push_str("</ul>");
    }
    html.push_str("</li>");
}

fn unit_page(c: &Computed, u: usize, lang: Language, shown: &std::path::Path, out: &mut Generated) {
    let s = &c.stats;
    let unit = &s.units[u];
    let kind_word = t(lang, unit.kind.word_key());
    let description = match unit.parent {
        Some(p) => format!(
            "{kind_word} — {} {}",
            t(lang, "stats_part_of").to_lowercase(),
            s.units[p].name
        ),
        None => kind_word.to_string(),
    };
    let mut body = Body::new(lang, &format!("{} {}", unit.name, description));
    let mut facts = format!("{}: {}.", t(lang, "stats_kind"), esc(kind_word));
    if let Some(p) = unit.parent {
        let _ = write!(facts, " {}: {}.", t(lang, "stats_part_of"), unit_link(c, p));
    }
    if unit.illustrative {
        let _ = write!(
            facts,
            " <span class=\"st-illustrative\">{}</span>",
            t(lang, "stats_illustrative_unit")
        );
    }
    body.p(&facts);
    as_of(c, lang, &mut body);
    let with_figures: Vec<usize> = (0..s.indicators.len())
        .filter(|&i| c.latest_for(i, u).is_some())
        .collect();
    let mut illustrative = unit.illustrative;

    body.h2("chi-tieu", t(lang, "stats_unit_indicators"));
    if with_figures.is_empty() {
        body.p(&esc(t(lang, "stats_no_data")));
    } else {
        let mut tab = Table::new(
            format!("{} — {}", unit.name, t(lang, "stats_latest")),
            mixed_cols(lang, t(lang, "stats_indicator")),
        );
        // the unit column is the page's unit: drop it
        tab.cols.remove(1);
        for &i in &with_figures {
            let p = c.latest_for(i, u).unwrap_or(0);
            illustrative |= c.get(i, p, u).is_some_and(|f| f.illustrative);
            body.words(&s.indicators[i].title);
            let mut row = mixed_row(
                c,
                i,
                u,
                p,
                Cell::new(indicator_link(c, i), s.indicators[i].title.clone()),
                lang,
            );
            row.remove(1);
            tab.push(row);
        }
        body.table(&tab, &format!("don-vi-{}", unit.id));
    }

    // Over periods: a chart per indicator with two or more periods, and the full table.
    let multi: Vec<usize> = with_figures
        .iter()
        .copied()
        .filter(|&i| {
            (0..c.periods(i).len())
                .filter(|&p| c.get(i, p, u).is_some())
                .count()
                >= 2
        })
        .collect();
    if !multi.is_empty() {
        body.h2("dien-bien", t(lang, "stats_trend"));
        for &i in &multi {
            let all: Vec<usize> = (0..c.periods(i).len()).collect();
            if let Some(svg) = present::trend_chart(c, i, u, &all, lang) {
                body.html.push_str(&svg);
            }
        }
        let mut tab = Table::new(
            format!("{} — {}", unit.name, t(lang, "stats_trend")),
            mixed_cols(lang, t(lang, "stats_indicator")),
        );
        tab.cols.remove(1);
        for &i in &multi {
            for p in 0..c.periods(i).len() {
                if c.get(i, p, u).is_some() {
                    illustrative |= c.get(i, p, u).is_some_and(|f| f.illustrative);
                    let mut row = mixed_row(
                        c,
                        i,
                        u,
                        p,
                        Cell::new(indicator_link(c, i), s.indicators[i].title.clone()),
                        lang,
                    );
                    row.remove(1);
                    tab.push(row);
                }
            }
        }
        body.table(&tab, &format!("don-vi-{}-theo-ky", unit.id));
    }

    // Ratings by criterion.
    for &i in with_figures
        .iter()
        .filter(|&&i| s.indicators[i].kind == IndicatorKind::Rating)
    {
        let p = c.latest_for(i, u).unwrap_or(0);
        let Some(f) = c.get(i, p, u) else { continue };
        let Rolled::Rating {
            own,
            rated,
            per_criterion,
            ..
        } = &f.amount
        else {
            continue;
        };
        let ind = &s.indicators[i];
        let ptext = format::period(c.periods(i)[p], lang);
        body.h2(
            &format!("tieu-chi-{}", ind.id),
            &format!(
                "{} — {} — {ptext}",
                ind.title,
                t(lang, "stats_by_criterion")
            ),
        );
        let mut cols = vec![Col::text(t(lang, "stats_criterion"))];
        if own.is_some() {
            cols.push(Col::text(unit.name.clone()));
        }
        if *rated > u64::from(own.is_some()) {
            cols.push(Col::num(format!(
                "{} / {}",
                t(lang, "stats_good"),
                t(lang, "stats_rated").to_lowercase()
            )));
        }
        let mut tab = Table::new(format!("{} — {ptext}", t(lang, "stats_by_criterion")), cols);
        for (k, cr) in ind.criteria.iter().enumerate() {
            let mut row = vec![Cell::plain(&cr.title)];
            if let Some(flags) = own {
                let good = flags.get(k).copied().unwrap_or(false);
                let (icon, word, class) = if good {
                    ("✔", t(lang, "stats_good"), "dat")
                } else {
                    ("✖", t(lang, "stats_not_good"), "chua-dat")
                };
                row.push(Cell::new(format!("<span class=\"st st-{class}\"><span class=\"st-icon\" aria-hidden=\"true\">{icon}</span> {word}</span>"), word.to_string()));
            }
            if *rated > u64::from(own.is_some()) {
                let n = per_criterion.get(k).copied().unwrap_or(0);
                let txt = match super::compute::percent(n.into(), (*rated).into()) {
                    Some(x) => format!("{n} / {rated} · {}", format::percent(x, lang)),
                    None => format!("{n} / {rated}"),
                };
                row.push(Cell::plain(&txt));
            }
            tab.push(row);
        }
        body.table(&tab, &format!("don-vi-{}-{}", unit.id, ind.id));
    }

    // Child units: a compact figure per indicator (its latest period).
    if !unit.children.is_empty() {
        body.h2("don-vi-truc-thuoc", t(lang, "stats_child_units"));
        let shown_inds: Vec<(usize, usize)> = (0..s.indicators.len())
            .filter_map(|i| {
                let p = c.latest(i)?;
                unit.children
                    .iter()
                    .any(|&ch| c.get(i, p, ch).is_some())
                    .then_some((i, p))
            })
            .collect();
        let mut cols = vec![
            Col::text(t(lang, "stats_unit")),
            Col::text(t(lang, "stats_kind")),
        ];
        for &(i, p) in &shown_inds {
            cols.push(Col::num(format!(
                "{} ({})",
                s.indicators[i].title,
                format::period(c.periods(i)[p], lang)
            )));
        }
        let mut tab = Table::new(
            format!("{} — {}", unit.name, t(lang, "stats_child_units")),
            cols,
        );
        for &ch in &unit.children {
            body.words(&s.units[ch].name);
            let mut row = vec![
                Cell::new(unit_link(c, ch), s.units[ch].name.clone()),
                Cell::plain(t(lang, s.units[ch].kind.word_key())),
            ];
            for &(i, p) in &shown_inds {
                row.push(match c.get(i, p, ch) {
                    Some(f) => {
                        illustrative |= f.illustrative;
                        let (h, v) = present::compact(c, i, f, lang);
                        Cell::new(h, v)
                    }
                    None => Cell::empty(),
                });
            }
            tab.push(row);
        }
        body.table(&tab, &format!("don-vi-{}-truc-thuoc", unit.id));
    }
    if illustrative {
        illustrative_note(lang, &mut body);
    }
    page(
        PageSpec {
            rel: present::unit_source(c, u),
            shown,
            title: unit.name.clone(),
            description,
            weight: Some(u as i64),
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
