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
fn build_says_what_it_built_for_people_and_as_json_for_ci() {
    let test = KbTest::bundled();
    let run = test.run(["build", "--format", "json"]);
    run.succeeds();
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let build = &report["build"];
    assert_eq!(build["written"], true);
    assert_eq!(build["out"], "out");
    assert_eq!(build["entries"], 9);
    assert_eq!(build["locales"], serde_json::json!(["en", "ko"]));
    assert_eq!(build["pages"], 24);
    assert_eq!(build["files"], 45);
    assert!(build["seconds"].as_f64().unwrap() > 0.0);
    assert_eq!(report["diagnostics"][0]["code"], "no-base-url");
    assert_eq!(run.stderr(), "");
    // A failed build: the diagnostics, nothing written, exit 1.
    test.edit("kb/kb.yaml", "title:", "titel:");
    let failed = test.run(["build", "--format", "json", "--out", "elsewhere"]);
    failed.exits(1);
    let report: serde_json::Value = serde_json::from_str(&failed.stdout()).unwrap();
    assert_eq!(report["build"]["written"], false);
    assert_eq!(report["build"]["files"], 0);
    let codes: Vec<&str> = (report["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"unknown-field"), "{codes:?}");
    assert!(!test.dir().join("elsewhere").exists());
}

#[test]
fn quiet_prints_only_errors_and_verbose_the_kb_and_each_phase() {
    let warnings = KbTest::fixture("check/scaffold-text");
    let quiet = warnings.run(["--quiet", "check"]);
    quiet.succeeds();
    assert_eq!(
        (quiet.stdout(), quiet.stderr()),
        (String::new(), String::new())
    );
    let test = KbTest::bundled();
    let build = test.run(["build", "-q"]);
    build.succeeds();
    assert_eq!(
        (build.stdout(), build.stderr()),
        (String::new(), String::new())
    );
    let errors = KbTest::fixture("check/unknown-field");
    let quiet = errors.run(["check", "-q"]);
    quiet.fails();
    assert!(
        quiet.stderr().starts_with("error[unknown-field]"),
        "{}",
        quiet.stderr()
    );
    assert!(!quiet.stderr().contains("warning["), "{}", quiet.stderr());

    let verbose = test.run(["check", "--verbose"]);
    verbose.succeeds();
    let stderr = verbose.stderr();
    assert!(
        stderr.starts_with("KB: kb\nload: read and parse: "),
        "{stderr}"
    );
    assert!(stderr.contains("\nvalidate: entries: "), "{stderr}");
    assert!(
        stderr.ends_with("0 errors, 0 warnings in 23 files\n"),
        "{stderr}"
    );
    test.run(["check", "-q", "-v"]).exits(2);
}

#[test]
fn on_a_terminal_long_work_shows_its_phase_on_one_line_and_clears_it() {
    // `script` runs kbgen on a pseudo-terminal, as an author's shell does.
    let test = KbTest::bundled();
    let on_terminal = |ci: Option<&str>| -> String {
        let mut command = std::process::Command::new("script");
        command
            .args([
                "-qec",
                &format!(
                    "{} build --base-url https://kb.example.com/",
                    env!("CARGO_BIN_EXE_kbgen")
                ),
                "/dev/null",
            ])
            .current_dir(test.dir())
            .env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        let output = command.output().expect("script runs");
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let shown = on_terminal(None);
    assert!(shown.starts_with("\r\x1b[2Kload..."), "{shown:?}");
    assert!(
        shown.contains("\r\x1b[2Krender and write site..."),
        "{shown:?}"
    );
    // Cleared before the summary.
    assert!(
        shown.contains("\r\x1b[2Kbuilt 9 entries x 2 locales"),
        "{shown:?}"
    );
    // In CI, no progress line.
    assert!(!on_terminal(Some("true")).contains("..."));
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let test = KbTest::fixture("check/scaffold-text");
    let coloured = |env: &[(&str, Option<&str>)], args: &[&str]| -> bool {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let run = test.run_with(".", env, &all);
        run.succeeds();
        run.stderr().contains("\x1b[")
    };
    // Standard error is a pipe here: no colour unless asked.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[], &["--color", "always"]));
    assert!(coloured(&[("CLICOLOR_FORCE", Some("1"))], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", Some("0"))], &[]));
    assert!(!coloured(
        &[("CLICOLOR_FORCE", Some("1")), ("NO_COLOR", Some("1"))],
        &[]
    ));
    assert!(coloured(&[("NO_COLOR", Some("1"))], &["--color=always"]));
    assert!(!coloured(
        &[("CLICOLOR_FORCE", Some("1"))],
        &["--color", "never"]
    ));
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line_definitions() {
    let test = KbTest::scratch();
    for (shell, marker) in [
        ("bash", "_kbgen() {"),
        ("zsh", "#compdef kbgen"),
        ("fish", "complete -c kbgen"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'kbgen'",
        ),
        ("elvish", "set edit:completion:arg-completer[kbgen]"),
    ] {
        let run = test.run(["completions", shell]);
        run.succeeds();
        let script = run.stdout();
        assert!(script.contains(marker), "{shell}: {script}");
        // Every command and a global flag are offered.
        for word in ["check", "build", "init", "base-url", "quiet"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    test.run(["completions", "tcsh"]).exits(2);

    let page = test.run(["man"]);
    page.succeeds();
    assert!(
        page.stdout().contains(".TH kbgen 1  \"kbgen "),
        "{}",
        page.stdout()
    );
    let written = test.run(["man", "--out", "man"]);
    written.succeeds();
    let mut pages: Vec<String> = std::fs::read_dir(test.dir().join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "kbgen-build.1",
            "kbgen-catalog.1",
            "kbgen-check.1",
            "kbgen-completions.1",
            "kbgen-i18n.1",
            "kbgen-init.1",
            "kbgen-man.1",
            "kbgen-match.1",
            "kbgen-new.1",
            "kbgen-schema.1",
            "kbgen-serve.1",
            "kbgen.1",
        ]
    );
    let build = test.read("man/kbgen-build.1");
    assert!(
        build.contains("\\-\\-base\\-url") && build.contains("\\-\\-quiet"),
        "{build}"
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
        vec!["serve", "--help"],
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
