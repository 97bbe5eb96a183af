//! One interaction of each kind members use most, through `router::handle` as an edge calls it, on
//! the real packs imported into a file-backed store (as the bot runs): the core's cost per
//! interaction (issue 14, "Less work per interaction"). For each kind, p50/p99 over a fixed number
//! of runs are printed, with the mean time on a CPU and waiting for one (what a run costs, and
//! what a busy machine adds), then criterion measures each; last, the same mix of reads run by one
//! thread and by two at once is timed, to show whether reads wait for one another.
//!
//! `cargo bench -p dramabot-core --bench interactions`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use dramabot_core::ids::{ChannelId, MessageId};
use dramabot_core::reply::Response;
use dramabot_core::router::{Action, App, Invocation, Value, handle};
use dramabot_core::startup;

#[path = "support/invocations.rs"]
mod invocations;
use invocations::{invocation, now};

#[path = "support/schedstat.rs"]
mod schedstat;

/// The channel the classic trivia game runs in; the games in other modes run in the next ones.
const GAME_CHANNEL: u64 = 20;
/// Runs per kind for the printed percentiles.
const RUNS: usize = 2_000;

fn command(name: &str, sub: Option<&str>, options: &[(&str, &str)]) -> Action {
    Action::Command {
        name: name.into(),
        subcommand: sub.map(str::to_string),
        options: options
            .iter()
            .map(|(n, v)| (n.to_string(), Value::String(v.to_string())))
            .collect(),
    }
}

/// The real packs imported into a store file in `dir`, as `dramabot run` opens it.
fn app_in(dir: &std::path::Path) -> App {
    let packs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let database = dir.join("bench.db");
    let loaded = startup::open_and_import(database.to_str().expect("utf-8"), &packs, now())
        .expect("the real packs");
    assert!(loaded.refused.is_empty(), "the real packs are valid");
    App::new(loaded.store)
}

/// Runs `inv` and fails the bench on an error answer: a bench of a refusal measures nothing.
fn answer(app: &App, inv: &Invocation, rng: &mut ChaCha8Rng) -> Response {
    let outcome = handle(app, inv, rng);
    if let Response::Message(reply) | Response::Update(reply) = &outcome.response
        && reply.ephemeral
        && reply.embeds.is_empty()
        && !matches!(inv.action, Action::Button { .. })
    {
        panic!("{:?} was refused: {:?}", inv.action, reply.content);
    }
    outcome.response
}

/// A game running in `channel` in `mode` (classic when `None`) with its first question open, where
/// answers may be changed: the two buttons a member presses in turn, each press a change that is
/// written. In a teams game the member joins a team first, and the presses come once the join
/// window has closed.
fn running_game(
    app: &App,
    rng: &mut ChaCha8Rng,
    channel: u64,
    mode: Option<&str>,
) -> [Invocation; 2] {
    let settings = invocation(
        1,
        channel,
        command(
            "settings",
            Some("trivia"),
            &[("seconds", "60"), ("changes", "true"), ("typed", "false")],
        ),
    );
    answer(app, &settings, rng);
    let mut options = vec![("rounds", "10")];
    options.extend(mode.map(|mode| ("mode", mode)));
    let start = invocation(1, channel, command("trivia", Some("start"), &options));
    let mut at = now();
    if let Response::Message(started) = answer(app, &start, rng)
        && let Some(team) = started.buttons.first()
    {
        let join = Action::Button {
            custom_id: team.custom_id.clone(),
            message: MessageId(999),
        };
        answer(app, &invocation(2, channel, join), rng);
        at = now() + dramabot_core::trivia::modes::JOIN_WINDOW;
    }
    let asked = dramabot_core::due::run_due(app, at, rng).expect("due");
    let question = asked
        .iter()
        .find(|m| !m.reply.buttons.is_empty())
        .expect("the first question, with its buttons");
    dramabot_core::due::sent(app, question.record, Ok(MessageId(1000)), at).expect("recorded");
    let press = |i: usize| Invocation {
        now: at,
        ..invocation(
            2,
            channel,
            Action::Button {
                custom_id: question.reply.buttons[i].custom_id.clone(),
                message: MessageId(1000),
            },
        )
    };
    [press(0), press(1)]
}

/// A second game, in the channel after [`GAME_CHANNEL`], whose open question three members have
/// answered and one of them has asked a hint for: that member's press of the Hint button, which
/// reads all a vote reads (the game, the round, its hints and votes, the game's players) and is
/// refused as a second vote, so every run does the same work.
fn hint_vote(app: &App, rng: &mut ChaCha8Rng) -> Invocation {
    // The channels before it hold the games of each mode's button press.
    let channel = GAME_CHANNEL + 4;
    let start = command("trivia", Some("start"), &[("rounds", "10")]);
    answer(app, &invocation(1, channel, start), rng);
    let asked = dramabot_core::due::run_due(app, now(), rng).expect("due");
    let question = asked
        .iter()
        .find(|m| m.channel == ChannelId(channel) && !m.reply.buttons.is_empty())
        .expect("the second game's question, with its buttons");
    let button = |custom_id: &str, message| Action::Button {
        custom_id: custom_id.to_string(),
        message: MessageId(message),
    };
    for user in [4, 5, 6] {
        let press = button(&question.reply.buttons[0].custom_id, 1001);
        answer(app, &invocation(user, channel, press), rng);
    }
    let ask = invocation(4, channel, command("trivia", Some("hint"), &[]));
    let Response::Message(vote) = answer(app, &ask, rng) else {
        panic!("a vote message");
    };
    invocation(4, channel, button(&vote.buttons[0].custom_id, 1002))
}

/// Every kind measured, by name, with the interactions it cycles through.
fn kinds(app: &App, rng: &mut ChaCha8Rng) -> Vec<(&'static str, Vec<Invocation>)> {
    let member = |action| invocation(3, 10, action);
    vec![
        (
            "/cast name",
            vec![member(command("cast", None, &[("name", "Ju Ji-hoon")]))],
        ),
        (
            "/quote today",
            vec![member(command("quote", Some("today"), &[]))],
        ),
        ("/about", vec![member(command("about", None, &[]))]),
        ("/facts", vec![member(command("facts", None, &[]))]),
        (
            "/facts topic",
            vec![member(command("facts", None, &[("topic", "Ju Ji-hoon")]))],
        ),
        (
            "/quote random",
            vec![member(command("quote", Some("random"), &[]))],
        ),
        (
            "/settings show",
            vec![member(command("settings", Some("show"), &[]))],
        ),
        (
            "trivia button",
            running_game(app, rng, GAME_CHANNEL, None).to_vec(),
        ),
        (
            "teams button",
            running_game(app, rng, GAME_CHANNEL + 1, Some("teams")).to_vec(),
        ),
        (
            "elimination btn",
            running_game(app, rng, GAME_CHANNEL + 2, Some("elimination")).to_vec(),
        ),
        (
            "sudden death btn",
            running_game(app, rng, GAME_CHANNEL + 3, Some("sudden-death")).to_vec(),
        ),
        ("trivia hint vote", vec![hint_vote(app, rng)]),
    ]
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn interactions(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app_in(dir.path());
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let kinds = kinds(&app, &mut rng);
    for (name, invs) in &kinds {
        let before = schedstat::now();
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|i| {
                let start = Instant::now();
                black_box(answer(&app, &invs[i % invs.len()], &mut rng));
                start.elapsed()
            })
            .collect();
        let sched = schedstat::per_run(before, schedstat::now(), RUNS as u32);
        times.sort();
        println!(
            "{name:<16} p50 {:>10.1?}  p99 {:>10.1?}  max {:>10.1?}  ({RUNS} runs{sched})",
            percentile(&times, 50),
            percentile(&times, 99),
            times[times.len() - 1]
        );
    }
    let mut group = c.benchmark_group("interaction");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, invs) in &kinds {
        let mut i = 0;
        group.bench_function(*name, |b| {
            b.iter(|| {
                i += 1;
                black_box(answer(&app, &invs[i % invs.len()], &mut rng))
            })
        });
    }
    group.finish();
    parallel_reads(&app, &kinds);
}

/// The read-only kinds, run `per_thread` times each by `threads` threads at once: the wall time for
/// all of them, and how that compares with one thread doing the same share.
fn parallel_reads(app: &App, kinds: &[(&'static str, Vec<Invocation>)]) {
    let reads: Vec<&Invocation> = kinds
        .iter()
        // Trivia presses write (a press, a vote): only the reads run side by side.
        .filter(|(name, _)| {
            !name.starts_with("trivia") && !name.ends_with("button") && !name.ends_with("btn")
        })
        .flat_map(|(_, invs)| invs.iter())
        .collect();
    let per_thread = 300;
    let run = |threads: usize| {
        let start = Instant::now();
        std::thread::scope(|s| {
            for t in 0..threads {
                let reads = &reads;
                s.spawn(move || {
                    let mut rng = ChaCha8Rng::seed_from_u64(t as u64);
                    for i in 0..per_thread {
                        black_box(answer(app, reads[i % reads.len()], &mut rng));
                    }
                });
            }
        });
        start.elapsed()
    };
    let one = run(1);
    let two = run(2);
    println!(
        "mixed reads, {per_thread} per thread: 1 thread {one:.1?}, 2 threads {two:.1?} \
         ({:.2}x the work in {:.2}x the time)",
        2.0,
        two.as_secs_f64() / one.as_secs_f64()
    );
}

criterion_group!(benches, interactions);
criterion_main!(benches);
