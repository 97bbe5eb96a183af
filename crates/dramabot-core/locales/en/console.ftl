# The offline console's own texts that a member would see in Discord (src/console.rs): the
# command list, the form checks Discord makes, and the language switch.

console-help-intro = Commands are typed as in Discord, options as name:value (Manage Server ones need :mod on):
console-help-moderator = (⚑ needs Manage Server)
console-locale-now = Answers are in English now.
console-field-required = “{ $field }” must be filled in.
console-field-too-long = “{ $field }” takes at most { $max } characters.
console-field-too-short = “{ $field }” needs at least { $min } characters.
console-not-a-line = Type a command like /about, or :help for the session lines. (“{ $line }” is neither.)
