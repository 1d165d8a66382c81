//! `kbgen new`: a new entry (and its topic) that `check` accepts.

use super::{Exit, print};

pub fn execute(kb: &std::path::Path, id: &str) -> kbgen::Result<Exit> {
    let created = kbgen::kb::scaffold::new_entry(kb, id)?;
    if created.topic_is_new {
        print::status(format_args!("created {}", created.topic.display()));
    } else {
        print::status(format_args!(
            "added `{}` to the order in {}",
            id.split('/').nth(1).unwrap_or(id),
            created.topic.display()
        ));
    }
    print::status(format_args!("created {}", created.entry.display()));
    if created.schemas_missing {
        let schemas = kbgen::kb::locate::beside(kb, "schemas");
        print::status(format_args!(
            "for completion in your editor: kbgen schema --out {}",
            schemas.display()
        ));
    }
    print::status(format_args!(
        "next: replace its texts with the real message, causes and resolution; `kbgen check {}` \
         flags what is left (`build` refuses it)",
        kb.display()
    ));
    Ok(Exit::Success)
}
