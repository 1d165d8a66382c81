//! README.md's examples, run as a new user would after `cargo install --path .`: each command
//! of an example block, on the bundled KB with the edit the text describes, prints exactly
//! what the block shows. (`--help` blocks: usage.rs.)

use crate::support::{KbTest, git};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The block of README.md that starts with the command line `first` (`$ ...`): the text after
/// that line, up to the block's end.
fn block_after(first: &str) -> String {
    let readme = readme();
    let marker = format!("```text\n{first}\n");
    let start = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README.md has no block starting with `{first}`"))
        + marker.len();
    readme[start..start + readme[start..].find("```").unwrap()].to_string()
}

/// What README.md's first example describes: "an author edits one English cause".
fn edit_one_english_cause(test: &KbTest) {
    test.edit(
        "kb/itsmc-dashboard-errors/lack-of-connection-details.yaml",
        "  - The connection was not defined correctly.",
        "  - The connection was defined with a wrong URL or user.",
    );
}

#[test]
fn the_stale_translation_example() {
    let test = KbTest::bundled();
    edit_one_english_cause(&test);
    let run = test.run(["check"]);
    run.succeeds();
    assert_eq!(run.stderr(), block_after("$ cargo run -q -- check"));
}

#[test]
fn the_match_example() {
    let test = KbTest::bundled();
    let command = "$ kbgen match \"03:14:07 Could not create/update work item for alert Disk-Space-Low-sql02. ITSM Connector c2a9e6b7 does not exist or was deleted.\"";
    let message = command
        .strip_prefix("$ kbgen match \"")
        .and_then(|m| m.strip_suffix('"'))
        .unwrap();
    let run = test.run(["match", message]);
    run.succeeds();
    assert_eq!(run.stdout(), block_after(command));
}

#[test]
fn the_translation_status_example_in_a_git_repository() {
    let test = KbTest::bundled();
    git(&test, &["init", "-q"]);
    git(&test, &["add", "-A"]);
    git(&test, &["commit", "-qm", "the KB as translated"]);
    edit_one_english_cause(&test);
    git(&test, &["commit", "-qam", "an English cause rewritten"]);
    let run = test.run(["i18n", "status"]);
    run.succeeds();
    assert_eq!(run.stdout(), block_after("$ kbgen i18n status"));
}

#[test]
fn the_review_example() {
    let test = KbTest::bundled();
    test.edit(
        "kb/itsmc-dashboard-errors/authentication.ko.yaml",
        "새로 고침 토큰을 갱신해야 합니다.",
        "새로 고침 토큰을 새로 받아야 합니다.",
    );
    let block = block_after(
        "$ # ... a reviewer rewrites the first cause in kb/itsmc-dashboard-errors/authentication.ko.yaml ...",
    );
    let mut printed = String::new();
    for command in [
        "$ kbgen i18n status",
        "$ kbgen i18n accept --reviewed kb/itsmc-dashboard-errors/authentication.ko.yaml",
    ] {
        let args: Vec<&str> = command.split_whitespace().skip(2).collect();
        let run = test.run(&args);
        run.succeeds();
        printed.push_str(&format!("{command}\n{}", run.stdout()));
    }
    assert_eq!(printed, block);
    test.run(["i18n", "status", "--fail-on", "unreviewed"])
        .succeeds();
}

#[test]
fn the_exchange_example_round_trip() {
    let test = KbTest::bundled();
    edit_one_english_cause(&test);
    let block = block_after(
        "$ kbgen i18n export --locale ko --format xliff --only missing,stale --out ko.xlf",
    );
    test.run([
        "i18n",
        "export",
        "--locale",
        "ko",
        "--format",
        "xliff",
        "--only",
        "missing,stale",
        "--out",
        "ko.xlf",
    ])
    .succeeds();
    // "... translate ko.xlf in a CAT tool ...": the one stale unit gets its new translation.
    let exported = test.read("ko.xlf");
    let start = exported.find("<target>").expect("a unit to translate") + "<target>".len();
    let end = start + exported[start..].find("</target>").unwrap();
    let translated = format!(
        "{}연결이 잘못된 URL 또는 사용자로 정의되었습니다.{}",
        &exported[..start],
        &exported[end..]
    );
    test.write("ko.xlf", translated);
    let import = test.run(["i18n", "import", "ko.xlf"]);
    import.succeeds();
    let check = test.run(["check", "--strict"]);
    check.succeeds();
    let shown = format!(
        "$ # ... translate ko.xlf in a CAT tool ...\n$ kbgen i18n import ko.xlf\n{}$ kbgen check --strict\n{}",
        import.stdout(),
        check.stderr()
    );
    assert_eq!(shown, block);
}
