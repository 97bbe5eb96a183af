# `/facts` (facts.rs).

facts-no-topic = Give a topic with letters or digits, like `Ju Ji-hoon` or `helicopter`.
facts-title-topic = Facts: { $topic }
facts-title-random = Did you know?
facts-none-loaded = No facts are loaded yet.
facts-none-about = I know no facts about “{ $topic }”. Try { $suggestions }.
facts-all-guarded = Every fact I know lies past this server's spoiler watermark.
facts-all-about-guarded = Every fact about that lies past this server's spoiler watermark.
facts-field-name = Fact
facts-more = { $count } more { $count ->
        [one] fact
       *[other] facts
    }; add words to narrow it down.
facts-hidden = { $facts } hidden by the spoiler guard.
