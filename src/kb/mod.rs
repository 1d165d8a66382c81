//! Stage 1, the KB: its file format, the loader, and what every later stage reads of it.

pub mod edit;
pub mod fields;
pub mod fingerprint;
pub mod glossary;
pub mod history;
pub mod ids;
pub mod init;
pub mod links;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod message;
pub mod model;
pub mod scaffold;
pub mod shape;
pub mod source;
pub mod yaml;
mod yaml_subset;
