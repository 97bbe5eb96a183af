//! The store's side of cast lookup: every name to index, and the cards of people, characters and
//! a drama's cast.

use super::db::{self, OptionalExtension, params};
use super::{Store, citation_at, split_aliases};
use crate::error::Result;
use crate::model::{CharacterRow, CreditRow, EntityKind, NameEntry};

const CREDIT_QUERY: &str = "SELECT cr.pack, d.title, cr.role, p.slug, p.name, c.slug, c.name,
        CASE WHEN COALESCE(cr.episode, 0) > COALESCE(c.episode, 0) THEN COALESCE(cr.episode, 0)
             ELSE COALESCE(c.episode, 0) END, cr.note,
        s.outlet, s.title, s.date, s.url
    FROM credit cr
    JOIN pack d ON d.id = cr.pack
    JOIN person p ON p.pk = cr.person_pk
    LEFT JOIN character c ON c.pk = cr.character_pk
    JOIN source s ON s.pk = cr.source_pk
    WHERE cr.retired = 0 AND d.retired = 0";

fn credit_row(r: &db::Row<'_>) -> db::Result<CreditRow> {
    let slug: Option<String> = r.get(5)?;
    let name: Option<String> = r.get(6)?;
    let episode: i64 = r.get(7)?;
    Ok(CreditRow {
        pack: r.get(0)?,
        pack_title: r.get(1)?,
        role: r.get(2)?,
        person_slug: r.get(3)?,
        person_name: r.get(4)?,
        character: slug.zip(name),
        episode: (episode > 0).then_some(episode),
        note: r.get(8)?,
        citation: citation_at(r, 9)?,
    })
}

impl Store {
    /// Every current person and character with its names, for the name index.
    pub fn name_entries(&self) -> Result<Vec<NameEntry>> {
        let mut out = Vec::new();
        let mut people = self.conn.prepare_cached(
            "SELECT p.pack, p.slug, p.name, p.name_ko,
                    (SELECT group_concat(a.text, char(31)) FROM alias a WHERE a.person_pk = p.pk)
             FROM person p JOIN pack d ON d.id = p.pack
             WHERE p.retired = 0 AND d.retired = 0 ORDER BY p.slug, p.pack",
        )?;
        for row in people.query_map(params![], |r| {
            Ok(NameEntry {
                kind: EntityKind::Person,
                pack: r.get(0)?,
                slug: r.get(1)?,
                name: r.get(2)?,
                name_ko: r.get(3)?,
                aliases: split_aliases(r.get(4)?),
                episode: None,
            })
        })? {
            out.push(row?);
        }
        let mut characters = self.conn.prepare_cached(
            "SELECT c.pack, c.slug, c.name, c.name_ko,
                    (SELECT group_concat(a.text, char(31)) FROM alias a WHERE a.character_pk = c.pk),
                    c.episode
             FROM character c JOIN pack d ON d.id = c.pack
             WHERE c.retired = 0 AND d.retired = 0 ORDER BY c.pack, c.slug",
        )?;
        for row in characters.query_map(params![], |r| {
            Ok(NameEntry {
                kind: EntityKind::Character,
                pack: r.get(0)?,
                slug: r.get(1)?,
                name: r.get(2)?,
                name_ko: r.get(3)?,
                aliases: split_aliases(r.get(4)?),
                episode: r.get(5)?,
            })
        })? {
            out.push(row?);
        }
        Ok(out)
    }

    /// A person's credits in every current pack (a person is the same slug across packs).
    pub fn credits_of_person(&self, slug: &str) -> Result<Vec<CreditRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{CREDIT_QUERY} AND p.slug = ?1 AND p.retired = 0 ORDER BY d.year, cr.pack, cr.pk"
        ))?;
        let rows = stmt.query_map([slug], credit_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Who plays a character.
    pub fn credits_of_character(&self, pack: &str, slug: &str) -> Result<Vec<CreditRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{CREDIT_QUERY} AND cr.pack = ?1 AND c.slug = ?2 ORDER BY cr.pk"
        ))?;
        let rows = stmt.query_map(params![pack, slug], credit_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// A drama's whole cast and crew, in pack order.
    pub fn credits_of_drama(&self, pack: &str) -> Result<Vec<CreditRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{CREDIT_QUERY} AND cr.pack = ?1 ORDER BY cr.pk"))?;
        let rows = stmt.query_map([pack], credit_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// One character with its description.
    pub fn character(&self, pack: &str, slug: &str) -> Result<Option<CharacterRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.pack, d.title, c.slug, c.name, c.name_ko,
                    (SELECT group_concat(a.text, char(31)) FROM alias a WHERE a.character_pk = c.pk),
                    c.description, s.outlet, s.title, s.date, s.url, c.episode
             FROM character c JOIN pack d ON d.id = c.pack
             LEFT JOIN source s ON s.pk = c.source_pk
             WHERE c.pack = ?1 AND c.slug = ?2 AND c.retired = 0",
        )?;
        Ok(stmt
            .query_row(params![pack, slug], |r| {
                let description: Option<String> = r.get(6)?;
                let outlet: Option<String> = r.get(7)?;
                Ok(CharacterRow {
                    pack: r.get(0)?,
                    pack_title: r.get(1)?,
                    slug: r.get(2)?,
                    name: r.get(3)?,
                    name_ko: r.get(4)?,
                    aliases: split_aliases(r.get(5)?),
                    // The source is a LEFT JOIN: its columns are all there (NOT NULL) or all NULL.
                    description: match (description, outlet) {
                        (Some(text), Some(_)) => Some((text, citation_at(r, 7)?)),
                        _ => None,
                    },
                    episode: r.get(11)?,
                })
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store_with_sample;

    #[test]
    fn name_entries_list_people_and_characters_with_aliases() {
        let store = store_with_sample();
        let entries = store.name_entries().expect("entries");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].kind, EntityKind::Person);
        assert_eq!(entries[0].aliases, vec!["Joo Ji-hoon"]);
        assert_eq!(entries[1].kind, EntityKind::Character);
        assert_eq!(entries[1].name_ko, "백강혁");
    }

    #[test]
    fn credits_join_people_characters_and_sources() {
        let store = store_with_sample();
        let by_person = store.credits_of_person("ju-ji-hoon").expect("credits");
        assert_eq!(by_person.len(), 1);
        assert_eq!(
            by_person[0].character,
            Some(("baek-kang-hyuk".to_string(), "Baek Kang-hyuk".to_string()))
        );
        assert_eq!(by_person[0].pack_title, "Sample Drama");
        assert_eq!(
            store
                .credits_of_character("sample", "baek-kang-hyuk")
                .expect("credits"),
            by_person
        );
        assert_eq!(
            store.credits_of_drama("sample").expect("credits"),
            by_person
        );
        assert!(
            store
                .credits_of_person("nobody")
                .expect("credits")
                .is_empty()
        );
        let character = store
            .character("sample", "baek-kang-hyuk")
            .expect("read")
            .expect("a character");
        assert_eq!(character.aliases, vec!["Baek Kang Hyuk"]);
        assert_eq!(store.character("sample", "nobody").expect("read"), None);
    }
}
