# 라우터가 직접 하는 답: 받을 수 없는 명령어, 옵션, 버튼 (router.rs).

router-no-timed-messages = 이 봇은 지금 채널에 직접 글을 올릴 수 없어요 (봇 토큰이 설정되지 않았어요). 봇 운영자에게 알려 주세요.
router-old-button = 오래된 메시지의 버튼이라 더 이상 작동하지 않아요. 명령어를 다시 실행해 주세요.
router-old-form = 이 양식은 더 이상 받을 수 없어요. 명령어를 다시 실행해 주세요.
router-needs-subcommand = `/{ $command }` 뒤에 다음 중 하나를 골라 주세요: { $subcommands }.
router-no-subcommand = `/{ $command }`에는 `{ $subcommand }`이(가) 없어요. 다음 중 하나를 써 주세요: { $subcommands }.
router-unknown-command = `/{ $command }`은(는) 모르는 명령어예요. 쓸 수 있는 명령어: { $commands }.
router-no-options = `{ $command }`에는 옵션이 없어요.
router-no-such-option = `{ $command }`에는 `{ $option }` 옵션이 없어요. 쓸 수 있는 옵션: { $options }.
router-option-twice = `{ $option }` 옵션이 두 번 들어왔어요.
router-option-missing = `{ $command }`에는 `{ $option }` 옵션이 필요해요: { $description }.
router-not-a-number = `{ $option }`에는 정수를 넣어 주세요. `{ $value }`은(는) 정수가 아니에요.
router-too-long = `{ $option }`은(는) 최대 { $max }자까지 쓸 수 있어요.
router-not-a-boolean = `{ $option }`에는 true 또는 false를 넣어 주세요.
router-file-too-big = `{ $option }`: 파일이 { $size }KiB예요. 최대 { $max }KiB까지만 읽어요.
router-wrong-kind = `{ $option }`에 맞지 않는 종류의 값이 들어왔어요.
router-out-of-range = `{ $option }`은(는) { $min }에서 { $max } 사이여야 해요.
router-not-a-choice = `{ $option }`은(는) 다음 중 하나여야 해요: { $choices }.
# 명령어에 첨부된 파일을 디스코드에서 받지 못했을 때 (attachments.rs): 아무것도 실행되지 않았어요.
router-file-not-fetched-too-large = `{ $file }` 파일이 너무 커요: { $max }KiB까지만 읽어요. 아무것도 바뀌지 않았어요.
router-file-not-fetched = `{ $file }` 파일을 디스코드에서 받지 못했어요. 다시 해 주세요. 아무것도 바뀌지 않았어요.
