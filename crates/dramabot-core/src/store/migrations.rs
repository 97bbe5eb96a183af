//! The schema, as an append-only list of migrations.
//!
//! `PRAGMA user_version` records how many have been applied. Never edit or reorder a migration that
//! has shipped: add a new one at the end. A database whose version is higher than this list is long
//! was written by a newer dramabot, and is refused rather than guessed at.
//!
//! Pack items are never deleted: an item removed from its pack is marked `retired`, so that history
//! rows pointing at it (answers, posted quotes) stay valid under `foreign_keys = ON`. Every item table
//! keeps the item's canonical JSON in `data`, which is how a re-import tells "unchanged" from "updated".

/// Every migration, in order. The index + 1 is the `user_version` after it.
pub const MIGRATIONS: &[&str] = &[
    // 1: packs, their items, per-server settings, and a small key-value table for the bot itself.
    r#"
    CREATE TABLE pack (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL,
        title_ko      TEXT NOT NULL,
        network       TEXT NOT NULL,
        year          INTEGER NOT NULL,
        episodes      INTEGER NOT NULL,
        data          TEXT NOT NULL,
        file          TEXT NOT NULL,
        fingerprint   TEXT NOT NULL,
        imported_at   TEXT NOT NULL,
        retired       INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE source (
        pk       INTEGER PRIMARY KEY,
        pack     TEXT NOT NULL REFERENCES pack(id),
        slug     TEXT NOT NULL,
        outlet   TEXT NOT NULL,
        title    TEXT NOT NULL,
        date     TEXT NOT NULL,
        url      TEXT,
        data     TEXT NOT NULL,
        retired  INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    CREATE TABLE person (
        pk       INTEGER PRIMARY KEY,
        pack     TEXT NOT NULL REFERENCES pack(id),
        slug     TEXT NOT NULL,
        name     TEXT NOT NULL,
        name_ko  TEXT NOT NULL,
        note     TEXT,
        data     TEXT NOT NULL,
        retired  INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    CREATE TABLE character (
        pk           INTEGER PRIMARY KEY,
        pack         TEXT NOT NULL REFERENCES pack(id),
        slug         TEXT NOT NULL,
        name         TEXT NOT NULL,
        name_ko      TEXT NOT NULL,
        description  TEXT,
        source_pk    INTEGER REFERENCES source(pk),
        episode      INTEGER,
        data         TEXT NOT NULL,
        retired      INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    -- Other spellings of a person's or a character's name; rewritten whenever their owner changes.
    CREATE TABLE alias (
        pk            INTEGER PRIMARY KEY,
        person_pk     INTEGER REFERENCES person(pk),
        character_pk  INTEGER REFERENCES character(pk),
        text          TEXT NOT NULL,
        origin        TEXT NOT NULL CHECK (origin IN ('source', 'general')),
        CHECK ((person_pk IS NULL) <> (character_pk IS NULL))
    ) STRICT;
    CREATE INDEX alias_person ON alias(person_pk);
    CREATE INDEX alias_character ON alias(character_pk);

    CREATE TABLE credit (
        pk            INTEGER PRIMARY KEY,
        pack          TEXT NOT NULL REFERENCES pack(id),
        slug          TEXT NOT NULL,
        person_pk     INTEGER NOT NULL REFERENCES person(pk),
        role          TEXT NOT NULL,
        character_pk  INTEGER REFERENCES character(pk),
        source_pk     INTEGER NOT NULL REFERENCES source(pk),
        note          TEXT,
        episode       INTEGER,
        data          TEXT NOT NULL,
        retired       INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    CREATE TABLE fact (
        pk         INTEGER PRIMARY KEY,
        pack       TEXT NOT NULL REFERENCES pack(id),
        slug       TEXT NOT NULL,
        text       TEXT NOT NULL,
        source_pk  INTEGER NOT NULL REFERENCES source(pk),
        episode    INTEGER,
        data       TEXT NOT NULL,
        retired    INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    -- What a fact is about: exactly one of a person, a character or the drama; rewritten with its fact.
    CREATE TABLE fact_about (
        fact_pk       INTEGER NOT NULL REFERENCES fact(pk),
        person_pk     INTEGER REFERENCES person(pk),
        character_pk  INTEGER REFERENCES character(pk),
        drama         TEXT REFERENCES pack(id),
        CHECK ((person_pk IS NOT NULL) + (character_pk IS NOT NULL) + (drama IS NOT NULL) = 1)
    ) STRICT;
    CREATE INDEX fact_about_fact ON fact_about(fact_pk);

    CREATE TABLE quote (
        pk                    INTEGER PRIMARY KEY,
        pack                  TEXT NOT NULL REFERENCES pack(id),
        slug                  TEXT NOT NULL,
        text                  TEXT NOT NULL,
        speaker_person_pk     INTEGER REFERENCES person(pk),
        speaker_character_pk  INTEGER REFERENCES character(pk),
        kind                  TEXT NOT NULL CHECK (kind IN ('line', 'interview')),
        context               TEXT NOT NULL,
        source_pk             INTEGER NOT NULL REFERENCES source(pk),
        episode               INTEGER,
        data                  TEXT NOT NULL,
        retired               INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    CREATE TABLE question (
        pk           INTEGER PRIMARY KEY,
        pack         TEXT NOT NULL REFERENCES pack(id),
        slug         TEXT NOT NULL,
        question     TEXT NOT NULL,
        answer       TEXT NOT NULL,
        wrong        TEXT NOT NULL,   -- JSON array of the 3 wrong choices
        accept       TEXT NOT NULL,   -- JSON array of other accepted spellings
        difficulty   INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
        category     TEXT NOT NULL,
        explanation  TEXT,
        source_pk    INTEGER NOT NULL REFERENCES source(pk),
        episode      INTEGER,
        data         TEXT NOT NULL,
        retired      INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, slug)
    ) STRICT;

    -- One row per server that changed a setting; a server without a row uses the defaults.
    CREATE TABLE guild_settings (
        guild_id         INTEGER PRIMARY KEY,
        drama            TEXT REFERENCES pack(id),
        spoiler_episode  INTEGER,
        spoiler_mode     TEXT NOT NULL DEFAULT 'blur' CHECK (spoiler_mode IN ('hide', 'blur')),
        updated_at       TEXT NOT NULL
    ) STRICT;

    CREATE TABLE meta (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    ) STRICT;
    "#,
    // 2: the quote of the day and the daily post.
    r#"
    -- A server's daily post: where, when (a local time in an IANA zone), whether it is on, and what
    -- went wrong last. A server without a row has never set it up.
    CREATE TABLE qotd_settings (
        guild_id        INTEGER PRIMARY KEY,
        channel_id      INTEGER,
        post_time       TEXT NOT NULL DEFAULT '09:00',
        timezone        TEXT NOT NULL DEFAULT 'UTC',
        enabled         INTEGER NOT NULL DEFAULT 0,
        skip_date       TEXT,
        last_error      TEXT,
        last_error_at   TEXT,
        updated_at      TEXT NOT NULL
    ) STRICT;

    -- The quote of the day of a server, per local date: the same for everyone all day. `cycle`
    -- counts the passes through the drama's quotes; no quote repeats within a cycle.
    CREATE TABLE quote_of_day (
        guild_id    INTEGER NOT NULL,
        local_date  TEXT NOT NULL,
        quote_pk    INTEGER NOT NULL REFERENCES quote(pk),
        cycle       INTEGER NOT NULL,
        PRIMARY KEY (guild_id, local_date)
    ) STRICT;

    -- One row per server and local date that the daily post has dealt with. The row is written
    -- (status 'claimed') and committed before the message is sent, so no restart can post twice.
    CREATE TABLE qotd_post (
        guild_id    INTEGER NOT NULL,
        local_date  TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'missed', 'skipped')),
        quote_pk    INTEGER REFERENCES quote(pk),
        message_id  INTEGER,
        error       TEXT,
        claimed_at  TEXT NOT NULL,
        done_at     TEXT,
        PRIMARY KEY (guild_id, local_date)
    ) STRICT;
    "#,
    // 3: trivia games.
    r#"
    CREATE TABLE trivia_settings (
        guild_id         INTEGER PRIMARY KEY,
        time_limit_secs  INTEGER NOT NULL DEFAULT 20 CHECK (time_limit_secs BETWEEN 10 AND 120),
        allow_changes    INTEGER NOT NULL DEFAULT 0,
        typed_answers    INTEGER NOT NULL DEFAULT 1,
        updated_at       TEXT NOT NULL
    ) STRICT;

    -- A game: its questions in order, where it stands, and the players' streaks. `next_at` is
    -- when the next round opens (after the pause between questions); NULL while a round is open.
    CREATE TABLE trivia_game (
        id               INTEGER PRIMARY KEY,
        guild_id         INTEGER NOT NULL,
        channel_id       INTEGER NOT NULL,
        starter_id       INTEGER NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'abandoned')),
        questions        TEXT NOT NULL,
        time_limit_secs  INTEGER NOT NULL,
        allow_changes    INTEGER NOT NULL,
        current          INTEGER NOT NULL DEFAULT 0,
        next_at          TEXT,
        streaks          TEXT NOT NULL DEFAULT '{}',
        started_at       TEXT NOT NULL,
        ended_at         TEXT
    ) STRICT;
    CREATE UNIQUE INDEX trivia_one_running_game_per_channel ON trivia_game(channel_id)
        WHERE status = 'running';

    -- Each question asked: its live state (answers so far) as JSON, written at every press, and
    -- its result once closed.
    CREATE TABLE trivia_round (
        game_id     INTEGER NOT NULL REFERENCES trivia_game(id),
        idx         INTEGER NOT NULL,
        question_pk INTEGER NOT NULL REFERENCES question(pk),
        state       TEXT NOT NULL,
        closes_at   TEXT NOT NULL,
        message_id  INTEGER,
        result      TEXT,
        PRIMARY KEY (game_id, idx)
    ) STRICT;

    -- Every scored answer, for leaderboards and stats.
    CREATE TABLE trivia_answer (
        game_id      INTEGER NOT NULL REFERENCES trivia_game(id),
        idx          INTEGER NOT NULL,
        guild_id     INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,
        correct      INTEGER NOT NULL,
        points       INTEGER NOT NULL,
        answered_at  TEXT NOT NULL,
        PRIMARY KEY (game_id, idx, user_id)
    ) STRICT;
    CREATE INDEX trivia_answer_by_guild ON trivia_answer(guild_id, answered_at);

    -- The questions a server has seen in its current cycle.
    CREATE TABLE trivia_seen (
        guild_id     INTEGER NOT NULL,
        question_pk  INTEGER NOT NULL REFERENCES question(pk),
        PRIMARY KEY (guild_id, question_pk)
    ) STRICT;

    -- The name a member last played under, for leaderboards.
    CREATE TABLE trivia_member (
        user_id  INTEGER PRIMARY KEY,
        name     TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: when a server last turned its daily post on or moved it: a post whose time had already
    // passed then is not caught up as if the bot had been down.
    r#"
    ALTER TABLE qotd_settings ADD COLUMN schedule_changed_at TEXT;
    "#,
    // 5: a round as columns, its members' answers as rows, and its result read back from the
    // scored answers (`trivia_answer`) instead of JSON. Rounds written as JSON by migration 3's
    // schema are converted here, so games running across the upgrade carry on.
    r#"
    ALTER TABLE trivia_round RENAME TO trivia_round_json;

    -- A round asked in a game: the four choices in button order (A-D) and which is right.
    -- `closed_at` is set, once, when the round is scored; its scored answers are in trivia_answer.
    CREATE TABLE trivia_round (
        game_id       INTEGER NOT NULL REFERENCES trivia_game(id),
        idx           INTEGER NOT NULL,
        question_pk   INTEGER NOT NULL REFERENCES question(pk),
        difficulty    INTEGER NOT NULL,
        choice_a      TEXT NOT NULL,
        choice_b      TEXT NOT NULL,
        choice_c      TEXT NOT NULL,
        choice_d      TEXT NOT NULL,
        right_choice  INTEGER NOT NULL CHECK (right_choice BETWEEN 0 AND 3),
        opened_at     TEXT NOT NULL,
        closes_at     TEXT NOT NULL,
        closed_at     TEXT,
        message_id    INTEGER,
        PRIMARY KEY (game_id, idx)
    ) STRICT;

    -- One member's answer in a round, written at every press: a choice (0-3 for A-D), or typed
    -- text that reads as none of them.
    CREATE TABLE trivia_round_answer (
        game_id      INTEGER NOT NULL,
        idx          INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,
        choice       INTEGER CHECK (choice BETWEEN 0 AND 3),
        text         TEXT,
        answered_at  TEXT NOT NULL,
        PRIMARY KEY (game_id, idx, user_id),
        FOREIGN KEY (game_id, idx) REFERENCES trivia_round(game_id, idx),
        CHECK ((choice IS NULL) <> (text IS NULL))
    ) STRICT;

    -- The JSON kept times as milliseconds since the epoch; the store writes them as text with
    -- milliseconds, which strftime's %f gives.
    INSERT INTO trivia_round (game_id, idx, question_pk, difficulty, choice_a, choice_b, choice_c,
                              choice_d, right_choice, opened_at, closes_at, closed_at, message_id)
    SELECT game_id, idx, question_pk,
           json_extract(state, '$.difficulty'),
           json_extract(state, '$.choices.texts[0]'),
           json_extract(state, '$.choices.texts[1]'),
           json_extract(state, '$.choices.texts[2]'),
           json_extract(state, '$.choices.texts[3]'),
           json_extract(state, '$.choices.right'),
           strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(state, '$.opened_at') / 1000.0, 'unixepoch'),
           closes_at,
           CASE WHEN result IS NOT NULL THEN
               strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(result, '$.closed_at') / 1000.0, 'unixepoch')
           END,
           message_id
    FROM trivia_round_json;

    INSERT INTO trivia_round_answer (game_id, idx, user_id, choice, text, answered_at)
    SELECT r.game_id, r.idx, CAST(a.key AS INTEGER),
           json_extract(a.value, '$.pick.Choice'),
           json_extract(a.value, '$.pick.Text'),
           strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(a.value, '$.at') / 1000.0, 'unixepoch')
    FROM trivia_round_json r, json_each(r.state, '$.answers') a;

    DROP TABLE trivia_round_json;
    "#,
    // 6: the one scheduler's queue: each piece of timed work (a server's daily post, a trivia game)
    // with the instant it is next due. Filled at start-up from the settings and games, then kept
    // by the features as they change them.
    r#"
    CREATE TABLE due_work (
        kind    TEXT NOT NULL,
        key     INTEGER NOT NULL,
        due_at  TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) STRICT;
    CREATE INDEX due_work_by_time ON due_work (due_at);
    "#,
    // 7: each server's own bank: approved items live beside the packs' in the same tables, in one
    // pack per server (`pack.guild_id` set; NULL for a pack read from a file). A bank item names the
    // drama it is about in `drama` (a file pack's items leave it NULL: their pack is their drama).
    // `bank_item` is the ledger of what was approved and removed, by whom and when, keyed by the
    // id moderators use; `list_off` holds the lists (packs or the bank) a server turned off.
    r#"
    ALTER TABLE pack ADD COLUMN guild_id INTEGER;
    CREATE UNIQUE INDEX pack_one_bank_per_guild ON pack(guild_id) WHERE guild_id IS NOT NULL;
    ALTER TABLE fact ADD COLUMN drama TEXT REFERENCES pack(id);
    ALTER TABLE quote ADD COLUMN drama TEXT REFERENCES pack(id);
    ALTER TABLE question ADD COLUMN drama TEXT REFERENCES pack(id);

    CREATE TABLE bank_item (
        guild_id     INTEGER NOT NULL,
        slug         TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('question', 'quote', 'fact')),
        item_pk      INTEGER NOT NULL,
        approved_by  INTEGER NOT NULL,
        approved_at  TEXT NOT NULL,
        removed_by   INTEGER,
        removed_at   TEXT,
        PRIMARY KEY (guild_id, slug)
    ) STRICT;

    CREATE TABLE list_off (
        guild_id  INTEGER NOT NULL,
        pack      TEXT NOT NULL,
        PRIMARY KEY (guild_id, pack)
    ) STRICT;
    "#,
    // 8: members' submissions (questions, quotes, facts) awaiting review. `pack_toml` is the item as
    // a one-item pack, which the reviewer and the server's bank parse and validate again; the
    // source columns repeat what the member gave for lists and for "source needed". A reviewer's
    // claim (`claimed_by` until `claim_until`) keeps two reviewers off one item.
    r#"
    CREATE TABLE submission (
        id             INTEGER PRIMARY KEY,
        guild_id       INTEGER NOT NULL,
        user_id        INTEGER NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('question', 'quote', 'fact')),
        drama          TEXT NOT NULL,
        summary        TEXT NOT NULL,
        folded         TEXT NOT NULL,
        pack_toml      TEXT NOT NULL,
        source_url     TEXT,
        source_outlet  TEXT,
        source_title   TEXT,
        source_date    TEXT,
        state          TEXT NOT NULL
                       CHECK (state IN ('pending', 'source-needed', 'approved', 'rejected')),
        reason         TEXT,
        created_at     TEXT NOT NULL,
        decided_at     TEXT,
        decided_by     INTEGER,
        claimed_by     INTEGER,
        claim_until    TEXT
    ) STRICT;
    CREATE INDEX submission_by_member ON submission (guild_id, user_id, id);
    CREATE INDEX submission_by_state ON submission (guild_id, state, id);
    CREATE INDEX submission_by_text ON submission (guild_id, kind, folded);
    "#,
    // 9: a round may have no choices: a typed-answer question (a pack question without wrong
    // choices, as Red's trivia lists give them) has no buttons and is answered by typing. SQLite
    // cannot make a column nullable in place, so both round tables are rebuilt (the answers go
    // first, since their foreign key names the rounds) and their rows copied back.
    r#"
    CREATE TABLE trivia_round_answer_v6 AS SELECT * FROM trivia_round_answer;
    CREATE TABLE trivia_round_v6 AS SELECT * FROM trivia_round;
    DROP TABLE trivia_round_answer;
    DROP TABLE trivia_round;

    -- A round asked in a game: the four choices in button order (A-D) and which is right, or no
    -- choice at all (the five columns NULL) for a typed-answer question, whose right answer is
    -- recorded as choice 0. `closed_at` is set, once, when the round is scored.
    CREATE TABLE trivia_round (
        game_id       INTEGER NOT NULL REFERENCES trivia_game(id),
        idx           INTEGER NOT NULL,
        question_pk   INTEGER NOT NULL REFERENCES question(pk),
        difficulty    INTEGER NOT NULL,
        choice_a      TEXT,
        choice_b      TEXT,
        choice_c      TEXT,
        choice_d      TEXT,
        right_choice  INTEGER CHECK (right_choice BETWEEN 0 AND 3),
        opened_at     TEXT NOT NULL,
        closes_at     TEXT NOT NULL,
        closed_at     TEXT,
        message_id    INTEGER,
        PRIMARY KEY (game_id, idx),
        CHECK ((choice_a IS NULL) = (choice_b IS NULL) AND (choice_a IS NULL) = (choice_c IS NULL)
               AND (choice_a IS NULL) = (choice_d IS NULL)
               AND (choice_a IS NULL) = (right_choice IS NULL))
    ) STRICT;

    -- As in migration 5.
    CREATE TABLE trivia_round_answer (
        game_id      INTEGER NOT NULL,
        idx          INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,
        choice       INTEGER CHECK (choice BETWEEN 0 AND 3),
        text         TEXT,
        answered_at  TEXT NOT NULL,
        PRIMARY KEY (game_id, idx, user_id),
        FOREIGN KEY (game_id, idx) REFERENCES trivia_round(game_id, idx),
        CHECK ((choice IS NULL) <> (text IS NULL))
    ) STRICT;

    INSERT INTO trivia_round (game_id, idx, question_pk, difficulty, choice_a, choice_b, choice_c,
                              choice_d, right_choice, opened_at, closes_at, closed_at, message_id)
    SELECT game_id, idx, question_pk, difficulty, choice_a, choice_b, choice_c,
           choice_d, right_choice, opened_at, closes_at, closed_at, message_id
    FROM trivia_round_v6;
    INSERT INTO trivia_round_answer (game_id, idx, user_id, choice, text, answered_at)
    SELECT game_id, idx, user_id, choice, text, answered_at FROM trivia_round_answer_v6;
    DROP TABLE trivia_round_answer_v6;
    DROP TABLE trivia_round_v6;
    "#,
    // 10: the role a server lets review submissions besides Manage Server (`/settings reviewer`).
    // Its own table, so the settings row and its code stay as they are.
    r#"
    CREATE TABLE review_role (
        guild_id  INTEGER PRIMARY KEY,
        role_id   INTEGER NOT NULL,
        set_at    TEXT NOT NULL
    ) STRICT;
    "#,
    // 11: the scheduler's queue in the order it is read (due instant, then kind and key), so the
    // jobs due now come straight off the index, with no sort of every row due after downtime.
    r#"
    DROP INDEX due_work_by_time;
    CREATE INDEX due_work_by_time ON due_work (due_at, kind, key);
    "#,
    // 12: `/trivia start` picks among a large bank without reading it whole. `question_pick` finds
    // the questions a game may ask by list, category and difficulty, and covers the other columns
    // its filters read (retired, the spoiler guard's episode, the drama), so a small pool is read
    // from the index alone. `question_by_pack` gives each list's lowest and highest key at once:
    // the range a large pool is sampled from.
    r#"
    CREATE INDEX question_pick ON question (pack, category, difficulty, retired, episode, drama);
    CREATE INDEX question_by_pack ON question (pack);
    "#,
    // 13: trivia game modes. A game that is not classic has a row in `trivia_game_mode` (a
    // classic one has none, so games from before read as classic); its players (a team, lives,
    // the round that put them out) are rows of `trivia_player`, written as they change: a team
    // joined at the press, lives with the round that costs them.
    r#"
    CREATE TABLE trivia_game_mode (
        game_id     INTEGER PRIMARY KEY REFERENCES trivia_game(id),
        mode        TEXT NOT NULL CHECK (mode IN ('teams', 'elimination', 'sudden-death')),
        teams       INTEGER NOT NULL CHECK (teams BETWEEN 0 AND 4),
        join_until  TEXT
    ) STRICT;
    CREATE TABLE trivia_player (
        game_id  INTEGER NOT NULL REFERENCES trivia_game(id),
        user_id  INTEGER NOT NULL,
        team     INTEGER CHECK (team BETWEEN 0 AND 3),
        lives    INTEGER NOT NULL CHECK (lives >= 0),
        out_at   INTEGER,
        PRIMARY KEY (game_id, user_id)
    ) STRICT;
    "#,
    // 14: trivia hints. `trivia_hint` holds the hints given on a round (`n` counts from 1, each
    // given once) and when, which halves a right answer given after the first; `trivia_hint_vote`
    // holds the players' votes for hint `n` of a round, one per member. Both are written as they
    // happen, so a restart keeps a question's hints and its votes.
    r#"
    CREATE TABLE trivia_hint (
        game_id   INTEGER NOT NULL,
        idx       INTEGER NOT NULL,
        n         INTEGER NOT NULL CHECK (n >= 1),
        given_at  TEXT NOT NULL,
        PRIMARY KEY (game_id, idx, n),
        FOREIGN KEY (game_id, idx) REFERENCES trivia_round(game_id, idx)
    ) STRICT;

    CREATE TABLE trivia_hint_vote (
        game_id   INTEGER NOT NULL,
        idx       INTEGER NOT NULL,
        n         INTEGER NOT NULL CHECK (n >= 1),
        user_id   INTEGER NOT NULL,
        voted_at  TEXT NOT NULL,
        PRIMARY KEY (game_id, idx, n, user_id),
        FOREIGN KEY (game_id, idx) REFERENCES trivia_round(game_id, idx)
    ) STRICT;
    "#,
    // 15: the language a server fixed for its members (`/settings language`); no row: each
    // member's Discord locale. Its own table, so the settings row and its code stay as they are.
    r#"
    CREATE TABLE guild_language (
        guild_id  INTEGER PRIMARY KEY,
        language  TEXT NOT NULL CHECK (language IN ('en', 'ko')),
        set_at    TEXT NOT NULL
    ) STRICT;
    "#,
    // 16: one time zone per server, read by the daily post and by seasons; a server's daily-post
    // zone becomes its zone. Trivia seasons: each server's choice (`season_settings`, with the
    // reward role and what its last check found) and one row per season ended (`season_end`),
    // written and committed before its final standings are posted, so no restart posts twice;
    // the reward's own state (`reward_status`) lets the edge give and take the role once. A post
    // is `held` while the reward is being given, so that it can say whether that worked.
    r#"
    CREATE TABLE server_zone (
        guild_id  INTEGER PRIMARY KEY,
        timezone  TEXT NOT NULL,
        set_at    TEXT NOT NULL
    ) STRICT;
    INSERT INTO server_zone (guild_id, timezone, set_at)
        SELECT guild_id, timezone, updated_at FROM qotd_settings;

    CREATE TABLE season_settings (
        guild_id           INTEGER PRIMARY KEY,
        length             TEXT NOT NULL CHECK (length IN ('week', 'month', 'off')),
        channel_id         INTEGER,
        started_at         TEXT NOT NULL,
        reward_role_id     INTEGER,
        reward_problem     TEXT,
        reward_checked_at  TEXT,
        updated_at         TEXT NOT NULL
    ) STRICT;

    CREATE TABLE season_end (
        guild_id        INTEGER NOT NULL,
        ends_on         TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        ended_at        TEXT NOT NULL,
        channel_id      INTEGER NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('held', 'claimed', 'sent', 'failed', 'empty')),
        message_id      INTEGER,
        error           TEXT,
        claimed_at      TEXT NOT NULL,
        done_at         TEXT,
        winner_id       INTEGER,
        reward_role_id  INTEGER,
        reward_status   TEXT CHECK (reward_status IN ('pending', 'taken', 'done', 'failed')),
        reward_error    TEXT,
        PRIMARY KEY (guild_id, ends_on)
    ) STRICT;
    CREATE INDEX season_end_reward ON season_end (reward_status) WHERE reward_status = 'pending';
    "#,
    // 17: a trivia game's language, fixed when it starts (the server's `/settings language`, else
    // the starter's locale): its questions, answers and standings go to the channel in it, also
    // after a restart. Games from before read as English, as they were.
    r#"
    ALTER TABLE trivia_game ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ko'));
    "#,
    // 18: leases on due work, for a fleet of processes on one database: the process running a job
    // (`lease_owner`) and until when no other may take it (`lease_until`). A claimed job is also
    // due again at its lease's end, so a job whose process died is taken over then.
    r#"
    ALTER TABLE due_work ADD COLUMN lease_owner TEXT;
    ALTER TABLE due_work ADD COLUMN lease_until TEXT;
    "#,
    // 19: each of Discord's identify buckets with the instant (milliseconds since the epoch) it may
    // next be used, shared by every `dramabot run` of a fleet (`identify.rs`).
    r#"
    CREATE TABLE identify_slot (
        bucket      INTEGER PRIMARY KEY,
        free_at_ms  INTEGER NOT NULL
    ) STRICT;
    "#,
    // 20: a trivia game's version, counted up by every write of its state (`trivia.rs`): a write is
    // made only on the version it read, so that a `/trivia stop` and a round's change on two
    // processes never overwrite one another.
    r#"
    ALTER TABLE trivia_game ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    "#,
    // 21: a trivia game's last step whose messages are not yet recorded as sent (which step, when
    // it was taken, until when its sender's lease runs): another process sends them again once the
    // lease has ended (`trivia::run_job`), so that a process killed between a step and its send
    // loses no question, no closing and no standings.
    r#"
    ALTER TABLE trivia_game ADD COLUMN unsent_step TEXT;
    ALTER TABLE trivia_game ADD COLUMN unsent_since TEXT;
    ALTER TABLE trivia_game ADD COLUMN unsent_until TEXT;
    CREATE INDEX trivia_game_unsent ON trivia_game(id) WHERE unsent_step IS NOT NULL;
    "#,
];

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn every_migration_applies_in_order() {
        let conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
        for (n, sql) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("migration {} fails: {e}", n + 1));
        }
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity check");
        assert_eq!(check, "ok");
    }
}
