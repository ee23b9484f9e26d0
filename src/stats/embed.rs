//! Figures, tables and charts inside Markdown pages: a fenced block
//!
//! ````markdown
//! ```thong-ke
//! indicator: ket-nap
//! units: [nui-thanh]
//! periods: [2021, 2022]
//! show: chart
//! ```
//! ````
//!
//! rendered from the same computation as the progress pages. A wrong name is an error at
//! the line and column inside the block.

use super::format::{self, esc};
use super::marked::{self, Fields, Node, Problem};
use super::present;
use super::rollup::Computed;
use super::table::{self, t, Cell, Col, Table};
use crate::i18n::Language;
use crate::parse::markdown::{BlockError, FencedBlocks};
use crate::resolve::Site;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// The info string of statistics blocks.
pub const LANG: &str = "thong-ke";

const KEYS: &[&str] = &[
    "indicator",
    "unit",
    "units",
    "period",
    "periods",
    "show",
    "title",
];
const SHOWS: &[&str] = &["figure", "table", "chart"];

/// What the statistics are for the embeds of a build.
pub enum Source<'a> {
    /// The handbook has no `statistics/` folder.
    Missing,
    /// The statistics have errors (already reported): blocks render as nothing.
    Broken,
    Ready(&'a Computed),
}

/// The handler of ```` ```thong-ke ```` blocks; collects the CSV files of embedded tables.
pub struct Embeds<'a> {
    source: Source<'a>,
    lang: Language,
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl<'a> Embeds<'a> {
    pub fn new(source: Source<'a>, lang: Language) -> Embeds<'a> {
        Embeds {
            source,
            lang,
            files: Mutex::new(BTreeMap::new()),
        }
    }

    /// The CSV files of the tables embedded so far.
    pub fn take_files(&self) -> Vec<(String, Vec<u8>)> {
        match self.files.lock() {
            Ok(mut f) => std::mem::take(&mut *f).into_iter().collect(),
            Err(p) => std::mem::take(&mut *p.into_inner()).into_iter().collect(),
        }
    }
}

fn block_error(p: Problem) -> BlockError {
    BlockError {
        line: p.pos.line.saturating_sub(1),
        column: p.pos.column.max(1),
        message: p.message,
        help: p.help,
    }
}

impl FencedBlocks for Embeds<'_> {
    fn claims(&self, lang: &str) -> bool {
        lang == LANG
    }

    fn render(&self, _lang: &str, code: &str) -> Result<String, BlockError> {
        let c = match self.source {
            Source::Broken => return Ok(String::new()),
            Source::Missing => {
                return Err(BlockError {
                    line: 0,
                    column: 1,
                    message: "this handbook has no statistics to show".into(),
                    help: Some(
                        "add a statistics/ folder beside content/ (see docs/statistics.md)".into(),
                    ),
                })
            }
            Source::Ready(c) => c,
        };
        let q = parse_query(code, c).map_err(block_error)?;
        let (html, files) = render_query(c, &q, self.lang);
        if !files.is_empty() {
            let mut guard = match self.files.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            guard.extend(files);
        }
        Ok(html)
    }
}

/// A checked query.
#[derive(Debug)]
pub struct Query {
    pub indicator: usize,
    /// `None`: the top units.
    pub units: Option<Vec<usize>>,
    /// Indexes among the indicator's periods; `None`: the default for `show`.
    pub periods: Option<Vec<usize>>,
    pub show: String,
    pub title: Option<String>,
    /// A stable name for the CSV file.
    pub key: String,
}

fn parse_query(code: &str, c: &Computed) -> Result<Query, Problem> {
    let node = match marked::parse(code)? {
        Some(n) => n,
        None => {
            return Err(Problem::new(
                marked::Pos { line: 1, column: 1 },
                "the statistics block is empty",
            )
            .help("write at least `indicator: <id>`; see docs/statistics.md"))
        }
    };
    let mut probs = Vec::new();
    let Some(mut f) = Fields::of(&node, "the statistics block", &mut probs) else {
        return Err(probs.remove(0));
    };
    let s = &c.stats;
    let indicator = match f.get("indicator") {
        Some(n) => {
            let id = marked::text(n, "indicator", &mut probs).unwrap_or_default();
            match s.indicator_by_id.get(&id) {
                Some(&i) => Some(i),
                None => {
                    let p = Problem::new(n.pos, format!("unknown indicator `{id}`"));
                    probs.push(
                        match marked::suggest(&id, s.indicators.iter().map(|i| i.id.as_str())) {
                            Some(h) => p.help(h),
                            None => p.help(format!(
                                "the indicators are: {}",
                                s.indicators
                                    .iter()
                                    .map(|i| i.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        },
                    );
                    None
                }
            }
        }
        None => {
            probs.push(
                Problem::new(node.pos, "the statistics block names no indicator")
                    .help("add `indicator: <id>` (an id of statistics/indicators.yaml)"),
            );
            None
        }
    };
    let unit_nodes: Vec<&Node> = f
        .get("units")
        .or_else(|| f.get("unit"))
        .map(marked::one_or_many)
        .unwrap_or_default();
    let period_nodes: Vec<&Node> = f
        .get("periods")
        .or_else(|| f.get("period"))
        .map(marked::one_or_many)
        .unwrap_or_default();
    let mut units = Vec::new();
    for n in &unit_nodes {
        let Some(id) = marked::text(n, "units", &mut probs) else {
            continue;
        };
        match s.unit_by_id.get(&id) {
            Some(&u) => units.push(u),
            None => {
                let p = Problem::new(n.pos, format!("unknown unit `{id}`"));
                probs.push(
                    match marked::suggest(&id, s.units.iter().map(|u| u.id.as_str())) {
                        Some(h) => p.help(h),
                        None => p.help("the units are defined in statistics/units.yaml"),
                    },
                );
            }
        }
    }
    let mut periods = Vec::new();
    for n in &period_nodes {
        let Some(p) = super::records::period(n, &mut probs) else {
            continue;
        };
        let Some(i) = indicator else { continue };
        match c.period_index(i, p) {
            Some(pi) => periods.push(pi),
            None => {
                let known: Vec<String> = c.periods(i).iter().map(|p| p.id()).collect();
                probs.push(
                    Problem::new(
                        n.pos,
                        format!(
                            "`{}` has no figures for the period {}",
                            s.indicators[i].id,
                            p.id()
                        ),
                    )
                    .help(if known.is_empty() {
                        "the indicator has no records yet".to_string()
                    } else {
                        format!("its periods are: {}", known.join(", "))
                    }),
                );
            }
        }
    }
    let show = match f.get("show") {
        Some(n) => {
            let v = marked::text(n, "show", &mut probs).unwrap_or_default();
            if SHOWS.contains(&v.as_str()) {
                v
            } else {
                let p = Problem::new(n.pos, format!("`show`: unknown value `{v}`"));
                probs.push(match marked::suggest(&v, SHOWS.iter().copied()) {
                    Some(h) => p.help(h),
                    None => p.help("write `show: figure`, `show: table` or `show: chart`"),
                });
                String::new()
            }
        }
        None => "figure".to_string(),
    };
    let title = f
        .get("title")
        .and_then(|n| marked::text(n, "title", &mut probs));
    f.finish(KEYS, &|_| None, &mut probs);
    if !probs.is_empty() {
        probs.sort_by_key(|p| p.pos);
        return Err(probs.remove(0));
    }
    let indicator = indicator.unwrap_or(0);
    let key = format!(
        "{}|{:?}|{:?}|{show}|{:?}",
        s.indicators[indicator].id, units, periods, title
    );
    Ok(Query {
        indicator,
        units: (!unit_nodes.is_empty()).then_some(units),
        periods: (!period_nodes.is_empty()).then_some(periods),
        show,
        title,
        key,
    })
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn render_query(c: &Computed, q: &Query, lang: Language) -> (String, Vec<(String, Vec<u8>)>) {
    let ind = q.indicator;
    let i = &c.stats.indicators[ind];
    let units: Vec<usize> = match &q.units {
        Some(u) => u.clone(),
        None => {
            let roots = c.stats.roots();
            let with: Vec<usize> = roots
                .iter()
                .copied()
                .filter(|&r| c.latest_for(ind, r).is_some())
                .collect();
            if with.is_empty() {
                roots
            } else {
                with
            }
        }
    };
    let mut html = String::new();
    if q.show == "figure" {
        html.push_str("<div class=\"st-embed st-figures\">");
        for &u in &units {
            let ps: Vec<usize> = match &q.periods {
                Some(p) => p.clone(),
                None => c.latest_for(ind, u).into_iter().collect(),
            };
            if ps.is_empty() {
                let _ = write!(
                    html,
                    "<p class=\"st-figure\">{} — {}: {}</p>",
                    present::indicator_link(c, ind),
                    present::unit_link(c, u),
                    esc(t(lang, "stats_no_data"))
                );
            }
            for p in ps {
                let period = format::period(c.periods(ind)[p], lang);
                let _ = write!(
                    html,
                    "<p class=\"st-figure\">{} — {}, {}: ",
                    present::indicator_link(c, ind),
                    present::unit_link(c, u),
                    esc(&period)
                );
                match c.get(ind, p, u) {
                    Some(f) => {
                        html.push_str(&table::figure_sentence(c, ind, f, lang));
                        if f.illustrative {
                            let _ = write!(html, " {}", format::illustrative_badge(lang));
                        }
                        let src = table::source_cell(c, f, lang);
                        let _ = write!(
                            html,
                            " <span class=\"st-source\">({}: {})</span>",
                            t(lang, "stats_source"),
                            src.html
                        );
                    }
                    None => html.push_str(&esc(t(lang, "stats_no_data"))),
                }
                html.push_str("</p>");
            }
        }
        html.push_str("</div>\n");
        return (html, Vec::new());
    }
    let periods: Vec<usize> = q
        .periods
        .clone()
        .unwrap_or_else(|| (0..c.periods(ind).len()).collect());
    html.push_str("<div class=\"st-embed\">");
    if q.show == "chart" {
        if units.len() == 1 {
            if let Some(svg) = present::trend_chart(c, ind, units[0], &periods, lang) {
                html.push_str(&svg);
            }
        } else {
            for &p in &periods {
                if let Some(svg) = present::bars_chart(c, ind, p, &units, lang) {
                    html.push_str(&svg);
                }
            }
        }
    }
    let mut cols = vec![
        Col::text(t(lang, "stats_unit")),
        Col::text(t(lang, "stats_period")),
    ];
    table::push_figure_cols(&mut cols, i.kind, &i.measure, lang);
    cols.push(Col::text(t(lang, "stats_source")));
    cols.push(Col::csv_only(t(lang, "stats_illustrative")));
    let caption = q.title.clone().unwrap_or_else(|| i.title.clone());
    let mut tab = Table::new(caption, cols, lang);
    for &u in &units {
        for &p in &periods {
            let fig = c.get(ind, p, u);
            let mut row = vec![
                Cell::new(present::unit_link(c, u), c.stats.units[u].name.as_str()),
                Cell::owned(format::period(c.periods(ind)[p], lang)),
            ];
            row.extend(table::used_figure_cells(c, ind, fig, lang));
            row.push(fig.map_or_else(Cell::empty, |f| table::source_cell(c, f, lang)));
            row.push(table::illustrative_csv(fig, lang));
            tab.push(row);
        }
    }
    let name = format!("nhung-{}-{:08x}", i.id, fnv(&q.key) as u32);
    let (t_html, file) = tab.finish(&name);
    html.push_str(&t_html);
    html.push_str("</div>\n");
    (html, vec![file])
}

/// Replaces the root marker of generated links in every page by the page's relative path
/// to the site root (pages in parallel: the progress pages of a thousand units hold tens
/// of megabytes of tables).
pub fn fill_root_links(site: &mut Site) {
    use rayon::prelude::*;
    site.nodes.par_iter_mut().for_each(fill_root_links_in);
}

/// [`fill_root_links`] for the nodes `ids` only (the preview, after those pages changed).
pub fn fill_root_links_of(site: &mut Site, ids: &[usize]) {
    for &id in ids {
        fill_root_links_in(&mut site.nodes[id]);
    }
}

/// One page, in one pass over its body: most pages hold no marker and are left as they are.
fn fill_root_links_in(n: &mut crate::resolve::Node) {
    let html = &n.body.html;
    let mut found = memchr::memmem::find_iter(html.as_bytes(), table::ROOT.as_bytes()).peekable();
    if found.peek().is_none() {
        return;
    }
    let root = crate::resolve::urls::root_prefix(&n.url);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut from = 0;
    for at in found {
        out.push_str(&html[from..at]);
        out.push_str(&root);
        from = at + table::ROOT.len();
    }
    out.push_str(&html[from..]);
    n.body.html = out;
}
