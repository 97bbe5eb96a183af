//! [`NameIndex`]: the names of a set of entries, prepared once and queried many times.
//!
//! Inserting only records a name (folded and read as syllables). The first query after inserts
//! builds the tables, all sorted so that a query is a few binary searches:
//! - folded forms (whole name, given name, family name, given name first), sorted by text and then
//!   by rank, for exact and prefix matches;
//! - syllable keys of the same forms, sorted by key and then by rank, for variant and partial
//!   matches and for prefixes spelt another way;
//! - for every prefix shared by many forms (more than [`HEAVY`]), its best forms in rank order,
//!   so that typing "k" does not walk a range of tens of thousands of forms;
//! - typo segments: every romanised form cut into two or three pieces; a form within two edits of
//!   the query keeps one piece intact near its place (pigeonhole), so only forms sharing a piece
//!   with the query, and whose letter and letter-pair signatures are close enough, are compared with
//!   the bounded edit distance.
//!
//! Within a group of equal text or key the forms are sorted the way results are ranked, so a group
//! of ten thousand "Kim"s stops after `limit` entries.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use super::hangul;
use super::syllable::{self, Parsed, Partial, Syl};
use super::{Match, MatchKind, NameKind, fold, romanize_hangul};
use crate::text::osa_bounded;

/// A prefix shared by more forms than this has its best forms precomputed; a query walks at most
/// this many forms of a prefix range that is not precomputed.
const HEAVY: usize = 256;
/// How many best forms are kept per heavy prefix (autocomplete shows 25 entries; the margin covers
/// several forms per entry and forms that the vowel check turns down).
const HEAVY_TOP: usize = 128;
/// Forms of fewer characters get no typo segments (a query of 4+ letters is far from them anyway).
const MIN_TYPO_CHARS: usize = 3;

/// Which part of a name a form stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Part {
    Whole,
    /// Given name then family name ("Ji-hoon Ju").
    Reordered,
    Given,
    Family,
}

impl Part {
    /// [`MatchKind::Partial`] score.
    fn partial_score(self) -> u32 {
        match self {
            Part::Whole | Part::Reordered => 0,
            Part::Given => 1,
            Part::Family => 2,
        }
    }
}

/// How a query is being asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Lookup,
    Autocomplete,
}

impl Mode {
    /// The rank of a match kind: its order in [`MatchKind`], except that autocomplete puts
    /// prefixes before partial names.
    fn tier(self, kind: MatchKind) -> u8 {
        match (self, kind) {
            (Mode::Autocomplete, MatchKind::Prefix) => 3,
            (Mode::Autocomplete, MatchKind::Partial) => 4,
            (_, kind) => kind as u8,
        }
    }
}

fn kind_rank(kind: NameKind) -> u8 {
    kind as u8
}

/// One inserted name, read once at insert.
#[derive(Clone, Debug)]
struct Name {
    entity: u32,
    kind: NameKind,
    text: Box<str>,
    folded: Box<str>,
    parses: Vec<Parsed>,
}

/// A form in one of the sorted tables: a slice of an arena, the name it comes from and which part.
#[derive(Clone, Copy, Debug)]
struct Form {
    start: u32,
    len: u32,
    name: u32,
    part: Part,
    /// Which reading of the name (syllable tables only).
    parse: u8,
}

impl Form {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// The prepared tables; see the module documentation.
#[derive(Clone, Debug, Default)]
struct Tables {
    /// Entity → its place when ranks tie: shorter primary name first, then id.
    order: Vec<u32>,
    /// For an empty autocomplete: each entity's display name (name index), alphabetical.
    listing: Vec<u32>,
    text: String,
    folded: Vec<Form>,
    folded_heavy: Heavy,
    keys: Vec<u8>,
    keyed: Vec<Form>,
    keyed_heavy: Heavy,
    typo_text: String,
    typo: Vec<Form>,
    /// Letter and letter-pair signatures of each typo form ([`signature`]).
    typo_sigs: Vec<(u64, u64)>,
    segments: Vec<(u64, u32)>,
}

/// Heavy prefixes of a sorted table → (indices of their best forms in rank order, whether more
/// forms qualified than were kept).
type Heavy = HashMap<Box<[u8]>, (Vec<u32>, bool)>;

/// The names of a set of entries (people, characters), prepared for [`lookup`](Self::lookup) and
/// [`autocomplete`](Self::autocomplete).
///
/// Insert every name first, then query: the first query after an insert prepares the tables
/// (O(n log n); [`prepare`](Self::prepare) does it ahead of time), later queries only read them.
/// Queries take `&self` and the index is `Sync`, so one index can serve every task of the bot.
#[derive(Clone)]
pub struct NameIndex<T> {
    ids: Vec<T>,
    entity_of: HashMap<T, u32>,
    names: Vec<Name>,
    tables: OnceLock<Tables>,
}

impl<T> std::fmt::Debug for NameIndex<T> {
    // The tables of a large index run to megabytes; the counts are what a log line needs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameIndex")
            .field("names", &self.names.len())
            .field("entries", &self.ids.len())
            .field("prepared", &self.tables.get().is_some())
            .finish()
    }
}

impl<T: Copy + Eq + Hash + Ord> Default for NameIndex<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy + Eq + Hash + Ord> NameIndex<T> {
    /// An empty index.
    pub fn new() -> Self {
        NameIndex {
            ids: Vec::new(),
            entity_of: HashMap::new(),
            names: Vec::new(),
            tables: OnceLock::new(),
        }
    }

    /// Adds one spelling of entry `id`'s name. An entry usually has one [`NameKind::Primary`], a
    /// [`NameKind::Hangul`] and any number of [`NameKind::Alias`]es; the kind only affects ranking
    /// (an exact primary name beats an exact alias). A name that folds to nothing (punctuation,
    /// emoji) is ignored, and names are cut to [`super::MAX_INPUT_CHARS`] characters.
    pub fn insert(&mut self, id: T, name: &str, kind: NameKind) {
        let text: String = name.trim().chars().take(super::MAX_INPUT_CHARS).collect();
        let folded = fold(&text);
        if folded.is_empty() {
            return;
        }
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        let entity = *self.entity_of.entry(id).or_insert_with(|| {
            self.ids.push(id);
            next
        });
        let parses = syllable::parse_name(&text);
        self.names.push(Name {
            entity,
            kind,
            text: text.into(),
            folded: folded.into(),
            parses,
        });
        // The tables no longer describe the names; the next query rebuilds them.
        self.tables = OnceLock::new();
    }

    /// How many names (spellings) the index holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name has been inserted.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Builds the query tables now rather than on the first query.
    pub fn prepare(&self) {
        self.tables();
    }

    /// Full lookup: the best match per entry, best first (by [`MatchKind`], then score, then the
    /// shorter primary name, then id), at most `limit`. A query that folds to nothing finds nothing.
    pub fn lookup(&self, query: &str, limit: usize) -> Vec<Match<T>> {
        self.search(query, limit, Mode::Lookup, true)
    }

    /// The first matches of [`lookup`](Self::lookup), and only those: exact, alias, variant and
    /// partial names, without the search for prefixes and typos (most of a lookup's work). Every
    /// match `lookup` finds besides these ranks below all of them, so `lookup_whole(q, n)` is the
    /// start of `lookup(q, n)`: a caller whose answer lies there (one clear winner) is done.
    pub fn lookup_whole(&self, query: &str, limit: usize) -> Vec<Match<T>> {
        self.search(query, limit, Mode::Lookup, false)
    }

    /// While typing: like [`lookup`](Self::lookup), except that prefix matches come right after
    /// exact, alias and variant matches (before partial names and typos); at most `limit` (Discord
    /// shows 25). Blank input lists entries alphabetically, so the menu is not empty.
    pub fn autocomplete(&self, typed: &str, limit: usize) -> Vec<Match<T>> {
        self.search(typed, limit, Mode::Autocomplete, true)
    }

    fn tables(&self) -> &Tables {
        self.tables
            .get_or_init(|| Tables::build(&self.names, &self.ids))
    }

    /// The search of [`lookup`](Self::lookup) and [`autocomplete`](Self::autocomplete); without
    /// `further`, it stops after the whole-name matches ([`lookup_whole`](Self::lookup_whole)).
    fn search(&self, query: &str, limit: usize, mode: Mode, further: bool) -> Vec<Match<T>> {
        if limit == 0 || self.names.is_empty() {
            return Vec::new();
        }
        let tables = self.tables();
        let query: String = query.chars().take(super::MAX_INPUT_CHARS).collect();
        if query.trim().is_empty() {
            return match mode {
                Mode::Lookup => Vec::new(),
                Mode::Autocomplete => self.listing(tables, limit),
            };
        }
        let folded = fold(&query);
        if folded.is_empty() {
            return Vec::new();
        }
        let mut found = Found::new(mode, &self.names, &tables.order);
        self.folded_equal(tables, &folded, limit, &mut found);
        for parsed in syllable::parse_name(&query) {
            self.key_equal(tables, &parsed.sylls, limit, &mut found);
        }
        // In a lookup, prefixes rank below everything found so far; with `limit` entries found
        // they cannot make the cut. Typos rank last in both modes.
        if further && (mode == Mode::Autocomplete || found.len() < limit) {
            self.folded_prefix(tables, &folded, limit, &mut found);
            // One unfinished romanised syllable ("ju") reads as too many Korean syllables to be
            // useful; typed in Hangul ("배", "ㅂ") it is what an IME shows on the way to a name.
            let hangul = !folded.is_ascii();
            // Prefixes in another spelling rank after prefixes as spelt (score 2 and up): when
            // `limit` entries already rank above them, they cannot make the cut.
            if found.better_than(mode.tier(MatchKind::Prefix), 2) < limit {
                for (sylls, partial) in syllable::parse_prefix(&query) {
                    if !sylls.is_empty() || hangul {
                        self.key_prefix(tables, &sylls, partial, limit, &mut found);
                    }
                }
            }
        }
        if further && found.len() < limit {
            self.typos(tables, &folded, limit, &mut found);
        }
        found
            .best(limit)
            .into_iter()
            .map(|(entity, cand)| Match {
                id: self.ids[entity as usize],
                name: self.names[cand.name as usize].text.to_string(),
                kind: cand.kind,
                score: cand.score,
            })
            .collect()
    }

    fn listing(&self, tables: &Tables, limit: usize) -> Vec<Match<T>> {
        tables
            .listing
            .iter()
            .take(limit)
            .map(|&n| {
                let name = &self.names[n as usize];
                Match {
                    id: self.ids[name.entity as usize],
                    name: name.text.to_string(),
                    kind: MatchKind::Prefix,
                    score: 0,
                }
            })
            .collect()
    }

    /// Forms whose folded text is the query: exact and alias names, folded parts.
    fn folded_equal(&self, tables: &Tables, folded: &str, limit: usize, found: &mut Found<'_>) {
        let text = |f: &Form| &tables.text[f.range()];
        let start = tables.folded.partition_point(|f| text(f) < folded);
        let end = start + tables.folded[start..].partition_point(|f| text(f) == folded);
        let mut group = Group::new(limit);
        for form in &tables.folded[start..end] {
            let name = &self.names[form.name as usize];
            let (kind, score) = folded_rank(name.kind, form.part);
            found.offer(name.entity, kind, score, form.name);
            if group.full(name.entity) {
                break;
            }
        }
    }

    /// Forms whose syllables are the query's: variants of the whole name, and name parts.
    fn key_equal(&self, tables: &Tables, sylls: &[Syl], limit: usize, found: &mut Found<'_>) {
        let key = key_bytes(sylls);
        let bytes = |f: &Form| &tables.keys[f.range()];
        let start = tables.keyed.partition_point(|f| bytes(f) < key.as_slice());
        let end = start + tables.keyed[start..].partition_point(|f| bytes(f) == key.as_slice());
        let mut group = Group::new(limit);
        for form in &tables.keyed[start..end] {
            let name = &self.names[form.name as usize];
            let Some(parsed) = name.parses.get(usize::from(form.parse)) else {
                continue;
            };
            let fits = (0..sylls.len())
                .all(|i| part_syl(parsed, form.part, i).is_some_and(|s| sylls[i].fits(s)));
            if !fits || part_len(parsed, form.part) != sylls.len() {
                continue;
            }
            let (kind, score) = keyed_rank(name.kind, form.part);
            found.offer(name.entity, kind, score, form.name);
            if group.full(name.entity) {
                break;
            }
        }
    }

    /// Forms whose folded text starts with the query (and is longer).
    fn folded_prefix(&self, tables: &Tables, folded: &str, limit: usize, found: &mut Found<'_>) {
        let text = |f: &Form| tables.text[f.range()].as_bytes();
        let accept = |form: &Form| {
            let name = &self.names[form.name as usize];
            Some((name.entity, prefix_score(form.part, false)))
        };
        walk_prefix(
            &tables.folded,
            &tables.folded_heavy,
            text,
            folded.as_bytes(),
            limit,
            accept,
            found,
        );
    }

    /// Forms whose syllables start with the query's, the last one possibly unfinished.
    fn key_prefix(
        &self,
        tables: &Tables,
        sylls: &[Syl],
        partial: Option<Partial>,
        limit: usize,
        found: &mut Found<'_>,
    ) {
        let mut key = key_bytes(sylls);
        if let Some(p) = partial {
            key.extend(p.key());
        }
        if key.is_empty() {
            return;
        }
        let accept = |form: &Form| {
            let name = &self.names[form.name as usize];
            let parsed = name.parses.get(usize::from(form.parse))?;
            let complete = (0..sylls.len())
                .all(|i| part_syl(parsed, form.part, i).is_some_and(|s| sylls[i].fits(s)));
            let last = partial.is_none_or(|p| {
                part_syl(parsed, form.part, sylls.len()).is_some_and(|s| p.fits(s))
            });
            (complete && last).then_some((name.entity, prefix_score(form.part, true)))
        };
        walk_prefix(
            &tables.keyed,
            &tables.keyed_heavy,
            |f: &Form| &tables.keys[f.range()],
            &key,
            limit,
            accept,
            found,
        );
    }

    /// Romanised forms within the typo budget of the (romanised) query: one edit first, two only
    /// if the results are not full yet. Within each, candidates are tried in rank order (whole
    /// name before given name, then entity order), so the pass stops as soon as `limit` entries
    /// are found: a short common name has hundreds of neighbours two edits away.
    fn typos(&self, tables: &Tables, folded: &str, limit: usize, found: &mut Found<'_>) {
        let query: Vec<char> = typo_text(folded).chars().collect();
        // A Hangul syllable counts as two letters: "백" (baek) is too short for typos, "주지흔" is not.
        let letters = query.len().min(2 * folded.chars().count());
        let mut chars: Vec<char> = Vec::new();
        for max in 1..=typo_budget(letters) {
            let mut candidates = typo_candidates(tables, &query, max);
            candidates.sort_by_cached_key(|&i| {
                let form = tables.typo[i as usize];
                let entity = self.names[form.name as usize].entity;
                (
                    form.part != Part::Whole,
                    tables.order[entity as usize],
                    form.name,
                )
            });
            for i in candidates {
                if found.len() >= limit {
                    return;
                }
                let form = tables.typo[i as usize];
                chars.clear();
                chars.extend(tables.typo_text[form.range()].chars());
                if let Some(edits) = osa_bounded(&query, &chars, max) {
                    let name = &self.names[form.name as usize];
                    // Zero edits on a romanised form (a name no other pass could read) counts as one.
                    let score = 2 * edits.max(1) as u32 + u32::from(form.part != Part::Whole);
                    found.offer(name.entity, MatchKind::Typo, score, form.name);
                }
            }
        }
    }
}

/// Typo forms that may be within `max` edits of `query`: they share an intact piece with it near
/// the piece's place, and their signatures are close enough. Sorted, without duplicates.
fn typo_candidates(tables: &Tables, query: &[char], max: usize) -> Vec<u32> {
    let (query_letters, query_pairs) = signature(query);
    let mut candidates: Vec<u32> = Vec::new();
    let shortest = query.len().saturating_sub(max).max(MIN_TYPO_CHARS);
    for len in shortest..=query.len() + max {
        for (piece, (at, width)) in segments(len).into_iter().enumerate() {
            // An intact piece of the form sits within `max` places of where it was.
            for start in at.saturating_sub(max)..=at + max {
                let Some(slice) = query.get(start..start + width) else {
                    continue;
                };
                let hash = segment_hash(len, piece, slice);
                let from = tables.segments.partition_point(|&(h, _)| h < hash);
                let hits = tables.segments[from..]
                    .iter()
                    .take_while(|&&(h, _)| h == hash)
                    .map(|&(_, form)| form);
                // Cheap necessary conditions (see `signature`).
                candidates.extend(hits.filter(|&i| {
                    tables.typo_sigs.get(i as usize).is_some_and(|&(l, p)| {
                        (l ^ query_letters).count_ones() as usize <= 2 * max
                            && (p ^ query_pairs).count_ones() as usize <= 6 * max
                    })
                }));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

/// Offers the forms of a sorted table that start with `prefix` and are longer: from the heavy
/// table in rank order (stopping after `limit` entities) when the prefix is heavy, else by walking
/// the range, which then holds at most [`HEAVY`] forms.
fn walk_prefix<'t>(
    forms: &[Form],
    heavy: &Heavy,
    bytes: impl Fn(&Form) -> &'t [u8],
    prefix: &[u8],
    limit: usize,
    accept: impl Fn(&Form) -> Option<(u32, u32)>,
    found: &mut Found<'_>,
) {
    let mut offer = |form: &Form| -> Option<u32> {
        let (entity, score) = accept(form)?;
        found.offer(entity, MatchKind::Prefix, score, form.name);
        Some(entity)
    };
    if let Some((best, truncated)) = heavy.get(prefix) {
        let mut group = Group::new(limit);
        for &i in best {
            if let Some(entity) = forms.get(i as usize).and_then(&mut offer)
                && group.full(entity)
            {
                return;
            }
        }
        if !truncated {
            return;
        }
        // More forms qualified than were kept and the vowel check turned too many down: walk all.
    }
    let start = forms.partition_point(|f| bytes(f) <= prefix);
    let end = start + forms[start..].partition_point(|f| bytes(f).starts_with(prefix));
    for form in &forms[start..end] {
        if form.part != Part::Family {
            offer(form);
        }
    }
}

/// Two 64-bit signatures of a text: its letters counted with multiplicity (the second "o" is a
/// different item from the first) and its adjacent letter pairs, each item hashed to one bit. One
/// edit changes at most two letter items (a substitution removes one and adds one; a transposition
/// none) and at most six pair items (a transposition of "ab" in "xaby"), so texts within `k` edits
/// differ in at most `2k` and `6k` bits.
fn signature(chars: &[char]) -> (u64, u64) {
    let mut seen: Vec<(char, u32)> = Vec::new();
    let mut letters = 0u64;
    for &c in chars {
        let n = match seen.iter_mut().find(|(s, _)| *s == c) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((c, 0));
                0
            }
        };
        letters |= 1 << (mix(u32::from(c), n) % 64);
    }
    let pairs = chars.windows(2).fold(0u64, |acc, w| {
        acc | 1 << (mix(u32::from(w[0]), u32::from(w[1])) % 64)
    });
    (letters, pairs)
}

/// A small integer hash of two numbers, spreading nearby values over all bits.
fn mix(a: u32, b: u32) -> u32 {
    let x = u64::from(a) << 32 | u64::from(b);
    let x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> 40) as u32
}

/// (kind, score) of a form whose folded text equals the query.
fn folded_rank(kind: NameKind, part: Part) -> (MatchKind, u32) {
    match (part, kind) {
        (Part::Whole, NameKind::Primary) => (MatchKind::Exact, 0),
        (Part::Whole, _) => (MatchKind::Alias, 0),
        (part, _) => (MatchKind::Partial, part.partial_score()),
    }
}

/// (kind, score) of a form whose syllables are the query's.
fn keyed_rank(kind: NameKind, part: Part) -> (MatchKind, u32) {
    match part {
        Part::Whole => (MatchKind::Variant, u32::from(kind_rank(kind))),
        part => (MatchKind::Partial, part.partial_score()),
    }
}

/// [`MatchKind::Prefix`] score: the name as spelt before another spelling, the whole name before
/// its given name.
fn prefix_score(part: Part, other_spelling: bool) -> u32 {
    2 * u32::from(other_spelling) + u32::from(part != Part::Whole)
}

/// Edits forgiven for a query of `len` letters: none up to 3, one up to 6, two beyond.
fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// What typos are measured on: the folded text with Hangul romanised, so "주지훈" and "Ju Jihun"
/// are a few letters apart rather than entirely different.
fn typo_text(folded: &str) -> String {
    if folded.is_ascii() {
        folded.to_string()
    } else {
        fold(&romanize_hangul(folded))
    }
}

/// Where the typo pieces of a form of `len` characters are: three pieces (two edits) from six
/// characters, two (one edit) below that.
fn segments(len: usize) -> Vec<(usize, usize)> {
    match len {
        0..MIN_TYPO_CHARS => Vec::new(),
        3..=5 => vec![(0, len / 2), (len / 2, len - len / 2)],
        _ => {
            let (a, b) = (len / 3, 2 * len / 3);
            vec![(0, a), (a, b - a), (b, len - b)]
        }
    }
}

fn segment_hash(len: usize, piece: usize, chars: &[char]) -> u64 {
    // DefaultHasher::new() has fixed keys, so the tables are the same on every run.
    let mut hasher = DefaultHasher::new();
    (len, piece, chars).hash(&mut hasher);
    hasher.finish()
}

fn key_bytes(sylls: &[Syl]) -> Vec<u8> {
    sylls.iter().flat_map(|s| s.key()).collect()
}

/// How many syllables one part of a reading has.
fn part_len(parsed: &Parsed, part: Part) -> usize {
    let family = parsed.family.unwrap_or(0).min(parsed.sylls.len());
    match part {
        Part::Whole | Part::Reordered => parsed.sylls.len(),
        Part::Family => family,
        Part::Given => parsed.sylls.len() - family,
    }
}

/// Syllable `i` of one part of a reading (given name then family name for `Reordered`).
fn part_syl(parsed: &Parsed, part: Part, i: usize) -> Option<Syl> {
    let family = parsed.family.unwrap_or(0).min(parsed.sylls.len());
    let at = match part {
        Part::Whole => i,
        Part::Family => {
            if i >= family {
                return None;
            }
            i
        }
        Part::Given => family + i,
        Part::Reordered => {
            let given = parsed.sylls.len() - family;
            if i < given { family + i } else { i - given }
        }
    };
    parsed.sylls.get(at).copied()
}

/// The syllables of one part of a reading.
fn part_sylls(parsed: &Parsed, part: Part) -> Vec<Syl> {
    (0..part_len(parsed, part))
        .filter_map(|i| part_syl(parsed, part, i))
        .collect()
}

/// Folded parts of a name: from its words when it has several ("Ju Ji-hoon": family "ju", given
/// "jihoon"), from its syllables when it is one word of Hangul ("주지훈").
fn folded_parts(text: &str, folded: &str) -> Vec<(Part, String)> {
    let words: Vec<String> = syllable::words(text)
        .into_iter()
        .map(|chunks| chunks.concat())
        .collect();
    let (family, given) = if let [first, rest @ ..] = words.as_slice()
        && !rest.is_empty()
    {
        (first.clone(), rest.concat())
    } else {
        let chars: Vec<char> = folded.chars().collect();
        if !chars.iter().all(|&c| hangul::is_syllable(c)) {
            return Vec::new();
        }
        let Some(split) = hangul::family_len(&chars) else {
            return Vec::new();
        };
        (
            chars[..split].iter().collect(),
            chars[split..].iter().collect(),
        )
    };
    vec![
        (Part::Reordered, format!("{given}{family}")),
        (Part::Given, given),
        (Part::Family, family),
    ]
}

/// The entries found so far, best match per entity.
struct Found<'a> {
    mode: Mode,
    names: &'a [Name],
    order: &'a [u32],
    best: HashMap<u32, Cand>,
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    tier: u8,
    kind: MatchKind,
    score: u32,
    name: u32,
}

impl<'a> Found<'a> {
    fn new(mode: Mode, names: &'a [Name], order: &'a [u32]) -> Self {
        Found {
            mode,
            names,
            order,
            best: HashMap::new(),
        }
    }

    fn len(&self) -> usize {
        self.best.len()
    }

    /// How many entities rank strictly above (`tier`, `score`).
    fn better_than(&self, tier: u8, score: u32) -> usize {
        self.best
            .values()
            .filter(|c| (c.tier, c.score) < (tier, score))
            .count()
    }

    /// Within one entity: better kind, then score, then primary over alias over Hangul spelling.
    fn within(&self, c: &Cand) -> (u8, u32, u8, u32) {
        let kind = self
            .names
            .get(c.name as usize)
            .map_or(u8::MAX, |n| kind_rank(n.kind));
        (c.tier, c.score, kind, c.name)
    }

    fn offer(&mut self, entity: u32, kind: MatchKind, score: u32, name: u32) {
        let cand = Cand {
            tier: self.mode.tier(kind),
            kind,
            score,
            name,
        };
        if let Some(held) = self.best.get(&entity)
            && self.within(held) <= self.within(&cand)
        {
            return;
        }
        self.best.insert(entity, cand);
    }

    /// The best `limit` entities: kind, score, then the entity order (shorter name, then id).
    fn best(self, limit: usize) -> Vec<(u32, Cand)> {
        let order = self.order;
        let mut all: Vec<(u32, Cand)> = self.best.into_iter().collect();
        let key = |(e, c): &(u32, Cand)| {
            (
                c.tier,
                c.score,
                order.get(*e as usize).copied().unwrap_or(u32::MAX),
            )
        };
        if all.len() > limit {
            all.select_nth_unstable_by_key(limit, key);
            all.truncate(limit);
        }
        all.sort_unstable_by_key(key);
        all
    }
}

/// Counts the distinct entities met while walking one sorted group, to stop after `limit`.
struct Group {
    limit: usize,
    seen: HashSet<u32>,
}

impl Group {
    fn new(limit: usize) -> Self {
        Group {
            limit,
            seen: HashSet::new(),
        }
    }

    /// Records `entity`; true once `limit` distinct entities have been met. Later forms of the
    /// group rank below all of them, so they cannot make the cut.
    fn full(&mut self, entity: u32) -> bool {
        self.seen.insert(entity);
        self.seen.len() >= self.limit
    }
}

impl Tables {
    fn build<T: Ord>(names: &[Name], ids: &[T]) -> Tables {
        let mut t = Tables {
            order: entity_order(names, ids),
            listing: listing(names, ids),
            ..Tables::default()
        };
        let mut typo_seen: HashSet<(u32, Part, String)> = HashSet::new();
        for (i, name) in names.iter().enumerate() {
            let n = u32::try_from(i).unwrap_or(u32::MAX);
            let mut parts = vec![(Part::Whole, name.folded.to_string())];
            parts.extend(folded_parts(&name.text, &name.folded));
            for (part, text) in &parts {
                t.folded.push(arena_form(&mut t.text, text, n, *part, 0));
                if matches!(part, Part::Whole | Part::Given) {
                    let roman = typo_text(text);
                    if roman.chars().count() >= MIN_TYPO_CHARS
                        && typo_seen.insert((name.entity, *part, roman.clone()))
                    {
                        t.typo
                            .push(arena_form(&mut t.typo_text, &roman, n, *part, 0));
                    }
                }
            }
            for (p, parsed) in name.parses.iter().enumerate() {
                let p = u8::try_from(p).unwrap_or(u8::MAX);
                let mut key_parts = vec![Part::Whole];
                if parsed.family.is_some() {
                    key_parts.extend([Part::Reordered, Part::Given, Part::Family]);
                }
                for part in key_parts {
                    let key = key_bytes(&part_sylls(parsed, part));
                    let start = u32::try_from(t.keys.len()).unwrap_or(u32::MAX);
                    t.keys.extend_from_slice(&key);
                    t.keyed.push(Form {
                        start,
                        len: key.len() as u32,
                        name: n,
                        part,
                        parse: p,
                    });
                }
            }
        }
        let rank = |f: &Form, keyed: bool| {
            let name = &names[f.name as usize];
            let (kind, score) = if keyed {
                keyed_rank(name.kind, f.part)
            } else {
                folded_rank(name.kind, f.part)
            };
            (
                kind,
                score,
                t.order[name.entity as usize],
                kind_rank(name.kind),
                f.name,
            )
        };
        let mut folded = std::mem::take(&mut t.folded);
        folded.sort_by(|a, b| {
            t.text[a.range()]
                .cmp(&t.text[b.range()])
                .then_with(|| rank(a, false).cmp(&rank(b, false)))
        });
        let mut keyed = std::mem::take(&mut t.keyed);
        keyed.sort_by(|a, b| {
            t.keys[a.range()]
                .cmp(&t.keys[b.range()])
                .then_with(|| rank(a, true).cmp(&rank(b, true)))
        });
        t.folded = folded;
        t.keyed = keyed;
        let prefix_rank = |f: &Form, other_spelling: bool| {
            let name = &names[f.name as usize];
            (
                prefix_score(f.part, other_spelling),
                t.order[name.entity as usize],
                kind_rank(name.kind),
                f.name,
            )
        };
        t.folded_heavy = heavy_prefixes(
            &t.folded,
            |f| t.text[f.range()].as_bytes(),
            |text, at| std::str::from_utf8(text).is_ok_and(|s| s.is_char_boundary(at)),
            |f| prefix_rank(f, false),
        );
        t.keyed_heavy = heavy_prefixes(
            &t.keyed,
            |f| &t.keys[f.range()],
            |_, _| true,
            |f| prefix_rank(f, true),
        );
        let mut segs = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        for (i, form) in t.typo.iter().enumerate() {
            chars.clear();
            chars.extend(t.typo_text[form.range()].chars());
            t.typo_sigs.push(signature(&chars));
            for (piece, (at, width)) in segments(chars.len()).into_iter().enumerate() {
                let hash = segment_hash(chars.len(), piece, &chars[at..at + width]);
                segs.push((hash, u32::try_from(i).unwrap_or(u32::MAX)));
            }
        }
        segs.sort_unstable();
        t.segments = segs;
        t
    }
}

fn arena_form(arena: &mut String, text: &str, name: u32, part: Part, parse: u8) -> Form {
    let start = u32::try_from(arena.len()).unwrap_or(u32::MAX);
    arena.push_str(text);
    Form {
        start,
        len: text.len() as u32,
        name,
        part,
        parse,
    }
}

/// Entity → rank among entities by (length of the primary name, id): the final tie-break.
fn entity_order<T: Ord>(names: &[Name], ids: &[T]) -> Vec<u32> {
    let mut length = vec![(true, usize::MAX); ids.len()];
    for name in names {
        let Some(slot) = length.get_mut(name.entity as usize) else {
            continue;
        };
        // A primary name, when there is one, is "the" name; otherwise the shortest spelling.
        let candidate = (name.kind != NameKind::Primary, name.folded.chars().count());
        *slot = (*slot).min(candidate);
    }
    let mut entities: Vec<usize> = (0..ids.len()).collect();
    entities.sort_by(|&a, &b| length[a].1.cmp(&length[b].1).then(ids[a].cmp(&ids[b])));
    let mut order = vec![0u32; ids.len()];
    for (rank, &e) in entities.iter().enumerate() {
        order[e] = u32::try_from(rank).unwrap_or(u32::MAX);
    }
    order
}

/// Each entity's display name (its first primary name, else its first name), alphabetical.
fn listing<T: Ord>(names: &[Name], ids: &[T]) -> Vec<u32> {
    let mut display: Vec<Option<u32>> = vec![None; ids.len()];
    for (i, name) in names.iter().enumerate() {
        let Some(slot) = display.get_mut(name.entity as usize) else {
            continue;
        };
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        match *slot {
            None => *slot = Some(i),
            Some(held) => {
                if names[held as usize].kind != NameKind::Primary && name.kind == NameKind::Primary
                {
                    *slot = Some(i);
                }
            }
        }
    }
    let mut out: Vec<(u32, usize)> = display
        .into_iter()
        .enumerate()
        .filter_map(|(e, n)| n.map(|n| (n, e)))
        .collect();
    out.sort_by(|a, b| {
        names[a.0 as usize]
            .folded
            .cmp(&names[b.0 as usize].folded)
            .then(ids[a.1].cmp(&ids[b.1]))
    });
    out.into_iter().map(|(n, _)| n).collect()
}

/// The heavy prefixes of a sorted table: every prefix that more than [`HEAVY`] forms start with,
/// with its best [`HEAVY_TOP`] forms that are longer than it (family names left out: their
/// prefixes are prefixes of the whole name), best first by `rank`. A prefix of a heavy prefix is
/// heavy, so the search stops at the first length with none.
fn heavy_prefixes<'t, R: Ord>(
    forms: &[Form],
    bytes: impl Fn(&Form) -> &'t [u8],
    askable: impl Fn(&[u8], usize) -> bool,
    rank: impl Fn(&Form) -> R,
) -> Heavy {
    let mut heavy = Heavy::new();
    for depth in 1.. {
        let mut any = false;
        let mut i = 0;
        while i < forms.len() {
            let head = bytes(&forms[i]);
            let Some(prefix) = head.get(..depth) else {
                i += 1;
                continue;
            };
            let end = i + forms[i..].partition_point(|f| bytes(f).starts_with(prefix));
            if end - i > HEAVY {
                any = true;
                if askable(head, depth) {
                    let mut best: Vec<u32> = (i..end)
                        .filter(|&k| {
                            forms[k].part != Part::Family && bytes(&forms[k]).len() > depth
                        })
                        .map(|k| u32::try_from(k).unwrap_or(u32::MAX))
                        .collect();
                    let truncated = best.len() > HEAVY_TOP;
                    if truncated {
                        best.select_nth_unstable_by_key(HEAVY_TOP, |&k| rank(&forms[k as usize]));
                        best.truncate(HEAVY_TOP);
                    }
                    best.sort_by_key(|&k| rank(&forms[k as usize]));
                    heavy.insert(prefix.into(), (best, truncated));
                }
            }
            i = end;
        }
        if !any {
            break;
        }
    }
    heavy
}
