# 퀴즈 (trivia/mod.rs, game.rs, hint.rs, modes.rs). 퀴즈가 채널에 올리는 글(문제, 정답, 순위)은
# 퀴즈의 언어로: 서버가 `/settings language`로 정한 언어, 없으면 시작한 사람의 언어. 개인 답장은
# 멤버의 언어로.

trivia-in-a-server = 퀴즈는 서버에서 해요: 서버에서 이 명령을 써 주세요.
trivia-not-my-button = 제 버튼이 아니에요.
trivia-difficulty = { $level ->
        [1] ★☆☆ 쉬움
        [2] ★★☆ 보통
       *[3] ★★★ 어려움
    }
trivia-category = { $category ->
        [cast] 출연진
        [characters] 등장인물
        [production] 제작
        [source-novel] 원작
        [reception] 반응
        [behind-the-scenes] 비하인드
       *[other] { $category }
    }

## /trivia start

trivia-teams-only = `teams`(팀 수)는 `mode:teams`(팀전)에서만 정할 수 있어요.
trivia-no-drama = “{ $drama }”라는 드라마는 없어요.
trivia-already-running-at = 이 채널에서 이미 퀴즈가 진행 중이에요 ({ $total }문제 중 { $number }번째): 답하거나 `/trivia stop`으로 멈춰 주세요.
trivia-no-questions = 조건에 맞는 문제가 없어요. 다른 분야나 난이도를 골라 보세요.
trivia-already-running = 이 채널에서 이미 퀴즈가 진행 중이에요.
trivia-start = **퀴즈!** { $count }문제, 문제마다 { $seconds }초예요. 버튼을 눌러 답하세요: 문제마다 한 번만 답할 수 있어요{ $typed ->
        [yes] { " " }(`/trivia answer`로 입력해도 돼요)
       *[no] { "" }
    }.
trivia-start-next = 곧 첫 문제가 나와요…
trivia-start-next-teams = 팀 모집이 끝나면 첫 문제가 나와요.
trivia-start-typed-questions = 버튼이 없는 문제는 `/trivia answer`로 답하세요.
trivia-start-only = (조건에 맞는 문제가 { $count }개뿐이에요.)
trivia-start-teams = **팀전!** { $seconds }초 안에 버튼을 눌러 { $teams }개 팀 중 하나에 들어가세요. 팀 점수는 팀원 점수의 합이에요.
trivia-start-elimination = **서바이벌!** 목숨 { $lives }개: 틀리거나 답하지 않으면 하나를 잃어요. 마지막까지 남는 사람이 이겨요.
trivia-start-sudden-death = **서든데스!** 처음 틀리는 순간 탈락이에요.
trivia-team-name = { $team ->
        [0] 빨강 팀
        [1] 파랑 팀
        [2] 초록 팀
        [3] 노랑 팀
       *[other] 팀 ?
    }

## 문제

trivia-question-title = { $total }문제 중 { $number }번
trivia-type-it = ✍️ `/trivia answer`로 답을 입력하세요.
trivia-closes = 마감: { $when }
trivia-closed-title = { $total }문제 중 { $number }번: 마감
trivia-nobody-answered = 아무도 답하지 않았어요.
trivia-nobody-had-it = 맞힌 사람이 없어요.
trivia-who-had-it = 맞힌 사람
trivia-why = 해설
trivia-source = 출처: { $source }
trivia-someone = 누군가

## 답

trivia-locked = 답을 정했어요: { $pick }.
trivia-changed-typed = 답을 바꿨어요: { $answer }.
trivia-already-answered = 이미 이 문제에 답했어요. 처음 낸 답이 그대로예요.
trivia-changed = 답을 바꿨어요: { $from } → { $to }.
trivia-already-locked = 이미 { $pick }(으)로 답했어요. 처음 낸 답이 그대로예요.
trivia-closed = 이미 마감된 문제예요.
trivia-unreadable = 읽을 수 없는 답이에요.
trivia-no-game = 이 채널에서 진행 중인 퀴즈가 없어요. `/trivia start`로 시작해 보세요.
trivia-typed-off = 이 서버에서는 답 입력이 꺼져 있어요: 버튼을 눌러 주세요.

## /trivia stop과 순위

trivia-no-game-to-stop = 이 채널에서 진행 중인 퀴즈가 없어요.
trivia-stop-not-yours = 퀴즈를 시작한 사람이나 관리자만 멈출 수 있어요.
trivia-title-final = 최종 순위
trivia-title-stopped = 퀴즈 중단: 최종 순위
trivia-title-abandoned = 퀴즈 종료: 세 문제 연속으로 아무도 답하지 않았어요
trivia-asked = { $total }문제 중 { $asked }문제 출제
trivia-nobody-scored = 점수를 얻은 사람이 없어요.
trivia-card-subtitle = { $mode ->
        [teams] 퀴즈 · 팀 순위와 개인 순위
        [elimination] 퀴즈 · 서바이벌
        [sudden-death] 퀴즈 · 서든데스
       *[classic] 퀴즈
    }
trivia-standing = { $rank }. **{ $name }**: { $points }점 (정답 { $correct }개)
trivia-right = 정답 { $correct }개
trivia-points-short = { $points }점
trivia-members = { $count }명
trivia-team-standing = **{ $rank }. { $team }**: { $points }점 ({ $members })

## 모드

trivia-refusal-no-team = 이번 게임에서는 팀에 속해 있지 않아요. 팀은 첫 문제 전에 정해졌어요. 다음 게임에 참여해 주세요!
trivia-refusal-out = 이번 게임에서 탈락했어요. 더 이상 답할 수 없어요. 누가 끝까지 남는지 지켜봐 주세요!
trivia-refusal-too-late = 이번 게임은 이미 시작됐어요. 첫 문제에서 참가가 정해졌어요. 다음 게임에 참여해 주세요!
trivia-join-joined = { $team }에 들어갔어요. 첫 문제를 기다려 주세요!
trivia-join-already = 이미 { $team }이에요. 한 게임에서는 한 팀으로만 뛸 수 있어요.
trivia-join-closed = 팀 모집이 끝났어요. 게임이 이미 시작됐거나 끝났어요. 다음 게임에 참여해 주세요!
trivia-lineup-title = **팀이 정해졌어요!**
trivia-lineup-nobody = (없음)
trivia-nobody-joined = 아무도 팀에 들어오지 않아 게임이 취소됐어요.
trivia-lives-field = 목숨
trivia-lives-still-in = 생존
trivia-lives-left = 목숨 { $lives }개
trivia-lives-out-on = { $number }번에서 탈락
trivia-lives-out = 탈락: { $names }
trivia-winner = 🏆 **{ $name }** 님이 최후의 1인이에요!
trivia-winner-nobody = 아무도 남지 않았어요.
# 순위 카드에 쓰는 우승 줄 (마크다운, 이모지 없이: 카드는 글자만 그려요).
trivia-card-winner = { $name } 님이 최후의 1인이에요!
# 목숨이 있는 게임이 여러 명이 남은 채로 끝났을 때 (질문이 다 떨어졌거나 멈췄을 때).
trivia-still-standing = 끝까지 살아남은 멤버: { $names }
# 팀 게임에서 팀 순위와 멤버 순위 사이의 제목.
trivia-members-heading = 멤버

## 힌트

trivia-hint-button = 힌트
trivia-hint-no-question = 이 채널에는 열린 문제가 없어요: 힌트는 진행 중인 퀴즈의 문제에만 쓸 수 있어요.
trivia-hint-closed = 이미 닫힌 문제예요: 힌트는 지금 열린 문제에만 쓸 수 있어요.
trivia-hint-given-already = 그 힌트는 이미 나왔어요: 문제를 확인하세요.
trivia-hint-nothing-left = 더 보여 줄 힌트가 없어요: 힌트를 더 주면 정답이 되어 버려요.
trivia-hint-not-a-player = 힌트는 퀴즈를 시작한 사람이나 이 퀴즈에서 답한 적이 있는 사람만 요청할 수 있어요.
trivia-hint-voted-already = 이미 이 힌트에 투표했어요 ({ $needed }표 중 { $votes }표).
trivia-hint-vote = 🗳️ **{ $voter }** 님이 { $number }번 문제의 힌트에 투표했어요: { $needed }표 중 { $votes }표. 이 퀴즈의 참가자는 **힌트** 버튼을 눌러 함께 투표하세요 (힌트 뒤의 정답은 점수가 절반이에요).
trivia-hint-given = 💡 { $number }번 문제 **힌트 { $n }** ({ $why }): { $hint }
trivia-hint-by-starter = 퀴즈를 시작한 사람의 요청
trivia-hint-by-vote = 참가자 투표
trivia-hint-half = 이제 정답은 점수의 절반이에요.
trivia-hint-closed-field = 💡 힌트
trivia-hint-closed-note = 힌트 { $hints }개: 첫 힌트 뒤의 정답은 점수가 절반이었어요.
trivia-hint-field = 💡 힌트 { $n }

## /trivia leaderboard와 /trivia stats

trivia-scope = { $scope ->
        [global] 모든 서버
       *[server] 이 서버
    }
trivia-period = { $period ->
        [week] 이번 주
        [month] 이번 달
        [season] 이번 시즌
       *[all] 전체 기간
    }
trivia-leaderboard-title = 퀴즈 순위: { $scope }, { $period }
trivia-leaderboard-card = 퀴즈 순위
trivia-leaderboard-subtitle = { $scope }, { $period }
trivia-ranked = { $rank }. **{ $name }**: { $points }점 ({ $answers }개 중 { $correct }개 정답)
trivia-ranked-detail = { $answers }개 중 { $correct }개 정답
trivia-nobody-yet = 아직 점수를 얻은 사람이 없어요. `/trivia start`로 시작해 보세요!
trivia-stats-that-member = 그 멤버
trivia-stats-title = 퀴즈: { $name }
trivia-stats-card = 퀴즈 기록
trivia-stats-games = 게임
trivia-stats-answers = 답
trivia-stats-answers-value = { $answers }개 (정답 { $correct }개, { $accuracy }%)
trivia-stats-best-streak = 최고 연속 정답
trivia-stats-points = 점수

## /settings trivia

trivia-settings-title = 퀴즈 설정
trivia-settings-time = 문제당 시간
trivia-settings-seconds = { $seconds }초
trivia-settings-changes = 답 바꾸기 허용
trivia-settings-typed = 답 입력 (`/trivia answer`)
trivia-yes = 예
trivia-no = 아니요
