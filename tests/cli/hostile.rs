//! Hostile input that is made at test time rather than committed: a 50 MB file, a symlink loop,
//! and every truncation of a real entry. None may panic (exit 101) or hang.

use crate::support::{KbTest, fixtures};

fn minimal() -> KbTest {
    KbTest::copy_of(&fixtures().join("check/valid-minimal/kb"))
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let test = minimal();
    let big = format!(
        "title: x\ncauses:\n{}",
        "  - a cause that repeats\n".repeat(2_100_000)
    );
    assert!(big.len() > 50_000_000);
    test.write("kb/t/e.yaml", big);
    let run = test.run(["check", "--format", "json"]);
    run.fails();
    assert_eq!(run.diagnostic_lines(), ["error file-too-large kb/t/e.yaml"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let test = minimal();
    std::os::unix::fs::symlink("..", test.dir().join("kb/t/loop")).unwrap();
    let run = test.run(["check", "--format", "json"]);
    run.fails();
    assert_eq!(run.diagnostic_lines(), ["error io-error kb/t/loop"]);
    let human = test.run(["check"]);
    assert!(
        human
            .stderr()
            .contains("a symbolic link loops back to a folder that contains it"),
        "{}",
        human.stderr()
    );
}

#[test]
fn every_truncation_of_a_real_entry_gives_diagnostics_not_panics() {
    let bundled =
        crate::support::bundled_kb().join("itsmc-dashboard-errors/missing-connector.yaml");
    let text = std::fs::read(bundled).unwrap();
    let test = minimal();
    let mut failures = 0;
    for len in (0..text.len()).step_by(7) {
        std::fs::write(test.dir().join("kb/t/e.yaml"), &text[..len]).unwrap();
        let checked =
            kbgen::check(&test.dir().join("kb"), Default::default()).expect("the KB folder exists");
        // Some prefixes are valid YAML; all others must say why, at a position in the file.
        for diagnostic in &checked.diagnostics {
            let span = diagnostic.span.expect("every diagnostic here has a file");
            assert!(
                span.end <= len.max(span.start),
                "span {span:?} beyond the file's {len} bytes"
            );
        }
        failures += usize::from(checked.has_errors());
    }
    assert!(failures > 0);
}
