//! The scheduler's queue (in the store) at 100,000 servers, each with a random zone from the time
//! zone database and a random HH:MM: queueing every daily post at start-up, the lookup the task
//! makes each time it wakes, moving one server when its settings change, and the time rules alone.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use jiff::civil::time;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use dramabot_core::due;
use dramabot_core::ids::{ChannelId, GuildId};
use dramabot_core::model::QotdSettings;
use dramabot_core::quotes::daily;
use dramabot_core::quotes::schedule::{self, Action, DailyPlan, Ledger};
use dramabot_core::router::App;
use dramabot_core::store::Store;

const SERVERS: u32 = 100_000;

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

/// A store holding a daily post for every server (channel, time, zone, on), none queued yet.
fn store_with(servers: &[Server]) -> App {
    let store = Store::open_in_memory().expect("store");
    for server in servers {
        let settings = QotdSettings {
            channel: Some(ChannelId(server.key + 1)),
            time: server.plan.time.strftime("%H:%M").to_string(),
            timezone: server.plan.zone.iana_name().unwrap_or("UTC").to_string(),
            enabled: true,
            ..QotdSettings::default()
        };
        store
            .save_qotd_settings(GuildId(server.key + 1), &settings, Timestamp::UNIX_EPOCH)
            .expect("saved");
    }
    App::new(store)
}

fn benches(c: &mut Criterion) {
    let now: Timestamp = "2026-03-08T12:34:56Z".parse().expect("a timestamp");
    let servers = servers(now);

    // Start-up: every server's next due instant computed from its settings and put in the queue.
    let app = store_with(&servers);
    let mut group = c.benchmark_group("start-up");
    group.sample_size(10);
    group.bench_function("queue 100k servers' daily posts", |b| {
        b.iter(|| due::reschedule_all(&app, black_box(now)).expect("scheduled"))
    });
    group.finish();

    // What the task does each time it wakes with nothing due: one indexed lookup.
    c.bench_function("next due instant (100k queued)", |b| {
        b.iter(|| due::next_due(&app).expect("next"))
    });

    // A settings change: one server moved in the queue (its plan and ledger read, its next due
    // instant computed and written).
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    c.bench_function("move a queued server (settings change, 100k queued)", |b| {
        b.iter_batched(
            || GuildId(rng.random_range(1..=u64::from(SERVERS))),
            |guild| daily::reschedule(&app.store(), guild, app.qotd_grace(), now).expect("moved"),
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
