# `/content import`와 `/content export` (exchange.rs). 파일의 문제는 팩 검사가 쓴 그대로 보여요.

exchange-in-a-server = 가져오기와 내보내기는 서버마다 따로예요: 서버 안에서 써 주세요.
exchange-refused = 가져오지 않았어요 (아무것도 바뀌지 않았어요). Red-DiscordBot 퀴즈 목록(YAML), Open Trivia DB 응답(JSON), 팩 TOML만 읽을 수 있어요:
exchange-imported = **{ $file }** 가져오기({ $format }): { $read }개 읽음, { $queued }개 검토 대기열에 추가, 중복 { $duplicates }개 건너뜀, 문제 { $refused }개.
exchange-source-needed = 출처가 없어 { $count }개는 "출처 필요"로 기다려요: 출처를 더해야 승인할 수 있어요 (`source:`를 주고 다시 가져올 수도 있어요).
exchange-review-them = 승인되기 전에는 아무것도 쓰이지 않아요: `/review next`로 검토하세요.
exchange-more-problems = … 그 밖에 { $count }개
exchange-nothing-to-export = 이 서버의 목록에는 아직 승인된 항목이 없어요.
exchange-exported = 이 서버의 목록: 승인된 항목 { $count }개를 팩 TOML로 보냅니다 ({ $files }). `dramabot check-data { $check }`로 확인할 수 있어요. 팩에 기여하려면 항목을 `data/packs/`의 그 드라마 팩으로 옮겨 주세요 (드라마 id가 같아서 파일째 넣을 수는 없어요).
