//! `kbgen catalog`, `kbgen schema` and `kbgen match`: from a live error message to its fix.

use crate::support::KbTest;
use std::path::Path;

fn matched(test: &KbTest, args: &[&str], message: &str) -> serde_json::Value {
    let mut all = vec!["match", "--format", "json"];
    all.extend_from_slice(args);
    all.push(message);
    let run = test.run(&all);
    serde_json::from_str(&run.stdout()).expect("match prints JSON")
}

/// A message as it arrives, the entry it belongs to, and the values to read from it.
type RealMessage = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Each ITSMC message as it arrives from the product, with realistic values.
const REAL_MESSAGES: &[RealMessage] = &[
    (
        r#"2026-11-27T03:12:44Z ERROR Unexpected response from ServiceNow along with success status code. Response: {"import_set":"ISET0048213","staging_table":"x_mioms_microsoft_oms_incident","result":[{"transform_map":"OMS Incident","table":"incident","status":"error","error_message":"Invalid staging table"}]}"#,
        "unexpected-response",
        &[
            ("import_set_id", "ISET0048213"),
            ("error_message", "Invalid staging table"),
        ],
    ),
    (
        r#"{"error": {"message": "Operation Failed", "detail": "ACL Exception Update Failed due to security constraints"}}"#,
        "exception-update-failure",
        &[],
    ),
    (
        "[itsm-connector] an error occurred while sending the request",
        "problem-sending-a-request",
        &[],
    ),
    (
        "servicedeskhttpbadrequestexception: StatusCode = 429 (retry in 30s)",
        "servicenow-rate-problem",
        &[],
    ),
    (
        "AccessToken and RefreshToken invalid.\n  User needs to authenticate again.",
        "invalid-refresh-token",
        &[],
    ),
    (
        "Could not sync templates configuration for Event,Alert,Incident. See Exception Message for more details.",
        "invalid-refresh-token",
        &[],
    ),
    (
        "03:14:07 Could not create/update work item for alert Disk-Space-Low-sql02. ITSM Connector c2a9e6b7-1d4c-4e9a-8b2d-5e8f7a6c4131 does not exist or was deleted.",
        "missing-connector",
        &[
            ("alertName", "Disk-Space-Low-sql02"),
            (
                "connectionIdentifier",
                "c2a9e6b7-1d4c-4e9a-8b2d-5e8f7a6c4131",
            ),
        ],
    ),
    (
        "Something went wrong. Could not get connection details",
        "lack-of-connection-details",
        &[],
    ),
    (
        r#"Failed to add ITSM Connection named "snow-prod-eu" due to Bad Request. Error: Bad request. Invalid parameters provided for connection. Http Exception: Status Code Forbidden."#,
        "ip-restrictions",
        &[("connectionName", "snow-prod-eu")],
    ),
    (
        "Failed to update ITSM Connection credentials.",
        "ip-restrictions",
        &[],
    ),
    ("ERROR: User Not Authenticated", "authentication", &[]),
];

#[test]
fn every_itsmc_message_finds_its_entry_with_its_values() {
    let test = KbTest::bundled();
    for (message, id, values) in REAL_MESSAGES {
        let found = matched(&test, &[], message);
        let first = &found["matches"][0];
        assert_eq!(
            first["id"],
            format!("itsmc-dashboard-errors/{id}"),
            "{message}"
        );
        assert_eq!(
            found["matches"].as_array().unwrap().len(),
            1,
            "one entry only for {message}"
        );
        let expected: serde_json::Map<String, serde_json::Value> = values
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect();
        assert_eq!(
            first["values"],
            serde_json::Value::Object(expected),
            "{message}"
        );
    }
}

#[test]
fn near_misses_do_not_match() {
    let test = KbTest::bundled();
    for message in [
        "ServiceDeskHttpBadRequestException: StatusCode=430",
        "Could not create/update work item for alert x. ITSM Connector y was renamed.",
        r#"Unexpected response from ServiceNow along with success status code. Response: {"import_set":"I1","staging_table":"x_mioms_microsoft_oms_incident","result":[{"transform_map":"OMS Incident","table":"incident","status":"error","error_message":"Quota exceeded"}]}"#,
        "AccessToken invalid. User needs to authenticate again.",
        "Something went wrong.",
        "User Authenticated",
    ] {
        let run = test.run(["match", message]);
        run.fails();
        assert_eq!(run.stderr(), "no entry matches this message\n", "{message}");
    }
}

#[test]
fn match_prints_the_fix_in_the_chosen_locale() {
    let run = KbTest::bundled().run([
        "match",
        "--locale",
        "ko",
        "ServiceDeskHttpBadRequestException: StatusCode=429",
    ]);
    run.succeeds();
    insta::assert_snapshot!("match_ko_rate_limit", run.stdout());
}

#[test]
fn match_reads_standard_input_and_a_catalog_file() {
    let test = KbTest::bundled();
    let catalog = test.run(["catalog"]);
    catalog.succeeds();
    test.write("catalog.json", catalog.stdout());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args([
            "match",
            "--catalog",
            "catalog.json",
            "--format",
            "json",
            "-",
        ])
        .current_dir(test.dir())
        .stdin(
            std::fs::File::open(test.dir().join("catalog.json"))
                .map(|_| std::process::Stdio::piped())
                .unwrap(),
        )
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"User Not Authenticated\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(output.status.success());
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        found["matches"][0]["id"],
        "itsmc-dashboard-errors/authentication"
    );
}

#[test]
fn an_exact_code_finds_its_entries_with_no_values() {
    let test = KbTest::bundled();
    let rate = "itsmc-dashboard-errors/servicenow-rate-problem";
    let found = matched(&test, &[], " 429\n");
    assert_eq!(found["matches"].as_array().unwrap().len(), 1);
    assert_eq!(found["matches"][0]["id"], rate);
    assert_eq!(found["matches"][0]["matched"], "code");
    assert_eq!(found["matches"][0]["values"], serde_json::json!({}));
    // The same entry through its message says so.
    let by_message = matched(
        &test,
        &[],
        "ServiceDeskHttpBadRequestException: StatusCode=429",
    );
    assert_eq!(by_message["matches"][0]["id"], rate);
    assert_eq!(by_message["matches"][0]["matched"], "message");
    // A code is a whole input: inside other text it is not a code lookup.
    assert!(
        matched(&test, &[], "4290")
            .get("matches")
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    let human = test.run(["match", "429"]);
    human.succeeds();
    assert!(human.stdout().starts_with(&format!("1. {rate}: ServiceNow rate limit exceeded\n   code 429: ServiceDeskHttpBadRequestException: StatusCode=429\n")), "{}", human.stdout());

    // Letters in any case, from a catalog file too.
    test.edit(
        "kb/itsmc-dashboard-errors/servicenow-rate-problem.yaml",
        "code: \"429\"",
        "code: SkuNotAvailable",
    );
    let catalog = test.run(["catalog"]);
    catalog.succeeds();
    test.write("catalog.json", catalog.stdout());
    for args in [vec![], vec!["--catalog", "catalog.json"]] {
        let found = matched(&test, &args, "skunotavailable");
        assert_eq!(found["matches"][0]["id"], rate, "{args:?}");
        assert_eq!(found["matches"][0]["matched"], "code");
    }
}

/// A catalog of another schema version is refused, and the message says which way to update.
/// Every entry is an RFC 9457 problem type (its page in the source locale), and `match --format
/// json` prints each match with `type`, `title` and `detail` (the message as the line printed
/// it); `catalog --compact` keeps only what a matcher needs.
#[test]
fn entries_are_problem_types_and_the_compact_catalog_has_what_a_matcher_needs() {
    let test = KbTest::bundled();
    let found = matched(
        &test,
        &["--locale", "ko"],
        "ITSM sync: Could not create/update work item for alert Disk-Low-sql02. ITSM Connector 77aa does not exist or was deleted.",
    );
    let first = &found["matches"][0];
    assert_eq!(
        first["type"],
        "en/itsmc-dashboard-errors/missing-connector.html"
    );
    assert_eq!(first["title"], "커넥터를 찾을 수 없음");
    assert_eq!(
        first["detail"],
        "Could not create/update work item for alert Disk-Low-sql02. ITSM Connector 77aa does not exist or was deleted."
    );
    assert_eq!(
        first["url"],
        "ko/itsmc-dashboard-errors/missing-connector.html"
    );
    // With a base URL, the type is absolute.
    let edited = test.read("kb/kb.yaml").replacen(
        "source_locale: en\n",
        "source_locale: en\nbase_url: https://kb.example.com/\n",
        1,
    );
    test.write("kb/kb.yaml", edited);
    let run = test.run(["catalog"]);
    run.succeeds();
    let full: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(
        full["entries"][0]["type"],
        format!(
            "https://kb.example.com/en/{}.html",
            full["entries"][0]["id"].as_str().unwrap()
        )
    );
    let run = test.run(["catalog", "--compact"]);
    run.succeeds();
    let compact: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(compact["schema_version"], full["schema_version"]);
    let (entries, full_entries) = (
        compact["entries"].as_array().unwrap(),
        full["entries"].as_array().unwrap(),
    );
    assert_eq!(entries.len(), full_entries.len());
    for (entry, whole) in entries.iter().zip(full_entries) {
        let keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in &keys {
            assert!(
                ["id", "type", "code", "title", "messages", "url"].contains(key),
                "{key}"
            );
        }
        for key in ["id", "type", "title", "url"] {
            assert_eq!(entry[key], whole[key], "{key}");
        }
        for (message, full_message) in entry["messages"]
            .as_array()
            .unwrap()
            .iter()
            .zip(whole["messages"].as_array().unwrap())
        {
            assert_eq!(message["pattern"], full_message["pattern"]);
            assert!(message.get("text").is_none());
        }
    }
    assert!(run.stdout().len() * 3 < test.run(["catalog"]).stdout().len());
}

#[test]
fn a_catalog_of_another_version_is_refused() {
    let test = KbTest::bundled();
    let catalog = test.run(["catalog"]).stdout();
    for (version, says) in [
        (
            3,
            "has schema_version 3; this kbgen reads up to 2: update kbgen",
        ),
        (
            1,
            "has schema_version 1, written by an older kbgen; this kbgen reads version 2: write the catalog again",
        ),
    ] {
        let edited = catalog.replace(
            "\"schema_version\":2,",
            &format!("\"schema_version\":{version},"),
        );
        test.write("catalog.json", edited);
        let run = test.run(["match", "--catalog", "catalog.json", "x"]);
        run.exits(2);
        assert!(run.stderr().contains(says), "{}", run.stderr());
    }
}

#[test]
fn the_catalog_is_complete_and_byte_identical_across_runs() {
    let test = KbTest::bundled();
    let first = test.run(["catalog"]);
    first.succeeds();
    assert_eq!(first.stdout(), test.run(["catalog"]).stdout());
    // Compact JSON on one line; the snapshot shows it indented (same order) to be read.
    assert_eq!(first.stdout().lines().count(), 1);
    let parsed: serde_json::Value = serde_json::from_str(&first.stdout()).unwrap();
    insta::assert_snapshot!(
        "catalog_bundled",
        serde_json::to_string_pretty(&parsed).unwrap() + "\n"
    );
}

#[test]
fn an_invalid_kb_has_no_catalog() {
    let test = KbTest::fixture("check/unknown-field");
    let run = test.run(["catalog"]);
    run.fails();
    assert_eq!(run.stdout(), "");
    assert!(run.stderr().contains("error[unknown-field]"));
}

/// The committed schemas/ (which the bundled files' modelines use) are what kbgen generates.
#[test]
fn committed_schemas_are_current() {
    let test = KbTest::scratch();
    test.run(["schema", "--out", "schemas"]).succeeds();
    let committed = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"));
    for (name, _) in kbgen::publish::schema::NAMES {
        let file = kbgen::publish::schema::file_name(name);
        let generated = test.read(&format!("schemas/{file}"));
        if std::env::var_os("KBGEN_BLESS").is_some() {
            std::fs::write(committed.join(&file), &generated).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(committed.join(&file)).unwrap(),
            generated,
            "schemas/{file}: run KBGEN_BLESS=1 cargo test"
        );
        assert_eq!(KbTest::scratch().run(["schema", name]).stdout(), generated);
    }
}

/// kbgen's own matcher and the catalog's portable regex agree on every real message.
#[test]
fn the_native_matcher_and_the_catalog_regex_agree() {
    let (catalog, matcher) = crate::support::bundled_catalog();
    let mut inputs: Vec<String> = REAL_MESSAGES
        .iter()
        .map(|(m, _, _)| m.to_string())
        .collect();
    inputs.extend(catalog.entries.iter().flat_map(|e| e.samples.clone()));
    for input in &inputs {
        let native: Vec<(String, Vec<(String, String)>)> = matcher
            .find(input)
            .into_iter()
            .map(|m| (catalog.entries[m.entry].id.clone(), m.values))
            .collect();
        let mut by_regex = Vec::new();
        for entry in &catalog.entries {
            for message in &entry.messages {
                let regex = regex::RegexBuilder::new(&message.pattern)
                    .case_insensitive(true)
                    .build()
                    .unwrap();
                if let Some(captures) = regex.captures(input) {
                    let values = message
                        .groups
                        .iter()
                        .map(|g| (g.clone(), captures[g.as_str()].to_string()))
                        .collect();
                    by_regex.push((entry.id.clone(), values));
                    break;
                }
            }
        }
        assert_eq!(native, by_regex, "{input}");
    }
}

/// `kbgen match --catalog` parses the entries apart, in parallel: what it reads is the catalog
/// as written, and an entry that does not parse is reported where it is in the whole file.
#[test]
fn a_catalog_reads_back_whole_and_a_broken_entry_is_reported_where_it_is() {
    let test = KbTest::bundled();
    let written = test.run(["catalog"]).stdout();
    let read = kbgen::publish::catalog::from_json(&written).expect("the catalog reads back");
    assert_eq!(kbgen::publish::catalog::to_json(&read), written);

    // The last entry's first `specificity` made text.
    let at = written.rfind("\"specificity\":").unwrap() + "\"specificity\":".len();
    let digits = written[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    let broken = format!("{}\"many\"{}", &written[..at], &written[at + digits..]);
    let whole = serde_json::from_str::<kbgen::publish::catalog::Catalog>(&broken)
        .unwrap_err()
        .to_string();
    let column = format!("line 1 column {}", at + "\"many\"".len());
    assert!(whole.contains(&column), "{whole}");
    test.write("catalog.json", &broken);
    let run = test.run(["match", "--catalog", "catalog.json", "x"]);
    run.exits(2);
    assert!(run.stderr().contains(&whole), "{}", run.stderr());
}

/// Whatever the text, `from_json` (entries in parallel) gives what `from_json_whole` (a pass for
/// the version, then one parse of the whole document) gives: the same catalog or the same
/// error, for catalogs broken in the header, in the entries, around them (the fuzz target
/// `catalog` tries more).
#[test]
fn reading_a_catalog_in_parts_agrees_with_reading_it_whole() {
    use kbgen::publish::catalog::{ReadError, from_json, from_json_whole as whole, to_json};
    let written = KbTest::bundled().run(["catalog"]).stdout();
    let entries_at = written.find("\"entries\":[").unwrap() + "\"entries\":".len();
    let cases = [
        written.clone(),
        written[..written.len() - 1].to_string(),
        written[..written.len() / 2].to_string(),
        written.replace("\"source_locale\":\"en\"", "\"source_locale\":7"),
        written.replacen("\"id\":", "\"id\":null,\"x\":", 1),
        written.replacen("\"anchor\":", "\"unknown\":{\"a\":[1,2]},\"anchor\":", 1),
        format!("{}\"none\"}}", &written[..entries_at]),
        format!("{}[]}}", &written[..entries_at]),
        format!("{}[1,2]}}", &written[..entries_at]),
        written.replacen("{", "{\"entries\":[],", 1),
        written.replacen("\"schema_version\":2,", "", 1),
        written.replacen("\"schema_version\":2,", "\"schema_version\":3,", 1),
        format!("{written} x"),
        // An entry without `tags`, and text that is not JSON after the entries (found by the
        // fuzz target): the version pass reads the whole text first, so the second is said.
        format!(
            "{}}}]}} x",
            &written[..written.rfind(",\"tags\":").unwrap()]
        ),
        // Found by the fuzz target: an array is read as a struct's fields, in order.
        "[2,[]]".to_string(),
        "[0[0".to_string(),
        // Two `entries`, the first with a broken entry.
        written.replacen("\"entries\":[", "\"entries\":[{}],\"entries\":[", 1),
    ];
    for (case, text) in cases.iter().enumerate() {
        match (from_json(text), whole(text)) {
            (Ok(parts), Ok(whole)) => assert_eq!(to_json(&parts), to_json(&whole), "case {case}"),
            (Err(ReadError::Json(parts)), Err(ReadError::Json(whole))) => {
                assert_eq!(parts.to_string(), whole.to_string(), "case {case}")
            }
            (Err(ReadError::Version(parts)), Err(ReadError::Version(whole))) => {
                assert_eq!(parts, whole, "case {case}")
            }
            (parts, whole) => panic!("case {case}: in parts {parts:?}, whole {whole:?}"),
        }
    }
}
