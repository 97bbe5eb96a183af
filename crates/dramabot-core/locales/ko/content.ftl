# `/lists`와 `/content` (content.rs).

content-in-a-server = 목록은 서버마다 따로예요: 서버 안에서 써 주세요.
content-no-drama = `{ $drama }` 드라마가 없고, 이 서버는 `/settings drama`로 드라마를 고르지 않았어요.
content-bank-name = 이 서버의 목록
lists-title = 이 서버가 쓰는 목록
lists-description = 퀴즈, 오늘의 명대사, `/quote`, `/facts`는 켜진 목록만 씁니다. 관리자는 `/content enable`과 `/content disable`로 바꿀 수 있어요.
lists-on = 켜짐
lists-off = 꺼짐
lists-counts = { $state } · { $questions }, { $quotes }, { $facts }
content-no-list = “{ $list }”라는 목록이 없어요. `/lists`에서 목록을 확인해 주세요.
content-now-on = **{ $list }** 켰어요: 이 서버에서 씁니다.
content-now-off = **{ $list }** 껐어요: 이 서버에서 쓰지 않습니다.
content-already-on = **{ $list }**은(는) 이미 켜져 있어요.
content-already-off = **{ $list }**은(는) 이미 꺼져 있어요.
content-last-one = **{ $list }**은(는) 이 서버가 쓰는 마지막 목록이에요: 다른 목록을 먼저 켜 주세요.
content-list-gone = 그 목록은 이제 없어요. `/lists`에서 확인해 주세요.
content-no-item = 이 서버의 목록에 `{ $id }` 항목이 없어요. 입력하면 항목을 골라 드려요.
content-already-removed = { $kind } `{ $id }`은(는) 이미 뺐어요.
content-removed = { $kind } `{ $id }`을(를) 뺐어요: “{ $text }”. 다시는 나오지 않아요.
