//! `kbgen completions <shell>`: the shell's completion script, from the clap definitions.

use super::Exit;

pub fn execute(shell: clap_complete::Shell) -> kbgen::Result<Exit> {
    let mut command = <super::Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "kbgen", &mut script);
    super::print::stdout(&String::from_utf8_lossy(&script));
    Ok(Exit::Success)
}
