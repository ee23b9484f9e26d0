//! Templates that would call themselves without end. Tera has no limit on the depth of
//! includes and macro calls, so `{% include "page.html" %}` inside page.html, or a macro
//! that calls itself whatever happens, runs until the stack overflows and the process dies.
//! Before rendering, the calls that happen whatever the data says (not under `{% if %}` or
//! `{% for %}`) are followed from every template; a loop among them is an error at the call
//! that closes it. Recursion under a condition — the sidebar's macro calling itself for the
//! children of a section — is how trees are drawn, and stays allowed.
//!
//! Whether such a condition ever turns false depends on the data, so it cannot be decided
//! before rendering. [`guard`] bounds it while rendering: every macro body and every
//! template starts with a call to a hidden function that fails the render, with the
//! macro or template named, when less than [`STACK_MARGIN`] of the thread's stack is left.
//! The process never dies of a stack overflow; the page's render fails with a message.

use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use tera::ast::{Expr, ExprVal, Node};

/// Something that runs: a template, or a macro of a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Template(String),
    Macro(String, String),
}

/// A call that happens whatever the data says, and the text to look for to point at it.
struct Call {
    to: Unit,
    needle: String,
}

/// The first loop of calls that always happen, as an error at the call that closes it.
pub fn check(
    tera: &tera::Tera,
    origins: &BTreeMap<String, (PathBuf, String)>,
) -> Result<(), Diagnostic> {
    let mut calls: BTreeMap<Unit, Vec<Call>> = BTreeMap::new();
    for (name, tpl) in &tera.templates {
        let namespaces: BTreeMap<&str, &str> = tpl
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let resolve = |ns: &str| -> Option<String> {
            if ns == "self" {
                Some(name.clone())
            } else {
                namespaces.get(ns).map(|f| f.to_string())
            }
        };
        let mut out = Vec::new();
        // rendering a template renders its parents
        if let Some(parent) = tpl.parents.first() {
            out.push(Call {
                to: Unit::Template(parent.clone()),
                needle: format!("\"{parent}\""),
            });
        }
        nodes(&tpl.ast, tera, &resolve, &mut out);
        calls.insert(Unit::Template(name.clone()), out);
        for (macro_name, def) in &tpl.macros {
            let mut out = Vec::new();
            nodes(&def.body, tera, &resolve, &mut out);
            calls.insert(Unit::Macro(name.clone(), macro_name.clone()), out);
        }
    }
    let mut done = BTreeSet::new();
    for start in calls.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = find_cycle(start, &calls, &mut path, &mut done) {
            return Err(report(&cycle, &calls, origins));
        }
    }
    Ok(())
}

/// Depth-first search for a loop; `done` holds units known to lead to none.
fn find_cycle(
    unit: &Unit,
    calls: &BTreeMap<Unit, Vec<Call>>,
    path: &mut Vec<Unit>,
    done: &mut BTreeSet<Unit>,
) -> Option<Vec<Unit>> {
    if done.contains(unit) {
        return None;
    }
    if let Some(i) = path.iter().position(|u| u == unit) {
        let mut cycle = path[i..].to_vec();
        cycle.push(unit.clone());
        return Some(cycle);
    }
    path.push(unit.clone());
    for call in calls.get(unit).into_iter().flatten() {
        if let Some(c) = find_cycle(&call.to, calls, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(unit.clone());
    None
}

fn report(
    cycle: &[Unit],
    calls: &BTreeMap<Unit, Vec<Call>>,
    origins: &BTreeMap<String, (PathBuf, String)>,
) -> Diagnostic {
    let name = |u: &Unit| match u {
        Unit::Template(t) => t.clone(),
        Unit::Macro(t, m) => format!("{m}() in {t}"),
    };
    let chain: Vec<String> = cycle.iter().map(name).collect();
    // point at the call that closes the loop
    let (from, to) = (&cycle[cycle.len() - 2], &cycle[cycle.len() - 1]);
    let file_of = |u: &Unit| match u {
        Unit::Template(t) | Unit::Macro(t, _) => t.clone(),
    };
    let (file, text) = origins
        .get(&file_of(from))
        .map(|(p, t)| (p.clone(), t.as_str()))
        .unwrap_or_else(|| (PathBuf::from(file_of(from)), ""));
    let position = calls
        .get(from)
        .and_then(|cs| cs.iter().find(|c| &c.to == to))
        .and_then(|c| text.find(&c.needle))
        .map(|at| crate::text::LineIndex::new(text).position(at));
    Diagnostic::new(
        file,
        format!(
            "template error: {} calls itself without end ({})",
            name(to),
            chain.join(" → ")
        ),
    )
    .at_opt(position)
    .help("a template or macro may call itself only under `{% if … %}` or inside `{% for … %}`, so that the calls stop")
}

fn nodes(
    ast: &[Node],
    tera: &tera::Tera,
    resolve: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Call>,
) {
    for node in ast {
        match node {
            Node::VariableBlock(_, e) => expr(e, resolve, out),
            Node::Set(_, set) => expr(&set.value, resolve, out),
            Node::Include(_, names, _) => {
                if let Some(n) = names.iter().find(|n| tera.templates.contains_key(*n)) {
                    out.push(Call {
                        to: Unit::Template(n.clone()),
                        needle: format!("\"{n}\""),
                    });
                }
            }
            Node::Block(_, block, _) => nodes(&block.body, tera, resolve, out),
            Node::FilterSection(_, section, _) => nodes(&section.body, tera, resolve, out),
            // under a condition or a loop: may stop; and definitions run only when called
            _ => {}
        }
    }
}

/// Macro calls evaluated whatever the data says: the value itself, its filters' and the
/// macro's arguments (not the right-hand side of `and`/`or`, which may be skipped).
fn expr(e: &Expr, resolve: &dyn Fn(&str) -> Option<String>, out: &mut Vec<Call>) {
    match &e.val {
        ExprVal::MacroCall(call) => {
            if let Some(file) = resolve(&call.namespace) {
                out.push(Call {
                    to: Unit::Macro(file, call.name.clone()),
                    needle: format!("{}::{}", call.namespace, call.name),
                });
            }
            for arg in call.args.values() {
                expr(arg, resolve, out);
            }
        }
        ExprVal::Math(m) => {
            expr(&m.lhs, resolve, out);
            expr(&m.rhs, resolve, out);
        }
        ExprVal::Logic(l) => expr(&l.lhs, resolve, out),
        ExprVal::Array(items) => items.iter().for_each(|i| expr(i, resolve, out)),
        ExprVal::FunctionCall(f) => f.args.values().for_each(|a| expr(a, resolve, out)),
        _ => {}
    }
    for f in &e.filters {
        f.args.values().for_each(|a| expr(a, resolve, out));
    }
}

/// The hidden function called at the start of every macro body and template.
pub const GUARD_FUNCTION: &str = "__sotay_stack_guard";
/// Start of the message of a render stopped by the guard.
pub const TOO_DEEP: &str = "templates call each other too deeply";
/// Stack kept free for what runs between two guard calls (one level of a macro or include,
/// with its filters) and for reporting the error.
pub const STACK_MARGIN: usize = 256 * 1024;

struct StackGuard;

impl tera::Function for StackGuard {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        if stacker::remaining_stack().is_some_and(|left| left < STACK_MARGIN) {
            let at = args.get("at").and_then(|v| v.as_str()).unwrap_or("?");
            return Err(tera::Error::msg(format!(
                "{TOO_DEEP}: {at} calls itself again and again, under a condition that stays true for this page"
            )));
        }
        Ok(tera::Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn guard_node(at: String) -> Node {
    let mut args = std::collections::HashMap::new();
    args.insert("at".to_string(), Expr::new(ExprVal::String(at)));
    Node::VariableBlock(
        tera::ast::WS::default(),
        Expr::new(ExprVal::FunctionCall(tera::ast::FunctionCall {
            name: GUARD_FUNCTION.to_string(),
            args,
        })),
    )
}

/// Puts the stack guard at the start of every template and macro body (it renders as
/// nothing).
pub fn guard(tera: &mut tera::Tera) {
    tera.register_function(GUARD_FUNCTION, StackGuard);
    for (name, tpl) in tera.templates.iter_mut() {
        tpl.ast
            .insert(0, guard_node(format!("the template `{name}`")));
        for (macro_name, def) in tpl.macros.iter_mut() {
            def.body.insert(
                0,
                guard_node(format!("the macro `macro {macro_name}(` in {name}")),
            );
        }
    }
}

/// How deep `{% if %}`, `{% for %}` and other blocks may nest in a template.
pub const MAX_BLOCK_DEPTH: usize = 64;
/// How deep parentheses and brackets may nest inside one tag.
pub const MAX_BRACKET_DEPTH: usize = 128;

/// Where a template nests blocks or brackets deeper than Tera's parser can take (it
/// recurses once per level: a thousand nested `{% if %}` overflowed the stack while the
/// template was read), as the byte offset of the tag and what is too deep.
pub fn nesting_too_deep(text: &str) -> Option<(usize, String)> {
    let mut blocks = 0usize;
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find('{') {
        let at = offset + i;
        let after = &rest[i + 1..];
        let close = match after.as_bytes().first() {
            Some(b'%') => "%}",
            Some(b'{') => "}}",
            Some(b'#') => "#}",
            _ => {
                offset = at + 1;
                rest = after;
                continue;
            }
        };
        let inner_end = after[1..].find(close).map_or(after.len(), |e| e + 1);
        let inner = &after[1..inner_end];
        if close == "%}" {
            let word = inner
                .trim_start_matches('-')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if word == "raw" {
                // skip to the end of the raw section
                let end = after.find("endraw").map_or(after.len(), |e| e + 6);
                offset = at + 1 + end;
                rest = &after[end..];
                continue;
            }
            if matches!(word, "if" | "for" | "macro" | "block" | "filter") {
                blocks += 1;
                if blocks > MAX_BLOCK_DEPTH {
                    return Some((
                        at,
                        format!("`{{% {word} %}}` blocks are nested more than {MAX_BLOCK_DEPTH} deep here"),
                    ));
                }
            } else if word.starts_with("end") {
                blocks = blocks.saturating_sub(1);
            }
        }
        if close != "#}" {
            let mut depth = 0usize;
            for c in inner.chars() {
                match c {
                    '(' | '[' | '{' => {
                        depth += 1;
                        if depth > MAX_BRACKET_DEPTH {
                            return Some((
                                at,
                                format!("brackets are nested more than {MAX_BRACKET_DEPTH} deep in this tag"),
                            ));
                        }
                    }
                    ')' | ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        let end = (inner_end + close.len()).min(after.len());
        offset = at + 1 + end;
        rest = &after[end..];
    }
    None
}
