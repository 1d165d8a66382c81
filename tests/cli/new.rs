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
    // The new entry parses and checks; only its scaffold text is flagged, until replaced.
    let check = test.run(["check", "--format", "json"]);
    check.succeeds();
    assert_eq!(
        check.diagnostic_lines(),
        [
            "warning scaffold-text kb/t/rate-limit.yaml:8:8",
            "warning scaffold-text kb/t/rate-limit.yaml:10:5",
            "warning scaffold-text kb/t/rate-limit.yaml:12:5",
        ]
    );
    test.run(["check", "--strict"]).fails();
    replace_scaffold_texts(&test, "kb/t/rate-limit.yaml");
    let check = test.run(["check", "--strict"]);
    check.succeeds();
    assert_eq!(check.stderr(), "0 errors, 0 warnings in 4 files\n");
}

/// Writes what an author would in place of the texts `kbgen new` left in `file`.
fn replace_scaffold_texts(test: &KbTest, file: &str) {
    let text = test.read(file);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in &mut lines {
        if line.contains("Replace this with the error message of") {
            *line = "    - \"Request rate exceeded for subscription {subscriptionId}.\"".into();
        } else if line.contains("Describe one cause") {
            *line = "  - The client sends more requests than the service allows.".into();
        } else if line.contains("Describe how to resolve it") {
            *line = "  - Wait a minute, then send fewer requests.".into();
        } else if line.contains("Replace this with one sentence") {
            *line = "description: Errors of network rules.".into();
        }
    }
    let mut edited = lines.join("\n") + "\n";
    if edited.contains("{subscriptionId}") {
        edited = edited.replace(
            "  messages:\n",
            "  placeholders:\n    subscriptionId:\n      description: The subscription's id.\n  messages:\n",
        );
    }
    test.write(file, edited);
}

#[test]
fn creates_a_new_topic() {
    let test = minimal();
    test.run(["new", "network/ip-restrictions"]).succeeds();
    insta::assert_snapshot!("new_topic_file", test.read("kb/network/topic.yaml"));
    test.run(["check", "--strict"]).fails();
    replace_scaffold_texts(&test, "kb/network/topic.yaml");
    replace_scaffold_texts(&test, "kb/network/ip-restrictions.yaml");
    test.run(["check", "--strict"]).succeeds();
}

#[test]
fn build_refuses_the_text_new_wrote_until_the_author_replaces_it() {
    let test = minimal();
    test.run(["new", "t/rate-limit"]).succeeds();
    let build = test.run(["build"]);
    build.fails();
    assert!(
        build.stderr().contains(
            "error[scaffold-text]: `error.messages[0]` still holds the text `kbgen new` wrote"
        ),
        "{}",
        build.stderr()
    );
    assert!(
        build
            .stderr()
            .ends_with("3 errors, 0 warnings in 4 files\nnothing written\n"),
        "{}",
        build.stderr()
    );
    assert!(!test.dir().join("out").exists());
    // `catalog` publishes too; `match` is for the author's own use and still loads the KB.
    test.run(["catalog"]).fails();
    test.run(["match", "Request rate exceeded"]).exits(1);
    replace_scaffold_texts(&test, "kb/t/rate-limit.yaml");
    test.run(["build"]).succeeds();
}

#[test]
fn in_a_translated_kb_the_new_entry_is_reported_untranslated() {
    let test = KbTest::bundled();
    test.run(["new", "itsmc-dashboard-errors/webhook-timeout"])
        .succeeds();
    replace_scaffold_texts(&test, "kb/itsmc-dashboard-errors/webhook-timeout.yaml");
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
