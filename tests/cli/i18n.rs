//! `kbgen i18n status`, `accept` and `add`.

use crate::support::{KbTest, fixtures};
use std::path::Path;

fn bundled() -> KbTest {
    KbTest::copy_of(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kb")))
}

fn git(test: &KbTest, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.email=kb@example.com",
            "-c",
            "user.name=kbgen tests",
        ])
        .args(args)
        .current_dir(test.dir())
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn status_of_the_bundled_kb() {
    let run = bundled().run(["i18n", "status", "--fail-on", "missing,stale"]);
    run.succeeds();
    assert_eq!(
        run.stdout(),
        "ko: entries 9 complete, 0 partial, 0 stale, 0 missing (of 9); fields 47 current (100%), 0 stale, 0 missing (of 47)\n"
    );
}

#[test]
fn status_lists_stale_fields_with_what_changed_in_the_source() {
    let test = bundled();
    git(&test, &["init", "-q"]);
    git(&test, &["add", "-A"]);
    git(&test, &["commit", "-qm", "translated"]);
    let path = "kb/itsmc-dashboard-errors/lack-of-connection-details.yaml";
    test.write(
        path,
        test.read(path).replace(
            "The connection was not defined correctly.",
            "The connection was defined with a wrong URL.",
        ),
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
    let fingerprint = kbgen::fingerprint::of("The ITSM connection was deleted.");
    let old = kbgen::fingerprint::of("The connector was deleted.");
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
    let test = bundled();
    let before = test.read("kb/kb.yaml");
    let run = test.run(["i18n", "add", "ja"]);
    run.succeeds();
    assert_eq!(
        test.read("kb/kb.yaml"),
        before.replace("locales: [en, ko]", "locales: [en, ko, ja]")
    );
    let status = test.run(["i18n", "status", "--locale", "ja"]);
    assert!(status.stdout().starts_with("ja: entries 0 complete, 0 partial, 0 stale, 9 missing (of 9); fields 0 current (0%), 0 stale, 47 missing (of 47)\n"), "{}", status.stdout());
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
