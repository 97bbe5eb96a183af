# What a member sees when something failed (error.rs).

error-not-moderator = Only members with the **Manage Server** permission can do that.
error-internal = Something went wrong on my side. The moderators can find the details in the bot's log.
error-misconfigured = The bot is misconfigured. The moderators can find the details in the bot's log.
error-unavailable = I can't reach my database just now. Please try again in a minute.
# Other processes of the bot kept changing the same thing first (error.rs, `Busy`).
error-busy = That is changing right now. Please try again in a moment.
# A form (modal) was ready only after the interaction had to be deferred: Discord opens a form only
# as the first answer (the edges, discord.rs).
error-late-form = Opening the form took too long. Please run the command again.
