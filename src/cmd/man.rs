//! `kbgen man`: the manual pages, from the clap definitions: `kbgen(1)` on standard output, or
//! with `--out DIR` one page per command (`kbgen.1`, `kbgen-check.1`, ...).

use super::Exit;
use std::path::Path;

pub fn execute(out: Option<&Path>) -> kbgen::Result<Exit> {
    let mut command = <super::Cli as clap::CommandFactory>::command();
    // The global flags (`--quiet`, ...) reach each command's page.
    command.build();
    let Some(dir) = out else {
        super::print::stdout(&page(command));
        return Ok(Exit::Success);
    };
    let write = |name: &str, text: String| -> kbgen::Result<()> {
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, text).map_err(|source| kbgen::Error::Write {
            path: path.clone(),
            source,
        })?;
        super::print::status(format_args!("wrote {}", path.display()));
        Ok(())
    };
    std::fs::create_dir_all(dir).map_err(|source| kbgen::Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("kbgen-{}", sub.get_name());
        write(&name, page(sub.clone().name(name.clone())))?;
    }
    write("kbgen", page(command))?;
    Ok(Exit::Success)
}

fn page(command: clap::Command) -> String {
    let mut text = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut text)
        .expect("rendering into memory does not fail");
    String::from_utf8_lossy(&text).into_owned()
}
