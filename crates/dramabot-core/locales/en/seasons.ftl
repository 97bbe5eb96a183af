# The server's time zone, trivia seasons and the season's reward role (seasons.rs).

seasons-in-a-server = Settings belong to a server: use this command in one.
seasons-zone-name-needed = Use a time zone name such as Asia/Seoul.
seasons-zone-set = Saved. This server's time zone is now **{ $zone }**: the daily quote and trivia seasons follow it.
seasons-zone-label = Time zone
seasons-label = Trivia seasons
seasons-reward-label = Season reward
seasons-last-season-label = Last season
seasons-season-label = Season
seasons-are-off = Seasons are off in this server: a moderator can turn them on with `/settings seasons`.
seasons-is-a-servers = A season belongs to one server: use `period:season` with `scope:server`.
seasons-pick-a-channel = Pick the channel the final standings go to: `/settings seasons length:week channel:#channel`.
seasons-length-week = weekly (each ends Monday 00:00)
seasons-length-month = monthly (each ends on the 1st at 00:00)
seasons-length-off = off
seasons-on = Saved. Trivia seasons are { $how }, in this server's time zone; the final standings go to <#{ $channel }>. This season ends { $at }.
seasons-off-now = Saved. Trivia seasons are off; the leaderboard counts every answer as before.
seasons-state = { $how }, posted in { $channel }; this season ends <t:{ $end }:f>.
seasons-not-everyone = @everyone cannot be a reward: every member already has it. Pick a role of its own.
seasons-reward-saved = Saved. Each season's winner gets <@&{ $role }>, and the last winner gives it up. I am checking that I can give it (I need Manage Roles, and my highest role above it), and will tell you here.
seasons-reward-seasons-off = Seasons are off for now: turn them on with `/settings seasons`.
seasons-reward-cleared = Saved. Seasons give no role now.
seasons-no-reward = None (`/settings rewards role:` gives the winner a role).
seasons-reward-ready = <@&{ $role }>: the bot can give it.
seasons-reward-unchecked = <@&{ $role }>: not checked yet.
seasons-reward-blocked = The bot cannot give <@&{ $role }>: { $problem }. A moderator can fix it; `/settings show` tells when it works.
seasons-check-ok = Checked: I can give <@&{ $role }> to each season's winner.
seasons-check-blocked = Saved, but I cannot give <@&{ $role }> now: { $problem }. Fix it before the season ends, then set the role again with `/settings rewards` to check; `/settings show` tells what the last check found.
seasons-check-failed = Saved, but I could not check whether I can give <@&{ $role }>: { $problem }. I check again before giving it at the season's end.
seasons-post-title = Trivia season over: final standings
seasons-card-title = Season final standings
seasons-dates = Season of { $first } to { $last }
seasons-winner = **{ $name }** wins the season!
# The winner as the season's standings card writes it (no Markdown).
seasons-card-winner = { $name } wins the season!
# The top of the season is tied on points: who wins the tie, and why (the leaderboard's order).
seasons-tie-correct = Tied on points with { $others }: { $name } wins on more right answers.
seasons-tie-first = Tied on points and right answers with { $others }: { $name } wins, as the longest-standing Discord account.
seasons-winner-gets = **{ $name }** wins the season and gets <@&{ $role }>!
seasons-last-sent = posted
seasons-last-posting = being posted
seasons-last-empty = nobody scored, nothing posted
seasons-last-failed = the post failed: { $error }
seasons-see-the-log = see the log
seasons-reward-failed = ; the reward role was not given: { $error }
seasons-reward-done = ; the reward role was given
seasons-last-season = Ended { $date }: { $post }{ $reward }
