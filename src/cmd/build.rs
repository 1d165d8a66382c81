//! `kbgen build`: check, then write the site, Markdown pages, catalog and schemas, and say what
//! was built and how long it took (for people, or as JSON for CI).

use super::{Exit, print};
use kbgen::check::report::Format;
use std::path::Path;

pub fn execute(
    kb: &Path,
    out: &Path,
    base_url: Option<String>,
    format: Format,
) -> kbgen::Result<Exit> {
    let started = std::time::Instant::now();
    let options = kbgen::publish::build::Options {
        base_url,
        ..Default::default()
    };
    let built = kbgen::publish::build::build(kb, out, &options)?;
    let seconds = started.elapsed().as_secs_f64();
    let checked = &built.checked;
    let entries: usize = checked.kb.topics.iter().map(|t| t.entries.len()).sum();
    let locales = checked.kb.locales().unwrap_or_default();
    if format == Format::Json {
        let mut report =
            kbgen::check::report::json_value(&checked.diagnostics, &checked.kb.sources);
        report["build"] = serde_json::json!({
            "written": built.written(),
            "out": out.display().to_string(),
            "entries": entries,
            "locales": locales,
            "pages": built.pages,
            "files": built.files,
            "seconds": (seconds * 1000.0).round() / 1000.0,
        });
        let mut text = serde_json::to_string_pretty(&report).expect("JSON values print");
        text.push('\n');
        print::stdout(&text);
        return Ok(if built.written() {
            Exit::Success
        } else {
            Exit::Invalid
        });
    }
    if !checked.diagnostics.is_empty() || !built.written() {
        print::diagnostics(&checked.diagnostics, &checked.kb.sources);
    }
    if !built.written() {
        match out.exists() {
            true => print::note(format_args!(
                "nothing written: {} is unchanged",
                out.display()
            )),
            false => print::note("nothing written"),
        }
        return Ok(Exit::Invalid);
    }
    print::status(print::build_summary(&built, seconds, Some(out)));
    super::skip_freeing(built);
    Ok(Exit::Success)
}
