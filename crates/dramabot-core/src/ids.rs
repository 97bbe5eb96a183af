//! Newtypes for Discord's ids, so a channel id is never passed where a server id belongs.
//!
//! Discord's snowflakes are unsigned 64-bit numbers; SQLite and PostgreSQL store signed ones. The store keeps the
//! same 64 bits (`as` reinterprets, it never loses a bit), so every id round-trips exactly.

use crate::store::db::{FromSql, ToSql, Value, ValueRef};

macro_rules! snowflake {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u64);

        impl ToSql for $name {
            fn to_sql(&self) -> Value<'_> {
                Value::Integer(self.0 as i64)
            }
        }

        impl FromSql for $name {
            fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
                i64::from_sql(value).map(|v| $name(v as u64))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

snowflake!(
    /// A Discord server ("guild").
    GuildId
);
snowflake!(
    /// A Discord channel.
    ChannelId
);
snowflake!(
    /// A Discord user.
    UserId
);
snowflake!(
    /// A Discord message.
    MessageId
);
snowflake!(
    /// A Discord role.
    RoleId
);

/// How every log line names a server: its id as a plain number, and `0` in direct messages
/// (Discord never gives a server the id 0), so a log search for `guild=123` finds every line.
pub fn log_guild(guild: Option<GuildId>) -> u64 {
    guild.map_or(0, |g| g.0)
}
