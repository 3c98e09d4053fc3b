//! The HTTP server (axum on tokio): pairing, each seat's page and event stream, answers,
//! the embedded script and style sheet; and the checks every request passes.

use crate::page;
use crate::room::{Paired, Room, Seat};
use crate::tls::Certificate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

/// The cookie a paired page carries.
pub const COOKIE: &str = "kintsugi_seat";

/// The Content-Security-Policy of every response: the page's own script and style
/// sheet, nothing inline, nothing from elsewhere, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/app.css");

struct Ctx {
    room: Arc<Room>,
    /// The Host headers accepted: the address bound, and `localhost` for loopback.
    hosts: Vec<String>,
    /// `https` when serving TLS, else `http`: the scheme of our pages' Origin.
    scheme: &'static str,
}

/// A running server. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// `https` when serving TLS, else `http`.
    pub scheme: &'static str,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Server {
    /// The URL that pairs a seat with this token (what its QR code holds).
    pub fn pairing_url(&self, token: &str) -> String {
        format!("{}://{}/p/{token}", self.scheme, self.addr)
    }
}

/// Starts serving `room` on `addr` (port 0 picks a free one), on threads of its own;
/// over HTTPS with `tls` (then a plain HTTP request to the port gets no page: its bytes
/// are not a TLS handshake, and the connection is closed).
pub fn start(
    room: Arc<Room>,
    addr: SocketAddr,
    tls: Option<&Certificate>,
) -> std::io::Result<Server> {
    let tls = tls
        .map(|c| c.server_config().map_err(std::io::Error::other))
        .transpose()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let mut hosts = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        hosts.push(format!("localhost:{}", addr.port()));
    }
    let ctx = Arc::new(Ctx {
        room,
        hosts,
        scheme,
    });
    let app = Router::new()
        .route("/", get(seat_page))
        .route("/p/{token}", get(pair))
        .route("/events", get(events))
        .route("/answer", post(answer))
        .route("/blank", get(|| async { Html(page::blank()) }))
        .route(
            "/app.js",
            get(|| async { asset("text/javascript", SCRIPT) }),
        )
        .route("/app.css", get(|| async { asset("text/css", STYLE) }))
        .layer(middleware::from_fn_with_state(ctx.clone(), guard))
        .with_state(ctx);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    // The listener joins the runtime's reactor.
    let entered = runtime.enter();
    match tls {
        Some(config) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_config(config);
            let server = axum_server::tls_rustls::from_tcp_rustls(listener, config)?;
            runtime.spawn(server.serve(app.into_make_service()));
        }
        None => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            runtime.spawn(async move { axum::serve(listener, app).await });
        }
    }
    drop(entered);
    Ok(Server {
        addr,
        scheme,
        runtime: Some(runtime),
    })
}

fn asset(kind: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], text).into_response()
}

/// Every request: its Host must be one of ours (a page reached through another name,
/// as by DNS rebinding, gets nothing), a POST must come from one of our pages (its
/// Origin), and every response carries the headers that keep it out of caches, frames
/// and other sites.
async fn guard(State(ctx): State<Arc<Ctx>>, request: Request, next: Next) -> Response {
    // HTTP/2 (which browsers speak over TLS) names the host in the URI rather than a
    // header: each name given must be ours, and at least one be given.
    let names = [
        request
            .headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or("")),
        request.uri().authority().map(|a| a.as_str()),
    ];
    let ours = names.iter().any(Option::is_some)
        && names
            .iter()
            .flatten()
            .all(|n| ctx.hosts.iter().any(|h| h == n));
    let mut response = if !ours {
        (StatusCode::MISDIRECTED_REQUEST, "Unknown host.").into_response()
    } else if request.method() == axum::http::Method::POST && !from_our_page(&ctx, &request) {
        (StatusCode::FORBIDDEN, "Refused: not from this page.").into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Whether a POST comes from one of our pages: its Origin is ours, or, since our
/// `Referrer-Policy: no-referrer` makes Chromium send `Origin: null` on a form's POST,
/// the browser says it is same-origin (`Sec-Fetch-Site`, which no page can set).
fn from_our_page(ctx: &Ctx, request: &Request) -> bool {
    let header = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match header(header::ORIGIN) {
        Some("null") | None => {
            header(HeaderName::from_static("sec-fetch-site")) == Some("same-origin")
        }
        Some(origin) => ctx
            .hosts
            .iter()
            .any(|h| origin == format!("{}://{h}", ctx.scheme)),
    }
}

/// The seat whose cookie a request carries, and the cookie's secret.
fn paired(ctx: &Ctx, headers: &HeaderMap) -> Option<(Seat, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == COOKIE)
        .find_map(|(_, value)| Some((ctx.room.seat_of(value)?, value.to_string())))
}

/// The seat whose cookie a request carries.
fn seat_of(ctx: &Ctx, headers: &HeaderMap) -> Option<Seat> {
    paired(ctx, headers).map(|(seat, _)| seat)
}

fn refused(status: StatusCode, said: &str) -> Response {
    (status, Html(page::refusal("Kintsugi", said))).into_response()
}

fn not_paired() -> Response {
    refused(
        StatusCode::FORBIDDEN,
        "This page is not paired with a seat. Scan your own code on the computer that runs the conversation.",
    )
}

/// Trades a seat's token for its cookie, once; then the page.
async fn pair(State(ctx): State<Arc<Ctx>>, Path(token): Path<String>) -> Response {
    match ctx.room.pair(&token) {
        Paired::Seat(_, secret) => {
            // Over TLS the cookie is `Secure`: a browser never sends it in the clear.
            let secure = if ctx.scheme == "https" {
                "; Secure"
            } else {
                ""
            };
            let cookie = format!("{COOKIE}={secret}; HttpOnly; SameSite=Strict; Path=/{secure}");
            let mut response = Redirect::to("/").into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Paired::Refused => refused(
            StatusCode::FORBIDDEN,
            "This code is not valid, or it was used already: each code pairs one device, once.",
        ),
        Paired::Locked => refused(
            StatusCode::FORBIDDEN,
            "Both seats are taken: this conversation accepts no other device.",
        ),
        Paired::TooMany => refused(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many tries. Wait a minute, then scan your code again.",
        ),
    }
}

async fn seat_page(State(ctx): State<Arc<Ctx>>, headers: HeaderMap) -> Response {
    match seat_of(&ctx, &headers) {
        Some(seat) => Html(page::seat(&ctx.room.state(), seat)).into_response(),
        None => not_paired(),
    }
}

/// The live part of a seat's page, sent again at every change of the room.
async fn events(State(ctx): State<Arc<Ctx>>, headers: HeaderMap) -> Response {
    let Some((seat, cookie)) = paired(&ctx, &headers) else {
        return not_paired();
    };
    let room = ctx.room.clone();
    let mut last = String::new();
    // The stream ends when its cookie is forgotten (`:hide`, or a new code for the seat):
    // the page then asks again and is refused.
    let still = room.clone();
    let stream = WatchStream::new(room.watch())
        .take_while(move |_| still.seat_of(&cookie) == Some(seat))
        .filter_map(move |_| {
            let view = page::view(&room.state(), seat);
            // Only what changed for this seat: another seat's private moments send nothing.
            if view == last {
                return None;
            }
            last = view.clone();
            Some(Ok::<_, Infallible>(Event::default().data(view)))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// An answer or a command from a seat's form; then back to its page.
async fn answer(State(ctx): State<Arc<Ctx>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(seat) = seat_of(&ctx, &headers) else {
        return not_paired();
    };
    let mut question = None;
    let (mut text, mut many, mut command, mut pass) = (None, Vec::new(), None, false);
    for (key, value) in form_urlencoded::parse(&body) {
        match &*key {
            "q" => question = value.parse::<u64>().ok(),
            "answer" => text = Some(value.into_owned()),
            "many" => many.push(value.into_owned()),
            "command" => command = Some(value.into_owned()),
            "pass" => pass = true,
            _ => {}
        }
    }
    // The quick exit: the page goes at once, whatever is asked.
    if command.as_deref() == Some(":hide") {
        ctx.room.hide(seat);
        let mut response = Redirect::to("/blank").into_response();
        let gone = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
        if let Ok(value) = HeaderValue::from_str(&gone) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    let text = match command {
        Some(command) if page::COMMANDS.iter().any(|(c, _)| *c == command) => command,
        Some(_) => return refused(StatusCode::BAD_REQUEST, "There is no such command."),
        None if pass => String::new(),
        None if !many.is_empty() => many.join(" "),
        None => text.unwrap_or_default(),
    };
    let Some(n) = question else {
        return refused(StatusCode::BAD_REQUEST, "That form was not complete.");
    };
    // An answer to a question no longer asked (sent twice, or from an old page) is
    // dropped: the page shows what is asked now.
    ctx.room.answer(seat, n, text);
    Redirect::to("/").into_response()
}
