//! Name matching for `/cast`: autocomplete and full lookup on 100,000 synthetic Korean names and on
//! the real names of every pack, and the time and memory it takes to prepare the index.
//!
//! Criterion reports the mean and median per query over a fixed, deterministic list of queries.
//! The p50/p99 of single queries are printed by the ignored test `names::tests::percentiles`
//! (`cargo test --release names::tests::percentiles -- --ignored --nocapture`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use dramabot_core::names::{NameIndex, NameKind, synthetic};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

fn synthetic_index(names: &[(u32, String, NameKind)]) -> NameIndex<u32> {
    let mut index = NameIndex::new();
    for (id, name, kind) in names {
        index.insert(*id, name, *kind);
    }
    index.prepare();
    index
}

/// The people and characters of every pack in `data/packs` (a person in several packs once):
/// (index, queries typed, queries looked up).
fn real_index() -> (NameIndex<usize>, Vec<String>, Vec<String>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let names = synthetic::pack_names(&dir).expect("valid packs");
    println!(
        "all packs: {} people and characters, {} spellings",
        names.ids.len(),
        names.spellings.len()
    );
    let (typed, full) = synthetic::spelling_queries(&names.spellings);
    (names.index, typed, full)
}

/// p50 and p99 of single queries, timed one by one (criterion reports the mean).
fn percentiles<T: Copy + Eq + std::hash::Hash + Ord>(
    label: &str,
    index: &NameIndex<T>,
    queries: &[String],
    autocomplete: bool,
) {
    let mut times: Vec<f64> = queries
        .iter()
        .map(|query| {
            let started = Instant::now();
            if autocomplete {
                black_box(index.autocomplete(black_box(query), 25));
            } else {
                black_box(index.lookup(black_box(query), 25));
            }
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{label}: {} queries, p50 {:.1} µs, p99 {:.1} µs",
        times.len(),
        at(0.50),
        at(0.99)
    );
}

/// Runs the queries one per iteration, in turn.
fn bench_queries<T: Copy + Eq + std::hash::Hash + Ord>(
    c: &mut Criterion,
    label: &str,
    index: &NameIndex<T>,
    queries: &[String],
    autocomplete: bool,
) {
    let mut next = 0;
    c.bench_function(label, |b| {
        b.iter(|| {
            let query = &queries[next % queries.len()];
            next += 1;
            if autocomplete {
                black_box(index.autocomplete(black_box(query), 25))
            } else {
                black_box(index.lookup(black_box(query), 25))
            }
        })
    });
}

fn benches(c: &mut Criterion) {
    let names = synthetic::names(100_000, 7);
    let people = synthetic::people(40_000, 7);
    let typed = synthetic::typed_queries(&people, 1_000, 11);
    let full = synthetic::full_queries(&people, 1_000, 13);

    let before = counting_alloc::live();
    let started = Instant::now();
    let index = synthetic_index(&names);
    let took = started.elapsed();
    let held = counting_alloc::live().saturating_sub(before);
    println!(
        "index of {} names: prepared in {took:.2?}, {:.1} MiB on the heap",
        index.len(),
        held as f64 / (1024.0 * 1024.0)
    );

    bench_queries(c, "autocomplete, 100k names", &index, &typed, true);
    bench_queries(c, "lookup, 100k names", &index, &full, false);

    let (real, real_typed, real_full) = real_index();
    percentiles("autocomplete, all packs", &real, &real_typed, true);
    percentiles("lookup, all packs", &real, &real_full, false);
    bench_queries(c, "autocomplete, all packs", &real, &real_typed, true);
    bench_queries(c, "lookup, all packs", &real, &real_full, false);

    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    group.bench_function("index of 100k names", |b| {
        b.iter(|| synthetic_index(black_box(&names)))
    });
    group.finish();
}

criterion_group!(names, benches);
criterion_main!(names);
