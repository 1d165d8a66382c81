//! The small builder the tests use: `KbTest::fixture("check/unknown-field").run(["check"])`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A KB to run kbgen on: a fixture folder in place, or a scratch copy for tests that write.
pub struct KbTest {
    dir: PathBuf,
    _scratch: Option<tempfile::TempDir>,
}

impl KbTest {
    /// Runs in `tests/fixtures/<name>/`, whose `kb/` is the default `--kb`.
    pub fn fixture(name: &str) -> Self {
        let dir = fixtures().join(name);
        assert!(dir.is_dir(), "no fixture folder {}", dir.display());
        KbTest {
            dir,
            _scratch: None,
        }
    }

    /// An empty scratch folder.
    pub fn scratch() -> Self {
        let scratch = tempfile::tempdir().expect("temporary folder");
        KbTest {
            dir: scratch.path().to_path_buf(),
            _scratch: Some(scratch),
        }
    }

    /// A scratch copy of a folder (a fixture, or the bundled `kb/`) as `kb/`.
    pub fn copy_of(source: &Path) -> Self {
        let test = KbTest::scratch();
        copy_dir(source, &test.dir.join("kb"));
        test
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.dir.join(relative)).unwrap()
    }

    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_in(".", args)
    }

    /// [`KbTest::run`] from a folder below the test's (`kb/some-topic`).
    pub fn run_in<I, S>(&self, folder: &str, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_with(folder, &[("NO_COLOR", Some("1"))], args)
    }

    /// [`KbTest::run_in`] with these environment variables set (`Some`) or removed (`None`),
    /// and no other colour settings inherited.
    pub fn run_with<I, S>(&self, folder: &str, env: &[(&str, Option<&str>)], args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kbgen"));
        command
            .args(args)
            .current_dir(self.dir.join(folder))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        Run {
            output: command.output().expect("kbgen runs"),
        }
    }
}

impl KbTest {
    /// [`KbTest::run`], killing kbgen and failing the test if it has not exited after
    /// `seconds`: for input that once made kbgen hang.
    #[track_caller]
    pub fn run_within<I, S>(&self, seconds: u64, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .args(args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kbgen runs");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        while child.try_wait().expect("kbgen can be waited for").is_none() {
            if std::time::Instant::now() > deadline {
                child.kill().ok();
                panic!("kbgen did not exit within {seconds} s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Run {
            output: child.wait_with_output().expect("kbgen's output"),
        }
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output
            .status
            .code()
            .expect("kbgen exits with a code, not a signal")
    }

    pub fn stdout(&self) -> String {
        String::from_utf8(self.output.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.output.stderr.clone()).expect("stderr is UTF-8")
    }

    /// Standard output with every `in 0.42 s` made `in <time> s`: a build says how long it took.
    pub fn stdout_timeless(&self) -> String {
        let out = self.stdout();
        let mut timeless = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(" in ") {
            let (before, after) = rest.split_at(at + 4);
            timeless.push_str(before);
            let digits = after
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(after.len());
            if digits > 0 && after[digits..].starts_with(" s") {
                timeless.push_str("<time>");
                rest = &after[digits..];
            } else {
                rest = after;
            }
        }
        timeless.push_str(rest);
        timeless
    }

    #[track_caller]
    pub fn exits(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn succeeds(&self) -> &Self {
        self.exits(0)
    }

    #[track_caller]
    pub fn fails(&self) -> &Self {
        self.exits(1)
    }

    /// `check --format json`'s diagnostics as `severity code file:line:column` lines.
    pub fn diagnostic_lines(&self) -> Vec<String> {
        let report: serde_json::Value = serde_json::from_str(&self.stdout()).expect("JSON report");
        report["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| {
                let position = match (d["line"].as_u64(), d["column"].as_u64()) {
                    (Some(line), Some(column)) => format!(":{line}:{column}"),
                    _ => String::new(),
                };
                format!(
                    "{} {} {}{position}",
                    d["severity"].as_str().unwrap(),
                    d["code"].as_str().unwrap(),
                    d["file"].as_str().unwrap_or("-"),
                )
            })
            .collect()
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The bundled kb/ of this repository.
pub fn bundled_kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("kb")
}

/// The bundled KB's catalog and a matcher over it.
pub fn bundled_catalog() -> (
    kbgen::publish::catalog::Catalog,
    kbgen::matching::matcher::Matcher,
) {
    let checked = kbgen::check(&bundled_kb(), Default::default()).expect("the bundled KB loads");
    let catalog = kbgen::publish::catalog::build(&checked.kb);
    let matcher = catalog.matcher();
    (catalog, matcher)
}

impl KbTest {
    /// A scratch copy of the bundled kb/.
    pub fn bundled() -> Self {
        KbTest::copy_of(&bundled_kb())
    }

    /// Replaces `from` with `to` in a file; `from` must be there, so that an edit that no
    /// longer applies fails the test instead of silently testing nothing.
    #[track_caller]
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, text.replacen(from, to, 1))
    }
}

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Runs git in the test's folder, as a committer of its own.
pub fn git(test: &KbTest, args: &[&str]) {
    git_dated(test, args, None);
}

/// [`git`], with the author and committer dates set to `date` (`2024-05-19T10:00:00Z`).
pub fn git_dated(test: &KbTest, args: &[&str], date: Option<&str>) {
    let mut command = std::process::Command::new("git");
    command.args([
        "-c",
        "user.email=kb@example.com",
        "-c",
        "user.name=kbgen tests",
    ]);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let status = command
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
