//! `md/<locale>/<topic>.md`: each article as a Markdown page in the shape of the docs it came
//! from (front matter; `## <a name="anchor"></a>Title` sections; Error / Cause / Resolution), for
//! a docs platform (DocFX, Hugo, MkDocs) to publish. Links between entries are relative links
//! that work inside the `md/<locale>/` tree.

use super::{Context, Files, Flavor, Output, page_state};
use crate::diagnostic::Diagnostic;
use crate::kb::fields::State;
use crate::kb::links::{self, Target};
use crate::kb::load::Kb;
use rayon::prelude::*;
use serde::Serialize;

pub struct MarkdownPages;

struct PageFlavor<'a> {
    topic: &'a str,
}

impl Flavor for PageFlavor<'_> {
    fn href(&self, target: &Target) -> String {
        match target {
            Target::Entry { topic, stem } if topic == self.topic => format!("#{stem}"),
            Target::Entry { topic, stem } => format!("{topic}.md#{stem}"),
            Target::Topic(topic) => format!("{topic}.md"),
            Target::Url(url) => url.clone(),
        }
    }

    fn content(&self, kb: &Kb, markdown: &str) -> String {
        let linked = crate::kb::markdown::rewrite_links(markdown, |destination| {
            links::resolve(kb, destination, Some(self.topic))
                .ok()
                .map(|target| self.href(&target))
        });
        crate::kb::markdown::neutralize_html(linked.trim())
    }
}

#[derive(Serialize)]
struct Page<'a> {
    lang: &'a str,
    source_locale: &'a str,
    version: &'static str,
    /// The translation state of the whole page.
    state: State,
    s: &'a crate::publish::templates::Strings,
    topic: &'a super::TopicView,
    entries: &'a [super::RenderedEntry],
}

impl Output for MarkdownPages {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        let topic_pages = |topic: &crate::kb::load::Topic| {
            let flavor = PageFlavor { topic: &topic.id };
            cx.topic_pages(
                |locale| {
                    let Some((view, topic_state)) = cx.topic_view(topic, locale, &flavor) else {
                        return Ok(None);
                    };
                    let template = super::EntryTemplate::new(
                        "entry.md",
                        locale,
                        &cx.source_locale,
                        cx.strings(locale),
                    );
                    let (entries, mut states): (Vec<super::RenderedEntry>, Vec<State>) = template
                        .render_entries(cx, topic, locale, &flavor, |entry| {
                            format!("../{}/{}.md#{}", cx.source_locale, topic.id, entry.stem)
                        })?
                        .into_iter()
                        .unzip();
                    states.insert(0, topic_state);
                    Ok(Some((view, entries, states)))
                },
                |locale, rendered| {
                    let Some((view, entries, states)) = rendered else {
                        return Ok(());
                    };
                    let page = Page {
                        lang: locale,
                        source_locale: &cx.source_locale,
                        version: env!("CARGO_PKG_VERSION"),
                        state: page_state(&states),
                        s: cx.strings(locale),
                        topic: &view,
                        entries: &entries,
                    };
                    let context =
                        tera::Context::from_serialize(&page).expect("page data serializes");
                    cx.templates.render_to_file(
                        cx.kb,
                        "topic.md",
                        &context,
                        files,
                        format!("md/{locale}/{}.md", topic.id),
                    )
                },
            )
        };
        cx.kb
            .topics
            .par_iter()
            .flat_map_iter(topic_pages)
            .collect::<Result<(), Diagnostic>>()
    }
}
