# The router's own answers: commands, options and buttons it cannot take (router.rs).

router-no-timed-messages = This bot cannot post in channels on its own right now (it runs without its bot token): tell the bot's operator.
router-old-button = That button no longer works: its message is too old. Run the command again.
router-old-form = That form can no longer be sent. Run the command again.
router-needs-subcommand = `/{ $command }` needs one of: { $subcommands }.
router-no-subcommand = `/{ $command }` has no `{ $subcommand }`. Try one of: { $subcommands }.
router-unknown-command = I don't know `/{ $command }`. My commands: { $commands }.
router-no-options = `{ $command }` takes no options.
router-no-such-option = `{ $command }` has no option `{ $option }`. Its options: { $options }.
router-option-twice = `{ $option }` is given twice.
router-option-missing = `{ $command }` needs `{ $option }`: { $description }.
router-not-a-number = `{ $option }` must be a whole number, not `{ $value }`.
router-too-long = `{ $option }` can be at most { $max } characters long.
router-not-a-boolean = `{ $option }` must be true or false.
router-file-too-big = `{ $option }`: the file is { $size } KiB; at most { $max } KiB is read.
router-wrong-kind = `{ $option }` got a value of the wrong kind.
router-out-of-range = `{ $option }` must be between { $min } and { $max }.
router-not-a-choice = `{ $option }` must be one of: { $choices }.
# A file attached to a command that the edge could not fetch from Discord (attachments.rs); nothing ran.
router-file-not-fetched-too-large = `{ $file }` is too large: at most { $max } KiB is read. Nothing was changed.
router-file-not-fetched = I could not fetch `{ $file }` from Discord. Please try again. Nothing was changed.
