//! Which folder is the KB: the one named on the command line, or the nearest one found from the
//! current folder (as cargo finds Cargo.toml), and where its output goes by default.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// The file that makes a folder a KB.
pub const KB_FILE: &str = "kb.yaml";
/// The folder name searched beside each folder on the way up (a repository's `kb/`).
pub const KB_FOLDER: &str = "kb";

/// The KB folder: `given` as named (a topic folder is refused with the name of its KB), or
/// without it the first of `.`, `./kb`, `..`, `../kb`, ... from `current` that holds kb.yaml
/// (a `kb/` folder, with or without one), as a path relative to `current` (diagnostics then
/// show short paths).
pub fn locate(given: Option<&Path>, current: &Path) -> Result<PathBuf> {
    match given {
        Some(folder) => {
            if !folder.join(KB_FILE).exists()
                && folder.join("topic.yaml").is_file()
                && let Some(kb) = parent_of(folder)
                && kb.join(KB_FILE).is_file()
            {
                return Err(Error::TopicFolderGiven {
                    given: folder.to_path_buf(),
                    kb,
                });
            }
            Ok(folder.to_path_buf())
        }
        None => {
            let mut up = PathBuf::new();
            for folder in current.ancestors() {
                if folder.join(KB_FILE).is_file() {
                    return Ok(if up.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        up
                    });
                }
                // A `kb/` folder counts without its kb.yaml: loading then says what it lacks.
                if folder.join(KB_FOLDER).is_dir() {
                    return Ok(up.join(KB_FOLDER));
                }
                up.push("..");
            }
            Err(Error::NoKbFound {
                from: current.to_path_buf(),
            })
        }
    }
}

/// The folder that holds `kb`, worked out from the path alone: `kb` -> `.`, `.` -> `..`,
/// `docs/kb` -> `docs`. `None` for a filesystem root.
fn parent_of(kb: &Path) -> Option<PathBuf> {
    let mut parts: Vec<Component> = kb
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    match parts.last() {
        Some(Component::Normal(_)) => {
            parts.pop();
            Some(if parts.is_empty() {
                PathBuf::from(".")
            } else {
                parts.iter().collect()
            })
        }
        Some(Component::RootDir | Component::Prefix(_)) => None,
        Some(Component::ParentDir) | None => {
            let mut parent: PathBuf = parts.iter().collect();
            parent.push("..");
            Some(parent)
        }
        Some(Component::CurDir) => unreachable!("filtered out"),
    }
}

/// Where `build` writes when no `--out` is given: `out/` beside the KB, never inside it (the
/// next `check` would find the output's files among the KB's).
pub fn default_out(kb: &Path) -> PathBuf {
    beside(kb, "out")
}

/// `name` in the folder that holds `kb` (`kb` -> `name`, `.` -> `../name`).
pub fn beside(kb: &Path, name: &str) -> PathBuf {
    match parent_of(kb) {
        Some(parent) if parent == Path::new(".") => PathBuf::from(name),
        Some(parent) => parent.join(name),
        None => kb.join(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_goes_beside_the_kb() {
        for (kb, out) in [
            ("kb", "out"),
            ("kb/", "out"),
            (".", "../out"),
            ("./", "../out"),
            ("..", "../../out"),
            ("../..", "../../../out"),
            ("docs/kb", "docs/out"),
            ("./docs/kb", "docs/out"),
            ("/srv/kb", "/srv/out"),
        ] {
            assert_eq!(default_out(Path::new(kb)), PathBuf::from(out), "{kb}");
        }
    }

    #[test]
    fn the_nearest_kb_is_found_upwards_and_a_topic_folder_names_its_kb() {
        let root = tempfile::tempdir().unwrap();
        let repo = root.path().join("repo");
        std::fs::create_dir_all(repo.join("kb/topic-a")).unwrap();
        std::fs::write(repo.join("kb/kb.yaml"), "title: x\n").unwrap();
        std::fs::write(repo.join("kb/topic-a/topic.yaml"), "title: a\n").unwrap();
        let found = |from: &Path| locate(None, from).map(|p| p.display().to_string());
        assert_eq!(found(&repo).unwrap(), "kb");
        assert_eq!(found(&repo.join("kb")).unwrap(), ".");
        assert_eq!(found(&repo.join("kb/topic-a")).unwrap(), "..");
        let error = found(root.path()).unwrap_err().to_string();
        assert!(error.starts_with("no KB found"), "{error}");

        let given = repo.join("kb/topic-a");
        match locate(Some(&given), &repo) {
            Err(Error::TopicFolderGiven { kb, .. }) => assert_eq!(kb, repo.join("kb")),
            other => panic!("{other:?}"),
        }
        // A named folder is taken as it is otherwise: loading reports what it lacks.
        assert_eq!(
            locate(Some(Path::new("elsewhere")), &repo).unwrap(),
            PathBuf::from("elsewhere")
        );
    }
}
