//! Tables of figures, written twice from the same cells: as HTML (with status badges and
//! the "illustrative" mark) and as the CSV offered for download beside it.

use super::compute::{self, Status};
use super::csv::Csv;
use super::format::{self, esc, esc_cow};
use super::model::{Done, IndicatorKind};
use super::rollup::{Computed, Figure, Rolled};
use crate::i18n::{self, Language};
use std::borrow::Cow;

/// Prefix of links in generated HTML, replaced by the relative path from the page that
/// shows it to the site root (a table may stand on any page).
pub const ROOT: &str = "x-sotay-root:";

/// Folder of the CSV files in the output.
pub const CSV_DIR: &str = "tien-do/csv";

/// A column: its heading and whether it is shown in HTML, in CSV, and holds numbers.
pub struct Col {
    pub head: String,
    pub html: bool,
    pub csv: bool,
    pub num: bool,
}

impl Col {
    pub fn text(head: impl Into<String>) -> Col {
        Col {
            head: head.into(),
            html: true,
            csv: true,
            num: false,
        }
    }
    pub fn num(head: impl Into<String>) -> Col {
        Col {
            head: head.into(),
            html: true,
            csv: true,
            num: true,
        }
    }
    pub fn csv_only(head: impl Into<String>) -> Col {
        Col {
            head: head.into(),
            html: false,
            csv: true,
            num: false,
        }
    }
}

/// A cell: its HTML and its CSV text. Either may be borrowed instead of copied — a fixed
/// string (a dash, a status word) or a name, link or source of the statistics: tables of
/// a thousand units have tens of thousands of cells.
#[derive(Clone, Default)]
pub struct Cell<'a> {
    pub html: Cow<'a, str>,
    pub csv: Cow<'a, str>,
}

impl<'a> Cell<'a> {
    /// Text shown as it is (escaped in HTML).
    pub fn plain(s: &'a str) -> Cell<'a> {
        Cell {
            html: esc_cow(s),
            csv: s.into(),
        }
    }
    /// [`Cell::plain`] of a text made for the cell.
    pub fn owned(s: String) -> Cell<'a> {
        Cell {
            html: esc(&s).into(),
            csv: s.into(),
        }
    }
    pub fn new(html: impl Into<Cow<'a, str>>, csv: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell {
            html: html.into(),
            csv: csv.into(),
        }
    }
    pub fn empty() -> Cell<'a> {
        Cell::new("—", "")
    }
}

/// A table being written: each row goes straight into its HTML and its CSV as it is
/// pushed (a progress page of a thousand units pushes tens of thousands of rows; keeping
/// them as cells until the end cost more than writing them).
pub struct Table {
    cols: Vec<Col>,
    lang: Language,
    /// `None` for a table written only as CSV.
    html: Option<String>,
    csv: Csv,
}

impl Table {
    pub fn new(caption: impl AsRef<str>, cols: Vec<Col>, lang: Language) -> Table {
        let mut html = String::with_capacity(4096);
        // (push_str, not write!: see `push_class`)
        for part in [
            "<div class=\"st-table\"><div class=\"table-wrap\" tabindex=\"0\"><table class=\"st-data\"><caption>",
            &esc(caption.as_ref()),
            "</caption><thead><tr>",
        ] {
            html.push_str(part);
        }
        for c in cols.iter().filter(|c| c.html) {
            for part in [
                "<th scope=\"col\"",
                if c.num { " class=\"num\">" } else { ">" },
                &esc(&c.head),
                "</th>",
            ] {
                html.push_str(part);
            }
        }
        html.push_str("</tr></thead><tbody>");
        let mut table = Table::csv_only(cols, lang);
        table.html = Some(html);
        table
    }

    /// A table written only as CSV (its HTML is shown some other way).
    pub fn csv_only(cols: Vec<Col>, lang: Language) -> Table {
        let mut csv = Csv::new(lang);
        for (i, c) in cols.iter().filter(|c| c.csv).enumerate() {
            csv.cell(i == 0, &c.head);
        }
        csv.end_row();
        Table {
            cols,
            lang,
            html: None,
            csv,
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.push_class(row, "");
    }

    /// Adds a row with classes (for indenting a tree).
    pub fn push_class(&mut self, row: Vec<Cell>, class: &str) {
        if let Some(html) = &mut self.html {
            if class.is_empty() {
                html.push_str("<tr>");
            } else {
                for part in ["<tr class=\"", class, "\">"] {
                    html.push_str(part);
                }
            }
            let mut first = true;
            for (c, cell) in self.cols.iter().zip(&row) {
                if !c.html {
                    continue;
                }
                let (tag, scope) = if first {
                    ("th", " scope=\"row\"")
                } else {
                    ("td", "")
                };
                first = false;
                // (push_str, not write!: the formatting machinery cost more than the rest
                // of a table of a thousand units)
                for part in [
                    "<",
                    tag,
                    scope,
                    if c.num { " class=\"num\">" } else { ">" },
                    &cell.html,
                    "</",
                    tag,
                    ">",
                ] {
                    html.push_str(part);
                }
            }
            html.push_str("</tr>");
        }
        let mut first = true;
        for (c, cell) in self.cols.iter().zip(&row) {
            if c.csv {
                self.csv.cell(first, &cell.csv);
                first = false;
            }
        }
        self.csv.end_row();
    }

    /// The HTML (table and download link; empty for a CSV-only table) and the CSV bytes,
    /// the CSV written to `tien-do/csv/NAME.csv`.
    pub fn finish(self, name: &str) -> (String, (String, Vec<u8>)) {
        let path = format!("{CSV_DIR}/{name}.csv");
        let html = match self.html {
            Some(mut html) => {
                for part in [
                    "</tbody></table></div><p class=\"st-download\"><a href=\"",
                    ROOT,
                    &path,
                    "\" download><span aria-hidden=\"true\">⤓</span> ",
                    i18n::string(self.lang, "stats_download_csv"),
                    "</a></p></div>\n",
                ] {
                    html.push_str(part);
                }
                html
            }
            None => String::new(),
        };
        (html, (path, self.csv.into_bytes()))
    }
}

pub fn t(lang: Language, key: &str) -> &'static str {
    i18n::string(lang, key)
}

/// Headings of the four figure columns (result, compared with, rate, status) for a kind.
pub fn figure_heads(kind: IndicatorKind, measure: &str, lang: Language) -> [String; 4] {
    let with_measure = |k: &str| {
        if measure.is_empty() {
            t(lang, k).to_string()
        } else {
            format!("{} ({measure})", t(lang, k))
        }
    };
    let rate = format!("{} (%)", t(lang, "stats_rate"));
    match kind {
        IndicatorKind::Target => [
            with_measure("stats_result"),
            with_measure("stats_target"),
            rate,
            t(lang, "stats_status").into(),
        ],
        IndicatorKind::Count => [
            with_measure("stats_result"),
            String::new(),
            String::new(),
            String::new(),
        ],
        IndicatorKind::Share => [
            with_measure("stats_part"),
            with_measure("stats_whole"),
            rate,
            t(lang, "stats_status").into(),
        ],
        IndicatorKind::Rating => [
            with_measure("stats_all_good"),
            with_measure("stats_rated"),
            rate,
            t(lang, "stats_status").into(),
        ],
        IndicatorKind::Milestone => [
            t(lang, "stats_done_on").into(),
            t(lang, "stats_due").into(),
            String::new(),
            t(lang, "stats_status").into(),
        ],
    }
}

/// Which of the four figure columns a kind uses.
pub fn figure_cols_used(kind: IndicatorKind) -> [bool; 4] {
    match kind {
        IndicatorKind::Count => [true, false, false, false],
        IndicatorKind::Milestone => [true, true, false, true],
        _ => [true, true, true, true],
    }
}

/// Adds the figure columns of a kind to `cols`.
pub fn push_figure_cols(cols: &mut Vec<Col>, kind: IndicatorKind, measure: &str, lang: Language) {
    let heads = figure_heads(kind, measure, lang);
    let used = figure_cols_used(kind);
    for (i, h) in heads.into_iter().enumerate() {
        if used[i] {
            cols.push(if i == 3 || kind == IndicatorKind::Milestone {
                Col::text(h)
            } else {
                Col::num(h)
            });
        }
    }
}

/// The four figure cells (result, compared with, rate, status) of a figure.
pub fn figure_cells<'a>(
    c: &'a Computed,
    ind: usize,
    fig: &'a Figure,
    lang: Language,
) -> [Cell<'a>; 4] {
    let n = |d| Cell::new(format::number(d, lang), format::csv_number(d, lang));
    let rate = |fig: &Figure| match fig.percent() {
        Some(p) => Cell::new(format::percent(p, lang), format::csv_percent(p, lang)),
        None => Cell::new(esc(t(lang, "stats_status_na")), t(lang, "stats_status_na")),
    };
    let status = c.status(ind, fig);
    let st = Cell::new(c.badge(status, lang), format::status_word(status, lang));
    let mut result = match &fig.amount {
        Rolled::Target { value, .. } | Rolled::Count(value) => n(*value),
        Rolled::Share { part, .. } => n(*part),
        Rolled::Rating { good, .. } => n((*good).into()),
        Rolled::Milestone { done, .. } => match done {
            Done::On(d) => Cell::owned(d.display(lang)),
            Done::Yes => Cell::plain(t(lang, "stats_done_date_unknown")),
            Done::No => Cell::empty(),
        },
    };
    if fig.illustrative {
        let html = result.html.to_mut();
        html.push(' ');
        html.push_str(&format::illustrative_badge(lang));
    }
    let against = match &fig.amount {
        Rolled::Target { target, .. } => n(*target),
        Rolled::Share { whole, .. } => n(*whole),
        Rolled::Rating { rated, .. } => n((*rated).into()),
        Rolled::Milestone { due: Some(due), .. } => Cell::owned(due.display(lang)),
        Rolled::Milestone { due: None, .. } => Cell::empty(),
        Rolled::Count(_) => Cell::empty(),
    };
    let rate = if compute::has_percent(c.stats.indicators[ind].kind) {
        rate(fig)
    } else {
        Cell::empty()
    };
    [result, against, rate, st]
}

/// The figure cells a kind uses, in order.
pub fn used_figure_cells<'a>(
    c: &'a Computed,
    ind: usize,
    fig: Option<&'a Figure>,
    lang: Language,
) -> Vec<Cell<'a>> {
    let kind = c.stats.indicators[ind].kind;
    let used = figure_cols_used(kind);
    let cells = match fig {
        Some(f) => figure_cells(c, ind, f, lang),
        None => [Cell::empty(), Cell::empty(), Cell::empty(), Cell::empty()],
    };
    cells
        .into_iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|(c, _)| c)
        .collect()
}

/// Where a figure comes from: the record's source (and note), or the roll-up.
pub fn source_cell<'a>(c: &'a Computed, fig: &Figure, lang: Language) -> Cell<'a> {
    match fig.record {
        Some(r) => {
            let rec = &c.stats.records[r];
            if rec.note.is_empty() {
                Cell::plain(&rec.source)
            } else {
                Cell::owned(format!("{} — {}", rec.source, rec.note))
            }
        }
        None => Cell::owned(format!(
            "{} {} {}",
            t(lang, "stats_rolled_up_from"),
            fig.units,
            t(lang, "stats_units_lower")
        )),
    }
}

/// "có" in the CSV column that flags illustrative figures.
pub fn illustrative_csv(fig: Option<&Figure>, lang: Language) -> Cell<'static> {
    let yes = fig.is_some_and(|f| f.illustrative);
    Cell::new(
        "",
        if yes {
            t(lang, "stats_illustrative")
        } else {
            ""
        },
    )
}

/// The figure in a sentence: "112 người / chỉ tiêu 90 (124,44 %)".
pub fn figure_sentence(c: &Computed, ind: usize, fig: &Figure, lang: Language) -> String {
    let i = &c.stats.indicators[ind];
    let m = |s: String| {
        if i.measure.is_empty() {
            s
        } else {
            format!("{s} {}", i.measure)
        }
    };
    let pct = fig.percent().map(|p| format::percent(p, lang));
    let status = c.status(ind, fig);
    let body = match &fig.amount {
        Rolled::Target { value, target } => format!(
            "{} / {} {} ({})",
            m(format::number(*value, lang)),
            t(lang, "stats_target").to_lowercase(),
            format::number(*target, lang),
            pct.unwrap_or_else(|| t(lang, "stats_status_na").into())
        ),
        Rolled::Count(v) => m(format::number(*v, lang)),
        Rolled::Share { part, whole } => format!(
            "{} / {} ({})",
            format::number(*part, lang),
            m(format::number(*whole, lang)),
            pct.unwrap_or_else(|| t(lang, "stats_status_na").into())
        ),
        Rolled::Rating { good, rated, .. } => format!(
            "{} / {} ({})",
            good,
            m(rated.to_string()),
            pct.unwrap_or_else(|| t(lang, "stats_status_na").into())
        ),
        Rolled::Milestone { due, done } => {
            let d = match done {
                Done::On(d) => format!(
                    "{} {}",
                    t(lang, "stats_done_on").to_lowercase(),
                    d.display(lang)
                ),
                Done::Yes => t(lang, "stats_done_date_unknown").into(),
                Done::No => String::new(),
            };
            let due_s = due.map(|due| {
                format!(
                    "{} {}",
                    t(lang, "stats_due").to_lowercase(),
                    due.display(lang)
                )
            });
            match (d.is_empty(), due_s) {
                (true, Some(due_s)) => due_s,
                (false, Some(due_s)) => format!("{d}; {due_s}"),
                (_, None) => d,
            }
        }
    };
    let badge = if status == Status::NotApplicable && i.kind == IndicatorKind::Count {
        String::new()
    } else {
        format!(" {}", c.badge(status, lang))
    };
    format!("<span class=\"num\">{}</span>{badge}", esc(&body))
}
