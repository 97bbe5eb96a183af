# `/submit` and its forms (submit.rs).

submit-in-a-server = Submissions belong to a server's review queue: use this command in one.
submit-choose-drama = Choose the drama with `drama`.
submit-no-drama = I have no drama called “{ $drama }”.
submit-nobody = I know nobody called “{ $name }” in { $drama }. Pick a name from the suggestions.
submit-id-too-long = That drama's id is too long for a form; tell the bot's operator.
submit-source-label = Source
submit-source-placeholder = https://… or Outlet | Title | 2025-01-29
submit-wrong-label = Wrong choices: 3, one per line (or none)
submit-wrong-placeholder =
    First wrong choice
    Second
    Third
submit-accept-label = Other accepted spellings (one per line)
submit-question-title = Submit a question · { $drama }
submit-question-label = Question
submit-answer-label = Answer
submit-context-label = Context (to whom, in which scene)
submit-context-placeholder = Baek Kang-hyuk to Yang Jae-won, after the first surgery
submit-quote-title = Submit a quote · { $speaker }
submit-quote-text-label = The words, exactly as said
submit-fact-title = Submit a fact · { $drama }
submit-fact-text-label = The fact, in your own words
submit-field-question = Question
submit-field-answer = Answer
submit-field-wrong = Wrong choices
submit-field-accept = Other accepted spellings
submit-field-text = Text
submit-field-context = Context
submit-field-source = Source
submit-field-episode = episode
submit-field-speaker = speaker
submit-field-subject = subject
submit-field-drama = drama
submit-bad-source = Source: give a web address starting with https:// (or http://), or `Outlet | Title | 2025-01-29`.
submit-gone = That person is no longer in my packs. Run the command again.
submit-not-submitted = Not submitted. Please fix:
submit-control-character = { $field }: contains a control character.
submit-already-in-pack = That is already in my packs: “{ $text }”
submit-already-in-bank = That is already in this server's own list: “{ $text }”
submit-too-many = You already have { $max } submissions waiting for review. Please wait until some are reviewed.
submit-duplicate = The same { $kind } was already submitted as #{ $id } ({ $state }).
submit-thanks = Thank you! Your { $kind } is #{ $id }, waiting for a moderator's review. See `/submit mine` for its state.
submit-none-yet = You have not submitted anything in this server yet. Try `/submit question`, `/submit quote` or `/submit fact`.
submit-mine-title = Your submissions
submit-mine-page = Page { $page } of { $pages } · { $total } in all
submit-mine-page-next = Page { $page } of { $pages } · { $total } in all · /submit mine page:{ $next }
submission-pending = ⏳ pending
submission-source-needed = 📎 source needed
submission-approved = ✅ approved
submission-rejected = ❌ rejected: { $reason }
submission-kind-question = question
submission-kind-quote = quote
submission-kind-fact = fact
