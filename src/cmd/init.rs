//! `kbgen init`: a new KB, ready to check, build and edit.

use super::Exit;
use std::path::{Path, PathBuf};

pub fn execute(folder: &Path, locale: &str, translate: &[String]) -> kbgen::Result<Exit> {
    use kbgen::publish::schema;
    // The schemas go with the KB: the first line of each file names one, for editors.
    let schemas = (schema::NAMES.iter())
        .map(|(name, _)| {
            let text = schema::json(name).expect("listed schemas exist");
            (PathBuf::from("schemas").join(schema::file_name(name)), text)
        })
        .collect();
    let made = kbgen::kb::init::init(folder, locale, translate, schemas)?;
    for file in &made.files {
        super::print::status(format_args!("created {}", folder.join(file).display()));
    }
    // kbgen finds the KB from the folder it made, and builds into its out/.
    let go = if folder == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", folder.display())
    };
    super::print::status(format_args!(
        "next: {go}kbgen check && kbgen build, then open out/site/index.html;"
    ));
    super::print::status("      `kbgen new <topic>/<entry>` starts your own entries");
    Ok(Exit::Success)
}
