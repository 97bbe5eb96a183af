# `/settings` (settings.rs)와 `/settings show`의 설정 카드.

settings-in-a-server = 설정은 서버마다 따로예요: 서버 안에서 이 명령어를 써 주세요.
settings-language-fixed = 저장했어요. 이제 이 서버에서는 모두에게 한국어로 답해요.
settings-language-auto = 저장했어요. 이제 멤버마다 디스코드 언어(한국어 또는 영어)로 답해요.
settings-language-label = 언어
settings-language-show-auto = 멤버마다 디스코드 언어 (`/settings language`)
settings-language-show-en = 모두 영어
settings-language-show-ko = 모두 한국어
settings-saved = 저장했어요.
settings-card-title = 서버 설정
settings-drama-label = 드라마
settings-spoilers-label = 스포일러
settings-reviewers-label = 검토자
settings-all-dramas = 불러온 모든 드라마
settings-drama-gone = { $drama } (더 이상 불러오지 않음)
settings-nothing-watched = 아직 본 회차가 없어요: 회차에 묶인 내용은 모두 가려요.
settings-watched-up-to = { $episode }화까지 봤어요: 그 뒤 회차의 내용은 가려요.
settings-mode-hide = 가린 내용은 빼고 보여 줘요.
settings-mode-blur = 가린 내용은 스포일러 막대 뒤에 보여 줘요.
settings-reviewers-role = 서버 관리 권한이 있는 멤버와 <@&{ $role }> 역할이 있는 멤버예요.
settings-reviewers-none = 서버 관리 권한이 있는 멤버예요 (`/settings reviewer`로 역할을 더할 수 있어요).
settings-episode-too-far = `episode`는 최대 { $most }까지예요: 이 서버의 드라마 중 그보다 회차가 많은 드라마는 없어요.
settings-no-such-drama = “{ $drama }”(이)라는 드라마는 없어요. 불러온 드라마: { $loaded }, 또는 `all`.
settings-reviewer-saved = 저장했어요. 이제 <@&{ $role }> 역할이 있는 멤버도 `/review next`로 제출을 검토할 수 있어요.
settings-reviewer-cleared = 저장했어요. 이제 서버 관리 권한이 있는 멤버만 제출을 검토할 수 있어요.
# 봇이 볼 수 없는 채널을 고른 채널 옵션: 명령이 실행되기 전에 게이트웨이 쪽에서 거절해요
# (src/discord.rs).
settings-channel-unseen = 저는 <#{ $channel }> 채널을 볼 수 없어요. 그 채널에서 채널 보기, 메시지 보내기, 링크 첨부 권한을 주거나 다른 채널을 골라 주세요. 아무것도 바꾸지 않았어요.
