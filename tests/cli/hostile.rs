//! Hostile input that is made at test time rather than committed: a 50 MB file, a symlink loop,
//! and every truncation of a real entry. None may panic (exit 101) or hang.

use crate::support::{KbTest, fixtures};

fn minimal() -> KbTest {
    KbTest::copy_of(&fixtures().join("check/valid-minimal/kb"))
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let test = minimal();
    let big = format!(
        "title: x\ncauses:\n{}",
        "  - a cause that repeats\n".repeat(2_100_000)
    );
    assert!(big.len() > 50_000_000);
    test.write("kb/t/e.yaml", big);
    let run = test.run(["check", "--format", "json"]);
    run.fails();
    assert_eq!(run.diagnostic_lines(), ["error file-too-large kb/t/e.yaml"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let test = minimal();
    std::os::unix::fs::symlink("..", test.dir().join("kb/t/loop")).unwrap();
    let run = test.run(["check", "--format", "json"]);
    run.fails();
    assert_eq!(run.diagnostic_lines(), ["error io-error kb/t/loop"]);
    let human = test.run(["check"]);
    assert!(
        human
            .stderr()
            .contains("a symbolic link loops back to a folder that contains it"),
        "{}",
        human.stderr()
    );
}

#[test]
fn every_truncation_of_a_real_entry_gives_diagnostics_not_panics() {
    let bundled =
        crate::support::bundled_kb().join("itsmc-dashboard-errors/missing-connector.yaml");
    let text = std::fs::read(bundled).unwrap();
    let test = minimal();
    let mut failures = 0;
    for len in (0..text.len()).step_by(7) {
        std::fs::write(test.dir().join("kb/t/e.yaml"), &text[..len]).unwrap();
        let checked =
            kbgen::check(&test.dir().join("kb"), Default::default()).expect("the KB folder exists");
        // Some prefixes are valid YAML; all others must say why, at a position in the file.
        for diagnostic in &checked.diagnostics {
            let span = diagnostic.span.expect("every diagnostic here has a file");
            assert!(
                span.end <= len.max(span.start),
                "span {span:?} beyond the file's {len} bytes"
            );
        }
        failures += usize::from(checked.has_errors());
    }
    assert!(failures > 0);
}

/// A file outside the KB, beside the scratch `kb/`, holding something secret.
#[cfg(unix)]
fn with_secret_outside(test: &KbTest) -> std::path::PathBuf {
    let secret = test.dir().join("secret.yaml");
    std::fs::write(&secret, "title: SECRET-LINE-1\nroot:x:0:0:SECRET-LINE-2\n").unwrap();
    secret
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_kb_are_never_opened() {
    let test = minimal();
    let secret = with_secret_outside(&test);
    let kb = test.dir().join("kb");
    std::os::unix::fs::symlink(&secret, kb.join("t/leak.yaml")).unwrap();
    std::fs::create_dir_all(kb.join("templates/assets")).unwrap();
    std::os::unix::fs::symlink(&secret, kb.join("templates/assets/passwd.txt")).unwrap();
    // A link that stays inside the KB is followed (README: "Security").
    std::os::unix::fs::symlink("e.yaml", kb.join("t/alias.yaml")).unwrap();

    let json = test.run(["check", "--format", "json"]);
    json.fails();
    let lines = json.diagnostic_lines();
    assert!(
        lines.contains(&"error symlink-outside-kb kb/t/leak.yaml".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"error symlink-outside-kb kb/templates/assets/passwd.txt".to_string()),
        "{lines:?}"
    );
    // The inside link is read: it is an entry that `order` does not list.
    assert!(
        lines.contains(&"error not-in-order kb/t/topic.yaml:3:5".to_string()),
        "{lines:?}"
    );
    let human = test.run(["check"]);
    assert!(
        !human.stderr().contains("SECRET-LINE"),
        "{}",
        human.stderr()
    );
    assert!(!json.stdout().contains("SECRET-LINE"));

    let build = test.run(["build", "--out", "out"]);
    build.fails();
    assert!(!build.stderr().contains("SECRET-LINE"));
    assert!(!test.dir().join("out").exists(), "nothing is written");

    // A templates/ folder that is itself a link out of the KB, and a topic folder likewise.
    std::fs::remove_dir_all(kb.join("templates")).unwrap();
    let outside = test.dir().join("outside-templates/assets");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(&secret, outside.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(outside.parent().unwrap(), kb.join("templates")).unwrap();
    std::fs::create_dir_all(test.dir().join("outside-topic")).unwrap();
    std::fs::copy(&secret, test.dir().join("outside-topic/topic.yaml")).unwrap();
    std::os::unix::fs::symlink(test.dir().join("outside-topic"), kb.join("u")).unwrap();
    let json = test.run(["check", "--format", "json"]);
    let lines = json.diagnostic_lines();
    assert!(
        lines.contains(&"error symlink-outside-kb kb/templates".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"error symlink-outside-kb kb/u".to_string()),
        "{lines:?}"
    );
    assert!(!json.stdout().contains("SECRET-LINE"));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_opened_and_nothing_hangs() {
    let test = minimal();
    let fifo = test.dir().join("kb/t/entry.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let json = test.run_within(30, ["check", "--format", "json"]);
    json.fails();
    assert!(
        json.diagnostic_lines()
            .contains(&"error not-a-regular-file kb/t/entry.yaml".to_string()),
        "{:?}",
        json.diagnostic_lines()
    );
    let human = test.run_within(30, ["check"]);
    assert!(
        human.stderr().contains("a FIFO (named pipe)"),
        "{}",
        human.stderr()
    );
    test.run_within(30, ["build", "--out", "out"]).fails();
    assert!(!test.dir().join("out").exists());
}

#[test]
fn an_output_folder_inside_the_kb_is_refused() {
    let test = minimal();
    for out in ["kb/site-out", "kb/t/public", "kb/t/../new/deeper"] {
        let run = test.run(["build", "--out", out]);
        run.exits(2);
        assert!(
            run.stderr().contains("is inside the KB"),
            "{}",
            run.stderr()
        );
    }
    // Nothing was written into the KB, so it still checks.
    test.run(["check"]).succeeds();
    let files: Vec<_> = walk(&test.dir().join("kb"));
    assert_eq!(files, ["kb.yaml", "t", "t/e.yaml", "t/topic.yaml"]);
}

fn walk(root: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            found.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Script and markup in every author field that reaches an output.
const PAYLOAD: &str = "<script>alert(1)</script> <img src=x onerror=alert(2)> \
    <iframe src=https://evil.example></iframe> **bold** [link](https://evil.example) | cell | # h";

/// A KB whose every text field carries [`PAYLOAD`] (as YAML-quoted text).
fn payload_kb() -> KbTest {
    let p = serde_json::to_string(PAYLOAD).unwrap();
    let test = KbTest::scratch();
    test.write(
        "kb/kb.yaml",
        format!(
            "title: {p}\ndescription: {p}\nattribution: {p}\nsource_locale: en\nlocales: [en, ko]\n"
        ),
    )
    .write(
        "kb/t/topic.yaml",
        format!(
            "title: {p}\ndescription: {p}\nproduct: {p}\nservice: {p}\nauthor: {p}\n\
             intro: {p}\norder: [e, f]\n"
        ),
    )
    .write(
        "kb/t/e.yaml",
        format!(
            "title: {p}\nerror:\n  code: {p}\n  messages:\n    - \"Failed ``` <script>alert(3)</script> for {{x}}.\"\n  \
             placeholders:\n    x:\n      description: {p}\n      example: {p}\n      values: [{p}, \"a`b\"]\n\
             causes:\n  - {p}\n  - \"<div>\\n<script>alert(4)</script>\\n</div>\"\nresolution:\n  - {p}\nrelated: [f]\n"
        ),
    )
    .write(
        "kb/t/f.yaml",
        format!(
            "title: {p}\nerror:\n  messages:\n    - Another failure.\ncauses:\n  - {p}\nresolution:\n  - {p}\n"
        ),
    )
    .write(
        "kb/templates/strings.yaml",
        format!("en:\n  error: {p}\n  cause: {p}\n  related: {p}\n"),
    );
    test
}

/// Elements that run script or load content, as a browser would see them after Markdown.
fn executable(html: &str) -> Vec<String> {
    let tags =
        regex::Regex::new(r"(?i)<(script|img|iframe|object|embed|svg|a\s[^>]*javascript)").unwrap();
    tags.find_iter(html)
        .map(|m| m.as_str().to_string())
        .collect()
}

fn commonmark_with_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all()),
    );
    html
}

#[test]
fn no_output_passes_author_html_or_markup_through() {
    let test = payload_kb();
    // Raw HTML is a warning (shown as text), untranslated Korean too: the build goes on.
    let build = test.run(["build", "--out", "out"]);
    build.succeeds();
    let out = test.dir().join("out");

    let mut pages = 0;
    for locale in ["en", "ko"] {
        let markdown = std::fs::read_to_string(out.join(format!("md/{locale}/t.md"))).unwrap();
        let html = commonmark_with_html(&markdown);
        assert_eq!(
            executable(&html),
            Vec::<String>::new(),
            "md/{locale}/t.md:\n{markdown}"
        );
        // Plain text (titles, UI strings, codes) cannot open markup: headings and link text show
        // the asterisks and brackets; Markdown fields (causes, intro) keep their Markdown.
        let as_text = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; \
            &lt;iframe src=https://evil.example&gt;&lt;/iframe&gt; **bold** \
            [link](https://evil.example) | cell | # h";
        assert!(html.contains(&format!("<h1>{as_text}</h1>")), "{html}");
        if locale == "en" {
            // The KB's own UI strings (templates/strings.yaml) are author text too.
            assert!(
                html.contains(&format!("<strong>{as_text}</strong>:")),
                "{html}"
            );
        }
        assert!(html.contains(&format!("<code>{as_text}</code>")), "{html}");
        assert!(!html.contains("<table>"), "{html}");
        pages += 1;
    }
    assert_eq!(pages, 2);

    let catalog: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    let mut fields = 0;
    for entry in catalog["entries"].as_array().unwrap() {
        for list in ["causes", "resolution"] {
            for items in entry[list].as_object().unwrap().values() {
                for markdown in items.as_array().unwrap() {
                    let markdown = markdown.as_str().unwrap();
                    let html = commonmark_with_html(markdown);
                    assert_eq!(executable(&html), Vec::<String>::new(), "{markdown}");
                    fields += 1;
                }
            }
        }
    }
    assert!(fields >= 8, "catalog markdown fields checked: {fields}");

    for page in [
        "site/en/t/index.html",
        "site/ko/t/index.html",
        "site/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for payload in [
            "<script>alert",
            "<img src=x",
            "<iframe src=https://evil",
            "<div>",
        ] {
            assert!(!html.contains(payload), "{page} holds {payload}");
        }
    }
}

/// Every file of the KB with its bytes, to prove that a refused import wrote nothing.
pub(crate) fn kb_bytes(test: &KbTest) -> Vec<(String, Vec<u8>)> {
    let root = test.dir().join("kb");
    walk(&root)
        .into_iter()
        .filter(|path| root.join(path).is_file())
        .map(|path| {
            let bytes = std::fs::read(root.join(&path)).unwrap();
            (path, bytes)
        })
        .collect()
}

/// The bundled KB and its Korean PO export (every current translation filled in).
fn bundled_with_po_export() -> (KbTest, String) {
    let test = KbTest::bundled();
    test.run([
        "i18n", "export", "--locale", "ko", "--format", "po", "--out", "ko.po",
    ])
    .succeeds();
    let po = test.read("ko.po");
    (test, po)
}

#[test]
fn a_po_file_with_crlf_line_ends_imports_as_the_same_file_with_lf() {
    let (test, po) = bundled_with_po_export();
    // Every field of the bundled KB is translated and current: one unit each.
    let translated = po.matches("\nmsgctxt ").count();
    assert_eq!(po.matches("#, fuzzy").count(), 0);
    assert!(
        translated >= 40,
        "the bundled KB has {translated} translated fields"
    );
    let before = kb_bytes(&test);
    test.write("crlf.po", po.replace('\n', "\r\n"));
    let crlf = test.run(["i18n", "import", "crlf.po"]);
    crlf.succeeds();
    assert_eq!(
        crlf.stdout(),
        format!("{translated} fields already as imported: left as they were written\n")
    );
    assert_eq!(kb_bytes(&test), before);
    // One edited msgstr: the same one field imported from either file.
    let edited = po.replacen("msgstr \"인증\"", "msgstr \"인증 오류\"", 1);
    assert_ne!(edited, po);
    test.write("crlf.po", edited.replace('\n', "\r\n"));
    test.write("lf.po", &edited);
    let expected = format!(
        "imported 1 field into kb/itsmc-dashboard-errors/authentication.ko.yaml\n{} fields already as imported: left as they were written\n",
        translated - 1
    );
    let crlf = test.run(["i18n", "import", "crlf.po"]);
    crlf.succeeds();
    assert_eq!(crlf.stdout(), expected);
    let after_crlf = kb_bytes(&test);
    test.run(["i18n", "import", "lf.po"]).succeeds();
    assert_eq!(kb_bytes(&test), after_crlf);
    test.run(["check", "--strict"]).succeeds();
}

#[test]
fn imports_that_cannot_be_done_exactly_are_refused_whole() {
    let (test, po) = bundled_with_po_export();
    let before = kb_bytes(&test);
    let first_msgstr = po
        .match_indices("\nmsgstr \"")
        .map(|(at, _)| at)
        .nth(1)
        .expect("a unit after the header");
    let line_end = first_msgstr + 1 + po[first_msgstr + 1..].find('\n').unwrap();
    let with_first_msgstr =
        |replacement: &str| format!("{}\n{replacement}{}", &po[..first_msgstr], &po[line_end..]);
    let cases = [
        (
            "unknown-locale.po",
            po.replace("\"Language: ko\\n\"", "\"Language: fr\\n\""),
            "error[import-locale]",
        ),
        (
            "bad-escape.po",
            with_first_msgstr("msgstr \"인증 \\q\\"),
            "error[import-syntax]",
        ),
        (
            "plural.po",
            with_first_msgstr("msgid_plural \"several\"\nmsgstr[0] \"하나\"\nmsgstr[1] \"여럿\""),
            "error[import-unsupported]",
        ),
        (
            "huge.po",
            with_first_msgstr(&format!("msgstr \"{}\"", "가".repeat(3_000_000))),
            "error[file-too-large]",
        ),
    ];
    for (name, text, expected) in cases {
        test.write(name, &text);
        let run = test.run(["i18n", "import", name]);
        run.fails();
        let stderr = run.stderr();
        let codes: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error["))
            .map(|l| &l[..l.find(']').unwrap() + 1])
            .collect();
        assert_eq!(codes, [expected], "{name}: {stderr}");
        assert!(
            run.stderr().contains(&format!("--> {name}:")),
            "{name}: the diagnostic points into the file: {}",
            run.stderr()
        );
        assert_eq!(kb_bytes(&test), before, "{name} changed the KB");
    }
    // XLIFF inline markup other than <ph/> (a CAT tool's bold) is refused, never dropped.
    test.run([
        "i18n", "export", "--locale", "ko", "--format", "xliff", "--out", "ko.xlf",
    ])
    .succeeds();
    let bold = test.read("ko.xlf").replacen(
        "대시보드의 **커넥터 상태** 섹션",
        "대시보드의 <pc id=\"b1\">커넥터 상태</pc> 섹션",
        1,
    );
    assert!(bold.contains("<pc id="));
    test.write("bold.xlf", bold);
    let run = test.run(["i18n", "import", "bold.xlf"]);
    run.fails();
    assert!(
        run.stderr().contains(
            "error[import-unsupported]: XLIFF: inline markup other than <ph> in a <target>"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(kb_bytes(&test), before);
    // The same for XLIFF's target language.
    let xliff = test
        .read("ko.xlf")
        .replace("trgLang=\"ko\"", "trgLang=\"fr\"");
    test.write("fr.xlf", xliff);
    let run = test.run(["i18n", "import", "fr.xlf"]);
    run.fails();
    assert!(
        run.stderr()
            .contains("error[import-locale]: `trgLang` is `fr`"),
        "{}",
        run.stderr()
    );
    assert_eq!(kb_bytes(&test), before);
}

#[cfg(unix)]
#[test]
fn kbgen_new_does_not_read_a_topic_file_through_a_link_out_of_the_kb() {
    let test = minimal();
    let secret = with_secret_outside(&test);
    let kb = test.dir().join("kb");
    std::fs::create_dir_all(kb.join("u")).unwrap();
    std::os::unix::fs::symlink(&secret, kb.join("u/topic.yaml")).unwrap();
    let run = test.run(["new", "u/leak"]);
    run.exits(2);
    assert!(
        run.stderr()
            .contains("outside the KB: kbgen does not open it"),
        "{}",
        run.stderr()
    );
    assert!(!kb.join("u/leak.yaml").exists());
    assert_eq!(std::fs::read_link(kb.join("u/topic.yaml")).unwrap(), secret);
}
