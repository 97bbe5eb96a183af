//! Hangul syllables: taking them apart into jamo, Revised Romanization, and the syllable model the
//! matcher compares.
//!
//! A precomposed syllable (U+AC00..=U+D7A3) is arithmetic over three jamo tables, so no data file is
//! needed: index = (initial × 21 + medial) × 28 + final.

use unicode_normalization::UnicodeNormalization;

use super::MAX_INPUT_CHARS;
use super::syllable::{self, Syl, coda, onset, vowel};

const FIRST: u32 = 0xAC00;
const LAST: u32 = 0xD7A3;
const MEDIALS: u32 = 21;
const FINALS: u32 = 28;

/// Revised Romanization of the 19 initial consonants (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ).
const RR_INITIAL: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
/// Revised Romanization of the 21 vowels (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ).
const RR_MEDIAL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
/// Revised Romanization of the 27 finals (and none), as pronounced at the end of a syllable.
const RR_FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// The matcher's class of each initial: plain and aspirated stops share one class because
/// McCune–Reischauer without apostrophes (and fans) write ㄱ/ㅋ, ㄷ/ㅌ, ㅂ/ㅍ and ㅈ/ㅊ alike.
const ONSET_CLASS: [u8; 19] = [
    onset::K,
    onset::KK,
    onset::N,
    onset::T,
    onset::TT,
    onset::R,
    onset::M,
    onset::P,
    onset::PP,
    onset::S,
    onset::SS,
    onset::NONE,
    onset::J,
    onset::JJ,
    onset::J,
    onset::K,
    onset::T,
    onset::P,
    onset::H,
];
/// The matcher's vowel of each medial: ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅞ/ㅚ and ㅢ/ㅣ sound (and are spelt) alike.
const VOWEL_CLASS: [u16; 21] = [
    vowel::A,
    vowel::E,
    vowel::YA,
    vowel::YE,
    vowel::EO,
    vowel::E,
    vowel::YEO,
    vowel::YE,
    vowel::O,
    vowel::WA,
    vowel::WE,
    vowel::WE,
    vowel::YO,
    vowel::U,
    vowel::WO,
    vowel::WE,
    vowel::WI,
    vowel::YU,
    vowel::EU,
    vowel::I,
    vowel::I,
];
/// The matcher's class of each final: its pronunciation at the end of a syllable (seven codas).
const CODA_CLASS: [u8; 28] = [
    coda::NONE,
    coda::K,
    coda::K,
    coda::K,
    coda::N,
    coda::N,
    coda::N,
    coda::T,
    coda::L,
    coda::K,
    coda::M,
    coda::L,
    coda::L,
    coda::L,
    coda::P,
    coda::L,
    coda::M,
    coda::P,
    coda::P,
    coda::T,
    coda::T,
    coda::NG,
    coda::T,
    coda::T,
    coda::K,
    coda::T,
    coda::P,
    coda::T,
];

/// Two-syllable family names; a four-syllable Hangul name starting with one of these is 2 + 2.
const COMPOUND_FAMILY_NAMES: [&str; 7] = ["남궁", "황보", "제갈", "선우", "독고", "사공", "서문"];

/// The (initial, medial, final) indices of a precomposed Hangul syllable.
fn jamo(c: char) -> Option<(usize, usize, usize)> {
    let code = u32::from(c);
    if !(FIRST..=LAST).contains(&code) {
        return None;
    }
    let index = code - FIRST;
    let initial = index / (MEDIALS * FINALS);
    let medial = (index % (MEDIALS * FINALS)) / FINALS;
    let fin = index % FINALS;
    Some((initial as usize, medial as usize, fin as usize))
}

/// Whether `c` is a precomposed Hangul syllable.
pub(crate) fn is_syllable(c: char) -> bool {
    jamo(c).is_some()
}

/// The matcher's view of a precomposed syllable.
pub(crate) fn syl(c: char) -> Option<Syl> {
    let (i, m, f) = jamo(c)?;
    Some(syllable::settle(
        ONSET_CLASS[i],
        VOWEL_CLASS[m],
        CODA_CLASS[f],
    ))
}

/// The onset and vowel of a syllable that has no final yet, for a query typed half-way: an IME
/// shows "배" on the way to "백".
pub(crate) fn open_syllable(c: char) -> Option<(u8, u16)> {
    let (i, m, f) = jamo(c)?;
    (f == 0).then(|| (ONSET_CLASS[i], VOWEL_CLASS[m]))
}

/// The onset class of a lone leading jamo (U+1100..=U+1112), which is what `fold` makes of a
/// compatibility jamo such as "ㅂ" typed on its own.
pub(crate) fn leading_jamo_onset(c: char) -> Option<u8> {
    let code = u32::from(c);
    (0x1100..=0x1112)
        .contains(&code)
        .then(|| ONSET_CLASS[(code - 0x1100) as usize])
}

/// How many leading syllables of an all-Hangul name are its family name, when that can be told.
pub(crate) fn family_len(chars: &[char]) -> Option<usize> {
    match chars.len() {
        2 | 3 => Some(1),
        4 => {
            let head: String = chars[..2].iter().collect();
            Some(if COMPOUND_FAMILY_NAMES.contains(&head.as_str()) {
                2
            } else {
                1
            })
        }
        _ => None,
    }
}

/// Romanises Hangul with the Revised Romanization, syllable by syllable (no sound-change rules
/// across syllables), with a space between adjacent syllables; everything else is kept as it is.
///
/// `"주지훈"` gives `"ju ji hun"`, `"백강혁 (KR)"` gives `"baek gang hyeok (KR)"`. Input beyond
/// [`MAX_INPUT_CHARS`] characters is ignored, so the output is bounded too.
pub fn romanize_hangul(text: &str) -> String {
    let mut out = String::new();
    let mut after_syllable = false;
    // NFC first: Hangul typed as conjoining jamo (from some keyboards, or NFD text) becomes syllables.
    for c in text.chars().take(MAX_INPUT_CHARS).nfc() {
        match jamo(c) {
            Some((i, m, f)) => {
                if after_syllable {
                    out.push(' ');
                }
                out.push_str(RR_INITIAL[i]);
                out.push_str(RR_MEDIAL[m]);
                out.push_str(RR_FINAL[f]);
                after_syllable = true;
            }
            None => {
                out.push(c);
                after_syllable = false;
            }
        }
    }
    out
}
