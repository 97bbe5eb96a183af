# `/submit`과 그 양식 (submit.rs).

submit-in-a-server = 제출은 서버의 검토 대기열로 가요: 서버 안에서 써 주세요.
submit-choose-drama = `drama`에서 드라마를 골라 주세요.
submit-no-drama = “{ $drama }”(이)라는 드라마는 없어요.
submit-nobody = { $drama }에 “{ $name }”(이)라는 사람은 없어요. 제안 목록에서 골라 주세요.
submit-id-too-long = 드라마 id가 너무 길어서 양식을 열 수 없어요. 봇 운영자에게 알려 주세요.
submit-source-label = 출처
submit-source-placeholder = https://… 또는 매체 | 제목 | 2025-01-29
submit-wrong-label = 오답 3개, 한 줄에 하나 (없으면 주관식)
submit-wrong-placeholder =
    오답 하나
    오답 둘
    오답 셋
submit-accept-label = 다른 정답 표기 (한 줄에 하나, 선택)
submit-question-title = 퀴즈 문제 제출 · { $drama }
submit-question-label = 질문
submit-answer-label = 정답
submit-context-label = 상황 (누가 누구에게, 어느 장면)
submit-context-placeholder = 백강혁이 양재원에게, 첫 수술 뒤
submit-quote-title = 명대사 제출 · { $speaker }
submit-quote-text-label = 대사 (말한 그대로)
submit-fact-title = 사실 제출 · { $drama }
submit-fact-text-label = 사실 (내 말로)
submit-field-question = 질문
submit-field-answer = 정답
submit-field-wrong = 오답
submit-field-accept = 다른 정답 표기
submit-field-text = 내용
submit-field-context = 상황
submit-field-source = 출처
submit-field-episode = 회차
submit-field-speaker = 말한 사람
submit-field-subject = 주제
submit-field-drama = 드라마
submit-bad-source = 출처: https:// 로 시작하는 웹 주소, 또는 `매체 | 제목 | 2025-01-29` 형식으로 적어 주세요.
submit-gone = 그 인물은 더 이상 팩에 없어요. 명령어를 다시 실행해 주세요.
submit-not-submitted = 제출하지 못했어요. 고칠 점:
submit-control-character = { $field }: 제어 문자는 쓸 수 없어요.
submit-already-in-pack = 이미 팩에 있어요: “{ $text }”
submit-already-in-bank = 이미 이 서버의 목록에 있어요: “{ $text }”
submit-too-many = 검토를 기다리는 제출이 이미 { $max }개예요. 검토가 끝난 뒤 다시 보내 주세요.
submit-duplicate = 같은 { $kind }이(가) 이미 #{ $id }로 제출되어 있어요 ({ $state }).
submit-thanks = 고마워요! { $kind } #{ $id }이(가) 검토를 기다리고 있어요. `/submit mine`에서 상태를 볼 수 있어요.
submit-none-yet = 아직 이 서버에 제출한 것이 없어요. `/submit question`, `/submit quote`, `/submit fact`로 보내 보세요.
submit-mine-title = 내 제출
submit-mine-page = { $page }/{ $pages }쪽 · 전체 { $total }개
submit-mine-page-next = { $page }/{ $pages }쪽 · 전체 { $total }개 · /submit mine page:{ $next }
submission-pending = ⏳검토 대기
submission-source-needed = 📎 출처 필요
submission-approved = ✅ 승인
submission-rejected = ❌ 거절: { $reason }
submission-kind-question = 퀴즈 문제
submission-kind-quote = 명대사
submission-kind-fact = 사실
