# The standings picture (card.rs): its own words.

card-more = + { $count } more
