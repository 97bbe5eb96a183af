# `/settings` (settings.rs): 지금까지 옮긴 부분만.

settings-in-a-server = 설정은 서버마다 따로예요: 서버 안에서 이 명령어를 써 주세요.
settings-language-fixed = 저장했어요. 이제 이 서버에서는 모두에게 한국어로 답해요.
settings-language-auto = 저장했어요. 이제 멤버마다 디스코드 언어(한국어 또는 영어)로 답해요.
settings-language-label = 언어
settings-language-show-auto = 멤버마다 디스코드 언어 (`/settings language`)
settings-language-show-en = 모두 영어
settings-language-show-ko = 모두 한국어
