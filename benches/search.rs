//! Building the search index: `cargo bench --bench search`.
//!
//! Uses the corpus generator of shared/bench (1,000 pages) when it is there, else the
//! bundled example handbook. Measures `search::build_index` alone (tokenizing, posting
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

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let b = built(corpus(1000, tmp.path()));
    let files = sotay::search::build_index(&b.site, &b.config);
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
