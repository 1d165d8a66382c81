//! The search tokenizer and index on any text: the ASCII path gives what the general path
//! gives, and indexing never panics.
#![no_main]

use kbgen::publish::search::index::{
    Document, FIELD_CAUSES, FIELD_MESSAGE, FIELD_TITLE, index_files, tokens, tokens_by_characters,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(tokens(text), tokens_by_characters(text), "{text:?}");
    // Documents cut from the text, so that terms repeat across them.
    let documents: Vec<Document> = (text.split('\n').enumerate())
        .map(|(n, line)| Document {
            title: line.to_string(),
            code: line.split_whitespace().next().map(str::to_string),
            topic: "t".into(),
            page: "en/t/index.html".into(),
            anchor: format!("e{n}"),
            fields: vec![
                (FIELD_TITLE, line.to_string()),
                (FIELD_MESSAGE, text.to_string()),
                (FIELD_CAUSES, line.chars().rev().collect()),
            ],
        })
        .collect();
    for (name, script) in index_files(&documents) {
        assert!(script.starts_with("kbgenSearch.add(") && script.ends_with(");\n"), "{name}");
    }
});
