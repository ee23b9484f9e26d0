//! `sotay build`: run the pipeline, then write the output atomically.

use crate::cli::BuildArgs;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::timings::Clock;
use crate::pipeline::{self, BuildOptions};
use std::path::{Path, PathBuf};

pub fn run(args: &BuildArgs) -> Result<(), Diagnostics> {
    let out = args.out.clone().unwrap_or_else(|| {
        if args.root == Path::new(".") {
            PathBuf::from("public")
        } else {
            args.root.join("public")
        }
    });
    check_output_location(&args.root, &out)?;
    // Pages are written into the staging tree as they are rendered; only a build without
    // errors is swapped in.
    let staging = crate::write::Staging::open(&out)?;
    let built = match pipeline::build_into(
        &BuildOptions {
            root: args.root.clone(),
            drafts: args.drafts,
            base_url: args.base_url.clone(),
        },
        &staging,
    ) {
        Ok(built) => built,
        Err(problems) => {
            staging.abandon();
            return Err(problems);
        }
    };
    let mut clock = Clock::start();
    let report = staging.commit()?;
    if args.timings {
        let mut all = built.timings;
        all.lap("swap in", &mut clock);
        eprint!("{}", all.table());
    }
    let pages = built.site.nodes.len();
    eprintln!(
        "sotay: built {pages} pages into {} ({} files written, {} unchanged, {} removed)",
        out.display(),
        report.written,
        report.unchanged,
        report.removed
    );
    Ok(())
}

/// The output folder must not be the handbook itself, nor inside (or hold) content/.
fn check_output_location(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // resolve symbolic links of the part that exists
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut base = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        for r in rest.iter().rev() {
            base.push(r);
        }
        base
    };
    let out_abs = abs(out);
    let root_abs = abs(root);
    let content_abs = abs(&root.join(crate::load::CONTENT_DIR));
    let problem = if out_abs == root_abs {
        Some("the output folder is the handbook itself")
    } else if out_abs.starts_with(&content_abs) {
        Some("the output folder is inside content/ (it overlaps content/)")
    } else if content_abs.starts_with(&out_abs) {
        Some("the output folder holds the handbook's content/ (it overlaps content/)")
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(Diagnostic::new(out, problem).help(
            "sotay writes only to a folder of its own, outside content/: for example `--out public`",
        ));
    }
    Ok(())
}
