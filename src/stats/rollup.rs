//! The one computation every page, table, chart, embed and CSV reads: for each indicator,
//! period and unit, the unit's figure — its own record when it reported one, otherwise
//! made from its child units' figures by the indicator's roll-up (sums added up; shares
//! recomputed from the added parts and wholes, never averaged). Ratings always count the
//! unit itself and every rated unit below it.

use super::compute::{self, Status};
use super::format;
use super::model::*;
use super::present;
use crate::i18n::{Date, Language};
use rust_decimal::Decimal;

/// A figure as rolled up.
#[derive(Debug, Clone, PartialEq)]
pub enum Rolled {
    Target {
        value: Decimal,
        target: Decimal,
    },
    Count(Decimal),
    Share {
        part: Decimal,
        whole: Decimal,
    },
    Milestone {
        due: Option<Date>,
        done: Done,
    },
    Rating {
        /// The unit's own rating, if it was rated.
        own: Option<Vec<bool>>,
        /// Rated units (the unit and those below it) good on every criterion.
        good: u64,
        /// Rated units.
        rated: u64,
        /// For each criterion, rated units good on it.
        per_criterion: Vec<u64>,
    },
}

/// One unit's figure for one period of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub amount: Rolled,
    /// The record, when the unit reported this figure itself.
    pub record: Option<usize>,
    /// How many reporting units the figure is made from (1 for a record).
    pub units: u32,
    /// Whether any figure it is made from is illustrative.
    pub illustrative: bool,
}

impl Figure {
    /// The share in percent (rounded half-up to two decimals), for kinds that have one;
    /// `None` when the target or whole is zero.
    pub fn percent(&self) -> Option<Decimal> {
        match &self.amount {
            Rolled::Target { value, target } => compute::percent(*value, *target),
            Rolled::Share { part, whole } => compute::percent(*part, *whole),
            Rolled::Rating { good, rated, .. } => {
                compute::percent(Decimal::from(*good), Decimal::from(*rated))
            }
            _ => None,
        }
    }

    /// The status against the target, as of the reporting date for milestones.
    pub fn status(&self, ind: &Indicator, as_of: Option<Date>) -> Status {
        match &self.amount {
            Rolled::Target { value, target } => compute::against(*value, *target),
            Rolled::Count(_) => Status::NotApplicable,
            Rolled::Share { part, whole } => {
                compute::share_against(*part, *whole, ind.target_percent)
            }
            Rolled::Milestone { due, done } => compute::milestone(*due, *done, as_of),
            Rolled::Rating { good, rated, .. } => compute::share_against(
                Decimal::from(*good),
                Decimal::from(*rated),
                ind.target_percent,
            ),
        }
    }

    /// The number a chart draws: the value for targets and counts, the percentage for
    /// shares and ratings.
    pub fn chart_value(&self) -> Option<Decimal> {
        match &self.amount {
            Rolled::Target { value, .. } | Rolled::Count(value) => Some(*value),
            Rolled::Share { .. } | Rolled::Rating { .. } => self.percent(),
            Rolled::Milestone { .. } => None,
        }
    }
}

/// The figures of one indicator.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFigures {
    /// Periods with at least one record, in order.
    pub periods: Vec<Period>,
    /// `cells[period][unit]`.
    cells: Vec<Vec<Option<Figure>>>,
}

/// Statistics with every figure computed.
#[derive(Debug, Clone)]
pub struct Computed {
    pub stats: Statistics,
    pub figures: Vec<IndicatorFigures>,
    /// For each unit, the ids from its top unit down to it, joined by `/`.
    pub unit_paths: Vec<String>,
    /// The link (`<a href=…>name</a>`) to each unit's and each indicator's page, made once:
    /// progress pages hold tens of thousands of them.
    pub unit_links: Vec<String>,
    pub indicator_links: Vec<String>,
    /// Each status's badge in each language (see [`Computed::badge`]).
    badges: [[String; 7]; 2],
}

impl Computed {
    /// A status as a badge ([`format::status_badge`]), made once: a figure in every row.
    pub fn badge(&self, status: Status, lang: Language) -> &str {
        &self.badges[lang as usize][status as usize]
    }

    /// The figure of a unit for the `p`-th period of an indicator.
    pub fn get(&self, ind: usize, p: usize, unit: usize) -> Option<&Figure> {
        self.figures[ind].cells.get(p)?.get(unit)?.as_ref()
    }

    pub fn periods(&self, ind: usize) -> &[Period] {
        &self.figures[ind].periods
    }

    /// Index of a period among the indicator's periods.
    pub fn period_index(&self, ind: usize, period: Period) -> Option<usize> {
        self.figures[ind].periods.iter().position(|&p| p == period)
    }

    /// The last period in which `unit` has a figure.
    pub fn latest_for(&self, ind: usize, unit: usize) -> Option<usize> {
        (0..self.figures[ind].periods.len())
            .rev()
            .find(|&p| self.get(ind, p, unit).is_some())
    }

    /// The last period of the indicator.
    pub fn latest(&self, ind: usize) -> Option<usize> {
        self.figures[ind].periods.len().checked_sub(1)
    }

    pub fn status(&self, ind: usize, fig: &Figure) -> Status {
        fig.status(&self.stats.indicators[ind], self.stats.reporting_date)
    }
}

/// Computes every figure.
pub fn compute(stats: Statistics) -> Computed {
    let order = stats.post_order();
    let n_units = stats.units.len();
    let mut figures: Vec<IndicatorFigures> = stats
        .indicators
        .iter()
        .map(|_| IndicatorFigures::default())
        .collect();
    // Periods of each indicator.
    for r in &stats.records {
        let f = &mut figures[r.indicator];
        if !f.periods.contains(&r.period) {
            f.periods.push(r.period);
        }
    }
    for f in &mut figures {
        f.periods.sort();
        f.cells = vec![vec![None; n_units]; f.periods.len()];
    }
    // Own records.
    for (i, r) in stats.records.iter().enumerate() {
        let f = &mut figures[r.indicator];
        let p = f.periods.binary_search(&r.period).unwrap_or(0);
        let ind = &stats.indicators[r.indicator];
        f.cells[p][r.unit] = Some(Figure {
            amount: from_record(&r.amount, ind),
            record: Some(i),
            units: 1,
            illustrative: r.illustrative,
        });
    }
    // Roll up, children before parents.
    for (ii, ind) in stats.indicators.iter().enumerate() {
        if ind.rollup == Rollup::None && ind.kind != IndicatorKind::Rating {
            continue;
        }
        for cells in &mut figures[ii].cells {
            for &u in &order {
                let children = &stats.units[u].children;
                if children.is_empty() {
                    continue;
                }
                let own = cells[u].take();
                cells[u] = combine(own, children.iter().filter_map(|&c| cells[c].as_ref()), ind);
            }
        }
    }
    let mut unit_paths = vec![String::new(); n_units];
    for (u, _) in stats.tree_order() {
        unit_paths[u] = match stats.units[u].parent {
            Some(p) => format!("{}/{}", unit_paths[p], stats.units[u].id),
            None => stats.units[u].id.clone(),
        };
    }
    let mut c = Computed {
        stats,
        figures,
        unit_paths,
        unit_links: Vec::new(),
        indicator_links: Vec::new(),
        badges: [Language::Vi, Language::En]
            .map(|lang| Status::ALL.map(|s| format::status_badge(s, lang))),
    };
    c.unit_links = (0..n_units)
        .map(|u| present::make_unit_link(&c, u))
        .collect();
    c.indicator_links = (0..c.stats.indicators.len())
        .map(|i| present::make_indicator_link(&c, i))
        .collect();
    c
}

fn from_record(a: &Amount, ind: &Indicator) -> Rolled {
    match a {
        Amount::Target { value, target } => Rolled::Target {
            value: *value,
            target: *target,
        },
        Amount::Count(v) => Rolled::Count(*v),
        Amount::Share { part, whole } => Rolled::Share {
            part: *part,
            whole: *whole,
        },
        Amount::Milestone { due, done } => Rolled::Milestone {
            due: *due,
            done: *done,
        },
        Amount::Rating(flags) => {
            let all = flags.iter().all(|&g| g);
            Rolled::Rating {
                own: Some(flags.clone()),
                good: u64::from(all),
                rated: 1,
                per_criterion: (0..ind.criteria.len())
                    .map(|i| u64::from(flags.get(i).copied().unwrap_or(false)))
                    .collect(),
            }
        }
    }
}

/// A unit's figure from its own record (if any) and its children's figures.
fn combine<'a>(
    own: Option<Figure>,
    children: impl Iterator<Item = &'a Figure>,
    ind: &Indicator,
) -> Option<Figure> {
    if ind.kind == IndicatorKind::Rating {
        // The unit's own rating and every rating below it.
        let mut acc = own;
        for c in children {
            let Rolled::Rating {
                good,
                rated,
                per_criterion,
                ..
            } = &c.amount
            else {
                continue;
            };
            let a = acc.get_or_insert_with(|| Figure {
                amount: Rolled::Rating {
                    own: None,
                    good: 0,
                    rated: 0,
                    per_criterion: vec![0; ind.criteria.len()],
                },
                record: None,
                units: 0,
                illustrative: false,
            });
            if let Rolled::Rating {
                good: g,
                rated: r,
                per_criterion: pc,
                ..
            } = &mut a.amount
            {
                *g += good;
                *r += rated;
                for (x, y) in pc.iter_mut().zip(per_criterion) {
                    *x += y;
                }
            }
            a.units += c.units;
            a.illustrative |= c.illustrative;
        }
        return acc;
    }
    if own.is_some() || ind.rollup == Rollup::None {
        return own;
    }
    let mut acc: Option<Figure> = None;
    for c in children {
        match acc.as_mut() {
            None => {
                acc = Some(Figure {
                    record: None,
                    ..c.clone()
                })
            }
            Some(a) => {
                a.amount = match (&a.amount, &c.amount) {
                    (
                        Rolled::Target { value, target },
                        Rolled::Target {
                            value: v2,
                            target: t2,
                        },
                    ) => Rolled::Target {
                        value: value.saturating_add(*v2),
                        target: target.saturating_add(*t2),
                    },
                    (Rolled::Count(v), Rolled::Count(v2)) => Rolled::Count(v.saturating_add(*v2)),
                    (
                        Rolled::Share { part, whole },
                        Rolled::Share {
                            part: p2,
                            whole: w2,
                        },
                    ) => Rolled::Share {
                        part: part.saturating_add(*p2),
                        whole: whole.saturating_add(*w2),
                    },
                    (x, _) => x.clone(),
                };
                a.units += c.units;
                a.illustrative |= c.illustrative;
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::load::{self, SourceFile, Sources};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn computed(records: &str) -> Computed {
        let f = |name: &str, text: &str| SourceFile {
            shown: format!("statistics/{name}").into(),
            text: text.to_string(),
        };
        let units = "units:\n  - {id: h, name: H, kind: huyen}\n  - {id: a, name: A, kind: xa, parent: h}\n  - {id: b, name: B, kind: xa, parent: h}\n  - {id: a1, name: A1, kind: chi-bo, parent: a}\n  - {id: a2, name: A2, kind: chi-bo, parent: a}\n  - {id: b1, name: B1, kind: chi-bo, parent: b}\n";
        let indicators = "indicators:\n  - {id: t, title: T, kind: target}\n  - {id: s, title: S, kind: share}\n  - {id: n, title: N, kind: count, rollup: none}\n  - {id: r, title: R, kind: rating}\n";
        let stats = load::build(&Sources {
            units: Some(f("units.yaml", units)),
            indicators: Some(f("indicators.yaml", indicators)),
            records: vec![f("records/r.yaml", records)],
        })
        .unwrap_or_else(|e| panic!("{e}"));
        compute(stats)
    }

    fn fig<'a>(c: &'a Computed, ind: &str, unit: &str) -> Option<&'a Figure> {
        let i = c.stats.indicator_by_id[ind];
        let u = c.stats.unit_by_id[unit];
        c.get(i, 0, u)
    }

    #[test]
    fn badges_made_once_are_those_of_each_status_and_language() {
        let c = computed("source: x\nperiod: 2022\nrecords:\n  - {indicator: t, unit: a1, value: 1, target: 1}\n");
        for lang in [Language::Vi, Language::En] {
            for s in Status::ALL {
                assert_eq!(
                    c.badge(s, lang),
                    format::status_badge(s, lang),
                    "{s:?} {lang:?}"
                );
            }
        }
        assert!(c.badge(Status::Exceeded, Language::Vi).contains("vượt"));
    }

    #[test]
    fn sums_values_and_targets_and_recomputes_the_rate() {
        let c = computed("source: x\nperiod: 2022\nrecords:\n  - {indicator: t, unit: a1, value: 112, target: 90}\n  - {indicator: t, unit: a2, value: 120, target: 90}\n  - {indicator: t, unit: b1, value: 5, target: 0, illustrative: true}\n");
        let a = fig(&c, "t", "a").unwrap();
        assert_eq!(
            a.amount,
            Rolled::Target {
                value: d("232"),
                target: d("180")
            }
        );
        assert_eq!(a.percent(), Some(d("128.89")));
        assert_eq!((a.record, a.units, a.illustrative), (None, 2, false));
        let h = fig(&c, "t", "h").unwrap();
        assert_eq!(
            h.amount,
            Rolled::Target {
                value: d("237"),
                target: d("180")
            }
        );
        assert_eq!(h.units, 3);
        assert!(h.illustrative, "made from an illustrative figure");
    }

    #[test]
    fn shares_are_recomputed_from_summed_parts_never_averaged() {
        let c = computed("source: x\nperiod: 2022\nrecords:\n  - {indicator: s, unit: a1, part: 1, whole: 2}\n  - {indicator: s, unit: a2, part: 3, whole: 3}\n");
        let a = fig(&c, "s", "a").unwrap();
        assert_eq!(
            a.amount,
            Rolled::Share {
                part: d("4"),
                whole: d("5")
            }
        );
        // the average of 50 % and 100 % would be 75 %
        assert_eq!(a.percent(), Some(d("80.00")));
    }

    #[test]
    fn a_units_own_record_wins_and_none_does_not_roll_up() {
        let c = computed("source: x\nperiod: 2022\nrecords:\n  - {indicator: t, unit: a, value: 10, target: 10}\n  - {indicator: t, unit: a1, value: 3, target: 4}\n  - {indicator: n, unit: a1, value: 7}\n");
        let a = fig(&c, "t", "a").unwrap();
        assert_eq!(
            a.amount,
            Rolled::Target {
                value: d("10"),
                target: d("10")
            }
        );
        assert!(a.record.is_some());
        assert!(fig(&c, "n", "a1").is_some());
        assert!(fig(&c, "n", "a").is_none());
    }

    #[test]
    fn ratings_count_units_good_on_every_criterion() {
        let good = "{nhiem-vu: tốt, sinh-hoat: tốt, doan-ket: tốt, dang-vien: tốt}";
        let one_bad = "{nhiem-vu: tốt, sinh-hoat: chưa tốt, doan-ket: tốt, dang-vien: tốt}";
        let c = computed(&format!("source: x\nperiod: 2022\nindicator: r\nrecords:\n  - {{unit: a1, rating: {good}}}\n  - {{unit: a2, rating: {one_bad}}}\n  - {{unit: b1, rating: {good}}}\n"));
        let Rolled::Rating {
            own,
            good,
            rated,
            per_criterion,
        } = &fig(&c, "r", "h").unwrap().amount
        else {
            panic!()
        };
        assert_eq!((own, *good, *rated), (&None, 2, 3));
        assert_eq!(per_criterion, &vec![3, 2, 3, 3]);
        assert_eq!(fig(&c, "r", "h").unwrap().percent(), Some(d("66.67")));
        let a2 = fig(&c, "r", "a2").unwrap();
        assert_eq!(a2.percent(), Some(d("0.00")));
    }
}
