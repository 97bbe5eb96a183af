//! The gateway edge: serenity's client, translating interactions to and from the router.
//!
//! Only bytes move here. Each interaction becomes an [`Invocation`], the router runs on a blocking
//! thread (SQLite must not stall the runtime), and its [`Response`] goes back through
//! `render::interaction_response`, the same function the console's `--json` output uses.

use std::sync::Arc;

use jiff::Timestamp;
use serenity::all::{
    Client, Command, CommandDataOption, CommandDataOptionValue, CommandInteraction, Context,
    EventHandler, GatewayIntents, Interaction, Member, Ready,
};
use serenity::async_trait;

use crate::config::{Config, Secret};
use crate::ids::{ChannelId, GuildId, MessageId, UserId};
use crate::render;
use crate::reply::Response;
use crate::router::{self, Action, App, Invocation, Value};

/// Connects to Discord and serves until SIGINT or SIGTERM.
pub async fn run(config: Config, token: Secret, app: App) -> anyhow::Result<()> {
    let handler = Handler {
        app: Arc::new(app),
        dev_guild: config.dev_guild_id,
    };
    // Slash commands need no privileged intent; GUILDS keeps the cache of servers and channels.
    let mut client = Client::builder(token.expose(), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        shards.shutdown_all().await;
    });
    client.start_autosharded().await?;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(
            tokio::signal::unix::SignalKind::terminate(),
        ) {
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
    dev_guild: Option<GuildId>,
}

fn is_moderator(member: Option<&Member>) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild())
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
            CommandDataOptionValue::Autocomplete { value, .. } => {
                out.focused = Some((option.name.clone(), value.clone()));
                continue;
            }
            // Kinds the table never declares: leave them to the router's "no such option".
            _ => Value::String(String::new()),
        };
        out.options.push((option.name.clone(), value));
    }
    out
}

fn command_invocation(cmd: &CommandInteraction, autocomplete: bool) -> Invocation {
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
        guild: cmd.guild_id.map(|g| GuildId(g.get())),
        channel: ChannelId(cmd.channel_id.get()),
        user: UserId(cmd.user.id.get()),
        user_name: cmd.user.name.clone(),
        locale: cmd.locale.clone(),
        is_moderator: is_moderator(cmd.member.as_deref()),
        now: Timestamp::now(),
        action,
    }
}

impl Handler {
    async fn route(&self, inv: Invocation) -> Response {
        let app = self.app.clone();
        let fallback_is_autocomplete = matches!(inv.action, Action::Autocomplete { .. });
        match tokio::task::spawn_blocking(move || router::handle(&app, &inv, &mut rand::rng()))
            .await
        {
            Ok(response) => response,
            Err(e) => {
                tracing::error!(error = %e, "the router task failed");
                if fallback_is_autocomplete {
                    Response::Autocomplete(Vec::new())
                } else {
                    Response::Message(crate::reply::Reply::private(crate::error::INTERNAL_ERROR))
                }
            }
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        let commands = render::commands();
        let registered = match self.dev_guild {
            Some(guild) => serenity::all::GuildId::new(guild.0)
                .set_commands(&ctx.http, commands)
                .await
                .map(|c| c.len()),
            None => Command::set_global_commands(&ctx.http, commands)
                .await
                .map(|c| c.len()),
        };
        match registered {
            Ok(count) => {
                tracing::info!(count, dev_guild = ?self.dev_guild.map(|g| g.0), "commands registered")
            }
            Err(e) => tracing::error!(error = %e, "command registration failed"),
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => {
                let response = self.route(command_invocation(&cmd, false)).await;
                if let Err(e) = cmd
                    .create_response(&ctx.http, render::interaction_response(&response))
                    .await
                {
                    tracing::error!(command = %cmd.data.name, guild = ?cmd.guild_id, user = %cmd.user.id, error = %e, "could not answer");
                }
            }
            Interaction::Autocomplete(cmd) => {
                let response = self.route(command_invocation(&cmd, true)).await;
                if let Err(e) = cmd
                    .create_response(&ctx.http, render::interaction_response(&response))
                    .await
                {
                    tracing::warn!(command = %cmd.data.name, error = %e, "could not send suggestions");
                }
            }
            Interaction::Component(press) => {
                let inv = Invocation {
                    guild: press.guild_id.map(|g| GuildId(g.get())),
                    channel: ChannelId(press.channel_id.get()),
                    user: UserId(press.user.id.get()),
                    user_name: press.user.name.clone(),
                    locale: press.locale.clone(),
                    is_moderator: is_moderator(press.member.as_ref()),
                    now: Timestamp::now(),
                    action: Action::Button {
                        custom_id: press.data.custom_id.clone(),
                        message: MessageId(press.message.id.get()),
                    },
                };
                let response = self.route(inv).await;
                if let Err(e) = press
                    .create_response(&ctx.http, render::interaction_response(&response))
                    .await
                {
                    tracing::error!(guild = ?press.guild_id, user = %press.user.id, error = %e, "could not answer a button");
                }
            }
            _ => {}
        }
    }
}
