//! The community-content paths at a large server's size, through the router as a moderator uses
//! them (issue 9, "Measured"):
//! - `/content import` of a 10,000-question Red list into the review queue: criterion's time, and
//!   the peak memory one import takes (Rust's heap beyond the input, and SQLite's own high water),
//!   printed;
//! - `/review next` with 100,000 items waiting in one server's queue: p50/p99 printed;
//! - `/trivia start` with 100,000 questions in one server's bank: p50/p99 printed.
//!
//! `cargo bench -p dramabot-core --bench community`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use dramabot_core::ids::UserId;
use dramabot_core::model::{GuildSettings, Scope};
use dramabot_core::pack;
use dramabot_core::reply::Response;
use dramabot_core::router::{Action, App, Outcome, Value, handle};
use dramabot_core::spoilers::SpoilerGuard;
use dramabot_core::startup;

#[path = "support/invocations.rs"]
mod invocations;
use dramabot_core::store::TriviaPool;
use dramabot_core::trivia::game::Filter;
use invocations::{GUILD, invocation, now};

#[path = "support/peak_alloc.rs"]
mod peak_alloc;

#[global_allocator]
static ALLOCATOR: peak_alloc::Peak = peak_alloc::Peak;

const MODERATOR: u64 = 7;
/// The size of the queue and of the bank the issue asks for.
const LARGE: usize = 100_000;
/// The largest list one import takes is 20,000 items and 2 MiB; 10,000 of ours fit both.
const LIST: usize = 10_000;

fn fresh_app() -> App {
    let packs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let loaded =
        startup::open_and_import(":memory:", &packs, Timestamp::UNIX_EPOCH).expect("the real pack");
    assert!(loaded.refused.is_empty(), "the real packs are valid");
    App::new(loaded.store)
}

fn command(name: &str, sub: &str, options: Vec<(String, Value)>) -> Action {
    Action::Command {
        name: name.into(),
        subcommand: Some(sub.into()),
        options,
    }
}

/// A Red list of `n` distinct questions numbered from `first`, each with an answer and two
/// accepted spellings: the shape community lists have (as in `trivia_lists.rs`).
fn red_list(first: usize, n: usize) -> Vec<u8> {
    let mut text = String::from("AUTHOR: Benchmark\nDESCRIPTION: Generated questions.\n");
    for i in first..first + n {
        let ward = i * 7 + 3;
        text.push_str(&format!(
            "Which ward does doctor number {i} of the trauma team run at night?:\n- Ward {ward}\n- ward-{ward}\n- the {ward} ward\n"
        ));
    }
    text.into_bytes()
}

/// `/content import` of `bytes` for the Trauma Code, with a source, so every item is pending.
fn import_action(bytes: Vec<u8>) -> Action {
    command(
        "content",
        "import",
        vec![
            (
                "file".into(),
                Value::Attachment {
                    filename: "bench.yaml".into(),
                    bytes,
                },
            ),
            (
                "source".into(),
                Value::String("https://example.com/trauma-code-trivia".into()),
            ),
            ("drama".into(), Value::String("the-trauma-code".into())),
        ],
    )
}

/// The reply's text, or why there is none, so a refused command fails the run loudly.
fn text_of(outcome: &Outcome) -> String {
    match &outcome.response {
        Response::Message(reply) | Response::Update(reply) => {
            let mut text = reply.content.clone().unwrap_or_default();
            for embed in &reply.embeds {
                text.push_str(&format!(
                    " | {} {}",
                    embed.title.clone().unwrap_or_default(),
                    embed.description.clone().unwrap_or_default()
                ));
            }
            text
        }
        other => format!("{other:?}"),
    }
}

fn waiting(app: &App) -> i64 {
    let counts = app.store().submission_queue(GUILD).expect("counts");
    counts.iter().map(|c| c.waiting).sum()
}

/// Queues `LARGE` questions in `app`'s server by importing lists of `LIST` through the router.
fn queue_large(app: &App, rng: &mut ChaCha8Rng) {
    for part in 0..LARGE / LIST {
        let inv = invocation(MODERATOR, 10, import_action(red_list(part * LIST, LIST)));
        handle(app, &inv, rng);
    }
    assert_eq!(waiting(app), LARGE as i64);
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration, Duration) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    (
        pct(0.50),
        pct(0.99),
        times.last().copied().unwrap_or_default(),
    )
}

/// 1. One `/content import` of a 10,000-question Red list into an empty queue.
fn import(c: &mut Criterion) {
    let bytes = red_list(0, LIST);
    let app = fresh_app();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let inv = invocation(MODERATOR, 10, import_action(bytes.clone()));

    // SAFETY: a plain read and reset of SQLite's own memory statistics.
    unsafe { rusqlite::ffi::sqlite3_memory_highwater(1) };
    // SAFETY: as above.
    let sqlite_before = unsafe { rusqlite::ffi::sqlite3_memory_used() };
    let before = peak_alloc::reset();
    let started = Instant::now();
    let outcome = handle(&app, &inv, &mut rng);
    let took = started.elapsed();
    let peak = peak_alloc::peak_since(before);
    // SAFETY: as above.
    let sqlite_peak = unsafe { rusqlite::ffi::sqlite3_memory_highwater(0) } - sqlite_before;
    assert_eq!(waiting(&app), LIST as i64, "{}", text_of(&outcome));
    println!(
        "content import: {LIST} questions, {} KiB; one import took {:.0} ms; peak {:.1} MiB of Rust heap beyond the input, SQLite's own high water +{:.1} MiB\n  reply: {}",
        bytes.len() / 1024,
        took.as_secs_f64() * 1e3,
        peak as f64 / (1024.0 * 1024.0),
        sqlite_peak as f64 / (1024.0 * 1024.0),
        text_of(&outcome).lines().next().unwrap_or_default()
    );
    drop(outcome);
    drop(app);

    let mut group = c.benchmark_group("community");
    group.sample_size(10);
    group.bench_function("content import: a 10,000-question Red list", |b| {
        b.iter_batched(
            // A fresh store each time: a second import of the same list only finds duplicates.
            || {
                (
                    fresh_app(),
                    invocation(MODERATOR, 10, import_action(bytes.clone())),
                )
            },
            |(app, inv)| {
                black_box(handle(&app, &inv, &mut rng));
                app
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// One `/review next`, timed; the claim is let go afterwards (not timed), so that the next run
/// claims the oldest item again the way a reviewer's first press does.
fn review_next(app: &App, rng: &mut ChaCha8Rng) -> Duration {
    let inv = invocation(MODERATOR, 10, command("review", "next", Vec::new()));
    let started = Instant::now();
    let outcome = black_box(handle(app, &inv, rng));
    let took = started.elapsed();
    let text = text_of(&outcome);
    let id: i64 = text
        .split("Submission #")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a review card: {text}"));
    app.store()
        .release_submission(GUILD, id, UserId(MODERATOR))
        .expect("released");
    took
}

/// 2. `/review next` with 100,000 items waiting in the server's queue.
fn review(c: &mut Criterion) {
    let app = fresh_app();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let started = Instant::now();
    queue_large(&app, &mut rng);
    println!(
        "review: queued {LARGE} items in {:.1} s (10 imports, not measured)",
        started.elapsed().as_secs_f64()
    );
    let times: Vec<Duration> = (0..1_000).map(|_| review_next(&app, &mut rng)).collect();
    let (p50, p99, max) = percentiles(times);
    println!("review next, {LARGE} waiting: p50 {p50:?}, p99 {p99:?}, max {max:?} (1,000 runs)");

    let mut group = c.benchmark_group("community");
    group.bench_function("review next: 100,000 waiting", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| review_next(&app, &mut rng)).sum());
    });
    group.finish();
}

/// Approves every waiting item of the server into its bank, as `/review`'s Approve does (the
/// stored one-item pack parsed again, the decision and the bank row in one transaction).
fn approve_all(app: &App) {
    let mut store = app.store();
    let mut after = 0;
    while let Some(sub) = store
        .claim_next_for_review(GUILD, UserId(MODERATOR), after, now(), now())
        .expect("claims")
    {
        after = sub.id;
        let parsed = pack::parse("submission.toml", sub.pack_toml.as_bytes()).expect("parses");
        store
            .approve_submission(GUILD, sub.id, UserId(MODERATOR), &sub.drama, &parsed, now())
            .expect("approves")
            .expect("was pending");
    }
}

/// One `/trivia start` of ten questions, timed, and its `/trivia stop` (not timed), so that the
/// channel is free for the next run.
fn trivia_start(app: &App, rng: &mut ChaCha8Rng) -> Duration {
    let start = invocation(
        MODERATOR,
        20,
        command(
            "trivia",
            "start",
            vec![("rounds".into(), Value::Integer(10))],
        ),
    );
    let started = Instant::now();
    let outcome = black_box(handle(app, &start, rng));
    let took = started.elapsed();
    let text = text_of(&outcome);
    assert!(text.contains("**Trivia!** 10 questions"), "{text}");
    let stop = invocation(MODERATOR, 20, command("trivia", "stop", Vec::new()));
    handle(app, &stop, rng);
    took
}

/// 3. `/trivia start` with 100,000 questions in the server's bank.
fn trivia(c: &mut Criterion) {
    let app = fresh_app();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let started = Instant::now();
    queue_large(&app, &mut rng);
    approve_all(&app);
    assert_eq!(waiting(&app), 0);
    println!(
        "trivia: banked {LARGE} questions in {:.1} s (not measured)",
        started.elapsed().as_secs_f64()
    );
    let times: Vec<Duration> = (0..200).map(|_| trivia_start(&app, &mut rng)).collect();
    let (p50, p99, max) = percentiles(times);
    println!(
        "trivia start, {LARGE} questions in the bank: p50 {p50:?}, p99 {p99:?}, max {max:?} (200 runs)"
    );

    let mut group = c.benchmark_group("community");
    group.sample_size(10);
    group.bench_function("trivia start: 100,000 in the bank", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| trivia_start(&app, &mut rng)).sum());
    });
    group.finish();

    late_in_a_cycle(&app, &mut rng, 900, 50);
    // The last games of a cycle: about 100 questions unseen, fewer than sampling finds within its
    // budget.
    late_in_a_cycle(&app, &mut rng, 999, 10);
    // Every question seen: the game starts a new cycle, dropping 100,000 marks in one statement.
    late_in_a_cycle(&app, &mut rng, 1000, 1);
}

/// `/trivia start` when the server has seen `per_mille` of its questions in the current cycle,
/// exactly (the marks the runs before left are dropped first): where picking among the unseen
/// ones costs most. The store used to write the whole seen set again at every start; a sample by
/// key now meets a seen question 9 times in 10 at 90%, and the last games of a cycle read the
/// pool's unseen keys whole.
fn late_in_a_cycle(app: &App, rng: &mut ChaCha8Rng, per_mille: usize, runs: usize) {
    {
        let mut store = app.store();
        let settings = GuildSettings::default();
        let filter = Filter::default();
        let pool = TriviaPool {
            scope: Scope::new(Some(GUILD), &settings),
            filter: &filter,
            watched: SpoilerGuard::new(&settings).watched(),
        };
        store.forget_trivia_seen(&pool).expect("a new cycle");
        let keys: Vec<i64> = store
            .trivia_questions(Scope::new(Some(GUILD), &settings))
            .expect("questions")
            .iter()
            .filter(|q| filter.allows(q, |episode| SpoilerGuard::new(&settings).guards(episode)))
            .map(|q| q.key)
            .collect();
        store
            .mark_trivia_seen(GUILD, &keys[..keys.len() * per_mille / 1000])
            .expect("marked");
    }
    let times: Vec<Duration> = (0..runs).map(|_| trivia_start(app, rng)).collect();
    let (p50, p99, max) = percentiles(times);
    println!(
        "trivia start, {LARGE} in the bank and {:.1}% of them seen this cycle: p50 {p50:?}, p99 {p99:?}, max {max:?} ({runs} runs)",
        per_mille as f64 / 10.0
    );
}

criterion_group!(benches, import, review, trivia);
criterion_main!(benches);
