//! Name matching for `/cast`: finds the person or character a fan means, however the name is typed.
//!
//! Fans type Korean names every way: "joo ji hoon", "Ju Jihoon", "주지훈", "Jung Jae kwang" for
//! "Jeong Jae-kwang", the given name alone, given name first, with typos. A plain folded comparison
//! (what `crate::text::fold` gives the rest of the bot) misses most of these, so this module is the
//! matching engine behind `/cast name:` and its autocomplete.
//!
//! How it matches, best first (see [`MatchKind`]):
//! 1. the folded text equals a name (case, spaces, hyphens, apostrophes, accents and full-width
//!    forms do not matter);
//! 2. the text is the same Korean name under romanisation variants, compared syllable by syllable
//!    (`syllable`): Jung/Jeong/Chung, Lee/Yi/Rhee, Park/Bak, Kyung/Gyeong, Hangul and its
//!    romanisation…;
//! 3. the text is part of a name: the given name alone, the family name alone, or given name first;
//! 4. the text starts a name (what autocomplete is for; there it ranks right after 1 and 2);
//! 5. the text is a name with a typo or two (bounded Damerau–Levenshtein).
//!
//! [`NameIndex`] precomputes every name's folded forms, syllable keys and typo segments, and
//! answers from sorted tables, so a lookup does not scan the names.
//!
//! Every entry point cuts its input to [`MAX_INPUT_CHARS`] characters before doing any work, so a
//! 6,000-character query or a wall of emoji costs no more than a long name.

mod hangul;
mod index;
mod syllable;
#[doc(hidden)]
pub mod synthetic;

#[cfg(test)]
mod tests;

use crate::text::{FoldOptions, Separators, fold_with};

pub use hangul::romanize_hangul;
pub use index::NameIndex;
pub use syllable::variant_key;

/// Text beyond this many characters is ignored by every function here: no name is that long, and it
/// bounds the work a hostile query can cause.
pub const MAX_INPUT_CHARS: usize = 200;

/// [`fold`] never returns more than this many characters (compatibility decompositions can expand
/// one character into many; the cap equals [`MAX_INPUT_CHARS`] so that folding is idempotent).
pub const MAX_FOLDED_CHARS: usize = MAX_INPUT_CHARS;

/// How name matching folds: [`crate::text::fold_with`] letters and digits only, on at most
/// [`MAX_INPUT_CHARS`] characters.
pub const NAME_FOLD: FoldOptions = FoldOptions {
    separators: Separators::Drop,
    max_chars: Some(MAX_INPUT_CHARS),
};

/// Folds a name for comparison: [`crate::text::fold_with`] with [`NAME_FOLD`], so case, spaces,
/// hyphens, apostrophes, accents and full-width forms do not matter and Hangul stays whole syllables.
///
/// Idempotent, never panics, and returns at most [`MAX_FOLDED_CHARS`] characters.
pub fn fold(text: &str) -> String {
    fold_with(text, NAME_FOLD)
}

/// What kind of name an inserted spelling is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// The name the pack lists first (`name`); an exact match on it is a [`MatchKind::Exact`].
    Primary,
    /// Another spelling (`aliases`, `aliases_general`).
    Alias,
    /// The Hangul name (`name_ko`).
    Hangul,
}

/// How a query matched, best first; this order is how [`NameIndex::lookup`] ranks.
/// [`NameIndex::autocomplete`] moves [`MatchKind::Prefix`] up to just after
/// [`MatchKind::Variant`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The query is the primary name (folded).
    Exact,
    /// The query is an alias or the Hangul name (folded).
    Alias,
    /// The query is the same name in another romanisation (or Hangul ↔ romanised).
    Variant,
    /// The query is the given name alone, the family name alone, or the name given-name first.
    Partial,
    /// The query is the start of a name or of its given name.
    Prefix,
    /// The query is a name with one or two typos (never for queries of 1–3 letters).
    Typo,
}

/// One entry found for a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match<T> {
    /// The entry (person or character) the name belongs to.
    pub id: T,
    /// The spelling that matched, as inserted ("Joo Ji-hoon", "주지훈").
    pub name: String,
    /// How it matched.
    pub kind: MatchKind,
    /// Rank within `kind`, lower is better; only comparable between matches of the same kind.
    /// - Exact, Alias: 0.
    /// - Variant: 0 through the primary name, 1 through an alias, 2 through the Hangul name.
    /// - Partial: 0 given name first, 1 given name alone, 2 family name alone.
    /// - Prefix: 0 start of the name as spelt, 1 start of its given name (or given-name-first
    ///   form) as spelt, 2 and 3 the same read as syllables in another spelling ("joo ji" for
    ///   "Ju Ji-hoon", "배" for "백강혁").
    /// - Typo: 2 × edits (1 or 2), plus 1 when only the given name is that close.
    pub score: u32,
}
