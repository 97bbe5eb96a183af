# `/content import` and `/content export` (exchange.rs). Problems in a file are quoted as the
# pack checks write them.

exchange-in-a-server = Imports and exports belong to a server: use this command in one.
exchange-refused = Nothing was imported (nothing changed). I read Red-DiscordBot trivia lists (YAML), Open Trivia DB responses (JSON) and pack TOML files:
exchange-imported = Imported **{ $file }** ({ $format }): { $read } read, { $queued } queued for review, { $duplicates } skipped as duplicates, { $refused } refused.
exchange-source-needed = { $count } wait as "source needed": they cannot be approved until a source is added (or import again with `source:`).
exchange-review-them = Nothing is played before it is approved: review them with `/review next`.
exchange-more-problems = … and { $count } more
exchange-nothing-to-export = This server's own list has no approved items yet.
exchange-exported = This server's own list: { $count } approved { $count ->
        [one] item
       *[other] items
    } as pack TOML ({ $files }). `dramabot check-data { $check }` checks it. To contribute it, move its items into that drama's pack in `data/packs/` (the file cannot sit beside it as it is: both use the drama's id).
