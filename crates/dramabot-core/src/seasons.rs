//! A server's one time zone, trivia seasons, and the season's reward role.
//!
//! **The zone.** A server has one IANA time zone (`/settings timezone`, and `/qotd timezone`, kept
//! for the moderators who know it), read by the daily post and by seasons; a server that never set
//! one is on UTC.
//!
//! **Seasons.** `/settings seasons length:week|month channel:` makes the leaderboard run in
//! seasons. A season ends at local midnight in the server's zone (weeks on Monday 00:00, months on
//! the 1st), computed from the zone at each run so a daylight-saving change moves nothing. Each
//! server with seasons is one job of the one scheduler ([`crate::due`]): [`reschedule`] sets it at
//! the next end, and [`run_job`] ends what is due. Ending a season claims it in the store (its row,
//! keyed by the local date it ended on, committed before anything is sent) and posts the final
//! standings once, with a nonce derived from the server and that date, as the daily post does:
//! neither a restart nor a retry posts twice. A post that fails (a deleted channel) is logged and
//! recorded; the season has rolled over all the same, and nothing retries it. A season nobody
//! scored in ends without a post.
//!
//! **Reward role.** `/settings rewards role:` names a role the season's winner gets and the last
//! winner loses. The core cannot reach Discord: it asks the edges to check the role when a
//! moderator sets it ([`Effect::CheckRole`]: the edge answers the command, checks, and tells the
//! moderator privately what it found, with [`role_checked`]; the role stays saved either way) and,
//! as [`Effect::Role`], to take and give it when a season ends ([`take_rewards`], once per
//! season); the edge checks Manage Roles and the role order before each change and reports with
//! [`role_changed`]. A season with a reward holds its post for [`REWARD_WAIT`] (the
//! row says `held`; a restart keeps the hold), so that the post says whether the role was given;
//! what the last check found is what `/settings show` says; the log has Discord's own words;
//! nothing is retried.
//!
//! Every text members read here comes from the catalogues (`seasons.ftl`, and `reasons.ftl` for
//! why a role or a post failed, stored by id), through [`words`]; a season's post is in the
//! server's language ([`crate::settings::channel_locale`]), every answer in the reader's.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{self, Locale, msg};
use crate::ids::{ChannelId, GuildId, RoleId};
use crate::model::Ranked;
use crate::quotes::daily::{self, TimezoneArgs};
use crate::quotes::schedule::{self, post_instant};
use crate::reply::{ChannelMessage, Reply, RoleAction, RoleChange, RoleCheck, SentRecord};
use crate::router::{App, Ctx, Effect};
use crate::store::{
    Job, RewardStatus, SeasonEnd, SeasonLength, SeasonPostStatus, SeasonSettings, Store,
};

/// At most this many seasons are ended in one run (after long downtime); the rest follow at once.
const ENDS_PER_RUN: usize = 8;

/// How long a season's post waits after its end for the reward role to be given, so that it can
/// say whether that worked (the edge checks the bot's permissions first, and reports at once).
pub const REWARD_WAIT: jiff::SignedDuration = jiff::SignedDuration::from_secs(10);

/// How many members a season's final standings list.
const STANDINGS: usize = 10;

// ------------------------------------------------------------------------------- the zone

/// A server's time zone: the one its moderators set, else UTC. A stored name this machine's zone
/// data does not know is logged and read as UTC.
pub fn zone_of(store: &Store, guild: GuildId) -> Result<TimeZone> {
    Ok(zone_named(guild, store.server_zone(guild)?))
}

/// [`zone_of`] from the stored name (`None`: the server set none), read by the caller.
pub fn zone_named(guild: GuildId, name: Option<String>) -> TimeZone {
    let Some(name) = name else {
        return TimeZone::UTC;
    };
    TimeZone::get(&name).unwrap_or_else(|e| {
        tracing::warn!(guild = guild.0, zone = name, error = %e, "unknown stored time zone; using UTC");
        TimeZone::UTC
    })
}

/// Sets a server's zone from what a moderator typed, and moves everything timed by it (the daily
/// post, the season's end). Returns the zone's IANA name.
pub fn change_zone(ctx: &mut Ctx<'_>, guild: GuildId, typed: &str) -> Result<String> {
    let zone = schedule::parse_zone(typed)
        .map_err(|e| Error::BadInput(daily::input_error(ctx.locale(), &e)))?;
    let name = zone
        .iana_name()
        .ok_or_else(|| Error::BadInput(ctx.text(msg::SEASONS_ZONE_NAME_NEEDED)))?
        .to_string();
    let now = ctx.inv.now;
    {
        let store = ctx.app.store();
        store.set_server_zone(guild, &name, now)?;
        daily::zone_changed(&store, guild, ctx.app.qotd_grace(), now)?;
        reschedule(&store, guild)?;
    }
    ctx.request(Effect::WakeScheduler);
    tracing::info!(guild = guild.0, zone = name, "server time zone changed");
    Ok(name)
}

/// `/settings timezone zone:<IANA name>`.
pub fn timezone(ctx: &mut Ctx<'_>, args: TimezoneArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::SEASONS_IN_A_SERVER)?;
    let name = change_zone(ctx, guild, &args.zone)?;
    Ok(Reply::private(words::zone_set(ctx.locale(), &name)))
}

// ---------------------------------------------------------------------------- the seasons

/// The end of the season running at `after` (the first local midnight ending a week or a month
/// strictly after it), as the local date it ends on and its instant; `None` when seasons are off.
/// Computed from `zone` at each call, so a daylight-saving change between two ends is right.
pub fn next_end(
    length: SeasonLength,
    zone: &TimeZone,
    after: Timestamp,
) -> Option<(Date, Timestamp)> {
    let mut date = after.to_zoned(zone.clone()).date();
    // A date whose midnight never shows (a calendar day skipped) passes to the next end.
    for _ in 0..4 {
        date = match length {
            SeasonLength::Week => {
                let days = 7 - i64::from(date.weekday().to_monday_zero_offset());
                date.checked_add(days.days()).ok()?
            }
            SeasonLength::Month => date.first_of_month().checked_add(1.month()).ok()?,
            SeasonLength::Off => return None,
        };
        if let Some(at) = post_instant(date, Time::midnight(), zone).filter(|at| *at > after) {
            return Some((date, at));
        }
    }
    None
}

/// When the season the store knows as current began: when seasons were turned on, or the last
/// season's end if later.
fn stored_start(settings: &SeasonSettings, last: Option<&SeasonEnd>) -> Timestamp {
    last.map_or(settings.started_at, |l| l.ended_at.max(settings.started_at))
}

/// A server's seasons when they are on: its settings, channel and zone.
fn running(store: &Store, guild: GuildId) -> Result<Option<(SeasonSettings, ChannelId, TimeZone)>> {
    let Some(settings) = store.season_settings(guild)? else {
        return Ok(None);
    };
    let Some(channel) = settings
        .channel
        .filter(|_| settings.length != SeasonLength::Off)
    else {
        return Ok(None);
    };
    Ok(Some((settings, channel, zone_of(store, guild)?)))
}

/// When the season running at `now` began, for `/trivia leaderboard period:season`: the stored
/// start moved past any end not yet run. Refused when seasons are off.
pub fn current_start(ctx: &Ctx<'_>, global: bool) -> Result<Timestamp> {
    if global {
        return Err(Error::BadInput(ctx.text(msg::SEASONS_IS_A_SERVERS)));
    }
    let guild = ctx.guild_for(msg::SEASONS_IN_A_SERVER)?;
    let store = ctx.app.reader();
    let Some((settings, _, zone)) = running(&store, guild)? else {
        return Err(Error::BadInput(ctx.text(msg::SEASONS_ARE_OFF)));
    };
    let mut start = stored_start(&settings, store.last_season_end(guild)?.as_ref());
    while let Some((_, end)) =
        next_end(settings.length, &zone, start).filter(|(_, end)| *end <= ctx.inv.now)
    {
        start = end;
    }
    Ok(start)
}

/// Sets when `guild`'s season next ends (or forgets it when seasons are off). Called whenever its
/// settings or zone change, and at start-up for every server.
pub fn reschedule(store: &Store, guild: GuildId) -> Result<()> {
    let job = Job::SeasonEnd(guild);
    let next = match running(store, guild)? {
        Some((settings, _, zone)) => match store.last_season_end(guild)? {
            Some(last) if last.status == SeasonPostStatus::Held => Some(held_until(&last)),
            // A post claimed and not yet sent is due again only when its claimer's lease ends
            // (see [`run_job`]): a start-up or a settings change never brings that forward.
            Some(last) if last.status == SeasonPostStatus::Claimed => Some(
                store
                    .due_at(job)?
                    .unwrap_or_else(|| crate::due::lease_end(last.claimed_at)),
            ),
            last => {
                let start = stored_start(&settings, last.as_ref());
                next_end(settings.length, &zone, start).map(|(_, at)| at)
            }
        },
        None => None,
    };
    store.schedule_or_forget(job, next)
}

/// Schedules every server whose seasons are on: at start-up. A server that fails is logged and the
/// others go on; returns how many were scheduled.
pub fn reschedule_all(app: &App) -> Result<usize> {
    let store = app.store();
    let mut scheduled = 0;
    for guild in store.servers_with_seasons()? {
        match reschedule(&store, guild) {
            Ok(()) => scheduled += 1,
            Err(e) => tracing::error!(guild = guild.0, error = %e, "cannot schedule a season"),
        }
    }
    Ok(scheduled)
}

/// When a post held for its reward goes out.
fn held_until(end: &SeasonEnd) -> Timestamp {
    end.claimed_at
        .checked_add(REWARD_WAIT)
        .unwrap_or(end.claimed_at)
}

/// Ends every season of `guild` whose end is at or before `now` (claimed, then its post pushed
/// onto `out`, or held for [`REWARD_WAIT`] while its reward is given), and sets when the next one
/// ends.
pub fn run_job(
    app: &App,
    guild: GuildId,
    now: Timestamp,
    out: &mut Vec<ChannelMessage>,
) -> Result<()> {
    let store = app.store();
    let job = Job::SeasonEnd(guild);
    let Some((settings, channel, zone)) = running(&store, guild)? else {
        return store.unschedule(job);
    };
    let mut last = store.last_season_end(guild)?;
    // A post claimed and never recorded as sent or failed, once the claimer's lease has ended
    // (the job is due only then): resent here, once, with its nonce, by whichever process claimed
    // the job; one too old to resend safely is recorded as failed.
    if let Some(unfinished) = last
        .as_ref()
        .filter(|l| l.status == SeasonPostStatus::Claimed)
    {
        let since = now.checked_sub(daily::RESEND_WITHIN).unwrap_or(now);
        if unfinished.claimed_at >= since {
            tracing::warn!(
                guild = guild.0,
                ends_on = unfinished.ends_on,
                "resending a season's post whose claim was left unfinished"
            );
            let ranked = standings(&store, guild, unfinished.started_at, unfinished.ended_at)?;
            let locale = crate::settings::channel_locale(&store, guild);
            out.push(post_message(unfinished, &ranked, &settings, &zone, locale));
            return store.schedule(job, crate::due::lease_end(now));
        }
        store.abandon_season_posts(since, msg::REASON_STOPPED_SEASON.id())?;
        last = store.last_season_end(guild)?;
    }
    // A post pushed here keeps the job due at the end of this process's lease, so that if the
    // process dies before the send is recorded, whoever claims the job then resends it; the
    // recorded send (`finished`) moves the job on to the next end.
    let mut posted = false;
    if let Some(held) = last.as_ref().filter(|l| l.status == SeasonPostStatus::Held) {
        if now < held_until(held) {
            return store.schedule(job, held_until(held));
        }
        if store.release_season_post(guild, &held.ends_on, now)? {
            let ranked = standings(&store, guild, held.started_at, held.ended_at)?;
            let locale = crate::settings::channel_locale(&store, guild);
            out.push(post_message(held, &ranked, &settings, &zone, locale));
            posted = true;
        }
    }
    let mut start = stored_start(&settings, last.as_ref());
    for _ in 0..ENDS_PER_RUN {
        let Some((ends_on, end)) = next_end(settings.length, &zone, start) else {
            return store.unschedule(job);
        };
        if end > now {
            return store.schedule(
                job,
                if posted {
                    crate::due::lease_end(now)
                } else {
                    end
                },
            );
        }
        let season = Season {
            guild,
            channel,
            started_at: start,
            ends_on,
            ended_at: end,
        };
        let (held, post) = end_season(&store, &settings, &season, &zone, now)?;
        posted |= post.is_some();
        out.extend(post);
        if held {
            return store.schedule(job, now.checked_add(REWARD_WAIT).unwrap_or(now));
        }
        start = end;
    }
    // Long downtime: the remaining ends follow in the next pass.
    store.schedule(job, now)
}

/// One season to end.
struct Season {
    guild: GuildId,
    channel: ChannelId,
    started_at: Timestamp,
    ends_on: Date,
    ended_at: Timestamp,
}

/// Claims a season's end (its winner, and its reward to give) and builds its post: none when it
/// was already ended or nobody scored, and none yet when the post is held for its reward (then
/// `true`).
fn end_season(
    store: &Store,
    settings: &SeasonSettings,
    season: &Season,
    zone: &TimeZone,
    now: Timestamp,
) -> Result<(bool, Option<ChannelMessage>)> {
    let ranked = standings(store, season.guild, season.started_at, season.ended_at)?;
    let winner = ranked.first().filter(|r| r.points > 0).map(|r| r.user);
    let reward_role = settings.reward_role.filter(|_| winner.is_some());
    let claim = SeasonEnd {
        guild: season.guild,
        ends_on: season.ends_on.to_string(),
        started_at: season.started_at,
        ended_at: season.ended_at,
        channel: season.channel,
        status: match (ranked.is_empty(), reward_role) {
            (true, _) => SeasonPostStatus::Empty,
            (false, Some(_)) => SeasonPostStatus::Held,
            (false, None) => SeasonPostStatus::Claimed,
        },
        message: None,
        error: None,
        claimed_at: now,
        winner,
        reward_role,
        reward_status: reward_role.map(|_| RewardStatus::Pending),
        reward_error: None,
    };
    if !store.claim_season_end(&claim)? {
        return Ok((false, None));
    }
    tracing::info!(
        guild = season.guild.0,
        ends_on = %season.ends_on,
        players = ranked.len(),
        winner = ?winner,
        "trivia season ended"
    );
    Ok(match claim.status {
        SeasonPostStatus::Held => (true, None),
        SeasonPostStatus::Claimed => {
            let locale = crate::settings::channel_locale(store, season.guild);
            let post = post_message(&claim, &ranked, settings, zone, locale);
            (false, Some(post))
        }
        _ => (false, None),
    })
}

/// A season's final standings, best first.
fn standings(
    store: &Store,
    guild: GuildId,
    start: Timestamp,
    end: Timestamp,
) -> Result<Vec<Ranked>> {
    store.leaderboard_between(Some(guild), Some(start), Some(end), STANDINGS)
}

/// The nonce of a server's season post: at most 25 characters, as Discord requires.
pub fn nonce(guild: GuildId, ends_on: Date) -> String {
    let hash = crate::text::fnv1a(format!("season:{guild}:{ends_on}").as_bytes());
    format!("ssn{hash:016x}")
}

/// The final standings post of a claimed season: the ranking (text and card), the winner and the
/// reward, and why the reward could not be given: giving it failed, or the last check found why.
/// In the server's language ([`crate::settings::channel_locale`]): it is posted for everyone.
fn post_message(
    end: &SeasonEnd,
    ranked: &[Ranked],
    settings: &SeasonSettings,
    zone: &TimeZone,
    locale: Locale,
) -> ChannelMessage {
    let reward_problem = match end.reward_status {
        Some(RewardStatus::Failed) => end.reward_error.as_deref(),
        _ => settings.reward_problem.as_deref(),
    };
    let first_day = end.started_at.to_zoned(zone.clone()).date();
    let ends_on: Date = end.ends_on.parse().unwrap_or(first_day);
    let last_day = ends_on.yesterday().unwrap_or(ends_on).max(first_day);
    let subtitle = words::season_dates(locale, first_day, last_day);
    // Members tied on points share a rank; the leaderboard's order names the winner, and the text
    // and the card both say why.
    let winner = ranked.first().filter(|_| end.winner.is_some());
    let tie = winner.and_then(|_| words::tie(locale, ranked));
    let card_winner = winner.map(|first| {
        tie.clone().unwrap_or_else(|| {
            i18n::tr(
                locale,
                msg::SEASONS_CARD_WINNER,
                &[("name", first.name.as_str().into())],
            )
        })
    });
    let mut reply = crate::trivia::ranking_reply(
        ranked,
        i18n::text(locale, msg::SEASONS_POST_TITLE),
        &i18n::text(locale, msg::SEASONS_CARD_TITLE),
        subtitle.clone(),
        card_winner,
        locale,
    );
    if let Some(embed) = reply.embeds.first_mut() {
        let mut about = vec![subtitle];
        about.extend(tie);
        if let (Some(first), Some(role)) = (ranked.first(), end.reward_role) {
            // The winner is told they get the role only when nothing stopped the bot giving it.
            match reward_problem {
                Some(problem) => {
                    about.push(words::winner(locale, &first.name));
                    about.push(words::reward_blocked(locale, role, problem));
                }
                None => about.push(words::winner_gets(locale, &first.name, role)),
            }
        } else if let Some(first) = ranked.first().filter(|_| end.winner.is_some()) {
            about.push(words::winner(locale, &first.name));
        }
        let label = i18n::text(locale, msg::SEASONS_SEASON_LABEL);
        *embed = std::mem::take(embed).field(label, about.join("\n"));
    }
    ChannelMessage {
        channel: end.channel,
        reply,
        edit: None,
        nonce: Some(nonce(end.guild, ends_on)),
        record: SentRecord::SeasonPost {
            guild: end.guild,
            ends_on,
        },
    }
}

/// Records how a season's post went. A failure (a deleted channel, a missing permission) is
/// logged and kept with the season; it is not retried, and the season has rolled over already.
pub fn finished(
    store: &Store,
    guild: GuildId,
    ends_on: Date,
    result: std::result::Result<crate::ids::MessageId, String>,
    now: Timestamp,
) -> Result<()> {
    if let Err(error) = &result {
        tracing::warn!(guild = guild.0, %ends_on, error, "a season's final standings could not be posted; the season rolled over all the same");
    }
    store.finish_season_post(
        guild,
        &ends_on.to_string(),
        result.as_ref().map(|m| *m).map_err(String::as_str),
        now,
    )?;
    // The job waited for this (see [`run_job`]): on to the next end.
    reschedule(store, guild)
}

// ---------------------------------------------------------------------------- the reward

/// Takes the rewards of seasons ended since the last call (each once) as the role changes the
/// edge is to make: the last winner loses the role, the new one gets it. Edges call this after each
/// pass of due work.
pub fn take_rewards(app: &App) -> Result<Vec<Effect>> {
    let store = app.store();
    let mut effects = Vec::new();
    for end in store.take_rewards()? {
        let (Some(winner), Some(role)) = (end.winner, end.reward_role) else {
            continue;
        };
        let season = end.ends_on.parse::<Date>().ok();
        let change = |role, action| {
            Effect::Role(RoleChange {
                guild: end.guild,
                role,
                action,
                season,
            })
        };
        if let Some((last, last_role)) = store.last_rewarded(end.guild, &end.ends_on)?
            && (last, last_role) != (winner, role)
        {
            effects.push(change(last_role, RoleAction::Take(last)));
        }
        effects.push(change(role, RoleAction::Give(winner)));
    }
    Ok(effects)
}

/// Why an edge could not change a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleRefusal {
    /// The bot may not give this role (Manage Roles missing, its highest role not above it, a
    /// managed role, `@everyone`, a role since deleted): moderators must fix it, and
    /// `/settings show` says so until a check finds it fixed.
    Permission(String),
    /// Anything else (the member left, Discord failed): logged only.
    Other(String),
}

/// Records how a role change went: a season's reward given or not, and what the check found of
/// the server's reward role (shown by `/settings show` and the next season's post). Nothing is
/// retried.
pub fn role_changed(
    app: &App,
    change: RoleChange,
    result: std::result::Result<(), RoleRefusal>,
    now: Timestamp,
) -> Result<()> {
    let RoleChange {
        guild,
        role,
        action,
        season,
    } = change;
    match &result {
        Ok(()) => tracing::info!(
            guild = guild.0,
            role = role.0,
            ?action,
            "reward role changed"
        ),
        Err(e) => {
            tracing::warn!(guild = guild.0, role = role.0, ?action, error = ?e, "a reward role change failed; not retried")
        }
    }
    let store = app.store();
    if let (Some(season), RoleAction::Give(_)) = (season, action) {
        let error = match &result {
            Ok(()) => None,
            Err(RoleRefusal::Permission(e) | RoleRefusal::Other(e)) => Some(e.as_str()),
        };
        store.finish_reward(guild, &season.to_string(), error.map_or(Ok(()), Err))?;
    }
    let problem = match result {
        Ok(()) => None,
        Err(RoleRefusal::Permission(why)) => Some(why),
        // Not the bot's permissions: the last check's finding stands.
        Err(RoleRefusal::Other(_)) => return Ok(()),
    };
    if let Some(mut settings) = store.season_settings(guild)?
        && settings.reward_role == Some(role)
    {
        settings.reward_problem = problem;
        settings.reward_checked_at = Some(now);
        store.save_season_settings(guild, &settings, now)?;
    }
    Ok(())
}

// ------------------------------------------------------------------------------- /settings

/// The arguments of `/settings seasons length:week|month|off [channel:]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeasonsArgs {
    pub length: SeasonLength,
    /// Where the final standings go; unchanged when not given.
    pub channel: Option<ChannelId>,
}

impl FromOptions for SeasonsArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        let length = options
            .choice(
                "length",
                &[
                    ("week", SeasonLength::Week),
                    ("month", SeasonLength::Month),
                    ("off", SeasonLength::Off),
                ],
            )?
            // The table marks it required: the router refuses a command without it.
            .ok_or_else(|| Error::CommandTable("`length` is required".into()))?;
        Ok(SeasonsArgs {
            length,
            channel: options.get("channel")?,
        })
    }
}

/// A server's season settings, or seasons off starting now.
fn settings_or_off(store: &Store, guild: GuildId, now: Timestamp) -> Result<SeasonSettings> {
    Ok(store.season_settings(guild)?.unwrap_or(SeasonSettings {
        length: SeasonLength::Off,
        channel: None,
        started_at: now,
        reward_role: None,
        reward_problem: None,
        reward_checked_at: None,
    }))
}

/// `/settings seasons length:week|month|off [channel:]`.
pub fn seasons(ctx: &mut Ctx<'_>, args: SeasonsArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::SEASONS_IN_A_SERVER)?;
    let locale = ctx.locale();
    if args.length != SeasonLength::Off {
        ctx.app.needs_timed_messages(locale.is_korean())?;
    }
    let now = ctx.inv.now;
    let said = {
        let store = ctx.app.store();
        let mut s = settings_or_off(&store, guild, now)?;
        let channel = args.channel.or(s.channel);
        if args.length != SeasonLength::Off && channel.is_none() {
            return Err(Error::BadInput(i18n::text(
                locale,
                msg::SEASONS_PICK_A_CHANNEL,
            )));
        }
        if s.length == SeasonLength::Off && args.length != SeasonLength::Off {
            // A new season starts now: points scored before it belong to no season.
            s.started_at = now;
        }
        s.length = args.length;
        s.channel = channel;
        store.save_season_settings(guild, &s, now)?;
        reschedule(&store, guild)?;
        match (channel, store.due_at(Job::SeasonEnd(guild))?) {
            (Some(channel), Some(end)) => {
                let zone = zone_of(&store, guild)?;
                words::seasons_on(locale, args.length, &zone, channel, end)
            }
            _ => i18n::text(locale, msg::SEASONS_OFF_NOW),
        }
    };
    ctx.request(Effect::WakeScheduler);
    tracing::info!(
        guild = guild.0,
        length = args.length.as_str(),
        "seasons changed"
    );
    Ok(Reply::private(said))
}

/// The arguments of `/settings rewards [role:]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RewardsArgs {
    /// The role the season's winner gets; `None` clears it.
    pub role: Option<RoleId>,
}

impl FromOptions for RewardsArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(RewardsArgs {
            role: options.get("role")?,
        })
    }
}

/// `/settings rewards [role:]`: the role each season's winner gets. The setting is saved even when
/// the bot cannot give the role yet: the core cannot see the server's roles, and the usual fix
/// (moving the bot's role higher, granting Manage Roles) is made in Discord after choosing the
/// reward, so refusing would only make the moderator choose it again; the role is checked again
/// before each season's end gives it. The edge checks it at once and answers the moderator
/// privately with what it found ([`role_checked`]); `/settings show` says it too.
pub fn rewards(ctx: &mut Ctx<'_>, args: RewardsArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::SEASONS_IN_A_SERVER)?;
    let locale = ctx.locale();
    // `@everyone` has the server's own id; every member has it, so it rewards nobody.
    if args.role == Some(RoleId(guild.0)) {
        return Err(Error::BadInput(i18n::text(
            locale,
            msg::SEASONS_NOT_EVERYONE,
        )));
    }
    let now = ctx.inv.now;
    let seasons_on = {
        let store = ctx.app.store();
        let mut s = settings_or_off(&store, guild, now)?;
        s.reward_role = args.role;
        s.reward_problem = None;
        s.reward_checked_at = None;
        store.save_season_settings(guild, &s, now)?;
        s.length != SeasonLength::Off
    };
    tracing::info!(guild = guild.0, role = ?args.role, "reward role changed");
    Ok(Reply::private(match args.role {
        Some(role) => {
            ctx.request(Effect::CheckRole(RoleCheck {
                guild,
                role,
                locale,
            }));
            words::reward_saved(locale, role, seasons_on)
        }
        None => i18n::text(locale, msg::SEASONS_REWARD_CLEARED),
    }))
}

/// Records what the check of a reward role a moderator just set found (as [`role_changed`]), and
/// the private answer that tells them: it can be given, or why not and what to do, in their
/// language.
pub fn role_checked(
    app: &App,
    check: RoleCheck,
    result: std::result::Result<(), RoleRefusal>,
    now: Timestamp,
) -> Result<Reply> {
    role_changed(app, check.change(), result.clone(), now)?;
    let (locale, role) = (check.locale, check.role);
    Ok(Reply::private(match result {
        Ok(()) => words::reward_with(locale, msg::SEASONS_CHECK_OK, role),
        Err(RoleRefusal::Permission(why)) => {
            words::reward_problem(locale, msg::SEASONS_CHECK_BLOCKED, role, &why)
        }
        Err(RoleRefusal::Other(why)) => {
            words::reward_problem(locale, msg::SEASONS_CHECK_FAILED, role, &why)
        }
    }))
}

/// The lines `/settings show` adds: the server's zone, its seasons and its reward role, with what
/// the last check of the role found.
pub fn settings_fields(ctx: &Ctx<'_>, guild: GuildId) -> Result<Vec<(String, String)>> {
    let locale = ctx.locale();
    let store = ctx.app.reader();
    let zone = store
        .server_zone(guild)?
        .unwrap_or_else(|| "UTC".to_string());
    let mut fields = vec![(ctx.text(msg::SEASONS_ZONE_LABEL), zone)];
    let s = store.season_settings(guild)?;
    let seasons = match (&s, store.due_at(Job::SeasonEnd(guild))?) {
        (Some(s), Some(end)) if s.length != SeasonLength::Off => {
            let channel = s.channel.map_or_else(String::new, |c| format!("<#{c}>"));
            words::seasons_state(locale, s.length, &channel, end)
        }
        _ => ctx.text(msg::SEASONS_ARE_OFF),
    };
    fields.push((ctx.text(msg::SEASONS_LABEL), seasons));
    let reward = match s.as_ref().and_then(|s| s.reward_role.map(|r| (r, s))) {
        None => ctx.text(msg::SEASONS_NO_REWARD),
        Some((role, s)) => match (&s.reward_problem, s.reward_checked_at) {
            (Some(problem), _) => words::reward_blocked(locale, role, problem),
            (None, Some(_)) => words::reward_with(locale, msg::SEASONS_REWARD_READY, role),
            (None, None) => words::reward_with(locale, msg::SEASONS_REWARD_UNCHECKED, role),
        },
    };
    fields.push((ctx.text(msg::SEASONS_REWARD_LABEL), reward));
    if let Some(last) = store.last_season_end(guild)? {
        fields.push((
            ctx.text(msg::SEASONS_LAST_SEASON_LABEL),
            words::last_season(locale, &last),
        ));
    }
    Ok(fields)
}

/// The text members read about zones, seasons and rewards, from the catalogues (`seasons.ftl`).
pub mod words {
    use jiff::Timestamp;
    use jiff::civil::Date;
    use jiff::tz::TimeZone;

    use crate::i18n::{self, Arg, Locale, msg};
    use crate::ids::{ChannelId, RoleId};
    use crate::model::Ranked;
    use crate::store::{RewardStatus, SeasonEnd, SeasonLength, SeasonPostStatus};

    fn role_arg(role: RoleId) -> (&'static str, Arg<'static>) {
        ("role", role.to_string().into())
    }

    pub fn zone_set(locale: Locale, zone: &str) -> String {
        i18n::tr(locale, msg::SEASONS_ZONE_SET, &[("zone", zone.into())])
    }

    fn length_words(locale: Locale, length: SeasonLength) -> String {
        i18n::text(
            locale,
            match length {
                SeasonLength::Week => msg::SEASONS_LENGTH_WEEK,
                SeasonLength::Month => msg::SEASONS_LENGTH_MONTH,
                SeasonLength::Off => msg::SEASONS_LENGTH_OFF,
            },
        )
    }

    fn when(zone: &TimeZone, at: Timestamp) -> String {
        format!(
            "{} · <t:{}:R>",
            at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M %Z"),
            at.as_second()
        )
    }

    pub fn seasons_on(
        locale: Locale,
        length: SeasonLength,
        zone: &TimeZone,
        channel: ChannelId,
        end: Timestamp,
    ) -> String {
        i18n::tr(
            locale,
            msg::SEASONS_ON,
            &[
                ("how", length_words(locale, length).into()),
                ("channel", channel.to_string().into()),
                ("at", when(zone, end).into()),
            ],
        )
    }

    pub fn seasons_state(
        locale: Locale,
        length: SeasonLength,
        channel: &str,
        end: Timestamp,
    ) -> String {
        i18n::tr(
            locale,
            msg::SEASONS_STATE,
            &[
                ("how", length_words(locale, length).into()),
                ("channel", channel.into()),
                ("end", end.as_second().to_string().into()),
            ],
        )
    }

    pub fn reward_saved(locale: Locale, role: RoleId, seasons_on: bool) -> String {
        let mut text = i18n::tr(locale, msg::SEASONS_REWARD_SAVED, &[role_arg(role)]);
        if !seasons_on {
            text.push(' ');
            text.push_str(&i18n::text(locale, msg::SEASONS_REWARD_SEASONS_OFF));
        }
        text
    }

    /// A role alone: ready, not checked yet.
    pub fn reward_with(locale: Locale, id: i18n::Msg, role: RoleId) -> String {
        i18n::tr(locale, id, &[role_arg(role)])
    }

    /// Why the bot cannot give `role`; `problem` as stored (see [`i18n::reason`]).
    pub fn reward_blocked(locale: Locale, role: RoleId, problem: &str) -> String {
        reward_problem(locale, msg::SEASONS_REWARD_BLOCKED, role, problem)
    }

    /// `id` (which names `role` and a `problem`) with the problem as the reader reads it.
    pub fn reward_problem(locale: Locale, id: i18n::Msg, role: RoleId, problem: &str) -> String {
        i18n::tr(
            locale,
            id,
            &[
                role_arg(role),
                ("problem", i18n::reason(locale, problem).into()),
            ],
        )
    }

    pub fn season_dates(locale: Locale, first: Date, last: Date) -> String {
        i18n::tr(
            locale,
            msg::SEASONS_DATES,
            &[
                ("first", first.to_string().into()),
                ("last", last.to_string().into()),
            ],
        )
    }

    /// How a tie on points at the top of `ranked` (in the leaderboard's order: points, then right
    /// answers, then the older Discord account) was broken, naming the winner; `None` untied.
    pub fn tie(locale: Locale, ranked: &[Ranked]) -> Option<String> {
        let (first, rest) = ranked.split_first()?;
        let tied: Vec<&Ranked> = rest
            .iter()
            .take_while(|r| r.points == first.points)
            .collect();
        let next = tied.first()?;
        let others: Vec<&str> = tied.iter().map(|r| r.name.as_str()).collect();
        Some(i18n::tr(
            locale,
            if next.correct < first.correct {
                msg::SEASONS_TIE_CORRECT
            } else {
                msg::SEASONS_TIE_FIRST
            },
            &[
                ("name", first.name.as_str().into()),
                ("others", others.join(", ").into()),
            ],
        ))
    }

    pub fn winner(locale: Locale, name: &str) -> String {
        i18n::tr(locale, msg::SEASONS_WINNER, &[("name", name.into())])
    }

    pub fn winner_gets(locale: Locale, name: &str, role: RoleId) -> String {
        i18n::tr(
            locale,
            msg::SEASONS_WINNER_GETS,
            &[("name", name.into()), role_arg(role)],
        )
    }

    pub fn last_season(locale: Locale, end: &SeasonEnd) -> String {
        let error = |stored: Option<&str>| -> Arg<'static> {
            match stored {
                Some(e) => i18n::reason(locale, e).into(),
                None => i18n::text(locale, msg::SEASONS_SEE_THE_LOG).into(),
            }
        };
        let post = match end.status {
            SeasonPostStatus::Sent => i18n::text(locale, msg::SEASONS_LAST_SENT),
            SeasonPostStatus::Claimed | SeasonPostStatus::Held => {
                i18n::text(locale, msg::SEASONS_LAST_POSTING)
            }
            SeasonPostStatus::Empty => i18n::text(locale, msg::SEASONS_LAST_EMPTY),
            SeasonPostStatus::Failed => i18n::tr(
                locale,
                msg::SEASONS_LAST_FAILED,
                &[("error", error(end.error.as_deref()))],
            ),
        };
        let reward = match end.reward_status {
            Some(RewardStatus::Failed) => i18n::tr(
                locale,
                msg::SEASONS_REWARD_FAILED,
                &[("error", error(end.reward_error.as_deref()))],
            ),
            Some(RewardStatus::Done) => i18n::text(locale, msg::SEASONS_REWARD_DONE),
            _ => String::new(),
        };
        i18n::tr(
            locale,
            msg::SEASONS_LAST_SEASON,
            &[
                ("date", end.ends_on.as_str().into()),
                ("post", post.into()),
                ("reward", reward.into()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::due::{next_due, run_due, sent};
    use crate::ids::{MessageId, UserId};
    use crate::reply::Response;
    use crate::router::tests::{command, handle_checked, run};
    use crate::router::{Action, Invocation, Value};
    use crate::store::sample::store_with_sample;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn date(text: &str) -> Date {
        text.parse().expect("a date")
    }

    fn moderator(name: &str, sub: &str, options: Vec<(&str, Value)>, now: &str) -> Invocation {
        let mut inv = command(name, Some(sub), &[]);
        inv.is_moderator = true;
        inv.now = ts(now);
        if let Action::Command { options: opts, .. } = &mut inv.action {
            opts.extend(options.into_iter().map(|(n, v)| (n.to_string(), v)));
        }
        inv
    }

    fn text(value: &str) -> Value {
        Value::String(value.into())
    }

    #[test]
    fn a_tie_at_the_top_is_broken_by_right_answers_then_the_older_account_and_said() {
        let ranked = |rows: &[(&str, i64, i64)]| -> Vec<Ranked> {
            rows.iter()
                .zip(1..)
                .map(|(&(name, points, correct), user)| Ranked {
                    user: UserId(user),
                    name: name.into(),
                    points,
                    correct,
                    answers: 9,
                })
                .collect()
        };
        let untied = ranked(&[("Mina", 300, 3), ("Joon", 200, 4)]);
        assert_eq!(words::tie(Locale::English, &untied), None);
        let on_correct = ranked(&[
            ("Mina", 300, 5),
            ("Joon", 300, 4),
            ("Ha", 300, 1),
            ("Sora", 20, 1),
        ]);
        assert_eq!(
            words::tie(Locale::English, &on_correct).as_deref(),
            Some("Tied on points with Joon, Ha: Mina wins on more right answers.")
        );
        let on_account = ranked(&[("Mina", 300, 5), ("Joon", 300, 5)]);
        assert_eq!(
            words::tie(Locale::Korean, &on_account).as_deref(),
            Some(
                "Joon 님과 점수도 정답 수도 같아요: 디스코드 계정이 가장 오래된 Mina 님이 우승해요."
            )
        );
        // The post's text names both on rank 1, and says who wins and why.
        let reply = crate::trivia::ranking_reply(
            &on_correct,
            "t".into(),
            "t",
            "s".into(),
            words::tie(Locale::English, &on_correct),
            Locale::English,
        );
        let text = reply.embeds[0].description.clone().unwrap_or_default();
        assert_eq!(
            text.lines().filter(|l| l.starts_with("1. ")).count(),
            3,
            "{text}"
        );
    }

    #[test]
    fn weeks_end_on_monday_and_months_on_the_first_at_local_midnight_across_dst() {
        let london = TimeZone::get("Europe/London").expect("zone");
        // Clocks go forward on Sunday 2026-03-29: the Monday after begins at 23:00 UTC.
        assert_eq!(
            next_end(SeasonLength::Week, &london, ts("2026-03-23T00:00:00Z")),
            Some((date("2026-03-30"), ts("2026-03-29T23:00:00Z")))
        );
        // A Sunday evening ends that night; a Monday just past midnight waits a week.
        assert_eq!(
            next_end(SeasonLength::Week, &london, ts("2026-03-22T20:00:00Z")),
            Some((date("2026-03-23"), ts("2026-03-23T00:00:00Z")))
        );
        assert_eq!(
            next_end(SeasonLength::Week, &london, ts("2026-03-23T00:00:00Z")).map(|(d, _)| d),
            Some(date("2026-03-30"))
        );
        let seoul = TimeZone::get("Asia/Seoul").expect("zone");
        assert_eq!(
            next_end(SeasonLength::Month, &seoul, ts("2026-01-31T15:00:00Z")),
            Some((date("2026-03-01"), ts("2026-02-28T15:00:00Z"))),
            "already February 1st in Seoul"
        );
        let new_york = TimeZone::get("America/New_York").expect("zone");
        assert_eq!(
            next_end(SeasonLength::Month, &new_york, ts("2026-10-15T12:00:00Z")),
            Some((date("2026-11-01"), ts("2026-11-01T04:00:00Z")))
        );
        assert_eq!(
            next_end(SeasonLength::Month, &new_york, ts("2026-11-15T12:00:00Z")),
            Some((date("2026-12-01"), ts("2026-12-01T05:00:00Z"))),
            "after the clocks went back"
        );
        assert_eq!(
            next_end(SeasonLength::Off, &seoul, ts("2026-01-01T00:00:00Z")),
            None
        );
    }

    /// A server in Seoul with weekly seasons posted in channel 77, and the reward role 55, set up
    /// on Wednesday 2026-03-04.
    fn set_up(app: &App) {
        let now = "2026-03-04T00:00:00Z";
        run(
            app,
            &moderator(
                "settings",
                "timezone",
                vec![("zone", text("asia/seoul"))],
                now,
            ),
        );
        let reply = run(
            app,
            &moderator(
                "settings",
                "seasons",
                vec![
                    ("length", text("week")),
                    ("channel", Value::Channel(ChannelId(77))),
                ],
                now,
            ),
        );
        assert!(
            reply
                .content
                .as_deref()
                .is_some_and(|c| c.contains("2026-03-09 00:00 KST")),
            "{reply:?}"
        );
        let outcome = handle_checked(
            app,
            &moderator(
                "settings",
                "rewards",
                vec![("role", Value::Role(RoleId(55)))],
                now,
            ),
            &mut ChaCha8Rng::seed_from_u64(1),
        );
        assert_eq!(
            outcome.effects,
            vec![Effect::CheckRole(RoleCheck {
                guild: GuildId(1),
                role: RoleId(55),
                locale: Locale::English,
            })]
        );
    }

    fn score(app: &App, user: u64, name: &str, points: i64, at: &str) {
        crate::store::scored_for_tests(
            &app.store(),
            GuildId(1),
            UserId(user),
            name,
            points,
            ts(at),
        )
        .expect("scored");
    }

    #[test]
    fn a_season_ends_at_local_midnight_posts_once_and_hands_the_role_on() {
        let app = App::new(store_with_sample());
        set_up(&app);
        // Seoul's Monday 00:00 is Sunday 15:00 UTC.
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-08T15:00:00Z"))
        );
        score(&app, 10, "Ann", 30, "2026-03-03T10:00:00Z"); // before the season began
        score(&app, 10, "Ann", 20, "2026-03-05T10:00:00Z");
        score(&app, 11, "Bo", 40, "2026-03-06T10:00:00Z");
        score(&app, 10, "Ann", 50, "2026-03-08T15:00:00Z"); // the next season's first second

        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(
            run_due(&app, ts("2026-03-08T14:59:59Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        // The season ends on time; its post waits while the reward is handed over, once.
        assert!(
            run_due(&app, ts("2026-03-08T15:00:00Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        let give_bo = Effect::Role(RoleChange {
            guild: GuildId(1),
            role: RoleId(55),
            action: RoleAction::Give(UserId(11)),
            season: Some(date("2026-03-09")),
        });
        assert_eq!(take_rewards(&app).expect("rewards"), vec![give_bo.clone()]);
        assert!(take_rewards(&app).expect("again").is_empty());
        if let Effect::Role(change) = give_bo {
            role_changed(&app, change, Ok(()), ts("2026-03-08T15:00:01Z")).expect("recorded");
        }
        let posts = run_due(&app, ts("2026-03-08T15:00:10Z"), &mut rng).expect("due");
        assert_eq!(posts.len(), 1);
        let post = &posts[0];
        assert_eq!(post.channel, ChannelId(77));
        assert_eq!(
            post.nonce.as_deref(),
            Some(nonce(GuildId(1), date("2026-03-09")).as_str())
        );
        let embed = &post.reply.embeds[0];
        assert_eq!(
            embed.description.as_deref(),
            Some("1. **Bo**: 40 points (1 of 1 right)\n2. **Ann**: 20 points (1 of 1 right)")
        );
        let season = &embed.fields[0].value;
        assert!(
            season.starts_with("Season of 2026-03-04 to 2026-03-08"),
            "{season}"
        );
        assert!(
            season.contains("**Bo** wins the season and gets <@&55>!"),
            "{season}"
        );
        assert_eq!(post.reply.attachments.len(), 1, "the standings card");
        // Once: the same instant again, or a second process, posts nothing.
        assert!(
            run_due(&app, ts("2026-03-08T15:00:11Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        // Due again when this process's lease on the post ends, unless its send is recorded
        // first: then at the next season's end.
        assert_eq!(
            next_due(&app).expect("next"),
            ts("2026-03-08T15:00:10Z")
                .checked_add(crate::due::LEASE)
                .ok()
        );
        sent(
            &app,
            post.record,
            Ok(MessageId(900)),
            ts("2026-03-08T15:00:12Z"),
        )
        .expect("sent");
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-15T15:00:00Z"))
        );

        // The leaderboard's season is the new one.
        let mut board = command("trivia", Some("leaderboard"), &[("period", "season")]);
        board.now = ts("2026-03-09T00:00:00Z");
        let reply = run(&app, &board);
        assert_eq!(
            reply.embeds[0].description.as_deref(),
            Some("1. **Ann**: 50 points (1 of 1 right)")
        );

        // Next week Ann wins: Bo gives the role up, Ann gets it.
        assert!(
            run_due(&app, ts("2026-03-15T15:00:00Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        let season = Some(date("2026-03-16"));
        assert_eq!(
            take_rewards(&app).expect("rewards"),
            vec![
                Effect::Role(RoleChange {
                    guild: GuildId(1),
                    role: RoleId(55),
                    action: RoleAction::Take(UserId(11)),
                    season
                }),
                Effect::Role(RoleChange {
                    guild: GuildId(1),
                    role: RoleId(55),
                    action: RoleAction::Give(UserId(10)),
                    season
                }),
            ]
        );
    }

    #[test]
    fn the_moderator_who_sets_a_reward_role_hears_what_the_check_found() {
        let app = App::new(store_with_sample());
        let now = "2026-03-04T00:00:00Z";
        let set = |role: u64, locale: &str| {
            let mut inv = moderator(
                "settings",
                "rewards",
                vec![("role", Value::Role(RoleId(role)))],
                now,
            );
            inv.locale = locale.into();
            let outcome = handle_checked(&app, &inv, &mut ChaCha8Rng::seed_from_u64(1));
            let Response::Message(reply) = outcome.response else {
                panic!("a message");
            };
            assert!(reply.ephemeral);
            let [Effect::CheckRole(check)] = outcome.effects[..] else {
                panic!("one check: {:?}", outcome.effects);
            };
            (reply, check)
        };
        // A role above the bot's: saved (the moderator may move the bot's role up next), and
        // the answer that follows says plainly why the bot cannot give it yet.
        let (reply, check) = set(56, "en-US");
        assert!(
            reply.content.as_deref().is_some_and(|c| c.starts_with(
                "Saved. Each season's winner gets <@&56>, and the last winner gives it up. I am checking"
            )),
            "{reply:?}"
        );
        let too_high = RoleRefusal::Permission(msg::REASON_ROLE_TOO_HIGH.id().into());
        let answer = role_checked(&app, check, Err(too_high.clone()), ts(now)).expect("recorded");
        assert!(answer.ephemeral);
        assert_eq!(
            answer.content.as_deref(),
            Some(
                "Saved, but I cannot give <@&56> now: the bot's highest role is not above the reward \
                 role: move the bot's role higher in Server Settings > Roles. Fix it before the season \
                 ends, then set the role again with `/settings rewards` to check; `/settings show` \
                 tells what the last check found."
            )
        );
        assert_eq!(
            app.store()
                .season_settings(GuildId(1))
                .expect("read")
                .map(|s| (s.reward_role, s.reward_problem)),
            Some((
                Some(RoleId(56)),
                Some(msg::REASON_ROLE_TOO_HIGH.id().to_string())
            ))
        );
        let show = run(&app, &moderator("settings", "show", vec![], now));
        assert!(
            show.embeds[0]
                .fields
                .iter()
                .any(|f| f.name == "Season reward"
                    && f.value
                        .starts_with("The bot cannot give <@&56>: the bot's highest role")),
            "{show:?}"
        );

        // In Korean, for a Korean moderator.
        let (_, check) = set(56, "ko");
        let answer = role_checked(&app, check, Err(too_high), ts(now)).expect("recorded");
        assert!(
            answer.content.as_deref().is_some_and(|c| c.starts_with(
                "저장했지만, 지금은 <@&56> 역할을 줄 수 없어요: 봇의 가장 높은 역할이"
            )),
            "{answer:?}"
        );

        // A role it can give; and a check Discord could not answer.
        let (_, check) = set(57, "en-US");
        let answer = role_checked(&app, check, Ok(()), ts(now)).expect("recorded");
        assert_eq!(
            answer.content.as_deref(),
            Some("Checked: I can give <@&57> to each season's winner.")
        );
        let unreadable = RoleRefusal::Other(msg::REASON_ROLES_UNREADABLE.id().into());
        let answer = role_checked(&app, check, Err(unreadable), ts(now)).expect("recorded");
        assert!(
            answer.content.as_deref().is_some_and(|c| c.starts_with(
                "Saved, but I could not check whether I can give <@&57>: Discord could not be asked"
            )),
            "{answer:?}"
        );
    }

    #[test]
    fn a_server_in_korean_gets_its_season_post_in_korean() {
        let app = App::new(store_with_sample());
        set_up(&app);
        let mut korean = command("settings", Some("language"), &[("language", "ko")]);
        korean.is_moderator = true;
        run(&app, &korean);
        score(&app, 11, "Bo", 40, "2026-03-06T10:00:00Z");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run_due(&app, ts("2026-03-08T15:00:00Z"), &mut rng).expect("due");
        for effect in take_rewards(&app).expect("rewards") {
            if let Effect::Role(change) = effect {
                let why = i18n::msg::REASON_ROLE_TOO_HIGH.id().to_string();
                let refused = Err(RoleRefusal::Permission(why));
                role_changed(&app, change, refused, ts("2026-03-08T15:00:01Z")).expect("ok");
            }
        }
        let posts = run_due(&app, ts("2026-03-08T15:00:10Z"), &mut rng).expect("due");
        let embed = &posts[0].reply.embeds[0];
        assert_eq!(embed.title.as_deref(), Some("퀴즈 시즌 종료: 최종 순위"));
        assert_eq!(embed.fields[0].name, "시즌");
        assert_eq!(
            embed.fields[0].value,
            "2026-03-04 ~ 2026-03-08 시즌\n\
             **Bo** 님이 이번 시즌 우승!\n\
             봇이 <@&55> 역할을 줄 수 없어요: 봇의 가장 높은 역할이 보상 역할보다 위에 있지 않아요: \
             서버 설정 > 역할에서 봇의 역할을 더 위로 옮겨 주세요. \
             관리자가 고치면 `/settings show`에서 확인할 수 있어요."
        );
    }

    /// A season's post claimed by a process that died before sending it: a restart inside that
    /// process's lease resends nothing; when the lease ends, the post goes out again once, with
    /// its nonce, and its recorded send moves the job on to the next end.
    #[test]
    fn a_post_left_unfinished_is_resent_once_when_its_lease_ends() {
        let app = App::new(store_with_sample());
        set_up(&app);
        score(&app, 11, "Bo", 40, "2026-03-06T10:00:00Z");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run_due(&app, ts("2026-03-08T15:00:00Z"), &mut rng).expect("held for the reward");
        let claimed = run_due(&app, ts("2026-03-08T15:00:10Z"), &mut rng).expect("due");
        assert_eq!(
            claimed.len(),
            1,
            "claimed, and never sent: the process died"
        );
        crate::due::reschedule_all(&app, ts("2026-03-08T15:00:20Z")).expect("a restart");
        assert!(
            run_due(&app, ts("2026-03-08T15:00:30Z"), &mut rng)
                .expect("due")
                .is_empty(),
            "nothing resent inside the lease"
        );
        let resent = run_due(&app, ts("2026-03-08T15:00:40Z"), &mut rng).expect("due");
        assert_eq!(resent.len(), 1);
        assert_eq!(resent[0].nonce, claimed[0].nonce);
        assert!(
            run_due(&app, ts("2026-03-08T15:00:41Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        sent(
            &app,
            resent[0].record,
            Ok(MessageId(900)),
            ts("2026-03-08T15:00:42Z"),
        )
        .expect("sent");
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-15T15:00:00Z"))
        );
    }

    #[test]
    fn a_failed_post_is_recorded_once_and_the_season_rolls_over() {
        let app = App::new(store_with_sample());
        set_up(&app);
        score(&app, 11, "Bo", 40, "2026-03-06T10:00:00Z");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run_due(&app, ts("2026-03-08T15:00:00Z"), &mut rng).expect("due");
        // A restart while the post is held keeps the hold: the queue is rebuilt to release it.
        app.store()
            .unschedule(Job::SeasonEnd(GuildId(1)))
            .expect("forget");
        crate::due::reschedule_all(&app, ts("2026-03-08T15:00:05Z")).expect("reschedule");
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-08T15:00:10Z"))
        );
        let posts = run_due(&app, ts("2026-03-08T15:00:10Z"), &mut rng).expect("due");
        let error = "the channel no longer exists".to_string();
        sent(
            &app,
            posts[0].record,
            Err(error),
            ts("2026-03-08T15:00:01Z"),
        )
        .expect("recorded");
        assert!(
            run_due(&app, ts("2026-03-08T16:00:00Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-15T15:00:00Z"))
        );
        let show = run(
            &app,
            &moderator("settings", "show", vec![], "2026-03-09T00:00:00Z"),
        );
        let fields: Vec<String> = show.embeds[0]
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.value))
            .collect();
        assert!(
            fields.contains(&"Time zone: Asia/Seoul".to_string()),
            "{fields:?}"
        );
        assert!(
            fields.contains(
                &"Last season: Ended 2026-03-09: the post failed: the channel no longer exists"
                    .to_string()
            ),
            "{fields:?}"
        );
    }

    #[test]
    fn a_reward_the_bot_cannot_give_is_shown_and_said_in_the_post() {
        let app = App::new(store_with_sample());
        set_up(&app);
        let check = RoleChange {
            guild: GuildId(1),
            role: RoleId(55),
            action: RoleAction::Check,
            season: None,
        };
        let why = "its highest role is not above the reward role".to_string();
        role_changed(
            &app,
            check,
            Err(RoleRefusal::Permission(why)),
            ts("2026-03-04T00:00:01Z"),
        )
        .expect("recorded");
        let show = run(
            &app,
            &moderator("settings", "show", vec![], "2026-03-04T00:01:00Z"),
        );
        let reward = &show.embeds[0]
            .fields
            .iter()
            .find(|f| f.name == "Season reward")
            .expect("field")
            .value;
        assert!(
            reward.starts_with("The bot cannot give <@&55>: its highest role is not above"),
            "{reward}"
        );

        // Fixed by the season's end; but the bot loses Manage Roles, and the check made before
        // giving the role finds it: the post says so, as does `/settings show`.
        role_changed(&app, check, Ok(()), ts("2026-03-05T00:00:00Z")).expect("recorded");
        score(&app, 11, "Bo", 40, "2026-03-06T10:00:00Z");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(
            run_due(&app, ts("2026-03-08T15:00:00Z"), &mut rng)
                .expect("due")
                .is_empty()
        );
        let [Effect::Role(give)] = take_rewards(&app).expect("rewards")[..] else {
            panic!("one role to give");
        };
        let lacks = "the bot lacks the Manage Roles permission".to_string();
        role_changed(
            &app,
            give,
            Err(RoleRefusal::Permission(lacks)),
            ts("2026-03-08T15:00:01Z"),
        )
        .expect("recorded");
        let posts = run_due(&app, ts("2026-03-08T15:00:10Z"), &mut rng).expect("due");
        let season = &posts[0].reply.embeds[0].fields[0].value;
        assert!(
            season
                .contains("The bot cannot give <@&55>: the bot lacks the Manage Roles permission"),
            "{season}"
        );
        assert!(
            season.contains("**Bo** wins the season!") && !season.contains("and gets"),
            "the post promises no role it could not give: {season}"
        );
        let fields = |at: &str| -> Vec<String> {
            run(&app, &moderator("settings", "show", vec![], at)).embeds[0]
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.name, f.value))
                .collect()
        };
        let shown = fields("2026-03-09T00:00:00Z");
        assert!(
            shown.iter().any(|f| f.starts_with(
                "Season reward: The bot cannot give <@&55>: the bot lacks the Manage Roles"
            )),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|f| f.ends_with(
                "the reward role was not given: the bot lacks the Manage Roles permission"
            )),
            "{shown:?}"
        );

        // A check that finds it fixed clears it; a member who left is not the bot's problem.
        role_changed(&app, check, Ok(()), ts("2026-03-09T01:00:00Z")).expect("recorded");
        role_changed(
            &app,
            give,
            Err(RoleRefusal::Other("the member left".into())),
            ts("2026-03-09T01:00:00Z"),
        )
        .expect("recorded");
        let shown = fields("2026-03-09T02:00:00Z");
        assert!(
            shown.contains(&"Season reward: <@&55>: the bot can give it.".to_string()),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|f| f.ends_with("the reward role was not given: the member left")),
            "{shown:?}"
        );
    }

    #[test]
    fn bad_input_is_refused_privately_and_changes_nothing() {
        let app = App::new(store_with_sample());
        let now = "2026-03-04T00:00:00Z";
        // No seasons: the season's leaderboard is refused.
        let mut board = command("trivia", Some("leaderboard"), &[("period", "season")]);
        board.now = ts(now);
        let reply = run(&app, &board);
        assert!(reply.ephemeral);
        assert_eq!(
            reply.content.as_deref(),
            Some(
                "Seasons are off in this server: a moderator can turn them on with `/settings seasons`."
            )
        );
        let mut korean = board.clone();
        korean.locale = "ko".into();
        assert_eq!(
            run(&app, &korean).content.as_deref(),
            Some("이 서버는 시즌을 쓰지 않아요. 관리자가 `/settings seasons`로 켤 수 있어요.")
        );
        // Seasons without a channel, @everyone as the reward, an unknown zone.
        for (sub, options, expected) in [
            (
                "seasons",
                vec![("length", text("week"))],
                "Pick the channel the final standings go to: `/settings seasons length:week channel:#channel`.",
            ),
            (
                "rewards",
                vec![("role", Value::Role(RoleId(1)))],
                "@everyone cannot be a reward: every member already has it. Pick a role of its own.",
            ),
        ] {
            let reply = run(&app, &moderator("settings", sub, options, now));
            assert!(reply.ephemeral);
            assert_eq!(reply.content.as_deref(), Some(expected), "{sub}");
        }
        let reply = run(
            &app,
            &moderator(
                "settings",
                "timezone",
                vec![("zone", text("Mars/Olympus"))],
                now,
            ),
        );
        assert!(reply.ephemeral);
        assert!(
            reply
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("`Mars/Olympus` is not a time zone I know")),
            "{reply:?}"
        );
        assert_eq!(app.store().season_settings(GuildId(1)).expect("read"), None);
        assert_eq!(app.store().server_zone(GuildId(1)).expect("read"), None);
        assert_eq!(next_due(&app).expect("next"), None);
    }

    #[test]
    fn the_servers_zone_moves_the_daily_post_and_the_old_command_still_sets_it() {
        let app = App::new(store_with_sample());
        let now = "2026-03-01T00:00:00Z";
        run(
            &app,
            &moderator(
                "qotd",
                "channel",
                vec![("channel", Value::Channel(ChannelId(77)))],
                now,
            ),
        );
        run(
            &app,
            &moderator("qotd", "time", vec![("time", text("08:00"))], now),
        );
        run(&app, &moderator("qotd", "on", vec![], now));
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-01T08:00:00Z"))
        );
        run(
            &app,
            &moderator(
                "settings",
                "timezone",
                vec![("zone", text("Asia/Seoul"))],
                now,
            ),
        );
        // 08:00 in Seoul on the 1st is 23:00 UTC on the last of February, already past: the 2nd.
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-01T23:00:00Z"))
        );
        let reply = run(
            &app,
            &moderator(
                "qotd",
                "timezone",
                vec![("zone", text("Europe/London"))],
                now,
            ),
        );
        assert!(
            reply
                .content
                .as_deref()
                .is_some_and(|c| c.contains("This server's time zone is now **Europe/London**")),
            "{reply:?}"
        );
        assert_eq!(
            app.store()
                .server_zone(GuildId(1))
                .expect("zone")
                .as_deref(),
            Some("Europe/London")
        );
        assert_eq!(
            app.store()
                .qotd_settings(GuildId(1))
                .expect("read")
                .map(|s| s.timezone)
                .as_deref(),
            Some("Europe/London")
        );
        assert_eq!(
            next_due(&app).expect("next"),
            Some(ts("2026-03-01T08:00:00Z"))
        );
    }
}
