//! sotay turns a folder of Markdown guidance (plus YAML statistics) into a static handbook.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`load`] (read files) → [`parse`] (front matter, Markdown) → [`resolve`] (tree, order,
//! links) → [`render`] (templates) → [`write`](mod@write) (atomic output). [`pipeline`] strings the
//! stages together; the CLI (`cli`, `cmd`) and the preview server only call it.

pub mod cli;
pub mod cmd;
pub mod collate;
pub mod config;
pub mod diagnostics;
pub mod documents;
pub mod i18n;
pub mod load;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod slug;
pub mod stats;
pub mod text;
pub mod write;
pub mod yaml;
