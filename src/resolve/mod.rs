//! Stage 3, resolve: put the parsed pages into one tree (sections, order, reading order)
//! and turn every local link into a relative URL of the output, checking that its page and
//! heading exist. After this stage the site is complete and read-only.

pub mod links;
pub mod tree;
pub mod urls;

pub use tree::{build_tree, Node, NodeKind, Site};
