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
