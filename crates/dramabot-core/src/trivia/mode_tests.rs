//! Whole games in each mode, through the router and the scheduler as the bot plays them: teams
//! joined with buttons, lives lost and members out, a restart in the middle, and bad input.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::tests::{as_user, at, press_right, store, tick};
use super::*;
use crate::ids::MessageId;
use crate::router::tests::{command, handle_checked, invocation, run};
use crate::router::{Action, Invocation};

fn start(options: &[(&str, &str)]) -> Invocation {
    as_user(command("trivia", Some("start"), options), 1, 0)
}

/// A press of `custom_id` by `user` at `seconds`; the private answer's text.
fn press(app: &App, custom_id: &str, user: u64, seconds: i64) -> String {
    let inv = as_user(
        invocation(Action::Button {
            custom_id: custom_id.into(),
            message: MessageId(1),
        }),
        user,
        seconds,
    );
    let mut rng = ChaCha8Rng::seed_from_u64(user);
    match handle_checked(app, &inv, &mut rng).response {
        Response::Message(reply) => {
            assert!(reply.ephemeral, "told alone: {reply:?}");
            reply.content.unwrap_or_default()
        }
        other => panic!("a private answer, not {other:?}"),
    }
}

fn said(reply: &Reply) -> String {
    reply.content.clone().unwrap_or_default()
}

fn description(message: &ChannelMessage) -> String {
    message.reply.embeds[0]
        .description
        .clone()
        .unwrap_or_default()
}

#[test]
fn a_teams_game_joins_with_buttons_then_scores_by_team_and_by_member() {
    let app = App::new(store(2));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let started = run(
        &app,
        &start(&[("rounds", "2"), ("mode", "teams"), ("teams", "3")]),
    );
    assert!(!started.ephemeral);
    assert!(said(&started).contains("**Teams!**"), "{started:?}");
    let ids: Vec<&str> = started
        .buttons
        .iter()
        .map(|b| b.custom_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["trivia-team:1:0", "trivia-team:1:1", "trivia-team:1:2"]
    );
    assert_eq!(started.buttons[0].label, "Team Red");
    // Nothing is asked while the teams form.
    assert!(tick(&app, 1, &mut rng).is_empty());
    assert_eq!(
        press(&app, "trivia:1:0:A", 1, 2),
        "That question is closed."
    );
    assert_eq!(
        press(&app, ids[0], 1, 3),
        "You joined Team Red. The first question comes when the teams close."
    );
    assert_eq!(
        press(&app, ids[1], 1, 4),
        "You are already on Team Red: a member plays for one team a game."
    );
    assert_eq!(
        press(&app, ids[1], 2, 5),
        "You joined Team Blue. The first question comes when the teams close."
    );
    press(&app, ids[1], 3, 6);
    // The window closes: the teams are shown, then the first question.
    let opened = tick(&app, 30, &mut rng);
    assert_eq!(opened.len(), 2, "{opened:?}");
    let lineup = said(&opened[0].reply);
    assert!(lineup.contains("**Team Red**: player1"), "{lineup}");
    assert!(
        lineup.contains("**Team Blue**: player2, player3"),
        "{lineup}"
    );
    assert!(lineup.contains("**Team Green**: (nobody"), "{lineup}");
    assert_eq!(opened[1].reply.buttons.len(), 4);
    // Too late to join; and a member on no team cannot answer.
    assert_eq!(
        press(&app, ids[2], 4, 31),
        "The teams are closed: this game has begun or is over. Join the next one!"
    );
    assert!(
        said(&press_right(&app, 4, 31, true)).starts_with("You are not on a team in this game")
    );
    // Every member on a team answers: the question closes at once (the late member is not waited for).
    for (user, right) in [(1, true), (2, true), (3, false)] {
        assert!(said(&press_right(&app, user, 32, right)).starts_with("Locked in"));
    }
    assert_eq!(tick(&app, 32, &mut rng).len(), 1);
    assert_eq!(tick(&app, 37, &mut rng).len(), 1, "question 2");
    for (user, right) in [(1, false), (2, true), (3, true)] {
        press_right(&app, user, 38, right);
    }
    let end = tick(&app, 38, &mut rng);
    assert_eq!(end.len(), 2, "the close, then the standings");
    let standings = description(&end[1]);
    let lines: Vec<&str> = standings.lines().collect();
    assert!(lines[0].starts_with("**1. Team Blue**: "), "{standings}");
    assert!(lines[0].ends_with("(2 members)"), "{standings}");
    assert!(lines[1].starts_with("**2. Team Red**: "), "{standings}");
    assert_eq!(lines[2], "**3. Team Green**: 0 points (0 members)");
    assert!(
        standings.contains("**player2**") && standings.contains("· Team Blue"),
        "{standings}"
    );
    // Team Blue's points are its members' points.
    let results = app.store().game_results(1).expect("results");
    let of = |user: u64| {
        game::standings(&results)
            .iter()
            .find(|s| s.user == user)
            .map_or(0, |s| s.points)
    };
    assert!(
        lines[0].contains(&format!(": {} points", of(2) + of(3))),
        "{standings}"
    );
    // A heading between the teams and the members, in the text and on the card.
    assert_eq!(&lines[3..5], ["", "**Members**"], "{standings}");
    let mode = app.store().game_mode(1).expect("mode");
    let table = game::standings(&results);
    let drawn = standing_lines(&app.store(), &mode, &table, Locale::English);
    assert_eq!(drawn.card_head.len(), 4);
    assert_eq!(drawn.card_head[3], card::Row::heading("Members".into()));
    assert!(drawn.card_head[..3].iter().all(|r| !r.heading));
    let korean = standing_lines(&app.store(), &mode, &table, Locale::Korean);
    assert_eq!(korean.card_head[3], card::Row::heading("멤버".into()));
    let files = &end[1].reply.attachments;
    assert_eq!(files.len(), 1);
    assert!(files[0].bytes.starts_with(b"\x89PNG"));
    assert!(app.store().running_games().expect("games").is_empty());
}

#[test]
fn a_teams_game_keeps_its_teams_and_its_window_across_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("teams.db");
    let path = path.to_str().expect("utf-8");
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    {
        let mut disk = Store::open(path).expect("store");
        disk.import(
            &[crate::store::tests::sample_pack(
                crate::store::tests::SAMPLE,
            )],
            Timestamp::UNIX_EPOCH,
            false,
        )
        .expect("import");
        let app = App::new(disk);
        run(&app, &start(&[("rounds", "1"), ("mode", "teams")]));
        press(&app, "trivia-team:1:1", 2, 5);
    }
    let app = App::new(Store::open(path).expect("reopened"));
    assert_eq!(crate::due::reschedule_all(&app, at(10)).expect("resume"), 1);
    assert!(
        tick(&app, 10, &mut rng).is_empty(),
        "the window is still open"
    );
    assert_eq!(
        press(&app, "trivia-team:1:0", 3, 12),
        "You joined Team Red. The first question comes when the teams close."
    );
    let opened = tick(&app, 30, &mut rng);
    assert_eq!(opened.len(), 2);
    let lineup = said(&opened[0].reply);
    assert!(lineup.contains("**Team Red**: player3"), "{lineup}");
    assert!(lineup.contains("**Team Blue**: player2"), "{lineup}");
}

#[test]
fn a_teams_game_nobody_joins_is_called_off_when_the_window_closes() {
    let app = App::new(store(2));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    run(&app, &start(&[("mode", "teams")]));
    let off = tick(&app, 30, &mut rng);
    assert_eq!(off.len(), 1);
    assert_eq!(
        said(&off[0].reply),
        "Nobody joined a team, so this game is off."
    );
    assert!(app.store().running_games().expect("games").is_empty());
    assert_eq!(crate::due::next_due(&app).expect("next"), None);
}

#[test]
fn elimination_takes_a_life_for_a_wrong_or_missing_answer_until_one_is_left() {
    let app = App::new(store(5));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let started = run(&app, &start(&[("rounds", "5"), ("mode", "elimination")]));
    assert!(
        said(&started).contains("**Elimination!** 3 lives each"),
        "{started:?}"
    );
    assert!(started.buttons.is_empty());
    tick(&app, 0, &mut rng);
    // Q1: three enter; player3 is wrong. Nobody is known yet, so it runs its time.
    for (user, right) in [(1, true), (2, true), (3, false)] {
        press_right(&app, user, 1, right);
    }
    assert!(tick(&app, 2, &mut rng).is_empty());
    tick(&app, 20, &mut rng);
    tick(&app, 25, &mut rng);
    // Q2: player2 misses it, player3 is wrong again; a newcomer is too late.
    assert!(said(&press_right(&app, 4, 26, true)).starts_with("This game began without you"));
    press_right(&app, 1, 26, true);
    press_right(&app, 3, 27, false);
    assert!(
        tick(&app, 28, &mut rng).is_empty(),
        "player2 is still waited for"
    );
    tick(&app, 45, &mut rng);
    let lives = |user: u64| app.store().game_mode(1).expect("mode").players[&user];
    assert_eq!((lives(1).lives, lives(2).lives, lives(3).lives), (3, 2, 1));
    // Q3: player3 goes out; all three answered, so it closes at once.
    tick(&app, 50, &mut rng);
    for (user, right) in [(1, true), (2, false), (3, false)] {
        press_right(&app, user, 51, right);
    }
    assert_eq!(tick(&app, 51, &mut rng).len(), 1);
    assert_eq!(lives(3).out_at, Some(2));
    // Q4: player3 is out and told so, privately; nothing of theirs is recorded.
    tick(&app, 56, &mut rng);
    let out = press_right(&app, 3, 57, true);
    assert!(
        said(&out).starts_with("You are out of this game"),
        "{out:?}"
    );
    let round = app.store().round(1, 3).expect("read").expect("round").round;
    assert!(round.answers().is_empty());
    // The two left answer (the out member is not waited for); player2 loses the last life.
    press_right(&app, 1, 58, true);
    press_right(&app, 2, 58, false);
    let end = tick(&app, 58, &mut rng);
    assert_eq!(end.len(), 2, "closed, then the standings: {end:?}");
    let standings = description(&end[1]);
    let lines: Vec<&str> = standings.lines().collect();
    assert_eq!(lines[0], "🏆 **player1** is the last one standing!");
    assert!(
        lines[1].starts_with("1. **player1**: ") && lines[1].ends_with(" · 3 lives"),
        "{standings}"
    );
    assert!(
        lines[2].starts_with("2. **player2**: ") && lines[2].ends_with(" · out on Q4"),
        "{standings}"
    );
    assert!(
        lines[3].starts_with("3. **player3**: ") && lines[3].ends_with(" · out on Q3"),
        "{standings}"
    );
    assert_eq!(
        end[1].reply.embeds[0].footer.as_deref(),
        Some("4 of 5 questions asked")
    );
    // The card says who won too, in plain words (it draws no Markdown or emoji).
    let mode = app.store().game_mode(1).expect("mode");
    let table = game::standings(&app.store().game_results(1).expect("results"));
    let drawn = standing_lines(&app.store(), &mode, &table, Locale::English);
    assert_eq!(
        drawn.card_head,
        [card::Row::heading(
            "player1 is the last one standing!".into()
        )]
    );
    let korean = standing_lines(&app.store(), &mode, &table, Locale::Korean);
    assert_eq!(
        korean.card_head,
        [card::Row::heading("player1 님이 최후의 1인이에요!".into())]
    );
    assert_eq!(end[1].reply.attachments.len(), 1);
    assert!(app.store().running_games().expect("games").is_empty());
    assert_eq!(crate::due::next_due(&app).expect("next"), None);
}

#[test]
fn sudden_death_survives_a_restart_with_who_is_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("modes.db");
    let path = path.to_str().expect("utf-8");
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    {
        let mut disk = Store::open(path).expect("store");
        let text = (0..3)
            .map(|i| format!("\n[[question]]\nid = \"q{i}\"\nquestion = \"Question {i}?\"\nanswer = \"Right {i}\"\nwrong = [\"Wrong a{i}\", \"Wrong b{i}\", \"Wrong c{i}\"]\ndifficulty = 2\ncategory = \"production\"\nsource = \"article\"\n"))
            .collect::<String>();
        disk.import(
            &[crate::store::tests::sample_pack(&format!(
                "{}{text}",
                crate::store::tests::SAMPLE
            ))],
            Timestamp::UNIX_EPOCH,
            false,
        )
        .expect("import");
        let app = App::new(disk);
        let started = run(&app, &start(&[("rounds", "3"), ("mode", "sudden-death")]));
        assert!(said(&started).contains("**Sudden death!**"), "{started:?}");
        tick(&app, 0, &mut rng);
        for (user, right) in [(1, true), (2, false), (3, true)] {
            press_right(&app, user, 1, right);
        }
        tick(&app, 20, &mut rng);
    }
    // The bot restarts: the game goes on with player2 out.
    let app = App::new(Store::open(path).expect("reopened"));
    assert_eq!(crate::due::reschedule_all(&app, at(22)).expect("resume"), 1);
    assert_eq!(tick(&app, 25, &mut rng).len(), 1, "question 2");
    assert!(said(&press_right(&app, 2, 26, true)).starts_with("You are out of this game"));
    // A missed question costs nothing in sudden death: player3 stays in.
    press_right(&app, 1, 26, true);
    tick(&app, 45, &mut rng);
    tick(&app, 50, &mut rng);
    press_right(&app, 1, 51, true);
    press_right(&app, 3, 51, false);
    let end = tick(&app, 51, &mut rng);
    let standings = description(end.last().expect("standings"));
    assert!(
        standings.starts_with("🏆 **player1** is the last one standing!"),
        "{standings}"
    );
    assert!(
        standings.contains("**player3**") && standings.contains("out on Q3"),
        "{standings}"
    );
    assert!(standings.contains("out on Q1"), "{standings}");
}

#[test]
fn members_who_are_out_neither_vote_for_a_hint_nor_count_towards_the_majority() {
    let app = App::new(store(5));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    run(&app, &start(&[("rounds", "5"), ("mode", "sudden-death")]));
    tick(&app, 0, &mut rng);
    // Q1: the starter (player1) does not play; players 4 and 5 go out.
    for (user, right) in [(2, true), (3, true), (4, false), (5, false)] {
        press_right(&app, user, 1, right);
    }
    tick(&app, 20, &mut rng);
    tick(&app, 25, &mut rng);
    let asking = |user: u64| as_user(command("trivia", Some("hint"), &[]), user, 26);
    // Two are left, so two votes give the hint (not three of the four who answered).
    let vote = run(&app, &asking(2));
    assert!(!vote.ephemeral, "{vote:?}");
    assert!(said(&vote).contains("1 of 2 votes"), "{vote:?}");
    let button = vote.buttons[0].custom_id.clone();
    let pressing = |user: u64| {
        as_user(
            invocation(Action::Button {
                custom_id: button.clone(),
                message: MessageId(77),
            }),
            user,
            27,
        )
    };
    for refused in [run(&app, &asking(4)), run(&app, &pressing(5))] {
        assert!(refused.ephemeral, "{refused:?}");
        assert!(
            said(&refused).starts_with("You are out of this game"),
            "{refused:?}"
        );
    }
    assert_eq!(app.store().hint_votes(1, 1, 1).expect("votes").len(), 1);
    assert!(app.store().hints_given(1, 1).expect("hints").is_empty());
    let given = run(&app, &pressing(3));
    assert!(said(&given).contains("**Hint 1**"), "{given:?}");
    assert_eq!(app.store().hints_given(1, 1).expect("hints"), [at(27)]);
}

#[test]
fn a_hint_while_the_teams_are_joining_finds_no_question_and_changes_nothing() {
    let app = App::new(store(2));
    let started = run(&app, &start(&[("rounds", "2"), ("mode", "teams")]));
    let red = started.buttons[0].custom_id.clone();
    assert!(press(&app, &red, 2, 1).starts_with("You joined Team Red"));
    for user in [1, 2] {
        let reply = run(
            &app,
            &as_user(command("trivia", Some("hint"), &[]), user, 2),
        );
        assert!(reply.ephemeral, "{reply:?}");
        assert_eq!(
            said(&reply),
            hint::say::no_question(crate::i18n::Locale::English)
        );
    }
    assert!(app.store().hints_given(1, 0).expect("hints").is_empty());
    assert!(app.store().hint_votes(1, 0, 1).expect("votes").is_empty());
}

#[test]
fn a_teams_game_scores_a_hinted_answer_half_and_the_team_gets_the_half() {
    let app = App::new(store(2));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let started = run(&app, &start(&[("rounds", "1"), ("mode", "teams")]));
    let (red, blue) = (
        started.buttons[0].custom_id.clone(),
        started.buttons[1].custom_id.clone(),
    );
    press(&app, &red, 1, 1);
    press(&app, &blue, 2, 1);
    press(&app, &blue, 3, 1);
    tick(&app, 30, &mut rng);
    let round = app.store().round(1, 0).expect("read").expect("open").round;
    press_right(&app, 2, 31, true);
    let asking = |user: u64| as_user(command("trivia", Some("hint"), &[]), user, 32);
    // A member on no team has no say; the starter's ask gives the hint.
    let refused = run(&app, &asking(4));
    assert!(
        refused.ephemeral && said(&refused).starts_with("You are not on a team in this game"),
        "{refused:?}"
    );
    assert!(said(&run(&app, &asking(1))).contains("**Hint 1**"));
    press_right(&app, 1, 33, true);
    press_right(&app, 3, 33, true);
    let end = tick(&app, 33, &mut rng);
    let results = app.store().game_results(1).expect("results");
    let of = |user: u64| {
        game::standings(&results)
            .iter()
            .find(|s| s.user == user)
            .map_or(0, |s| s.points)
    };
    let full = |after: u64| {
        game::points(
            round.difficulty,
            Duration::from_secs(after),
            Duration::from_secs(20),
            0,
        )
    };
    assert_eq!(of(2), full(1), "answered before the hint");
    assert_eq!((of(1), of(3)), (full(3).div_ceil(2), full(3).div_ceil(2)));
    let standings = description(end.last().expect("standings"));
    assert!(
        standings.contains(&format!("Team Blue**: {} points", of(2) + of(3))),
        "{standings}"
    );
    assert!(
        standings.contains(&format!("Team Red**: {} points", of(1))),
        "{standings}"
    );
}

#[test]
fn a_teams_game_stopped_while_the_teams_form_takes_no_more_members() {
    let app = App::new(store(2));
    let started = run(&app, &start(&[("rounds", "2"), ("mode", "teams")]));
    let red = started.buttons[0].custom_id.clone();
    press(&app, &red, 1, 1);
    let stopped = run(&app, &as_user(command("trivia", Some("stop"), &[]), 1, 2));
    assert!(!stopped.ephemeral, "{stopped:?}");
    assert_eq!(
        press(&app, &red, 2, 3),
        "The teams are closed: this game has begun or is over. Join the next one!"
    );
    assert_eq!(app.store().game_mode(1).expect("mode").players.len(), 1);
    assert!(app.store().running_games().expect("games").is_empty());
}

#[test]
fn bad_mode_input_gets_a_clear_private_answer_and_changes_nothing() {
    let app = App::new(store(3));
    for (options, expected) in [
        (
            vec![("rounds", "0"), ("mode", "elimination")],
            "`rounds` must be between 1 and 30.",
        ),
        (
            vec![("rounds", "31"), ("mode", "teams")],
            "`rounds` must be between 1 and 30.",
        ),
        (
            vec![("mode", "teams"), ("teams", "5")],
            "`teams` must be between 2 and 4.",
        ),
        (
            vec![("mode", "elimination"), ("teams", "2")],
            "`teams` goes with `mode:teams` only.",
        ),
        (vec![("teams", "3")], "`teams` goes with `mode:teams` only."),
    ] {
        let reply = run(&app, &start(&options));
        assert!(reply.ephemeral, "{options:?}");
        assert_eq!(said(&reply), expected, "{options:?}");
    }
    let unknown = run(&app, &start(&[("mode", "chess")]));
    assert!(unknown.ephemeral, "{unknown:?}");
    assert!(app.store().running_games().expect("games").is_empty());
    // Team buttons that are not ours, or name no game, change nothing.
    run(&app, &start(&[("mode", "teams")]));
    for custom_id in [
        "trivia-team:1:7",
        "trivia-team:01:0",
        "trivia-team:1:+1",
        "trivia-team:1",
        "trivia-team:1:0:0",
    ] {
        assert_eq!(
            press(&app, custom_id, 5, 1),
            "That button is not one of mine.",
            "{custom_id}"
        );
    }
    assert_eq!(
        press(&app, "trivia-team:99:0", 5, 1),
        "The teams are closed: this game has begun or is over. Join the next one!"
    );
    assert_eq!(
        press(&app, "trivia-team:1:2", 5, 1),
        "The teams are closed: this game has begun or is over. Join the next one!",
        "a third team in a game of two"
    );
    assert!(app.store().game_mode(1).expect("mode").players.is_empty());
    // A Korean member is answered in Korean.
    let mut inv = as_user(
        invocation(Action::Button {
            custom_id: "trivia-team:1:0".into(),
            message: MessageId(1),
        }),
        6,
        2,
    );
    inv.locale = "ko".into();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let Response::Message(reply) = handle_checked(&app, &inv, &mut rng).response else {
        panic!("an answer");
    };
    assert_eq!(
        said(&reply),
        "빨강 팀에 들어갔어요. 첫 문제를 기다려 주세요!"
    );
}

#[test]
fn a_starter_who_is_out_is_refused_a_hint_like_any_member_who_is_out() {
    let app = App::new(store(3));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    run(&app, &start(&[("rounds", "3"), ("mode", "sudden-death")]));
    tick(&app, 0, &mut rng);
    // The starter (player1) answers wrong and is out; players 2 and 3 play on.
    for (user, right) in [(1, false), (2, true), (3, true)] {
        press_right(&app, user, 1, right);
    }
    tick(&app, 20, &mut rng);
    tick(&app, 25, &mut rng);
    let refused = run(&app, &as_user(command("trivia", Some("hint"), &[]), 1, 26));
    assert!(refused.ephemeral, "{refused:?}");
    assert!(
        said(&refused).starts_with("You are out of this game"),
        "{refused:?}"
    );
    assert!(app.store().hints_given(1, 1).expect("hints").is_empty());
    assert!(app.store().hint_votes(1, 1, 1).expect("votes").is_empty());
}

#[test]
fn old_join_and_vote_buttons_are_disabled_when_pressed_after_their_time() {
    let app = App::new(store(2));
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let started = run(&app, &start(&[("rounds", "2"), ("mode", "teams")]));
    let red = started.buttons[0].custom_id.clone();
    assert!(press(&app, &red, 2, 1).starts_with("You joined Team Red"));
    assert!(press(&app, &red, 3, 2).starts_with("You joined Team Red"));
    tick(&app, 30, &mut rng);
    // A press after the window: refused, and the start message's buttons are disabled.
    let late = as_user(
        invocation(Action::Button {
            custom_id: started.buttons[1].custom_id.clone(),
            message: MessageId(55),
        }),
        4,
        31,
    );
    let outcome = handle_checked(&app, &late, &mut rng);
    let Response::Message(reply) = &outcome.response else {
        panic!("a private answer: {:?}", outcome.response);
    };
    assert!(said(reply).starts_with("The teams are closed"), "{reply:?}");
    let [Effect::Send(edit)] = outcome.effects.as_slice() else {
        panic!("one edit: {:?}", outcome.effects);
    };
    assert_eq!(edit.edit, Some(MessageId(55)));
    assert_eq!(edit.reply.content, None, "the text stays");
    assert_eq!(edit.reply.buttons.len(), 2);
    assert!(edit.reply.buttons.iter().all(|b| b.disabled));
    // A vote for a hint, then the starter gives it: a press on the old vote is refused and
    // disables it.
    press_right(&app, 2, 31, false);
    press_right(&app, 3, 31, false);
    let vote = run(&app, &as_user(command("trivia", Some("hint"), &[]), 2, 32));
    assert!(said(&vote).contains("1 of 2 votes"), "{vote:?}");
    let given = run(&app, &as_user(command("trivia", Some("hint"), &[]), 1, 33));
    assert!(said(&given).contains("**Hint 1**"), "{given:?}");
    let pressed = as_user(
        invocation(Action::Button {
            custom_id: vote.buttons[0].custom_id.clone(),
            message: MessageId(66),
        }),
        3,
        34,
    );
    let outcome = handle_checked(&app, &pressed, &mut rng);
    let Response::Message(reply) = &outcome.response else {
        panic!("a private answer: {:?}", outcome.response);
    };
    assert!(reply.ephemeral, "{reply:?}");
    let [Effect::Send(edit)] = outcome.effects.as_slice() else {
        panic!("one edit: {:?}", outcome.effects);
    };
    assert_eq!(edit.edit, Some(MessageId(66)));
    assert!(edit.reply.buttons.len() == 1 && edit.reply.buttons[0].disabled);
    // A vote still open keeps its button: a member not in the game is refused, nothing edited.
    let stranger = as_user(
        invocation(Action::Button {
            custom_id: hint::button_id(1, 0, 2),
            message: MessageId(67),
        }),
        9,
        35,
    );
    let outcome = handle_checked(&app, &stranger, &mut rng);
    assert!(outcome.effects.is_empty(), "{:?}", outcome.effects);
}

#[test]
fn members_tied_on_points_share_a_rank_in_every_mode() {
    let app = App::new(store(2));
    let store = app.store();
    for user in 1..=4 {
        store
            .remember_member(UserId(user), &format!("player{user}"))
            .expect("named");
    }
    let table =
        [(1, 300, 3), (2, 200, 2), (3, 200, 1), (4, 100, 1)].map(|(user, points, correct)| {
            game::Standing {
                user,
                points,
                correct,
            }
        });
    let ranks = |lines: &StandingLines| -> Vec<Option<u32>> {
        lines.members.iter().map(|(_, row)| row.rank).collect()
    };
    let classic = standing_lines(&store, &GameMode::default(), &table, Locale::English);
    assert_eq!(ranks(&classic), [Some(1), Some(2), Some(2), Some(4)]);
    let text: Vec<&str> = classic.members.iter().map(|(l, _)| l.as_str()).collect();
    assert!(
        text[1].starts_with("2. ") && text[2].starts_with("2. "),
        "{text:?}"
    );
    assert!(text[3].starts_with("4. "), "{text:?}");
    // Teams: members 1 and 2 on one team, 3 and 4 on the other; 500 and 300 points.
    let player = |user, team| modes::Player {
        user,
        team: Some(team),
        lives: 0,
        out_at: None,
    };
    let teams = GameMode {
        mode: Mode::Teams,
        teams: 3,
        join_until: None,
        players: [player(1, 0), player(2, 0), player(3, 1), player(4, 1)]
            .into_iter()
            .map(|p| (p.user, p))
            .collect(),
    };
    let lines = standing_lines(&store, &teams, &table, Locale::English);
    assert_eq!(ranks(&lines), [Some(1), Some(2), Some(2), Some(4)]);
    let team_ranks: Vec<Option<u32>> = lines.card_head.iter().map(|r| r.rank).collect();
    // Red 500, Blue 300, Green 0; then the heading.
    assert_eq!(team_ranks, [Some(1), Some(2), Some(3), None]);
    // Elimination: 2 and 3 are both still in with two lives and the same points: one rank; 1 went
    // out, so ranks below them despite the most points.
    let lives = |user, lives, out_at| modes::Player {
        user,
        team: None,
        lives,
        out_at,
    };
    let elimination = GameMode {
        mode: Mode::Elimination,
        teams: 0,
        join_until: None,
        players: [
            lives(1, 0, Some(3)),
            lives(2, 2, None),
            lives(3, 2, None),
            lives(4, 1, None),
        ]
        .into_iter()
        .map(|p| (p.user, p))
        .collect(),
    };
    let lines = standing_lines(&store, &elimination, &table, Locale::English);
    assert_eq!(ranks(&lines), [Some(1), Some(1), Some(3), Some(4)]);
    // Several still in at the end: the text and the card say who.
    assert_eq!(
        lines.head,
        ["Still standing at the end: player2, player3, player4"]
    );
    assert_eq!(
        lines.card_head,
        [card::Row::heading(
            "Still standing at the end: player2, player3, player4".into()
        )]
    );
}

#[test]
fn shared_ranks_skip_after_a_tie() {
    assert_eq!(shared_ranks(&[5, 3, 3, 1], |p| *p), [1, 2, 2, 4]);
    assert_eq!(shared_ranks(&[7, 7, 7], |p| *p), [1, 1, 1]);
    assert_eq!(
        shared_ranks(&[9, 8, 8, 8, 2, 2], |p| *p),
        [1, 2, 2, 2, 5, 5]
    );
    assert!(shared_ranks(&[] as &[u32], |p| *p).is_empty());
}

#[test]
fn the_leaderboard_and_a_seasons_standings_share_ranks_on_equal_points() {
    let ranked = [
        ("Mina", 300, 3),
        ("Joon", 200, 4),
        ("Sora", 200, 2),
        ("Ha", 90, 1),
    ]
    .map(|(name, points, correct)| Ranked {
        user: UserId(points as u64 + correct as u64),
        name: name.into(),
        points,
        correct,
        answers: 5,
    });
    let reply = ranking_reply(
        &ranked,
        "Board".into(),
        "Board",
        "all time".into(),
        None,
        Locale::English,
    );
    let text = reply.embeds[0].description.clone().unwrap_or_default();
    let starts: Vec<&str> = text.lines().map(|l| &l[..3]).collect();
    assert_eq!(starts, ["1. ", "2. ", "2. ", "4. "], "{text}");
    assert_eq!(reply.attachments.len(), 1);
}
