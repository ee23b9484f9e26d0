//! The organization tree and the page of each unit: its indicators, charts over periods,
//! its ratings by criterion and its child units.

use super::{as_of, illustrative_note, mixed_cols, mixed_row, page, Body, Generated, PageSpec};
use crate::i18n::Language;
use crate::stats::format::{self, esc};
use crate::stats::model::IndicatorKind;
use crate::stats::present::{self, *};
use crate::stats::rollup::{Computed, Rolled};
use crate::stats::table::{t, Cell, Col, Table};
use std::fmt::Write;

pub(super) fn units_index(
    c: &Computed,
    lang: Language,
    shown: &std::path::Path,
    out: &mut Generated,
) {
    let mut body = Body::new(t(lang, "stats_units_description"));
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

pub(super) fn unit_page(
    c: &Computed,
    u: usize,
    lang: Language,
    shown: &std::path::Path,
    out: &mut Generated,
) {
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
    let mut body = Body::new(&format!("{} {}", unit.name, description));
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
        // the unit column is the page's unit: drop it
        let mut cols = mixed_cols(lang, t(lang, "stats_indicator"));
        cols.remove(1);
        let mut tab = Table::new(
            format!("{} — {}", unit.name, t(lang, "stats_latest")),
            cols,
            lang,
        );
        for &i in &with_figures {
            let p = c.latest_for(i, u).unwrap_or(0);
            illustrative |= c.get(i, p, u).is_some_and(|f| f.illustrative);
            body.words(&s.indicators[i].title);
            let mut row = mixed_row(
                c,
                i,
                u,
                p,
                Cell::new(indicator_link(c, i), s.indicators[i].title.as_str()),
                lang,
            );
            row.remove(1);
            tab.push(row);
        }
        body.table(tab, &format!("don-vi-{}", unit.id));
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
        let mut cols = mixed_cols(lang, t(lang, "stats_indicator"));
        cols.remove(1);
        let mut tab = Table::new(
            format!("{} — {}", unit.name, t(lang, "stats_trend")),
            cols,
            lang,
        );
        for &i in &multi {
            for p in 0..c.periods(i).len() {
                if c.get(i, p, u).is_some() {
                    illustrative |= c.get(i, p, u).is_some_and(|f| f.illustrative);
                    let mut row = mixed_row(
                        c,
                        i,
                        u,
                        p,
                        Cell::new(indicator_link(c, i), s.indicators[i].title.as_str()),
                        lang,
                    );
                    row.remove(1);
                    tab.push(row);
                }
            }
        }
        body.table(tab, &format!("don-vi-{}-theo-ky", unit.id));
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
        let mut tab = Table::new(
            format!("{} — {ptext}", t(lang, "stats_by_criterion")),
            cols,
            lang,
        );
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
                let txt = match crate::stats::compute::percent(n.into(), (*rated).into()) {
                    Some(x) => format!("{n} / {rated} · {}", format::percent(x, lang)),
                    None => format!("{n} / {rated}"),
                };
                row.push(Cell::owned(txt));
            }
            tab.push(row);
        }
        body.table(tab, &format!("don-vi-{}-{}", unit.id, ind.id));
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
            lang,
        );
        for &ch in &unit.children {
            body.words(&s.units[ch].name);
            let mut row = vec![
                Cell::new(unit_link(c, ch), s.units[ch].name.as_str()),
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
        body.table(tab, &format!("don-vi-{}-truc-thuoc", unit.id));
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
