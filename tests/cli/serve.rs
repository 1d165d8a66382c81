//! `kbgen serve`, over plain HTTP: builds, serves, builds again on save, tells pages through
//! the event stream, keeps the last good site while the KB has errors, refuses paths outside
//! the site, and stops cleanly on Ctrl-C. (The browser side is `tests/e2e/serve.mjs`.)

use crate::support::{KbTest, tree};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Served {
    child: Child,
    address: String,
    folder: String,
    /// What it printed on standard output so far.
    printed: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Served {
    fn start(test: &KbTest) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .args(["serve", "--port", "0"])
            .current_dir(test.dir())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kbgen serve starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let serving = loop {
            let line = lines.next().expect("serve prints where it serves").unwrap();
            if let Some(rest) = line.strip_prefix("serving http://") {
                break rest.to_string();
            }
        };
        // `serving 127.0.0.1:PORT/ (built in FOLDER); Ctrl-C stops`
        let (address, rest) = serving.split_once("/ (built in ").unwrap();
        let folder = rest.strip_suffix("); Ctrl-C stops").unwrap().to_string();
        assert!(address.starts_with("127.0.0.1:"), "{address}");
        // Keep reading its output, so that it never blocks on a full pipe.
        let printed = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = std::sync::Arc::clone(&printed);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                keep.lock().unwrap().push(line);
            }
        });
        Served {
            child,
            address: address.to_string(),
            folder,
            printed,
        }
    }

    /// The status line and body of `GET path`, the path sent as it is.
    fn get(&self, path: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        (head.lines().next().unwrap().to_string(), body.to_string())
    }

    /// Ctrl-C: the exit status and what it printed on standard error.
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (self.child.wait().unwrap(), stderr)
    }
}

/// The event stream, read one `state` event at a time.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(served: &Served) -> Events {
        let mut stream = TcpStream::connect(&served.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(stream, "GET /__kbgen/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert_eq!(line, "HTTP/1.1 200 OK\r\n");
        Events { reader }
    }

    /// The first state of a full good build newer than `generation` (a change of several
    /// files may pass through a state with errors, a saved entry through a preview).
    fn next_good_after(&mut self, generation: u64) -> u64 {
        loop {
            let state = self.next();
            let now = state["generation"].as_u64().unwrap();
            if state["errors"].is_null() && state["preview"] == false && now > generation {
                return now;
            }
        }
    }

    fn next(&mut self) -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                self.reader.read_line(&mut line).unwrap() > 0,
                "stream ended"
            );
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data).unwrap();
            }
        }
    }
}

#[test]
fn serve_rebuilds_on_save_tells_pages_and_keeps_the_last_good_site_through_errors() {
    let test = KbTest::bundled();
    let served = Served::start(&test);
    let page = "/en/itsmc-dashboard-errors/";
    let (status, body) = served.get(page);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains(
        "<script src=\"/__kbgen/reload.js\" data-generation=\"1\" data-title=\"The KB has errors\""
    ));
    // The Korean page's overlay speaks Korean.
    let (_, korean) = served.get("/ko/itsmc-dashboard-errors/index.html");
    assert!(korean.contains("data-title=\"KB에 오류가 있습니다\""));
    // The built files themselves never hold the script.
    let built = std::fs::read_to_string(format!(
        "{}/site/en/itsmc-dashboard-errors/index.html",
        served.folder
    ))
    .unwrap();
    assert!(!built.contains("__kbgen"));
    assert!(!test.dir().join("out").exists(), "serve never writes out/");

    let mut events = Events::open(&served);
    assert_eq!(
        events.next(),
        serde_json::json!({"generation": 1, "errors": null, "preview": false})
    );

    // A saved entry: its topic's pages at once (a preview), then the whole KB.
    let entry = "kb/itsmc-dashboard-errors/missing-connector.yaml";
    test.edit(
        entry,
        "The ITSM connection was deleted",
        "The ITSM connection was removed",
    );
    assert_eq!(
        events.next(),
        serde_json::json!({"generation": 2, "errors": null, "preview": true})
    );
    assert!(
        served
            .get(page)
            .1
            .contains("The ITSM connection was removed")
    );
    assert_eq!(
        events.next(),
        serde_json::json!({"generation": 3, "errors": null, "preview": false})
    );
    let printed = served.printed.lock().unwrap().join("\n");
    assert!(
        printed.contains("showed `itsmc-dashboard-errors` in "),
        "{printed}"
    );

    // A typo: no preview; the page learns the errors, as `check` prints them; the site stays.
    test.edit(entry, "\ntitle:", "\ntitel:");
    let state = events.next();
    assert_eq!(state["generation"], 3);
    let errors = state["errors"].as_str().unwrap();
    assert!(
        errors.starts_with("error[unknown-field]: unknown field `titel`"),
        "{errors}"
    );
    assert!(errors.contains(&format!(" --> {entry}:")), "{errors}");
    let (status, body) = served.get(page);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("The ITSM connection was removed"));

    test.edit(entry, "\ntitel:", "\ntitle:");
    assert_eq!(events.next_good_after(3), 5);

    // Nothing outside the site, however the path is written.
    for path in [
        "/../kb/kb.yaml",
        "/%2e%2e/kb/kb.yaml",
        "/en/..%2f..%2fkb/kb.yaml",
    ] {
        let (status, body) = served.get(path);
        assert!(
            status == "HTTP/1.1 404 Not Found" || status == "HTTP/1.1 400 Bad Request",
            "{path}: {status}"
        );
        assert!(!body.contains("source_locale"), "{path}");
    }
    let (status, _) = served.get("/nothing-here/");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    // A folder without its `/`: its page's relative links need it.
    let (status, _) = served.get("/en/itsmc-dashboard-errors");
    assert_eq!(status, "HTTP/1.1 301 Moved Permanently");

    let folder = served.folder.clone();
    let (exit, stderr) = served.interrupt();
    assert!(exit.success(), "{exit:?}: {stderr}");
    assert!(stderr.ends_with("stopped\n"), "{stderr}");
    assert!(
        !std::path::Path::new(&folder).exists(),
        "the build folder is removed"
    );
}

/// The served site against a clean build of the KB as it is now, byte for byte.
fn assert_served_is_a_clean_build(test: &KbTest, served: &Served, step: &str) {
    let _ = std::fs::remove_dir_all(test.dir().join("clean"));
    test.run(["build", "--out", "clean"]).succeeds();
    // serve builds the site only: the Markdown pages and the catalog are `build`'s.
    let served_tree = tree(&std::path::Path::new(&served.folder).join("site"));
    let clean = tree(&test.dir().join("clean/site"));
    assert_eq!(
        served_tree.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "after {step}"
    );
    for (path, bytes) in &clean {
        assert!(
            served_tree[path] == *bytes,
            "after {step}: {path} differs from a clean build"
        );
    }
}

/// Saves that change only entry bodies write only what depends on them (their topic's pages
/// and the search index); the others build the whole site. Either way, after every step, the
/// served site is byte for byte a clean build of the KB as it is then.
#[test]
fn after_edits_additions_renames_and_deletions_the_served_site_is_a_clean_builds() {
    const TOPIC: &str = "kb/itsmc-dashboard-errors";
    const OTHER: &str = "kb/webhooks";
    let test = KbTest::bundled();
    // A second topic, so that a save in one shows whether the other was left alone.
    test.write(
        &format!("{OTHER}/topic.yaml"),
        "title: Webhook errors\norder:\n  - webhook-timeout\n",
    )
    .write(
        &format!("{OTHER}/webhook-timeout.yaml"),
        "title: Webhook timeout\nerror:\n  messages:\n    - The webhook call timed out.\n\
         causes:\n  - The ITSM tool answered too slowly.\nresolution:\n  - Try again later.\n",
    );
    let served = Served::start(&test);
    let mut events = Events::open(&served);
    let mut generation = events.next_good_after(0);
    assert_served_is_a_clean_build(&test, &served, "the first build");
    // (what, the step, whether only entry bodies changed)
    type Step = (&'static str, fn(&KbTest), bool);
    let steps: [Step; 9] = [
        (
            "a cause edited",
            |t| {
                t.edit(
                    &format!("{TOPIC}/missing-connector.yaml"),
                    "still refer to it.",
                    "still refer to it by name.",
                );
            },
            true,
        ),
        (
            "a translated cause edited",
            |t| {
                t.edit(
                    &format!("{TOPIC}/authentication.ko.yaml"),
                    "새로 고침 토큰을 갱신해야 합니다.",
                    "새로 고침 토큰을 다시 발급받아야 합니다.",
                );
            },
            true,
        ),
        (
            "an entry of the other topic edited",
            |t| {
                t.edit(
                    &format!("{OTHER}/webhook-timeout.yaml"),
                    "Try again later.",
                    "Try again in a minute.",
                );
            },
            true,
        ),
        (
            "entries of both topics edited at once (no preview)",
            |t| {
                t.edit(
                    &format!("{OTHER}/webhook-timeout.yaml"),
                    "answered too slowly.",
                    "answered after the timeout.",
                );
                t.edit(
                    &format!("{TOPIC}/authentication.ko.yaml"),
                    "통합 사용자에게 통합 권한이 없습니다.",
                    "통합 사용자에게 통합 권한이 주어지지 않았습니다.",
                );
            },
            true,
        ),
        (
            "a title edited",
            |t| {
                t.edit(
                    &format!("{TOPIC}/authentication.yaml"),
                    "title: Authentication",
                    "title: Authentication failed",
                );
            },
            false,
        ),
        (
            "an entry added",
            |t| {
                t.write(
                &format!("{TOPIC}/webhook-retry.yaml"),
                "title: Webhook retry\nerror:\n  messages:\n    - The webhook call is retried.\n\
                 causes:\n  - The ITSM tool was busy.\nresolution:\n  - Wait.\n",
            );
                t.edit(
                    &format!("{TOPIC}/topic.yaml"),
                    "  - authentication\n",
                    "  - authentication\n  - webhook-retry\n",
                );
            },
            false,
        ),
        (
            "an entry renamed",
            |t| {
                for (from, to) in [
                    ("ip-restrictions.yaml", "ip-allow-list.yaml"),
                    ("ip-restrictions.ko.yaml", "ip-allow-list.ko.yaml"),
                ] {
                    std::fs::rename(t.dir().join(TOPIC).join(from), t.dir().join(TOPIC).join(to))
                        .unwrap();
                }
                t.edit(
                    &format!("{TOPIC}/topic.yaml"),
                    "  - ip-restrictions\n",
                    "  - ip-allow-list\n",
                );
            },
            false,
        ),
        (
            "an entry deleted",
            |t| {
                std::fs::remove_file(t.dir().join(TOPIC).join("webhook-retry.yaml")).unwrap();
                t.edit(&format!("{TOPIC}/topic.yaml"), "  - webhook-retry\n", "");
            },
            false,
        ),
        (
            "a cause edited after the last one",
            |t| {
                t.edit(
                    &format!("{TOPIC}/missing-connector.yaml"),
                    "still refer to it by name.",
                    "still name it.",
                );
            },
            true,
        ),
    ];
    let mut updates = 0;
    for (what, step, bodies_only) in steps {
        step(&test);
        generation = events.next_good_after(generation);
        assert_served_is_a_clean_build(&test, &served, what);
        updates += usize::from(bodies_only);
    }
    // A save that checks with errors writes nothing; the save that fixes it writes what both
    // changed.
    let entry = format!("{TOPIC}/missing-connector.yaml");
    test.edit(
        &entry,
        "still name it.",
        "still name it, see [this](kb:nowhere).",
    );
    loop {
        let state = events.next();
        if let Some(errors) = state["errors"].as_str() {
            assert!(errors.contains("error[broken-link]"), "{errors}");
            break;
        }
    }
    test.edit(
        &entry,
        "still name it, see [this](kb:nowhere).",
        "still name them.",
    );
    events.next_good_after(generation);
    assert_served_is_a_clean_build(&test, &served, "an error fixed");
    updates += 1;
    // What serve printed: an update for each save of bodies only, a whole build for the rest.
    let deadline = Instant::now() + Duration::from_secs(10);
    let count = |what: &str| {
        let printed = served.printed.lock().unwrap();
        printed.iter().filter(|line| line.contains(what)).count()
    };
    while count("checked the KB and wrote") < updates && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let printed = served.printed.lock().unwrap().join("\n");
    // (Two saves at once may reach serve as two bursts: then one more update.)
    assert!(count("checked the KB and wrote") >= updates, "{printed}");
    assert!(
        count("checked the KB and wrote") <= updates + 1,
        "{printed}"
    );
    assert!(
        printed.contains("checked the KB and wrote `webhooks` again"),
        "{printed}"
    );
    let (exit, _) = served.interrupt();
    assert!(exit.success());
}
