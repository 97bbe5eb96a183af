//! The server, instant and moderator's invocation the router benchmarks build their interactions
//! from. Shared by the benchmarks through `#[path]`.

use dramabot_core::ids::{ChannelId, GuildId, UserId};
use dramabot_core::router::{Action, Invocation};
use jiff::Timestamp;

/// The one server the benchmarks play in.
pub const GUILD: GuildId = GuildId(1);

/// The instant every benchmarked interaction happens at.
pub fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("a time")
}

/// `action` by member `user` (with Manage Server) in `channel` of [`GUILD`], at [`now`].
pub fn invocation(user: u64, channel: u64, action: Action) -> Invocation {
    Invocation {
        id: 0,
        guild: Some(GUILD),
        channel: ChannelId(channel),
        user: UserId(user),
        user_name: format!("member{user}"),
        locale: "en-US".into(),
        is_moderator: true,
        roles: Vec::new(),
        now: now(),
        action,
    }
}
