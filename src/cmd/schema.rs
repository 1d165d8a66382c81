//! `kbgen schema`: print a JSON Schema, or write them all.

use super::Exit;
use std::path::Path;

pub fn execute(name: Option<&str>, out: Option<&Path>) -> kbgen::Result<Exit> {
    use kbgen::publish::schema;
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|source| kbgen::Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        for (name, _) in schema::NAMES {
            let path = dir.join(schema::file_name(name));
            let text = schema::json(name).expect("listed schemas exist");
            std::fs::write(&path, text).map_err(|source| kbgen::Error::Write {
                path: path.clone(),
                source,
            })?;
            super::print::status(format_args!("wrote {}", path.display()));
        }
        return Ok(Exit::Success);
    }
    let name = name.expect("clap requires a name without --out");
    print!(
        "{}",
        schema::json(name).expect("clap accepts only listed names")
    );
    Ok(Exit::Success)
}
