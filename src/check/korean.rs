//! Korean typography faults that machine translation leaves behind, as in the seed article:
//! a particle that belongs to the word before a link pulled into the link text
//! (`[를 사용 하도록 ...](...)`), and verb endings split from their stem by a space (`하 여`,
//! `되 었습니다`, `지정 된`). Both are warnings: rare legitimate uses exist.

use super::{Checker, Context};
use crate::diagnostic::{Code, Diagnostic};
use crate::kb::markdown::Outline;
use crate::kb::model::Text;
use crate::kb::source::Span;

/// Particles that attach to the preceding word and so never start a phrase.
const PARTICLES: &[&str] = &[
    "을", "를", "이", "가", "은", "는", "의", "에", "에서", "와", "과", "로", "으로", "도", "이나",
    "에게",
];

/// Pairs `(stem, ending)` that machine translation splits with a space: `하 여` for `하여`.
/// Each is only a fault when the stem stands alone as a word.
const SPLIT_ENDINGS: &[(&str, &str)] = &[
    ("하", "여"),
    ("하", "였"),
    ("하", "고"),
    ("되", "었"),
    ("되", "어"),
    ("되", "지"),
    ("대", "한"),
    ("않", "습니다"),
    ("있", "습니다"),
    ("했", "습니다"),
    ("합", "니다"),
    ("됩", "니다"),
];

/// Endings that stand alone after a space only by mistake (`지정 된` for `지정된`).
const DETACHED_ENDINGS: &[&str] = &[
    "된",
    "될",
    "됩니다",
    "되었습니다",
    "되지",
    "되는",
    "합니다",
    "했습니다",
    "하도록",
    "하여",
    "하지",
    "하는",
    "하고",
    "하면",
    "해야",
];

impl Checker<'_> {
    pub(super) fn korean(
        &mut self,
        context: Context,
        text: &Text,
        value_span: Span,
        outline: &Outline,
    ) {
        let source = self.kb.sources.get(context.file);
        for link in &outline.links {
            let first_word = link.text.split_whitespace().next().unwrap_or("");
            if link.text.contains(' ') && PARTICLES.contains(&first_word) {
                let written = &text.value[link.range.clone()];
                let span = source.find_within(value_span, written);
                self.out.push(
                    Diagnostic::new(
                        Code::KoParticleInLink,
                        span,
                        format!("link text starts with the particle `{first_word}`"),
                    )
                    .label("the particle belongs to the word before the link")
                    .hint(format!(
                        "move `{first_word}` out of the link and attach it to the preceding word"
                    )),
                );
            }
        }
        let mut faults = Vec::new();
        for (prose, _) in &outline.text {
            // Both faults have a Hangul syllable on each side of a space: each space is looked
            // at, and the words around it read only when a syllable follows it.
            let bytes = prose.as_bytes();
            let mut left_start = 0;
            for space in memchr::memchr_iter(b' ', bytes) {
                let left = &prose[left_start..space];
                left_start = space + 1;
                let after = &prose[space + 1..];
                if !after.starts_with(is_hangul) {
                    continue;
                }
                let right = &after[..memchr::memchr(b' ', after.as_bytes()).unwrap_or(after.len())];
                let split = SPLIT_ENDINGS
                    .iter()
                    .any(|(stem, ending)| left == *stem && right.starts_with(ending));
                let right_word = right.trim_end_matches(['.', ',']);
                let detached = DETACHED_ENDINGS.contains(&right_word)
                    && left.chars().last().is_some_and(is_hangul)
                    && !ends_with_particle(left)
                    && !ends_with_connective(left)
                    && !ADVERBS.contains(&left);
                if split || detached {
                    faults.push(format!("{left} {right}"));
                }
            }
        }
        for (prose, _) in &outline.text {
            for joined in dependent_nouns_joined(prose) {
                let span = source.find_within(value_span, &joined.written);
                self.out.push(
                    Diagnostic::new(
                        Code::KoDependentNoun,
                        span,
                        format!(
                            "`{}` joins the dependent noun `{}` to the word before it",
                            joined.written, joined.noun
                        ),
                    )
                    .label("a dependent noun is a word of its own")
                    .hint(format!("write `{}`", joined.spaced)),
                );
            }
        }
        if let Some(rules) = super::language::rules("ko") {
            for (range, particle) in detached_particles(&text.value, outline, rules) {
                let written = &text.value[range];
                let span = source.find_within(value_span, written);
                self.out.push(
                    Diagnostic::new(
                        Code::DetachedParticle,
                        span,
                        format!(
                            "the particle `{particle}` stands apart from the word it belongs to"
                        ),
                    )
                    .label("a particle is written against the word before it")
                    .hint(format!(
                        "remove the space: `{}`",
                        written.replacen(&format!(" {particle}"), particle, 1)
                    )),
                );
            }
        }
        for fault in faults {
            let span = source.find_within(value_span, &fault);
            let joined: String = fault.replacen(' ', "", 1);
            self.out.push(
                Diagnostic::new(
                    Code::KoBrokenSpacing,
                    span,
                    format!("`{fault}` splits one word"),
                )
                .label("machine-translation spacing")
                .hint(format!("write `{joined}`")),
            );
        }
    }
}

/// Adverbs after which a detached `된`, `하도록` is correct (`안 된`, `잘 하도록`).
const ADVERBS: &[&str] = &[
    "안",
    "잘",
    "못",
    "다",
    "더",
    "꼭",
    "또",
    "함께",
    "같이",
    "다시",
    "먼저",
    "모두",
    "바로",
    "빨리",
    "자주",
    "계속",
    "그렇게",
    "이렇게",
];

/// `작업을 하도록` is correct: after an object or subject particle the verb is its own word.
fn ends_with_particle(word: &str) -> bool {
    ["을", "를", "이", "가", "은", "는", "에", "도", "로", "게"]
        .iter()
        .any(|p| word.ends_with(p))
}

/// `갱신해야 합니다`, `보내도록 합니다`: after a connective ending the auxiliary verb is its own
/// word.
fn ends_with_connective(word: &str) -> bool {
    ["야", "록", "게", "고", "서", "면", "어", "아"]
        .iter()
        .any(|ending| word.ends_with(ending))
}

/// A dependent noun written onto the word before it (`연결할수 있습니다` for `연결할 수`).
struct JoinedNoun {
    /// As written: the syllable before and the noun.
    written: String,
    spaced: String,
    noun: char,
}

/// `수` (then `있`/`없`, maybe after `도`/`는` and a space) and `때` right after a syllable
/// that ends in ㄹ: the adnominal ending `-ㄹ` always stands before a dependent noun, which is
/// spaced (`할 수 있다`, `할 수도 있다`, `볼 때`); `할수록` is one word and not reported.
fn dependent_nouns_joined(prose: &str) -> Vec<JoinedNoun> {
    // Most prose has neither noun: found by their bytes before any character is decoded.
    let has = |noun: &str| memchr::memmem::find(prose.as_bytes(), noun.as_bytes()).is_some();
    if !has("수") && !has("때") {
        return Vec::new();
    }
    let ends_in_rieul = |c: char| is_hangul(c) && (c as u32 - 0xAC00) % 28 == 8;
    let mut found = Vec::new();
    let mut before = ' ';
    for (at, noun) in prose.char_indices() {
        let previous = std::mem::replace(&mut before, noun);
        if !matches!(noun, '수' | '때') || !ends_in_rieul(previous) {
            continue;
        }
        let mut rest = prose[at + noun.len_utf8()..].chars().peekable();
        let joined = match noun {
            '수' => {
                rest.next_if(|c| matches!(c, '도' | '는'));
                while rest.next_if(|c| *c == ' ').is_some() {}
                matches!(rest.next(), Some('있' | '없'))
            }
            _ => rest.next() != Some('때'),
        };
        if joined {
            found.push(JoinedNoun {
                written: format!("{previous}{noun}"),
                spaced: format!("{previous} {noun}"),
                noun,
            });
        }
    }
    found
}

/// A particle written as a word of its own right after code, a placeholder, a link, a closing
/// parenthesis or a Latin-script word (`` `{alertName}` 처럼 ``, `ServiceNow 에서`,
/// `[문서](https://...) 를`): each with the range of what it follows and itself.
fn detached_particles<'r>(
    markdown: &str,
    outline: &Outline,
    rules: &'r super::language::LanguageRules,
) -> Vec<(std::ops::Range<usize>, &'r str)> {
    let in_code = |at: usize| outline.code_ranges.iter().any(|r| r.contains(&at));
    let mut found = Vec::new();
    for space in memchr::memchr_iter(b' ', markdown.as_bytes()) {
        // What can take a particle ends in one of these bytes: most spaces of Korean text
        // follow a Hangul syllable and are passed at once.
        let Some(&last_byte) = space
            .checked_sub(1)
            .and_then(|i| markdown.as_bytes().get(i))
        else {
            continue;
        };
        if !(last_byte.is_ascii_alphanumeric() || matches!(last_byte, b'`' | b')' | b'}')) {
            continue;
        }
        let after = &markdown[space + 1..];
        // Particles are Hangul: their first byte is one of 0xEA-0xED.
        if !after
            .as_bytes()
            .first()
            .is_some_and(|b| (0xEA..=0xED).contains(b))
        {
            continue;
        }
        let word_len = after
            .find(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '!' | '?' | ':'))
            .unwrap_or(after.len());
        let Some(particle) = (rules.attached_particles.iter()).find(|p| **p == &after[..word_len])
        else {
            continue;
        };
        let before = &markdown[..space];
        let Some(last) = before.chars().next_back() else {
            continue;
        };
        // What the particle follows, where it starts.
        let start = match last {
            '`' => outline
                .code_ranges
                .iter()
                .find(|r| r.end == space)
                .map(|r| r.start),
            ')' => outline
                .links
                .iter()
                .find(|l| l.range.end == space)
                .map(|l| l.range.start)
                .or_else(|| before.rfind('(').filter(|_| !in_code(space - 1))),
            '}' if !in_code(space - 1) => before.rfind('{'),
            c if c.is_ascii_alphanumeric() && !in_code(space - 1) => {
                let word = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric());
                // A whole Latin-script word: not the end of a Hangul one (`API를 ...`), nor of a
                // URL or path, after which a space keeps the particle out of the address.
                let whole = word.is_empty() || word.ends_with([' ', '\n', '(', '"', '*', '\'']);
                (whole && before[word.len()..].starts_with(|c: char| c.is_ascii_alphabetic()))
                    .then_some(word.len())
            }
            _ => None,
        };
        if let Some(start) = start {
            found.push((start..space + 1 + word_len, *particle));
        }
    }
    found
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::dependent_nouns_joined;

    #[test]
    fn a_particle_after_code_a_link_or_a_latin_word_is_written_against_it() {
        let found = |markdown: &str| -> Vec<String> {
            let outline = crate::kb::markdown::outline(markdown);
            super::detached_particles(markdown, &outline, &crate::check::language::KO)
                .into_iter()
                .map(|(range, particle)| format!("{}|{particle}", &markdown[range]))
                .collect()
        };
        assert_eq!(
            found("`{alertName}` 처럼 씁니다."),
            ["`{alertName}` 처럼|처럼"]
        );
        assert_eq!(
            found("ServiceNow 에서 확인합니다."),
            ["ServiceNow 에서|에서"]
        );
        assert_eq!(
            found("[SKU 요청](https://aka.ms/x) 을 제출합니다."),
            ["[SKU 요청](https://aka.ms/x) 을|을"]
        );
        assert_eq!(found("{alertName} 의 값"), ["{alertName} 의|의"]);
        for fine in [
            "`{alertName}`처럼 씁니다.",
            "ServiceNow에서 이 값을 봅니다.",
            "API를 사용해 가 봅니다.",
            "`x` 이 값은",
            "코드 `a 를`",
            "세 가지 중 하나",
            "자세한 내용은 https://learn.microsoft.com/ko-kr/azure/itsmc 를 참조합니다.",
        ] {
            assert!(found(fine).is_empty(), "{fine}: {:?}", found(fine));
        }
    }

    #[test]
    fn a_dependent_noun_after_the_adnominal_rieul_is_its_own_word() {
        let found = |prose: &str| -> Vec<String> {
            dependent_nouns_joined(prose)
                .into_iter()
                .map(|j| j.spaced)
                .collect()
        };
        assert_eq!(found("연결할수 있습니다"), ["할 수"]);
        assert_eq!(found("볼수없습니다"), ["볼 수"]);
        assert_eq!(found("실패할수도 있습니다"), ["할 수"]);
        assert_eq!(found("실패할때 확인합니다"), ["할 때"]);
        for fine in [
            "발생할수록 오래 걸립니다",
            "동기화할 수 있습니다",
            "할 때",
            "그때",
            "수수료",
        ] {
            assert!(found(fine).is_empty(), "{fine}");
        }
    }
}
