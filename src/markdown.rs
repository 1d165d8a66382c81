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
                let is_image = markdown[range.clone()].starts_with('!');
                let destination = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                outline.links.push(Link {
                    destination,
                    text: String::new(),
                    range,
                    is_image,
                });
                open.push(outline.links.len() - 1);
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                open.pop();
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = Some(String::new()),
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
                    outline.text.push((text.to_string(), range));
                }
            }
            Event::Code(code) => {
                if let Some(&index) = open.last() {
                    outline.links[index].text.push_str(&code);
                }
                outline.code.push(code.to_string());
            }
            Event::Html(_) | Event::InlineHtml(_) => outline.html.push(range),
            _ => {}
        }
    }
    outline
}

/// `https://...` tokens in plain text, without trailing punctuation.
fn bare_urls(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
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
    fn code_blocks_are_protected_too() {
        let found = outline("Run:\n\n```\nkbgen check\n```\n");
        assert_eq!(found.code, vec!["kbgen check"]);
    }
}
