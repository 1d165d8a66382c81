//! `kbgen new <topic>/<entry>`: a new entry that `kbgen check` accepts, and its topic if new.
//!
//! An existing topic.yaml gets the entry appended to its `order` by a one-line text edit, so
//! that its comments, quoting and layout are kept byte for byte.

use crate::error::{Error, Result};
use crate::kb::ids::is_valid_id;
use crate::kb::model::TopicDoc;
use std::path::{Path, PathBuf};

/// What `new` wrote.
#[derive(Debug)]
pub struct Created {
    pub entry: PathBuf,
    /// `schemas/` beside the KB folder, which the files' modelines point at, is missing.
    pub schemas_missing: bool,
    /// The topic file, created or edited.
    pub topic: PathBuf,
    pub topic_is_new: bool,
}

pub fn new_entry(kb_root: &Path, id: &str) -> Result<Created> {
    let (topic, entry) = id
        .split_once('/')
        .ok_or_else(|| Error::NotAnEntryId { id: id.to_string() })?;
    for part in [topic, entry] {
        if !is_valid_id(part) {
            return Err(Error::InvalidId {
                part: part.to_string(),
                suggestion: crate::kb::ids::suggest_id(part),
            });
        }
    }
    if entry == "topic" || entry == "index" {
        return Err(Error::ReservedEntryName);
    }
    if !kb_root.join("kb.yaml").is_file() {
        return Err(Error::NoKbFile(kb_root.to_path_buf()));
    }
    let topic_dir = kb_root.join(topic);
    let entry_path = topic_dir.join(format!("{entry}.yaml"));
    if entry_path.exists() {
        return Err(Error::Exists(entry_path));
    }
    let topic_path = topic_dir.join("topic.yaml");
    let topic_is_new = !topic_path.exists();
    let topic_text = if topic_is_new {
        new_topic_text(topic, entry)
    } else {
        let text = crate::kb::load::read_kb_file(kb_root, &topic_path)?;
        append_to_order(&text, entry).map_err(|why| Error::Edit {
            path: topic_path.clone(),
            item: entry.to_string(),
            why,
        })?
    };

    std::fs::create_dir_all(&topic_dir).map_err(|source| Error::Write {
        path: topic_dir.clone(),
        source,
    })?;
    write_new(&entry_path, &new_entry_text(entry))?;
    if let Err(error) = write_replacing(&topic_path, &topic_text) {
        // Leave nothing half-done: without its `order` line the entry would not check.
        let _ = std::fs::remove_file(&entry_path);
        return Err(error);
    }
    let schemas_missing = !kb_root.join("../schemas/entry.schema.json").is_file();
    Ok(Created {
        entry: entry_path,
        topic: topic_path,
        topic_is_new,
        schemas_missing,
    })
}

fn title_of(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// What `kbgen new` writes for the author to replace; `check` finds it in any text
/// (`scaffold-text`) until it is gone, so that it is never published.
pub const SCAFFOLD_TEXTS: [&str; 4] = [
    MESSAGE_TO_REPLACE,
    CAUSE_TO_REPLACE,
    RESOLUTION_TO_REPLACE,
    DESCRIPTION_TO_REPLACE,
];
const MESSAGE_TO_REPLACE: &str = "Replace this with the error message of";
const CAUSE_TO_REPLACE: &str = "Describe one cause of this error in Markdown.";
const RESOLUTION_TO_REPLACE: &str = "Describe how to resolve it, step by step.";
const DESCRIPTION_TO_REPLACE: &str = "Replace this with one sentence on what the topic covers.";

/// The first of [`SCAFFOLD_TEXTS`] that `text` holds, in one pass over the text (`check` asks
/// it of every text of the KB).
pub fn scaffold_text_in(text: &str) -> Option<&'static str> {
    static SEARCH: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(SCAFFOLD_TEXTS).expect("fixed sentences build")
        });
    let found = SEARCH.find(text)?;
    Some(SCAFFOLD_TEXTS[found.pattern().as_usize()])
}

fn new_entry_text(entry: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../../schemas/entry.schema.json\n\
         # A new entry: replace each text with the real one, then run `kbgen check`.\n\
         title: {title}\n\
         error:\n  \
           # Exactly as the product prints it; `{{name}}` marks a value the product fills in,\n  \
           # declared under `placeholders`.\n  \
           messages:\n    \
             - \"{MESSAGE_TO_REPLACE} {title}.\"\n\
         causes:\n  \
           - {CAUSE_TO_REPLACE}\n\
         resolution:\n  \
           - {RESOLUTION_TO_REPLACE}\n",
        title = title_of(entry)
    )
}

fn new_topic_text(topic: &str, entry: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../../schemas/topic.schema.json\n\
         title: {}\n\
         description: {DESCRIPTION_TO_REPLACE}\n\
         # The entries of this topic, in reading order.\n\
         order:\n  \
           - {entry}\n",
        title_of(topic)
    )
}

/// Appends `entry` to the `order` list of a topic.yaml text, touching nothing else.
fn append_to_order(text: &str, entry: &str) -> std::result::Result<String, String> {
    let doc: TopicDoc = serde_saphyr::from_str(text)
        .map_err(|_| "the file does not parse; run `kbgen check` and fix it first".to_string())?;
    crate::kb::edit::append_to_list(text, &doc.order, "order", entry)
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
    file.write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Writes beside the target and renames over it, so a failure never leaves half a file.
pub(crate) fn write_replacing(path: &Path, text: &str) -> Result<()> {
    let temporary = path.with_extension("yaml.kbgen-tmp");
    std::fs::write(&temporary, text).map_err(|source| Error::Write {
        path: temporary.clone(),
        source,
    })?;
    std::fs::rename(&temporary, path).map_err(|source| {
        let _ = std::fs::remove_file(&temporary);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::append_to_order;

    #[test]
    fn appends_to_a_block_list_keeping_the_rest() {
        let text = "title: T\n# comment\norder:\n  - a\n  - 'b'   # note\nintro: x\n";
        assert_eq!(
            append_to_order(text, "c").unwrap(),
            "title: T\n# comment\norder:\n  - a\n  - 'b'   # note\n  - c\nintro: x\n"
        );
    }

    #[test]
    fn appends_at_the_end_of_file_without_newline() {
        assert_eq!(
            append_to_order("title: T\norder:\n- a", "c").unwrap(),
            "title: T\norder:\n- a\n- c\n"
        );
    }

    #[test]
    fn appends_to_flow_and_empty_lists() {
        assert_eq!(
            append_to_order("title: T\norder: [a, b]\n", "c").unwrap(),
            "title: T\norder: [a, b, c]\n"
        );
        assert_eq!(
            append_to_order("title: T\norder: []\n", "c").unwrap(),
            "title: T\norder: [c]\n"
        );
    }

    #[test]
    fn refuses_a_duplicate() {
        assert!(append_to_order("title: T\norder: [a]\n", "a").is_err());
    }
}
