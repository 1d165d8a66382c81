//! `catalog.json` and `schemas/`: the machine-readable outputs, beside the site.

use crate::diagnostic::Diagnostic;
use crate::publish::{Context, Files, Output};

pub struct CatalogFiles;

impl Output for CatalogFiles {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        files.add_with("catalog.json", |out| {
            crate::publish::catalog::write(cx.kb, out)
        });
        for (name, _) in crate::publish::schema::NAMES {
            let schema = crate::publish::schema::json(name).expect("listed schemas exist");
            files.add(
                format!("schemas/{}", crate::publish::schema::file_name(name)),
                schema,
            );
        }
        Ok(())
    }
}
