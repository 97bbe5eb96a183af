//! End-to-end: the real `dramabot run` (serenity client, handler, router, store) against a fake
//! Discord on loopback, and `dramabot serve-http` against signed HTTP interactions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here is a failing test, it cannot crash the bot"
)]

mod fake_discord;
mod fleet;
mod game_night;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ed25519_dalek::{Signer, SigningKey};
use fake_discord::{
    CHANNEL, FakeDiscord, GUILD, MEMBER, MODERATOR, Recorded, command, interaction, member,
    record_path,
};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);
/// A token of the right shape; the fake accepts any.
const TOKEN: &str = "MTExMTExMTExMTExMTExMTEx.Gfake0.fake-token-for-tests-only-000000000000";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `dramabot` process that is killed if a test fails before stopping it.
struct Bot {
    child: Child,
}

impl Bot {
    fn start(args: &[&str], db: &Path, env: &[(&str, String)]) -> Bot {
        let mut command = bot_command(Path::new(env!("CARGO_BIN_EXE_dramabot")), args, db, env);
        Bot {
            child: command.spawn().expect("dramabot starts"),
        }
    }

    /// Sends SIGTERM and returns the exit code.
    fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "dramabot did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The command that starts `binary` with `args` on the SQLite file `db` (an environment entry may
/// name another database), the real packs, this test's `env` and none of the caller's `DRAMABOT_`
/// settings; its log goes to the test's stderr.
fn bot_command(binary: &Path, args: &[&str], db: &Path, env: &[(&str, String)]) -> Command {
    let mut command = Command::new(binary);
    command
        .args(args)
        .env("DRAMABOT_DATA_PACKS", repo().join("data/packs"))
        .env("DRAMABOT_DATABASE_PATH", db)
        // Serenity warns about every close handshake of a stopping shard; our own warnings stay.
        .env(
            "RUST_LOG",
            "warn,serenity::gateway::bridge::shard_runner=error",
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (name, _) in std::env::vars() {
        if name.starts_with("DRAMABOT_") && name != "DRAMABOT_DATA_PACKS" || name == "DISCORD_TOKEN"
        {
            command.env_remove(name);
        }
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

fn gateway_bot(fake: &FakeDiscord, db: &Path) -> Bot {
    gateway_bot_with(fake, db, &[])
}

/// [`gateway_bot`] with more environment (settings) for the bot.
fn gateway_bot_with(fake: &FakeDiscord, db: &Path, env: &[(&str, String)]) -> Bot {
    let mut all = vec![
        ("DISCORD_TOKEN", TOKEN.to_string()),
        ("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base()),
    ];
    all.extend_from_slice(env);
    Bot::start(&["run"], db, &all)
}

fn button(id: u64, custom_id: &str) -> Value {
    button_by(id, custom_id, "53908232506183680")
}

fn button_by(id: u64, custom_id: &str, user: &str) -> Value {
    let mut payload = interaction(
        3,
        id,
        json!({"component_type": 2, "custom_id": custom_id}),
        MEMBER,
    );
    payload["member"] = member(MEMBER, user);
    payload["message"] = json!({
        "id": "5555", "channel_id": CHANNEL,
        "author": {"id": fake_discord::APPLICATION_ID, "username": "bot", "discriminator": "0000", "avatar": null},
        "content": "", "timestamp": "2024-01-01T00:00:00+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "pinned": false, "type": 0
    });
    payload
}

fn is_callback(id: u64) -> impl Fn(&Recorded) -> bool {
    let path = format!("/api/v10/interactions/{id}/token-{id}/callback");
    move |r| r.method == "POST" && r.path == path
}

/// Whether an embed has a field of this name (`/about` has one per pack, in pack order).
fn has_field(embed: &Value, name: &str) -> bool {
    embed["fields"]
        .as_array()
        .is_some_and(|fields| fields.iter().any(|f| f["name"] == name))
}

async fn callback(fake: &FakeDiscord, id: u64) -> Value {
    fake.wait_for(1, WAIT, is_callback(id)).await.remove(0).body
}

fn registration(r: &Recorded) -> bool {
    r.method == "PUT" && r.path.ends_with("/commands")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_about_and_refusals_through_the_real_client() {
    let fake = FakeDiscord::start(&record_path("gateway")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot(&fake, &dir.path().join("bot.db"));

    let registered = fake.wait_for(1, WAIT, registration).await.remove(0);
    assert_eq!(
        registered.path,
        format!(
            "/api/v10/applications/{}/commands",
            fake_discord::APPLICATION_ID
        )
    );
    let names: Vec<&str> = registered
        .body
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "about", "cast", "facts", "lists", "quote", "qotd", "trivia", "settings", "content",
            "submit", "review"
        ]
    );
    let settings = &registered.body[7];
    assert_eq!(settings["default_member_permissions"], "32");
    assert_eq!(settings["name_localizations"]["ko"], "설정");
    // A reviewer-role member without Manage Server must see /review: its handlers check.
    let review = &registered.body[10];
    assert_eq!(review["name"], "review");
    assert!(review["default_member_permissions"].is_null(), "{review}");
    fake.wait_identified(WAIT).await;

    // /about
    fake.dispatch(
        "INTERACTION_CREATE",
        command(1001, "about", json!([]), MEMBER),
    );
    let body = callback(&fake, 1001).await;
    assert_eq!(body["type"], 4);
    assert_eq!(
        body["data"]["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    let embed = &body["data"]["embeds"][0];
    assert_eq!(
        embed["title"],
        concat!("dramabot ", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        has_field(embed, "The Trauma Code: Heroes on Call (중증외상센터)"),
        "{embed}"
    );

    // A member whose Discord is in Korean reads /about, and a refusal, in Korean.
    let mut korean = command(1090, "about", json!([]), MEMBER);
    korean["locale"] = json!("ko");
    fake.dispatch("INTERACTION_CREATE", korean);
    let body = callback(&fake, 1090).await;
    let embed = &body["data"]["embeds"][0];
    assert!(
        embed["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("드라마 팬")),
        "{embed}"
    );
    assert!(
        has_field(embed, "중증외상센터 (The Trauma Code: Heroes on Call)"),
        "{embed}"
    );
    let mut korean = command(1091, "dance", json!([]), MEMBER);
    korean["locale"] = json!("ko");
    fake.dispatch("INTERACTION_CREATE", korean);
    let body = callback(&fake, 1091).await;
    assert!(
        body["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("`/dance`은(는) 모르는 명령어예요.")),
        "{body}"
    );

    // /cast: autocomplete, then a lookup by another spelling.
    let typing = interaction(
        4,
        1012,
        json!({"id": "771825006014889984", "name": "cast", "type": 1,
        "options": [{"type": 3, "name": "name", "value": "joo ji", "focused": true}]}),
        MEMBER,
    );
    fake.dispatch("INTERACTION_CREATE", typing);
    let body = callback(&fake, 1012).await;
    assert_eq!(
        body["data"]["choices"][0]["name"],
        "Ju Ji-hoon (주지훈) · person"
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1013,
            "cast",
            json!([{"type": 3, "name": "name", "value": "Jung Jae kwang"}]),
            MEMBER,
        ),
    );
    let body = callback(&fake, 1013).await;
    assert_eq!(
        body["data"]["embeds"][0]["title"],
        "Jeong Jae-kwang (정재광)"
    );

    // The quote of the day, the same on a second ask.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1010,
            "quote",
            json!([{"type": 1, "name": "today", "options": []}]),
            MEMBER,
        ),
    );
    let first = callback(&fake, 1010).await;
    assert!(
        first["data"]["embeds"][0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Quote of the day · ")),
        "{first}"
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1011,
            "quote",
            json!([{"type": 1, "name": "today", "options": []}]),
            MEMBER,
        ),
    );
    assert_eq!(
        callback(&fake, 1011).await["data"]["embeds"],
        first["data"]["embeds"]
    );

    // A moderator command, refused to a member and answered for a moderator.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1002,
            "settings",
            json!([{"type": 1, "name": "show", "options": []}]),
            MEMBER,
        ),
    );
    let body = callback(&fake, 1002).await;
    assert_eq!(body["data"]["flags"], 64, "private");
    assert_eq!(
        body["data"]["content"],
        "Only members with the **Manage Server** permission can do that."
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1003,
            "settings",
            json!([{"type": 1, "name": "show", "options": []}]),
            MODERATOR,
        ),
    );
    let body = callback(&fake, 1003).await;
    assert_eq!(body["data"]["embeds"][0]["title"], "Server settings");

    // What the server plays: every member sees the lists, its own first; a moderator turns one off.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(1014, "lists", json!([]), MEMBER),
    );
    let body = callback(&fake, 1014).await;
    assert_eq!(body["data"]["embeds"][0]["title"], "What this server plays");
    assert_eq!(
        body["data"]["embeds"][0]["fields"][0]["name"],
        "This server's own"
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1015,
            "content",
            json!([{"type": 1, "name": "disable", "options": [{"type": 3, "name": "list", "value": "kingdom"}]}]),
            MODERATOR,
        ),
    );
    let body = callback(&fake, 1015).await;
    assert_eq!(body["data"]["flags"], 64, "private");
    assert_eq!(
        body["data"]["content"],
        "**Kingdom (킹덤)** is off: this server no longer plays it."
    );

    // Autocomplete on /facts topic.
    let complete = interaction(
        4,
        1004,
        json!({"id": "771825006014889984", "name": "facts", "type": 1,
        "options": [{"type": 3, "name": "topic", "value": "ju", "focused": true}]}),
        MEMBER,
    );
    fake.dispatch("INTERACTION_CREATE", complete);
    let body = callback(&fake, 1004).await;
    assert_eq!(body["type"], 8);
    let choices: Vec<&str> = body["data"]["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(choices.first(), Some(&"Ju Ji-hoon"), "{choices:?}");

    // Bad input: an unknown command, an option of the wrong type, a button from an old message.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(1005, "dance", json!([]), MEMBER),
    );
    assert_eq!(
        callback(&fake, 1005).await["data"]["content"],
        "I don't know `/dance`. My commands: /about, /cast, /facts, /lists, /quote, /qotd, /trivia, /settings, /content, /submit, /review."
    );
    fake.dispatch("INTERACTION_CREATE", command(1006, "settings", json!([{"type": 1, "name": "spoilers", "options": [{"type": 4, "name": "episode", "value": 99}]}]), MODERATOR));
    assert_eq!(
        callback(&fake, 1006).await["data"]["content"],
        "`episode` can be at most 16: no drama of this server has more episodes."
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            1007,
            "facts",
            json!([{"type": 3, "name": "topic", "value": "x".repeat(6000)}]),
            MEMBER,
        ),
    );
    assert_eq!(
        callback(&fake, 1007).await["data"]["content"],
        "`topic` can be at most 100 characters long."
    );
    fake.dispatch("INTERACTION_CREATE", button(1008, "trivia:old:tampered"));
    assert_eq!(callback(&fake, 1008).await["data"]["flags"], 64);
    fake.dispatch("INTERACTION_CREATE", command(1009, "settings", json!([{"type": 1, "name": "spoilers", "options": [{"type": 3, "name": "episode", "value": "four"}]}]), MODERATOR));
    assert_eq!(
        callback(&fake, 1009).await["data"]["content"],
        "`episode` must be a whole number, not `four`."
    );

    // Every interaction got exactly one callback, and the bot asked for no privileged intent.
    for id in 1001..=1013 {
        assert_eq!(
            fake.requests()
                .iter()
                .filter(|r| is_callback(id)(r))
                .count(),
            1,
            "interaction {id}"
        );
    }
    assert_eq!(bot.stop(), Some(0), "SIGTERM stops the bot cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_does_not_register_an_unchanged_command_table_again() {
    let fake = FakeDiscord::start(&record_path("restart")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("bot.db");

    let bot = gateway_bot(&fake, &db);
    fake.wait_for(1, WAIT, registration).await;
    fake.wait_identified(WAIT).await;
    assert_eq!(bot.stop(), Some(0));

    let bot = gateway_bot(&fake, &db);
    fake.wait_identifies(2, WAIT).await;
    // Registration happens on Ready; give it time to (not) happen, and prove the bot is serving.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(2001, "about", json!([]), MEMBER),
    );
    callback(&fake, 2001).await;
    assert_eq!(
        fake.requests().iter().filter(|r| registration(r)).count(),
        1
    );
    assert_eq!(bot.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shard_range_runs_just_those_shards() {
    let fake = FakeDiscord::start(&record_path("shards")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = Bot::start(
        &["run"],
        &dir.path().join("shards.db"),
        &[
            ("DISCORD_TOKEN", TOKEN.to_string()),
            ("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base()),
            ("DRAMABOT_DISCORD_SHARDS", "1..3/4".to_string()),
        ],
    );
    // Discord (and serenity) space shard starts 5 seconds apart.
    fake.wait_identifies(2, WAIT).await;
    let shards: Vec<Value> = fake
        .identifies()
        .iter()
        .map(|i| i["shard"].clone())
        .collect();
    assert_eq!(shards, vec![json!([1, 4]), json!([2, 4])]);
    assert_eq!(bot.stop(), Some(0));
}

/// Two processes of a fleet, each with half of the shards, started at once on one database and
/// given two identify buckets by Discord: every shard identifies once, no bucket is used twice
/// within 5 seconds (the fake's clock), and the two buckets are used side by side.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_with_shard_ranges_take_turns_per_identify_bucket() {
    let fake = FakeDiscord::start(&record_path("identify-buckets")).await;
    fake.set_max_concurrency(2);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("fleet.db");
    let process = |range: &str| {
        Bot::start(
            &["run"],
            &db,
            &[
                ("DISCORD_TOKEN", TOKEN.to_string()),
                ("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base()),
                ("DRAMABOT_DISCORD_SHARDS", range.to_string()),
            ],
        )
    };
    let (first, second) = (process("0..2/4"), process("2..4/4"));
    fake.wait_identifies(4, WAIT).await;
    let identified = fake.identified_at();
    let shard = |identify: &Value| identify["shard"][0].as_u64().expect("a shard id");
    let mut shards: Vec<u64> = identified.iter().map(|(_, i)| shard(i)).collect();
    shards.sort_unstable();
    assert_eq!(shards, vec![0, 1, 2, 3], "each shard identifies once");
    assert_buckets_spaced(&identified, 2);
    // Whichever process took bucket 0 first took bucket 1 at once too: the two first identifies
    // are one per bucket, not one bucket's two.
    assert_ne!(shard(&identified[0].1) % 2, shard(&identified[1].1) % 2);
    assert_eq!(first.stop(), Some(0));
    assert_eq!(second.stop(), Some(0));
}

/// Two processes of a fleet as above; once all four shards are in, one shard of each process,
/// both in bucket 0, loses its session (op 9, `d: false`) at the same moment and identifies again.
/// Serenity would send both Identifies at once, a restart after the same delay; each waits for its
/// bucket's turn in the shared database instead (through the identify gate), so within each bucket
/// every identify is at least 5 seconds after the one before (the fake's clock), and both shards
/// log in again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_that_lose_their_sessions_identify_again_at_their_buckets_turns() {
    let fake = FakeDiscord::start(&record_path("reidentify-turn")).await;
    fake.set_max_concurrency(2);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("fleet.db");
    let process = |range: &str| {
        gateway_bot_with(
            &fake,
            &db,
            &[("DRAMABOT_DISCORD_SHARDS", range.to_string())],
        )
    };
    let (first, second) = (process("0..2/4"), process("2..4/4"));
    fake.wait_identifies(4, WAIT).await;
    // Let serenity handle each Ready before it reads the invalid session.
    tokio::time::sleep(Duration::from_millis(200)).await;
    fake.invalidate_session(0);
    fake.invalidate_session(2);
    fake.wait_identifies(6, WAIT).await;
    let identified = fake.identified_at();
    let shard = |identify: &Value| identify["shard"][0].as_u64().expect("a shard id");
    let mut again: Vec<u64> = identified[4..].iter().map(|(_, i)| shard(i)).collect();
    again.sort_unstable();
    assert_eq!(again, vec![0, 2], "both shards log in again");
    assert_buckets_spaced(&identified, 2);
    // The new sessions stay: no more identifies.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(fake.identified(), 6);
    assert_eq!(first.stop(), Some(0));
    assert_eq!(second.stop(), Some(0));
}

/// One process with every shard of two, in one identify bucket: each shard is its own serenity
/// manager, which spaces only its own restarts, so when both lose their sessions at once their
/// Identifies go through the identify gate too, and are 5 seconds apart (the fake's clock).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_with_two_shards_in_one_bucket_identifies_again_a_turn_apart() {
    let fake = FakeDiscord::start(&record_path("reidentify-lone")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot_with(
        &fake,
        &dir.path().join("lone.db"),
        &[("DRAMABOT_DISCORD_SHARDS", "0..2/2".to_string())],
    );
    fake.wait_identifies(2, WAIT).await;
    // Let serenity handle each Ready before it reads the invalid session.
    tokio::time::sleep(Duration::from_millis(200)).await;
    fake.invalidate_session(0);
    fake.invalidate_session(1);
    fake.wait_identifies(4, WAIT).await;
    assert_buckets_spaced(&fake.identified_at(), 1);
    assert_eq!(bot.stop(), Some(0));
}

/// Within each of Discord's `buckets` identify buckets, every identify the fake recorded is at
/// least 5 seconds after the one before (by the fake's clock), as Discord requires.
fn assert_buckets_spaced(identified: &[(Instant, Value)], buckets: u64) {
    let shard = |identify: &Value| identify["shard"][0].as_u64().expect("a shard id");
    for bucket in 0..buckets {
        let at: Vec<Instant> = identified
            .iter()
            .filter(|(_, i)| shard(i) % buckets == bucket)
            .map(|(at, _)| *at)
            .collect();
        for pair in at.windows(2) {
            let gap = pair[1].duration_since(pair[0]);
            assert!(
                gap >= Duration::from_secs(5),
                "bucket {bucket} identified twice {gap:?} apart"
            );
        }
    }
}

fn subcommand(id: u64, name: &str, sub: &str, options: Value) -> Value {
    command(
        id,
        name,
        json!([{"type": 1, "name": sub, "options": options}]),
        MODERATOR,
    )
}

fn channel_option(channel: &str) -> Value {
    json!([{"type": 7, "name": "channel", "value": channel}])
}

const QUOTES_CHANNEL: &str = "700000000000000001";

fn channel_post(r: &Recorded) -> bool {
    r.method == "POST" && r.path == format!("/api/v10/channels/{QUOTES_CHANNEL}/messages")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_post_goes_out_once_through_the_scheduler() {
    let fake = FakeDiscord::start(&record_path("daily")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("daily.db");
    let bot = gateway_bot(&fake, &db);
    fake.wait_identified(WAIT).await;

    // A channel the bot cannot see is refused and changes nothing.
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            4001,
            "qotd",
            "channel",
            channel_option(fake_discord::HIDDEN_CHANNEL),
        ),
    );
    let refused = callback(&fake, 4001).await;
    assert!(
        refused["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("I can't see")),
        "{refused}"
    );
    // In the reader's language.
    let mut korean = subcommand(
        4090,
        "qotd",
        "channel",
        channel_option(fake_discord::HIDDEN_CHANNEL),
    );
    korean["locale"] = json!("ko");
    fake.dispatch("INTERACTION_CREATE", korean);
    let refused = callback(&fake, 4090).await;
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert!(
        refused["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with(&format!(
                "저는 <#{}> 채널을 볼 수 없어요.",
                fake_discord::HIDDEN_CHANNEL
            ))),
        "{refused}"
    );

    // A zone where it is well inside the day, and a minute 15 to 75 seconds ahead: a time already
    // past when the post is turned on waits for tomorrow, and the settings below take well under
    // 15 seconds, so the post falls due soon after them.
    let now = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(75);
    let zone = ["UTC", "Asia/Seoul", "America/New_York"]
        .into_iter()
        .find(|z| {
            let hour = now
                .to_zoned(jiff::tz::TimeZone::get(z).expect("zone"))
                .hour();
            (1..23).contains(&hour)
        })
        .expect("one of three zones is inside its day");
    let local = now.to_zoned(jiff::tz::TimeZone::get(zone).expect("zone"));
    let time = local.strftime("%H:%M").to_string();
    let steps = [
        subcommand(4002, "qotd", "channel", channel_option(QUOTES_CHANNEL)),
        subcommand(
            4003,
            "qotd",
            "timezone",
            json!([{"type": 3, "name": "zone", "value": zone}]),
        ),
        subcommand(
            4004,
            "qotd",
            "time",
            json!([{"type": 3, "name": "time", "value": time}]),
        ),
        subcommand(4005, "qotd", "on", json!([])),
    ];
    for (n, step) in steps.into_iter().enumerate() {
        fake.dispatch("INTERACTION_CREATE", step);
        let body = callback(&fake, 4002 + n as u64).await;
        assert_eq!(
            body["data"]["flags"], 64,
            "settings answers are private: {body}"
        );
    }
    let post = fake
        .wait_for(1, WAIT + Duration::from_secs(75), channel_post)
        .await
        .remove(0)
        .body;
    assert_eq!(post["enforce_nonce"], true);
    assert!(
        post["nonce"]
            .as_str()
            .is_some_and(|n| n.starts_with("qotd") && n.len() <= 25),
        "{post}"
    );
    assert_eq!(
        post["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    let date = local.date().to_string();
    assert_eq!(
        post["embeds"][0]["title"],
        format!("Quote of the day · {date}")
    );

    // The same quote for everyone asking today.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            4006,
            "quote",
            json!([{"type": 1, "name": "today", "options": []}]),
            MEMBER,
        ),
    );
    assert_eq!(
        callback(&fake, 4006).await["data"]["embeds"][0]["description"],
        post["embeds"][0]["description"]
    );

    // A restart the same day posts nothing more.
    assert_eq!(bot.stop(), Some(0));
    let bot = gateway_bot(&fake, &db);
    fake.wait_identifies(2, WAIT).await;
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(4007, "qotd", "status", json!([])),
    );
    let status = callback(&fake, 4007).await;
    let fields = status["data"]["embeds"][0]["fields"].to_string();
    assert!(fields.contains(&format!("{date}: sent")), "{fields}");
    assert_eq!(
        fake.requests().iter().filter(|r| channel_post(r)).count(),
        1,
        "posted once"
    );
    assert_eq!(bot.stop(), Some(0));
}

/// The custom ids of a posted question's buttons.
/// A MODAL_SUBMIT payload as Discord sends it: each text input in its own row, with its value.
fn modal_submit(id: u64, custom_id: &str, fields: &[(&str, &str)]) -> Value {
    let rows: Vec<Value> = fields
        .iter()
        .map(|(name, value)| {
            json!({"type": 1, "components": [{"type": 4, "custom_id": name, "value": value}]})
        })
        .collect();
    interaction(
        5,
        id,
        json!({"custom_id": custom_id, "components": rows}),
        MEMBER,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_submits_a_quote_through_its_modal_and_lists_it() {
    let fake = FakeDiscord::start(&record_path("submit")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot(&fake, &dir.path().join("bot.db"));
    fake.wait_for(1, WAIT, registration).await;
    fake.wait_identified(WAIT).await;

    // The command opens the form (callback type 9, MODAL).
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            6001,
            "submit",
            "quote",
            json!([{"type": 3, "name": "speaker", "value": "Baek Kang-hyuk"}]),
        ),
    );
    let form = callback(&fake, 6001).await;
    assert_eq!(form["type"], 9, "{form}");
    let custom_id = form["data"]["custom_id"].as_str().expect("a custom id");
    assert!(custom_id.starts_with("submit:quote:"), "{custom_id}");
    let inputs: Vec<&str> = form["data"]["components"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|row| row["components"][0]["custom_id"].as_str())
        .collect();
    assert_eq!(inputs, ["text", "context", "source"]);

    // A problem is named by its field, and nothing is stored.
    fake.dispatch(
        "INTERACTION_CREATE",
        modal_submit(
            6002,
            custom_id,
            &[
                ("text", "@everyone The golden hour waits for no one."),
                ("context", "Baek Kang-hyuk to the team"),
                ("source", "ftp://example.com/x"),
            ],
        ),
    );
    let refused = callback(&fake, 6002).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert!(
        refused["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Source: give a web address")),
        "{refused}"
    );

    // The form sent again, right: stored as pending, the member told its id, and nobody pinged.
    fake.dispatch(
        "INTERACTION_CREATE",
        modal_submit(
            6003,
            custom_id,
            &[
                ("text", "@everyone The golden hour waits for no one."),
                ("context", "Baek Kang-hyuk to the team"),
                ("source", "https://example.com/interview"),
            ],
        ),
    );
    let stored = callback(&fake, 6003).await;
    assert_eq!(stored["type"], 4);
    assert_eq!(stored["data"]["flags"], 64);
    assert_eq!(
        stored["data"]["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    assert_eq!(
        stored["data"]["content"],
        "Thank you! Your quote is #1, waiting for a moderator's review. See `/submit mine` for its state."
    );

    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(6004, "submit", "mine", json!([])),
    );
    let mine = callback(&fake, 6004).await;
    let embed = &mine["data"]["embeds"][0];
    assert_eq!(embed["title"], "Your submissions");
    let list = embed["description"].as_str().expect("a list");
    assert!(list.starts_with("**#1** · quote · ⏳ pending · "), "{list}");
    assert!(
        list.contains("> @everyone The golden hour waits for no one."),
        "{list}"
    );
    assert_eq!(bot.stop(), Some(0));
}

/// `payload` as sent by a member with Manage Server who is not the submitter.
fn as_moderator(mut payload: Value) -> Value {
    payload["member"] = member(MODERATOR, "77");
    payload
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_approves_a_submission_and_it_is_in_play_at_once() {
    let fake = FakeDiscord::start(&record_path("review")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot(&fake, &dir.path().join("bot.db"));
    fake.wait_for(1, WAIT, registration).await;
    fake.wait_identified(WAIT).await;

    // A member submits a quote through its form.
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            6101,
            "submit",
            "quote",
            json!([{"type": 3, "name": "speaker", "value": "Baek Kang-hyuk"}]),
        ),
    );
    let form = callback(&fake, 6101).await;
    let custom_id = form["data"]["custom_id"].as_str().expect("a custom id");
    fake.dispatch(
        "INTERACTION_CREATE",
        modal_submit(
            6102,
            custom_id,
            &[
                (
                    "text",
                    "The golden hour waits for no one, not even a surgeon.",
                ),
                ("context", "Baek Kang-hyuk to the team"),
                ("source", "https://example.com/interview"),
            ],
        ),
    );
    let stored = callback(&fake, 6102).await;
    assert!(
        stored["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Thank you! Your quote is #1")),
        "{stored}"
    );

    // A member without Manage Server or the reviewer role is refused.
    fake.dispatch(
        "INTERACTION_CREATE",
        command(
            6103,
            "review",
            json!([{"type": 1, "name": "next", "options": []}]),
            MEMBER,
        ),
    );
    let refused = callback(&fake, 6103).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert_eq!(
        refused["data"]["content"],
        "Only members with **Manage Server** or this server's reviewer role can review submissions."
    );

    // A moderator gets the card, privately, with its four buttons.
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(subcommand(6104, "review", "next", json!([]))),
    );
    let card = callback(&fake, 6104).await;
    assert_eq!(card["type"], 4, "{card}");
    assert_eq!(card["data"]["flags"], 64);
    assert_eq!(card["data"]["embeds"][0]["title"], "Submission #1 · quote");
    let buttons: Vec<&str> = card["data"]["components"][0]["components"]
        .as_array()
        .expect("buttons")
        .iter()
        .filter_map(|b| b["custom_id"].as_str())
        .collect();
    assert_eq!(
        buttons,
        [
            "review:approve:1",
            "review:reject:1",
            "review:edit:1",
            "review:skip:1"
        ]
    );

    // A member pressing Approve changes nothing; the moderator's press closes the card.
    fake.dispatch("INTERACTION_CREATE", button(6105, "review:approve:1"));
    let pressed = callback(&fake, 6105).await;
    assert_eq!(pressed["data"]["flags"], 64);
    assert_eq!(pressed["type"], 4);
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(button(6106, "review:approve:1")),
    );
    let approved = callback(&fake, 6106).await;
    assert_eq!(approved["type"], 7, "the card is updated: {approved}");
    let decision = approved["data"]["embeds"][0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "Decision")
        .and_then(|f| f["value"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(
        decision.starts_with("✅ Approved by <@77>: in play in this server now"),
        "{decision}"
    );
    assert_eq!(
        approved["data"]["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );

    // The approved quote is found at once by /quote search in this server.
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            6107,
            "quote",
            "search",
            json!([{"type": 3, "name": "text", "value": "golden hour"}]),
        ),
    );
    let found = callback(&fake, 6107).await;
    assert!(
        found["data"]["embeds"]
            .to_string()
            .contains("The golden hour waits for no one, not even a surgeon."),
        "{found}"
    );
    assert_eq!(bot.stop(), Some(0));
}

/// Checks that a message carries the standings card as Discord expects (one PNG, listed in the
/// payload's attachments), and writes it to the temporary folder as `standings-NAME.png`, to be
/// looked at as a member would.
fn standings_card(posted: &Recorded, name: &str) {
    assert_eq!(posted.body["attachments"][0]["filename"], "standings.png");
    assert_eq!(posted.body["attachments"][0]["id"], "0");
    assert_eq!(posted.files.len(), 1, "{}", posted.body);
    let (file, bytes) = &posted.files[0];
    assert_eq!(file, "standings.png");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    std::fs::write(
        std::env::temp_dir().join(format!("standings-{name}.png")),
        bytes,
    )
    .expect("the card written");
}

fn answer_buttons(post: &Value) -> Vec<String> {
    post["components"][0]["components"]
        .as_array()
        .map(|buttons| {
            buttons
                .iter()
                .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn channel_message_titled(title: &'static str) -> impl Fn(&Recorded) -> bool {
    move |r| {
        r.method == "POST"
            && r.path == format!("/api/v10/channels/{CHANNEL}/messages")
            && r.body["embeds"][0]["title"] == title
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_three_member_trivia_game_through_the_gateway() {
    let fake = FakeDiscord::start(&record_path("trivia")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = pack_bot(&fake, dir.path(), &TEST_QUESTIONS);
    fake.wait_identified(WAIT).await;
    const PLAYERS: [&str; 3] = [
        "500000000000000001",
        "500000000000000002",
        "500000000000000003",
    ];

    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            5001,
            "settings",
            "trivia",
            json!([{"type": 4, "name": "seconds", "value": 10}]),
        ),
    );
    assert_eq!(callback(&fake, 5001).await["data"]["flags"], 64);
    let mut start = command(
        5002,
        "trivia",
        json!([{"type": 1, "name": "start", "options": [{"type": 4, "name": "rounds", "value": 3}]}]),
        MEMBER,
    );
    start["member"] = member(MEMBER, PLAYERS[0]);
    fake.dispatch("INTERACTION_CREATE", start);
    let started = callback(&fake, 5002).await;
    assert!(
        started["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("**Trivia!** 3 questions, 10 seconds each")),
        "{started}"
    );

    // Question 1: three members press; it runs its full ten seconds.
    let first = fake
        .wait_for(1, WAIT, channel_message_titled("Question 1 of 3"))
        .await
        .remove(0)
        .body;
    let ids = answer_buttons(&first);
    assert_eq!(ids.len(), 4);
    for (n, player) in PLAYERS.iter().enumerate() {
        fake.dispatch(
            "INTERACTION_CREATE",
            button_by(5010 + n as u64, &ids[n], player),
        );
        let answer = callback(&fake, 5010 + n as u64).await;
        assert_eq!(answer["data"]["flags"], 64, "told alone");
        assert!(
            answer["data"]["content"]
                .as_str()
                .is_some_and(|c| c.starts_with("Locked in: ")),
            "{answer}"
        );
    }
    fake.dispatch("INTERACTION_CREATE", button_by(5013, &ids[3], PLAYERS[0]));
    assert!(
        callback(&fake, 5013).await["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("You already locked in"))
    );
    let edits = |r: &Recorded| {
        r.method == "PATCH"
            && r.path
                .starts_with(&format!("/api/v10/channels/{CHANNEL}/messages/"))
    };
    let closed = fake.wait_for(1, WAIT, edits).await.remove(0).body;
    assert_eq!(closed["embeds"][0]["title"], "Question 1 of 3: closed");
    assert!(
        closed["components"][0]["components"]
            .as_array()
            .is_some_and(|b| b.iter().all(|b| b["disabled"] == true))
    );

    // Questions 2 and 3 follow the pause; all three answer, so each closes at once; then the
    // standings.
    for (question, title) in [(2u64, "Question 2 of 3"), (3, "Question 3 of 3")] {
        let posted = fake
            .wait_for(1, WAIT, channel_message_titled(title))
            .await
            .remove(0)
            .body;
        let ids = answer_buttons(&posted);
        for (n, player) in PLAYERS.iter().enumerate() {
            let id = 5000 + question * 10 + n as u64;
            fake.dispatch("INTERACTION_CREATE", button_by(id, &ids[n], player));
            callback(&fake, id).await;
        }
    }
    let posted = fake
        .wait_for(1, WAIT, channel_message_titled("Final standings"))
        .await
        .remove(0);
    standings_card(&posted, "classic");
    let standings = posted.body;
    let lines = standings["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .lines()
        .count();
    assert_eq!(lines, 3, "{standings}");
    assert_eq!(fake.wait_for(3, WAIT, edits).await.len(), 3);
    assert_eq!(bot.stop(), Some(0));
}

/// One question of the small packs the game tests play. Drawn from the real packs, which
/// question comes is chance: a short answer ("8") has nothing for a hint to reveal, and a test
/// cannot know which button is right.
struct TestQuestion {
    id: &'static str,
    question: &'static str,
    answer: &'static str,
    wrong: [&'static str; 3],
}

/// The game tests' questions: four choices each, answers long enough for every hint they ask.
const TEST_QUESTIONS: [TestQuestion; 3] = [
    TestQuestion {
        id: "department",
        question: "Which department is the story set in?",
        answer: "Severe Trauma Center",
        wrong: [
            "Pediatric Oncology Ward",
            "Plastic Surgery Clinic",
            "Dental Annex",
        ],
    },
    TestQuestion {
        id: "broadcaster",
        question: "Which service released the series worldwide?",
        answer: "Netflix Streaming",
        wrong: ["Disney Plus Star", "TVING Originals", "Coupang Play Series"],
    },
    TestQuestion {
        id: "city",
        question: "Which city is the hospital in?",
        answer: "Seoul Special City",
        wrong: [
            "Busan Harbour City",
            "Incheon Port City",
            "Daegu Basin City",
        ],
    },
];

/// A pack of `questions` alone, in the packs' TOML.
fn small_pack(questions: &[TestQuestion]) -> String {
    let mut pack = String::from(
        r#"
[drama]
id = "game-test"
title = "Game Test"
title_ko = "게임 시험"
network = "Example"
year = 2025
episodes = 8

[[source]]
id = "s"
url = "https://example.com/a"
outlet = "Example"
title = "An article"
date = "2025-01-01"
"#,
    );
    for q in questions {
        pack.push_str(&format!(
            "\n[[question]]\nid = {:?}\nquestion = {:?}\nanswer = {:?}\nwrong = {:?}\n\
             difficulty = 1\ncategory = \"production\"\nsource = \"s\"\n",
            q.id, q.question, q.answer, q.wrong
        ));
    }
    pack
}

/// `dramabot run` on the gateway with `questions` as its only pack, its database in `dir`.
fn pack_bot(fake: &FakeDiscord, dir: &Path, questions: &[TestQuestion]) -> Bot {
    pack_bot_with(fake, dir, questions, &[])
}

/// [`pack_bot`] with more environment (configuration) for the bot.
fn pack_bot_with(
    fake: &FakeDiscord,
    dir: &Path,
    questions: &[TestQuestion],
    env: &[(&str, String)],
) -> Bot {
    let packs = dir.join("packs");
    std::fs::create_dir_all(&packs).expect("mkdir");
    std::fs::write(packs.join("game-test.toml"), small_pack(questions)).expect("write the pack");
    let mut all = vec![("DRAMABOT_DATA_PACKS", packs.display().to_string())];
    all.extend_from_slice(env);
    gateway_bot_with(fake, &dir.join("game.db"), &all)
}

/// The custom id of the button with the right answer on a question `post` of [`TEST_QUESTIONS`],
/// and those of the others.
fn right_and_wrong(post: &Value) -> (String, Vec<String>) {
    let text = post["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    let asked = TEST_QUESTIONS
        .iter()
        .find(|q| text.starts_with(q.question))
        .unwrap_or_else(|| panic!("not one of the test questions: {post}"));
    let mut right = None;
    let mut wrong = Vec::new();
    for button in post["components"][0]["components"]
        .as_array()
        .expect("buttons")
    {
        let id = button["custom_id"].as_str().expect("an id").to_string();
        let label = button["label"].as_str().unwrap_or_default();
        if label.ends_with(&format!(". {}", asked.answer)) {
            right = Some(id);
        } else {
            wrong.push(id);
        }
    }
    (right.expect("the right answer's button"), wrong)
}

/// The question message titled `title`, once the bot has had time to store its id: a hint given
/// before that shows only in its reply, the question's message being on its way (under load, the
/// hint test once missed the edit it waits for).
async fn stored_question(fake: &FakeDiscord, title: &'static str) -> Value {
    let posted = fake
        .wait_for(1, WAIT, channel_message_titled(title))
        .await
        .remove(0)
        .body;
    tokio::time::sleep(Duration::from_millis(500)).await;
    posted
}

/// `/trivia hint` by one of the players.
fn trivia_hint(id: u64, player: &str) -> Value {
    let mut payload = command(
        id,
        "trivia",
        json!([{"type": 1, "name": "hint", "options": []}]),
        MEMBER,
    );
    payload["member"] = member(MEMBER, player);
    payload
}

fn content(callback: &Value) -> &str {
    callback["data"]["content"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trivia_hints_by_the_starter_and_by_a_vote_through_the_gateway() {
    let fake = FakeDiscord::start(&record_path("trivia-hints")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    // Two questions whose answers are long enough for every hint the test asks.
    let bot = pack_bot(&fake, dir.path(), &TEST_QUESTIONS[..2]);
    fake.wait_identified(WAIT).await;
    const PLAYERS: [&str; 3] = [
        "500000000000000001",
        "500000000000000002",
        "500000000000000003",
    ];
    const STRANGER: &str = "500000000000000009";
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            6001,
            "settings",
            "trivia",
            json!([{"type": 4, "name": "seconds", "value": 10}]),
        ),
    );
    callback(&fake, 6001).await;
    // No game yet: a private refusal.
    fake.dispatch("INTERACTION_CREATE", trivia_hint(6002, PLAYERS[1]));
    let refused = callback(&fake, 6002).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert!(
        content(&refused).starts_with("No question is open"),
        "{refused}"
    );
    let mut start = command(
        6003,
        "trivia",
        json!([{"type": 1, "name": "start", "options": [{"type": 4, "name": "rounds", "value": 2}]}]),
        MEMBER,
    );
    start["member"] = member(MEMBER, PLAYERS[0]);
    fake.dispatch("INTERACTION_CREATE", start);
    callback(&fake, 6003).await;
    let hint_edit = |r: &Recorded| {
        r.method == "PATCH"
            && r.path
                .starts_with(&format!("/api/v10/channels/{CHANNEL}/messages/"))
            && r.body["embeds"][0]["fields"][0]["name"] == "💡 Hint 1"
    };

    // Question 1: the starter asks, and the hint is given at once, on the question's message too.
    let first = stored_question(&fake, "Question 1 of 2").await;
    fake.dispatch("INTERACTION_CREATE", trivia_hint(6010, PLAYERS[0]));
    let given = callback(&fake, 6010).await;
    assert_eq!(given["type"], 4);
    assert!(
        given["data"]["flags"].as_u64().unwrap_or(0) & 64 == 0,
        "public: {given}"
    );
    assert!(
        content(&given).starts_with("💡 **Hint 1** for question 1"),
        "{given}"
    );
    let edited = fake.wait_for(1, WAIT, hint_edit).await.remove(0).body;
    assert_eq!(edited["embeds"][0]["title"], "Question 1 of 2");
    assert_eq!(answer_buttons(&edited), answer_buttons(&first));
    let ids = answer_buttons(&first);
    for (n, player) in PLAYERS.iter().enumerate() {
        let id = 6011 + n as u64;
        fake.dispatch("INTERACTION_CREATE", button_by(id, &ids[n], player));
        callback(&fake, id).await;
    }

    // Question 2: a player's ask is a vote, with a public Hint button; a second vote and a
    // stranger's are refused privately; a second player's press makes the majority of three.
    let second = stored_question(&fake, "Question 2 of 2").await;
    fake.dispatch("INTERACTION_CREATE", trivia_hint(6020, PLAYERS[1]));
    let vote = callback(&fake, 6020).await;
    assert!(content(&vote).contains("1 of 2 votes"), "{vote}");
    let button = vote["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("the Hint button")
        .to_string();
    assert!(button.starts_with("trivia-hint:"), "{button}");
    fake.dispatch("INTERACTION_CREATE", button_by(6021, &button, PLAYERS[1]));
    let twice = callback(&fake, 6021).await;
    assert_eq!(twice["data"]["flags"], 64);
    assert!(content(&twice).starts_with("You already voted"), "{twice}");
    fake.dispatch("INTERACTION_CREATE", button_by(6022, &button, STRANGER));
    let stranger = callback(&fake, 6022).await;
    assert_eq!(stranger["data"]["flags"], 64);
    assert!(
        content(&stranger).starts_with("Only the game's starter"),
        "{stranger}"
    );
    fake.dispatch("INTERACTION_CREATE", button_by(6023, &button, PLAYERS[2]));
    let by_vote = callback(&fake, 6023).await;
    assert_eq!(by_vote["type"], 7, "the vote message becomes the hint");
    assert!(content(&by_vote).contains("the players voted"), "{by_vote}");
    assert_eq!(fake.wait_for(2, WAIT, hint_edit).await.len(), 2);
    let ids = answer_buttons(&second);
    for (n, player) in PLAYERS.iter().enumerate() {
        let id = 6024 + n as u64;
        fake.dispatch("INTERACTION_CREATE", button_by(id, &ids[n], player));
        callback(&fake, id).await;
    }
    fake.wait_for(1, WAIT, channel_message_titled("Final standings"))
        .await;
    // The game is over: the old button answers privately and nothing changes.
    fake.dispatch("INTERACTION_CREATE", button_by(6030, &button, PLAYERS[0]));
    let closed = callback(&fake, 6030).await;
    assert_eq!(closed["data"]["flags"], 64);
    assert!(
        content(&closed).starts_with("That question is closed"),
        "{closed}"
    );
    assert_eq!(bot.stop(), Some(0));
}

// ------------------------------------------------------------------------------- HTTP interactions

/// An elimination game of two members, with a third arriving too late: lives under each closed
/// question, the late member told privately, and standings with lives or who went out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_elimination_game_through_the_gateway() {
    let fake = FakeDiscord::start(&record_path("elimination")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = pack_bot(&fake, dir.path(), &TEST_QUESTIONS);
    fake.wait_identified(WAIT).await;
    const PLAYERS: [&str; 3] = [
        "500000000000000011",
        "500000000000000012",
        "500000000000000013",
    ];
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            6001,
            "settings",
            "trivia",
            json!([{"type": 4, "name": "seconds", "value": 10}]),
        ),
    );
    callback(&fake, 6001).await;
    let mut start = command(
        6002,
        "trivia",
        json!([{"type": 1, "name": "start", "options": [
            {"type": 4, "name": "rounds", "value": 3},
            {"type": 3, "name": "mode", "value": "elimination"}
        ]}]),
        MEMBER,
    );
    start["member"] = member(MEMBER, PLAYERS[0]);
    fake.dispatch("INTERACTION_CREATE", start);
    let started = callback(&fake, 6002).await;
    assert!(
        started["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("**Elimination!** 3 lives each")),
        "{started}"
    );
    let edits = |r: &Recorded| {
        r.method == "PATCH"
            && r.path
                .starts_with(&format!("/api/v10/channels/{CHANNEL}/messages/"))
    };
    // Each question: the two players press different buttons, so at most one loses a life; the
    // first runs its time (nobody is known yet), the others close as soon as both answered.
    for (question, title) in [
        (1u64, "Question 1 of 3"),
        (2, "Question 2 of 3"),
        (3, "Question 3 of 3"),
    ] {
        let posted = fake
            .wait_for(1, WAIT, channel_message_titled(title))
            .await
            .remove(0)
            .body;
        let ids = answer_buttons(&posted);
        assert_eq!(ids.len(), 4);
        if question == 2 {
            fake.dispatch("INTERACTION_CREATE", button_by(6020, &ids[0], PLAYERS[2]));
            let late = callback(&fake, 6020).await;
            assert_eq!(late["data"]["flags"], 64, "told alone");
            assert!(
                late["data"]["content"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("This game began without you")),
                "{late}"
            );
        }
        for (n, player) in PLAYERS[..2].iter().enumerate() {
            let id = 6000 + question * 10 + n as u64;
            fake.dispatch("INTERACTION_CREATE", button_by(id, &ids[n], player));
            callback(&fake, id).await;
        }
        let closed = fake
            .wait_for(question as usize, WAIT, edits)
            .await
            .remove(question as usize - 1)
            .body;
        assert!(has_field(&closed["embeds"][0], "Lives"), "{closed}");
    }
    let posted = fake
        .wait_for(1, WAIT, channel_message_titled("Final standings"))
        .await
        .remove(0);
    let text = posted.body["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let members: Vec<&str> = text.lines().filter(|l| l.contains(". **")).collect();
    assert_eq!(members.len(), 2, "{text}");
    assert!(
        members
            .iter()
            .all(|l| l.contains(" lives") || l.contains(" life") || l.contains("out on Q")),
        "{text}"
    );
    standings_card(&posted, "elimination");
    assert_eq!(bot.stop(), Some(0));
}

/// The Korean game's pack: one four-choice question with its Korean.
const KOREAN_PACK: &str = r#"
[drama]
id = "korean-test"
title = "Korean Test"
title_ko = "한국어 시험"
network = "Example"
year = 2025
episodes = 8

[[source]]
id = "s"
url = "https://example.com/a"
outlet = "Example"
title = "An article"
date = "2025-01-01"

[[question]]
id = "department"
question = "Which department is the story set in?"
question_ko = "이야기의 무대는 어느 부서일까요?"
answer = "Severe Trauma Center"
answer_ko = "중증외상센터"
wrong = ["Pediatric Oncology Ward", "Plastic Surgery Clinic", "Dental Annex"]
wrong_ko = ["소아암 병동", "성형외과", "치과"]
difficulty = 1
category = "production"
source = "s"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_korean_members_game_speaks_korean_in_the_channel_through_the_gateway() {
    let fake = FakeDiscord::start(&record_path("trivia-korean")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).expect("mkdir");
    std::fs::write(packs.join("korean.toml"), KOREAN_PACK).expect("write the pack");
    let bot = Bot::start(
        &["run"],
        &dir.path().join("korean.db"),
        &[
            ("DISCORD_TOKEN", TOKEN.to_string()),
            ("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base()),
            ("DRAMABOT_DATA_PACKS", packs.display().to_string()),
        ],
    );
    fake.wait_identified(WAIT).await;
    const PLAYERS: [&str; 2] = ["500000000000000021", "500000000000000022"];
    let mut start = command(
        6001,
        "trivia",
        json!([{"type": 1, "name": "start", "options": [{"type": 4, "name": "rounds", "value": 1}]}]),
        MEMBER,
    );
    start["member"] = member(MEMBER, PLAYERS[0]);
    start["locale"] = json!("ko");
    fake.dispatch("INTERACTION_CREATE", start);
    let started = callback(&fake, 6001).await;
    assert!(
        content(&started).starts_with("**퀴즈!** 1문제"),
        "{started}"
    );
    let posted = fake
        .wait_for(1, WAIT, channel_message_titled("1문제 중 1번"))
        .await
        .remove(0)
        .body;
    assert!(
        posted["embeds"][0]["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("이야기의 무대는 어느 부서일까요?")),
        "{posted}"
    );
    let buttons = posted["components"][0]["components"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let right = buttons
        .iter()
        .find(|b| {
            b["label"]
                .as_str()
                .is_some_and(|l| l.ends_with("중증외상센터"))
        })
        .and_then(|b| b["custom_id"].as_str())
        .expect("the Korean answer on a button")
        .to_string();
    // An English member's press is answered in English; the channel stays Korean.
    fake.dispatch("INTERACTION_CREATE", button_by(6002, &right, PLAYERS[1]));
    let locked = callback(&fake, 6002).await;
    assert_eq!(locked["data"]["flags"], 64);
    assert!(content(&locked).starts_with("Locked in: "), "{locked}");
    let mut stop = command(
        6003,
        "trivia",
        json!([{"type": 1, "name": "stop", "options": []}]),
        MEMBER,
    );
    stop["member"] = member(MEMBER, PLAYERS[0]);
    stop["locale"] = json!("ko");
    fake.dispatch("INTERACTION_CREATE", stop);
    // The standings carry their card, so the answer is deferred and completed with it.
    let deferred = callback(&fake, 6003).await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    let completed = fake
        .wait_for(1, WAIT, |r| {
            r.path.contains("/token-6003") && !r.path.ends_with("/callback")
        })
        .await
        .remove(0);
    assert_eq!(completed.files.len(), 1, "the standings card");
    let stopped = completed.body;
    let titles: Vec<&str> = stopped["embeds"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["title"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        titles,
        ["1문제 중 1번: 마감", "퀴즈 중단: 최종 순위"],
        "{stopped}"
    );
    assert_eq!(bot.stop(), Some(0));
}

fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One HTTP/1.1 request on a fresh connection; returns the status and the body.
fn post(addr: SocketAddr, headers: &[(&str, String)], body: &[u8]) -> (u16, String) {
    try_post(addr, headers, body).expect("connect")
}

/// [`post`] to a server that may be down: `None` when it cannot be reached; a status of 0 when
/// the connection ended with no answer (the server died while answering).
fn try_post(addr: SocketAddr, headers: &[(&str, String)], body: &[u8]) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut request = format!(
        "POST /interactions HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send head");
    // A refused large body may close the connection before it is all sent.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    Some((status, body))
}

fn signed(key: &SigningKey, timestamp: i64, body: &[u8]) -> Vec<(&'static str, String)> {
    let mut message = timestamp.to_string().into_bytes();
    message.extend_from_slice(body);
    vec![
        ("X-Signature-Ed25519", hex(&key.sign(&message).to_bytes())),
        ("X-Signature-Timestamp", timestamp.to_string()),
    ]
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[test]
fn http_interactions_are_verified_and_answered_through_the_router() {
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let public = hex(key.verifying_key().as_bytes());
    let addr = free_port();
    let dir = tempfile::tempdir().expect("tempdir");
    let _bot = Bot::start(
        &["serve-http", "--listen", &addr.to_string()],
        &dir.path().join("http.db"),
        &[("DRAMABOT_DISCORD_PUBLIC_KEY", public)],
    );
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "serve-http never listened");
        std::thread::sleep(Duration::from_millis(20));
    }

    let ping = br#"{"type":1,"id":"1","application_id":"111","token":"t","version":1}"#;
    let (status, body) = post(addr, &signed(&key, now(), ping), ping);
    assert_eq!((status, body.as_str()), (200, r#"{"type":1}"#));

    assert_eq!(post(addr, &[], ping).0, 401, "no signature");
    let mut bad = signed(&key, now(), ping);
    bad[0].1 = hex(&[0u8; 64]);
    assert_eq!(post(addr, &bad, ping).0, 401, "bad signature");
    assert_eq!(
        post(addr, &signed(&key, now() - 301, ping), ping).0,
        401,
        "stale timestamp"
    );
    let other = SigningKey::from_bytes(&[9u8; 32]);
    assert_eq!(
        post(addr, &signed(&other, now(), ping), ping).0,
        401,
        "another application's key"
    );

    let big = vec![b' '; (1 << 20) + 1];
    assert_eq!(
        post(addr, &signed(&key, now(), &big), &big).0,
        413,
        "over 1 MiB"
    );
    let junk = b"{not json";
    assert_eq!(
        post(addr, &signed(&key, now(), junk), junk).0,
        400,
        "malformed JSON"
    );
    let odd = br#"{"type":2,"id":"x"}"#;
    assert_eq!(
        post(addr, &signed(&key, now(), odd), odd).0,
        400,
        "not an interaction"
    );

    let about = command(3001, "about", json!([]), MEMBER).to_string();
    let (status, body) = post(
        addr,
        &signed(&key, now(), about.as_bytes()),
        about.as_bytes(),
    );
    assert_eq!(status, 200, "{body}");
    let about: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(about["type"], 4);
    assert!(
        has_field(
            &about["data"]["embeds"][0],
            "The Trauma Code: Heroes on Call (중증외상센터)"
        ),
        "{about}"
    );
    assert_eq!(about["data"]["allowed_mentions"]["parse"], json!([]));

    let refused = command(
        3002,
        "settings",
        json!([{"type": 1, "name": "show", "options": []}]),
        MEMBER,
    )
    .to_string();
    let (_, body) = post(
        addr,
        &signed(&key, now(), refused.as_bytes()),
        refused.as_bytes(),
    );
    let refused: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(refused["data"]["flags"], 64);

    // A form (interaction type 5 comes back as its submission) works the same way over HTTP.
    let submit = subcommand(
        3003,
        "submit",
        "fact",
        json!([{"type": 3, "name": "drama", "value": "the-trauma-code"}]),
    )
    .to_string();
    let (_, body) = post(
        addr,
        &signed(&key, now(), submit.as_bytes()),
        submit.as_bytes(),
    );
    let form: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(form["type"], 9, "{form}");
    let custom_id = form["data"]["custom_id"].as_str().expect("a custom id");
    let sent = modal_submit(
        3004,
        custom_id,
        &[
            ("text", "Filming of the first season took a whole year."),
            ("source", "Some Outlet | A making-of | 2025-02-01"),
        ],
    )
    .to_string();
    let (_, body) = post(addr, &signed(&key, now(), sent.as_bytes()), sent.as_bytes());
    let thanked: Value = serde_json::from_str(&body).expect("JSON");
    assert!(
        thanked["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Thank you! Your fact is #1")),
        "{thanked}"
    );

    // The answers are interaction callbacks; record them for check-discord-requests like the rest.
    let mut records = std::fs::File::create(record_path("http")).expect("record file");
    for (id, body) in [
        (3001, about),
        (3002, refused),
        (3003, form),
        (3004, thanked),
    ] {
        let path = format!("/api/v10/interactions/{id}/token-{id}/callback");
        writeln!(
            records,
            "{}",
            json!({"method": "POST", "path": path, "body": body})
        )
        .expect("record");
    }
}

// ----------------------------------------------------------------------------------------- load

/// 300 interactions as fast as the bot takes them: each gets exactly one callback. Counts only, so
/// it belongs in the ordinary (debug) test run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_interactions_is_answered_exactly_once() {
    load(300).await;
}

/// The same with 2,000, for the figures: `cargo test --release --test e2e -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a load test: run in release mode"]
async fn load_two_thousand_interactions() {
    load(2000).await;
}

async fn load(n: u64) {
    let fake = FakeDiscord::start(&record_path(&format!("load-{n}"))).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot(&fake, &dir.path().join("load.db"));
    fake.wait_for(1, WAIT, registration).await;
    fake.wait_identified(WAIT).await;

    let first = 10_000u64;
    let mut sent = std::collections::HashMap::new();
    let started = Instant::now();
    for id in first..first + n {
        let payload = match id % 4 {
            0 => command(id, "about", json!([]), MEMBER),
            1 => command(
                id,
                "facts",
                json!([{"type": 3, "name": "topic", "value": "helicopter"}]),
                MEMBER,
            ),
            2 => command(id, "facts", json!([]), MEMBER),
            _ => command(
                id,
                "settings",
                json!([{"type": 1, "name": "show", "options": []}]),
                MEMBER,
            ),
        };
        sent.insert(id, Instant::now());
        fake.dispatch("INTERACTION_CREATE", payload);
    }
    fake.wait_for(n as usize, Duration::from_secs(120), |r| {
        r.path.ends_with("/callback")
    })
    .await;
    let elapsed = started.elapsed();
    // A short grace period: a doubled callback would arrive now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let callbacks: Vec<Recorded> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/callback"))
        .collect();
    let mut latencies = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in &callbacks {
        let id: u64 = r
            .path
            .split('/')
            .nth(4)
            .and_then(|s| s.parse().ok())
            .expect("an interaction id");
        assert!(seen.insert(id), "interaction {id} answered twice");
        latencies.push(r.at.duration_since(sent[&id]));
    }
    assert_eq!(seen.len() as u64, n, "every interaction answered");
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "load: {n} interactions in {:.2} s = {:.0}/s; callback latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
    assert_eq!(bot.stop(), Some(0));
}

/// The floor `benches/load.rs` measures dramabot against: the bare serenity bot connects through
/// the same proxy setting and answers each of 100 interactions exactly once with its "pong". Counts
/// only, so that the benchmark's other half cannot rot unnoticed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bare_serenity_bot_answers_each_interaction_exactly_once() {
    let fake = FakeDiscord::start(&record_path("bare-serenity-bot")).await;
    let child = Command::new(env!("CARGO_BIN_EXE_bare-serenity-bot"))
        .env("DISCORD_TOKEN", TOKEN)
        .env("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base())
        .env(
            "RUST_LOG",
            "warn,serenity::gateway::bridge::shard_runner=error",
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the bare bot starts");
    let bot = Bot { child };
    fake.wait_identified(WAIT).await;

    let ids = 20_000u64..20_100;
    for id in ids.clone() {
        fake.dispatch(
            "INTERACTION_CREATE",
            command(id, "about", json!([]), MEMBER),
        );
    }
    fake.wait_for(ids.clone().count(), WAIT, |r| r.path.ends_with("/callback"))
        .await;
    // A doubled callback would arrive now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        fake.count(|r| r.path.ends_with("/callback")),
        ids.clone().count(),
        "one callback each"
    );
    let mut answered = std::collections::HashSet::new();
    for r in fake.requests() {
        if !r.path.ends_with("/callback") {
            continue;
        }
        let id: u64 = r
            .path
            .split('/')
            .nth(4)
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(answered.insert(id), "interaction {id} answered twice");
        assert_eq!(r.body["type"], 4, "an immediate answer");
        assert_eq!(r.body["data"]["content"], "pong");
    }
    assert_eq!(answered, ids.collect(), "every interaction answered");
    assert_eq!(bot.stop(), Some(0));
}

/// A fact about The Trauma Code, approved into the server's bank before the bot starts.
const BANK_FACT: &str = r#"
[drama]
id = "the-trauma-code"
title = "The Trauma Code: Heroes on Call"
title_ko = "중증외상센터"
network = "Netflix"
year = 2025
episodes = 8

[[source]]
id = "submitted-source"
outlet = "example.com"
title = "A fan site"
date = "2026-01-01"
url = "https://example.com/fans"

[[fact]]
id = "submitted"
about = ["the-trauma-code"]
text = "Fans gather every Friday to rewatch the first episode."
source = "submitted-source"
"#;

/// A Red-DiscordBot trivia list, as a moderator attaches it.
const RED_LIST: &str = "AUTHOR: A fan\n\
Who leads the trauma team?:\n- Baek Kang-hyuk\n\
Which city is the hospital in?:\n- Seoul\n";

/// A command with one attachment option, resolved as Discord sends it.
fn with_attachment(
    id: u64,
    sub: &str,
    options: Value,
    name: &str,
    url: &str,
    size: usize,
) -> Value {
    let mut payload = subcommand(id, "content", sub, options);
    payload["data"]["resolved"] = json!({"attachments": {"880000000000000001": {
        "id": "880000000000000001", "filename": name, "size": size, "url": url, "proxy_url": url,
        "content_type": "text/yaml"
    }}});
    payload
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_imports_an_attached_list_and_exports_the_bank() {
    let fake = FakeDiscord::start(&record_path("import-export")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("bot.db");
    {
        let loaded = dramabot::startup::open_and_import(
            db.to_str().expect("a UTF-8 path"),
            &repo().join("data/packs"),
            jiff::Timestamp::now(),
        )
        .expect("the packs load");
        let mut store = loaded.store;
        let pack = dramabot::pack::parse("fact.toml", BANK_FACT.as_bytes()).expect("parses");
        dramabot_core::content::approve_into_bank(
            &mut store,
            dramabot::ids::GuildId(GUILD.parse().expect("an id")),
            &pack,
            dramabot::ids::UserId(1),
            jiff::Timestamp::now(),
        )
        .expect("approved");
    }
    let bot = gateway_bot(&fake, &db);
    fake.wait_for(1, WAIT, registration).await;
    fake.wait_identified(WAIT).await;

    // The import: the bot fetches the file from the URL Discord gives, and queues every question.
    let url = fake.serve_file("team.yaml", RED_LIST.as_bytes());
    let file = json!([
        {"type": 11, "name": "file", "value": "880000000000000001"},
        {"type": 3, "name": "drama", "value": "the-trauma-code"}
    ]);
    fake.dispatch(
        "INTERACTION_CREATE",
        with_attachment(
            7001,
            "import",
            file.clone(),
            "team.yaml",
            &url,
            RED_LIST.len(),
        ),
    );
    let imported = callback(&fake, 7001).await;
    assert_eq!(imported["data"]["flags"], 64, "{imported}");
    let text = imported["data"]["content"].as_str().unwrap_or_default();
    assert!(
        text.contains("2 read, 2 queued for review, 0 skipped as duplicates"),
        "{text}"
    );
    assert!(text.contains("source needed"), "{text}");

    // A file declared too large is refused before it is fetched, privately.
    fake.dispatch(
        "INTERACTION_CREATE",
        with_attachment(7002, "import", file, "big.yaml", &url, 20 * 1024 * 1024),
    );
    let refused = callback(&fake, 7002).await;
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert!(
        refused["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("too large")),
        "{refused}"
    );

    // The export: a private follow-up carrying the bank as a pack TOML file.
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(7003, "content", "export", json!([])),
    );
    let deferred = callback(&fake, 7003).await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    let follow_up = fake
        .wait_for(1, WAIT, |r| {
            r.method == "POST" && r.path.ends_with("/token-7003")
        })
        .await
        .remove(0);
    assert_eq!(follow_up.body["flags"], 64, "{}", follow_up.body);
    let (name, bytes) = follow_up.files.first().expect("a file").clone();
    assert_eq!(name, "the-trauma-code-server.toml");
    let exported = dir.path().join(&name);
    std::fs::write(&exported, &bytes).expect("written");
    let checked = Command::new(env!("CARGO_BIN_EXE_dramabot"))
        .arg("check-data")
        .arg(&exported)
        .output()
        .expect("check-data runs");
    assert!(
        checked.status.success(),
        "check-data refused the export:\n{}\n{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(String::from_utf8_lossy(&bytes).contains("Fans gather every Friday"));
    assert_eq!(bot.stop(), Some(0));
}

/// A one-question Red list, imported without a source.
const RED_ONE: &str =
    "Who leads the trauma team at Hankuk University Hospital?:\n- Baek Kang-hyuk\n";
/// Where the reviewer found the imported question's answer.
const REVIEW_SOURCE: &str = "https://example.com/trauma-team";
/// Who plays in the bank game.
const PLAYER: &str = "500000000000000007";

/// A form's text inputs as the bot sent them: custom id and prefilled value.
fn form_values(form: &Value) -> Vec<(String, String)> {
    form["data"]["components"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            let input = &row["components"][0];
            (
                input["custom_id"].as_str().unwrap_or_default().to_string(),
                input["value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// An embed field's value, by name.
fn field<'a>(embed: &'a Value, name: &str) -> &'a str {
    embed["fields"]
        .as_array()
        .and_then(|fields| fields.iter().find(|f| f["name"] == name))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_default()
}

/// `payload` sent by the bank game's player.
fn by_player(mut payload: Value) -> Value {
    payload["member"] = member(MEMBER, PLAYER);
    payload
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_items_are_asked_in_a_game_one_after_a_source_is_added_in_review() {
    let fake = FakeDiscord::start(&record_path("bank-trivia")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot(&fake, &dir.path().join("bot.db"));
    fake.wait_for(1, WAIT, registration).await;
    fake.wait_identified(WAIT).await;

    // A moderator imports a Red list from an attachment the fake serves, without a source.
    let url = fake.serve_file("team.yaml", RED_ONE.as_bytes());
    fake.dispatch(
        "INTERACTION_CREATE",
        with_attachment(
            8001,
            "import",
            json!([
                {"type": 11, "name": "file", "value": "880000000000000001"},
                {"type": 3, "name": "drama", "value": "the-trauma-code"}
            ]),
            "team.yaml",
            &url,
            RED_ONE.len(),
        ),
    );
    let imported = callback(&fake, 8001).await;
    let text = imported["data"]["content"].as_str().unwrap_or_default();
    assert!(text.contains("1 read, 1 queued for review"), "{text}");
    assert!(text.contains("source needed"), "{text}");

    // A member submits a question with choices through its form.
    let mut open = command(
        8002,
        "submit",
        json!([{"type": 1, "name": "question", "options": [
            {"type": 3, "name": "drama", "value": "the-trauma-code"},
            {"type": 3, "name": "category", "value": "characters"}
        ]}]),
        MEMBER,
    );
    open["member"] = member(MEMBER, "600000000000000001");
    fake.dispatch("INTERACTION_CREATE", open);
    let form = callback(&fake, 8002).await;
    assert_eq!(form["type"], 9, "{form}");
    let custom_id = form["data"]["custom_id"].as_str().expect("a custom id");
    let mut sent = modal_submit(
        8003,
        custom_id,
        &[
            (
                "question",
                "What does Baek Kang-hyuk call the first hour after an injury?",
            ),
            ("answer", "The golden hour"),
            ("wrong", "The silver hour\nThe quiet hour\nThe last hour"),
            ("accept", ""),
            ("source", "https://example.com/golden-hour"),
        ],
    );
    sent["member"] = member(MEMBER, "600000000000000001");
    fake.dispatch("INTERACTION_CREATE", sent);
    let stored = callback(&fake, 8003).await;
    assert!(
        stored["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Thank you! Your question is #2")),
        "{stored}"
    );

    // Review: the imported question comes first, plainly without a source.
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(subcommand(8004, "review", "next", json!([]))),
    );
    let card = callback(&fake, 8004).await;
    let embed = &card["data"]["embeds"][0];
    assert_eq!(embed["title"], "Submission #1 · question", "{card}");
    assert_eq!(
        field(embed, "Source"),
        "none yet — add one with Edit (imported from `team.yaml`)"
    );
    assert!(!embed.to_string().contains("imported-list"), "{embed}");
    // Approve is refused until a source is added.
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(button(8005, "review:approve:1")),
    );
    let refused = callback(&fake, 8005).await;
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert!(
        refused["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("#1 cannot be approved: it has no source yet")),
        "{refused}"
    );

    // Edit opens the question's form, prefilled, its source left for the reviewer to type.
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(button(8006, "review:edit:1")),
    );
    let edit = callback(&fake, 8006).await;
    assert_eq!(edit["type"], 9, "{edit}");
    assert_eq!(edit["data"]["custom_id"], "review-form:edit:1");
    let values = form_values(&edit);
    assert_eq!(
        values,
        [
            (
                "question".to_string(),
                "Who leads the trauma team at Hankuk University Hospital?".to_string()
            ),
            ("answer".to_string(), "Baek Kang-hyuk".to_string()),
            ("wrong".to_string(), String::new()),
            ("accept".to_string(), String::new()),
            ("source".to_string(), String::new()),
        ]
    );
    let mut filled: Vec<(&str, &str)> = values
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    filled[4].1 = REVIEW_SOURCE;
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(modal_submit(8007, "review-form:edit:1", &filled)),
    );
    let edited = callback(&fake, 8007).await;
    assert_eq!(edited["type"], 7, "the card is updated: {edited}");
    assert_eq!(edited["data"]["content"], "Saved your edit.");
    assert_eq!(field(&edited["data"]["embeds"][0], "Source"), REVIEW_SOURCE);
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(button(8008, "review:approve:1")),
    );
    let approved = callback(&fake, 8008).await;
    assert_eq!(approved["type"], 7, "{approved}");
    assert!(
        field(&approved["data"]["embeds"][0], "Decision").starts_with("✅ Approved by <@77>"),
        "{approved}"
    );

    // Next: the member's question, approved as it is.
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(button(8009, "review:skip:1")),
    );
    let next = callback(&fake, 8009).await;
    assert_eq!(
        next["data"]["embeds"][0]["title"], "Submission #2 · question",
        "{next}"
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        as_moderator(button(8010, "review:approve:2")),
    );
    assert_eq!(callback(&fake, 8010).await["type"], 7);

    // The server plays only its own list: every pack off.
    let packs = [
        "extraordinary-attorney-woo",
        "kingdom",
        "queen-of-tears",
        "squid-game",
        "the-trauma-code",
        "when-life-gives-you-tangerines",
    ];
    for (n, pack) in packs.iter().enumerate() {
        let id = 8020 + n as u64;
        fake.dispatch(
            "INTERACTION_CREATE",
            subcommand(
                id,
                "content",
                "disable",
                json!([{"type": 3, "name": "list", "value": pack}]),
            ),
        );
        let off = callback(&fake, id).await;
        assert!(
            off["data"]["content"]
                .as_str()
                .is_some_and(|c| c.ends_with("is off: this server no longer plays it.")),
            "{off}"
        );
    }
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            8030,
            "settings",
            "trivia",
            json!([{"type": 4, "name": "seconds", "value": 10}]),
        ),
    );
    assert_eq!(callback(&fake, 8030).await["data"]["flags"], 64);

    // A game of two: both approved questions, in either order.
    fake.dispatch(
        "INTERACTION_CREATE",
        by_player(command(
            8031,
            "trivia",
            json!([{"type": 1, "name": "start", "options": [{"type": 4, "name": "rounds", "value": 2}]}]),
            MEMBER,
        )),
    );
    let started = callback(&fake, 8031).await;
    assert!(
        started["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("**Trivia!** 2 questions, 10 seconds each")),
        "{started}"
    );
    let mut asked = Vec::new();
    for (round, title, closed) in [
        (1u64, "Question 1 of 2", "Question 1 of 2: closed"),
        (2, "Question 2 of 2", "Question 2 of 2: closed"),
    ] {
        let posted = fake
            .wait_for(1, WAIT, channel_message_titled(title))
            .await
            .remove(0)
            .body;
        let description = posted["embeds"][0]["description"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let id = 8040 + round;
        let right_answer = if description.starts_with("Who leads the trauma team") {
            // The imported question takes a typed answer: no buttons.
            assert!(answer_buttons(&posted).is_empty(), "{posted}");
            assert!(posted["components"].as_array().is_none_or(Vec::is_empty));
            assert!(description.contains("/trivia answer"), "{description}");
            fake.dispatch(
                "INTERACTION_CREATE",
                by_player(command(
                    id,
                    "trivia",
                    json!([{"type": 1, "name": "answer", "options": [{"type": 3, "name": "text", "value": "baek kang hyuk"}]}]),
                    MEMBER,
                )),
            );
            asked.push("typed");
            "✅ **Baek Kang-hyuk**"
        } else {
            assert!(
                description.starts_with("What does Baek Kang-hyuk call the first hour"),
                "{description}"
            );
            let buttons = posted["components"][0]["components"]
                .as_array()
                .expect("four choices");
            assert_eq!(buttons.len(), 4, "{posted}");
            let right = buttons
                .iter()
                .find(|b| {
                    b["label"]
                        .as_str()
                        .is_some_and(|l| l.ends_with(". The golden hour"))
                })
                .and_then(|b| b["custom_id"].as_str())
                .expect("the right choice");
            fake.dispatch("INTERACTION_CREATE", button_by(id, right, PLAYER));
            asked.push("choices");
            ". The golden hour**"
        };
        let answered = callback(&fake, id).await;
        assert_eq!(answered["data"]["flags"], 64, "told alone: {answered}");
        let closed_card = fake
            .wait_for(1, WAIT, |r| {
                r.method == "PATCH" && r.body["embeds"][0]["title"] == closed
            })
            .await
            .remove(0)
            .body;
        let who = field(&closed_card["embeds"][0], "Who had it");
        assert!(who.contains(&format!("member{PLAYER} (+")), "{closed_card}");
        // The closing card shows the right answer and cites the item's source.
        let shown = closed_card["embeds"][0]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(shown.ends_with(right_answer), "{closed_card}");
        assert!(
            closed_card["embeds"][0]["footer"]["text"]
                .as_str()
                .is_some_and(|f| f.starts_with("Source: example.com")),
            "{closed_card}"
        );
    }
    asked.sort_unstable();
    assert_eq!(asked, ["choices", "typed"], "both approved questions asked");
    let standings = fake
        .wait_for(1, WAIT, channel_message_titled("Final standings"))
        .await
        .remove(0)
        .body;
    let lines = standings["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(lines.contains(&format!("member{PLAYER}")), "{standings}");
    assert!(lines.contains("(2 right)"), "{standings}");
    assert_eq!(bot.stop(), Some(0));
}

const SEASON_CHANNEL: &str = "700000000000000002";
/// The members whose points the season test writes: the winner, the runner-up, and the winner of
/// the season before, who holds the reward role.
const ANN: u64 = 600000000000000001;
const BO: u64 = 600000000000000002;
const CY: u64 = 600000000000000003;

fn season_post(r: &Recorded) -> bool {
    r.method == "POST" && r.path == format!("/api/v10/channels/{SEASON_CHANNEL}/messages")
}

fn role_request(method: &'static str, user: u64) -> impl Fn(&Recorded) -> bool {
    let path = format!(
        "/api/v10/guilds/{GUILD}/members/{user}/roles/{}",
        fake_discord::LOW_ROLE
    );
    move |r| r.method == method && r.path == path
}

fn role_option(role: &str) -> Value {
    json!([{"type": 8, "name": "role", "value": role}])
}

/// `/settings show`'s field `name`, once the bot has checked the reward role.
async fn shown_field(fake: &FakeDiscord, id: u64, name: &str) -> String {
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(id, "settings", "show", json!([])),
    );
    field(&callback(fake, id).await["data"]["embeds"][0], name).to_string()
}

/// The private follow-up the bot sent after answering interaction `id` (what the check of a reward
/// role found), sent after the answer itself (a callback the fake recorded, through the gateway)
/// and after the check read the bot's roles.
async fn told_privately(fake: &FakeDiscord, id: u64) -> Value {
    let path = format!(
        "/api/v10/webhooks/{}/token-{id}",
        fake_discord::APPLICATION_ID
    );
    let told = fake
        .wait_for(1, WAIT, |r| r.method == "POST" && r.path == path)
        .await
        .remove(0);
    let answered = fake
        .requests()
        .into_iter()
        .find(|r| is_callback(id)(r))
        .map(|r| r.at);
    assert!(
        answered.is_none_or(|at| at <= told.at),
        "the answer goes first"
    );
    let bot_member = format!(
        "/api/v10/guilds/{GUILD}/members/{}",
        fake_discord::APPLICATION_ID
    );
    assert!(
        fake.requests().iter().any(|r| r.path == bot_member
            && answered.is_none_or(|at| r.at >= at)
            && r.at <= told.at),
        "checked before the follow-up (and after the answer)"
    );
    assert_eq!(told.body["flags"], 64, "{}", told.body);
    assert_eq!(
        told.body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    told.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_ends_with_its_post_and_the_reward_role_moves_on() {
    use dramabot_core::ids::{ChannelId, GuildId, RoleId, UserId};
    use dramabot_core::store::{RewardStatus, SeasonEnd, SeasonPostStatus, Store};

    let fake = FakeDiscord::start(&record_path("season")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("season.db");
    let bot = gateway_bot(&fake, &db);
    fake.wait_identified(WAIT).await;
    let checks = |fake: &FakeDiscord| {
        fake.requests()
            .iter()
            .filter(|r| {
                r.path
                    == format!(
                        "/api/v10/guilds/{GUILD}/members/{}",
                        fake_discord::APPLICATION_ID
                    )
            })
            .count()
    };

    let steps = [
        subcommand(
            5001,
            "settings",
            "timezone",
            json!([{"type": 3, "name": "zone", "value": "Asia/Seoul"}]),
        ),
        subcommand(
            5002,
            "settings",
            "seasons",
            json!([{"type": 3, "name": "length", "value": "week"},
                   {"type": 7, "name": "channel", "value": SEASON_CHANNEL}]),
        ),
        // A role above the bot's own: the check finds it cannot be given.
        subcommand(
            5003,
            "settings",
            "rewards",
            role_option(fake_discord::HIGH_ROLE),
        ),
    ];
    for (n, step) in steps.into_iter().enumerate() {
        fake.dispatch("INTERACTION_CREATE", step);
        let body = callback(&fake, 5001 + n as u64).await;
        assert_eq!(body["data"]["flags"], 64, "{body}");
    }
    // The moderator hears at once, privately, why the bot cannot give it (the role stays saved).
    let told = told_privately(&fake, 5003).await;
    assert_eq!(
        told["content"],
        format!(
            "Saved, but I cannot give <@&{}> now: the bot's highest role is not above the reward \
             role: move the bot's role higher in Server Settings > Roles. Fix it before the season \
             ends, then set the role again with `/settings rewards` to check; `/settings show` \
             tells what the last check found.",
            fake_discord::HIGH_ROLE
        )
    );
    let reward = shown_field(&fake, 5004, "Season reward").await;
    assert!(
        reward.contains("the bot's highest role is not above the reward role"),
        "{reward}"
    );
    assert_eq!(shown_field(&fake, 5005, "Time zone").await, "Asia/Seoul");

    // A role below it can be given.
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            5006,
            "settings",
            "rewards",
            role_option(fake_discord::LOW_ROLE),
        ),
    );
    callback(&fake, 5006).await;
    assert_eq!(
        told_privately(&fake, 5006).await["content"],
        format!(
            "Checked: I can give <@&{}> to each season's winner.",
            fake_discord::LOW_ROLE
        )
    );
    assert_eq!(
        shown_field(&fake, 5007, "Season reward").await,
        format!("<@&{}>: the bot can give it.", fake_discord::LOW_ROLE)
    );
    assert_eq!(bot.stop(), Some(0));
    let before = checks(&fake);

    // While the bot is down: the season began seven days ago (so exactly one Monday midnight in
    // Seoul has passed since), Ann and Bo scored in it, and Cy won the season before and holds
    // the role.
    {
        let store = Store::open(db.to_str().expect("path")).expect("store");
        let guild = GuildId(GUILD.parse().expect("id"));
        let began = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 7);
        let mut settings = store.season_settings(guild).expect("read").expect("set");
        settings.started_at = began;
        store
            .save_season_settings(guild, &settings, began)
            .expect("save");
        let at = began + jiff::SignedDuration::from_mins(1);
        for (user, name, points) in [(ANN, "Ann", 30), (BO, "Bo", 20)] {
            dramabot_core::store::scored_for_tests(&store, guild, UserId(user), name, points, at)
                .expect("scored");
        }
        let last = SeasonEnd {
            guild,
            ends_on: "2000-01-03".into(),
            started_at: began - jiff::SignedDuration::from_hours(24 * 7),
            ended_at: began,
            channel: ChannelId(SEASON_CHANNEL.parse().expect("id")),
            status: SeasonPostStatus::Sent,
            message: None,
            error: None,
            claimed_at: began,
            winner: Some(UserId(CY)),
            reward_role: Some(RoleId(fake_discord::LOW_ROLE.parse().expect("id"))),
            reward_status: Some(RewardStatus::Done),
            reward_error: None,
        };
        assert!(store.claim_season_end(&last).expect("claim"));
    }

    // Back up: the season that ended while it was down is posted once, with its card, and the
    // role moves from Cy to Ann (each after a check).
    let bot = gateway_bot(&fake, &db);
    let post = fake.wait_for(1, WAIT, season_post).await.remove(0);
    assert!(
        post.body["nonce"]
            .as_str()
            .is_some_and(|n| n.starts_with("ssn") && n.len() <= 25),
        "{}",
        post.body
    );
    assert_eq!(post.body["enforce_nonce"], true);
    assert_eq!(
        post.body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    let embed = &post.body["embeds"][0];
    assert_eq!(embed["title"], "Trivia season over: final standings");
    assert!(
        embed["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("1. **Ann**: 30 points")),
        "{embed}"
    );
    assert!(
        field(embed, "Season").contains(&format!(
            "**Ann** wins the season and gets <@&{}>!",
            fake_discord::LOW_ROLE
        )),
        "{embed}"
    );
    standings_card(&post, "season");
    fake.wait_for(1, WAIT, role_request("DELETE", CY)).await;
    let given = fake
        .wait_for(1, WAIT, role_request("PUT", ANN))
        .await
        .remove(0);
    assert!(
        given.at < post.at,
        "the post waits for the reward, so it can say how that went"
    );
    assert!(checks(&fake) >= before + 2, "each change is checked first");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let last = shown_field(&fake, 5008, "Last season").await;
    assert!(
        last.contains(": posted; the reward role was given"),
        "{last}"
    );

    // Another restart posts and gives nothing more.
    assert_eq!(bot.stop(), Some(0));
    let bot = gateway_bot(&fake, &db);
    fake.wait_identifies(3, WAIT).await;
    shown_field(&fake, 5009, "Last season").await;
    assert_eq!(fake.count(season_post), 1, "posted once");
    assert_eq!(fake.count(role_request("PUT", ANN)), 1, "given once");
    assert_eq!(bot.stop(), Some(0));
}

/// HTTP interactions: the answer is the HTTP response, and what the check of the reward role found
/// follows as a private follow-up through the REST API, as through the gateway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http_the_moderator_setting_a_reward_role_is_told_what_the_check_found() {
    let fake = FakeDiscord::start(&record_path("http-reward")).await;
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let addr = free_port();
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = Bot::start(
        &["serve-http", "--listen", &addr.to_string()],
        &dir.path().join("http-reward.db"),
        &[
            (
                "DRAMABOT_DISCORD_PUBLIC_KEY",
                hex(key.verifying_key().as_bytes()),
            ),
            ("DISCORD_TOKEN", TOKEN.to_string()),
            ("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base()),
        ],
    );
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "serve-http never listened");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let body = subcommand(
        8001,
        "settings",
        "rewards",
        role_option(fake_discord::HIGH_ROLE),
    )
    .to_string();
    let headers = signed(&key, now(), body.as_bytes());
    let (status, answer) =
        tokio::task::spawn_blocking(move || post(addr, &headers, body.as_bytes()))
            .await
            .expect("posted");
    assert_eq!(status, 200, "{answer}");
    let answer: Value = serde_json::from_str(&answer).expect("JSON");
    assert_eq!(answer["data"]["flags"], 64, "{answer}");
    assert!(
        answer["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Saved. Each season's winner gets")),
        "{answer}"
    );
    let told = told_privately(&fake, 8001).await;
    assert!(
        told["content"]
            .as_str()
            .is_some_and(|c| c.starts_with(&format!(
                "Saved, but I cannot give <@&{}> now: the bot's highest role is not above",
                fake_discord::HIGH_ROLE
            ))),
        "{told}"
    );
    assert_eq!(bot.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_whose_channel_was_deleted_fails_once_and_rolls_over() {
    use dramabot_core::ids::{GuildId, UserId};
    use dramabot_core::store::Store;

    let fake = FakeDiscord::start(&record_path("season-deleted")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("season-deleted.db");
    let bot = gateway_bot(&fake, &db);
    fake.wait_identified(WAIT).await;
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            5101,
            "settings",
            "seasons",
            json!([{"type": 3, "name": "length", "value": "week"},
                   {"type": 7, "name": "channel", "value": fake_discord::DELETED_CHANNEL}]),
        ),
    );
    callback(&fake, 5101).await;
    assert_eq!(bot.stop(), Some(0));
    {
        let store = Store::open(db.to_str().expect("path")).expect("store");
        let guild = GuildId(GUILD.parse().expect("id"));
        let began = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 7);
        let mut settings = store.season_settings(guild).expect("read").expect("set");
        settings.started_at = began;
        store
            .save_season_settings(guild, &settings, began)
            .expect("save");
        let at = began + jiff::SignedDuration::from_mins(1);
        dramabot_core::store::scored_for_tests(&store, guild, UserId(ANN), "Ann", 30, at)
            .expect("scored");
    }
    let deleted_post = |r: &Recorded| {
        r.method == "POST"
            && r.path
                == format!(
                    "/api/v10/channels/{}/messages",
                    fake_discord::DELETED_CHANNEL
                )
    };
    let bot = gateway_bot(&fake, &db);
    fake.wait_for(1, WAIT, deleted_post).await;
    // The restarted bot logs in at its identify turn, up to 5.5 s after the first one's: a
    // command dispatched before then would reach no session.
    fake.wait_identifies(2, WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let last = shown_field(&fake, 5102, "Last season").await;
    assert!(
        last.contains(
            "the post failed: the channel no longer exists: pick another with /settings seasons"
        ),
        "{last}"
    );
    // The season rolled over: the next one ends later, and nothing is retried.
    let seasons = shown_field(&fake, 5103, "Trivia seasons").await;
    assert!(seasons.contains("this season ends <t:"), "{seasons}");
    assert_eq!(fake.count(deleted_post), 1, "tried once");
    assert_eq!(bot.stop(), Some(0));
}
