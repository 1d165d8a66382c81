//! Just enough HTTP/1.1 to serve a built site to a browser on this machine: `GET` and `HEAD` of
//! files under one folder, one request per connection. The request is read with limits (8 KiB
//! of head, a few seconds), and a path is served only if every one of its segments is a plain
//! name: `..`, `.`, a backslash or a NUL byte is refused before the file system is asked.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

const MAX_HEAD: u64 = 8 * 1024;

/// A request's method and decoded path (`/en/topic/index.html`), without query or fragment.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
}

/// Reads a request's head; `None` for anything that is not a well-formed request.
pub fn read_request(stream: &TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if !version.starts_with("HTTP/1.") || parts.next().is_some() {
        return None;
    }
    // The rest of the head: read to its blank line (the limit bounds it).
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        if header == "\r\n" || header == "\n" {
            break;
        }
    }
    let path = target.split(['?', '#']).next()?;
    Some(Request {
        method: method.to_string(),
        path: percent_decode(path)?,
    })
}

/// `%20` and the like decoded; `None` for a bad escape or text that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file under `root` that `path` names (`index.html` for a folder), if every segment is a
/// plain name.
pub fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let mut file = root.to_path_buf();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0']) {
            return None;
        }
        file.push(segment);
    }
    if path.ends_with('/') || file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Sends the browser to `location` (a folder asked for without its `/`, whose page's relative
/// links need it).
pub fn redirect(mut stream: &TcpStream, location: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 301 Moved Permanently\r\nlocation: {location}\r\ncontent-length: 0\r\n\
         connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())?;
    stream.flush()
}

/// Writes a whole response; `body` is left out for `HEAD`.
pub fn respond(
    mut stream: &TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_below_the_root_are_served() {
        let root = Path::new("/srv/site");
        assert_eq!(
            file_for(root, "/en/t/"),
            Some(PathBuf::from("/srv/site/en/t/index.html"))
        );
        assert_eq!(
            file_for(root, "/assets/style.css"),
            Some(PathBuf::from("/srv/site/assets/style.css"))
        );
        for bad in [
            "/../kb/kb.yaml",
            "/en/../../etc/passwd",
            "/./x",
            "/a\\..\\b",
            "/a\0b",
        ] {
            assert_eq!(file_for(root, bad), None, "{bad:?}");
        }
        assert_eq!(percent_decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(file_for(root, &percent_decode("/%2e%2e/x").unwrap()), None);
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(percent_decode("/%ff"), None);
        assert_eq!(
            percent_decode("/ko/%EC%98%A4%EB%A5%98/").as_deref(),
            Some("/ko/오류/")
        );
    }
}
