//! End-to-end tests of the `dramabot` binary, run as a newcomer would run it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here is a failing test, it cannot crash the bot"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `dramabot ARGS` in `dir`, with the repository's packs and no token or config from the caller.
fn dramabot(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dramabot"));
    command
        .args(args)
        .current_dir(dir)
        .env("DRAMABOT_DATA_PACKS", repo().join("data/packs"))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    for (name, _) in std::env::vars() {
        if name.starts_with("DRAMABOT_") && name != "DRAMABOT_DATA_PACKS" || name == "DISCORD_TOKEN"
        {
            command.env_remove(name);
        }
    }
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the dramabot binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Feeds `input` to the console and returns its output.
fn console(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = dramabot(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the console starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write input");
    child.wait_with_output().expect("the console ends")
}

#[test]
fn check_data_accepts_the_real_packs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run(&mut dramabot(dir.path(), &["check-data"]));
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("the-trauma-code.toml: ok"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn check_data_prints_every_problem_with_file_line_and_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        r#"[drama]
id = "bad"
title = "Bad"
title_ko = "나쁜"
network = "N"
year = 2025
episodes = 8

[[source]]
id = "s"
outlet = "O"
title = "T"
date = "2025-01-01"

[[person]]
id = "p"
name = "P"
name_ko = "피"
nickname = "x"

[[question]]
id = "q"
question = "Who?"
answer = "A"
wrong = ["a", "B", "C"]
difficulty = 2
category = "cast"
source = "nowhere"
episode = 9

[[question]]
id = "q"
question = "Again?"
answer = "A"
wrong = ["B", "C", "D"]
difficulty = 1
category = "gossip"
source = "s"
"#,
    )
    .expect("write the bad pack");
    let mut broken = b"[drama]\nid = \"x\"\ntitle = \"".to_vec();
    broken.extend_from_slice(&[0xc3, 0x28]);
    std::fs::write(dir.path().join("broken.toml"), broken).expect("write the broken pack");

    let output = run(&mut dramabot(dir.path(), &["check-data", "."]));
    assert_eq!(output.status.code(), Some(1));
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        vec![
            "./bad.toml:19: p: unknown field `nickname`, expected one of `id`, `name`, `name_ko`, `aliases`, `aliases_general`, `note`",
            "./bad.toml:37: q: unknown variant `gossip`, expected one of `cast`, `characters`, `production`, `source-novel`, `reception`, `behind-the-scenes`",
            "./broken.toml:3: (file): invalid UTF-8 at byte 26",
        ],
        "form problems come first; the pack is not checked further until they are fixed"
    );

    // With the form fixed, the checks of the whole pack report the rest.
    let text = std::fs::read_to_string(&bad).expect("read");
    std::fs::write(
        &bad,
        text.replace("nickname = \"x\"\n", "")
            .replace("\"gossip\"", "\"cast\""),
    )
    .expect("rewrite");
    let output = run(&mut dramabot(dir.path(), &["check-data", "bad.toml"]));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output).lines().collect::<Vec<_>>(),
        vec![
            "bad.toml:24: q: the right answer `A` is also a wrong choice",
            "bad.toml:27: q: unknown source `nowhere`: declare it in this pack",
            "bad.toml:28: q: episode 9 is out of range: the drama has episodes 1 to 8",
            "bad.toml:31: q: duplicate question id: also used on line 21",
        ]
    );
}

#[test]
fn import_is_one_transaction_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("test.db");
    let db = db.to_str().expect("utf-8 path");
    let output = run(&mut dramabot(dir.path(), &["import", "--db", db]));
    assert!(output.status.success(), "{}", stderr(&output));
    // One line per pack, in file order, each wholly added.
    let first = stdout(&output);
    let packs: Vec<&str> = first
        .lines()
        .map(|line| {
            let (pack, report) = line.split_once(": ").expect("pack: report");
            assert!(report.ends_with(" added, 0 updated, 0 retired"), "{line}");
            pack
        })
        .collect();
    assert!(packs.contains(&"the-trauma-code"), "{first}");
    assert!(packs.is_sorted(), "{first}");

    let output = run(&mut dramabot(dir.path(), &["import", "--db", db]));
    let unchanged: String = packs.iter().map(|p| format!("{p}: unchanged\n")).collect();
    assert_eq!(stdout(&output), unchanged);

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[drama]\nid = \"x\"\n").expect("write");
    let output = run(&mut dramabot(
        dir.path(),
        &["import", "--db", db, "bad.toml"],
    ));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nothing was imported"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn run_without_a_token_says_how_to_get_one_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run(&mut dramabot(dir.path(), &["run"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no Discord token. Set DISCORD_TOKEN"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_malformed_token_is_refused_without_being_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run(dramabot(dir.path(), &["run"]).env("DISCORD_TOKEN", "not-a-token-SECRET123"));
    assert_eq!(output.status.code(), Some(2));
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(all.contains("the Discord token is not valid"), "{all}");
    assert!(!all.contains("SECRET123"), "{all}");
}

#[test]
fn a_bad_config_names_the_key_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("dramabot.toml"),
        "[database]\npaht = \"x.db\"\n",
    )
    .expect("write");
    let output = run(&mut dramabot(dir.path(), &["check-data"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown key database.paht"),
        "{}",
        stderr(&output)
    );

    let output = run(&mut dramabot(
        dir.path(),
        &["--config", "missing.toml", "check-data"],
    ));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_console_tour_reads_like_a_discord_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = std::fs::read_to_string(repo().join("tests/sessions/tour.txt")).expect("tour");
    // The tour attaches a file by its path from the repository's root, where CI replays it.
    std::fs::create_dir_all(dir.path().join("tests/sessions")).expect("folder");
    std::fs::copy(
        repo().join("tests/sessions/team.yaml"),
        dir.path().join("tests/sessions/team.yaml"),
    )
    .expect("the tour's list");
    let output = console(
        dir.path(),
        &["console", "--now", "2026-11-22T09:00:00Z", "--seed", "7"],
        &input,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "> /about",
        "┃ ▸ The Trauma Code: Heroes on Call (중증외상센터)",
        "┃ Facts: helicopter",
        "┃ Facts: 주지훈",
        "┃ Did you know?",
        "┃ Quote of the day · 2026-11-22",
        "┃ Ju Ji-hoon (주지훈)",
        // One person across packs: both roles on one card.
        "┃ Plays **Lee Chang** in *Kingdom*",
        "┃ Plays **Baek Kang-hyuk** in *The Trauma Code: Heroes on Call*",
        "┃ Jeong Jae-kwang (정재광)",
        "┃ Lee Do-yun (이도윤)",
        "┃ The Trauma Code: Heroes on Call (중증외상센터): cast",
        "I found nobody called “Goblin”. Nearest names:",
        "┃ Quotes: severe trauma",
        "I know no facts about “zeppelins”.",
        "`/facts` has no option `topc`. Its options: topic.",
        "**Trivia!** 3 questions, 20 seconds each.",
        "┃ Question 1 of 3: closed",
        "🗳️ **mina** votes for a hint on question 2: 1 of 2 votes.",
        "You already voted for this hint (1 of 2 votes).",
        "Only the game's starter, or a member who has answered in this game, can ask for a hint.",
        "💡 **Hint 1** for question 2 (the game's starter asked): `A f___`",
        "┃ ▸ 💡 Hint 1",
        "┃ Final standings",
        "┃ Trivia leaderboard: this server, all time",
        "`rounds` must be between 1 and 30.",
        "You are now mina.",
        "Only members with the **Manage Server** permission can do that.",
        "Watched up to episode 4: later episodes are guarded.",
        "┃ Trivia settings",
        "┃   30 seconds",
        "┃   The Trauma Code: Heroes on Call",
        "You are now in #drama-talk.",
        "It is now 2026-11-23T10:01:25Z (UTC).",
        "┃ What this server plays",
        "┃ ▸ This server's own",
        "**Kingdom (킹덤)** is off: this server no longer plays it.",
        "This server's own list has no item `nothing-yet`.",
        "  ╔ Submit a quote · Baek Kang-hyuk",
        "Thank you! Your quote is #1, waiting for a moderator's review.",
        "• Wrong choices: the right answer `Netflix` is also a wrong choice",
        "Source: give a web address starting with https:// (or http://), or `Outlet | Title | 2025-01-29`.",
        "┃ **#2** · fact · ⏳ pending · 2026-11-26",
        "Only members with **Manage Server** or this server's reviewer role can review submissions.",
        "┃ Review queue",
        "2 items wait for review. Review them with `/review next`.",
        "┃ Submission #1 · quote",
        "in play in this server now",
        "┃ Quotes: golden hour",
        "┃ Submission #2 · fact",
        "  ╔ Reject #2",
        "❌ Rejected by",
        "┃ Nothing is waiting for review.",
        "┃ ▸ Subject\n  ┃   The Trauma Code: Heroes on Call",
        "jun now has the role @reviewers.",
        "✅ approved",
        "❌ rejected: The making-of article does not say this.",
        "team.yaml (",
        "Imported **team.yaml** (a Red-DiscordBot trivia list): 2 read, 2 queued for review",
        "This server's own list: 1 approved item as pack TOML (`the-trauma-code-server.toml`).",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !dir.path().join("dramabot.db").exists(),
        "the console keeps its database in memory unless --db is given"
    );
}

#[test]
fn the_console_is_reproducible_and_its_json_is_one_request_per_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "console",
        "--json",
        "--now",
        "2026-11-22T09:00:00Z",
        "--seed",
        "3",
    ];
    let input = "/facts\n/about\n:now\n";
    let first = console(dir.path(), &args, input);
    let second = console(dir.path(), &args, input);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first), stdout(&second), "same seed, same session");
    let records: Vec<serde_json::Value> = stdout(&first)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(records.len(), 3, "the registration and two callbacks");
    for record in &records {
        assert_eq!(record["at"], "2026-11-22T09:00:00Z");
        assert!(
            record["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("/api/v10/"))
        );
    }
    assert!(stderr(&first).contains("It is 2026-11-22T09:00:00Z (UTC)."));
}

#[test]
fn the_console_survives_hostile_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "x".repeat(6000);
    let input = format!(
        "/facts topic:{long}\n/facts topic:🙂🙂🙂\n/facts topic:%_'\"; DROP TABLE fact;--\n/\n/ \n:\n:advance 99999999d\n:advance x\n:click Z\n/settings spoilers episode:-1\n\u{7}\u{0}\n/facts topic:\u{202e}abc\n"
    );
    let output = console(dir.path(), &["console", "--db", "hostile.db"], &input);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("`topic` can be at most 100 characters long."),
        "{text}"
    );
    assert!(
        text.contains("Give a topic with letters or digits"),
        "{text}"
    );
    assert!(text.contains("No message here has a button “Z”."), "{text}");
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    // The database survived the SQL-looking topic.
    let output = console(
        dir.path(),
        &["console", "--db", "hostile.db"],
        "/facts topic:188\n",
    );
    assert!(stdout(&output).contains("188 cm"), "{}", stdout(&output));
}

/// The posts a `--json` console run sent to channels: (when, the quote's date).
fn channel_posts(output: &Output) -> Vec<(String, String)> {
    stdout(output)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("/api/v10/channels/"))
        })
        .map(|r| {
            let title = r["body"]["embeds"][0]["title"].as_str().unwrap_or_default();
            (
                r["at"].as_str().unwrap_or_default().to_string(),
                title.trim_start_matches("Quote of the day · ").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_daily_post_survives_restarts_without_doubling_or_skipping() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = |now: &str, input: &str| {
        console(
            dir.path(),
            &[
                "console", "--json", "--db", "daily.db", "--now", now, "--seed", "1",
            ],
            input,
        )
    };
    // Set up at 09:00 UTC for 10:00 UTC; the clock runs to 12:00: one post, at 10:00.
    let first = session(
        "2026-11-22T09:00:00Z",
        ":mod on\n/qotd channel channel:#quotes\n/qotd time time:10:00\n/qotd on\n:advance 3h\n",
    );
    assert_eq!(
        channel_posts(&first),
        vec![("2026-11-22T10:00:00Z".to_string(), "2026-11-22".to_string())]
    );
    // A restart later the same day posts nothing more.
    let again = session("2026-11-22T11:00:00Z", ":advance 10m\n");
    assert_eq!(channel_posts(&again), vec![]);
    // Down over the next post time, back 5 hours later, the same day: one late post.
    let late = session("2026-11-23T15:00:00Z", ":advance 0s\n:advance 1h\n");
    assert_eq!(
        channel_posts(&late),
        vec![("2026-11-23T15:00:00Z".to_string(), "2026-11-23".to_string())]
    );
    // Down for two days and back past the grace: both days are recorded as missed, none posted.
    let missed = session(
        "2026-11-25T23:00:00Z",
        ":advance 0s\n:mod on\n/qotd status\n",
    );
    assert_eq!(channel_posts(&missed), vec![]);
    let status = stdout(&missed);
    assert!(
        status.contains("2026-11-25: missed (the bot was down)"),
        "{status}"
    );
    // And the next day posts as usual.
    let next = session("2026-11-26T09:00:00Z", ":advance 2h\n");
    assert_eq!(
        channel_posts(&next),
        vec![("2026-11-26T10:00:00Z".to_string(), "2026-11-26".to_string())]
    );
}

/// A Red-DiscordBot list with every shape Red allows: metadata, a boolean answer, numbers.
const RED_LIST: &str = "AUTHOR: Some Fan\nDESCRIPTION: Hospital questions.\nCONFIG:\n  max_score: 10\nWhich hospital does the trauma team work at?:\n- Hankook University Hospital\n- Hankook\nIs Baek Kang-hyuk a surgeon?:\n- yes\nHow many episodes does the first season have?:\n- 8\n";

#[test]
fn convert_prints_a_pack_that_check_data_accepts_once_filled_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hospital.yaml"), RED_LIST).expect("write");
    let output = run(&mut dramabot(
        dir.path(),
        &["convert", "hospital.yaml", "--from", "red"],
    ));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("3 question(s) converted"),
        "{}",
        stderr(&output)
    );
    let pack = stdout(&output);
    // As printed, the pack is refused: the drama and source are still to be filled in.
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).expect("mkdir");
    std::fs::write(packs.join("unfilled.toml"), &pack).expect("write");
    let refused = run(&mut dramabot(dir.path(), &["check-data", "packs"]));
    assert!(!refused.status.success(), "{}", stdout(&refused));
    let filled = pack
        .replace("\"FILL-IN-drama-id\"", "\"hospital-drama\"")
        .replace("FILL-IN the drama's title", "Hospital Drama")
        .replace("FILL-IN the title in Hangul", "병원 드라마")
        .replace("FILL-IN the network", "Netflix")
        .replace("year = 0", "year = 2025")
        .replace("episodes = 0", "episodes = 8")
        .replace("FILL-IN where the list was published", "A fan wiki")
        .replace("FILL-IN the list's title", "Hospital questions")
        .replace("FILL-IN YYYY-MM-DD", "2026-01-05");
    std::fs::remove_file(packs.join("unfilled.toml")).expect("rm");
    std::fs::write(packs.join("hospital-drama.toml"), &filled).expect("write");
    let checked = run(&mut dramabot(dir.path(), &["check-data", "packs"]));
    assert!(
        checked.status.success(),
        "{}{}\n{filled}",
        stdout(&checked),
        stderr(&checked)
    );
    assert!(
        stdout(&checked).contains("hospital-drama.toml: ok (1 sources, 0 people, 0 characters, 0 credits, 0 facts, 0 quotes, 3 questions)"),
        "{}",
        stdout(&checked)
    );
}

#[test]
fn convert_refuses_a_bad_list_on_stderr_and_prints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("bad.yaml"),
        format!("{RED_LIST}No answer?: []\n"),
    )
    .expect("write");
    std::fs::write(dir.path().join("bomb.yaml"), "a: &a [x, x]\nb: [*a, *a]\n").expect("write");
    std::fs::write(dir.path().join("list.json"), "{\"results\": []}").expect("write");
    for (args, expected) in [
        (
            ["convert", "bad.yaml", "--from", "red"],
            "bad.yaml:12: the question has no answer",
        ),
        (
            ["convert", "bomb.yaml", "--from", "red"],
            "bomb.yaml:2: YAML aliases (`*name`) are not accepted",
        ),
        (
            ["convert", "list.json", "--from", "red"],
            "list.json:1: this is JSON, not a Red-DiscordBot trivia list (YAML)",
        ),
        (
            ["convert", "list.json", "--from", "opentdb"],
            "list.json holds no question to convert",
        ),
        (
            ["convert", "missing.yaml", "--from", "red"],
            "missing.yaml:1: cannot read the file",
        ),
    ] {
        let output = run(&mut dramabot(dir.path(), &args));
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}: nothing half-printed");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_console_game_night_plays_every_mode_a_hint_vote_and_a_season() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input =
        std::fs::read_to_string(repo().join("tests/sessions/gamenight.txt")).expect("game night");
    let output = console(
        dir.path(),
        &["console", "--now", "2026-11-22T09:00:00Z", "--seed", "7"],
        &input,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "The bot checks that it may give @champion (Manage Roles, its highest role above it): it may.",
        "votes for a hint on question 2: 1 of 2 votes.",
        "Only the game's starter, or a member who has answered in this game, can ask for a hint.",
        "💡 **Hint 1** for question 2 (the players voted)",
        "**Teams!** Press a button to join one of 2 teams within 30 seconds",
        "빨강 팀에 들어갔어요.",
        "이미 빨강 팀이에요. 한 게임에서는 한 팀으로만 뛸 수 있어요.",
        "**The teams are set!**",
        "┃ **1. Team ",
        "**Elimination!** 3 lives each",
        "┃ ▸ Lives\n",
        "`rounds` must be between 1 and 30.",
        "**Sudden death!** Your first wrong answer ends your game.",
        "is the last one standing!",
        "┃ Trivia leaderboard: this server, this season",
        "┃ 드라마 팬 서버를 위한",
        "┃ 사실: 주지훈",
        "`rounds`은(는) 1에서 30 사이여야 해요.",
        "이 채널에는 열린 문제가 없어요",
        "The bot gives @champion to 윤세리",
        "in #trivia-season] dramabot:\n  ┃ Trivia season over: final standings",
        "wins the season and gets @champion!",
        "📎 standings.png (",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("No message here has a button"), "{text}");
}
