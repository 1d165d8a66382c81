mod cmd;

use clap::Parser;
use std::process::ExitCode;

// jemalloc over glibc's malloc: a build allocates millions of short-lived strings from two
// threads, where glibc's arenas cost ~16% of the CPU time; jemalloc's peak memory is the same
// (benches/RESULTS.md, seventh session). mimalloc was as fast but peaked 50% higher.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse()).into()
}
