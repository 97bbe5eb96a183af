# 봇 안에서 무언가 실패했을 때 멤버가 보는 글 (error.rs).

error-not-moderator = **서버 관리** 권한이 있는 멤버만 할 수 있어요.
error-internal = 봇에 문제가 생겼어요. 관리자가 봇 로그에서 자세한 내용을 확인할 수 있어요.
error-misconfigured = 봇 설정에 문제가 있어요. 관리자가 봇 로그에서 자세한 내용을 확인할 수 있어요.
error-unavailable = 지금은 봇의 데이터베이스에 연결할 수 없어요. 잠시 후에 다시 해 주세요.
