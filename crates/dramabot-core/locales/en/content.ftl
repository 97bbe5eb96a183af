# `/lists` and `/content` (content.rs).

content-in-a-server = Lists belong to a server: use this command in one.
content-no-drama = I have no drama `{ $drama }`, and this server has chosen none with `/settings drama`.
content-bank-name = This server's own
lists-title = What this server plays
lists-description = Trivia, the quote of the day, `/quote` and `/facts` use the lists that are on. Moderators choose with `/content enable` and `/content disable`.
lists-on = On
lists-off = Off
lists-counts = { $state } · { $questions }, { $quotes }, { $facts }
content-no-list = I have no list called “{ $list }”. `/lists` shows them.
content-now-on = **{ $list }** is on: this server plays it.
content-now-off = **{ $list }** is off: this server no longer plays it.
content-already-on = **{ $list }** was already on.
content-already-off = **{ $list }** was already off.
content-last-one = **{ $list }** is the last list this server plays: turn another one on first.
content-list-gone = That list is gone. `/lists` shows them.
content-no-item = This server's own list has no item `{ $id }`. Start typing to pick one.
content-already-removed = The { $kind } `{ $id }` was already removed.
content-removed = Removed the { $kind } `{ $id }`: “{ $text }”. It will not be shown again.
