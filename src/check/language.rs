//! Language rules as data: what the checks of translations need to know about a language,
//! one table per language, so that a `ja` or `de` table can follow without new code. The
//! checks that read them are in [`super::korean`] and [`super::translations`].

/// What the checks know about one language (by its primary subtag: `ko`).
pub struct LanguageRules {
    pub language: &'static str,
    /// Particles that attach to the word before them, never written as words of their own
    /// after code, a placeholder, a link, a closing parenthesis or a Latin-script word
    /// (`` `{alertName}` 처럼 `` for `` `{alertName}`처럼 ``).
    pub attached_particles: &'static [&'static str],
    /// With `style: formal`: sentence-final word endings of the informal register (해요체 in
    /// Korean), and the words that end so without being informal.
    pub informal_endings: &'static [&'static str],
    pub informal_exceptions: &'static [&'static str],
    /// How long a translation from English is against its source, in characters without
    /// white space, code, URLs and placeholders: outside this range part of it is missing or
    /// left in English. `None`: not measured for this language.
    pub length_ratio_from_en: Option<(f64, f64)>,
    /// Whether a run of English words in its prose is foreign: true for a language that
    /// writes another script.
    pub other_script: bool,
}

/// Korean. The lists and the range were measured on the bundled KB, the reference corpus (the
/// 10,000-entry generated KB's Korean) and the Korean articles in the seed material.
pub const KO: LanguageRules = LanguageRules {
    language: "ko",
    attached_particles: &[
        "은",
        "는",
        "가",
        "을",
        "를",
        "의",
        "에",
        "에서",
        "에게",
        "와",
        "과",
        "로",
        "으로",
        "도",
        "만",
        "처럼",
        "보다",
        "까지",
        "부터",
        "이나",
        "이라는",
        "라는",
    ],
    informal_endings: &["요", "죠"],
    informal_exceptions: &["필요", "중요", "주요", "개요", "요약", "수요", "불필요"],
    // Measured 0.38-0.96 (median 0.52-0.56) over 49,338 fields of 40 characters or more.
    length_ratio_from_en: Some((0.25, 1.2)),
    other_script: true,
};

/// The rules of the language of `locale`, when kbgen has them.
pub fn rules(locale: &str) -> Option<&'static LanguageRules> {
    (RULES.iter()).find(|rules| rules.language == crate::kb::ids::language(locale))
}

/// Every language kbgen has rules for.
pub const RULES: &[LanguageRules] = &[KO];

/// English words that sentences have and names rarely do: a run of English words with one of
/// them is a sentence left in English, not a product name.
pub const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "is", "are", "was", "were", "be", "to", "of", "in", "for", "and", "or",
    "with", "on", "by", "not", "this", "that", "it", "you", "your", "from", "as", "at", "if",
    "when", "can", "will", "has", "have", "do", "does",
];
