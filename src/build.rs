//! `kbgen build`: load and validate the KB, render every output in memory, then write them to a
//! temporary folder beside OUT and swap it in. A failing or interrupted build leaves the previous
//! output untouched, and kbgen replaces only folders that carry its marker file.

use crate::error::{Error, Result};
use crate::render::{self, Files, Output};
use crate::{Checked, templates};
use std::path::{Path, PathBuf};

/// The file that marks a folder as kbgen's output, which a later build may replace.
pub const MARKER: &str = ".kbgen-output";
const MARKER_TEXT: &str =
    "This folder was written by `kbgen build`, which replaces it on the next build.\n";

pub struct Built {
    /// The KB and every diagnostic (render errors included).
    pub checked: Checked,
    /// How many files were written; 0 when the build failed.
    pub files: usize,
}

impl Built {
    pub fn written(&self) -> bool {
        self.files > 0
    }
}

/// Builds the KB at `kb_root` into `out`. `Err` for usage and I/O problems; problems in the KB
/// are diagnostics in the result, and then nothing is written.
pub fn build(kb_root: &Path, out: &Path) -> Result<Built> {
    guard_out(kb_root, out)?;
    let mut checked = crate::check(kb_root, crate::validate::Options::default())?;
    if checked.has_errors() {
        return Ok(Built { checked, files: 0 });
    }
    let files = match render_all(&checked) {
        Ok(files) => files,
        Err(diagnostic) => {
            checked.diagnostics.push(diagnostic);
            return Ok(Built { checked, files: 0 });
        }
    };
    write(out, &files)?;
    Ok(Built {
        checked,
        files: files.0.len(),
    })
}

/// Every output, in memory.
pub fn render_all(checked: &Checked) -> std::result::Result<Files, crate::diagnostic::Diagnostic> {
    let kb = &checked.kb;
    let templates = templates::load(kb)
        .0
        .expect("check reported template errors");
    let source_locale = kb.source_locale().unwrap_or("en").to_string();
    let mut locales = kb.locales().unwrap_or_else(|| vec![source_locale.clone()]);
    locales.sort_by_key(|l| *l != source_locale);
    let base_url = kb
        .settings
        .as_ref()
        .and_then(|s| s.doc.as_ref())
        .and_then(|s| s.base_url.as_ref())
        .map(|u| {
            if u.value.ends_with('/') {
                u.value.clone()
            } else {
                format!("{}/", u.value)
            }
        });
    let context = render::Context {
        kb,
        templates: &templates,
        locales,
        source_locale,
        base_url,
    };
    let outputs: [&(dyn Output + Sync); 3] = [
        &render::html::Html,
        &render::markdown::MarkdownPages,
        &render::catalog::CatalogFiles,
    ];
    let mut files = Files::default();
    for output in outputs {
        output.render(&context, &mut files)?;
    }
    Ok(files)
}

/// Refuses an output folder that kbgen did not make, or one that holds the KB.
fn guard_out(kb_root: &Path, out: &Path) -> Result<()> {
    if let (Ok(kb), Ok(out_full)) = (kb_root.canonicalize(), out.canonicalize())
        && kb.starts_with(&out_full)
    {
        return Err(Error::Usage(format!(
            "--out `{}` contains the KB itself: choose another folder",
            out.display()
        )));
    }
    if out.exists() && !out.join(MARKER).is_file() {
        return Err(Error::Usage(format!(
            "`{}` exists and was not written by kbgen (it has no {MARKER} file); kbgen does not replace \
             folders it did not create: choose another --out, or remove it yourself",
            out.display()
        )));
    }
    Ok(())
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}-{}", std::process::id()))
}

/// Writes `files` beside `out`, then swaps the new folder in.
fn write(out: &Path, files: &Files) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let staging = sibling(out, "kbgen-new");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(io(&staging))?;
        std::fs::write(staging.join(MARKER), MARKER_TEXT).map_err(io(&staging))?;
        for (path, bytes) in &files.0 {
            let target = staging.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&target, bytes).map_err(io(&target))?;
        }
        swap_in(&staging, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn swap_in(staging: &Path, out: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(io(out));
    }
    let previous = sibling(out, "kbgen-old");
    std::fs::rename(out, &previous).map_err(io(out))?;
    if let Err(error) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&previous, out);
        return Err(io(out)(error));
    }
    std::fs::remove_dir_all(&previous).map_err(io(&previous))
}
