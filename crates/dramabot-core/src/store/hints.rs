//! The store's side of trivia hints: the hints given on a round and the players' votes for the
//! next one, written as they happen (a restart keeps both), each kept once by its primary key so
//! that two presses at once can neither give a hint twice nor count a vote twice.

use std::collections::BTreeSet;

use jiff::Timestamp;

use super::db::{self, params};
use super::{Store, stamp};
use crate::error::Result;
use crate::ids::UserId;

impl Store {
    /// When each hint of round `index` of `game` was given, first hint first.
    pub fn hints_given(&self, game: i64, index: u32) -> Result<Vec<Timestamp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT given_at FROM trivia_hint WHERE game_id = ?1 AND idx = ?2 ORDER BY n",
        )?;
        let rows = stmt.query_map(params![game, index], |r| {
            super::trivia::parse_stamp(0, &r.get::<_, String>(0)?)
        })?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Records hint `n` of a round as given at `now`. Returns `false`, changing nothing, when it
    /// was given already.
    pub fn give_hint(&self, game: i64, index: u32, n: u32, now: Timestamp) -> Result<bool> {
        let added = self
            .conn
            .prepare_cached(
                "INSERT INTO trivia_hint (game_id, idx, n, given_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![game, index, n, stamp(now)])?;
        Ok(added == 1)
    }

    /// Who has voted for hint `n` of a round.
    pub fn hint_votes(&self, game: i64, index: u32, n: u32) -> Result<BTreeSet<u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT user_id FROM trivia_hint_vote WHERE game_id = ?1 AND idx = ?2 AND n = ?3",
        )?;
        let rows = stmt.query_map(params![game, index, n], |r| {
            r.get::<_, UserId>(0).map(|u| u.0)
        })?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Records `user`'s vote for hint `n` of a round. Returns `false`, changing nothing, when they
    /// had voted for it already.
    pub fn add_hint_vote(
        &self,
        game: i64,
        index: u32,
        n: u32,
        user: UserId,
        now: Timestamp,
    ) -> Result<bool> {
        let added = self
            .conn
            .prepare_cached(
                "INSERT INTO trivia_hint_vote (game_id, idx, n, user_id, voted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(params![game, index, n, user, stamp(now)])?;
        Ok(added == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::trivia::tests::{open, started};
    use crate::trivia::tests::at;

    /// The sample store with a game in channel 2 and its first round open: (store, game id).
    fn open_round() -> (Store, i64) {
        let (mut store, mut game, question) = started();
        open(&mut store, &mut game, &question);
        (store, game.id)
    }
    #[test]
    fn hints_are_given_once_each_in_order() {
        let (store, game) = open_round();
        assert!(store.hints_given(game, 0).expect("read").is_empty());
        assert!(store.give_hint(game, 0, 1, at(3)).expect("give"));
        assert!(!store.give_hint(game, 0, 1, at(4)).expect("again"));
        assert!(store.give_hint(game, 0, 2, at(5)).expect("give"));
        assert_eq!(store.hints_given(game, 0).expect("read"), [at(3), at(5)]);
        assert!(store.hints_given(game, 1).expect("read").is_empty());
    }

    #[test]
    fn a_vote_counts_once_per_member_and_hint() {
        let (store, game) = open_round();
        assert!(
            store
                .add_hint_vote(game, 0, 1, UserId(1), at(1))
                .expect("vote")
        );
        assert!(
            !store
                .add_hint_vote(game, 0, 1, UserId(1), at(2))
                .expect("twice")
        );
        assert!(
            store
                .add_hint_vote(game, 0, 1, UserId(2), at(2))
                .expect("vote")
        );
        assert!(
            store
                .add_hint_vote(game, 0, 2, UserId(1), at(3))
                .expect("next")
        );
        assert_eq!(
            store.hint_votes(game, 0, 1).expect("read"),
            BTreeSet::from([1, 2])
        );
        assert_eq!(
            store.hint_votes(game, 0, 2).expect("read"),
            BTreeSet::from([1])
        );
        assert!(store.hint_votes(game, 0, 3).expect("read").is_empty());
    }

    #[test]
    fn hints_and_votes_need_their_round() {
        let (store, game) = open_round();
        assert!(store.give_hint(game, 5, 1, at(1)).is_err());
        assert!(store.add_hint_vote(game, 5, 1, UserId(1), at(1)).is_err());
    }
}
