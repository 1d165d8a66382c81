//! `catalog.json` and `schemas/`: the machine-readable outputs, beside the site.

use super::{Context, Files, Output};
use crate::diagnostic::Diagnostic;

pub struct CatalogFiles;

impl Output for CatalogFiles {
    fn render(&self, cx: &Context, files: &mut Files) -> Result<(), Diagnostic> {
        files.add(
            "catalog.json",
            crate::catalog::to_json(&crate::catalog::build(cx.kb)),
        );
        for (name, _) in crate::schema::NAMES {
            let schema = crate::schema::json(name).expect("listed schemas exist");
            files.add(
                format!("schemas/{}", crate::schema::file_name(name)),
                schema,
            );
        }
        Ok(())
    }
}
