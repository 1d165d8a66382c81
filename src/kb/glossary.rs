//! Where the glossary's terms occur: the one matcher of terms in texts, for `check` (the
//! glossary's rules) and the exchange files (the terms of each unit, as notes for translators).

/// The prose of a Markdown text: what readers read, without code spans and link targets (a URL
/// that names a product is not a mention of it).
pub fn prose(markdown: &str) -> String {
    let outline = crate::kb::markdown::outline(markdown);
    outline
        .text
        .iter()
        .map(|(text, _)| text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where `term` occurs in `text` as whole words (a plural `s` or `es` allowed), ignoring case.
pub fn has_term(text: &str, term: &str) -> bool {
    let text = text.to_lowercase();
    let term = term.to_lowercase();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(&term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + term.len()..];
        let rest = rest
            .strip_prefix("es")
            .or_else(|| rest.strip_prefix('s'))
            .filter(|r| !r.starts_with(is_word))
            .unwrap_or(rest);
        before.is_none_or(|c| !is_word(c)) && rest.chars().next().is_none_or(|c| !is_word(c))
    })
}

#[cfg(test)]
mod tests {
    use super::has_term;

    #[test]
    fn terms_match_whole_words_and_plurals() {
        assert!(has_term("Raise the rate limits.", "rate limit"));
        assert!(has_term("ServiceNow rate limit exceeded", "Rate Limit"));
        assert!(!has_term("the rate limiter", "rate limit"));
        assert!(!has_term("accelerate limit", "rate limit"));
    }
}
