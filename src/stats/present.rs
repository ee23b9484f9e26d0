//! Computed figures turned into what pages and embeds show: chart rows, compact cells,
//! rankings and the addresses of the generated pages.

use super::chart::{self, Bar, Column};
use super::compute::Status;
use super::format::{self, esc};
use super::model::{IndicatorKind, Period};
use super::rollup::{Computed, Figure, Rolled};
use super::table::{t, ROOT};
use crate::i18n::Language;
use crate::resolve::urls;
use rust_decimal::Decimal;

/// The virtual folder of generated pages.
pub const SECTION: &str = "tien-do";

/// Source path of the overview page.
pub fn overview_source() -> String {
    format!("{SECTION}/_index.md")
}

pub fn indicators_source() -> String {
    format!("{SECTION}/chi-tieu/_index.md")
}

pub fn units_source() -> String {
    format!("{SECTION}/don-vi/_index.md")
}

pub fn indicator_source(c: &Computed, ind: usize) -> String {
    format!("{SECTION}/chi-tieu/{}.md", c.stats.indicators[ind].id)
}

/// A unit with units below it is a section (`…/nui-thanh/_index.md`); a unit without is
/// a page (`…/nui-thanh/xa-tam-hiep.md`). The folders follow the organization tree.
pub fn unit_source(c: &Computed, u: usize) -> String {
    let path = &c.unit_paths[u];
    if c.stats.units[u].children.is_empty() {
        format!("{SECTION}/don-vi/{path}.md")
    } else {
        format!("{SECTION}/don-vi/{path}/_index.md")
    }
}

/// An `href` to a generated page, valid on any page (see [`ROOT`]).
pub fn href(source: &str) -> String {
    format!("{ROOT}{}", urls::page_output(source))
}

/// The link to an indicator's page (made once, see [`Computed::indicator_links`]).
pub fn indicator_link(c: &Computed, ind: usize) -> &str {
    &c.indicator_links[ind]
}

/// The link to a unit's page (made once, see [`Computed::unit_links`]).
pub fn unit_link(c: &Computed, u: usize) -> &str {
    &c.unit_links[u]
}

pub(super) fn make_indicator_link(c: &Computed, ind: usize) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        href(&indicator_source(c, ind)),
        esc(&c.stats.indicators[ind].title)
    )
}

pub(super) fn make_unit_link(c: &Computed, u: usize) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        href(&unit_source(c, u)),
        esc(&c.stats.units[u].name)
    )
}

/// A figure in a few characters, for wide tables: the rate, the count, or the status.
/// `(HTML, CSV text)`.
pub fn compact(c: &Computed, ind: usize, fig: &Figure, lang: Language) -> (String, String) {
    let status = c.status(ind, fig);
    let text = compact_text(fig, status, lang);
    let mut html = String::with_capacity(text.len() + 160);
    compact_html_into(&mut html, &text, fig, status, lang);
    let csv = if matches!(fig.amount, Rolled::Milestone { .. }) || status == Status::NotApplicable {
        text
    } else {
        [&text, " (", format::status_word(status, lang), ")"].concat()
    };
    (html, csv)
}

/// [`compact`]'s HTML appended to `out` (a units × periods table holds thousands).
pub fn push_compact_html(out: &mut String, c: &Computed, ind: usize, fig: &Figure, lang: Language) {
    let status = c.status(ind, fig);
    let text = compact_text(fig, status, lang);
    compact_html_into(out, &text, fig, status, lang);
}

/// The words of a compact figure: "112 / 90 · 124,44 %".
fn compact_text(fig: &Figure, status: Status, lang: Language) -> String {
    // (concat, not format!: a wide table holds a thousand of these)
    let pair = |a: String, b: String| -> String {
        match fig.percent() {
            Some(p) => [&a, " / ", &b, " · ", &format::percent(p, lang)].concat(),
            None => [&a, " / ", &b].concat(),
        }
    };
    let n = |d: Decimal| format::number(d, lang);
    match &fig.amount {
        Rolled::Count(v) => n(*v),
        Rolled::Milestone { .. } => format::status_word(status, lang).to_string(),
        Rolled::Target { value, target } => pair(n(*value), n(*target)),
        Rolled::Share { part, whole } => pair(n(*part), n(*whole)),
        // (counts of cells, written as they are)
        Rolled::Rating { good, rated, .. } => pair(good.to_string(), rated.to_string()),
    }
}

/// The text escaped, then the status badge and the "illustrative" mark.
fn compact_html_into(out: &mut String, text: &str, fig: &Figure, status: Status, lang: Language) {
    out.push_str(&format::esc_cow(text));
    // (push_str, not format!: a wide table holds a thousand of these)
    if status != Status::NotApplicable {
        let word = format::status_word(status, lang);
        for part in [
            " <span class=\"st st-",
            status.key(),
            "\" title=\"",
            word,
            "\"><span class=\"st-icon\" aria-hidden=\"true\">",
            status.icon(),
            "</span><span class=\"st-word\">",
            word,
            "</span></span>",
        ] {
            out.push_str(part);
        }
    }
    if fig.illustrative {
        let word = t(lang, "stats_illustrative");
        for part in [
            " <span class=\"st-illustrative st-mark\" title=\"",
            word,
            "\">*<span class=\"st-word\">",
            word,
            "</span></span>",
        ] {
            out.push_str(part);
        }
    }
}

/// Sort key of a figure for ranking: larger first.
fn rank_value(fig: &Figure, kind: IndicatorKind) -> Option<Decimal> {
    match kind {
        IndicatorKind::Count => fig.chart_value(),
        IndicatorKind::Milestone => None,
        _ => fig.percent(),
    }
}

/// The units ranked for the `p`-th period: the units just below the top units (or the
/// top units, or the reporting units when figures are not rolled up), best first; equal
/// figures share a rank.
pub fn ranking(c: &Computed, ind: usize, p: usize) -> Vec<(usize, usize)> {
    let s = &c.stats;
    let has = |u: &usize| c.get(ind, p, *u).is_some();
    let roots = s.roots();
    let mut units: Vec<usize> = roots
        .iter()
        .flat_map(|&r| s.units[r].children.iter().copied())
        .filter(has)
        .collect();
    if units.len() < 2 {
        let top: Vec<usize> = roots.iter().copied().filter(has).collect();
        if top.len() > units.len() {
            units = top;
        }
    }
    if units.len() < 2 {
        let recorded: Vec<usize> = (0..s.units.len())
            .filter(|&u| c.get(ind, p, u).is_some_and(|f| f.record.is_some()))
            .collect();
        if recorded.len() > units.len() {
            units = recorded;
        }
    }
    let kind = s.indicators[ind].kind;
    let mut keyed: Vec<(Option<Decimal>, crate::collate::SortKey, usize)> = units
        .into_iter()
        .map(|u| {
            (
                c.get(ind, p, u).and_then(|f| rank_value(f, kind)),
                crate::collate::sort_key(&s.units[u].name),
                u,
            )
        })
        .collect();
    keyed.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    let mut out = Vec::with_capacity(keyed.len());
    for (i, k) in keyed.iter().enumerate() {
        let rank = if i > 0 && k.0.is_some() && keyed[i - 1].0 == k.0 {
            out.last().map_or(1, |x: &(usize, usize)| x.0)
        } else {
            i + 1
        };
        out.push((rank, k.2));
    }
    out
}

/// For milestones: every unit with a figure in the `p`-th period, overdue first, then
/// due, then done, each group in the order of the tree.
pub fn by_urgency(c: &Computed, ind: usize, p: usize) -> Vec<(usize, usize)> {
    let mut units: Vec<(u8, usize, usize)> = c
        .stats
        .tree_order()
        .into_iter()
        .enumerate()
        .filter_map(|(order, (u, _))| {
            let f = c.get(ind, p, u)?;
            Some((c.status(ind, f).severity(), order, u))
        })
        .collect();
    units.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    units
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, u))| (i + 1, u))
        .collect()
}

/// A bar for a unit's figure: the rate against 100 % for targets, the share against the
/// target share, the value for counts.
pub fn bar(c: &Computed, ind: usize, label: String, fig: &Figure, lang: Language) -> Option<Bar> {
    let i = &c.stats.indicators[ind];
    let status = c.status(ind, fig);
    let (value, target) = match i.kind {
        IndicatorKind::Target => (fig.percent()?, Some(Decimal::from(100))),
        IndicatorKind::Share | IndicatorKind::Rating => (fig.percent()?, i.target_percent),
        IndicatorKind::Count => (fig.chart_value()?, None),
        IndicatorKind::Milestone => return None,
    };
    let (_, shown) = compact(c, ind, fig, lang);
    Some(Bar {
        label,
        value,
        shown,
        target,
        status,
    })
}

/// A column for one period of a unit's figures: the value against the target for
/// targets, the share for shares and ratings, the value for counts.
pub fn column(
    c: &Computed,
    ind: usize,
    period: Period,
    fig: &Figure,
    lang: Language,
) -> Option<Column> {
    let i = &c.stats.indicators[ind];
    let status = c.status(ind, fig);
    let (value, target, shown) = match &fig.amount {
        Rolled::Target { value, target } => (
            *value,
            Some(*target),
            match fig.percent() {
                Some(p) => format!(
                    "{} · {}",
                    format::number(*value, lang),
                    format::percent(p, lang)
                ),
                None => format::number(*value, lang),
            },
        ),
        Rolled::Count(v) => (*v, None, format::number(*v, lang)),
        Rolled::Share { .. } | Rolled::Rating { .. } => {
            let p = fig.percent()?;
            (p, i.target_percent, format::percent(p, lang))
        }
        Rolled::Milestone { .. } => return None,
    };
    Some(Column {
        label: format::period(period, lang),
        value,
        shown,
        target,
        status,
    })
}

/// The chart of one unit's figures over the given periods (`None` when there is nothing
/// to draw).
pub fn trend_chart(
    c: &Computed,
    ind: usize,
    unit: usize,
    periods: &[usize],
    lang: Language,
) -> Option<String> {
    let cols: Vec<Column> = periods
        .iter()
        .filter_map(|&p| {
            let fig = c.get(ind, p, unit)?;
            column(c, ind, c.periods(ind)[p], fig, lang)
        })
        .collect();
    if cols.is_empty() {
        return None;
    }
    let i = &c.stats.indicators[ind];
    let title = format!("{} — {}", i.title, c.stats.units[unit].name);
    let note = match i.kind {
        IndicatorKind::Target => format!("{}: {}", t(lang, "stats_target"), lang_dash(lang)),
        _ if i.target_percent.is_some() => {
            format!("{}: {}", t(lang, "stats_target_share"), lang_dash(lang))
        }
        _ => String::new(),
    };
    Some(chart::columns(&title, &cols, &note))
}

fn lang_dash(lang: Language) -> &'static str {
    t(lang, "stats_chart_dash")
}

/// The bar chart of the given units for one period.
pub fn bars_chart(
    c: &Computed,
    ind: usize,
    p: usize,
    units: &[usize],
    lang: Language,
) -> Option<String> {
    let bars: Vec<Bar> = units
        .iter()
        .filter_map(|&u| {
            bar(
                c,
                ind,
                c.stats.units[u].name.clone(),
                c.get(ind, p, u)?,
                lang,
            )
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let i = &c.stats.indicators[ind];
    let title = format!("{} — {}", i.title, format::period(c.periods(ind)[p], lang));
    let note = match i.kind {
        IndicatorKind::Target => t(lang, "stats_chart_target_line").to_string(),
        _ if i.target_percent.is_some() => {
            format!("{}: {}", t(lang, "stats_target_share"), lang_tick(lang))
        }
        _ => String::new(),
    };
    Some(chart::bars(&title, &bars, &note))
}

fn lang_tick(lang: Language) -> &'static str {
    t(lang, "stats_chart_tick")
}
