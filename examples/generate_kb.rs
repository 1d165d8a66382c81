//! Generates a synthetic KB for benchmarks: `cargo run --release --example generate_kb -- DIR N
//! [PER_TOPIC]` writes N entries (100 per topic unless said) in English with a Korean
//! translation of each, valid under
//! `kbgen check --strict`. Entries link to their neighbours and carry placeholders, samples and
//! code spans, so that every check has work to do.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: generate_kb DIR ENTRIES [PER_TOPIC]");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("ENTRIES is a number");
    let per_topic: usize = args
        .next()
        .map_or(100, |n| n.parse().expect("PER_TOPIC is a number"));
    let root = Path::new(&dir);
    if root.exists() {
        eprintln!("{} exists: remove it first", root.display());
        std::process::exit(2);
    }
    generate(root, count, per_topic.max(1)).expect("writes the KB");
    println!(
        "generated {count} entries x 2 locales in {}",
        root.display()
    );
}

/// A translated field: `text` with the fingerprint of its source.
fn translated(indent: &str, text: &str, source: &str) -> String {
    format!(
        "{indent}text: {}\n{indent}fingerprint: \"{}\"\n",
        quote(text),
        kbgen::kb::fingerprint::of(source)
    )
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn generate(root: &Path, count: usize, per_topic: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    let title = "Generated KB";
    std::fs::write(
        root.join("kb.yaml"),
        format!(
            "title: {title}\nsource_locale: en\nlocales: [en, ko]\nlink_bases:\n  docs: https://docs.example.com/\n"
        ),
    )?;
    std::fs::write(
        root.join("kb.ko.yaml"),
        format!("title:\n{}", translated("  ", "생성된 KB", title)),
    )?;
    let topics = count.div_ceil(per_topic);
    for topic in 0..topics {
        let topic_id = format!("topic-{topic:04}");
        let dir = root.join(&topic_id);
        std::fs::create_dir_all(&dir)?;
        let entries: Vec<usize> =
            (topic * per_topic..((topic + 1) * per_topic).min(count)).collect();
        let topic_title = format!("Errors of service {topic}");
        let mut order = String::new();
        for entry in &entries {
            writeln!(order, "  - error-{entry:05}").unwrap();
        }
        std::fs::write(
            dir.join("topic.yaml"),
            format!("title: {topic_title}\norder:\n{order}"),
        )?;
        std::fs::write(
            dir.join("topic.ko.yaml"),
            format!(
                "title:\n{}",
                translated("  ", &format!("서비스 {topic}의 오류"), &topic_title)
            ),
        )?;
        for &entry in &entries {
            write_entry(&dir, &topic_id, entry, &entries)?;
        }
    }
    Ok(())
}

fn write_entry(
    dir: &Path,
    topic_id: &str,
    entry: usize,
    siblings: &[usize],
) -> std::io::Result<()> {
    let id = format!("error-{entry:05}");
    let title = format!("Operation {entry} failed with code E{entry:05}");
    let message = format!(
        "Operation {entry} failed for resource {{resourceName}}: status E{entry:05} ({{reason}})."
    );
    let sample = format!(
        "Operation {entry} failed for resource web-{entry}: status E{entry:05} (Quota exceeded)."
    );
    let neighbour =
        siblings[(siblings.iter().position(|&e| e == entry).unwrap() + 1) % siblings.len()];
    let causes = [
        format!(
            "The service rejected request {entry} because the quota of the subscription is used up (`E{entry:05}`)."
        ),
        "The resource was deleted while the operation ran.".to_string(),
    ];
    let resolution = [
        format!("Raise the quota as described in [quotas](docs:quotas/{entry}), then retry."),
        format!("If the resource was deleted, see [the related error](kb:error-{neighbour:05})."),
    ];
    let mut source = format!(
        "title: {title}\nerror:\n  messages:\n    - {}\n  placeholders:\n    resourceName:\n      description: The name of the resource.\n      example: web-{entry}\n    reason:\n      description: Why the service refused.\n      values: [Quota exceeded, Resource deleted]\n  samples:\n    - {}\ncauses:\n",
        quote(&message),
        quote(&sample)
    );
    for cause in &causes {
        writeln!(source, "  - {}", quote(cause)).unwrap();
    }
    source.push_str("resolution:\n");
    for step in &resolution {
        writeln!(source, "  - {}", quote(step)).unwrap();
    }
    writeln!(
        source,
        "related: [{topic_id}/error-{neighbour:05}]\ntags: [generated, quota]"
    )
    .unwrap();
    std::fs::write(dir.join(format!("{id}.yaml")), source)?;

    let korean_causes = [
        format!(
            "구독의 할당량을 모두 사용해 서비스가 요청 {entry}을(를) 거부했습니다(`E{entry:05}`)."
        ),
        "작업이 실행되는 동안 리소스가 삭제되었습니다.".to_string(),
    ];
    let korean_resolution = [
        format!("[할당량](docs:quotas/{entry}) 문서에 따라 할당량을 늘린 다음 다시 시도합니다."),
        format!("리소스가 삭제되었다면 [관련 오류](kb:error-{neighbour:05})를 참조하세요."),
    ];
    let mut translation = format!(
        "title:\n{}",
        translated(
            "  ",
            &format!("작업 {entry}이(가) 코드 E{entry:05}로 실패함"),
            &title
        )
    );
    translation.push_str("error:\n  placeholders:\n    resourceName:\n      description:\n");
    translation.push_str(&translated(
        "        ",
        "리소스 이름입니다.",
        "The name of the resource.",
    ));
    translation.push_str("    reason:\n      description:\n");
    translation.push_str(&translated(
        "        ",
        "서비스가 거부한 이유입니다.",
        "Why the service refused.",
    ));
    translation.push_str("causes:\n");
    for (text, source) in korean_causes.iter().zip(&causes) {
        translation.push_str(&translated("  - ", text, source).replacen(
            "  - fingerprint",
            "    fingerprint",
            1,
        ));
    }
    translation.push_str("resolution:\n");
    for (text, source) in korean_resolution.iter().zip(&resolution) {
        translation.push_str(&translated("  - ", text, source).replacen(
            "  - fingerprint",
            "    fingerprint",
            1,
        ));
    }
    std::fs::write(dir.join(format!("{id}.ko.yaml")), translation)
}
