# `/settings` (settings.rs) and the settings card of `/settings show`.

settings-in-a-server = Settings belong to a server: use this command in one.
settings-language-fixed = Saved. I answer everyone here in English now.
settings-language-auto = Saved. I answer each member in their own Discord language now (Korean or English).
settings-language-label = Language
settings-language-show-auto = Each member's Discord language (`/settings language`)
settings-language-show-en = English, for everyone
settings-language-show-ko = Korean, for everyone
settings-saved = Saved.
settings-card-title = Server settings
settings-drama-label = Drama
settings-spoilers-label = Spoilers
settings-reviewers-label = Reviewers
settings-all-dramas = All loaded dramas
settings-drama-gone = { $drama } (no longer loaded)
settings-nothing-watched = Nothing watched yet: everything tied to an episode is guarded.
settings-watched-up-to = Watched up to episode { $episode }: later episodes are guarded.
settings-mode-hide = Guarded items are left out.
settings-mode-blur = Guarded items are shown behind spoiler bars.
settings-reviewers-role = Manage Server, and members with <@&{ $role }>.
settings-reviewers-none = Manage Server (a role can be added with `/settings reviewer`).
settings-episode-too-far = `episode` can be at most { $most }: no drama of this server has more episodes.
settings-no-such-drama = I have no drama called “{ $drama }”. Loaded: { $loaded }, or `all`.
settings-reviewer-saved = Saved. Members with <@&{ $role }> may now review submissions with `/review next`, as may anyone with Manage Server.
settings-reviewer-cleared = Saved. Only members with Manage Server may review submissions now.
# A channel option naming a channel the bot cannot see, refused by the gateway edge before the
# command runs (src/discord.rs).
settings-channel-unseen = I can't see <#{ $channel }>. Give me View Channel, Send Messages and Embed Links there, or pick another channel. Nothing was changed.
