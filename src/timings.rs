//! The phases of a command, named as they run: with `KBGEN_TIMINGS` set, each prints its wall
//! time to standard error (`benches/bench.py --phases` reads them); an observer (the binary's
//! progress line and `--verbose`) hears of each start and end. Costs nothing without either.

use std::sync::{LazyLock, OnceLock};
use std::time::{Duration, Instant};

static ENABLED: LazyLock<bool> = LazyLock::new(|| std::env::var_os("KBGEN_TIMINGS").is_some());

/// Hears `(name, None)` when a phase starts and `(name, Some(took))` when it ends.
pub type Observer = Box<dyn Fn(&str, Option<Duration>) + Send + Sync>;

static OBSERVER: OnceLock<Observer> = OnceLock::new();

/// Sets the observer of every phase; the first one set stays.
pub fn observe(observer: Observer) {
    let _ = OBSERVER.set(observer);
}

/// Runs `work`, and reports how long it took under `name` when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let observer = OBSERVER.get();
    if !*ENABLED && observer.is_none() {
        return work();
    }
    if let Some(observer) = observer {
        observer(name, None);
    }
    let start = Instant::now();
    let cpu_before = if *ENABLED { cpu_seconds() } else { None };
    let result = work();
    let took = start.elapsed();
    if let Some(observer) = observer {
        observer(name, Some(took));
    }
    if *ENABLED {
        let cpu = cpu_before
            .zip(cpu_seconds())
            .map(|(before, after)| format!(" ({:.2} s CPU)", after - before))
            .unwrap_or_default();
        eprintln!(
            "phase {name}: {:.3} s{cpu}{}",
            took.as_secs_f64(),
            memory().unwrap_or_default()
        );
    }
    result
}

/// The process's CPU time so far, user and system, from /proc (Linux; in clock ticks, assumed
/// 100 a second as on every Linux kbgen is measured on); `None` elsewhere. Which phases keep
/// both cores busy shows in it.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    let ticks = |index: usize| fields.get(index)?.parse::<u64>().ok();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
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
