//! `kbgen catalog`: print the JSON catalog of a valid KB.

use super::{Exit, checked_kb, print};
use std::path::Path;

pub fn execute(kb: &Path, compact: bool) -> kbgen::Result<Exit> {
    // What it prints is published: the text `kbgen new` wrote is an error here, as in build.
    let options = kbgen::check::Options {
        publishing: true,
        ..Default::default()
    };
    let Some(checked) = checked_kb(kb, options)? else {
        return Ok(Exit::Invalid);
    };
    let catalog = kbgen::publish::catalog::build(&checked.kb);
    if compact {
        let mut text = serde_json::to_string(&catalog.compact()).expect("catalogs serialize");
        text.push('\n');
        print::stdout(&text);
    } else {
        print::stdout(&kbgen::publish::catalog::to_json(&catalog));
    }
    Ok(Exit::Success)
}
