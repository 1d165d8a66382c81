//! The loader and the validator on arbitrary bytes as one file of a small KB: `kbgen::check`
//! must return diagnostics (never panic, never hang), every span inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const KB: &str = "title: Fuzz\nsource_locale: en\nlocales: [en, ko]\n";
const TOPIC: &str = "title: Errors\norder: [e]\n";
const ENTRY: &str = "title: Connector missing\nerror:\n  messages:\n    - Could not create work item for alert {alertName}.\n  placeholders:\n    alertName:\n      description: The alert rule's name.\ncauses:\n  - The connector was deleted.\nresolution:\n  - Create the connector [again](kb:e).\n";

/// One scratch KB for the whole run; each input replaces one of its files.
fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a scratch folder"))
        .path()
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let root = scratch().join("kb");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("t")).unwrap();
    let files = ["kb.yaml", "t/topic.yaml", "t/e.yaml", "t/e.ko.yaml", "glossary.yaml"];
    std::fs::write(root.join("kb.yaml"), KB).unwrap();
    std::fs::write(root.join("t/topic.yaml"), TOPIC).unwrap();
    std::fs::write(root.join("t/e.yaml"), ENTRY).unwrap();
    let target = files[usize::from(which) % files.len()];
    std::fs::write(root.join(target), content).unwrap();
    let checked = kbgen::check(&root, kbgen::check::Options { strict: true, ..Default::default() })
        .expect("the KB folder exists");
    for diagnostic in &checked.diagnostics {
        if let Some(span) = diagnostic.span {
            let file = checked.kb.sources.get(span.file);
            assert!(span.start <= span.end && span.end <= file.len().max(span.start));
        }
    }
    // The printer must cope with every span, too.
    let _ = kbgen::check::report::human(&checked.diagnostics, &checked.kb.sources, false);
});
