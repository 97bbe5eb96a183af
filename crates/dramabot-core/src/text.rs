//! Text folding shared by every feature that compares what people type with what a pack says.
//!
//! `fold` is the common denominator: case, accents, full-width forms, spaces and punctuation do not
//! matter. Name matching (romanisation variants, typos) builds on it in the cast module.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for comparison: NFKC-compatible forms (full-width letters become ASCII), accents
/// dropped, lower case, and only letters and digits kept. Hangul syllables are kept whole.
pub fn fold(text: &str) -> String {
    normalised(text, |c| c.is_alphanumeric())
}

/// `text` in NFKC-compatible forms, without accents, in lower case, keeping the characters `keep`
/// accepts: what [`fold`] and [`words`] compare.
fn normalised<B: FromIterator<char>>(text: &str, keep: impl Fn(&char) -> bool) -> B {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .nfc()
        .flat_map(char::to_lowercase)
        .filter(keep)
        .collect()
}

/// The words of `text`, folded like [`fold`] (case, accents and width do not matter), for finding
/// one text inside another on word boundaries: "Ju Ji-hoon" is `["ju", "ji", "hoon"]`.
pub fn words(text: &str) -> Vec<String> {
    let folded: String = normalised(text, |_| true);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
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
