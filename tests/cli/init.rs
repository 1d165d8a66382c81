//! `kbgen init`: a new KB that passes `check --strict` and builds, and refusals that write
//! nothing.

use crate::support::KbTest;

#[test]
fn a_new_kb_passes_check_strict_builds_and_matches_its_example() {
    let test = KbTest::scratch();
    let run = test.run(["init", "support-kb", "--locale", "en", "--translate", "ko"]);
    run.succeeds();
    insta::assert_snapshot!("init_stdout", run.stdout());
    insta::assert_snapshot!(
        "init_entry",
        test.read("support-kb/kb/api-errors/too-many-requests.yaml")
    );
    insta::assert_snapshot!(
        "init_entry_ko",
        test.read("support-kb/kb/api-errors/too-many-requests.ko.yaml")
    );
    assert_eq!(
        test.read("support-kb/.gitignore"),
        "# kbgen build writes here (beside the KB, never inside it).\n/out/\n"
    );
    assert!(
        test.read("support-kb/schemas/entry.schema.json")
            .contains("\"$schema\"")
    );
    // As the printed next step says: from the new folder, kbgen finds the KB.
    let check = test.run_in("support-kb", ["check", "--strict"]);
    check.succeeds();
    assert_eq!(check.stderr(), "0 errors, 0 warnings in 7 files\n");
    test.run_in("support-kb", ["build"]).succeeds();
    assert!(
        test.dir()
            .join("support-kb/out/site/ko/api-errors/index.html")
            .is_file()
    );
    let found = test.run_in(
        "support-kb",
        [
            "match",
            "12:00:01 Rate limit exceeded. Retry after 17 seconds.",
        ],
    );
    found.succeeds();
    assert!(
        found.stdout().contains("Too many requests"),
        "{}",
        found.stdout()
    );
}

#[test]
fn the_example_is_written_in_either_direction_and_in_one_locale() {
    for args in [
        vec!["init", "kb-ko", "--locale", "ko", "--translate", "en"],
        vec!["init", "kb-en"],
        vec!["init", "kb-kr", "--locale", "ko-KR"],
    ] {
        let test = KbTest::scratch();
        test.run(&args).succeeds();
        let folder = args[1];
        let check = test.run_in(folder, ["check", "--strict"]);
        check.succeeds();
        assert!(
            check.stderr().starts_with("0 errors, 0 warnings"),
            "{args:?}: {}",
            check.stderr()
        );
        test.run_in(folder, ["build"]).succeeds();
    }
    let test = KbTest::scratch();
    test.run(["init", "kb-ko", "--locale", "ko", "--translate", "en"])
        .succeeds();
    let source = test.read("kb-ko/kb/api-errors/too-many-requests.yaml");
    assert!(source.contains("title: 요청이 너무 많음"), "{source}");
    let translation = test.read("kb-ko/kb/api-errors/too-many-requests.en.yaml");
    assert!(
        translation.contains("text: Too many requests"),
        "{translation}"
    );
}

#[test]
fn refuses_a_folder_that_is_not_empty_or_a_locale_without_example_and_writes_nothing() {
    let test = KbTest::scratch();
    test.write("taken/notes.txt", "mine");
    let run = test.run(["init", "taken"]);
    run.exits(2);
    assert_eq!(
        run.stderr(),
        "error: `taken` is not empty: `kbgen init` makes a new folder or fills an empty one\n"
    );
    assert_eq!(
        std::fs::read_dir(test.dir().join("taken")).unwrap().count(),
        1
    );

    for (args, message) in [
        (
            vec!["init", "new-kb", "--translate", "ja"],
            "error: locale `ja` has no example text: `kbgen init` writes its example in en and ko; start with those, then add `ja` with `kbgen i18n add ja`\n",
        ),
        (
            vec!["init", "new-kb", "--translate", "en"],
            "error: locale `en` is listed twice\n",
        ),
        (
            vec!["init", "new-kb", "--locale", "EN_us"],
            "error: locale `EN_us` is not a BCP 47 language tag (`en`, `ko`, `pt-BR`)\n",
        ),
    ] {
        let run = test.run(&args);
        run.exits(2);
        assert_eq!(run.stderr(), message, "{args:?}");
    }
    // Nothing left behind: no folder, no staging folder.
    let left: Vec<String> = std::fs::read_dir(test.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["taken"]);

    // An empty folder is filled.
    std::fs::create_dir(test.dir().join("empty")).unwrap();
    test.run(["init", "empty"]).succeeds();
    test.run_in("empty", ["check", "--strict"]).succeeds();
}
