//! `kbgen check` on one fixture KB per diagnostic (see main.rs for the `expected` format).

use crate::support::{KbTest, fixtures};

struct Expected {
    args: Vec<String>,
    exit: i32,
    diagnostics: Vec<String>,
}

fn parse_expected(text: &str) -> Expected {
    let mut expected = Expected {
        args: vec!["check".into()],
        exit: 0,
        diagnostics: Vec::new(),
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(command) = line.strip_prefix("# kbgen ") {
            expected.args = command.split_whitespace().map(str::to_string).collect();
        } else if let Some(code) = line.strip_prefix("exit ") {
            expected.exit = code.parse().expect("exit code");
        } else if !line.starts_with('#') {
            expected.diagnostics.push(line.to_string());
        }
    }
    expected
}

fn check_fixture(case: &str) {
    let name = format!("check/{case}");
    let path = fixtures().join(&name).join("expected");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing", path.display()));
    let expected = parse_expected(&text);
    let test = KbTest::fixture(&name);

    let json = test.run(
        expected
            .args
            .iter()
            .map(String::as_str)
            .chain(["--format", "json"]),
    );
    let found = json.diagnostic_lines();
    if std::env::var_os("KBGEN_BLESS").is_some() {
        let command = text
            .lines()
            .find(|l| l.starts_with("# kbgen "))
            .map(|l| format!("{l}\n"))
            .unwrap_or_default();
        let blessed = format!(
            "{command}exit {}\n{}",
            json.code(),
            found.iter().map(|l| format!("{l}\n")).collect::<String>()
        );
        std::fs::write(&path, blessed).unwrap();
    } else {
        assert_eq!(found, expected.diagnostics, "diagnostics of {name}");
        json.exits(expected.exit);
    }

    let human = test.run(&expected.args);
    assert_eq!(
        human.code(),
        json.code(),
        "human and JSON runs agree on the exit code"
    );
    insta::assert_snapshot!(name.replace('/', "__"), human.stderr());
}

macro_rules! cases {
    ($($test:ident => $folder:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($folder);
            }
        )*

        const CASES: &[&str] = &[$($folder,)*];
    };
}

cases! {
    valid_minimal => "valid-minimal",
    yaml_syntax => "yaml-syntax",
    unknown_field => "unknown-field",
    missing_field => "missing-field",
    wrong_type => "wrong-type",
    duplicate_key => "duplicate-key",
    empty_list => "empty-list",
    invalid_value => "invalid-value",
    invalid_id => "invalid-id",
    duplicate_id => "duplicate-id",
    not_in_order => "not-in-order",
    unknown_in_order => "unknown-in-order",
    unexpected_file => "unexpected-file",
    missing_kb_file => "missing-kb-file",
    missing_topic_file => "missing-topic-file",
    unknown_locale => "unknown-locale",
    orphan_translation => "orphan-translation",
    broken_link => "broken-link",
    broken_related => "broken-related",
    unknown_link_base => "unknown-link-base",
    unsafe_link => "unsafe-link",
    relative_link => "relative-link",
    insecure_link => "insecure-link",
    raw_html => "raw-html",
    undeclared_placeholder => "undeclared-placeholder",
    unused_placeholder => "unused-placeholder",
    inline_alternatives => "inline-alternatives",
    missing_translation => "missing-translation",
    missing_translation_strict => "missing-translation-strict",
    stale_translation => "stale-translation",
    stale_is_compared_with_nothing_else => "stale-is-compared-with-nothing-else",
    informal_register => "informal-register",
    english_run => "english-run",
    length_mismatch => "length-mismatch",
    markup_mismatch => "markup-mismatch",
    detached_particle => "detached-particle",
    list_length_mismatch => "list-length-mismatch",
    protected_span_changed => "protected-span-changed",
    localized_message_mismatch => "localized-message-mismatch",
    translated_error_message => "translated-error-message",
    ko_particle_in_link => "ko-particle-in-link",
    ko_broken_spacing => "ko-broken-spacing",
    seed_mt_faults => "seed-mt-faults",
    glossary_violations => "glossary-violations",
    sample_mismatch => "sample-mismatch",
    sample_ambiguous => "sample-ambiguous",
    ambiguous_messages => "ambiguous-messages",
    invalid_utf8 => "invalid-utf8",
    bom_is_accepted => "bom-is-accepted",
    tab_indent => "tab-indent",
    alias_bomb => "alias-bomb",
    deep_nesting => "deep-nesting",
    carets_under_hangul => "carets-under-hangul",
    sorted_across_files => "sorted-across-files",
    template_override_errors => "template-override-errors",
    yaml_tag => "yaml-tag",
    costly_pattern => "costly-pattern",
    every_problem_of_a_file => "every-problem-of-a-file",
    number_where_text_is_expected => "number-where-text-is-expected",
    scaffold_text => "scaffold-text",
    topics_order => "topics-order",
    literal_markup => "literal-markup",
    number_mismatch => "number-mismatch",
    untranslated => "untranslated",
    sentence_mismatch => "sentence-mismatch",
    ko_dependent_noun => "ko-dependent-noun",
}

#[test]
fn every_fixture_folder_has_a_test() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures().join("check"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    cases.sort();
    assert_eq!(folders, cases);
}

#[test]
fn every_diagnostic_code_has_a_fixture() {
    let mut seen = std::collections::BTreeSet::new();
    for case in CASES {
        let text =
            std::fs::read_to_string(fixtures().join("check").join(case).join("expected")).unwrap();
        for line in parse_expected(&text).diagnostics {
            seen.insert(line.split_whitespace().nth(1).unwrap().to_string());
        }
    }
    // These are made at test time (symlinks, FIFOs, a 50 MB file, exchange files to import) or
    // by `build` only: see hostile.rs, i18n.rs and build.rs.
    let made_elsewhere = [
        "no-base-url",
        "io-error",
        "file-too-large",
        "symlink-outside-kb",
        "not-a-regular-file",
        "import-syntax",
        "import-unsupported",
        "import-locale",
        "import-unknown-unit",
        "import-source-changed",
        "import-inexact",
    ];
    let missing: Vec<&str> = kbgen::diagnostic::Code::ALL
        .iter()
        .map(|c| c.name())
        .filter(|name| !seen.contains(*name) && !made_elsewhere.contains(name))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

/// Korean rules are language rules: `ko-KR` and `ko-Kore-KR` get them as `ko` does.
#[test]
fn korean_rules_apply_to_every_korean_locale_tag() {
    for tag in ["ko-KR", "ko-Kore-KR"] {
        let test = crate::support::KbTest::scratch();
        let source = fixtures().join("check/ko-broken-spacing/kb");
        for (from, to) in [
            ("kb.yaml", "kb.yaml".to_string()),
            ("kb.ko.yaml", format!("kb.{tag}.yaml")),
            ("t/e.yaml", "t/e.yaml".to_string()),
            ("t/e.ko.yaml", format!("t/e.{tag}.yaml")),
            ("t/topic.yaml", "t/topic.yaml".to_string()),
            ("t/topic.ko.yaml", format!("t/topic.{tag}.yaml")),
        ] {
            let text = std::fs::read_to_string(source.join(from)).unwrap();
            test.write(
                &format!("kb/{to}"),
                text.replace("[en, ko]", &format!("[en, {tag}]")),
            );
        }
        let run = test.run(["check", "--format", "json"]);
        assert_eq!(
            run.diagnostic_lines(),
            [
                format!("warning ko-broken-spacing kb/t/e.{tag}.yaml:14:22"),
                format!("warning ko-broken-spacing kb/t/e.{tag}.yaml:14:26"),
            ]
        );
    }
}
