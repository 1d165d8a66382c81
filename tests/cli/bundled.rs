//! The bundled kb/: the ITSMC dashboard errors in English and Korean.

use crate::support::{KbTest, bundled_kb};

#[test]
fn passes_check_strict() {
    let test = KbTest::bundled();
    let run = test.run(["check", "--strict"]);
    run.succeeds();
    assert_eq!(run.stderr(), "0 errors, 0 warnings in 23 files\n");
}

#[test]
fn has_the_nine_itsmc_entries_in_the_seed_order_each_translated() {
    let checked = kbgen::check(&bundled_kb(), Default::default()).unwrap();
    let topic = checked
        .kb
        .topic("itsmc-dashboard-errors")
        .expect("the ITSMC topic");
    let order: Vec<&str> = topic
        .source
        .as_ref()
        .unwrap()
        .doc
        .as_ref()
        .unwrap()
        .order
        .value
        .iter()
        .map(|t| t.value.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "unexpected-response",
            "exception-update-failure",
            "problem-sending-a-request",
            "servicenow-rate-problem",
            "invalid-refresh-token",
            "missing-connector",
            "lack-of-connection-details",
            "ip-restrictions",
            "authentication"
        ]
    );
    for entry in &topic.entries {
        let locales: Vec<&str> = entry
            .translations
            .iter()
            .map(|t| t.locale.as_str())
            .collect();
        assert_eq!(locales, ["ko"], "{}", entry.id);
    }
}

#[test]
fn every_entry_has_a_sample_that_matches_it() {
    let (catalog, matcher) = crate::support::bundled_catalog();
    assert_eq!(catalog.entries.len(), 9);
    for (index, entry) in catalog.entries.iter().enumerate() {
        assert!(!entry.samples.is_empty(), "{} has no sample", entry.id);
        for sample in &entry.samples {
            let found: Vec<usize> = matcher.find(sample).iter().map(|m| m.entry).collect();
            assert_eq!(found, [index], "{sample}");
        }
    }
}

#[test]
fn keeps_the_error_messages_verbatim() {
    let checked = kbgen::check(&bundled_kb(), Default::default()).unwrap();
    let message = |id: &str| -> Vec<String> {
        let entry = checked.kb.entry(id).unwrap();
        entry
            .source
            .doc
            .as_ref()
            .unwrap()
            .error
            .messages
            .value
            .iter()
            .map(|m| m.value.clone())
            .collect()
    };
    assert_eq!(
        message("itsmc-dashboard-errors/servicenow-rate-problem"),
        ["ServiceDeskHttpBadRequestException: StatusCode=429"]
    );
    assert_eq!(
        message("itsmc-dashboard-errors/missing-connector"),
        [
            "Could not create/update work item for alert {alertName}. ITSM Connector {connectionIdentifier} does not exist or was deleted."
        ]
    );
    assert_eq!(
        message("itsmc-dashboard-errors/invalid-refresh-token"),
        [
            "AccessToken and RefreshToken invalid. User needs to authenticate again.",
            "Could not sync templates configuration for Event,Alert,Incident. See Exception Message for more details."
        ]
    );
    assert_eq!(
        message("itsmc-dashboard-errors/exception-update-failure"),
        [
            r#"{"error":{"message":"Operation Failed","detail":"ACL Exception Update Failed due to security constraints"}}"#
        ]
    );
}

#[test]
fn editing_one_english_cause_marks_only_that_korean_cause_stale() {
    let test = KbTest::bundled();
    let path = "kb/itsmc-dashboard-errors/lack-of-connection-details.yaml";
    test.edit(
        path,
        "The connection was not defined correctly.",
        "The connection was defined with a wrong URL or user.",
    );
    let run = test.run(["check", "--format", "json"]);
    run.succeeds();
    assert_eq!(
        run.diagnostic_lines(),
        [
            "warning stale-translation kb/itsmc-dashboard-errors/lack-of-connection-details.ko.yaml:13:18"
        ]
    );
    test.run(["check", "--strict"]).fails();
}
