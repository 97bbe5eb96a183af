//! dramabot's core: everything the bot knows and decides, with no Discord library and no async
//! runtime.
//!
//! Model types and the one [`store::Store`], the fact packs, name matching, the features (cast,
//! quotes, trivia, facts, settings, community content), the command table and the [`router`]. A feature is a plain
//! function of (environment, caller, typed arguments, now, rng) returning a reply and the effects it
//! asks for; the edges in the `dramabot` crate (gateway, HTTP interactions, console, the scheduler
//! task) move bytes and apply those effects. Keeping this a separate crate lets the compiler, not
//! habit, hold that boundary: CI fails if serenity, tokio or axum ever shows up under it.

pub mod about;
pub mod args;
pub mod card;
pub mod cast;
pub mod commands;
pub mod content;
pub mod due;
pub mod error;
pub mod exchange;
pub mod fact_index;
pub mod facts;
pub mod i18n;
pub mod ids;
pub mod model;
pub mod names;
pub mod pack;
pub mod quotes;
pub mod rate_limit;
pub mod reply;
pub mod review;
pub mod router;
pub mod seasons;
pub mod server_cache;
pub mod settings;
pub mod spoilers;
pub mod startup;
pub mod store;
pub mod submit;
pub mod text;
pub mod trivia;
pub mod trivia_lists;

pub use error::{Error, Result};
