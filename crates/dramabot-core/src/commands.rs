//! The command table: every slash command, its options and its handler, written once.
//!
//! The same table registers the commands with Discord (`render::commands`), routes interactions to
//! handlers (`router`), parses console lines (`console`) and lists the commands in `/about`, so a
//! command's name, options and Korean localisation exist in exactly one place.

use crate::args::{Handler, handler, no_args, quick, responder};
use crate::reply::{Choice, Response};
use crate::router::Ctx;
use crate::{
    about, cast, content, exchange, facts, quotes, review, seasons, settings, submit, trivia,
};

/// Runs a command (or subcommand): parses its typed arguments, then calls the handler.
pub type RunFn = &'static dyn Handler;
/// Handles a button press; gets the custom id after its prefix.
pub type PressFn = fn(&mut Ctx<'_>, &str) -> crate::Result<Response>;
/// Handles a modal submission; gets the custom id after its prefix, and the fields as typed.
pub type SubmitFn = fn(&mut Ctx<'_>, &str, &[(String, String)]) -> crate::Result<Response>;
/// Suggests values for an option while the member types; gets the text typed so far.
pub type CompleteFn = fn(&mut Ctx<'_>, &str) -> crate::Result<Vec<Choice>>;

/// The type of an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    SubCommand,
    String,
    Integer,
    Boolean,
    Channel,
    User,
    /// A file the member attaches; the edge fetches it (with limits) before routing.
    Attachment,
    Role,
}

/// A fixed choice for an option.
#[derive(Debug, Clone, Copy)]
pub struct ChoiceSpec {
    pub name: &'static str,
    pub name_ko: &'static str,
    pub value: &'static str,
}

/// An option, or a subcommand with its own options.
#[derive(Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub name_ko: &'static str,
    pub description_ko: &'static str,
    pub kind: OptionKind,
    pub required: bool,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub max_length: Option<u16>,
    pub choices: &'static [ChoiceSpec],
    pub autocomplete: Option<CompleteFn>,
    /// A subcommand's options.
    pub options: &'static [OptionSpec],
    /// A subcommand's handler.
    pub run: Option<RunFn>,
}

impl OptionSpec {
    const fn new(
        kind: OptionKind,
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec {
            name,
            description,
            name_ko,
            description_ko,
            kind,
            required: false,
            min: None,
            max: None,
            max_length: None,
            choices: &[],
            autocomplete: None,
            options: &[],
            run: None,
        }
    }

    /// A subcommand with its handler.
    pub const fn subcommand(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
        run: RunFn,
    ) -> OptionSpec {
        let mut spec = OptionSpec::new(
            OptionKind::SubCommand,
            name,
            description,
            name_ko,
            description_ko,
        );
        spec.run = Some(run);
        spec
    }

    /// A text option (at most 100 characters unless `max_length` says otherwise).
    pub const fn string(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        let mut spec = OptionSpec::new(
            OptionKind::String,
            name,
            description,
            name_ko,
            description_ko,
        );
        spec.max_length = Some(100);
        spec
    }

    /// A whole-number option.
    pub const fn integer(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec::new(
            OptionKind::Integer,
            name,
            description,
            name_ko,
            description_ko,
        )
    }

    /// A channel option (text and announcement channels).
    pub const fn channel(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec::new(
            OptionKind::Channel,
            name,
            description,
            name_ko,
            description_ko,
        )
    }

    /// A true/false option.
    pub const fn boolean(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec::new(
            OptionKind::Boolean,
            name,
            description,
            name_ko,
            description_ko,
        )
    }

    /// A member option.
    pub const fn user(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec::new(OptionKind::User, name, description, name_ko, description_ko)
    }

    /// A file option: the edge fetches the file (at most [`crate::router::ATTACHMENT_MAX_BYTES`])
    /// and the handler gets its name and bytes.
    pub const fn attachment(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec::new(
            OptionKind::Attachment,
            name,
            description,
            name_ko,
            description_ko,
        )
    }

    /// A role option.
    pub const fn role(
        name: &'static str,
        description: &'static str,
        name_ko: &'static str,
        description_ko: &'static str,
    ) -> OptionSpec {
        OptionSpec::new(OptionKind::Role, name, description, name_ko, description_ko)
    }

    /// The option must be given.
    pub const fn required(mut self) -> OptionSpec {
        self.required = true;
        self
    }

    /// The inclusive range of an integer option.
    pub const fn range(mut self, min: i64, max: i64) -> OptionSpec {
        self.min = Some(min);
        self.max = Some(max);
        self
    }

    /// The option's value is one of these.
    pub const fn choices(mut self, choices: &'static [ChoiceSpec]) -> OptionSpec {
        self.choices = choices;
        self
    }

    /// The option suggests values while the member types.
    pub const fn autocomplete(mut self, complete: CompleteFn) -> OptionSpec {
        self.autocomplete = Some(complete);
        self
    }

    /// A subcommand's options.
    pub const fn with_options(mut self, options: &'static [OptionSpec]) -> OptionSpec {
        self.options = options;
        self
    }
}

/// A slash command.
pub struct CommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub name_ko: &'static str,
    pub description_ko: &'static str,
    /// Needs Manage Server: registered with `default_member_permissions` and checked again on use.
    pub moderator: bool,
    /// Options, or subcommands (then `run` is `None` and each subcommand has its own).
    pub options: &'static [OptionSpec],
    pub run: Option<RunFn>,
}

impl CommandSpec {
    /// The subcommand called `name`, if this command has subcommands.
    pub fn subcommand(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options
            .iter()
            .find(|o| o.kind == OptionKind::SubCommand && o.name == name)
    }

    /// Whether the command is split into subcommands.
    pub fn has_subcommands(&self) -> bool {
        self.options
            .iter()
            .any(|o| o.kind == OptionKind::SubCommand)
    }
}

/// Every command dramabot has.
/// The time zone option of `/settings timezone` and `/qotd timezone`, which set the one zone.
const ZONE_OPTION: OptionSpec = OptionSpec::string(
    "zone",
    "An IANA time zone name, like Asia/Seoul or America/New_York",
    "시간대",
    "IANA 시간대 이름 (예: Asia/Seoul)",
)
.required()
.autocomplete(quotes::daily::complete_zone);

pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "about",
        description: "What dramabot is, the fact packs it has loaded, and their sources",
        name_ko: "정보",
        description_ko: "dramabot 소개와 불러온 팩, 그 출처를 보여 줍니다",
        moderator: false,
        options: &[],
        run: Some(&quick(no_args(about::run))),
    },
    CommandSpec {
        name: "cast",
        description: "Who plays whom: look up an actor, a character or a creator, or a drama's cast",
        name_ko: "출연진",
        description_ko: "누가 누구를 연기하는지: 배우, 캐릭터, 제작진 또는 드라마 출연진 찾기",
        moderator: false,
        options: &[
            OptionSpec::string(
                "name",
                "A name in any spelling, English or Korean: Ju Ji-hoon, joo jihoon, 주지훈",
                "이름",
                "어떤 표기든 이름 (예: 주지훈, Ju Ji-hoon)",
            )
            .autocomplete(cast::complete_name),
            OptionSpec::string(
                "drama",
                "A drama, to see its whole cast",
                "드라마",
                "드라마 (전체 출연진 보기)",
            )
            .autocomplete(cast::complete_drama),
        ],
        run: Some(&quick(handler(cast::run))),
    },
    CommandSpec {
        name: "facts",
        description: "Facts about the drama, its cast and its making, each with its source",
        name_ko: "사실",
        description_ko: "드라마와 출연진, 제작에 관한 사실을 출처와 함께 보여 줍니다",
        moderator: false,
        options: &[OptionSpec::string(
            "topic",
            "A person, a character or a word, such as Ju Ji-hoon or helicopter",
            "주제",
            "인물, 캐릭터 또는 낱말 (예: 주지훈, 헬기)",
        )
        .autocomplete(facts::complete_topic)],
        run: Some(&quick(handler(facts::run))),
    },
    CommandSpec {
        name: "lists",
        description: "The packs and this server's own list: counts, and which ones this server plays",
        name_ko: "목록",
        description_ko: "팩과 이 서버의 목록: 항목 수와 이 서버가 쓰는 목록",
        moderator: false,
        options: &[],
        run: Some(&no_args(content::lists)),
    },
    CommandSpec {
        name: "quote",
        description: "Quotes from the drama and from interviews about it, each with its source",
        name_ko: "명대사",
        description_ko: "드라마 속 대사와 인터뷰 발언을 출처와 함께 보여 줍니다",
        moderator: false,
        options: &[
            OptionSpec::subcommand(
                "today",
                "This server's quote of the day",
                "오늘",
                "이 서버의 오늘의 명대사",
                &quick(no_args(quotes::today)),
            ),
            OptionSpec::subcommand(
                "random",
                "A random quote, optionally by one person or character",
                "무작위",
                "무작위 명대사 (인물이나 캐릭터를 고를 수 있음)",
                &handler(quotes::random),
            )
            .with_options(&[OptionSpec::string(
                "who",
                "Who said it: a person or a character",
                "누가",
                "말한 사람: 인물 또는 캐릭터",
            )
            .autocomplete(quotes::complete_who)]),
            OptionSpec::subcommand(
                "search",
                "Quotes containing some words",
                "검색",
                "낱말이 들어간 명대사 찾기",
                &handler(quotes::search),
            )
            .with_options(&[OptionSpec::string(
                "text",
                "The words to look for",
                "내용",
                "찾을 낱말",
            )
            .required()]),
        ],
        run: None,
    },
    CommandSpec {
        name: "qotd",
        description: "The daily quote: where and when it is posted (Manage Server)",
        name_ko: "오늘의명대사",
        description_ko: "매일 올라오는 명대사: 채널과 시간 설정 (서버 관리 권한 필요)",
        moderator: true,
        options: &[
            OptionSpec::subcommand(
                "channel",
                "The channel the daily quote is posted in",
                "채널",
                "오늘의 명대사를 올릴 채널",
                &handler(quotes::daily::channel),
            )
            .with_options(&[OptionSpec::channel(
                "channel",
                "A text channel the bot can post in",
                "채널",
                "봇이 글을 올릴 수 있는 텍스트 채널",
            )
            .required()]),
            OptionSpec::subcommand(
                "time",
                "The local time of the daily quote (HH:MM, 24-hour clock)",
                "시간",
                "오늘의 명대사를 올릴 시각 (HH:MM, 24시간제)",
                &handler(quotes::daily::time),
            )
            .with_options(&[OptionSpec::string(
                "time",
                "Like 09:30 or 21:05",
                "시각",
                "예: 09:30, 21:05",
            )
            .required()]),
            OptionSpec::subcommand(
                "timezone",
                "This server's time zone (as /settings timezone): the daily quote's and seasons'",
                "시간대",
                "이 서버의 시간대 (/settings timezone과 같아요)",
                &handler(quotes::daily::timezone),
            )
            .with_options(&[ZONE_OPTION]),
            OptionSpec::subcommand(
                "on",
                "Turn the daily quote on",
                "켜기",
                "오늘의 명대사 켜기",
                &no_args(quotes::daily::on),
            ),
            OptionSpec::subcommand(
                "off",
                "Turn the daily quote off",
                "끄기",
                "오늘의 명대사 끄기",
                &no_args(quotes::daily::off),
            ),
            OptionSpec::subcommand(
                "status",
                "The next post (local time and UTC), the last post and the last error",
                "상태",
                "다음 게시 시각, 마지막 게시와 오류",
                &no_args(quotes::daily::status),
            ),
            OptionSpec::subcommand(
                "preview",
                "The next post's quote, shown only to you",
                "미리보기",
                "다음에 올라갈 명대사를 나에게만 보여 줍니다",
                &no_args(quotes::daily::preview),
            ),
            OptionSpec::subcommand(
                "skip",
                "Skip the next post",
                "건너뛰기",
                "다음 게시를 건너뜁니다",
                &no_args(quotes::daily::skip),
            ),
        ],
        run: None,
    },
    CommandSpec {
        name: "trivia",
        description: "Trivia games about the drama: start, answer, hints, stop, leaderboards and stats",
        name_ko: "퀴즈",
        description_ko: "드라마 퀴즈: 시작, 답하기, 힌트, 멈추기, 순위와 기록",
        moderator: false,
        options: &[
            OptionSpec::subcommand(
                "start",
                "Start a game in this channel",
                "시작",
                "이 채널에서 퀴즈 시작",
                &handler(trivia::start),
            )
            .with_options(&[
                OptionSpec::integer(
                    "rounds",
                    "How many questions (1-30, default 10)",
                    "문제수",
                    "문제 수 (1-30, 기본 10)",
                )
                .range(1, 30),
                OptionSpec::integer(
                    "difficulty",
                    "1 easy, 2 medium, 3 hard",
                    "난이도",
                    "1 쉬움, 2 보통, 3 어려움",
                )
                .range(1, 3),
                OptionSpec::string(
                    "category",
                    "Only questions of one kind",
                    "분야",
                    "한 분야의 문제만",
                )
                .choices(QUESTION_CATEGORIES),
                OptionSpec::string(
                    "drama",
                    "Only questions about one drama",
                    "드라마",
                    "한 드라마의 문제만",
                )
                .autocomplete(cast::complete_drama),
                OptionSpec::string(
                    "mode",
                    "Classic, teams, elimination (3 lives) or sudden death",
                    "방식",
                    "일반, 팀전, 서바이벌 (목숨 3개) 또는 서든데스",
                )
                .choices(GAME_MODES),
                OptionSpec::integer(
                    "teams",
                    "How many teams, with mode teams (2-4, default 2)",
                    "팀수",
                    "팀전의 팀 수 (2-4, 기본 2)",
                )
                .range(2, 4),
            ]),
            OptionSpec::subcommand(
                "answer",
                "Type your answer to the open question",
                "답",
                "지금 문제의 답을 입력",
                &handler(trivia::answer),
            )
            .with_options(&[OptionSpec::string("text", "Your answer", "답", "내 답").required()]),
            OptionSpec::subcommand(
                "hint",
                "Ask for a hint on the open question, or vote for one (a right answer then scores half)",
                "힌트",
                "지금 문제의 힌트 요청 또는 투표 (힌트 뒤 정답은 점수 절반)",
                &no_args(trivia::hint::ask),
            ),
            OptionSpec::subcommand(
                "stop",
                "Stop this channel's game (its starter or a moderator)",
                "멈추기",
                "이 채널의 퀴즈 멈추기 (시작한 사람 또는 관리자)",
                &no_args(trivia::stop),
            ),
            OptionSpec::subcommand(
                "leaderboard",
                "The best players",
                "순위",
                "최고 점수 순위",
                &handler(trivia::leaderboard),
            )
            .with_options(&[
                OptionSpec::string(
                    "period",
                    "This week, this month, all time, or this server's season",
                    "기간",
                    "이번 주, 이번 달, 전체 또는 이 서버의 시즌",
                )
                .choices(&[
                    ChoiceSpec {
                        name: "week",
                        name_ko: "이번 주",
                        value: "week",
                    },
                    ChoiceSpec {
                        name: "month",
                        name_ko: "이번 달",
                        value: "month",
                    },
                    ChoiceSpec {
                        name: "all",
                        name_ko: "전체",
                        value: "all",
                    },
                    ChoiceSpec {
                        name: "season",
                        name_ko: "이번 시즌",
                        value: "season",
                    },
                ]),
                OptionSpec::string(
                    "scope",
                    "This server or every server",
                    "범위",
                    "이 서버 또는 모든 서버",
                )
                .choices(&[
                    ChoiceSpec {
                        name: "server",
                        name_ko: "이 서버",
                        value: "server",
                    },
                    ChoiceSpec {
                        name: "global",
                        name_ko: "전체 서버",
                        value: "global",
                    },
                ]),
            ]),
            OptionSpec::subcommand(
                "stats",
                "A member's games, answers, accuracy, best streak and points",
                "기록",
                "멤버의 게임, 정답률, 최고 연속 정답, 점수",
                &handler(trivia::stats),
            )
            .with_options(&[OptionSpec::user(
                "member",
                "Whose stats (default: yours)",
                "멤버",
                "누구의 기록 (기본: 나)",
            )]),
        ],
        run: None,
    },
    CommandSpec {
        name: "settings",
        description: "This server's dramabot settings (Manage Server)",
        name_ko: "설정",
        description_ko: "이 서버의 dramabot 설정 (서버 관리 권한 필요)",
        moderator: true,
        options: &[
            OptionSpec::subcommand(
                "show",
                "Show this server's settings",
                "보기",
                "이 서버의 설정을 보여 줍니다",
                &no_args(settings::show),
            ),
            OptionSpec::subcommand(
                "spoilers",
                "How far this server has watched, and how to treat later spoilers",
                "스포일러",
                "이 서버가 본 회차와 그 뒤 스포일러를 다루는 방식",
                &handler(settings::spoilers),
            )
            .with_options(&[
                OptionSpec::integer(
                    "episode",
                    "The last episode everyone has watched (0: none yet)",
                    "회차",
                    "모두가 본 마지막 회차 (0: 아직 없음)",
                )
                .required()
                .range(0, 1000),
                OptionSpec::string(
                    "mode",
                    "Hide later spoilers, or show them behind spoiler bars",
                    "방식",
                    "이후 스포일러를 숨길지, 스포일러 가림으로 보여 줄지",
                )
                .choices(&[
                    ChoiceSpec {
                        name: "hide",
                        name_ko: "숨기기",
                        value: "hide",
                    },
                    ChoiceSpec {
                        name: "blur",
                        name_ko: "가리기",
                        value: "blur",
                    },
                ]),
            ]),
            OptionSpec::subcommand(
                "drama",
                "The drama this server is about (or all of them)",
                "드라마",
                "이 서버가 다루는 드라마 (또는 전체)",
                &handler(settings::drama),
            )
            .with_options(&[OptionSpec::string(
                "drama",
                "A drama's title, or \"all\"",
                "드라마",
                "드라마 제목 또는 \"all\"",
            )
            .required()
            .autocomplete(settings::complete_drama)]),
            OptionSpec::subcommand(
                "trivia",
                "Trivia: time per question, changing answers, typed answers",
                "퀴즈",
                "퀴즈: 문제당 시간, 답 바꾸기, 답 입력",
                &handler(trivia::settings),
            )
            .with_options(&[
                OptionSpec::integer(
                    "seconds",
                    "Time per question (10-120)",
                    "시간",
                    "문제당 시간 (10-120초)",
                )
                .range(10, 120),
                OptionSpec::boolean(
                    "changes",
                    "May members change their answer?",
                    "변경",
                    "답을 바꿀 수 있는지",
                ),
                OptionSpec::boolean(
                    "typed",
                    "May members type answers with /trivia answer?",
                    "입력",
                    "/trivia answer로 답을 입력할 수 있는지",
                ),
            ]),
            OptionSpec::subcommand(
                "reviewer",
                "The role that may review submissions besides Manage Server (none: clear it)",
                "검토자",
                "서버 관리 권한 말고도 제출을 검토할 수 있는 역할 (비우면 해제)",
                &handler(settings::reviewer),
            )
            .with_options(&[OptionSpec::role(
                "role",
                "Members with this role may use /review (leave out to clear)",
                "역할",
                "이 역할이 있는 멤버는 /review를 쓸 수 있어요 (비우면 해제)",
            )]),
            OptionSpec::subcommand(
                "language",
                "The language the bot answers in here (auto: each member's Discord language)",
                "언어",
                "이 서버에서 봇이 답하는 언어 (auto: 멤버마다 디스코드 언어)",
                &handler(settings::language),
            )
            .with_options(&[OptionSpec::string(
                "language",
                "auto, English or Korean",
                "언어",
                "auto, 영어 또는 한국어",
            )
            .required()
            .choices(&[
                ChoiceSpec {
                    name: "auto",
                    name_ko: "자동",
                    value: "auto",
                },
                ChoiceSpec {
                    name: "English",
                    name_ko: "영어",
                    value: "en",
                },
                ChoiceSpec {
                    name: "한국어",
                    name_ko: "한국어",
                    value: "ko",
                },
            ])]),
            OptionSpec::subcommand(
                "timezone",
                "This server's time zone, for the daily quote and trivia seasons",
                "시간대",
                "이 서버의 시간대 (오늘의 명대사와 퀴즈 시즌에 쓰여요)",
                &handler(seasons::timezone),
            )
            .with_options(&[ZONE_OPTION]),
            OptionSpec::subcommand(
                "seasons",
                "Trivia seasons: weekly or monthly standings posted when each ends, or off",
                "시즌",
                "퀴즈 시즌: 주간 또는 월간, 끝날 때 최종 순위를 올려요 (또는 끄기)",
                &handler(seasons::seasons),
            )
            .with_options(&[
                OptionSpec::string(
                    "length",
                    "A week (ends Monday 00:00), a month (ends on the 1st), or off",
                    "길이",
                    "한 주 (월요일 0시에 끝남), 한 달 (1일에 끝남) 또는 끄기",
                )
                .required()
                .choices(&[
                    ChoiceSpec {
                        name: "week",
                        name_ko: "한 주",
                        value: "week",
                    },
                    ChoiceSpec {
                        name: "month",
                        name_ko: "한 달",
                        value: "month",
                    },
                    ChoiceSpec {
                        name: "off",
                        name_ko: "끄기",
                        value: "off",
                    },
                ]),
                OptionSpec::channel(
                    "channel",
                    "Where the final standings are posted",
                    "채널",
                    "최종 순위를 올릴 채널",
                ),
            ]),
            OptionSpec::subcommand(
                "rewards",
                "The role each season's winner gets (leave out to clear)",
                "보상",
                "시즌 우승자가 받는 역할 (비우면 해제)",
                &handler(seasons::rewards),
            )
            .with_options(&[OptionSpec::role(
                "role",
                "The winner gets it; the last winner gives it up",
                "역할",
                "우승자가 받고, 지난 우승자는 내려놓아요",
            )]),
        ],
        run: None,
    },
    CommandSpec {
        name: "content",
        description: "What this server plays: lists on or off, remove, import, export (Manage Server)",
        name_ko: "콘텐츠",
        description_ko: "이 서버가 쓰는 콘텐츠: 목록 켜기·끄기, 항목 빼기 (서버 관리 권한 필요)",
        moderator: true,
        options: &[
            OptionSpec::subcommand(
                "enable",
                "Play a list (a pack, or this server's own) in this server",
                "켜기",
                "이 서버에서 목록(팩 또는 이 서버의 목록)을 씁니다",
                &handler(content::enable),
            )
            .with_options(&[OptionSpec::string(
                "list",
                "A pack, or this server's own list",
                "목록",
                "팩 또는 이 서버의 목록",
            )
            .required()
            .autocomplete(content::complete_list)]),
            OptionSpec::subcommand(
                "disable",
                "Stop playing a list in this server (one must stay on)",
                "끄기",
                "이 서버에서 목록을 쓰지 않습니다 (하나는 켜 둬야 해요)",
                &handler(content::disable),
            )
            .with_options(&[OptionSpec::string(
                "list",
                "A pack, or this server's own list",
                "목록",
                "팩 또는 이 서버의 목록",
            )
            .required()
            .autocomplete(content::complete_list)]),
            OptionSpec::subcommand(
                "remove",
                "Remove an item of this server's own list: it is never shown again",
                "빼기",
                "이 서버의 목록에서 항목을 뺍니다: 다시는 나오지 않아요",
                &handler(content::remove),
            )
            .with_options(&[OptionSpec::string(
                "id",
                "The item: start typing its words or id",
                "항목",
                "항목: 내용이나 id를 입력하세요",
            )
            .required()
            .autocomplete(content::complete_item)]),
            OptionSpec::subcommand(
                "import",
                "Queue a trivia list (Red YAML, Open Trivia DB JSON) or a pack TOML for review",
                "가져오기",
                "퀴즈 목록(Red YAML, Open Trivia DB JSON)이나 팩 TOML을 검토 대기열에 넣습니다",
                &handler(exchange::import),
            )
            .with_options(&[
                OptionSpec::attachment(
                    "file",
                    "The file: a Red trivia list, an Open Trivia DB response or a pack TOML",
                    "파일",
                    "파일: Red 퀴즈 목록, Open Trivia DB 응답 또는 팩 TOML",
                )
                .required(),
                OptionSpec::string(
                    "source",
                    "Where a list comes from: a web address, or outlet | title | date",
                    "출처",
                    "목록의 출처: 웹 주소, 또는 매체 | 제목 | 날짜",
                ),
                OptionSpec::string(
                    "drama",
                    "The drama the items are about (default: this server's)",
                    "드라마",
                    "항목이 다루는 드라마 (기본: 이 서버의 드라마)",
                )
                .autocomplete(cast::complete_drama),
            ]),
            OptionSpec::subcommand(
                "export",
                "This server's approved items as a pack TOML file",
                "내보내기",
                "이 서버에서 승인된 항목을 팩 TOML 파일로 받습니다",
                &no_args(exchange::export),
            ),
        ],
        run: None,
    },
    CommandSpec {
        name: "submit",
        description: "Offer a question, a quote or a fact, with its source, for this server's review",
        name_ko: "제출",
        description_ko: "퀴즈 문제, 명대사, 사실을 출처와 함께 이 서버의 검토에 보내기",
        moderator: false,
        options: &[
            OptionSpec::subcommand(
                "question",
                "A trivia question: the form asks for it, the answer and 3 wrong choices",
                "퀴즈",
                "퀴즈 문제: 양식에 질문, 정답, 오답 3개를 적어요",
                &responder(submit::question),
            )
            .with_options(&[
                OptionSpec::string(
                    "category",
                    "What the question is about",
                    "분야",
                    "문제의 분야",
                )
                .required()
                .choices(QUESTION_CATEGORIES),
                OptionSpec::string("difficulty", "How hard it is", "난이도", "난이도").choices(&[
                    ChoiceSpec {
                        name: "easy",
                        name_ko: "쉬움",
                        value: "easy",
                    },
                    ChoiceSpec {
                        name: "medium",
                        name_ko: "보통",
                        value: "medium",
                    },
                    ChoiceSpec {
                        name: "hard",
                        name_ko: "어려움",
                        value: "hard",
                    },
                ]),
                SUBMIT_DRAMA,
                SUBMIT_EPISODE,
            ]),
            OptionSpec::subcommand(
                "quote",
                "Words someone said, in the show or in an interview",
                "명대사",
                "드라마 속 대사나 인터뷰에서 한 말",
                &responder(submit::quote),
            )
            .with_options(&[
                OptionSpec::string(
                    "speaker",
                    "Who said it: a person or a character",
                    "말한사람",
                    "말한 사람: 인물 또는 캐릭터",
                )
                .required()
                .autocomplete(cast::complete_name),
                OptionSpec::string(
                    "kind",
                    "A line in the show, or said in an interview",
                    "종류",
                    "드라마 속 대사 또는 인터뷰 발언",
                )
                .choices(&[
                    ChoiceSpec {
                        name: "line in the show",
                        name_ko: "드라마 속 대사",
                        value: "line",
                    },
                    ChoiceSpec {
                        name: "interview",
                        name_ko: "인터뷰",
                        value: "interview",
                    },
                ]),
                SUBMIT_DRAMA,
                SUBMIT_EPISODE,
            ]),
            OptionSpec::subcommand(
                "fact",
                "A fact about the drama, its cast or its making, in your own words",
                "사실",
                "드라마, 출연진, 제작에 관한 사실 (내 말로)",
                &responder(submit::fact),
            )
            .with_options(&[
                OptionSpec::string(
                    "subject",
                    "Who it is about (default: the drama itself)",
                    "주제",
                    "누구에 관한 것인지 (기본: 드라마 자체)",
                )
                .autocomplete(cast::complete_name),
                SUBMIT_DRAMA,
                SUBMIT_EPISODE,
            ]),
            OptionSpec::subcommand(
                "mine",
                "Your submissions in this server and their state",
                "내제출",
                "이 서버에서 내가 제출한 것과 그 상태",
                &handler(submit::mine),
            )
            .with_options(&[OptionSpec::integer(
                "page",
                "Which page (10 a page, newest first)",
                "쪽",
                "몇째 쪽 (한 쪽에 10개, 최신순)",
            )
            .range(1, 1000)]),
        ],
        run: None,
    },
    CommandSpec {
        name: "review",
        description: "Review members' submissions (Manage Server, or the reviewer role)",
        name_ko: "검토",
        description_ko: "멤버의 제출을 검토합니다 (서버 관리 권한 또는 검토자 역할)",
        // Registered for everyone, since a reviewer-role member without Manage Server must see it;
        // the handlers check who may review.
        moderator: false,
        options: &[
            OptionSpec::subcommand(
                "next",
                "The oldest waiting submission, with Approve, Reject, Edit and Skip",
                "다음",
                "가장 오래 기다린 제출: 승인, 거절, 수정, 건너뛰기",
                &no_args(review::next),
            ),
            OptionSpec::subcommand(
                "queue",
                "How many submissions of each kind wait, and the oldest one's age",
                "대기열",
                "종류별로 기다리는 제출 수와 가장 오래된 것",
                &no_args(review::queue),
            ),
        ],
        run: None,
    },
];

/// Buttons by the prefix of their custom id. A custom id with no prefix here is from an old message.
pub static BUTTONS: &[(&str, PressFn)] = &[
    (cast::BUTTON_PREFIX, cast::press),
    (trivia::BUTTON_PREFIX, trivia::press),
    (trivia::modes::TEAM_PREFIX, trivia::join),
    (trivia::hint::BUTTON_PREFIX, trivia::hint::press),
    (review::PREFIX, review::press),
];

/// Modals by the prefix of their custom id, as [`BUTTONS`] are routed.
pub static MODALS: &[(&str, SubmitFn)] = &[
    (submit::MODAL_PREFIX, submit::submitted),
    (review::FORM_PREFIX, review::submitted),
];

/// The ways to play `/trivia start` (`mode:`), as [`trivia::modes::Mode::ALL`] reads them.
const GAME_MODES: &[ChoiceSpec] = &[
    ChoiceSpec {
        name: "classic",
        name_ko: "일반",
        value: "classic",
    },
    ChoiceSpec {
        name: "teams",
        name_ko: "팀전",
        value: "teams",
    },
    ChoiceSpec {
        name: "elimination",
        name_ko: "서바이벌",
        value: "elimination",
    },
    ChoiceSpec {
        name: "sudden death",
        name_ko: "서든데스",
        value: "sudden-death",
    },
];

/// The categories of a trivia question, as a member picks one (`/trivia start`, `/submit question`).
const QUESTION_CATEGORIES: &[ChoiceSpec] = &[
    ChoiceSpec {
        name: "cast",
        name_ko: "출연진",
        value: "cast",
    },
    ChoiceSpec {
        name: "characters",
        name_ko: "캐릭터",
        value: "characters",
    },
    ChoiceSpec {
        name: "production",
        name_ko: "제작",
        value: "production",
    },
    ChoiceSpec {
        name: "source novel",
        name_ko: "원작 소설",
        value: "source-novel",
    },
    ChoiceSpec {
        name: "reception",
        name_ko: "반응",
        value: "reception",
    },
    ChoiceSpec {
        name: "behind the scenes",
        name_ko: "비하인드",
        value: "behind-the-scenes",
    },
];

/// The `drama` option of the `/submit` subcommands.
const SUBMIT_DRAMA: OptionSpec = OptionSpec::string(
    "drama",
    "The drama it is about (default: this server's)",
    "드라마",
    "어느 드라마에 관한 것인지 (기본: 이 서버의 드라마)",
)
.autocomplete(cast::complete_drama);

/// The `episode` option of the `/submit` subcommands.
const SUBMIT_EPISODE: OptionSpec = OptionSpec::integer(
    "episode",
    "The episode it reveals, if any (for the spoiler guard)",
    "회차",
    "내용이 드러나는 회차 (스포일러 보호용)",
)
.range(1, 1000);

/// The command called `name`.
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// One runnable (sub)command of the table, for the tests that walk it.
#[cfg(test)]
pub(crate) struct Entry {
    /// The command and subcommand as typed: `settings trivia`.
    pub name: String,
    /// Its command is for moderators only.
    pub moderator: bool,
    pub options: &'static [OptionSpec],
    pub run: RunFn,
}

/// Every (sub)command of the table that has a handler.
#[cfg(test)]
pub(crate) fn entries() -> Vec<Entry> {
    let mut entries = Vec::new();
    for command in COMMANDS {
        let subs = command.options.iter().filter_map(|sub| {
            sub.run
                .map(|run| (format!("{} {}", command.name, sub.name), sub.options, run))
        });
        let own = command
            .run
            .map(|run| (command.name.to_string(), command.options, run));
        for (name, options, run) in own.into_iter().chain(subs) {
            entries.push(Entry {
                name,
                moderator: command.moderator,
                options,
                run,
            });
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_name(name: &str) -> bool {
        let count = name.chars().count();
        (1..=32).contains(&count)
            && name
                .chars()
                .all(|c| c == '-' || c == '_' || c == '\'' || c.is_alphanumeric())
            && name.to_lowercase() == name
    }

    fn valid_description(text: &str) -> bool {
        (1..=100).contains(&text.chars().count())
    }

    fn check_option(option: &OptionSpec) {
        assert!(valid_name(option.name), "option {}", option.name);
        assert!(valid_name(option.name_ko), "option {} ko", option.name);
        assert!(valid_description(option.description), "{}", option.name);
        assert!(valid_description(option.description_ko), "{}", option.name);
        assert!(option.options.len() <= 25);
        assert_eq!(option.kind == OptionKind::SubCommand, option.run.is_some());
        for choice in option.choices {
            assert!((1..=100).contains(&choice.name.chars().count()));
            assert!((1..=100).contains(&choice.name_ko.chars().count()));
        }
        for sub in option.options {
            check_option(sub);
        }
    }

    #[test]
    fn every_name_and_description_obeys_discords_rules() {
        let mut names = std::collections::HashSet::new();
        for command in COMMANDS {
            assert!(names.insert(command.name), "{} twice", command.name);
            assert!(valid_name(command.name), "{}", command.name);
            assert!(valid_name(command.name_ko), "{} ko", command.name);
            assert!(valid_description(command.description), "{}", command.name);
            assert!(
                valid_description(command.description_ko),
                "{}",
                command.name
            );
            assert_eq!(command.has_subcommands(), command.run.is_none());
            for option in command.options {
                check_option(option);
            }
        }
    }

    #[test]
    fn every_handlers_arguments_read_exactly_the_options_its_table_entry_declares() {
        use crate::args::{Options, sample_values};
        for Entry {
            name,
            options: specs,
            run,
            ..
        } in entries()
        {
            // Every option given, then only the required ones: the struct reads only declared
            // options, by their declared kind, and reads each of them.
            for all in [true, false] {
                let values = sample_values(specs, all);
                let options = Options::new(specs, &values);
                if let Err(e) = run.parse(&options) {
                    panic!("{name}: {e}");
                }
                if all {
                    assert!(
                        options.unread().is_empty(),
                        "{name}: its arguments never read {:?}",
                        options.unread()
                    );
                }
            }
            // Each fixed choice parses into the struct.
            for spec in specs {
                for choice in spec.choices {
                    let values = vec![(
                        spec.name.to_string(),
                        crate::router::Value::String(choice.value.to_string()),
                    )];
                    let mut all = sample_values(specs, false);
                    all.retain(|(n, _)| n != spec.name);
                    all.extend(values);
                    if let Err(e) = run.parse(&Options::new(specs, &all)) {
                        panic!("{name} {}:{}: {e}", spec.name, choice.value);
                    }
                }
            }
        }
    }
}
