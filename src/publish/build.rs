//! `kbgen build`: load and validate the KB, render every output in memory, then write them to a
//! temporary folder beside OUT and swap it in. A failing or interrupted build leaves the previous
//! output untouched, and kbgen replaces only folders that carry its marker file.

use super::templates;
use crate::Checked;
use crate::error::{Error, Result};
use crate::publish::{self, Files, Output};
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
    /// Of those, HTML pages.
    pub pages: usize,
}

impl Built {
    pub fn written(&self) -> bool {
        self.files > 0
    }
}

/// What a build may be told besides the KB and where to write.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The address the site is published at, over kb.yaml's `base_url`.
    pub base_url: Option<String>,
    /// Only the site (`kbgen serve`): no Markdown pages, no catalog.
    pub site_only: bool,
    /// Where the search index keeps its parts for [`publish::search::update`] (`kbgen serve`).
    pub keep_search: Option<std::sync::Arc<std::sync::Mutex<publish::search::Kept>>>,
    /// Keep the text of every file (`kbgen serve`, whose next check reports on the same model);
    /// otherwise the entries' texts are let go of once parsed, and read again for a diagnostic.
    pub keep_source_texts: bool,
}

/// Builds the KB at `kb_root` into `out`. `Err` for usage and I/O problems; problems in the KB
/// are diagnostics in the result, and then nothing is written.
pub fn build(kb_root: &Path, out: &Path, options: &Options) -> Result<Built> {
    if let Some(url) = &options.base_url
        && !crate::kb::links::is_site_url(url)
    {
        return Err(Error::InvalidBaseUrl(url.clone()));
    }
    guard_out(kb_root, out)?;
    let checking = crate::check::Options {
        publishing: true,
        ..Default::default()
    };
    let texts = match options.keep_source_texts {
        true => crate::kb::load::EntryTexts::Keep,
        false => crate::kb::load::EntryTexts::LetGo,
    };
    let mut checked = crate::check_with(kb_root, checking, texts)?;
    if checked.has_errors() {
        return Ok(Built {
            checked,
            files: 0,
            pages: 0,
        });
    }
    let settings = checked.kb.settings.as_mut().and_then(|s| s.doc.as_mut());
    if let (Some(url), Some(settings)) = (&options.base_url, settings) {
        settings.base_url = Some(crate::kb::model::Spanned {
            value: url.clone(),
            at: Default::default(),
        });
    }
    if let Some(warning) = sitemap_warning(&checked.kb) {
        checked.diagnostics.push(warning);
    }
    let staging = Staging::new(out)?;
    match render_into(&checked, &staging, options) {
        Ok(Ok((files, pages))) => {
            staging.swap_in(out)?;
            Ok(Built {
                checked,
                files,
                pages,
            })
        }
        Ok(Err(diagnostic)) => {
            checked.diagnostics.push(diagnostic);
            Ok(Built {
                checked,
                files: 0,
                pages: 0,
            })
        }
        Err(error) => Err(error),
    }
}

/// Without a base URL the sitemap could only hold relative URLs, which the sitemap protocol
/// does not allow: the site is written without one, and the build says so.
pub fn sitemap_warning(kb: &crate::kb::load::Kb) -> Option<crate::diagnostic::Diagnostic> {
    let settings = kb.settings.as_ref()?;
    if settings.doc.as_ref()?.base_url.is_some() {
        return None;
    }
    Some(
        crate::diagnostic::Diagnostic::new(
            crate::diagnostic::Code::NoBaseUrl,
            crate::kb::source::Span::file_start(settings.file),
            "no `base_url`: the site is written without sitemap.xml (its URLs must be absolute)",
        )
        .hint("pass `--base-url https://...` to build, or set `base_url` in kb.yaml"),
    )
}

/// Renders every output into `staging`, each file written as soon as it is rendered: how many
/// files, and of those HTML pages. The outer `Result` is I/O, the inner one a render problem.
fn render_into(
    checked: &Checked,
    staging: &Staging,
    options: &Options,
) -> Result<std::result::Result<(usize, usize), crate::diagnostic::Diagnostic>> {
    let kb = &checked.kb;
    let templates = templates::load(kb)
        .0
        .expect("check reported template errors");
    let context = publish::Context::new(kb, &templates);
    let search = publish::search::SearchIndex {
        keep: options.keep_search.as_deref(),
    };
    let outputs: [(&str, &dyn Output); 4] = [
        ("site", &publish::html::Html),
        ("search", &search),
        ("markdown", &publish::pages::MarkdownPages),
        ("catalog", &publish::catalog::output::CatalogFiles),
    ];
    let files = Files::new(&staging.dir);
    let outputs = if options.site_only {
        &outputs[..2]
    } else {
        &outputs[..]
    };
    for (name, output) in outputs {
        let rendered = crate::timings::phase(&format!("render and write {name}"), || {
            output.render(&context, &files)
        });
        if let Err(diagnostic) = rendered {
            return Ok(Err(diagnostic));
        }
        files.finish()?;
    }
    Ok(Ok((files.finish()?, files.pages())))
}

/// Refuses an output folder that kbgen did not make, one that holds the KB, or one inside it
/// (the next `check` would find the output's files in the KB).
fn guard_out(kb_root: &Path, out: &Path) -> Result<()> {
    if let (Ok(kb), Some(out_full)) = (kb_root.canonicalize(), real_path(out)) {
        if kb.starts_with(&out_full) {
            return Err(Error::OutContainsKb(out.to_path_buf()));
        }
        if out_full.starts_with(&kb) {
            return Err(Error::OutInsideKb {
                out: out.to_path_buf(),
                kb: kb_root.to_path_buf(),
            });
        }
    }
    if out.exists() && !out.join(MARKER).is_file() {
        return Err(Error::OutNotOurs {
            out: out.to_path_buf(),
            marker: MARKER,
        });
    }
    Ok(())
}

/// The real path `path` has or would have: its longest existing ancestor with links resolved,
/// then the components that do not exist yet.
fn real_path(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    let mut real = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(_) => {
                missing.push(existing.file_name()?);
                existing = existing.parent()?;
            }
        }
    };
    for component in missing.into_iter().rev() {
        if component == ".." {
            real.pop();
        } else if component != "." {
            real.push(component);
        }
    }
    Some(real)
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}-{}", std::process::id()))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
}

/// A new output folder beside OUT, removed unless it is swapped in.
struct Staging {
    dir: PathBuf,
    swapped: std::cell::Cell<bool>,
}

impl Staging {
    fn new(out: &Path) -> Result<Self> {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let dir = sibling(out, "kbgen-new");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(io(&dir))?;
        Ok(Staging {
            dir,
            swapped: std::cell::Cell::new(false),
        })
    }

    /// Replaces OUT with the staged folder; the previous OUT is removed only afterwards.
    fn swap_in(&self, out: &Path) -> Result<()> {
        if !out.exists() {
            std::fs::rename(&self.dir, out).map_err(io(out))?;
        } else {
            let previous = sibling(out, "kbgen-old");
            std::fs::rename(out, &previous).map_err(io(out))?;
            if let Err(error) = std::fs::rename(&self.dir, out) {
                let _ = std::fs::rename(&previous, out);
                return Err(io(out)(error));
            }
            std::fs::remove_dir_all(&previous).map_err(io(&previous))?;
        }
        self.swapped.set(true);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped.get() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
