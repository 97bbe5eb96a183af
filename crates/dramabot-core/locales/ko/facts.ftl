# `/facts` (facts.rs).

facts-no-topic = 글자나 숫자가 들어간 주제를 입력해 주세요. 예: `주지훈`, `헬기`.
facts-title-topic = 사실: { $topic }
facts-title-random = 알고 계셨나요?
facts-none-loaded = 아직 불러온 사실이 없어요.
facts-none-about = “{ $topic }”에 대해 아는 사실이 없어요. 이런 주제는 어때요: { $suggestions }.
facts-all-guarded = 제가 아는 사실은 모두 이 서버가 본 회차 뒤의 스포일러예요.
facts-all-about-guarded = 그 주제의 사실은 모두 이 서버가 본 회차 뒤의 스포일러예요.
facts-field-name = 사실
facts-more = 사실이 { $count }개 더 있어요. 단어를 더 넣어 좁혀 보세요.
facts-hidden = 스포일러 보호로 { $facts }를 가렸어요.
