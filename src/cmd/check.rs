//! `kbgen check`: validate a KB and print every problem.

use super::{Exit, print};
use kbgen::check::report::Format;

pub fn execute(kb: &std::path::Path, strict: bool, format: Format) -> kbgen::Result<Exit> {
    let options = kbgen::check::Options {
        strict,
        ..Default::default()
    };
    let checked = kbgen::check(kb, options)?;
    match format {
        Format::Human => {
            print::diagnostics(&checked.diagnostics, &checked.kb.sources);
        }
        Format::Json => {
            print::diagnostics_json(&checked.diagnostics, &checked.kb.sources);
        }
    }
    let exit = if checked.has_errors() {
        Exit::Invalid
    } else {
        Exit::Success
    };
    super::skip_freeing(checked);
    Ok(exit)
}
