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

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use dramabot_core::trivia_lists::{Format, read_list};

/// The system allocator, keeping the bytes live and the most ever live since the last reset.
struct Peak;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed straight to the system allocator; the counters have no say in it.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's guarantees for `layout` are those `System.alloc` needs.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `System` with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: as for `realloc` itself.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Peak = Peak;

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

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let list = read_list("bench.yaml", bytes, Some(Format::Red)).expect("reads");
    let took = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
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
