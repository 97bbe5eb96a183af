# The offline console's own texts that a member would see in Discord (src/console.rs): the
# command list, the form checks Discord makes, and the language switch.

console-help-intro = Commands are typed as in Discord, options as name:value (Manage Server ones need :mod on):
console-help-moderator = (⚑ needs Manage Server)
console-locale-now = Answers are in English now.
console-field-required = “{ $field }” must be filled in.
console-field-too-long = “{ $field }” takes at most { $max } characters.
console-field-too-short = “{ $field }” needs at least { $min } characters.
console-not-a-line = Type a command like /about, or :help for the session lines. (“{ $line }” is neither.)
console-only-you = only you can see this
console-opens-a-form = opens a form
console-required = required
console-optional = optional
console-several-lines = several lines
console-example = e.g.
console-closed = closed
console-message-edited = message edited
console-cannot-read = I couldn't read “{ $text }”: write options as name:value, like topic:helicopter.
console-no-button = No message here has a button “{ $label }”.
console-no-form = No form is open: run a command that opens one first.
console-form-closed = The form is closed; nothing was sent.
console-fill-lines = One `field: value` per line; a blank line sends the form.
console-fill-start = Start with a field's name, like `source: https://…`.
console-no-such-field = The form has no field “{ $field }”. Its fields: { $fields }.
