# `/about` (about.rs).

about-description = Trivia, a quote of the day and cast lookup for drama fan servers. Everything I say comes from the fact packs below, and every fact cites its source.
about-packs = Packs
about-no-packs = No fact packs are loaded.
about-commands = Commands
about-pack-counts =
    { $network }, { $year }, { $episodes }
    { $people } · { $characters } · { $facts } · { $quotes } · { $questions }
about-sources = **Sources**
about-more-sources = • and { $count } more
