//! JSON Schemas of the KB files and of the catalog, generated from the very types the loader
//! and the catalog use, in draft-07: the draft yaml-language-server supports (its issue #856),
//! so that editors complete and check KB files.

use schemars::JsonSchema;

/// The schemas kbgen publishes: name, the files it describes, and the schema as JSON.
pub const NAMES: &[(&str, &str)] = &[
    ("kb", "kb.yaml"),
    ("kb-translation", "kb.<locale>.yaml"),
    ("topic", "<topic>/topic.yaml"),
    ("topic-translation", "<topic>/topic.<locale>.yaml"),
    ("entry", "<topic>/<entry>.yaml"),
    ("translation", "<topic>/<entry>.<locale>.yaml"),
    ("glossary", "glossary.yaml"),
    ("catalog", "catalog.json"),
    ("catalog-compact", "kbgen catalog --compact"),
];

/// The schema called `name` (see [`NAMES`]) as pretty JSON, or `None` for an unknown name.
pub fn json(name: &str) -> Option<String> {
    let schema = match name {
        "kb" => of::<crate::kb::model::KbSettings>("kbgen kb.yaml"),
        "kb-translation" => of::<crate::kb::model::KbTranslation>("kbgen kb.<locale>.yaml"),
        "topic" => of::<crate::kb::model::TopicDoc>("kbgen topic.yaml"),
        "topic-translation" => {
            of::<crate::kb::model::TopicTranslation>("kbgen topic.<locale>.yaml")
        }
        "entry" => of::<crate::kb::model::EntryDoc>("kbgen entry"),
        "translation" => of::<crate::kb::model::EntryTranslation>("kbgen entry translation"),
        "glossary" => of::<crate::kb::model::Glossary>("kbgen glossary.yaml"),
        "catalog" => of::<crate::publish::catalog::Catalog>("kbgen catalog"),
        "catalog-compact" => {
            of::<crate::publish::catalog::CompactCatalog>("kbgen catalog --compact")
        }
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    Some(text)
}

fn of<T: JsonSchema>(title: &str) -> schemars::Schema {
    let mut schema = crate::kb::model::json_schema::<T>();
    schema.insert("title".into(), title.into());
    schema
}

/// The file name a schema is published under: `entry.schema.json`.
pub fn file_name(name: &str) -> String {
    format!("{name}.schema.json")
}
