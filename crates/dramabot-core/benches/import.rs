//! Import of the real fact pack, re-import of it unchanged, and the time from a fresh database file
//! (packs loaded) to the first answer the router gives.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::Timestamp;

use dramabot_core::router::{self, Action, App, Invocation};
use dramabot_core::startup;
use dramabot_core::store::Store;

fn packs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/packs")
}

fn benches(c: &mut Criterion) {
    let files = startup::pack_files(&[packs_dir()]).expect("the packs folder");
    let packs = startup::read_packs(&files).expect("valid packs");
    let now = Timestamp::UNIX_EPOCH;

    c.bench_function("read and validate the packs", |b| {
        b.iter(|| startup::read_packs(black_box(&files)).expect("valid"))
    });

    c.bench_function("import into an empty store", |b| {
        b.iter_batched(
            || Store::open_in_memory().expect("store"),
            |mut store| store.import(&packs, now, true).expect("import"),
            BatchSize::SmallInput,
        )
    });

    c.bench_function("re-import the unchanged packs", |b| {
        let mut store = Store::open_in_memory().expect("store");
        store.import(&packs, now, true).expect("first import");
        b.iter(|| {
            store
                .import(black_box(&packs), now, true)
                .expect("re-import")
        })
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let mut run = 0u64;
    c.bench_function("fresh database file to the first answer", |b| {
        b.iter(|| {
            run += 1;
            let db = dir.path().join(format!("fresh-{run}.db"));
            let store =
                startup::open_and_import(db.to_str().expect("utf-8 path"), &packs_dir(), now)
                    .expect("start")
                    .store;
            let about = Invocation {
                id: 0,
                guild: None,
                channel: dramabot_core::ids::ChannelId(1),
                user: dramabot_core::ids::UserId(1),
                user_name: "fan".into(),
                locale: "en-US".into(),
                is_moderator: false,
                roles: Vec::new(),
                now,
                action: Action::Command {
                    name: "about".into(),
                    subcommand: None,
                    options: Vec::new(),
                },
            };
            let mut rng = rand::rng();
            router::handle(&App::new(store), &about, &mut rng)
        })
    });
}

criterion_group! {
    name = import;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(import);
