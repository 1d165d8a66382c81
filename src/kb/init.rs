//! `kbgen init`: a new KB that passes `check --strict` and builds, as a starting point: kb.yaml
//! with its locales, one topic with one worked example entry and its translations, an empty
//! glossary, and a `.gitignore` for the output beside it.
//!
//! The example is real text in each locale it is written in (English and Korean), never a
//! placeholder: what `init` writes may be published as it is, and shows each part of the
//! format. Other languages are added afterwards with `kbgen i18n add`.

use crate::error::{Error, Result};
use crate::kb::fingerprint;
use crate::kb::ids::{is_valid_locale, language};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The languages the example is written in.
pub const EXAMPLE_LANGUAGES: [&str; 2] = ["en", "ko"];

/// The KB folder inside the folder `init` makes (`out/` goes beside it).
pub const KB_FOLDER: &str = "kb";
const TOPIC: &str = "api-errors";
const ENTRY: &str = "too-many-requests";

/// One text of the example in each of [`EXAMPLE_LANGUAGES`].
struct Example {
    en: &'static str,
    ko: &'static str,
}

impl Example {
    fn in_language(&self, locale: &str) -> &'static str {
        match language(locale) {
            "ko" => self.ko,
            _ => self.en,
        }
    }
}

const KB_TITLE: Example = Example {
    en: "Troubleshooting knowledge base",
    ko: "문제 해결 지식 베이스",
};
const KB_DESCRIPTION: Example = Example {
    en: "Error messages, what causes them and how to resolve them.",
    ko: "오류 메시지와 그 원인, 해결 방법을 정리했습니다.",
};
const TOPIC_TITLE: Example = Example {
    en: "API errors",
    ko: "API 오류",
};
const TOPIC_DESCRIPTION: Example = Example {
    en: "Errors that the service's REST API returns, and how to resolve each.",
    ko: "서비스의 REST API가 반환하는 오류와 각 오류의 해결 방법입니다.",
};
const ENTRY_TITLE: Example = Example {
    en: "Too many requests",
    ko: "요청이 너무 많음",
};
const PLACEHOLDER_DESCRIPTION: Example = Example {
    en: "How many seconds the service asks the client to wait.",
    ko: "서비스가 클라이언트에 기다리라고 요청하는 시간(초)입니다.",
};
const CAUSES: [Example; 1] = [Example {
    en: "The client sent more requests in a short time than the service's rate limit allows. \
         The limit applies per API key: several scripts that share one key reach it together.",
    ko: "클라이언트가 짧은 시간 동안 서비스의 속도 제한보다 많은 요청을 보냈습니다. \
         제한은 API 키마다 적용되므로, 키 하나를 함께 쓰는 여러 스크립트가 함께 제한에 도달합니다.",
}];
const RESOLUTION: [Example; 2] = [
    Example {
        en: "Wait for the number of seconds the message gives, then send the request again. \
             In code, read the `Retry-After` response header and wait longer after each \
             repeated `429` response.",
        ko: "메시지에 표시된 시간(초)만큼 기다린 다음 요청을 다시 보냅니다. \
             코드에서는 `Retry-After` 응답 헤더를 읽고, `429` 응답이 반복될 때마다 더 오래 기다립니다.",
    },
    Example {
        en: "Give each script its own API key, so that one busy script does not use up the \
             limit of the others.",
        ko: "스크립트마다 별도의 API 키를 사용하여, 요청이 많은 스크립트 하나가 다른 스크립트의 \
             한도까지 소모하지 않게 합니다.",
    },
];
/// Error messages are quoted as the product prints them, in every locale.
const MESSAGE: &str = "Rate limit exceeded. Retry after {seconds} seconds.";
const SAMPLE: &str = "Rate limit exceeded. Retry after 30 seconds.";

/// What `init` made.
#[derive(Debug)]
pub struct Initialized {
    /// The KB folder.
    pub kb: PathBuf,
    /// Every file written, relative to the folder `init` made.
    pub files: Vec<PathBuf>,
}

/// Makes `folder` (absent or empty) a new KB project: `kb/` with `source` and `translated`
/// locales, `.gitignore`, and `extra` files (the JSON Schemas the files' first lines name).
/// Writes into a temporary folder beside it first and moves that into place, so that a
/// failure leaves nothing behind.
pub fn init(
    folder: &Path,
    source: &str,
    translated: &[String],
    extra: Vec<(PathBuf, String)>,
) -> Result<Initialized> {
    let mut locales = vec![source.to_string()];
    for locale in translated {
        if locales.iter().any(|l| l == locale) {
            return Err(Error::InitLocale {
                locale: locale.clone(),
                why: "is listed twice".into(),
            });
        }
        locales.push(locale.clone());
    }
    for locale in &locales {
        if !is_valid_locale(locale) {
            return Err(Error::InitLocale {
                locale: locale.clone(),
                why: "is not a BCP 47 language tag (`en`, `ko`, `pt-BR`)".into(),
            });
        }
        if !EXAMPLE_LANGUAGES.contains(&language(locale)) {
            return Err(Error::InitLocale {
                locale: locale.clone(),
                why: format!(
                    "has no example text: `kbgen init` writes its example in {}; start with those, then add `{locale}` with `kbgen i18n add {locale}`",
                    EXAMPLE_LANGUAGES.join(" and ")
                ),
            });
        }
    }
    match std::fs::read_dir(folder) {
        Ok(mut items) => {
            if items.next().is_some() {
                return Err(Error::InitNotEmpty(folder.to_path_buf()));
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(Error::Read {
                path: folder.to_path_buf(),
                source,
            });
        }
    }

    let mut files = files(source, &locales[1..]);
    files.extend(extra);
    let staging = staging_path(folder);
    let written = write_all(&staging, &files).and_then(|()| {
        // An empty folder is replaced by the rename; a missing one is created by it.
        std::fs::rename(&staging, folder).map_err(|source| Error::Write {
            path: folder.to_path_buf(),
            source,
        })
    });
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    Ok(Initialized {
        kb: folder.join(KB_FOLDER),
        files: files.into_iter().map(|(path, _)| path).collect(),
    })
}

fn staging_path(folder: &Path) -> PathBuf {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kb".into());
    let parent = folder.parent().filter(|p| !p.as_os_str().is_empty());
    parent
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.kbgen-init-{}", std::process::id()))
}

fn write_all(root: &Path, files: &[(PathBuf, String)]) -> Result<()> {
    for (path, text) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| Error::Write { path, source })?;
    }
    Ok(())
}

/// Every file of the new project, by path inside it.
fn files(source: &str, translated: &[String]) -> Vec<(PathBuf, String)> {
    let kb = Path::new(KB_FOLDER);
    let topic = kb.join(TOPIC);
    let mut all = vec![
        (
            PathBuf::from(".gitignore"),
            "# kbgen build writes here (beside the KB, never inside it).\n/out/\n".to_string(),
        ),
        (kb.join("kb.yaml"), kb_file(source, translated)),
        (kb.join("glossary.yaml"), GLOSSARY.to_string()),
        (topic.join("topic.yaml"), topic_file(source)),
        (topic.join(format!("{ENTRY}.yaml")), entry_file(source)),
    ];
    for locale in translated {
        all.push((
            kb.join(format!("kb.{locale}.yaml")),
            kb_translation(source, locale),
        ));
        all.push((
            topic.join(format!("topic.{locale}.yaml")),
            topic_translation(source, locale),
        ));
        all.push((
            topic.join(format!("{ENTRY}.{locale}.yaml")),
            entry_translation(source, locale),
        ));
    }
    all
}

const GLOSSARY: &str = "\
# yaml-language-server: $schema=../schemas/glossary.schema.json
# How terms must (and must not) be translated; `kbgen check` applies each rule to every
# translated text whose source has the term. For example:
#
#   - term: rate limit
#     translations:
#       ko: 속도 제한
#     forbidden:
#       ko: [요금]
#   - term: Retry-After
#     keep: true
terms: []
";

fn kb_file(source: &str, translated: &[String]) -> String {
    let mut locales = vec![source];
    locales.extend(translated.iter().map(String::as_str));
    format!(
        "# yaml-language-server: $schema=../schemas/kb.schema.json\n\
         # The settings of this knowledge base; README.md documents every field.\n\
         title: {}\n\
         description: {}\n\
         source_locale: {source}\n\
         locales: [{}]\n",
        text(KB_TITLE.in_language(source), "  "),
        text(KB_DESCRIPTION.in_language(source), "  "),
        locales.join(", ")
    )
}

fn kb_translation(source: &str, locale: &str) -> String {
    let mut out =
        String::from("# yaml-language-server: $schema=../schemas/kb-translation.schema.json\n");
    translated_field(&mut out, "", "title", &KB_TITLE, source, locale);
    translated_field(&mut out, "", "description", &KB_DESCRIPTION, source, locale);
    out
}

fn topic_file(source: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../../schemas/topic.schema.json\n\
         title: {}\n\
         description: {}\n\
         # The entries of this topic, in reading order.\n\
         order:\n  \
           - {ENTRY}\n",
        text(TOPIC_TITLE.in_language(source), "  "),
        text(TOPIC_DESCRIPTION.in_language(source), "  "),
    )
}

fn topic_translation(source: &str, locale: &str) -> String {
    let mut out = String::from(
        "# yaml-language-server: $schema=../../schemas/topic-translation.schema.json\n",
    );
    translated_field(&mut out, "", "title", &TOPIC_TITLE, source, locale);
    translated_field(
        &mut out,
        "",
        "description",
        &TOPIC_DESCRIPTION,
        source,
        locale,
    );
    out
}

fn entry_file(source: &str) -> String {
    let mut out = String::from(
        "# yaml-language-server: $schema=../../schemas/entry.schema.json\n\
         # One error: its message exactly as the product prints it, its causes and how to\n\
         # resolve it. Copy this file for the next error (or run `kbgen new`).\n",
    );
    let _ = writeln!(
        out,
        "title: {}",
        text(ENTRY_TITLE.in_language(source), "  ")
    );
    out.push_str("error:\n");
    out.push_str("  # A code the product attaches to the message, quoted: it is text.\n");
    out.push_str("  code: \"429\"\n");
    out.push_str("  messages:\n");
    out.push_str("    # `{seconds}` marks a value the product fills in.\n");
    let _ = writeln!(out, "    - {}", quoted(MESSAGE));
    out.push_str("  placeholders:\n    seconds:\n");
    let _ = writeln!(
        out,
        "      description: {}",
        text(PLACEHOLDER_DESCRIPTION.in_language(source), "        ")
    );
    out.push_str("      example: \"30\"\n");
    out.push_str("  # Real messages that must match this entry (and no other).\n");
    let _ = writeln!(out, "  samples:\n    - {}", quoted(SAMPLE));
    out.push_str("causes:\n");
    for cause in &CAUSES {
        let _ = writeln!(out, "  - {}", text(cause.in_language(source), "    "));
    }
    out.push_str("resolution:\n");
    for step in &RESOLUTION {
        let _ = writeln!(out, "  - {}", text(step.in_language(source), "    "));
    }
    out.push_str("tags: [rate-limit]\n");
    out
}

fn entry_translation(source: &str, locale: &str) -> String {
    let mut out =
        String::from("# yaml-language-server: $schema=../../schemas/translation.schema.json\n");
    translated_field(&mut out, "", "title", &ENTRY_TITLE, source, locale);
    out.push_str("error:\n  placeholders:\n    seconds:\n");
    translated_field(
        &mut out,
        "      ",
        "description",
        &PLACEHOLDER_DESCRIPTION,
        source,
        locale,
    );
    for (name, items) in [("causes", &CAUSES[..]), ("resolution", &RESOLUTION[..])] {
        let _ = writeln!(out, "{name}:");
        for item in items {
            translated_item(&mut out, item, source, locale);
        }
    }
    out
}

/// `name:` with `text` and `fingerprint`, at `indent`.
fn translated_field(
    out: &mut String,
    indent: &str,
    name: &str,
    example: &Example,
    source: &str,
    locale: &str,
) {
    let inner = format!("{indent}    ");
    let _ = writeln!(out, "{indent}{name}:");
    let _ = writeln!(
        out,
        "{indent}  text: {}",
        text(example.in_language(locale), &inner)
    );
    let _ = writeln!(
        out,
        "{indent}  fingerprint: \"{}\"",
        fingerprint::of(example.in_language(source))
    );
}

/// A list item with `text` and `fingerprint`.
fn translated_item(out: &mut String, example: &Example, source: &str, locale: &str) {
    let _ = writeln!(
        out,
        "  - text: {}",
        text(example.in_language(locale), "      ")
    );
    let _ = writeln!(
        out,
        "    fingerprint: \"{}\"",
        fingerprint::of(example.in_language(source))
    );
}

/// A text as YAML that reads back exactly: a short one plain when nothing in it means
/// something to YAML, else double-quoted; a long one folded (`>-`) at spaces into lines of
/// about 80 columns (a Hangul syllable takes two), each indented by `indent`.
fn text(value: &str, indent: &str) -> String {
    const WIDTH: usize = 80;
    let foldable = !value.contains("  ") && !value.contains('\n') && !value.starts_with(' ');
    if width(value) <= 60 || !foldable {
        return if plain_is_exact(value) {
            value.to_string()
        } else {
            quoted(value)
        };
    }
    let mut folded = String::from(">-");
    let mut line = String::new();
    for word in value.split(' ') {
        if !line.is_empty() && width(&line) + 1 + width(word) > WIDTH {
            let _ = write!(folded, "\n{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = write!(folded, "\n{indent}{line}");
    folded
}

/// Columns on a terminal: wide (East Asian) characters take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if c >= '\u{1100}' { 2 } else { 1 })
        .sum()
}

/// Whether `value` written plain reads back as this very text: words and sentence punctuation
/// only, nothing YAML could take for a number, a boolean or null.
fn plain_is_exact(value: &str) -> bool {
    let starts_well = value.chars().next().is_some_and(char::is_alphabetic);
    let ordinary = value
        .chars()
        .all(|c| c.is_alphanumeric() || " .,'()-".contains(c));
    let special = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
        .contains(&value.to_ascii_lowercase().as_str());
    starts_well && ordinary && !special && !value.ends_with(' ')
}

/// A YAML double-quoted scalar (JSON's string syntax is a subset of it).
fn quoted(value: &str) -> String {
    serde_json::to_string(value).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_reads_back_exactly() {
        let all = [
            KB_TITLE,
            KB_DESCRIPTION,
            TOPIC_TITLE,
            TOPIC_DESCRIPTION,
            ENTRY_TITLE,
        ];
        for example in all.iter().chain(&CAUSES).chain(&RESOLUTION).chain(&[
            PLACEHOLDER_DESCRIPTION,
            Example {
                en: "Yes",
                ko: "12",
            },
            Example {
                en: "a: b",
                ko: "# 주석",
            },
        ]) {
            for value in [example.en, example.ko] {
                let yaml = format!("value: {}\n", text(value, "  "));
                let read: std::collections::BTreeMap<String, String> =
                    serde_saphyr::from_str(&yaml).unwrap();
                assert_eq!(read["value"], value, "{yaml}");
            }
        }
    }
}
