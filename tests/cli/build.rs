//! `kbgen build`: the site, the Markdown pages, and the safety of writing them.

use crate::support::{KbTest, fixtures, git, git_dated, tree};
use std::path::{Path, PathBuf};

#[test]
fn builds_the_bundled_kb_into_a_site_markdown_pages_a_catalog_and_schemas() {
    let test = KbTest::bundled();
    let run = test.run(["build", "--base-url", "https://kb.example.com/docs"]);
    run.succeeds();
    assert_eq!(
        run.stdout_timeless(),
        "built 9 entries x 2 locales (24 pages, 46 files) in <time> s into out: site/, md/, catalog.json, schemas/\n"
    );
    assert_eq!(run.stderr(), "");
    let files: Vec<String> = tree(&test.dir().join("out")).into_keys().collect();
    insta::assert_snapshot!("build_file_list", files.join("\n"));
    // The base URL given on the command line is the sitemap's and the catalog's.
    let sitemap = test.read("out/site/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://kb.example.com/docs/ko/itsmc-dashboard-errors/</loc>"),
        "{sitemap}"
    );
    let catalog = test.read("out/catalog.json");
    assert!(catalog.contains("\"base_url\":\"https://kb.example.com/docs/\""));
    assert!(catalog.contains(
        "\"en\":\"https://kb.example.com/docs/en/itsmc-dashboard-errors/missing-connector.html\""
    ));
}

/// A build lets go of the entries' source texts once parsed; a warning reads its file again and
/// still shows its source line.
#[test]
fn a_warning_on_an_entry_quotes_its_line_after_the_build() {
    let test = KbTest::bundled();
    test.edit(
        "kb/itsmc-dashboard-errors/authentication.yaml",
        "\ntitle: Authentication\n",
        "\ntitle: Authentication fails again\n",
    );
    let run = test.run(["build"]);
    run.succeeds();
    assert!(
        run.stderr().contains(
            "warning[stale-translation]: `title` is stale: the source changed since it was translated\n --> kb/itsmc-dashboard-errors/authentication.ko.yaml:4:16\n  |\n4 |   fingerprint: \"66880d2d\"\n  |                ^^^^^^^^^^ fingerprint of an older source text\n"
        ),
        "{}",
        run.stderr()
    );
    // Every file read still counts, its text let go or not.
    assert!(
        run.stderr().ends_with("0 errors, 2 warnings in 23 files\n"),
        "{}",
        run.stderr()
    );
}

#[test]
fn without_a_base_url_the_site_has_no_sitemap_and_the_build_says_why() {
    let test = KbTest::bundled();
    let run = test.run(["build"]);
    run.succeeds();
    assert_eq!(
        run.stdout_timeless(),
        "built 9 entries x 2 locales (24 pages, 45 files) in <time> s into out: site/, md/, catalog.json, schemas/\n"
    );
    assert!(run.stderr().starts_with("warning[no-base-url]: no `base_url`: the site is written without sitemap.xml (its URLs must be absolute)\n --> kb/kb.yaml:1:1\n"), "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "= help: pass `--base-url https://...` to build, or set `base_url` in kb.yaml"
        )
    );
    assert!(!test.dir().join("out/site/sitemap.xml").exists());
    // kb.yaml's own base_url serves as well; a bad --base-url is refused before anything.
    test.edit(
        "kb/kb.yaml",
        "locales: [en, ko]\n",
        "locales: [en, ko]\nbase_url: https://kb.example.com/\n",
    );
    let run = test.run(["build"]);
    run.succeeds();
    assert_eq!(run.stderr(), "");
    assert!(test.dir().join("out/site/sitemap.xml").is_file());
    let refused = test.run(["build", "--base-url", "kb.example.com"]);
    refused.exits(2);
    assert_eq!(
        refused.stderr(),
        "error: --base-url `kb.example.com` is not an absolute http(s) URL: write the address the site is published at, e.g. `https://kb.example.com/`\n"
    );
}

#[test]
fn the_itsmc_topic_page_in_english_and_korean() {
    let test = KbTest::bundled();
    test.run(["build"]).succeeds();
    insta::assert_snapshot!(
        "build_site_en_topic",
        test.read("out/site/en/itsmc-dashboard-errors/index.html")
    );
    insta::assert_snapshot!(
        "build_site_ko_topic",
        test.read("out/site/ko/itsmc-dashboard-errors/index.html")
    );
    insta::assert_snapshot!(
        "build_md_en_topic",
        test.read("out/md/en/itsmc-dashboard-errors.md")
    );
    insta::assert_snapshot!(
        "build_md_ko_topic",
        test.read("out/md/ko/itsmc-dashboard-errors.md")
    );
}

/// Each entry has a page of its own in every locale, `<topic>/<entry>.html`, with its own
/// title, description, canonical URL, alternates and Open Graph tags, breadcrumbs and its
/// neighbours; the topic page keeps every section and anchor; the sitemap lists both.
#[test]
fn every_entry_has_a_page_of_its_own_in_every_locale() {
    let test = KbTest::bundled();
    test.run(["build", "--base-url", "https://kb.example.com/"])
        .succeeds();
    let topic = "out/site/ko/itsmc-dashboard-errors";
    insta::assert_snapshot!(
        "build_site_ko_entry",
        test.read(&format!("{topic}/missing-connector.html"))
    );
    let sitemap = test.read("out/site/sitemap.xml");
    let order = test.read("kb/itsmc-dashboard-errors/topic.yaml");
    let stems: Vec<&str> = order
        .lines()
        .filter_map(|l| l.strip_prefix("  - "))
        .collect();
    assert_eq!(stems.len(), 9);
    for locale in ["en", "ko"] {
        let page = test.read(&format!(
            "out/site/{locale}/itsmc-dashboard-errors/index.html"
        ));
        for (index, stem) in stems.iter().enumerate() {
            assert!(page.contains(&format!("<section class=\"entry\" id=\"{stem}\"")));
            let url = format!("https://kb.example.com/{locale}/itsmc-dashboard-errors/{stem}.html");
            assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
            let entry = test.read(&format!(
                "out/site/{locale}/itsmc-dashboard-errors/{stem}.html"
            ));
            assert!(entry.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
            assert_eq!(entry.matches("<h1 ").count(), 1, "{stem}");
            let previous = index.checked_sub(1).map(|i| stems[i]);
            assert_eq!(previous.is_some(), entry.contains("rel=\"prev\""), "{stem}");
            if let Some(next) = stems.get(index + 1) {
                assert!(entry.contains(&format!("<a rel=\"next\" href=\"{next}.html\">")));
            }
        }
    }
    // The home page leads to the entries' pages.
    assert!(
        test.read("out/site/en/index.html")
            .contains("href=\"itsmc-dashboard-errors/missing-connector.html\"")
    );
}

/// A command in a resolution (`tests/fixtures/site/two-topics-two-sources`, after the Azure
/// Resource Manager article) is a code block on the topic page and the entry page, in both
/// locales; the browser suite checks that it wraps between tokens only and has a copy button.
#[test]
fn a_command_in_a_resolution_is_a_code_block() {
    let test = KbTest::copy_of(&fixtures().join("site/two-topics-two-sources/kb"));
    test.run(["check", "--strict"]).succeeds();
    test.run(["build"]).succeeds();
    let block = "<pre><code>az vm list-skus --location centralus --size Standard_D --all --output table\n</code></pre>";
    for locale in ["en", "ko"] {
        for page in ["index.html", "sku-not-available.html"] {
            let html = test.read(&format!("out/site/{locale}/arm-deployment-errors/{page}"));
            assert!(html.contains(block), "{locale}/{page}: {html}");
        }
    }
}

/// A topic that names its own source is credited with it, instead of kb.yaml's attribution,
/// on its pages (in the page's language, the date in the locale's way), in its Markdown front
/// matter and in the catalog; the other topic keeps the KB's attribution.
#[test]
fn a_topic_from_another_source_is_credited_with_it() {
    let test = KbTest::copy_of(&fixtures().join("site/two-topics-two-sources/kb"));
    test.run(["check", "--strict"]).succeeds();
    test.run(["build"]).succeeds();
    let source = "<a href=\"https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-sku-not-available\"";
    for (locale, credit) in [
        (
            "en",
            format!(
                "<div class=\"attribution\"><p>Source: {source}>Resolve errors for SKU not available</a> (<time datetime=\"2020-02-18\">2020-02-18</time>). Licence: CC BY 4.0</p></div>"
            ),
        ),
        (
            "ko",
            format!(
                "<div class=\"attribution\"><p>출처: {source} lang=\"en\">Resolve errors for SKU not available</a> (<time datetime=\"2020-02-18\">2020. 2. 18.</time>). 라이선스: CC BY 4.0</p></div>"
            ),
        ),
    ] {
        for page in ["index.html", "sku-not-available.html"] {
            let html = test.read(&format!("out/site/{locale}/arm-deployment-errors/{page}"));
            assert!(html.contains(&credit), "{locale}/{page}: {html}");
        }
        let itsmc = test.read(&format!(
            "out/site/{locale}/itsmc-dashboard-errors/missing-connector.html"
        ));
        assert!(!itsmc.contains("Resolve errors for SKU"), "{itsmc}");
        assert!(
            itsmc.contains("creativecommons.org/licenses/by/4.0/"),
            "{itsmc}"
        );
    }
    assert!(test.read("out/md/ko/arm-deployment-errors.md").contains("source:\n  title: \"Resolve errors for SKU not available\"\n  url: \"https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-sku-not-available\"\n  licence: \"CC BY 4.0\"\n  date: \"2020-02-18\"\n"));
    let catalog: serde_json::Value = serde_json::from_str(&test.read("out/catalog.json")).unwrap();
    let sources: Vec<&serde_json::Value> = (catalog["entries"].as_array().unwrap().iter())
        .map(|e| &e["source"])
        .collect();
    assert_eq!(sources[0]["licence"], "CC BY 4.0");
    assert!(sources[1].is_null());
}

/// With kb.yaml's `edit_url`, each entry's page links to the file it shows (the translation's
/// in a translated locale) and each topic page to its topic file; an entry's page says when its
/// files last changed, from git (the commit's date, in the locale's way), else the topic's date.
#[test]
fn entry_pages_link_to_their_file_and_say_when_it_last_changed() {
    let test = KbTest::bundled();
    let settings = test.read("kb/kb.yaml");
    test.write(
        "kb/kb.yaml",
        format!("{settings}edit_url: https://github.com/example/kb/edit/main/kb/{{path}}\n"),
    );
    test.run(["build"]).succeeds();
    let page = |locale: &str, name: &str| {
        test.read(&format!("out/site/{locale}/itsmc-dashboard-errors/{name}"))
    };
    let edit = "https://github.com/example/kb/edit/main/kb/itsmc-dashboard-errors";
    assert!(page("en", "missing-connector.html").contains(&format!(
        "<a href=\"{edit}/missing-connector.yaml\">Edit this page</a>"
    )));
    assert!(page("ko", "missing-connector.html").contains(&format!(
        "<a href=\"{edit}/missing-connector.ko.yaml\">이 페이지 편집</a>"
    )));
    assert!(page("ko", "index.html").contains(&format!(
        "<a href=\"{edit}/topic.ko.yaml\">이 페이지 편집</a>"
    )));
    // Not a git repository: the topic's date.
    assert!(
        page("ko", "missing-connector.html")
            .contains("최종 업데이트: <time datetime=\"2022-02-23\">2022. 2. 23.</time>")
    );
    // In a repository: the last commit of the files the page shows, the translation's in ko.
    let commit = |date: &str, message: &str| {
        git_dated(&test, &["commit", "-qam", message], Some(date));
    };
    git(&test, &["init", "-q"]);
    git(&test, &["add", "kb"]);
    commit("2024-05-19T10:00:00Z", "the KB");
    test.edit(
        "kb/itsmc-dashboard-errors/missing-connector.ko.yaml",
        "작업 그룹을 찾아 비활성화하거나 삭제합니다.",
        "작업 그룹을 찾아서 비활성화하거나 삭제합니다.",
    );
    commit("2025-01-02T10:00:00Z", "a Korean step reworded");
    test.run(["build"]).succeeds();
    assert!(
        page("en", "missing-connector.html")
            .contains("Updated: <time datetime=\"2024-05-19\">2024-05-19</time>")
    );
    assert!(
        page("ko", "missing-connector.html")
            .contains("최종 업데이트: <time datetime=\"2025-01-02\">2025. 1. 2.</time>")
    );
    assert!(
        page("ko", "authentication.html")
            .contains("최종 업데이트: <time datetime=\"2024-05-19\">2024. 5. 19.</time>")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let test = KbTest::bundled();
    test.run(["build", "--out", "one"]).succeeds();
    test.run(["build", "--out", "two"]).succeeds();
    assert_eq!(tree(&test.dir().join("one")), tree(&test.dir().join("two")));
}

#[test]
fn every_page_has_the_right_lang_and_alternates() {
    let test = KbTest::bundled();
    test.run(["build"]).succeeds();
    for (path, bytes) in tree(&test.dir().join("out/site")) {
        if !path.ends_with(".html") || path == "index.html" || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let locale = path.split('/').next().unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{locale}\">")),
            "{path}"
        );
        for other in ["en", "ko"] {
            assert!(
                html.contains(&format!("<link rel=\"alternate\" hreflang=\"{other}\"")),
                "{path} lacks the {other} alternate"
            );
        }
    }
}

/// Resolves every relative `href` and `src` of every page, anchors included.
#[test]
fn every_internal_link_and_anchor_resolves() {
    let test = KbTest::bundled();
    test.run(["build"]).succeeds();
    let site = test.dir().join("out/site");
    let files = tree(&site);
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path == "404.html" {
            continue; // 404.html links from the site root, wherever it is served
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attribute) {
                let rest = &html[at + attribute.len()..];
                let link = &rest[..rest.find('"').unwrap()];
                if link.starts_with("https:")
                    || link.starts_with("http:")
                    || link.starts_with("mailto:")
                {
                    continue;
                }
                let (file, fragment) = link
                    .split_once('#')
                    .map_or((link, None), |(f, a)| (f, Some(a)));
                let target: PathBuf = if file.is_empty() {
                    PathBuf::from(path)
                } else {
                    Path::new(path).parent().unwrap().join(file)
                };
                let target = normalize(&target);
                let content = files.get(&target).unwrap_or_else(|| {
                    panic!("{path}: link `{link}` points at a missing file {target}")
                });
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    let content = String::from_utf8_lossy(content);
                    assert!(
                        content.contains(&format!("id=\"{fragment}\"")),
                        "{path}: link `{link}`: no id `{fragment}` in {target}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn the_site_makes_no_external_request() {
    let test = KbTest::bundled();
    test.run(["build"]).succeeds();
    for (path, bytes) in tree(&test.dir().join("out/site")) {
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "src=\"http",
            "<link rel=\"stylesheet\" href=\"http",
            "url(http",
            "@import",
            "fonts.googleapis",
        ] {
            assert!(!text.contains(needle), "{path} loads `{needle}...`");
        }
    }
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let test = KbTest::bundled();
    test.run(["build"]).succeeds();
    let before = tree(&test.dir().join("out"));
    let path = "kb/itsmc-dashboard-errors/authentication.yaml";
    test.edit(path, "causes:", "cuases:");
    let run = test.run(["build"]);
    run.fails();
    assert!(
        run.stderr().contains("error[unknown-field]"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .ends_with("nothing written: out is unchanged\n"),
        "{}",
        run.stderr()
    );
    assert_eq!(tree(&test.dir().join("out")), before);
    let siblings: Vec<String> = std::fs::read_dir(test.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        siblings.iter().all(|name| !name.contains("kbgen-new")),
        "{siblings:?}"
    );
}

#[test]
fn an_invalid_kb_writes_nothing_at_all() {
    let test = KbTest::copy_of(&fixtures().join("check/unknown-field/kb"));
    test.run(["build"]).fails();
    assert!(!test.dir().join("out").exists());
}

#[test]
fn a_folder_kbgen_did_not_create_is_never_replaced() {
    let test = KbTest::bundled();
    test.write("out/notes.txt", "mine");
    let run = test.run(["build"]);
    run.exits(2);
    assert!(
        run.stderr().contains("was not written by kbgen"),
        "{}",
        run.stderr()
    );
    assert_eq!(test.read("out/notes.txt"), "mine");
    let run = test.run(["build", "--out", "."]);
    run.exits(2);
    assert!(
        run.stderr().contains("contains the KB itself"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_kb_template_overrides_the_built_in_one() {
    let test = KbTest::bundled();
    let base = include_str!("../../templates/base.html");
    test.write(
        "kb/templates/base.html",
        base.replace(
            "<main id=\"main\">",
            "<main id=\"main\" data-theme=\"ours\">",
        ),
    );
    test.write(
        "kb/templates/assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    test.write("kb/templates/strings.yaml", "ko:\n  cause: 원인 (재정의)\n");
    test.run(["build"]).succeeds();
    let page = test.read("out/site/ko/itsmc-dashboard-errors/index.html");
    assert!(page.contains("<main id=\"main\" data-theme=\"ours\">"));
    assert!(page.contains("<h3>원인 (재정의)</h3>"));
    assert!(
        page.contains("<h3>해결 방법</h3>"),
        "strings the KB leaves out keep the built-in value"
    );
    assert!(test.dir().join("out/site/assets/logo.svg").is_file());
}

/// An entry's section has a template of its own, in the site and in the Markdown pages: a KB
/// that overrides it changes every entry of every topic page, and the topic page still lists
/// the entries.
#[test]
fn a_kb_entry_template_overrides_each_entry_section() {
    let test = KbTest::bundled();
    test.write(
        "kb/templates/entry.html",
        "<section class=\"ours\" id=\"{{ entry.anchor }}\"><h2>{{ entry.title.text }}</h2><p>{{ s.cause }}: {{ entry.causes | length }}</p></section>\n",
    );
    test.write(
        "kb/templates/entry.md",
        "## {{ entry.title.text | md_text }} ({{ lang }})\n",
    );
    test.run(["build"]).succeeds();
    let page = test.read("out/site/ko/itsmc-dashboard-errors/index.html");
    assert_eq!(page.matches("<section class=\"ours\"").count(), 9, "{page}");
    assert!(page.contains("<p>원인: "), "{page}");
    assert!(page.contains("<nav class=\"toc\""), "{page}");
    let markdown = test.read("out/md/ko/itsmc-dashboard-errors.md");
    assert_eq!(markdown.matches(" (ko)\n").count(), 9, "{markdown}");
}

#[test]
fn a_broken_override_is_reported_at_its_line_and_nothing_is_written() {
    let test = KbTest::bundled();
    test.write("kb/templates/topic.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ topic.title.text }</h1>\n{% endblock main %}\n");
    test.write("kb/templates/topc.html", "unused\n");
    let run = test.run(["build"]);
    run.fails();
    assert!(!test.dir().join("out").exists());
    insta::assert_snapshot!("build_broken_override", run.stderr());
    let check = test.run(["check", "--format", "json"]);
    check.fails();
    assert_eq!(
        check.diagnostic_lines(),
        [
            "warning unknown-template kb/templates/topc.html:1:1",
            "error template-error kb/templates/topic.html:3:25"
        ]
    );
}

#[test]
fn a_topic_page_that_fails_while_it_is_written_leaves_the_previous_output_as_it_was() {
    // Topic pages are rendered straight into their files: a failure halfway must still
    // reach the author as a diagnostic, and the last good output must stay whole.
    let test = KbTest::bundled();
    test.run(["build"]).succeeds();
    let before = tree(&test.dir().join("out"));
    for (name, extends) in [
        ("topic.html", "{% extends \"base.html\" %}{% block main %}"),
        ("topic.md", ""),
    ] {
        let ending = if extends.is_empty() {
            ""
        } else {
            "{% endblock main %}"
        };
        test.write(
            &format!("kb/templates/{name}"),
            format!("{extends}\n{{{{ topic.title.text }}}}\n{{{{ entries | first | get(key=\"nope\") }}}}\n{ending}\n"),
        );
        let run = test.run(["build"]);
        run.fails();
        let stderr = run.stderr();
        assert!(
            stderr.contains(&format!(
                "error[template-error]: template `{name}`: Map does not have a key nope"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("--> kb/templates/{name}:3:22")),
            "{stderr}"
        );
        assert!(
            stderr.ends_with("nothing written: out is unchanged\n"),
            "{stderr}"
        );
        assert!(
            tree(&test.dir().join("out")) == before,
            "{name}: the output changed"
        );
        std::fs::remove_file(test.dir().join(format!("kb/templates/{name}"))).unwrap();
    }
}

#[test]
fn kb_yaml_topics_order_the_home_page_and_the_catalog() {
    let test = KbTest::copy_of(&fixtures().join("check/topics-order/kb"));
    std::fs::write(
        test.dir().join("kb/kb.yaml"),
        "title: Ordered topics\nsource_locale: en\nlocales: [en]\ntopics: [d, b, a]\n",
    )
    .unwrap();
    test.run(["build"]).succeeds();
    let home = test.read("out/site/en/index.html");
    let at = |topic: &str| home.find(&format!("href=\"{topic}/index.html\"")).unwrap();
    assert!(at("d") < at("b") && at("b") < at("a"), "{home}");
    let catalog: serde_json::Value = serde_json::from_str(&test.read("out/catalog.json")).unwrap();
    let ids: Vec<&str> = (catalog["entries"].as_array().unwrap().iter())
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["d/e", "b/e", "a/e"]);
    // Without `topics`: by name.
    std::fs::write(
        test.dir().join("kb/kb.yaml"),
        "title: Ordered topics\nsource_locale: en\nlocales: [en]\n",
    )
    .unwrap();
    test.run(["build"]).succeeds();
    let catalog: serde_json::Value = serde_json::from_str(&test.read("out/catalog.json")).unwrap();
    assert_eq!(catalog["entries"][0]["id"], "a/e");
}

#[test]
fn pages_declare_their_alternates_x_default_canonical_and_open_graph() {
    let test = KbTest::bundled();
    test.run(["build", "--base-url", "https://kb.example.com/docs/"])
        .succeeds();
    let page = test.read("out/site/ko/itsmc-dashboard-errors/index.html");
    let base = "https://kb.example.com/docs";
    for line in [
        format!("<link rel=\"canonical\" href=\"{base}/ko/itsmc-dashboard-errors/\">"),
        format!(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"{base}/en/itsmc-dashboard-errors/\">"
        ),
        format!(
            "<link rel=\"alternate\" hreflang=\"ko\" href=\"{base}/ko/itsmc-dashboard-errors/\">"
        ),
        // A topic's page for other readers is the source locale's.
        format!(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/en/itsmc-dashboard-errors/\">"
        ),
        "<meta property=\"og:type\" content=\"article\">".to_string(),
        "<meta property=\"og:title\" content=\"ITSMC 대시보드의 커넥터 상태 오류\">".to_string(),
        "<meta property=\"og:locale\" content=\"ko\">".to_string(),
        format!("<meta property=\"og:url\" content=\"{base}/ko/itsmc-dashboard-errors/\">"),
    ] {
        assert!(page.contains(&line), "{line}\n{page}");
    }
    // A home page's x-default is the language chooser, which declares each home page and
    // itself: every alternate links back.
    let home = test.read("out/site/en/index.html");
    assert!(home.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/\">"
    )));
    let chooser = test.read("out/site/index.html");
    for locale in ["en", "ko"] {
        assert!(chooser.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"{locale}\" href=\"{base}/{locale}/\">"
        )));
    }
    assert!(chooser.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/\">"
    )));

    // Without a base URL: relative alternates (the site works from the file system), and no
    // canonical address, which must be absolute.
    test.run(["build"]).succeeds();
    let page = test.read("out/site/ko/itsmc-dashboard-errors/index.html");
    assert!(!page.contains("rel=\"canonical\"") && !page.contains("og:url"));
    assert!(page.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"../../en/itsmc-dashboard-errors/index.html\">"));
}

#[test]
fn raw_html_in_markdown_is_shown_as_text() {
    let test = KbTest::copy_of(&fixtures().join("check/raw-html/kb"));
    test.run(["build"]).succeeds();
    let page = test.read("out/site/en/t/index.html");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<b>again</b>"));
}

#[test]
fn an_untranslated_or_stale_fragment_says_so_in_the_readers_language() {
    let test = KbTest::copy_of(&fixtures().join("check/missing-translation/kb"));
    test.run(["build"]).succeeds();
    let page = test.read("out/site/ko/t/index.html");
    let entry = &page[page.find("<section class=\"entry\" id=\"e\"").unwrap()..];
    let entry = &entry[..entry.find("</section>").unwrap()];
    assert!(entry.contains("<h2 id=\"e-title\" lang=\"en\">"), "{entry}");
    assert!(entry.contains("<p class=\"notice\" role=\"note\">이 섹션은 아직 한국어로 번역되지 않아 원문으로 표시합니다.</p>"), "{entry}");
    assert!(
        entry.contains("<li lang=\"en\"><p>The connector was deleted.</p>"),
        "{entry}"
    );
    assert!(
        test.read("out/md/ko/t.md")
            .contains("translation: \"partial\"")
    );

    let stale = KbTest::copy_of(&fixtures().join("check/stale-translation/kb"));
    stale.run(["build"]).succeeds();
    let page = stale.read("out/site/ko/t/index.html");
    assert!(page.contains("<p class=\"notice stale\" role=\"note\">원문이 변경된 뒤 이 번역은 아직 갱신되지 않았을 수 있습니다. <a href=\"../../en/t/index.html#e\" hreflang=\"en\">원문 보기</a></p>"), "{page}");
    assert!(
        stale
            .read("out/md/ko/t.md")
            .contains("translation: \"stale\"")
    );
}
