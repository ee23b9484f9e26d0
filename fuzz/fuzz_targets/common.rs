//! Checks shared by the fuzz targets: whatever the input, a problem is reported as a
//! message a person can act on, at a place that exists.
#![allow(dead_code)]

use sotay::diagnostics::{Diagnostic, Diagnostics};

/// Every diagnostic has words and, when it has a position, one inside `text` (whose first
/// line is line `first_line` of the file); the line after the last is allowed for "the file
/// ends before …".
pub fn check_all(d: &Diagnostics, text: &str, first_line: usize) {
    assert!(!d.is_empty(), "an error without a message");
    for x in &d.0 {
        check(x, text, first_line);
    }
}

pub fn check(x: &Diagnostic, text: &str, first_line: usize) {
    assert!(!x.message.trim().is_empty(), "empty message: {x:?}");
    let last = first_line + text.split('\n').count();
    if let Some(l) = x.line {
        assert!(
            l >= first_line.min(1) && l <= last,
            "line {l} outside 1..={last}: {x}"
        );
    }
    if let Some(c) = x.column {
        assert!(c >= 1, "column 0: {x}");
    }
}
