//! `sotay check`: every error `build` would report, writing nothing.

use crate::cli::CheckArgs;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildOptions};

pub fn run(args: &CheckArgs) -> Result<(), Diagnostics> {
    // The whole build, its files thrown away as they are made.
    let built = pipeline::build_into(
        &BuildOptions {
            root: args.root.clone(),
            drafts: args.drafts,
            base_url: None,
        },
        &crate::write::Discard,
    )?;
    eprintln!("sotay: {} pages, no errors", built.site.nodes.len());
    Ok(())
}
