//! This thread's time on a CPU and its time waiting for one, as Linux counts them
//! (`/proc/thread-self/schedstat`), so a benchmark run on a busy machine can tell what an
//! operation costs from how long it waited its turn. Shared by the benchmarks through `#[path]`.
//!
//! The kernel brings the running thread's figures up to date at each tick and context switch, so
//! a difference is exact to a few milliseconds: read it over many runs, not one.

use std::time::Duration;

/// Time on a CPU and time runnable but waiting for one, since the thread began.
#[derive(Debug, Clone, Copy)]
pub struct Sched {
    pub on_cpu: Duration,
    pub waiting: Duration,
}

/// This thread's figures now; `None` where the kernel does not keep them.
pub fn now() -> Option<Sched> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some(Sched {
        on_cpu: Duration::from_nanos(fields.next()??),
        waiting: Duration::from_nanos(fields.next()??),
    })
}

/// The mean time on a CPU and waiting for one per run, over `runs` runs between `before` and
/// `after`, as text for a benchmark's line ("" when the figures are missing).
pub fn per_run(before: Option<Sched>, after: Option<Sched>, runs: u32) -> String {
    match (before, after) {
        (Some(b), Some(a)) if runs > 0 => format!(
            "; per run on average {:.1?} on a CPU, {:.1?} waiting for one",
            a.on_cpu.saturating_sub(b.on_cpu) / runs,
            a.waiting.saturating_sub(b.waiting) / runs
        ),
        _ => String::new(),
    }
}
