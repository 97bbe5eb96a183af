# 게시나 역할 변경이 실패한 이유: 관리자가 `/qotd status`와 `/settings show`에서 읽어요
# (posting.rs, 오늘의 명대사, 시즌). id로 저장하고, 읽는 사람의 언어로 보여 줘요.

reason-role-gone = 그 역할은 더 이상 없어요: /settings rewards로 다른 역할을 골라 주세요
reason-role-everyone = @everyone은 줄 수 없어요: /settings rewards로 다른 역할을 골라 주세요
reason-role-managed = 연동 앱이 관리하는 역할이라 아무도 줄 수 없어요: /settings rewards로 다른 역할을 골라 주세요
reason-no-manage-roles = 봇에게 역할 관리 권한이 없어요
reason-role-too-high = 봇의 가장 높은 역할이 보상 역할보다 위에 있지 않아요: 서버 설정 > 역할에서 봇의 역할을 더 위로 옮겨 주세요
reason-role-refused = 디스코드가 봇의 요청을 거절했어요: 봇의 역할 관리 권한과 역할 순서를 확인해 주세요
reason-roles-unreadable = 디스코드에서 서버의 역할을 읽어 오지 못했어요
reason-winner-left = 우승자가 더 이상 서버 멤버가 아니에요
reason-role-not-changed = 디스코드가 역할을 바꾸지 않았어요 (로그를 봐 주세요)
reason-no-roles-here = 이 봇은 여기서 역할을 바꿀 수 없어요
reason-no-access = 봇이 그 채널에 글을 올릴 수 없어요: 그 채널에서 채널 보기, 메시지 보내기, 링크 첨부 권한을 주세요
reason-channel-gone-daily = 그 채널은 더 이상 없어요: /qotd channel로 다른 채널을 골라 주세요
reason-channel-gone-season = 그 채널은 더 이상 없어요: /settings seasons로 다른 채널을 골라 주세요
reason-slow-down-daily = 디스코드가 봇에게 천천히 보내 달라고 했어요. 내일 다시 올려요
reason-slow-down-season = 디스코드가 봇에게 천천히 보내 달라고 했어요. 이 순위는 다시 올리지 않고, 다음 시즌 순위는 평소처럼 올라가요
reason-discord-down-daily = 디스코드 쪽에 문제가 있었어요. 내일 다시 올려요
reason-discord-down-season = 디스코드 쪽에 문제가 있었어요. 이 순위는 다시 올리지 않고, 다음 시즌 순위는 평소처럼 올라가요
reason-unreachable-daily = 디스코드에 연결하지 못했어요. 내일 다시 올려요
reason-unreachable-season = 디스코드에 연결하지 못했어요. 이 순위는 다시 올리지 않고, 다음 시즌 순위는 평소처럼 올라가요
reason-post-refused = 디스코드가 게시를 거절했어요. 자세한 내용은 관리자가 봇의 로그에서 볼 수 있어요
reason-stopped-daily = 이 글을 보내는 중에 봇이 멈췄어요. 다음 날 글은 평소처럼 올라가요
reason-stopped-season = 이 글을 보내는 중에 봇이 멈췄어요
