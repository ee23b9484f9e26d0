//! Reading `statistics/`: the organization tree (`units.yaml`), the indicators
//! (`indicators.yaml`) and the records (`records/*.yaml`), YAML → typed values with the
//! position of every value kept for messages. Checks that need only one entry are made
//! here (records in [`super::records`]); checks across entries are in [`super::validate`].

use super::marked::{self, Fields, Node, Pos, Problem};
use super::model::*;
use super::{records, validate};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Date;
use crate::text;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// The folder of statistics inside a handbook, beside `content/`.
pub const DIR: &str = "statistics";
pub const UNITS_FILE: &str = "units.yaml";
pub const INDICATORS_FILE: &str = "indicators.yaml";
pub const RECORDS_DIR: &str = "records";

const UNIT_KEYS: &[&str] = &["id", "name", "kind", "parent", "illustrative"];
const INDICATOR_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "measure",
    "kind",
    "rollup",
    "target_percent",
    "criteria",
];

/// The four criteria of a "four good" organization, used when a rating indicator names none.
pub const FOUR_GOOD: &[(&str, &str)] = &[
    ("nhiem-vu", "Hoàn thành tốt nhiệm vụ chính trị"),
    ("sinh-hoat", "Chất lượng sinh hoạt tốt"),
    ("doan-ket", "Đoàn kết, kỷ luật tốt"),
    ("dang-vien", "Cán bộ, đảng viên tốt"),
];

/// A statistics file, read and normalized.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown in messages (`statistics/units.yaml`).
    pub shown: PathBuf,
    pub text: String,
}

/// The files of `statistics/`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub units: Option<SourceFile>,
    pub indicators: Option<SourceFile>,
    pub records: Vec<SourceFile>,
}

fn diag(file: &Path, p: Problem) -> Diagnostic {
    let mut d = Diagnostic::new(file, p.message).at(p.pos.line, p.pos.column);
    if let Some(h) = p.help {
        d = d.help(h);
    }
    d
}

fn read_file(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let shown = crate::diagnostics::display_path(root, path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let help = if path.is_dir() {
                "this name is kept for a file: rename the folder".to_string()
            } else {
                format!(
                    "check that {} exists and that you may read it",
                    shown.display()
                )
            };
            diags.push(Diagnostic::new(&shown, format!("cannot read the file: {e}")).help(help));
            return None;
        }
    };
    match text::decode_utf8(bytes) {
        Ok(raw) => Some(SourceFile {
            shown,
            text: text::normalize(&raw),
        }),
        Err(p) => {
            diags.push(
                Diagnostic::new(&shown, format!("not valid UTF-8 (byte {})", p.byte_offset))
                    .at(p.line, p.column)
                    .help("save the file with UTF-8 encoding"),
            );
            None
        }
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// Reads the files of `ROOT/statistics/`; `Ok(None)` when the folder does not exist.
/// On problems, what could be read comes with them (to be checked in the same run).
#[allow(clippy::type_complexity, clippy::result_large_err)]
pub fn read(root: &Path) -> Result<Option<Sources>, (Option<Sources>, Diagnostics)> {
    let dir = root.join(DIR);
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => {
            let d = Diagnostic::new(DIR, format!("cannot read the folder: {e}"));
            return Err((None, d.into()));
        }
    };
    names.sort();
    for name in &names {
        if crate::load::is_ignored_name(name) {
            continue;
        }
        let path = dir.join(name);
        match name.as_str() {
            UNITS_FILE => sources.units = read_file(root, &path, &mut diags),
            INDICATORS_FILE => sources.indicators = read_file(root, &path, &mut diags),
            RECORDS_DIR if path.is_dir() => {}
            n if is_yaml(n) => {
                let mut d = Diagnostic::new(
                    Path::new(DIR).join(n),
                    "sotay does not know this statistics file",
                )
                .at(1, 1);
                d = match crate::diagnostics::did_you_mean(n, [UNITS_FILE, INDICATORS_FILE]) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "statistics/ holds {UNITS_FILE}, {INDICATORS_FILE} and records/*.yaml; \
                         move records into statistics/{RECORDS_DIR}/"
                    )),
                };
                diags.push(d);
            }
            _ => {}
        }
    }
    let records = dir.join(RECORDS_DIR);
    if records.is_dir() {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&records)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::load::is_ignored_name(&e.file_name().to_string_lossy())
            })
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && is_yaml(&e.file_name().to_string_lossy()))
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for f in files {
            if let Some(s) = read_file(root, &f, &mut diags) {
                sources.records.push(s);
            }
        }
    }
    if sources.units.is_none() && !diags.0.iter().any(|d| d.file.ends_with(UNITS_FILE)) {
        diags.push(
            Diagnostic::new(Path::new(DIR).join(UNITS_FILE), "the statistics have no organization tree")
                .help("create statistics/units.yaml listing the units (see docs/statistics.md), or remove the statistics/ folder"),
        );
    }
    if sources.indicators.is_none() && !diags.0.iter().any(|d| d.file.ends_with(INDICATORS_FILE)) {
        diags.push(
            Diagnostic::new(Path::new(DIR).join(INDICATORS_FILE), "the statistics have no indicators")
                .help("create statistics/indicators.yaml listing what is measured (see docs/statistics.md)"),
        );
    }
    if diags.is_empty() {
        Ok(Some(sources))
    } else {
        Err((Some(sources), diags.sorted()))
    }
}

/// Turns the files into checked statistics; every problem of every file is reported.
pub fn build(sources: &Sources) -> Result<Statistics, Diagnostics> {
    let mut stats = Statistics::default();
    let mut diags = Diagnostics::default();
    if let Some(f) = &sources.units {
        let mut probs = Vec::new();
        let parents = read_units(f, &mut stats, &mut probs);
        validate::link_parents(&mut stats, &parents, &mut probs);
        diags.extend(probs.into_iter().map(|p| diag(&f.shown, p)));
    }
    if let Some(f) = &sources.indicators {
        let mut probs = Vec::new();
        read_indicators(f, &mut stats, &mut probs);
        diags.extend(probs.into_iter().map(|p| diag(&f.shown, p)));
    }
    // The files of records are parsed in parallel (most of the time of reading them), then
    // read in order.
    let parsed: Vec<(Option<Node>, Vec<Problem>)> = sources
        .records
        .par_iter()
        .map(|f| {
            let mut probs = Vec::new();
            (parse_file(f, &mut probs), probs)
        })
        .collect();
    for (f, (root, mut probs)) in sources.records.iter().zip(parsed) {
        records::read_records(f, root, &mut stats, &mut probs);
        diags.extend(probs.into_iter().map(|p| diag(&f.shown, p)));
    }
    diags.extend(validate::records(&stats).0);
    diags.into_result(stats)
}

pub(super) fn parse_file(f: &SourceFile, probs: &mut Vec<Problem>) -> Option<Node> {
    match marked::parse(&f.text) {
        Ok(Some(n)) => Some(n),
        Ok(None) => None,
        Err(p) => {
            probs.push(p);
            None
        }
    }
}

/// The longest id of a unit, indicator or criterion: it names a file of the output.
pub const MAX_ID_LEN: usize = 64;

/// Checks an id: lowercase ASCII letters, digits and `-`.
pub(super) fn id(node: &Node, what: &str, probs: &mut Vec<Problem>) -> Option<String> {
    let t = marked::text(node, what, probs)?;
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok && t.len() > MAX_ID_LEN {
        probs.push(
            Problem::new(node.pos, format!("`{what}`: the id is {} characters long", t.len()))
                .help(format!("ids name files and web addresses; keep them to {MAX_ID_LEN} characters at most, for example `nui-thanh`")),
        );
        return None;
    }
    if ok && t == "index" {
        probs.push(
            Problem::new(node.pos, format!("`{what}`: `index` cannot be used as an id"))
                .help("pages are named after ids, and `index` is the name of section pages; choose another id"),
        );
        return None;
    }
    if ok {
        return Some(t);
    }
    let slug = crate::slug::slugify(&t);
    probs.push(
        Problem::new(node.pos, format!("`{what}`: `{t}` is not a valid id")).help(format!(
            "use lowercase letters without diacritics, digits and `-`{}",
            if slug.is_empty() {
                String::new()
            } else {
                format!(", for example `{slug}`")
            }
        )),
    );
    None
}

pub(super) fn required<'n>(
    f: &mut Fields<'n>,
    key: &str,
    what: &str,
    example: &str,
    probs: &mut Vec<Problem>,
) -> Option<&'n Node> {
    let n = f.get(key);
    if n.is_none() {
        let pos = f.key_pos(key).unwrap_or(f.node.pos);
        probs.push(
            Problem::new(pos, format!("{what} has no `{key}`"))
                .help(format!("add `{key}: {example}`")),
        );
    }
    n
}

pub(super) fn one_of<T: Copy>(
    node: &Node,
    what: &str,
    names: &[(&'static str, T)],
    probs: &mut Vec<Problem>,
) -> Option<T> {
    let t = marked::text(node, what, probs)?;
    if let Some((_, v)) = names.iter().find(|(n, _)| *n == t) {
        return Some(*v);
    }
    let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    let p = Problem::new(node.pos, format!("`{what}`: unknown value `{t}`"));
    probs.push(match marked::suggest(&t, all.iter().copied()) {
        Some(h) => p.help(h),
        None => p.help(format!("write one of: {}", all.join(", "))),
    });
    None
}

pub(super) fn date(node: &Node, what: &str, probs: &mut Vec<Problem>) -> Option<Date> {
    let t = marked::text(node, what, probs)?;
    let d = Date::parse_iso(&t);
    if d.is_none() {
        probs.push(
            Problem::new(node.pos, format!("`{what}`: `{t}` is not a date")).help(format!(
                "write dates as YYYY-MM-DD, for example `{what}: 2023-03-31`"
            )),
        );
    }
    d
}

pub(super) fn top_list<'n>(
    root: &'n Node,
    key: &str,
    probs: &mut Vec<Problem>,
) -> Option<(Fields<'n>, &'n [Node])> {
    if !matches!(root.value, marked::Value::Map(_)) {
        probs.push(
            Problem::new(
                root.pos,
                format!(
                    "the file holds {}; it must start with a line `{key}:`",
                    marked::describe(root)
                ),
            )
            .help(format!(
                "write `{key}:` on the first line and the entries below it, indented, each starting with `- ` (see docs/statistics.md)"
            )),
        );
        return None;
    }
    let mut f = Fields::of(root, "the file", probs)?;
    let items = match f.get(key) {
        Some(n) => marked::list(n, key, probs)?,
        None => {
            probs.push(
                Problem::new(
                    f.key_pos(key).unwrap_or(root.pos),
                    format!("the file has no `{key}:` list"),
                )
                .help(format!(
                    "start the list with a line `{key}:` and one `- ` entry per item"
                )),
            );
            &[]
        }
    };
    Some((f, items))
}

fn read_units(
    f: &SourceFile,
    stats: &mut Statistics,
    probs: &mut Vec<Problem>,
) -> Vec<Option<(String, Pos)>> {
    let mut parents = Vec::new();
    let Some(root) = parse_file(f, probs) else {
        if probs.is_empty() {
            probs.push(
                Problem::new(Pos { line: 1, column: 1 }, "the file is empty")
                    .help("list the units under `units:`"),
            );
        }
        return parents;
    };
    let Some((top, items)) = top_list(&root, "units", probs) else {
        return parents;
    };
    top.finish(&["units"], &|_| None, probs);
    for item in items {
        let Some(mut u) = Fields::of(item, "unit", probs) else {
            continue;
        };
        let uid =
            required(&mut u, "id", "the unit", "nui-thanh", probs).and_then(|n| id(n, "id", probs));
        let name = required(
            &mut u,
            "name",
            "the unit",
            "\"Đảng bộ huyện Núi Thành\"",
            probs,
        )
        .and_then(|n| marked::text(n, "name", probs));
        let kind = required(&mut u, "kind", "the unit", "huyen", probs)
            .and_then(|n| one_of(n, "kind", UnitKind::NAMES, probs));
        let parent = u
            .get("parent")
            .and_then(|n| marked::text(n, "parent", probs).map(|t| (t, n.pos)));
        let illustrative = u
            .get("illustrative")
            .and_then(|n| marked::boolean(n, "illustrative", probs))
            .unwrap_or(false);
        u.finish(UNIT_KEYS, &|_| None, probs);
        let Some(uid) = uid else { continue };
        if let Some(&first) = stats.unit_by_id.get(&uid) {
            let at = stats.units[first].origin.pos.line;
            probs.push(
                Problem::new(item.pos, format!("the unit `{uid}` is defined twice")).help(format!(
                    "it is first defined on line {at}; give each unit its own id"
                )),
            );
            continue;
        }
        stats.unit_by_id.insert(uid.clone(), stats.units.len());
        stats.units.push(Unit {
            name: name.unwrap_or_else(|| uid.clone()),
            id: uid,
            kind: kind.unwrap_or(UnitKind::Cell),
            parent: None,
            children: Vec::new(),
            illustrative,
            origin: Origin {
                file: f.shown.clone(),
                pos: item.pos,
            },
        });
        parents.push(parent);
    }
    parents
}

fn read_indicators(f: &SourceFile, stats: &mut Statistics, probs: &mut Vec<Problem>) {
    let Some(root) = parse_file(f, probs) else {
        if probs.is_empty() {
            probs.push(
                Problem::new(Pos { line: 1, column: 1 }, "the file is empty")
                    .help("list the indicators under `indicators:`"),
            );
        }
        return;
    };
    let Some((mut top, items)) = top_list(&root, "indicators", probs) else {
        return;
    };
    stats.reporting_date = top
        .get("reporting_date")
        .and_then(|n| date(n, "reporting_date", probs));
    let reporting_pos = top.key_pos("reporting_date");
    top.finish(&["reporting_date", "indicators"], &|_| None, probs);
    let mut milestone_at = None;
    for item in items {
        let Some(mut i) = Fields::of(item, "indicator", probs) else {
            continue;
        };
        let iid = required(&mut i, "id", "the indicator", "ket-nap", probs)
            .and_then(|n| id(n, "id", probs));
        let title = required(
            &mut i,
            "title",
            "the indicator",
            "\"Kết nạp đảng viên mới\"",
            probs,
        )
        .and_then(|n| marked::text(n, "title", probs));
        let kind_node = required(&mut i, "kind", "the indicator", "target", probs);
        let kind = kind_node.and_then(|n| one_of(n, "kind", IndicatorKind::NAMES, probs));
        let measure = i
            .get("measure")
            .and_then(|n| marked::text(n, "measure", probs))
            .unwrap_or_default();
        let description = i
            .get("description")
            .and_then(|n| marked::text(n, "description", probs))
            .unwrap_or_default();
        let rollup = match (i.get("rollup"), kind) {
            (Some(n), Some(k)) => one_of(n, "rollup", Rollup::NAMES, probs).and_then(|r| {
                if k.allowed_rollups().contains(&r) {
                    Some(r)
                } else {
                    let allowed: Vec<&str> = k.allowed_rollups().iter().map(|r| r.name()).collect();
                    probs.push(
                        Problem::new(
                            n.pos,
                            format!(
                                "`rollup: {}` does not fit an indicator of kind `{}`",
                                r.name(),
                                k.name()
                            ),
                        )
                        .help(format!(
                            "for `kind: {}` write `rollup:` {}",
                            k.name(),
                            allowed.join(" or ")
                        )),
                    );
                    None
                }
            }),
            _ => None,
        };
        let target_percent = match i.get("target_percent") {
            Some(n) => {
                let v = marked::number(n, "target_percent", probs);
                match kind {
                    Some(IndicatorKind::Share | IndicatorKind::Rating) | None => {}
                    Some(k) => probs.push(
                        Problem::new(n.pos, format!("`target_percent` does not apply to an indicator of kind `{}`", k.name()))
                            .help("only `share` and `rating` indicators have a target share; a `target` indicator sets `target:` in each record"),
                    ),
                }
                if let Some(v) = v {
                    if v < Decimal::ZERO || v > Decimal::from(100) {
                        probs.push(
                            Problem::new(
                                n.pos,
                                format!("`target_percent` must lie between 0 and 100, not {v}"),
                            )
                            .help("write the share to reach in percent, for example `target_percent: 80`"),
                        );
                    }
                }
                v
            }
            None => None,
        };
        let criteria = match i.get("criteria") {
            Some(n) => {
                if kind.is_some_and(|k| k != IndicatorKind::Rating) {
                    probs.push(
                        Problem::new(
                            n.pos,
                            "`criteria` only applies to indicators of kind `rating`",
                        )
                        .help("remove `criteria`, or write `kind: rating` if units are rated on criteria"),
                    );
                }
                let c = read_criteria(n, probs);
                // An empty list is reported; records are then read against the defaults
                // rather than refused criterion by criterion.
                if c.is_empty() {
                    four_good()
                } else {
                    c
                }
            }
            None => four_good(),
        };
        i.finish(INDICATOR_KEYS, &|_| None, probs);
        let (Some(iid), Some(kind)) = (iid, kind) else {
            continue;
        };
        if kind == IndicatorKind::Milestone && milestone_at.is_none() {
            milestone_at = Some(item.pos);
        }
        if let Some(&first) = stats.indicator_by_id.get(&iid) {
            let at = stats.indicators[first].origin.pos.line;
            probs.push(
                Problem::new(item.pos, format!("the indicator `{iid}` is defined twice")).help(
                    format!("it is first defined on line {at}; give each indicator its own id"),
                ),
            );
            continue;
        }
        stats
            .indicator_by_id
            .insert(iid.clone(), stats.indicators.len());
        stats.indicators.push(Indicator {
            title: title.unwrap_or_else(|| iid.clone()),
            id: iid,
            description,
            measure,
            kind,
            rollup: rollup.unwrap_or(kind.default_rollup()),
            target_percent,
            criteria,
            origin: Origin {
                file: f.shown.clone(),
                pos: item.pos,
            },
        });
    }
    if let (Some(pos), None, None) = (milestone_at, stats.reporting_date, reporting_pos) {
        probs.push(
            Problem::new(pos, "a milestone indicator needs the reporting date of the statistics")
                .help("add `reporting_date: 2023-03-31` at the top of indicators.yaml: milestones are done, due or overdue as of that date"),
        );
    }
}

fn four_good() -> Vec<Criterion> {
    FOUR_GOOD
        .iter()
        .map(|(id, title)| Criterion {
            id: id.to_string(),
            title: title.to_string(),
        })
        .collect()
}

fn read_criteria(node: &Node, probs: &mut Vec<Problem>) -> Vec<Criterion> {
    let mut out: Vec<Criterion> = Vec::new();
    let Some(items) = marked::list(node, "criteria", probs) else {
        return out;
    };
    if items.is_empty() {
        probs.push(Problem::new(node.pos, "`criteria` is empty").help("list at least one criterion, or leave `criteria` out for the four criteria of “bốn tốt”"));
    }
    for item in items {
        let Some(mut c) = Fields::of(item, "criterion", probs) else {
            continue;
        };
        let cid = required(&mut c, "id", "the criterion", "sinh-hoat", probs)
            .and_then(|n| id(n, "id", probs));
        let title = required(
            &mut c,
            "title",
            "the criterion",
            "\"Chất lượng sinh hoạt tốt\"",
            probs,
        )
        .and_then(|n| marked::text(n, "title", probs));
        c.finish(&["id", "title"], &|_| None, probs);
        if let Some(cid) = cid {
            if out.iter().any(|x| x.id == cid) {
                probs.push(
                    Problem::new(item.pos, format!("the criterion `{cid}` is listed twice"))
                        .help("give each criterion its own id"),
                );
                continue;
            }
            out.push(Criterion {
                title: title.unwrap_or_else(|| cid.clone()),
                id: cid,
            });
        }
    }
    out
}
