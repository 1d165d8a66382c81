//! Exchange with translation tools: `kbgen i18n export` writes XLIFF 2.0 or gettext PO, with
//! the source, the current translation, context, the source fingerprint, and the spans that must
//! not change (code spans, link syntax and targets, `{placeholders}`, URLs) marked as protected;
//! `kbgen i18n import` writes translations back with fresh fingerprints, and refuses a file, as
//! a whole and writing nothing, whose protected spans were altered or whose sources changed since
//! the export.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ImportRefusal, Result};
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
}

/// One exported field.
struct Unit<'a> {
    /// `itsmc-dashboard-errors/missing-connector.yaml#causes[0]`: stable and unique.
    id: String,
    field: Field<'a>,
    file: &'a str,
    source_file: crate::kb::source::FileId,
    /// For translators (`entry "…", field causes[0], page …`); empty where not exported.
    context: String,
}

/// What [`collect`] is for: an export writes each unit's context for translators, an import
/// only looks units up.
#[derive(Clone, Copy, PartialEq)]
enum Purpose {
    Export,
    Import,
}

fn collect<'a>(kb: &'a Kb, locale: &str, only: &[FieldState], purpose: Purpose) -> Vec<Unit<'a>> {
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
            if !only.is_empty() && !only.contains(&field.state()) {
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
                field,
            });
        }
    }
    out
}

/// Exports the fields of `locale` (those in the states of `only`, or all).
pub fn export(kb: &Kb, locale: &str, format: Format, only: &[FieldState]) -> Result<String> {
    let source_locale = kb.source_locale().ok_or(Error::KbFileInvalid)?;
    if locale == source_locale || !kb.locales().unwrap_or_default().iter().any(|l| l == locale) {
        return Err(Error::NotATranslatedLocale {
            locale: locale.to_string(),
            translated: Vec::new(),
        });
    }
    let units = collect(kb, locale, only, Purpose::Export);
    Ok(match format {
        Format::Xliff => xliff(source_locale, locale, &units),
        Format::Po => po(source_locale, locale, &units),
    })
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
            "  <unit id=\"u{number}\" name=\"{}\">\n   <notes>\n    <note category=\"context\">{}</note>\n    <note category=\"fingerprint\">{}</note>\n   </notes>\n",
            xml(&unit.id),
            xml(&unit.context),
            fingerprint::of(source)
        );
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
        let state = match (unit.field.state(), &target) {
            (FieldState::Current, Some((_, true))) => "final",
            (FieldState::Stale, Some((_, true))) => "translated",
            _ => "initial",
        };
        let _ = writeln!(
            out,
            "   <segment state=\"{state}\">\n    <source>{source_content}</source>"
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
    let _ = writeln!(out, "#: {}", unit.file);
    let (msgstr, fuzzy) = match (unit.field.state(), unit.field.translated) {
        (FieldState::Current, Some(t)) => (t.text.value.trim(), false),
        (FieldState::Stale, Some(t)) => (t.text.value.trim(), true),
        _ => ("", false),
    };
    if fuzzy {
        out.push_str("#, fuzzy\n");
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
        let len = self.sources.get(self.file).text.len();
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
/// `.<locale>.yaml` files. Returns the files written and how many fields each got. Any unit
/// that cannot be imported exactly refuses the whole import, writing nothing:
/// [`Error::ImportRefused`] holds one diagnostic per problem.
pub fn import(kb: &Kb, file: ExchangeFile) -> Result<Vec<(PathBuf, usize)>> {
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

/// Writes imported texts: fields that exist are replaced in place (text and fingerprint only);
/// a file without translation gets one; fields a file lacks are appended when they are
/// top-level, else the file is written anew. All files are prepared and checked (in parallel)
/// before the first is written.
fn write_back(
    kb: &Kb,
    locale: &str,
    all: &[Unit],
    accepted: &[Accepted],
    mut exchange: Exchange,
) -> Result<Vec<(PathBuf, usize)>> {
    let mut by_file: BTreeMap<&str, Vec<&Accepted>> = BTreeMap::new();
    for accepted in accepted {
        by_file.entry(accepted.0.file).or_default().push(accepted);
    }
    let mut fields_of_file: HashMap<&str, Vec<&Unit>> = HashMap::new();
    for unit in all {
        fields_of_file.entry(unit.file).or_default().push(unit);
    }
    let prepared: Vec<(PathBuf, String, usize, Option<Problem>)> =
        crate::timings::phase("import: edit files", || {
            by_file
                .par_iter()
                .map(|(file, units)| {
                    let (path, text) = prepare_file(kb, locale, &fields_of_file[file], units);
                    let problem = file_problem(&path, &text, &units[0].2);
                    (path, text, units.len(), problem)
                })
                .collect()
        });
    let mut problems: Vec<Problem> = Vec::new();
    let mut written = Vec::new();
    for (path, text, count, problem) in prepared {
        match problem {
            Some(problem) => problems.push(problem),
            None => written.push((path, text, count)),
        }
    }
    if !problems.is_empty() {
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
    Ok(written
        .into_iter()
        .map(|(path, _, count)| (path, count))
        .collect())
}

/// The new text of one translation file: in-place edits when it can, else written anew.
fn prepare_file(kb: &Kb, locale: &str, fields: &[&Unit], units: &[&Accepted]) -> (PathBuf, String) {
    let translation_path = {
        let source = &kb.sources.get(units[0].0.source_file).path;
        let stem = source.file_stem().unwrap_or_default().to_string_lossy();
        source.with_file_name(format!("{stem}.{locale}.yaml"))
    };
    let existing_file = kb.sources.find(&translation_path);
    let existing = existing_file.map(|f| kb.sources.get(f).text.as_str());
    let mut edits = Vec::new();
    let mut appended = String::new();
    let mut rewrite = false;
    for (unit, text, _) in units {
        let fp = fingerprint::of(unit.field.source.value.trim());
        let value = serde_json::to_string(text.trim()).expect("strings serialize");
        match (unit.field.translated, existing_file.zip(existing)) {
            (Some(translated), Some((file, existing))) => {
                let text_range = scalar_range(existing, kb.span(file, &translated.text).range());
                edits.push((text_range, value));
                edits.push((
                    kb.span(file, &translated.fingerprint).range(),
                    format!("\"{fp}\""),
                ));
            }
            (None, Some(_)) if unit.field.path.top_level_name().is_some() => {
                appended.push_str(&format!(
                    "{}:\n  text: {value}\n  fingerprint: \"{fp}\"\n",
                    unit.field.path
                ));
            }
            _ => rewrite = true,
        }
    }
    let text = match existing {
        Some(existing) if !rewrite => {
            let mut text = crate::kb::edit::replace_spans(existing, edits);
            if !appended.is_empty() {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&appended);
            }
            text
        }
        _ => {
            let imported: Vec<(&Unit, &String)> = units.iter().map(|(u, t, _)| (*u, t)).collect();
            fresh_file(locale, fields, &imported)
        }
    };
    (translation_path, text)
}

/// Why a file the import would write could not be read by `check`: over the size limit, or
/// not a translation as the loader parses it.
fn file_problem(path: &Path, text: &str, span: &Range<usize>) -> Option<Problem> {
    if text.len() as u64 > crate::kb::load::MAX_FILE_BYTES {
        return Some((
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
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let parsed = if name.starts_with("kb.") {
        crate::kb::load::parse_text::<crate::kb::model::KbTranslation>(text).err()
    } else if name.starts_with("topic.") {
        crate::kb::load::parse_text::<crate::kb::model::TopicTranslation>(text).err()
    } else {
        crate::kb::load::parse_text::<crate::kb::model::EntryTranslation>(text).err()
    };
    parsed.map(|problem| {
        (
            problem.code,
            span.clone(),
            format!(
                "the import would make `{}` unreadable: {}",
                path.display(),
                problem.message
            ),
            "please report this: kbgen wrote YAML it cannot read",
        )
    })
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

/// A whole translation file: every field of the source, imported text where there is one, the
/// existing translation otherwise; fields without either are left out (missing).
fn fresh_file(locale: &str, fields: &[&Unit], imported: &[(&Unit, &String)]) -> String {
    let entry_of = |unit: &Unit| -> Option<(String, String)> {
        let fp = fingerprint::of(unit.field.source.value.trim());
        let new = imported
            .iter()
            .find(|(u, _)| u.id == unit.id)
            .map(|(_, t)| t.trim().to_string());
        let text = new.or_else(|| {
            unit.field
                .translated
                .filter(|_| unit.field.state() == FieldState::Current)
                .map(|t| t.text.value.trim().to_string())
        })?;
        Some((serde_json::to_string(&text).expect("strings serialize"), fp))
    };
    let mut out = format!("# Translation into {locale}, written by kbgen i18n import.\n");
    let mut lists: BTreeMap<&str, Vec<Option<(String, String)>>> = BTreeMap::new();
    let mut placeholders = Vec::new();
    for unit in fields {
        let path = &unit.field.path;
        if let Some((name, _)) = path.list_item() {
            lists.entry(name).or_default().push(entry_of(unit));
        } else if let FieldPath::PlaceholderDescription(name) = path {
            if let Some(value) = entry_of(unit) {
                placeholders.push((name.clone(), value));
            }
        } else if let Some((value, fp)) = entry_of(unit) {
            out.push_str(&format!(
                "{path}:\n  text: {value}\n  fingerprint: \"{fp}\"\n"
            ));
        }
    }
    if !placeholders.is_empty() {
        out.push_str("error:\n  placeholders:\n");
        for (name, (value, fp)) in placeholders {
            out.push_str(&format!("    {name}:\n      description:\n        text: {value}\n        fingerprint: \"{fp}\"\n"));
        }
    }
    for (name, items) in lists {
        // A list is translated as a whole: one item per source item.
        if items.iter().all(Option::is_some) {
            out.push_str(&format!("{name}:\n"));
            for (value, fp) in items.into_iter().flatten() {
                out.push_str(&format!("  - text: {value}\n    fingerprint: \"{fp}\"\n"));
            }
        }
    }
    out
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
