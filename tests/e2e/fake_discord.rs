//! A fake Discord on loopback: the REST API and a gateway that serenity's real client connects to.
//!
//! REST: `GET /api/v10/gateway[/bot]` answers the gateway's `ws://` address; command registration,
//! interaction callbacks, webhook follow-ups and edits, and channel messages are recorded and answered
//! with what serenity expects. Gateway: Hello, Identify, Ready, heartbeat acks, and any dispatch a test
//! injects (INTERACTION_CREATE). Every request body is appended as a JSON line to the record file, for
//! `check-discord-requests`; a multipart request (a message with files) is recorded by its
//! `payload_json`, its files kept beside it. Files a test serves (`serve_file`) stand in for Discord's
//! attachment CDN, at `/attachments/NAME`. Each new channel message gets an id of its own, and a
//! create with `enforce_nonce` whose nonce made a message within the last few minutes answers that
//! message and creates nothing, as Discord documents it (recorded, marked
//! [`Recorded::replayed`]). A test can also end one shard's session with an Invalid Session (op 9,
//! `invalidate_session`). The payload builders at the end make the interactions a test
//! dispatches; the load benchmark (`benches/load.rs`) shares this file.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tokio::sync::{Notify, broadcast};

/// A channel the bot may not see: the fake answers 403 for it.
pub const HIDDEN_CHANNEL: &str = "700000000000000403";

/// A channel deleted since the bot was told about it: the fake answers 404 to a post there.
pub const DELETED_CHANNEL: &str = "700000000000000404";

/// The application id the fake hands out.
pub const APPLICATION_ID: &str = "111111111111111111";

/// The server and channel every test interaction comes from.
pub const GUILD: &str = "290926798626357999";
pub const CHANNEL: &str = "645027906669510667";
/// Member permissions: Manage Server.
pub const MODERATOR: &str = "32";
/// Member permissions: none.
pub const MEMBER: &str = "0";

/// The bot's own role in the test server: Manage Roles, at position 5.
pub const BOT_ROLE: &str = "800000000000000010";
/// A role below the bot's: one it may give.
pub const LOW_ROLE: &str = "800000000000000020";
/// A role above the bot's: one it may not give.
pub const HIGH_ROLE: &str = "800000000000000030";

/// One request the bot sent.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
    /// The files of a multipart request: name and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    pub at: Instant,
    /// A channel message create that made no message: its `enforce_nonce` nonce had made one
    /// within [`NONCE_MEMORY`], which the fake answered instead.
    pub replayed: bool,
    /// The id of the message a channel message create made (or, replayed, answered with).
    pub message: Option<String>,
}

/// How long a nonce sent with `enforce_nonce` is remembered: Discord checks "the past few minutes".
pub const NONCE_MEMORY: Duration = Duration::from_secs(5 * 60);

#[derive(Clone)]
struct Shared {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    changed: Arc<Notify>,
    dispatches: broadcast::Sender<Value>,
    /// Shards whose session is to be invalidated (op 9, `d: false`): each session ends its own.
    invalidations: broadcast::Sender<u64>,
    /// Every Identify's data and the instant (the fake's clock) it arrived.
    identifies: Arc<Mutex<Vec<(Instant, Value)>>>,
    /// The `max_concurrency` `GET /gateway/bot` answers: identify buckets per 5 seconds.
    max_concurrency: Arc<std::sync::atomic::AtomicU64>,
    record_file: Arc<Mutex<std::fs::File>>,
    served: Arc<Mutex<std::collections::HashMap<String, Vec<u8>>>>,
    /// The id the next channel message gets.
    next_message: Arc<std::sync::atomic::AtomicU64>,
    /// Each `enforce_nonce` nonce's message and when it was made.
    nonces: Arc<Mutex<std::collections::HashMap<String, (Instant, Value)>>>,
}

/// A running fake Discord.
pub struct FakeDiscord {
    shared: Shared,
}

impl FakeDiscord {
    /// Starts the fake on a free loopback port, recording request bodies to `record_file`.
    pub async fn start(record_file: &Path) -> FakeDiscord {
        if let Some(dir) = record_file.parent() {
            std::fs::create_dir_all(dir).expect("record folder");
        }
        let file = std::fs::File::create(record_file).expect("record file");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("address");
        let (dispatches, _) = broadcast::channel(8192);
        let (invalidations, _) = broadcast::channel(64);
        let shared = Shared {
            addr,
            requests: Arc::new(Mutex::new(Vec::new())),
            changed: Arc::new(Notify::new()),
            dispatches,
            invalidations,
            identifies: Arc::new(Mutex::new(Vec::new())),
            max_concurrency: Arc::new(std::sync::atomic::AtomicU64::new(1)),
            record_file: Arc::new(Mutex::new(file)),
            served: Arc::new(Mutex::new(std::collections::HashMap::new())),
            next_message: Arc::new(std::sync::atomic::AtomicU64::new(1_300_000_000_000_000_000)),
            nonces: Arc::new(Mutex::new(std::collections::HashMap::new())),
        };
        let app = Router::new()
            .route("/gateway", get(gateway))
            .fallback(rest)
            .with_state(shared.clone());
        // Without TCP_NODELAY a dispatch written while the previous one is unacknowledged waits for
        // the peer's delayed ACK (Nagle), tens of milliseconds that are the fake's, not the bot's.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeDiscord { shared }
    }

    /// The base URL to give the bot as `discord.api_base_url`.
    pub fn api_base(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// Serves `bytes` as an attachment; returns its URL.
    pub fn serve_file(&self, name: &str, bytes: &[u8]) -> String {
        self.shared
            .served
            .lock()
            .expect("served")
            .insert(name.to_string(), bytes.to_vec());
        format!("{}/attachments/{name}", self.api_base())
    }

    /// Sends a gateway dispatch to every connected shard (each session numbers its own).
    pub fn dispatch(&self, event: &str, data: Value) {
        let _ = self
            .shared
            .dispatches
            .send(json!({"op": 0, "t": event, "d": data}));
    }

    /// Ends the session of shard `shard` as Discord does when it cannot be resumed: an Invalid
    /// Session (op 9) with `d: false`, after which the client must identify again.
    pub fn invalidate_session(&self, shard: u64) {
        let _ = self.shared.invalidations.send(shard);
    }

    /// Every request recorded so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().expect("requests").clone()
    }

    /// How many recorded requests match `wanted`, without copying them (the load benchmark polls
    /// this while thousands are recorded).
    pub fn count(&self, wanted: impl Fn(&Recorded) -> bool) -> usize {
        self.shared
            .requests
            .lock()
            .expect("requests")
            .iter()
            .filter(|r| wanted(r))
            .count()
    }

    /// The recorded requests that match `wanted` (copies of those only).
    pub fn matching(&self, wanted: impl Fn(&Recorded) -> bool) -> Vec<Recorded> {
        self.shared
            .requests
            .lock()
            .expect("requests")
            .iter()
            .filter(|r| wanted(r))
            .cloned()
            .collect()
    }

    /// How many Identify payloads the gateway has received.
    pub fn identified(&self) -> usize {
        self.identifies().len()
    }

    /// Every Identify payload's data (shard, intents, ...), token removed.
    pub fn identifies(&self) -> Vec<Value> {
        self.identified_at().into_iter().map(|(_, i)| i).collect()
    }

    /// Every Identify payload's data with the instant the gateway received it, in arrival order.
    pub fn identified_at(&self) -> Vec<(Instant, Value)> {
        self.shared.identifies.lock().expect("identifies").clone()
    }

    /// Answers `max_concurrency` in `GET /gateway/bot` from now on (1 at start, as for most bots).
    pub fn set_max_concurrency(&self, buckets: u64) {
        self.shared
            .max_concurrency
            .store(buckets, std::sync::atomic::Ordering::Relaxed);
    }

    /// Waits until `count` recorded requests match `wanted`; panics after `within`.
    pub async fn wait_for(
        &self,
        count: usize,
        within: Duration,
        wanted: impl Fn(&Recorded) -> bool,
    ) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let notified = self.shared.changed.notified();
            let found: Vec<Recorded> = self.requests().into_iter().filter(|r| wanted(r)).collect();
            if found.len() >= count {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "waited {within:?} for {count} matching request(s); saw: {:#?}",
                    self.requests()
                        .iter()
                        .map(|r| format!("{} {}", r.method, r.path))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    /// Waits until the gateway has a session (Ready sent), so dispatches reach the bot.
    pub async fn wait_identified(&self, within: Duration) {
        self.wait_identifies(1, within).await;
        // Let serenity finish handling Ready before the first dispatch.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    /// Waits until the gateway has received `count` Identify payloads in all (a restart, shards).
    pub async fn wait_identifies(&self, count: usize, within: Duration) {
        let deadline = Instant::now() + within;
        while self.identified() < count {
            assert!(
                Instant::now() < deadline,
                "only {} of {count} sessions identified",
                self.identified()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The parts of a multipart/form-data body: each part's headers and bytes.
fn multipart_parts<'a>(body: &'a [u8], boundary: &str) -> Vec<(String, &'a [u8])> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + delimiter.len() <= body.len() {
        if &body[i..i + delimiter.len()] == delimiter {
            starts.push(i);
            i += delimiter.len();
        } else {
            i += 1;
        }
    }
    for pair in starts.windows(2) {
        let part = &body[pair[0] + delimiter.len()..pair[1]];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        if let Some(split) = part.windows(4).position(|w| w == b"\r\n\r\n") {
            let headers = String::from_utf8_lossy(&part[..split]).to_string();
            parts.push((headers, &part[split + 4..]));
        }
    }
    parts
}

/// A header's `key="value"` parameter.
fn parameter(headers: &str, key: &str) -> Option<String> {
    let start = headers.find(&format!("{key}=\""))? + key.len() + 2;
    let end = headers[start..].find('"')? + start;
    Some(headers[start..end].to_string())
}

/// One line of the record file: what `check-discord-requests` reads.
#[derive(serde::Serialize)]
struct RecordLine<'a> {
    method: &'a str,
    path: &'a str,
    body: &'a Value,
}

async fn rest(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    if let ("GET", Some(name)) = (method.as_str(), path.strip_prefix("/attachments/")) {
        let served = shared.served.lock().expect("served").get(name).cloned();
        return match served {
            Some(bytes) => (StatusCode::OK, bytes).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let boundary = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("multipart/form-data"))
        .and_then(|v| v.split("boundary=").nth(1))
        .map(|b| b.trim_matches('"').to_string());
    let mut files = Vec::new();
    let body: Value = if body.is_empty() {
        Value::Null
    } else if let Some(boundary) = boundary {
        let mut payload = Value::Null;
        for (part_headers, bytes) in multipart_parts(&body, &boundary) {
            if let Some(filename) = parameter(&part_headers, "filename") {
                files.push((filename, bytes.to_vec()));
            } else if parameter(&part_headers, "name").as_deref() == Some("payload_json") {
                payload = serde_json::from_slice(bytes).unwrap_or(Value::Null);
            }
        }
        payload
    } else {
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| json!({"unparsable": String::from_utf8_lossy(&body)}))
    };
    let gateway_url = format!("ws://{}/gateway", shared.addr);
    let reply = match (method.as_str(), path.as_str()) {
        ("GET", "/api/v10/gateway") => Some((StatusCode::OK, json!({"url": gateway_url}))),
        ("GET", "/api/v10/gateway/bot") => Some((
            StatusCode::OK,
            json!({
                "url": gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000, "remaining": 999, "reset_after": 0,
                    "max_concurrency": shared.max_concurrency.load(std::sync::atomic::Ordering::Relaxed)
                }
            }),
        )),
        ("GET", "/api/v10/oauth2/applications/@me") => Some((StatusCode::OK, application())),
        ("GET", p) if p == format!("/api/v10/channels/{HIDDEN_CHANNEL}") => Some((
            StatusCode::FORBIDDEN,
            json!({"message": "Missing Access", "code": 50001}),
        )),
        ("GET", p) if p.starts_with("/api/v10/channels/") => {
            let id = p.trim_start_matches("/api/v10/channels/");
            Some((
                StatusCode::OK,
                json!({"id": id, "type": 0, "guild_id": "290926798626357999", "name": "quotes",
                       "position": 0, "permission_overwrites": [], "nsfw": false, "topic": null,
                       "last_message_id": null, "rate_limit_per_user": 0, "parent_id": null}),
            ))
        }
        _ => None,
    };
    if let Some((status, json)) = reply {
        return (status, axum::Json(json)).into_response();
    }

    let segments: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    // Made before the request is recorded, so that a test never sees a create that has no message.
    let created = match (method.as_str(), segments.as_slice()) {
        ("POST", ["channels", channel, "messages"]) if *channel != DELETED_CHANNEL => {
            Some(create_message(&shared, channel, &body))
        }
        _ => None,
    };
    let recorded = Recorded {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
        files,
        at: Instant::now(),
        replayed: created.as_ref().is_some_and(|(_, replayed)| *replayed),
        message: created
            .as_ref()
            .and_then(|(m, _)| m["id"].as_str().map(str::to_string)),
    };
    if !body.is_null() {
        // Encoded whole, then written at once: `writeln!` of a `Value` would make a system call of
        // each piece of it, which cost the load benchmark's fake more than the rest of a request.
        let mut line = serde_json::to_vec(&RecordLine {
            method: &recorded.method,
            path: &path,
            body: &body,
        })
        .expect("a JSON value encodes");
        line.push(b'\n');
        let mut file = shared.record_file.lock().expect("record file");
        let _ = file.write_all(&line);
    }
    shared.requests.lock().expect("requests").push(recorded);
    shared.changed.notify_waiters();
    if let Some((status, json)) = roles_reply(method.as_str(), &path) {
        return (status, axum::Json(json)).into_response();
    }

    if let Some((message, _)) = created {
        return (StatusCode::OK, axum::Json(message)).into_response();
    }
    match (method.as_str(), segments.as_slice()) {
        ("PUT", ["applications", _, "commands"])
        | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            let commands: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, mut command)| {
                    command["id"] = json!(format!("{}", 900_000_000_000_000_000u64 + i as u64));
                    command["application_id"] = json!(APPLICATION_ID);
                    command["version"] = json!("1");
                    command["type"] = json!(1);
                    command
                })
                .collect();
            (StatusCode::OK, axum::Json(Value::Array(commands))).into_response()
        }
        ("POST", ["channels", channel, "messages"]) if *channel == DELETED_CHANNEL => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "Unknown Channel", "code": 10003})),
        )
            .into_response(),
        ("POST", ["interactions", _, _, "callback"])
        | ("DELETE", ["webhooks", _, _, "messages", _])
        | ("PUT" | "DELETE", ["guilds", _, "members", _, "roles", _]) => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("PATCH", ["channels", channel, "messages", id]) => {
            let mut edited = message(channel, &body);
            edited["id"] = json!(id);
            (StatusCode::OK, axum::Json(edited)).into_response()
        }
        ("PATCH", ["webhooks", _, _, "messages", _]) | ("POST", ["webhooks", _, _]) => {
            (StatusCode::OK, axum::Json(message(CHANNEL, &body))).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "404: Not Found", "code": 0})),
        )
            .into_response(),
    }
}

/// A message create's nonce as text (Discord takes a string or an integer).
fn nonce_of(body: &Value) -> Option<String> {
    match &body["nonce"] {
        Value::String(nonce) => Some(nonce.clone()),
        Value::Number(nonce) => Some(nonce.to_string()),
        _ => None,
    }
}

/// A new message in `channel`, with an id of its own; `true` beside it when none was made: with
/// Discord's `enforce_nonce`, "if another message was created by the same author with the same
/// nonce" in the past few minutes, "that message will be returned and no new message will be
/// created". The bot is the fake's only author, so a nonce alone names the message. The check and
/// the making are one step under the lock, as two sends of one nonce may arrive at once.
fn create_message(shared: &Shared, channel: &str, body: &Value) -> (Value, bool) {
    let nonce = nonce_of(body).filter(|_| body["enforce_nonce"] == true);
    let mut nonces = shared.nonces.lock().expect("nonces");
    if let Some((made, message)) = nonce.as_ref().and_then(|n| nonces.get(n))
        && made.elapsed() < NONCE_MEMORY
    {
        return (message.clone(), true);
    }
    let mut message = self::message(channel, body);
    let id = shared
        .next_message
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    message["id"] = json!(id.to_string());
    if let Some(nonce) = nonce {
        message["nonce"] = json!(nonce);
        nonces.insert(nonce, (Instant::now(), message.clone()));
    }
    (message, false)
}

/// The test server's roles, the bot's user and its member (recorded like any request, so a test
/// can wait for a check): what the bot reads before it gives or takes a role.
fn roles_reply(method: &str, path: &str) -> Option<(StatusCode, Value)> {
    let role = |id: &str, name: &str, position: u16, permissions: &str| {
        json!({"id": id, "name": name, "color": 0, "colors": {"primary_color": 0, "secondary_color": null,
               "tertiary_color": null}, "hoist": false, "icon": null, "unicode_emoji": null,
               "position": position, "permissions": permissions, "managed": false,
               "mentionable": false, "flags": 0})
    };
    match (method, path) {
        ("GET", p) if p == format!("/api/v10/guilds/{GUILD}/roles") => Some((
            StatusCode::OK,
            json!([
                role(GUILD, "@everyone", 0, "0"),
                role(BOT_ROLE, "dramabot", 5, "268435456"),
                role(LOW_ROLE, "Champion", 2, "0"),
                role(HIGH_ROLE, "Admins", 9, "8"),
            ]),
        )),
        ("GET", "/api/v10/users/@me") => Some((
            StatusCode::OK,
            json!({"id": APPLICATION_ID, "username": "dramabot", "discriminator": "0", "avatar": null,
                   "bot": true, "verified": true, "mfa_enabled": false, "flags": 0, "global_name": null}),
        )),
        ("GET", p) if p == format!("/api/v10/guilds/{GUILD}/members/{APPLICATION_ID}") => {
            let mut bot = member("0", APPLICATION_ID);
            bot["roles"] = json!([BOT_ROLE]);
            Some((StatusCode::OK, bot))
        }
        _ => None,
    }
}

fn application() -> Value {
    json!({
        "id": APPLICATION_ID, "name": "dramabot", "icon": null, "description": "", "bot_public": true,
        "bot_require_code_grant": false, "verify_key": "00", "flags": 0,
        "owner": {"id": "1", "username": "owner", "discriminator": "0", "avatar": null}
    })
}

/// A message object as Discord returns it after a send or an edit.
fn message(channel: &str, body: &Value) -> Value {
    json!({
        "id": "1234567890123456789", "channel_id": channel,
        "author": {"id": APPLICATION_ID, "username": "dramabot", "discriminator": "0", "avatar": null, "bot": true},
        "content": body.get("content").cloned().unwrap_or(json!("")),
        "timestamp": "2026-11-22T09:00:00+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "components": [], "pinned": false, "type": 0
    })
}

async fn gateway(State(shared): State<Shared>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| session(socket, shared))
}

async fn session(mut socket: WebSocket, shared: Shared) {
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}});
    if socket
        .send(Message::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    let mut dispatches = shared.dispatches.subscribe();
    let mut invalidations = shared.invalidations.subscribe();
    // The shard this session identified as, once it has.
    let mut shard = None;
    // Ready is the session's first event; every dispatch after it takes the next number.
    let mut seq = 1u64;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { return };
                let text = match message {
                    Message::Text(text) => text.to_string(),
                    Message::Close(frame) => {
                        // Echo the close, as Discord does, so the client's close handshake completes.
                        let _ = socket.send(Message::Close(frame)).await;
                        return;
                    }
                    _ => continue,
                };
                let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
                let reply = match payload["op"].as_u64() {
                    Some(1) => Some(json!({"op": 11})),
                    Some(2) => {
                        let mut data = payload["d"].clone();
                        data["token"] = json!("(removed)");
                        shard = data["shard"][0].as_u64();
                        shared.identifies.lock().expect("identifies").push((Instant::now(), data));
                        Some(ready(&payload, &shared))
                    }
                    _ => None,
                };
                if let Some(reply) = reply
                    && socket.send(Message::Text(reply.to_string().into())).await.is_err()
                {
                    return;
                }
            }
            invalidated = invalidations.recv() => {
                let Ok(invalidated) = invalidated else { return };
                if shard == Some(invalidated) {
                    let invalid = json!({"op": 9, "d": false});
                    if socket.send(Message::Text(invalid.to_string().into())).await.is_err() {
                        return;
                    }
                }
            }
            dispatch = dispatches.recv() => {
                let Ok(mut dispatch) = dispatch else { return };
                seq += 1;
                dispatch["s"] = json!(seq);
                if socket.send(Message::Text(dispatch.to_string().into())).await.is_err() {
                    return;
                }
            }
        }
    }
}

fn ready(identify: &Value, shared: &Shared) -> Value {
    json!({
        "op": 0, "t": "READY", "s": 1,
        "d": {
            "v": 10,
            "user": {"id": APPLICATION_ID, "username": "dramabot", "discriminator": "0", "avatar": null,
                     "bot": true, "verified": true, "mfa_enabled": false, "flags": 0, "global_name": null},
            "guilds": [],
            "session_id": "fake-session",
            "resume_gateway_url": format!("ws://{}/gateway", shared.addr),
            "shard": identify["d"]["shard"].clone(),
            "application": {"id": APPLICATION_ID, "flags": 0}
        }
    })
}

/// Where this test run's request records go: one file per test, checked by CI.
pub fn record_path(test: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("discord-requests")
        .join(format!("{test}.jsonl"))
}

// ------------------------------------------------------------------------ payloads the fake sends

/// A guild member with these permissions, as an interaction carries it.
pub fn member(permissions: &str, user: &str) -> Value {
    json!({
        "user": {"id": user, "username": format!("member{user}"), "avatar": null, "discriminator": "0", "public_flags": 0},
        "roles": [], "premium_since": null, "permissions": permissions, "pending": false, "nick": null,
        "mute": false, "joined_at": "2017-03-13T19:19:14.040000+00:00", "is_pending": false, "deaf": false, "flags": 0
    })
}

/// An INTERACTION_CREATE payload in the shape serenity accepts (see shared/discord-samples).
pub fn interaction(kind: u8, id: u64, data: Value, permissions: &str) -> Value {
    json!({
        "type": kind, "id": id.to_string(), "token": format!("token-{id}"),
        "application_id": APPLICATION_ID, "version": 1, "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD}, "context": 0,
        "guild_id": GUILD, "channel_id": CHANNEL, "channel": {"id": CHANNEL, "type": 0},
        "member": member(permissions, "53908232506183680"),
        "app_permissions": "442368", "guild_locale": "en-US", "locale": "en-US",
        "attachment_size_limit": 26214400,
        "data": data
    })
}

/// A slash command interaction: `name` with its `options` as Discord sends them.
pub fn command(id: u64, name: &str, options: Value, permissions: &str) -> Value {
    interaction(
        2,
        id,
        json!({"id": "771825006014889984", "name": name, "type": 1, "options": options}),
        permissions,
    )
}
