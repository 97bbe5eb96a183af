//! Tests of the name matcher: one group per rule of the issue, properties of the normalisers, and a
//! table of queries over the real names of the first fact pack (frozen in `testdata/`).

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::syllable::{CLASS_BITS, CLASS_TEXT, CODA_TEXT, IY, ONSET_TEXT, VOWELS, class};
use super::syllable::{Syl, parse_name};
use super::*;
use crate::text::damerau_levenshtein;

/// The names of the first fact pack, frozen as a fixture so that the pack can grow without moving
/// these tests (`all_packs` reads the real packs).
const PACK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/names/testdata/first-pack-names.toml"
);

fn index_of(entries: &[(u32, &str, NameKind)]) -> NameIndex<u32> {
    let mut index = NameIndex::new();
    for &(id, name, kind) in entries {
        index.insert(id, name, kind);
    }
    index
}

fn ids(matches: &[Match<u32>]) -> Vec<u32> {
    matches.iter().map(|m| m.id).collect()
}

// ---------------------------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------------------------

#[test]
fn fold_ignores_case_spaces_hyphens_and_apostrophes() {
    assert_eq!(fold("Ju Ji-hoon"), "jujihoon");
    assert_eq!(fold("Ji-hoon"), fold("Jihoon"));
    assert_eq!(fold("Ji Hoon"), fold("Jihoon"));
    assert_eq!(fold("Ji'hoon"), "jihoon");
    assert_eq!(fold("Ch’ang-ho"), "changho");
    assert_eq!(fold("  "), "");
}

#[test]
fn fold_drops_accents_and_folds_width() {
    assert_eq!(fold("ＪＵ ＪＩＨＯＯＮ"), "jujihoon");
    assert_eq!(fold("Chŏng Chae-kwang"), "chongchaekwang");
    assert_eq!(fold("Crème Brûlée"), "cremebrulee");
    assert_eq!(fold("ｶﾀｶﾅ"), fold("カタカナ"));
    assert_eq!(fold("ℌ"), "h");
}

#[test]
fn fold_keeps_hangul_whole() {
    assert_eq!(fold("주지훈"), "주지훈");
    // Conjoining jamo (NFD Hangul) come back as syllables.
    assert_eq!(fold("\u{110C}\u{116E}"), "주");
    // Jamo kept apart by punctuation stay apart, so a second fold cannot join them.
    let once = fold("\u{1100}-\u{1161}");
    assert_eq!(fold(&once), once);
}

#[test]
fn fold_is_bounded_on_long_and_expanding_input() {
    let long = "가".repeat(6_000);
    assert_eq!(fold(&long).chars().count(), MAX_FOLDED_CHARS);
    // U+FDFA decomposes into 18 characters.
    let expanding = "\u{FDFA}".repeat(MAX_INPUT_CHARS);
    assert!(fold(&expanding).chars().count() <= MAX_FOLDED_CHARS);
}

// ---------------------------------------------------------------------------------------------
// Hangul
// ---------------------------------------------------------------------------------------------

#[test]
fn romanize_hangul_follows_revised_romanization() {
    assert_eq!(romanize_hangul("주지훈"), "ju ji hun");
    assert_eq!(romanize_hangul("백강혁"), "baek gang hyeok");
    assert_eq!(romanize_hangul("정재광"), "jeong jae gwang");
    assert_eq!(romanize_hangul("박경원"), "bak gyeong won");
    assert_eq!(romanize_hangul("추영우"), "chu yeong u");
    assert_eq!(romanize_hangul("이낙준"), "i nak jun");
    assert_eq!(romanize_hangul("한유림"), "han yu rim");
    assert_eq!(romanize_hangul("의사 닭"), "ui sa dak");
}

#[test]
fn romanize_hangul_keeps_everything_else() {
    assert_eq!(
        romanize_hangul("주지훈 (Ju Ji-hoon)"),
        "ju ji hun (Ju Ji-hoon)"
    );
    assert_eq!(romanize_hangul("abc"), "abc");
    assert_eq!(romanize_hangul(""), "");
    // Conjoining jamo are composed first.
    assert_eq!(romanize_hangul("\u{1112}\u{116E}\u{11AB}"), "hun");
}

#[test]
fn romanized_hangul_is_a_variant_of_the_usual_spelling() {
    for (hangul, usual) in [
        ("주지훈", "Ju Ji-hoon"),
        ("추영우", "Choo Young-woo"),
        ("정재광", "Jeong Jae-kwang"),
        ("박경원", "Park Gyeong-won"),
        ("윤경호", "Yoon Kyung-ho"),
        ("백강혁", "Baek Kang-hyuk"),
        ("이낙준", "Lee Nak-jun"),
    ] {
        assert_eq!(variant_key(hangul), variant_key(usual), "{hangul}");
        assert_eq!(
            variant_key(&romanize_hangul(hangul)),
            variant_key(usual),
            "{hangul}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Romanisation variants
// ---------------------------------------------------------------------------------------------

/// Every spelling in a group has the same key and matches the others in an index.
fn assert_variants(group: &[&str]) {
    let key = variant_key(group[0]);
    for spelling in group {
        assert_eq!(variant_key(spelling), key, "{spelling} vs {}", group[0]);
    }
    for (i, stored) in group.iter().enumerate() {
        let index = index_of(&[(1, stored, NameKind::Primary)]);
        for query in group {
            let found = index.lookup(query, 5);
            assert_eq!(ids(&found), vec![1], "{query} should find {stored}");
            assert!(
                found[0].kind <= MatchKind::Variant,
                "{query} vs {stored}: {found:?}"
            );
        }
        let _ = i;
    }
}

#[test]
fn variant_pairs_required_by_the_issue() {
    assert_variants(&["Jung", "Jeong", "Chung", "정"]);
    assert_variants(&["Lee", "Yi", "Rhee", "Ri", "I", "이"]);
    assert_variants(&["Choo", "Chu", "추"]);
    assert_variants(&["Yoon", "Yun", "윤"]);
    assert_variants(&["Ju", "Joo", "주"]);
    assert_variants(&["Kyung", "Gyeong", "Kyeong", "Kyoung", "경"]);
    assert_variants(&["Park", "Bak", "Pak", "박"]);
    assert_variants(&["Kang", "Gang", "강"]);
    assert_variants(&["Hyuk", "Hyeok", "혁"]);
    assert_variants(&["Young", "Yeong", "영"]);
    assert_variants(&["Won", "Weon", "원"]);
    assert_variants(&["Jae", "Je", "재"]);
}

#[test]
fn other_well_known_variants() {
    assert_variants(&["Shin", "Sin", "신"]);
    assert_variants(&["Choi", "Choe", "최"]);
    assert_variants(&["Seo", "Suh", "서"]);
    assert_variants(&["Woo", "U", "우"]);
    assert_variants(&["Joon", "Jun", "준"]);
    assert_variants(&["Hoon", "Hun", "훈"]);
    assert_variants(&["Eun", "Un", "은"]);
    assert_variants(&["Ahn", "An", "안"]);
    assert_variants(&["Oh", "O", "오"]);
    assert_variants(&["Roh", "Noh", "노"]);
    assert_variants(&["Lim", "Im", "Yim", "임"]);
    assert_variants(&["Ryu", "Yoo", "Yu", "류"]);
    assert_variants(&["Hyun", "Hyeon", "현"]);
    assert_variants(&["Chul", "Cheol", "철"]);
    assert_variants(&["Hee", "Hui", "희"]);
    assert_variants(&["Kwon", "Gwon", "권"]);
    assert_variants(&["Baek", "Paik", "백"]);
    assert_variants(&["Kim", "Gim", "김"]);
    assert_variants(&["Sung", "Seong", "성"]);
}

#[test]
fn variants_are_syllable_rules_not_a_name_list() {
    // Names nobody listed: each syllable varies on its own.
    assert_variants(&[
        "Jung Jae-kwang",
        "Jeong Jae-gwang",
        "Chung Je Kwang",
        "정재광",
    ]);
    assert_variants(&[
        "Park Kyung-won",
        "Bak Gyeong-weon",
        "Pak Kyoungwon",
        "박경원",
    ]);
    assert_variants(&["Shin Hye-sun", "Sin Hye-seon", "신혜선"]);
}

#[test]
fn variant_keys_of_different_names_differ() {
    assert_ne!(variant_key("Kim Ji-won"), variant_key("Kim Ji-woo"));
    assert_ne!(variant_key("Park"), variant_key("Bang"));
    assert_ne!(variant_key("Yoon"), variant_key("Yang"));
}

#[test]
fn ambiguous_spellings_match_each_reading_but_the_readings_stay_apart() {
    // "Jung" is 정 (popular) or 중 (RR); "Jeong" and "Joong" are not each other.
    let index = index_of(&[
        (1, "Jeong Min", NameKind::Primary),
        (2, "Joong Min", NameKind::Primary),
    ]);
    assert_eq!(
        ids(&index.lookup("Jung Min", 5))
            .into_iter()
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 2])
    );
    assert_eq!(ids(&index.lookup("Jeong Min", 1)), vec![1]);
    // "Joong Min" may still reach 1 as a typo (one edit), never as a variant.
    let joong = index.lookup("Joong Min", 5);
    assert_eq!((joong[0].id, joong[0].kind), (2, MatchKind::Exact));
    assert!(joong.iter().all(|m| m.id != 1 || m.kind == MatchKind::Typo));
    // Open syllables are what they look like: 주 is not 조.
    let index = index_of(&[(1, "Ju Ji-hoon", NameKind::Primary)]);
    assert!(
        index
            .lookup("Jo Ji-hoon", 5)
            .iter()
            .all(|m| m.kind == MatchKind::Typo)
    );
}

#[test]
fn non_korean_names_fall_back_to_folded_comparison() {
    assert_eq!(variant_key("Zoë O'Brien-Smith"), "zoeobriensmith");
    let index = index_of(&[
        (1, "Zoë Kravitz", NameKind::Primary),
        (2, "Robert Pattinson", NameKind::Primary),
    ]);
    assert_eq!(ids(&index.lookup("zoe kravitz", 5)), vec![1]);
    assert_eq!(ids(&index.lookup("Kravitz", 5)), vec![1]);
    assert_eq!(ids(&index.lookup("Pattinson Robert", 5)), vec![2]);
    assert_eq!(index.lookup("Robert Patinson", 5)[0].kind, MatchKind::Typo);
}

// ---------------------------------------------------------------------------------------------
// Syllable tables
// ---------------------------------------------------------------------------------------------

#[test]
fn every_vowel_spelling_stays_within_one_class() {
    for (spelling, open, closed) in VOWELS {
        for mask in [open, closed] {
            assert_ne!(mask, 0, "{spelling}");
            let bits = CLASS_BITS[usize::from(class(mask))];
            assert_eq!(mask & bits, mask, "{spelling} spans classes");
            // The initial-sound rule needs to know whether the vowel starts with y/i.
            assert!(
                mask & IY == mask || mask & IY == 0,
                "{spelling} mixes y-vowels"
            );
        }
    }
}

#[test]
fn every_canonical_syllable_reads_back_as_itself() {
    // variant_key is idempotent only if each canonical spelling is read as the same single key.
    for (onset, onset_text) in ONSET_TEXT.iter().enumerate() {
        for (vowel_class, class_text) in CLASS_TEXT.iter().enumerate() {
            for (coda, coda_text) in CODA_TEXT.iter().enumerate() {
                let spelt = format!("{onset_text}{class_text}{coda_text}");
                let parses = parse_name(&spelt);
                assert!(!parses.is_empty(), "{spelt}");
                for parsed in parses {
                    let expected = [onset as u8, vowel_class as u8, coda as u8];
                    let keys: Vec<[u8; 3]> = parsed.sylls.iter().map(|s: &Syl| s.key()).collect();
                    assert_eq!(keys, vec![expected], "{spelt}");
                }
            }
        }
    }
}

#[test]
fn segmentation_prefers_fewest_syllables_and_keeps_ties() {
    assert_eq!(variant_key("Jaewon"), "jae won");
    assert_eq!(variant_key("Jihoon"), "ji hon");
    assert_eq!(variant_key("Hayoung"), "ha yong");
    assert_eq!(variant_key("Kyoungwon"), "gyong won");
    // "youngwoo" is young-woo or youn-gwoo; both readings are kept.
    assert!(parse_name("Youngwoo").len() >= 2);
}

// ---------------------------------------------------------------------------------------------
// Damerau–Levenshtein
// ---------------------------------------------------------------------------------------------

#[test]
fn damerau_levenshtein_counts_edits_and_transpositions() {
    assert_eq!(damerau_levenshtein("jihoon", "jihoon", 2), Some(0));
    assert_eq!(damerau_levenshtein("jihoon", "jihon", 2), Some(1));
    assert_eq!(damerau_levenshtein("jihoon", "jihoo", 2), Some(1));
    assert_eq!(damerau_levenshtein("jihoon", "jihaon", 2), Some(1));
    assert_eq!(damerau_levenshtein("jihoon", "ijhoon", 2), Some(1));
    assert_eq!(damerau_levenshtein("kanghyuk", "kanhgyku", 2), Some(2));
    assert_eq!(damerau_levenshtein("abc", "xyz", 2), None);
    assert_eq!(damerau_levenshtein("", "ab", 2), Some(2));
    assert_eq!(damerau_levenshtein("", "abc", 2), None);
    assert_eq!(damerau_levenshtein("주지훈", "주지흔", 1), Some(1));
}

#[test]
fn damerau_levenshtein_is_fast_on_huge_inputs() {
    let a = "a".repeat(100_000);
    let b = format!("{a}b");
    assert_eq!(damerau_levenshtein(&a, &b, 2), Some(1));
    assert_eq!(damerau_levenshtein(&a, &"b".repeat(100_000), 2), None);
}

/// The textbook optimal-string-alignment table, to check the banded one against.
fn osa_reference(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

// ---------------------------------------------------------------------------------------------
// Index rules
// ---------------------------------------------------------------------------------------------

#[test]
fn ranking_follows_the_issue_in_lookup_and_autocomplete() {
    let index = index_of(&[
        (6, "Minjan", NameKind::Primary),
        (5, "Minjunho", NameKind::Primary),
        (4, "Kim Min-jun", NameKind::Primary),
        (3, "Min-joon", NameKind::Primary),
        (2, "Choi Min-ho", NameKind::Primary),
        (2, "Minjun", NameKind::Alias),
        (1, "Minjun", NameKind::Primary),
    ]);
    let found = index.lookup("Minjun", 10);
    let kinds: Vec<(u32, MatchKind)> = found.iter().map(|m| (m.id, m.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (1, MatchKind::Exact),
            (2, MatchKind::Alias),
            (3, MatchKind::Variant),
            (4, MatchKind::Partial),
            (5, MatchKind::Prefix),
            (6, MatchKind::Typo),
        ]
    );
    assert_eq!(
        ids(&index.autocomplete("Minjun", 10)),
        vec![1, 2, 3, 5, 4, 6]
    );
}

#[test]
fn ties_go_to_the_shorter_name_then_the_lower_id() {
    let index = index_of(&[
        (9, "Lee Do-yun", NameKind::Primary),
        (3, "Lee Nak-jun", NameKind::Primary),
        (7, "Lee Min", NameKind::Primary),
        (5, "Lee Do-hun", NameKind::Primary),
    ]);
    assert_eq!(ids(&index.lookup("Lee", 10)), vec![7, 5, 9, 3]);
    assert_eq!(ids(&index.lookup("Lee", 2)), vec![7, 5]);
}

#[test]
fn the_matched_spelling_is_reported() {
    let index = index_of(&[
        (1, "Ju Ji-hoon", NameKind::Primary),
        (1, "Joo Ji-hoon", NameKind::Alias),
        (1, "주지훈", NameKind::Hangul),
    ]);
    assert_eq!(index.lookup("joo jihoon", 1)[0].name, "Joo Ji-hoon");
    assert_eq!(index.lookup("주지훈", 1)[0].name, "주지훈");
    // A variant is reported through the primary spelling.
    assert_eq!(index.lookup("Chu Jihun", 1)[0].name, "Ju Ji-hoon");
    assert_eq!(index.len(), 3);
}

#[test]
fn given_name_alone_or_first_finds_the_person() {
    let index = index_of(&[
        (1, "Ju Ji-hoon", NameKind::Primary),
        (1, "주지훈", NameKind::Hangul),
        (2, "Kim Ji-won", NameKind::Primary),
    ]);
    for query in [
        "Ji-hoon",
        "Jihoon",
        "ji hun",
        "지훈",
        "Ji-hoon Ju",
        "Jihoon Joo",
        "지훈 주",
    ] {
        let found = index.lookup(query, 5);
        assert_eq!(ids(&found), vec![1], "{query}");
        assert_eq!(found[0].kind, MatchKind::Partial, "{query}");
    }
    assert_eq!(ids(&index.lookup("Ju", 5)), vec![1]);
}

#[test]
fn typos_are_forgiven_in_proportion_to_length() {
    let index = index_of(&[
        (1, "Baek Kang-hyuk", NameKind::Primary),
        (2, "Han", NameKind::Primary),
        (3, "Hanna", NameKind::Primary),
    ]);
    // 12 letters: two edits.
    assert_eq!(index.lookup("Baek Kanghyk", 5)[0].kind, MatchKind::Typo);
    assert_eq!(ids(&index.lookup("Baik Kanghyk", 5)), vec![1]);
    assert!(index.lookup("Biak Knaghyk", 5).is_empty());
    // 5 letters: one edit.
    assert_eq!(ids(&index.lookup("Hanan", 5)), vec![3]);
    assert!(index.lookup("Hxnxa", 5).is_empty());
    // 3 letters: none.
    assert!(index.lookup("Hap", 5).is_empty());
    assert!(ids(&index.lookup("Hen", 5)).is_empty());
}

#[test]
fn typo_scores_count_edits() {
    let index = index_of(&[(1, "Choo Young-woo", NameKind::Primary)]);
    let one = index.lookup("Choo Youngwoi", 1);
    let two = index.lookup("Chuo Youngwoi", 1);
    assert_eq!((one[0].kind, one[0].score), (MatchKind::Typo, 2));
    assert_eq!((two[0].kind, two[0].score), (MatchKind::Typo, 4));
}

#[test]
fn autocomplete_puts_prefixes_first() {
    let index = index_of(&[
        (1, "Baek Kang-hyuk", NameKind::Primary),
        (1, "백강혁", NameKind::Hangul),
        (2, "Bae Su-ji", NameKind::Primary),
        (3, "Kang Bae", NameKind::Primary),
        (4, "Ju Ji-hoon", NameKind::Primary),
    ]);
    // "bae" is 2's family name and 3's given name (partial matches), and it starts 1, 2 and 3's
    // given-name-first form ("baekang"). Autocomplete ranks the prefixes first (shorter name first).
    assert_eq!(ids(&index.autocomplete("bae", 25)), vec![2, 1, 3]);
    assert_eq!(ids(&index.lookup("bae", 25)), vec![3, 2, 1]);
    assert_eq!(ids(&index.autocomplete("백", 25)), vec![1]);
    // "배" (on the way to "백") starts 2's and 1's names read as syllables, and 3's given-name-first
    // form; a lone "ㅂ" starts all three.
    assert_eq!(ids(&index.autocomplete("배", 25)), vec![2, 1, 3]);
    assert_eq!(ids(&index.autocomplete("ㅂ", 25)), vec![2, 1, 3]);
    // A romanised syllable on its own is only a literal prefix: "bae" is not read as "배…".
    assert!(
        index
            .autocomplete("bae", 25)
            .iter()
            .all(|m| m.kind != MatchKind::Prefix || m.score < 2)
    );
    assert_eq!(ids(&index.autocomplete("joo ji", 25)), vec![4]);
    assert_eq!(ids(&index.autocomplete("kang h", 25)), vec![1]);
    assert_eq!(ids(&index.autocomplete("Baek Kangh", 25)), vec![1]);
    assert_eq!(
        index.autocomplete("Baek Kangh", 25)[0].kind,
        MatchKind::Prefix
    );
}

#[test]
fn autocomplete_lists_entries_when_nothing_is_typed() {
    let index = index_of(&[
        (2, "Yang Jae-won", NameKind::Primary),
        (1, "Baek Kang-hyuk", NameKind::Primary),
        (1, "백강혁", NameKind::Hangul),
    ]);
    let listed = index.autocomplete("  ", 25);
    assert_eq!(ids(&listed), vec![1, 2]);
    assert_eq!(listed[0].name, "Baek Kang-hyuk");
    assert!(index.lookup("", 25).is_empty());
    assert!(index.autocomplete("", 0).is_empty());
}

#[test]
fn hostile_queries_do_not_panic_and_find_nothing_much() {
    let index = real().index;
    let queries = [
        "a".repeat(6_000),
        "주".repeat(6_000),
        "Ju Ji-hoon ".repeat(600),
        "\u{0}\u{1}\u{7}\u{1b}[31m\r\n\t".to_string(),
        "😀🎬🍿👩‍⚕️".to_string(),
        "%".to_string(),
        "_".to_string(),
        "%_%".to_string(),
        "'\"`".to_string(),
        "' OR 1=1 --".to_string(),
        "\u{202E}nooh-ij uj".to_string(),
        "\u{200B}\u{200D}\u{FEFF}".to_string(),
        "ㄱㄴㄷㄹㅁㅂㅅ".to_string(),
        "\u{1100}\u{1161}\u{11A8}".repeat(100),
        "\u{FDFA}".repeat(300),
        "🇰🇷".repeat(1_000),
    ];
    for query in &queries {
        for found in [index.lookup(query, 25), index.autocomplete(query, 25)] {
            assert!(found.len() <= 25);
        }
    }
    for query in ["%", "_", "😀🎬🍿", "'\"`", "\u{0}\u{1}"] {
        assert!(index.lookup(query, 25).is_empty(), "{query:?}");
        assert!(index.autocomplete(query, 25).is_empty(), "{query:?}");
    }
}

#[test]
fn insert_ignores_names_that_fold_to_nothing_and_requeries_after_insert() {
    let mut index = NameIndex::new();
    index.insert(1u32, "!!!", NameKind::Primary);
    assert!(index.is_empty());
    index.insert(1, "Ju Ji-hoon", NameKind::Primary);
    assert_eq!(ids(&index.lookup("jihoon", 5)), vec![1]);
    index.insert(2, "Kim Ji-hoon", NameKind::Primary);
    assert_eq!(index.lookup("jihoon", 5).len(), 2);
    assert_eq!(index.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Characters that stress the parser: romanisation letters, Hangul, jamo, separators, marks.
fn name_like() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> =
        "aeiouywgkndtrlmbpsjchAEGJKY -'’가각주지훈이영ㄱㅏ각\u{301}\u{FF2A}é1"
            .chars()
            .collect();
    prop::collection::vec(prop::sample::select(alphabet), 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn fold_is_idempotent_and_bounded(text in any::<String>()) {
        let once = fold(&text);
        prop_assert!(once.chars().count() <= MAX_FOLDED_CHARS);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_is_idempotent_on_name_like_text(text in name_like()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn variant_key_is_idempotent_and_bounded(text in any::<String>()) {
        let once = variant_key(&text);
        prop_assert!(once.chars().count() <= MAX_FOLDED_CHARS);
        prop_assert_eq!(variant_key(&once), once);
    }

    #[test]
    fn variant_key_is_idempotent_on_name_like_text(text in name_like()) {
        let once = variant_key(&text);
        prop_assert!(once.chars().count() <= MAX_FOLDED_CHARS);
        prop_assert_eq!(variant_key(&once), once);
    }

    #[test]
    fn romanize_hangul_never_panics_and_is_bounded(text in any::<String>()) {
        prop_assert!(romanize_hangul(&text).chars().count() <= 8 * MAX_INPUT_CHARS);
    }

    #[test]
    fn damerau_levenshtein_agrees_with_the_full_table(
        a in "[abc]{0,8}",
        b in "[abc]{0,8}",
        max in 0usize..4,
    ) {
        let full = osa_reference(&a, &b);
        let expected = (full <= max).then_some(full);
        prop_assert_eq!(damerau_levenshtein(&a, &b, max), expected);
        prop_assert_eq!(damerau_levenshtein(&b, &a, max), expected);
    }

    #[test]
    fn queries_never_panic(text in any::<String>(), like in name_like()) {
        let index = small_real();
        for query in [&text, &like] {
            prop_assert!(index.lookup(query, 25).len() <= 25);
            prop_assert!(index.autocomplete(query, 25).len() <= 25);
        }
    }
}

/// The real index, built once for the property tests.
fn small_real() -> &'static NameIndex<usize> {
    static INDEX: std::sync::OnceLock<NameIndex<usize>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let index = real().index;
        index.prepare();
        index
    })
}

// ---------------------------------------------------------------------------------------------
// The real pack
// ---------------------------------------------------------------------------------------------

/// The people and characters of the pack, indexed the way the bot would.
type Real = synthetic::IndexedNames;

fn real() -> Real {
    let text = std::fs::read_to_string(PACK).unwrap_or_else(|e| panic!("{PACK}: {e}"));
    let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{PACK}: {e}"));
    let mut real = Real::new();
    for section in ["person", "character"] {
        let entries = doc
            .get(section)
            .and_then(toml::Value::as_array)
            .unwrap_or_else(|| panic!("no [[{section}]]"));
        for entry in entries {
            let field = |key: &str| entry.get(key).and_then(toml::Value::as_str);
            let id = field("id").unwrap_or_else(|| panic!("{section} without id"));
            let names = field("name")
                .map(|n| (n, NameKind::Primary))
                .into_iter()
                .chain(field("name_ko").map(|n| (n, NameKind::Hangul)));
            let aliases = ["aliases", "aliases_general"].into_iter().flat_map(|key| {
                let list = entry.get(key).and_then(toml::Value::as_array);
                list.into_iter()
                    .flatten()
                    .filter_map(toml::Value::as_str)
                    .map(|a| (a, NameKind::Alias))
            });
            real.add(id.to_string(), names.chain(aliases));
        }
    }
    real
}

use MatchKind::{Alias as A, Exact as E, Partial as P, Typo as T, Variant as V};

/// (query, expected id, how) for a full lookup: the expected id must come first, matched that way.
const LOOKUPS: &[(&str, &str, MatchKind)] = &[
    // Case, spacing, hyphens, accents, width.
    ("Ju Ji-hoon", "ju-ji-hoon", E),
    ("ju ji hoon", "ju-ji-hoon", E),
    ("JU JIHOON", "ju-ji-hoon", E),
    ("ＪＵ ＪＩＨＯＯＮ", "ju-ji-hoon", E),
    ("Jú Jì-hóon", "ju-ji-hoon", E),
    ("  baek   kang - hyuk ", "baek-kang-hyuk", E),
    ("Jeong Jaekwang", "jeong-jae-kwang", E),
    // Aliases, Hangul included.
    ("Joo Ji-hoon", "ju-ji-hoon", A),
    ("joo jihoon", "ju-ji-hoon", A),
    ("Jung Jae-kwang", "jeong-jae-kwang", A),
    ("Ha Young", "ahn-ha-young", A),
    ("Hayoung", "ahn-ha-young", A),
    ("주지훈", "ju-ji-hoon", A),
    ("추영우", "choo-young-woo", A),
    ("하영", "ahn-ha-young", A),
    ("안하영", "ahn-ha-young", A),
    ("윤경호", "yoon-kyung-ho", A),
    ("정재광", "jeong-jae-kwang", A),
    ("이낙준", "lee-nak-jun", A),
    ("이도윤", "lee-do-yun", A),
    ("백강혁", "baek-kang-hyuk", A),
    ("양재원", "yang-jae-won", A),
    ("천장미", "cheon-jang-mi", A),
    ("박경원", "park-gyeong-won", A),
    ("한유림", "han-yu-rim", A),
    ("Chu Yeong-u", "choo-young-woo", A),
    ("Chun Jang-mi", "cheon-jang-mi", A),
    ("Han Yoo Rim", "han-yu-rim", A),
    // Romanisation variants, syllable by syllable.
    ("Chung Jae Kwang", "jeong-jae-kwang", V),
    ("Jung Je-gwang", "jeong-jae-kwang", V),
    ("Chu Ji-hun", "ju-ji-hoon", V),
    ("ju ji hun", "ju-ji-hoon", V),
    ("Choo Yeongwoo", "choo-young-woo", V),
    ("Chu Young U", "choo-young-woo", V),
    ("Yun Kyeong-ho", "yoon-kyung-ho", V),
    ("Yoon Gyeongho", "yoon-kyung-ho", V),
    ("Rhee Nak-joon", "lee-nak-jun", V),
    ("I Nakjun", "lee-nak-jun", V),
    ("Ri Do-yun", "lee-do-yun", V),
    ("Paik Kang-hyeok", "baek-kang-hyuk", V),
    ("Baek Gang-hyuk", "baek-kang-hyuk", V),
    ("baek gang hyeok", "baek-kang-hyuk", A),
    ("Yang Je-won", "yang-jae-won", V),
    ("Yang Jaeweon", "yang-jae-won", A),
    ("Chon Jang-mi", "cheon-jang-mi", V),
    ("Bak Gyeong-won", "park-gyeong-won", V),
    ("Pak Kyung-won", "park-gyeong-won", V),
    ("Park Kyoungweon", "park-gyeong-won", V),
    ("Han Yu-lim", "han-yu-rim", V),
    ("An Ha-yeong", "ahn-ha-young", V),
    ("Ahn Hayeong", "ahn-ha-young", V),
    ("bak gyeong won", "park-gyeong-won", V),
    // Given name alone, family name alone, given name first.
    ("Ji-hoon", "ju-ji-hoon", P),
    ("Jihoon", "ju-ji-hoon", P),
    ("지훈", "ju-ji-hoon", P),
    ("Jae-won", "yang-jae-won", P),
    ("재원", "yang-jae-won", P),
    ("Kang-hyuk", "baek-kang-hyuk", P),
    ("Kanghyeok", "baek-kang-hyuk", P),
    ("강혁", "baek-kang-hyuk", P),
    ("Jae-kwang", "jeong-jae-kwang", P),
    ("Kyung-ho", "yoon-kyung-ho", P),
    ("Kyung-won", "park-gyeong-won", P),
    ("Gyeong-won", "park-gyeong-won", P),
    ("Nak-jun", "lee-nak-jun", P),
    ("Jang-mi", "cheon-jang-mi", P),
    ("Yurim", "han-yu-rim", P),
    ("Ji-hoon Ju", "ju-ji-hoon", P),
    ("Jihoon Joo", "ju-ji-hoon", P),
    ("Kang-hyuk Baek", "baek-kang-hyuk", P),
    ("Young-woo Choo", "choo-young-woo", P),
    ("Ju", "ju-ji-hoon", P),
    ("Baek", "baek-kang-hyuk", P),
    // Typos.
    ("Ju Jihon", "ju-ji-hoon", T),
    ("Baek Kanghyk", "baek-kang-hyuk", T),
    ("Cho Youngwoo", "choo-young-woo", T),
    ("Choo Yuongwoo", "choo-young-woo", T),
    // Also the start of "Choo Youngwoo": a prefix ranks above a typo.
    ("Choo Youngwo", "choo-young-woo", MatchKind::Prefix),
    ("Jeong Jaekwnag", "jeong-jae-kwang", T),
    ("Yoon Kyungo", "yoon-kyung-ho", T),
    ("Lee Nakjn", "lee-nak-jun", T),
    ("Han Yurm", "han-yu-rim", T),
    ("Kanghyk", "baek-kang-hyuk", T),
];

/// (typed, expected id) for autocomplete: the expected id must come first, as a prefix (or better).
const TYPED: &[(&str, &str)] = &[
    ("ju ji", "ju-ji-hoon"),
    ("joo ji", "ju-ji-hoon"),
    ("Ju Jih", "ju-ji-hoon"),
    ("bae", "baek-kang-hyuk"),
    ("Baek K", "baek-kang-hyuk"),
    ("백", "baek-kang-hyuk"),
    ("백강", "baek-kang-hyuk"),
    ("주", "ju-ji-hoon"),
    ("cho", "choo-young-woo"),
    ("Chu Yeong", "choo-young-woo"),
    ("yoon k", "yoon-kyung-ho"),
    ("jeong j", "jeong-jae-kwang"),
    ("chung jae", "jeong-jae-kwang"),
    ("yang", "yang-jae-won"),
    ("park g", "park-gyeong-won"),
    ("bak kyung", "park-gyeong-won"),
    ("cheon", "cheon-jang-mi"),
    ("han y", "han-yu-rim"),
    ("ahn", "ahn-ha-young"),
    ("kang h", "baek-kang-hyuk"),
    ("jae-w", "yang-jae-won"),
];

/// Queries that must find nothing at all.
const NOTHING: &[&str] = &[
    "Goblin",
    "zzzz",
    "Kim Tae-ri",
    "Song Joong-ki",
    "xyz",
    "Trauma",
    "q",
    "Jo Jeong-suk",
];

#[test]
fn real_pack_lookups() {
    let real = real();
    let mut failures = Vec::new();
    for &(query, expected, kind) in LOOKUPS {
        let found = real.index.lookup(query, 25);
        match found.first() {
            Some(best) if real.id(best) == expected && best.kind == kind => {}
            _ => failures.push(format!(
                "{query:?}: expected {expected} as {kind:?}, got {:?}",
                found
                    .iter()
                    .map(|m| (real.id(m), m.kind, m.name.as_str()))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(LOOKUPS.len() + TYPED.len() + NOTHING.len() >= 40);
}

#[test]
fn real_pack_autocomplete() {
    let real = real();
    let mut failures = Vec::new();
    for &(typed, expected) in TYPED {
        let found = real.index.autocomplete(typed, 25);
        match found.first() {
            Some(best) if real.id(best) == expected && best.kind <= MatchKind::Prefix => {}
            _ => failures.push(format!(
                "{typed:?}: expected {expected}, got {:?}",
                found
                    .iter()
                    .map(|m| (real.id(m), m.kind, m.name.as_str()))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn real_pack_non_matches() {
    let real = real();
    for query in NOTHING {
        let found = real.index.lookup(query, 25);
        assert!(
            found.is_empty(),
            "{query:?} found {:?}",
            found
                .iter()
                .map(|m| (real.id(m), m.kind))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn real_pack_ambiguous_queries_return_every_candidate() {
    let real = real();
    let set = |query: &str| -> BTreeSet<String> {
        real.index
            .lookup(query, 25)
            .iter()
            .map(|m| real.id(m).to_string())
            .collect()
    };
    assert_eq!(
        set("Lee"),
        BTreeSet::from(["lee-nak-jun".to_string(), "lee-do-yun".to_string()])
    );
    assert_eq!(set("Yi"), set("Lee"));
    assert_eq!(set("이"), set("Lee"));
    let jae = set("Jae");
    assert!(
        jae.contains("yang-jae-won") && jae.contains("jeong-jae-kwang"),
        "{jae:?}"
    );
    // Both Lees are partial (family name) matches, ranked by the shorter name.
    let lee = real.index.lookup("Lee", 25);
    assert!(lee.iter().all(|m| m.kind == MatchKind::Partial));
    assert_eq!(real.id(&lee[0]), "lee-do-yun");
}

#[test]
fn real_pack_autocomplete_prefix_ranks_above_partial_and_typo() {
    let real = real();
    // "ha" is a family name of the stage name "Ha Young" and the start of "Han Yu-rim".
    let found = real.index.autocomplete("ha", 25);
    let first: Vec<&str> = found.iter().map(|m| real.id(m)).collect();
    assert!(
        first.contains(&"han-yu-rim") && first.contains(&"ahn-ha-young"),
        "{first:?}"
    );
    let kinds: Vec<MatchKind> = found.iter().map(|m| m.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| match k {
        MatchKind::Prefix => 3,
        MatchKind::Partial => 4,
        k => *k as u8,
    });
    assert_eq!(kinds, sorted);
}

/// Times 1,000 autocomplete and 1,000 lookup queries on 100,000 synthetic names and prints
/// percentiles. Run with `cargo test --release names::tests::percentiles -- --ignored --nocapture`.
#[test]
#[ignore = "timing report, run in release mode"]
fn percentiles() {
    use std::time::Instant;
    let started = Instant::now();
    let mut index = NameIndex::new();
    let entries = synthetic::names(100_000, 7);
    for (id, name, kind) in &entries {
        index.insert(*id, name, *kind);
    }
    index.prepare();
    println!("build of {} names: {:?}", index.len(), started.elapsed());
    let people = synthetic::people(40_000, 7);
    let typed = synthetic::typed_queries(&people, 1_000, 11);
    let full = synthetic::full_queries(&people, 1_000, 13);
    report("100k names", &index, &typed, &full);

    // The real names: every prefix of every spelling typed, every spelling looked up in lower case.
    let real = real();
    let (typed, full) = synthetic::spelling_queries(&real.spellings);
    let cycle =
        |list: &[String]| -> Vec<String> { list.iter().cycle().take(1_000).cloned().collect() };
    real.index.prepare();
    report("real pack", &real.index, &cycle(&typed), &cycle(&full));

    // Every pack in data/packs, as `/cast` serves them.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let all = synthetic::pack_names(&dir).unwrap_or_else(|problems| panic!("{problems}"));
    let (typed, full) = synthetic::spelling_queries(&all.spellings);
    println!(
        "all packs: {} people and characters, {} spellings",
        all.ids.len(),
        all.spellings.len()
    );
    report("all packs", &all.index, &cycle(&typed), &cycle(&full));
}

/// Times each query once and prints percentiles.
fn report<T: Copy + Eq + std::hash::Hash + Ord>(
    label: &str,
    index: &NameIndex<T>,
    typed: &[String],
    full: &[String],
) {
    use std::time::Instant;
    for (kind, queries, auto) in [("autocomplete", typed, true), ("lookup", full, false)] {
        let label = format!("{label}, {kind}");
        let mut slow: Vec<(f64, &String)> = Vec::new();
        let mut times: Vec<f64> = queries
            .iter()
            .map(|q| {
                let t = Instant::now();
                let found = if auto {
                    index.autocomplete(q, 25)
                } else {
                    index.lookup(q, 25)
                };
                std::hint::black_box(found);
                let us = t.elapsed().as_secs_f64() * 1e6;
                slow.push((us, q));
                us
            })
            .collect();
        slow.sort_by(|a, b| b.0.total_cmp(&a.0));
        if std::env::var_os("NAMES_SLOWEST").is_some() {
            println!("{label} slowest: {:?}", &slow[..10]);
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "{label}: p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
            at(0.50),
            at(0.90),
            at(0.99),
            at(1.0)
        );
    }
}
