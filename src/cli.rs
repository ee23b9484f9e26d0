//! The command line: parse arguments, run one command, print problems once, exit with
//! 0 (done), 1 (the handbook has errors) or 2 (the command was used wrongly).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "sotay",
    version,
    about = "sotay — builds a guidance handbook (sổ tay) from Markdown pages and YAML figures",
    long_about = "sotay turns a handbook folder (sotay.yaml, content/ with Markdown pages) into a \
                  static website that works from a web server, a sub-path or a file share.\n\n\
                  Start with `sotay init my-handbook`, then `sotay build --root my-handbook`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the handbook into a website (public/ by default).
    Build(BuildArgs),
    /// Check the handbook for every error `build` would find, writing nothing.
    Check(CheckArgs),
    /// Create a new handbook in an empty or new folder.
    Init(InitArgs),
    /// Preview the handbook in a browser while you edit it (drafts shown, reloads by itself).
    Serve(ServeArgs),
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The handbook folder (holds sotay.yaml and content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the website (default: DIR/public).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also build pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Absolute URL the site will be published at (overrides `base_url` in sotay.yaml);
    /// used for the sitemap, canonical links and the 404 page. Page links stay relative.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The handbook folder (holds sotay.yaml and content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Also check pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The folder to create the handbook in (must be empty or not exist).
    pub dir: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The handbook folder (holds sotay.yaml and content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on. Only this computer can open the preview unless you give
    /// another address (0.0.0.0 lets every computer on the network open it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Print how long each stage of each rebuild took.
    #[arg(long)]
    pub timings: bool,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match cli.command {
        Command::Build(a) => crate::cmd::build::run(&a),
        Command::Check(a) => crate::cmd::check::run(&a),
        Command::Init(a) => crate::cmd::init::run(&a),
        Command::Serve(a) => crate::cmd::serve::run(&a),
    };
    match result {
        Ok(()) => 0,
        Err(diags) => {
            eprint!("{diags}");
            let n = diags.len();
            eprintln!(
                "sotay: {n} error{} — nothing was written",
                if n == 1 { "" } else { "s" }
            );
            1
        }
    }
}
