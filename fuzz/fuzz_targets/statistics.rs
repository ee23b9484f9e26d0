//! Statistics: the files of `statistics/` read, checked, rolled up and shown exactly as a
//! build does (`stats::load::build` → `rollup::compute` → progress pages, CSV files and a
//! `thong-ke` block). The input is up to four parts separated by a line `====`:
//! units.yaml, indicators.yaml, a records file and the code of a `thong-ke` block; a part
//! left empty is replaced by a valid one, so that each file is fuzzed against sound others.
//! No input may panic; every problem is at a line of its file and says how to fix it;
//! pages and CSV files are made whatever figures passed the checks.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sotay::i18n::Language;
use sotay::parse::markdown::FencedBlocks;
use sotay::stats::embed::{Embeds, Source};
use sotay::stats::load::{self, SourceFile, Sources};
use sotay::stats::{pages, rollup};
use sotay::text;
use std::path::PathBuf;

const UNITS: &str = "units:\n  - {id: huyen-x, name: \"Đảng bộ huyện X\", kind: huyen}\n  - {id: xa-1, name: \"Đảng bộ xã 1\", kind: xa, parent: huyen-x}\n  - {id: xa-2, name: \"Đảng bộ xã 2\", kind: xa, parent: huyen-x, illustrative: true}\n  - {id: chi-bo-1a, name: \"Chi bộ thôn 1A\", kind: chi-bo, parent: xa-1}\n";
const INDICATORS: &str = "reporting_date: 2023-03-15\nindicators:\n  - {id: ket-nap, title: \"Kết nạp đảng viên mới\", measure: người, kind: target}\n  - {id: du-sinh-hoat, title: \"Lượt dự sinh hoạt\", measure: lượt, kind: count}\n  - {id: chuyen-de, title: \"Sinh hoạt chuyên đề\", kind: share, target_percent: 80}\n  - {id: tong-ket, title: \"Tổng kết\", kind: milestone}\n  - {id: bon-tot, title: \"Bốn tốt\", kind: rating, target_percent: 70}\n";
const RECORDS: &str = "source: \"Báo cáo 2022\"\nperiod: 2022\nrecords:\n  - {indicator: ket-nap, unit: xa-1, value: 12, target: 10}\n  - {indicator: ket-nap, unit: xa-2, value: 7, target: 9}\n  - {indicator: du-sinh-hoat, unit: huyen-x, value: 139}\n  - {indicator: chuyen-de, unit: xa-1, part: 2, whole: 3}\n  - {indicator: tong-ket, unit: xa-1, due: 2023-03-31, done: 2023-03-10}\n  - {indicator: bon-tot, unit: chi-bo-1a, rating: {nhiem-vu: tốt, sinh-hoat: tốt, doan-ket: tốt, dang-vien: chưa tốt}}\n";
const BLOCK: &str = "indicator: ket-nap\nshow: chart\n";

fn file(shown: &str, text: &str) -> SourceFile {
    SourceFile {
        shown: PathBuf::from(shown),
        text: text.to_string(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let s = text::normalize(s);
    let mut parts = s.split("\n====\n");
    let mut part = |default: &str| match parts.next() {
        Some(p) if !p.trim().is_empty() => p.to_string(),
        _ => default.to_string(),
    };
    let (units, indicators, records, block) =
        (part(UNITS), part(INDICATORS), part(RECORDS), part(BLOCK));
    let sources = Sources {
        units: Some(file("statistics/units.yaml", &units)),
        indicators: Some(file("statistics/indicators.yaml", &indicators)),
        records: vec![file("statistics/records/2022.yaml", &records)],
    };
    let stats = match load::build(&sources) {
        Ok(stats) => stats,
        Err(d) => {
            for x in &d.0 {
                let text = match x.file.to_str() {
                    Some("statistics/units.yaml") => &units,
                    Some("statistics/indicators.yaml") => &indicators,
                    Some("statistics/records/2022.yaml") => &records,
                    other => panic!("a problem in a file that was not read: {other:?}: {x}"),
                };
                common::check(x, text, 1);
                assert!(x.line.is_some(), "no position: {x}");
                assert!(x.help.is_some(), "no help: {x}");
            }
            return;
        }
    };
    let computed = rollup::compute(stats);
    for lang in [Language::Vi, Language::En] {
        let generated = pages::generate(&computed, lang);
        assert!(!generated.pages.is_empty());
        for (path, bytes) in &generated.files {
            assert!(!path.contains(".."), "{path}");
            assert!(std::str::from_utf8(bytes).is_ok(), "{path} is not UTF-8");
        }
    }
    let embeds = Embeds::new(Source::Ready(&computed), Language::Vi);
    match embeds.render("thong-ke", &block) {
        Ok(_) => {}
        Err(e) => {
            assert!(!e.message.trim().is_empty());
            assert!(e.column >= 1);
            assert!(e.line <= block.split('\n').count(), "{e:?}");
            assert!(e.help.is_some(), "no help: {e:?}");
        }
    }
});
