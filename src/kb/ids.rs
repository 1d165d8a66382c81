//! The shapes of names: ids of topics and entries, locale tags, placeholder names.

/// Ids of topics, entries and tags: lower-case ASCII letters, digits and single hyphens, starting
/// with a letter or digit. They become file names, URL path segments and HTML anchors unchanged.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A suggestion for an invalid id: lower-cased, other characters turned into hyphens.
pub fn suggest_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// A BCP 47 tag of the shapes docs sites use: `en`, `ko`, `zh-Hans`, `pt-BR`, `es-419`.
/// The language subtag of a locale tag: `ko` for `ko`, `ko-KR` and `ko-Kore-KR`. Language
/// rules (Korean typography) apply by language, not by exact tag.
pub fn language(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

pub fn is_valid_locale(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let mut seen_region = false;
    let mut seen_script = false;
    for part in parts {
        let script = part.len() == 4
            && part.as_bytes()[0].is_ascii_uppercase()
            && part[1..].bytes().all(|b| b.is_ascii_lowercase());
        let region = (part.len() == 2 && part.bytes().all(|b| b.is_ascii_uppercase()))
            || (part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit()));
        if script && !seen_script && !seen_region {
            seen_script = true;
        } else if region && !seen_region {
            seen_region = true;
        } else {
            return false;
        }
    }
    true
}

/// Placeholder names: `{alertName}`, `{import_set_id}`.
pub fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The closest candidate, when it is close enough to be what was meant.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in ["missing-connector", "a", "error-429", "2fa"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "Missing", "a_b", "-a", "a-", "a--b", "", "한글", "a.b", "a b",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(suggest_id("Missing Connector_2"), "missing-connector-2");
    }

    #[test]
    fn locales() {
        for ok in ["en", "ko", "zh-Hans", "pt-BR", "es-419", "sr-Latn-RS"] {
            assert!(is_valid_locale(ok), "{ok}");
        }
        for bad in ["EN", "ko_KR", "k", "english", "zh-hans", "en-", "en-US-GB"] {
            assert!(!is_valid_locale(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("titel", ["title", "tags"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "tags"]), None);
        assert_eq!(did_you_mean("alertname", ["alertName"]), Some("alertName"));
    }
}
