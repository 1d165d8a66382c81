//! The matcher on an arbitrary message and log line: it must not panic, every value it returns
//! is text of the line, and libFuzzer's timeout catches a search that is not linear.
#![no_main]

use kbgen::matching::matcher::{Matcher, MessagePattern};
use kbgen::matching::pattern::{PlaceholderSpec, compile, compile_with_regex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `message \n line`; every `{name}` of the message is declared, some with closed values.
    let Some((message, line)) = text.split_once('\n') else {
        return;
    };
    let names: Vec<String> = kbgen::kb::message::brace_groups(message)
        .into_iter()
        .filter(|g| g.kind == kbgen::kb::message::GroupKind::Name)
        .map(|g| g.inner)
        .collect();
    let specs: Vec<PlaceholderSpec> = names
        .iter()
        .enumerate()
        .map(|(i, name)| PlaceholderSpec {
            name,
            values: if i % 3 == 2 { vec!["disk full", "ok"] } else { vec![] },
            max_length: 1 + (i * 7) % 40,
        })
        .collect();
    let compiled = compile_with_regex(message, &specs);
    let _ = compiled.backtracking_cost(kbgen::matching::pattern::HOSTILE_LINE);
    let matcher = Matcher::new(vec![MessagePattern {
        entry: 0,
        message: 0,
        compiled: compile(message, &specs),
    }]);
    for found in matcher.find(line) {
        for (name, value) in &found.values {
            assert!(names.contains(name));
            assert!(line.contains(value.as_str()) || value.is_empty());
        }
    }
});
