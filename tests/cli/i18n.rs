//! `kbgen i18n status`, `accept` and `add`.

use crate::support::{KbTest, fixtures, git};

/// Imports the bundled KB's XLIFF export with the protected span of one Korean target (the
/// `<ph>` before "(Too Many Requests)") replaced by `target`.
fn import_edited(test: &KbTest, exported: &str, target: &str) -> crate::support::Run {
    let edited = exported.replacen(
        "<ph id=\"1\" dataRef=\"d1\"/>(Too Many Requests)",
        target,
        1,
    );
    assert_ne!(edited, exported, "the export has the protected span");
    test.write("edited.xlf", edited);
    test.run(["i18n", "import", "edited.xlf"])
}

#[test]
fn status_of_the_bundled_kb() {
    let run = KbTest::bundled().run(["i18n", "status", "--fail-on", "missing,stale"]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        "ko: entries 9 complete, 0 partial, 0 stale, 0 missing (of 9); fields 47 current (100%, 47 reviewed), 0 stale, 0 missing (of 47)\n"
    );
}

#[test]
fn status_lists_stale_fields_with_what_changed_in_the_source() {
    let test = KbTest::bundled();
    git(&test, &["init", "-q"]);
    git(&test, &["add", "-A"]);
    git(&test, &["commit", "-qm", "translated"]);
    let path = "kb/itsmc-dashboard-errors/lack-of-connection-details.yaml";
    test.edit(
        path,
        "The connection was not defined correctly.",
        "The connection was defined with a wrong URL.",
    );
    git(&test, &["commit", "-qam", "source changed"]);

    let run = test.run(["i18n", "status", "--fail-on", "stale"]);
    run.fails();
    insta::assert_snapshot!("i18n_status_stale", run.stdout());
    test.run(["i18n", "status", "--fail-on", "missing"])
        .succeeds();

    let json: serde_json::Value =
        serde_json::from_str(&test.run(["i18n", "status", "--format", "json"]).stdout()).unwrap();
    let stale = &json["locales"][0]["stale"][0];
    assert_eq!(stale["field"], "causes[1]");
    assert_eq!(stale["was"], "The connection was not defined correctly.");
    assert_eq!(
        stale["source"],
        "The connection was defined with a wrong URL."
    );
    assert_eq!(json["locales"][0]["fields"]["percent_current"], 97.9);
}

#[test]
fn without_git_history_status_shows_the_current_source() {
    let test = KbTest::copy_of(&fixtures().join("check/stale-translation/kb"));
    let json: serde_json::Value =
        serde_json::from_str(&test.run(["i18n", "status", "--format", "json"]).stdout()).unwrap();
    assert_eq!(
        json["locales"][0]["stale"][0]["was"],
        serde_json::Value::Null
    );
    assert_eq!(json["locales"][0]["stale"][0]["file"], "kb/t/e.ko.yaml");
}

#[test]
fn accept_rewrites_only_the_fingerprint_of_the_stale_field() {
    let test = KbTest::copy_of(&fixtures().join("check/stale-translation/kb"));
    let before = test.read("kb/t/e.ko.yaml");
    let run = test.run(["i18n", "accept", "kb/t/e.ko.yaml"]);
    run.succeeds();
    assert_eq!(run.stdout(), "accepted causes[0] in kb/t/e.ko.yaml\n");
    let fingerprint = kbgen::kb::fingerprint::of("The ITSM connection was deleted.");
    let old = kbgen::kb::fingerprint::of("The connector was deleted.");
    assert_eq!(
        test.read("kb/t/e.ko.yaml"),
        before.replace(
            &format!("fingerprint: {old}"),
            &format!("fingerprint: \"{fingerprint}\"")
        )
    );
    test.run(["check", "--strict"]).succeeds();
    assert_eq!(
        test.run(["i18n", "accept", "t/e"]).stdout(),
        "nothing to accept: no stale field in `t/e`\n"
    );
}

#[test]
fn accept_by_entry_id_and_field_and_refusals() {
    let test = KbTest::copy_of(&fixtures().join("check/stale-translation/kb"));
    let run = test.run(["i18n", "accept", "t/e", "--field", "title"]);
    run.exits(2);
    assert!(
        run.stderr()
            .contains("`title` is not a stale field of `t/e`"),
        "{}",
        run.stderr()
    );
    let run = test.run(["i18n", "accept", "t/nope"]);
    run.exits(2);
    assert!(
        run.stderr()
            .contains("no translation file or entry `t/nope`"),
        "{}",
        run.stderr()
    );
    test.run(["check", "--strict"]).fails();
    let run = test.run([
        "i18n",
        "accept",
        "t/e",
        "--locale",
        "ko",
        "--field",
        "causes[0]",
    ]);
    run.succeeds();
    test.run(["check", "--strict"]).succeeds();
}

#[test]
fn add_a_locale_and_the_site_builds_at_once_with_fallbacks() {
    let test = KbTest::bundled();
    let before = test.read("kb/kb.yaml");
    let run = test.run(["i18n", "add", "ja"]);
    run.succeeds();
    assert_eq!(
        test.read("kb/kb.yaml"),
        before.replace("locales: [en, ko]", "locales: [en, ko, ja]")
    );
    let status = test.run(["i18n", "status", "--locale", "ja"]);
    assert!(status.stdout().starts_with("ja: entries 0 complete, 0 partial, 0 stale, 9 missing (of 9); fields 0 current (0%, 0 reviewed), 0 stale, 47 missing (of 47)\n"), "{}", status.stdout());
    test.run(["build"]).succeeds();
    let page = test.read("out/site/ja/itsmc-dashboard-errors/index.html");
    assert!(page.contains("<html lang=\"ja\">"));
    assert!(page.contains("<p class=\"notice\" role=\"note\">このセクションはまだ日本語に翻訳されていないため、原文で表示しています。</p>"));
    assert!(page.contains("<h2 id=\"missing-connector-title\" lang=\"en\">"));
    for (args, message) in [
        (["i18n", "add", "ja"], "`locales` lists `ja` already"),
        (["i18n", "add", "ja_JP"], "not a locale tag"),
    ] {
        let run = test.run(args);
        run.exits(2);
        assert!(run.stderr().contains(message), "{}", run.stderr());
    }
}

/// Export, translate by editing the file, import, `check --strict`, and the site shows it.
#[test]
fn xliff_round_trip() {
    let test = KbTest::bundled();
    let path = "kb/itsmc-dashboard-errors/lack-of-connection-details.yaml";
    test.edit(
        path,
        "The connection was not defined correctly.",
        "The connection was defined with a wrong `instance URL`.",
    );
    test.run(["check", "--strict"]).fails();
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
    let exported = test.read("ko.xlf");
    assert_eq!(exported.matches("<unit ").count(), 1, "{exported}");
    assert!(exported.contains("<source>The connection was defined with a wrong <ph id=\"1\" dataRef=\"d1\"/>.</source>"), "{exported}");
    let translated = exported.replacen("</source>\n", "</source>\n    <target>연결이 잘못된 <ph id=\"1\" dataRef=\"d1\"/>(으)로 정의되었습니다.</target>\n", 1);
    test.write("ko.xlf", translated);
    let before = test.read("kb/itsmc-dashboard-errors/lack-of-connection-details.ko.yaml");
    let run = test.run(["i18n", "import", "ko.xlf"]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        "imported 1 field into kb/itsmc-dashboard-errors/lack-of-connection-details.ko.yaml\n"
    );
    let fingerprint =
        kbgen::kb::fingerprint::of("The connection was defined with a wrong `instance URL`.");
    assert_eq!(
        test.read("kb/itsmc-dashboard-errors/lack-of-connection-details.ko.yaml"),
        before
            .replace("  - text: 연결이 올바르게 정의되지 않았습니다.\n    fingerprint: \"4782a09c\"", &format!("  - text: \"연결이 잘못된 `instance URL`(으)로 정의되었습니다.\"\n    fingerprint: \"{fingerprint}\""))
    );
    test.run(["check", "--strict"]).succeeds();
    test.run(["build"]).succeeds();
    assert!(
        test.read("out/site/ko/itsmc-dashboard-errors/index.html")
            .contains("연결이 잘못된 <code>instance URL</code>(으)로 정의되었습니다.")
    );
}

#[test]
fn import_refuses_altered_protected_spans_and_changed_sources_writing_nothing() {
    let test = KbTest::bundled();
    test.run([
        "i18n", "export", "--locale", "ko", "--format", "xliff", "--out", "ko.xlf",
    ])
    .succeeds();
    let exported = test.read("ko.xlf");
    let before = test.read("kb/itsmc-dashboard-errors/servicenow-rate-problem.ko.yaml");
    // A translator drops the protected `StatusCode=429`.
    let run = import_edited(&test, &exported, "StatusCode = 429(Too Many Requests)");
    // A refusal is a problem with the input, like `check`'s errors: exit 1, a diagnostic each.
    run.fails();
    assert!(run.stderr().contains("error[protected-span-changed]: `itsmc-dashboard-errors/servicenow-rate-problem.yaml#causes[0]`: the protected text \"`StatusCode=429`\" was altered or dropped"), "{}", run.stderr());
    assert_eq!(
        test.read("kb/itsmc-dashboard-errors/servicenow-rate-problem.ko.yaml"),
        before
    );
    // A <ph> that numbers no protected span of its source is one problem among the others.
    let run = import_edited(
        &test,
        &exported,
        "<ph id=\"7\" dataRef=\"d7\"/>(Too Many Requests)",
    );
    run.fails();
    assert!(
        run.stderr().contains(
            "error[import-syntax]: XLIFF: <ph id=\"7\"> is not a protected span of the source"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("nothing imported"),
        "{}",
        run.stderr()
    );
    // The source changes after the export.
    let path = "kb/itsmc-dashboard-errors/authentication.yaml";
    test.edit(
        path,
        "The integration user is missing integration rights.",
        "The integration user lacks rights.",
    );
    let run = test.run(["i18n", "import", "ko.xlf"]);
    run.fails();
    assert!(
        run.stderr().contains(
            "error[import-source-changed]: the source of `itsmc-dashboard-errors/authentication.yaml#causes[1]` changed since the export"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(
        test.read("kb/itsmc-dashboard-errors/servicenow-rate-problem.ko.yaml"),
        before
    );
}

/// A PO export with each empty `msgstr` of the units `chosen` (by `msgctxt`) filled in as
/// `번역: <msgid>`.
fn translate_po(exported: &str, chosen: impl Fn(&str) -> bool) -> String {
    let mut filled = String::new();
    let (mut context, mut msgid) = (String::new(), String::new());
    for line in exported.lines() {
        if let Some(value) = line.strip_prefix("msgctxt ") {
            context = value.trim_matches('"').to_string();
        }
        if let Some(value) = line.strip_prefix("msgid ") {
            msgid = value.trim_matches('"').to_string();
        }
        if line == "msgstr \"\"" && !msgid.is_empty() && chosen(&context) {
            filled.push_str(&format!("msgstr \"번역: {msgid}\"\n"));
        } else {
            filled.push_str(line);
            filled.push('\n');
        }
    }
    filled
}

/// An import changes the bytes of the fields it changes and nothing else: comments, the
/// schema line, quoting and folding of the fields around them stay as written; a missing
/// placeholder goes after the last one, a missing list at the end.
#[test]
fn an_import_changes_only_the_fields_it_imports() {
    let fixture = fixtures().join("import/edits-keep-the-file");
    let test = KbTest::copy_of(&fixture.join("kb"));
    test.run([
        "i18n",
        "export",
        "--locale",
        "ko",
        "--format",
        "po",
        "--only",
        "missing,stale",
        "--out",
        "ko.po",
    ])
    .succeeds();
    let exported = test.read("ko.po");
    let untouched = test.read("kb/t/g.ko.yaml");
    // The stale title reviewed: its text changed, no longer `fuzzy`.
    let stale_title =
        "#, fuzzy\nmsgctxt \"t/e.yaml#title\"\nmsgid \"Connector missing\"\nmsgstr \"커넥터 없음\"";
    assert!(exported.contains(stale_title), "{exported}");
    let reviewed = exported.replace(
        stale_title,
        "msgctxt \"t/e.yaml#title\"\nmsgid \"Connector missing\"\nmsgstr \"커넥터가 없음\"",
    );
    test.write(
        "ko.po",
        translate_po(&reviewed, |unit| unit.starts_with("t/e.yaml#")),
    );
    let run = test.run(["i18n", "import", "ko.po"]);
    run.succeeds();
    assert_eq!(run.stdout(), "imported 4 fields into kb/t/e.ko.yaml\n");
    assert_eq!(
        test.read("kb/t/e.ko.yaml"),
        std::fs::read_to_string(fixture.join("expected/t/e.ko.yaml")).unwrap()
    );
    assert_eq!(test.read("kb/t/g.ko.yaml"), untouched);
    let check = test.run(["check", "--strict", "--format", "json"]);
    assert!(
        !check.stdout().contains("t/e.ko.yaml"),
        "{}",
        check.stdout()
    );
}

/// What cannot be put in its place exactly is refused, writing nothing: items into a list of
/// another length than the source's, and part of a list the file does not have.
#[test]
fn an_import_that_cannot_be_written_exactly_is_refused() {
    let test = KbTest::copy_of(&fixtures().join("import/edits-keep-the-file/kb"));
    test.run([
        "i18n", "export", "--locale", "ko", "--format", "po", "--only", "missing", "--out", "ko.po",
    ])
    .succeeds();
    let exported = test.read("ko.po");
    let before = crate::hostile::kb_bytes(&test);
    for (chosen, message) in [
        (
            "t/g.yaml#causes",
            "error[import-inexact]: `kb/t/g.ko.yaml` has 2 items of `causes` where the source has 3",
        ),
        (
            "t/e.yaml#causes[1]",
            "error[import-inexact]: `causes` is translated as a whole, and this import has 1 of its 2 items",
        ),
    ] {
        test.write(
            "ko.po",
            translate_po(&exported, |unit| unit.starts_with(chosen)),
        );
        let run = test.run(["i18n", "import", "ko.po"]);
        run.fails();
        assert!(run.stderr().contains(message), "{}", run.stderr());
        assert!(
            run.stderr().contains("nothing imported"),
            "{}",
            run.stderr()
        );
        assert_eq!(crate::hostile::kb_bytes(&test), before);
    }
}

/// Export, import again unedited: not a byte of the KB changes, in either format.
#[test]
fn an_unedited_round_trip_changes_nothing() {
    let test = KbTest::bundled();
    let before = crate::hostile::kb_bytes(&test);
    for format in ["xliff", "po"] {
        let file = format!("ko.{format}");
        test.run([
            "i18n", "export", "--locale", "ko", "--format", format, "--out", &file,
        ])
        .succeeds();
        let run = test.run(["i18n", "import", &file]);
        run.succeeds();
        assert_eq!(
            run.stdout(),
            "47 fields already as imported: left as they were written\n"
        );
        assert_eq!(crate::hostile::kb_bytes(&test), before, "{format}");
    }
}

/// A translation is `translated` until a reviewer accepts it (`accept --reviewed`), then
/// `final` while its text stays the one reviewed: status counts it, XLIFF's state and PO's
/// `fuzzy` follow it, and any change of the text (an import, an edit) makes it `translated`.
#[test]
fn review_state_follows_the_text_through_accept_export_and_import() {
    let test = KbTest::copy_of(&fixtures().join("check/stale-translation/kb"));
    let status = || test.run(["i18n", "status"]).stdout();
    assert!(
        status().contains("fields 5 current (83.3%, 0 reviewed), 1 stale"),
        "{}",
        status()
    );
    test.run(["i18n", "status", "--fail-on", "unreviewed"])
        .fails();
    let xliff = |test: &KbTest| {
        test.run([
            "i18n", "export", "--locale", "ko", "--format", "xliff", "--out", "ko.xlf",
        ])
        .succeeds();
        test.read("ko.xlf")
    };
    let exported = xliff(&test);
    assert_eq!(
        exported.matches("<segment state=\"translated\">").count(),
        5
    );
    assert_eq!(
        exported
            .matches("<segment state=\"translated\" subState=\"kbgen:stale\">")
            .count(),
        1
    );
    // Reviewed: the stale field made current, every field marked with its text's fingerprint.
    let run = test.run(["i18n", "accept", "--reviewed", "kb/t/e.ko.yaml"]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        "accepted title, causes[0], resolution[0], error.placeholders.alertName.description as reviewed in kb/t/e.ko.yaml\n"
    );
    let file = test.read("kb/t/e.ko.yaml");
    let mark = kbgen::kb::fingerprint::of("커넥터가 삭제되었습니다.");
    assert!(
        file.contains(&format!(
            "  - text: 커넥터가 삭제되었습니다.\n    fingerprint: \"{}\"\n    reviewed: \"{mark}\"\n",
            kbgen::kb::fingerprint::of("The ITSM connection was deleted.")
        )),
        "{file}"
    );
    test.run([
        "i18n",
        "accept",
        "--reviewed",
        "kb/t/topic.ko.yaml",
        "kb/kb.ko.yaml",
    ])
    .succeeds();
    assert!(
        status().contains("fields 6 current (100%, 6 reviewed), 0 stale"),
        "{}",
        status()
    );
    test.run(["i18n", "status", "--fail-on", "unreviewed"])
        .succeeds();
    test.run(["check", "--strict"]).succeeds();
    assert_eq!(xliff(&test).matches("<segment state=\"final\">").count(), 6);
    test.run([
        "i18n", "export", "--locale", "ko", "--format", "po", "--out", "ko.po",
    ])
    .succeeds();
    assert_eq!(test.read("ko.po").matches("#, fuzzy").count(), 0);
    // A reviewed text changed by hand: translated again, until a reviewer accepts it.
    test.edit(
        "kb/t/e.ko.yaml",
        "커넥터가 삭제되었습니다.",
        "커넥터가 제거되었습니다.",
    );
    assert!(
        status().contains("fields 6 current (100%, 5 reviewed)"),
        "{}",
        status()
    );
    test.run([
        "i18n",
        "export",
        "--locale",
        "ko",
        "--format",
        "po",
        "--only",
        "unreviewed",
        "--out",
        "ko.po",
    ])
    .succeeds();
    let po = test.read("ko.po");
    assert_eq!(po.matches("\nmsgctxt ").count(), 1, "{po}");
    assert!(
        po.contains("#, fuzzy\nmsgctxt \"t/e.yaml#causes[0]\""),
        "{po}"
    );
    let run = test.run([
        "i18n",
        "accept",
        "--reviewed",
        "kb/t/e.ko.yaml",
        "--field",
        "title",
    ]);
    run.exits(2);
    assert!(
        run.stderr()
            .contains("`title` of `kb/t/e.ko.yaml` has nothing to review"),
        "{}",
        run.stderr()
    );
    test.run(["i18n", "accept", "--reviewed", "t/e"]).succeeds();
    assert!(status().contains("6 reviewed"), "{}", status());
}

/// Besides each unit's text: the source a stale translation was made from (git history; PO's
/// previous msgid, an XLIFF note), the glossary's rules for the terms its source has, and the
/// author's comments on the field; `--format tbx` exports the glossary itself.
#[test]
fn exports_tell_translators_the_previous_source_the_glossary_and_the_authors_notes() {
    let test = KbTest::bundled();
    git(&test, &["init", "-q"]);
    git(&test, &["add", "-A"]);
    git(&test, &["commit", "-qm", "the KB as translated"]);
    test.edit(
        "kb/itsmc-dashboard-errors/lack-of-connection-details.yaml",
        "  - The connection was not defined correctly.",
        "  # The URL is the instance URL the connection form asks for.\n  - The connection was defined with a wrong URL or user.",
    );
    git(&test, &["commit", "-qam", "an English cause rewritten"]);
    let export = |format: &str| {
        let file = format!("ko.{format}");
        test.run([
            "i18n", "export", "--locale", "ko", "--format", format, "--out", &file,
        ])
        .succeeds();
        test.read(&file)
    };
    let po = export("po");
    let stale = "#, fuzzy\n#| msgctxt \"itsmc-dashboard-errors/lack-of-connection-details.yaml#causes[1]\"\n#| msgid \"The connection was not defined correctly.\"\nmsgctxt \"itsmc-dashboard-errors/lack-of-connection-details.yaml#causes[1]\"\nmsgid \"The connection was defined with a wrong URL or user.\"\n";
    assert!(po.contains(stale), "{po}");
    assert!(
        po.contains("#. glossary: rate limit: 속도 제한 (not 요금, 요율) - Request rate limiting"),
        "{po}"
    );
    assert!(
        po.contains("#. glossary: ServiceNow: never translated\n"),
        "{po}"
    );
    assert!(po.contains("#. note: \"Rate\" means request rate limiting (HTTP 429 Too Many Requests), not billing.\n"), "{po}");
    let xliff = export("xliff");
    assert!(
        xliff.contains(
            "<note category=\"previous-source\">The connection was not defined correctly.</note>"
        ),
        "{xliff}"
    );
    assert!(
        xliff.contains("<note category=\"glossary\">refresh token: 새로 고침 토큰</note>"),
        "{xliff}"
    );
    assert!(xliff.contains("<note category=\"comment\">The URL is the instance URL the connection form asks for.</note>"), "{xliff}");
    assert!(
        po.contains("#. note: The URL is the instance URL the connection form asks for.\n"),
        "{po}"
    );
    // Still read back: the notes change nothing of what an import takes.
    let run = test.run(["i18n", "import", "ko.po"]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        "46 fields already as imported: left as they were written\n"
    );
    let tbx = export("tbx");
    assert!(tbx.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx style=\"dca\" type=\"TBX-Basic\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"), "{tbx}");
    assert!(tbx.contains("<langSec xml:lang=\"ko\">\n     <termSec>\n      <term>속도 제한</term>\n      <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n     </termSec>\n     <termSec>\n      <term>요금</term>\n      <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"), "{tbx}");
    assert_eq!(
        tbx.matches("<conceptEntry ").count(),
        tbx.matches("</conceptEntry>").count()
    );
    let terms = test.read("kb/glossary.yaml").matches("  - term: ").count();
    assert_eq!(tbx.matches("<conceptEntry ").count(), terms);
}

/// PO for a KB with missing translations: fill every msgstr, import, and nothing is missing.
#[test]
fn po_round_trip_fills_missing_translations() {
    let test = KbTest::copy_of(&fixtures().join("check/missing-translation/kb"));
    test.run([
        "i18n", "export", "--locale", "ko", "--format", "po", "--only", "missing", "--out", "ko.po",
    ])
    .succeeds();
    let exported = test.read("ko.po");
    assert_eq!(exported.matches("\nmsgctxt ").count(), 7, "{exported}");
    test.write("ko.po", translate_po(&exported, |_| true));
    let run = test.run(["i18n", "import", "ko.po"]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        "imported 4 fields into kb/t/e.ko.yaml\nimported 3 fields into kb/t/f.ko.yaml\n"
    );
    test.run(["check", "--strict"]).succeeds();
    assert!(
        test.read("kb/t/e.ko.yaml")
            .contains("text: \"번역: The connector was deleted.\"")
    );
}

#[test]
fn accept_takes_several_targets_and_writes_nothing_if_one_is_wrong() {
    let test = KbTest::bundled();
    test.edit(
        "kb/itsmc-dashboard-errors/authentication.yaml",
        "The integration user is missing integration rights.",
        "The integration user lacks integration rights.",
    )
    .edit(
        "kb/itsmc-dashboard-errors/missing-connector.yaml",
        "description: The name of the alert rule that fired.",
        "description: The name of the alert rule that fired an alert.",
    );
    let before = (
        test.read("kb/itsmc-dashboard-errors/authentication.ko.yaml"),
        test.read("kb/itsmc-dashboard-errors/missing-connector.ko.yaml"),
    );
    let run = test.run([
        "i18n",
        "accept",
        "itsmc-dashboard-errors/authentication",
        "itsmc-dashboard-errors/nope",
    ]);
    run.exits(2);
    assert!(
        run.stderr()
            .contains("no translation file or entry `itsmc-dashboard-errors/nope`")
    );
    assert_eq!(
        (
            test.read("kb/itsmc-dashboard-errors/authentication.ko.yaml"),
            test.read("kb/itsmc-dashboard-errors/missing-connector.ko.yaml"),
        ),
        before
    );
    let run = test.run([
        "i18n",
        "accept",
        "itsmc-dashboard-errors/authentication",
        "kb/itsmc-dashboard-errors/missing-connector.ko.yaml",
    ]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        // In the topic's order, which puts missing-connector first.
        "accepted error.placeholders.alertName.description in kb/itsmc-dashboard-errors/missing-connector.ko.yaml\n\
         accepted causes[1] in kb/itsmc-dashboard-errors/authentication.ko.yaml\n"
    );
    test.run(["check", "--strict"]).succeeds();
}
