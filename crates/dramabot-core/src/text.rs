//! Text folding shared by every feature that compares what people type with what a pack says.
//!
//! `fold_with` is the one normaliser: case, accents, full-width forms and (unless asked to keep them)
//! spaces and punctuation do not matter. Name matching (romanisation variants, typos) builds on it in
//! the names module, and `damerau_levenshtein` is the one edit distance, for typos in names and
//! answers and for time zone suggestions.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What [`fold_with`] does with what is neither a letter nor a digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separators {
    /// Drop it: "Ju Ji-hoon" is "jujihoon". For comparing names, titles and answers.
    Drop,
    /// Keep punctuation, with blanks and underscores as single spaces and none at either end:
    /// "America/New_York" is "america/new york". For text whose punctuation means something (time
    /// zone names) or that is cut into words next.
    Keep,
}

/// How [`fold_with`] folds: what it keeps and how much it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldOptions {
    pub separators: Separators,
    /// Read at most this many characters and return at most this many; `None` reads it all. A bound
    /// keeps the work a hostile query causes small (name matching); a quote searched whole has none.
    pub max_chars: Option<usize>,
}

impl FoldOptions {
    /// What [`fold`] does: letters and digits only, all of the text.
    pub const LETTERS: FoldOptions = FoldOptions {
        separators: Separators::Drop,
        max_chars: None,
    };

    /// Punctuation and single spaces kept, all of the text.
    pub const WITH_SEPARATORS: FoldOptions = FoldOptions {
        separators: Separators::Keep,
        max_chars: None,
    };
}

/// Folds text for comparison: NFKC-compatible forms (full-width letters become ASCII), accents
/// dropped, lower case, and only letters and digits kept. Hangul syllables are kept whole.
pub fn fold(text: &str) -> String {
    fold_with(text, FoldOptions::LETTERS)
}

/// The one text fold of the bot: lower case, compatibility forms unified (full-width "ＪＵ" is
/// "ju"), accents dropped, Hangul kept as whole syllables, and separators dropped or kept as
/// `options` says.
///
/// Idempotent, never panics, and with a `max_chars` bound returns at most that many characters.
pub fn fold_with(text: &str, options: FoldOptions) -> String {
    let max = options.max_chars.unwrap_or(usize::MAX);
    // ASCII and whole Hangul syllables come out of the Unicode steps below as they went in (ASCII
    // lowered), and they are most of what packs and members write: such text skips the steps,
    // which cost most of a `/facts topic` answer. The same result, as a test checks.
    if text
        .chars()
        .take(max)
        .all(|c| c.is_ascii() || ('\u{ac00}'..='\u{d7a3}').contains(&c))
    {
        let keep_separators = options.separators == Separators::Keep;
        let folded = text
            .chars()
            .take(max)
            .map(|c| c.to_ascii_lowercase())
            .filter(move |&c| keep_separators || c.is_alphanumeric());
        return finish(folded, options);
    }
    fold_unicode(text, options)
}

/// [`fold_with`] through every Unicode step, whatever the text.
fn fold_unicode(text: &str, options: FoldOptions) -> String {
    let max = options.max_chars.unwrap_or(usize::MAX);
    let keep_separators = options.separators == Separators::Keep;
    let folded = text
        .chars()
        .take(max)
        // Lower case on both sides of NFKD: some letters only gain a lower case once decomposed
        // (ℌ → H), others decompose only once lowered.
        .flat_map(char::to_lowercase)
        .nfkd()
        .flat_map(char::to_lowercase)
        // Filter before recomposing: NFC must not see jamo that punctuation used to keep apart,
        // or a second fold would compose them and the fold would not be idempotent.
        .filter(move |&c| !is_combining_mark(c) && (keep_separators || c.is_alphanumeric()))
        .nfc();
    finish(folded, options)
}

/// The folded characters, bounded, with separators collapsed as `options` says.
fn finish(folded: impl Iterator<Item = char>, options: FoldOptions) -> String {
    let max = options.max_chars.unwrap_or(usize::MAX);
    if options.separators != Separators::Keep {
        return folded.take(max).collect();
    }
    let mut out = String::new();
    let mut blank = false;
    for c in folded {
        if c.is_whitespace() || c == '_' {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push(' ');
            blank = false;
        }
        out.push(c);
    }
    // The cap may cut just after a blank (a letter that expands into words, such as ﷺ): drop it,
    // or a second fold, which trims blanks at the ends, would differ.
    let mut capped: String = out.chars().take(max).collect();
    capped.truncate(capped.trim_end().len());
    capped
}

/// The words of `text`, folded like [`fold`] (case, accents and width do not matter), for finding
/// one text inside another on word boundaries: "Ju Ji-hoon" is `["ju", "ji", "hoon"]`.
pub fn words(text: &str) -> Vec<String> {
    fold_with(text, FoldOptions::WITH_SEPARATORS)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
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

/// The edit distance between `a` and `b` in characters with no bound (Levenshtein plus adjacent
/// transpositions, as [`damerau_levenshtein`]), for ranking a short list by nearness, as the time
/// zone suggestions do.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let most = a.len().max(b.len());
    // No distance exceeds the longer length, so with that bound there is always an answer.
    osa_bounded(&a, &b, most).unwrap_or(most)
}

/// Whether `needle` occurs in `haystack` as a run of whole words (both from [`words`]).
pub fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions and runs (unlike
/// `DefaultHasher`), for what is stored or sent and must be recognised later: pack fingerprints,
/// nonces, button tokens, the registered command table.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Shortens `text` to at most `max` characters, ending with an ellipsis when it had to cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `n` with the singular or plural noun: "1 quote", "12 quotes".
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_width_and_punctuation() {
        assert_eq!(fold("Ju Ji-hoon"), "jujihoon");
        assert_eq!(fold("ＪＵ ji’hoon"), "jujihoon");
        assert_eq!(fold("Crème Brûlée"), "cremebrulee");
        assert_eq!(fold("주지훈"), "주지훈");
        assert_eq!(fold("  "), "");
    }

    #[test]
    fn words_are_found_on_word_boundaries_only() {
        let question = words("Who plays Baek Kang-hyuk in Season 2?");
        assert!(contains_words(&question, &words("baek kang hyuk")));
        assert!(contains_words(&question, &words("2")));
        assert!(contains_words(&question, &words("Kang")));
        assert!(!contains_words(
            &question,
            &words("plays Baek Kang-hyuk in Season 20")
        ));
        assert!(!contains_words(&question, &words("hyu")));
        assert!(!contains_words(&question, &words("")));
        assert_eq!(words("ＪＵ Jí-hoon"), vec!["ju", "ji", "hoon"]);
    }

    #[test]
    fn fold_with_separators_keeps_punctuation_and_single_spaces() {
        assert_eq!(
            fold_with(" America/New_York ", FoldOptions::WITH_SEPARATORS),
            "america/new york"
        );
        assert_eq!(
            fold_with("ＥＴＣ/GMT+9  x", FoldOptions::WITH_SEPARATORS),
            "etc/gmt+9 x"
        );
        assert_eq!(
            fold_with("Asia/Séoul", FoldOptions::WITH_SEPARATORS),
            "asia/seoul"
        );
        let bounded = FoldOptions {
            max_chars: Some(3),
            ..FoldOptions::LETTERS
        };
        // The bound is on what is read, too: "Ju " leaves "ju".
        assert_eq!(fold_with("Ju Ji-hoon", bounded), "ju");
        assert_eq!(fold_with("JuJi-hoon", bounded), "juj");
        assert_eq!(fold("a".repeat(500).as_str()).len(), 500);
    }

    #[test]
    fn ascii_and_hangul_skip_the_unicode_steps_with_the_same_result() {
        let options = [
            FoldOptions::LETTERS,
            FoldOptions::WITH_SEPARATORS,
            FoldOptions {
                separators: Separators::Drop,
                max_chars: Some(5),
            },
            FoldOptions {
                separators: Separators::Keep,
                max_chars: Some(7),
            },
        ];
        for text in [
            "Ju Ji-hoon",
            "  America/New_York \t",
            "주지훈 (Ju Ji-hoon), 188 cm!",
            "Baek Kang-hyuk_ 백강혁 ",
            "",
            "\u{1}\u{7f}~",
        ] {
            for options in options {
                assert_eq!(
                    fold_with(text, options),
                    fold_unicode(text, options),
                    "{text:?} {options:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_short_way_folds_as_the_long_one(text in "[ -~\t\n가-힣]{0,40}") {
            for options in [FoldOptions::LETTERS, FoldOptions::WITH_SEPARATORS] {
                proptest::prop_assert_eq!(fold_with(&text, options), fold_unicode(&text, options));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_with_is_idempotent_and_bounded(text in proptest::prelude::any::<String>()) {
            let bounded = FoldOptions { max_chars: Some(20), ..FoldOptions::WITH_SEPARATORS };
            for options in [FoldOptions::LETTERS, FoldOptions::WITH_SEPARATORS, bounded] {
                let once = fold_with(&text, options);
                proptest::prop_assert_eq!(fold_with(&once, options), once.clone());
                proptest::prop_assert!(once.chars().count() <= options.max_chars.unwrap_or(usize::MAX));
            }
        }
    }

    #[test]
    fn edit_distance_counts_edits_and_transpositions_without_bound() {
        let d = edit_distance;
        assert_eq!(d("", ""), 0);
        assert_eq!(d("seol", "seoul"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("amercia", "america"), 1);
        assert_eq!(d("asia/seoul", "europe/london"), 12);
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn clip_keeps_short_text_and_marks_a_cut() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("주지훈입니다", 3), "주지…");
    }
}
