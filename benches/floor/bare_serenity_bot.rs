//! A bare serenity bot: the floor `benches/load.rs` measures `dramabot run` against.
//!
//! It connects the way `dramabot run` does (the same serenity build and features, the GUILDS
//! intent, the token from `DISCORD_TOKEN`, and `DRAMABOT_DISCORD_API_BASE_URL` as a REST proxy with
//! serenity's own rate limiter off, as `discord::http_client` does) and answers every interaction
//! at once with "pong" (callback type 4). It does nothing else: whatever dramabot spends beyond
//! this bot's latency at the same offered rate is dramabot's own work, not serenity's.

use serenity::all::{
    Client, ClientBuilder, Context, CreateAllowedMentions, CreateInteractionResponse,
    CreateInteractionResponseMessage, EventHandler, GatewayIntents, HttpBuilder, Interaction,
};
use serenity::async_trait;

struct Pong;

#[async_trait]
impl EventHandler for Pong {
    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        // Pinging nobody is the rule for every message dramabot sends; it costs the floor nothing.
        let pong = CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .content("pong")
                .allowed_mentions(CreateAllowedMentions::new()),
        );
        if let Err(e) = ctx
            .http
            .create_interaction_response(interaction.id(), interaction.token(), &pong, Vec::new())
            .await
        {
            tracing::warn!(id = interaction.id().get(), error = %e, "could not answer");
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let token = std::env::var("DISCORD_TOKEN")
        .map_err(|_| anyhow::anyhow!("set DISCORD_TOKEN to the bot's token"))?;
    let intents = GatewayIntents::GUILDS;
    let builder = match std::env::var("DRAMABOT_DISCORD_API_BASE_URL") {
        // Serenity only honours a proxy with its own rate limiter off.
        Ok(base) => ClientBuilder::new_with_http(
            HttpBuilder::new(&token)
                .proxy(base)
                .ratelimiter_disabled(true)
                .build(),
            intents,
        ),
        Err(_) => Client::builder(&token, intents),
    };
    let mut client = builder.event_handler(Pong).await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        dramabot::discord::shutdown_signal().await;
        shards.shutdown_all().await;
    });
    client.start_autosharded().await?;
    Ok(())
}
