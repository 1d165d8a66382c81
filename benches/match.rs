//! `cargo bench --bench match -- KB_DIR`: how fast `kbgen match` finds entries.
//!
//! Reports the time to load a catalog (parse catalog.json and build the matcher, as
//! `kbgen match --catalog` does) and lookups per second on one thread, for messages that match
//! (samples with other values, inside log lines) and messages that match nothing; then the
//! worst time on hostile lines of 256 KiB, 1 MiB and 4 MiB (each message's prefix repeated
//! without its end, a placeholder stretched over copies of what follows it): matching is
//! linear, so the time per MiB stays flat.

use std::time::Instant;

// The allocator `kbgen match` runs with (src/main.rs), so that these figures are the binary's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let kb = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .expect("usage: cargo bench --bench match -- KB_DIR");
    let checked =
        kbgen::check(std::path::Path::new(&kb), Default::default()).expect("the KB folder exists");
    assert!(!checked.has_errors(), "the benchmark KB has errors");
    let json = kbgen::publish::catalog::to_json(&kbgen::publish::catalog::build(&checked.kb));

    let start = Instant::now();
    let catalog = kbgen::publish::catalog::from_json(&json).expect("the catalog reads back");
    let parsed = start.elapsed();
    let matcher = catalog.matcher();
    let loaded = start.elapsed();
    println!(
        "catalog: {} entries, {} messages, {:.1} MB of JSON; load {:.0} ms (parse {:.0} ms, matcher {:.0} ms)",
        catalog.entries.len(),
        matcher.len(),
        json.len() as f64 / 1e6,
        loaded.as_secs_f64() * 1e3,
        parsed.as_secs_f64() * 1e3,
        (loaded - parsed).as_secs_f64() * 1e3
    );

    // Real lines: a sample as the product printed it, or else the message itself (the
    // reference corpus has no samples), inside a log line.
    let real: Vec<String> = catalog
        .entries
        .iter()
        .step_by(7)
        .flat_map(|e| {
            let samples = e.samples.iter().map(|s| s.replace("web-", "api-"));
            let messages = (e.messages.iter())
                .filter(|m| e.samples.is_empty() && !m.text.contains('{'))
                .map(|m| m.text.clone());
            samples.chain(messages).collect::<Vec<_>>()
        })
        .map(|s| format!("2026-11-27T03:00:00Z [connector] ERROR {s}"))
        .collect();
    // Near misses: the same lines with a word in the middle of the message changed; some may
    // still match (a placeholder can absorb the change), so they are counted, not asserted.
    let near: Vec<String> = real
        .iter()
        .map(|line| {
            let middle = line.len() * 2 / 3;
            let at = (middle..line.len())
                .find(|i| line.is_char_boundary(*i) && line[*i..].starts_with(' '))
                .unwrap_or(line.len());
            format!("{} zzqx{}", &line[..at], &line[at..])
        })
        .collect();
    let unrelated: Vec<String> = (0..real.len())
        .map(|i| format!("2026-11-27T03:00:00Z INFO request {i} completed in 35 ms"))
        .collect();
    assert!(!real.is_empty(), "the KB has messages to look up");
    for (name, inputs, expect_match) in [
        ("real lines", &real, Some(true)),
        ("near misses", &near, None),
        ("unrelated lines", &unrelated, Some(false)),
    ] {
        let rounds = 200_000 / inputs.len().max(1) + 1;
        let start = Instant::now();
        let mut found = 0usize;
        for _ in 0..rounds {
            for input in inputs.iter() {
                found += usize::from(!matcher.find(input).is_empty());
            }
        }
        let lookups = rounds * inputs.len();
        let elapsed = start.elapsed().as_secs_f64();
        if let Some(expect_match) = expect_match {
            assert_eq!(
                found == lookups,
                expect_match,
                "every {name} input behaves as expected"
            );
        }
        println!(
            "{name}: {:.0} lookups/s on one thread ({lookups} lookups in {elapsed:.2} s, {:.0}% matched)",
            lookups as f64 / elapsed,
            found as f64 * 100.0 / lookups as f64
        );
    }

    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
    let bundled = kbgen::check(&bundled, Default::default()).expect("the bundled KB loads");
    let bundled = kbgen::publish::catalog::build(&bundled.kb);
    hostile_lines(&[&bundled, &catalog]);
}

/// Lines made to be slow for a backtracking matcher, from messages with placeholders.
fn hostile_units(catalog: &kbgen::publish::catalog::Catalog) -> Vec<String> {
    let mut units = Vec::new();
    for entry in catalog
        .entries
        .iter()
        .filter(|e| !e.placeholders.is_empty())
        .take(20)
    {
        let message = &entry.messages[0].text;
        let mut filled = message.clone();
        for p in &entry.placeholders {
            filled = filled.replace(&format!("{{{}}}", p.name), "x");
        }
        // The text up to the last placeholder, filled in: a match never completes.
        let last = entry
            .placeholders
            .iter()
            .filter_map(|p| message.find(&format!("{{{}}}", p.name)))
            .max()
            .unwrap_or(0);
        let mut prefix = message[..last].to_string();
        for p in &entry.placeholders {
            prefix = prefix.replace(&format!("{{{}}}", p.name), "x");
        }
        units.push(format!("{prefix}x "));
        units.push(filled[..filled.len() - 1].to_string() + " ");
    }
    units
}

fn hostile_lines(catalogs: &[&kbgen::publish::catalog::Catalog]) {
    for catalog in catalogs {
        let matcher = catalog.matcher();
        let units = hostile_units(catalog);
        for size in [256 * 1024, 1024 * 1024, 4 * 1024 * 1024] {
            let mut worst = (0.0f64, String::new());
            for unit in &units {
                let line: String = unit
                    .repeat(size / unit.len() + 1)
                    .chars()
                    .take(size)
                    .collect();
                let start = Instant::now();
                let found = matcher.find(&line);
                let took = start.elapsed().as_secs_f64();
                std::hint::black_box(found);
                if took > worst.0 {
                    worst = (took, unit.chars().take(40).collect());
                }
            }
            println!(
                "hostile lines of {} KiB ({} kinds, {} entries' catalog): slowest {:.1} ms, {:.1} ms per MiB ({:?}... repeated)",
                size / 1024,
                units.len(),
                catalog.entries.len(),
                worst.0 * 1e3,
                worst.0 * 1e3 / (size as f64 / (1024.0 * 1024.0)),
                worst.1
            );
        }
    }
}
