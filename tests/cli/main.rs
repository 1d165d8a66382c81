//! kbgen's one integration test binary: runs the real `kbgen` executable on fixture KBs.
//!
//! `tests/fixtures/check/<case>/` holds a `kb/` folder and an `expected` file:
//!
//! ```text
//! # kbgen check --strict          <- the command (optional; default `kbgen check`)
//! exit 1
//! error unknown-field kb/t/e.yaml:2:1
//! ```
//!
//! The diagnostics' codes, files, lines and columns must match exactly; the human output is
//! compared in full with an insta snapshot. `KBGEN_BLESS=1 cargo test` rewrites `expected`
//! files, `INSTA_UPDATE=always` (or `cargo insta review`) the snapshots: review the diff.

mod support;

mod build;
mod bundled;
mod catalog;
mod check;
mod hostile;
mod i18n;
mod init;
mod new;
mod readme;
mod serve;
mod usage;
