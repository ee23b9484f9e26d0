//! YAML read into a small tree that remembers where every key and value stands (line and
//! column, from 1), so that a problem found long after parsing — an unknown unit, a part
//! larger than its whole — still points at the exact place in the file. Built on the
//! events of `saphyr-parser`; serde would lose the positions of individual values.
//!
//! Also the helpers that turn the tree into typed values while collecting [`Problem`]s:
//! wrong types, missing and unknown keys (with did-you-mean), duplicate keys.

use crate::diagnostics::did_you_mean;
use rust_decimal::Decimal;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::str::FromStr;

/// A place in a text: line and column, both from 1; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Something wrong at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            pos,
            message: message.into(),
            help: None,
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing at all.
    Null,
    /// Text as written; `plain` when it had no quotes (only then can it be a number or a
    /// boolean).
    Scalar {
        text: String,
        plain: bool,
    },
    List(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A key of a map, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

fn pos_of(m: &saphyr_parser::Marker) -> Pos {
    Pos {
        line: m.line(),
        column: m.col() + 1,
    }
}

enum Frame {
    List(Pos, Vec<Node>),
    Map(Pos, Vec<(Key, Node)>, Option<Key>),
}

/// Parses one YAML document. `Ok(None)` for an empty text. Anchors are ignored and
/// aliases refused (statistics files have no use for them, and they hide where a value
/// comes from).
pub fn parse(text: &str) -> Result<Option<Node>, Problem> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            Problem::new(pos_of(e.marker()), format!("YAML syntax: {}", e.info())).help(
                "check the indentation and that every `key:` is followed by a space; \
                 quote text that contains `: ` or starts with a special character",
            )
        })?;
        let pos = pos_of(&span.start);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Problem::new(pos, "more than one YAML document in the file")
                        .help("remove the second `---` line; one file holds one document"));
                }
                continue;
            }
            Event::Alias(_) => {
                return Err(
                    Problem::new(pos, "aliases (`*name`) are not supported here")
                        .help("write the value out in full"),
                );
            }
            Event::Scalar(text, style, _, _) => {
                let plain = style == ScalarStyle::Plain;
                let null = plain && matches!(&*text, "~" | "null" | "Null" | "NULL" | "");
                Node {
                    pos,
                    value: if null {
                        Value::Null
                    } else {
                        Value::Scalar {
                            text: crate::text::into_nfc(text),
                            plain,
                        }
                    },
                }
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::List(pos, Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(pos, Vec::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::List(p, items)) => Node {
                    pos: p,
                    value: Value::List(items),
                },
                _ => return Err(Problem::new(pos, "unbalanced list")),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(p, entries, _)) => Node {
                    pos: p,
                    value: Value::Map(entries),
                },
                _ => return Err(Problem::new(pos, "unbalanced map")),
            },
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::List(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, key)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    let name = match node.value {
                        Value::Scalar { text, .. } => text,
                        Value::Null => String::new(),
                        _ => {
                            return Err(Problem::new(node.pos, "a key must be a word")
                                .help("write `key: value`"))
                        }
                    };
                    *key = Some(Key {
                        name,
                        pos: node.pos,
                    });
                }
            },
        }
    }
    Ok(root)
}

/// A short description of what a node holds, for "found …" in messages.
pub fn describe(node: &Node) -> String {
    match &node.value {
        Value::Null => "nothing".into(),
        Value::Scalar { text, .. } => format!("the text \"{text}\""),
        Value::List(_) => "a list".into(),
        Value::Map(_) => "a set of `key: value` lines".into(),
    }
}

fn wrong_type(node: &Node, what: &str, expected: &str) -> Problem {
    // `what` is a key (`units`) or a description (`the file`); only keys get backquotes.
    let what = if what.contains(' ') {
        what.to_string()
    } else {
        format!("`{what}`")
    };
    let help = match expected {
        "text" => "write the text on the same line after the key, in double quotes when it contains `: ` or starts with a special character",
        "true or false" => "write `true` or `false`",
        "a number" => "write digits only, with a point for a decimal: `112`, `2.5`",
        e if e.starts_with("a list") => "write one line per item under the key, each starting with `- ` (or all on one line: `[a, b]`)",
        _ => "write `key: value` lines under it, indented, or all on one line: `{key: value, key: value}`",
    };
    Problem::new(
        node.pos,
        format!(
            "{what}: wrong type: expected {expected}, found {}",
            describe(node)
        ),
    )
    .help(help)
}

/// The keys of a map, read one by one; unknown and duplicate keys are reported by
/// [`Fields::finish`].
pub struct Fields<'n> {
    pub node: &'n Node,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    /// The fields of `node`, or a problem when it is not a map.
    pub fn of(node: &'n Node, what: &str, probs: &mut Vec<Problem>) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                node,
                entries,
                used: vec![false; entries.len()],
            }),
            _ => {
                probs.push(wrong_type(node, what, "a set of `key: value` lines"));
                None
            }
        }
    }

    /// The value of `key`, unless it is absent or null.
    pub fn get(&mut self, key: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        let node = &self.entries[i].1;
        (node.value != Value::Null).then_some(node)
    }

    /// Whether `key` is written at all (even without a value).
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.name == key)
    }

    /// The position of `key`, if written.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.pos)
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &'n [(Key, Node)] {
        self.entries
    }

    /// Reports keys that were never read (with a suggestion among `allowed`) and keys
    /// written twice. `misplaced` explains keys that belong to another kind of entry.
    pub fn finish(
        self,
        allowed: &[&str],
        misplaced: &dyn Fn(&str) -> Option<String>,
        probs: &mut Vec<Problem>,
    ) {
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if let Some(first) = self.entries[..i].iter().find(|(f, _)| f.name == k.name) {
                probs.push(
                    Problem::new(k.pos, format!("duplicate key `{}`", k.name)).help(format!(
                        "`{}` is already given on line {}; keep one of them",
                        k.name, first.0.pos.line
                    )),
                );
                continue;
            }
            if self.used[i] || allowed.contains(&k.name.as_str()) {
                continue;
            }
            let p = Problem::new(k.pos, format!("unknown key `{}`", k.name));
            probs.push(if let Some(why) = misplaced(&k.name) {
                p.help(why)
            } else if let Some(s) = did_you_mean(&k.name, allowed.iter().copied()) {
                p.help(format!("did you mean `{s}`?"))
            } else if allowed.is_empty() {
                p.help("nothing can be written here; remove it")
            } else {
                p.help(format!("the keys allowed here are: {}", allowed.join(", ")))
            });
        }
    }
}

/// Text of a scalar (numbers and words alike).
pub fn text(node: &Node, what: &str, probs: &mut Vec<Problem>) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text.trim().to_string()),
        _ => {
            probs.push(wrong_type(node, what, "text"));
            None
        }
    }
}

/// A list (a single value is not taken for a list of one).
pub fn list<'n>(node: &'n Node, what: &str, probs: &mut Vec<Problem>) -> Option<&'n [Node]> {
    match &node.value {
        Value::List(items) => Some(items),
        _ => {
            probs.push(wrong_type(node, what, "a list (lines starting with `- `)"));
            None
        }
    }
}

/// A list, or a single scalar taken as a list of one (`units: nui-thanh`).
pub fn one_or_many(node: &Node) -> Vec<&Node> {
    match &node.value {
        Value::List(items) => items.iter().collect(),
        _ => vec![node],
    }
}

/// `true`/`false` (also `yes`/`no`, `có`/`không`).
pub fn boolean(node: &Node, what: &str, probs: &mut Vec<Problem>) -> Option<bool> {
    if let Value::Scalar { text, .. } = &node.value {
        match text.to_lowercase().as_str() {
            "true" | "yes" | "có" => return Some(true),
            "false" | "no" | "không" => return Some(false),
            _ => {}
        }
    }
    probs.push(wrong_type(node, what, "true or false"));
    None
}

/// An exact decimal number: digits, at most one decimal point, no thousands separators.
/// `1.234` is refused as ambiguous (a Vietnamese reader means one thousand two hundred
/// thirty-four, YAML means one point two three four).
pub fn number(node: &Node, what: &str, probs: &mut Vec<Problem>) -> Option<Decimal> {
    let Value::Scalar { text, .. } = &node.value else {
        probs.push(wrong_type(node, what, "a number"));
        return None;
    };
    let t = text.trim();
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let digits_ok = unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && unsigned.starts_with(|c: char| c.is_ascii_digit())
        && t.matches('.').count() <= 1;
    if !digits_ok {
        let p = wrong_type(node, what, "a number");
        probs.push(if t.contains(',') {
            p.help(format!(
                "write numbers with digits only and a decimal point, for example `{}`",
                t.replace('.', "").replace(',', ".")
            ))
        } else {
            p
        });
        return None;
    }
    if let Some((int, frac)) = unsigned.split_once('.') {
        if frac.len() == 3 && int.len() <= 3 {
            probs.push(
                Problem::new(node.pos, format!("`{what}`: the number `{t}` is ambiguous")).help(
                    format!(
                        "write `{}` for {}, without a thousands separator; a decimal with three \
                         places needs a trailing zero (`{t}0`)",
                        t.replace('.', ""),
                        t.replace('.', "")
                    ),
                ),
            );
            return None;
        }
    }
    // Decimal holds 28 significant digits exactly; more would be rounded without a word.
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
    let significant = if int.is_empty() {
        frac.trim_start_matches('0').len()
    } else {
        int.len() + frac.len()
    };
    if significant > 28 || frac.len() > 28 {
        probs.push(
            Problem::new(node.pos, format!("`{what}`: the number `{t}` has too many digits"))
                .help("numbers may have at most 28 digits and 28 decimal places; sotay computes exactly and will not round what you wrote"),
        );
        return None;
    }
    match Decimal::from_str(t) {
        Ok(d) => Some(d.normalize()),
        Err(_) => {
            probs.push(
                Problem::new(node.pos, format!("`{what}`: the number `{t}` is too large"))
                    .help("numbers may have at most 28 digits"),
            );
            None
        }
    }
}

/// Did-you-mean among `candidates`, as a help text.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> Node {
        parse(t).unwrap().unwrap()
    }

    #[test]
    fn positions_of_keys_and_values() {
        let n = p("units:\n  - id: a\n    name: \"Xã A\"\n  - id: b\n");
        let Value::Map(top) = &n.value else { panic!() };
        assert_eq!(top[0].0.pos, Pos { line: 1, column: 1 });
        let Value::List(items) = &top[0].1.value else {
            panic!()
        };
        assert_eq!(items[1].pos, Pos { line: 4, column: 5 });
        let Value::Map(e) = &items[0].value else {
            panic!()
        };
        assert_eq!(e[1].0.pos, Pos { line: 3, column: 5 });
        assert_eq!(
            e[1].1.pos,
            Pos {
                line: 3,
                column: 11
            }
        );
        assert_eq!(
            e[1].1.value,
            Value::Scalar {
                text: "Xã A".into(),
                plain: false
            }
        );
    }

    #[test]
    fn empty_and_null() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# chỉ có chú thích\n").unwrap(), None);
        let n = p("a:\nb: ~\n");
        let Value::Map(e) = &n.value else { panic!() };
        assert_eq!(e[0].1.value, Value::Null);
        assert_eq!(e[1].1.value, Value::Null);
    }

    #[test]
    fn syntax_errors_and_aliases() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.message.starts_with("YAML syntax"), "{}", e.message);
        let e = parse("a: &x 1\nb: *x\n").unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, column: 4 });
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
    }

    #[test]
    fn numbers() {
        let mut probs = Vec::new();
        let n = |t: &str| Node {
            pos: Pos::default(),
            value: Value::Scalar {
                text: t.into(),
                plain: true,
            },
        };
        assert_eq!(
            number(&n("112"), "value", &mut probs),
            Some(Decimal::from(112))
        );
        assert_eq!(
            number(&n("2.5"), "value", &mut probs),
            Decimal::from_str("2.5").ok()
        );
        assert_eq!(
            number(&n("1234.5"), "value", &mut probs),
            Decimal::from_str("1234.5").ok()
        );
        assert!(probs.is_empty());
        assert_eq!(number(&n("1.234"), "value", &mut probs), None);
        assert!(probs[0].message.contains("ambiguous"));
        assert_eq!(number(&n("124,44"), "value", &mut probs), None);
        assert_eq!(
            probs[1].help.as_deref(),
            Some("write numbers with digits only and a decimal point, for example `124.44`")
        );
        assert_eq!(number(&n("nhiều"), "value", &mut probs), None);
        assert_eq!(
            probs[2].message,
            "`value`: wrong type: expected a number, found the text \"nhiều\""
        );
    }

    #[test]
    fn unknown_and_duplicate_keys() {
        let n = p("id: a\nnmae: x\nid: b\n");
        let mut probs = Vec::new();
        let mut f = Fields::of(&n, "unit", &mut probs).unwrap();
        f.get("id");
        f.finish(&["id", "name", "kind"], &|_| None, &mut probs);
        assert_eq!(probs.len(), 2);
        assert_eq!(probs[0].message, "unknown key `nmae`");
        assert_eq!(probs[0].help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(probs[0].pos, Pos { line: 2, column: 1 });
        assert_eq!(probs[1].message, "duplicate key `id`");
        assert_eq!(probs[1].pos.line, 3);
    }
}
