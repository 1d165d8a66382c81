//! `kbgen serve`: build, serve on this machine, build again on every save, until Ctrl-C.

use super::{Exit, print};
use kbgen::serve::Event;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

pub fn execute(
    kb: &Path,
    bind: IpAddr,
    port: u16,
    base_url: Option<String>,
    open: bool,
) -> kbgen::Result<Exit> {
    let (stop, stopped) = std::sync::mpsc::channel();
    // Ctrl-C ends the watch loop, which removes the build folder before kbgen exits.
    let _ = ctrlc::set_handler(move || {
        let _ = stop.send(());
    });
    let options = kbgen::serve::Options {
        kb: kb.to_path_buf(),
        address: SocketAddr::new(bind, port),
        base_url,
    };
    let report = |event: Event| match event {
        Event::Listening { url, folder } => {
            print::status(format_args!(
                "serving {url} (built in {}); Ctrl-C stops",
                folder.display()
            ));
            if open {
                open_browser(url);
            }
        }
        Event::Built { built, took } => {
            if !built.checked.diagnostics.is_empty() {
                print::diagnostics(&built.checked.diagnostics, &built.checked.kb.sources);
            }
            print::status(print::build_summary(built, took.as_secs_f64(), None));
        }
        Event::Failed {
            diagnostics,
            sources,
        } => {
            print::diagnostics(diagnostics, sources);
            print::note("the site stays as it was; fix the files and save");
        }
        Event::Stopped(error) => print::note(format_args!("error: {error}")),
        Event::Updated {
            diagnostics,
            sources,
            topics,
            files,
            took,
        } => {
            if !diagnostics.is_empty() {
                print::diagnostics(diagnostics, sources);
            }
            print::status(format_args!(
                "checked the KB and wrote {} again ({files} files) in {} ms",
                topics
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                took.as_millis()
            ));
        }
        Event::Previewed { topic, took } => print::status(format_args!(
            "showed `{topic}` in {} ms; checking the whole KB",
            took.as_millis()
        )),
    };
    kbgen::serve::serve(&options, stopped, &report)?;
    print::note("stopped");
    Ok(Exit::Success)
}

/// Asks the desktop to open `url`; a machine without one just does not.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
