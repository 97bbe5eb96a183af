# 오프라인 콘솔이 직접 쓰는 글 가운데 디스코드라면 멤버가 볼 글 (src/console.rs): 명령어 목록,
# 디스코드가 하는 양식 검사, 언어 바꾸기.

console-help-intro = 명령은 Discord에서처럼, 옵션은 이름:값으로 입력하세요 (서버 관리 명령은 :mod on 필요):
console-help-moderator = (⚑ 서버 관리 권한 필요)
console-locale-now = 이제 한국어로 답해요. (:locale en to switch back)
console-field-required = “{ $field }”을(를) 채워 주세요.
console-field-too-long = “{ $field }”은(는) 최대 { $max }자까지 쓸 수 있어요.
console-field-too-short = “{ $field }”은(는) 최소 { $min }자 이상 써 주세요.
console-not-a-line = /about 같은 명령어나, 세션 명령 목록을 보려면 :help를 입력해 주세요. (“{ $line }”은(는) 둘 다 아니에요.)
console-only-you = 나만 볼 수 있어요
console-opens-a-form = 양식을 열었어요
console-required = 필수
console-optional = 선택
console-several-lines = 여러 줄
console-example = 예:
console-closed = 닫힘
console-message-edited = 메시지 수정됨
console-cannot-read = “{ $text }”을(를) 읽지 못했어요: 옵션은 topic:helicopter처럼 이름:값으로 써 주세요.
console-no-button = 여기에는 “{ $label }” 버튼이 있는 메시지가 없어요.
console-no-form = 열린 양식이 없어요: 먼저 양식을 여는 명령어를 실행해 주세요.
console-form-closed = 양식을 닫았어요. 아무것도 보내지 않았어요.
console-fill-lines = 한 줄에 `필드: 값` 하나씩 써 주세요. 빈 줄을 입력하면 양식을 보내요.
console-fill-start = `source: https://…`처럼 필드 이름으로 시작해 주세요.
console-no-such-field = 양식에 “{ $field }” 필드가 없어요. 필드: { $fields }.
