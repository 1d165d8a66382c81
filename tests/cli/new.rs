//! `kbgen new <topic>/<entry>`.

use crate::support::{KbTest, fixtures};

fn minimal() -> KbTest {
    KbTest::copy_of(&fixtures().join("check/valid-minimal/kb"))
}

#[test]
fn adds_an_entry_to_an_existing_topic_that_check_accepts() {
    let test = minimal();
    let topic_before = test.read("kb/t/topic.yaml");
    let run = test.run(["new", "t/rate-limit"]);
    run.succeeds();
    insta::assert_snapshot!("new_existing_topic_stdout", run.stdout());
    insta::assert_snapshot!("new_entry_file", test.read("kb/t/rate-limit.yaml"));
    // The topic file gains exactly one line and keeps every other byte.
    assert_eq!(
        test.read("kb/t/topic.yaml"),
        format!("{topic_before}  - rate-limit\n")
    );
    let check = test.run(["check", "--strict"]);
    check.succeeds();
    assert_eq!(check.stderr(), "0 errors, 0 warnings in 4 files\n");
}

#[test]
fn creates_a_new_topic() {
    let test = minimal();
    test.run(["new", "network/ip-restrictions"]).succeeds();
    insta::assert_snapshot!("new_topic_file", test.read("kb/network/topic.yaml"));
    test.run(["check", "--strict"]).succeeds();
}

#[test]
fn in_a_translated_kb_the_new_entry_passes_check_and_is_reported_untranslated() {
    let test = KbTest::bundled();
    test.run(["new", "itsmc-dashboard-errors/webhook-timeout"])
        .succeeds();
    let check = test.run(["check", "--format", "json"]);
    check.succeeds();
    assert_eq!(
        check.diagnostic_lines(),
        ["warning missing-translation kb/itsmc-dashboard-errors/webhook-timeout.yaml:3:8"]
    );
}

#[test]
fn refuses_what_it_cannot_do_and_writes_nothing() {
    let test = minimal();
    let before = test.read("kb/t/topic.yaml");
    for (args, message) in [
        (["new", "t/e"], "exists already"),
        (["new", "t/Bad_Name"], "`Bad_Name` is not a valid id"),
        (["new", "no-slash"], "is not an entry id"),
        (["new", "t/topic"], "reserved"),
    ] {
        let run = test.run(args);
        run.exits(2);
        assert!(run.stderr().contains(message), "{args:?}: {}", run.stderr());
    }
    assert_eq!(test.read("kb/t/topic.yaml"), before);
    assert_eq!(
        std::fs::read_dir(test.dir().join("kb/t")).unwrap().count(),
        2
    );
    let outside = KbTest::scratch();
    let run = outside.run(["new", "t/x"]);
    run.exits(2);
    assert!(run.stderr().contains("no kb.yaml"), "{}", run.stderr());
}
