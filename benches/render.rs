//! Markdown rendering and templating, the two stages a build spends most of its time in.
//!
//! - `markdown/page`: one procedure page of the example handbook, front matter to HTML;
//! - `templates/site`: every page of the example handbook through the default theme;
//! - `pipeline/example`: the whole in-memory build of the example handbook.
//!
//! Run with `cargo bench --bench render`.

use criterion::{criterion_group, criterion_main, Criterion};
use sotay::config::Config;
use sotay::i18n::Language;
use sotay::load::MarkdownSource;
use sotay::pipeline::{build, BuildOptions};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn markdown(c: &mut Criterion) {
    let rel = "quy-trinh/sinh-hoat-diem.md";
    let text = std::fs::read_to_string(root().join("content").join(rel)).expect("example page");
    let src = MarkdownSource {
        rel: rel.to_string(),
        shown: PathBuf::from("content").join(rel),
        text,
    };
    c.bench_function("markdown/page", |b| {
        b.iter(|| sotay::parse::parse_page(&src, Language::Vi, None, false).expect("parses"))
    });
}

fn templates(c: &mut Criterion) {
    let opts = BuildOptions {
        root: root(),
        drafts: false,
        base_url: None,
    };
    let built = build(&opts).expect("example builds");
    let config = Config::load(&root()).expect("config");
    let theme = sotay::render::Theme::load(&root(), &config).expect("theme");
    c.bench_function("templates/site", |b| {
        b.iter(|| sotay::render::render_site(&built.site, &theme, &config).expect("renders"))
    });
    c.bench_function("pipeline/example", |b| {
        b.iter(|| build(&opts).expect("builds"))
    });
}

criterion_group!(benches, markdown, templates);
criterion_main!(benches);
