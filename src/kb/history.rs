//! When each file of a KB last changed, from git history: one `git log` of the KB folder. A
//! page's "last updated" date is a commit's date, never the build's time, so that two builds
//! of the same commit are the same.

use std::collections::HashMap;
use std::path::Path;

/// The date (`YYYY-MM-DD`, the committer's) of the last commit that changed each file under
/// `root`, by its path relative to `root` (`/` separated); empty when `root` is not in a git
/// repository or git is not installed.
pub fn last_changed(root: &Path) -> HashMap<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .stderr(std::process::Stdio::null())
        .output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else {
        return HashMap::new();
    };
    let mut dates = HashMap::new();
    let mut date = "";
    let text = String::from_utf8_lossy(&output.stdout);
    for line in text.lines() {
        if let Some(commit_date) = line.strip_prefix('\0') {
            date = commit_date;
        } else if !line.is_empty() && !date.is_empty() {
            // Newest first: the first date seen for a file is its last change.
            dates
                .entry(line.to_string())
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}
