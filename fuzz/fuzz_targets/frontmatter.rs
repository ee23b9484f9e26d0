//! Front matter: decoding, splitting and parsing a whole page source. No input may panic;
//! every problem points at a line of the file; the split keeps the body exactly.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sotay::i18n::Language;
use sotay::load::MarkdownSource;
use sotay::parse::{self, frontmatter};
use sotay::text;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let raw = match text::decode_utf8(data.to_vec()) {
        Ok(s) => s,
        Err(p) => {
            assert!(p.byte_offset < data.len());
            assert!(std::str::from_utf8(&data[..p.byte_offset]).is_ok());
            assert!(p.line >= 1 && p.column >= 1);
            let _ = p.diagnostic(Path::new("content/a.md")).to_string();
            return;
        }
    };
    let text = text::normalize(&raw);
    let file = Path::new("content/a.md");
    match frontmatter::split(&text, file) {
        Ok(split) => {
            assert!(split.body_offset <= text.len());
            assert_eq!(&text[split.body_offset..], split.body);
            assert_eq!(
                &text[split.yaml_offset..split.yaml_offset + split.yaml.len()],
                split.yaml
            );
            if let Err(d) = frontmatter::parse(&split, file) {
                common::check_all(&d, &text, 1);
            }
        }
        Err(d) => common::check_all(&d, &text, 1),
    }
    let src = MarkdownSource {
        rel: "a.md".into(),
        shown: file.into(),
        text: text.clone(),
    };
    match parse::parse_page(&src, Language::Vi, None, data.len() % 2 == 1) {
        Ok(page) => assert!(!page.title.trim().is_empty()),
        Err(d) => common::check_all(&d, &text, 1),
    }
});
