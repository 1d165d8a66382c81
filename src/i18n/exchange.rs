//! Exchange with translation tools: `kbgen i18n export` writes XLIFF 2.0 or gettext PO, with
//! the source, the current translation, context, the source fingerprint, and the spans that must
//! not change (code spans, link syntax and targets, `{placeholders}`, URLs) marked as protected;
//! `kbgen i18n import` writes translations back with fresh fingerprints, and refuses a file, as
//! a whole and writing nothing, whose protected spans were altered or whose sources changed since
//! the export.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ImportRefusal, Result};
use crate::kb::edit::Held;
use crate::kb::fields::units;
use crate::kb::fields::{Field, FieldPath, FieldState};
use crate::kb::fingerprint;
use crate::kb::load::Kb;
use crate::kb::source::{FileId, SourceFile, SourceMap, Span};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Po,
    /// The glossary, as TBX-Basic (ISO 30042 TBX v3, DCA style): not the fields.
    Tbx,
}

/// One exported field.
struct Unit<'a> {
    /// `itsmc-dashboard-errors/missing-connector.yaml#causes[0]`: stable and unique.
    id: String,
    field: Field<'a>,
    file: &'a str,
    source_file: crate::kb::source::FileId,
    kind: crate::kb::fields::Kind,
    /// For translators (`entry "…", field causes[0], page …`); empty where not exported.
    context: String,
    /// For translators, where exported: what they need besides the text.
    notes: Notes,
}

/// What an export tells translators about a unit besides its text and context.
#[derive(Default)]
struct Notes {
    /// The source text a stale translation was made from (from git history).
    previous: Option<String>,
    /// The glossary's terms in the source, as rules: `rate limit: 속도 제한 (not 요금, 요율)`.
    glossary: Vec<String>,
    /// The author's YAML comments right above the field in the source file.
    comments: Vec<String>,
}

/// What [`collect`] is for: an export writes each unit's context for translators, an import
/// only looks units up.
#[derive(Clone, Copy, PartialEq)]
enum Purpose {
    Export,
    Import,
}

/// Which fields an export holds (`--only`): all of them when none is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    Missing,
    Stale,
    /// Translated from the current source, not accepted by a reviewer yet.
    Unreviewed,
}

impl Only {
    fn takes(self, field: &Field) -> bool {
        match self {
            Only::Missing => field.state() == FieldState::Missing,
            Only::Stale => field.state() == FieldState::Stale,
            Only::Unreviewed => field.state() == FieldState::Current && !field.reviewed(),
        }
    }
}

fn collect<'a>(kb: &'a Kb, locale: &str, only: &[Only], purpose: Purpose) -> Vec<Unit<'a>> {
    let root = format!("{}/", kb.root.to_string_lossy().replace('\\', "/"));
    let mut out = Vec::new();
    for unit in units(kb, locale) {
        let display = kb.sources.get(unit.source_file).display_path.as_str();
        let relative = display.strip_prefix(&root).unwrap_or(display);
        let (page, describe) = match purpose {
            Purpose::Export => (unit.page(locale), unit.describe()),
            Purpose::Import => Default::default(),
        };
        for field in unit.fields {
            if !only.is_empty() && !only.iter().any(|o| o.takes(&field)) {
                continue;
            }
            out.push(Unit {
                id: format!("{relative}#{}", field.path),
                context: match purpose {
                    Purpose::Export => format!("{describe}, field {}, page {page}", field.path),
                    Purpose::Import => String::new(),
                },
                file: display,
                source_file: unit.source_file,
                kind: unit.kind,
                field,
                notes: Notes::default(),
            });
        }
    }
    if purpose == Purpose::Export {
        add_notes(kb, locale, &mut out);
    }
    out
}

/// Each unit's notes for translators: the previous source of a stale one (one look into git
/// history for all), the glossary's terms in its source, the author's comments on it.
fn add_notes(kb: &Kb, locale: &str, units: &mut [Unit]) {
    let stale: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].field.state() == FieldState::Stale)
        .collect();
    let wanted: Vec<_> = (stale.iter().map(|&i| &units[i]))
        .map(|u| {
            let recorded = u.field.translated.map(|t| t.fingerprint.value.clone());
            (
                u.source_file,
                u.kind,
                u.field.path.clone(),
                recorded.unwrap_or_default(),
            )
        })
        .collect();
    let previous = crate::timings::phase("export: previous sources from git", || {
        crate::i18n::workflow::previous_sources(kb, &wanted)
    });
    for (i, text) in stale.into_iter().zip(previous) {
        units[i].notes.previous = text.map(|t| t.trim().to_string());
    }
    let glossary = kb.glossary.as_ref().and_then(|g| g.doc.as_ref());
    units.par_iter_mut().for_each(|unit| {
        if let Some(glossary) = glossary {
            unit.notes.glossary = glossary_notes(glossary, locale, &unit.field.source.value);
        }
        let source = kb.sources.get(unit.source_file);
        let at = kb.span(unit.source_file, unit.field.source).range();
        unit.notes.comments = comments_above(source.text(), at.start);
    });
}

/// The glossary's terms that `source` has, each as the rule for `locale`.
fn glossary_notes(
    glossary: &crate::kb::model::Glossary,
    locale: &str,
    source: &str,
) -> Vec<String> {
    let prose = crate::kb::glossary::prose(source);
    (glossary.terms.iter())
        .filter(|term| crate::kb::glossary::has_term(&prose, &term.term.value))
        .map(|term| {
            let mut rule = term.term.value.clone();
            if term.keep {
                rule.push_str(": never translated");
            } else if let Some(rendering) = term.translations.get(locale) {
                rule.push_str(&format!(": {}", rendering.value));
            }
            if let Some(forbidden) = term.forbidden.get(locale).filter(|f| !f.is_empty()) {
                let words: Vec<&str> = forbidden.iter().map(|f| f.value.as_str()).collect();
                rule.push_str(&format!(" (not {})", words.join(", ")));
            }
            if let Some(note) = &term.note {
                rule.push_str(&format!(" - {}", note.value.trim()));
            }
            rule
        })
        .collect()
}

/// The comment lines right above the line a value starts on (above its key's line, for a value
/// written on the lines after its key), without `#`; the editor's schema line is not one.
fn comments_above(text: &str, value_at: usize) -> Vec<String> {
    let mut line_start = text[..value_at].rfind('\n').map_or(0, |i| i + 1);
    // A block scalar (`key: >-`) starts on the line after its key.
    if text[line_start..value_at].trim().is_empty() && line_start > 0 {
        line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut comments = Vec::new();
    for line in text[..line_start].lines().rev() {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            break;
        };
        if comment.trim_start().starts_with("yaml-language-server:") {
            break;
        }
        comments.push(comment.trim().to_string());
    }
    comments.reverse();
    comments
}

/// Exports the fields of `locale` (those in the states of `only`, or all).
pub fn export(kb: &Kb, locale: &str, format: Format, only: &[Only]) -> Result<String> {
    let source_locale = kb.source_locale().ok_or(Error::KbFileInvalid)?;
    if locale == source_locale || !kb.locales().unwrap_or_default().iter().any(|l| l == locale) {
        return Err(Error::NotATranslatedLocale {
            locale: locale.to_string(),
            translated: Vec::new(),
        });
    }
    if format == Format::Tbx {
        let glossary = (kb.glossary.as_ref())
            .and_then(|g| g.doc.as_ref())
            .ok_or_else(|| Error::NoGlossary(kb.root.clone()))?;
        return Ok(tbx(glossary, source_locale, locale));
    }
    let units = collect(kb, locale, only, Purpose::Export);
    Ok(match format {
        Format::Xliff => xliff(source_locale, locale, &units),
        Format::Po => po(source_locale, locale, &units),
        Format::Tbx => unreachable!("the glossary is exported above"),
    })
}

/// The glossary as TBX-Basic: a concept per term, with the source term, and in `locale` the
/// required rendering as preferred (the term itself for one never translated) and each
/// forbidden rendering as deprecated; the glossary's note as the concept's note.
fn tbx(glossary: &crate::kb::model::Glossary, source_locale: &str, locale: &str) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx style=\"dca\" type=\"TBX-Basic\" xml:lang=\"{source_locale}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n <tbxHeader>\n  <fileDesc>\n   <sourceDesc>\n    <p>kbgen i18n export --format tbx: the KB's glossary, {source_locale} -> {locale}</p>\n   </sourceDesc>\n  </fileDesc>\n </tbxHeader>\n <text>\n  <body>\n"
    );
    let term_sec = |out: &mut String, term: &str, status: &str| {
        let _ = write!(
            out,
            "     <termSec>\n      <term>{}</term>\n      <termNote type=\"administrativeStatus\">{status}</termNote>\n     </termSec>\n",
            xml(term)
        );
    };
    for (index, term) in glossary.terms.iter().enumerate() {
        let _ = writeln!(out, "   <conceptEntry id=\"c{}\">", index + 1);
        if let Some(note) = &term.note {
            let _ = writeln!(out, "    <note>{}</note>", xml(note.value.trim()));
        }
        let _ = writeln!(out, "    <langSec xml:lang=\"{source_locale}\">");
        term_sec(&mut out, &term.term.value, "preferredTerm-admn-sts");
        out.push_str("    </langSec>\n");
        let preferred = if term.keep {
            Some(term.term.value.as_str())
        } else {
            term.translations.get(locale).map(|t| t.value.as_str())
        };
        let forbidden = term.forbidden.get(locale).map_or(&[][..], Vec::as_slice);
        if preferred.is_some() || !forbidden.is_empty() {
            let _ = writeln!(out, "    <langSec xml:lang=\"{locale}\">");
            if let Some(preferred) = preferred {
                term_sec(&mut out, preferred, "preferredTerm-admn-sts");
            }
            for word in forbidden {
                term_sec(&mut out, &word.value, "deprecatedTerm-admn-sts");
            }
            out.push_str("    </langSec>\n");
        }
        out.push_str("   </conceptEntry>\n");
    }
    out.push_str("  </body>\n </text>\n</tbx>\n");
    out
}

fn xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Source or target content: prose escaped, protected spans as `<ph>` in the source's order.
fn with_placeholders(text: &str, protected: &[String]) -> (String, bool) {
    let mut out = String::new();
    let mut rest = text;
    let mut complete = true;
    let mut used = vec![false; protected.len()];
    loop {
        // The earliest protected span still unused.
        let next = protected
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .filter_map(|(i, p)| rest.find(p.as_str()).map(|at| (at, i)))
            .min();
        let Some((at, index)) = next else {
            out.push_str(&xml(rest));
            break;
        };
        out.push_str(&xml(&rest[..at]));
        out.push_str(&format!(
            "<ph id=\"{}\" dataRef=\"d{}\"/>",
            index + 1,
            index + 1
        ));
        used[index] = true;
        rest = &rest[at + protected[index].len()..];
    }
    if used.iter().any(|u| !u) {
        complete = false;
    }
    (out, complete)
}

/// The protected spans of a text as written ([`crate::kb::markdown::protected`]), in order.
fn protected_strings(text: &str) -> Vec<String> {
    crate::kb::markdown::protected(text)
        .into_iter()
        .map(|p| text[p.range].to_string())
        .collect()
}

fn xliff(source_locale: &str, locale: &str, units: &[Unit]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Unit>> = BTreeMap::new();
    for unit in units {
        by_file.entry(unit.file).or_default().push(unit);
    }
    // Units are numbered across files: each file's first number, before writing in parallel.
    let files: Vec<(usize, &str, Vec<&Unit>)> = by_file
        .into_iter()
        .scan(0, |number, (file, units)| {
            let first = *number;
            *number += units.len();
            Some((first, file, units))
        })
        .collect();
    let bodies: Vec<String> = files
        .par_iter()
        .enumerate()
        .map(|(index, (first, file, units))| xliff_file(index, *first, file, units))
        .collect();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{source_locale}\" trgLang=\"{locale}\">\n"
    );
    out.reserve(bodies.iter().map(String::len).sum::<usize>() + 10);
    for body in bodies {
        out.push_str(&body);
    }
    out.push_str("</xliff>\n");
    out
}

/// One `<file>` of the XLIFF export: the `index`-th file, its units numbered after `before`.
fn xliff_file(index: usize, before: usize, file: &str, units: &[&Unit]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        " <file id=\"f{}\" original=\"{}\">",
        index + 1,
        xml(file)
    );
    for (offset, unit) in units.iter().enumerate() {
        let number = before + offset + 1;
        let source = unit.field.source.value.trim();
        let protected = protected_strings(source);
        // Unit ids are NMTOKENs in XLIFF; kbgen's field id is the unit's name.
        let _ = write!(
            out,
            "  <unit id=\"u{number}\" name=\"{}\">\n   <notes>\n    <note category=\"context\">{}</note>\n    <note category=\"fingerprint\">{}</note>\n",
            xml(&unit.id),
            xml(&unit.context),
            fingerprint::of(source)
        );
        let notes = &unit.notes;
        if let Some(previous) = &notes.previous {
            let _ = writeln!(
                out,
                "    <note category=\"previous-source\">{}</note>",
                xml(previous)
            );
        }
        for rule in &notes.glossary {
            let _ = writeln!(out, "    <note category=\"glossary\">{}</note>", xml(rule));
        }
        for comment in &notes.comments {
            let _ = writeln!(
                out,
                "    <note category=\"comment\">{}</note>",
                xml(comment)
            );
        }
        out.push_str("   </notes>\n");
        if !protected.is_empty() {
            out.push_str("   <originalData>\n");
            for (i, p) in protected.iter().enumerate() {
                let _ = writeln!(out, "    <data id=\"d{}\">{}</data>", i + 1, xml(p));
            }
            out.push_str("   </originalData>\n");
        }
        let (source_content, _) = with_placeholders(source, &protected);
        let target = unit
            .field
            .translated
            .map(|t| with_placeholders(t.text.value.trim(), &protected));
        // `final` once a reviewer accepted it as written; `translated` before, and when the
        // source changed since (then with kbgen's sub-state).
        let state = match (unit.field.state(), &target) {
            (FieldState::Current, Some((_, true))) if unit.field.reviewed() => "state=\"final\"",
            (FieldState::Current, Some((_, true))) => "state=\"translated\"",
            (FieldState::Stale, Some((_, true))) => "state=\"translated\" subState=\"kbgen:stale\"",
            _ => "state=\"initial\"",
        };
        let _ = writeln!(
            out,
            "   <segment {state}>\n    <source>{source_content}</source>"
        );
        if let Some((content, true)) = target {
            let _ = writeln!(out, "    <target>{content}</target>");
        }
        out.push_str("   </segment>\n  </unit>\n");
    }
    out.push_str(" </file>\n");
    out
}

fn po_string(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\t' => escaped.push_str("\\t"),
            '\r' => escaped.push_str("\\r"),
            '\n' => escaped.push('\n'),
            // Other control characters, as the octal escapes every PO reader knows.
            c if c.is_ascii_control() => escaped.push_str(&format!("\\{:03o}", c as u32)),
            c => escaped.push(c),
        }
    }
    let lines: Vec<&str> = escaped.split('\n').collect();
    if lines.len() == 1 {
        return format!("\"{escaped}\"");
    }
    let mut out = String::from("\"\"");
    for (i, line) in lines.iter().enumerate() {
        let newline = if i + 1 < lines.len() { "\\n" } else { "" };
        out.push_str(&format!("\n\"{line}{newline}\""));
    }
    out
}

fn po(source_locale: &str, locale: &str, units: &[Unit]) -> String {
    let mut out = format!(
        "# kbgen i18n export, {source_locale} -> {locale}. Keep each `#. protected:` text exactly.\nmsgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: kbgen\\n\"\n\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n\"Last-Translator: \\n\"\n\"Language-Team: \\n\"\n\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"Language: {locale}\\n\"\n"
    );
    let entries: Vec<String> = units.par_iter().map(po_entry).collect();
    for entry in entries {
        out.push_str(&entry);
    }
    out
}

fn po_entry(unit: &Unit) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let source = unit.field.source.value.trim();
    let _ = write!(
        out,
        "\n#. {}\n#. fingerprint: {}\n",
        unit.context,
        fingerprint::of(source)
    );
    for p in protected_strings(source) {
        let _ = writeln!(out, "#. protected: {}", p.replace('\n', " "));
    }
    for rule in &unit.notes.glossary {
        let _ = writeln!(out, "#. glossary: {}", rule.replace('\n', " "));
    }
    for comment in &unit.notes.comments {
        let _ = writeln!(out, "#. note: {comment}");
    }
    let _ = writeln!(out, "#: {}", unit.file);
    // `fuzzy` until a reviewer accepts the translation as written, and when the source changed
    // since: a PO tool then asks for review (and the import skips what is still fuzzy).
    let (msgstr, fuzzy) = match (unit.field.state(), unit.field.translated) {
        (FieldState::Current, Some(t)) => (t.text.value.trim(), !unit.field.reviewed()),
        (FieldState::Stale, Some(t)) => (t.text.value.trim(), true),
        _ => ("", false),
    };
    if fuzzy {
        out.push_str("#, fuzzy\n");
    }
    // What a stale translation was made from, as gettext's previous msgid.
    if let Some(previous) = &unit.notes.previous {
        let _ = writeln!(out, "#| msgctxt {}", po_string(&unit.id));
        for (i, line) in po_string(previous).lines().enumerate() {
            let _ = writeln!(out, "#| {}{line}", if i == 0 { "msgid " } else { "" });
        }
    }
    let _ = writeln!(
        out,
        "msgctxt {}\nmsgid {}\nmsgstr {}",
        po_string(&unit.id),
        po_string(source),
        po_string(msgstr)
    );
    out
}

/// A translation read back from a file: unit id, the fingerprint it was exported with, text,
/// and where the unit is written in the exchange file.
struct Imported {
    id: String,
    fingerprint: String,
    text: String,
    span: Range<usize>,
    /// XLIFF `<ph/>` elements of the target, put back into `text` once the unit's source is
    /// known ([`check_unit`], in parallel: finding protected spans parses the source).
    placeholders: Vec<Placeholder>,
}

/// A `<ph id="N"/>` read from a target: the N-th protected span of the source, to insert at
/// byte `at` of the text read so far.
struct Placeholder {
    at: usize,
    number: usize,
    span: Range<usize>,
}

/// The imported text with each placeholder replaced by the protected span it numbers.
fn with_protected_spans(item: &Imported, source: &str) -> Result<String, Problem> {
    if item.placeholders.is_empty() {
        return Ok(item.text.clone());
    }
    let protected = protected_strings(source);
    let mut text = String::with_capacity(item.text.len() + 64);
    let mut copied = 0;
    for placeholder in &item.placeholders {
        let Some(span) = placeholder
            .number
            .checked_sub(1)
            .and_then(|i| protected.get(i))
        else {
            return Err((
                Code::ImportSyntax,
                placeholder.span.clone(),
                format!(
                    "XLIFF: <ph id=\"{}\"> is not a protected span of the source",
                    placeholder.number
                ),
                XLIFF_HINT,
            ));
        };
        text.push_str(&item.text[copied..placeholder.at]);
        text.push_str(span);
        copied = placeholder.at;
    }
    text.push_str(&item.text[copied..]);
    Ok(text)
}

/// The exchange file being imported, for diagnostics that point into it.
struct Exchange {
    sources: SourceMap,
    file: FileId,
    problems: Vec<Diagnostic>,
}

impl Exchange {
    fn problem(&mut self, code: Code, span: Range<usize>, message: String, hint: &str) {
        let len = self.sources.get(self.file).len();
        let span = span.start.min(len)..span.end.min(len);
        self.problems
            .push(Diagnostic::new(code, Span::new(self.file, span), message).hint(hint));
    }

    fn refused(self) -> Error {
        Error::ImportRefused(ImportRefusal {
            sources: self.sources,
            diagnostics: self.problems,
        })
    }
}

/// An exchange file read on its own, before it meets the KB ([`import`]): it needs nothing of
/// the KB, so that it can be read while the KB loads.
pub struct ExchangeFile {
    exchange: Exchange,
    is_xliff: bool,
    read: Option<(String, Range<usize>, Vec<Imported>)>,
}

/// Reads an exchange file (`path`, with `content`): XLIFF 2.0 or PO, as kbgen exports them.
pub fn read(path: &Path, content: String) -> ExchangeFile {
    let is_xliff = content.trim_start().starts_with("<?xml") || content.contains("<xliff");
    let mut problems = Vec::new();
    let read = crate::timings::phase("import: read the exchange file", || {
        if is_xliff {
            read_xliff(&content, &mut problems)
        } else {
            read_po(&content, &mut problems)
        }
    });
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        path.to_string_lossy().replace('\\', "/"),
        path.to_path_buf(),
        content,
    ));
    let mut exchange = Exchange {
        sources,
        file,
        problems: Vec::new(),
    };
    for (code, span, message, hint) in problems {
        exchange.problem(code, span, message, hint);
    }
    ExchangeFile {
        exchange,
        is_xliff,
        read,
    }
}

/// Writes the translations of an exchange file ([`read`]) into the KB's
/// `.<locale>.yaml` files ([`write_back`]): returns the files written and how many fields each
/// got, and how many fields were already as imported. Any unit
/// that cannot be imported exactly refuses the whole import, writing nothing:
/// [`Error::ImportRefused`] holds one diagnostic per problem.
pub fn import(kb: &Kb, file: ExchangeFile) -> Result<ImportOutcome> {
    let ExchangeFile {
        mut exchange,
        is_xliff,
        read,
    } = file;
    let Some((locale, locale_span, imported)) = read else {
        return Err(exchange.refused());
    };
    let file = exchange.file;
    let translated: Vec<String> = kb
        .locales()
        .unwrap_or_default()
        .into_iter()
        .filter(|l| Some(l.as_str()) != kb.source_locale())
        .collect();
    if !translated.contains(&locale) {
        let header = if is_xliff { "trgLang" } else { "Language" };
        exchange.problem(
            Code::ImportLocale,
            locale_span,
            format!("`{header}` is `{locale}`, which is not a translated locale of this KB"),
            &format!(
                "the KB translates into: {}; export from this KB, or add the locale first \
                 (`kbgen i18n add {locale}`)",
                if translated.is_empty() {
                    "nothing yet".to_string()
                } else {
                    translated.join(", ")
                }
            ),
        );
        return Err(exchange.refused());
    }
    let all = crate::timings::phase("import: fields of the KB", || {
        collect(kb, &locale, &[], Purpose::Import)
    });
    let by_id: HashMap<&str, &Unit> = all.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
    let mut problems: Vec<(Code, Range<usize>, String, &str)> = Vec::new();
    let mut unique: Vec<&Imported> = Vec::new();
    for item in &imported {
        if let Some(first) = seen.insert(&item.id, item.span.clone()) {
            let line = exchange.sources.get(file).line_column(first.start).line;
            problems.push((
                Code::ImportUnknownUnit,
                item.span.clone(),
                format!("`{}` is imported twice (first on line {line})", item.id),
                "keep one translation of each field",
            ));
        } else {
            unique.push(item);
        }
    }
    // Each unit is checked on its own: in parallel, results in the file's order.
    let checked: Vec<Result<Accepted, Vec<Problem>>> =
        crate::timings::phase("import: check units", || {
            unique
                .par_iter()
                .map(|item| check_unit(&by_id, item))
                .collect()
        });
    let mut accepted = Vec::new();
    for result in checked {
        match result {
            Ok(unit) => accepted.push(unit),
            Err(found) => problems.extend(found),
        }
    }
    problems.sort_by_key(|(_, span, ..)| span.start);
    for (code, span, message, hint) in problems {
        exchange.problem(code, span, message, hint);
    }
    if !exchange.problems.is_empty() {
        return Err(exchange.refused());
    }
    write_back(kb, &locale, &all, &accepted, exchange)
}

type Problem = (Code, Range<usize>, String, &'static str);

/// An imported text accepted for a field, with where its unit is in the exchange file.
type Accepted<'u, 'a> = (&'u Unit<'a>, String, Range<usize>);

/// One imported unit against the KB: its field, its source unchanged since the export, its
/// protected spans kept as `check` compares them.
fn check_unit<'u, 'a>(
    by_id: &HashMap<&str, &'u Unit<'a>>,
    item: &Imported,
) -> Result<Accepted<'u, 'a>, Vec<Problem>> {
    let Some(unit) = by_id.get(item.id.as_str()) else {
        return Err(vec![(
            Code::ImportUnknownUnit,
            item.span.clone(),
            format!("`{}` names no field of this KB", item.id),
            "the field or its file was renamed or removed since the export: export again",
        )]);
    };
    let source = unit.field.source.value.trim();
    if fingerprint::of(source) != item.fingerprint {
        return Err(vec![(
            Code::ImportSourceChanged,
            item.span.clone(),
            format!("the source of `{}` changed since the export", item.id),
            "export again (`--only missing,stale`) and translate the current source",
        )]);
    }
    let text = with_protected_spans(item, source).map_err(|problem| vec![problem])?;
    // The same comparison as `check`'s: an import never writes what check would refuse.
    let lost: Vec<Problem> = crate::kb::markdown::lost_protected(source, &text)
        .into_iter()
        .map(|lost| {
            (
                Code::ProtectedSpanChanged,
                item.span.clone(),
                format!(
                    "`{}`: the protected text \"{}\" was altered or dropped",
                    item.id, &source[lost.range]
                ),
                "keep code, link targets, `{placeholders}` and URLs exactly as in the source",
            )
        })
        .collect();
    if lost.is_empty() {
        Ok((unit, text, item.span.clone()))
    } else {
        Err(lost)
    }
}

/// Reads kbgen's PO export back: the locale (with its span) and every translated, reviewed unit.
/// `None` when the file cannot be read exactly (the problems are in `problems`).
fn read_po(
    content: &str,
    problems: &mut Vec<Problem>,
) -> Option<(String, Range<usize>, Vec<Imported>)> {
    let entries = match crate::i18n::po::parse(content) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push((
                Code::ImportSyntax,
                error.span,
                format!("PO syntax: {}", error.message),
                "fix this line: the PO format is gettext's (`msgfmt --check` finds the same)",
            ));
            return None;
        }
    };
    let header = entries.iter().find(|e| e.is_header());
    let Some((locale, span)) = header.and_then(|h| {
        h.header_field("Language")
            .map(|l| (l.to_string(), h.msgstr[0].span.clone()))
    }) else {
        problems.push((
            Code::ImportLocale,
            header.map_or(0..0, |h| h.span.clone()),
            "the PO file has no `Language` header".into(),
            "kbgen's export writes `\"Language: <locale>\\n\"` in the header entry; export again",
        ));
        return None;
    };
    let mut out = Vec::new();
    for entry in entries.iter().filter(|e| !e.is_header()) {
        let Some(id) = entry.msgctxt.as_ref() else {
            problems.push((
                Code::ImportUnknownUnit,
                entry.span.clone(),
                "an entry without `msgctxt`: kbgen names each field there".into(),
                "keep the `msgctxt` lines of the export",
            ));
            continue;
        };
        if entry.is_plural() {
            problems.push((
                Code::ImportUnsupported,
                entry.span.clone(),
                format!(
                    "`{}` has plural forms (`msgid_plural`, `msgstr[N]`)",
                    id.text
                ),
                "the KB format has no plural forms: write one `msgstr` for the field",
            ));
            continue;
        }
        let text = &entry.msgstr[0].text;
        if text.is_empty() || entry.is_fuzzy() {
            continue; // not translated yet, or not reviewed
        }
        let Some(fingerprint) = entry
            .extracted_comments
            .iter()
            .find_map(|c| c.strip_prefix("fingerprint: "))
        else {
            problems.push((
                Code::ImportSourceChanged,
                entry.span.clone(),
                format!("`{}` has no `#. fingerprint:` comment", id.text),
                "kbgen needs the fingerprint of the source the translation was made from: keep \
                 the export's `#.` comments",
            ));
            continue;
        };
        out.push(Imported {
            id: id.text.clone(),
            fingerprint: fingerprint.trim().to_string(),
            text: text.clone(),
            span: entry.msgstr[0].span.clone(),
            placeholders: Vec::new(),
        });
    }
    Some((locale, span, out))
}

/// Reads kbgen's XLIFF export back: the locale (with its span) and every translated unit.
/// `None` when the file cannot be read exactly (the problem is in `problems`).
fn read_xliff(
    content: &str,
    problems: &mut Vec<Problem>,
) -> Option<(String, Range<usize>, Vec<Imported>)> {
    match xliff_units(content) {
        Ok(read) => Some(read),
        Err((span, why, code)) => {
            problems.push((code, span, format!("XLIFF: {why}"), XLIFF_HINT));
            None
        }
    }
}

const XLIFF_HINT: &str = "kbgen reads back the XLIFF 2.0 it exports: translate inside <target>, \
                          keeping each <ph/> as it is";

type XliffError = (Range<usize>, String, Code);

fn xliff_units(content: &str) -> Result<(String, Range<usize>, Vec<Imported>), XliffError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(content);
    let mut at = 0..0;
    let mut locale: Option<(String, Range<usize>)> = None;
    let mut unit_start = 0;
    let mut out = Vec::new();
    let mut unit_id: Option<String> = None;
    let mut fingerprint: Option<String> = None;
    let mut in_fingerprint = false;
    let mut target: Option<String> = None;
    let mut in_target = false;
    let mut placeholders: Vec<Placeholder> = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| (start..start + 1, e.to_string(), Code::ImportSyntax));
        at = start..reader.buffer_position() as usize;
        let bad = |why: String| (at.clone(), why, Code::ImportSyntax);
        match event? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "ph" && in_target => {
                let id = attribute(&e, "id").ok_or_else(|| bad("a <ph> without id".into()))?;
                let number: usize = id.parse().map_err(|_| bad(format!("<ph id=\"{id}\">")))?;
                placeholders.push(Placeholder {
                    at: target.as_ref().map_or(0, String::len),
                    number,
                    span: at.clone(),
                });
                target.get_or_insert_with(String::new);
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "xliff" => locale = attribute(&e, "trgLang").map(|l| (l, at.clone())),
                "unit" => {
                    // kbgen's field id is the unit's name (unit ids must be NMTOKENs).
                    let id = attribute(&e, "name")
                        .ok_or_else(|| bad("a <unit> without the name kbgen gave it".into()))?;
                    unit_start = at.start;
                    placeholders.clear();
                    unit_id = Some(id);
                    fingerprint = None;
                    target = None;
                }
                "note" => {
                    in_fingerprint = attribute(&e, "category").as_deref() == Some("fingerprint")
                }
                "target" => {
                    in_target = true;
                    target = Some(String::new());
                    unit_start = at.start;
                }
                "pc" | "sc" | "ec" | "mrk" | "sm" | "em" if in_target => {
                    return Err((
                        at.clone(),
                        "inline markup other than <ph> in a <target>".into(),
                        Code::ImportUnsupported,
                    ));
                }
                _ => {}
            },
            Event::Text(t) => {
                let text = t.xml10_content();
                if in_fingerprint {
                    fingerprint
                        .get_or_insert_with(String::new)
                        .push_str(text.trim());
                } else if in_target {
                    target.get_or_insert_with(String::new).push_str(&text);
                }
            }
            Event::CData(t) if in_target => target
                .get_or_insert_with(String::new)
                .push_str(&t.into_inner()),
            Event::GeneralRef(r) if in_target || in_fingerprint => {
                let resolved = match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                    Some(c) => c.to_string(),
                    None => match r.xml10_content().as_ref() {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => return Err(bad(format!("unknown entity &{other};"))),
                    },
                };
                let buffer = if in_target {
                    target.get_or_insert_with(String::new)
                } else {
                    fingerprint.get_or_insert_with(String::new)
                };
                buffer.push_str(&resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "note" => in_fingerprint = false,
                "target" => in_target = false,
                "unit" => {
                    if let (Some(id), Some(text), Some(fp)) =
                        (unit_id.take(), target.take(), fingerprint.take())
                        && (!text.trim().is_empty() || !placeholders.is_empty())
                    {
                        out.push(Imported {
                            id,
                            fingerprint: fp,
                            text,
                            span: unit_start..at.end,
                            placeholders: std::mem::take(&mut placeholders),
                        });
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let (locale, span) =
        locale.ok_or_else(|| (0..0, "no trgLang on <xliff>".into(), Code::ImportLocale))?;
    Ok((locale, span, out))
}

fn attribute(element: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    element
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// What an import did: the files it wrote with how many fields each got, and how many imported
/// fields were already as the file had them (text and fingerprint), which it left alone.
pub struct ImportOutcome {
    pub written: Vec<(PathBuf, usize)>,
    pub unchanged: usize,
}

/// Writes imported texts into the translation files, changing only the bytes of the fields
/// that change: a field already as imported is left alone (a file with nothing to change is not
/// written), a changed field gets its text and fingerprint replaced in place, a field the file
/// lacks is added after its kind's last field or at the end; a file that does not exist is
/// created. Every file is prepared and read back (in parallel) before the first is written: any
/// field that would not read back as expected, in the file or anywhere else in it, refuses the
/// whole import.
fn write_back(
    kb: &Kb,
    locale: &str,
    all: &[Unit],
    accepted: &[Accepted],
    mut exchange: Exchange,
) -> Result<ImportOutcome> {
    let mut by_file: BTreeMap<&str, Vec<&Accepted>> = BTreeMap::new();
    for accepted in accepted {
        by_file.entry(accepted.0.file).or_default().push(accepted);
    }
    let mut fields_of_file: HashMap<&str, Vec<&Unit>> = HashMap::new();
    for unit in all {
        fields_of_file.entry(unit.file).or_default().push(unit);
    }
    let prepared: Vec<Result<Prepared, Problem>> =
        crate::timings::phase("import: edit files", || {
            by_file
                .par_iter()
                .map(|(file, units)| prepare_file(kb, locale, &fields_of_file[file], units))
                .collect()
        });
    let mut problems: Vec<Problem> = Vec::new();
    let mut written = Vec::new();
    let mut unchanged = 0;
    for result in prepared {
        match result {
            Ok(file) => {
                unchanged += file.unchanged;
                if let Some(text) = file.text {
                    written.push((file.path, text, file.changed));
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|(_, span, ..)| span.start);
        for (code, span, message, hint) in problems {
            exchange.problem(code, span, message, hint);
        }
        return Err(exchange.refused());
    }
    crate::timings::phase("import: write files", || {
        written
            .par_iter()
            .map(|(path, text, _)| crate::kb::scaffold::write_replacing(path, text))
            .collect::<Result<Vec<()>>>()
    })?;
    Ok(ImportOutcome {
        written: written
            .into_iter()
            .map(|(path, _, count)| (path, count))
            .collect(),
        unchanged,
    })
}

/// One translation file's part of an import: its new text, or `None` when nothing changes.
struct Prepared {
    path: PathBuf,
    text: Option<String>,
    changed: usize,
    unchanged: usize,
}

/// The first line of a new translation file: the source file's schema line pointed at the
/// translation's schema, so that editors complete it as they do the source.
fn first_line(kb: &Kb, source_file: FileId, locale: &str) -> String {
    let source = kb.sources.get(source_file).text();
    let line = source.lines().next().unwrap_or("");
    for (schema, translation) in [
        ("/entry.schema.json", "/translation.schema.json"),
        ("/topic.schema.json", "/topic-translation.schema.json"),
        ("/kb.schema.json", "/kb-translation.schema.json"),
    ] {
        if line.starts_with("# yaml-language-server: $schema=") && line.ends_with(schema) {
            return format!("{}{translation}\n", &line[..line.len() - schema.len()]);
        }
    }
    format!("# Translation into {locale}, written by kbgen i18n import.\n")
}

/// A field as the import writes it: `text` as a double-quoted string, the fresh fingerprint.
fn field_yaml(indent: &str, key: &str, text: &str, fp: &str) -> String {
    let value = serde_json::to_string(text).expect("strings serialize");
    format!("{indent}{key}\n{indent}  text: {value}\n{indent}  fingerprint: \"{fp}\"\n")
}

/// An imported list item the file lacks: index, text, fingerprint, where its unit is.
type ListItem<'t> = (usize, &'t str, String, Range<usize>);

/// The new text of one translation file, changing only what the import changes.
fn prepare_file(
    kb: &Kb,
    locale: &str,
    fields: &[&Unit],
    units: &[&Accepted],
) -> std::result::Result<Prepared, Problem> {
    let first = units[0];
    let path = {
        let source = &kb.sources.get(first.0.source_file).path;
        let stem = source.file_stem().unwrap_or_default().to_string_lossy();
        source.with_file_name(format!("{stem}.{locale}.yaml"))
    };
    let existing_file = kb.sources.find(&path);
    let existing = match existing_file {
        Some(file) => kb.sources.get(file).text().to_string(),
        None => first_line(kb, first.0.source_file, locale),
    };
    let inexact = |span: &Range<usize>, message: String, hint: &'static str| -> Problem {
        (Code::ImportInexact, span.clone(), message, hint)
    };
    let before = crate::kb::edit::TranslationDoc::parse(&path, &existing).map_err(|problem| {
        inexact(
            &first.2,
            format!(
                "`{}` does not read as a translation: {}",
                path.display(),
                problem.message
            ),
            "run `kbgen check` and fix the file first",
        )
    })?;
    let mut expected = before.held();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut top_level = String::new();
    let mut placeholders: Vec<(&str, &str, String)> = Vec::new();
    let mut lists: BTreeMap<&'static str, Vec<ListItem>> = BTreeMap::new();
    let (mut changed, mut unchanged) = (0, 0);
    for (unit, text, span) in units {
        let new = text.trim();
        let fp = fingerprint::of(unit.field.source.value.trim());
        match (unit.field.translated, existing_file) {
            (Some(translated), Some(file)) => {
                let same_text = translated.text.value.trim() == new;
                let same_fingerprint = translated.fingerprint.value == fp;
                if same_text && same_fingerprint {
                    unchanged += 1;
                    continue;
                }
                if !same_text {
                    let range = scalar_range(&existing, kb.span(file, &translated.text).range());
                    edits.push((
                        range,
                        serde_json::to_string(new).expect("strings serialize"),
                    ));
                }
                if !same_fingerprint {
                    edits.push((
                        kb.span(file, &translated.fingerprint).range(),
                        format!("\"{fp}\""),
                    ));
                }
                let kept = if same_text {
                    translated.text.value.clone()
                } else {
                    new.to_string()
                };
                let reviewed = translated.reviewed.as_ref().map(|r| r.value.clone());
                let held = Held {
                    text: kept,
                    fingerprint: fp,
                    reviewed,
                };
                expected.insert(unit.field.path.clone(), held);
            }
            _ => {
                match &unit.field.path {
                    FieldPath::PlaceholderDescription(name) => {
                        placeholders.push((name, new, fp.clone()))
                    }
                    path => match (path.top_level_name(), path.list_item()) {
                        (Some(name), _) => {
                            top_level.push_str(&field_yaml("", &format!("{name}:"), new, &fp))
                        }
                        (None, Some((name, index))) => lists.entry(name).or_default().push((
                            index,
                            new,
                            fp.clone(),
                            span.clone(),
                        )),
                        (None, None) => {
                            unreachable!("a field is top-level, a list item or a placeholder")
                        }
                    },
                }
                let held = Held {
                    text: new.to_string(),
                    fingerprint: fp,
                    reviewed: None,
                };
                expected.insert(unit.field.path.clone(), held);
            }
        }
        changed += 1;
    }
    if changed == 0 {
        return Ok(Prepared {
            path,
            text: None,
            changed,
            unchanged,
        });
    }
    let mut appended = top_level;
    if !placeholders.is_empty() {
        let entry = before.entry().expect("placeholders are entry fields");
        match entry.error.as_ref().map(|e| &e.placeholders.0) {
            None => {
                appended.push_str("error:\n  placeholders:\n");
                for (name, text, fp) in &placeholders {
                    appended.push_str(&format!("    {name}:\n"));
                    appended.push_str(&field_yaml("      ", "description:", text, fp));
                }
            }
            Some(held) if !held.is_empty() => {
                // After the last placeholder, indented as it is.
                let (key, last) = held.last().expect("not empty");
                let at = insertion_point(
                    &existing,
                    [&last.description.text, &last.description.fingerprint],
                );
                let key_at = key.at.byte_offset().unwrap_or(0);
                let line_start = existing[..key_at].rfind('\n').map_or(0, |i| i + 1);
                let indent = &existing[line_start..key_at];
                let mut inserted = String::new();
                for (name, text, fp) in &placeholders {
                    inserted.push_str(&format!("{indent}{name}:\n"));
                    inserted.push_str(&field_yaml(
                        &format!("{indent}  "),
                        "description:",
                        text,
                        fp,
                    ));
                }
                edits.push((at..at, inserted));
            }
            Some(_) => {
                return Err(inexact(
                    &first.2,
                    format!(
                        "`{}` has an `error:` without placeholders: kbgen does not add them there",
                        path.display()
                    ),
                    "add `placeholders:` under `error:` by hand (or leave these units empty), then import again",
                ));
            }
        }
    }
    for (name, mut items) in lists {
        // A list is translated as a whole: one item per source item.
        let wanted = fields
            .iter()
            .filter(|u| u.field.path.list_item().map(|(list, _)| list) == Some(name))
            .count();
        let span = &items[0].3;
        let held = before.entry().and_then(|t| match name {
            "causes" => t.causes.as_ref(),
            _ => t.resolution.as_ref(),
        });
        if let Some(held) = held {
            return Err(inexact(
                span,
                format!(
                    "`{}` has {} items of `{name}` where the source has {wanted}: an item cannot be put in its place",
                    path.display(),
                    held.value.len()
                ),
                "give the translated list as many items as the source's (`check` reports list-length-mismatch), then import again",
            ));
        }
        if items.len() != wanted {
            return Err(inexact(
                span,
                format!(
                    "`{name}` is translated as a whole, and this import has {} of its {wanted} items",
                    items.len()
                ),
                "translate every item of the list in this file, or leave them all empty",
            ));
        }
        items.sort_by_key(|item| item.0);
        appended.push_str(&format!("{name}:\n"));
        for (_, text, fp, _) in &items {
            let value = serde_json::to_string(text).expect("strings serialize");
            appended.push_str(&format!("  - text: {value}\n    fingerprint: \"{fp}\"\n"));
        }
    }
    let mut text = crate::kb::edit::replace_spans(&existing, edits);
    if !appended.is_empty() {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&appended);
    }
    verify(&path, &text, &before, &expected, &first.2)?;
    Ok(Prepared {
        path,
        text: Some(text),
        changed,
        unchanged,
    })
}

/// Where to insert after a mapping whose last values are `values`: the start of the line after
/// them.
fn insertion_point<const N: usize>(text: &str, values: [&crate::kb::model::Text; N]) -> usize {
    let end = values
        .iter()
        .filter_map(|v| crate::kb::edit::byte_range(v))
        .map(|range| scalar_range(text, range).end)
        .max()
        .unwrap_or(text.len());
    text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
}

/// Reads a prepared file back as `check` would: within the size limit, a translation file, and
/// holding exactly what it held with the imported fields changed, nothing else.
fn verify(
    path: &Path,
    text: &str,
    before: &crate::kb::edit::TranslationDoc,
    expected: &BTreeMap<FieldPath, Held>,
    span: &Range<usize>,
) -> std::result::Result<(), Problem> {
    if text.len() as u64 > crate::kb::load::MAX_FILE_BYTES {
        return Err((
            Code::FileTooLarge,
            span.clone(),
            format!(
                "the import would make `{}` {} bytes; kbgen reads KB files up to {} bytes",
                path.display(),
                text.len(),
                crate::kb::load::MAX_FILE_BYTES
            ),
            "a translation is a page of text: check the unit's target",
        ));
    }
    let after = crate::kb::edit::TranslationDoc::parse(path, text).map_err(|problem| {
        (
            Code::ImportInexact,
            span.clone(),
            format!(
                "the import would make `{}` unreadable: {}",
                path.display(),
                problem.message
            ),
            "edit the file by hand (kbgen could not write it exactly), and please report this",
        )
    })?;
    let held = after.held();
    let differs = held
        .iter()
        .find(|(field, value)| expected.get(*field) != Some(*value))
        .map(|(field, _)| field.to_string())
        .or_else(|| {
            expected
                .keys()
                .find(|f| !held.contains_key(*f))
                .map(|f| f.to_string())
        })
        .or_else(|| {
            (after.localized_messages() != before.localized_messages())
                .then(|| "error.localized_messages".to_string())
        });
    if let Some(field) = differs {
        return Err((
            Code::ImportInexact,
            span.clone(),
            format!(
                "the import cannot be written into `{}` exactly: `{field}` would not read back as it should",
                path.display()
            ),
            "edit the file by hand (kbgen could not write it exactly), and please report this",
        ));
    }
    Ok(())
}

/// The range to replace for a scalar value: block scalars (`|`, `>-`) include their indicator.
fn scalar_range(text: &str, range: Range<usize>) -> Range<usize> {
    let before = text[..range.start].trim_end_matches([' ', '\n', '\r']);
    let indicator = before.rsplit([' ', '\n']).next().unwrap_or("");
    if !indicator.is_empty()
        && (indicator.starts_with('|') || indicator.starts_with('>'))
        && indicator.len() <= 3
    {
        let start = before.len() - indicator.len();
        // The parsed span runs on into the next line's indentation: stop at the block's last
        // character, so that the line break and the next key stay where they are.
        let end = range.start + text[range.clone()].trim_end().len();
        return start..end;
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_spans_are_code_link_syntax_placeholders_and_urls() {
        let text = "Answers `StatusCode=429` for {alertName}: see [the docs](https://x.example/a) or https://y.example/b.";
        let spans = protected_strings(text);
        assert_eq!(
            spans,
            [
                "`StatusCode=429`",
                "{alertName}",
                "[",
                "](https://x.example/a)",
                "https://y.example/b"
            ]
        );
    }

    #[test]
    fn block_scalars_are_replaced_whole_leaving_the_next_line() {
        let text = "causes:\n  - text: >-\n      one\n      two\n    fingerprint: \"x\"\n";
        let parsed: crate::kb::model::EntryTranslation = serde_saphyr::from_str(text).unwrap();
        let item = &parsed.causes.unwrap().value[0];
        let range = crate::kb::edit::byte_range(&item.text).unwrap();
        let replaced = crate::kb::edit::replace_spans(
            text,
            vec![(scalar_range(text, range), "\"new\"".into())],
        );
        assert_eq!(
            replaced,
            "causes:\n  - text: \"new\"\n    fingerprint: \"x\"\n"
        );
    }

    #[test]
    fn po_strings_round_trip() {
        for text in [
            "line \"one\"\n\tline two \\ end",
            "a\r\nb\n",
            "x\u{7}\u{b}y",
        ] {
            let file = format!("msgid {}\nmsgstr \"\"\n", po_string(text));
            let entries = crate::i18n::po::parse(&file).unwrap();
            assert_eq!(entries[0].msgid.as_ref().unwrap().text, text, "{file}");
        }
    }
}
