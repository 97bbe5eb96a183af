//! The store's side of trivia's game modes: a game's mode (`trivia_game_mode`, no row for a
//! classic game) and its players (`trivia_player`: a team, lives, the round that put them out).
//!
//! Everything is written as it changes, in the transaction of what changes it: the mode with the
//! game ([`super::Store::create_game`]), a team at the press ([`Store::join_team`]), lives
//! with the round that costs them ([`super::Store::close_round`]). So a restart finds the
//! game exactly as it stood, and the scheduler resumes it as it resumes a classic game.

use super::db::{self, Connection, OptionalExtension, params};
use super::trivia::parse_stamp;
use super::{Store, stamp};
use crate::error::Result;
use crate::ids::UserId;
use crate::trivia::modes::{GameMode, Mode, Player};

/// Writes a new game's mode; a classic game gets no row.
pub(super) fn insert_mode(conn: &Connection, game: i64, mode: &GameMode) -> Result<()> {
    if mode.mode == Mode::Classic {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO trivia_game_mode (game_id, mode, teams, join_until) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        game,
        mode.mode.as_str(),
        mode.teams,
        mode.join_until.map(stamp)
    ])?;
    write_players(
        conn,
        game,
        &mode.players.values().copied().collect::<Vec<_>>(),
    )
}

/// Writes players whose place in a game changed (new ones are added).
pub(super) fn write_players(conn: &Connection, game: i64, players: &[Player]) -> Result<()> {
    if players.is_empty() {
        return Ok(());
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO trivia_player (game_id, user_id, team, lives, out_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(game_id, user_id) DO UPDATE SET team = excluded.team, lives = excluded.lives,
             out_at = excluded.out_at",
    )?;
    for p in players {
        upsert.execute(params![game, UserId(p.user), p.team, p.lives, p.out_at])?;
    }
    Ok(())
}

impl Store {
    /// A game's mode and players; classic (no players) for a game without a mode row, such as
    /// every game from before modes.
    pub fn game_mode(&self, game: i64) -> Result<GameMode> {
        let row: Option<(String, u8, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT mode, teams, join_until FROM trivia_game_mode WHERE game_id = ?1",
            )?
            .query_row([game], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((mode, teams, join_until)) = row else {
            return Ok(GameMode::default());
        };
        let join_until = join_until.map(|t| parse_stamp(2, &t)).transpose()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT user_id, team, lives, out_at FROM trivia_player WHERE game_id = ?1",
        )?;
        let players = stmt
            .query_map([game], |r| {
                let user: UserId = r.get(0)?;
                Ok((
                    user.0,
                    Player {
                        user: user.0,
                        team: r.get(1)?,
                        lives: r.get(2)?,
                        out_at: r.get(3)?,
                    },
                ))
            })?
            .collect::<db::Result<_>>()?;
        Ok(GameMode {
            mode: Mode::parse(&mode),
            teams,
            join_until,
            players,
        })
    }

    /// Puts `user` on `team` in `game`, unless they are on a team already: the first press wins,
    /// even when two presses race. Returns the team they are on now.
    pub fn join_team(&self, game: i64, user: UserId, team: u8) -> Result<u8> {
        self.conn
            .prepare_cached(
                "INSERT INTO trivia_player (game_id, user_id, team, lives) VALUES (?1, ?2, ?3, 0)
                 ON CONFLICT(game_id, user_id) DO NOTHING",
            )?
            .execute(params![game, user, team])?;
        let on: Option<u8> = self
            .conn
            .prepare_cached("SELECT team FROM trivia_player WHERE game_id = ?1 AND user_id = ?2")?
            .query_row(params![game, user], |r| r.get(0))?;
        Ok(on.unwrap_or(team))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ChannelId, GuildId};
    use crate::model::{GameStatus, Scope, TriviaSettings};
    use crate::store::tests::store_with_sample;
    use crate::trivia::game::Round;
    use crate::trivia::tests::at;

    fn new_game(store: &mut Store, mode: &GameMode) -> i64 {
        let question = store
            .trivia_questions(Scope::default())
            .expect("questions")
            .remove(0);
        store
            .create_game(
                GuildId(1),
                ChannelId(2),
                UserId(3),
                &[question.key],
                &TriviaSettings::default(),
                None,
                mode,
                crate::i18n::Locale::English,
                at(0),
            )
            .expect("create")
            .expect("a new game")
    }

    #[test]
    fn a_classic_game_has_no_mode_row_and_reads_as_classic() {
        let mut store = store_with_sample();
        let id = new_game(&mut store, &GameMode::default());
        assert_eq!(store.game_mode(id).expect("mode"), GameMode::default());
        let rows: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM trivia_game_mode", params![], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(rows, 0);
        let game = store.game(id).expect("read").expect("game");
        assert_eq!(
            game.next_at,
            Some(at(0)),
            "the first question is due at once"
        );
    }

    #[test]
    fn a_teams_game_waits_for_its_window_and_keeps_each_members_first_team() {
        let mut store = store_with_sample();
        let mode = GameMode::new(Mode::Teams, 3, Some(at(30)));
        let id = new_game(&mut store, &mode);
        let game = store.game(id).expect("read").expect("game");
        assert_eq!(game.next_at, Some(at(30)));
        assert_eq!(
            store.due_at(crate::store::Job::Trivia(id)).expect("due"),
            Some(at(30)),
            "the scheduler wakes when the window closes"
        );
        assert_eq!(store.join_team(id, UserId(7), 2).expect("join"), 2);
        assert_eq!(
            store.join_team(id, UserId(7), 0).expect("join"),
            2,
            "the first team stands"
        );
        assert_eq!(store.join_team(id, UserId(8), 0).expect("join"), 0);
        let read = store.game_mode(id).expect("mode");
        assert_eq!(
            (read.mode, read.teams, read.join_until),
            (Mode::Teams, 3, Some(at(30)))
        );
        assert_eq!(read.team_of(7), Some(2));
        assert_eq!(read.team_of(8), Some(0));
    }

    #[test]
    fn lives_are_written_with_the_round_that_costs_them() {
        let mut store = store_with_sample();
        let mut mode = GameMode::new(Mode::Elimination, 0, None);
        let id = new_game(&mut store, &mode);
        let mut game = store.game(id).expect("read").expect("game");
        let question = store
            .trivia_question(game.questions[0])
            .expect("read")
            .expect("question");
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
        let mut round = Round::open(
            id,
            0,
            &question,
            at(1),
            std::time::Duration::from_secs(20),
            &mut rng,
        )
        .expect("round");
        game.next_at = None;
        assert!(store.open_round(&mut game, &round, at(1)).expect("open"));
        round.press(9, (round.right() + 1) % 4, at(2), false);
        let result = round
            .close(at(21), &mut game.streaks)
            .expect("a first close");
        let changed = mode.after_round(&result);
        game.status = GameStatus::Finished;
        assert!(
            store
                .close_round(&mut game, &round, &result, &changed, at(21))
                .expect("close")
                .closed()
        );
        let read = store.game_mode(id).expect("mode");
        assert_eq!(read.players[&9].lives, 2);
        // Closing again writes nothing, lives included.
        assert!(
            !store
                .close_round(&mut game, &round, &result, &changed, at(22))
                .expect("close")
                .closed()
        );
    }
}
