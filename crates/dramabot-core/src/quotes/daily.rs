//! The daily post: `/qotd` (where, when, on or off, status, preview, skip), and what is sent.
//!
//! `schedule` decides *when* and *for which local date*; this module connects it to the store. Each
//! post is claimed in the store (committed) before it is sent, and carries a nonce derived from the
//! server and the date with `enforce_nonce`, so neither a restart nor a retry can post twice.
//! Each server with a daily post is one job of the one scheduler ([`crate::due`]): [`reschedule`]
//! sets when it is next due whenever its settings change, and [`run_job`] does what is due.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rand::Rng;

use super::schedule::{self, Action, DailyPlan, Ledger};
use super::{card_in, quote_of_day};
use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{self, Locale, msg};
use crate::ids::{ChannelId, GuildId, MessageId};
use crate::model::{GuildSettings, PostStatus, QotdSettings, QuoteRecord};
use crate::reply::{COLOUR, ChannelMessage, Choice, Embed, Reply, SentRecord};
use crate::router::{App, Ctx, Effect};
use crate::spoilers::SpoilerGuard;
use crate::store::{Job, Store};

/// The channel message of `guild`'s post for `date`, with the nonce that belongs to them.
fn post_message(guild: GuildId, channel: ChannelId, date: Date, reply: Reply) -> ChannelMessage {
    ChannelMessage {
        channel,
        reply,
        edit: None,
        nonce: Some(nonce(guild, date)),
        record: SentRecord::DailyPost { guild, date },
    }
}

/// The nonce of a server's post for a date: at most 25 characters, as Discord requires.
pub fn nonce(guild: GuildId, date: Date) -> String {
    let hash = crate::text::fnv1a(format!("{guild}:{date}").as_bytes());
    format!("qotd{hash:016x}")
}

/// The plan of a server whose daily post is on and set up; `None` otherwise.
pub fn plan_of(settings: &QotdSettings, grace: SignedDuration) -> Option<DailyPlan> {
    if !settings.enabled || settings.channel.is_none() {
        return None;
    }
    let zone = TimeZone::get(&settings.timezone).ok()?;
    let time = schedule::parse_post_time(&settings.time).ok()?;
    Some(DailyPlan { zone, time, grace })
}

/// What the store remembers of a server's posts, as the schedule reads it.
pub fn ledger_of(store: &Store, guild: GuildId, settings: &QotdSettings) -> Result<Ledger> {
    let (last_date, last_post_at) = store.post_ledger(guild)?;
    Ok(Ledger {
        last_date: last_date.and_then(|d| d.parse().ok()),
        last_post_at: last_post_at.and_then(|t| t.parse().ok()),
        skip: settings.skip_date.as_deref().and_then(|d| d.parse().ok()),
        changed_at: settings
            .schedule_changed_at
            .as_deref()
            .and_then(|t| t.parse().ok()),
    })
}

/// A server's plan, ledger and channel, if its daily post is on.
pub fn load(
    store: &Store,
    guild: GuildId,
    grace: SignedDuration,
) -> Result<Option<(DailyPlan, Ledger, ChannelId)>> {
    let Some(settings) = store.qotd_settings(guild)? else {
        return Ok(None);
    };
    let (Some(plan), Some(channel)) = (plan_of(&settings, grace), settings.channel) else {
        return Ok(None);
    };
    Ok(Some((plan, ledger_of(store, guild, &settings)?, channel)))
}

/// Claims the post for (server, date) and builds its message; `None` if the date was already
/// claimed or the daily post is off. The claim is committed before this returns.
pub fn claim(
    store: &Store,
    guild: GuildId,
    date: Date,
    now: Timestamp,
    rng: &mut impl Rng,
) -> Result<Option<ChannelMessage>> {
    let Some(settings) = store.qotd_settings(guild)? else {
        return Ok(None);
    };
    let Some(channel) = settings.channel.filter(|_| settings.enabled) else {
        return Ok(None);
    };
    let server = store.guild_settings(guild)?.unwrap_or_default();
    let quote = quote_of_day(store, guild, &server, date, rng)?;
    let date_text = date.to_string();
    if !store.claim_post(
        guild,
        &date_text,
        PostStatus::Claimed,
        quote.as_ref().map(|q| q.pk),
        now,
    )? {
        return Ok(None);
    }
    let reply = post_reply(store, guild, quote.as_ref(), &server, date);
    Ok(Some(post_message(guild, channel, date, reply)))
}

/// The daily post's message for `date`: the quote's card, or a word that there is none. In the
/// server's language ([`crate::settings::channel_locale`]): it is posted for everyone.
fn post_reply(
    store: &Store,
    guild: GuildId,
    quote: Option<&QuoteRecord>,
    server: &GuildSettings,
    date: Date,
) -> Reply {
    let locale = crate::settings::channel_locale(store, guild);
    let title = i18n::tr(
        locale,
        msg::QUOTE_TODAY_TITLE,
        &[("date", date.to_string().into())],
    );
    quote_reply(quote, server, &title, locale)
}

/// A quote's card titled `title`, or a word that there is none, in `locale`.
fn quote_reply(
    quote: Option<&QuoteRecord>,
    server: &GuildSettings,
    title: &str,
    locale: Locale,
) -> Reply {
    match quote {
        Some(quote) => Reply::embed(card_in(quote, &SpoilerGuard::new(server), title, locale)),
        None => Reply::text(i18n::text(locale, msg::QUOTE_NONE_LOADED)),
    }
}

/// The message of a post already claimed (for a resend after a crash), if its daily post is still
/// set up.
pub fn rebuild(
    store: &Store,
    guild: GuildId,
    date: Date,
    quote: Option<i64>,
) -> Result<Option<ChannelMessage>> {
    let Some(channel) = store.qotd_settings(guild)?.and_then(|s| s.channel) else {
        return Ok(None);
    };
    let server = store.guild_settings(guild)?.unwrap_or_default();
    let quote = quote.map(|pk| store.quote(pk)).transpose()?.flatten();
    let reply = post_reply(store, guild, quote.as_ref(), &server, date);
    Ok(Some(post_message(guild, channel, date, reply)))
}

/// How long after a claim a post may still be resent after a crash: well inside the window in
/// which Discord drops a second message with the same nonce.
pub const RESEND_WITHIN: SignedDuration = SignedDuration::from_mins(2);

/// A server's post claimed and never recorded as sent or failed, once the lease of the process
/// that claimed it (or last resent it) has ended (the daily post's job is due only then): the
/// process stopped between the claim and the send, or is stuck sending it. Sent again here, by
/// whichever one process claimed the job, with the same nonce, so a post that did go out is dropped
/// by Discord rather than doubled; a claim older than [`RESEND_WITHIN`] is too old to resend, and
/// is recorded as failed. Returns when the job is next due: the end of this resend's lease, or
/// `None` when no claim is left unfinished.
fn resend_unfinished(
    store: &Store,
    guild: GuildId,
    now: Timestamp,
    out: &mut Vec<ChannelMessage>,
) -> Result<Option<Timestamp>> {
    let since = now.checked_sub(RESEND_WITHIN).unwrap_or(now);
    // Older claims cannot be resent safely (Discord forgets nonces): say so in `/qotd status`
    // rather than leave them looking as if they were on their way. Bounded: each turn finishes one.
    for _ in 0..schedule::MISSED_DAYS_LISTED + 4 {
        let Some((date, quote, claimed_at)) = store.unfinished_post(guild)? else {
            return Ok(None);
        };
        let Ok(day) = date.parse::<Date>() else {
            return Ok(None);
        };
        if claimed_at < since {
            let reason = msg::REASON_STOPPED_DAILY.id().to_string();
            finished(store, guild, day, Err(reason), now)?;
            continue;
        }
        tracing::warn!(guild = guild.0, %date, "resending a post whose claim was left unfinished");
        out.extend(rebuild(store, guild, day, quote)?);
        return Ok(Some(crate::due::lease_end(now)));
    }
    Ok(None)
}

/// Records how a send ended, and moves the server's job on to its next post (see
/// [`reschedule`]). A failure (a channel gone, a permission missing) is shown by `/qotd status` and
/// tried again the next day, not in a loop.
pub fn finished_and_rescheduled(
    store: &Store,
    guild: GuildId,
    date: Date,
    result: std::result::Result<MessageId, String>,
    grace: SignedDuration,
    now: Timestamp,
) -> Result<()> {
    finished(store, guild, date, result, now)?;
    reschedule(store, guild, grace, now)
}

/// Records how a send ended (see [`finished_and_rescheduled`]).
pub fn finished(
    store: &Store,
    guild: GuildId,
    date: Date,
    result: std::result::Result<MessageId, String>,
    now: Timestamp,
) -> Result<()> {
    let date = date.to_string();
    match result {
        Ok(message) => store.finish_post(guild, &date, PostStatus::Sent, Some(message), None, now),
        Err(error) => {
            store.finish_post(guild, &date, PostStatus::Failed, None, Some(&error), now)?;
            if let Some(mut settings) = store.qotd_settings(guild)? {
                settings.last_error = Some(error);
                settings.last_error_at = Some(crate::store::stamp(now));
                store.save_qotd_settings(guild, &settings, now)?;
            }
            Ok(())
        }
    }
}

/// Records a day whose post could not go out in time.
pub fn missed(store: &Store, guild: GuildId, date: Date, now: Timestamp) -> Result<()> {
    tracing::warn!(guild = guild.0, %date, "daily post missed");
    store.claim_post(guild, &date.to_string(), PostStatus::Missed, None, now)?;
    Ok(())
}

/// Sets when `guild`'s daily post is next due (or forgets it when the post is off), judged at
/// `now` from its settings and what the store remembers. Called whenever the settings change, and
/// at start-up for every server.
pub fn reschedule(
    store: &Store,
    guild: GuildId,
    grace: SignedDuration,
    now: Timestamp,
) -> Result<()> {
    let job = Job::DailyPost(guild);
    let Some((plan, ledger, _)) = load(store, guild, grace)? else {
        return store.unschedule(job);
    };
    // A post claimed and not yet sent is due again only when its claimer's lease ends (see
    // [`resend_unfinished`]): a start-up, or a settings change, never brings that forward, so a
    // restarting fleet does not resend it from every process.
    if let Some((_, _, claimed_at)) = store.unfinished_post(guild)? {
        let lease = store
            .due_at(job)?
            .unwrap_or(crate::due::lease_end(claimed_at));
        return store.schedule(job, lease);
    }
    store.schedule(job, schedule::wake_at(&plan, now, &ledger))
}

/// Does what is due at `now` for one server's daily post: records missed days, claims the post
/// (committed before it is pushed onto `out` for sending, so a later failure never loses it), and
/// sets when the post is next due.
pub fn run_job(
    app: &App,
    guild: GuildId,
    now: Timestamp,
    rng: &mut impl Rng,
    out: &mut Vec<ChannelMessage>,
) -> Result<()> {
    let store = app.store();
    let job = Job::DailyPost(guild);
    let Some((plan, mut ledger, _)) = load(&store, guild, app.qotd_grace())? else {
        return store.unschedule(job);
    };
    if let Some(lease) = resend_unfinished(&store, guild, now, out)? {
        return store.schedule(job, lease);
    }
    // A post claimed here keeps the job due at the end of this process's lease, so that if the
    // process dies before the send is recorded, whoever claims the job then resends it; a
    // recorded send (`finished`) moves the job on to the next post.
    let mut claimed = false;
    // At most a week of missed days, then a post, then sleep; the bound is a guard.
    for _ in 0..schedule::MISSED_DAYS_LISTED + 4 {
        let action = schedule::next_action(&plan, now, &ledger);
        match action {
            Action::Sleep { until, .. } => {
                return store.schedule(
                    job,
                    if claimed {
                        crate::due::lease_end(now)
                    } else {
                        until
                    },
                );
            }
            Action::Missed { date, .. } => missed(&store, guild, date, now)?,
            Action::PostNow { date, .. } => {
                let post = claim(&store, guild, date, now, rng)?;
                claimed |= post.is_some();
                out.extend(post);
            }
        }
        ledger.record(&action, now);
    }
    tracing::error!(
        guild = guild.0,
        "the daily post's rules did not settle; trying again later"
    );
    store.schedule(job, now.checked_add(crate::due::RETRY_AFTER).unwrap_or(now))
}

/// Schedules every server whose daily post is on: at start-up, so that the queue matches the
/// settings whatever happened while the bot was down. A server that fails is logged and the
/// others go on; returns how many were scheduled.
pub fn reschedule_all(app: &App, now: Timestamp) -> Result<usize> {
    let store = app.store();
    let mut scheduled = 0;
    for (guild, _) in store.enabled_qotd()? {
        match reschedule(&store, guild, app.qotd_grace(), now) {
            Ok(()) => scheduled += 1,
            Err(e) => tracing::error!(guild = guild.0, error = %e, "cannot schedule a daily post"),
        }
    }
    Ok(scheduled)
}

// ------------------------------------------------------------------------------------ /qotd

fn settings(ctx: &Ctx<'_>, guild: GuildId) -> Result<QotdSettings> {
    Ok(ctx.app.store().qotd_settings(guild)?.unwrap_or_default())
}

/// Saves the settings, moves the post in the scheduler's queue, and answers with the status card.
fn save(ctx: &mut Ctx<'_>, guild: GuildId, settings: &QotdSettings, said: String) -> Result<Reply> {
    {
        let store = ctx.app.store();
        store.save_qotd_settings(guild, settings, ctx.inv.now)?;
        reschedule(&store, guild, ctx.app.qotd_grace(), ctx.inv.now)?;
    }
    ctx.request(Effect::WakeScheduler);
    tracing::info!(guild = guild.0, said, "daily quote settings changed");
    let mut reply = status_reply(ctx, guild)?;
    reply.content = Some(said);
    Ok(reply)
}

/// The arguments of `/qotd channel channel:<#channel>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelArgs {
    /// Where the daily quote goes.
    pub channel: ChannelId,
}

impl FromOptions for ChannelArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(ChannelArgs {
            channel: options.require("channel")?,
        })
    }
}

/// `/qotd channel channel:<#channel>`.
pub fn channel(ctx: &mut Ctx<'_>, args: ChannelArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    let channel = args.channel;
    let mut s = settings(ctx, guild)?;
    s.channel = Some(channel);
    s.last_error = None;
    s.last_error_at = None;
    let id = if s.enabled {
        msg::DAILY_GOES_TO
    } else {
        msg::DAILY_WILL_GO_TO
    };
    let said = ctx.tr(id, &[("channel", channel.to_string().into())]);
    save(ctx, guild, &s, said)
}

/// The arguments of `/qotd time time:<HH:MM>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeArgs {
    /// The local time as typed; parsed by the handler so a bad one gets its own answer.
    pub time: String,
}

impl FromOptions for TimeArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(TimeArgs {
            time: options.require("time")?,
        })
    }
}

/// `/qotd time time:<HH:MM>`.
pub fn time(ctx: &mut Ctx<'_>, args: TimeArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    let typed = args.time;
    let time = schedule::parse_post_time(&typed)
        .map_err(|e| Error::BadInput(input_error(ctx.locale(), &e)))?;
    let mut s = settings(ctx, guild)?;
    s.time = time.strftime("%H:%M").to_string();
    s.schedule_changed_at = Some(crate::store::stamp(ctx.inv.now));
    let said = posted_at(ctx, &s.time, &s.timezone);
    save(ctx, guild, &s, said)
}

/// "The daily quote is posted at `time` (`zone`)."
fn posted_at(ctx: &Ctx<'_>, time: &str, zone: &str) -> String {
    ctx.tr(
        msg::DAILY_POSTED_AT,
        &[("time", time.into()), ("zone", zone.into())],
    )
}

/// A time or a zone a moderator typed that makes no sense, as they read it in `locale` (the
/// error's `Display` is the English).
pub fn input_error(locale: Locale, error: &schedule::InputError) -> String {
    use schedule::InputError;
    let text = |id| i18n::text(locale, id);
    match error {
        InputError::TimeForm => text(msg::DAILY_TIME_FORM),
        InputError::TimeRange => text(msg::DAILY_TIME_RANGE),
        InputError::ZoneMissing => text(msg::DAILY_ZONE_MISSING),
        InputError::UnknownZone { typed, suggestions } => {
            let unknown = if typed.is_empty() {
                text(msg::DAILY_ZONE_UNKNOWN_BLANK)
            } else {
                i18n::tr(
                    locale,
                    msg::DAILY_ZONE_UNKNOWN,
                    &[("typed", typed.as_str().into())],
                )
            };
            let then = if suggestions.is_empty() {
                text(msg::DAILY_ZONE_USE)
            } else {
                let suggestions = suggestions.join(", ");
                i18n::tr(
                    locale,
                    msg::DAILY_ZONE_DID_YOU_MEAN,
                    &[("suggestions", suggestions.into())],
                )
            };
            format!("{unknown} {then}")
        }
    }
}

/// The arguments of `/qotd timezone zone:<IANA name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimezoneArgs {
    /// The zone's name as typed; parsed by the handler so an unknown one gets the nearest names.
    pub zone: String,
}

impl FromOptions for TimezoneArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(TimezoneArgs {
            zone: options.require("zone")?,
        })
    }
}

/// `/qotd timezone zone:<IANA name>`: the server's one time zone (as `/settings timezone`, which
/// is its home now; this stays for the moderators who know it), answered with the daily post's
/// status.
pub fn timezone(ctx: &mut Ctx<'_>, args: TimezoneArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    let name = crate::seasons::change_zone(ctx, guild, &args.zone)?;
    let s = settings(ctx, guild)?;
    let mut reply = status_reply(ctx, guild)?;
    reply.content = Some(format!(
        "{} {}",
        posted_at(ctx, &s.time, &name),
        crate::seasons::words::zone_set(ctx.locale(), &name)
    ));
    Ok(reply)
}

/// The server's time zone changed: the daily post (if the server has one) is judged afresh from
/// now, as when a moderator moves it, and moved in the scheduler's queue.
pub fn zone_changed(
    store: &Store,
    guild: GuildId,
    grace: SignedDuration,
    now: Timestamp,
) -> Result<()> {
    let Some(mut s) = store.qotd_settings(guild)? else {
        return Ok(());
    };
    s.schedule_changed_at = Some(crate::store::stamp(now));
    store.save_qotd_settings(guild, &s, now)?;
    reschedule(store, guild, grace, now)
}

/// Suggests IANA zone names while a moderator types.
pub fn complete_zone(_ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    Ok(schedule::zone_suggestions(typed, 25)
        .into_iter()
        .map(|name| Choice {
            name: name.clone(),
            value: name,
        })
        .collect())
}

/// `/qotd on`.
pub fn on(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    ctx.app.needs_timed_messages(ctx.korean())?;
    let mut s = settings(ctx, guild)?;
    if s.channel.is_none() {
        return Err(Error::BadInput(ctx.text(msg::DAILY_CHANNEL_FIRST)));
    }
    if !s.enabled {
        s.enabled = true;
        s.schedule_changed_at = Some(crate::store::stamp(ctx.inv.now));
    }
    let said = ctx.text(msg::DAILY_IS_ON);
    save(ctx, guild, &s, said)
}

/// `/qotd off`.
pub fn off(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    let mut s = settings(ctx, guild)?;
    s.enabled = false;
    let said = ctx.text(msg::DAILY_IS_OFF);
    save(ctx, guild, &s, said)
}

/// `/qotd skip`: the next post is not sent.
pub fn skip(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    let mut s = settings(ctx, guild)?;
    let plan = plan_of(&s, ctx.app.qotd_grace())
        .ok_or_else(|| Error::BadInput(ctx.text(msg::DAILY_NOTHING_TO_SKIP)))?;
    let ledger = ledger_of(&ctx.app.store(), guild, &s)?;
    let date = schedule::date_to_skip(&plan, ctx.inv.now, &ledger);
    s.skip_date = Some(date.to_string());
    let said = ctx.tr(msg::DAILY_WILL_SKIP, &[("date", date.to_string().into())]);
    save(ctx, guild, &s, said)
}

/// `/qotd preview`: the next post's quote, only to the moderator who asked.
pub fn preview(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    let s = settings(ctx, guild)?;
    let date = match plan_of(&s, ctx.app.qotd_grace()) {
        Some(plan) => {
            let ledger = ledger_of(&ctx.app.store(), guild, &s)?;
            schedule::next_action(&plan, ctx.inv.now, &ledger).date()
        }
        // No daily post set up (maybe no row at all): today in the server's one zone, which
        // `/settings timezone` sets without touching the daily post's settings.
        None => {
            let zone = crate::seasons::zone_of(&ctx.app.store(), guild)?;
            ctx.inv.now.to_zoned(zone).date()
        }
    };
    let server = ctx.settings()?;
    // Choosing the quote now fixes it for that date, so the post shows what the preview showed.
    let quote = quote_of_day(&ctx.app.store(), guild, &server, date, &mut ctx.rng)?;
    let title = ctx.tr(
        msg::DAILY_PREVIEW_TITLE,
        &[("date", date.to_string().into())],
    );
    let reply = quote_reply(quote.as_ref(), &server, &title, ctx.locale());
    Ok(Reply {
        ephemeral: true,
        ..reply
    })
}

/// `/qotd status`.
pub fn status(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::DAILY_IN_A_SERVER)?;
    status_reply(ctx, guild)
}

fn status_reply(ctx: &Ctx<'_>, guild: GuildId) -> Result<Reply> {
    let store = ctx.app.store();
    let s = store.qotd_settings(guild)?.unwrap_or_default();
    let zone = TimeZone::get(&s.timezone).unwrap_or(TimeZone::UTC);
    let date_arg = |date: &dyn std::fmt::Display| ("date", i18n::Arg::from(date.to_string()));
    let state = match (s.enabled, s.channel) {
        (true, Some(channel)) => ctx.tr(
            msg::DAILY_STATE_ON,
            &[("channel", channel.to_string().into())],
        ),
        (false, Some(channel)) => ctx.tr(
            msg::DAILY_STATE_OFF,
            &[("channel", channel.to_string().into())],
        ),
        (_, None) => ctx.text(msg::DAILY_STATE_NO_CHANNEL),
    };
    let mut embed = Embed {
        title: Some(ctx.text(msg::DAILY_STATUS_TITLE)),
        colour: Some(COLOUR),
        ..Embed::default()
    }
    .field(ctx.text(msg::DAILY_STATE_LABEL), state)
    .field(
        ctx.text(msg::DAILY_TIME_LABEL),
        format!("{} ({})", s.time, s.timezone),
    );
    if let Some(plan) = plan_of(&s, ctx.app.qotd_grace()) {
        let ledger = ledger_of(&store, guild, &s)?;
        let when = |at: Timestamp| {
            ctx.tr(
                msg::DAILY_WHEN,
                &[
                    (
                        "local",
                        at.to_zoned(zone.clone())
                            .strftime("%Y-%m-%d %H:%M %Z")
                            .to_string()
                            .into(),
                    ),
                    ("utc", at.strftime("%Y-%m-%d %H:%M").to_string().into()),
                ],
            )
        };
        let next = match schedule::next_action(&plan, ctx.inv.now, &ledger) {
            Action::Sleep { until, .. } => format!("{} · <t:{}:R>", when(until), until.as_second()),
            Action::PostNow { due, date } => ctx.tr(
                msg::DAILY_DUE_NOW,
                &[date_arg(&date), ("when", when(due).into())],
            ),
            Action::Missed { date, .. } => ctx.tr(msg::DAILY_WILL_MISS, &[date_arg(&date)]),
        };
        embed = embed.field(ctx.text(msg::DAILY_NEXT_LABEL), next);
        if let Some(skip) = &s.skip_date {
            embed = embed.field(
                ctx.text(msg::DAILY_SKIPPED_LABEL),
                ctx.tr(msg::DAILY_IS_SKIPPED, &[date_arg(skip)]),
            );
        }
    }
    let last = match store.last_post_record(guild)? {
        Some(record) => {
            let how = match record.status {
                PostStatus::Sent => ctx.text(msg::DAILY_LAST_SENT),
                PostStatus::Claimed => ctx.text(msg::DAILY_LAST_SENDING),
                PostStatus::Failed => {
                    let error = record.error.unwrap_or_default();
                    let error = i18n::reason(ctx.locale(), &error);
                    ctx.tr(msg::DAILY_LAST_FAILED, &[("error", error.into())])
                }
                PostStatus::Missed => ctx.text(msg::DAILY_LAST_MISSED),
                PostStatus::Skipped => ctx.text(msg::DAILY_LAST_SKIPPED),
            };
            format!("{}: {how}", record.local_date)
        }
        None => ctx.text(msg::DAILY_NONE_YET),
    };
    embed = embed.field(ctx.text(msg::DAILY_LAST_LABEL), last);
    if let (Some(error), Some(at)) = (&s.last_error, &s.last_error_at) {
        let error = i18n::reason(ctx.locale(), error);
        embed = embed.field(ctx.text(msg::DAILY_ERROR_LABEL), format!("{error} ({at})"));
    }
    Ok(Reply {
        ephemeral: true,
        ..Reply::embed(embed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::due::{next_due, run_due};
    use crate::router::tests::{command, run};
    use crate::store::tests::store_with_sample;
    use rand::SeedableRng;

    fn moderator(sub: &str, options: &[(&str, &str)], now: &str) -> crate::router::Invocation {
        let mut inv = command("qotd", Some(sub), options);
        inv.is_moderator = true;
        inv.now = now.parse().expect("a time");
        inv
    }

    fn set_up(app: &App) {
        let channel = crate::router::Value::Channel(ChannelId(77));
        let mut inv = moderator("channel", &[], "2026-03-01T00:00:00Z");
        if let crate::router::Action::Command { options, .. } = &mut inv.action {
            options.push(("channel".into(), channel));
        }
        run(app, &inv);
        run(
            app,
            &moderator("time", &[("time", "08:00")], "2026-03-01T00:00:00Z"),
        );
        run(
            app,
            &moderator(
                "timezone",
                &[("zone", "europe/london")],
                "2026-03-01T00:00:00Z",
            ),
        );
        run(app, &moderator("on", &[], "2026-03-01T00:00:00Z"));
    }

    #[test]
    fn the_nonce_is_short_and_belongs_to_one_server_and_date() {
        let date: Date = "2026-03-01".parse().expect("date");
        let a = nonce(GuildId(1), date);
        assert!(a.len() <= 25);
        assert_eq!(a, nonce(GuildId(1), date));
        assert_ne!(a, nonce(GuildId(2), date));
        assert_ne!(a, nonce(GuildId(1), date.tomorrow().expect("date")));
    }

    /// The status card's fields as `name: value`, read by a member with Discord locale `locale`.
    fn status_fields(app: &App, locale: &str, now: &str) -> Vec<String> {
        let mut inv = moderator("status", &[], now);
        inv.locale = locale.into();
        run(app, &inv).embeds[0]
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.value))
            .collect()
    }

    #[test]
    fn the_post_speaks_the_servers_language_and_status_the_readers() {
        let app = App::new(store_with_sample());
        set_up(&app);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        // `auto` (never set): the post is in English, whoever set it up.
        let first: Timestamp = "2026-03-01T08:00:00Z".parse().expect("time");
        let posts = run_due(&app, first, &mut rng).expect("due");
        assert_eq!(
            posts[0].reply.embeds[0].title.as_deref(),
            Some("Quote of the day · 2026-03-01")
        );
        crate::due::sent(&app, posts[0].record, Ok(MessageId(5)), first).expect("sent");

        // A server fixed to Korean gets its post in Korean.
        let mut korean = command("settings", Some("language"), &[("language", "ko")]);
        korean.is_moderator = true;
        run(&app, &korean);
        let next: Timestamp = "2026-03-02T08:00:00Z".parse().expect("time");
        let posts = run_due(&app, next, &mut rng).expect("due");
        assert_eq!(
            posts[0].reply.embeds[0].title.as_deref(),
            Some("오늘의 명대사 · 2026-03-02")
        );
        // A failure stored as a reason reads in the reader's language.
        let reason = i18n::msg::REASON_CHANNEL_GONE_DAILY.id().to_string();
        crate::due::sent(&app, posts[0].record, Err(reason), next).expect("recorded");
        let fields = status_fields(&app, "ko", "2026-03-02T09:00:00Z");
        assert!(
            fields.contains(
                &"지난 게시: 2026-03-02: 실패: 그 채널은 더 이상 없어요: /qotd channel로 다른 채널을 골라 주세요"
                    .to_string()
            ),
            "{fields:?}"
        );
        assert!(
            fields.iter().any(|f| f.starts_with("상태: 켜짐, <#77>")),
            "{fields:?}"
        );
        let mut english = command("settings", Some("language"), &[("language", "auto")]);
        english.is_moderator = true;
        run(&app, &english);
        let fields = status_fields(&app, "en-US", "2026-03-02T09:00:00Z");
        assert!(
            fields.contains(
                &"Last post: 2026-03-02: failed: the channel no longer exists: pick another with /qotd channel"
                    .to_string()
            ),
            "{fields:?}"
        );
    }

    #[test]
    fn the_preview_without_a_daily_post_uses_the_servers_zone() {
        let app = App::new(store_with_sample());
        let mut zone = command("settings", Some("timezone"), &[("zone", "Asia/Seoul")]);
        zone.is_moderator = true;
        zone.now = "2026-03-01T00:00:00Z".parse().expect("time");
        run(&app, &zone);
        assert_eq!(app.store().qotd_settings(GuildId(1)).expect("read"), None);
        // 20:00 UTC on the 1st is already the 2nd in Seoul.
        let mut preview = moderator("preview", &[], "2026-03-01T20:00:00Z");
        preview.locale = "ko".into();
        let reply = run(&app, &preview);
        assert!(reply.ephemeral);
        assert_eq!(
            reply.embeds[0].title.as_deref(),
            Some("미리 보기: 오늘의 명대사 · 2026-03-02")
        );
    }

    #[test]
    fn a_failed_send_is_shown_by_status_and_the_next_day_is_tried_again() {
        let app = App::new(store_with_sample());
        set_up(&app);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let at: Timestamp = "2026-03-01T08:00:00Z".parse().expect("time");
        let posts = run_due(&app, at, &mut rng).expect("due");
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].channel, ChannelId(77));
        let error = "the bot may not post in that channel (Missing Access)".to_string();
        crate::due::sent(&app, posts[0].record, Err(error), at).expect("recorded");
        assert!(
            run_due(&app, at, &mut rng).expect("due").is_empty(),
            "not retried in a loop"
        );

        let status = run(&app, &moderator("status", &[], "2026-03-01T09:00:00Z"));
        let fields: Vec<String> = status.embeds[0]
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.value))
            .collect();
        assert!(fields.iter().any(|f| f == "Last post: 2026-03-01: failed: the bot may not post in that channel (Missing Access)"), "{fields:?}");
        assert!(
            fields
                .iter()
                .any(|f| f.starts_with("Last error: the bot may not post")),
            "{fields:?}"
        );
        assert!(
            fields.iter().any(|f| f
                .starts_with("Next post: 2026-03-02 08:00 GMT local time, 2026-03-02 08:00 UTC")),
            "{fields:?}"
        );

        let next: Timestamp = "2026-03-02T08:00:00Z".parse().expect("time");
        assert_eq!(run_due(&app, next, &mut rng).expect("due").len(), 1);
    }

    #[test]
    fn turning_it_on_or_moving_it_after_todays_time_waits_for_the_next_day() {
        let app = App::new(store_with_sample());
        // Set up at midnight for 08:00 London, but turned on only at 10:00, past today's time.
        let channel = crate::router::Value::Channel(ChannelId(77));
        let mut inv = moderator("channel", &[], "2026-03-01T00:00:00Z");
        if let crate::router::Action::Command { options, .. } = &mut inv.action {
            options.push(("channel".into(), channel));
        }
        run(&app, &inv);
        run(
            &app,
            &moderator("time", &[("time", "08:00")], "2026-03-01T00:00:00Z"),
        );
        run(&app, &moderator("on", &[], "2026-03-01T10:00:00Z"));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let ten: Timestamp = "2026-03-01T10:00:00Z".parse().expect("time");
        assert!(run_due(&app, ten, &mut rng).expect("due").is_empty());
        assert_eq!(
            next_due(&app).expect("next"),
            Some("2026-03-02T08:00:00Z".parse().expect("time"))
        );
        let tomorrow: Timestamp = "2026-03-02T08:00:00Z".parse().expect("time");
        assert_eq!(run_due(&app, tomorrow, &mut rng).expect("due").len(), 1);

        // Moved at 09:00 on the 3rd to 08:30, already past: the 3rd gets no post, the 4th does.
        run(
            &app,
            &moderator("time", &[("time", "08:30")], "2026-03-03T09:00:00Z"),
        );
        let nine: Timestamp = "2026-03-03T09:00:00Z".parse().expect("time");
        assert!(run_due(&app, nine, &mut rng).expect("due").is_empty());
        let next: Timestamp = "2026-03-04T08:30:00Z".parse().expect("time");
        assert_eq!(next_due(&app).expect("next"), Some(next));
        assert_eq!(run_due(&app, next, &mut rng).expect("due").len(), 1);
    }

    #[test]
    fn bad_settings_are_refused_and_change_nothing() {
        let app = App::new(store_with_sample());
        set_up(&app);
        let before = app.store().qotd_settings(GuildId(1)).expect("read");
        for (sub, options, expected) in [
            ("time", vec![("time", "25:00")], "That is not a time of day"),
            ("time", vec![("time", "9")], "Give the time as HH:MM"),
            ("time", vec![("time", "9:5pm")], "Give the time as HH:MM"),
            (
                "timezone",
                vec![("zone", "Mars/Olympus")],
                "`Mars/Olympus` is not a time zone I know. Did you mean",
            ),
        ] {
            let reply = run(&app, &moderator(sub, &options, "2026-03-01T00:00:00Z"));
            assert!(reply.ephemeral);
            assert!(
                reply
                    .content
                    .as_deref()
                    .is_some_and(|c| c.starts_with(expected)),
                "{sub} {options:?}: {reply:?}"
            );
        }
        // And in Korean for a Korean moderator, and the same for every error in both languages.
        let mut korean = moderator("time", &[("time", "25:00")], "2026-03-01T00:00:00Z");
        korean.locale = "ko".into();
        assert!(
            run(&app, &korean)
                .content
                .is_some_and(|c| c.starts_with("하루 중의 시간이 아니에요")),
        );
        let errors = [
            schedule::InputError::TimeForm,
            schedule::InputError::TimeRange,
            schedule::InputError::ZoneMissing,
            schedule::InputError::UnknownZone {
                typed: "Mars".into(),
                suggestions: vec!["Asia/Seoul".into()],
            },
            schedule::InputError::UnknownZone {
                typed: String::new(),
                suggestions: Vec::new(),
            },
        ];
        for error in errors {
            assert_eq!(input_error(Locale::English, &error), error.to_string());
            assert_ne!(input_error(Locale::Korean, &error), error.to_string());
        }
        let mut member = moderator("time", &[("time", "10:00")], "2026-03-01T00:00:00Z");
        member.is_moderator = false;
        run(&app, &member);
        assert_eq!(app.store().qotd_settings(GuildId(1)).expect("read"), before);
    }
}
