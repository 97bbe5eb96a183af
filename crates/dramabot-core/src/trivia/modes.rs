//! The rules of trivia's game modes, as plain functions and data, so they can be tested without
//! Discord or a store.
//!
//! - **Classic**: today's game; anyone may answer any question.
//! - **Teams**: before the first question, members press a button to join one of 2-4 teams during
//!   a short join window (the scheduler closes it by opening the first question). Only members on
//!   a team answer; a team's points are its members' points. A member plays for one team: a press
//!   on another team's button is refused (no switching, so nobody hops to a side mid-game).
//! - **Elimination**: three lives; a wrong answer, or no answer from a member still in the game,
//!   costs one. The last member standing wins: the game ends when one (or none) is left, or when
//!   the questions run out.
//! - **Sudden death**: one life; the first wrong answer ends a member's game (a missed question
//!   does not). It ends like elimination.
//!
//! In the two modes with lives, members enter with their answer to the first question anybody
//! answers; later arrivals are told the game is under way, so nobody joins with full lives after
//! others have lost theirs. A lone entrant plays on until out or out of questions.
//!
//! Every text a member sees about modes is here, from the catalogues (`locales/*/trivia.ftl`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::{SignedDuration, Timestamp};

use super::game::{self, RoundResult, Standing};
use crate::i18n::{Locale, msg, text, tr};

/// The router's prefix for the team join buttons (the custom id is `trivia-team:GAME:TEAM`).
pub const TEAM_PREFIX: &str = "trivia-team:";
/// How long members have to join a team before the first question, unless the app is given
/// another ([`crate::router::App::with_join_window`], from the config's `trivia.join_seconds`).
pub const JOIN_WINDOW: SignedDuration = SignedDuration::from_secs(30);
/// Lives in an elimination game.
pub const LIVES: u8 = 3;
/// The fewest and most teams a teams game may have.
pub const MIN_TEAMS: u8 = 2;
/// See [`MIN_TEAMS`].
pub const MAX_TEAMS: u8 = 4;

/// How a game is played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Today's game.
    #[default]
    Classic,
    /// Members play in teams joined before the first question.
    Teams,
    /// Three lives; a wrong or missing answer costs one.
    Elimination,
    /// The first wrong answer ends a member's game.
    SuddenDeath,
}

impl Mode {
    /// Every mode with its word in `/trivia start mode:` and in the store.
    pub const ALL: [(&'static str, Mode); 4] = [
        ("classic", Mode::Classic),
        ("teams", Mode::Teams),
        ("elimination", Mode::Elimination),
        ("sudden-death", Mode::SuddenDeath),
    ];

    /// The mode's word (`classic`, `teams`, `elimination`, `sudden-death`).
    pub fn as_str(self) -> &'static str {
        Mode::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("classic", |(word, _)| word)
    }

    /// The mode a word names; an unknown word reads as classic.
    pub fn parse(word: &str) -> Mode {
        Mode::ALL
            .iter()
            .find(|(w, _)| *w == word)
            .map_or(Mode::Classic, |(_, m)| *m)
    }

    /// The lives a member starts with, in the modes that have them.
    pub fn starting_lives(self) -> Option<u8> {
        match self {
            Mode::Elimination => Some(LIVES),
            Mode::SuddenDeath => Some(1),
            Mode::Classic | Mode::Teams => None,
        }
    }

    /// Whether members are out once their lives are gone.
    pub fn has_lives(self) -> bool {
        self.starting_lives().is_some()
    }
}

/// One member's place in a game that is not classic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Player {
    /// The member.
    pub user: u64,
    /// Their team (0 is the first), in a teams game.
    pub team: Option<u8>,
    /// Lives left, in the modes with lives (0 once out).
    pub lives: u8,
    /// The round (0 is the first question) that put them out.
    pub out_at: Option<u32>,
}

impl Player {
    /// Whether the member is still in the game.
    pub fn is_in(&self) -> bool {
        self.out_at.is_none()
    }
}

/// A game's mode and its players, as stored; a classic game has no players here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GameMode {
    /// How it is played.
    pub mode: Mode,
    /// How many teams (2-4) in a teams game; 0 otherwise.
    pub teams: u8,
    /// When the join window closes, in a teams game.
    pub join_until: Option<Timestamp>,
    /// The players, by member.
    pub players: BTreeMap<u64, Player>,
}

/// Why a member may not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A teams game, and they joined no team before the first question.
    NoTeam,
    /// A game with lives, and theirs are gone.
    Out,
    /// A game with lives that began without them.
    TooLate,
}

impl GameMode {
    /// The game's mode at its start, before anyone plays.
    pub fn new(mode: Mode, teams: u8, join_until: Option<Timestamp>) -> GameMode {
        GameMode {
            mode,
            teams: if mode == Mode::Teams { teams } else { 0 },
            join_until: join_until.filter(|_| mode == Mode::Teams),
            players: BTreeMap::new(),
        }
    }

    /// Whether members can still join a team at `now`.
    pub fn join_open(&self, now: Timestamp) -> bool {
        self.mode == Mode::Teams && self.join_until.is_some_and(|until| now < until)
    }

    /// Whether `user` may answer a question now, given the game so far.
    pub fn may_answer(&self, user: u64) -> Result<(), Refusal> {
        match (self.mode, self.players.get(&user)) {
            (Mode::Classic, _) => Ok(()),
            (Mode::Teams, Some(p)) if p.team.is_some() => Ok(()),
            (Mode::Teams, _) => Err(Refusal::NoTeam),
            (_, Some(p)) if p.is_in() => Ok(()),
            (_, Some(_)) => Err(Refusal::Out),
            // Nobody has played a closed round yet: this answer enters them.
            (_, None) if self.players.is_empty() => Ok(()),
            (_, None) => Err(Refusal::TooLate),
        }
    }

    /// The members a round waits for before it may close early: in classic, everyone who has
    /// answered so far (see [`game::players`]); in teams, the members on a team; with lives, the
    /// members still in.
    pub fn waiting_for(&self, results: &[RoundResult]) -> BTreeSet<u64> {
        match self.mode {
            Mode::Classic => game::players(results),
            Mode::Teams => self
                .players
                .values()
                .filter(|p| p.team.is_some())
                .map(|p| p.user)
                .collect(),
            Mode::Elimination | Mode::SuddenDeath => self
                .players
                .values()
                .filter(|p| p.is_in())
                .map(|p| p.user)
                .collect(),
        }
    }

    /// Applies a closed round to the players' lives: members who answered for the first time
    /// enter, a wrong answer costs a life, and in elimination so does no answer from a member
    /// still in. Returns the players that changed, for the store to write with the round.
    pub fn after_round(&mut self, result: &RoundResult) -> Vec<Player> {
        let Some(lives) = self.mode.starting_lives() else {
            return Vec::new();
        };
        let mut changed = BTreeSet::new();
        for answer in &result.answers {
            if let std::collections::btree_map::Entry::Vacant(entry) =
                self.players.entry(answer.user)
            {
                entry.insert(Player {
                    user: answer.user,
                    team: None,
                    lives,
                    out_at: None,
                });
                changed.insert(answer.user);
            }
        }
        let answered: BTreeMap<u64, bool> =
            result.answers.iter().map(|a| (a.user, a.correct)).collect();
        for player in self.players.values_mut().filter(|p| p.is_in()) {
            let costs = match answered.get(&player.user) {
                Some(correct) => !correct,
                None => self.mode == Mode::Elimination,
            };
            if costs {
                player.lives = player.lives.saturating_sub(1);
                if player.lives == 0 {
                    player.out_at = Some(result.index);
                }
                changed.insert(player.user);
            }
        }
        changed
            .into_iter()
            .filter_map(|user| self.players.get(&user).copied())
            .collect()
    }

    /// Whether a game with lives is decided: one member is left of several, or nobody is.
    pub fn is_decided(&self) -> bool {
        if !self.mode.has_lives() || self.players.is_empty() {
            return false;
        }
        let left = self.players.values().filter(|p| p.is_in()).count();
        left == 0 || (left == 1 && self.players.len() > 1)
    }

    /// The one member left in a decided game with lives.
    pub fn last_standing(&self) -> Option<u64> {
        let mut left = self.players.values().filter(|p| p.is_in());
        match (left.next(), left.next()) {
            (Some(p), None) if self.is_decided() => Some(p.user),
            _ => None,
        }
    }

    /// A member's team.
    pub fn team_of(&self, user: u64) -> Option<u8> {
        self.players.get(&user).and_then(|p| p.team)
    }
}

/// What a press of a team's button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// The member joins this team.
    Joined(u8),
    /// They are on a team already (this one or another): it stands.
    Already(u8),
    /// The join window has closed (or the game is over).
    Closed,
}

/// Whether `user` may join `team` at `now` (a team the button names, within the game's teams).
pub fn join(mode: &GameMode, user: u64, team: u8, now: Timestamp) -> Join {
    if let Some(on) = mode.team_of(user) {
        return Join::Already(on);
    }
    if !mode.join_open(now) || team >= mode.teams {
        return Join::Closed;
    }
    Join::Joined(team)
}

/// The custom id of team `team`'s join button in `game`.
pub fn team_button_id(game: i64, team: u8) -> String {
    format!("{TEAM_PREFIX}{game}:{team}")
}

/// A custom id that [`team_button_id`] did not make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadTeamButton;

impl fmt::Display for BadTeamButton {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a team button")
    }
}

impl std::error::Error for BadTeamButton {}

/// Reads what follows [`TEAM_PREFIX`] in a join button's custom id: the game and the team.
/// Anything but the exact form [`team_button_id`] writes is refused, as answer buttons are.
pub fn parse_team_button(rest: &str) -> Result<(i64, u8), BadTeamButton> {
    let mut parts = rest.split(':');
    let game = game::canonical::<i64>(parts.next()).map_err(|_| BadTeamButton)?;
    let team = game::canonical::<u8>(parts.next()).map_err(|_| BadTeamButton)?;
    if parts.next().is_some() || rest.len() > 100 || team >= MAX_TEAMS {
        return Err(BadTeamButton);
    }
    Ok((game, team))
}

/// One team's line of the standings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamStanding {
    /// The team (0 is the first).
    pub team: u8,
    /// Its members' points together.
    pub points: u32,
    /// Its members, best first (members who never scored at 0).
    pub members: Vec<Standing>,
}

/// The teams' standings after a game whose members' standings are `table`: most points first,
/// then the lower team number, so equal teams always list in the same order.
pub fn team_standings(mode: &GameMode, table: &[Standing]) -> Vec<TeamStanding> {
    let mut teams: Vec<TeamStanding> = (0..mode.teams)
        .map(|team| TeamStanding {
            team,
            points: 0,
            members: Vec::new(),
        })
        .collect();
    let by_user: BTreeMap<u64, Standing> = table.iter().map(|s| (s.user, *s)).collect();
    for player in mode.players.values() {
        let Some(team) = player.team.and_then(|t| teams.get_mut(usize::from(t))) else {
            continue;
        };
        let standing = by_user.get(&player.user).copied().unwrap_or(Standing {
            user: player.user,
            points: 0,
            correct: 0,
        });
        team.points = team.points.saturating_add(standing.points);
        team.members.push(standing);
    }
    for team in &mut teams {
        team.members.sort_by(|a, b| {
            b.points
                .cmp(&a.points)
                .then(b.correct.cmp(&a.correct))
                .then(a.user.cmp(&b.user))
        });
    }
    teams.sort_by(|a, b| b.points.cmp(&a.points).then(a.team.cmp(&b.team)));
    teams
}

/// The members' standings in a game with lives: those still in first, then those out, the later
/// out the higher; within each, by the usual standings order (`table`'s). Everyone who entered
/// is listed, each with their place in the game.
pub fn survival_order(mode: &GameMode, table: &[Standing]) -> Vec<(Standing, Option<Player>)> {
    let mut rows: Vec<(Standing, Option<Player>)> = table
        .iter()
        .map(|s| (*s, mode.players.get(&s.user).copied()))
        .collect();
    // A stable sort keeps `table`'s order within equal places.
    rows.sort_by_key(|(_, p)| survival_place(p.as_ref()));
    rows
}

/// Where a member stands in a game with lives, lower first: still in (more lives first), then
/// out (the later out the higher), then never entered. Members with the same place and points
/// share a rank.
pub fn survival_place(player: Option<&Player>) -> (u8, u32) {
    match player {
        Some(p) if p.is_in() => (0, u32::MAX - u32::from(p.lives)),
        Some(p) => (1, u32::MAX - p.out_at.unwrap_or(0)),
        None => (2, 0),
    }
}

// ---------------------------------------------------------------------------------------------
// Text

/// A team's name (Red, Blue, Green, Yellow).
pub fn team_name(team: u8, locale: Locale) -> String {
    tr(locale, msg::TRIVIA_TEAM_NAME, &[("team", team.into())])
}

/// What a member is told when they may not answer.
pub fn refusal_text(refusal: Refusal, locale: Locale) -> String {
    text(
        locale,
        match refusal {
            Refusal::NoTeam => msg::TRIVIA_REFUSAL_NO_TEAM,
            Refusal::Out => msg::TRIVIA_REFUSAL_OUT,
            Refusal::TooLate => msg::TRIVIA_REFUSAL_TOO_LATE,
        },
    )
}

/// What a member is told about a press of a team's button.
pub fn join_text(join: Join, locale: Locale) -> String {
    let on = |id, team| tr(locale, id, &[("team", team_name(team, locale).into())]);
    match join {
        Join::Joined(team) => on(msg::TRIVIA_JOIN_JOINED, team),
        Join::Already(team) => on(msg::TRIVIA_JOIN_ALREADY, team),
        Join::Closed => text(locale, msg::TRIVIA_JOIN_CLOSED),
    }
}

/// The line `/trivia start` adds about the mode (nothing for classic).
pub fn start_text(
    mode: Mode,
    teams: u8,
    join_window: SignedDuration,
    locale: Locale,
) -> Option<String> {
    match mode {
        Mode::Classic => None,
        Mode::Teams => Some(tr(
            locale,
            msg::TRIVIA_START_TEAMS,
            &[
                ("teams", teams.into()),
                ("seconds", join_window.as_secs().into()),
            ],
        )),
        Mode::Elimination => Some(tr(
            locale,
            msg::TRIVIA_START_ELIMINATION,
            &[("lives", LIVES.into())],
        )),
        Mode::SuddenDeath => Some(text(locale, msg::TRIVIA_START_SUDDEN_DEATH)),
    }
}

/// The message that closes the join window: the teams as they will play.
pub fn lineup_text(mode: &GameMode, name_of: impl Fn(u64) -> String, locale: Locale) -> String {
    let mut lines = vec![text(locale, msg::TRIVIA_LINEUP_TITLE)];
    for team in 0..mode.teams {
        let members: Vec<String> = mode
            .players
            .values()
            .filter(|p| p.team == Some(team))
            .map(|p| name_of(p.user))
            .collect();
        let who = if members.is_empty() {
            text(locale, msg::TRIVIA_LINEUP_NOBODY)
        } else {
            members.join(", ")
        };
        lines.push(format!("**{}**: {who}", team_name(team, locale)));
    }
    lines.join("\n")
}

/// How a member stands in a game with lives, for the standings ("2 lives", "still in" in sudden
/// death, "out on Q3").
pub fn lives_text(mode: Mode, player: Option<&Player>, locale: Locale) -> Option<String> {
    let p = player?;
    Some(match (p.is_in(), mode) {
        (true, Mode::SuddenDeath) => text(locale, msg::TRIVIA_LIVES_STILL_IN),
        (true, _) => tr(locale, msg::TRIVIA_LIVES_LEFT, &[("lives", p.lives.into())]),
        (false, _) => tr(
            locale,
            msg::TRIVIA_LIVES_OUT_ON,
            &[("number", (p.out_at.unwrap_or(0) + 1).into())],
        ),
    })
}

/// Who is still in a game with lives, with their hearts, and who is out: the line under each
/// closed question. `None` in the other modes, and before anyone entered.
pub fn lives_line(
    mode: &GameMode,
    name_of: impl Fn(u64) -> String,
    locale: Locale,
) -> Option<String> {
    if !mode.mode.has_lives() || mode.players.is_empty() {
        return None;
    }
    let mut players: Vec<&Player> = mode.players.values().collect();
    players.sort_by_key(|p| (!p.is_in(), u8::MAX - p.lives, p.user));
    let (inside, out): (Vec<&Player>, Vec<&Player>) = players.into_iter().partition(|p| p.is_in());
    let mut line = inside
        .iter()
        .map(|p| format!("{} {}", name_of(p.user), "❤️".repeat(usize::from(p.lives))))
        .collect::<Vec<_>>()
        .join(" · ");
    if !out.is_empty() {
        let names: Vec<String> = out.iter().map(|p| name_of(p.user)).collect();
        // Nobody still in: the line is only who is out, with no empty line above it.
        if !line.is_empty() {
            line.push('\n');
        }
        line.push_str(&tr(
            locale,
            msg::TRIVIA_LIVES_OUT,
            &[("names", names.join(", ").into())],
        ));
    }
    Some(line)
}

/// The line naming an elimination or sudden-death game's winner, saying nobody was left, or (a
/// game whose questions ran out, or that was stopped, with several still in) who is still
/// standing. `None` in the other modes. `plain` writes it for the card: no Markdown, no emoji.
pub fn winner_text(
    mode: &GameMode,
    name_of: impl Fn(u64) -> String,
    locale: Locale,
    plain: bool,
) -> Option<String> {
    if !mode.mode.has_lives() || mode.players.is_empty() {
        return None;
    }
    if !mode.is_decided() {
        let mut inside: Vec<&Player> = mode.players.values().filter(|p| p.is_in()).collect();
        inside.sort_by_key(|p| (u8::MAX - p.lives, p.user));
        let names: Vec<String> = inside.iter().map(|p| name_of(p.user)).collect();
        return Some(tr(
            locale,
            msg::TRIVIA_STILL_STANDING,
            &[("names", names.join(", ").into())],
        ));
    }
    Some(match mode.last_standing() {
        Some(user) => tr(
            locale,
            if plain {
                msg::TRIVIA_CARD_WINNER
            } else {
                msg::TRIVIA_WINNER
            },
            &[("name", name_of(user).into())],
        ),
        None => text(locale, msg::TRIVIA_WINNER_NOBODY),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trivia::game::{Pick, ScoredAnswer};
    use crate::trivia::tests::at;

    /// A closed round `index` where each of `answers` (member, right?) answered.
    fn result(index: u32, answers: &[(u64, bool)]) -> RoundResult {
        RoundResult {
            game: 1,
            index,
            question: 1,
            right_choice: 0,
            closed_at: at(0),
            winners: Vec::new(),
            answers: answers
                .iter()
                .map(|&(user, correct)| ScoredAnswer {
                    user,
                    pick: Pick::Choice(u8::from(!correct)),
                    correct,
                    points: if correct { 100 } else { 0 },
                })
                .collect(),
            nobody_answered: answers.is_empty(),
        }
    }

    #[test]
    fn words_round_trip_and_unknown_words_read_as_classic() {
        for (word, mode) in Mode::ALL {
            assert_eq!(Mode::parse(word), mode);
            assert_eq!(mode.as_str(), word);
        }
        assert_eq!(Mode::parse("chess"), Mode::Classic);
    }

    #[test]
    fn elimination_costs_a_life_for_a_wrong_or_missing_answer_and_ends_with_one_left() {
        let mut mode = GameMode::new(Mode::Elimination, 0, None);
        assert_eq!(mode.may_answer(1), Ok(()), "anyone enters at first");
        // Round 1: three enter; 3 is wrong.
        let changed = mode.after_round(&result(0, &[(1, true), (2, true), (3, false)]));
        assert_eq!(changed.len(), 3);
        assert_eq!(mode.players[&3].lives, 2);
        assert_eq!(mode.may_answer(4), Err(Refusal::TooLate));
        // Round 2: 2 misses it, 3 is wrong again.
        mode.after_round(&result(1, &[(1, true), (3, false)]));
        assert_eq!(
            (mode.players[&2].lives, mode.players[&3].lives),
            (LIVES - 1, 1)
        );
        assert!(!mode.is_decided());
        // Round 3: 3 goes out; 2 loses another life.
        let changed = mode.after_round(&result(2, &[(1, true), (2, false), (3, false)]));
        assert_eq!(
            changed.iter().map(|p| p.user).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert_eq!(mode.players[&3].out_at, Some(2));
        assert_eq!(mode.may_answer(3), Err(Refusal::Out));
        assert_eq!(mode.waiting_for(&[]), BTreeSet::from([1, 2]));
        // Round 4: 2 misses once more and goes out; 1 is the last one standing.
        mode.after_round(&result(3, &[(1, false)]));
        assert!(mode.is_decided());
        assert_eq!(mode.last_standing(), Some(1));
        assert_eq!(mode.players[&1].lives, LIVES - 1);
        let table = game::standings(&[]);
        assert!(survival_order(&mode, &table).is_empty());
    }

    #[test]
    fn sudden_death_ends_a_members_game_on_the_first_wrong_answer_only() {
        let mut mode = GameMode::new(Mode::SuddenDeath, 3, None);
        assert_eq!(mode.teams, 0, "teams belong to the teams mode");
        mode.after_round(&result(0, &[(1, true), (2, true), (3, true)]));
        // A missed question costs nothing; a wrong answer ends it.
        mode.after_round(&result(1, &[(1, true), (2, false)]));
        assert!(mode.players[&3].is_in());
        assert_eq!(mode.players[&2].out_at, Some(1));
        mode.after_round(&result(2, &[(1, false), (3, false)]));
        assert!(mode.is_decided());
        assert_eq!(mode.last_standing(), None, "nobody is left");
        let rounds = [
            result(0, &[(1, true), (2, true), (3, true)]),
            result(1, &[(1, true), (2, false)]),
        ];
        let order: Vec<u64> = survival_order(&mode, &game::standings(&rounds))
            .iter()
            .map(|(s, _)| s.user)
            .collect();
        // 1 and 3 went out on Q3 (1 with more points), 2 on Q2.
        assert_eq!(order, vec![1, 3, 2]);
    }

    #[test]
    fn a_lone_player_plays_on_until_out() {
        let mut mode = GameMode::new(Mode::Elimination, 0, None);
        mode.after_round(&result(0, &[(1, true)]));
        assert!(!mode.is_decided(), "one entrant is not a last one standing");
        for index in 1..=3 {
            mode.after_round(&result(index, &[]));
        }
        assert!(mode.is_decided());
    }

    #[test]
    fn teams_join_once_within_the_window_and_score_their_members_points() {
        let mut mode = GameMode::new(Mode::Teams, 2, Some(at(30)));
        assert_eq!(join(&mode, 1, 0, at(1)), Join::Joined(0));
        for (user, team) in [(1, 0), (2, 1), (3, 1)] {
            mode.players.insert(
                user,
                Player {
                    user,
                    team: Some(team),
                    lives: 0,
                    out_at: None,
                },
            );
        }
        assert_eq!(join(&mode, 1, 1, at(2)), Join::Already(0), "no switching");
        assert_eq!(join(&mode, 4, 2, at(2)), Join::Closed, "only 2 teams");
        assert_eq!(
            join(&mode, 4, 0, at(30)),
            Join::Closed,
            "the window is over"
        );
        assert_eq!(mode.may_answer(4), Err(Refusal::NoTeam));
        assert_eq!(mode.may_answer(2), Ok(()));
        assert_eq!(mode.waiting_for(&[]), BTreeSet::from([1, 2, 3]));
        assert!(mode.after_round(&result(0, &[(1, false)])).is_empty());
        let table = game::standings(&[result(0, &[(1, true), (2, true)]), result(1, &[(1, true)])]);
        let teams = team_standings(&mode, &table);
        assert_eq!(
            teams
                .iter()
                .map(|t| (t.team, t.points, t.members.len()))
                .collect::<Vec<_>>(),
            vec![(0, 200, 1), (1, 100, 2)]
        );
        assert_eq!(teams[1].members[1].points, 0, "a member who never scored");
    }

    #[test]
    fn team_buttons_read_back_only_as_written() {
        assert_eq!(parse_team_button("7:3"), Ok((7, 3)));
        let id = team_button_id(42, 1);
        assert_eq!(parse_team_button(&id[TEAM_PREFIX.len()..]), Ok((42, 1)));
        for bad in ["7:4", "07:1", "7:+1", "7", "7:1:0", "x:1", ""] {
            assert_eq!(parse_team_button(bad), Err(BadTeamButton), "{bad}");
        }
    }

    #[test]
    fn the_lives_line_has_no_empty_line_when_everyone_is_out() {
        let out = |user, out_at| Player {
            user,
            team: None,
            lives: 0,
            out_at: Some(out_at),
        };
        let mode = GameMode {
            mode: Mode::SuddenDeath,
            teams: 0,
            join_until: None,
            players: [out(1, 0), out(2, 1)]
                .into_iter()
                .map(|p| (p.user, p))
                .collect(),
        };
        let line = lives_line(&mode, |user| format!("p{user}"), Locale::English).expect("a line");
        assert_eq!(line, "Out: p1, p2");
    }
}
