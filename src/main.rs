mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse()).into()
}
