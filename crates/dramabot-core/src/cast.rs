//! `/cast`: who plays whom, and what the people behind a drama made, found by any spelling of a name.
//!
//! The [`CastIndex`] is built once from the store: one entity per person (the same slug across packs
//! is one person) and per character, each with every name it goes by, in a [`NameIndex`] that does
//! the matching (romanisation variants, Hangul, given names, typos). A lookup answers with one card
//! when one entity clearly matches, or with the best and buttons for the other close ones. The
//! credits the cards show come from the file packs only, which change only at an import (read at
//! the next start, as the names are): they are read with the index, not at each lookup.

use std::collections::{BTreeMap, HashMap};

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{Arg, Locale, msg, text, tr};
use crate::model::{
    CharacterRow, CreditRow, EntityKind, FactRecord, GuildSettings, NameEntry, PackSummary, Scope,
    SpoilerMode, find_pack,
};
use crate::names::{Match, MatchKind, NameIndex, NameKind, fold};
use crate::reply::{Button, ButtonStyle, COLOUR, Choice, Embed, Reply, Response};
use crate::router::{App, Ctx};
use crate::spoilers::SpoilerGuard;
use crate::store::Store;
use crate::text::{clip, damerau_levenshtein};

/// The prefix of `/cast` buttons' custom ids.
pub const BUTTON_PREFIX: &str = "cast:";
/// How many other close matches are offered as buttons.
pub const ALTERNATIVES: usize = 4;
/// How many facts a card shows.
pub const CARD_FACTS: usize = 3;

/// A person or a character that can be looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    pub slug: String,
    /// A character's pack; for a person, the first pack it appears in.
    pub pack: String,
    /// Every pack the entity is in (a person may be in several).
    pub packs: Vec<String>,
    pub name: String,
    pub name_ko: String,
    /// The episode that reveals a character, if any.
    pub episode: Option<i64>,
    /// A short stable key for buttons: the same entity gets the same token after a restart.
    pub token: String,
    /// Its other spellings (besides `name` and `name_ko`), each once, in pack order: kept with
    /// the entity so that a card does not read every name in the store again.
    pub aliases: Vec<String>,
    /// What its card lists, as [`Store::credits_of_person`] or [`Store::credits_of_character`]
    /// read them when the index was built from the store (none in an index built from names only).
    pub credits: Vec<CreditRow>,
    /// A character's row with its description, as [`Store::character`] read it then.
    pub character: Option<CharacterRow>,
}

impl Entity {
    /// The entity as a stable key, as facts and quotes name their subjects and speakers.
    pub fn key(&self) -> String {
        match self.kind {
            EntityKind::Person => format!("person:{}", self.slug),
            EntityKind::Character => format!("character:{}/{}", self.pack, self.slug),
        }
    }
}

/// Every person and character, indexed by all their names.
pub struct CastIndex {
    names: NameIndex<u32>,
    entities: Vec<Entity>,
    /// Each drama's whole cast and crew, by pack id, as [`Store::credits_of_drama`] read them.
    dramas: HashMap<String, Vec<CreditRow>>,
}

fn token(kind: EntityKind, pack: &str, slug: &str) -> String {
    let key = match kind {
        EntityKind::Person => format!("p/{slug}"),
        EntityKind::Character => format!("c/{pack}/{slug}"),
    };
    format!("{:016x}", crate::text::fnv1a(key.as_bytes()))
}

impl CastIndex {
    /// Builds the index from the store's name entries.
    pub fn build(entries: &[NameEntry]) -> CastIndex {
        // People are one entity per slug, whatever packs they appear in.
        let mut grouped: BTreeMap<(EntityKind, String, String), Vec<&NameEntry>> = BTreeMap::new();
        for entry in entries {
            let pack = match entry.kind {
                EntityKind::Person => String::new(),
                EntityKind::Character => entry.pack.clone(),
            };
            grouped
                .entry((entry.kind, pack, entry.slug.clone()))
                .or_default()
                .push(entry);
        }
        let mut names = NameIndex::new();
        let mut entities = Vec::with_capacity(grouped.len());
        for ((kind, _, slug), rows) in grouped {
            let first = rows[0];
            let id = entities.len() as u32;
            let mut seen = std::collections::HashSet::new();
            let mut aliases = Vec::new();
            for row in &rows {
                for (name, name_kind) in std::iter::once((&row.name, NameKind::Primary))
                    .chain(std::iter::once((&row.name_ko, NameKind::Hangul)))
                    .chain(row.aliases.iter().map(|a| (a, NameKind::Alias)))
                {
                    if seen.insert(name.clone()) {
                        names.insert(id, name, name_kind);
                    }
                }
                // The same spelling may come from several packs: the first of each is kept.
                for alias in &row.aliases {
                    if alias != &first.name && alias != &first.name_ko && !aliases.contains(alias) {
                        aliases.push(alias.clone());
                    }
                }
            }
            entities.push(Entity {
                kind,
                token: token(kind, &first.pack, &slug),
                slug,
                pack: first.pack.clone(),
                packs: rows.iter().map(|r| r.pack.clone()).collect(),
                name: first.name.clone(),
                name_ko: first.name_ko.clone(),
                episode: first.episode,
                aliases,
                credits: Vec::new(),
                character: None,
            });
        }
        names.prepare();
        CastIndex {
            names,
            entities,
            dramas: HashMap::new(),
        }
    }

    /// Builds the index from the store, with every card's credits.
    pub fn from_store(store: &Store) -> Result<CastIndex> {
        let mut index = CastIndex::build(&store.name_entries()?);
        for entity in &mut index.entities {
            match entity.kind {
                EntityKind::Person => entity.credits = store.credits_of_person(&entity.slug)?,
                EntityKind::Character => {
                    entity.credits = store.credits_of_character(&entity.pack, &entity.slug)?;
                    entity.character = store.character(&entity.pack, &entity.slug)?;
                }
            }
        }
        // A credit names a person, so every drama with credits is among the people's packs.
        for entity in &index.entities {
            for pack in &entity.packs {
                if !index.dramas.contains_key(pack) {
                    index
                        .dramas
                        .insert(pack.clone(), store.credits_of_drama(pack)?);
                }
            }
        }
        Ok(index)
    }

    /// A drama's whole cast and crew, in pack order (none for a drama the index does not know).
    pub fn drama_credits(&self, pack: &str) -> &[CreditRow] {
        self.dramas.get(pack).map_or(&[], Vec::as_slice)
    }

    /// How many entities are indexed.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity a match points at.
    pub fn entity(&self, m: &Match<u32>) -> &Entity {
        &self.entities[m.id as usize]
    }

    /// The entity with this button token.
    pub fn by_token(&self, token: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.token == token)
    }

    /// The best matches for `query` among the entities `allowed` lets through, best first.
    pub fn lookup(
        &self,
        query: &str,
        allowed: impl Fn(&Entity) -> bool,
        limit: usize,
    ) -> Vec<Match<u32>> {
        // Ask for more than needed: some may be filtered out by the server's drama or spoilers.
        let mut hits = self.names.lookup(query, limit.saturating_mul(4).max(16));
        hits.retain(|m| allowed(self.entity(m)));
        hits.truncate(limit);
        hits
    }

    /// The matches a `/cast` answer shows: [`CastIndex::lookup`]'s, except that when a whole-name
    /// match wins clearly ([`clear_winner`]), only the whole-name matches are looked for. Its card
    /// is then the whole answer (no buttons for the others), and the prefixes and typos the rest of
    /// a lookup looks for rank below it, so they could change nothing shown; looking for them was
    /// most of the instructions of answering `/cast` with a full name.
    pub fn lookup_shown(
        &self,
        query: &str,
        allowed: impl Fn(&Entity) -> bool,
        limit: usize,
    ) -> Vec<Match<u32>> {
        let mut whole = self
            .names
            .lookup_whole(query, limit.saturating_mul(4).max(16));
        whole.retain(|m| allowed(self.entity(m)));
        // A lone partial name is no clear winner once prefixes and typos join it; a strong one is.
        if whole.first().is_some_and(strong) && clear_winner(&whole) {
            whole.truncate(limit);
            return whole;
        }
        self.lookup(query, allowed, limit)
    }

    /// The `n` entities whose name is nearest to `query` by edit distance, for an answer that found
    /// nobody. Only on that path, so a scan is fine.
    pub fn nearest(
        &self,
        query: &str,
        allowed: impl Fn(&Entity) -> bool,
        n: usize,
    ) -> Vec<&Entity> {
        let query = fold(query);
        let mut ranked: Vec<(usize, &Entity)> = self
            .entities
            .iter()
            .filter(|e| allowed(e))
            .filter_map(|e| {
                let distance = [&e.name, &e.name_ko]
                    .iter()
                    .filter_map(|name| damerau_levenshtein(&query, &fold(name), 64))
                    .min()?;
                Some((distance, e))
            })
            .collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        ranked.into_iter().take(n).map(|(_, e)| e).collect()
    }

    /// Suggestions while typing, best first.
    pub fn autocomplete(
        &self,
        typed: &str,
        allowed: impl Fn(&Entity) -> bool,
        limit: usize,
    ) -> Vec<Match<u32>> {
        let mut hits = self
            .names
            .autocomplete(typed, limit.saturating_mul(4).max(32));
        hits.retain(|m| allowed(self.entity(m)));
        hits.truncate(limit);
        hits
    }
}

/// Which entities a server may be shown: those of its drama, and no character the spoiler guard
/// hides.
fn allowed<'a>(
    settings: &'a GuildSettings,
    guard: &'a SpoilerGuard,
) -> impl Fn(&Entity) -> bool + 'a {
    move |e: &Entity| {
        let in_drama = settings.drama.as_ref().is_none_or(|d| e.packs.contains(d));
        let hidden = settings.spoiler_mode == SpoilerMode::Hide && guard.guards(e.episode);
        in_drama && !hidden
    }
}

/// An exact, alias or variant match: one that can win clearly.
fn strong(m: &Match<u32>) -> bool {
    matches!(
        m.kind,
        MatchKind::Exact | MatchKind::Alias | MatchKind::Variant
    )
}

/// Whether the best match stands clear of the rest: an exact, alias or variant match that no other
/// entity matches as well.
fn clear_winner(hits: &[Match<u32>]) -> bool {
    match hits {
        [] => false,
        [_] => true,
        [best, second, ..] => strong(best) && !(strong(second) && second.kind == best.kind),
    }
}

/// The arguments of `/cast [name] [drama]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LookupArgs {
    /// A name in any spelling.
    pub name: Option<String>,
    /// A drama, to see its whole cast.
    pub drama: Option<String>,
}

impl FromOptions for LookupArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(LookupArgs {
            name: options.get("name")?,
            drama: options.get("drama")?,
        })
    }
}

/// `/cast`.
pub fn run(ctx: &mut Ctx<'_>, args: LookupArgs) -> Result<Reply> {
    let LookupArgs { name, drama } = args;
    let locale = ctx.locale();
    let mut settings = ctx.settings()?;
    let packs = ctx.app.packs();
    if let Some(drama) = &drama {
        let pack = find_pack(packs, drama).ok_or_else(|| {
            let dramas = packs
                .iter()
                .map(|p| p.title.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Error::BadInput(tr(
                locale,
                msg::CAST_NO_DRAMA,
                &[
                    ("drama", clip(drama.trim(), 100).into()),
                    ("dramas", dramas.into()),
                ],
            ))
        })?;
        if name.is_none() {
            let guard = SpoilerGuard::new(&settings);
            let credits = ctx.app.cast().drama_credits(&pack.id);
            return Ok(Reply::embed(drama_card(pack, credits, &guard, locale)));
        }
        settings.drama = Some(pack.id.clone());
    }
    let Some(name) = name else {
        return Err(Error::BadInput(text(locale, msg::CAST_NO_QUERY)));
    };
    if fold(&name).is_empty() {
        return Err(Error::BadInput(text(locale, msg::CAST_NO_LETTERS)));
    }
    let guard = SpoilerGuard::new(&settings);
    let index = ctx.app.cast();
    let hits = index.lookup_shown(&name, allowed(&settings, &guard), ALTERNATIVES + 1);
    let Some(best) = hits.first() else {
        let nearest: Vec<String> = index
            .nearest(&name, allowed(&settings, &guard), 3)
            .iter()
            .map(|e| e.name.clone())
            .collect();
        let name = Arg::from(clip(name.trim(), 100));
        return Ok(Reply::private(if nearest.is_empty() {
            tr(locale, msg::CAST_NOBODY, &[("name", name)])
        } else {
            tr(
                locale,
                msg::CAST_NOBODY_NEAREST,
                &[("name", name), ("nearest", nearest.join(", ").into())],
            )
        }));
    };
    let scope = Scope {
        guild: ctx.inv.guild,
        drama: None,
    };
    let mut reply = card(ctx.app, scope, index.entity(best), &guard, locale)?;
    if !clear_winner(&hits) {
        reply.content = Some(tr(
            locale,
            msg::CAST_BEST_MATCH,
            &[("name", clip(name.trim(), 100).into())],
        ));
        reply.buttons = hits[1..]
            .iter()
            .map(|m| {
                let e = index.entity(m);
                Button {
                    custom_id: format!("{BUTTON_PREFIX}{}", e.token),
                    label: clip(&format!("{} ({})", e.name, e.name_ko), 80),
                    style: ButtonStyle::Secondary,
                    disabled: false,
                }
            })
            .collect();
    }
    Ok(reply)
}

/// A button offered by a lookup: shows that entity's card in place of the message.
pub fn press(ctx: &mut Ctx<'_>, token: &str) -> Result<Response> {
    let settings = ctx.settings()?;
    let guard = SpoilerGuard::new(&settings);
    let index = ctx.app.cast();
    // The lookup may have been limited to another drama than the server's (`drama:`), so only the
    // spoiler guard applies here.
    let unrestricted = GuildSettings {
        drama: None,
        ..settings.clone()
    };
    let entity = index
        .by_token(token)
        .filter(|e| allowed(&unrestricted, &guard)(e))
        .ok_or_else(|| Error::BadInput(ctx.text(msg::CAST_GONE)))?;
    let scope = Scope {
        guild: ctx.inv.guild,
        drama: None,
    };
    Ok(Response::Update(card(
        ctx.app,
        scope,
        entity,
        &guard,
        ctx.locale(),
    )?))
}

/// Suggests names while a member types.
pub fn complete_name(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let settings = ctx.settings()?;
    let guard = SpoilerGuard::new(&settings);
    let index = ctx.app.cast();
    let person = ctx.text(msg::CAST_KIND_PERSON);
    let character = ctx.text(msg::CAST_KIND_CHARACTER);
    Ok(index
        .autocomplete(typed, allowed(&settings, &guard), 25)
        .iter()
        .map(|m| {
            let e = index.entity(m);
            let what = match e.kind {
                EntityKind::Person => &person,
                EntityKind::Character => &character,
            };
            Choice {
                name: clip(&format!("{} ({}) · {what}", e.name, e.name_ko), 100),
                value: clip(&e.name, 100),
            }
        })
        .collect())
}

/// Suggests dramas while a member types: those whose title (English or Korean) contains what was
/// typed, each answering with its pack id, which [`find_pack`] takes first and exactly.
pub fn complete_drama(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let typed = crate::text::fold(typed);
    Ok(ctx
        .app
        .packs()
        .iter()
        .filter(|p| typed.is_empty() || p.title_contains(&typed))
        .map(|p| Choice {
            name: format!("{} ({})", p.title, p.title_ko),
            value: p.id.clone(),
        })
        .collect())
}

/// The card of a person or a character, with the facts about them in `scope` (every drama's: a
/// person's card spans the dramas they worked on).
pub fn card(
    app: &App,
    scope: Scope<'_>,
    entity: &Entity,
    guard: &SpoilerGuard,
    locale: Locale,
) -> Result<Reply> {
    // As `Store::facts_about` reads them, from the index: a card needs no fact read whole.
    let key = entity.key();
    let facts = app.facts_about(scope, &key)?;
    let about: Vec<&FactRecord> = facts.all().into_iter().map(|f| &f.record).collect();
    let embed = match entity.kind {
        EntityKind::Person => person_card(entity, &entity.credits, &about, guard, locale),
        EntityKind::Character => character_card(entity, &entity.credits, &about, guard, locale),
    };
    Ok(Reply::embed(embed))
}

fn role_line(credit: &CreditRow, guard: &SpoilerGuard, locale: Locale) -> Option<String> {
    let drama = ("drama", Arg::from(credit.pack_title.as_str()));
    let said = |id| tr(locale, id, std::slice::from_ref(&drama));
    let line = match (credit.role.as_str(), &credit.character) {
        ("actor", Some((_, character))) => tr(
            locale,
            msg::CAST_PLAYS,
            &[("character", character.as_str().into()), drama.clone()],
        ),
        ("actor", None) if credit.note.is_some() => said(msg::CAST_ACTS),
        ("actor", None) => said(msg::CAST_ACTS_UNKNOWN),
        ("director", _) => said(msg::CAST_DIRECTED),
        ("writer", _) => said(msg::CAST_WROTE),
        ("original-author", _) => said(msg::CAST_WROTE_ORIGINAL),
        (role, _) => tr(
            locale,
            msg::CAST_OTHER_ROLE,
            &[("role", role.into()), drama.clone()],
        ),
    };
    let line = match &credit.note {
        Some(note) => format!("{line}: {note}"),
        None => line,
    };
    guard.show(credit.episode, &line)
}

fn fact_fields(
    mut embed: Embed,
    facts: &[&FactRecord],
    guard: &SpoilerGuard,
    locale: Locale,
) -> Embed {
    let mut shown = 0;
    for fact in facts {
        if shown == CARD_FACTS {
            break;
        }
        let Some(shown_text) = guard.show(fact.episode, fact.text_in(locale)) else {
            continue;
        };
        shown += 1;
        let c = &fact.citation;
        embed = embed.field(
            text(locale, msg::CAST_FACT),
            format!("{}\n— *{}, {}*", clip(&shown_text, 900), c.outlet, c.date),
        );
    }
    embed
}

/// A person's or a character's card: its title and description, then the other spellings, the
/// facts about it and the sources of its credits.
fn entity_card(
    entity: &Entity,
    description: String,
    credits: &[CreditRow],
    facts: &[&FactRecord],
    guard: &SpoilerGuard,
    locale: Locale,
) -> Embed {
    let mut embed = Embed {
        title: Some(format!("{} ({})", entity.name, entity.name_ko)),
        description: Some(description),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    if !entity.aliases.is_empty() {
        embed = embed.field(
            text(locale, msg::CAST_ALSO_WRITTEN),
            clip(&entity.aliases.join(", "), 1000),
        );
    }
    embed = fact_fields(embed, facts, guard, locale);
    embed.footer = sources_footer(credits, locale);
    embed
}

fn person_card(
    entity: &Entity,
    credits: &[CreditRow],
    facts: &[&FactRecord],
    guard: &SpoilerGuard,
    locale: Locale,
) -> Embed {
    let lines: Vec<String> = credits
        .iter()
        .filter_map(|c| role_line(c, guard, locale))
        .collect();
    let description = if lines.is_empty() {
        text(locale, msg::CAST_NO_CREDITS)
    } else {
        lines.join("\n")
    };
    entity_card(entity, description, credits, facts, guard, locale)
}

fn character_card(
    entity: &Entity,
    credits: &[CreditRow],
    facts: &[&FactRecord],
    guard: &SpoilerGuard,
    locale: Locale,
) -> Embed {
    let row = &entity.character;
    let drama = row
        .as_ref()
        .map_or(entity.pack.clone(), |r| r.pack_title.clone());
    let mut lines = Vec::new();
    if let Some((description, c)) = row.as_ref().and_then(|r| r.description.clone()) {
        lines.push(format!("{description}\n— *{}, {}*", c.outlet, c.date));
    }
    let players: Vec<String> = credits
        .iter()
        .filter(|c| c.role == "actor")
        .map(|c| format!("**{}**", c.person_name))
        .collect();
    let drama = ("drama", Arg::from(drama));
    lines.push(if players.is_empty() {
        tr(locale, msg::CAST_CHARACTER_UNKNOWN_PLAYER, &[drama])
    } else {
        let players = players.join(&text(locale, msg::CAST_AND));
        tr(
            locale,
            msg::CAST_PLAYED_BY,
            &[("players", players.into()), drama],
        )
    });
    let description = guard
        .show(entity.episode, &lines.join("\n"))
        .unwrap_or_else(|| text(locale, msg::CAST_GUARDED));
    entity_card(entity, description, credits, facts, guard, locale)
}

/// The sources of the credits shown, as a footer.
fn sources_footer(credits: &[CreditRow], locale: Locale) -> Option<String> {
    let mut sources: Vec<String> = credits
        .iter()
        .map(|c| format!("{}, {}", c.citation.outlet, c.citation.date))
        .collect();
    sources.sort();
    sources.dedup();
    (!sources.is_empty()).then(|| {
        tr(
            locale,
            msg::CAST_SOURCES,
            &[("sources", sources.join("; ").into())],
        )
    })
}

/// A drama's cast and crew.
pub fn drama_card(
    pack: &PackSummary,
    credits: &[CreditRow],
    guard: &SpoilerGuard,
    locale: Locale,
) -> Embed {
    let mut cast = Vec::new();
    let mut crew = Vec::new();
    for credit in credits {
        let person = ("person", Arg::from(credit.person_name.as_str()));
        let line = match (credit.role.as_str(), &credit.character) {
            ("actor", Some((_, character))) => tr(
                locale,
                msg::CAST_AS,
                &[person, ("character", character.as_str().into())],
            ),
            ("actor", None) => tr(locale, msg::CAST_ROLE_UNKNOWN, &[person]),
            ("original-author", _) => tr(locale, msg::CAST_ORIGINAL_WORK, &[person]),
            (role, _) => {
                let role = match role {
                    "director" => text(locale, msg::CAST_ROLE_DIRECTOR),
                    "writer" => text(locale, msg::CAST_ROLE_WRITER),
                    other => other.to_string(),
                };
                tr(
                    locale,
                    msg::CAST_CREW_ROLE,
                    &[person, ("role", role.into())],
                )
            }
        };
        let Some(line) = guard.show(credit.episode, &line) else {
            continue;
        };
        if credit.role == "actor" {
            cast.push(line)
        } else {
            crew.push(line)
        }
    }
    let mut embed = Embed {
        title: Some(tr(
            locale,
            msg::CAST_DRAMA_TITLE,
            &[
                ("title", pack.title.as_str().into()),
                ("title_ko", pack.title_ko.as_str().into()),
            ],
        )),
        description: Some(if cast.is_empty() {
            text(locale, msg::CAST_NO_CAST)
        } else {
            cast.join("\n")
        }),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    if !crew.is_empty() {
        embed = embed.field(text(locale, msg::CAST_BEHIND_CAMERA), crew.join("\n"));
    }
    embed.footer = sources_footer(credits, locale);
    embed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GuildId;
    use crate::reply::Response;
    use crate::router::tests::{command, handle_checked, invocation, run};
    use crate::router::{Action, App};
    use crate::store::tests::{SAMPLE, sample_pack};
    use jiff::Timestamp;
    use rand::SeedableRng;

    /// The sample pack plus a character revealed in the finale.
    fn app() -> App {
        let text = format!(
            "{SAMPLE}\n[[character]]\nid = \"twin\"\nname = \"Baek Kang-min\"\nname_ko = \"백강민\"\nepisode = 8\n"
        );
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(&text)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        App::new(store)
    }

    fn spoilers(app: &App, mode: SpoilerMode) {
        let settings = GuildSettings {
            drama: None,
            spoiler_episode: Some(3),
            spoiler_mode: mode,
        };
        app.store()
            .save_guild_settings(GuildId(1), &settings, Timestamp::UNIX_EPOCH)
            .expect("save");
    }

    fn title(reply: &Reply) -> Option<&str> {
        reply.embeds.first().and_then(|e| e.title.as_deref())
    }

    #[test]
    fn the_index_holds_each_cards_credits_as_the_store_reads_them() {
        let app = app();
        let store = app.store();
        let index = app.cast();
        assert!(index.entities.iter().any(|e| !e.credits.is_empty()));
        for entity in &index.entities {
            match entity.kind {
                EntityKind::Person => {
                    assert_eq!(
                        entity.credits,
                        store.credits_of_person(&entity.slug).expect("read")
                    );
                    assert_eq!(entity.character, None);
                }
                EntityKind::Character => {
                    assert_eq!(
                        entity.credits,
                        store
                            .credits_of_character(&entity.pack, &entity.slug)
                            .expect("read")
                    );
                    assert_eq!(
                        entity.character,
                        store.character(&entity.pack, &entity.slug).expect("read")
                    );
                }
            }
        }
        let drama = store.credits_of_drama("sample").expect("read");
        assert!(!drama.is_empty());
        assert_eq!(index.drama_credits("sample"), drama.as_slice());
        assert!(index.drama_credits("nothing").is_empty());
    }

    /// What `/cast` shows of a lookup: the best match, and the others only when it is no clear
    /// winner. The shortcut of [`CastIndex::lookup_shown`] must never change it: checked on every
    /// name of the real packs, spelt as stored, folded, cut short, given name only, and mistyped,
    /// with and without a drama's restriction.
    #[test]
    fn a_lookup_stopped_at_a_clear_winner_shows_what_the_whole_lookup_shows() {
        let app = crate::facts::tests::app_with_real_packs();
        let index = app.cast();
        let mut queries: Vec<String> = Vec::new();
        for e in &index.entities {
            for name in [&e.name, &e.name_ko].into_iter().chain(&e.aliases) {
                let chars: Vec<char> = name.chars().collect();
                queries.push(name.clone());
                queries.push(name.to_lowercase().replace('-', ""));
                queries.push(chars[..chars.len().div_ceil(2)].iter().collect());
                queries.push(chars.iter().rev().collect());
                if let Some((_, given)) = name.split_once(' ') {
                    queries.push(given.to_string());
                }
                let mut typo = chars.clone();
                if typo.len() > 4 {
                    typo.swap(2, 3);
                    queries.push(typo.iter().collect());
                }
            }
        }
        let dramas = [None, app.packs().first().map(|p| p.id.clone())];
        let mut clear = 0;
        for drama in &dramas {
            let allowed = |e: &Entity| drama.as_ref().is_none_or(|d| e.packs.contains(d));
            for query in &queries {
                let full = index.lookup(query, allowed, ALTERNATIVES + 1);
                let shown = index.lookup_shown(query, allowed, ALTERNATIVES + 1);
                assert_eq!(clear_winner(&shown), clear_winner(&full), "{query}");
                if clear_winner(&full) {
                    clear += 1;
                    assert_eq!(shown.first(), full.first(), "{query}");
                } else {
                    assert_eq!(shown, full, "{query}");
                }
            }
        }
        assert!(clear > queries.len() / 4, "{clear} of {}", queries.len());
    }

    #[test]
    fn one_clear_match_is_one_card() {
        let app = app();
        for query in ["Ju Ji-hoon", "joo jihoon", "주지훈", "지훈", "JU JIHOON"] {
            let reply = run(&app, &command("cast", None, &[("name", query)]));
            assert_eq!(title(&reply), Some("Ju Ji-hoon (주지훈)"), "{query}");
            assert!(reply.buttons.is_empty(), "{query}");
        }
        let reply = run(&app, &command("cast", None, &[("name", "Baek Kang Hyuk")]));
        assert!(
            reply.embeds[0]
                .description
                .as_deref()
                .is_some_and(|d| d.contains("Played by **Ju Ji-hoon**"))
        );
    }

    #[test]
    fn close_matches_are_offered_as_buttons_that_show_their_card() {
        let app = app();
        let reply = run(&app, &command("cast", None, &[("name", "Baek")]));
        assert_eq!(reply.buttons.len(), 1, "{reply:?}");
        let custom_id = reply.buttons[0].custom_id.clone();
        assert!(custom_id.starts_with(BUTTON_PREFIX) && custom_id.len() <= 100);
        let pressed = invocation(Action::Button {
            custom_id,
            message: crate::ids::MessageId(1),
        });
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let Response::Update(card) = handle_checked(&app, &pressed, &mut rng).response else {
            panic!("a press updates the message");
        };
        assert!(title(&card).is_some());
        assert_ne!(title(&card), title(&reply));
        let tampered = invocation(Action::Button {
            custom_id: "cast:0000".into(),
            message: crate::ids::MessageId(1),
        });
        let Response::Message(refusal) = handle_checked(&app, &tampered, &mut rng).response else {
            panic!("a tampered button is refused");
        };
        assert!(refusal.ephemeral);
    }

    #[test]
    fn a_character_past_the_watermark_is_hidden_or_blurred() {
        let app = app();
        spoilers(&app, SpoilerMode::Hide);
        let reply = run(&app, &command("cast", None, &[("name", "Baek Kang-min")]));
        assert_ne!(
            title(&reply),
            Some("Baek Kang-min (백강민)"),
            "hidden: {reply:?}"
        );
        spoilers(&app, SpoilerMode::Blur);
        let reply = run(&app, &command("cast", None, &[("name", "Baek Kang-min")]));
        assert_eq!(title(&reply), Some("Baek Kang-min (백강민)"));
        assert!(
            reply.embeds[0]
                .description
                .as_deref()
                .is_some_and(|d| d.starts_with("||"))
        );
    }

    #[test]
    fn a_drama_lists_its_cast_and_limits_the_lookup() {
        let app = app();
        let reply = run(&app, &command("cast", None, &[("drama", "sample")]));
        assert_eq!(title(&reply), Some("Sample Drama (샘플): cast"));
        assert_eq!(
            reply.embeds[0].description.as_deref(),
            Some("**Ju Ji-hoon** as Baek Kang-hyuk")
        );
        let reply = run(&app, &command("cast", None, &[("drama", "Goblin")]));
        assert_eq!(
            reply.content.as_deref(),
            Some("I have no drama called “Goblin”. I know: Sample Drama.")
        );
    }

    #[test]
    fn bad_names_get_friendly_answers() {
        let app = app();
        for query in ["", "   ", "🙂🙂", "%", "_", "'\"", "\u{7}\u{0}"] {
            let reply = run(&app, &command("cast", None, &[("name", query)]));
            assert!(reply.ephemeral, "{query:?}: {reply:?}");
        }
        let long = "a".repeat(6000);
        let reply = run(&app, &command("cast", None, &[("name", &long)]));
        assert_eq!(
            reply.content.as_deref(),
            Some("`name` can be at most 100 characters long.")
        );
        let reply = run(&app, &command("cast", None, &[("name", "Zzyzx Qwerty")]));
        assert!(
            reply
                .content
                .as_deref()
                .is_some_and(|c| c.contains("Nearest names:")),
            "{reply:?}"
        );
        let reply = run(&app, &command("cast", None, &[]));
        assert!(reply.ephemeral);
    }

    #[test]
    fn autocomplete_gives_at_most_25_short_choices_best_first() {
        let app = app();
        let inv = invocation(Action::Autocomplete {
            name: "cast".into(),
            subcommand: None,
            focused: "name".into(),
            typed: "ju".into(),
            options: Vec::new(),
        });
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let Response::Autocomplete(choices) = handle_checked(&app, &inv, &mut rng).response else {
            panic!("choices");
        };
        assert_eq!(
            choices.first().map(|c| c.name.as_str()),
            Some("Ju Ji-hoon (주지훈) · person")
        );
        assert!(choices.len() <= 25 && choices.iter().all(|c| c.name.chars().count() <= 100));
    }
}
