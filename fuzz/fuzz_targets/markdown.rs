//! Author Markdown after kbgen's one output policy: no raw HTML may survive
//! `neutralize_html`, and escaped plain text may open no markup; its plain text is trimmed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let safe = kbgen::kb::markdown::neutralize_html(text);
    for event in Parser::new_ext(&safe, Options::all()) {
        assert!(
            !matches!(event, Event::Html(_) | Event::InlineHtml(_)),
            "{text:?} -> {safe:?} still has HTML"
        );
    }
    let _ = kbgen::kb::markdown::unsafe_scheme_in_html(text);
    // Plain text (search documents, meta descriptions): trimmed, and no line ends in white space.
    let plain = kbgen::kb::markdown::plain_text(text);
    assert_eq!(plain, plain.trim(), "{text:?}");
    for line in plain.split('\n') {
        assert_eq!(line, line.trim_end(), "{text:?} -> {plain:?}");
    }
    let escaped = kbgen::kb::markdown::escape_inline(text);
    for event in Parser::new_ext(&format!("# {escaped}"), Options::all()) {
        assert!(
            matches!(
                event,
                Event::Start(pulldown_cmark::Tag::Heading { .. })
                    | Event::End(pulldown_cmark::TagEnd::Heading(_))
                    | Event::Text(_)
            ),
            "{text:?} -> {escaped:?} opened {event:?}"
        );
    }
});
