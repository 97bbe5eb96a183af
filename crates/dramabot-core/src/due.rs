//! The one scheduler, as plain functions: everything timed (a server's daily post, a trivia game's
//! rounds, a trivia season's end) is a [`Job`] in one queue kept in the store, with the instant it
//! is next due.
//!
//! Features put their work in the queue as they change things (a moderator moves the daily post, a
//! game starts, everyone answered) and ask the edge to wake the scheduler; [`run_due`] does every
//! job due at an instant and each job sets when it is next due; [`next_due`] is how long the edge's
//! task may sleep. No clock is read and no runtime is touched here: the bot's task (in the
//! `dramabot` crate) and the offline console both drive these same functions, the console on its
//! virtual clock.
//!
//! A fleet of processes shares the queue: each pass claims the due jobs nobody holds under a
//! [`LEASE`] (`Store::claim_due`), runs only those, and releases each as it finishes, so a job is
//! run by one process at a time, and one whose process died is taken over when its lease runs out.
//! Each step a job takes is itself guarded in the store (a post claimed by a status change, a round
//! opened or closed only from the state it expects), so even a job run twice, by a process that
//! outlived its lease, does each step once.

use jiff::{SignedDuration, Timestamp};
use rand::Rng;

use crate::error::Result;
use crate::ids::MessageId;
use crate::quotes::daily;
use crate::reply::{ChannelMessage, SentRecord};
use crate::router::App;
use crate::store::Job;
use crate::{seasons, trivia};

/// How long a job that failed (the store could not answer) waits before it is tried again.
pub const RETRY_AFTER: SignedDuration = SignedDuration::from_mins(1);

/// How long a claimed job is this process's alone. A job's work is store work only (what it sends
/// goes out after, and a daily post's send is guarded by its claim and nonce, not by the lease):
/// milliseconds each, a few seconds for a full [`BATCH`] on a slow database. Thirty seconds is
/// well past that and past a database's short hiccup, yet short enough that the jobs of a process
/// killed mid-pass are taken over within a trivia round's time and a daily post's grace.
pub const LEASE: SignedDuration = SignedDuration::from_secs(30);

/// Until when a job claimed (or a post claimed or resent) at `now` is this process's: the end of
/// its [`LEASE`]. A post not yet recorded as sent keeps its job due until then, so that whoever
/// claims the job after the lease resends it (`quotes::daily`, `seasons`).
pub fn lease_end(now: Timestamp) -> Timestamp {
    now.checked_add(LEASE).unwrap_or(now)
}

/// At most this many jobs are done in one pass, so that a flood of due work (a popular post time
/// in many servers) is sent in batches while the first ones go out.
pub const BATCH: usize = 256;

/// Puts every server's daily post and every running game in the queue, judged at `now`: at
/// start-up, so that the queue matches the settings and games whatever happened while the bot was
/// down. Returns how many jobs are scheduled.
pub fn reschedule_all(app: &App, now: Timestamp) -> Result<usize> {
    let daily = daily::reschedule_all(app, now);
    let trivia = trivia::reschedule_all(app, now);
    let seasons = seasons::reschedule_all(app);
    Ok(daily? + trivia? + seasons?)
}

/// The earliest instant some job is due, if any.
pub fn next_due(app: &App) -> Result<Option<Timestamp>> {
    app.store().next_due()
}

/// Claims the jobs due at `now` that no other process holds (at most [`BATCH`], under a [`LEASE`]),
/// does them, and returns the messages they send, in order. A job that fails is logged and tried
/// again [`RETRY_AFTER`] later; the others go on, and the messages a failed job had already
/// committed are still returned. Each job's lease is released as it finishes.
pub fn run_due(app: &App, now: Timestamp, rng: &mut impl Rng) -> Result<Vec<ChannelMessage>> {
    let jobs = app.store().claim_due(now, lease_end(now), BATCH)?;
    let mut out = Vec::new();
    for job in jobs {
        let done = match job {
            Job::DailyPost(guild) => daily::run_job(app, guild, now, rng, &mut out),
            Job::Trivia(game) => trivia::run_job(app, game, now, rng, &mut out),
            Job::SeasonEnd(guild) => seasons::run_job(app, guild, now, &mut out),
        };
        if let Err(e) = done {
            tracing::error!(?job, error = %e, "due work failed; trying again later");
            let retry = now.checked_add(RETRY_AFTER).unwrap_or(now);
            if let Err(e) = app.store().schedule(job, retry) {
                tracing::error!(?job, error = %e, "cannot reschedule due work");
            }
        }
        // A lease left held (the store failed) runs out on its own, and the job comes due then.
        if let Err(e) = app.store().release(job) {
            tracing::error!(?job, error = %e, "cannot release due work");
        }
    }
    Ok(out)
}

/// Records what became of a message an edge sent: the message id of a trivia question (edited when
/// its round closes), or a daily post's outcome (shown by `/qotd status`). `Err` carries the plain
/// reason a send failed, for moderators to read. Returns messages still to send: the closing edit
/// of a question whose round closed while it was on its way.
pub fn sent(
    app: &App,
    record: SentRecord,
    result: std::result::Result<MessageId, String>,
    now: Timestamp,
) -> Result<Vec<ChannelMessage>> {
    match (record, result) {
        (SentRecord::Nothing, _) => Ok(Vec::new()),
        (SentRecord::DailyPost { guild, date }, result) => daily::finished_and_rescheduled(
            &app.store(),
            guild,
            date,
            result,
            app.qotd_grace(),
            now,
        )
        .map(|()| Vec::new()),
        // A question that could not be shown still closes on time; it is not sent again.
        (SentRecord::TriviaQuestion { game, round }, result) => {
            trivia::sent(app, (game, round), result, now)
        }
        (SentRecord::TriviaStep { game, step }, _) => {
            trivia::step_sent(&app.store(), game, step, now).map(|()| Vec::new())
        }
        (SentRecord::SeasonPost { guild, ends_on }, result) => {
            seasons::finished(&app.store(), guild, ends_on, result, now).map(|()| Vec::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::ids::{ChannelId, GuildId};
    use crate::router::tests::{command, run};
    use crate::router::{Action, Value};
    use crate::store::sample::store_with_sample;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn moderator(sub: &str, options: &[(&str, &str)], now: &str) -> crate::router::Invocation {
        let mut inv = command("qotd", Some(sub), options);
        inv.is_moderator = true;
        inv.now = ts(now);
        inv
    }

    /// The daily post of the sample server at 08:00 London, set up at `now`.
    fn daily_post(app: &App, now: &str) {
        let mut inv = moderator("channel", &[], now);
        if let Action::Command { options, .. } = &mut inv.action {
            options.push(("channel".into(), Value::Channel(ChannelId(77))));
        }
        run(app, &inv);
        run(app, &moderator("time", &[("time", "08:00")], now));
        run(
            app,
            &moderator("timezone", &[("zone", "Europe/London")], now),
        );
        run(app, &moderator("on", &[], now));
    }

    #[test]
    fn a_daily_post_is_queued_when_set_up_and_moves_with_its_settings() {
        let app = App::new(store_with_sample());
        assert_eq!(next_due(&app).expect("next"), None);
        daily_post(&app, "2026-03-01T00:00:00Z");
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-01T08:00:00Z"))
        );
        run(
            &app,
            &moderator("time", &[("time", "09:30")], "2026-03-01T01:00:00Z"),
        );
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-01T09:30:00Z"))
        );
        run(&app, &moderator("off", &[], "2026-03-01T02:00:00Z"));
        assert_eq!(next_due(&app).expect("next"), None);
    }

    #[test]
    fn due_work_posts_once_and_then_sleeps_until_the_next_day() {
        let app = App::new(store_with_sample());
        daily_post(&app, "2026-03-01T00:00:00Z");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(
            run_due(&app, ts("2026-03-01T07:59:59Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        let posts = run_due(&app, ts("2026-03-01T08:00:00Z"), &mut rng).expect("due");
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].channel, ChannelId(77));
        assert!(posts[0].nonce.is_some());
        let date = "2026-03-01".parse().expect("date");
        assert_eq!(
            posts[0].record,
            SentRecord::DailyPost {
                guild: GuildId(1),
                date
            }
        );
        sent(
            &app,
            posts[0].record,
            Ok(MessageId(5)),
            ts("2026-03-01T08:00:01Z"),
        )
        .expect("sent");
        assert!(
            run_due(&app, ts("2026-03-01T08:00:02Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-02T08:00:00Z"))
        );
    }

    #[test]
    fn start_up_queues_what_the_store_holds_and_catches_up_after_downtime() {
        let app = App::new(store_with_sample());
        daily_post(&app, "2026-03-01T00:00:00Z");
        // The queue is lost (as if from an older version); start-up rebuilds it from the settings.
        app.store()
            .unschedule(Job::DailyPost(GuildId(1)))
            .expect("forget");
        assert_eq!(next_due(&app).expect("next"), None);
        // Down from before the 1st's post until 10:00 on the 3rd.
        let back = ts("2026-03-03T10:00:00Z");
        assert_eq!(reschedule_all(&app, back).expect("reschedule"), 1);
        assert_eq!(next_due(&app).expect("next"), Some(back));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // The 1st and 2nd are recorded missed; the 3rd goes out late, within its grace.
        let posts = run_due(&app, back, &mut rng).expect("due");
        assert_eq!(posts.len(), 1);
        assert!(
            matches!(posts[0].record, SentRecord::DailyPost { date, .. } if date.to_string() == "2026-03-03")
        );
        // Due again when this process's lease on the claimed post ends, unless its send is
        // recorded first: then on the 4th.
        assert_eq!(next_due(&app).expect("next"), back.checked_add(LEASE).ok());
        sent(&app, posts[0].record, Ok(MessageId(5)), back).expect("sent");
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-04T08:00:00Z"))
        );
    }

    #[test]
    fn a_job_for_something_gone_is_dropped() {
        let app = App::new(store_with_sample());
        let now = ts("2026-03-01T00:00:00Z");
        app.store()
            .schedule(Job::Trivia(999), now)
            .expect("schedule");
        app.store()
            .schedule(Job::DailyPost(GuildId(5)), now)
            .expect("schedule");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(run_due(&app, now, &mut rng).expect("due").is_empty());
        assert_eq!(next_due(&app).expect("next"), None);
    }

    /// A daily post claimed by a process that died before sending it: another process starting
    /// meanwhile leaves it alone while the first one's lease lives (its start-up and its passes
    /// resend nothing); once the lease has ended, exactly one of the processes passing at that
    /// instant resends it, with its nonce, and its recorded send moves the job to the next day.
    #[test]
    fn a_post_left_unfinished_is_resent_once_by_whoever_claims_it_after_the_lease() {
        use crate::store::tests::{SAMPLE, sample_pack};
        let (mut first, second, _dir) = crate::store::two_processes();
        first
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        let (dead, alive) = (App::new(first), App::new(second));
        daily_post(&dead, "2026-03-01T00:00:00Z");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let due = ts("2026-03-01T08:00:00Z");
        let claimed = run_due(&dead, due, &mut rng).expect("due");
        assert_eq!(
            claimed.len(),
            1,
            "claimed, and never sent: the process died"
        );
        let after = |secs| {
            due.checked_add(SignedDuration::from_secs(secs))
                .expect("a time")
        };
        // The other process starts ten seconds later and passes every few seconds.
        reschedule_all(&alive, after(10)).expect("start-up");
        for secs in [10, 20, 29] {
            assert!(
                run_due(&alive, after(secs), &mut rng)
                    .expect("due")
                    .is_empty(),
                "nothing resent at +{secs} s, inside the lease"
            );
        }
        // The lease ends; a process restarted in the dead one's place and the other pass at once.
        let restarted = App::new(
            alive
                .store()
                .open_another_process()
                .expect("open")
                .expect("a process"),
        );
        let end = due.checked_add(LEASE).expect("a time");
        reschedule_all(&restarted, end).expect("start-up");
        let together = std::sync::Barrier::new(2);
        let [one, two] = std::thread::scope(|s| {
            [&alive, &restarted]
                .map(|app| {
                    let together = &together;
                    s.spawn(move || {
                        let mut rng = ChaCha8Rng::seed_from_u64(2);
                        together.wait();
                        run_due(app, end, &mut rng).expect("due")
                    })
                })
                .map(|pass| pass.join().expect("a pass"))
        });
        let resent: Vec<_> = one.iter().chain(two.iter()).collect();
        assert_eq!(resent.len(), 1, "resent once: {resent:#?}");
        assert_eq!(resent[0].nonce, claimed[0].nonce);
        assert_eq!(resent[0].record, claimed[0].record);
        let sender = if one.is_empty() { &restarted } else { &alive };
        sent(sender, resent[0].record, Ok(MessageId(9)), end).expect("sent");
        assert_eq!(
            next_due(&alive).expect("next"),
            Some(ts("2026-03-02T08:00:00Z"))
        );
        assert!(
            run_due(&alive, after(600), &mut rng)
                .expect("due")
                .is_empty()
        );
    }

    /// A fleet: three processes on one database, each running its own scheduler passes, 200
    /// servers' daily posts and 20 one-question trivia games due, and one process killed mid-way
    /// holding leases it never finished. Every post goes out once, every question is asked once
    /// and closed once, and the dead process's jobs are taken over when its leases run out.
    #[test]
    fn a_fleet_of_three_posts_and_plays_everything_once_though_one_dies() {
        use std::collections::HashMap;

        use crate::model::{GameStatus, QotdSettings, TriviaSettings};
        use crate::store::tests::{SAMPLE, sample_pack};
        use crate::trivia::modes::GameMode;

        let (mut first, second, _dir) = crate::store::two_processes();
        let third = first
            .open_another_process()
            .expect("open")
            .expect("a third");
        first
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        let t0 = ts("2026-03-01T07:59:00Z");
        for guild in 1..=200 {
            let settings = QotdSettings {
                channel: Some(ChannelId(1000 + guild)),
                time: "08:00".into(),
                timezone: "UTC".into(),
                enabled: true,
                ..QotdSettings::default()
            };
            first
                .save_qotd_settings(GuildId(guild), &settings, t0)
                .expect("settings");
        }
        let question = first
            .trivia_questions(crate::model::Scope::default())
            .expect("questions")
            .remove(0);
        let games: Vec<i64> = (0..20)
            .map(|g| {
                first
                    .create_game(
                        GuildId(1 + g),
                        ChannelId(5000 + g),
                        crate::ids::UserId(3),
                        &[question.key],
                        &TriviaSettings::default(),
                        None,
                        &GameMode::default(),
                        crate::i18n::Locale::English,
                        ts("2026-03-01T07:58:30Z"),
                    )
                    .expect("create")
                    .expect("a game")
            })
            .collect();
        let fleet = [App::new(first), App::new(second), App::new(third)];
        reschedule_all(&fleet[0], t0).expect("scheduled");

        // The third process claims a share of the work as it comes due (the games, due first, and
        // 40 posts, queued from the start-up on), and dies before doing it.
        let due = ts("2026-03-01T08:00:00Z");
        let held = fleet[2]
            .store()
            .claim_due(due, due.checked_add(LEASE).expect("a time"), 60)
            .expect("claimed");
        assert_eq!(held.len(), 60);
        assert!(
            games.iter().all(|g| held.contains(&Job::Trivia(*g))),
            "{held:?} {games:?}"
        );
        let alive = &fleet[..2];

        let mut outbox: Vec<(Timestamp, ChannelMessage)> = Vec::new();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut message = 9000;
        // Ten minutes, a pass a second, the two live processes taking turns first.
        for second in 0..600 {
            let now = due
                .checked_add(SignedDuration::from_secs(second))
                .expect("a time");
            for k in 0..2 {
                let app = &alive[(second as usize + k) % 2];
                let mut queue = run_due(app, now, &mut rng).expect("a pass");
                while let Some(out) = queue.pop() {
                    message += 1;
                    queue.extend(
                        sent(app, out.record, Ok(MessageId(message)), now).expect("recorded"),
                    );
                    outbox.push((now, out));
                }
            }
        }
        let mut posts: HashMap<GuildId, usize> = HashMap::new();
        let mut asked: HashMap<i64, usize> = HashMap::new();
        let mut closed: HashMap<ChannelId, usize> = HashMap::new();
        for (_, m) in &outbox {
            match m.record {
                SentRecord::DailyPost { guild, .. } => *posts.entry(guild).or_default() += 1,
                SentRecord::TriviaQuestion { game, .. } => *asked.entry(game).or_default() += 1,
                _ if m.edit.is_some() => *closed.entry(m.channel).or_default() += 1,
                _ => {}
            }
        }
        assert_eq!(posts.len(), 200, "every server posted");
        assert!(posts.values().all(|n| *n == 1), "{posts:?}");
        assert_eq!(asked.len(), 20, "every game asked its question");
        assert!(asked.values().all(|n| *n == 1), "{asked:?}");
        assert_eq!(closed.len(), 20, "every question was closed");
        assert!(closed.values().all(|n| *n == 1), "{closed:?}");
        for game in games {
            let row = fleet[0]
                .store()
                .game(game)
                .expect("read")
                .expect("the game");
            assert_ne!(row.status, GameStatus::Running);
        }
        // The dead process's posts went out once its leases ran out, not before.
        let taken_over = due.checked_add(LEASE).expect("a time");
        for (at, m) in &outbox {
            let job = match m.record {
                SentRecord::DailyPost { guild, .. } => Job::DailyPost(guild),
                SentRecord::TriviaQuestion { game, .. } => Job::Trivia(game),
                _ => continue,
            };
            assert_eq!(
                *at >= taken_over,
                held.contains(&job),
                "{job:?} done at {at}"
            );
        }
    }
}
