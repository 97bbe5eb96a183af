//! Name matching for `/cast`: autocomplete and full lookup on 100,000 synthetic Korean names and on
//! the real names of the first pack, and the time and memory it takes to prepare the index.
//!
//! Criterion reports the mean and median per query over a fixed, deterministic list of queries.
//! The p50/p99 of single queries are printed by the ignored test `names::tests::percentiles`
//! (`cargo test --release names::tests::percentiles -- --ignored --nocapture`).

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use dramabot::names::{NameIndex, NameKind, synthetic};

/// The first fact pack. Integration: `concat!(env!("CARGO_MANIFEST_DIR"), "/data/packs/the-trauma-code.toml")`.
const PACK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/packs/the-trauma-code.toml"
);

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

/// The people and characters of the pack: (index, queries typed, queries looked up).
fn real_index() -> (NameIndex<usize>, Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(PACK).expect("the pack");
    let doc: toml::Table = toml::from_str(&text).expect("valid TOML");
    let mut index = NameIndex::new();
    let mut names = Vec::new();
    let mut n = 0;
    for section in ["person", "character"] {
        let entries = doc.get(section).and_then(toml::Value::as_array);
        for entry in entries.into_iter().flatten() {
            let mut add = |name: &str, kind: NameKind| {
                index.insert(n, name, kind);
                names.push(name.to_string());
            };
            let field = |key: &str| entry.get(key).and_then(toml::Value::as_str);
            if let Some(name) = field("name") {
                add(name, NameKind::Primary);
            }
            if let Some(name) = field("name_ko") {
                add(name, NameKind::Hangul);
            }
            for key in ["aliases", "aliases_general"] {
                let list = entry.get(key).and_then(toml::Value::as_array);
                for alias in list.into_iter().flatten().filter_map(toml::Value::as_str) {
                    add(alias, NameKind::Alias);
                }
            }
            n += 1;
        }
    }
    index.prepare();
    // Every prefix of every spelling as typed, and every spelling looked up in lower case.
    let typed = names
        .iter()
        .flat_map(|name| {
            let chars: Vec<char> = name.chars().collect();
            (1..=chars.len())
                .map(move |cut| chars[..cut].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    let full = names.iter().map(|n| n.to_lowercase()).collect();
    (index, typed, full)
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
    bench_queries(c, "autocomplete, real pack", &real, &real_typed, true);
    bench_queries(c, "lookup, real pack", &real, &real_full, false);

    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    group.bench_function("index of 100k names", |b| {
        b.iter(|| synthetic_index(black_box(&names)))
    });
    group.finish();
}

criterion_group!(names, benches);
criterion_main!(names);
