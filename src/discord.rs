//! The gateway edge: serenity's client, translating interactions to and from the router.
//!
//! Only bytes move here. Each interaction becomes an [`Invocation`]; the router runs on a blocking
//! thread (SQLite must not stall the runtime), or in place for a command the table marks quick
//! (see [`route`]); its [`Response`] goes back through
//! `render::interaction_response`, the same function the console's `--json` output uses. Discord
//! gives an interaction 3 seconds: an answer not ready after [`DEFER_AFTER`] is deferred first and
//! sent as an edit when it is.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use jiff::{SignedDuration, Timestamp};
use serde_json::value::RawValue;
use serenity::all::{
    ActionRowComponent, Command, CommandDataOption, CommandDataOptionValue, CommandInteraction,
    ComponentInteraction, Context, CreateInteractionResponse, EventHandler, GatewayIntents, Http,
    HttpBuilder, Interaction, Member, ModalInteraction, Ready, ShardManager, ShardManagerOptions,
};
use serenity::async_trait;

use crate::config::{Config, Secret, ShardRange};
use crate::i18n::Locale;
use crate::identify_gate::{IdentifyGate, TakeTurn, Turns};
use crate::ids::{ChannelId, GuildId, MessageId, RoleId, UserId, log_guild};
use crate::render;
use crate::reply::{Reply, Response, RoleCheck};
use crate::router::{self, Action, App, Effect, Invocation, Value};
use crate::scheduler::Wake;
use crate::seasons;

/// How long an answer may take before the interaction is deferred (Discord allows 3 seconds).
pub const DEFER_AFTER: Duration = Duration::from_millis(2000);

/// The most blocking threads the runtime runs at once, for `cores` cores: the router's work is CPU
/// and SQLite, which cannot go faster than the cores (and the store's connections) allow. Tokio's
/// default of 512 let a burst of interactions start hundreds of threads that only took turns on
/// the same locks: measured under the load benchmark, their switching and per-thread allocator
/// and RNG state cost more than the handlers once the bot falls behind. Several per core keep a
/// few slow handlers (a rendered card, an import, a read waiting out a busy database) from holding
/// up the quick ones behind them.
pub fn blocking_threads(cores: usize) -> usize {
    (cores * 4).max(8)
}

/// The runtime of `run` and `serve-http`: tokio's default multi-threaded one, with its blocking
/// pool bounded by [`blocking_threads`].
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads(cores))
        .build()
}

/// The store key that remembers which command table was last registered, and where.
const REGISTERED_KEY: &str = "discord.registered_commands";

/// Builds the REST client: straight to Discord, or through the configured proxy. Serenity only
/// honours a proxy with its own rate limiter off, so the proxy must do the rate limiting.
pub fn http_client(config: &Config, token: &Secret) -> Http {
    let builder = HttpBuilder::new(token.expose());
    match &config.api_base_url {
        Some(base) => builder
            .proxy(base.as_str())
            .ratelimiter_disabled(true)
            .build(),
        None => builder.build(),
    }
}

/// How far apart two identifies of one bucket are put: Discord allows one per bucket per 5 seconds,
/// and the half second more covers the time from a turn to the Identify frame (connecting, Hello),
/// which differs between processes and hosts.
pub const IDENTIFY_SPACING: SignedDuration = SignedDuration::from_millis(5_500);

/// Connects to Discord and serves until SIGINT or SIGTERM; then stops the shards and returns, and
/// the store closes when the app is dropped (on PostgreSQL the caller must drop its last reference
/// off the runtime).
pub async fn run(config: Config, token: Secret, app: Arc<App>) -> anyhow::Result<()> {
    let wake = Arc::new(Wake::default());
    let handler = Handler {
        app: app.clone(),
        wake: wake.clone(),
        dev_guild: config.dev_guild_id,
    };
    let http = Arc::new(http_client(&config, &token));
    let gateway = http.get_bot_gateway().await?;
    let shards = match config.shards {
        Some(range) => range,
        None => ShardRange {
            start: 0,
            end: gateway.shards,
            total: gateway.shards,
        },
    };
    // Discord's buckets: shard `id` identifies in bucket `id % max_concurrency`.
    let buckets = u32::try_from(gateway.session_start_limit.max_concurrency)
        .unwrap_or(u32::MAX)
        .max(1);
    let turns = Arc::new(Turns::new(buckets, identify_turns(Arc::downgrade(&app))));
    // With more than one shard (in other processes, or in this one, each its own manager, so
    // serenity spaces no two of them), or a shared database, every identify, a shard's re-identify
    // too, goes through the identify gate; a lone process with the only shard spares every gateway
    // message the relay's hop.
    let gated = config.database_url.is_some() || shards.total > 1;
    let (gate, ws_url) = if gated {
        let gate = IdentifyGate::start(gateway.url, turns.clone())
            .await
            .context("starting the identify gate")?;
        tracing::info!(url = gate.url(), "identifies go through the identify gate");
        let url = gate.url().to_string();
        (Some(gate), url)
    } else {
        (None, gateway.url)
    };
    let gateway = Gateway {
        http: http.clone(),
        handler: Arc::new(handler),
        ws_url: Arc::new(tokio::sync::Mutex::new(ws_url)),
        buckets,
        turns,
        gate,
        data: Arc::new(serenity::prelude::RwLock::new(
            serenity::prelude::TypeMap::new(),
        )),
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let stop = Arc::new(stop);
    let stop_on_signal = stop.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        let _ = stop_on_signal.send(true);
    });
    let scheduler = crate::posting::launch(app.clone(), wake.clone(), http, stopped.clone());
    tracing::info!(
        start = shards.start,
        end = shards.end,
        total = shards.total,
        buckets = gateway.buckets,
        "starting a shard range"
    );
    let served = gateway.serve(shards, stopped).await;
    // However the shards stopped, the scheduler stops too, after finishing what it was doing (it
    // never stops between a claim and its send); the store closes with the last reference to the app.
    let _ = stop.send(true);
    // Running games stay in the store, their answers committed; the next start resumes them.
    if let Err(e) = scheduler.await {
        tracing::error!(error = %e, "the scheduler failed");
    }
    served?;
    tracing::info!("stopped");
    Ok(())
}

/// What every shard of this process shares: the REST client, the handler, the gateway's address.
struct Gateway {
    http: Arc<Http>,
    handler: Arc<Handler>,
    ws_url: Arc<tokio::sync::Mutex<String>>,
    buckets: u32,
    /// Every shard's identify turns, from the store.
    turns: Arc<Turns>,
    /// The relay that holds each Identify until its turn, in a fleet; `ws_url` is its address.
    gate: Option<IdentifyGate>,
    data: Arc<serenity::prelude::RwLock<serenity::prelude::TypeMap>>,
}

impl Gateway {
    /// Starts each shard of `range` when its identify bucket's turn (taken in the store, which
    /// every process of the fleet shares) comes, and serves until `stopped` or a shard fails for
    /// good (a bad token, intents not allowed).
    ///
    /// Each shard is its own serenity `ShardManager`, booted at its turn: serenity's own queue
    /// spaces the starts of one process 5 seconds apart but knows nothing of other processes, and
    /// cannot be told to wait. A shard that later loses its session and must identify again is
    /// restarted by its manager, and serenity 0.12.5 gives no place to take a turn before that:
    /// an invalid session (op 9, `d: false`) makes the runner ask its manager for a restart
    /// (`gateway/bridge/shard_runner.rs` 140-143, 463-470), which boots a new `Shard` through the
    /// manager's private queuer (`shard_manager.rs` 235-242, 329-335; `shard_queuer.rs` 119-121,
    /// 162-172), with no hook before the new connection's Identify. So in a fleet the shards
    /// connect through the identify gate ([`IdentifyGate`]), which holds every Identify until its
    /// turn: the turn taken here is reserved there for the shard's first Identify, which takes no
    /// second one; a re-identify takes its own. A lone process with a single shard has no gate: its
    /// re-identifies have serenity's spacing (its manager's 5 seconds), and nothing shares its bucket.
    async fn serve(
        &self,
        range: ShardRange,
        mut stopped: tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        // Every shard's turn is taken at once, so that a shard waiting for a busy bucket does not
        // hold back the next one in a free bucket; then each starts at its turn, earliest first.
        let mut turns = Vec::new();
        for id in range.start..range.end {
            let turn = match self.gate {
                Some(_) => self.turns.reserve(id),
                None => self.turns.take(id),
            }?;
            tracing::debug!(shard = id, %turn, "identify turn");
            turns.push((turn, id));
        }
        turns.sort_unstable();
        let (failed, mut failures) = tokio::sync::mpsc::unbounded_channel();
        let mut managers = Vec::new();
        let mut failure = None;
        for (turn, id) in turns {
            let wait =
                Duration::try_from(turn.duration_since(Timestamp::now())).unwrap_or_default();
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = stopped.wait_for(|stop| *stop) => break,
                Some(e) = failures.recv() => {
                    failure = Some(e);
                    break;
                }
            }
            managers.push(self.start_shard(id, range.total, failed.clone())?);
        }
        if failure.is_none() {
            tokio::select! {
                _ = stopped.wait_for(|stop| *stop) => {}
                Some(e) = failures.recv() => failure = Some(e),
            }
        }
        for manager in &managers {
            manager.shutdown_all().await;
        }
        failure.map_or(Ok(()), Err)
    }

    /// Boots shard `id` of `total` now, in its own manager; a failure it gives up on goes to
    /// `failed`.
    fn start_shard(
        &self,
        id: u32,
        total: u32,
        failed: tokio::sync::mpsc::UnboundedSender<anyhow::Error>,
    ) -> anyhow::Result<Arc<ShardManager>> {
        let (manager, mut returned) = ShardManager::new(ShardManagerOptions {
            data: self.data.clone(),
            event_handlers: vec![self.handler.clone()],
            raw_event_handlers: vec![],
            shard_index: id,
            shard_init: 1,
            shard_total: total,
            ws_url: self.ws_url.clone(),
            http: self.http.clone(),
            // Slash commands need no privileged intent; GUILDS keeps the cache of servers and channels.
            intents: GatewayIntents::GUILDS,
            presence: None,
        });
        manager.initialize()?;
        tokio::spawn(async move {
            use serenity::futures::StreamExt;
            while let Some(ended) = returned.next().await {
                if let Err(e) = ended {
                    let _ = failed.send(anyhow::Error::from(e).context(format!("shard {id}")));
                }
            }
        });
        Ok(manager)
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(term) => term,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the bot");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

struct Handler {
    app: Arc<App>,
    wake: Arc<Wake>,
    dev_guild: Option<GuildId>,
}

fn is_moderator(member: Option<&Member>) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild())
}

/// The member's roles, which a server may let review submissions (none in direct messages).
fn roles_of(member: Option<&Member>) -> Vec<RoleId> {
    member.map_or_else(Vec::new, |m| {
        m.roles.iter().map(|r| RoleId(r.get())).collect()
    })
}

/// What a command interaction carries: its subcommand, its options, and the option being typed.
struct CommandOptions {
    subcommand: Option<String>,
    options: Vec<(String, Value)>,
    focused: Option<(String, String)>,
}

fn options_of(data: &[CommandDataOption]) -> CommandOptions {
    let mut out = CommandOptions {
        subcommand: None,
        options: Vec::new(),
        focused: None,
    };
    let mut list = data;
    if let Some(first) = data.first()
        && let CommandDataOptionValue::SubCommand(inner) = &first.value
    {
        out.subcommand = Some(first.name.clone());
        list = inner;
    }
    for option in list {
        let value = match &option.value {
            CommandDataOptionValue::String(s) => Value::String(s.clone()),
            CommandDataOptionValue::Integer(i) => Value::Integer(*i),
            CommandDataOptionValue::Boolean(b) => Value::Boolean(*b),
            CommandDataOptionValue::Channel(c) => Value::Channel(ChannelId(c.get())),
            CommandDataOptionValue::User(u) => Value::User(UserId(u.get())),
            // Fetched by the edge before routing (`attachments::with_attachments`).
            CommandDataOptionValue::Attachment(_) => continue,
            CommandDataOptionValue::Role(r) => Value::Role(RoleId(r.get())),
            CommandDataOptionValue::Autocomplete { value, .. } => {
                out.focused = Some((option.name.clone(), value.clone()));
                continue;
            }
            // Kinds the table never declares: the router answers that the value is of the wrong kind.
            _ => Value::Boolean(false),
        };
        out.options.push((option.name.clone(), value));
    }
    out
}

pub(crate) fn command_invocation(cmd: &CommandInteraction, autocomplete: bool) -> Invocation {
    let CommandOptions {
        subcommand,
        options,
        focused,
    } = options_of(&cmd.data.options);
    let name = cmd.data.name.clone();
    let action = match (autocomplete, focused) {
        (true, Some((focused, typed))) => Action::Autocomplete {
            name,
            subcommand,
            focused,
            typed,
            options,
        },
        _ => Action::Command {
            name,
            subcommand,
            options,
        },
    };
    Invocation {
        id: cmd.id.get(),
        guild: cmd.guild_id.map(|g| GuildId(g.get())),
        channel: ChannelId(cmd.channel_id.get()),
        user: UserId(cmd.user.id.get()),
        user_name: cmd.user.name.clone(),
        locale: cmd.locale.clone(),
        is_moderator: is_moderator(cmd.member.as_deref()),
        roles: roles_of(cmd.member.as_deref()),
        now: Timestamp::now(),
        action,
    }
}

pub(crate) fn button_invocation(press: &ComponentInteraction) -> Invocation {
    Invocation {
        id: press.id.get(),
        guild: press.guild_id.map(|g| GuildId(g.get())),
        channel: ChannelId(press.channel_id.get()),
        user: UserId(press.user.id.get()),
        user_name: press.user.name.clone(),
        locale: press.locale.clone(),
        is_moderator: is_moderator(press.member.as_ref()),
        roles: roles_of(press.member.as_ref()),
        now: Timestamp::now(),
        action: Action::Button {
            custom_id: press.data.custom_id.clone(),
            message: MessageId(press.message.id.get()),
        },
    }
}

pub(crate) fn modal_invocation(submit: &ModalInteraction) -> Invocation {
    // Each text input sits in its own action row; Discord leaves `value` out of an empty one.
    let fields = submit
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .filter_map(|component| match component {
            ActionRowComponent::InputText(input) => Some((
                input.custom_id.clone(),
                input.value.clone().unwrap_or_default(),
            )),
            _ => None,
        })
        .collect();
    Invocation {
        id: submit.id.get(),
        guild: submit.guild_id.map(|g| GuildId(g.get())),
        channel: ChannelId(submit.channel_id.get()),
        user: UserId(submit.user.id.get()),
        user_name: submit.user.name.clone(),
        locale: submit.locale.clone(),
        is_moderator: is_moderator(submit.member.as_ref()),
        roles: roles_of(submit.member.as_ref()),
        now: Timestamp::now(),
        action: Action::ModalSubmit {
            custom_id: submit.data.custom_id.clone(),
            fields,
        },
    }
}

/// The reader's locale for the one text the edge writes itself after the router ran (a form ready
/// too late, see [`answer`]): read from the store only when that happens.
pub fn late_locale(app: &Arc<App>, inv: &Invocation) -> impl FnOnce() -> Locale + Send + 'static {
    let (app, guild, tag) = (app.clone(), inv.guild, inv.locale.clone());
    move || router::locale_of(&app, guild, &tag)
}

/// A refusal when the command names a channel the bot cannot see (Discord answers 403 or 404 for
/// it), checked before the command changes anything. Other failures of the check let the command
/// through: the daily post records its own errors. The refusal is in the reader's language
/// ([`router::locale`], read only when refusing).
async fn unseen_channel(app: &App, http: &Http, inv: &Invocation) -> Option<Response> {
    use serenity::all::{HttpError, StatusCode};
    let Action::Command { options, .. } = &inv.action else {
        return None;
    };
    for (_, value) in options {
        let Value::Channel(channel) = value else {
            continue;
        };
        let looked = tokio::time::timeout(
            Duration::from_millis(1500),
            http.get_channel(serenity::all::ChannelId::new(channel.0)),
        )
        .await;
        if let Ok(Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response)))) = looked
            && matches!(
                response.status_code,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            )
        {
            let refusal = crate::i18n::tr(
                router::locale(app, inv),
                crate::i18n::msg::SETTINGS_CHANNEL_UNSEEN,
                &[("channel", channel.to_string().into())],
            );
            return Some(Response::Message(Reply::private(refusal)));
        }
    }
    None
}

/// Runs the router for one invocation, and applies the effects it asks for.
///
/// A command the table marks quick ([`router::is_quick`]: answered from memory and a few indexed
/// reads, tens of microseconds) runs here, on the runtime's thread: handing it to a blocking thread
/// and back cost more than the command, and under load the wake-ups of both threads were the
/// largest part of its latency. Everything else (writes, renders, imports) runs on a blocking
/// thread, where a slow one cannot stall the runtime. (Measured with the load benchmark: with it,
/// less CPU per interaction and a lower p99 at 2,000/s on a quiet machine; on one busy with other
/// processes the bot's two runtime threads get less of the cores than the blocking ones did, and
/// it fell behind sooner.)
///
/// A reward role to check ([`Effect::CheckRole`]) is handed to the scheduler, which records what
/// it finds; [`route_reporting`] hands it back instead, for the edge to tell the moderator.
pub async fn route(app: Arc<App>, wake: Arc<Wake>, inv: Invocation) -> Response {
    let (response, checks) = route_reporting(app, wake.clone(), inv).await;
    wake.apply(checks.into_iter().map(Effect::CheckRole).collect());
    response
}

/// [`route`], with the reward roles to check handed back: the edge answers the interaction, then
/// checks them and tells the moderator what it found ([`report_checks`]).
pub async fn route_reporting(
    app: Arc<App>,
    wake: Arc<Wake>,
    inv: Invocation,
) -> (Response, Vec<RoleCheck>) {
    let apply = |effects: Vec<Effect>| {
        let mut checks = Vec::new();
        wake.apply(
            effects
                .into_iter()
                .filter_map(|effect| match effect {
                    Effect::CheckRole(check) => {
                        checks.push(check);
                        None
                    }
                    other => Some(other),
                })
                .collect(),
        );
        checks
    };
    if router::is_quick(&app, &inv) {
        let outcome = router::handle(&app, &inv, &mut rand::rng());
        let checks = apply(outcome.effects);
        return (outcome.response, checks);
    }
    let autocomplete = matches!(inv.action, Action::Autocomplete { .. });
    // The router could not answer: the Discord locale is all there is to go by.
    let locale = crate::i18n::Locale::from_discord(&inv.locale);
    match tokio::task::spawn_blocking(move || router::handle(&app, &inv, &mut rand::rng())).await {
        Ok(outcome) => {
            let checks = apply(outcome.effects);
            (outcome.response, checks)
        }
        Err(e) => {
            tracing::error!(error = %e, "the router task failed");
            let response = if autocomplete {
                Response::Autocomplete(Vec::new())
            } else {
                Response::Message(Reply::private(crate::error::internal_error(locale)))
            };
            (response, Vec::new())
        }
    }
}

/// Checks the reward roles a command set (after its answer went out) and tells the moderator
/// what each check found, privately, as a follow-up: "I can give it", or why not and what to do.
/// What it found is recorded for `/settings show` and the season's post as well. The same for
/// both edges, the gateway and HTTP interactions.
pub async fn report_checks(
    app: &Arc<App>,
    http: &Http,
    responder: &impl Responder,
    checks: Vec<RoleCheck>,
) {
    for check in checks {
        let result = crate::posting::check_role(http, check.guild, check.role).await;
        let (app, now) = (app.clone(), Timestamp::now());
        let answer =
            tokio::task::spawn_blocking(move || seasons::role_checked(&app, check, result, now))
                .await;
        match answer {
            Ok(Ok(reply)) => {
                if let Err(e) = responder.follow_up(&reply).await {
                    tracing::warn!(guild = check.guild.0, error = %e, "could not tell the moderator what the reward role's check found");
                }
            }
            Ok(Err(e)) => {
                tracing::error!(guild = check.guild.0, error = %e, "could not record a reward role's check")
            }
            Err(e) => {
                tracing::error!(guild = check.guild.0, error = %e, "the reward role's check failed")
            }
        }
    }
}

/// The ways to answer one interaction; implemented for serenity's interactions and for tests.
#[async_trait]
pub trait Responder: Sync {
    /// Sends the interaction's one callback.
    async fn respond(&self, response: CreateInteractionResponse) -> serenity::Result<()>;
    /// Sends `response`, which carries no files, as the interaction's one callback.
    async fn respond_with(&self, response: &Response) -> serenity::Result<()> {
        self.respond(render::interaction_response(response)).await
    }
    /// Replaces the original response (a command's deferred message, or a button's message).
    async fn edit(&self, reply: &Reply) -> serenity::Result<()>;
    /// Sends a new message after the callback (private if the reply is).
    async fn follow_up(&self, reply: &Reply) -> serenity::Result<()>;
    /// Deletes the original response.
    async fn delete_original(&self) -> serenity::Result<()>;
}

/// What kind of interaction is being answered: it decides how a late answer is deferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deferral {
    /// A slash command or a modal submission: "thinking…", then the answer in its place.
    Command,
    /// A button: acknowledged silently, then the message updated or a private answer sent.
    Button,
    /// Autocomplete, which Discord does not let a bot defer: a late one gets no suggestions.
    Autocomplete,
}

/// Answers within Discord's 3 seconds: with the response if it is ready in [`DEFER_AFTER`],
/// otherwise with a deferral now and the answer when it is ready. A private answer stays private:
/// a command's public "thinking" message is replaced by a private follow-up, and a button's answer
/// is a private follow-up unless it updates the button's message. Autocomplete cannot be deferred;
/// a late one gets no suggestions rather than an error. A form (modal) ready only after the
/// deferral cannot open any more (Discord opens one only as the first answer): the member is told
/// so privately, in the locale `late` gives ([`late_locale`]).
pub async fn answer(
    responder: &impl Responder,
    response: impl Future<Output = Response>,
    defer_after: Duration,
    deferral: Deferral,
    late: impl FnOnce() -> Locale,
) -> serenity::Result<()> {
    let mut response = std::pin::pin!(response);
    let ready = match tokio::time::timeout(defer_after, response.as_mut()).await {
        Ok(ready) if !carries_files(&ready) => return responder.respond_with(&ready).await,
        // Files go up as multipart, which an HTTP interaction's callback (the plain JSON answer to
        // Discord's request) cannot carry: every edge defers and sends them with the edit or
        // follow-up, a REST call.
        Ok(ready) if deferral != Deferral::Autocomplete => {
            responder
                .respond(match deferral {
                    Deferral::Button => CreateInteractionResponse::Acknowledge,
                    _ => CreateInteractionResponse::Defer(
                        serenity::all::CreateInteractionResponseMessage::new(),
                    ),
                })
                .await?;
            ready
        }
        // Autocomplete cannot be deferred: whatever it is, it goes as the callback.
        Ok(ready) => {
            return responder
                .respond(render::interaction_response(&ready))
                .await;
        }
        Err(_) => {
            let deferred = match deferral {
                Deferral::Command => CreateInteractionResponse::Defer(
                    serenity::all::CreateInteractionResponseMessage::new(),
                ),
                Deferral::Button => CreateInteractionResponse::Acknowledge,
                Deferral::Autocomplete => {
                    let nothing = Response::Autocomplete(Vec::new());
                    return responder
                        .respond(render::interaction_response(&nothing))
                        .await;
                }
            };
            responder.respond(deferred).await?;
            response.await
        }
    };
    let late_form = || Reply::private(crate::i18n::text(late(), crate::i18n::msg::ERROR_LATE_FORM));
    match (deferral, ready) {
        (_, Response::Autocomplete(_)) => Ok(()),
        (Deferral::Command, Response::Modal(_)) => {
            responder.delete_original().await?;
            responder.follow_up(&late_form()).await
        }
        (_, Response::Modal(_)) => responder.follow_up(&late_form()).await,
        (Deferral::Command, Response::Message(reply) | Response::Update(reply))
            if reply.ephemeral =>
        {
            responder.delete_original().await?;
            responder.follow_up(&reply).await
        }
        (Deferral::Command, Response::Message(reply) | Response::Update(reply)) => {
            responder.edit(&reply).await
        }
        (Deferral::Button, Response::Update(reply)) => responder.edit(&reply).await,
        (Deferral::Button, Response::Message(reply)) => responder.follow_up(&reply).await,
        // Never deferred: answered (with no suggestions) above.
        (Deferral::Autocomplete, Response::Message(_) | Response::Update(_)) => Ok(()),
    }
}

/// The response sends files (which only a REST call can upload).
fn carries_files(response: &Response) -> bool {
    matches!(response, Response::Message(r) | Response::Update(r) if !r.attachments.is_empty())
}

/// Discord's JSON of the answers sent lately, each beside the [`Response`] it was rendered from.
///
/// Many answers are the same bytes again: `/about`, a server's quote of the day, a popular
/// name's cast card. Rendering one to serenity's builder and encoding that as JSON (escaping
/// every character of a long embed) cost more than the rest of answering it (issue 14): an
/// answer equal to one of these is sent as the JSON already made. It holds nothing a command can
/// change, only what a pure function made of a response; comparing two responses is far cheaper
/// than encoding one.
struct RenderedAnswers {
    recent: std::sync::Mutex<std::collections::VecDeque<(Response, Arc<RawValue>)>>,
}

/// How many rendered answers [`RenderedAnswers`] keeps (the oldest goes first).
const RENDERED_KEPT: usize = 32;

/// The gateway's rendered answers, shared by every interaction of the process.
static RENDERED: RenderedAnswers = RenderedAnswers {
    recent: std::sync::Mutex::new(std::collections::VecDeque::new()),
};

/// The callback's JSON for `response`, which carries no files: [`RenderedAnswers`]' for the whole
/// process, so that the gateway and HTTP interactions share the answers already made.
pub(crate) fn rendered_json(response: &Response) -> serde_json::Result<Arc<RawValue>> {
    RENDERED.json(response)
}

impl RenderedAnswers {
    /// The callback's JSON for `response`: the one kept if an equal response was rendered lately,
    /// else rendered now and kept.
    fn json(&self, response: &Response) -> serde_json::Result<Arc<RawValue>> {
        let recent = || self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, json)) = recent().iter().find(|(kept, _)| kept == response) {
            return Ok(json.clone());
        }
        let json: Arc<RawValue> =
            serde_json::value::to_raw_value(&render::interaction_response(response))?.into();
        let mut recent = recent();
        if recent.len() >= RENDERED_KEPT {
            recent.pop_back();
        }
        recent.push_front((response.clone(), json.clone()));
        Ok(json)
    }
}

/// A gateway interaction that can be answered: a command, a button press or a modal submission.
enum Interacted<'a> {
    Command(&'a CommandInteraction),
    Button(&'a ComponentInteraction),
    Modal(&'a ModalInteraction),
}

struct GatewayResponder<'a> {
    http: &'a Http,
    interaction: Interacted<'a>,
}

impl GatewayResponder<'_> {
    /// The interaction's token, which authorises its edits and follow-ups.
    fn token(&self) -> &str {
        match self.interaction {
            Interacted::Command(i) => &i.token,
            Interacted::Button(i) => &i.token,
            Interacted::Modal(i) => &i.token,
        }
    }
}

#[async_trait]
impl Responder for GatewayResponder<'_> {
    async fn respond(&self, response: CreateInteractionResponse) -> serenity::Result<()> {
        match self.interaction {
            Interacted::Command(i) => i.create_response(self.http, response).await,
            Interacted::Button(i) => i.create_response(self.http, response).await,
            Interacted::Modal(i) => i.create_response(self.http, response).await,
        }
    }

    /// As [`Responder::respond`], with the JSON of an equal answer sent lately when there is one
    /// ([`RenderedAnswers`]).
    async fn respond_with(&self, response: &Response) -> serenity::Result<()> {
        let json = rendered_json(response)?;
        let id = match self.interaction {
            Interacted::Command(i) => i.id,
            Interacted::Button(i) => i.id,
            Interacted::Modal(i) => i.id,
        };
        let body: &RawValue = &json;
        self.http
            .create_interaction_response(id, self.token(), &body, Vec::new())
            .await
    }

    async fn edit(&self, reply: &Reply) -> serenity::Result<()> {
        let (body, files) = render::edit_response_with_files(reply);
        self.http
            .edit_original_interaction_response(self.token(), &body, files)
            .await
            .map(|_| ())
    }

    async fn follow_up(&self, reply: &Reply) -> serenity::Result<()> {
        let (body, files) = render::follow_up_with_files(reply);
        self.http
            .create_followup_message(self.token(), &body, files)
            .await
            .map(|_| ())
    }

    async fn delete_original(&self) -> serenity::Result<()> {
        match self.interaction {
            Interacted::Command(i) => i.delete_response(self.http).await,
            Interacted::Button(i) => i.delete_response(self.http).await,
            Interacted::Modal(i) => i.delete_response(self.http).await,
        }
    }
}

/// A fingerprint of the command table and where it is registered.
fn registration_fingerprint(dev_guild: Option<GuildId>) -> String {
    let table = serde_json::to_string(&render::commands()).unwrap_or_default();
    let hash = crate::text::fnv1a(table.as_bytes());
    match dev_guild {
        Some(guild) => format!("guild:{guild}:{hash:016x}"),
        None => format!("global:{hash:016x}"),
    }
}

/// Runs `work`, a store call made from async code, so that it may block: on PostgreSQL, whose
/// sync client must not run on the runtime's own thread, in `block_in_place` (the runtime is
/// multi-threaded, [`runtime`]); on SQLite where it is, as a quick local read or write.
fn off_runtime<T>(app: &App, work: impl FnOnce() -> T) -> T {
    if app.store_blocks() {
        tokio::task::block_in_place(work)
    } else {
        work()
    }
}

/// Takes identify turns from the store of `app` (weak: the relay's connections, which may outlive
/// `run`, do not keep the app).
fn identify_turns(app: std::sync::Weak<App>) -> Box<TakeTurn> {
    Box::new(move |bucket| {
        let app = app.upgrade().context("the bot is stopping")?;
        off_runtime(&app, || {
            app.store()
                .take_identify_slot(bucket, Timestamp::now(), IDENTIFY_SPACING)
        })
        .context("taking an identify turn")
    })
}

/// Registers the command table (to `dev_guild`, or globally), unless this very table was the last one
/// registered there: a restart does not spend Discord's registration rate limit for nothing.
pub async fn register_commands(app: &App, http: &Http, dev_guild: Option<GuildId>) {
    let fingerprint = registration_fingerprint(dev_guild);
    let previous = off_runtime(app, || app.store().meta(REGISTERED_KEY));
    match previous {
        Ok(Some(previous)) if previous == fingerprint => {
            tracing::info!("command table unchanged since the last registration");
            return;
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot read the last registration; registering"),
    }
    let commands = render::commands();
    let registered = match dev_guild {
        Some(guild) => serenity::all::GuildId::new(guild.0)
            .set_commands(http, commands)
            .await
            .map(|c| c.len()),
        None => Command::set_global_commands(http, commands)
            .await
            .map(|c| c.len()),
    };
    match registered {
        Ok(count) => {
            tracing::info!(count, guild = log_guild(dev_guild), "commands registered");
            if let Err(e) = off_runtime(app, || app.store().set_meta(REGISTERED_KEY, &fingerprint))
            {
                tracing::warn!(error = %e, "cannot remember the registration");
            }
        }
        Err(e) => tracing::error!(error = %e, "command registration failed"),
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), shard = ?ready.shard.map(|s| s.id.0), "connected to Discord");
        // Every shard gets a Ready; the table is registered once, by the first shard of the range.
        if ready.shard.is_none_or(|s| s.id.0 == 0) {
            register_commands(&self.app, &ctx.http, self.dev_guild).await;
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => {
                let inv = command_invocation(&cmd, false);
                let late = late_locale(&self.app, &inv);
                let files = crate::attachments::pending_of(&cmd);
                let responder = GatewayResponder {
                    http: &ctx.http,
                    interaction: Interacted::Command(&cmd),
                };
                let (app, wake) = (self.app.clone(), self.wake.clone());
                let http = ctx.http.clone();
                let checks = std::sync::Mutex::new(Vec::new());
                let found = &checks;
                let response = async move {
                    let inv = match crate::attachments::with_attachments(&app, inv, files).await {
                        Ok(inv) => inv,
                        Err(refusal) => return refusal,
                    };
                    if let Some(refusal) = unseen_channel(&app, &http, &inv).await {
                        return refusal;
                    }
                    let (response, checks) = route_reporting(app, wake, inv).await;
                    *found.lock().unwrap_or_else(|e| e.into_inner()) = checks;
                    response
                };
                if let Err(e) =
                    answer(&responder, response, DEFER_AFTER, Deferral::Command, late).await
                {
                    tracing::error!(id = cmd.id.get(), command = %cmd.data.name, guild = cmd.guild_id.map_or(0, |g| g.get()), user = cmd.user.id.get(), error = %e, "could not answer");
                }
                let checks = checks.into_inner().unwrap_or_else(|e| e.into_inner());
                report_checks(&self.app, &ctx.http, &responder, checks).await;
            }
            Interaction::Autocomplete(cmd) => {
                let inv = command_invocation(&cmd, true);
                let response = route(self.app.clone(), self.wake.clone(), inv).await;
                if let Err(e) = cmd
                    .create_response(&ctx.http, render::interaction_response(&response))
                    .await
                {
                    tracing::warn!(id = cmd.id.get(), command = %cmd.data.name, guild = cmd.guild_id.map_or(0, |g| g.get()), user = cmd.user.id.get(), error = %e, "could not send suggestions");
                }
            }
            Interaction::Component(press) => {
                let inv = button_invocation(&press);
                let late = late_locale(&self.app, &inv);
                let responder = GatewayResponder {
                    http: &ctx.http,
                    interaction: Interacted::Button(&press),
                };
                if let Err(e) = answer(
                    &responder,
                    route(self.app.clone(), self.wake.clone(), inv),
                    DEFER_AFTER,
                    Deferral::Button,
                    late,
                )
                .await
                {
                    tracing::error!(id = press.id.get(), guild = press.guild_id.map_or(0, |g| g.get()), user = press.user.id.get(), error = %e, "could not answer a button");
                }
            }
            Interaction::Modal(submit) => {
                let inv = modal_invocation(&submit);
                let late = late_locale(&self.app, &inv);
                let responder = GatewayResponder {
                    http: &ctx.http,
                    interaction: Interacted::Modal(&submit),
                };
                if let Err(e) = answer(
                    &responder,
                    route(self.app.clone(), self.wake.clone(), inv),
                    DEFER_AFTER,
                    Deferral::Command,
                    late,
                )
                .await
                {
                    tracing::error!(id = submit.id.get(), guild = submit.guild_id.map_or(0, |g| g.get()), user = submit.user.id.get(), error = %e, "could not answer a modal");
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Choice;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder {
        sent: Mutex<Vec<String>>,
    }

    impl Recorder {
        fn note(&self, what: String) {
            self.sent
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(what);
        }

        fn sent(&self) -> Vec<String> {
            self.sent.lock().unwrap_or_else(|e| e.into_inner()).clone()
        }
    }

    #[async_trait]
    impl Responder for Recorder {
        async fn respond(&self, response: CreateInteractionResponse) -> serenity::Result<()> {
            let body = serde_json::to_value(&response).unwrap_or_default();
            self.note(format!("callback type {}", body["type"]));
            Ok(())
        }

        async fn edit(&self, reply: &Reply) -> serenity::Result<()> {
            self.note(format!(
                "edit {}",
                reply.content.clone().unwrap_or_default()
            ));
            Ok(())
        }

        async fn follow_up(&self, reply: &Reply) -> serenity::Result<()> {
            let private = if reply.ephemeral { " (private)" } else { "" };
            self.note(format!(
                "follow-up {}{private}",
                reply.content.clone().unwrap_or_default()
            ));
            Ok(())
        }

        async fn delete_original(&self) -> serenity::Result<()> {
            self.note("delete".to_string());
            Ok(())
        }
    }

    async fn slow(delay: Duration, response: Response) -> Response {
        tokio::time::sleep(delay).await;
        response
    }

    fn public() -> Response {
        Response::Message(Reply::text("done"))
    }

    fn private() -> Response {
        Response::Message(Reply::private("locked in"))
    }

    #[test]
    fn an_answer_sent_again_is_the_json_it_was_rendered_to_and_few_are_kept() {
        let kept = RenderedAnswers {
            recent: std::sync::Mutex::new(std::collections::VecDeque::new()),
        };
        let rendered =
            |r: &Response| serde_json::to_string(&render::interaction_response(r)).expect("json");
        let first = kept.json(&public()).expect("rendered");
        assert_eq!(first.get(), rendered(&public()));
        let again = kept.json(&public()).expect("kept");
        assert!(Arc::ptr_eq(&first, &again), "rendered once");
        let other = kept.json(&private()).expect("rendered");
        assert_eq!(other.get(), rendered(&private()));
        assert_ne!(other.get(), first.get());
        for i in 0..RENDERED_KEPT {
            let answer = Response::Message(Reply::text(format!("answer {i}")));
            assert_eq!(
                kept.json(&answer).expect("rendered").get(),
                rendered(&answer)
            );
        }
        assert_eq!(kept.recent.lock().expect("lock").len(), RENDERED_KEPT);
        let after = kept.json(&public()).expect("rendered again");
        assert!(!Arc::ptr_eq(&first, &after), "the oldest went first");
        assert_eq!(after.get(), first.get());
    }

    #[tokio::test(start_paused = true)]
    async fn a_quick_answer_is_sent_as_the_callback() {
        let recorder = Recorder::default();
        answer(
            &recorder,
            slow(Duration::from_millis(500), public()),
            DEFER_AFTER,
            Deferral::Command,
            || Locale::English,
        )
        .await
        .expect("answered");
        assert_eq!(recorder.sent(), vec!["callback type 4"]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_with_files_is_deferred_and_sent_by_rest() {
        let file = crate::reply::Attachment {
            filename: "bank.toml".into(),
            bytes: b"[drama]".to_vec(),
        };
        for (reply, sent) in [
            (
                Reply::private("your export"),
                vec![
                    "callback type 5",
                    "delete",
                    "follow-up your export (private)",
                ],
            ),
            (
                Reply::text("everyone's export"),
                vec!["callback type 5", "edit everyone's export"],
            ),
        ] {
            let recorder = Recorder::default();
            let reply = Reply {
                attachments: vec![file.clone()],
                ..reply
            };
            answer(
                &recorder,
                slow(Duration::from_millis(10), Response::Message(reply)),
                DEFER_AFTER,
                Deferral::Command,
                || Locale::English,
            )
            .await
            .expect("answered");
            assert_eq!(recorder.sent(), sent);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_answer_is_deferred_then_sent_as_an_edit() {
        let recorder = Recorder::default();
        let started = tokio::time::Instant::now();
        answer(
            &recorder,
            slow(Duration::from_secs(10), public()),
            DEFER_AFTER,
            Deferral::Command,
            || Locale::English,
        )
        .await
        .expect("answered");
        assert_eq!(recorder.sent(), vec!["callback type 5", "edit done"]);
        assert_eq!(started.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_autocomplete_gets_no_suggestions_and_is_never_deferred() {
        let recorder = Recorder::default();
        let started = tokio::time::Instant::now();
        let late = Response::Autocomplete(vec![Choice {
            name: "Ju Ji-hoon".into(),
            value: "Ju Ji-hoon".into(),
        }]);
        answer(
            &recorder,
            slow(Duration::from_secs(10), late),
            DEFER_AFTER,
            Deferral::Autocomplete,
            || Locale::English,
        )
        .await
        .expect("answered");
        // Type 8 is an autocomplete result; 5 (a deferral) is not allowed for autocomplete.
        assert_eq!(recorder.sent(), vec!["callback type 8"]);
        assert_eq!(
            started.elapsed(),
            DEFER_AFTER,
            "the late answer is not awaited"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_private_answer_stays_private() {
        let recorder = Recorder::default();
        answer(
            &recorder,
            slow(Duration::from_secs(4), private()),
            DEFER_AFTER,
            Deferral::Command,
            || Locale::English,
        )
        .await
        .expect("answered");
        assert_eq!(
            recorder.sent(),
            vec!["callback type 5", "delete", "follow-up locked in (private)"]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_button_is_acknowledged_then_updates_or_answers_privately() {
        let recorder = Recorder::default();
        answer(
            &recorder,
            slow(Duration::from_secs(4), private()),
            DEFER_AFTER,
            Deferral::Button,
            || Locale::English,
        )
        .await
        .expect("answered");
        assert_eq!(
            recorder.sent(),
            vec!["callback type 6", "follow-up locked in (private)"]
        );
        let recorder = Recorder::default();
        let update = Response::Update(Reply::text("card"));
        answer(
            &recorder,
            slow(Duration::from_secs(4), update),
            DEFER_AFTER,
            Deferral::Button,
            || Locale::English,
        )
        .await
        .expect("answered");
        assert_eq!(recorder.sent(), vec!["callback type 6", "edit card"]);
    }

    /// A slash command as Discord sends it, in a server or (without `guild_id`) in a direct message.
    fn slash_command(id: &str, name: &str, guild: Option<&str>) -> CommandInteraction {
        let user = serde_json::json!({"id": "53908232506183680", "username": "mason", "discriminator": "0"});
        let mut payload = serde_json::json!({
            "type": 2, "id": id, "application_id": "111", "token": "T", "version": 1,
            "channel_id": "645027906669510667", "locale": "en-US", "app_permissions": "442368",
            "entitlements": [], "authorizing_integration_owners": {}, "attachment_size_limit": 26214400,
            "data": {"id": "771825006014889984", "name": name, "type": 1, "options": []},
        });
        match guild {
            Some(guild) => {
                payload["guild_id"] = guild.into();
                payload["member"] = serde_json::json!({
                    "user": user, "roles": [], "permissions": "0", "joined_at": "2017-03-13T19:19:14.040000+00:00",
                    "deaf": false, "mute": false, "flags": 0, "pending": false,
                });
            }
            None => payload["user"] = user,
        }
        match serde_json::from_value(payload) {
            Ok(Interaction::Command(cmd)) => cmd,
            other => panic!("a slash command, not {other:?}"),
        }
    }

    #[test]
    fn a_modal_submission_becomes_its_fields_in_order() {
        // MODAL_SUBMIT as Discord sends it: each input in its own row, `style` and `label` left
        // out, and `value` absent from an input left empty.
        let payload = serde_json::json!({
            "type": 5, "id": "786008729715212341", "application_id": "111", "token": "T5",
            "version": 1, "guild_id": "290926798626357999", "channel_id": "645027906669510667",
            "locale": "ko", "app_permissions": "442368", "entitlements": [],
            "authorizing_integration_owners": {}, "attachment_size_limit": 26214400,
            "member": {
                "user": {"id": "53908232506183680", "username": "mason", "discriminator": "0"},
                "roles": ["41771983423143936"], "permissions": "32",
                "joined_at": "2017-03-13T19:19:14.040000+00:00",
                "deaf": false, "mute": false, "flags": 0, "pending": false,
            },
            "data": {"custom_id": "submit:fact:sample:-:-", "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "Line one\nline two"}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "source"}]},
            ]},
        });
        let Ok(Interaction::Modal(submit)) = serde_json::from_value(payload) else {
            panic!("a modal submission");
        };
        let inv = modal_invocation(&submit);
        assert_eq!(inv.id, 786008729715212341);
        assert_eq!(inv.guild, Some(GuildId(290926798626357999)));
        assert_eq!(inv.locale, "ko");
        assert!(inv.is_moderator);
        // The member's roles reach the router (a server's reviewer role is one of them).
        assert_eq!(inv.roles, vec![RoleId(41771983423143936)]);
        let Action::ModalSubmit { custom_id, fields } = inv.action else {
            panic!("a modal submission");
        };
        assert_eq!(custom_id, "submit:fact:sample:-:-");
        assert_eq!(
            fields,
            vec![
                ("text".to_string(), "Line one\nline two".to_string()),
                ("source".to_string(), String::new())
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_form_ready_only_after_the_deferral_is_replaced_by_a_private_apology() {
        for (locale, said) in [
            (Locale::English, "Opening the form took too long"),
            (Locale::Korean, "양식을 여는 데 시간이 너무 걸렸어요"),
        ] {
            let recorder = Recorder::default();
            let form = Response::Modal(crate::reply::Modal {
                custom_id: "submit:x".into(),
                title: "Form".into(),
                inputs: Vec::new(),
            });
            answer(
                &recorder,
                slow(Duration::from_secs(5), form),
                DEFER_AFTER,
                Deferral::Command,
                || locale,
            )
            .await
            .expect("answered");
            let sent = recorder.sent();
            assert_eq!(sent.len(), 3, "{sent:?}");
            assert!(sent[1].starts_with("delete"), "{sent:?}");
            assert!(
                sent[2].contains(said) && sent[2].ends_with("(private)"),
                "{sent:?}"
            );
        }
    }

    #[test]
    fn a_late_form_is_apologised_for_in_the_servers_fixed_language() {
        let app = Arc::new(App::new(dramabot_core::store::sample::store_with_sample()));
        let inv = command_invocation(
            &slash_command("786008729715212339", "submit", Some("290926798626357999")),
            false,
        );
        // An English Discord locale, and no server setting: English.
        assert_eq!(late_locale(&app, &inv)(), Locale::English);
        app.store()
            .set_guild_language(
                inv.guild.expect("in a server"),
                Some(Locale::Korean),
                inv.now,
            )
            .expect("set");
        assert_eq!(late_locale(&app, &inv)(), Locale::Korean);
    }

    /// Log output written to memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The log lines of routing `inv`.
    fn logged(inv: &Invocation) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let app = App::new(dramabot_core::store::sample::store_with_sample());
        tracing::subscriber::with_default(subscriber, || {
            router::handle(&app, inv, &mut rand::rng());
        });
        let bytes = captured.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn a_handlers_log_lines_carry_the_interaction_id_command_guild_and_user() {
        let inv = command_invocation(
            &slash_command("786008729715212338", "dance", Some("290926798626357999")),
            false,
        );
        assert_eq!(inv.id, 786008729715212338);
        let log = logged(&inv);
        let refused = log
            .lines()
            .find(|l| l.contains("refused"))
            .unwrap_or_else(|| panic!("a refusal is logged: {log}"));
        for field in [
            "id=786008729715212338",
            "command=/dance",
            "guild=290926798626357999",
            "user=53908232506183680",
        ] {
            assert!(refused.contains(field), "{field} in {refused}");
        }

        // In a direct message the server is logged as 0, never left out or written another way.
        let inv = command_invocation(&slash_command("786008729715212339", "dance", None), false);
        assert_eq!(inv.guild, None);
        let log = logged(&inv);
        let refused = log
            .lines()
            .find(|l| l.contains("refused"))
            .unwrap_or_else(|| panic!("a refusal is logged: {log}"));
        assert!(
            refused.contains("id=786008729715212339") && refused.contains("guild=0 "),
            "{refused}"
        );
    }

    #[test]
    fn the_runtime_runs_at_most_its_bound_of_blocking_threads_at_once() {
        assert_eq!(blocking_threads(1), 8);
        assert_eq!(blocking_threads(8), 32);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let limit = blocking_threads(cores);
        let runtime = runtime().expect("a runtime");
        let entered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        runtime.block_on(async {
            let tasks: Vec<_> = (0..limit * 3)
                .map(|_| {
                    let (entered, running, most) = (entered.clone(), running.clone(), most.clone());
                    tokio::task::spawn_blocking(move || {
                        use std::sync::atomic::Ordering::SeqCst;
                        entered.fetch_add(1, SeqCst);
                        most.fetch_max(running.fetch_add(1, SeqCst) + 1, SeqCst);
                        // Held until a full pool's worth has started: the pool is seen full, and a
                        // pool without a bound would start the rest beside them.
                        while entered.load(SeqCst) < limit {
                            std::thread::yield_now();
                        }
                        running.fetch_sub(1, SeqCst);
                    })
                })
                .collect();
            for task in tasks {
                task.await.expect("a blocking task");
            }
        });
        let most = most.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            most <= limit,
            "{most} blocking threads at once, bound {limit}"
        );
        assert_eq!(entered.load(std::sync::atomic::Ordering::SeqCst), limit * 3);
    }

    #[test]
    fn the_registration_fingerprint_names_its_target() {
        assert!(registration_fingerprint(None).starts_with("global:"));
        assert!(registration_fingerprint(Some(GuildId(5))).starts_with("guild:5:"));
        assert_eq!(
            registration_fingerprint(None),
            registration_fingerprint(None)
        );
    }
}
