# Why a post or a role change failed, as moderators read it in `/qotd status` and `/settings show`
# (posting.rs, the daily post, seasons). Stored by id and read in the reader's language.

reason-role-gone = the role no longer exists: pick another with /settings rewards
reason-role-everyone = @everyone cannot be given: pick another role with /settings rewards
reason-role-managed = an integration manages that role, so no one can give it: pick another with /settings rewards
reason-no-manage-roles = the bot lacks the Manage Roles permission
reason-role-too-high = the bot's highest role is not above the reward role: move the bot's role higher in Server Settings > Roles
reason-role-refused = Discord refused the bot: check its Manage Roles permission and role order
reason-roles-unreadable = Discord could not be asked about the server's roles
reason-winner-left = the winner is no longer a member of the server
reason-role-not-changed = Discord did not make the change (see the log)
reason-no-roles-here = this bot cannot change roles here
reason-no-access = the bot may not post in that channel: give it View Channel, Send Messages and Embed Links there
reason-channel-gone-daily = the channel no longer exists: pick another with /qotd channel
reason-channel-gone-season = the channel no longer exists: pick another with /settings seasons
reason-slow-down-daily = Discord asked the bot to slow down; the bot will try again tomorrow
reason-slow-down-season = Discord asked the bot to slow down; these standings are not posted again, the next season's go out as usual
reason-discord-down-daily = Discord had a problem of its own; the bot will try again tomorrow
reason-discord-down-season = Discord had a problem of its own; these standings are not posted again, the next season's go out as usual
reason-unreachable-daily = Discord could not be reached; the bot will try again tomorrow
reason-unreachable-season = Discord could not be reached; these standings are not posted again, the next season's go out as usual
reason-post-refused = Discord refused the post; the moderators can find the details in the bot's log
reason-stopped-daily = the bot stopped while sending this post; the next day's goes out as usual
reason-stopped-season = the bot stopped while sending this post
