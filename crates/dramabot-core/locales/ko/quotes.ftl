# `/quote`와 명대사 카드 (quotes/mod.rs; 매일 올리는 글의 문구는 quotes/daily.rs).

quote-guarded = ||(이 서버가 본 회차 뒤의 스포일러예요)||
quote-context-episode = 드라마 { $episode }화: { $context }
quote-context-show = 드라마 속: { $context }
quote-context-interview = 인터뷰: { $context }
quote-source = 출처: { $outlet }, { $date }: { $title }
quote-context = 맥락
quote-none-loaded = 이 서버의 드라마에는 아직 불러온 명대사가 없어요.
quote-today-title = 오늘의 명대사 · { $date }
quote-random-title = 명대사
quote-no-name = 이름을 입력해 주세요. 예: `이도윤`, `백강혁`.
quote-none-by = “{ $who }”의 명대사가 없어요. 이런 이름은 어때요: { $speakers }.
quote-no-words = 찾을 단어를 입력해 주세요. 예: `외상`, `헬기`.
quote-none-contains = “{ $text }”이(가) 들어간 명대사가 없어요.
quote-search-title = 명대사: { $text }
quote-search-more = { $count }개 더 있어요. 단어를 더 넣어 좁혀 보세요.
