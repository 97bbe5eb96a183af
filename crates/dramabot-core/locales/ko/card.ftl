# 순위 그림 (card.rs)의 글.

card-more = + { $count }개 더
