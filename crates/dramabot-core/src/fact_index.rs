//! The file packs' facts, read and folded once: `/facts` and `/cast` cards filter these in memory
//! instead of reading (and folding) every fact at each interaction (issue 14, less work per
//! interaction).
//!
//! Nothing at run time changes a file pack (a new import is read at the next start, as the cast
//! is), so the [`FactIndex`] is built in `App::new`. What does change per server is read at each
//! interaction, and is small: which lists the server plays ([`Store::lists_in_scope`], kept by the
//! router while the database does not change) and the
//! facts of its own bank ([`Store::keyed_facts`] of that list only). [`FactIndex::in_scope`] merges
//! both in the order [`Store::facts`] gives, so that a random draw over them chooses the same facts.

use std::collections::HashMap;

use crate::error::Result;
use crate::model::{FactRecord, Scope};
use crate::store::{KeyedFact, Store};
use crate::text::fold;

/// A fact with its text and its subjects' names folded, as topic matching compares them.
#[derive(Debug, Clone)]
pub struct IndexedFact {
    /// Its primary key: its order within its pack.
    pub pk: i64,
    /// The drama it is of (a server's drama setting filters on it).
    pub drama: String,
    pub record: FactRecord,
    /// `record.about_names`, each folded and followed by a line break, then `record.text`
    /// folded: a fold keeps no line break, so a folded word is found in one name or in the text,
    /// and one search over this replaces one per name.
    folded: String,
    /// Where the text starts in `folded`.
    text_at: usize,
}

impl IndexedFact {
    /// Folds a fact read from the store.
    pub fn new(keyed: KeyedFact) -> IndexedFact {
        let mut folded = String::new();
        for name in &keyed.fact.about_names {
            folded.push_str(&fold(name));
            folded.push('\n');
        }
        let text_at = folded.len();
        folded.push_str(&fold(&keyed.fact.text));
        IndexedFact {
            pk: keyed.pk,
            drama: keyed.drama,
            record: keyed.fact,
            folded,
            text_at,
        }
    }

    /// Whether one of its subjects' names, folded, contains `folded` (a folded word).
    pub fn name_contains(&self, folded: &str) -> bool {
        self.folded[..self.text_at].contains(folded)
    }

    /// Whether its text or one of its subjects' names, folded, contains `folded` (a folded word).
    pub fn contains(&self, folded: &str) -> bool {
        self.folded.contains(folded)
    }

    /// The order of [`Store::facts`]: by pack, then by key.
    fn order(&self) -> (&str, i64) {
        (&self.record.pack, self.pk)
    }
}

/// Every current fact of the file packs, in the order of [`Store::facts`].
#[derive(Debug, Default)]
pub struct FactIndex {
    facts: Vec<IndexedFact>,
    /// Each pack with where its facts lie in `facts` (sorted by pack, so each pack's are together),
    /// in that order: a server's lists pick whole ranges instead of testing every fact.
    packs: Vec<(String, std::ops::Range<usize>)>,
    /// Each subject's key ([`FactRecord::about_keys`]) with the places of the facts about it in
    /// `facts`, in order: a card finds its few facts without looking at the others.
    about: HashMap<String, Vec<usize>>,
}

impl FactIndex {
    /// The index over these facts.
    pub fn build(facts: Vec<KeyedFact>) -> FactIndex {
        let mut facts: Vec<IndexedFact> = facts.into_iter().map(IndexedFact::new).collect();
        facts.sort_by(|a, b| a.order().cmp(&b.order()));
        let mut packs: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for (i, fact) in facts.iter().enumerate() {
            match packs.last_mut() {
                Some((pack, range)) if *pack == fact.record.pack => range.end = i + 1,
                _ => packs.push((fact.record.pack.clone(), i..i + 1)),
            }
        }
        let mut about: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, fact) in facts.iter().enumerate() {
            for key in &fact.record.about_keys {
                let places = about.entry(key.clone()).or_default();
                // A fact naming one subject twice is still one fact about it.
                if places.last() != Some(&i) {
                    places.push(i);
                }
            }
        }
        FactIndex {
            facts,
            packs,
            about,
        }
    }

    /// The file packs' facts as the store holds them (a scope without a server sees only those).
    pub fn from_store(store: &Store) -> Result<FactIndex> {
        Ok(FactIndex::build(store.keyed_facts(Scope::default(), None)?))
    }

    /// How many facts are indexed.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether no fact is indexed.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The facts in `scope`, as [`Store::facts`] would read them: the file packs' from the index
    /// and the server's bank from `store`. `lists` are the lists the scope's server plays
    /// ([`Store::lists_in_scope`], or the router's copy of them).
    pub fn in_scope<'a>(
        &'a self,
        store: &Store,
        lists: &[(String, bool)],
        scope: Scope<'_>,
    ) -> Result<ScopedFacts<'a>> {
        self.select(store, lists, scope, None)
    }

    /// The facts in `scope` about the subject `key`, as [`Store::facts_about`] would read them.
    pub fn about<'a>(
        &'a self,
        store: &Store,
        lists: &[(String, bool)],
        scope: Scope<'_>,
        key: &str,
    ) -> Result<ScopedFacts<'a>> {
        self.select(store, lists, scope, Some(key))
    }

    /// [`FactIndex::in_scope`], or [`FactIndex::about`] the subject `about`.
    fn select<'a>(
        &'a self,
        store: &Store,
        lists: &[(String, bool)],
        scope: Scope<'_>,
        about: Option<&str>,
    ) -> Result<ScopedFacts<'a>> {
        let is_about =
            |f: &IndexedFact| about.is_none_or(|key| f.record.about_keys.iter().any(|k| k == key));
        let mut bank = Vec::new();
        for (list, _) in lists.iter().filter(|(_, is_bank)| *is_bank) {
            bank.extend(
                store
                    .keyed_facts(scope, Some(list))?
                    .into_iter()
                    .map(IndexedFact::new)
                    .filter(is_about),
            );
        }
        let listed = |pack: &str| lists.iter().any(|(id, is_bank)| !is_bank && id == pack);
        let in_drama = |f: &&IndexedFact| scope.drama.is_none_or(|d| d == f.drama);
        let file = match about {
            None => self
                .packs
                .iter()
                .filter(|(pack, _)| listed(pack))
                .flat_map(|(_, range)| &self.facts[range.clone()])
                .filter(in_drama)
                .collect(),
            Some(key) => self
                .about
                .get(key)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|&i| &self.facts[i])
                .filter(|f| listed(&f.record.pack))
                .filter(in_drama)
                .collect(),
        };
        Ok(ScopedFacts { file, bank })
    }
}

/// The facts one server may see: borrowed from the index, and its bank's, read for this answer.
pub struct ScopedFacts<'a> {
    file: Vec<&'a IndexedFact>,
    bank: Vec<IndexedFact>,
}

impl ScopedFacts<'_> {
    /// Every fact, in the order of [`Store::facts`].
    pub fn all(&self) -> Vec<&IndexedFact> {
        if self.bank.is_empty() {
            return self.file.clone();
        }
        let mut all: Vec<&IndexedFact> = self.file.iter().copied().chain(&self.bank).collect();
        all.sort_by(|a, b| a.order().cmp(&b.order()));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_within_one_name_or_the_text_never_across_them() {
        let fact = FactRecord {
            slug: "f".into(),
            pack: "p".into(),
            text: "Both are 188 cm tall.".into(),
            text_ko: None,
            episode: None,
            citation: crate::model::Citation {
                outlet: "o".into(),
                title: "t".into(),
                date: "d".into(),
                url: None,
            },
            about: vec!["Ju Ji-hoon".into()],
            about_names: vec!["Ju Ji-hoon".into(), "주지훈".into()],
            about_keys: vec!["person:ju-ji-hoon".into()],
        };
        let f = IndexedFact::new(KeyedFact {
            pk: 1,
            drama: "p".into(),
            fact,
        });
        assert!(f.name_contains("jihoon"));
        assert!(f.name_contains("주지훈"));
        assert!(!f.name_contains("tall"), "the text is not a name");
        assert!(f.contains("tall") && f.contains("188cm"));
        assert!(!f.name_contains("hoon주"), "not across two names");
        assert!(!f.contains("지훈both"), "nor across a name and the text");
    }
    use crate::ids::GuildId;

    fn records(facts: &ScopedFacts<'_>) -> Vec<FactRecord> {
        facts.all().into_iter().map(|f| f.record.clone()).collect()
    }

    #[test]
    fn the_index_gives_what_the_store_reads_for_every_scope() {
        let app = crate::facts::tests::app_with_real_packs();
        let store = app.store();
        let index = FactIndex::from_store(&store).expect("index");
        assert!(!index.is_empty());
        let dramas: Vec<String> = app.packs().iter().map(|p| p.id.clone()).collect();
        assert!(dramas.len() > 1, "more than one drama, so a filter shows");
        for guild in [None, Some(GuildId(1))] {
            for drama in std::iter::once(None).chain(dramas.iter().map(|d| Some(d.as_str()))) {
                let scope = Scope { guild, drama };
                let lists = store.lists_in_scope(guild).expect("lists");
                let got = index.in_scope(&store, &lists, scope).expect("scoped");
                let got = records(&got);
                assert_eq!(got, store.facts(scope).expect("facts"), "{scope:?}");
                // A card's facts, filtered by subject as the store filters them.
                let mut keys: Vec<&String> = got.iter().flat_map(|f| &f.about_keys).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    let about = index.about(&store, &lists, scope, key).expect("about");
                    let read = store.facts_about(scope, key).expect("facts about");
                    assert_eq!(records(&about), read, "{key}");
                }
                let none = index
                    .about(&store, &lists, scope, "person:nobody")
                    .expect("about");
                assert!(records(&none).is_empty());
            }
        }
    }
}
