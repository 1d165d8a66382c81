//! `kbgen build`: check, then write the site, Markdown pages, catalog and schemas.

use super::{Exit, print};
use std::path::Path;

pub fn execute(kb: &Path, out: &Path, base_url: Option<String>) -> kbgen::Result<Exit> {
    let options = kbgen::publish::build::Options { base_url };
    let built = kbgen::publish::build::build(kb, out, &options)?;
    let checked = &built.checked;
    if !checked.diagnostics.is_empty() || !built.written() {
        print::diagnostics(&checked.diagnostics, &checked.kb.sources);
    }
    if !built.written() {
        match out.exists() {
            true => eprintln!("nothing written: {} is unchanged", out.display()),
            false => eprintln!("nothing written"),
        }
        return Ok(Exit::Invalid);
    }
    println!(
        "wrote {} files to {}: site/, md/, catalog.json, schemas/",
        built.files,
        out.display()
    );
    super::skip_freeing(built);
    Ok(Exit::Success)
}
