//! Exit codes and the CLI reference in README.md.

use crate::support::KbTest;

#[test]
fn a_missing_kb_folder_is_a_usage_error() {
    let run = KbTest::scratch().run(["check", "--kb", "nowhere"]);
    run.exits(2);
    assert_eq!(
        run.stderr(),
        "error: no knowledge base at `nowhere`: the folder does not exist (use --kb DIR)\n"
    );
}

#[test]
fn a_file_as_kb_is_a_usage_error() {
    let test = KbTest::scratch();
    test.write("kb.yaml", "title: x\n");
    let run = test.run(["check", "--kb", "kb.yaml"]);
    run.exits(2);
    assert!(run.stderr().contains("is not a folder"), "{}", run.stderr());
}

#[test]
fn the_kb_is_an_argument_or_the_nearest_one_from_the_current_folder() {
    let test = KbTest::bundled();
    let topic = "kb/itsmc-dashboard-errors";
    assert!(test.dir().join(topic).join("topic.yaml").is_file());
    // Named as an argument, as an option, or found: from the repository, the KB, a topic.
    test.run(["check", "kb"]).succeeds();
    test.run(["check", "--kb", "kb"]).succeeds();
    test.run_in("kb", ["check", "--strict"]).succeeds();
    let inside = test.run_in(topic, ["check", "--format", "json"]);
    inside.succeeds();
    // A problem found from inside a topic is shown with a path from there.
    test.write(&format!("{topic}/extra.txt"), "x");
    let found = test.run_in(topic, ["check", "--format", "json"]);
    assert_eq!(
        found.diagnostic_lines(),
        ["error unexpected-file ../itsmc-dashboard-errors/extra.txt"]
    );
    std::fs::remove_file(test.dir().join(topic).join("extra.txt")).unwrap();

    // A topic folder named as the KB: the message names the KB.
    let run = test.run(["check", topic]);
    run.exits(2);
    assert_eq!(
        run.stderr(),
        "error: `kb/itsmc-dashboard-errors` is a topic folder; the KB is `kb` (the folder that holds kb.yaml): name that one, or run kbgen from inside it without a folder\n"
    );
    // Both forms at once are refused by the parser.
    test.run(["check", "kb", "--kb", "kb"]).exits(2);
}

#[test]
fn build_writes_beside_the_kb_by_default_never_inside_it() {
    let test = KbTest::bundled();
    let run = test.run_in("kb", ["build"]);
    run.succeeds();
    assert!(
        run.stdout().contains("to ../out: site/"),
        "{}",
        run.stdout()
    );
    assert!(test.dir().join("out/site/index.html").is_file());
    assert!(!test.dir().join("kb/out").exists());
    // The next check, from the same place, still sees only the KB.
    test.run_in("kb", ["check", "--strict"]).succeeds();
    test.run(["build", "kb"]).succeeds();
    assert!(!test.dir().join("kb/out").exists());
}

#[test]
fn without_a_kb_anywhere_above_kbgen_says_how_to_name_or_make_one() {
    let test = KbTest::scratch();
    test.write("notes/readme.txt", "not a KB");
    let run = test.run_in("notes", ["check"]);
    run.exits(2);
    assert!(
        run.stderr()
            .starts_with("error: no KB found: no kb.yaml in `")
            && run.stderr().contains(
                "name the KB folder (`kbgen check DIR`) or create one (`kbgen init DIR`)"
            ),
        "{}",
        run.stderr()
    );
}

#[test]
fn bad_arguments_exit_2() {
    KbTest::scratch().run(["check", "--format", "xml"]).exits(2);
    KbTest::scratch().run(["frobnicate"]).exits(2);
}

/// README.md shows each command's `--help`; this keeps it true.
#[test]
fn readme_usage_blocks_match_help() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for command in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["build", "--help"],
        vec!["catalog", "--help"],
        vec!["match", "--help"],
        vec!["schema", "--help"],
        vec!["i18n", "status", "--help"],
        vec!["i18n", "accept", "--help"],
        vec!["i18n", "export", "--help"],
        vec!["i18n", "import", "--help"],
        vec!["i18n", "add", "--help"],
        vec!["new", "--help"],
        vec!["init", "--help"],
    ] {
        let help = KbTest::scratch().run(&command).stdout();
        let marker = format!("$ kbgen {}\n", command.join(" "));
        let start = readme
            .find(&marker)
            .unwrap_or_else(|| panic!("README.md lacks a block starting with `{marker}`"))
            + marker.len();
        let block = &readme[start..start + readme[start..].find("```").unwrap()];
        assert_eq!(
            block,
            help,
            "README.md's `kbgen {}` block differs from the real output",
            command.join(" ")
        );
    }
}

/// README.md's table of diagnostic codes lists exactly the codes kbgen has.
#[test]
fn readme_lists_every_diagnostic_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let header = "| code | severity | meaning |\n| --- | --- | --- |\n";
    let start = readme
        .find(header)
        .expect("README.md has the diagnostic code table")
        + header.len();
    let end = start
        + readme[start..]
            .find("<!-- end diagnostic-codes -->")
            .expect("end marker");
    let rows: String = kbgen::diagnostic::Code::ALL
        .iter()
        .map(|code| {
            let severity = match code.default_severity() {
                kbgen::diagnostic::Severity::Error => "error",
                kbgen::diagnostic::Severity::Warning => "warning",
            };
            format!(
                "| `{}` | {severity} | {} |\n",
                code.name(),
                code.summary().replace('|', "\\|")
            )
        })
        .collect();
    if std::env::var_os("KBGEN_BLESS").is_some() {
        std::fs::write(
            path,
            format!("{}{rows}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
    } else {
        assert_eq!(
            &readme[start..end],
            rows,
            "run KBGEN_BLESS=1 cargo test to regenerate the table"
        );
    }
}
