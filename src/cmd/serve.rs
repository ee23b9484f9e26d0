//! `sotay serve`: the live preview (see [`crate::serve`]).

use crate::cli::ServeArgs;
use crate::diagnostics::Diagnostics;
use crate::serve::{self, ServeOptions};

pub fn run(args: &ServeArgs) -> Result<(), Diagnostics> {
    serve::run(&ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        timings: args.timings,
    })
}
