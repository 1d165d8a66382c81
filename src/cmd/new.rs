//! `kbgen new`: a new entry (and its topic) that `check` accepts.

use super::Exit;

pub fn execute(kb: &std::path::Path, id: &str) -> kbgen::Result<Exit> {
    let created = kbgen::kb::scaffold::new_entry(kb, id)?;
    if created.topic_is_new {
        println!("created {}", created.topic.display());
    } else {
        println!(
            "added `{}` to the order in {}",
            id.split('/').nth(1).unwrap_or(id),
            created.topic.display()
        );
    }
    println!("created {}", created.entry.display());
    if created.schemas_missing {
        let schemas = kbgen::kb::locate::beside(kb, "schemas");
        println!(
            "for completion in your editor: kbgen schema --out {}",
            schemas.display()
        );
    }
    println!(
        "next: replace its texts with the real message, causes and resolution; `kbgen check {}` \
         flags what is left (`build` refuses it)",
        kb.display()
    );
    Ok(Exit::Success)
}
