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
    let options = kbgen::publish::build::Options { base_url };
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
    print::status(format_args!(
        "built {} x {} ({}, {} files) in {seconds:.2} s into {}: site/, md/, catalog.json, schemas/",
        count(entries, "entry", "entries"),
        count(locales.len(), "locale", "locales"),
        count(built.pages, "page", "pages"),
        thousands(built.files),
        out.display()
    ));
    super::skip_freeing(built);
    Ok(Exit::Success)
}

/// `1 entry`, `10,000 entries`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `10000` as `10,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(220002), "220,002");
        assert_eq!(super::count(1, "entry", "entries"), "1 entry");
        assert_eq!(super::count(10000, "entry", "entries"), "10,000 entries");
    }
}
