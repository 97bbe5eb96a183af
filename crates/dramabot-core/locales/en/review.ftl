# `/review` and its card (review.rs).

review-in-a-server = Reviews belong to a server: use this command in one.
review-not-reviewer = Only members with **Manage Server** or this server's reviewer role can review submissions.
review-age-days = { $count } d ago
review-age-hours = { $count } h ago
review-age-minutes = { $count } min ago
review-no-source-from-list = none yet — add one with Edit (imported from `{ $list }`)
review-no-source = none yet — add one with Edit
review-title = Submission #{ $id } · { $kind }
review-answer = Answer
review-wrong = Wrong choices
review-accept = Other accepted spellings
review-category = Category · difficulty
review-speaker = Speaker
review-context = Context
review-subject = Subject
review-episode = Episode
review-source = Source
review-submitted = Submitted
review-decision = Decision
review-footer-decided = Decided. Next shows the next waiting item.
review-footer-source-needed = It needs a source before it can be approved: add one with Edit.
review-footer-held = Held for you for 15 minutes.
review-approve = Approve
review-reject = Reject
review-edit = Edit
review-skip = Skip
review-next = Next
review-nothing-waiting = Nothing is waiting for review. Items another reviewer holds come back if they leave them.
review-only-one = This is the only item waiting.
review-queue-title = Review queue
review-queue-empty = Nothing is waiting for review.
review-queue-waiting = { $count ->
        [one] 1 item waits for review. Review it with `/review next`.
       *[other] { $count } items wait for review. Review them with `/review next`.
    }
review-queue-none = none waiting
review-queue-count = { $count } waiting · oldest { $age }
review-queue-questions = Questions
review-queue-quotes = Quotes
review-queue-facts = Facts
review-stale = That no longer works. Run `/review next` again.
review-already-rejected = #{ $id } was already rejected by { $by } ({ $when }).
review-already-approved = #{ $id } was already approved by { $by } ({ $when }).
review-reason-label = Why (the member who sent it reads this)
review-reject-title = Reject #{ $id }
review-edit-title = Edit #{ $id }
review-no-source-yet = #{ $id } cannot be approved: it has no source yet, and everything the bot says is cited. Add one with Edit.
review-fails-checks = #{ $id } no longer passes the pack checks: { $problem }. Fix it with Edit.
review-approved = ✅ Approved by { $by }: in play in this server now, as `{ $item }`.
review-cannot-edit = This item cannot be edited here.
review-give-reason = Give a reason, without control characters.
review-rejected = ❌ Rejected by { $by }: { $reason }
review-saved = Saved your edit.
