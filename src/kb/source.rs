//! Source files held in memory, and the byte spans that diagnostics point at.
//!
//! Every file the loader reads is named here for the whole run, so that a diagnostic found late
//! (a stale translation, a broken link) can still show the exact line it is about: from the
//! text held, or from the file read again when its text was let go of after parsing.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range inside one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span {
            file,
            start: range.start,
            end: range.end.max(range.start),
        }
    }

    /// The start of a file: for problems that concern a whole file.
    pub fn file_start(file: FileId) -> Self {
        Span::new(file, 0..0)
    }

    /// The span of a value where the YAML reader found it (its byte range, else line and column).
    pub fn of_position(
        file: FileId,
        source: &SourceFile,
        position: &crate::kb::model::Position,
    ) -> Self {
        let start = match position.byte_offset() {
            Some(offset) => offset,
            None => source.offset_of(position.line as usize, position.column as usize),
        };
        let len = position.byte_len();
        let start = start.min(source.len());
        Span::new(file, start..(start + len).min(source.len()))
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// One file as read from disk (UTF-8, without a byte order mark).
#[derive(Debug)]
pub struct SourceFile {
    /// The path shown in diagnostics: relative to the KB's parent, as the user typed `--kb`.
    pub display_path: String,
    pub path: PathBuf,
    /// The text, while it is held. A file let go of after parsing ([`SourceFile::let_go`]) is
    /// read again the first time a diagnostic needs its lines, and its lines are shown only if
    /// it still is the text that was parsed (`None` otherwise).
    text: std::sync::OnceLock<Option<String>>,
    /// The length and the hash of the text that was parsed.
    len: usize,
    digest: u64,
    /// False for paths that were not read as text (a folder, a file too large or not UTF-8):
    /// diagnostics about them show the path without a source line.
    pub is_text: bool,
    /// Where each line starts: made the first time a position is asked for (most files never
    /// need it: they have no diagnostic).
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

/// A position for people: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(display_path: String, path: PathBuf, text: String) -> Self {
        SourceFile {
            display_path,
            path,
            len: text.len(),
            digest: 0,
            text: std::sync::OnceLock::from(Some(text)),
            is_text: true,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The text; empty if it was let go of and the file no longer holds it.
    pub fn text(&self) -> &str {
        self.held().unwrap_or_default()
    }

    /// The text as it was parsed: held, or read again after [`SourceFile::let_go`]. `None` when
    /// the file changed since (or cannot be read): its lines would not be the parsed ones.
    pub fn held(&self) -> Option<&str> {
        self.text.get_or_init(|| self.read_again()).as_deref()
    }

    /// Whether the text is in memory now (not let go of, or read again since).
    pub fn is_held(&self) -> bool {
        matches!(self.text.get(), Some(Some(_)))
    }

    /// The length of the text that was parsed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Lets go of the text of a file whose values are parsed: what a run needs of most files,
    /// which have no diagnostic. At 100,000 entries the texts are 440 MB.
    pub fn let_go(&mut self) {
        if let Some(Some(text)) = self.text.take() {
            self.digest = digest(&text);
        }
        self.line_starts = std::sync::OnceLock::new();
    }

    fn read_again(&self) -> Option<String> {
        use std::io::Read;
        // The file was a regular file of the KB when it was read; a longer file is not the same.
        let file = std::fs::File::open(&self.path).ok()?;
        if !file.metadata().ok()?.is_file() {
            return None;
        }
        let mut bytes = Vec::with_capacity(self.len + 3);
        file.take(self.len as u64 + 4)
            .read_to_end(&mut bytes)
            .ok()?;
        let text = without_byte_order_mark(String::from_utf8(bytes).ok()?);
        (text.len() == self.len && digest(&text) == self.digest).then_some(text)
    }

    /// Whether diagnostics can show its lines: read as text, and the text still the parsed one.
    pub fn quotable(&self) -> bool {
        self.is_text && self.held().is_some()
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // KB files are far below 4 GiB (`MAX_FILE_BYTES`).
            let mut starts = vec![0];
            starts.extend(self.text().match_indices('\n').map(|(i, _)| (i + 1) as u32));
            starts
        })
    }

    /// A path that diagnostics can name although it was not read as text.
    pub fn unread(display_path: String, path: PathBuf) -> Self {
        SourceFile {
            is_text: false,
            ..SourceFile::new(display_path, path, String::new())
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = self.floor_char_boundary(offset.min(self.text().len()));
        let line_starts = self.line_starts();
        let line_index = line_starts.partition_point(|&start| start as usize <= offset) - 1;
        let line_start = line_starts[line_index] as usize;
        LineColumn {
            line: line_index + 1,
            column: self.text()[line_start..offset].chars().count() + 1,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let line_starts = self.line_starts();
        let index = line.clamp(1, line_starts.len()) - 1;
        let start = line_starts[index] as usize;
        let end = line_starts
            .get(index + 1)
            .map_or(self.text().len(), |&next| next as usize - 1);
        let end = if self.text()[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// Byte offset of a 1-based line and character column (clamped to the file).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let range = self.line_range(line);
        let line_text = &self.text()[range.clone()];
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        range.start + within
    }

    /// Finds `needle` inside the value at `span` (a Markdown string, say), so that a diagnostic
    /// about a part of a value points at that part. Falls back to the whole value when the text
    /// is not written literally in the file (escapes, folding).
    pub fn find_within(&self, span: Span, needle: &str) -> Span {
        if needle.is_empty() {
            return span;
        }
        let region_end = if span.end > span.start {
            span.end
        } else {
            self.len
        };
        let Some(region) = self.text().get(span.start..region_end.min(self.len)) else {
            return span;
        };
        match region.find(needle) {
            Some(found) => Span::new(
                span.file,
                span.start + found..span.start + found + needle.len(),
            ),
            None => span,
        }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text().is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// A file's text as kbgen holds it: a byte order mark is harmless, and dropped so that columns
/// count from the first character.
pub fn without_byte_order_mark(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// A hash of a text, to tell whether a file read again is the one that was parsed.
fn digest(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// All files of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Files by path, for [`SourceMap::find`]: made the first time it is asked (a template
    /// error, an i18n import), not for every run: a large KB has hundreds of thousands.
    by_path: std::sync::OnceLock<std::collections::HashMap<PathBuf, FileId>>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        // The first file registered for a path is the one `find` returns.
        if let Some(by_path) = self.by_path.get_mut() {
            by_path.entry(file.path.clone()).or_insert(id);
        }
        self.files.push(file);
        id
    }

    /// Puts `file` (the same path, read again) in the place of `id`.
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0 as usize] = file;
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        let by_path = self.by_path.get_or_init(|| {
            let mut by_path = std::collections::HashMap::with_capacity(self.files.len());
            for (index, file) in self.files.iter().enumerate() {
                by_path
                    .entry(file.path.clone())
                    .or_insert(FileId(index as u32));
            }
            by_path
        });
        by_path.get(path).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let file = SourceFile::new("f".into(), "f".into(), "a: 1\ntitle: 한글 x\n".into());
        let offset = file.text().find('x').unwrap();
        assert_eq!(
            file.line_column(offset),
            LineColumn {
                line: 2,
                column: 11
            }
        );
        assert_eq!(file.offset_of(2, 11), offset);
    }

    #[test]
    fn line_range_excludes_crlf() {
        let file = SourceFile::new("f".into(), "f".into(), "one\r\ntwo".into());
        assert_eq!(&file.text()[file.line_range(1)], "one");
        assert_eq!(&file.text()[file.line_range(2)], "two");
    }

    #[test]
    fn find_within_points_at_the_needle() {
        let file = SourceFile::new("f".into(), "f".into(), "x: see [a](kb:b) now\n".into());
        let span = Span::new(FileId(0), 3..20);
        let found = file.find_within(span, "kb:b");
        assert_eq!(&file.text()[found.range()], "kb:b");
    }

    /// A file as the loader makes it: read from disk (a byte order mark dropped), then let go.
    fn let_go_of(dir: &Path, bytes: &str) -> SourceFile {
        let path = dir.join("e.yaml");
        std::fs::write(&path, bytes).unwrap();
        let text = bytes.strip_prefix('\u{feff}').unwrap_or(bytes).to_string();
        let mut file = SourceFile::new("e.yaml".into(), path, text);
        file.let_go();
        file
    }

    #[test]
    fn a_file_let_go_of_is_read_again_for_its_lines() {
        let dir = tempfile::tempdir().unwrap();
        for bytes in ["a: 1\ntitle: 한글 x\n", "\u{feff}a: 1\ntitle: 한글 x\n"] {
            let file = let_go_of(dir.path(), bytes);
            assert!(file.quotable());
            assert_eq!(file.text(), "a: 1\ntitle: 한글 x\n");
            let offset = file.text().find('x').unwrap();
            assert_eq!(file.line_column(offset).column, 11);
        }
    }

    #[test]
    fn a_file_changed_since_it_was_parsed_shows_no_line() {
        let dir = tempfile::tempdir().unwrap();
        for changed in [
            "a: 2\ntitle: 한글 x\n",
            "a: 1\ntitle: 한글 x\nmore: y\n",
            "",
        ] {
            let file = let_go_of(dir.path(), "a: 1\ntitle: 한글 x\n");
            std::fs::write(&file.path, changed).unwrap();
            assert!(!file.quotable(), "{changed:?}");
            assert_eq!(file.text(), "");
            // Positions and searches stay within what is there: nothing to point into.
            assert_eq!(file.line_column(14), LineColumn { line: 1, column: 1 });
            let span = Span::new(FileId(0), 5..16);
            assert_eq!(file.find_within(span, "x"), span);
            assert_eq!(
                Span::of_position(FileId(0), &file, &Default::default()).end,
                0
            );
        }
        let file = let_go_of(dir.path(), "a: 1\n");
        std::fs::remove_file(&file.path).unwrap();
        assert!(!file.quotable());
    }
}
