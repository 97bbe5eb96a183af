//! One standings card rendered to PNG bytes (issue 13, "Measured": p99 under 50 ms): a full card
//! of ten rows and "+ N more", Hangul and Latin names, one of them 200 characters long and one all
//! emoji, as the end of a busy game sends it. p50/p99 over 200 renders are printed, with the
//! mean time on a CPU and waiting for one (a busy machine's renders wait), then criterion's own
//! figure.
//!
//! `cargo bench -p dramabot-core --bench card`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here fails the benchmark run, it cannot crash the bot"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use dramabot_core::card::{self, Row, Standings};

#[path = "support/schedstat.rs"]
mod schedstat;

fn standings() -> Standings {
    let names = [
        "윤세리",
        "Captain Ri Jeong-hyeok",
        "서단",
        "🎉🎉🎉",
        "표치수",
        "Gu Seung-jun",
        "김주먹",
        "Pyo Chi-su",
        "마영애",
        "Hong Chang-sik",
    ];
    let mut rows: Vec<Row> = (0..14)
        .map(|i| Row {
            rank: Some(i + 1),
            name: names[i as usize % names.len()].to_string(),
            value: format!("{} pts", 300 - 20 * i),
            detail: Some(format!("{} right", 15 - i)),
            heading: false,
        })
        .collect();
    rows[4].name = "가나다라Abcdefgh".repeat(13);
    Standings {
        title: "Final standings".into(),
        subtitle: Some("Trivia".into()),
        rows,
        footer: Some("15 of 15 questions asked".into()),
        ..Standings::default()
    }
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration, Duration) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    (pct(0.50), pct(0.99), pct(1.0))
}

fn render(c: &mut Criterion) {
    let standings = standings();
    // The first render parses the font; every later one reuses it, as the bot does.
    let bytes = card::render(&standings).unwrap();
    let before = schedstat::now();
    let times: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            black_box(card::render(black_box(&standings)).unwrap());
            start.elapsed()
        })
        .collect();
    let sched = schedstat::per_run(before, schedstat::now(), 200);
    let (p50, p99, max) = percentiles(times);
    println!(
        "one standings card ({} bytes): p50 {p50:?}, p99 {p99:?}, max {max:?} (200 renders{sched})",
        bytes.len()
    );
    let mut group = c.benchmark_group("card");
    group.sample_size(20);
    group.bench_function("one standings card", |b| {
        b.iter(|| card::render(black_box(&standings)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
