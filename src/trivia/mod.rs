//! Trivia games: members answer multiple-choice questions from the packs against each other.
//!
//! `game` is the pure core: which questions a game asks (no repeat until a server has seen all),
//! the shuffled choices, the buttons' custom ids (tamper-checked), typed answers matched like cast
//! names, rounds, scoring and standings. The `/trivia` commands, their store tables and the timers
//! that open and close rounds build on it (the Trivia issue; not wired into the command table yet).

pub mod game;
