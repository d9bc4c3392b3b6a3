//! `eig serve` over real HTTP on loopback: the API's answers, its limits and its headers.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    start_with(&[])
}

/// The server with more arguments.
fn start_with(more: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(more)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    Server { child, addr }
}

/// One request (HTTP/1.1, the connection closed after it): the status, the headers in lower
/// case, the body.
fn request(server: &Server, method: &str, target: &str, body: &[u8]) -> (u16, String, String) {
    request_as(server, method, target, "application/json", body)
}

/// [`request`] with this `Content-Type`.
fn request_as(
    server: &Server,
    method: &str,
    target: &str,
    media: &str,
    body: &[u8],
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nContent-Type: {media}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        server.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // A body past the limit may be refused before it is all sent.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_owned())
}

/// `n` connections (as many as open) that send part of a request's headers and wait.
fn slow_clients(server: &Server, n: usize) -> Vec<TcpStream> {
    (0..n)
        .filter_map(|_| {
            let mut s = TcpStream::connect(&server.addr).ok()?;
            s.write_all(b"POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .ok()?;
            Some(s)
        })
        .collect()
}

fn example(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/submissions")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_api_answers_with_the_report_its_limits_and_its_headers() {
    let server = start();
    // The page, with a strict policy: nothing from elsewhere.
    let (status, head, page) = request(&server, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(page.contains("Vérifier un dossier de défi EIG"));
    assert!(head.contains("content-security-policy: default-src 'none'; script-src 'self'"));
    assert!(head.contains("x-content-type-options: nosniff"));
    assert!(head.contains("x-frame-options: deny"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "an outside link"
    );

    // A dossier: the report of `eig validate --format json`, with line, column and hint.
    let text = String::from_utf8(example("eig-5-valid-flood-alerts.json"))
        .unwrap()
        .replace("\"data-science\"", "\"Data Scientist\"");
    let (status, head, body) = request(&server, "POST", "/v1/validate?lang=fr", text.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: application/json"));
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["valid"], false);
    let v = &report["violations"][0];
    assert_eq!(v["path"], "/seats/0/expertise");
    assert_eq!(v["hint"], "écrivez « data-science » (Data science)");
    assert!(v["line"].as_u64().is_some() && v["column"].as_u64().is_some());

    // A valid one, with the promotion given, in English.
    let (status, _, body) = request(
        &server,
        "POST",
        "/v1/validate?promotion=eig-7&lang=en",
        &example("eig-7-valid-product-director.json"),
    );
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["valid"], true);

    // The commented template as `eig template` writes it, a postcode mistyped: the error at
    // its line in the text as written, and the warning about the comments.
    let rb = eig::Rulebook::builtin("eig-7").unwrap();
    let text = eig::guide::template_commented(&rb, eig::diagnostics::Lang::Fr)
        .replace("\"31000\"", "\"31 000\"");
    let line = 1 + text.lines().position(|l| l.contains("31 000")).unwrap();
    let (status, _, body) = request(&server, "POST", "/v1/validate", text.as_bytes());
    assert_eq!(status, 200);
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["violations"][0]["code"], "comments_ignored");
    assert_eq!(report["violations"][1]["path"], "/locations/0/postcode");
    assert_eq!(report["violations"][1]["line"], line);

    // What cannot be served says why, as JSON.
    let (status, _, body) = request(&server, "POST", "/v1/validate?promotion=eig-99", b"{}");
    assert_eq!(status, 400);
    assert!(body.contains("unknown promotion"), "{body}");
    let (status, _, _) = request(&server, "POST", "/v1/validate?lang=de", b"{}");
    assert_eq!(status, 400);
    // Past the kind's limit: the report says so, without reading the document.
    let big = vec![b' '; 3 << 20];
    let (status, _, body) = request(&server, "POST", "/v1/validate", &big);
    assert_eq!(status, 200);
    assert!(body.contains("document_too_large"), "{body}");
    // Past the server's limit (16 MiB): refused before it is read.
    let huge = vec![b' '; (16 << 20) + 1];
    let (status, _, _) = request(&server, "POST", "/v1/validate?kind=score-sheets", &huge);
    assert_eq!(status, 413);
    // Sent in chunks without its length: read up to the kind's limit, then refused.
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "POST /v1/validate HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..3 {
        let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
        let _ = stream.write_all(&chunk);
        let _ = stream.write_all(b"\r\n");
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("document_too_large"), "{answer}");

    let (status, _, body) = request(&server, "GET", "/v1/openapi.json", b"");
    assert_eq!(status, 200);
    let api: Value = serde_json::from_str(&body).unwrap();
    assert!(api["paths"]["/v1/validate"]["post"].is_object());
    let (status, _, _) = request(&server, "GET", "/nowhere", b"");
    assert_eq!(status, 404);
}

/// Media types compared without case; a flood of faults inside the size limit answered with a
/// bounded report, and the server still answers after it.
#[test]
fn media_types_ignore_case_and_a_flood_gets_a_bounded_answer() {
    let server = start();
    let doc = example("eig-5-valid-flood-alerts.json");
    for media in [
        "APPLICATION/JSON",
        "Application/Json; charset=UTF-8",
        "text/PLAIN",
    ] {
        let (status, _, body) = request_as(&server, "POST", "/v1/validate", media, &doc);
        assert_eq!(status, 200, "{media}: {body}");
    }
    let (status, _, _) = request_as(&server, "POST", "/v1/validate", "text/html", &doc);
    assert_eq!(status, 415);

    let mut flood: Value = serde_json::from_slice(&doc).unwrap();
    flood["themes"] = Value::Array(vec![Value::from(1); 1_000_000]);
    let flood = serde_json::to_vec(&flood).unwrap();
    assert!(flood.len() < 2_097_152, "{}", flood.len());
    let (status, _, body) = request(&server, "POST", "/v1/validate?lang=en", &flood);
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let violations = answer["violations"].as_array().unwrap();
    assert!(violations.len() <= 1_020, "{}", violations.len());
    let last = violations.last().unwrap();
    assert_eq!(last["code"], "too_many_violations");
    assert!(
        last["params"]["omitted"].as_u64().unwrap() > 990_000,
        "{last}"
    );
    assert!(body.len() < 1_000_000, "{} bytes", body.len());
    let (status, _, _) = request(&server, "POST", "/v1/validate", &doc);
    assert_eq!(status, 200);
}

/// Only this machine's names are answered (a page elsewhere that rebinds its own name to
/// 127.0.0.1 is refused), and a request from a page of another site too; another address
/// than loopback needs --public.
#[test]
fn the_server_answers_this_machine_only() {
    let server = start();
    let doc = example("eig-5-valid-flood-alerts.json");
    let port = server.addr.rsplit_once(':').unwrap().1.to_owned();
    let send = |host: &str, origin: Option<&str>| {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
        let head = format!(
            "POST /v1/validate HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Type: \
             application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            doc.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        let _ = stream.write_all(&doc);
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(0)
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_owned(),
    ] {
        assert_eq!(send(&host, None), 200, "{host}");
    }
    for host in [
        format!("attacker.example:{port}"),
        format!("10.0.0.5:{port}"),
        "example.com".to_owned(),
    ] {
        assert_eq!(send(&host, None), 421, "{host}");
    }
    let own = format!("127.0.0.1:{port}");
    assert_eq!(send(&own, Some(&format!("http://{own}"))), 200);
    assert_eq!(send(&own, Some("https://attacker.example")), 403);
    assert_eq!(send(&own, Some("null")), 403);

    let out = Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--public"));
}

/// The peak resident memory of a process, in MiB (Linux).
fn peak_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kb| kb / 1024)
}

/// The server under hostile clients at once: slow clients that hold connections with half a
/// request's headers, concurrent large bodies, rulebooks of rule bombs, and the violation
/// flood. Meanwhile a normal request is answered, and the server's memory stays under its
/// budget. Bounded: a few hundred connections and requests, on loopback, in seconds.
#[test]
fn the_server_stays_up_under_hostile_clients() {
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    let server = Arc::new(start());
    let doc = example("eig-5-valid-flood-alerts.json");
    // Slow clients: 200 connections that send part of their headers and wait.
    let slow = slow_clients(&server, 200);
    assert!(slow.len() > 150);
    let mut flood: Value = serde_json::from_slice(&doc).unwrap();
    flood["themes"] = Value::Array(vec![Value::from(1); 1_000_000]);
    let flood = Arc::new(serde_json::to_vec(&flood).unwrap());
    let mut rulebook: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/rules/rulebook.json"),
        )
        .unwrap(),
    )
    .unwrap();
    rulebook["rules"] = (0..100)
        .map(|i| {
            serde_json::json!({"id": format!("r{i}"), "on": "challenge-submission",
                "rule": format!("self.title.matches('\\\\w{{100}}N{}') && self.problem.replace('a', self.problem).size() > 0", i % 3),
                "message_fr": "x", "message_en": "x"})
        })
        .collect();
    let bombs = Arc::new(serde_json::to_vec(&rulebook).unwrap());
    // Large bodies: score sheets of 3.9 MB, each charged most of the memory budget; past 6.4 MiB
    // the server sends them to `eig validate`.
    let sheets_of = |n: usize| {
        let rows: Vec<Value> = (0..n).map(|_| serde_json::json!({"juror": 1})).collect();
        serde_json::to_vec(&serde_json::json!({"scores": rows})).unwrap()
    };
    let (status, _, body) = request(
        &server,
        "POST",
        "/v1/validate?kind=score-sheets",
        &sheets_of(700_000),
    );
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("eig validate --kind score-sheets"), "{body}");
    let sheets = Arc::new(sheets_of(300_000));
    let mut load = Vec::new();
    for k in 0..8 {
        let (server, flood, bombs, sheets) =
            (server.clone(), flood.clone(), bombs.clone(), sheets.clone());
        load.push(std::thread::spawn(move || {
            for _ in 0..3 {
                let (status, _, answer) = match k % 3 {
                    0 => request(&server, "POST", "/v1/validate", &flood),
                    1 => request(&server, "POST", "/v1/validate?kind=rulebook", &bombs),
                    _ => request(&server, "POST", "/v1/validate?kind=score-sheets", &sheets),
                };
                // Answered, or told the server is busy: never a dropped connection.
                assert!(
                    matches!(status, 200 | 503),
                    "{status} for load {}: {answer}",
                    k % 3
                );
            }
        }));
    }
    // The normal request, several times during the load.
    let mut worst = Duration::ZERO;
    for _ in 0..5 {
        let t = Instant::now();
        let (status, _, body) = request(&server, "POST", "/v1/validate", &doc);
        worst = worst.max(t.elapsed());
        assert_eq!(status, 200, "{body}");
        std::thread::sleep(Duration::from_millis(200));
    }
    for t in load {
        t.join().unwrap();
    }
    drop(slow);
    let peak = peak_mib(server.child.id()).unwrap_or(0);
    eprintln!("normal request, worst latency under load: {worst:?}; server peak: {peak} MiB");
    // A bound that catches a hang or an abort, not a measure of speed.
    assert!(worst < Duration::from_secs(3), "{worst:?}");
    assert!(peak < 768, "{peak} MiB");
    let (status, _, _) = request(&server, "POST", "/v1/validate", &doc);
    assert_eq!(status, 200);
}

/// A connection that sends no complete headers is closed after the header time limit.
#[test]
fn a_client_that_never_finishes_its_headers_is_let_go() {
    let server = start();
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let t = std::time::Instant::now();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let waited = t.elapsed();
    assert!(waited < std::time::Duration::from_secs(25), "{waited:?}");
    assert!(waited >= std::time::Duration::from_secs(5), "{waited:?}");
}

/// CPU time (user and system) the process has used, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    // The kernel's clock ticks per second (USER_HZ), 100 on Linux.
    ticks / 100.0
}

/// Past its time limit a validation gives up at its next checkpoint, and its answer (503) is
/// given once it has stopped: nothing goes on working after the answers, and the places are
/// free for the next document.
#[test]
fn a_validation_past_its_time_limit_stops_and_frees_its_place() {
    let server = start_with(&["--time-limit", "0.1"]);
    let pid = server.child.id();
    // 6.3 MB of wrong rows: about 0.4 s of checks here, checked by pieces of the list.
    let rows = vec![serde_json::json!({"juror": 1}); 450_000];
    let sheets =
        std::sync::Arc::new(serde_json::to_vec(&serde_json::json!({ "scores": rows })).unwrap());
    let server = std::sync::Arc::new(server);
    let answers: Vec<_> = (0..4)
        .map(|_| {
            let (server, sheets) = (server.clone(), sheets.clone());
            std::thread::spawn(move || {
                let t = std::time::Instant::now();
                let (status, _, body) =
                    request(&server, "POST", "/v1/validate?kind=score-sheets", &sheets);
                (status, body, t.elapsed())
            })
        })
        .collect();
    for answer in answers {
        let (status, body, waited) = answer.join().unwrap();
        assert_eq!(status, 503, "{}", &body[..body.len().min(300)]);
        let body: Value = serde_json::from_str(&body).unwrap();
        assert!(
            body["error"]
                .as_str()
                .is_some_and(|e| e.contains("took too long")),
            "{body}"
        );
        // The last resort answers only at the limit and two seconds more.
        assert!(waited < std::time::Duration::from_secs(2), "{waited:?}");
    }
    // Every validation has stopped: the server is idle.
    let before = cpu_seconds(pid);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let idle = cpu_seconds(pid) - before;
    assert!(idle < 0.1, "{idle} s of CPU after every answer");
    let (status, _, body) = request(
        &server,
        "POST",
        "/v1/validate",
        &example("eig-5-valid-flood-alerts.json"),
    );
    assert_eq!(status, 200, "{body}");
    // A limit out of range is refused before the server starts.
    let refused = Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(["serve", "--time-limit", "0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("from 0.1 to 600"));
}

/// More clients than the server's connections that never finish their headers: the oldest
/// makes room for each new one, so a dossier sent meanwhile is answered at once.
#[test]
fn slow_clients_past_the_connection_cap_do_not_keep_an_officer_out() {
    let server = start();
    let slow = slow_clients(&server, 300);
    assert!(slow.len() > 256, "{} connections", slow.len());
    let t = std::time::Instant::now();
    let (status, _, body) = request(
        &server,
        "POST",
        "/v1/validate",
        &example("eig-5-valid-flood-alerts.json"),
    );
    let waited = t.elapsed();
    assert_eq!(status, 200, "{body}");
    // Not after the header time limit (10 s) has let the slow ones go.
    assert!(waited < std::time::Duration::from_secs(3), "{waited:?}");
    // The oldest slow clients were let go: their connections are closed.
    let mut first = &slow[0];
    first
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 16];
    let closed = match first.read(&mut buf) {
        Ok(n) => n == 0,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    };
    assert!(closed, "the oldest slow client is still connected");
    drop(slow);
}
