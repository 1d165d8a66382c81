//! The static site: `site/index.html` (choose a language), `site/<locale>/index.html` (the KB's
//! topics), `site/<locale>/<topic>/index.html` (the article), `site/404.html`,
//! `site/sitemap.xml` and `site/assets/`. Every link is relative and names `index.html`, so the
//! site works from any static host and from `file://`, with no network.

use super::{ContentView, Context, Files, Flavor, Output, TextView};
use crate::diagnostic::Diagnostic;
use crate::kb::links::{self, Target};
use crate::kb::load::Kb;
use crate::publish::templates::Strings;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;

pub struct Html;

/// Links from a page of the site.
struct SiteFlavor<'a> {
    /// `../` for a topic page, empty for a locale's home page.
    up: &'static str,
    /// The topic of the page, for `kb:<entry>` links and same-page anchors.
    topic: Option<&'a str>,
}

impl Flavor for SiteFlavor<'_> {
    fn href(&self, target: &Target) -> String {
        match target {
            Target::Entry { topic, stem } if Some(topic.as_str()) == self.topic => {
                format!("#{stem}")
            }
            Target::Entry { topic, stem } => format!("{}{topic}/index.html#{stem}", self.up),
            Target::Topic(topic) => format!("{}{topic}/index.html", self.up),
            Target::Url(url) => url.clone(),
        }
    }

    fn content(&self, kb: &Kb, markdown: &str) -> String {
        to_html(markdown, |destination| {
            match links::resolve(kb, destination, self.topic) {
                Ok(target) => self.href(&target),
                Err(_) => destination.to_string(), // `check` has refused the KB before this
            }
        })
    }
}

/// Markdown to HTML: raw HTML becomes text (escaped), link destinations go through `resolve`.
pub fn to_html(markdown: &str, resolve: impl Fn(&str) -> String) -> String {
    let events =
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => Event::Start(Tag::Link {
                link_type,
                dest_url: resolve(&dest_url).into(),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: resolve(&dest_url).into(),
                title,
                id,
            }),
            other => other,
        });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[derive(Serialize)]
struct Alternate {
    locale: String,
    name: String,
    /// Relative, for the language switcher (the site works from the file system).
    href: String,
    /// For `<link rel="alternate">`: absolute with a base URL, as search engines want.
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct KbView {
    title: String,
    description: Option<String>,
}

/// What every page of a locale receives whatever it shows (README.md: Templates).
#[derive(Serialize)]
struct Chrome<'a> {
    lang: &'a str,
    source_locale: &'a str,
    version: &'static str,
    kb: KbView,
    /// The UI strings of the page's locale.
    s: &'a Strings,
    /// From the page to the site root: `../../`.
    root: &'static str,
    /// The locale's home page.
    home: &'static str,
    attribution: Option<ContentView>,
}

/// Where a page is: `<locale>/index.html`, or in a topic's folder `<locale>/<topic>/`.
#[derive(Clone, Copy)]
enum Level {
    Home,
    Topic,
}

/// What every page template receives (README.md: Templates).
#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    #[serde(flatten)]
    chrome: Chrome<'a>,
    alternates: Vec<Alternate>,
    /// The page for readers of no listed locale (`hreflang="x-default"`): the language chooser
    /// for a home page, the source locale's page for a topic.
    x_default: String,
    /// The page's absolute address, with a base URL only.
    canonical: Option<String>,
    description: Option<String>,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct TopicBody<'a> {
    topic: &'a super::TopicView,
    entries: &'a [super::RenderedEntry],
    /// Where the topic's file (in this locale: its translation, where there is one) is edited.
    edit_url: Option<String>,
}

/// What the pages of a topic's entries in a locale share ([`Page`]'s fields but the page's own,
/// and the topic, for the breadcrumbs).
#[derive(Serialize)]
struct EntryPageShared<'a> {
    #[serde(flatten)]
    chrome: Chrome<'a>,
    topic: &'a super::TopicView,
}

/// An entry's own page: its section, its neighbours in the topic's order.
#[derive(Serialize)]
struct EntryPageView<'a> {
    anchor: &'a str,
    title: &'a TextView,
    /// The section of the topic page, its headings one level up (the entry's title is the
    /// page's `h1`).
    rendered: String,
    previous: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    /// The last change of the files the page shows (git), else the topic's date: `YYYY-MM-DD`,
    /// and as the locale writes it.
    updated: Option<String>,
    updated_text: Option<String>,
    /// Where the file the page shows is edited (the translation's, in a translated locale).
    edit_url: Option<String>,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    href: String,
    title: &'a TextView,
}

#[derive(Serialize)]
struct HomeTopic {
    id: String,
    href: String,
    title: TextView,
    description: Option<TextView>,
    entries: Vec<HomeEntry>,
}

#[derive(Serialize)]
struct HomeEntry {
    anchor: String,
    href: String,
    title: TextView,
}

#[derive(Serialize)]
struct HomeBody {
    topics: Vec<HomeTopic>,
}

#[derive(Serialize)]
struct LocaleLink {
    locale: String,
    name: String,
    href: String,
    /// For `<link rel="alternate">`: absolute with a base URL.
    url: String,
    title: String,
    home: String,
    page_not_found_text: String,
}

#[derive(Serialize)]
struct RootPage<'a> {
    lang: &'a str,
    kb: KbView,
    s: &'a Strings,
    root: &'a str,
    locales: Vec<LocaleLink>,
    /// The chooser's own address for `x-default` and `canonical` (absolute with a base URL).
    url: String,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    alternates: Vec<SitemapAlternate>,
}

#[derive(Serialize)]
struct SitemapAlternate {
    locale: String,
    href: String,
}

#[derive(Serialize)]
struct Sitemap<'a> {
    urls: &'a [SitemapUrl],
}

#[derive(Serialize)]
struct SitemapIndex {
    sitemaps: Vec<SitemapFile>,
}

#[derive(Serialize)]
struct SitemapFile {
    loc: String,
}

/// What the sitemap protocol allows in one file: 50,000 URLs, 50 MiB uncompressed.
const SITEMAP_LIMITS: SitemapLimits = SitemapLimits {
    urls: 50_000,
    bytes: 52_428_800,
};

#[derive(Clone, Copy)]
struct SitemapLimits {
    urls: usize,
    bytes: usize,
}

/// The sitemap's files: `sitemap.xml` alone while the URLs fit one file's `limits`, else as many
/// `sitemap-<n>.xml` as they need (URLs in the same order) and `sitemap.xml` as their index,
/// which `render_index` makes from those file names.
fn sitemap_files(
    urls: &[SitemapUrl],
    limits: SitemapLimits,
    render_urls: impl Fn(&[SitemapUrl]) -> Result<String, Diagnostic>,
    render_index: impl Fn(&[String]) -> Result<String, Diagnostic>,
) -> Result<Vec<(String, String)>, Diagnostic> {
    // Files of at most `per_file` URLs, halved until each file is small enough too.
    let mut per_file = limits.urls.min(urls.len()).max(1);
    loop {
        let mut parts: Vec<String> = (urls.chunks(per_file))
            .map(&render_urls)
            .collect::<Result<_, _>>()?;
        if per_file == 1 || parts.iter().all(|part| part.len() <= limits.bytes) {
            if parts.len() <= 1 {
                let whole = parts.pop().map_or_else(|| render_urls(&[]), Ok)?;
                return Ok(vec![("sitemap.xml".to_string(), whole)]);
            }
            let names: Vec<String> = (1..=parts.len())
                .map(|n| format!("sitemap-{n}.xml"))
                .collect();
            let index = render_index(&names)?;
            let mut files: Vec<(String, String)> = names.into_iter().zip(parts).collect();
            files.push(("sitemap.xml".to_string(), index));
            return Ok(files);
        }
        per_file /= 2;
    }
}

fn context<T: Serialize>(value: &T) -> tera::Context {
    tera::Context::from_serialize(value).expect("page data serializes")
}

impl Context<'_> {
    /// The chrome of a page in `locale`, at `level` in the site's folders.
    fn chrome<'a>(&'a self, locale: &'a str, level: Level, flavor: &dyn Flavor) -> Chrome<'a> {
        let (root, home) = match level {
            Level::Home => ("../", "index.html"),
            Level::Topic => ("../../", "../index.html"),
        };
        Chrome {
            lang: locale,
            source_locale: &self.source_locale,
            version: env!("CARGO_PKG_VERSION"),
            kb: self.kb_view(locale),
            s: self.strings(locale),
            root,
            home,
            attribution: self.attribution(locale, flavor),
        }
    }

    fn kb_view(&self, locale: &str) -> KbView {
        let settings = self.kb.settings.as_ref().and_then(|s| s.doc.as_ref());
        let translation = self.kb.settings_translation(locale);
        let pick = |source: Option<&crate::kb::model::Text>,
                    translated: Option<&crate::kb::model::Translated>| {
            source.map(|s| {
                if locale == self.source_locale {
                    s.value.clone()
                } else {
                    translated.map_or_else(|| s.value.clone(), |t| t.text.value.clone())
                }
            })
        };
        KbView {
            title: pick(
                settings.map(|s| &s.title),
                translation.and_then(|t| t.title.as_ref()),
            )
            .unwrap_or_default(),
            description: pick(
                settings.and_then(|s| s.description.as_ref()),
                translation.and_then(|t| t.description.as_ref()),
            ),
        }
    }

    fn attribution(&self, locale: &str, flavor: &dyn Flavor) -> Option<ContentView> {
        let settings = self.kb.settings.as_ref()?.doc.as_ref()?;
        let source = settings.attribution.as_ref()?;
        let translation = self.kb.settings_translation(locale);
        let mut picker = super::Picker::new(locale, &self.source_locale);
        Some(picker.content(
            self.kb,
            flavor,
            source,
            translation.and_then(|t| t.attribution.as_ref()),
        ))
    }

    fn alternates(&self, locale: &str, path_in_locale: &str, up: &str) -> Vec<Alternate> {
        self.locales
            .iter()
            .map(|other| Alternate {
                locale: other.clone(),
                name: self.templates.language_name(other),
                href: format!("{up}{other}/{path_in_locale}"),
                url: self.link_url(&format!("{other}/{path_in_locale}"), up),
                current: other == locale,
            })
            .collect()
    }

    /// `path` (from the site root) for a `<link>` of a page `up` from the root: absolute with a
    /// base URL (directory pages without `index.html`), else relative.
    fn link_url(&self, path: &str, up: &str) -> String {
        self.canonical(path)
            .unwrap_or_else(|| format!("{up}{path}"))
    }

    /// The absolute address of `path` (from the site root), with a base URL only.
    fn canonical(&self, path: &str) -> Option<String> {
        (self.base_url.as_ref()).map(|_| self.url(path.strip_suffix("index.html").unwrap_or(path)))
    }

    /// The sitemap's entry for the page at `path` in `locale`, with the page in every locale.
    fn sitemap_url(&self, locale: &str, path: &str) -> SitemapUrl {
        SitemapUrl {
            loc: self.url(&format!("{locale}/{path}")),
            alternates: (self.locales.iter())
                .map(|l| SitemapAlternate {
                    locale: l.clone(),
                    href: self.url(&format!("{l}/{path}")),
                })
                .collect(),
        }
    }

    /// The sitemap's files for `urls` within `limits` (see [`sitemap_files`]).
    fn sitemap_files(
        &self,
        urls: &[SitemapUrl],
        limits: SitemapLimits,
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let render_urls = |urls: &[SitemapUrl]| {
            (self.templates).render(self.kb, "sitemap.xml", &context(&Sitemap { urls }))
        };
        let render_index = |names: &[String]| {
            let sitemaps = (names.iter())
                .map(|name| SitemapFile {
                    loc: self.url(name),
                })
                .collect();
            (self.templates).render(
                self.kb,
                "sitemap-index.xml",
                &context(&SitemapIndex { sitemaps }),
            )
        };
        sitemap_files(urls, limits, render_urls, render_index)
    }

    fn url(&self, path: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}{path}"),
            None => path.to_string(),
        }
    }
}

impl Output for Html {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        // The locales' home pages (every topic with its entries) render beside the topic pages,
        // each on its own: a home page lists the whole KB.
        let home_page = |locale: &String| -> Result<SitemapUrl, Diagnostic> {
            let kb_view = || cx.kb_view(locale);
            let flavor = SiteFlavor {
                up: "",
                topic: None,
            };
            let mut topics = Vec::new();
            for topic in &cx.kb.topics {
                let Some((view, _)) = cx.topic_view(topic, locale, &flavor) else {
                    continue;
                };
                let entries = topic
                    .ordered_entries()
                    .into_iter()
                    .filter_map(|entry| {
                        Some(HomeEntry {
                            href: crate::kb::links::entry_page_in_locale(&topic.id, &entry.stem),
                            anchor: entry.stem.clone(),
                            title: cx.entry_title(entry, locale)?,
                        })
                    })
                    .collect();
                topics.push(HomeTopic {
                    id: topic.id.clone(),
                    href: format!("{}/index.html", topic.id),
                    title: view.title,
                    description: view.description,
                    entries,
                });
            }
            let home = Page {
                chrome: cx.chrome(locale, Level::Home, &flavor),
                description: kb_view().description,
                alternates: cx.alternates(locale, "index.html", "../"),
                x_default: cx.link_url("index.html", "../"),
                canonical: cx.canonical(&format!("{locale}/index.html")),
                body: HomeBody { topics },
            };
            files.add(
                format!("site/{locale}/index.html"),
                cx.templates.render(cx.kb, "home.html", &context(&home))?,
            );
            Ok(SitemapUrl {
                loc: cx.url(&format!("{locale}/")),
                alternates: cx
                    .locales
                    .iter()
                    .map(|l| SitemapAlternate {
                        locale: l.clone(),
                        href: cx.url(&format!("{l}/")),
                    })
                    .collect(),
            })
        };

        let topic_pages = |topic| topic_pages(cx, topic, files);
        let (homes, by_topic): (Vec<_>, Vec<_>) = rayon::join(
            || cx.locales.par_iter().map(home_page).collect(),
            || cx.kb.topics.par_iter().map(topic_pages).collect(),
        );
        // The sitemap lists the pages locale by locale.
        let mut by_topic: Vec<_> = by_topic.into_iter().map(Vec::into_iter).collect();
        let mut pages = Vec::new();
        for _ in &cx.locales {
            pages.extend(by_topic.iter_mut().filter_map(Iterator::next));
        }
        let mut sitemap = Vec::new();
        for home in homes {
            sitemap.push(home?);
        }
        for page in pages {
            sitemap.extend(page?.into_iter().flatten());
        }

        // The language chooser at the root, and the 404 page.
        let source_strings = cx.strings(&cx.source_locale);
        let locale_links = |prefix: &str| -> Vec<LocaleLink> {
            cx.locales
                .iter()
                .map(|locale| {
                    let strings = cx.strings(locale);
                    LocaleLink {
                        url: cx.link_url(&format!("{locale}/index.html"), prefix),
                        locale: locale.clone(),
                        name: cx.templates.language_name(locale),
                        href: format!("{prefix}{locale}/index.html"),
                        title: cx.kb_view(locale).title,
                        home: strings.get("home").cloned().unwrap_or_default(),
                        page_not_found_text: strings
                            .get("page_not_found_text")
                            .cloned()
                            .unwrap_or_default(),
                    }
                })
                .collect()
        };
        let root = RootPage {
            lang: &cx.source_locale,
            kb: cx.kb_view(&cx.source_locale),
            s: source_strings,
            root: "",
            locales: locale_links(""),
            url: cx.link_url("index.html", ""),
        };
        files.add(
            "site/index.html",
            cx.templates.render(cx.kb, "index.html", &context(&root))?,
        );
        // A 404 page is served at any depth: its links start from the site's address.
        let absolute_root = cx.base_url.clone().unwrap_or_else(|| "/".to_string());
        let not_found = RootPage {
            lang: &cx.source_locale,
            kb: cx.kb_view(&cx.source_locale),
            s: source_strings,
            root: &absolute_root,
            locales: locale_links(&absolute_root),
            url: cx.link_url("index.html", &absolute_root),
        };
        files.add(
            "site/404.html",
            cx.templates
                .render(cx.kb, "404.html", &context(&not_found))?,
        );
        // Without a base URL its locations would be relative, which sitemaps do not allow
        // (the build warns).
        if cx.base_url.is_some() {
            for (name, text) in cx.sitemap_files(&sitemap, SITEMAP_LIMITS)? {
                files.add(format!("site/{name}"), text);
            }
        }
        for (name, bytes) in &cx.templates.assets {
            files.add(format!("site/{name}"), bytes.clone());
        }
        Ok(())
    }
}

/// The pages of `topic` in every locale, written to `files`, with their sitemap entries.
fn topic_pages(
    cx: &Context,
    topic: &crate::kb::load::Topic,
    files: &Files,
) -> Vec<Result<Option<Vec<SitemapUrl>>, Diagnostic>> {
    let flavor = SiteFlavor {
        up: "../",
        topic: Some(&topic.id),
    };
    cx.topic_pages(
        |locale| {
            let Some((view, _)) = cx.topic_view(topic, locale, &flavor) else {
                return Ok(None);
            };
            let template = super::EntryTemplate::new(
                "entry.html",
                locale,
                &cx.source_locale,
                cx.strings(locale),
            );
            let entries: Vec<super::RenderedEntry> = template
                .render_entries(cx, topic, locale, &flavor, |entry| {
                    format!(
                        "../../{}/{}/index.html#{}",
                        cx.source_locale, topic.id, entry.stem
                    )
                })?
                .into_iter()
                .map(|(entry, _)| entry)
                .collect();
            Ok(Some((view, entries)))
        },
        |locale, rendered| {
            let Some((view, entries)) = rendered else {
                return Ok(None);
            };
            let page = Page {
                chrome: cx.chrome(locale, Level::Topic, &flavor),
                description: view.description.as_ref().map(|d| d.text.clone()),
                alternates: cx.alternates(locale, &format!("{}/index.html", topic.id), "../../"),
                x_default: cx.link_url(
                    &format!("{}/{}/index.html", cx.source_locale, topic.id),
                    "../../",
                ),
                canonical: cx.canonical(&format!("{locale}/{}/index.html", topic.id)),
                body: TopicBody {
                    topic: &view,
                    entries: &entries,
                    edit_url: (topic.source.as_ref()).and_then(|source| {
                        let translated = topic.translations.iter().find(|t| t.locale == locale);
                        cx.edit_url(translated.map_or(source.file, |t| t.loaded.file))
                    }),
                },
            };
            cx.templates.render_to_file(
                cx.kb,
                "topic.html",
                &context(&page),
                files,
                format!("site/{locale}/{}/index.html", topic.id),
            )?;
            let mut urls = vec![cx.sitemap_url(locale, &format!("{}/", topic.id))];
            urls.extend(entry_pages(cx, topic, locale, &view, &entries, files)?);
            Ok(Some(urls))
        },
    )
}

/// The pages of a topic's entries in `locale`, `<topic>/<entry>.html` beside the topic's
/// `index.html` (the same links hold from either): each made of the entry's section of the
/// topic page, with the entry's own title, description (its first cause), canonical URL,
/// alternates, breadcrumbs and its neighbours in the topic's order. Their sitemap entries.
fn entry_pages(
    cx: &Context,
    topic: &crate::kb::load::Topic,
    locale: &str,
    view: &super::TopicView,
    entries: &[super::RenderedEntry],
    files: &Files,
) -> Result<Vec<SitemapUrl>, Diagnostic> {
    let by_stem: std::collections::HashMap<&str, &crate::kb::load::Entry> = (topic.entries.iter())
        .map(|e| (e.stem.as_str(), e))
        .collect();
    let flavor = SiteFlavor {
        up: "../",
        topic: Some(&topic.id),
    };
    // What every entry page of the topic shares, made once: a page's context takes it without
    // copying (Tera's maps are reference-counted).
    let shared = context(&EntryPageShared {
        chrome: cx.chrome(locale, Level::Topic, &flavor),
        topic: view,
    });
    let neighbour = |index: Option<usize>| {
        let entry = entries.get(index?)?;
        Some(Neighbour {
            href: format!("{}.html", entry.anchor),
            title: &entry.title,
        })
    };
    (0..entries.len())
        .into_par_iter()
        .map(|index| {
            let entry = &entries[index];
            let path = crate::kb::links::entry_page_in_locale(&topic.id, &entry.anchor);
            let mut page = shared.clone();
            page.insert("alternates", &cx.alternates(locale, &path, "../../"));
            page.insert(
                "x_default",
                &cx.link_url(&format!("{}/{path}", cx.source_locale), "../../"),
            );
            page.insert("canonical", &cx.canonical(&format!("{locale}/{path}")));
            let source = by_stem.get(entry.anchor.as_str());
            let description = source.and_then(|e| summary(e, locale));
            // The files the page shows: the entry's, and its translation into this locale.
            let shown: Vec<crate::kb::source::FileId> = source.map_or(Vec::new(), |e| {
                let translation = (e.translations.iter()).find(|t| t.locale == locale);
                std::iter::once(e.source.file)
                    .chain(translation.map(|t| t.loaded.file))
                    .collect()
            });
            let updated = (shown.iter())
                .filter_map(|file| cx.changed.get(&cx.path_in_kb(*file)))
                .max()
                .cloned()
                .or_else(|| view.date.clone());
            let updated_text = (updated.as_ref())
                .map(|d| super::local_date(d, cx.strings(locale).get("date_format")));
            let edit_url = shown.last().and_then(|file| cx.edit_url(*file));
            page.insert("description", &description);
            page.insert(
                "entry",
                &EntryPageView {
                    anchor: &entry.anchor,
                    title: &entry.title,
                    rendered: for_its_own_page(
                        entry.rendered.as_str().unwrap_or_default(),
                        &entry.anchor,
                    ),
                    previous: neighbour(index.checked_sub(1)),
                    next: neighbour(Some(index + 1)),
                    updated,
                    updated_text,
                    edit_url,
                },
            );
            cx.templates.render_to_file(
                cx.kb,
                "entry-page.html",
                &page,
                files,
                format!("site/{locale}/{path}"),
            )?;
            // Only a site with a base URL has a sitemap (its URLs must be absolute).
            Ok(cx.base_url.is_some().then(|| cx.sitemap_url(locale, &path)))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|urls| urls.into_iter().flatten().collect())
}

/// An entry's description in `locale`: its first cause as the page shows it (the translation,
/// else the source), as plain text, cut at a word before 160 characters.
fn summary(entry: &crate::kb::load::Entry, locale: &str) -> Option<String> {
    let doc = entry.source.doc.as_ref()?;
    let fields = crate::kb::fields::EntryFields::of(doc, entry.translation(locale));
    let first = fields.causes.first()?;
    let markdown = first
        .translated
        .map_or(&first.source.value, |t| &t.text.value);
    Some(description_of(&crate::kb::markdown::plain_text(markdown)))
}

/// `plain` as a meta description: its words one space apart, cut at a word before 160
/// characters (an ellipsis then ends it).
fn description_of(plain: &str) -> String {
    const MOST: usize = 160;
    // The words up to one character past the limit: that tells whether the text is cut, and a
    // longer text is never copied whole.
    let mut text = String::with_capacity(plain.len().min(MOST * 4));
    let mut chars = 0;
    for word in plain.split_whitespace() {
        if chars > MOST {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
            chars += 1;
        }
        text.push_str(word);
        chars += word.chars().count();
    }
    if chars <= MOST {
        return text;
    }
    let cut = (text.char_indices().nth(MOST - 1)).map_or(text.len(), |(at, _)| at);
    let cut = &text[..cut];
    let at_word = cut.rfind(' ').map_or(cut, |space| &cut[..space]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':']))
}

/// An entry's section of its topic page made the main content of its own page: its headings
/// one level up, and its links to other entries of the topic (`#other`, on the topic page) to
/// their pages (`other.html`).
fn for_its_own_page(section: &str, anchor: &str) -> String {
    let promoted = promote_headings(section);
    let own = format!("href=\"#{anchor}\"");
    let mut out = String::with_capacity(promoted.len());
    let mut rest = promoted.as_str();
    while let Some(at) = rest.find("href=\"#") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[7..].find('"').map_or(rest.len(), |i| 7 + i);
        if rest.starts_with(&own) {
            out.push_str(&rest[..end]);
        } else {
            out.push_str(&format!("href=\"{}.html", &rest[7..end]));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `html` with every heading one level up (`h2` to `h1`, ..., `h6` to `h5`).
fn promote_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        if let Some(after_slash) = rest.strip_prefix('/') {
            out.push('/');
            rest = after_slash;
        }
        if let [b'h', digit @ b'2'..=b'6', ..] = rest.as_bytes() {
            out.push('h');
            out.push(char::from(digit - 1));
            rest = &rest[2..];
        }
    }
    out.push_str(rest);
    out
}

/// Writes the pages of `topic` in every locale to `files` (`kbgen serve` shows a saved entry's
/// page this way before the whole site is built again).
pub fn write_topic_pages(
    cx: &Context,
    topic: &crate::kb::load::Topic,
    files: &Files,
) -> Result<(), Diagnostic> {
    topic_pages(cx, topic, files)
        .into_iter()
        .try_for_each(|page| page.map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::{SitemapLimits, SitemapUrl, sitemap_files};

    fn urls(count: usize) -> Vec<SitemapUrl> {
        (0..count)
            .map(|n| SitemapUrl {
                loc: format!("u{n}"),
                alternates: Vec::new(),
            })
            .collect()
    }

    /// Each file's URLs joined, and the index as the names it lists.
    fn split(count: usize, limits: SitemapLimits) -> Vec<(String, String)> {
        sitemap_files(
            &urls(count),
            limits,
            |urls| {
                Ok(urls
                    .iter()
                    .map(|u| u.loc.as_str())
                    .collect::<Vec<_>>()
                    .join(" "))
            },
            |names| Ok(format!("index of {}", names.join(" "))),
        )
        .unwrap()
    }

    #[test]
    fn a_sitemap_within_the_protocols_limits_is_one_file() {
        let limits = SitemapLimits {
            urls: 3,
            bytes: 100,
        };
        assert_eq!(
            split(3, limits),
            [("sitemap.xml".into(), "u0 u1 u2".into())]
        );
        assert_eq!(split(0, limits), [("sitemap.xml".into(), String::new())]);
    }

    #[test]
    fn more_urls_than_one_file_may_hold_make_files_and_an_index() {
        let files = split(
            5,
            SitemapLimits {
                urls: 2,
                bytes: 100,
            },
        );
        assert_eq!(
            files,
            [
                ("sitemap-1.xml".into(), "u0 u1".into()),
                ("sitemap-2.xml".into(), "u2 u3".into()),
                ("sitemap-3.xml".into(), "u4".into()),
                (
                    "sitemap.xml".into(),
                    "index of sitemap-1.xml sitemap-2.xml sitemap-3.xml".into()
                ),
            ]
        );
    }

    #[test]
    fn a_file_too_large_is_split_further() {
        // Four URLs fit the count but not the bytes (11 > 4), nor do two (5 > 4): one a file.
        let files = split(4, SitemapLimits { urls: 4, bytes: 4 });
        assert_eq!(files.len(), 5, "{files:?}");
        assert!(files[..4].iter().all(|(_, text)| text.len() <= 4));
        assert_eq!(files[3], ("sitemap-4.xml".into(), "u3".into()));
    }

    /// The real templates: the index lists the files at absolute URLs, each file a `urlset`.
    #[test]
    fn the_sitemap_index_names_each_file_at_its_address() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
        let mut checked = crate::check(&root, Default::default()).unwrap();
        let settings = checked.kb.settings.as_mut().unwrap().doc.as_mut().unwrap();
        settings.base_url = Some(crate::kb::model::Spanned {
            value: "https://kb.example.com/docs/".to_string(),
            at: Default::default(),
        });
        let templates = crate::publish::templates::load(&checked.kb).0.unwrap();
        let cx = crate::publish::Context::new(&checked.kb, &templates);
        let urls: Vec<SitemapUrl> = ["a/", "b/", "c/"]
            .iter()
            .map(|path| cx.sitemap_url("en", path))
            .collect();
        let files = cx
            .sitemap_files(
                &urls,
                SitemapLimits {
                    urls: 2,
                    bytes: 1 << 20,
                },
            )
            .unwrap();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        assert!(
            files[0]
                .1
                .contains("<loc>https://kb.example.com/docs/en/b/</loc>")
        );
        assert!(
            files[1]
                .1
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset ")
        );
        assert_eq!(
            files[2].1,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<sitemap>\n<loc>https://kb.example.com/docs/sitemap-1.xml</loc>\n</sitemap>\n<sitemap>\n<loc>https://kb.example.com/docs/sitemap-2.xml</loc>\n</sitemap>\n</sitemapindex>\n"
        );
    }
    #[test]
    fn an_entry_pages_links_to_other_entries_of_its_topic_go_to_their_pages() {
        assert_eq!(
            super::for_its_own_page(
                "<h2><a href=\"#a\">A</a></h2><p>See <a href=\"#b\">B</a> and <a href=\"../t/index.html#c\">C</a>.</p>",
                "a"
            ),
            "<h1><a href=\"#a\">A</a></h1><p>See <a href=\"b.html\">B</a> and <a href=\"../t/index.html#c\">C</a>.</p>"
        );
    }

    #[test]
    fn an_entry_pages_headings_are_one_level_up() {
        assert_eq!(
            super::promote_headings(
                "<section><h2 id=\"a\">T</h2><h3>C</h3><hr><header>x</header><h4>v</h4></section>"
            ),
            "<section><h1 id=\"a\">T</h1><h2>C</h2><hr><header>x</header><h3>v</h3></section>"
        );
    }

    #[test]
    fn a_description_is_cut_at_a_word_before_160_characters() {
        let short = "Two   words\n\nand more.";
        assert_eq!(super::description_of(short), "Two words and more.");
        let exactly = "x".repeat(160);
        assert_eq!(super::description_of(&exactly), exactly);
        // 161 characters: cut before the last word, its comma dropped, an ellipsis added.
        let words = format!("{}, {}", "a".repeat(150), "b".repeat(9));
        assert_eq!(words.chars().count(), 161);
        assert_eq!(
            super::description_of(&words),
            format!("{}…", "a".repeat(150))
        );
        // Characters, not bytes: 200 Hangul syllables in words of four.
        let korean = vec!["연결오류"; 40].join(" ");
        let cut = super::description_of(&korean);
        assert!(cut.ends_with("연결오류…"), "{cut}");
        // 31 words of four syllables, 30 spaces between them, the ellipsis.
        assert_eq!(cut.chars().count(), 31 * 4 + 30 + 1);
        // A text of one long word has no word to cut at: it is cut inside it.
        assert_eq!(
            super::description_of(&"y".repeat(400)),
            format!("{}…", "y".repeat(159))
        );
    }

    #[test]
    fn raw_html_is_escaped_and_links_resolved() {
        let html = super::to_html("Use <script>alert(1)</script> and [x](kb:y).", |d| {
            format!("R({d})")
        });
        assert_eq!(
            html,
            "<p>Use &lt;script&gt;alert(1)&lt;/script&gt; and <a href=\"R(kb:y)\">x</a>.</p>\n"
        );
    }
}
