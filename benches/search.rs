//! Building the search index: `cargo bench --bench search`.
//!
//! Uses the handbook at `SOTAY_BENCH_ROOT` when set (e.g. a 10,000-page corpus), else the
//! corpus generator of shared/bench (1,000 pages) when it is there, else the bundled example
//! handbook. Measures `search::build_index` alone (tokenizing, posting
//! lists, shards, page records) on an already resolved site, and prints the index size.

use criterion::{criterion_group, criterion_main, Criterion};
use sotay::pipeline::{self, BuildOptions, Built};
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus(pages: usize, dir: &Path) -> PathBuf {
    let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let out = dir.join(format!("c{pages}"));
    let ok = gen.exists()
        && Command::new("python3")
            .arg(&gen)
            .arg(pages.to_string())
            .arg(&out)
            .args(["--tool", "plain"])
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if ok {
        out
    } else {
        eprintln!("shared/bench/gen_corpus.py not found: benchmarking the example handbook");
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }
}

fn built(root: PathBuf) -> Built {
    match pipeline::build(&BuildOptions {
        base_url: None,
        root,
        drafts: false,
    }) {
        Ok(b) => b,
        Err(d) => panic!("the benchmark corpus does not build: {d:?}"),
    }
}

/// CPU time of this process so far (all threads), in milliseconds: unlike wall time it does
/// not grow when other work shares the machine.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 * 1e3 + v.tv_usec as f64 / 1e3;
    t(u.ru_utime) + t(u.ru_stime)
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = match std::env::var_os("SOTAY_BENCH_ROOT") {
        Some(r) => PathBuf::from(r),
        None => corpus(1000, tmp.path()),
    };
    let cpu0 = cpu_ms();
    let b = built(root);
    let cpu1 = cpu_ms();
    let files = sotay::search::build_index(&b.site, &b.config);
    let cpu2 = cpu_ms();
    eprintln!(
        "CPU time: whole pipeline (load … render, index included) {:.0} ms; index alone {:.0} ms ({:.0} %)",
        cpu1 - cpu0,
        cpu2 - cpu1,
        100.0 * (cpu2 - cpu1) / (cpu1 - cpu0)
    );
    let total: usize = files.iter().map(|(_, f)| f.len()).sum();
    let postings: usize = files
        .iter()
        .filter(|(p, _)| !p.starts_with("search/p/"))
        .map(|(_, f)| f.len())
        .sum();
    eprintln!(
        "{} pages: {} index files, {} bytes ({} of posting lists and meta)",
        b.site.nodes.len(),
        files.len(),
        total,
        postings
    );
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.bench_function(
        format!("build_index {} pages", b.site.nodes.len()),
        |bench| bench.iter(|| sotay::search::build_index(&b.site, &b.config)),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
