//! Reading a 10,000-question Red-DiscordBot trivia list (`trivia_lists::read_list`, the one
//! validator included): the time per import, and the peak memory one import takes beyond its
//! input, printed before the timings.
//!
//! `cargo bench -p dramabot-core --bench trivia_lists`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use dramabot_core::trivia_lists::{Format, read_list};

#[path = "support/peak_alloc.rs"]
mod peak_alloc;

#[global_allocator]
static ALLOCATOR: peak_alloc::Peak = peak_alloc::Peak;

/// A Red list of `n` distinct questions, each with an answer and two accepted spellings, the
/// shape community lists have.
fn red_list(n: usize) -> String {
    let mut text = String::from("AUTHOR: Benchmark\nDESCRIPTION: Generated questions.\n");
    for i in 0..n {
        text.push_str(&format!(
            "Which ward does doctor number {i} of the trauma team run at night?:\n- Ward {}\n- ward-{}\n- the {} ward\n",
            i * 7 + 3,
            i * 7 + 3,
            i * 7 + 3
        ));
    }
    text
}

fn import(c: &mut Criterion) {
    let text = red_list(10_000);
    let bytes = text.as_bytes();

    let before = peak_alloc::reset();
    let started = Instant::now();
    let list = read_list("bench.yaml", bytes, Some(Format::Red)).expect("reads");
    let took = started.elapsed();
    let peak = peak_alloc::peak_since(before);
    assert_eq!(list.drafts.len(), 10_000, "{:?}", list.problems.first());
    println!(
        "red list: {} questions, {} KiB; one import took {:.0} ms, peak {:.1} MiB beyond the input",
        list.drafts.len(),
        bytes.len() / 1024,
        took.as_secs_f64() * 1e3,
        peak as f64 / (1024.0 * 1024.0)
    );
    drop(list);

    let mut group = c.benchmark_group("trivia_lists");
    group.sample_size(10);
    group.bench_function("read a 10,000-question Red list", |b| {
        b.iter(|| read_list("bench.yaml", black_box(bytes), Some(Format::Red)).expect("reads"));
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
