# The standings picture (card.rs): its own words.

card-more = + { $count } more
# A member name with nothing the card's font can draw (all emoji, or a script the font lacks).
card-symbols-name = (name in symbols)
