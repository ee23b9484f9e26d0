//! Records (`statistics/records/*.yaml`): each figure of a unit for a period of an
//! indicator, read according to the indicator's kind, with the checks that need only the
//! record itself (negative counts, a part larger than its whole, a missing target…).

use super::load::{date, top_list, SourceFile};
use super::marked::{self, Fields, Node, Pos, Problem};
use super::model::*;
use crate::i18n::Date;
use rust_decimal::Decimal;

const RECORD_KEYS: &[&str] = &[
    "indicator",
    "unit",
    "period",
    "source",
    "illustrative",
    "note",
];
const ALL_VALUE_KEYS: &[&str] = &["value", "target", "part", "whole", "due", "done", "rating"];

/// Defaults written at the top of a records file, for every record below.
#[derive(Default)]
struct Defaults<'n> {
    indicator: Option<&'n Node>,
    unit: Option<&'n Node>,
    period: Option<&'n Node>,
    source: Option<&'n Node>,
    illustrative: Option<&'n Node>,
    note: Option<&'n Node>,
}

pub(super) fn read_records(
    f: &SourceFile,
    root: Option<Node>,
    stats: &mut Statistics,
    probs: &mut Vec<Problem>,
) {
    let Some(root) = root else {
        return;
    };
    let Some((mut top, items)) = top_list(&root, "records", probs) else {
        return;
    };
    let defaults = Defaults {
        indicator: top.get("indicator"),
        unit: top.get("unit"),
        period: top.get("period"),
        source: top.get("source"),
        illustrative: top.get("illustrative"),
        note: top.get("note"),
    };
    top.finish(
        &[
            "records",
            "indicator",
            "unit",
            "period",
            "source",
            "illustrative",
            "note",
        ],
        &|_| None,
        probs,
    );
    // A wrong default is reported once, where it is written.
    let mut default_probs = Vec::new();
    let default_indicator = defaults
        .indicator
        .map(|n| lookup_indicator(n, stats, &mut default_probs));
    let default_unit = defaults
        .unit
        .map(|n| lookup_unit(n, stats, &mut default_probs));
    let default_period = defaults.period.map(|n| period(n, &mut default_probs));
    let default_source = defaults
        .source
        .map(|n| marked::text(n, "source", &mut default_probs));
    let default_illustrative = defaults
        .illustrative
        .map(|n| marked::boolean(n, "illustrative", &mut default_probs));
    let default_note = defaults
        .note
        .map(|n| marked::text(n, "note", &mut default_probs));
    probs.append(&mut default_probs);
    for item in items {
        let Some(mut r) = Fields::of(item, "record", probs) else {
            continue;
        };
        let indicator = match r.get("indicator") {
            Some(n) => lookup_indicator(n, stats, probs),
            None => match default_indicator {
                Some(v) => v,
                None => {
                    probs.push(Problem::new(item.pos, "the record has no `indicator`").help("add `indicator: <id>` naming an indicator of indicators.yaml (or write it once at the top of the file)"));
                    None
                }
            },
        };
        let unit = match r.get("unit") {
            Some(n) => lookup_unit(n, stats, probs),
            None => match default_unit {
                Some(v) => v,
                None => {
                    probs.push(
                        Problem::new(item.pos, "the record has no `unit`")
                            .help("add `unit: <id>` naming a unit of units.yaml"),
                    );
                    None
                }
            },
        };
        let per =
            match r.get("period") {
                Some(n) => period(n, probs),
                None => match default_period {
                    Some(v) => v,
                    None => {
                        probs.push(Problem::new(item.pos, "the record has no `period`").help(
                            "add `period: 2022` (a year), `2021-2022`, `2022-Q1` or `2022-03`",
                        ));
                        None
                    }
                },
            };
        let source = match r.get("source") {
            Some(n) => marked::text(n, "source", probs),
            None => match &default_source {
                Some(v) => v.clone(),
                None => {
                    probs.push(Problem::new(item.pos, "the record has no `source`").help("add `source: \"…\"` naming the report or document the figure comes from (or write it once at the top of the file)"));
                    None
                }
            },
        };
        let illustrative = match r.get("illustrative") {
            Some(n) => marked::boolean(n, "illustrative", probs),
            None => default_illustrative.flatten(),
        }
        .unwrap_or(false);
        let note = match r.get("note") {
            Some(n) => marked::text(n, "note", probs),
            None => default_note.clone().flatten(),
        }
        .unwrap_or_default();
        let kind = indicator.map(|i| stats.indicators[i].kind);
        let amount = match (indicator, kind) {
            (Some(i), Some(k)) => read_amount(
                &mut r,
                item,
                k,
                &stats.indicators[i],
                stats.reporting_date,
                probs,
            ),
            _ => {
                for k in ALL_VALUE_KEYS {
                    r.get(k);
                }
                None
            }
        };
        let allowed: Vec<&str> = RECORD_KEYS
            .iter()
            .chain(kind.map_or(ALL_VALUE_KEYS, |k| k.value_keys()))
            .copied()
            .collect();
        let misplaced =
            |key: &str| -> Option<String> {
                let k = kind?;
                let owner = IndicatorKind::NAMES
                    .iter()
                    .find(|(_, ok)| ok.value_keys().contains(&key))?;
                Some(format!(
                "`{key}` belongs to indicators of kind `{}`; a record of a `{}` indicator gives {}",
                owner.0,
                k.name(),
                k.value_keys().iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" and ")
            ))
            };
        r.finish(&allowed, &misplaced, probs);
        if let (Some(indicator), Some(unit), Some(period), Some(source), Some(amount)) =
            (indicator, unit, per, source, amount)
        {
            stats.records.push(Record {
                indicator,
                unit,
                period,
                amount,
                source,
                note,
                illustrative,
                origin: Origin {
                    file: f.shown.clone(),
                    pos: item.pos,
                },
            });
        }
    }
}

fn lookup_indicator(node: &Node, stats: &Statistics, probs: &mut Vec<Problem>) -> Option<usize> {
    let t = marked::text(node, "indicator", probs)?;
    if let Some(&i) = stats.indicator_by_id.get(&t) {
        return Some(i);
    }
    let p = Problem::new(node.pos, format!("unknown indicator `{t}`"));
    probs.push(
        match marked::suggest(&t, stats.indicators.iter().map(|i| i.id.as_str())) {
            Some(h) => p.help(h),
            None if stats.indicators.is_empty() => p.help(
                "statistics/indicators.yaml defines no indicator that can be used; correct the problems reported for it first",
            ),
            None => p.help("the indicators are defined in statistics/indicators.yaml"),
        },
    );
    None
}

fn lookup_unit(node: &Node, stats: &Statistics, probs: &mut Vec<Problem>) -> Option<usize> {
    let t = marked::text(node, "unit", probs)?;
    if let Some(&u) = stats.unit_by_id.get(&t) {
        return Some(u);
    }
    let p = Problem::new(node.pos, format!("unknown unit `{t}`"));
    probs.push(
        match marked::suggest(&t, stats.units.iter().map(|u| u.id.as_str())) {
            Some(h) => p.help(h),
            None if stats.units.is_empty() => p.help(
                "statistics/units.yaml defines no unit that can be used; correct the problems reported for it first",
            ),
            None => p.help("the units are defined in statistics/units.yaml"),
        },
    );
    None
}

/// Reads a period (`2022`, `2021-2022`, `2022-Q1`, `2022-03`).
pub fn period(node: &Node, probs: &mut Vec<Problem>) -> Option<Period> {
    let t = marked::text(node, "period", probs)?;
    let p = Period::parse(&t);
    if p.is_none() {
        probs.push(
            Problem::new(node.pos, format!("`period`: `{t}` is not a period"))
                .help("write a year `2022`, several years `2021-2022`, a quarter `2022-Q1` or a month `2022-03`"),
        );
    }
    p
}

fn non_negative(
    v: Option<Decimal>,
    node: Option<&Node>,
    key: &str,
    probs: &mut Vec<Problem>,
) -> Option<Decimal> {
    let v = v?;
    if v < Decimal::ZERO {
        let pos = node.map_or(Pos::default(), |n| n.pos);
        probs.push(
            Problem::new(pos, format!("`{key}` is negative ({v})"))
                .help("counts cannot be below zero; check the sign"),
        );
        return None;
    }
    Some(v)
}

fn num(
    r: &mut Fields,
    key: &str,
    probs: &mut Vec<Problem>,
) -> (Option<&'static str>, Option<Decimal>, Option<Pos>) {
    match r.get(key) {
        Some(n) => {
            let v = marked::number(n, key, probs);
            let v = non_negative(v, Some(n), key, probs);
            (None, v, Some(n.pos))
        }
        None => (Some("missing"), None, None),
    }
}

fn read_amount(
    r: &mut Fields,
    item: &Node,
    kind: IndicatorKind,
    ind: &Indicator,
    reporting: Option<Date>,
    probs: &mut Vec<Problem>,
) -> Option<Amount> {
    let missing = |probs: &mut Vec<Problem>, key: &str, example: &str, extra: &str| {
        probs.push(
            Problem::new(
                item.pos,
                format!(
                    "the record of `{}` (kind `{}`) has no `{key}`",
                    ind.id,
                    kind.name()
                ),
            )
            .help(format!("add `{key}: {example}`{extra}")),
        );
    };
    match kind {
        IndicatorKind::Target => {
            let (m1, value, _) = num(r, "value", probs);
            let (m2, target, _) = num(r, "target", probs);
            if m1.is_some() {
                missing(probs, "value", "112", "");
            }
            if m2.is_some() {
                missing(
                    probs,
                    "target",
                    "90",
                    "; write `target: 0` when no target was set (it shows as not applicable)",
                );
            }
            Some(Amount::Target {
                value: value?,
                target: target?,
            })
        }
        IndicatorKind::Count => {
            let (m, value, _) = num(r, "value", probs);
            if m.is_some() {
                missing(probs, "value", "139", "");
            }
            Some(Amount::Count(value?))
        }
        IndicatorKind::Share => {
            let (m1, part, part_pos) = num(r, "part", probs);
            let (m2, whole, _) = num(r, "whole", probs);
            if m1.is_some() {
                missing(probs, "part", "12", "");
            }
            if m2.is_some() {
                missing(probs, "whole", "15", "");
            }
            let (part, whole) = (part?, whole?);
            if part > whole {
                probs.push(
                    Problem::new(
                        part_pos.unwrap_or(item.pos),
                        format!("the part ({part}) is larger than the whole ({whole})"),
                    )
                    .help("`part` counts some of the `whole`; check that the two are not swapped"),
                );
                return None;
            }
            Some(Amount::Share { part, whole })
        }
        IndicatorKind::Milestone => {
            // `Some(None)`: no due date written; `None`: a wrong one.
            let due = match r.get("due") {
                Some(n) => date(n, "due", probs).map(Some),
                None => Some(None),
            };
            let done = match r.get("done") {
                None => Some(Done::No),
                Some(n) => match &n.value {
                    marked::Value::Scalar { text, plain: true }
                        if matches!(text.as_str(), "true" | "false" | "yes" | "no") =>
                    {
                        Some(if matches!(text.as_str(), "true" | "yes") {
                            Done::Yes
                        } else {
                            Done::No
                        })
                    }
                    _ => {
                        let mut p2 = Vec::new();
                        match date(n, "done", &mut p2) {
                            Some(d) => {
                                if reporting.is_some_and(|rd| d > rd) {
                                    probs.push(
                                        Problem::new(n.pos, format!("`done: {}` is after the reporting date {}", d.iso(), reporting.map(|r| r.iso()).unwrap_or_default()))
                                            .help("statistics report what was done by the reporting date; move `reporting_date` in indicators.yaml forward or check the date"),
                                    );
                                    None
                                } else {
                                    Some(Done::On(d))
                                }
                            }
                            None => {
                                probs.push(
                                    Problem::new(n.pos, format!("`done`: expected a date or true/false, found {}", marked::describe(n)))
                                        .help("write `done: 2023-03-20` (the day it was done), `done: true` when the day is not known, or leave `done` out"),
                                );
                                None
                            }
                        }
                    }
                },
            };
            let (due, done) = (due?, done?);
            if due.is_none() && done == Done::No {
                missing(
                    probs,
                    "due",
                    "2023-03-31",
                    " (the date it must be done by), or `done:` when it is done",
                );
                return None;
            }
            Some(Amount::Milestone { due, done })
        }
        IndicatorKind::Rating => {
            let Some(n) = r.get("rating") else {
                let first = ind.criteria.first().map_or("nhiem-vu", |c| c.id.as_str());
                missing(
                    probs,
                    "rating",
                    &format!("{{{first}: tốt, …}}"),
                    " with one line per criterion",
                );
                return None;
            };
            read_rating(n, ind, probs).map(Amount::Rating)
        }
    }
}

fn read_rating(node: &Node, ind: &Indicator, probs: &mut Vec<Problem>) -> Option<Vec<bool>> {
    let mut f = Fields::of(node, "rating", probs)?;
    let mut flags = Vec::with_capacity(ind.criteria.len());
    let mut ok = true;
    for c in &ind.criteria {
        match f.get(&c.id) {
            Some(v) => {
                let t = marked::text(v, &c.id, probs)
                    .unwrap_or_default()
                    .to_lowercase();
                match t.as_str() {
                    "tốt" | "tot" | "true" | "yes" => flags.push(true),
                    "chưa tốt" | "chua-tot" | "chua tot" | "false" | "no" => flags.push(false),
                    _ => {
                        ok = false;
                        probs.push(
                            Problem::new(v.pos, format!("`{}`: a rating is `tốt` or `chưa tốt`, not `{t}`", c.id))
                                .help("write `tốt` (good) or `chưa tốt` (not yet good); `true`/`false` also work"),
                        );
                    }
                }
            }
            None => {
                ok = false;
                probs.push(
                    Problem::new(
                        node.pos,
                        format!("the rating has no criterion `{}` ({})", c.id, c.title),
                    )
                    .help(format!(
                        "rate every criterion of `{}`: add `{}: tốt` or `{}: chưa tốt`",
                        ind.id, c.id, c.id
                    )),
                );
            }
        }
    }
    let ids: Vec<&str> = ind.criteria.iter().map(|c| c.id.as_str()).collect();
    f.finish(&ids, &|_| None, probs);
    ok.then_some(flags)
}
