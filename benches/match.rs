//! `cargo bench --bench match -- KB_DIR`: how fast `kbgen match` finds entries.
//!
//! Reports the time to load a catalog (parse catalog.json and build the matcher, as
//! `kbgen match --catalog` does) and lookups per second on one thread, for messages that match
//! (samples with other values, inside log lines) and messages that match nothing.

use std::time::Instant;

fn main() {
    let kb = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .expect("usage: cargo bench --bench match -- KB_DIR");
    let checked =
        kbgen::check(std::path::Path::new(&kb), Default::default()).expect("the KB folder exists");
    assert!(!checked.has_errors(), "the benchmark KB has errors");
    let json = kbgen::catalog::to_json(&kbgen::catalog::build(&checked.kb));

    let start = Instant::now();
    let catalog: kbgen::catalog::Catalog = serde_json::from_str(&json).unwrap();
    let parsed = start.elapsed();
    let matcher = kbgen::matcher::Matcher::for_catalog(&catalog);
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

    let hits: Vec<String> = catalog
        .entries
        .iter()
        .step_by(7)
        .flat_map(|e| e.samples.iter())
        .map(|s| {
            format!(
                "2026-11-27T03:00:00Z [connector] ERROR {}",
                s.replace("web-", "api-")
            )
        })
        .collect();
    let misses: Vec<String> = (0..hits.len())
        .map(|i| format!("2026-11-27T03:00:00Z INFO request {i} completed in 35 ms"))
        .collect();
    for (name, inputs, expect_match) in
        [("matching", &hits, true), ("non-matching", &misses, false)]
    {
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
        assert_eq!(
            found == lookups,
            expect_match,
            "every {name} input behaves as expected"
        );
        println!(
            "{name}: {:.0} lookups/s on one thread ({lookups} lookups in {elapsed:.2} s)",
            lookups as f64 / elapsed
        );
    }
}
