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

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub use hangul::romanize_hangul;
pub use index::NameIndex;
pub use syllable::variant_key;

/// Text beyond this many characters is ignored by every function here: no name is that long, and it
/// bounds the work a hostile query can cause.
pub const MAX_INPUT_CHARS: usize = 200;

/// [`fold`] never returns more than this many characters (compatibility decompositions can expand
/// one character into many; the cap equals [`MAX_INPUT_CHARS`] so that folding is idempotent).
pub const MAX_FOLDED_CHARS: usize = MAX_INPUT_CHARS;

/// Folds text for comparison: lower case, compatibility forms unified (full-width "ＪＵ" is "ju"),
/// accents dropped, and only letters and digits kept, so case, spaces, hyphens and apostrophes do
/// not matter. Hangul stays Hangul (whole syllables).
///
/// Idempotent, never panics, and returns at most [`MAX_FOLDED_CHARS`] characters.
pub fn fold(text: &str) -> String {
    text.chars()
        .take(MAX_INPUT_CHARS)
        // Lower case on both sides of NFKD: some letters only gain a lower case once decomposed
        // (ℌ → H), others decompose only once lowered.
        .flat_map(char::to_lowercase)
        .nfkd()
        .flat_map(char::to_lowercase)
        // Filter before recomposing: NFC must not see jamo that punctuation used to keep apart,
        // or a second fold would compose them and the fold would not be idempotent.
        .filter(|&c| c.is_alphanumeric() && !is_combining_mark(c))
        .nfc()
        .take(MAX_FOLDED_CHARS)
        .collect()
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) between `a` and `b`
/// in characters, or `None` when it is more than `max`.
///
/// Only the diagonal band of width `2 × max + 1` is computed and the computation stops as soon as a
/// row exceeds `max`, so the cost is O(len × max) however long the strings are.
pub fn damerau_levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa_bounded(&a, &b, max)
}

/// [`damerau_levenshtein`] on characters already collected.
pub(crate) fn osa_bounded(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    // Cells outside the band hold `far`, which is more than `max` and cannot overflow when 1 is added.
    let far = max.saturating_add(1);
    let mut before: Vec<usize> = vec![far; m + 1]; // row i - 2
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(far)).collect(); // row i - 1
    let mut cur: Vec<usize> = vec![far; m + 1]; // row i
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = i.saturating_add(max).min(m);
        cur[0] = i.min(far);
        // This buffer last held row i - 3; the one cell left of the band must not leak from it.
        cur[lo - 1] = if lo == 1 { cur[0] } else { far };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            let d = d.min(far);
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if hi < m {
            // The cell right of the band is read by the next row; it was never written.
            cur[hi + 1] = far;
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= max).then_some(d)
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
