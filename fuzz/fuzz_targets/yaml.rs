//! kbgen's fast YAML path against serde-saphyr on arbitrary text: whatever the fast path reads,
//! serde-saphyr must read too, as the very same value with the same positions.
#![no_main]

use kbgen::kb::model::{
    EntryDoc, EntryTranslation, Glossary, KbSettings, KbTranslation, TopicDoc, TopicTranslation,
};
use kbgen::kb::yaml::{from_str, with_serde_saphyr};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

fn agrees<T: DeserializeOwned + Debug>(text: &str) {
    if let Some(fast) = from_str::<T>(text) {
        let reference = with_serde_saphyr::<T>(text)
            .unwrap_or_else(|e| panic!("the fast path read what serde-saphyr refuses: {e}"));
        assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(content) else {
        return;
    };
    match which % 7 {
        0 => agrees::<EntryDoc>(text),
        1 => agrees::<EntryTranslation>(text),
        2 => agrees::<TopicDoc>(text),
        3 => agrees::<TopicTranslation>(text),
        4 => agrees::<KbSettings>(text),
        5 => agrees::<KbTranslation>(text),
        _ => agrees::<Glossary>(text),
    }
});
