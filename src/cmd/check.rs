//! `sotay check`: every error `build` would report, writing nothing.

use crate::cli::CheckArgs;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildOptions};

pub fn run(args: &CheckArgs) -> Result<(), Diagnostics> {
    let built = pipeline::build(&BuildOptions {
        root: args.root.clone(),
        drafts: args.drafts,
        base_url: None,
    })?;
    eprintln!("sotay: {} pages, no errors", built.site.nodes.len());
    Ok(())
}
