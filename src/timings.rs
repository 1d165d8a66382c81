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
    eprintln!("phase {name}: {:.3} s", start.elapsed().as_secs_f64());
    result
}
