//! YAML: sotay.yaml, and any YAML read into a generic value (as statistics files are). No
//! input may panic, hang or take unbounded memory (aliases, nesting); every problem points
//! at a line of the file.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sotay::config::Config;
use sotay::text;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let t = text::normalize(s);
    match Config::parse(&t, Path::new("sotay.yaml")) {
        Ok(c) => assert!(!c.title.is_empty()),
        Err(d) => common::check(&d, &t, 1),
    }
    // YAML starting at line 3 of its file, read into a generic value
    match sotay::yaml::parse::<serde_yaml::Value>(&t, Path::new("x.yaml"), 3, &["a", "b"]) {
        Ok(_) => assert!(sotay::yaml::too_deep(&t, sotay::yaml::MAX_FLOW_DEPTH).is_none()),
        Err(d) => {
            common::check(&d, &t, 3);
            assert!(d.line.is_some_and(|l| l >= 3), "{d}");
        }
    }
});
