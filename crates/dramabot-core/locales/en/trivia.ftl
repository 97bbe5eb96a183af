# Trivia games (trivia/mod.rs, game.rs, hint.rs, modes.rs). A game's channel messages (its
# questions, answers, standings) are in the game's language: the server's `/settings language`,
# else the starter's locale when the game began. Private answers are in the member's locale.

trivia-in-a-server = Trivia is played in a server: use this command in one.
trivia-not-my-button = That button is not one of mine.
trivia-difficulty = { $level ->
        [1] ★☆☆ easy
        [2] ★★☆ medium
       *[3] ★★★ hard
    }
trivia-category = { $category }

## /trivia start

trivia-teams-only = `teams` goes with `mode:teams` only.
trivia-no-drama = I have no drama called “{ $drama }”.
trivia-already-running-at = A game is already running in this channel (question { $number } of { $total }): answer it, or stop it with `/trivia stop`.
trivia-no-questions = No questions fit those choices. Try another category or difficulty.
trivia-already-running = A game is already running in this channel.
trivia-start = **Trivia!** { $count } { $count ->
        [one] question
       *[other] questions
    }, { $seconds } seconds each. Press a button to answer: you get one try per question{ $typed ->
        [yes] { " " }(or type it with `/trivia answer`)
       *[no] { "" }
    }.
trivia-start-next = First question coming up…
trivia-start-next-teams = The first question comes when the teams close.
trivia-start-typed-questions = Questions without buttons are answered with `/trivia answer`.
trivia-start-only = (Only { $count } questions fit those choices.)
trivia-start-teams = **Teams!** Press a button to join one of { $teams } teams within { $seconds } seconds; a team scores its members' points.
trivia-start-elimination = **Elimination!** { $lives } lives each: a wrong or missed answer costs one. The last one standing wins.
trivia-start-sudden-death = **Sudden death!** Your first wrong answer ends your game.
trivia-team-name = { $team ->
        [0] Team Red
        [1] Team Blue
        [2] Team Green
        [3] Team Yellow
       *[other] Team ?
    }

## Questions

trivia-question-title = Question { $number } of { $total }
trivia-type-it = ✍️ Type your answer with `/trivia answer`.
trivia-closes = Closes { $when }
trivia-closed-title = Question { $number } of { $total }: closed
trivia-nobody-answered = Nobody answered.
trivia-nobody-had-it = Nobody had it.
trivia-who-had-it = Who had it
trivia-why = Why
trivia-source = Source: { $source }
trivia-someone = someone

## Answers

trivia-locked = Locked in: { $pick }.
trivia-changed-typed = Changed your answer to { $answer }.
trivia-already-answered = You already answered this question; your first answer stands.
trivia-changed = Changed from { $from } to { $to }.
trivia-already-locked = You already locked in { $pick }; your first answer stands.
trivia-closed = That question is closed.
trivia-unreadable = That is not an answer I can read.
trivia-no-game = No game is running in this channel. Start one with `/trivia start`.
trivia-typed-off = Typed answers are off in this server: press a button.

## /trivia stop and the standings

trivia-no-game-to-stop = No game is running in this channel.
trivia-stop-not-yours = Only the member who started this game, or a moderator, can stop it.
trivia-title-final = Final standings
trivia-title-stopped = Game stopped: final standings
trivia-title-abandoned = Game over: nobody answered three questions in a row
trivia-asked = { $asked } of { $total } questions asked
trivia-nobody-scored = Nobody scored.
trivia-card-subtitle = { $mode ->
        [teams] Trivia · teams, then members
        [elimination] Trivia · elimination
        [sudden-death] Trivia · sudden death
       *[classic] Trivia
    }
trivia-standing = { $rank }. **{ $name }**: { $points } points ({ $correct } right)
trivia-right = { $correct } right
trivia-points-short = { $points } pts
trivia-members = { $count } { $count ->
        [one] member
       *[other] members
    }
trivia-team-standing = **{ $rank }. { $team }**: { $points } points ({ $members })

## Modes

trivia-refusal-no-team = You are not on a team in this game: teams were picked before the first question. Join the next one!
trivia-refusal-out = You are out of this game: no more answers this time. Watch who is left standing!
trivia-refusal-too-late = This game began without you: members entered with the first question. Join the next one!
trivia-join-joined = You joined { $team }. The first question comes when the teams close.
trivia-join-already = You are already on { $team }: a member plays for one team a game.
trivia-join-closed = The teams are closed: this game has begun or is over. Join the next one!
trivia-lineup-title = **The teams are set!**
trivia-lineup-nobody = (nobody)
trivia-nobody-joined = Nobody joined a team, so this game is off.
trivia-lives-field = Lives
trivia-lives-still-in = still in
trivia-lives-left = { $lives ->
        [one] 1 life
       *[other] { $lives } lives
    }
trivia-lives-out-on = out on Q{ $number }
trivia-lives-out = Out: { $names }
trivia-winner = 🏆 **{ $name }** is the last one standing!
trivia-winner-nobody = Nobody is left standing.
# The winner line as the standings card writes it (no Markdown, no emoji: the card draws text).
trivia-card-winner = { $name } is the last one standing!
# A game with lives that ended (its questions ran out, or it was stopped) with several still in.
trivia-still-standing = Still standing at the end: { $names }
# The heading between a teams game's team ranking and its member ranking.
trivia-members-heading = Members

## Hints

trivia-hint-button = Hint
trivia-hint-no-question = No question is open in this channel: hints are for a running game's question.
trivia-hint-closed = That question is closed: hints are only for the open question.
trivia-hint-given-already = That hint was given already: look at the question.
trivia-hint-nothing-left = There is nothing left to reveal: another hint would give the answer away.
trivia-hint-not-a-player = Only the game's starter, or a member who has answered in this game, can ask for a hint.
trivia-hint-voted-already = You already voted for this hint ({ $votes } of { $needed } votes).
trivia-hint-vote = 🗳️ **{ $voter }** votes for a hint on question { $number }: { $votes } of { $needed } votes. Players of this game, press **Hint** to vote too (a right answer after a hint scores half).
trivia-hint-given = 💡 **Hint { $n }** for question { $number } ({ $why }): { $hint }
trivia-hint-by-starter = the game's starter asked
trivia-hint-by-vote = the players voted
trivia-hint-half = A right answer now scores half.
trivia-hint-closed-field = 💡 Hints
trivia-hint-closed-note = { $hints } { $hints ->
        [one] hint
       *[other] hints
    } given: right answers after the first scored half.
trivia-hint-field = 💡 Hint { $n }

## /trivia leaderboard and /trivia stats

trivia-scope = { $scope ->
        [global] every server
       *[server] this server
    }
trivia-period = { $period ->
        [week] this week
        [month] this month
        [season] this season
       *[all] all time
    }
trivia-leaderboard-title = Trivia leaderboard: { $scope }, { $period }
trivia-leaderboard-card = Trivia leaderboard
trivia-leaderboard-subtitle = { $scope }, { $period }
trivia-ranked = { $rank }. **{ $name }**: { $points } points ({ $correct } of { $answers } right)
trivia-ranked-detail = { $correct } of { $answers } right
trivia-nobody-yet = Nobody has scored yet. `/trivia start`!
trivia-stats-that-member = That member
trivia-stats-title = Trivia: { $name }
trivia-stats-card = Trivia stats
trivia-stats-games = Games
trivia-stats-answers = Answers
trivia-stats-answers-value = { $answers } ({ $correct } right, { $accuracy }%)
trivia-stats-best-streak = Best streak
trivia-stats-points = Points

## /settings trivia

trivia-settings-title = Trivia settings
trivia-settings-time = Time per question
trivia-settings-seconds = { $seconds } seconds
trivia-settings-changes = Members may change their answer
trivia-settings-typed = Typed answers (`/trivia answer`)
trivia-yes = yes
trivia-no = no
