//! Checks across entries: the organization tree is a tree (parents exist, no cycles), and
//! no unit has two records of the same indicator for the same period.

use super::marked::{self, Pos, Problem};
use super::model::Statistics;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rustc_hash::FxHashMap;

/// Links each unit to its parent (`parents[i]` is what unit `i` wrote as `parent`).
pub fn link_parents(
    stats: &mut Statistics,
    parents: &[Option<(String, Pos)>],
    probs: &mut Vec<Problem>,
) {
    for (u, parent) in parents.iter().enumerate() {
        let Some((pid, pos)) = parent else { continue };
        match stats.unit_by_id.get(pid) {
            Some(&p) if p == u => probs.push(
                Problem::new(*pos, format!("the unit `{pid}` is its own parent"))
                    .help("name the unit it belongs to, or leave `parent` out for a top unit"),
            ),
            Some(&p) => stats.units[u].parent = Some(p),
            None => {
                let p = Problem::new(*pos, format!("unknown parent unit `{pid}`"));
                probs.push(
                    match marked::suggest(pid, stats.units.iter().map(|x| x.id.as_str())) {
                        Some(h) => p.help(h),
                        None => p.help("the parent must be one of the units of this file"),
                    },
                );
            }
        }
    }
    // Cycles: walking up from any unit must reach a top unit.
    let n = stats.units.len();
    let mut state = vec![0u8; n]; // 0 unknown, 1 reaches a root
    for start in 0..n {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(u) = cur {
            if state[u] == 1 {
                break;
            }
            if chain.contains(&u) {
                let names: Vec<&str> = chain[chain.iter().position(|&x| x == u).unwrap_or(0)..]
                    .iter()
                    .map(|&x| stats.units[x].id.as_str())
                    .collect();
                let pos = parents[u]
                    .as_ref()
                    .map_or(stats.units[u].origin.pos, |p| p.1);
                probs.push(
                    Problem::new(
                        pos,
                        format!("the units {} are each other's parents", names.join(" → ")),
                    )
                    .help("the organization is a tree: follow `parent` upwards and it must end at a unit without one"),
                );
                for &x in &chain {
                    stats.units[x].parent = None;
                }
                break;
            }
            chain.push(u);
            cur = stats.units[u].parent;
        }
        for x in chain {
            state[x] = 1;
        }
    }
    // Depth: unit pages sit in folders that follow the tree, and every page lists the
    // path from its top unit; a chain thousands of units long would make paths too long
    // for any file system and take memory that grows with the square of the depth.
    let mut depth: Vec<Option<usize>> = vec![None; n];
    for start in 0..n {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        let base = loop {
            match cur {
                None => break 0,
                Some(u) => match depth[u] {
                    Some(d) => break d,
                    None => {
                        chain.push(u);
                        cur = stats.units[u].parent;
                    }
                },
            }
        };
        for (i, &u) in chain.iter().rev().enumerate() {
            depth[u] = Some(base + i + 1);
        }
    }
    if let Some(u) = (0..n).find(|&u| depth[u].unwrap_or(0) > MAX_TREE_DEPTH) {
        let pos = parents[u]
            .as_ref()
            .map_or(stats.units[u].origin.pos, |p| p.1);
        probs.push(
            Problem::new(
                pos,
                format!(
                    "the organization tree is more than {MAX_TREE_DEPTH} levels deep at `{}`",
                    stats.units[u].id
                ),
            )
            .help("check the `parent` of the units above it: a party organization has a few levels (tỉnh, huyện, xã, chi bộ), not this many"),
        );
        for x in 0..n {
            stats.units[x].parent = None;
        }
    }
    for u in 0..n {
        if let Some(p) = stats.units[u].parent {
            stats.units[p].children.push(u);
        }
    }
}

/// How many levels the organization tree may have.
pub const MAX_TREE_DEPTH: usize = 32;

/// Duplicate records: the same indicator, unit and period twice.
pub fn records(stats: &Statistics) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen: FxHashMap<(usize, usize, super::model::Period), usize> = FxHashMap::default();
    for (i, r) in stats.records.iter().enumerate() {
        if let Some(&first) = seen.get(&(r.indicator, r.unit, r.period)) {
            let f = &stats.records[first];
            diags.push(
                Diagnostic::new(
                    &r.origin.file,
                    format!(
                        "duplicate record: `{}` of `{}` for {} is already given at {}:{}",
                        stats.indicators[r.indicator].id,
                        stats.units[r.unit].id,
                        r.period.id(),
                        f.origin.file.display(),
                        f.origin.pos.line
                    ),
                )
                .at(r.origin.pos.line, r.origin.pos.column)
                .help("keep one record per indicator, unit and period; correct the figure there"),
            );
        } else {
            seen.insert((r.indicator, r.unit, r.period), i);
        }
    }
    diags
}
