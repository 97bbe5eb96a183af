# 순위 그림 (card.rs)의 글. 10줄이 넘는 순위는 사람(멤버) 순위뿐이에요.

card-more = + { $count }명 더
