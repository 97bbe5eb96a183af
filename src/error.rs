//! The library's one error type.
//!
//! Every variant carries a short message that may be shown to a Discord member as it is; the detail
//! (SQL errors, file paths, pack problems) stays in the `Display` text for the log. Nothing here ever
//! holds the bot token.

use crate::pack::Problem;

/// What can go wrong in dramabot's core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed: a bug, a full disk or a locked file.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    /// The database was written by a newer dramabot than this one.
    #[error("the database schema is version {found}, newer than this dramabot knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },

    /// One or more fact packs are invalid; nothing was imported.
    #[error("{} problem(s) in the fact packs:\n{}", .0.len(), Problem::list(.0))]
    InvalidPacks(Vec<Problem>),

    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },

    /// The configuration is invalid; the message names the key.
    #[error("configuration: {0}")]
    Config(String),

    /// A member gave an option that does not make sense; the text is for them.
    #[error("{0}")]
    BadInput(String),

    /// A member asked for something only moderators may do.
    #[error("this command needs the Manage Server permission")]
    NotModerator,
}

impl Error {
    /// A short text that can be shown to a Discord member. It never contains internals.
    pub fn user_message(&self) -> String {
        match self {
            Error::BadInput(text) => text.clone(),
            Error::NotModerator => {
                "Only members with the **Manage Server** permission can do that.".to_string()
            }
            Error::Database(_) | Error::SchemaTooNew { .. } | Error::Io { .. } => {
                INTERNAL_ERROR.to_string()
            }
            Error::InvalidPacks(_) | Error::Config(_) => {
                "The bot is misconfigured. The moderators can find the details in the bot's log."
                    .to_string()
            }
        }
    }
}

/// What a member sees when something failed inside the bot.
pub const INTERNAL_ERROR: &str =
    "Something went wrong on my side. The moderators can find the details in the bot's log.";

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
