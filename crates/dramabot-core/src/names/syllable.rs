//! Romanised Korean names as syllables, so that spelling variants compare equal one syllable at a
//! time instead of through a list of whole names.
//!
//! A folded Latin chunk ("jihoon") is segmented by a dynamic programme over an inventory of
//! romanised syllables: an onset spelling, a vowel spelling and a coda spelling, each from the
//! Revised Romanization, McCune–Reischauer without its diacritics, and the spellings people actually
//! use ("Park", "Choi", "Young", "Joo"). Hangul syllables map straight to the same model. Each
//! syllable becomes a [`Syl`]: an onset class, a *set* of possible vowels and a coda class.
//!
//! Why a set: some spellings are ambiguous. "Jung" is 정 (popular spelling of ㅓ) or 중 (RR ㅜ);
//! "Kyung" is 경; "Hyun" is 현. A set lets "Jung" match both "Jeong" and "Joong" while "Jeong" and
//! "Joong" stay apart, which one canonical string per syllable cannot do. The index still needs a
//! hashable key, so each vowel set also has a coarse *class* (all the vowels a spelling can stand
//! for share one class); keys compare classes, then the matcher checks that the vowel sets
//! intersect.

use super::hangul;
use super::{MAX_INPUT_CHARS, fold};

/// Onset (initial consonant) classes. Plain and aspirated stops share a class (McCune–Reischauer
/// without apostrophes writes both alike), ㄹ is resolved by the initial-sound rule in [`settle`].
pub(crate) mod onset {
    pub const NONE: u8 = 0;
    pub const K: u8 = 1;
    pub const KK: u8 = 2;
    pub const N: u8 = 3;
    pub const T: u8 = 4;
    pub const TT: u8 = 5;
    pub const M: u8 = 6;
    pub const P: u8 = 7;
    pub const PP: u8 = 8;
    pub const S: u8 = 9;
    pub const SS: u8 = 10;
    pub const J: u8 = 11;
    pub const JJ: u8 = 12;
    pub const H: u8 = 13;
    /// ㄹ before [`super::settle`] turns it into `NONE` or `N`; never stored.
    pub const R: u8 = 14;
}

/// Vowels, one bit each, so a spelling can stand for several. ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅞ/ㅚ and ㅢ/ㅣ are one
/// vowel each: they sound alike and fans spell them alike ("Jae"/"Je", "Choi"/"Choe", "Hee"/"Hui").
pub(crate) mod vowel {
    pub const A: u16 = 1 << 0;
    pub const E: u16 = 1 << 1;
    pub const YA: u16 = 1 << 2;
    pub const YE: u16 = 1 << 3;
    pub const EO: u16 = 1 << 4;
    pub const YEO: u16 = 1 << 5;
    pub const O: u16 = 1 << 6;
    pub const YO: u16 = 1 << 7;
    pub const U: u16 = 1 << 8;
    pub const YU: u16 = 1 << 9;
    pub const EU: u16 = 1 << 10;
    pub const I: u16 = 1 << 11;
    pub const WA: u16 = 1 << 12;
    pub const WE: u16 = 1 << 13;
    pub const WO: u16 = 1 << 14;
    pub const WI: u16 = 1 << 15;
}

/// Coda classes: the seven sounds a Korean syllable can end in.
pub(crate) mod coda {
    pub const NONE: u8 = 0;
    pub const K: u8 = 1;
    pub const N: u8 = 2;
    pub const T: u8 = 3;
    pub const L: u8 = 4;
    pub const M: u8 = 5;
    pub const P: u8 = 6;
    pub const NG: u8 = 7;
}

use vowel::*;

/// Vowels that start with a y- or i-sound: before them ㄹ is dropped at the start of a name (이 for
/// 리, hence Lee/Yi/Rhee/I), elsewhere it becomes ㄴ (노 for 로, hence Roh/Noh).
pub(crate) const IY: u16 = YA | YE | YEO | YO | YU | I;

/// The coarse class of each vowel bit. ㅓ/ㅗ/ㅜ/ㅡ are one class because "o" and "u" each stand
/// for several of them; ㅕ/ㅛ/ㅠ likewise ("Kyung", "Yong", "Young").
const CLASS_OF_BIT: [u8; 16] = [0, 1, 2, 3, 4, 5, 4, 5, 4, 5, 4, 6, 7, 8, 9, 10];
/// All vowel bits of each class, indexed by class.
pub(crate) const CLASS_BITS: [u16; 11] = [
    A,
    E,
    YA,
    YE,
    EO | O | U | EU,
    YEO | YO | YU,
    I,
    WA,
    WE,
    WO,
    WI,
];

/// How [`super::variant_key`] spells each onset class (index = class).
pub(crate) const ONSET_TEXT: [&str; 14] = [
    "", "g", "kk", "n", "d", "tt", "m", "b", "pp", "s", "ss", "j", "jj", "h",
];
/// How [`super::variant_key`] spells each vowel class.
pub(crate) const CLASS_TEXT: [&str; 11] = [
    "a", "ae", "ya", "ye", "o", "yo", "i", "wa", "we", "wo", "wi",
];
/// How [`super::variant_key`] spells each coda class.
pub(crate) const CODA_TEXT: [&str; 8] = ["", "k", "n", "t", "l", "m", "p", "ng"];

/// Onset spellings. "rh" is for Rhee; "sh" for Shin; "ch" is ㅈ in McCune–Reischauer and ㅊ in RR.
const ONSETS: [(&str, u8); 26] = [
    ("", onset::NONE),
    ("g", onset::K),
    ("k", onset::K),
    ("gg", onset::KK),
    ("kk", onset::KK),
    ("n", onset::N),
    ("d", onset::T),
    ("t", onset::T),
    ("dd", onset::TT),
    ("tt", onset::TT),
    ("r", onset::R),
    ("l", onset::R),
    ("rh", onset::R),
    ("m", onset::M),
    ("b", onset::P),
    ("p", onset::P),
    ("bb", onset::PP),
    ("pp", onset::PP),
    ("s", onset::S),
    ("sh", onset::S),
    ("ss", onset::SS),
    ("j", onset::J),
    ("ch", onset::J),
    ("jj", onset::JJ),
    ("tch", onset::JJ),
    ("h", onset::H),
];

/// Vowel spellings: (spelling, vowels in an open syllable, vowels before a coda). Before a coda,
/// "u" and "o" may also be ㅓ (Jung, Chun, Sul; Chong) and "yu"/"yo"/"you" may be ㅕ (Kyung,
/// Hyun, Yong, Young); in an open syllable they are what they look like, so "Ju" and "Jo" differ.
pub(crate) const VOWELS: [(&str, u16, u16); 37] = [
    ("a", A, A),
    ("ah", A, A),
    ("ae", E, E),
    ("ai", E, E),
    ("e", E, E),
    ("ya", YA, YA),
    ("yae", YE, YE),
    ("ye", YE, YE),
    ("eo", EO, EO),
    ("uh", EO, EO),
    ("o", O, O | EO),
    ("oh", O, O),
    ("u", U | EU, U | EU | EO),
    ("oo", U, U),
    ("ou", U, U | EO),
    ("woo", U, U),
    ("wu", U, U),
    ("eu", EU, EU),
    ("i", I, I),
    ("ee", I, I),
    ("yi", I, I),
    ("ui", I, I),
    ("eui", I, I),
    ("yeo", YEO, YEO),
    ("yo", YO, YO | YEO),
    ("yu", YU, YU | YEO),
    ("yoo", YU, YU),
    ("you", YU, YU | YEO),
    ("wa", WA, WA),
    ("wae", WE, WE),
    ("we", WE, WE),
    ("oe", WE, WE),
    ("oi", WE, WE),
    ("wo", WO, WO),
    ("weo", WO, WO),
    ("wi", WI, WI),
    ("wee", WI, WI),
];

/// Coda spellings; "rk" is the non-rhotic spelling in "Park". Order matters for one thing only:
/// when a run splits two ways with as many syllables ("kyoungwon": kyoung-won or kyoun-gwon), the
/// reading met first is the one [`variant_key`] shows, and "ng" before a vowel is the commoner.
const CODAS: [(&str, u8); 9] = [
    ("", coda::NONE),
    ("ng", coda::NG),
    ("k", coda::K),
    ("rk", coda::K),
    ("n", coda::N),
    ("t", coda::T),
    ("l", coda::L),
    ("m", coda::M),
    ("p", coda::P),
];

/// A name longer than this many syllables is not treated as Korean.
pub(crate) const MAX_SYLLABLES: usize = 16;
/// At most this many segmentations (× vowel readings) are kept per name or query.
pub(crate) const MAX_PARSES: usize = 8;
/// At most this many prefix readings of a query are tried.
const MAX_PREFIX_PARSES: usize = 16;
/// The longest unfinished syllable looked at when reading a prefix ("tch" + "yeo" + "n").
const MAX_TAIL: usize = 7;

/// One syllable as the matcher sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Syl {
    pub onset: u8,
    /// The vowels the spelling can stand for (at least one bit, all of one class).
    pub vowels: u16,
    pub coda: u8,
}

impl Syl {
    /// The coarse key: what the index hashes and sorts on.
    pub fn key(self) -> [u8; 3] {
        [self.onset, class(self.vowels), self.coda]
    }

    /// Whether two readings can be the same Korean syllable.
    pub fn fits(self, other: Syl) -> bool {
        self.onset == other.onset && self.coda == other.coda && self.vowels & other.vowels != 0
    }
}

/// The unfinished last syllable of a query being typed: its onset, its vowels when typed, and the
/// codas it can still end in ("jun" may become "jung" but not "ju").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Partial {
    pub onset: u8,
    pub vowels: Option<u16>,
    /// One bit per coda class.
    pub codas: u8,
}

/// Every coda, for a [`Partial`] whose coda is not typed yet.
pub(crate) const ANY_CODA: u8 = u8::MAX;

impl Partial {
    fn onset_only(onset: u8) -> Self {
        Partial {
            onset,
            vowels: None,
            codas: ANY_CODA,
        }
    }

    /// The key bytes this partial syllable fixes.
    pub fn key(self) -> Vec<u8> {
        match self.vowels {
            Some(v) => vec![self.onset, class(v)],
            None => vec![self.onset],
        }
    }

    /// Whether a complete syllable can be how this one ends.
    pub fn fits(self, full: Syl) -> bool {
        self.onset == full.onset
            && self.vowels.is_none_or(|v| v & full.vowels != 0)
            && self.codas & (1 << full.coda) != 0
    }
}

/// The coarse class of a (non-empty) vowel set.
pub(crate) fn class(vowels: u16) -> u8 {
    CLASS_OF_BIT[(vowels.trailing_zeros() & 15) as usize]
}

/// The onset ㄹ becomes once its vowel is known (the initial-sound rule, applied everywhere so that
/// both sides of a comparison agree).
fn settle_onset(onset: u8, vowels: u16) -> u8 {
    if onset != onset::R {
        onset
    } else if vowels & IY == vowels {
        onset::NONE
    } else {
        onset::N
    }
}

/// A syllable from its parts, with ㄹ resolved.
pub(crate) fn settle(onset: u8, vowels: u16, coda: u8) -> Syl {
    Syl {
        onset: settle_onset(onset, vowels),
        vowels,
        coda,
    }
}

/// The syllables that can be spelt starting at byte `i` of `s`, as (end, syllable).
fn syllables_at(s: &[u8], i: usize, out: &mut Vec<(usize, Syl)>) {
    out.clear();
    let rest = &s[i..];
    for &(o, oc) in &ONSETS {
        let Some(after_onset) = rest.strip_prefix(o.as_bytes()) else {
            continue;
        };
        for &(v, open, closed) in &VOWELS {
            let Some(after_vowel) = after_onset.strip_prefix(v.as_bytes()) else {
                continue;
            };
            for &(c, cc) in &CODAS {
                if after_vowel.starts_with(c.as_bytes()) {
                    let vowels = if cc == coda::NONE { open } else { closed };
                    let end = i + o.len() + v.len() + c.len();
                    out.push((end, settle(oc, vowels, cc)));
                }
            }
        }
    }
}

/// Every segmentation of a Latin chunk into the fewest syllables (at most `cap`), or none when it
/// cannot be spelt with the inventory. Fewest syllables is what makes "jaewon" jae-won and not
/// ja-e-won; ties (young-woo / youn-gwoo) are all kept, since the other side decides.
fn parse_latin(s: &[u8], cap: usize) -> Vec<Vec<Syl>> {
    let n = s.len();
    // fewest[i]: fewest syllables spelling s[i..], when it can be spelt at all.
    let mut fewest: Vec<Option<usize>> = vec![None; n + 1];
    fewest[n] = Some(0);
    let mut steps: Vec<Vec<(usize, Syl)>> = vec![Vec::new(); n + 1];
    let mut buf = Vec::new();
    for i in (0..n).rev() {
        syllables_at(s, i, &mut buf);
        let best = buf.iter().filter_map(|&(end, _)| fewest[end]).min();
        if let Some(best) = best {
            fewest[i] = Some(best + 1);
            steps[i] = buf
                .iter()
                .copied()
                .filter(|&(end, _)| fewest[end] == Some(best))
                .collect();
        }
    }
    match fewest[0] {
        Some(count) if count <= MAX_SYLLABLES => {}
        _ => return Vec::new(),
    }
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(&steps, 0, n, &mut path, &mut out, cap);
    dedup(&mut out);
    out
}

/// Depth-first enumeration of the fewest-syllable segmentations; every step kept in `steps` leads
/// to the end, so this visits at most `cap` paths.
fn walk(
    steps: &[Vec<(usize, Syl)>],
    i: usize,
    n: usize,
    path: &mut Vec<Syl>,
    out: &mut Vec<Vec<Syl>>,
    cap: usize,
) {
    if out.len() >= cap {
        return;
    }
    if i == n {
        out.push(path.clone());
        return;
    }
    for &(end, syl) in &steps[i] {
        path.push(syl);
        walk(steps, end, n, path, out, cap);
        path.pop();
    }
}

fn dedup<X: PartialEq>(list: &mut Vec<X>) {
    let mut kept: Vec<X> = Vec::with_capacity(list.len());
    for item in list.drain(..) {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    *list = kept;
}

/// Every way of continuing each reading in `acc` with each reading in `next`, at most `cap`.
fn product(acc: Vec<Vec<Syl>>, next: &[Vec<Syl>], cap: usize) -> Vec<Vec<Syl>> {
    let mut out = Vec::new();
    'outer: for head in &acc {
        for tail in next {
            if out.len() >= cap {
                break 'outer;
            }
            let mut joined = head.clone();
            joined.extend_from_slice(tail);
            out.push(joined);
        }
    }
    out
}

/// A run of one script inside a chunk.
enum Run<'a> {
    Latin(&'a [u8]),
    Hangul(Vec<char>),
}

/// Splits a folded chunk into Latin and Hangul runs; `None` when it has anything else (digits,
/// other scripts, lone jamo), which makes it not a Korean name.
fn runs(chunk: &str) -> Option<Vec<Run<'_>>> {
    let mut out = Vec::new();
    let mut latin_start: Option<usize> = None;
    let mut hangul: Vec<char> = Vec::new();
    for (at, c) in chunk.char_indices() {
        if c.is_ascii_lowercase() {
            if !hangul.is_empty() {
                out.push(Run::Hangul(std::mem::take(&mut hangul)));
            }
            latin_start.get_or_insert(at);
        } else if hangul::is_syllable(c) {
            if let Some(start) = latin_start.take() {
                out.push(Run::Latin(&chunk.as_bytes()[start..at]));
            }
            hangul.push(c);
        } else {
            return None;
        }
    }
    if let Some(start) = latin_start {
        out.push(Run::Latin(&chunk.as_bytes()[start..]));
    }
    if !hangul.is_empty() {
        out.push(Run::Hangul(hangul));
    }
    Some(out)
}

/// All readings of one folded chunk (no spaces or hyphens inside), at most `cap`.
fn parse_chunk(chunk: &str, cap: usize) -> Vec<Vec<Syl>> {
    let Some(runs) = runs(chunk) else {
        return Vec::new();
    };
    let mut acc: Vec<Vec<Syl>> = vec![Vec::new()];
    for run in &runs {
        let readings = match run {
            Run::Latin(bytes) => parse_latin(bytes, cap),
            Run::Hangul(chars) => match chars.iter().map(|&c| hangul::syl(c)).collect() {
                Some(sylls) => vec![sylls],
                None => Vec::new(),
            },
        };
        if readings.is_empty() {
            return Vec::new();
        }
        acc = product(acc, &readings, cap);
    }
    if acc.first().is_none_or(|r| r.len() > MAX_SYLLABLES) {
        return Vec::new();
    }
    acc
}

/// Whether `c` separates chunks inside a word. Apostrophes do not: in McCune–Reischauer they mark
/// aspiration ("Ch'ang") or a syllable break ("Han'guk"), and "Ji'hoon" should read like "Jihoon".
fn separates(c: char) -> bool {
    !(c.is_alphanumeric()
        || matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
        || unicode_normalization::char::is_combining_mark(c))
}

/// A name or query as words (split at white space) of folded chunks (split at hyphens and other
/// punctuation). Words and chunks that fold to nothing are dropped.
pub(crate) fn words(text: &str) -> Vec<Vec<String>> {
    let text: String = text.chars().take(MAX_INPUT_CHARS).collect();
    text.split(char::is_whitespace)
        .map(|word| {
            word.split(separates)
                .map(fold)
                .filter(|chunk| !chunk.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|chunks| !chunks.is_empty())
        .collect()
}

/// One reading of a name: its syllables and how many of them are the family name, when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub sylls: Vec<Syl>,
    pub family: Option<usize>,
}

/// The readings of one word, chunk by chunk; if a chunk cannot be read alone (a hyphen in the
/// middle of a syllable), the word is read as a whole.
fn parse_word(chunks: &[String]) -> Vec<Vec<Syl>> {
    let mut acc: Vec<Vec<Syl>> = vec![Vec::new()];
    for chunk in chunks {
        let readings = parse_chunk(chunk, MAX_PARSES);
        if readings.is_empty() {
            return parse_chunk(&chunks.concat(), MAX_PARSES);
        }
        acc = product(acc, &readings, MAX_PARSES);
    }
    acc
}

/// The readings of a whole name (at most [`MAX_PARSES`]), empty when it is not a Korean name.
pub(crate) fn parse_name(text: &str) -> Vec<Parsed> {
    let words = words(text);
    if let Some(parsed) = parse_words(&words) {
        return parsed;
    }
    // Last resort: the whole name as one chunk (also what keeps `variant_key` idempotent: text
    // that fails here is returned folded, and its fold fails the same way).
    let whole = parse_chunk(&fold(text), MAX_PARSES);
    let family = whole
        .first()
        .and_then(|r| single_word_family(&fold(text), r.len()));
    whole
        .into_iter()
        .map(|sylls| Parsed { sylls, family })
        .collect()
}

fn parse_words(words: &[Vec<String>]) -> Option<Vec<Parsed>> {
    let mut acc: Vec<Vec<Syl>> = vec![Vec::new()];
    let mut first_word_len = 0;
    for (i, chunks) in words.iter().enumerate() {
        let readings = parse_word(chunks);
        let first = readings.first()?;
        if i == 0 {
            first_word_len = first.len();
        }
        acc = product(acc, &readings, MAX_PARSES);
    }
    let total = acc.first()?.len();
    if total == 0 || total > MAX_SYLLABLES {
        return None;
    }
    let family = if words.len() >= 2 {
        Some(first_word_len)
    } else {
        single_word_family(&words[0].concat(), total)
    }
    .filter(|&f| f > 0 && f < total);
    Some(
        acc.into_iter()
            .map(|sylls| Parsed { sylls, family })
            .collect(),
    )
}

/// The family-name length of a name written as one word: Hangul follows Korean usage (2 or 3
/// syllables: the first; 4: a known compound family name or the first); a romanised single word of
/// 3 or 4 syllables ("Jujihoon") starts with a one-syllable family name; two romanised syllables
/// ("Hayoung") are more often a given or stage name, so they are not split.
fn single_word_family(word: &str, syllables: usize) -> Option<usize> {
    let chars: Vec<char> = word.chars().collect();
    if !chars.is_empty() && chars.iter().all(|&c| hangul::is_syllable(c)) {
        return hangul::family_len(&chars);
    }
    matches!(syllables, 3 | 4).then_some(1)
}

/// The readings of a query being typed: complete syllables, then possibly an unfinished one.
pub(crate) fn parse_prefix(text: &str) -> Vec<(Vec<Syl>, Option<Partial>)> {
    let words = words(text);
    let Some((last_word, first_words)) = words.split_last() else {
        return Vec::new();
    };
    let Some((last_chunk, first_chunks)) = last_word.split_last() else {
        return Vec::new();
    };
    let mut head: Vec<Vec<Syl>> = vec![Vec::new()];
    for chunks in first_words {
        let readings = parse_word(chunks);
        if readings.is_empty() {
            return Vec::new();
        }
        head = product(head, &readings, MAX_PARSES);
    }
    for chunk in first_chunks {
        let readings = parse_chunk(chunk, MAX_PARSES);
        if readings.is_empty() {
            return Vec::new();
        }
        head = product(head, &readings, MAX_PARSES);
    }
    let mut out = Vec::new();
    for (tail_sylls, partial) in chunk_prefixes(last_chunk) {
        for h in &head {
            if out.len() >= MAX_PREFIX_PARSES {
                return out;
            }
            let mut sylls = h.clone();
            sylls.extend_from_slice(&tail_sylls);
            if sylls.len() <= MAX_SYLLABLES {
                out.push((sylls, partial));
            }
        }
    }
    dedup(&mut out);
    out
}

/// Readings of the last chunk of a query, which may stop inside a syllable.
fn chunk_prefixes(chunk: &str) -> Vec<(Vec<Syl>, Option<Partial>)> {
    let mut out: Vec<(Vec<Syl>, Option<Partial>)> = parse_chunk(chunk, MAX_PARSES)
        .into_iter()
        .map(|r| (r, None))
        .collect();
    let chars: Vec<char> = chunk.chars().collect();
    let Some(&last) = chars.last() else {
        return out;
    };
    let before: String = chars[..chars.len() - 1].iter().collect();
    let heads = || {
        if before.is_empty() {
            vec![Vec::new()]
        } else {
            parse_chunk(&before, MAX_PARSES)
        }
    };
    if let Some((onset, vowels)) = hangul::open_syllable(last) {
        // "배" typed on the way to "백": the final may still come.
        let partial = Partial {
            onset: settle_onset(onset, vowels),
            vowels: Some(vowels),
            codas: ANY_CODA,
        };
        out.extend(heads().into_iter().map(|h| (h, Some(partial))));
    } else if let Some(onset) = hangul::leading_jamo_onset(last) {
        for partial in onset_partials(onset) {
            out.extend(heads().into_iter().map(|h| (h, Some(partial))));
        }
    } else if chunk.bytes().all(|b| b.is_ascii_lowercase()) {
        let bytes = chunk.as_bytes();
        for tail in 1..=bytes.len().min(MAX_TAIL) {
            let split = bytes.len() - tail;
            let heads = if split == 0 {
                vec![Vec::new()]
            } else {
                parse_latin(&bytes[..split], MAX_PARSES)
            };
            if heads.is_empty() {
                continue;
            }
            for partial in latin_partials(&bytes[split..]) {
                out.extend(heads.iter().map(|h| (h.clone(), Some(partial))));
            }
        }
    }
    dedup(&mut out);
    out
}

/// An onset with no vowel yet; ㄹ could still become either of its two forms.
fn onset_partials(onset: u8) -> Vec<Partial> {
    if onset == onset::R {
        vec![
            Partial::onset_only(onset::NONE),
            Partial::onset_only(onset::N),
        ]
    } else {
        vec![Partial::onset_only(onset)]
    }
}

/// The unfinished syllables a Latin tail can be the start of ("c" of "ch…", "hy" of "hyuk",
/// "jun" of "jung").
fn latin_partials(tail: &[u8]) -> Vec<Partial> {
    let mut out = Vec::new();
    for &(o, oc) in &ONSETS {
        if o.len() >= tail.len() && o.as_bytes().starts_with(tail) {
            out.extend(onset_partials(oc));
            continue;
        }
        let Some(rest) = tail.strip_prefix(o.as_bytes()) else {
            continue;
        };
        // (vowels, codas still possible) for each way the rest can begin a vowel and coda.
        let mut readings: Vec<(u16, u8)> = Vec::new();
        for &(v, open, closed) in &VOWELS {
            if v.as_bytes().starts_with(rest) {
                readings.push((open | closed, ANY_CODA));
            } else if let Some(started) = rest.strip_prefix(v.as_bytes()) {
                let codas = CODAS
                    .iter()
                    .filter(|(c, _)| !c.is_empty() && c.as_bytes().starts_with(started))
                    .fold(0u8, |bits, &(_, cc)| bits | (1 << cc));
                if codas != 0 {
                    readings.push((closed, codas));
                }
            }
        }
        let mut coda_sets: Vec<u8> = readings.iter().map(|r| r.1).collect();
        coda_sets.sort_unstable();
        coda_sets.dedup();
        for bits in CLASS_BITS {
            for &codas in &coda_sets {
                let vowels = readings
                    .iter()
                    .filter(|r| r.1 == codas)
                    .fold(0u16, |acc, r| acc | (r.0 & bits));
                if vowels != 0 {
                    out.push(Partial {
                        onset: settle_onset(oc, vowels),
                        vowels: Some(vowels),
                        codas,
                    });
                }
            }
        }
    }
    dedup(&mut out);
    out
}

/// Spells syllables in the canonical form of their coarse keys, separated by spaces.
pub(crate) fn render(sylls: &[Syl]) -> String {
    sylls
        .iter()
        .map(|s| {
            let [o, v, c] = s.key();
            format!(
                "{}{}{}",
                ONSET_TEXT[usize::from(o)],
                CLASS_TEXT[usize::from(v)],
                CODA_TEXT[usize::from(c)]
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Canonical key of `text` under the syllable variant rules: syllables spelt in one canonical
/// romanisation (a coarse class per syllable, e.g. "Jung", "Jeong" and "Chung" all give `"jong"`),
/// separated by spaces; text that is not a Korean name comes back [`fold`]ed.
///
/// Equal keys are necessary, not sufficient, for [`super::NameIndex`] to call two spellings
/// variants: it also checks that each syllable's possible vowels overlap, so "Ju" (주) and "Jo"
/// (조) share the key `"jo"` but do not match.
pub fn variant_key(text: &str) -> String {
    match parse_name(text).first() {
        Some(parsed) => render(&parsed.sylls),
        None => fold(text),
    }
}
