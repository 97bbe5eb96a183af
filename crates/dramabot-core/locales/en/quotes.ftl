# `/quote` and the quote card (quotes/mod.rs; the daily post's own texts are in quotes/daily.rs).

quote-guarded = ||(a spoiler past this server's watermark)||
quote-context-episode = In the show, episode { $episode }: { $context }
quote-context-show = In the show: { $context }
quote-context-interview = Interview: { $context }
quote-source = Source: { $outlet }, { $date }: { $title }
quote-context = Context
quote-none-loaded = No quotes are loaded for this server's drama yet.
quote-today-title = Quote of the day · { $date }
quote-random-title = A quote
quote-no-name = Give a name, like `Lee Do-yun` or `Baek Kang-hyuk`.
quote-none-by = I have no quote by “{ $who }”. Try { $speakers }.
quote-no-words = Give some words to look for, like `trauma` or `helicopter`.
quote-none-contains = No quote contains “{ $text }”.
quote-search-title = Quotes: { $text }
quote-search-more = { $count } more; add words to narrow it down.
