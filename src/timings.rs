//! Phase timings for benchmarks: with `KBGEN_TIMINGS` set, each phase prints its wall time to
//! standard error (`benches/bench.py --phases` reads them). Costs nothing when unset.

use std::sync::LazyLock;
use std::time::Instant;

static ENABLED: LazyLock<bool> = LazyLock::new(|| std::env::var_os("KBGEN_TIMINGS").is_some());

/// Runs `work`, and reports how long it took under `name` when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !*ENABLED {
        return work();
    }
    let start = Instant::now();
    let result = work();
    eprintln!(
        "phase {name}: {:.3} s{}",
        start.elapsed().as_secs_f64(),
        memory().unwrap_or_default()
    );
    result
}

/// `, 120 MB resident, 180 MB peak` from /proc (Linux); `None` elsewhere.
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some(format!(
        ", {} MB resident, {} MB peak",
        field("VmRSS:")? / 1024,
        field("VmHWM:")? / 1024
    ))
}
