mod cmd;

use clap::Parser;
use std::process::ExitCode;

// jemalloc over glibc's malloc: a build allocates millions of short-lived strings from two
// threads, where glibc's malloc and free were 12-19% of the samples; with jemalloc a build
// takes 12-16% less CPU at the same peak memory (benches/RESULTS.md, seventh session).
// mimalloc was as fast but peaked about 50% higher. Only the binaries set it: the fuzz
// targets keep the allocator their sanitizer watches.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse()).into()
}
