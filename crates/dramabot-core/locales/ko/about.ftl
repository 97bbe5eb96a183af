# `/about` (about.rs).

about-description = 드라마 팬 서버를 위한 퀴즈, 오늘의 명대사, 출연진 검색. 모든 내용은 출처가 있는 팩에서 나옵니다.
about-packs = 팩
about-no-packs = 불러온 팩이 없어요.
about-commands = 명령어
about-pack-counts =
    { $network }, { $year }년, { $episodes }
    { $people } · { $characters } · { $facts } · { $quotes } · { $questions }
about-sources = **출처**
about-more-sources = • 외 { $count }개
