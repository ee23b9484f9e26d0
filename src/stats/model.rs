//! What the statistics of a handbook hold, checked and typed: the organization tree,
//! the indicators and the records (docs/statistics.md describes the files).

use super::marked::Pos;
use crate::i18n::Date;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::path::PathBuf;

/// Where something was written: file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub pos: Pos,
}

/// What level of the organization a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// Provincial party organization (đảng bộ tỉnh).
    Province,
    /// District, town or city committee (đảng bộ huyện, thị xã, thành phố).
    District,
    /// Bloc committee (đảng bộ khối).
    Bloc,
    /// Commune, ward or township (đảng bộ xã, phường, thị trấn).
    Commune,
    /// Other grassroots organization (đảng bộ, chi bộ cơ sở in an agency or enterprise).
    Grassroots,
    /// Party cell (chi bộ).
    Cell,
}

impl UnitKind {
    /// The words written in `units.yaml`.
    pub const NAMES: &'static [(&'static str, UnitKind)] = &[
        ("tinh", UnitKind::Province),
        ("huyen", UnitKind::District),
        ("khoi", UnitKind::Bloc),
        ("xa", UnitKind::Commune),
        ("co-so", UnitKind::Grassroots),
        ("chi-bo", UnitKind::Cell),
    ];

    pub fn parse(s: &str) -> Option<UnitKind> {
        Self::NAMES.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    /// Key of its interface string.
    pub fn word_key(self) -> &'static str {
        match self {
            UnitKind::Province => "stats_kind_province",
            UnitKind::District => "stats_kind_district",
            UnitKind::Bloc => "stats_kind_bloc",
            UnitKind::Commune => "stats_kind_commune",
            UnitKind::Grassroots => "stats_kind_grassroots",
            UnitKind::Cell => "stats_kind_cell",
        }
    }
}

/// A node of the organization tree.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub illustrative: bool,
    pub origin: Origin,
}

/// How figures of an indicator are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorKind {
    /// A value against a target set for each record (admissions: 112 against 90).
    Target,
    /// A plain count (139 attendances).
    Count,
    /// A part of a whole (cells rated "four good" among all cells).
    Share,
    /// Something to be done by a date (the ten-year review, due March 2023).
    Milestone,
    /// Ratings per criterion; "four good" when every criterion is good.
    Rating,
}

impl IndicatorKind {
    pub const NAMES: &'static [(&'static str, IndicatorKind)] = &[
        ("target", IndicatorKind::Target),
        ("count", IndicatorKind::Count),
        ("share", IndicatorKind::Share),
        ("milestone", IndicatorKind::Milestone),
        ("rating", IndicatorKind::Rating),
    ];

    pub fn parse(s: &str) -> Option<IndicatorKind> {
        Self::NAMES.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("count")
    }

    /// The keys a record of this kind carries its figure in.
    pub fn value_keys(self) -> &'static [&'static str] {
        match self {
            IndicatorKind::Target => &["value", "target"],
            IndicatorKind::Count => &["value"],
            IndicatorKind::Share => &["part", "whole"],
            IndicatorKind::Milestone => &["due", "done"],
            IndicatorKind::Rating => &["rating"],
        }
    }

    /// The roll-up used when the indicator does not name one.
    pub fn default_rollup(self) -> Rollup {
        match self {
            IndicatorKind::Target | IndicatorKind::Count => Rollup::Sum,
            IndicatorKind::Share | IndicatorKind::Rating => Rollup::Share,
            IndicatorKind::Milestone => Rollup::None,
        }
    }

    /// The roll-ups that make sense for this kind.
    pub fn allowed_rollups(self) -> &'static [Rollup] {
        match self {
            IndicatorKind::Target | IndicatorKind::Count => &[Rollup::Sum, Rollup::None],
            IndicatorKind::Share | IndicatorKind::Rating => &[Rollup::Share, Rollup::None],
            IndicatorKind::Milestone => &[Rollup::None],
        }
    }
}

/// How a unit's figure is made from its child units' figures when it has no record itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rollup {
    /// Values (and targets) are added up.
    Sum,
    /// Parts and wholes are added up and the share computed again from the sums.
    Share,
    /// Not rolled up: only units with records have figures.
    None,
}

impl Rollup {
    pub const NAMES: &'static [(&'static str, Rollup)] = &[
        ("sum", Rollup::Sum),
        ("share", Rollup::Share),
        ("none", Rollup::None),
    ];

    pub fn parse(s: &str) -> Option<Rollup> {
        Self::NAMES.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("none")
    }
}

/// A criterion of a rating indicator.
#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: String,
    pub title: String,
}

/// Something measured.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Unit of measure shown after values (người, lượt, chi bộ…).
    pub measure: String,
    pub kind: IndicatorKind,
    pub rollup: Rollup,
    /// For shares and ratings: the share (in %) to reach.
    pub target_percent: Option<Decimal>,
    /// For ratings: the criteria, in order.
    pub criteria: Vec<Criterion>,
    pub origin: Origin,
}

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(u16),
    /// Several whole years (`2021-2022`).
    Years(u16, u16),
    Quarter(u16, u8),
    Month(u16, u8),
}

impl Period {
    /// Reads `2022`, `2021-2022`, `2022-Q1` or `2022-03`.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| -> Option<u16> {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse().ok())
                .flatten()
                .filter(|y| *y >= 1900)
        };
        if let Some(y) = year(s) {
            return Some(Period::Year(y));
        }
        let (a, b) = s.split_once('-')?;
        let y = year(a)?;
        if let Some(q) = b.strip_prefix(['Q', 'q']) {
            let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            return Some(Period::Quarter(y, q));
        }
        if b.len() == 2 {
            let m: u8 = b.parse().ok().filter(|m| (1..=12).contains(m))?;
            return Some(Period::Month(y, m));
        }
        let y2 = year(b)?;
        (y2 > y).then_some(Period::Years(y, y2))
    }

    /// The canonical spelling (the one `parse` reads).
    pub fn id(self) -> String {
        match self {
            Period::Year(y) => y.to_string(),
            Period::Years(a, b) => format!("{a}-{b}"),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    /// (year, month) of the first and last month covered.
    pub fn bounds(self) -> ((u16, u8), (u16, u8)) {
        match self {
            Period::Year(y) => ((y, 1), (y, 12)),
            Period::Years(a, b) => ((a, 1), (b, 12)),
            Period::Quarter(y, q) => ((y, q * 3 - 2), (y, q * 3)),
            Period::Month(y, m) => ((y, m), (y, m)),
        }
    }

    /// Order: by the last month covered, then by the first.
    pub fn sort_key(self) -> ((u16, u8), (u16, u8)) {
        let (start, end) = self.bounds();
        (end, start)
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

/// When a milestone was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    No,
    /// Done; the date is not known.
    Yes,
    On(Date),
}

/// The figure of one record, by indicator kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    Target {
        value: Decimal,
        target: Decimal,
    },
    Count(Decimal),
    Share {
        part: Decimal,
        whole: Decimal,
    },
    /// `due` may be left out of a milestone that is done.
    Milestone {
        due: Option<Date>,
        done: Done,
    },
    /// One flag per criterion of the indicator, in its order: `true` for good.
    Rating(Vec<bool>),
}

/// One figure of one unit for one period of one indicator.
#[derive(Debug, Clone)]
pub struct Record {
    pub indicator: usize,
    pub unit: usize,
    pub period: Period,
    pub amount: Amount,
    pub source: String,
    pub note: String,
    pub illustrative: bool,
    pub origin: Origin,
}

/// A handbook's statistics, checked.
#[derive(Debug, Clone, Default)]
pub struct Statistics {
    /// The date figures are reported as of (for milestones).
    pub reporting_date: Option<Date>,
    pub units: Vec<Unit>,
    pub indicators: Vec<Indicator>,
    pub records: Vec<Record>,
    pub unit_by_id: FxHashMap<String, usize>,
    pub indicator_by_id: FxHashMap<String, usize>,
}

impl Statistics {
    /// Units without a parent, in file order.
    pub fn roots(&self) -> Vec<usize> {
        (0..self.units.len())
            .filter(|&u| self.units[u].parent.is_none())
            .collect()
    }

    /// Every unit with its descendants before it (children first), each once.
    pub fn post_order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.units.len());
        let mut stack: Vec<(usize, bool)> =
            self.roots().into_iter().rev().map(|r| (r, false)).collect();
        while let Some((u, expanded)) = stack.pop() {
            if expanded {
                out.push(u);
            } else {
                stack.push((u, true));
                for &c in self.units[u].children.iter().rev() {
                    stack.push((c, false));
                }
            }
        }
        out
    }

    /// Every unit, parents before children, depth-first in file order, with its depth.
    pub fn tree_order(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.units.len());
        let mut stack: Vec<(usize, usize)> =
            self.roots().into_iter().rev().map(|r| (r, 0)).collect();
        while let Some((u, d)) = stack.pop() {
            out.push((u, d));
            for &c in self.units[u].children.iter().rev() {
                stack.push((c, d + 1));
            }
        }
        out
    }

    /// The chain of units from a root down to `u` (inclusive).
    pub fn path(&self, u: usize) -> Vec<usize> {
        let mut out = vec![u];
        let mut cur = self.units[u].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.units[p].parent;
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_order() {
        assert_eq!(Period::parse("2022"), Some(Period::Year(2022)));
        assert_eq!(Period::parse("2021-2022"), Some(Period::Years(2021, 2022)));
        assert_eq!(Period::parse("2022-Q1"), Some(Period::Quarter(2022, 1)));
        assert_eq!(Period::parse("2022-03"), Some(Period::Month(2022, 3)));
        for bad in [
            "22",
            "2022-13",
            "2022-Q5",
            "2022-2021",
            "năm 2022",
            "2022-3",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let mut v = [
            Period::Year(2022),
            Period::Month(2021, 5),
            Period::Years(2021, 2022),
            Period::Year(2021),
            Period::Quarter(2022, 1),
        ];
        v.sort();
        let ids: Vec<String> = v.iter().map(|p| p.id()).collect();
        assert_eq!(ids, ["2021-05", "2021", "2022-Q1", "2021-2022", "2022"]);
    }
}
