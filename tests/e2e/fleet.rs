//! The fleet test (issue 12, point 6): real processes on one PostgreSQL database, killed and
//! restarted at random while timed work falls due, and the fake Discord's records say whether
//! every step happened once.
//!
//! Three processes share a fresh schema: one `dramabot run` (the gateway, all shards) and two
//! `dramabot serve-http` workers (signed HTTP interactions; with the token, so their schedulers
//! run too). 200 servers get a daily post through their moderators' `/qotd` commands, all due at
//! the first whole minute at least 20 seconds ahead; 20 trivia games (10-second questions) are
//! started by `/trivia start`, and their members press answer buttons over the gateway or either
//! worker, chosen at random. Meanwhile, for a minute or more, a process chosen at random is killed
//! with SIGKILL every 3 to 9 seconds (once in the two seconds after the posts fall due, while they
//! go out) and started again a moment later. Then, from what the fake saw:
//! every post went out once (a resend with the post's nonce is answered with the first message, as
//! Discord's `enforce_nonce` does, and counted apart), none late past its grace; every question was
//! asked once and closed once (its message edited), every game's standings posted once; and every
//! press the bot acknowledged ("Locked in", or "already locked in" to a retry) is counted once in
//! the server's `/trivia leaderboard`.
//!
//! Release mode, for the speed of a real fleet: the binary comes from `DRAMABOT_FLEET_BIN` (CI
//! takes it out of the container image), or is the one cargo built when the tests are built with
//! `--release`; the database server from `DRAMABOT_TEST_DATABASE_URL`. Without them the test says it
//! is skipped, and fails under `CI`. The random choices (which process dies when, who presses what
//! where) come from one seed, printed, and taken from `DRAMABOT_FLEET_SEED` when set; the processes'
//! own timing is not seeded.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use jiff::{SignedDuration, Timestamp, ToSpan};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::fake_discord::{FakeDiscord, MEMBER, Recorded, command, member, record_path};
use super::{
    TEST_QUESTIONS, TOKEN, bot_command, button_by, channel_option, content, free_port, hex, now,
    right_and_wrong, signed, small_pack, subcommand, try_post,
};

/// Servers with a daily post.
const SERVERS: u64 = 200;
/// Trivia games, one in each of the first servers, in a channel of its own.
const GAMES: u64 = 20;
/// Members playing each game.
const PLAYERS: u64 = 3;
/// Questions per game: every question of the test pack.
const ROUNDS: usize = TEST_QUESTIONS.len();
/// Discord's gateway, or one of the two serve-http workers.
const PROCESSES: usize = 3;
/// How long a gateway press may go unanswered before it counts as lost (the process may be down).
const GATEWAY_ANSWER: Duration = Duration::from_secs(3);
/// How long everything may take once the killing stops: a dead process's leases run out after
/// `due::LEASE` (30 s), and then its jobs are taken over.
const SETTLE: Duration = Duration::from_secs(100);

fn guild(n: u64) -> u64 {
    310_000_000_000_000_000 + n
}

fn quotes_channel(n: u64) -> u64 {
    710_000_000_000_000_000 + n
}

fn game_channel(n: u64) -> u64 {
    720_000_000_000_000_000 + n
}

fn player(game: u64, n: u64) -> u64 {
    500_000_000_000_000_000 + game * 10 + n
}

/// The binary to run, if this run can: `DRAMABOT_FLEET_BIN`, or cargo's own in a release build.
fn fleet_binary() -> Option<PathBuf> {
    match std::env::var_os("DRAMABOT_FLEET_BIN") {
        Some(bin) if !bin.is_empty() => Some(PathBuf::from(bin)),
        _ if !cfg!(debug_assertions) => Some(PathBuf::from(env!("CARGO_BIN_EXE_dramabot"))),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_with_processes_killed_at_random_does_each_post_round_and_press_once() {
    let binary = fleet_binary();
    let url = std::env::var("DRAMABOT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let (Some(binary), Some(url)) = (binary, url) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the fleet test needs DRAMABOT_FLEET_BIN (a release binary) and \
             DRAMABOT_TEST_DATABASE_URL: CI must set both"
        );
        eprintln!(
            "fleet test: skipped; set DRAMABOT_FLEET_BIN to a release binary (or build the tests \
             with --release) and DRAMABOT_TEST_DATABASE_URL to a PostgreSQL server"
        );
        return;
    };
    let fake = Arc::new(FakeDiscord::start(&record_path("fleet")).await);
    tokio::task::spawn_blocking(move || run(&binary, &url, fake))
        .await
        .expect("the fleet test");
}

/// The run's own schema of the test database and its folder (packs, the processes' logs): removed
/// at the end, or kept to be looked at when the test failed.
struct Scratch {
    client: postgres::Client,
    schema: String,
    dir: PathBuf,
}

impl Scratch {
    /// A fresh schema and folder; the URL that puts the processes on that schema.
    fn create(url: &str) -> (Scratch, String) {
        let mut client =
            postgres::Client::connect(url, postgres::NoTls).expect("DRAMABOT_TEST_DATABASE_URL");
        let schema = format!("fleet_{:016x}", rand::random::<u64>());
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("a fresh schema");
        let dir = std::env::temp_dir().join(format!("dramabot-{schema}"));
        std::fs::create_dir_all(&dir).expect("a folder");
        let separator = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{separator}options=-c%20search_path%3D{schema}");
        (
            Scratch {
                client,
                schema,
                dir,
            },
            url,
        )
    }

    /// Whether the games are all over and nothing of theirs is due, as the database says.
    fn games_over(&mut self) -> bool {
        let query = format!(
            "SELECT (SELECT count(*) FROM {s}.trivia_game WHERE status = 'running')
                  + (SELECT count(*) FROM {s}.due_work WHERE kind = 'trivia')",
            s = self.schema
        );
        self.client
            .query_one(&query, &[])
            .is_ok_and(|row| row.get::<_, i64>(0) == 0)
    }

    /// How many of the daily posts the database holds in each state (sent, claimed, ...).
    fn post_states(&mut self) -> BTreeMap<String, i64> {
        let query = format!(
            "SELECT status, count(*) FROM {}.qotd_post GROUP BY status",
            self.schema
        );
        self.client
            .query(&query, &[])
            .map(|rows| rows.iter().map(|r| (r.get(0), r.get(1))).collect())
            .unwrap_or_default()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "fleet test: kept the schema {} and the folder {} (the processes' logs)",
                self.schema,
                self.dir.display()
            );
        } else {
            let _ = self
                .client
                .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.schema));
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// One process of the fleet: what it is, and its current incarnation.
struct Member {
    /// `None` for the gateway process, else the worker's address.
    listen: Option<SocketAddr>,
    child: Option<Child>,
    log: PathBuf,
    kills: u32,
}

impl Member {
    fn name(&self) -> String {
        match self.listen {
            None => "gateway".into(),
            Some(addr) => format!("worker {}", addr.port()),
        }
    }
}

/// The three processes, their shared settings, and the machinery to kill and start them.
struct Fleet {
    binary: PathBuf,
    env: Vec<(&'static str, String)>,
    dir: PathBuf,
    members: Mutex<Vec<Member>>,
}

impl Fleet {
    fn start(binary: &Path, env: Vec<(&'static str, String)>, dir: &Path) -> Fleet {
        let mut members = vec![Member {
            listen: None,
            child: None,
            log: dir.join("gateway.log"),
            kills: 0,
        }];
        for n in 0..2 {
            members.push(Member {
                listen: Some(free_port()),
                child: None,
                log: dir.join(format!("worker-{n}.log")),
                kills: 0,
            });
        }
        let fleet = Fleet {
            binary: binary.to_path_buf(),
            env,
            dir: dir.to_path_buf(),
            members: Mutex::new(members),
        };
        for n in 0..PROCESSES {
            fleet.launch(n);
        }
        fleet
    }

    /// Starts process `n` (again); its log is appended to.
    fn launch(&self, n: usize) {
        let mut members = self.members.lock().expect("members");
        let member = &mut members[n];
        let listen = member.listen.map(|a| a.to_string());
        let args: Vec<&str> = match &listen {
            None => vec!["run"],
            Some(addr) => vec!["serve-http", "--listen", addr],
        };
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&member.log)
            .expect("a log file");
        let mut command = bot_command(&self.binary, &args, &self.dir.join("unused.db"), &self.env);
        command
            .env("RUST_LOG", "warn,serenity=error")
            .env("NO_COLOR", "1")
            .stderr(log);
        member.child = Some(command.spawn().expect("dramabot starts"));
    }

    /// Kills process `n` with SIGKILL and reaps it.
    fn kill(&self, n: usize) {
        let mut members = self.members.lock().expect("members");
        let member = &mut members[n];
        if let Some(mut child) = member.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            member.kills += 1;
        }
    }

    fn worker(&self, n: usize) -> SocketAddr {
        self.members.lock().expect("members")[1 + n]
            .listen
            .expect("a worker")
    }

    /// Waits until both workers listen.
    fn wait_listening(&self, within: Duration) {
        let deadline = Instant::now() + within;
        for n in 0..2 {
            while TcpStream::connect(self.worker(n)).is_err() {
                assert!(Instant::now() < deadline, "worker {n} never listened");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// Stops every process with SIGTERM; returns each one's name and exit code (`None` when a
    /// signal ended it, or it was still running 30 seconds later and was killed).
    fn stop(&self) -> Vec<(String, Option<i32>)> {
        let mut members = self.members.lock().expect("members");
        for member in members.iter() {
            if let Some(child) = &member.child {
                let _ = Command::new("kill")
                    .args(["-TERM", &child.id().to_string()])
                    .status();
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        members
            .iter_mut()
            .map(|m| {
                let code = m.child.take().and_then(|mut child| {
                    loop {
                        match child.try_wait() {
                            Ok(Some(status)) => return status.code(),
                            Ok(None) if Instant::now() < deadline => {
                                std::thread::sleep(Duration::from_millis(20));
                            }
                            _ => {
                                let _ = child.kill();
                                let _ = child.wait();
                                return None;
                            }
                        }
                    }
                });
                (m.name(), code)
            })
            .collect()
    }

    /// How many times each process was killed.
    fn kills(&self) -> String {
        let members = self.members.lock().expect("members");
        let each: Vec<String> = members
            .iter()
            .map(|m| format!("{} {}", m.name(), m.kills))
            .collect();
        each.join(", ")
    }

    /// Why the process named `name` ended, from its log: its first panic's two lines, else the
    /// log's last lines.
    fn last_words(&self, name: &str) -> String {
        let members = self.members.lock().expect("members");
        let Some(member) = members.iter().find(|m| m.name() == name) else {
            return String::new();
        };
        let text = std::fs::read_to_string(&member.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        match lines.iter().position(|l| l.contains("panicked at")) {
            Some(at) => lines[at..lines.len().min(at + 2)].join("\n"),
            None => lines[lines.len().saturating_sub(10)..].join("\n"),
        }
    }

    /// The warnings and errors the processes logged, each distinct message once with its count.
    fn logged(&self) -> BTreeMap<String, usize> {
        let mut seen = BTreeMap::new();
        for member in self.members.lock().expect("members").iter() {
            let text = std::fs::read_to_string(&member.log).unwrap_or_default();
            for line in text
                .lines()
                .filter(|l| l.contains("WARN") || l.contains("ERROR"))
            {
                // Without the timestamp and the fields: the same message about two things at two
                // moments is one kind.
                let message: Vec<&str> = line
                    .split_whitespace()
                    .skip(1)
                    .take_while(|word| !word.contains('='))
                    .collect();
                *seen
                    .entry(format!("{}: {}", member.name(), message.join(" ")))
                    .or_default() += 1;
            }
        }
        seen
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        if let Ok(members) = self.members.get_mut() {
            for member in members.iter_mut() {
                if let Some(mut child) = member.child.take() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
    }
}

/// One command of a server's setup: its payload for an interaction id.
type Step = Box<dyn Fn(u64) -> Value + Send>;

/// Where an interaction is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Gateway,
    Worker(usize),
}

const VIAS: [Via; 3] = [Via::Gateway, Via::Worker(0), Via::Worker(1)];

/// Sends interactions the way Discord would, each with an id of its own.
struct Sender {
    fake: Arc<FakeDiscord>,
    fleet: Arc<Fleet>,
    key: SigningKey,
    next_id: AtomicU64,
}

impl Sender {
    fn id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends `payload` (whose id is `id`) and returns the interaction's answer: the callback's
    /// body, or `None` when none came (the process was down, or died on it). A deferred answer is
    /// followed to its edit.
    fn send(&self, via: Via, id: u64, payload: &Value) -> Option<Value> {
        let answer = match via {
            Via::Gateway => {
                self.fake.dispatch("INTERACTION_CREATE", payload.clone());
                let path = format!("/api/v10/interactions/{id}/token-{id}/callback");
                self.first(GATEWAY_ANSWER, |r| r.path == path)?.body
            }
            Via::Worker(n) => {
                let body = payload.to_string();
                let (status, answer) = try_post(
                    self.fleet.worker(n),
                    &signed(&self.key, now(), body.as_bytes()),
                    body.as_bytes(),
                )?;
                if status != 200 {
                    return None;
                }
                serde_json::from_str(&answer).ok()?
            }
        };
        if answer["type"] != 5 {
            return Some(answer);
        }
        let edit = format!("/token-{id}/messages/@original");
        let edited = self.first(Duration::from_secs(10), |r| {
            r.method == "PATCH" && r.path.ends_with(&edit)
        })?;
        Some(json!({"type": 4, "data": edited.body}))
    }

    /// The first request the fake records that matches `wanted`, within `within`.
    fn first(&self, within: Duration, wanted: impl Fn(&Recorded) -> bool) -> Option<Recorded> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(found) = self.fake.matching(&wanted).into_iter().next() {
                return Some(found);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a setting or a query until some process answers it as `wanted` (trying each in
    /// turn, from `first`), and returns the answer; panics after `within`.
    fn until_answered(
        &self,
        first: Via,
        within: Duration,
        make: impl Fn(u64) -> Value,
        wanted: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + within;
        let start = VIAS.iter().position(|v| *v == first).unwrap_or(0);
        let mut last = None;
        for attempt in 0.. {
            let id = self.id();
            match self.send(VIAS[(start + attempt) % VIAS.len()], id, &make(id)) {
                Some(answer) if wanted(&answer) => return answer,
                Some(answer) => {
                    eprintln!("fleet test: an answer not as wanted, trying again: {answer}");
                    last = Some(answer);
                }
                None => {}
            }
            assert!(
                Instant::now() < deadline,
                "no process answered as wanted; the last answer: {last:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        unreachable!()
    }
}

/// `payload` as sent in `guild`'s `channel` by `user` (keeping its permissions).
fn in_guild(mut payload: Value, guild: u64, channel: u64, user: u64) -> Value {
    let permissions = payload["member"]["permissions"]
        .as_str()
        .unwrap_or(MEMBER)
        .to_string();
    payload["guild_id"] = json!(guild.to_string());
    payload["authorizing_integration_owners"]["0"] = json!(guild.to_string());
    payload["channel_id"] = json!(channel.to_string());
    payload["channel"]["id"] = json!(channel.to_string());
    payload["member"] = member(&permissions, &user.to_string());
    if payload["message"].is_object() {
        payload["message"]["channel_id"] = json!(channel.to_string());
    }
    payload
}

fn title(r: &Recorded) -> &str {
    r.body["embeds"][0]["title"].as_str().unwrap_or_default()
}

fn channel_of(r: &Recorded) -> Option<u64> {
    r.path
        .strip_prefix("/api/v10/channels/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// What became of one member's answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Press {
    /// Not pressed (the member let the question run out).
    #[default]
    None,
    /// The bot said it is locked in ("Locked in", or "already locked in" to a retry).
    Acknowledged { right: bool },
    /// Every try went unanswered: it may or may not have been recorded.
    Unknown { right: bool },
    /// The bot said no (the question had closed).
    Refused,
}

/// What a game's driver saw.
#[derive(Debug, Default)]
struct Played {
    /// `presses[round][player]`.
    presses: Vec<Vec<Press>>,
    /// Tries per way in: gateway, worker 0, worker 1.
    tries: [u32; 3],
    /// Tries that got no answer.
    unanswered: u32,
}

/// One game from its start to its last question (or until `over`): presses each question as it
/// appears, from the game's members, each over a way in chosen at random.
fn play(sender: &Sender, game: u64, seed: u64, over: &AtomicBool) -> Played {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let channel = game_channel(game);
    let mut played = Played {
        presses: vec![vec![Press::None; PLAYERS as usize]; ROUNDS],
        ..Played::default()
    };
    sender.until_answered(
        VIAS[rng.random_range(0..3)],
        Duration::from_secs(60),
        |id| {
            let start = command(
                id,
                "trivia",
                json!([{"type": 1, "name": "start", "options": [
                    {"type": 4, "name": "rounds", "value": ROUNDS},
                    {"type": 3, "name": "drama", "value": "game-test"}]}]),
                MEMBER,
            );
            in_guild(start, guild(game), channel, player(game, 0))
        },
        // Started now, or by a try whose answer was lost.
        |answer| {
            let said = content(answer);
            said.starts_with("**Trivia!**") || said.starts_with("A game is already running")
        },
    );
    let mut next = 1;
    while !over.load(Ordering::Relaxed) && next <= ROUNDS {
        let posted = sender
            .fake
            .matching(|r| r.method == "POST" && channel_of(r) == Some(channel) && !r.replayed);
        if posted.iter().any(|r| title(r) == "Final standings") {
            break;
        }
        // The newest question not yet answered (one whose message never came is skipped).
        let question = posted.iter().rev().find_map(|r| {
            let n: usize = title(r)
                .strip_prefix("Question ")?
                .split(' ')
                .next()?
                .parse()
                .ok()?;
            (n >= next).then_some((n, r.body.clone()))
        });
        let Some((n, question)) = question else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        next = n + 1;
        let (right, wrong) = right_and_wrong(&question);
        let mut order: Vec<u64> = (0..PLAYERS).collect();
        order.shuffle(&mut rng);
        for p in order {
            // Now and then a member lets the question run out, so that rounds close on their timer
            // as well as when everyone answered.
            if rng.random_bool(0.15) {
                continue;
            }
            let is_right = rng.random_bool(0.8);
            let button = if is_right {
                right.clone()
            } else {
                wrong[rng.random_range(0..wrong.len())].clone()
            };
            std::thread::sleep(Duration::from_millis(rng.random_range(0..800)));
            let mut press = Press::Unknown { right: is_right };
            let first = rng.random_range(0..3);
            // A press nobody answered is tried again elsewhere, as a member would press again:
            // the answer then says whether the first was recorded.
            for attempt in 0..3 {
                let slot = (first + attempt) % 3;
                played.tries[slot] += 1;
                let id = sender.id();
                let payload = in_guild(
                    button_by(id, &button, &player(game, p).to_string()),
                    guild(game),
                    channel,
                    player(game, p),
                );
                let Some(answer) = sender.send(VIAS[slot], id, &payload) else {
                    played.unanswered += 1;
                    continue;
                };
                let said = content(&answer);
                press =
                    if said.starts_with("Locked in") || said.starts_with("You already locked in") {
                        Press::Acknowledged { right: is_right }
                    } else if said.starts_with("That question is closed") && attempt == 0 {
                        Press::Refused
                    } else if said.starts_with("That question is closed") {
                        // An earlier try went unanswered: it may have been recorded before the close.
                        press
                    } else {
                        panic!("game {game} question {n}: unexpected answer to a press: {answer}");
                    };
                break;
            }
            played.presses[n - 1][p as usize] = press;
        }
    }
    played
}

/// One member's line of a leaderboard: (points, right, answers).
fn leaderboard_line(text: &str, name: &str) -> Option<(u64, u64, u64)> {
    let line = text.lines().find(|l| l.contains(&format!("**{name}**:")))?;
    let (_, rest) = line.split_once("**: ")?;
    let (points, rest) = rest.split_once(" points (")?;
    let (right, rest) = rest.split_once(" of ")?;
    let (answers, _) = rest.split_once(" right)")?;
    Some((
        points.trim().parse().ok()?,
        right.parse().ok()?,
        answers.parse().ok()?,
    ))
}

/// The first whole minute at least `lead` from `now`.
fn minute_after(now: Timestamp, lead: SignedDuration) -> Timestamp {
    let at = now + lead;
    let second = at.as_second();
    let floor = second - second.rem_euclid(60);
    let whole = if floor == second && at.subsec_nanosecond() == 0 {
        floor
    } else {
        floor + 60
    };
    Timestamp::from_second(whole).expect("a time")
}

/// Prints a line of the test's progress, with the seconds since it began.
fn say(began: Instant, what: impl std::fmt::Display) {
    println!("fleet test: {:6.1} s {what}", began.elapsed().as_secs_f64());
}

/// A folder with the real packs, for the daily quotes, and the test pack the games ask from.
fn packs(dir: &Path) -> PathBuf {
    let packs = dir.join("packs");
    std::fs::create_dir_all(&packs).expect("mkdir");
    for entry in std::fs::read_dir(super::repo().join("data/packs")).expect("the packs") {
        let path = entry.expect("a pack").path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, packs.join(path.file_name().expect("a name"))).expect("copy");
        }
    }
    std::fs::write(packs.join("game-test.toml"), small_pack(&TEST_QUESTIONS)).expect("the pack");
    packs
}

/// Runs each server's `steps` in order (each until a process answers it), six servers at a time,
/// over the two workers.
fn run_steps(sender: &Arc<Sender>, jobs: Vec<Vec<Step>>) {
    let jobs = Arc::new(Mutex::new(jobs));
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let (jobs, sender) = (jobs.clone(), sender.clone());
            std::thread::spawn(move || {
                while let Some(steps) = jobs.lock().expect("jobs").pop() {
                    for step in steps {
                        sender.until_answered(
                            VIAS[1 + t % 2],
                            Duration::from_secs(30),
                            &step,
                            |answer| answer["type"] == 4,
                        );
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a setup thread");
    }
}

/// The moderators of every server pick the post's channel, then its time (UTC, the default zone)
/// and turn it on, all at the first whole minute at least 20 seconds ahead; and the game servers
/// shorten their questions to 10 seconds. Returns when the posts fall due.
fn set_up_servers(sender: &Arc<Sender>, began: Instant) -> Timestamp {
    let as_moderator = |server: u64, payload: Value| {
        in_guild(payload, guild(server), quotes_channel(server), 600 + server)
    };
    let channels = (0..SERVERS).map(|s| {
        let step: Step = Box::new(move |id| {
            let channel = channel_option(&quotes_channel(s).to_string());
            as_moderator(s, subcommand(id, "qotd", "channel", channel))
        });
        vec![step]
    });
    run_steps(sender, channels.collect());
    say(
        began,
        format_args!("daily post channels set in {SERVERS} servers"),
    );
    let due = minute_after(Timestamp::now(), SignedDuration::from_secs(20));
    let time = due
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%H:%M")
        .to_string();
    let times = (0..SERVERS).map(|s| {
        let time = time.clone();
        let at: Step = Box::new(move |id| {
            let time = json!([{"type": 3, "name": "time", "value": time}]);
            as_moderator(s, subcommand(id, "qotd", "time", time))
        });
        let on: Step = Box::new(move |id| as_moderator(s, subcommand(id, "qotd", "on", json!([]))));
        vec![at, on]
    });
    run_steps(sender, times.collect());
    assert!(
        Timestamp::now() < due,
        "setting {SERVERS} servers up took past their posts' minute ({due}): raise the lead"
    );
    say(
        began,
        format_args!("daily posts on in {SERVERS} servers, due at {due}"),
    );
    let rounds = (0..GAMES).map(|g| {
        let step: Step = Box::new(move |id| {
            let seconds = json!([{"type": 4, "name": "seconds", "value": 10}]);
            let payload = subcommand(id, "settings", "trivia", seconds);
            in_guild(payload, guild(g), game_channel(g), 600 + g)
        });
        vec![step]
    });
    run_steps(sender, rounds.collect());
    due
}

/// The instant (on this clock) when the wall clock reads `at`.
fn instant_at(at: Timestamp) -> Instant {
    Instant::now() + at.duration_since(Timestamp::now()).unsigned_abs()
}

/// Kills a process chosen at random every 3 to 9 seconds (one of them in the two seconds after
/// `due`, while the posts go out) and starts it again 0.2 to 3 seconds later, until `until`.
/// Returns the names of those killed, in order.
fn kill_at_random(
    fleet: &Fleet,
    rng: &mut ChaCha8Rng,
    due: Instant,
    until: Instant,
    began: Instant,
) -> Vec<String> {
    let mut kills = Vec::new();
    let mut due_kill = false;
    loop {
        let mut at = Instant::now() + Duration::from_millis(rng.random_range(3_000..9_000));
        if !due_kill && at > due {
            due_kill = true;
            at = due.max(Instant::now()) + Duration::from_millis(rng.random_range(0..2_000));
        }
        if at >= until {
            return kills;
        }
        std::thread::sleep(at.saturating_duration_since(Instant::now()));
        let victim = rng.random_range(0..PROCESSES);
        let down = Duration::from_millis(rng.random_range(200..3_000));
        fleet.kill(victim);
        let name = fleet.members.lock().expect("members")[victim].name();
        say(
            began,
            format_args!(
                "SIGKILL {name}, started again {} ms later",
                down.as_millis()
            ),
        );
        kills.push(name);
        std::thread::sleep(down);
        fleet.launch(victim);
    }
}

/// Each game server's `/trivia leaderboard` (all time): the text members read.
fn leaderboards(sender: &Sender) -> Vec<String> {
    (0..GAMES)
        .map(|g| {
            let answer = sender.until_answered(
                Via::Worker(g as usize % 2),
                Duration::from_secs(30),
                |id| {
                    let options = json!([{"type": 1, "name": "leaderboard", "options": [
                        {"type": 3, "name": "period", "value": "all"}]}]);
                    let payload = command(id, "trivia", options, MEMBER);
                    in_guild(payload, guild(g), game_channel(g), player(g, 0))
                },
                |answer| {
                    answer["data"]["embeds"][0]["title"]
                        .as_str()
                        .is_some_and(|t| t.starts_with("Trivia leaderboard"))
                },
            );
            answer["data"]["embeds"][0]["description"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn is_post(r: &Recorded) -> bool {
    r.method == "POST"
        && channel_of(r).is_some_and(|c| (quotes_channel(0)..quotes_channel(SERVERS)).contains(&c))
}

fn is_final(r: &Recorded) -> bool {
    r.method == "POST"
        && !r.replayed
        && channel_of(r).is_some_and(|c| (game_channel(0)..game_channel(GAMES)).contains(&c))
        && title(r) == "Final standings"
}

/// Daily posts: one message per server, under one nonce, late by no more than a lease and a
/// restart (its grace is hours). Returns the resends the nonce answered and the latest lateness.
fn check_posts(seen: &[Recorded], due: Timestamp, problems: &mut Vec<String>) -> (usize, f64) {
    let mut replays = 0;
    let mut latest = SignedDuration::ZERO;
    let origin = (Instant::now(), Timestamp::now());
    for s in 0..SERVERS {
        let sent: Vec<&Recorded> = seen
            .iter()
            .filter(|r| r.method == "POST" && channel_of(r) == Some(quotes_channel(s)))
            .collect();
        let made: Vec<&&Recorded> = sent.iter().filter(|r| !r.replayed).collect();
        replays += sent.len() - made.len();
        let nonces: BTreeSet<&str> = sent
            .iter()
            .filter_map(|r| r.body["nonce"].as_str())
            .collect();
        if made.len() != 1 || nonces.len() != 1 {
            problems.push(format!(
                "server {s}: {} daily post(s) made, {} send(s), nonces {nonces:?}",
                made.len(),
                sent.len()
            ));
        }
        if let Some(first) = made.first() {
            let at = origin.1 - origin.0.duration_since(first.at);
            let late = at.duration_since(due);
            latest = latest.max(late);
            if late > SignedDuration::from_secs(120) {
                problems.push(format!("server {s}: posted {late:#} after its time"));
            }
        }
    }
    (replays, latest.as_secs_f64())
}

/// Rounds: each question asked once and closed (its own message edited), each game's standings
/// once. A message missing goes to `lost` (a step whose send died with its process must be resent
/// after the lease), one doubled to `problems`. A close may be the same edit twice: Discord takes
/// no nonce on an edit, so a close sent by a process killed before it recorded the send is sent
/// again after the lease, and leaves the message as the first did; two different closes are a
/// problem. Returns how many questions were asked, closed, and closed by a repeated edit.
fn check_rounds(
    seen: &[Recorded],
    problems: &mut Vec<String>,
    lost: &mut Vec<String>,
) -> (usize, usize, usize) {
    let (mut asked, mut closed, mut repeated) = (0, 0, 0);
    for g in 0..GAMES {
        let channel = game_channel(g);
        let here: Vec<&Recorded> = seen
            .iter()
            .filter(|r| channel_of(r) == Some(channel) && !r.replayed)
            .collect();
        for n in 1..=ROUNDS {
            let heading = format!("Question {n} of {ROUNDS}");
            let posted: Vec<&&Recorded> = here
                .iter()
                .filter(|r| r.method == "POST" && title(r) == heading)
                .collect();
            let edits: Vec<&&Recorded> = here
                .iter()
                .filter(|r| r.method == "PATCH" && title(r) == format!("{heading}: closed"))
                .collect();
            asked += posted.len();
            closed += edits.len().min(1);
            let same_edit = edits
                .windows(2)
                .all(|w| w[0].path == w[1].path && w[0].body == w[1].body);
            if same_edit {
                repeated += edits.len().saturating_sub(1);
            }
            let said = format!(
                "game {g}: question {n} asked {} time(s), closed {} time(s)",
                posted.len(),
                edits.len()
            );
            if posted.len() > 1 || !same_edit {
                problems.push(said);
            } else if posted.len() != 1 || edits.is_empty() {
                lost.push(said);
            } else if edits[0].path.rsplit('/').next() != posted[0].message.as_deref() {
                problems.push(format!(
                    "game {g}: question {n}'s close edited another message"
                ));
            }
        }
        let standings = here.iter().filter(|r| is_final(r)).count();
        if standings > 1 {
            problems.push(format!("game {g}: {standings} final standings"));
        } else if standings == 0 {
            lost.push(format!("game {g}: no final standings"));
        }
    }
    (asked, closed, repeated)
}

/// Presses: every acknowledged one counted once on the leaderboard (its answers, and its right
/// answers); one never answered may or may not be. Returns the presses by outcome.
fn check_presses(
    played: &[Played],
    boards: &[String],
    problems: &mut Vec<String>,
) -> BTreeMap<&'static str, usize> {
    let mut totals = BTreeMap::new();
    for (g, (game, board)) in played.iter().zip(boards).enumerate() {
        for p in 0..PLAYERS {
            let (mut acked, mut acked_right, mut unknown, mut unknown_right) = (0, 0, 0, 0);
            for round in &game.presses {
                let kind = match round[p as usize] {
                    Press::None => "not pressed",
                    Press::Refused => "refused (closed)",
                    Press::Acknowledged { right } => {
                        acked += 1;
                        acked_right += u64::from(right);
                        "acknowledged"
                    }
                    Press::Unknown { right } => {
                        unknown += 1;
                        unknown_right += u64::from(right);
                        "never answered"
                    }
                };
                *totals.entry(kind).or_default() += 1;
            }
            let name = format!("member{}", player(g as u64, p));
            let (right, answers) =
                leaderboard_line(board, &name).map_or((0, 0), |(_, right, all)| (right, all));
            let fits = (acked..=acked + unknown).contains(&answers)
                && (acked_right..=acked_right + unknown_right).contains(&right);
            if !fits {
                problems.push(format!(
                    "game {g}, {name}: acknowledged {acked} ({acked_right} right), never \
                     answered {unknown}; the leaderboard counts {answers} ({right} right)\n{board}"
                ));
            }
        }
    }
    totals
}

fn run(binary: &Path, url: &str, fake: Arc<FakeDiscord>) {
    let began = Instant::now();
    let seed: u64 = std::env::var("DRAMABOT_FLEET_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("fleet test: seed {seed} (DRAMABOT_FLEET_SEED={seed} repeats its choices)");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut scratch, url) = Scratch::create(url);
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let env = vec![
        ("DISCORD_TOKEN", TOKEN.to_string()),
        ("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base()),
        (
            "DRAMABOT_DISCORD_PUBLIC_KEY",
            hex(key.verifying_key().as_bytes()),
        ),
        ("DRAMABOT_DATABASE_URL", url),
        (
            "DRAMABOT_DATA_PACKS",
            packs(&scratch.dir).display().to_string(),
        ),
    ];
    let fleet = Arc::new(Fleet::start(binary, env, &scratch.dir));
    fleet.wait_listening(Duration::from_secs(60));
    let deadline = Instant::now() + Duration::from_secs(60);
    while fake.identified() == 0 {
        assert!(
            Instant::now() < deadline,
            "the gateway process never identified"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    say(began, "3 processes up");
    let sender = Arc::new(Sender {
        fake: fake.clone(),
        fleet: fleet.clone(),
        key,
        next_id: AtomicU64::new(1_000_000),
    });
    let due = set_up_servers(&sender, began);

    // The games, and the killing, until the posts are well under way and the games had a minute.
    let kill_until = instant_at(due + 25.seconds()).max(Instant::now() + Duration::from_secs(60));
    let over = Arc::new(AtomicBool::new(false));
    let games: Vec<_> = (0..GAMES)
        .map(|g| {
            let (sender, seed, over) = (sender.clone(), rng.random(), over.clone());
            std::thread::spawn(move || play(&sender, g, seed, &over))
        })
        .collect();
    let kills = kill_at_random(&fleet, &mut rng, instant_at(due), kill_until, began);
    say(began, "killing stopped; waiting for the rest");
    // Everything due comes out once the dead processes' leases have run out. The database says
    // when the games are over.
    let deadline = Instant::now() + SETTLE;
    while (fake.count(|r| is_post(r) && !r.replayed) < SERVERS as usize || !scratch.games_over())
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(200));
    }
    over.store(true, Ordering::Relaxed);
    let played: Vec<Played> = games
        .into_iter()
        .map(|g| g.join().expect("a game's driver"))
        .collect();
    say(began, "posts and games done");
    let boards = leaderboards(&sender);
    // A doubled message would come now.
    std::thread::sleep(Duration::from_secs(2));
    let exits = fleet.stop();

    let seen = fake.requests();
    let mut problems = Vec::new();
    let mut lost = Vec::new();
    let (replays, latest) = check_posts(&seen, due, &mut problems);
    let (asked, closed, repeated) = check_rounds(&seen, &mut problems, &mut lost);
    let presses = check_presses(&played, &boards, &mut problems);
    let mut tries = [0u32; 3];
    for game in &played {
        for (slot, n) in game.tries.iter().enumerate() {
            tries[slot] += n;
        }
    }
    let unanswered: u32 = played.iter().map(|g| g.unanswered).sum();
    println!(
        "fleet test summary (seed {seed}, {:.0} s):\n  \
         posts: {SERVERS} servers, {} made, {replays} resend(s) answered with the first by its \
         nonce, the latest {latest:.1} s after its minute; in the database {:?}\n  \
         rounds: {GAMES} games of {ROUNDS} questions: {asked} asked, {closed} closed \
         ({repeated} by the same edit sent again after a lease), {} final standings\n  \
         presses: {presses:?}; tries over the gateway {}, worker 0 {}, worker 1 {}; {unanswered} \
         tries unanswered\n  \
         kills: {} ({})\n  \
         exits at SIGTERM: {exits:?}",
        began.elapsed().as_secs_f64(),
        seen.iter().filter(|r| is_post(r) && !r.replayed).count(),
        scratch.post_states(),
        seen.iter().filter(|r| is_final(r)).count(),
        tries[0],
        tries[1],
        tries[2],
        kills.len(),
        fleet.kills(),
    );
    for (message, count) in fleet.logged() {
        println!("  logged {count}x {message}");
    }
    for (name, code) in &exits {
        if *code != Some(0) {
            problems.push(format!(
                "{name} exited with {code:?} at SIGTERM:\n{}",
                fleet.last_words(name)
            ));
        }
    }
    assert!(
        kills.len() >= 3,
        "only {} kill(s): the test proves little",
        kills.len()
    );
    if !lost.is_empty() {
        println!(
            "fleet test: {} trivia message(s) never sent (committed by a process killed before it \
             sent them):\n  {}",
            lost.len(),
            lost.join("\n  ")
        );
        problems.extend(lost);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
