//! `kbgen catalog`: print the JSON catalog of a valid KB.

use super::{Exit, checked_kb, print};
use std::path::Path;

pub fn execute(kb: &Path) -> kbgen::Result<Exit> {
    let Some(checked) = checked_kb(kb)? else {
        return Ok(Exit::Invalid);
    };
    let catalog = kbgen::publish::catalog::build(&checked.kb);
    print::stdout(&kbgen::publish::catalog::to_json(&catalog));
    Ok(Exit::Success)
}
