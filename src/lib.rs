//! dramabot: a Discord bot for drama fan communities.
//!
//! This crate is the binary and its edges: the Discord gateway, the HTTP interactions endpoint, the
//! offline console, the scheduler task that sends timed messages, and the configuration. Everything
//! the bot knows and decides lives in `dramabot-core`, which knows neither Discord nor a runtime;
//! its modules are re-exported here so that an edge names them as `crate::router`, `crate::store`.

pub mod attachments;
pub mod config;
pub mod console;
pub mod discord;
pub mod http_endpoint;
pub mod identify_gate;
pub mod posting;
pub mod render;
pub mod scheduler;

pub use dramabot_core::{
    Error, Result, about, args, cast, commands, due, error, exchange, facts, i18n, ids, model,
    names, pack, quotes, rate_limit, reply, router, seasons, settings, spoilers, startup, store,
    text, trivia, trivia_lists,
};
