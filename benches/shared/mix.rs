//! What the load benchmarks share: the mix of interactions and how latencies are shown.
//! `benches/load.rs` (the gateway) and `benches/fleet_load.rs` (HTTP workers) include this file, so
//! both send the same interactions and print the same figures.

use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_discord::{MEMBER, command};

/// The mix, in turn (by the id's remainder): what [`interaction`] sends.
pub const KINDS: [&str; 4] = ["/cast", "/quote today", "/about", "/facts"];

/// The mix, in turn: `/cast`, `/quote today`, `/about`, `/facts`.
pub fn interaction(id: u64) -> Value {
    match id % 4 {
        0 => command(
            id,
            "cast",
            json!([{"type": 3, "name": "name", "value": "Ju Ji-hoon"}]),
            MEMBER,
        ),
        1 => command(
            id,
            "quote",
            json!([{"type": 1, "name": "today", "options": []}]),
            MEMBER,
        ),
        2 => command(id, "about", json!([]), MEMBER),
        _ => command(id, "facts", json!([]), MEMBER),
    }
}

/// The nearest-rank percentile of sorted latencies.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Milliseconds, with a decimal below 10.
pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}
