//! One trivia button press handled end to end in the core (router, round state, store write), on
//! the real pack: criterion's mean over games of 200 members, and p50/p99 and presses per second
//! over ten such games, printed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use dramabot_core::ids::{ChannelId, GuildId, MessageId, UserId};
use dramabot_core::router::{Action, App, Invocation, Value, handle};
use dramabot_core::startup;
use dramabot_core::trivia::game;

fn app() -> App {
    let packs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let loaded =
        startup::open_and_import(":memory:", &packs, Timestamp::UNIX_EPOCH).expect("the real pack");
    assert!(loaded.refused.is_empty(), "the real packs are valid");
    App::new(loaded.store)
}

fn invocation(user: u64, channel: u64, now: Timestamp, action: Action) -> Invocation {
    Invocation {
        id: 0,
        guild: Some(GuildId(1)),
        channel: ChannelId(channel),
        user: UserId(user),
        user_name: format!("member{user}"),
        locale: "en-US".into(),
        is_moderator: false,
        roles: Vec::new(),
        now,
        action,
    }
}

/// Starts a one-question game in `channel` and opens its round; returns the button ids.
fn open_round(app: &App, channel: u64, now: Timestamp, rng: &mut ChaCha8Rng) -> Vec<String> {
    let start = Action::Command {
        name: "trivia".into(),
        subcommand: Some("start".into()),
        options: vec![("rounds".into(), Value::Integer(1))],
    };
    handle(app, &invocation(1, channel, now, start), rng);
    let game = app
        .store()
        .running_game_in(ChannelId(channel))
        .expect("read")
        .expect("a game");
    dramabot_core::due::run_due(app, now, rng).expect("opens");
    (0..4).map(|c| game::button_id(game.id, 0, c)).collect()
}

fn press(
    app: &App,
    user: u64,
    channel: u64,
    now: Timestamp,
    custom_id: &str,
    rng: &mut ChaCha8Rng,
) {
    let action = Action::Button {
        custom_id: custom_id.to_string(),
        message: MessageId(1),
    };
    black_box(handle(app, &invocation(user, channel, now, action), rng));
}

fn percentiles() {
    let app = app();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let now = Timestamp::from_second(1_800_000_000).expect("a time");
    let mut times = Vec::new();
    let started = Instant::now();
    for channel in 0..10u64 {
        let buttons = open_round(&app, 100 + channel, now, &mut rng);
        for user in 0..200u64 {
            let t = Instant::now();
            press(
                &app,
                1_000 + user,
                100 + channel,
                now,
                &buttons[(user % 4) as usize],
                &mut rng,
            );
            times.push(t.elapsed());
        }
    }
    let total = started.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "trivia press: p50 {:?}, p99 {:?}, max {:?}; {:.0} presses/s on one core ({} presses, 10 games of 200 members)",
        pct(0.50),
        pct(0.99),
        times.last().copied().unwrap_or_default(),
        times.len() as f64 / total.as_secs_f64(),
        times.len()
    );
}

fn benches(c: &mut Criterion) {
    percentiles();
    let app = app();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let now = Timestamp::from_second(1_800_000_000).expect("a time");
    let mut channel = 1_000u64;
    // Games of 200 members, a fresh one every 200 presses: a press costs what it costs in a game.
    c.bench_function("trivia: one press, in games of 200 members", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            let mut done = 0;
            while done < iters {
                channel += 1;
                let buttons = open_round(&app, channel, now, &mut rng);
                for user in 0..200u64.min(iters - done) {
                    let t = Instant::now();
                    press(
                        &app,
                        1_000 + user,
                        channel,
                        now,
                        &buttons[(user % 4) as usize],
                        &mut rng,
                    );
                    spent += t.elapsed();
                    done += 1;
                }
            }
            spent
        })
    });
}

criterion_group! {
    name = trivia_presses;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(trivia_presses);
