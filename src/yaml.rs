//! Reading YAML (configuration, front matter, statistics) into typed values, with errors
//! that point at the line and column of the *file*, not of the YAML snippet, and suggest the
//! key that was probably meant.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The deepest nesting of flow collections (`[…]`, `{…}`) accepted. The YAML scanner spends
/// time proportional to the square of this depth (20,000 levels take minutes), and no
/// handbook needs more than a few levels, so deeper text is refused before it is parsed.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Parses `text` (which starts at line `first_line` of `file`) into `T`.
/// `keys` lists the keys `T` accepts, for did-you-mean suggestions.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
) -> Result<T, Diagnostic> {
    if let Some((line, column)) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(Diagnostic::new(
            file,
            format!("the YAML is nested more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .at(line + first_line - 1, column)
        .help("lists inside lists this deep are never needed; simplify the value"));
    }
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, file, first_line, keys))
}

/// Where the nesting of `[` and `{` first goes deeper than `max` (line and column in `text`),
/// read the way the YAML scanner reads it: brackets inside quoted text and comments do not
/// count. When unsure (a quote that may not start a string) it counts more, never less.
pub fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    // the character before, and whether a new token may start here
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        let token_start = matches!(prev, '\n' | ' ' | '\t' | '[' | '{' | ',' | ':');
        if c == '\n' {
            line += 1;
            column = 0;
            comment = false;
            prev = c;
            continue;
        }
        if comment {
            continue;
        }
        match quote {
            Some('"') => match c {
                '\\' if chars.peek().is_some_and(|n| *n != '\n') => {
                    chars.next();
                    column += 1;
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                        column += 1;
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\'' if token_start => quote = Some(c),
                '#' if matches!(prev, '\n' | ' ' | '\t') => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > max {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

/// Turns a serde_yaml error into a diagnostic at the right place of the file, in words an
/// editor understands, with a way to fix it.
pub fn to_diagnostic(
    e: &serde_yaml::Error,
    text: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
) -> Diagnostic {
    let full = e.to_string();
    let (message, context) = split_location(&full);
    let mut d = Diagnostic::new(file, plain_message(message));
    let pos = e
        .location()
        .map(|l| our_position(text, l.line(), l.column()));
    let (line, column) = pos.unwrap_or((1, 1));
    d = d.at(line + first_line - 1, column);
    if let Some(field) = unknown_field(message) {
        let expected = expected_keys(message);
        let candidates: Vec<&str> = if expected.is_empty() {
            keys.to_vec()
        } else {
            expected.iter().map(String::as_str).collect()
        };
        let what = if strip_path(message).starts_with("unknown variant") {
            "values"
        } else {
            "keys"
        };
        d = match did_you_mean(field, candidates.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!(
                "the {what} allowed here are: {}",
                candidates.join(", ")
            )),
        };
    } else if strip_path(message).starts_with("duplicate") {
        if let Some(line) =
            duplicate_line(message, text, d.line.unwrap_or(first_line) + 1 - first_line)
        {
            d = d.at(line.0 + first_line - 1, line.1);
        }
        d = d.help("each key may appear only once; remove or rename one of them");
    } else if let Some((msg, help, at)) = syntax_words(message, context, text, (line, column)) {
        d.message = msg;
        d = d.help(help);
        if let Some((l, c)) = at {
            // (the scanner's position of where the trouble began, counted as it counts)
            let (l, c) = our_position(text, l, c);
            d = d.at(l + first_line - 1, c);
        }
    } else if let Some(help) = type_help(message) {
        d = d.help(help);
    } else if let Some(f) = strip_path(message)
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        d = d.help(format!("add a line `{f}: …`"));
    }
    if d.help.is_none() {
        if message.contains("control characters are not allowed") {
            // libyaml counts characters from the start of the YAML; the line is what helps
            d.message = "an invisible control character is in this line".into();
            d = d.help(
                "delete and retype the line: text copied from other programs can carry \
                 characters that cannot be seen; write `\\t` inside double quotes for a tab",
            );
        } else {
            d = d.help(
                "check this line against the examples in the documentation: `key: value`, \
                 lists with `- `, text with `: ` in double quotes",
            );
        }
    }
    d
}

/// The YAML parser also breaks lines at NEL (U+0085) and the Unicode line and paragraph
/// separators; sotay's positions (and editors') count only `\n`. Converts the parser's
/// line and column (from 1) to sotay's.
fn our_position(text: &str, line: usize, column: usize) -> (usize, usize) {
    let is_break = |c: char| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
    if !text.contains(is_break) {
        return (line, column);
    }
    let mut yaml_line = 1;
    let mut offset = text.len();
    let mut chars = text.char_indices();
    if line > 1 {
        for (i, c) in chars.by_ref() {
            if c == '\n' || is_break(c) {
                yaml_line += 1;
                if yaml_line == line {
                    offset = i + c.len_utf8();
                    break;
                }
            }
        }
    } else {
        offset = 0;
    }
    let offset = text[offset.min(text.len())..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| offset + i);
    crate::text::LineIndex::new(text).position(offset)
}

/// A syntax error in plain words: message, help, and a better position than the scanner's
/// (the opening quote of a string that is never closed, say).
type Words = (String, String, Option<(usize, usize)>);

/// A syntax error from the YAML scanner in plain words.
fn syntax_words(
    message: &str,
    context: Option<(&str, usize, usize)>,
    text: &str,
    (line, column): (usize, usize),
) -> Option<Words> {
    let char_at = || {
        text.lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.chars().nth(column.saturating_sub(1)))
    };
    const QUOTE_IT: &str =
        "put the whole value in double quotes, for example `title: \"Bước 1: Chuẩn bị\"`";
    let words = if message.starts_with("mapping values are not allowed") {
        (
            "unexpected `:` — a value that contains `: ` must be quoted".to_string(),
            format!("{QUOTE_IT}; if the line is not meant to hold such a value, check that it is not indented more than the lines around it"),
            None,
        )
    } else if message.contains("tab character")
        || (message.contains("cannot start any token") && char_at() == Some('\t'))
    {
        (
            "a tab character is used for indentation".to_string(),
            "YAML indents with spaces only: replace the tab with spaces".to_string(),
            None,
        )
    } else if message.starts_with("found character that cannot start any token") {
        let c = char_at().map_or(String::new(), |c| format!(" with `{c}`"));
        (
            format!("a value cannot start{c} unless it is quoted"),
            QUOTE_IT.to_string(),
            None,
        )
    } else if message.starts_with("found unexpected end of stream")
        && context.is_some_and(|c| c.0.contains("quoted scalar"))
    {
        let (_, l, c) = context?;
        (
            "this quote is never closed".to_string(),
            "end the value with the same quote mark it starts with (inside \"…\" write \\\" for a quote; inside '…' write '')".to_string(),
            Some((l, c)),
        )
    } else if message.starts_with("did not find expected ',' or ']'")
        || message.starts_with("did not find expected ',' or '}'")
    {
        (
            "a list or set started with `[` or `{` is not closed".to_string(),
            format!("close it, or, if the value is text that starts with `[` or `{{`, {QUOTE_IT}"),
            context.map(|(_, l, c)| (l, c)),
        )
    } else if message.starts_with("did not find expected")
        || message.starts_with("found unexpected end of stream")
        || message.starts_with("while parsing")
        || message.starts_with("found unexpected")
        || message.starts_with("found undefined")
        || message.starts_with("found incompatible")
        || message.starts_with("block sequence entries are not allowed")
        || message.starts_with("could not find expected")
    {
        (
            "this line is not a `key: value` line that fits with the lines before it".to_string(),
            "check the indentation and the quotes of this line and the one before it; a value that holds quotes, `: ` or ` #` must be put in double quotes".to_string(),
            None,
        )
    } else if message.starts_with("unknown anchor") {
        (
            "a value that starts with `*` refers to an anchor (`&name`) that does not exist"
                .to_string(),
            QUOTE_IT.to_string(),
            None,
        )
    } else if message.contains("recursion limit") {
        (
            "the YAML is nested too deeply".to_string(),
            "lists inside lists this deep are never needed; simplify the value".to_string(),
            None,
        )
    } else if message.contains("repetition limit") {
        (
            "the YAML repeats references (`*name`) too many times".to_string(),
            "write the values out instead of repeating references to them".to_string(),
            None,
        )
    } else {
        return None;
    };
    Some(words)
}

/// How to fix a value of the wrong type.
fn type_help(message: &str) -> Option<String> {
    let rest = &message[message.find("invalid type: ")? + "invalid type: ".len()..];
    let (found, expected) = rest.split_once(", expected ")?;
    Some(match expected {
        "a string" if found == "sequence" || found == "map" => {
            "write the value as text on the key's own line; text that starts with `[`, `{` or `- ` must be put in double quotes, for example `title: \"[Dự thảo] Quy trình\"`".to_string()
        }
        "a boolean" => "write `true` or `false`".to_string(),
        e if is_integer(e) && found.contains(" as u128") => {
            "the number is too large; use a smaller whole number".to_string()
        }
        e if is_integer(e) => "write a whole number, for example `10`".to_string(),
        e if e.starts_with("struct ") || e == "a map" => {
            "write `key: value` lines, one key per line".to_string()
        }
        _ => return None,
    })
}

fn is_integer(t: &str) -> bool {
    matches!(
        t,
        "i64" | "u64" | "i32" | "u32" | "usize" | "u8" | "u16" | "i16"
    )
}

/// Line and column (in `text`) of the second `key:` at or after line `from`.
fn duplicate_line(message: &str, text: &str, from: usize) -> Option<(usize, usize)> {
    let key = message.split(['"', '`']).nth(1)?;
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .filter_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            let rest = t.strip_prefix(key).or_else(|| {
                t.strip_prefix(&format!("\"{key}\""))
                    .or_else(|| t.strip_prefix(&format!("'{key}'")))
            })?;
            rest.trim_start()
                .starts_with(':')
                .then(|| (i + 1, l.len() - t.len() + 1))
        })
        .nth(1)
}

/// Line and column (in `text`, counted from 1) of the top-level `key:`, for messages about
/// a value that parsed but is not acceptable.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line
            .strip_prefix(key)
            .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| line.strip_prefix(&format!("'{key}'")))?;
        rest.trim_start().starts_with(':').then_some((i + 1, 1))
    })
}

/// The message without serde_yaml's ` at line L column C`, and the scanner's context
/// (`while scanning a quoted scalar`, with its line and column) when there is one.
fn split_location(msg: &str) -> (&str, Option<(&str, usize, usize)>) {
    let Some(i) = msg.find(" at line ") else {
        return (msg, None);
    };
    let head = &msg[..i];
    let context = msg[i..].split_once(", ").and_then(|(_, ctx)| {
        let (what, at) = ctx.rsplit_once(" at line ")?;
        let (l, c) = at.split_once(" column ")?;
        Some((what, l.trim().parse().ok()?, c.trim().parse().ok()?))
    });
    (head, context)
}

fn unknown_field(msg: &str) -> Option<&str> {
    let msg = strip_path(msg);
    let rest = msg
        .strip_prefix("unknown field `")
        .or_else(|| msg.strip_prefix("unknown variant `"))?;
    rest.split('`').next()
}

fn expected_keys(msg: &str) -> Vec<String> {
    match msg.find("expected") {
        Some(i) => msg[i..]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    }
}

/// serde_yaml puts the path of the value first: `records[2].value: invalid type: …`.
fn split_path(msg: &str) -> (Option<&str>, &str) {
    match msg.split_once(": ") {
        Some((p, rest)) if !p.contains(' ') && !msg.starts_with("unknown") => (Some(p), rest),
        _ => (None, msg),
    }
}

fn strip_path(msg: &str) -> &str {
    split_path(msg).1
}

fn plain_message(msg: &str) -> String {
    let (path, msg) = split_path(msg);
    let text = if let Some(f) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        format!("unknown key `{f}`")
    } else if let Some(v) = msg
        .strip_prefix("unknown variant `")
        .and_then(|r| r.split('`').next())
    {
        format!("`{v}` is not one of the values allowed here")
    } else if let Some(f) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        format!("`{f}` is missing")
    } else if let Some(f) = msg
        .strip_prefix("duplicate field `")
        .or_else(|| msg.strip_prefix("duplicate entry with key \""))
        .and_then(|r| r.split(['`', '"']).next())
    {
        format!("the key `{f}` appears twice")
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        format!(
            "wrong type: expected {}, found {}",
            type_words(expected),
            found_words(found)
        )
    } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
        format!("invalid value: {rest}")
    } else {
        msg.to_string()
    };
    match path {
        Some(p) => format!("`{p}`: {text}"),
        None => text,
    }
}

fn type_words(expected: &str) -> String {
    match expected {
        e if is_integer(e) => "a whole number".into(),
        "f64" | "f32" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a string" => "text".into(),
        "a sequence" => "a list".into(),
        e if e.starts_with("struct ") || e == "a map" => "a set of `key: value` lines".into(),
        e => e.to_string(),
    }
}

fn found_words(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for kind in ["integer ", "floating point "] {
        if let Some(n) = found.strip_prefix(kind) {
            let n = n.trim_end_matches(" as u128").trim_end_matches(" as i128");
            return format!("the number {}", n.trim_matches('`'));
        }
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return format!("the value {}", b.trim_matches('`'));
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a set of `key: value` lines".into(),
        "unit value" => "nothing".into(),
        f => f.to_string(),
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    fn err(text: &str, first: usize) -> Diagnostic {
        parse::<Fm>(text, Path::new("a.md"), first, &["title", "weight"]).unwrap_err()
    }

    #[test]
    fn unknown_key_with_suggestion_and_file_line() {
        let d = err("title: x\nweigth: 3\n", 2);
        assert_eq!(d.message, "unknown key `weigth`");
        assert_eq!(d.help.as_deref(), Some("did you mean `weight`?"));
        assert_eq!(d.line, Some(3));
        assert_eq!(d.column, Some(1));
    }

    #[test]
    fn wrong_type_and_duplicates() {
        let d = err("title: x\nweight: nhiều\n", 2);
        assert_eq!(
            d.message,
            "`weight`: wrong type: expected a whole number, found the text \"nhiều\""
        );
        assert_eq!(d.line, Some(3));
        let d = err("title: x\ntitle: y\n", 2);
        assert_eq!(d.message, "the key `title` appears twice");
        assert_eq!(d.line, Some(3));
        let v: Result<serde_yaml::Value, _> = serde_yaml::from_str("a: 1\na: 2\n");
        let d = to_diagnostic(&v.unwrap_err(), "a: 1\na: 2\n", Path::new("x.yaml"), 1, &[]);
        assert_eq!(d.message, "the key `a` appears twice");
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn missing_and_unknown_values() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct C {
            title: String,
            #[serde(default)]
            language: Option<crate::i18n::Language>,
        }
        let d = parse::<C>("language: vi\n", Path::new("sotay.yaml"), 1, &[]).unwrap_err();
        assert_eq!(d.message, "`title` is missing");
        assert_eq!(d.help.as_deref(), Some("add a line `title: …`"));
        let d =
            parse::<C>("title: x\nlanguage: fr\n", Path::new("sotay.yaml"), 1, &[]).unwrap_err();
        assert_eq!(
            d.message,
            "`language`: `fr` is not one of the values allowed here"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("the values allowed here are: vi, en")
        );
        assert_eq!(
            key_position("title: x\nlanguage: fr\n", "language"),
            Some((2, 1))
        );
    }

    #[test]
    fn syntax_error_position() {
        let d = err("title: [x\n", 5);
        assert!(d.line.unwrap() >= 5, "{d}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            y.push_str(&format!("l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let d = parse::<serde_yaml::Value>(&y, Path::new("so-lieu.yaml"), 1, &[]).unwrap_err();
        assert_eq!(
            d.message,
            "the YAML repeats references (`*name`) too many times"
        );
        assert!(d.help.is_some());
        // deep block nesting read as a generic value: refused, with a position
        let deep = format!("a:\n{}x\n", "- ".repeat(20_000));
        let d = parse::<serde_yaml::Value>(&deep, Path::new("so-lieu.yaml"), 1, &[]).unwrap_err();
        assert_eq!(d.message, "the YAML is nested too deeply");
        assert!(d.line.is_some());
    }

    #[test]
    fn colon_in_value_says_quote_it() {
        let d = err("title: Bước 1: Chuẩn bị\n", 2);
        assert_eq!((d.line, d.column), (Some(2), Some(14)));
        assert!(d.message.contains("must be quoted"), "{d}");
        assert!(d.help.unwrap().contains("double quotes"));
    }

    #[test]
    fn tabs_and_odd_first_characters() {
        let d = err("title: a\n\tweight: 1\n", 2);
        assert_eq!(d.message, "a tab character is used for indentation");
        assert_eq!(d.line, Some(3));
        let d = err("title: @abc\n", 2);
        assert_eq!(
            d.message,
            "a value cannot start with `@` unless it is quoted"
        );
        assert_eq!((d.line, d.column), (Some(2), Some(8)));
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let d = err("weight: 1\ntitle: \"abc\n", 2);
        assert_eq!(d.message, "this quote is never closed");
        assert_eq!((d.line, d.column), (Some(3), Some(8)));
    }

    #[test]
    fn wrong_types_say_how_to_fix() {
        let d = err("title: [Nháp] Tên trang\n", 2);
        assert_eq!(
            d.message,
            "`title`: wrong type: expected text, found a list"
        );
        assert!(d.help.unwrap().contains("double quotes"));
        let d = err("title: x\nweight: 1.5\n", 2);
        assert_eq!(
            d.message,
            "`weight`: wrong type: expected a whole number, found the number 1.5"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("write a whole number, for example `10`")
        );
        let d = err("title: x\nweight: 99999999999999999999999\n", 2);
        assert!(d.help.unwrap().contains("too large"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("title: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
        let d = err(&deep, 2);
        assert!(d.message.contains("nested more than 64 levels"), "{d}");
        assert_eq!((d.line, d.column), (Some(2), Some(8 + 64)));
        // brackets in quotes and comments do not count; quotes in the middle of words are text
        assert_eq!(too_deep(&format!("a: \"{}\"\n", "[".repeat(100)), 64), None);
        assert_eq!(too_deep(&format!("a: 1 # {}\n", "{".repeat(100)), 64), None);
        assert_eq!(too_deep(&"[\"]\", ".repeat(100), 64), Some((1, 385)));
        assert!(too_deep(&format!("a: it's {}", "[".repeat(100)), 64).is_some());
        assert_eq!(too_deep("a: [[1, 2], {b: [3]}]\nc: 'it''s [x'\n", 3), None);
    }
}
