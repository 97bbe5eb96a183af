# 오프라인 콘솔이 직접 쓰는 글 가운데 디스코드라면 멤버가 볼 글 (src/console.rs): 명령어 목록,
# 디스코드가 하는 양식 검사, 언어 바꾸기.

console-help-intro = 명령은 Discord에서처럼, 옵션은 이름:값으로 입력하세요 (서버 관리 명령은 :mod on 필요):
console-help-moderator = (⚑ 서버 관리 권한 필요)
console-locale-now = 이제 한국어로 답해요. (:locale en to switch back)
console-field-required = “{ $field }”을(를) 채워 주세요.
console-field-too-long = “{ $field }”은(는) 최대 { $max }자까지 쓸 수 있어요.
console-field-too-short = “{ $field }”은(는) 최소 { $min }자 이상 써 주세요.
console-not-a-line = /about 같은 명령어나, 세션 명령 목록을 보려면 :help를 입력해 주세요. (“{ $line }”은(는) 둘 다 아니에요.)
