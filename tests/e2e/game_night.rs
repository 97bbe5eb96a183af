//! Game night from outside (issue 13): a teams game and a sudden-death game played through the
//! gateway on their own small pack, Korean members' replies, and the bad input of the issue (a
//! hint on a closed question, a hint vote from a member not in the game, joining two teams,
//! `rounds:` out of range with a mode, names of 200 characters or all emoji on the standings card).
//!
//! Every standings card a test receives is written to the temporary folder (`standings-*.png`,
//! see [`standings_card`]), so it can be looked at as a member would.

use super::*;

/// A name of 200 characters (Hangul and Latin), as a Discord name never is but a stored one may be.
fn long_name() -> String {
    "가나다라Abcdefgh".repeat(17).chars().take(200).collect()
}

/// A name with nothing the card's font draws.
const EMOJI_NAME: &str = "🎉🔥💜🐯";
/// A Hangul name.
const HANGUL_NAME: &str = "윤세리";

/// `payload` as `user` sends it, whose Discord name is `name` and whose Discord is in `locale`.
fn sent_by(mut payload: Value, user: &str, name: &str, locale: &str) -> Value {
    payload["member"] = member(MEMBER, user);
    payload["member"]["user"]["username"] = json!(name);
    payload["locale"] = json!(locale);
    payload
}

/// `/trivia start` with these options.
fn trivia_start(id: u64, options: Value) -> Value {
    command(
        id,
        "trivia",
        json!([{"type": 1, "name": "start", "options": options}]),
        MEMBER,
    )
}

/// The channel's edits of the bot's messages (a question closing, a hint shown).
fn channel_edit(r: &Recorded) -> bool {
    r.method == "PATCH"
        && r.path
            .starts_with(&format!("/api/v10/channels/{CHANNEL}/messages/"))
}

/// The private answer a press or a command got, checked to be private.
async fn private(fake: &FakeDiscord, id: u64) -> String {
    let body = callback(fake, id).await;
    assert_eq!(body["data"]["flags"], 64, "private: {body}");
    content(&body).to_string()
}

/// Two teams: three members join with the buttons (one a second time, refused; one in Korean),
/// the scheduler closes the window and posts the line-up, a member on no team is refused, and
/// the standings list the teams, then the members, with the card; the members' names are 200
/// characters long, all emoji and Hangul.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teams_game_through_the_gateway() {
    /// Long enough for five presses to be answered on a busy machine.
    const JOIN_SECONDS: u64 = 8;
    let fake = FakeDiscord::start(&record_path("teams")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    // The teams have JOIN_SECONDS to join (the config's `trivia.join_seconds`), not the default 30.
    let bot = pack_bot_with(
        &fake,
        dir.path(),
        &TEST_QUESTIONS[..2],
        &[("DRAMABOT_TRIVIA_JOIN_SECONDS", JOIN_SECONDS.to_string())],
    );
    fake.wait_identified(WAIT).await;
    let long = long_name();
    let players: [(&str, &str, &str); 3] = [
        ("500000000000000021", &long, "en-US"),
        ("500000000000000022", EMOJI_NAME, "en-US"),
        ("500000000000000023", HANGUL_NAME, "ko"),
    ];
    let by = |n: usize, payload: Value| {
        let (user, name, locale) = players[n];
        sent_by(payload, user, name, locale)
    };
    const STRANGER: &str = "500000000000000029";
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            9001,
            "settings",
            "trivia",
            json!([{"type": 4, "name": "seconds", "value": 15}]),
        ),
    );
    callback(&fake, 9001).await;

    // `rounds:` out of range with a mode: refused privately, in the member's language.
    let rounds = |n: i64| {
        json!([{"type": 4, "name": "rounds", "value": n},
               {"type": 3, "name": "mode", "value": "teams"}])
    };
    fake.dispatch("INTERACTION_CREATE", by(0, trivia_start(9002, rounds(31))));
    assert_eq!(
        private(&fake, 9002).await,
        "`rounds` must be between 1 and 30."
    );
    fake.dispatch("INTERACTION_CREATE", by(2, trivia_start(9003, rounds(0))));
    let korean = private(&fake, 9003).await;
    assert!(korean.contains("1에서 30 사이여야 해요"), "{korean}");

    // The start: two join buttons, and no question until the window closes.
    let options = json!([{"type": 4, "name": "rounds", "value": 2},
                         {"type": 3, "name": "mode", "value": "teams"},
                         {"type": 4, "name": "teams", "value": 2}]);
    fake.dispatch("INTERACTION_CREATE", by(0, trivia_start(9004, options)));
    let started = callback(&fake, 9004).await;
    assert!(content(&started).contains("**Teams!**"), "{started}");
    let teams: Vec<String> = answer_buttons(&started["data"]);
    assert_eq!(teams.len(), 2, "{started}");
    assert!(teams[0].starts_with("trivia-team:"), "{teams:?}");

    // Joining: the first two on Red, the Korean member on Blue; a second team is refused.
    let joins = [(9010, 0, 0), (9011, 1, 0), (9012, 2, 1)];
    for (id, player, team) in joins {
        fake.dispatch("INTERACTION_CREATE", by(player, button(id, &teams[team])));
    }
    assert!(
        private(&fake, 9010)
            .await
            .starts_with("You joined Team Red.")
    );
    assert!(
        private(&fake, 9011)
            .await
            .starts_with("You joined Team Red.")
    );
    assert!(
        private(&fake, 9012)
            .await
            .starts_with("파랑 팀에 들어갔어요.")
    );
    fake.dispatch("INTERACTION_CREATE", by(0, button(9013, &teams[1])));
    assert!(
        private(&fake, 9013)
            .await
            .starts_with("You are already on Team Red: a member plays for one team a game."),
    );
    fake.dispatch("INTERACTION_CREATE", by(2, button(9014, &teams[0])));
    assert!(
        private(&fake, 9014)
            .await
            .starts_with("이미 파랑 팀이에요.")
    );

    // The scheduler closes the window with the line-up, then question 1.
    let window = WAIT + Duration::from_secs(JOIN_SECONDS);
    let lineup = fake
        .wait_for(1, window, |r| {
            r.method == "POST"
                && r.path == format!("/api/v10/channels/{CHANNEL}/messages")
                && r.body.to_string().contains("The teams are set!")
        })
        .await
        .remove(0)
        .body;
    let text = lineup.to_string();
    assert!(
        text.contains(HANGUL_NAME) && text.contains(EMOJI_NAME),
        "{text}"
    );
    let first = fake
        .wait_for(1, window, channel_message_titled("Question 1 of 2"))
        .await
        .remove(0)
        .body;
    let mut late = button_by(9020, &teams[1], STRANGER);
    late["member"]["user"]["username"] = json!("latecomer");
    fake.dispatch("INTERACTION_CREATE", late);
    assert!(
        private(&fake, 9020)
            .await
            .starts_with("The teams are closed: this game has begun or is over.")
    );
    let mut stranger = button_by(9021, &right_and_wrong(&first).0, STRANGER);
    stranger["member"]["user"]["username"] = json!("latecomer");
    fake.dispatch("INTERACTION_CREATE", stranger);
    assert!(
        private(&fake, 9021)
            .await
            .starts_with("You are not on a team in this game")
    );

    // Both questions: Red's first member and Blue's answer right, Red's second wrong; each
    // closes as soon as every member on a team has answered.
    for (n, post) in [(0u64, Some(first)), (1, None)] {
        let post = match post {
            Some(post) => post,
            None => {
                fake.wait_for(1, WAIT, channel_message_titled("Question 2 of 2"))
                    .await
                    .remove(0)
                    .body
            }
        };
        let (right, wrong) = right_and_wrong(&post);
        for (player, pick) in [(0, &right), (1, &wrong[0]), (2, &right)] {
            let id = 9030 + n * 10 + player as u64;
            fake.dispatch("INTERACTION_CREATE", by(player, button(id, pick)));
            private(&fake, id).await;
        }
        fake.wait_for(n as usize + 1, WAIT, channel_edit).await;
    }

    let posted = fake
        .wait_for(1, WAIT, channel_message_titled("Final standings"))
        .await
        .remove(0);
    let text = posted.body["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("**1. Team "), "{text}");
    // Teams tied on points share a rank.
    assert!(
        lines[1].starts_with("**2. Team ") || lines[1].starts_with("**1. Team "),
        "{text}"
    );
    // The members' ranking under its own heading.
    assert_eq!(&lines[2..4], ["", "**Members**"], "{text}");
    assert!(
        text.contains("(2 members)") && text.contains("(1 member)"),
        "{text}"
    );
    let members: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains(". **"))
        .collect();
    assert_eq!(members.len(), 3, "{text}");
    assert!(
        text.contains(HANGUL_NAME) && text.contains(EMOJI_NAME),
        "{text}"
    );
    assert!(text.contains(&long[..60]), "{text}");
    assert_eq!(
        posted.body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    standings_card(&posted, "teams");
    assert_eq!(bot.stop(), Some(0));
}

/// Sudden death for three members, started by a fourth who does not play: a wrong answer puts a
/// member out (their answers and hint votes are refused after), a stranger cannot vote either,
/// the last one standing wins before the questions run out, and the vote button of a closed
/// question is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sudden_death_game_through_the_gateway() {
    let fake = FakeDiscord::start(&record_path("sudden-death")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = pack_bot(&fake, dir.path(), &TEST_QUESTIONS);
    fake.wait_identified(WAIT).await;
    const HOST: &str = "500000000000000030";
    const PLAYERS: [&str; 3] = [
        "500000000000000031",
        "500000000000000032",
        "500000000000000033",
    ];
    const STRANGER: &str = "500000000000000039";
    fake.dispatch(
        "INTERACTION_CREATE",
        subcommand(
            9101,
            "settings",
            "trivia",
            json!([{"type": 4, "name": "seconds", "value": 15}]),
        ),
    );
    callback(&fake, 9101).await;
    let options = json!([{"type": 4, "name": "rounds", "value": 3},
                         {"type": 3, "name": "mode", "value": "sudden-death"}]);
    fake.dispatch(
        "INTERACTION_CREATE",
        sent_by(trivia_start(9102, options), HOST, "host", "en-US"),
    );
    let started = callback(&fake, 9102).await;
    assert!(content(&started).contains("**Sudden death!**"), "{started}");

    // Question 1: a member who has not answered in this game cannot ask for a hint; then the
    // first player is wrong, the others right. It runs its time: nobody has entered yet.
    let first = fake
        .wait_for(1, WAIT, channel_message_titled("Question 1 of 3"))
        .await
        .remove(0)
        .body;
    fake.dispatch("INTERACTION_CREATE", trivia_hint(9110, PLAYERS[1]));
    assert!(
        private(&fake, 9110)
            .await
            .starts_with("Only the game's starter, or a member who has answered")
    );
    let (right, wrong) = right_and_wrong(&first);
    for (n, pick) in [(0u64, &wrong[0]), (1, &right), (2, &right)] {
        let id = 9111 + n;
        fake.dispatch(
            "INTERACTION_CREATE",
            button_by(id, pick, PLAYERS[n as usize]),
        );
        private(&fake, id).await;
    }
    let closed = fake.wait_for(1, WAIT, channel_edit).await.remove(0).body;
    assert!(has_field(&closed["embeds"][0], "Lives"), "{closed}");

    // Question 2: a player's ask opens a vote; the member who is out and a stranger cannot vote,
    // and the one out cannot answer.
    let second = fake
        .wait_for(1, WAIT, channel_message_titled("Question 2 of 3"))
        .await
        .remove(0)
        .body;
    fake.dispatch("INTERACTION_CREATE", trivia_hint(9120, PLAYERS[1]));
    let vote = callback(&fake, 9120).await;
    assert!(content(&vote).contains("votes for a hint"), "{vote}");
    let hint = vote["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("the Hint button")
        .to_string();
    fake.dispatch("INTERACTION_CREATE", button_by(9121, &hint, PLAYERS[0]));
    assert!(
        private(&fake, 9121)
            .await
            .starts_with("You are out of this game")
    );
    fake.dispatch("INTERACTION_CREATE", button_by(9122, &hint, STRANGER));
    assert!(
        private(&fake, 9122)
            .await
            .starts_with("This game began without you")
    );
    let (right, wrong) = right_and_wrong(&second);
    fake.dispatch("INTERACTION_CREATE", button_by(9123, &right, PLAYERS[0]));
    assert!(
        private(&fake, 9123)
            .await
            .starts_with("You are out of this game")
    );
    // The second player right, the third wrong: one is left of three, and the game ends.
    for (n, pick) in [(1u64, &right), (2, &wrong[0])] {
        let id = 9123 + n;
        fake.dispatch(
            "INTERACTION_CREATE",
            button_by(id, pick, PLAYERS[n as usize]),
        );
        private(&fake, id).await;
    }
    let posted = fake
        .wait_for(1, WAIT, channel_message_titled("Final standings"))
        .await
        .remove(0);
    let text = posted.body["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        text.starts_with(&format!(
            "🏆 **member{}** is the last one standing!",
            PLAYERS[1]
        )),
        "{text}"
    );
    assert!(
        text.contains("still in") && text.contains("out on Q1"),
        "{text}"
    );
    assert_eq!(
        posted.body["embeds"][0]["footer"]["text"],
        "2 of 3 questions asked"
    );
    standings_card(&posted, "sudden-death");

    // After the game: the closed question's vote button and a new ask are refused, privately.
    fake.dispatch("INTERACTION_CREATE", button_by(9130, &hint, PLAYERS[2]));
    assert!(
        private(&fake, 9130)
            .await
            .starts_with("That question is closed")
    );
    fake.dispatch("INTERACTION_CREATE", trivia_hint(9131, PLAYERS[1]));
    assert!(
        private(&fake, 9131)
            .await
            .starts_with("No question is open in this channel")
    );
    assert_eq!(fake.count(channel_message_titled("Question 3 of 3")), 0);
    assert_eq!(bot.stop(), Some(0));
}

/// A member whose Discord is in Korean reads Korean where the catalogues have it: `/facts` with
/// and without a topic, its refusal, and trivia's refusals (out-of-range `rounds:` with a mode,
/// `teams:` without teams, a hint with no game).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn korean_members_read_korean_replies_through_the_gateway() {
    let fake = FakeDiscord::start(&record_path("korean")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bot = gateway_bot(&fake, &dir.path().join("korean.db"));
    fake.wait_identified(WAIT).await;
    const KOREAN: &str = "500000000000000041";
    let korean = |payload: Value| sent_by(payload, KOREAN, HANGUL_NAME, "ko");

    let facts = |id: u64, options: Value| korean(command(id, "facts", options, MEMBER));
    fake.dispatch(
        "INTERACTION_CREATE",
        facts(
            9201,
            json!([{"type": 3, "name": "topic", "value": "주지훈"}]),
        ),
    );
    let about = callback(&fake, 9201).await;
    assert!(
        about["data"]["embeds"][0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("사실: ")),
        "{about}"
    );
    fake.dispatch("INTERACTION_CREATE", facts(9202, json!([])));
    let random = callback(&fake, 9202).await;
    assert_eq!(random["data"]["embeds"][0]["title"], "알고 계셨나요?");
    fake.dispatch(
        "INTERACTION_CREATE",
        facts(9203, json!([{"type": 3, "name": "topic", "value": "!!!"}])),
    );
    assert!(
        private(&fake, 9203)
            .await
            .starts_with("글자나 숫자가 들어간 주제를 입력해 주세요.")
    );

    let start = |id: u64, options: Value| korean(trivia_start(id, options));
    fake.dispatch(
        "INTERACTION_CREATE",
        start(
            9204,
            json!([{"type": 4, "name": "rounds", "value": 31},
                   {"type": 3, "name": "mode", "value": "elimination"}]),
        ),
    );
    assert!(
        private(&fake, 9204)
            .await
            .contains("1에서 30 사이여야 해요")
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        start(
            9205,
            json!([{"type": 3, "name": "mode", "value": "sudden-death"},
                   {"type": 4, "name": "teams", "value": 3}]),
        ),
    );
    assert!(
        private(&fake, 9205)
            .await
            .starts_with("`teams`(팀 수)는 `mode:teams`(팀전)에서만 정할 수 있어요.")
    );
    fake.dispatch("INTERACTION_CREATE", korean(trivia_hint(9206, KOREAN)));
    assert!(
        private(&fake, 9206)
            .await
            .starts_with("이 채널에는 열린 문제가 없어요")
    );
    assert_eq!(bot.stop(), Some(0));
}
