//! The daily-post scheduler at 100,000 servers, each with a random zone from the time zone database
//! and a random HH:MM: building the queue at start-up (each server's next due instant, then the
//! insert), the memory the queue holds (counted by `support/counting_alloc.rs` and printed), and one
//! scheduler step: pop the next due server, decide, reschedule it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::civil::time;
use jiff::{SignedDuration, Timestamp};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use dramabot_core::quotes::queue::DueQueue;
use dramabot_core::quotes::schedule::{self, Action, DailyPlan, Ledger};

const SERVERS: u32 = 100_000;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// A server as the store would hand it over at start-up.
struct Server {
    key: u64,
    plan: DailyPlan,
    ledger: Ledger,
}

/// 100,000 servers that have been posting daily up to `now`.
fn servers(now: Timestamp) -> Vec<Server> {
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_string())
        .filter(|name| !matches!(name.as_str(), "localtime" | "posixrules" | "Factory"))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(100_000);
    (0..SERVERS)
        .map(|i| {
            let name = names.choose(&mut rng).expect("a non-empty database");
            let zone = jiff::tz::db().get(name).expect("a listed zone");
            let at = time(rng.random_range(0..24), rng.random_range(0..60), 0, 0);
            let plan = DailyPlan::new(zone, at);
            let ledger = steady(&plan, now);
            Server {
                key: u64::from(i),
                plan,
                ledger,
            }
        })
        .collect()
}

/// The ledger of a server whose every post so far went out on time.
fn steady(plan: &DailyPlan, now: Timestamp) -> Ledger {
    let mut ledger = Ledger::default();
    loop {
        match schedule::next_action(plan, now, &ledger) {
            Action::PostNow { date, due } | Action::Missed { date, due } => {
                ledger.record(&Action::PostNow { date, due }, due);
            }
            Action::Sleep { .. } => return ledger,
        }
    }
}

fn build(servers: &[Server], now: Timestamp) -> DueQueue<u64> {
    schedule::build_queue(servers.iter().map(|s| (s.key, &s.plan, &s.ledger)), now)
}

fn benches(c: &mut Criterion) {
    let now: Timestamp = "2026-03-08T12:34:56Z".parse().expect("a timestamp");
    let servers = servers(now);
    let index = |key: u64| usize::try_from(key).expect("a small index");

    // Memory: what stays allocated once the queue is built, counted by the allocator.
    let before = counting_alloc::live();
    let queue = build(&servers, now);
    let bytes = counting_alloc::live() - before;
    println!(
        "queue of {} servers: {} bytes live ({:.1} MiB, {:.1} bytes per server); heap entries {}",
        queue.len(),
        bytes,
        bytes as f64 / (1024.0 * 1024.0),
        bytes as f64 / f64::from(SERVERS),
        queue.heap_len(),
    );
    drop(queue);

    let mut group = c.benchmark_group("start-up");
    group.sample_size(10);
    group.bench_function("build the queue of 100k servers", |b| {
        b.iter(|| build(black_box(&servers), black_box(now)))
    });
    group.finish();

    // One scheduler step on a full queue: the next due server, its post recorded, its next due
    // instant computed from its plan and ledger, and back in the queue. The queue rolls forward
    // day by day, as it does in the running bot.
    let mut queue = build(&servers, now);
    let mut ledgers: Vec<Ledger> = servers.iter().map(|s| s.ledger).collect();
    let end_of_time = Timestamp::MAX;
    c.bench_function(
        "pop the next due server, decide, reschedule (100k queued)",
        |b| {
            b.iter(|| {
                let (key, due) = queue.pop_due(end_of_time).expect("a full queue");
                let i = index(key);
                let plan = &servers[i].plan;
                let action = schedule::next_action(plan, due, &ledgers[i]);
                ledgers[i].record(&action, due);
                queue.schedule(key, schedule::wake_at(plan, due, &ledgers[i]));
            })
        },
    );

    // The queue alone: pop and push back one day later.
    let mut queue = build(&servers, now);
    let day = SignedDuration::from_hours(24);
    c.bench_function("queue only: pop and reschedule (100k queued)", |b| {
        b.iter(|| {
            let (key, due) = queue.pop_due(end_of_time).expect("a full queue");
            queue.schedule(key, due + day);
        })
    });

    // A settings change: move a queued server (leaves one stale entry behind).
    let mut queue = build(&servers, now);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    c.bench_function("move a queued server (settings change, 100k queued)", |b| {
        b.iter_batched(
            || {
                let server = &servers[rng.random_range(0..servers.len())];
                let minutes = rng.random_range(0..24 * 60);
                (server.key, now + SignedDuration::from_mins(minutes))
            },
            |(key, at)| queue.schedule(key, at),
            BatchSize::SmallInput,
        )
    });

    // The pure decision alone, for one server.
    let server = &servers[42];
    c.bench_function("next_action for one server", |b| {
        b.iter(|| schedule::next_action(black_box(&server.plan), black_box(now), &server.ledger))
    });
}

criterion_group!(schedule_benches, benches);
criterion_main!(schedule_benches);
