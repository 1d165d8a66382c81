//! Source files held in memory, and the byte spans that diagnostics point at.
//!
//! Every file the loader reads is kept here for the whole run, so that a diagnostic found late
//! (a stale translation, a broken link) can still show the exact line it is about.

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
        let start = start.min(source.text.len());
        Span::new(file, start..(start + len).min(source.text.len()))
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
    pub text: String,
    /// False for paths that were not read as text (a folder, a file too large or not UTF-8):
    /// diagnostics about them show the path without a source line.
    pub is_text: bool,
    /// True once a build has let go of its text ([`SourceMap::release_texts`]): still a file
    /// read as text, but one with no line left to quote.
    pub released: bool,
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
            text,
            is_text: true,
            released: false,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// Whether diagnostics can show its lines: read as text, and the text still held.
    pub fn quotable(&self) -> bool {
        self.is_text && !self.released
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // KB files are far below 4 GiB (`MAX_FILE_BYTES`).
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| (i + 1) as u32));
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
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_starts = self.line_starts();
        let line_index = line_starts.partition_point(|&start| start as usize <= offset) - 1;
        let line_start = line_starts[line_index] as usize;
        LineColumn {
            line: line_index + 1,
            column: self.text[line_start..offset].chars().count() + 1,
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
            .map_or(self.text.len(), |&next| next as usize - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// Byte offset of a 1-based line and character column (clamped to the file).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let range = self.line_range(line);
        let line_text = &self.text[range.clone()];
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
            self.text.len()
        };
        let region = &self.text[span.start..region_end.min(self.text.len())];
        match region.find(needle) {
            Some(found) => Span::new(
                span.file,
                span.start + found..span.start + found + needle.len(),
            ),
            None => span,
        }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// All files of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Files by path, for [`SourceMap::find`].
    by_path: std::collections::HashMap<PathBuf, FileId>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        // The first file registered for a path is the one `find` returns.
        self.by_path.entry(file.path.clone()).or_insert(id);
        self.files.push(file);
        id
    }

    /// Lets go of the text of each file in `files` (whose values are parsed already): a build
    /// needs values, not text, once no diagnostic is to quote it. A diagnostic on such a file
    /// shows its path without a source line ([`SourceFile::quotable`]).
    pub fn release_texts(&mut self, files: impl IntoIterator<Item = FileId>) {
        for id in files {
            let file = &mut self.files[id.0 as usize];
            file.text = String::new();
            file.released = true;
            file.line_starts = std::sync::OnceLock::new();
        }
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
        self.by_path.get(path).copied()
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
        let offset = file.text.find('x').unwrap();
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
        assert_eq!(&file.text[file.line_range(1)], "one");
        assert_eq!(&file.text[file.line_range(2)], "two");
    }

    #[test]
    fn find_within_points_at_the_needle() {
        let file = SourceFile::new("f".into(), "f".into(), "x: see [a](kb:b) now\n".into());
        let span = Span::new(FileId(0), 3..20);
        let found = file.find_within(span, "kb:b");
        assert_eq!(&file.text[found.range()], "kb:b");
    }
}
