//! The paced load benchmark of issue 14: `dramabot run` beside a bare serenity bot, through the same
//! fake Discord, at fixed offered rates, in one run.
//!
//! A burst measures how fast a queue empties; members arrive at a rate. So for each offered rate
//! (1,000, 2,000 and 3,000 interactions a second by default) this sends interactions at fixed
//! instants for a fixed time (3 s) after a warm-up, and times each one from the instant it is handed
//! to the fake's gateway to the arrival of its first callback at the fake's REST API. The bare bot
//! (`benches/floor/bare_serenity_bot.rs`) answers "pong" at once with the same serenity build, so it
//! is the floor: what dramabot adds above it at the same rate is its own work. Each bot gets its own
//! fresh fake; both run from the start and take turns at each rate (the bare bot, then dramabot),
//! so that a slow spell of the host falls near both. The mix is the issue's: `/cast`,
//! `/quote today`, `/about`, `/facts`.
//!
//!   cargo bench --bench load                       # both bots, 1,000 / 2,000 / 3,000 per second
//!   LOAD_RATES=1000,2000 LOAD_SECS=2 cargo bench --bench load
//!   LOAD_COUNT=200 cargo bench --bench load        # instructions per interaction (callgrind)
//!
//! Latencies move with whatever else the machine runs, and with what the host of a virtual machine
//! takes for its other guests: each rate's line and the table say how much of the CPU the host
//! stole meanwhile (`/proc/stat`), and `LOAD_TIMELINE=1` prints when the slow answers were sent.
//! `LOAD_COUNT=N` counts instructions instead, which do not: each bot answers `N` interactions
//! under `valgrind --tool=callgrind` (the mix, and for dramabot each kind alone), less a run with
//! only a warm-up, and the bench prints the instructions per interaction of each, dramabot beside
//! the bare bot (see [`instructions`]; it needs valgrind, and takes a few minutes).
//! `LOAD_BOTS=dramabot` (or `bare`) runs one bot alone, for a profiler to attach to it.
//! `LOAD_DRAMABOT=PATH` runs another build of dramabot (an earlier commit's binary, copied aside)
//! in place of this one, for a before and after.
//!
//! The bots, the fake and this pacer share the machine's cores, so the figures compare the two bots
//! in one run on one machine; they are not Discord's. The ordinary test run keeps only counts: see
//! `a_burst_of_interactions_is_answered_exactly_once` and the bare bot's test in `tests/e2e/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: a panic is a failed measurement, it cannot crash the bot"
)]

#[allow(
    dead_code,
    reason = "the end-to-end tests use the rest of the fake; the benchmark shares the file"
)]
#[path = "../tests/e2e/fake_discord.rs"]
mod fake_discord;
#[path = "shared/mix.rs"]
mod mix;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_discord::{FakeDiscord, Recorded, record_path};
use mix::{KINDS, interaction, ms, percentile};
use serde_json::Value;

/// A token of the right shape; the fake accepts any.
const TOKEN: &str = "MTExMTExMTExMTExMTExMTEx.Gfake0.fake-token-for-tests-only-000000000000";
/// How long a bot may take to start (dramabot imports the packs first).
const START: Duration = Duration::from_secs(60);
/// Not measured: the warm-up before the first rate (connections, caches, the runtime's threads).
const WARM_UP_RATE: u32 = 500;
const WARM_UP: Duration = Duration::from_secs(1);
/// How long after its last dispatch a rate's answers are waited for; one missing then is lost. The
/// next rate starts only once the bot has caught up, so that it does not inherit a backlog.
const DRAIN: Duration = Duration::from_secs(60);
/// After the last expected callback: a doubled one would arrive in this time.
const GRACE: Duration = Duration::from_millis(500);
/// Discord's limit for the first response; later answers are counted apart.
const DISCORD_LIMIT: Duration = Duration::from_secs(3);

#[derive(Clone, Copy, PartialEq)]
enum Bot {
    Dramabot,
    Bare,
}

impl Bot {
    /// As `LOAD_BOTS` and the record files name it.
    fn tag(self) -> &'static str {
        match self {
            Bot::Dramabot => "dramabot",
            Bot::Bare => "bare",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Bot::Dramabot => "dramabot",
            Bot::Bare => "bare serenity",
        }
    }
}

/// What one rate gave for one bot.
struct Figures {
    offered: u32,
    /// The rate the pacer achieved, and how late its latest dispatch was against its schedule.
    achieved: f64,
    pacer_lag: Duration,
    sent: usize,
    /// First-callback latencies of the answered interactions, sorted.
    latencies: Vec<Duration>,
    /// The same for each kind of the mix, in the order of [`KINDS`].
    by_kind: Vec<Vec<Duration>>,
    doubled: usize,
    /// Answered by a deferral (type 5) first.
    deferred: usize,
    /// Latencies to the answer itself (a deferral's edit, if deferred), sorted; a member waits this.
    answers: Vec<Duration>,
    /// The share of the CPU the host took for others while the interactions were sent.
    stolen: Option<f64>,
    late: usize,
}

impl Figures {
    fn lost(&self) -> usize {
        self.sent - self.latencies.len()
    }

    fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }

    fn cell(&self) -> String {
        format!(
            "{} / {} / {}",
            ms(self.percentile(0.50)),
            ms(self.percentile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default())
        )
    }
}

fn main() {
    // `cargo test --benches` runs this without `--bench`: there is nothing to measure in debug.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("load: a benchmark; run it with `cargo bench --bench load`");
        return;
    }
    let rates: Vec<u32> = std::env::var("LOAD_RATES")
        .map(|v| {
            v.split(',')
                .map(|r| {
                    r.trim()
                        .parse()
                        .expect("LOAD_RATES: rates per second, e.g. 1000,2000")
                })
                .collect()
        })
        .unwrap_or_else(|_| vec![1000, 2000, 3000]);
    let secs: f64 = std::env::var("LOAD_SECS")
        .map(|v| v.parse().expect("LOAD_SECS: seconds per rate, e.g. 3"))
        .unwrap_or(3.0);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the fake");
    if let Ok(count) = std::env::var("LOAD_COUNT") {
        let count = count
            .parse()
            .expect("LOAD_COUNT: interactions per run, e.g. 2000");
        println!("{}", instructions::report(&runtime, count));
        return;
    }
    // `LOAD_BOTS=dramabot` (or `bare`) runs one bot alone, to profile it under load.
    let only = std::env::var("LOAD_BOTS").ok();
    let bots: Vec<Bot> = [Bot::Bare, Bot::Dramabot]
        .into_iter()
        .filter(|bot| only.as_deref().is_none_or(|only| only.contains(bot.tag())))
        .collect();
    if bots.is_empty() {
        eprintln!(
            "load: LOAD_BOTS={} names neither bot: use dramabot, bare, or both",
            only.unwrap_or_default()
        );
        return;
    }
    // Both bots run from the start, and take turns at each rate: what the host takes meanwhile
    // (another guest's burst, a stolen CPU) falls on both alike rather than on one bot's phase.
    let mut running: Vec<Running> = bots
        .into_iter()
        .map(|bot| Running::start(&runtime, bot))
        .collect();
    let mut figures: Vec<Vec<Figures>> = running.iter().map(|_| Vec::new()).collect();
    for &rate in &rates {
        for (bot, figures) in running.iter_mut().zip(&mut figures) {
            figures.push(bot.at(rate, secs));
        }
    }
    for bot in running {
        bot.stop();
    }
    if let [bare, dramabot] = figures.as_slice() {
        println!("{}", table(&rates, secs, dramabot, bare));
    }
}

/// One bot, started against a fresh fake of its own and warmed up, taking its turns at the rates.
struct Running {
    bot: Bot,
    fake: FakeDiscord,
    dir: tempfile::TempDir,
    process: Process,
    next_id: u64,
}

impl Running {
    fn start(runtime: &tokio::runtime::Runtime, bot: Bot) -> Running {
        let fake = runtime.block_on(FakeDiscord::start(&record_path(&format!(
            "load-bench-{}",
            bot.tag()
        ))));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let process = Process::start(bot, &fake, dir.path());
        wait_connected(runtime, &fake, bot, START);
        eprintln!("load: {} connected", bot.name());
        let mut running = Running {
            bot,
            fake,
            dir,
            process,
            next_id: 10_000,
        };
        let warm_up = WARM_UP_RATE as usize * WARM_UP.as_secs() as usize;
        measure(&running.fake, &mut running.next_id, WARM_UP_RATE, warm_up);
        running
    }

    /// `rate` interactions a second for `secs` seconds.
    fn at(&mut self, rate: u32, secs: f64) -> Figures {
        let count = (f64::from(rate) * secs).round() as usize;
        let f = measure(&self.fake, &mut self.next_id, rate, count);
        eprintln!(
            "load: {} at {rate}/s: {} sent, {} answered, p50 {} ms, p99 {} ms; the host stole {} of the CPU",
            self.bot.name(),
            f.sent,
            f.latencies.len(),
            ms(f.percentile(0.50)),
            ms(f.percentile(0.99)),
            share(f.stolen),
        );
        f
    }

    fn stop(self) {
        self.process.stop(self.dir.path());
    }
}

/// Sends `count` interactions at `rate` a second, each at its scheduled instant, waits for their
/// callbacks, and times them.
fn measure(fake: &FakeDiscord, next_id: &mut u64, rate: u32, count: usize) -> Figures {
    let first = *next_id;
    *next_id += count as u64;
    // Built before the clock starts, so the pacer only waits and hands over.
    let payloads: Vec<Value> = (first..first + count as u64).map(interaction).collect();
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let mut dispatched = HashMap::with_capacity(count);
    let mut pacer_lag = Duration::ZERO;
    let cpu_before = cpu_times().unwrap_or_default();
    let start = Instant::now();
    for (i, payload) in payloads.into_iter().enumerate() {
        let due = start + interval * i as u32;
        let now = Instant::now();
        if now < due {
            std::thread::sleep(due - now);
        }
        let at = Instant::now();
        pacer_lag = pacer_lag.max(at.saturating_duration_since(due));
        fake.dispatch("INTERACTION_CREATE", payload);
        dispatched.insert(first + i as u64, at);
    }
    let span = start.elapsed();
    let stolen = stolen_since(&cpu_before);
    // An answer: a callback that is not a deferral, or a deferred answer's edit.
    let answer = |r: &Recorded| {
        let ours = |id: u64| dispatched.contains_key(&id);
        callback_id(r).is_some_and(|id| ours(id) && r.body["type"] != 5)
            || edit_id(r).is_some_and(ours)
    };
    let deadline = Instant::now() + DRAIN;
    while fake.count(answer) < count && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(GRACE);

    let mut first_answer: HashMap<u64, (Instant, bool)> = HashMap::new();
    let mut edits: HashMap<u64, Instant> = HashMap::new();
    let mut doubled = 0;
    for r in fake.requests() {
        if let Some(id) = edit_id(&r).filter(|id| dispatched.contains_key(id)) {
            edits.entry(id).or_insert(r.at);
        }
        let Some(id) = callback_id(&r).filter(|id| dispatched.contains_key(id)) else {
            continue;
        };
        let deferral = r.body["type"] == 5;
        match first_answer.get_mut(&id) {
            Some(answer) => {
                doubled += 1;
                if r.at < answer.0 {
                    *answer = (r.at, deferral);
                }
            }
            None => {
                first_answer.insert(id, (r.at, deferral));
            }
        }
    }
    let mut answers: Vec<Duration> = first_answer
        .iter()
        .filter_map(|(id, &(at, deferral))| {
            let answered = if deferral { *edits.get(id)? } else { at };
            Some(answered.saturating_duration_since(dispatched[id]))
        })
        .collect();
    answers.sort();
    let mut latencies = Vec::with_capacity(first_answer.len());
    let mut by_kind = vec![Vec::new(); KINDS.len()];
    for (id, (at, _)) in &first_answer {
        let latency = at.saturating_duration_since(dispatched[id]);
        latencies.push(latency);
        by_kind[(id % KINDS.len() as u64) as usize].push(latency);
    }
    if std::env::var("LOAD_TIMELINE").is_ok() {
        print_slow_moments(&first_answer, &dispatched, start);
    }
    latencies.sort();
    for kind in &mut by_kind {
        kind.sort();
    }
    Figures {
        offered: rate,
        achieved: count as f64 / span.as_secs_f64(),
        pacer_lag,
        sent: count,
        late: latencies.iter().filter(|&&d| d > DISCORD_LIMIT).count(),
        deferred: first_answer.values().filter(|(_, d)| *d).count(),
        latencies,
        answers,
        by_kind,
        doubled,
        stolen,
    }
}

/// `LOAD_TIMELINE=1`: when, from the rate's start, interactions took over 5 ms (one line per 20 ms
/// at most), to tell a steady queue from stalls, and stalls from each other.
fn print_slow_moments(
    first_answer: &HashMap<u64, (Instant, bool)>,
    dispatched: &HashMap<u64, Instant>,
    start: Instant,
) {
    let mut slow: Vec<(Duration, Duration)> = first_answer
        .iter()
        .map(|(id, (at, _))| {
            let sent = dispatched[id];
            (sent - start, at.saturating_duration_since(sent))
        })
        .filter(|(_, latency)| *latency > Duration::from_millis(5))
        .collect();
    slow.sort();
    let mut last: Option<Duration> = None;
    for (sent, latency) in slow {
        if last.is_none_or(|last| sent >= last + Duration::from_millis(20)) {
            eprintln!("  sent at {} ms: answered in {} ms", ms(sent), ms(latency));
            last = Some(sent);
        }
    }
}

/// The share of the machine's CPU time its host took for other guests ("steal") since `before`, as
/// `/proc/stat` counts it; `None` where there is no such file. Latencies on a machine whose host
/// steals a fifth of its time say more about the host than about the bots.
fn stolen_since(before: &[u64]) -> Option<f64> {
    let now = cpu_times()?;
    let delta: Vec<u64> = now.iter().zip(before).map(|(n, b)| n - b).collect();
    let total: u64 = delta.iter().sum();
    (total > 0).then(|| delta.get(7).copied().unwrap_or(0) as f64 / total as f64)
}

/// The machine's CPU times (user, nice, system, idle, iowait, irq, softirq, steal, …), in ticks.
fn cpu_times() -> Option<Vec<u64>> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    line.split_whitespace()
        .skip(1)
        .map(|v| v.parse().ok())
        .collect()
}

/// The interaction a callback answers, from its path `/api/v10/interactions/ID/TOKEN/callback`.
fn callback_id(r: &Recorded) -> Option<u64> {
    let rest = r.path.strip_prefix("/api/v10/interactions/")?;
    if r.method != "POST" || !rest.ends_with("/callback") {
        return None;
    }
    rest.split('/').next()?.parse().ok()
}

/// The interaction a deferred answer's edit belongs to, from its path
/// `/api/v10/webhooks/APP/token-ID/messages/@original`.
fn edit_id(r: &Recorded) -> Option<u64> {
    let rest = r.path.strip_prefix("/api/v10/webhooks/")?;
    if r.method != "PATCH" || !rest.ends_with("/messages/@original") {
        return None;
    }
    rest.split('/').nth(1)?.strip_prefix("token-")?.parse().ok()
}

/// A share as a whole percentage, or "?" where it was not measured.
fn share(share: Option<f64>) -> String {
    share.map_or_else(|| "?".to_string(), |s| format!("{:.0}%", s * 100.0))
}

fn table(rates: &[u32], secs: f64, dramabot: &[Figures], bare: &[Figures]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nPaced load, {secs} s per rate, mix /cast, /quote today, /about, /facts; latency from dispatch \
         to callback, ms\n"
    );
    let _ = writeln!(
        out,
        "| offered rate | dramabot p50 / p99 / max | completed | lost | doubled | bare p50 / p99 / max | completed | lost | doubled | host steal, dramabot / bare |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for ((rate, d), b) in rates.iter().zip(dramabot).zip(bare) {
        let _ = writeln!(
            out,
            "| {rate}/s | {} | {}/{} | {} | {} | {} | {}/{} | {} | {} | {} / {} |",
            d.cell(),
            d.latencies.len(),
            d.sent,
            d.lost(),
            d.doubled,
            b.cell(),
            b.latencies.len(),
            b.sent,
            b.lost(),
            b.doubled,
            share(d.stolen),
            share(b.stolen),
        );
    }
    let _ = writeln!(out);
    for (bot, figures) in [("dramabot", dramabot), ("bare", bare)] {
        for f in figures {
            let _ = writeln!(
                out,
                "{bot} at {}/s: achieved {:.0}/s, pacer at most {} ms late; {} first callbacks after {} s, \
                 {} deferred; the answer itself (a deferral's edit) p50 / p99 / max {} / {} / {} ms, {} of {}",
                f.offered,
                f.achieved,
                ms(f.pacer_lag),
                f.late,
                DISCORD_LIMIT.as_secs(),
                f.deferred,
                ms(percentile(&f.answers, 0.50)),
                ms(percentile(&f.answers, 0.99)),
                ms(f.answers.last().copied().unwrap_or_default()),
                f.answers.len(),
                f.sent,
            );
            let kinds: Vec<String> = KINDS
                .iter()
                .zip(&f.by_kind)
                .map(|(kind, l)| {
                    format!(
                        "{kind} {} / {}",
                        ms(percentile(l, 0.50)),
                        ms(percentile(l, 0.99))
                    )
                })
                .collect();
            let _ = writeln!(out, "    p50 / p99 by kind: {}", kinds.join(", "));
        }
    }
    out
}

/// Waits until `bot` has connected to `fake`'s gateway (dramabot registers its commands first),
/// for at most `within` at each step.
fn wait_connected(
    runtime: &tokio::runtime::Runtime,
    fake: &FakeDiscord,
    bot: Bot,
    within: Duration,
) {
    runtime.block_on(async {
        if bot == Bot::Dramabot {
            fake.wait_for(1, within, |r| {
                r.method == "PUT" && r.path.ends_with("/commands")
            })
            .await;
        }
        fake.wait_identified(within).await;
    });
}

/// A bot process, stopped with SIGTERM at the end of the run, killed if the benchmark panics.
struct Process {
    child: Child,
}

impl Process {
    fn start(bot: Bot, fake: &FakeDiscord, dir: &Path) -> Process {
        Process::start_under(&[], bot, fake, dir)
    }

    /// [`Process::start`] under `wrapper` (a command and its arguments, such as valgrind's), if
    /// any.
    fn start_under(wrapper: &[String], bot: Bot, fake: &FakeDiscord, dir: &Path) -> Process {
        let log = std::fs::File::create(dir.join("bot.log")).expect("a log file");
        let mut command = bot_command(wrapper, bot);
        if bot == Bot::Dramabot {
            command.arg("run");
        }
        let child = command
            .env("DISCORD_TOKEN", TOKEN)
            .env("DRAMABOT_DISCORD_API_BASE_URL", fake.api_base())
            .env("DRAMABOT_DATABASE_PATH", dir.join("load.db"))
            .env(
                "RUST_LOG",
                "warn,serenity::gateway::bridge::shard_runner=error",
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the bot starts (built by `cargo bench`)");
        Process { child }
    }

    /// Stops the bot and shows the first lines of what it logged (warnings and errors), if any.
    fn stop(self, dir: &Path) {
        self.stop_within(dir, Duration::from_secs(30));
    }

    /// [`Process::stop`], waiting at most `within` for the bot to exit.
    fn stop_within(mut self, dir: &Path, within: Duration) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let log = std::fs::read_to_string(dir.join("bot.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        if !lines.is_empty() {
            eprintln!("load: the bot logged {} line(s); the first:", lines.len());
            for line in lines.iter().take(5) {
                eprintln!("  {line}");
            }
        }
    }
}

/// The command that runs `bot` (under `wrapper`, if any), with the packs of this repository and no
/// `DRAMABOT_` setting of the caller's environment.
fn bot_command(wrapper: &[String], bot: Bot) -> Command {
    let program = match bot {
        // Another build (an earlier commit's, kept aside) to compare with this one.
        Bot::Dramabot => std::env::var("LOAD_DRAMABOT")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_dramabot").to_string()),
        Bot::Bare => env!("CARGO_BIN_EXE_bare-serenity-bot").to_string(),
    };
    let mut command = match wrapper.split_first() {
        Some((first, rest)) => {
            let mut command = Command::new(first);
            command.args(rest).arg(&program);
            command
        }
        None => Command::new(program),
    };
    for (name, _) in std::env::vars() {
        if name.starts_with("DRAMABOT_") {
            command.env_remove(name);
        }
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    command.env("DRAMABOT_DATA_PACKS", repo.join("data/packs"));
    command
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `LOAD_COUNT=N`: instructions per interaction, counted by callgrind rather than timed, so that
/// the figures hold on a machine other work shares (callgrind counts the bot's own instructions,
/// whatever else runs).
///
/// Each bot runs under `valgrind --tool=callgrind` through a fresh fake, answers a warm-up of one
/// interaction of each kind and then `N` interactions (a few at a time: a bot slowed fifty-fold by
/// valgrind must not fall behind into deferrals), and is stopped. A run with the warm-up alone,
/// started and stopped the same way, is subtracted: start-up, shutdown, and what only the first
/// interactions pay (the message catalogues parsed, the HTTP connection opened, statements
/// prepared), which is not the cost of an interaction. Dramabot answers the mix, then each kind of
/// it alone, each run starting from the same imported database (imported once, natively), so
/// that no run pays the import. The callgrind files stay in `target/tmp/callgrind/` for
/// `callgrind_annotate --inclusive=yes`.
mod instructions {
    use super::*;

    /// Interactions dispatched and not yet answered, at most.
    const WINDOW: usize = 4;
    /// Valgrind slows a start (and a stop) down many times.
    const START_UNDER_VALGRIND: Duration = Duration::from_secs(600);
    /// The first interaction's id; a multiple of `KINDS.len()`, so that `id % 4` is the kind.
    const FIRST_ID: u64 = 10_000;

    /// One run's interactions: the whole mix, or only the kind at this index of [`KINDS`].
    #[derive(Clone, Copy)]
    enum Mix {
        All,
        Only(usize),
    }

    impl Mix {
        fn label(self) -> String {
            match self {
                Mix::All => "the mix".to_string(),
                Mix::Only(kind) => format!("{} only", KINDS[kind]),
            }
        }

        fn file_label(self) -> String {
            match self {
                Mix::All => "mix".to_string(),
                Mix::Only(kind) => KINDS[kind].trim_start_matches('/').replace(' ', "-"),
            }
        }

        /// The id of the `i`th interaction of the run.
        fn id(self, i: u64) -> u64 {
            match self {
                Mix::All => FIRST_ID + i,
                Mix::Only(kind) => FIRST_ID + i * KINDS.len() as u64 + kind as u64,
            }
        }
    }

    /// Runs every measurement and returns the table.
    pub fn report(runtime: &tokio::runtime::Runtime, count: u64) -> String {
        assert!(count > 0, "LOAD_COUNT: at least one interaction");
        let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("callgrind");
        std::fs::create_dir_all(&out_dir).expect("a folder for callgrind's files");
        let template = tempfile::tempdir().expect("a temporary folder");
        let imported = bot_command(&[], Bot::Dramabot)
            .arg("import")
            .arg("--db")
            .arg(template.path().join("load.db"))
            .stdout(Stdio::null())
            .status()
            .expect("dramabot import runs");
        assert!(imported.success(), "dramabot import failed");
        let run = |bot, mix, count| run(runtime, &out_dir, template.path(), bot, mix, count);

        let bare_idle = run(Bot::Bare, Mix::All, 0);
        let bare = run(Bot::Bare, Mix::All, count);
        let idle = run(Bot::Dramabot, Mix::All, 0);
        let mut rows = vec![("bare serenity", Mix::All, bare_idle, bare)];
        for mix in [
            Mix::All,
            Mix::Only(0),
            Mix::Only(1),
            Mix::Only(2),
            Mix::Only(3),
        ] {
            rows.push(("dramabot", mix, idle, run(Bot::Dramabot, mix, count)));
        }

        let per = |idle: u64, total: u64| (total as f64 - idle as f64) / count as f64;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\nInstructions per interaction (callgrind), {count} interactions a run, less a run with only \
             the warm-up (start-up, shutdown, first uses)\n"
        );
        let _ = writeln!(
            out,
            "| bot | interactions | instructions, warm-up only | instructions, run | per interaction |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for (bot, mix, idle, total) in &rows {
            let _ = writeln!(
                out,
                "| {bot} | {} | {idle} | {total} | {:.0} |",
                mix.label(),
                per(*idle, *total)
            );
        }
        let floor = per(bare_idle, bare);
        let ours = per(idle, rows[1].3);
        let _ = writeln!(
            out,
            "\nThe mix: dramabot {ours:.0}, bare serenity {floor:.0} instructions per interaction ({:.2}x; \
             {:.0} more). Callgrind's files: {}",
            ours / floor,
            ours - floor,
            out_dir.display()
        );
        out
    }

    /// Runs `bot` under callgrind through a fresh fake, answering `count` interactions of `mix`;
    /// returns the instructions it ran from start to exit.
    fn run(
        runtime: &tokio::runtime::Runtime,
        out_dir: &Path,
        template: &Path,
        bot: Bot,
        mix: Mix,
        count: u64,
    ) -> u64 {
        let label = format!("{}-{}-{count}", bot.tag(), mix.file_label());
        let out = out_dir.join(format!("{label}.out"));
        let _ = std::fs::remove_file(&out);
        let fake = runtime.block_on(FakeDiscord::start(&record_path(&format!(
            "load-count-{label}"
        ))));
        let dir = tempfile::tempdir().expect("a temporary folder");
        if bot == Bot::Dramabot {
            std::fs::copy(template.join("load.db"), dir.path().join("load.db"))
                .expect("the imported database is copied");
        }
        let wrapper = [
            "valgrind".to_string(),
            "--quiet".to_string(),
            "--tool=callgrind".to_string(),
            format!("--callgrind-out-file={}", out.display()),
        ];
        let process = Process::start_under(&wrapper, bot, &fake, dir.path());
        wait_connected(runtime, &fake, bot, START_UNDER_VALGRIND);
        let answered = || fake.count(|r| callback_id(r).is_some());
        // The warm-up, one interaction of each kind, then the run's own.
        let ids: Vec<u64> = (FIRST_ID - KINDS.len() as u64..FIRST_ID)
            .chain((0..count).map(|i| mix.id(i)))
            .collect();
        let (mut sent, mut done) = (0, 0);
        let deadline = Instant::now() + START_UNDER_VALGRIND;
        while done < ids.len() {
            while sent < ids.len() && sent - done < WINDOW {
                fake.dispatch("INTERACTION_CREATE", interaction(ids[sent]));
                sent += 1;
            }
            std::thread::sleep(Duration::from_millis(1));
            done = answered();
            assert!(
                Instant::now() < deadline,
                "{label}: only {done} of {} answered",
                ids.len()
            );
        }
        let deferred = fake.count(|r| callback_id(r).is_some() && r.body["type"] == 5);
        process.stop_within(dir.path(), START_UNDER_VALGRIND);
        let instructions = total_instructions(&out);
        eprintln!(
            "load: {label}: {instructions} instructions, {done} answered, {deferred} deferred"
        );
        assert_eq!(
            deferred, 0,
            "{label}: a deferral is not the answer measured"
        );
        instructions
    }

    /// The instructions a callgrind file counts in all (its `summary:` or `totals:` line).
    fn total_instructions(file: &Path) -> u64 {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("callgrind's file {}: {e}", file.display()));
        text.lines()
            .find_map(|line| {
                line.strip_prefix("summary:")
                    .or_else(|| line.strip_prefix("totals:"))
            })
            .and_then(|n| n.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no total in {}", file.display()))
    }
}
