//! What validation needs to know about a Markdown field: its links, code spans and raw HTML,
//! each with its byte range inside the field's text.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Debug, Default, PartialEq)]
pub struct Outline {
    pub links: Vec<Link>,
    /// Inline code spans and code blocks, as written (without the backticks).
    pub code: Vec<String>,
    /// Raw HTML, inline or block.
    pub html: Vec<Range<usize>>,
    /// Prose: text outside code, with its range in the Markdown source.
    pub text: Vec<(String, Range<usize>)>,
    /// Bare `http(s)://` URLs written in prose (not as links).
    pub urls: Vec<String>,
    /// Where each entry of `code` is written, backticks or fences included.
    pub code_ranges: Vec<Range<usize>>,
    /// How many times the text sets words in bold, in italics, and list items it has: what a
    /// translation keeps (`markup-mismatch`).
    pub strong: usize,
    pub emphasis: usize,
    pub list_items: usize,
    /// The characters of the prose, white space left out: how long a translation is against
    /// its source (`length-mismatch`).
    pub prose_chars: usize,
}

/// What a translation must keep exactly as its source has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtectedKind {
    /// A code span or code block; the value is its content.
    Code,
    /// A link's destination; the range is the `](target)` part, or a whole `<autolink>`.
    LinkTarget,
    /// The `[` (or `![`) that opens a link whose text is translated.
    LinkOpen,
    /// A `{placeholder}` in prose.
    Placeholder,
    /// A bare URL in prose.
    Url,
}

impl ProtectedKind {
    /// How diagnostics name it.
    pub fn name(self) -> &'static str {
        match self {
            ProtectedKind::Code => "code span",
            ProtectedKind::LinkTarget => "link target",
            ProtectedKind::LinkOpen => "link",
            ProtectedKind::Placeholder => "placeholder",
            ProtectedKind::Url => "URL",
        }
    }
}

/// One protected span of a Markdown text: what it is, its value, where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Protected {
    pub kind: ProtectedKind,
    pub value: String,
    pub range: Range<usize>,
}

impl Outline {
    /// The spans of `markdown` (the text this outline was made of) that no translation may
    /// change, in the order they are written: the one definition that `check` compares and the
    /// exchange files mark (XLIFF `<ph>`, PO `#. protected:`).
    pub fn protected(&self, markdown: &str) -> Vec<Protected> {
        let mut found: Vec<Protected> = (self.code.iter().zip(&self.code_ranges))
            .map(|(code, range)| Protected {
                kind: ProtectedKind::Code,
                value: code.clone(),
                range: range.clone(),
            })
            .collect();
        for link in &self.links {
            let written = &markdown[link.range.clone()];
            let open = if written.starts_with("![") { 2 } else { 1 };
            match written.rfind("](") {
                Some(at) if written.starts_with('[') || written.starts_with("![") => {
                    found.push(Protected {
                        kind: ProtectedKind::LinkOpen,
                        value: written[..open].to_string(),
                        range: link.range.start..link.range.start + open,
                    });
                    found.push(Protected {
                        kind: ProtectedKind::LinkTarget,
                        value: link.destination.clone(),
                        range: link.range.start + at..link.range.end,
                    });
                }
                // `<https://...>` and reference links are protected whole.
                _ => found.push(Protected {
                    kind: ProtectedKind::LinkTarget,
                    value: link.destination.clone(),
                    range: link.range.clone(),
                }),
            }
        }
        let in_link = |at: usize| self.links.iter().any(|l| l.range.contains(&at));
        for (_, range) in &self.text {
            let prose = &markdown[range.clone()];
            for group in crate::kb::message::brace_groups(prose) {
                if group.kind == crate::kb::message::GroupKind::Name {
                    found.push(Protected {
                        kind: ProtectedKind::Placeholder,
                        value: format!("{{{}}}", group.inner),
                        range: range.start + group.range.start..range.start + group.range.end,
                    });
                }
            }
            if in_link(range.start) || self.urls.is_empty() {
                continue;
            }
            for url in bare_urls(prose) {
                if let Some(at) = prose.find(&url) {
                    let start = range.start + at;
                    found.push(Protected {
                        kind: ProtectedKind::Url,
                        range: start..start + url.len(),
                        value: url,
                    });
                }
            }
        }
        found.sort_by_key(|p| (p.range.start, p.range.end));
        found.dedup_by(|b, a| b.range.start < a.range.end);
        found
    }
}

/// The protected spans of `source` that `translation` does not keep (compared by kind and
/// value, each kept one counting once), as `check` compares them.
pub fn lost_protected(source: &str, translation: &str) -> Vec<Protected> {
    let mut wanted = protected(source);
    // The link's target says whether it was kept.
    wanted.retain(|item| item.kind != ProtectedKind::LinkOpen);
    if wanted.is_empty() {
        return wanted; // most texts: the translation need not be parsed
    }
    let mut kept = protected(translation);
    let mut lost = Vec::new();
    for item in wanted {
        match kept
            .iter()
            .position(|k| k.kind == item.kind && k.value == item.value)
        {
            Some(index) => {
                kept.swap_remove(index);
            }
            None => lost.push(item),
        }
    }
    lost
}

/// [`Outline::protected`] of a text.
pub fn protected(markdown: &str) -> Vec<Protected> {
    outline(markdown).protected(markdown)
}

#[derive(Debug, PartialEq)]
pub struct Link {
    pub destination: String,
    /// The link's text, as plain text.
    pub text: String,
    /// Where the whole link is written in the Markdown source.
    pub range: Range<usize>,
    /// Images are checked like links.
    pub is_image: bool,
}

impl Link {
    /// The link or image that starts at `range` of `markdown`, its text still empty.
    fn at(markdown: &str, range: Range<usize>, link_type: LinkType, dest_url: &str) -> Link {
        Link {
            is_image: markdown[range.clone()].starts_with('!'),
            destination: if link_type == LinkType::Email {
                format!("mailto:{dest_url}")
            } else {
                dest_url.to_string()
            },
            text: String::new(),
            range,
        }
    }
}

pub fn outline(markdown: &str) -> Outline {
    let mut outline = Outline::default();
    // Open links and images: index into `outline.links`, so nested text lands in the right one.
    let mut open: Vec<usize> = Vec::new();
    let mut in_code_block: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            })
            | Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => {
                outline
                    .links
                    .push(Link::at(markdown, range, link_type, &dest_url));
                open.push(outline.links.len() - 1);
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                open.pop();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = Some(String::new());
                outline.code_ranges.push(range);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = in_code_block.take() {
                    outline.code.push(code.trim_end_matches('\n').to_string());
                }
            }
            Event::Text(text) => {
                if let Some(block) = in_code_block.as_mut() {
                    block.push_str(&text);
                } else {
                    if let Some(&index) = open.last() {
                        outline.links[index].text.push_str(&text);
                    }
                    if open.is_empty() {
                        outline.urls.extend(bare_urls(&text));
                    }
                    // Characters by their first UTF-8 byte (no continuation byte), white space by
                    // ASCII's: a byte loop while the text is at hand.
                    outline.prose_chars += (text.bytes())
                        .filter(|b| (b & 0xC0) != 0x80 && !b.is_ascii_whitespace())
                        .count();
                    outline.text.push((text.into_string(), range));
                }
            }
            Event::Code(code) => {
                outline.code_ranges.push(range.clone());
                if let Some(&index) = open.last() {
                    outline.links[index].text.push_str(&code);
                }
                outline.code.push(code.into_string());
            }
            Event::Html(_) | Event::InlineHtml(_) => outline.html.push(range),
            Event::Start(Tag::Strong) => outline.strong += 1,
            Event::Start(Tag::Emphasis) => outline.emphasis += 1,
            Event::Start(Tag::Item) => outline.list_items += 1,
            _ => {}
        }
    }
    outline
}

/// The sentences of a text's prose (code spans and blocks left out), each with its white space
/// collapsed: a sentence ends at `.`, `!`, `?` or `。` followed by white space or the end, but
/// not after an abbreviation that does not end one (`e.g.`, `i.e.`, `etc.`, `vs.`).
pub fn sentences(outline: &Outline) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    for_each_sentence_piece(outline, |piece, ends| {
        current.push_str(piece);
        if ends {
            let sentence = current.split_whitespace().collect::<Vec<_>>().join(" ");
            if !sentence.is_empty() {
                sentences.push(sentence);
            }
            current.clear();
        }
    });
    sentences
}

/// [`sentences`] as keys, without building them (`check` asks it of every translated text): a
/// hash of each sentence's bytes other than ASCII white space, and their count.
pub fn sentence_keys(outline: &Outline) -> Vec<(u64, usize)> {
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    const MULTIPLIER: u64 = 0x0100_0000_01b3;
    let mut keys = Vec::new();
    // Eight bytes are gathered into a word before they are mixed in: one multiplication per
    // word instead of one per byte, and the same key whatever the pieces.
    let (mut hash, mut word, mut bytes) = (SEED, 0u64, 0usize);
    for_each_sentence_piece(outline, |piece, ends| {
        for byte in piece.bytes().filter(|b| !b.is_ascii_whitespace()) {
            word = word << 8 | u64::from(byte);
            bytes += 1;
            if bytes % 8 == 0 {
                hash = (hash ^ word).wrapping_mul(MULTIPLIER);
                word = 0;
            }
        }
        if ends {
            if bytes > 0 {
                keys.push(((hash ^ word).wrapping_mul(MULTIPLIER), bytes));
            }
            (hash, word, bytes) = (SEED, 0, 0);
        }
    });
    keys
}

/// How many [`sentences`] `outline` has, counted without reading them.
pub fn sentence_count(outline: &Outline) -> usize {
    let mut count = 0;
    let mut open = false;
    for_each_sentence_piece(outline, |piece, ends| {
        open |= piece.bytes().any(|b| !b.is_ascii_whitespace());
        if ends && open {
            count += 1;
            open = false;
        }
    });
    count
}

/// Hands the prose of `outline` over in pieces, each saying whether a sentence ends with it;
/// the last piece always ends one.
fn for_each_sentence_piece(outline: &Outline, mut piece: impl FnMut(&str, bool)) {
    const NOT_AN_END: [&str; 5] = ["e.g.", "i.e.", "etc.", "vs.", "approx."];
    const IDEOGRAPHIC_FULL_STOP: &[u8] = "\u{3002}".as_bytes();
    let runs = outline.text.len();
    for (index, (text, _)) in outline.text.iter().enumerate() {
        let next_run_starts_with_space = (outline.text.get(index + 1))
            .is_none_or(|(next, _)| next.starts_with(char::is_whitespace));
        let bytes = text.as_bytes();
        // Without an ideographic full stop (most text), the next end mark is found by memchr.
        let ideographic = memchr::memmem::find(bytes, IDEOGRAPHIC_FULL_STOP).is_some();
        let mut from = 0;
        let mut at = 0;
        while at < bytes.len() {
            if !ideographic {
                match memchr::memchr3(b'.', b'!', b'?', &bytes[at..]) {
                    Some(offset) => at += offset,
                    None => break,
                }
            }
            let end = match bytes[at] {
                b'.' | b'!' | b'?' => at + 1,
                _ if bytes[at..].starts_with(IDEOGRAPHIC_FULL_STOP) => at + 3,
                _ => {
                    at += 1;
                    continue;
                }
            };
            let followed_by_space = match bytes.get(end) {
                Some(next) => next.is_ascii_whitespace(),
                None => next_run_starts_with_space,
            };
            if followed_by_space && !NOT_AN_END.iter().any(|a| text[..end].ends_with(a)) {
                piece(&text[from..end], true);
                from = end;
            }
            at = end;
        }
        piece(&text[from..], index + 1 == runs);
    }
}

/// The numbers of a text's prose and link texts, outside code, URLs and placeholders, sorted:
/// `429`, `4.0`, `1000` for `1,000`, `5` for `05`. A translation states the same facts.
pub fn prose_numbers(outline: &Outline) -> Vec<String> {
    // An English date names its month where other languages number it (`May 19, 2024`,
    // `2024년 5월 19일`): a month name right before a number counts as the month's number.
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut numbers = Vec::new();
    for (text, _) in &outline.text {
        // `check` asks this of every translated text: most runs of prose hold no digit.
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let prose: std::borrow::Cow<str> = if outline.urls.is_empty() {
            std::borrow::Cow::Borrowed(text)
        } else {
            let mut without = text.clone();
            for url in &outline.urls {
                without = without.replace(url.as_str(), " ");
            }
            std::borrow::Cow::Owned(without)
        };
        let bytes = prose.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'{' {
                // A placeholder's name is not prose.
                at = prose[at..]
                    .find('}')
                    .map_or(bytes.len(), |end| at + end + 1);
                continue;
            }
            if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_alphabetic()) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len()
                && (bytes[at].is_ascii_digit()
                    || (matches!(bytes[at], b'.' | b',')
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)))
            {
                at += 1;
            }
            // Part of an identifier (`EUS2`, `0x80070005`) is not a number of the prose.
            if bytes.get(at).is_some_and(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            let before = prose[..start].strip_suffix(' ').unwrap_or("");
            if let Some(month) = MONTHS.iter().position(|m| before.ends_with(m)) {
                numbers.push((month + 1).to_string());
            }
            let number = &prose[start..at];
            let grouped = number.split(',').skip(1).all(|group| group.len() == 3);
            let number = if grouped {
                number.replace(',', "")
            } else {
                number.to_string()
            };
            let trimmed = number.trim_start_matches('0');
            let number = if trimmed.is_empty() || trimmed.starts_with('.') {
                format!("0{trimmed}")
            } else {
                trimmed.to_string()
            };
            numbers.push(number);
        }
    }
    numbers.sort();
    numbers
}

/// Markup that CommonMark left as text: `**` or `__` that opened or closed nothing, a lone
/// backtick, the `](` of a broken link. The reader sees the characters.
#[derive(Debug, PartialEq)]
pub struct LiteralMarkup {
    /// The run of prose it is in, and the markup itself, as ranges of the Markdown text.
    pub run: Range<usize>,
    pub at: Range<usize>,
    pub markup: &'static str,
}

/// The first [`LiteralMarkup`] of `markdown`, whose outline is `outline`. The parser hands
/// unmatched delimiters over one by one (`*`, `*`): adjoining runs of prose are read together.
/// Escaped characters (`\*`) are meant as text and not reported.
pub fn literal_markup(markdown: &str, outline: &Outline) -> Option<LiteralMarkup> {
    const MARKUP: [&str; 4] = ["**", "__", "](", "`"];
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (_, range) in &outline.text {
        match runs.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => runs.push(range.clone()),
        }
    }
    runs.into_iter().find_map(|run| {
        let bytes = &markdown.as_bytes()[run.clone()];
        // Only the bytes that can start markup are looked at (check reads every text), found
        // by memchr, in the order they are written.
        let mut candidates: Vec<usize> = memchr::memchr3_iter(b'*', b'_', b']', bytes).collect();
        candidates.extend(memchr::memchr_iter(b'`', bytes));
        candidates.sort_unstable();
        candidates.into_iter().find_map(|at| {
            let escaped = at > 0 && bytes[at - 1] == b'\\';
            let markup = MARKUP
                .into_iter()
                .find(|m| bytes[at..].starts_with(m.as_bytes()))?;
            let start = run.start + at;
            (!escaped).then(|| LiteralMarkup {
                run: run.clone(),
                at: start..start + markup.len(),
                markup,
            })
        })
    })
}

/// The links and images of a text, as [`outline`] finds them (their `text` left empty): one
/// parse that keeps nothing else, and none when no link can be written (every link needs a `]`,
/// every autolink a `<`).
fn links(markdown: &str) -> Vec<Link> {
    if !markdown.contains([']', '<']) {
        return Vec::new();
    }
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        if let Event::Start(Tag::Link {
            dest_url,
            link_type,
            ..
        })
        | Event::Start(Tag::Image {
            dest_url,
            link_type,
            ..
        }) = event
        {
            links.push(Link::at(markdown, range, link_type, &dest_url));
        }
    }
    links
}

/// The Markdown with each link destination replaced by what `rewrite` returns for it (`None`
/// keeps it). Only the destination's bytes change.
pub fn rewrite_links(markdown: &str, mut rewrite: impl FnMut(&str) -> Option<String>) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for link in links(markdown) {
        let Some(new) = rewrite(&link.destination) else {
            continue;
        };
        let written = &markdown[link.range.clone()];
        // `[text](dest)`: the destination follows the last `](`; `<dest>`: inside the brackets.
        let found = written
            .rfind("](")
            .and_then(|at| written[at..].find(&link.destination).map(|i| at + i))
            .or_else(|| written.find(&link.destination));
        if let Some(at) = found {
            let start = link.range.start + at;
            edits.push((start..start + link.destination.len(), new));
        }
    }
    let mut out = markdown.to_string();
    for (range, new) in edits.into_iter().rev() {
        out.replace_range(range, &new);
    }
    out
}

/// The Markdown with every raw HTML fragment turned into text (`<` written as `&lt;`), so that a
/// platform that passes HTML through shows `<script>` instead of running it. One policy for
/// every output kbgen writes Markdown into (pages, catalog).
pub fn neutralize_html(markdown: &str) -> String {
    // Raw HTML starts with `<`: most texts have none and are not parsed again.
    if !markdown.contains('<') {
        return markdown.to_string();
    }
    let mut text = markdown.to_string();
    // Turning one fragment into text can make a neighbour parse differently (an HTML block that
    // became a paragraph absorbs the next line), and platforms enable extensions (tables,
    // footnotes) that split text differently: repeat, under both plain CommonMark and every
    // extension, until nothing parses as HTML.
    for _ in 0..8 {
        let mut html = html_ranges(&text, Options::empty());
        html.extend(html_ranges(&text, Options::all()));
        if html.is_empty() {
            return text;
        }
        // Escape from the end, so that earlier ranges stay valid; overlapping ones are merged.
        html.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::new();
        for range in html {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        for range in merged.into_iter().rev() {
            let escaped = text[range.clone()].replace('<', "&lt;");
            text.replace_range(range, &escaped);
        }
    }
    // Not reached for any input seen (fuzzed); if it were, no `<` is left to open a tag.
    text.replace('<', "&lt;")
}

/// Where raw HTML is in `markdown` when parsed with `options`.
fn html_ranges(markdown: &str, options: Options) -> Vec<Range<usize>> {
    Parser::new_ext(markdown, options)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect()
}

/// The scheme of a `javascript:`, `vbscript:` or `data:` URL written as an attribute value in
/// raw HTML (`<a href="javascript:...">`, `<img src=data:...>`), entity-encoded or spaced out
/// as browsers still accept it.
pub fn unsafe_scheme_in_html(html: &str) -> Option<&'static str> {
    let normalized = decode_character_references(html)
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .flat_map(char::to_lowercase)
        .collect::<String>();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|scheme| {
            normalized.match_indices(scheme).any(|(at, _)| {
                matches!(
                    normalized[..at].chars().next_back(),
                    Some('=' | '"' | '\'' | '`')
                )
            })
        })
        .map(|scheme| scheme.trim_end_matches(':'))
}

/// `&#106;`, `&#x6A;` and the named references browsers decode inside URLs.
fn decode_character_references(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |i| i + 1);
        let name = &rest[1..end];
        let decoded = if let Some(number) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            u32::from_str_radix(number, 16)
                .ok()
                .and_then(char::from_u32)
        } else if let Some(number) = name.strip_prefix('#') {
            number.parse().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Plain text placed where Markdown syntax is read (a heading, link text, a list item): every
/// character that could open markup is escaped, line breaks become spaces.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '~' | '&' | '#' | '{'
            | '}' | '(' | ')' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Text as one inline code span: delimited by more backticks than it contains in a row, padded
/// when it starts or ends with a backtick, on one line.
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Markdown as plain text, for consumers that show text only: no markup, links as their text,
/// list items on lines of their own.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("- ");
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::Heading(_)) => out.push_str("\n\n"),
            Event::End(TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    // Each line without its trailing white space, the whole trimmed: one copy, no list of lines.
    let mut text = String::with_capacity(out.len());
    for line in out.trim_start().split('\n') {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.truncate(text.trim_end().len());
    text
}

/// `https://...` tokens in plain text, without trailing punctuation.
fn bare_urls(text: &str) -> impl Iterator<Item = String> + '_ {
    // One search of the whole text first: most prose has no URL, and a searcher per word is
    // what the check spent its time on.
    let words = if text.contains("http") { text } else { "" };
    words
        .split_whitespace()
        .filter_map(|word| {
            word.find("https://")
                .or_else(|| word.find("http://"))
                .map(|at| &word[at..])
        })
        .map(|url| {
            url.trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '!', '?'])
                .to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_the_outline_links() {
        for text in [
            "no link at all, but a ] and <b>",
            "[a](kb:x) ![i](img.png) <https://example.com> <me@example.com> [r][d]\n\n[d]: https://d.example",
            "`[not](a-link)` [**a** `b`](c) [nested [x](y)](z)",
        ] {
            let ours: Vec<_> = (links(text).into_iter())
                .map(|l| (l.destination, l.range, l.is_image))
                .collect();
            let outlined: Vec<_> = (outline(text).links.into_iter())
                .map(|l| (l.destination, l.range, l.is_image))
                .collect();
            assert_eq!(ours, outlined, "{text}");
        }
    }

    #[test]
    fn finds_links_code_and_html() {
        let md = "Sync [ITSMC `now`](kb:resync) and <https://x.example> `StatusCode=429` <b>x</b>";
        let found = outline(md);
        assert_eq!(found.links.len(), 2);
        assert_eq!(found.links[0].destination, "kb:resync");
        assert_eq!(found.links[0].text, "ITSMC now");
        assert_eq!(
            &md[found.links[0].range.clone()],
            "[ITSMC `now`](kb:resync)"
        );
        assert_eq!(found.links[1].destination, "https://x.example");
        assert_eq!(found.code, vec!["now", "StatusCode=429"]);
        assert_eq!(found.html.len(), 2);
    }

    #[test]
    fn bare_urls_in_prose_are_found() {
        let found =
            outline("See https://example.com/a, or (http://x.example/b). [c](https://d.example)");
        assert_eq!(
            found.urls,
            vec!["https://example.com/a", "http://x.example/b"]
        );
    }

    #[test]
    fn rewrites_only_link_destinations() {
        let md = "See [kb:x](kb:x) and <https://a.example> and [b](azure:p \"t\").";
        let out = rewrite_links(md, |dest| match dest {
            "kb:x" => Some("en/t/#x".into()),
            "azure:p" => Some("https://learn.example/p".into()),
            _ => None,
        });
        assert_eq!(
            out,
            "See [kb:x](en/t/#x) and <https://a.example> and [b](https://learn.example/p \"t\")."
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text(
                "Check **all** the `roles` as [specified](https://x.example).\n\n- one\n- two"
            ),
            "Check all the roles as specified.\n\n- one\n- two"
        );
        // Trailing spaces of each line go (the code block's too), and the white space around
        // the whole text; hard breaks stay line breaks.
        assert_eq!(
            plain_text("  Line one  \nline two\\\nthree\r\n\n\n```\ncode  \n```\n\n"),
            "Line one\nline two\nthree\n\ncode"
        );
    }

    #[test]
    fn raw_html_becomes_text() {
        let payloads = [
            "<script>alert(1)</script>",
            "a <img src=x onerror=alert(1)> b",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=https://x.example></iframe>\nnext line",
            "- item\n\n  <div>\n  <script>x</script>\n  </div>",
            "<!-- c --><<script>x</script>",
            // Found by the `markdown` fuzz target: HTML only under the extensions.
            "a\\=x\0\"r</sr fheipt>\n:><![CDATA[<(ta",
        ];
        for payload in payloads {
            let safe = neutralize_html(payload);
            assert!(outline(&safe).html.is_empty(), "{payload:?} -> {safe:?}");
            assert!(
                html_ranges(&safe, Options::all()).is_empty(),
                "{payload:?} -> {safe:?}"
            );
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new(&safe));
            assert!(
                !html.contains("<script") && !html.contains("<img") && !html.contains("<a "),
                "{html}"
            );
        }
    }

    #[test]
    fn unsafe_schemes_in_html_attributes() {
        assert_eq!(
            unsafe_scheme_in_html("<a href=\"javascript:x\">"),
            Some("javascript")
        );
        assert_eq!(
            unsafe_scheme_in_html("<a href='jav&#x61;script&colon;x'>"),
            Some("javascript")
        );
        assert_eq!(
            unsafe_scheme_in_html("<a href=\"java\tscript:x\">"),
            Some("javascript")
        );
        assert_eq!(
            unsafe_scheme_in_html("<img src=DATA:text/html,x>"),
            Some("data")
        );
        assert_eq!(unsafe_scheme_in_html("<p>metadata: x</p>"), None);
        assert_eq!(unsafe_scheme_in_html("<b>x</b>"), None);
    }

    #[test]
    fn inline_text_and_code_cannot_open_markup() {
        let title = "**x** [a](javascript:b) <b>c</b> # d";
        let escaped = escape_inline(title);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new(&format!("# {escaped}")));
        assert_eq!(
            html,
            "<h1>**x** [a](javascript:b) &lt;b&gt;c&lt;/b&gt; # d</h1>\n"
        );
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn protected_spans_are_found_by_the_markdown_parser() {
        let text = "Answers `StatusCode=429` for {alertName}: see [the docs](https://x.example/a) \
                    or https://y.example/b.\n\n```\naz vm list\n```";
        let kinds: Vec<(ProtectedKind, &str)> = protected(text)
            .into_iter()
            .map(|p| (p.kind, &text[p.range]))
            .collect();
        assert_eq!(
            kinds,
            [
                (ProtectedKind::Code, "`StatusCode=429`"),
                (ProtectedKind::Placeholder, "{alertName}"),
                (ProtectedKind::LinkOpen, "["),
                (ProtectedKind::LinkTarget, "](https://x.example/a)"),
                (ProtectedKind::Url, "https://y.example/b"),
                (ProtectedKind::Code, "```\naz vm list\n```"),
            ]
        );
        // The bytes are there, but an escaped backtick makes them prose: lost, as check says.
        let lost = lost_protected(
            "Answers `StatusCode=429` now.",
            "응답은 \\`StatusCode=429` 입니다.",
        );
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert!(
            lost_protected(
                "Answers `StatusCode=429` now.",
                "응답은 `StatusCode=429`입니다."
            )
            .is_empty()
        );
    }

    #[test]
    fn code_blocks_are_protected_too() {
        let found = outline("Run:\n\n```\nkbgen check\n```\n");
        assert_eq!(found.code, vec!["kbgen check"]);
    }
}

#[cfg(test)]
mod sentences_tests {
    use super::{outline, sentences};

    #[test]
    fn sentences_end_at_their_punctuation_not_at_abbreviations_or_in_code() {
        let of = |markdown: &str| sentences(&outline(markdown));
        assert_eq!(
            of("Run it, e.g. at 10:00. Then   check `a. b` here! Done?"),
            ["Run it, e.g. at 10:00.", "Then check here!", "Done?"]
        );
        assert_eq!(
            of("토큰이 만료되었습니다. 갱신합니다."),
            ["토큰이 만료되었습니다.", "갱신합니다."]
        );
        assert_eq!(of("Version 4.0 works"), ["Version 4.0 works"]);
        // Counted and keyed alike, without building them.
        for text in [
            "A b. C d! E?",
            "동기화합니다。 끝.",
            "`code`. Then",
            "",
            "e.g. one. two.",
        ] {
            let found = outline(text);
            let all = sentences(&found);
            assert_eq!(super::sentence_count(&found), all.len(), "{text}");
            assert_eq!(super::sentence_keys(&found).len(), all.len(), "{text}");
        }
        let found = outline("같은 문장입니다. 같은   문장입니다.");
        let keys = super::sentence_keys(&found);
        assert_eq!(keys[0], keys[1]);
        // Whatever runs of prose the markup cuts a sentence into; different sentences differ.
        let found = outline("The connector is **not** ready. The connector is not ready.");
        let keys = super::sentence_keys(&found);
        assert_eq!(keys[0], keys[1]);
        let found = outline("The connector is ready now. The connector is ready, too.");
        let keys = super::sentence_keys(&found);
        assert_ne!(keys[0], keys[1]);
    }
}

#[cfg(test)]
mod prose_numbers_tests {
    use super::{outline, prose_numbers};

    #[test]
    fn the_numbers_of_prose_and_link_text_outside_code_urls_and_placeholders() {
        let numbers = |markdown: &str| prose_numbers(&outline(markdown));
        assert_eq!(
            numbers("429 after 1,000 calls, [CC BY 4.0](https://x.example/4.0/), 05 and 0.5"),
            ["0.5", "1000", "4.0", "429", "5"]
        );
        assert_eq!(
            numbers("`--top 5` and {value2} and https://x.example/12 and EUS2"),
            Vec::<String>::new()
        );
        assert_eq!(numbers("expired on May 19, 2024"), ["19", "2024", "5"]);
        assert_eq!(numbers("2024년 5월 19일에 만료"), ["19", "2024", "5"]);
        assert_eq!(numbers("1,00 stays as written"), ["1,00"]);
    }
}

#[cfg(test)]
mod literal_markup_tests {
    use super::{literal_markup, outline};

    fn found(markdown: &str) -> Option<&'static str> {
        literal_markup(markdown, &outline(markdown)).map(|found| found.markup)
    }

    #[test]
    fn markup_left_as_text_is_found_and_markup_that_works_is_not() {
        for (markdown, expected) in [
            ("** 커넥터 상태 ** 섹션", Some("**")),
            ("**\"커넥터 상태\"**에", Some("**")),
            ("**ITSMC(커넥터)**가", Some("**")),
            ("__ 밑줄 __", Some("__")),
            ("`az login 실행", Some("`")),
            ("[설명서](https://example.com 참조", Some("](")),
            ("**커넥터 상태** 섹션", None),
            ("\"**커넥터 상태**\"에", None),
            ("**ITSMC(커넥터)** 가", None),
            ("`az login`을 실행", None),
            ("[설명서](https://example.com)를 참조", None),
            ("\\*\\*별표\\*\\*", None),
            ("a * b * c", None),
            ("```\n** not markup in code **\n```", None),
        ] {
            assert_eq!(found(markdown), expected, "{markdown}");
        }
        let text = "먼저 `az login을 실행";
        let at = literal_markup(text, &outline(text)).unwrap().at;
        assert_eq!(&text[at], "`");
    }
}
