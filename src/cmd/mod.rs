//! One module per command; each only calls the pipeline and reports.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;
