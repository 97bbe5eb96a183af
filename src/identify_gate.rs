//! The identify gate: a WebSocket relay on loopback between serenity's shards and Discord's
//! gateway that holds every Identify until its bucket's turn, taken in the fleet's shared store.
//!
//! Discord allows one identify per bucket (`shard % max_concurrency`) per 5 seconds across all
//! of a bot's processes. A shard's first login can wait for its turn before it starts, but a shard
//! that loses its session (op 9 with `d: false`, a close code that forbids resuming) is restarted
//! by serenity 0.12.5's manager, which identifies again with no hook before the Identify (see
//! `Gateway::serve` in `discord.rs`). Serenity connects to whatever address it is given, so each
//! shard is given this relay's: it opens the real gateway for every connection it accepts (the
//! same query string), pumps the frames both ways unchanged, and only looks at the client's text
//! frames: an Identify (op 2) waits for its turn first (the shard's heartbeats go on meanwhile;
//! anything else it sends follows the Identify). When either side closes, both do.
//!
//! Every gateway message takes one more hop through it, so it runs only when identifies can meet:
//! in a fleet (a PostgreSQL database, or a partial shard range), or when the process runs several
//! shards (one serenity manager each, which space only their own restarts). A lone process with one
//! shard identifies through serenity's own spacing and its start-up turn.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serenity::futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// How late a turn taken before its shard started may still be used by that shard's Identify:
/// turns are spaced [`crate::discord::IDENTIFY_SPACING`] apart, half a second more than Discord's
/// 5 seconds, so an Identify later than this past its turn could come within 5 seconds of the
/// next one's, and takes a turn of its own instead.
const RESERVED_TURN_GRACE: SignedDuration = SignedDuration::from_millis(500);

/// How long the other direction of a relayed connection may take to finish its close handshake
/// once one side has closed.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// Takes the next turn of an identify bucket (a blocking store call): the instant it may be used.
pub type TakeTurn = dyn Fn(u32) -> anyhow::Result<Timestamp> + Send + Sync;

/// The identify turns of one process's shards: taken from the store, per bucket.
pub struct Turns {
    buckets: u32,
    take: Box<TakeTurn>,
    /// Turns taken ahead for a shard's first Identify, by shard id.
    reserved: Mutex<HashMap<u32, Timestamp>>,
}

impl Turns {
    /// Turns for `buckets` identify buckets (Discord's `max_concurrency`), taken by `take`.
    pub fn new(buckets: u32, take: Box<TakeTurn>) -> Turns {
        Turns {
            buckets: buckets.max(1),
            take,
            reserved: Mutex::new(HashMap::new()),
        }
    }

    /// Takes the next turn of shard `shard`'s bucket.
    pub fn take(&self, shard: u32) -> anyhow::Result<Timestamp> {
        (self.take)(shard % self.buckets)
    }

    /// Takes the next turn of shard `shard`'s bucket for its coming Identify, which uses it instead
    /// of taking another (if it comes at most [`RESERVED_TURN_GRACE`] after the turn).
    pub fn reserve(&self, shard: u32) -> anyhow::Result<Timestamp> {
        let turn = self.take(shard)?;
        self.reserved_turns().insert(shard, turn);
        Ok(turn)
    }

    /// Waits until shard `shard` may identify: at its reserved turn if it is still good, else at a
    /// new turn.
    async fn wait_turn(&self, shard: u32) -> anyhow::Result<()> {
        let reserved = self.reserved_turns().remove(&shard);
        let turn = match reserved {
            Some(turn) if Timestamp::now() <= turn + RESERVED_TURN_GRACE => turn,
            _ => self.take(shard)?,
        };
        tracing::debug!(shard, %turn, "identify turn");
        let wait = Duration::try_from(turn.duration_since(Timestamp::now())).unwrap_or_default();
        tokio::time::sleep(wait).await;
        Ok(())
    }

    fn reserved_turns(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Timestamp>> {
        self.reserved.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running identify gate; it stops accepting connections when dropped.
pub struct IdentifyGate {
    url: String,
    accepting: tokio::task::JoinHandle<()>,
}

impl IdentifyGate {
    /// Starts the relay on a free loopback port, relaying to the gateway at `upstream` (the `url`
    /// of `GET /gateway/bot`), its Identifies gated by `turns`.
    pub async fn start(upstream: String, turns: Arc<Turns>) -> std::io::Result<IdentifyGate> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("ws://{}/gateway", listener.local_addr()?);
        let upstream = Arc::new(upstream);
        let accepting = tokio::spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((client, _)) => {
                        let _ = client.set_nodelay(true);
                        tokio::spawn(relay(client, upstream.clone(), turns.clone()));
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "the identify gate could not accept");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        });
        Ok(IdentifyGate { url, accepting })
    }

    /// The gateway address to give serenity.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for IdentifyGate {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Gateway frames are as large as Discord makes them (a Ready with many servers): no limit, as
/// serenity's own client sets none.
fn unlimited() -> WebSocketConfig {
    WebSocketConfig {
        max_message_size: None,
        max_frame_size: None,
        ..WebSocketConfig::default()
    }
}

/// The shard an Identify frame is for (`d.shard[0]`), or `None` for any other frame.
fn identifying_shard(text: &str) -> Option<u32> {
    let frame: serde_json::Value = serde_json::from_str(text).ok()?;
    if frame["op"].as_u64() != Some(2) {
        return None;
    }
    Some(
        frame["d"]["shard"][0]
            .as_u64()
            .and_then(|id| u32::try_from(id).ok())
            .unwrap_or(0),
    )
}

/// Whether a client frame is a Heartbeat (op 1).
fn is_heartbeat(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|frame| frame["op"].as_u64() == Some(1))
}

/// Relays one shard connection to a new upstream connection until either side closes.
#[expect(
    clippy::result_large_err,
    reason = "the handshake callback's type is tungstenite's"
)]
async fn relay(client: TcpStream, upstream: Arc<String>, turns: Arc<Turns>) {
    let mut query = None;
    let client = tokio_tungstenite::accept_hdr_async_with_config(
        client,
        |request: &Request, response: Response| {
            query = request.uri().query().map(str::to_string);
            Ok(response)
        },
        Some(unlimited()),
    )
    .await;
    let client = match client {
        Ok(client) => client,
        Err(e) => {
            tracing::warn!(error = %e, "a shard's connection to the identify gate failed");
            return;
        }
    };
    let url = match query {
        Some(query) if upstream.contains('?') => format!("{upstream}&{query}"),
        Some(query) => format!("{upstream}?{query}"),
        None => upstream.to_string(),
    };
    let server =
        match tokio_tungstenite::connect_async_with_config(url.as_str(), Some(unlimited()), false)
            .await
        {
            Ok((server, _)) => server,
            Err(e) => {
                // Dropping the shard's connection makes serenity reconnect, as a failed connect would.
                tracing::warn!(error = %e, "the identify gate could not reach the gateway");
                return;
            }
        };
    let (mut to_server, mut from_server) = server.split();
    let (mut to_client, mut from_client) = client.split();
    let outgoing = async {
        // What the shard sent while its Identify waited, to follow the Identify.
        let mut held = std::collections::VecDeque::new();
        'relay: loop {
            let message = match held.pop_front() {
                Some(message) => message,
                None => match from_client.next().await {
                    Some(Ok(message)) => message,
                    _ => break,
                },
            };
            if let Message::Text(text) = &message
                && let Some(shard) = identifying_shard(text)
            {
                let turn = turns.wait_turn(shard);
                tokio::pin!(turn);
                loop {
                    tokio::select! {
                        waited = &mut turn => match waited {
                            Ok(()) => break,
                            Err(e) => {
                                // No identify without a turn: the shard reconnects and asks again.
                                tracing::error!(shard, error = format!("{e:#}"), "no identify turn");
                                break 'relay;
                            }
                        },
                        next = from_client.next() => match next {
                            // Heartbeats go ahead of the waiting Identify (Discord takes them from
                            // Hello on): serenity reconnects when one goes unanswered for a
                            // heartbeat interval, and a turn may be further off than that.
                            Some(Ok(Message::Text(beat))) if is_heartbeat(&beat) => {
                                if to_server.send(Message::Text(beat)).await.is_err() {
                                    break 'relay;
                                }
                            }
                            // A shard closing before its turn never identifies on this connection.
                            Some(Ok(close)) if close.is_close() => {
                                let _ = to_server.send(close).await;
                                break 'relay;
                            }
                            Some(Ok(other)) => held.push_back(other),
                            _ => break 'relay,
                        },
                    }
                }
            }
            let closing = message.is_close();
            if to_server.send(message).await.is_err() || closing {
                break;
            }
        }
        let _ = to_server.close().await;
    };
    let incoming = async {
        while let Some(Ok(message)) = from_server.next().await {
            let closing = message.is_close();
            if to_client.send(message).await.is_err() || closing {
                break;
            }
        }
        let _ = to_client.close().await;
    };
    tokio::pin!(outgoing, incoming);
    tokio::select! {
        () = &mut outgoing => { let _ = tokio::time::timeout(CLOSE_WAIT, incoming).await; }
        () = &mut incoming => { let _ = tokio::time::timeout(CLOSE_WAIT, outgoing).await; }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

    use super::*;
    use crate::store::Store;

    /// A tiny gateway: greets, echoes text frames back as binary, records when each frame came.
    struct Server {
        url: String,
        frames: tokio::sync::mpsc::UnboundedReceiver<(Instant, String)>,
        queries: Arc<Mutex<Vec<Option<String>>>>,
    }

    #[expect(
        clippy::result_large_err,
        reason = "the handshake callback's type is tungstenite's"
    )]
    async fn server() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!("ws://{}/gateway", listener.local_addr().expect("address"));
        let (seen, frames) = tokio::sync::mpsc::unbounded_channel();
        let queries = Arc::new(Mutex::new(Vec::new()));
        let recorded = queries.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (seen, recorded) = (seen.clone(), recorded.clone());
                tokio::spawn(async move {
                    let mut ws = tokio_tungstenite::accept_hdr_async(
                        tcp,
                        |request: &Request, response: Response| {
                            let query = request.uri().query().map(str::to_string);
                            recorded.lock().expect("queries").push(query);
                            Ok(response)
                        },
                    )
                    .await
                    .expect("a handshake");
                    ws.send(Message::text(r#"{"op":10}"#)).await.expect("hello");
                    while let Some(Ok(message)) = ws.next().await {
                        match message {
                            Message::Text(text) if text == "close" => {
                                // Discord's "session timed out": the shard must not resume.
                                let frame = CloseFrame {
                                    code: CloseCode::from(4009),
                                    reason: "timed out".into(),
                                };
                                ws.close(Some(frame)).await.expect("closes");
                            }
                            Message::Text(text) => {
                                let _ = seen.send((Instant::now(), text.clone()));
                                let echo = Message::Binary(text.into_bytes());
                                ws.send(echo).await.expect("echo");
                            }
                            _ => {}
                        }
                    }
                });
            }
        });
        Server {
            url,
            frames,
            queries,
        }
    }

    fn turns(store: Arc<Mutex<Store>>, buckets: u32, spacing: SignedDuration) -> Arc<Turns> {
        Arc::new(Turns::new(
            buckets,
            Box::new(move |bucket| {
                let store = store.lock().expect("store");
                Ok(store.take_identify_slot(bucket, Timestamp::now(), spacing)?)
            }),
        ))
    }

    async fn shard(
        gate: &IdentifyGate,
    ) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>> {
        let url = format!("{}?v=10&encoding=json", gate.url());
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("connects");
        ws
    }

    fn identify(shard: u32, total: u32) -> Message {
        Message::text(format!(
            r#"{{"op":2,"d":{{"token":"t","shard":[{shard},{total}]}}}}"#
        ))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn frames_pass_both_ways_unchanged_with_the_query_and_a_close_closes_both() {
        let mut upstream = server().await;
        let store = Arc::new(Mutex::new(Store::for_tests()));
        let spacing = SignedDuration::from_secs(5);
        let gate = IdentifyGate::start(upstream.url.clone(), turns(store, 1, spacing))
            .await
            .expect("starts");
        let mut ws = shard(&gate).await;
        assert_eq!(
            ws.next().await.expect("a frame").expect("hello"),
            Message::text(r#"{"op":10}"#)
        );
        ws.send(Message::text(r#"{"op":1,"d":null}"#))
            .await
            .expect("sent");
        assert_eq!(
            upstream.frames.recv().await.expect("arrives").1,
            r#"{"op":1,"d":null}"#
        );
        // The server's binary frame reaches the shard as it was sent.
        assert_eq!(
            ws.next().await.expect("a frame").expect("echo"),
            Message::Binary(br#"{"op":1,"d":null}"#.to_vec())
        );
        assert_eq!(
            upstream.queries.lock().expect("queries").clone(),
            vec![Some("v=10&encoding=json".to_string())]
        );
        // The server closes: the shard's connection closes too, with the server's close code.
        ws.send(Message::text("close")).await.expect("sent");
        let mut codes = Vec::new();
        while let Some(Ok(message)) = ws.next().await {
            if let Message::Close(frame) = message {
                codes.push(frame.map(|f| u16::from(f.code)));
            }
        }
        assert_eq!(codes, vec![Some(4009)], "the shard saw the server's close");
    }

    /// Two processes' gates sharing one store, each with a shard of bucket 0 identifying at once:
    /// the server sees the two Identifies a turn apart (less the half second a turn leaves for
    /// the connection, as [`crate::discord::IDENTIFY_SPACING`] does for Discord's 5 seconds); a
    /// shard of the other bucket is not held up.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn identifies_of_one_bucket_from_two_gates_wait_for_their_turns() {
        let mut upstream = server().await;
        let store = Arc::new(Mutex::new(Store::for_tests()));
        let spacing = SignedDuration::from_millis(1500);
        let first = IdentifyGate::start(upstream.url.clone(), turns(store.clone(), 2, spacing))
            .await
            .expect("starts");
        let second = IdentifyGate::start(upstream.url.clone(), turns(store, 2, spacing))
            .await
            .expect("starts");
        let (mut a, mut b, mut c) = (
            shard(&first).await,
            shard(&second).await,
            shard(&second).await,
        );
        a.send(identify(0, 4)).await.expect("sent");
        b.send(identify(2, 4)).await.expect("sent");
        c.send(identify(1, 4)).await.expect("sent");
        let mut arrived = Vec::new();
        for _ in 0..3 {
            let (at, text) = upstream.frames.recv().await.expect("an identify");
            arrived.push((at, identifying_shard(&text).expect("an identify")));
        }
        let bucket_0: Vec<Instant> = arrived
            .iter()
            .filter(|(_, shard)| shard % 2 == 0)
            .map(|(at, _)| *at)
            .collect();
        assert_eq!(bucket_0.len(), 2);
        let gap = bucket_0[1].duration_since(bucket_0[0]);
        assert!(gap >= Duration::from_secs(1), "identified {gap:?} apart");
        // Bucket 1's shard went through while bucket 0's second waited.
        assert_eq!(arrived[2].1 % 2, 0, "{arrived:?}");
    }

    /// A shard whose Identify waits for a turn still has its heartbeats answered; what else it
    /// sends follows the Identify.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn heartbeats_go_ahead_of_a_waiting_identify_and_other_frames_follow_it() {
        let mut upstream = server().await;
        let store = Arc::new(Mutex::new(Store::for_tests()));
        let spacing = SignedDuration::from_millis(1500);
        let turns = turns(store, 1, spacing);
        // Another process took the bucket's turn just now.
        turns.take(0).expect("a turn");
        let gate = IdentifyGate::start(upstream.url.clone(), turns)
            .await
            .expect("starts");
        let mut ws = shard(&gate).await;
        ws.send(identify(0, 1)).await.expect("sent");
        ws.send(Message::text(r#"{"op":3,"d":{}}"#))
            .await
            .expect("sent");
        ws.send(Message::text(r#"{"op":1,"d":null}"#))
            .await
            .expect("sent");
        let mut ops = Vec::new();
        for _ in 0..3 {
            let (_, text) = upstream.frames.recv().await.expect("a frame");
            let frame: serde_json::Value = serde_json::from_str(&text).expect("json");
            ops.push(frame["op"].as_u64().expect("an op"));
        }
        assert_eq!(ops, vec![1, 2, 3]);
    }

    #[test]
    fn only_an_identify_is_recognised_and_names_its_shard() {
        assert_eq!(
            identifying_shard(r#"{"op":2,"d":{"shard":[3,8]}}"#),
            Some(3)
        );
        assert_eq!(identifying_shard(r#"{"op":6,"d":{"seq":4}}"#), None);
        assert_eq!(identifying_shard(r#"{"op":1,"d":2}"#), None);
        assert_eq!(identifying_shard("not json"), None);
    }

    #[test]
    fn a_reserved_turn_is_used_once_by_its_shard() {
        let store = Arc::new(Mutex::new(Store::for_tests()));
        let turns = turns(store, 1, SignedDuration::from_secs(5));
        let reserved = turns.reserve(3).expect("a turn");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime");
        runtime.block_on(turns.wait_turn(3)).expect("its turn");
        assert!(
            turns.reserved_turns().is_empty(),
            "the reserved turn is used"
        );
        // The next Identify of the bucket took a new turn, a spacing after the reserved one.
        let next = turns.take(3).expect("a turn");
        assert_eq!(next, reserved + SignedDuration::from_secs(5));
    }
}
