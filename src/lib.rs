//! dramabot: a Discord bot for drama fan communities.
//!
//! The core (packs, store, features) knows nothing of Discord; the edges (`discord`, `console`) move
//! bytes to and from it through the one [`router`]. `README.md` says how to run it; the shape of the
//! code follows the project's design notes: a core of plain functions, thin edges, one `Store`.

pub mod about;
pub mod cast;
pub mod commands;
pub mod config;
pub mod console;
pub mod discord;
pub mod error;
pub mod facts;
pub mod http_endpoint;
pub mod ids;
pub mod names;
pub mod pack;
pub mod posting;
pub mod quotes;
pub mod render;
pub mod reply;
pub mod router;
pub mod settings;
pub mod spoilers;
pub mod startup;
pub mod store;
pub mod text;
pub mod trivia;

pub use error::{Error, Result};
