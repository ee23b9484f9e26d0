//! Statistics at scale: 1,000 units (a province, 9 districts, 90 communes, 900 cells) ×
//! 10 indicators of every kind × 5 periods.
//!
//! - `statistics/load+check`: YAML text → checked statistics (40,950 records);
//! - `statistics/compute+render`: the roll-up and every progress page, chart and CSV.
//!
//! Run with `cargo bench --bench statistics`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use sotay::i18n::Language;
use sotay::stats::load::{self, SourceFile, Sources};
use sotay::stats::{pages, rollup};
use std::fmt::Write;
use std::path::PathBuf;

const PERIODS: [u16; 5] = [2018, 2019, 2020, 2021, 2022];

fn sources() -> Sources {
    let mut units = String::from("units:\n  - {id: tinh, name: \"Đảng bộ tỉnh\", kind: tinh}\n");
    let mut cells = Vec::new();
    let mut communes = Vec::new();
    for d in 0..9 {
        let _ = writeln!(
            units,
            "  - {{id: h{d}, name: \"Đảng bộ huyện {d}\", kind: huyen, parent: tinh}}"
        );
        for x in 0..10 {
            let xa = format!("h{d}-x{x}");
            let _ = writeln!(
                units,
                "  - {{id: {xa}, name: \"Đảng bộ xã {d}.{x}\", kind: xa, parent: h{d}}}"
            );
            for c in 0..10 {
                let cb = format!("{xa}-c{c}");
                let _ = writeln!(
                    units,
                    "  - {{id: {cb}, name: \"Chi bộ {d}.{x}.{c}\", kind: chi-bo, parent: {xa}}}"
                );
                cells.push(cb);
            }
            communes.push(xa);
        }
    }
    let indicators = "reporting_date: 2022-12-31\nindicators:\n\
  - {id: t1, title: \"Kết nạp\", measure: người, kind: target}\n\
  - {id: t2, title: \"Chỉ tiêu hai\", measure: người, kind: target}\n\
  - {id: t3, title: \"Chỉ tiêu ba\", measure: lượt, kind: target}\n\
  - {id: c1, title: \"Dự sinh hoạt\", measure: lượt, kind: count}\n\
  - {id: c2, title: \"Sàng lọc\", measure: đảng viên, kind: count}\n\
  - {id: s1, title: \"Chuyên đề\", measure: buổi, kind: share, target_percent: 80}\n\
  - {id: s2, title: \"Tỷ lệ hai\", measure: đảng viên, kind: share}\n\
  - {id: m1, title: \"Tổng kết\", kind: milestone}\n\
  - {id: r1, title: \"Bốn tốt\", measure: chi bộ, kind: rating, target_percent: 70}\n\
  - {id: r2, title: \"Bốn tốt (tự đánh giá)\", measure: chi bộ, kind: rating}\n"
        .to_string();
    let mut records = String::from("source: \"Báo cáo tổng hợp\"\nrecords:\n");
    for (i, cb) in cells.iter().enumerate() {
        for (k, p) in PERIODS.iter().enumerate() {
            let v = (i * 7 + k * 3) % 40;
            let _ = writeln!(
                records,
                "  - {{indicator: t1, unit: {cb}, period: {p}, value: {v}, target: {}}}",
                20 + k
            );
            let _ = writeln!(
                records,
                "  - {{indicator: t2, unit: {cb}, period: {p}, value: {}, target: 15}}",
                v / 2
            );
            let _ = writeln!(
                records,
                "  - {{indicator: t3, unit: {cb}, period: {p}, value: {}, target: {}}}",
                v + 1,
                i % 3
            );
            let _ = writeln!(
                records,
                "  - {{indicator: c1, unit: {cb}, period: {p}, value: {}}}",
                v * 3
            );
            let _ = writeln!(
                records,
                "  - {{indicator: c2, unit: {cb}, period: {p}, value: {}}}",
                v % 4
            );
            let _ = writeln!(
                records,
                "  - {{indicator: s1, unit: {cb}, period: {p}, part: {}, whole: 12}}",
                v % 13
            );
            let _ = writeln!(
                records,
                "  - {{indicator: s2, unit: {cb}, period: {p}, part: {}, whole: 30}}",
                v % 31
            );
            let g = |n: usize| {
                if (i + k + n).is_multiple_of(5) {
                    "chưa tốt"
                } else {
                    "tốt"
                }
            };
            let _ = writeln!(
                records,
                "  - {{indicator: r1, unit: {cb}, period: {p}, rating: {{nhiem-vu: {}, sinh-hoat: {}, doan-ket: {}, dang-vien: {}}}}}",
                g(0), g(1), g(2), g(3)
            );
            let _ = writeln!(
                records,
                "  - {{indicator: r2, unit: {cb}, period: {p}, rating: {{nhiem-vu: {}, sinh-hoat: tốt, doan-ket: {}, dang-vien: tốt}}}}",
                g(4), g(2)
            );
        }
    }
    for (i, xa) in communes.iter().enumerate() {
        for p in PERIODS {
            let done = if i.is_multiple_of(3) {
                format!(", done: {p}-06-01")
            } else {
                String::new()
            };
            let _ = writeln!(
                records,
                "  - {{indicator: m1, unit: {xa}, period: {p}, due: {p}-09-30{done}}}"
            );
        }
    }
    let file = |name: &str, text: String| SourceFile {
        shown: PathBuf::from("statistics").join(name),
        text,
    };
    Sources {
        units: Some(file("units.yaml", units)),
        indicators: Some(file("indicators.yaml", indicators)),
        records: vec![file("records/all.yaml", records)],
    }
}

fn bench(c: &mut Criterion) {
    let src = sources();
    let stats = load::build(&src).expect("the generated statistics are valid");
    assert_eq!(stats.units.len(), 1000);
    assert_eq!(stats.indicators.len(), 10);
    let generated = pages::generate(&rollup::compute(stats.clone()), Language::Vi);
    eprintln!(
        "{} records → {} pages, {} CSV files, {} MB of HTML",
        stats.records.len(),
        generated.pages.len(),
        generated.files.len(),
        generated
            .pages
            .iter()
            .map(|p| p.body.html.len())
            .sum::<usize>()
            / 1_000_000
    );
    let mut g = c.benchmark_group("statistics");
    g.sample_size(10);
    g.bench_function("load+check 1000 units x 10 indicators x 5 periods", |b| {
        b.iter(|| load::build(&src).expect("valid"))
    });
    g.bench_function(
        "compute+render 1000 units x 10 indicators x 5 periods",
        |b| {
            b.iter_batched(
                || stats.clone(),
                |stats| {
                    let computed = rollup::compute(stats);
                    pages::generate(&computed, Language::Vi)
                },
                BatchSize::LargeInput,
            )
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
