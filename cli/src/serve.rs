//! `eig serve`: the validation web page and its HTTP API, for an officer who has neither Rust
//! nor a terminal habit.
//!
//! - `GET /`: the page (HTML, one script and one style sheet from this server, nothing from
//!   elsewhere): drop or paste a dossier, pick the promotion and the language, read every
//!   violation under the line it concerns, with its hint.
//! - `POST /v1/validate?promotion=&lang=&kind=`: the body is the document; the answer is the
//!   report as JSON (`valid`, `violations` with `line`, `column`, `message`, `hint`), the same
//!   as `eig validate --format json` gives for one file.
//! - `GET /v1/promotions`, `GET /v1/openapi.json`: the built-in promotions, the API's
//!   description.
//!
//! Loopback by default. Each body is limited to the kind's size limit (and [`MAX_BODY`]
//! whatever the kind) while it is read, and must arrive within [`BODY_TIME`]; the bodies held
//! at once are bounded by [`MEMORY_BUDGET`] (a request waits for room, then gets 503); each
//! validation is limited to `--time-limit` (10 s unless given) on the blocking pool (past it, the engines give up
//! at their next checkpoint, see `eig::stop`), and [`MAX_AT_ONCE`] validations run at once (a
//! place is freed when its validation has stopped, not when its answer was given up). At most
//! [`MAX_CONNECTIONS`] connections are open at once (past it, the oldest with no request in
//! progress makes room), each lives at most [`CONNECTION_TIME`], and a request's headers must
//! arrive within [`HEADER_TIME`].
//! Nothing of a document is stored or logged. Every answer carries a strict Content-Security-Policy
//! and the usual protective headers.

use crate::ExitCode;
use crate::Fatal;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use eig::Rulebook;
use eig::diagnostics::Lang;
use eig::documents::{DocumentValidator, Input};
use eig::schema::SchemaKind;
use eig::validate::{CompiledRulebook, RulebookChoice};
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long past its time limit (`--time-limit`, 10 s unless given) an answer waits for a
/// validation to reach its next checkpoint and give up. Between two checkpoints there is at
/// most one stage of bounded cost (reading the body as JSON, a declared rule within its cost
/// limit, a piece of a large list, the typed checks): a validation that is past this too
/// still holds its place until it stops, and its answer is 503.
pub(crate) const CHECKPOINT_TIME: Duration = Duration::from_secs(2);
/// How many validations run at once; the others wait for a place.
pub(crate) const MAX_AT_ONCE: usize = 4;
/// Connections open at once; past it a new one is closed at once (a browser opens a few).
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// The time a request's headers may take to arrive.
pub(crate) const HEADER_TIME: Duration = Duration::from_secs(10);
/// The time a body may take to arrive (408 beyond).
pub(crate) const BODY_TIME: Duration = Duration::from_secs(30);
/// The longest a connection lives, idle or not, with all its requests.
pub(crate) const CONNECTION_TIME: Duration = Duration::from_secs(60);
/// The memory the requests being read or validated may hold together, each counted as its
/// body's size times what validating its kind takes per byte ([`memory_factor`]).
pub(crate) const MEMORY_BUDGET: usize = 512 * 1024 * 1024;
/// A document this size or under may take a place kept for small ones.
pub(crate) const SMALL: usize = 256 * 1024;
/// The places kept for small documents, besides [`MAX_AT_ONCE`].
pub(crate) const SMALL_PLACES: usize = 2;
/// How long a request waits for room in the budget or a place before it gets 503.
pub(crate) const WAIT_LIMIT: Duration = Duration::from_secs(10);
/// The largest body read (413 beyond): a dataset's limit. The score sheets of a national
/// selection (up to 32 MiB) are for `eig score`, not for a web page.
pub(crate) const MAX_BODY: usize = 16 * 1024 * 1024;

const INDEX: &str = include_str!("web/index.html");
const SCRIPT: &str = include_str!("web/app.js");
const STYLE: &str = include_str!("web/app.css");

/// The headers every answer carries: no script, style, font or request from elsewhere, no
/// framing, no referrer, nothing cached.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cache-control", "no-store"),
];

struct Shared {
    places: Arc<tokio::sync::Semaphore>,
    /// Places kept for small documents (a dossier, under [`SMALL`]), so that an officer's
    /// check is answered while large documents wait for theirs.
    small: Arc<tokio::sync::Semaphore>,
    /// The memory budget, in KiB.
    memory: Arc<tokio::sync::Semaphore>,
    /// The longest one validation may take.
    time_limit: Duration,
}

/// The memory validating a document of `kind` takes per byte of it, at most (measured: a
/// 2 MB submission of a million one-digit faults takes 150 MB; score sheets of wrong rows 50
/// bytes per byte; a dataset 11).
fn memory_factor(kind: SchemaKind) -> usize {
    match kind {
        SchemaKind::Dataset => 24,
        _ => 80,
    }
}

/// The largest body of `kind` the server reads: its limit, and what the memory budget holds.
fn body_limit(kind: SchemaKind) -> usize {
    eig::documents::max_bytes(kind)
        .min(MAX_BODY)
        .min(MEMORY_BUDGET / memory_factor(kind))
}

/// What a body of `kind` of at most `bytes` is charged in the memory budget, in KiB.
fn charge(kind: SchemaKind, bytes: usize) -> u32 {
    u32::try_from((bytes.saturating_mul(memory_factor(kind)) / 1024).max(1)).unwrap_or(u32::MAX)
}

/// Runs the server until the process is stopped. Prints the page's address (with the port the
/// system gave, for `--addr 127.0.0.1:0`) on the first line of standard output.
pub(crate) fn serve(
    addr: SocketAddr,
    public: bool,
    time_limit: Duration,
) -> Result<ExitCode, Fatal> {
    if !addr.ip().is_loopback() && !public {
        return Err(Fatal(format!(
            "{addr} is reachable from other machines: give --public to serve them (the \
             documents sent then cross the network as they are, without TLS), or listen on \
             127.0.0.1"
        )));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(MAX_AT_ONCE + SMALL_PLACES)
        .build()
        .map_err(|e| Fatal(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Fatal(format!("cannot listen on {addr}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Fatal(format!("cannot listen on {addr}: {e}")))?;
        println!("http://{bound}/");
        if !bound.ip().is_loopback() {
            eprintln!(
                "eig: listening on {bound}, reachable from other machines: the documents sent \
                 cross the network as they are (no TLS)"
            );
        }
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        accept(listener, app(public, time_limit)).await;
        Ok::<(), Fatal>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Serves each connection accepted, at most [`MAX_CONNECTIONS`] at once, each for at most
/// [`CONNECTION_TIME`], its requests' headers read within [`HEADER_TIME`]. Past the cap, the
/// oldest connection with no request in progress (a client that never ends its headers, or an
/// idle one kept alive) is closed to make room: slow clients cannot keep others out.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let connections = Arc::new(std::sync::Mutex::new(Connections::default()));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of descriptors, or a connection reset before it was accepted: wait a little
            // rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let permit = match open.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let closed = connections.lock().is_ok_and(|mut c| c.close_oldest_idle());
                // Every connection has a request in progress: this one is closed at once, and
                // the server stays within its descriptors.
                let room = if closed {
                    tokio::time::timeout(EVICTION_TIME, open.clone().acquire_owned()).await
                } else {
                    drop(stream);
                    continue;
                };
                match room {
                    Ok(Ok(permit)) => permit,
                    _ => {
                        drop(stream);
                        continue;
                    }
                }
            }
        };
        let busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let close = Arc::new(tokio::sync::Notify::new());
        let id = match connections.lock() {
            Ok(mut c) => c.open(busy.clone(), close.clone()),
            Err(_) => continue,
        };
        let service = Counted {
            inner: hyper_util::service::TowerToHyperService::new(app.clone()),
            busy: busy.clone(),
        };
        let connections = connections.clone();
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIME);
            let connection = http.serve_connection(io, service);
            let mut connection = std::pin::pin!(connection);
            let end = tokio::time::Instant::now() + CONNECTION_TIME;
            tokio::select! {
                _ = connection.as_mut() => {}
                () = tokio::time::sleep_until(end) => {}
                () = close.notified() => {
                    // Closed for a newer connection: one waiting for its headers, or idle, is
                    // closed at once; a request that arrived since it was chosen is answered
                    // first, then the connection closes.
                    if busy.load(std::sync::atomic::Ordering::Relaxed) > 0 {
                        connection.as_mut().graceful_shutdown();
                        let _ = tokio::time::timeout_at(end, connection.as_mut()).await;
                    }
                }
            }
            if let Ok(mut c) = connections.lock() {
                c.forget(id);
            }
            drop(permit);
        });
    }
}

/// How long a new connection waits for the place of the one closed for it.
const EVICTION_TIME: Duration = Duration::from_secs(1);

/// The connections open, in the order they were accepted: whether each has a request in
/// progress, and how to close it.
#[derive(Default)]
struct Connections {
    next: u64,
    open: std::collections::BTreeMap<
        u64,
        (
            Arc<std::sync::atomic::AtomicUsize>,
            Arc<tokio::sync::Notify>,
        ),
    >,
}

impl Connections {
    fn open(
        &mut self,
        busy: Arc<std::sync::atomic::AtomicUsize>,
        close: Arc<tokio::sync::Notify>,
    ) -> u64 {
        let id = self.next;
        self.next += 1;
        self.open.insert(id, (busy, close));
        id
    }

    fn forget(&mut self, id: u64) {
        self.open.remove(&id);
    }

    /// Closes the oldest connection with no request in progress; false when there is none.
    fn close_oldest_idle(&mut self) -> bool {
        let idle = self
            .open
            .iter()
            .find(|(_, (busy, _))| busy.load(std::sync::atomic::Ordering::Relaxed) == 0)
            .map(|(id, _)| *id);
        match idle.and_then(|id| self.open.remove(&id)) {
            Some((_, close)) => {
                close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A connection's service that counts its requests in progress: from the call until the
/// answer's body is written (or dropped).
struct Counted<S> {
    inner: S,
    busy: Arc<std::sync::atomic::AtomicUsize>,
}

/// One request in progress, for as long as it lives.
struct InProgress(Arc<std::sync::atomic::AtomicUsize>);

impl InProgress {
    fn new(busy: &Arc<std::sync::atomic::AtomicUsize>) -> Self {
        busy.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Self(busy.clone())
    }
}

impl Drop for InProgress {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl<S, R, B> hyper::service::Service<R> for Counted<S>
where
    S: hyper::service::Service<R, Response = axum::http::Response<B>>,
    S::Future: Send + 'static,
{
    type Response = axum::http::Response<Tracked<B>>;
    type Error = S::Error;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Self::Response, S::Error>> + Send>,
    >;

    fn call(&self, request: R) -> Self::Future {
        let guard = InProgress::new(&self.busy);
        let future = self.inner.call(request);
        Box::pin(async move {
            let answer = future.await?;
            Ok(answer.map(|body| Tracked {
                body,
                _in_progress: guard,
            }))
        })
    }
}

/// An answer's body that keeps its request in progress until it is written or dropped.
struct Tracked<B> {
    body: B,
    _in_progress: InProgress,
}

impl<B: http_body::Body + Unpin> http_body::Body for Tracked<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::pin::Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// The routes, with the body limit, the security headers, and (unless `public`) the refusal
/// of a request that names another host than this machine.
pub(crate) fn app(public: bool, time_limit: Duration) -> Router {
    let shared = Arc::new(Shared {
        time_limit,
        places: Arc::new(tokio::sync::Semaphore::new(MAX_AT_ONCE)),
        small: Arc::new(tokio::sync::Semaphore::new(SMALL_PLACES)),
        memory: Arc::new(tokio::sync::Semaphore::new(MEMORY_BUDGET / 1024)),
    });
    Router::new()
        .route(
            "/",
            get(|| async { page(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { page(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { page(STYLE, "text/css; charset=utf-8") }),
        )
        // Browsers ask for an icon; there is none.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/v1/promotions", get(promotions))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/validate", post(validate))
        .route("/v1/fix", post(fix))
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "no such page") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(move |request, next| {
            guard(public, request, next)
        }))
        .layer(axum::middleware::map_response(secure))
        .with_state(shared)
}

/// Refuses, before anything is read: a request whose `Host` is not one of this machine's
/// names (unless the server is public), which is how a web page elsewhere reaches a server on
/// loopback through a name it controls (DNS rebinding); and a request sent from a page of
/// another origin (its `Origin` is not this server's), which a browser sends on behalf of any
/// site the officer visits.
async fn guard(
    public: bool,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    let Some(host) = host else {
        return problem(StatusCode::BAD_REQUEST, "the request names no host");
    };
    if !public && !is_local_name(&host) {
        return problem(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers requests for this machine only (localhost, 127.0.0.1, [::1]); \
             start it with --public to serve other names",
        );
    }
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let same = origin
            .to_str()
            .ok()
            .map(str::to_ascii_lowercase)
            .and_then(|o| {
                o.strip_prefix("http://")
                    .or_else(|| o.strip_prefix("https://"))
                    .map(str::to_owned)
            })
            .is_some_and(|o| o.trim_end_matches('/') == host);
        if !same {
            return problem(
                StatusCode::FORBIDDEN,
                "requests from a page of another site are refused",
            );
        }
    }
    next.run(request).await
}

/// Whether reading a body stopped at its length limit (`http_body_util::LengthLimitError`,
/// somewhere in the error's sources).
fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        if err.to_string() == "length limit exceeded" {
            return true;
        }
        source = err.source();
    }
    false
}

/// Whether `host` (a `Host` header, with its port) names this machine.
fn is_local_name(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // An IPv6 address: `[::1]:8080`.
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(*name, HeaderValue::from_static(value));
    }
    response
}

fn page(body: &'static str, kind: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// An error as JSON: `{"error": "..."}`.
fn problem(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

async fn promotions() -> Response {
    let list: Vec<Value> = Rulebook::builtins()
        .iter()
        .map(|rb| json!({"id": rb.promotion.as_str(), "label": rb.label, "form": rb.submission_form.as_str()}))
        .collect();
    axum::Json(Value::Array(list)).into_response()
}

#[derive(Debug, Deserialize)]
struct Params {
    promotion: Option<String>,
    lang: Option<String>,
    kind: Option<String>,
    /// For `/v1/fix`: the fault's path whose safe fix to apply (default: every safe fix).
    only: Option<String>,
}

/// What a request asks of its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// Its report.
    Validate,
    /// Its safe fixes applied: the new text and the report of it.
    Fix,
}

type QueryOf<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

async fn validate(
    State(shared): State<Arc<Shared>>,
    params: QueryOf<Params>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    serve_document(shared, params, headers, body, Ask::Validate).await
}

async fn fix(
    State(shared): State<Arc<Shared>>,
    params: QueryOf<Params>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    serve_document(shared, params, headers, body, Ask::Fix).await
}

async fn serve_document(
    shared: Arc<Shared>,
    params: QueryOf<Params>,
    headers: HeaderMap,
    body: axum::body::Body,
    ask: Ask,
) -> Response {
    let Ok(Query(params)) = params else {
        return problem(
            StatusCode::BAD_REQUEST,
            "the query takes promotion, lang, kind and (to fix one fault) only",
        );
    };
    if ask == Ask::Validate && params.only.is_some() {
        return problem(StatusCode::BAD_REQUEST, "only is for /v1/fix");
    }
    let only = params.only.clone();
    let lang = match params.lang.as_deref().unwrap_or("fr").parse::<Lang>() {
        Ok(l) => l,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let kind_name = params.kind.as_deref().unwrap_or("challenge-submission");
    let Some(kind) = SchemaKind::from_name(kind_name) else {
        return problem(
            StatusCode::BAD_REQUEST,
            &format!("unknown kind {kind_name:?}"),
        );
    };
    let rulebook = match params.promotion.as_deref().filter(|p| !p.is_empty()) {
        Some(id) => match CompiledRulebook::builtin(id) {
            Some(rb) => Some(rb),
            None => {
                return problem(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "unknown promotion {id:?} (built-in: {})",
                        eig::model::PromotionId::HISTORICAL.join(", ")
                    ),
                );
            }
        },
        None => None,
    };
    if let Some(t) = headers.get(header::CONTENT_TYPE)
        && !t
            .to_str()
            // Media types are case-insensitive (RFC 9110, 8.3.1).
            .map(str::to_ascii_lowercase)
            .is_ok_and(|t| t.starts_with("application/json") || t.starts_with("text/plain"))
    {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the document as application/json",
        );
    }
    // The kind's limit holds while the body is read: a submission's 2 MiB, not the server's
    // 16 MiB. A body whose length says it is past it is not read at all.
    let limit = body_limit(kind);
    let too_large = |size: u64| {
        if limit < eig::documents::max_bytes(kind) {
            // Within the kind's limit, past what the server's memory budget holds.
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "the server takes {} documents up to {} MiB: check this one with `eig validate --kind {}`",
                    kind.name(),
                    limit >> 20,
                    kind.name()
                ),
            );
        }
        let report = eig::documents::too_large(kind, size);
        answer(report.to_json_entry("", &[], lang))
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > MAX_BODY as u64 => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the document is past the server's limit of 16 MiB",
            );
        }
        Some(n) if n > limit as u64 => return too_large(n),
        _ => {}
    }
    // Room in the memory budget for the body as it may grow to, before a byte is read.
    let expected = declared.map_or(limit, |n| usize::try_from(n).unwrap_or(limit).min(limit));
    let busy = || {
        problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy: try again in a moment",
        )
    };
    // A small document (its length says so) is not queued behind large ones: its memory is
    // bounded by the connections' cap times [`SMALL`].
    let room = if declared.is_some_and(|n| n <= SMALL as u64) {
        None
    } else {
        match tokio::time::timeout(
            WAIT_LIMIT,
            shared
                .memory
                .clone()
                .acquire_many_owned(charge(kind, expected)),
        )
        .await
        {
            Ok(Ok(room)) => Some(room),
            _ => return busy(),
        }
    };
    let body = match tokio::time::timeout(BODY_TIME, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(body)) => body,
        // Sent without its length (chunked), and past the limit: read no further.
        Ok(Err(e)) if is_length_limit(&e) => return too_large(limit as u64 + 1),
        Ok(Err(_)) => return problem(StatusCode::BAD_REQUEST, "the document could not be read"),
        Err(_) => {
            return problem(
                StatusCode::REQUEST_TIMEOUT,
                "the document took too long to arrive",
            );
        }
    };
    let kept = (body.len() <= SMALL)
        .then(|| shared.small.clone().try_acquire_owned().ok())
        .flatten();
    let place = match kept {
        Some(place) => place,
        None => match tokio::time::timeout(WAIT_LIMIT, shared.places.clone().acquire_owned()).await
        {
            Ok(Ok(place)) => place,
            _ => return busy(),
        },
    };
    // The place and the room are held by the validation itself until it stops, so the server
    // never runs more than its share; past its time limit, the engines give up at their next
    // checkpoint (a declared rule, a stage of the checks, a row of a solver), which frees them.
    let time_limit = shared.time_limit;
    let work = tokio::task::spawn_blocking(move || {
        let stop = eig::stop::Stop::after(time_limit);
        let entry = eig::stop::run(&stop, || {
            let choice = rulebook.map_or(RulebookChoice::Named, RulebookChoice::Given);
            let validator = DocumentValidator::new(choice);
            match ask {
                Ask::Validate => validator
                    .validate(kind, Input::Bytes(&body))
                    .to_json_entry("", &body, lang),
                Ask::Fix => fixed_entry(&validator, kind, &body, only.as_deref(), lang),
            }
        });
        drop((place, room));
        entry
    });
    let too_long = || {
        problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "the validation took too long",
        )
    };
    // The answer waits a little past the limit for the engines' next checkpoint.
    match tokio::time::timeout(time_limit + CHECKPOINT_TIME, work).await {
        Ok(Ok(Ok(entry))) => answer(entry),
        Ok(Ok(Err(eig::stop::Stopped))) | Err(_) => too_long(),
        Ok(Err(_)) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the validation failed (a bug of eig: please report it)",
        ),
    }
}

/// The answer of `/v1/fix`: the new `text` (null when no fix was safe), `applied` (the paths
/// fixed), `layout_kept`, and the report of the new text (`valid`, `violations`).
fn fixed_entry(
    validator: &DocumentValidator,
    kind: SchemaKind,
    body: &[u8],
    only: Option<&str>,
    lang: Lang,
) -> Value {
    let fixed = match (std::str::from_utf8(body), only) {
        (Ok(text), Some(path)) => validator.fix_at(kind, text, path),
        _ => validator.fix_bytes(kind, body),
    };
    let new = fixed.text.as_deref().map_or(body, str::as_bytes);
    let mut entry = fixed.after.to_json_entry("", new, lang);
    if let Value::Object(map) = &mut entry {
        map.insert("text".into(), json!(fixed.text));
        map.insert("layout_kept".into(), json!(fixed.layout_kept));
        let applied: Vec<&str> = fixed.applied.iter().map(|v| v.path.as_str()).collect();
        map.insert("applied".into(), json!(applied));
    }
    entry
}

/// The report of one document: the CLI's JSON entry without its file name.
fn answer(mut entry: Value) -> Response {
    if let Value::Object(map) = &mut entry {
        map.remove("file");
    }
    axum::Json(entry).into_response()
}

async fn openapi() -> Response {
    axum::Json(openapi_document()).into_response()
}

/// The OpenAPI 3.0 description of the API.
pub(crate) fn openapi_document() -> Value {
    let promotions: Vec<&str> = eig::model::PromotionId::HISTORICAL.to_vec();
    let kinds: Vec<&str> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
    let violation = json!({
        "type": "object",
        "required": ["code", "path", "line", "column", "severity", "rule", "message", "hint", "params", "fixes"],
        "properties": {
            "code": {"type": "string"},
            "path": {"type": "string", "description": "JSON Pointer into the document"},
            "line": {"type": "integer", "nullable": true},
            "column": {"type": "integer", "nullable": true},
            "severity": {"type": "string", "enum": ["error", "warning"]},
            "rule": {"type": "string"},
            "message": {"type": "string"},
            "hint": {"type": "string", "nullable": true},
            "params": {
                "type": "object",
                "description": "The values the message speaks of (a limit, what was found, what is allowed): the same keys for every violation of a code",
                "additionalProperties": true
            },
            "fixes": {
                "type": "array",
                "description": "The changes that mend it; the first is the one the hint words",
                "items": {
                    "type": "object",
                    "required": ["applicability", "patch", "reason"],
                    "properties": {
                        "applicability": {"type": "string", "enum": ["safe", "needs_human", "placeholder"],
                            "description": "safe: applied to a copy and validated again, the fault was gone and no new error appeared"},
                        "patch": {"type": "array", "description": "A JSON Patch (RFC 6902) over the document",
                            "items": {"type": "object", "required": ["op", "path"], "properties": {
                                "op": {"type": "string", "enum": ["add", "remove", "replace", "move"]},
                                "path": {"type": "string"}, "from": {"type": "string"}, "value": {}
                            }}},
                        "reason": {"type": "string", "nullable": true, "description": "Why it is not safe"}
                    }
                }
            }
        }
    });
    let error = json!({
        "description": "The request cannot be served",
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "string"}}
        }}}
    });
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "eig: validation of défi dossiers",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Checks a document of the Entrepreneurs d'intérêt général programme \
                            against its schema and its promotion's rules. Nothing sent is \
                            stored or logged."
        },
        "paths": {
            "/v1/validate": {"post": {
                "operationId": "validate",
                "summary": "Validate one document",
                "parameters": [
                    {"name": "promotion", "in": "query", "required": false,
                     "description": "Built-in rulebook; default: the promotion the document names",
                     "schema": {"type": "string", "enum": promotions}},
                    {"name": "lang", "in": "query", "required": false,
                     "schema": {"type": "string", "enum": ["fr", "en"], "default": "fr"}},
                    {"name": "kind", "in": "query", "required": false,
                     "schema": {"type": "string", "enum": kinds, "default": "challenge-submission"}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {}}}},
                "responses": {
                    "200": {"description": "The report: every violation, in a stable order",
                            "content": {"application/json": {"schema": {
                                "type": "object", "required": ["valid", "violations"],
                                "properties": {
                                    "valid": {"type": "boolean"},
                                    "violations": {"type": "array", "items": violation}
                                }
                            }}}},
                    "400": error,
                    "413": {"description": "The body is over its kind's limit, or what the server's memory budget holds for its kind (16 MiB at most)"},
                    "415": error,
                    "503": error
                }
            }},
            "/v1/fix": {"post": {
                "operationId": "fix",
                "summary": "Apply the safe fixes of one document (or of one fault, with only)",
                "parameters": [
                    {"name": "promotion", "in": "query", "required": false,
                     "schema": {"type": "string", "enum": promotions}},
                    {"name": "lang", "in": "query", "required": false,
                     "schema": {"type": "string", "enum": ["fr", "en"], "default": "fr"}},
                    {"name": "kind", "in": "query", "required": false,
                     "schema": {"type": "string", "enum": kinds, "default": "challenge-submission"}},
                    {"name": "only", "in": "query", "required": false,
                     "description": "The path of the fault whose safe fix to apply; default: every safe fix",
                     "schema": {"type": "string"}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {}}}},
                "responses": {
                    "200": {"description": "The new text (null when no fix was safe), the paths fixed, and the report of the new text",
                            "content": {"application/json": {"schema": {
                                "type": "object", "required": ["valid", "violations", "text", "applied", "layout_kept"],
                                "properties": {
                                    "valid": {"type": "boolean"},
                                    "violations": {"type": "array", "items": violation},
                                    "text": {"type": "string", "nullable": true},
                                    "applied": {"type": "array", "items": {"type": "string"}},
                                    "layout_kept": {"type": "boolean"}
                                }
                            }}}},
                    "400": error,
                    "413": {"description": "The body is over its kind's limit"},
                    "415": error,
                    "503": error
                }
            }},
            "/v1/promotions": {"get": {
                "operationId": "promotions",
                "summary": "The built-in promotions",
                "responses": {"200": {"description": "id, label and dossier form of each",
                    "content": {"application/json": {"schema": {"type": "array", "items": {
                        "type": "object", "required": ["id", "label", "form"],
                        "properties": {"id": {"type": "string"}, "label": {"type": "string"},
                                       "form": {"type": "string"}}
                    }}}}}}
            }}
        }
    })
}
