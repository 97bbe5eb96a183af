# 서버의 시간대, 퀴즈 시즌, 시즌 보상 역할 (seasons.rs).

seasons-in-a-server = 설정은 서버마다 따로예요: 서버 안에서 이 명령어를 써 주세요.
seasons-zone-name-needed = Asia/Seoul 같은 시간대 이름을 써 주세요.
seasons-zone-set = 저장했어요. 이제 이 서버의 시간대는 **{ $zone }**이에요. 오늘의 명대사와 퀴즈 시즌이 이 시간대를 따라요.
seasons-zone-label = 시간대
seasons-label = 퀴즈 시즌
seasons-reward-label = 시즌 보상
seasons-last-season-label = 지난 시즌
seasons-season-label = 시즌
seasons-are-off = 이 서버는 시즌을 쓰지 않아요. 관리자가 `/settings seasons`로 켤 수 있어요.
seasons-is-a-servers = 시즌은 서버마다 따로 있어요. `period:season`은 `scope:server`와 함께 써 주세요.
seasons-pick-a-channel = 최종 순위를 올릴 채널을 골라 주세요: `/settings seasons length:week channel:#채널`.
seasons-length-week = 매주 (월요일 0시에 끝나요)
seasons-length-month = 매달 (1일 0시에 끝나요)
seasons-length-off = 꺼짐
seasons-on = 저장했어요. 퀴즈 시즌은 { $how }, 이 서버의 시간대를 따라요. 최종 순위는 <#{ $channel }>에 올라가요. 이번 시즌은 { $at }에 끝나요.
seasons-off-now = 저장했어요. 퀴즈 시즌을 껐어요. 순위는 예전처럼 모든 답을 세요.
seasons-state = { $how }, { $channel }에 올려요. 이번 시즌은 <t:{ $end }:f>에 끝나요.
seasons-not-everyone = @everyone은 보상이 될 수 없어요. 모든 멤버가 이미 가지고 있어요. 따로 만든 역할을 골라 주세요.
seasons-reward-saved = 저장했어요. 시즌 우승자는 <@&{ $role }> 역할을 받고, 지난 우승자는 그 역할을 내려놓아요. 제가 이 역할을 줄 수 있는지(역할 관리 권한, 그리고 제 가장 높은 역할이 이 역할보다 위에 있는지) 확인하고 있어요. 결과는 여기서 바로 알려 드릴게요.
seasons-reward-seasons-off = 지금은 시즌이 꺼져 있어요. `/settings seasons`로 켜 주세요.
seasons-reward-cleared = 저장했어요. 이제 시즌 보상 역할이 없어요.
seasons-no-reward = 없음 (`/settings rewards role:`로 우승자에게 역할을 줄 수 있어요).
seasons-reward-ready = <@&{ $role }>: 봇이 줄 수 있어요.
seasons-reward-unchecked = <@&{ $role }>: 아직 확인하지 못했어요.
seasons-reward-blocked = 봇이 <@&{ $role }> 역할을 줄 수 없어요: { $problem }. 관리자가 고치면 `/settings show`에서 확인할 수 있어요.
seasons-check-ok = 확인했어요: 시즌 우승자에게 <@&{ $role }> 역할을 줄 수 있어요.
seasons-check-blocked = 저장했지만, 지금은 <@&{ $role }> 역할을 줄 수 없어요: { $problem }. 시즌이 끝나기 전에 고친 뒤 `/settings rewards`로 역할을 다시 정하면 다시 확인해요. 마지막 확인 결과는 `/settings show`에서 볼 수 있어요.
seasons-check-failed = 저장했지만, <@&{ $role }> 역할을 줄 수 있는지 확인하지 못했어요: { $problem }. 시즌이 끝나 역할을 주기 전에 다시 확인해요.
seasons-post-title = 퀴즈 시즌 종료: 최종 순위
seasons-card-title = 시즌 최종 순위
seasons-dates = { $first } ~ { $last } 시즌
seasons-winner = **{ $name }** 님이 이번 시즌 우승!
# 시즌 순위 카드에 쓰는 우승 줄 (마크다운 없이).
seasons-card-winner = { $name } 님이 이번 시즌 우승!
# 시즌 1위가 점수로 동점일 때: 누가 왜 이기는지 (리더보드의 순서).
seasons-tie-correct = { $others } 님과 점수가 같아요: 정답이 더 많은 { $name } 님이 우승해요.
seasons-tie-first = { $others } 님과 점수도 정답 수도 같아요: 디스코드 계정이 가장 오래된 { $name } 님이 우승해요.
seasons-winner-gets = **{ $name }** 님이 이번 시즌 우승, <@&{ $role }> 역할을 받아요!
seasons-last-sent = 게시함
seasons-last-posting = 게시 중
seasons-last-empty = 득점한 사람이 없어 게시하지 않음
seasons-last-failed = 게시 실패: { $error }
seasons-see-the-log = 로그를 봐 주세요
seasons-reward-failed = ; 보상 역할을 주지 못함: { $error }
seasons-reward-done = ; 보상 역할을 줌
seasons-last-season = { $date } 종료: { $post }{ $reward }
