//! Reading YAML (configuration, front matter, statistics) into typed values, with errors
//! that point at the line and column of the *file*, not of the YAML snippet, and suggest the
//! key that was probably meant.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` (which starts at line `first_line` of `file`) into `T`.
/// `keys` lists the keys `T` accepts, for did-you-mean suggestions.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, file, first_line, keys))
}

/// Turns a serde_yaml error into a diagnostic at the right place of the file.
pub fn to_diagnostic(
    e: &serde_yaml::Error,
    text: &str,
    file: &Path,
    first_line: usize,
    keys: &[&str],
) -> Diagnostic {
    let full = e.to_string();
    let message = strip_location(&full);
    let mut d = Diagnostic::new(file, plain_message(message));
    if let Some(loc) = e.location() {
        d = d.at(loc.line() + first_line - 1, loc.column());
    } else {
        d = d.at(first_line, 1);
    }
    let bare = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest,
        _ => message,
    };
    if let Some(field) = unknown_field(bare) {
        let expected = expected_keys(bare);
        let candidates: Vec<&str> = if expected.is_empty() {
            keys.to_vec()
        } else {
            expected.iter().map(String::as_str).collect()
        };
        d = match did_you_mean(field, candidates.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!(
                "the keys allowed here are: {}",
                candidates.join(", ")
            )),
        };
    } else if message.contains("duplicate") {
        if let Some(line) =
            duplicate_line(message, text, d.line.unwrap_or(first_line) + 1 - first_line)
        {
            d = d.at(line.0 + first_line - 1, line.1);
        }
        d = d.help("each key may appear only once; remove or rename one of them");
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        d = d.help("the YAML is nested too deeply or expands too many aliases; simplify it");
    }
    d
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

fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

fn unknown_field(msg: &str) -> Option<&str> {
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

fn plain_message(msg: &str) -> String {
    // serde_yaml puts the path of the value first: `records[2].value: invalid type: …`
    let (path, msg) = match msg.split_once(": ") {
        Some((p, rest)) if !p.contains(' ') && !msg.starts_with("unknown") => (Some(p), rest),
        _ => (None, msg),
    };
    let text = if let Some(f) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        format!("unknown key `{f}`")
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
        "i64" | "u64" | "i32" | "u32" | "usize" | "u8" | "u16" | "i16" => "a whole number".into(),
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
        assert!(d.message.contains("duplicate"), "{}", d.message);
        assert_eq!(d.line, Some(3));
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
        let r: Result<serde_yaml::Value, _> = serde_yaml::from_str(&y);
        assert!(r.is_err());
    }
}
