//! A deterministic generator of realistic Korean names, and the real packs' names, for the
//! benchmark and the timing test.
//!
//! Not used by the bot: it lives here so that `benches/names.rs` and the tests share one generator
//! and one loader.
//! No random number crate: a SplitMix64 sequence from a fixed seed gives the same names on every
//! machine.

use std::path::Path;

use super::{Match, NameIndex, NameKind};

/// Family names: Hangul, then romanisations, the usual one first. Weights follow roughly how
/// common the family names are (Kim, Lee and Park are a good share of all Koreans).
const FAMILIES: &[(&str, &[&str], u32)] = &[
    ("김", &["Kim", "Gim"], 20),
    ("이", &["Lee", "Yi", "Rhee", "I"], 14),
    ("박", &["Park", "Bak", "Pak"], 8),
    ("최", &["Choi", "Choe"], 5),
    ("정", &["Jung", "Jeong", "Chung"], 5),
    ("강", &["Kang", "Gang"], 3),
    ("조", &["Cho", "Jo"], 3),
    ("윤", &["Yoon", "Yun"], 3),
    ("장", &["Jang", "Chang"], 3),
    ("임", &["Lim", "Im", "Yim"], 3),
    ("한", &["Han"], 2),
    ("오", &["Oh", "O"], 2),
    ("서", &["Seo", "Suh"], 2),
    ("신", &["Shin", "Sin"], 2),
    ("권", &["Kwon", "Gwon"], 2),
    ("황", &["Hwang"], 2),
    ("안", &["Ahn", "An"], 2),
    ("송", &["Song"], 2),
    ("류", &["Ryu", "Yoo"], 1),
    ("전", &["Jeon", "Jun", "Chun"], 2),
    ("홍", &["Hong"], 1),
    ("고", &["Ko", "Go"], 1),
    ("문", &["Moon", "Mun"], 1),
    ("양", &["Yang"], 1),
    ("손", &["Son", "Sohn"], 1),
    ("배", &["Bae", "Pae"], 1),
    ("백", &["Baek", "Paik"], 1),
    ("허", &["Heo", "Huh"], 1),
    ("유", &["Yoo", "Yu"], 1),
    ("남", &["Nam"], 1),
    ("심", &["Shim", "Sim"], 1),
    ("노", &["Noh", "Roh"], 1),
    ("하", &["Ha"], 1),
    ("곽", &["Kwak", "Gwak"], 1),
    ("성", &["Sung", "Seong"], 1),
    ("차", &["Cha"], 1),
    ("주", &["Joo", "Ju"], 1),
    ("우", &["Woo"], 1),
    ("구", &["Koo", "Gu"], 1),
    ("민", &["Min"], 1),
    ("추", &["Choo", "Chu"], 1),
    ("천", &["Cheon", "Chun"], 1),
    ("진", &["Jin"], 1),
    ("나", &["Na", "Ra"], 1),
    ("엄", &["Eom", "Um"], 1),
    ("채", &["Chae"], 1),
    ("원", &["Won"], 1),
    ("방", &["Bang"], 1),
    ("공", &["Kong", "Gong"], 1),
    ("현", &["Hyun"], 1),
    ("변", &["Byun", "Byeon"], 1),
    ("석", &["Seok", "Suk"], 1),
    ("설", &["Seol", "Sul"], 1),
    ("길", &["Gil", "Kil"], 1),
    ("표", &["Pyo"], 1),
    ("명", &["Myung"], 1),
    ("남궁", &["Namgung", "Namkoong"], 1),
    ("선우", &["Sunwoo", "Seonu"], 1),
];

/// Given-name syllables: Hangul, then romanisations, the usual one first.
const GIVEN: &[(&str, &[&str])] = &[
    ("지", &["Ji"]),
    ("훈", &["Hoon", "Hun"]),
    ("민", &["Min"]),
    ("준", &["Jun", "Joon"]),
    ("서", &["Seo"]),
    ("연", &["Yeon", "Yun"]),
    ("현", &["Hyun", "Hyeon"]),
    ("우", &["Woo", "U"]),
    ("영", &["Young", "Yeong", "Yong"]),
    ("수", &["Soo", "Su"]),
    ("진", &["Jin"]),
    ("호", &["Ho"]),
    ("성", &["Sung", "Seong"]),
    ("재", &["Jae", "Je"]),
    ("원", &["Won", "Weon"]),
    ("은", &["Eun"]),
    ("혜", &["Hye"]),
    ("희", &["Hee", "Hui"]),
    ("경", &["Kyung", "Gyeong", "Kyoung"]),
    ("정", &["Jung", "Jeong"]),
    ("상", &["Sang"]),
    ("태", &["Tae"]),
    ("동", &["Dong"]),
    ("하", &["Ha"]),
    ("윤", &["Yoon", "Yun"]),
    ("석", &["Seok", "Suk"]),
    ("혁", &["Hyuk", "Hyeok"]),
    ("광", &["Kwang", "Gwang"]),
    ("철", &["Chul", "Cheol"]),
    ("기", &["Ki", "Gi"]),
    ("빈", &["Bin"]),
    ("아", &["Ah", "A"]),
    ("나", &["Na"]),
    ("예", &["Ye"]),
    ("다", &["Da"]),
    ("소", &["So"]),
    ("유", &["Yu", "Yoo"]),
    ("림", &["Rim", "Lim"]),
    ("미", &["Mi"]),
    ("주", &["Ju", "Joo"]),
    ("도", &["Do"]),
    ("강", &["Kang", "Gang"]),
    ("용", &["Yong"]),
    ("중", &["Joong", "Jung"]),
    ("선", &["Sun", "Seon"]),
    ("규", &["Kyu", "Gyu"]),
    ("형", &["Hyung", "Hyeong"]),
    ("범", &["Beom", "Bum"]),
    ("찬", &["Chan"]),
    ("환", &["Hwan"]),
    ("한", &["Han"]),
    ("솔", &["Sol"]),
    ("채", &["Chae"]),
    ("별", &["Byul", "Byeol"]),
    ("슬", &["Seul"]),
    ("인", &["In"]),
    ("일", &["Il"]),
    ("덕", &["Deok", "Duk"]),
    ("명", &["Myung", "Myeong"]),
    ("식", &["Sik", "Shik"]),
    ("욱", &["Wook", "Uk"]),
    ("열", &["Yeol", "Yul"]),
    ("건", &["Geon", "Gun"]),
    ("택", &["Taek"]),
];

/// SplitMix64: a tiny, good-enough deterministic sequence.
#[derive(Clone, Debug)]
pub struct Seq(u64);

impl Seq {
    /// A sequence from `seed`.
    pub fn new(seed: u64) -> Self {
        Seq(seed)
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Whether an event of probability `percent`/100 happens.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// One generated person: the primary romanised name, the Hangul name, and an alias if any.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: u32,
    pub primary: String,
    pub hangul: String,
    pub alias: Option<String>,
}

impl Person {
    /// The person's names as (id, name, kind), the way the bot inserts a pack entry.
    pub fn names(&self) -> Vec<(u32, String, NameKind)> {
        let mut out = vec![
            (self.id, self.primary.clone(), NameKind::Primary),
            (self.id, self.hangul.clone(), NameKind::Hangul),
        ];
        if let Some(alias) = &self.alias {
            out.push((self.id, alias.clone(), NameKind::Alias));
        }
        out
    }
}

fn pick_family(seq: &mut Seq) -> usize {
    let total: u32 = FAMILIES.iter().map(|f| f.2).sum();
    let mut roll = (seq.next_u64() % u64::from(total)) as u32;
    for (i, f) in FAMILIES.iter().enumerate() {
        if roll < f.2 {
            return i;
        }
        roll -= f.2;
    }
    0
}

/// Romanises one name from its parts: the usual spelling mostly, another one sometimes; the given
/// name hyphenated, joined or spaced the way packs and fans write it.
fn romanise(seq: &mut Seq, family: usize, given: &[usize], usual: bool) -> String {
    let spell = |seq: &mut Seq, options: &[&str]| -> String {
        let i = if usual || options.len() == 1 || seq.chance(60) {
            0
        } else {
            1 + seq.below(options.len() - 1)
        };
        options[i].to_string()
    };
    let family = spell(seq, FAMILIES[family].1);
    let parts: Vec<String> = given.iter().map(|&g| spell(seq, GIVEN[g].1)).collect();
    let given = match seq.below(20) {
        0..=11 => {
            let mut joined = parts.join("-").to_lowercase();
            capitalise(&mut joined);
            joined
        }
        12..=16 => {
            let mut joined = parts.concat().to_lowercase();
            capitalise(&mut joined);
            joined
        }
        _ => parts.join(" "),
    };
    format!("{family} {given}")
}

fn capitalise(s: &mut String) {
    if let Some(first) = s.get(..1) {
        let upper = first.to_uppercase();
        s.replace_range(..1, &upper);
    }
}

/// `count` people with ids 0.., the same for the same `seed`.
pub fn people(count: usize, seed: u64) -> Vec<Person> {
    let mut seq = Seq::new(seed);
    (0..count)
        .map(|i| {
            let family = pick_family(&mut seq);
            let syllables = if seq.chance(8) { 1 } else { 2 };
            let given: Vec<usize> = (0..syllables).map(|_| seq.below(GIVEN.len())).collect();
            let hangul = format!(
                "{}{}",
                FAMILIES[family].0,
                given.iter().map(|&g| GIVEN[g].0).collect::<String>()
            );
            let primary = romanise(&mut seq, family, &given, true);
            let alias = if seq.chance(40) {
                Some(romanise(&mut seq, family, &given, false)).filter(|a| *a != primary)
            } else {
                None
            };
            Person {
                id: u32::try_from(i).unwrap_or(u32::MAX),
                primary,
                hangul,
                alias,
            }
        })
        .collect()
}

/// People until their names number `names` (the last person may be cut short).
pub fn names(names: usize, seed: u64) -> Vec<(u32, String, NameKind)> {
    people(names, seed)
        .iter()
        .flat_map(Person::names)
        .take(names)
        .collect()
}

/// `count` queries as typed into autocomplete: a random person's romanised (or, one time in five,
/// Hangul) name cut after a random number of characters.
pub fn typed_queries(people: &[Person], count: usize, seed: u64) -> Vec<String> {
    let mut seq = Seq::new(seed);
    (0..count)
        .filter_map(|_| {
            let p = people.get(seq.below(people.len()))?;
            let name = if seq.chance(20) {
                &p.hangul
            } else {
                &p.primary
            };
            let chars: Vec<char> = name.chars().collect();
            let cut = 1 + seq.below(chars.len());
            Some(chars[..cut].iter().collect())
        })
        .collect()
}

/// `count` queries as given to a full lookup: Hangul names, names in lower case without hyphens,
/// given names alone, names with the last letter missing (a typo or a prefix), other spellings.
pub fn full_queries(people: &[Person], count: usize, seed: u64) -> Vec<String> {
    let mut seq = Seq::new(seed);
    (0..count)
        .filter_map(|_| {
            let p = people.get(seq.below(people.len()))?;
            Some(match seq.below(5) {
                0 => p.hangul.clone(),
                1 => p.primary.to_lowercase().replace('-', " "),
                2 => p
                    .primary
                    .split_once(' ')
                    .map_or_else(|| p.primary.clone(), |(_, given)| given.to_string()),
                3 => {
                    let mut cut = p.primary.clone();
                    cut.pop();
                    cut
                }
                _ => p.alias.clone().unwrap_or_else(|| p.primary.clone()),
            })
        })
        .collect()
}

/// Names indexed the way the cast index indexes them, with what was inserted.
pub struct IndexedNames {
    pub index: NameIndex<usize>,
    /// The id of each entry, by its index id.
    pub ids: Vec<String>,
    /// Every spelling inserted.
    pub spellings: Vec<String>,
}

impl IndexedNames {
    /// An empty index.
    pub fn new() -> IndexedNames {
        IndexedNames {
            index: NameIndex::new(),
            ids: Vec::new(),
            spellings: Vec::new(),
        }
    }

    /// Adds an entry under `id` with its spellings, unless an entry of that id is there already
    /// (a person in several packs is one entry, as in the cast index).
    pub fn add<'s>(
        &mut self,
        id: String,
        spellings: impl IntoIterator<Item = (&'s str, NameKind)>,
    ) {
        if self.ids.contains(&id) {
            return;
        }
        let n = self.ids.len();
        self.ids.push(id);
        for (spelling, kind) in spellings {
            self.index.insert(n, spelling, kind);
            self.spellings.push(spelling.to_string());
        }
    }

    /// The id of the entry a match points at.
    pub fn id(&self, m: &Match<usize>) -> &str {
        &self.ids[m.id]
    }
}

impl Default for IndexedNames {
    fn default() -> Self {
        IndexedNames::new()
    }
}

/// The people and characters of every pack in `dir`, read as the bot reads them, indexed and
/// prepared; the problems of a pack that does not read, if one does not.
pub fn pack_names(dir: &Path) -> Result<IndexedNames, String> {
    let files = crate::pack::files_in(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names = IndexedNames::new();
    for file in files {
        let pack = crate::pack::read_file(&file)
            .map_err(|problems| crate::pack::Problem::list(&problems))?;
        for p in &pack.people {
            let p = &p.item;
            names.add(
                p.id.clone(),
                spellings(
                    &p.name,
                    &p.name_ko,
                    p.aliases.iter().chain(&p.aliases_general),
                ),
            );
        }
        for c in &pack.characters {
            let c = &c.item;
            let id = format!("{}/{}", pack.drama.item.id, c.id);
            names.add(
                id,
                spellings(
                    &c.name,
                    &c.name_ko,
                    c.aliases.iter().chain(&c.aliases_general),
                ),
            );
        }
    }
    names.index.prepare();
    Ok(names)
}

/// A name, its Hangul and its aliases as (spelling, kind).
fn spellings<'s>(
    name: &'s str,
    name_ko: &'s str,
    aliases: impl Iterator<Item = &'s String>,
) -> impl Iterator<Item = (&'s str, NameKind)> {
    [(name, NameKind::Primary), (name_ko, NameKind::Hangul)]
        .into_iter()
        .chain(aliases.map(|a| (a.as_str(), NameKind::Alias)))
}

/// What members type for these spellings: every prefix of each (autocomplete), and each in lower
/// case (a full lookup).
pub fn spelling_queries(spellings: &[String]) -> (Vec<String>, Vec<String>) {
    let typed = spellings
        .iter()
        .flat_map(|name| {
            let chars: Vec<char> = name.chars().collect();
            (1..=chars.len())
                .map(move |cut| chars[..cut].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    let full = spellings.iter().map(|n| n.to_lowercase()).collect();
    (typed, full)
}
