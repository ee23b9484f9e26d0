//! The page of an indicator: units ranked, trend over periods, units × periods, criteria
//! of ratings, sources.

use super::{as_of, illustrative_note, page, Body, Generated, PageSpec};
use crate::i18n::Language;
use crate::stats::format::{self, esc};
use crate::stats::model::IndicatorKind;
use crate::stats::present::{self, *};
use crate::stats::rollup::{Computed, Rolled};
use crate::stats::table::{self, t, Cell, Col, Table};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

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
        (_, crate::stats::model::Rollup::Sum) => Some("stats_how_sum"),
        (_, crate::stats::model::Rollup::Share) => Some("stats_how_share_rollup"),
        (IndicatorKind::Milestone, _) => None,
        (_, crate::stats::model::Rollup::None) => Some("stats_how_none"),
    };
    let mut s = t(lang, kind).to_string();
    if let Some(r) = rollup {
        s.push(' ');
        s.push_str(t(lang, r));
    }
    s
}

pub(super) fn indicator_page(c: &Computed, ind: usize, lang: Language, out: &mut Generated) {
    let i = &c.stats.indicators[ind];
    let description = if i.description.is_empty() {
        how(c, ind, lang)
    } else {
        i.description.clone()
    };
    let mut body = Body::new(&format!("{} {}", i.title, description));
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
        let mut tab = Table::new(format!("{} — {ptext}", t(lang, heading)), cols, lang);
        for (rank, u) in &ranked {
            let fig = c.get(ind, latest, *u);
            body.words(&c.stats.units[*u].name);
            let mut row = vec![
                Cell::new(
                    if milestone {
                        Cow::from(unit_link(c, *u))
                    } else {
                        Cow::from(format!(
                            "<span class=\"st-rank\">{rank}.</span> {}",
                            unit_link(c, *u)
                        ))
                    },
                    c.stats.units[*u].name.as_str(),
                ),
                Cell::new("", rank.to_string()),
            ];
            row.extend(table::used_figure_cells(c, ind, fig, lang));
            row.push(fig.map_or_else(Cell::empty, |f| table::source_cell(c, f, lang)));
            row.push(table::illustrative_csv(fig, lang));
            tab.push(row);
        }
        body.table(tab, &format!("xep-hang-{}", i.id));

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
                    html.push_str("<td class=\"num\">");
                    present::push_compact_html(&mut html, c, ind, f, lang);
                    html.push_str("</td>");
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
    let mut tab = Table::csv_only(cols, lang);
    for &(u, _) in &rows {
        for (p, period) in periods.iter().enumerate() {
            if let Some(f) = c.get(ind, p, u) {
                let mut row = vec![
                    Cell::plain(&c.stats.units[u].name),
                    Cell::owned(format::period(*period, lang)),
                ];
                row.extend(table::used_figure_cells(c, ind, Some(f), lang));
                row.push(table::source_cell(c, f, lang));
                row.push(table::illustrative_csv(Some(f), lang));
                tab.push(row);
            }
        }
    }
    let (_, file) = tab.finish(&format!("chi-tieu-{}", i.id));
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
    let mut tab = Table::new(
        format!("{} — {ptext}", t(lang, "stats_by_criterion")),
        cols,
        lang,
    );
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
            let pct = crate::stats::compute::percent(n.into(), (*rated).into());
            let txt = match pct {
                Some(x) => format!("{n} / {rated} · {}", format::percent(x, lang)),
                None => format!("{n} / {rated}"),
            };
            Cell::owned(txt)
        };
        let mut row = vec![Cell::new(unit_link(c, u), c.stats.units[u].name.as_str())];
        row.extend(per_criterion.iter().map(|&n| share(n)));
        row.push(share(*good));
        tab.push_class(row, &format!("st-depth-{depth}"));
    }
    body.table(tab, &format!("tieu-chi-{}", i.id));
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
