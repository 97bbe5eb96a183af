//! The `dramabot` command: run the bot, try it offline, check or import fact packs, convert
//! other bots' trivia lists into packs.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use jiff::Timestamp;

use dramabot::config::{CONFIG_ENV, Config, Secret};
use dramabot::console::Console;
use dramabot::router::App;
use dramabot::store::Store;
use dramabot::{pack, startup, trivia_lists};

#[derive(Parser)]
#[command(
    name = "dramabot",
    version,
    about = "A Discord bot for drama fan communities: trivia, a quote of the day and cast lookup, from cited fact packs."
)]
struct Cli {
    /// The configuration file (default: ./dramabot.toml if it exists). See config.example.toml.
    #[arg(long, global = true, env = CONFIG_ENV, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Connect to Discord and answer slash commands (needs DISCORD_TOKEN).
    Run,
    /// Answer Discord's HTTP interactions at an address instead of using the gateway (needs
    /// discord.public_key; with a token, also registers the commands).
    ServeHttp {
        /// The address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
    },
    /// Try every command offline in a Discord-like session, without a token.
    Console {
        /// Print each request the bot would send to Discord as one JSON object per line.
        #[arg(long)]
        json: bool,
        /// Start the virtual clock at this time (RFC 3339, like 2026-11-22T09:00:00Z).
        #[arg(long, value_name = "RFC3339")]
        now: Option<Timestamp>,
        /// Seed the randomness, for a reproducible session.
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Keep the session's database in this file (default: in memory, fresh each run).
        #[arg(long, value_name = "PATH")]
        db: Option<String>,
        /// Write the files the bot sends (such as /content export's pack) into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check fact packs without touching any database; print every problem.
    CheckData {
        /// Pack files or folders (default: the configured packs folder).
        paths: Vec<PathBuf>,
    },
    /// Print a pack TOML for data/packs/ made from a Red-DiscordBot trivia list or an Open Trivia
    /// DB response; fill in the drama and source it marks FILL-IN, then run check-data.
    Convert {
        /// The list to convert.
        file: PathBuf,
        /// Its format: `red` (YAML) or `opentdb` (JSON).
        #[arg(long, value_name = "FORMAT", value_parser = ["red", "opentdb"])]
        from: String,
    },
    /// Check and import fact packs into the database.
    Import {
        /// Pack files or folders (default: the configured packs folder, as a whole set).
        paths: Vec<PathBuf>,
        /// The database (default: the configured one).
        #[arg(long, value_name = "PATH")]
        db: Option<String>,
    },
}

/// Exit code for a configuration problem or a missing token: the operator must act.
const EXIT_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config_file = cli.config.clone().or_else(|| {
        let default = PathBuf::from("dramabot.toml");
        default.is_file().then_some(default)
    });
    let config = match Config::load(config_file.as_deref(), std::env::vars()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("dramabot: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let quiet = matches!(
        cli.command,
        Command::Console { .. } | Command::CheckData { .. } | Command::Convert { .. }
    );
    init_logging(if quiet { "warn" } else { &config.log_level });

    let result = match cli.command {
        Command::Run => return run(config),
        Command::ServeHttp { listen } => return serve_http(config, listen),
        Command::Console {
            json,
            now,
            seed,
            db,
            out,
        } => console(&config, json, now, seed, db, out),
        Command::CheckData { paths } => return check_data(&config, paths),
        Command::Convert { file, from } => return convert(&file, &from),
        Command::Import { paths, db } => import(&config, paths, db),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(&e),
    }
}

/// Says why a command failed; the exit code is 2 when the configuration is at fault (such as a
/// `database.url` that does not connect), as for a configuration that does not load.
fn failed(e: &anyhow::Error) -> ExitCode {
    eprintln!("dramabot: {e:#}");
    let config = e.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<dramabot::error::Error>(),
            Some(dramabot::error::Error::Config(_))
        )
    });
    if config {
        ExitCode::from(EXIT_CONFIG)
    } else {
        ExitCode::FAILURE
    }
}

/// How an error names a database: a SQLite file by its path, a PostgreSQL one by its key (its URL
/// may hold a password).
fn shown(database: &str) -> &str {
    if dramabot::store::is_database_url(database) {
        "the database of database.url"
    } else {
        database
    }
}

/// The app every entry point serves, with the configured options.
fn app(config: &Config, store: Store) -> App {
    App::new(store)
        .with_qotd_grace(jiff::SignedDuration::from_hours(config.qotd_grace_hours))
        .with_join_window(jiff::SignedDuration::from_secs(config.trivia_join_seconds))
}

fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(config: Config) -> ExitCode {
    let Some(token) = config.token.clone() else {
        eprintln!(
            "dramabot: no Discord token. Set DISCORD_TOKEN (or discord.token in the config file) to the \
             token from the Bot tab of your application at https://discord.com/developers/applications, \
             or try the bot offline with `dramabot console`."
        );
        return ExitCode::from(EXIT_CONFIG);
    };
    if let Err(e) = serenity::utils::token::validate(token.expose()) {
        // The error names what is wrong with the token's shape, never the token.
        eprintln!("dramabot: the Discord token is not valid: {e}. Copy it again from the Bot tab.");
        return ExitCode::from(EXIT_CONFIG);
    }
    let started = (|| -> anyhow::Result<()> {
        let store = load(&config)?;
        let app = std::sync::Arc::new(app(&config, store));
        // As in `serve_http`: the last reference to the app (and so the store) is dropped after
        // the runtime, since the PostgreSQL client's connections may not be closed on a runtime's
        // thread (a gateway process on PostgreSQL panicked at SIGTERM).
        let _store_outlives_runtime = app.clone();
        let runtime = dramabot::discord::runtime().context("starting the async runtime")?;
        runtime.block_on(dramabot::discord::run(config, token, app))?;
        Ok(())
    })();
    match started {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(&e),
    }
}

/// Opens the store and imports the packs for `run` and `serve-http`; a refused pack set is logged
/// with every problem, and the bot starts with what the store had.
fn load(config: &Config) -> anyhow::Result<Store> {
    let loaded = startup::open_and_import(config.database(), &config.packs_dir, Timestamp::now())
        .context("loading the fact packs")?;
    for report in &loaded.reports {
        tracing::info!(%report, "fact pack");
    }
    for problem in &loaded.refused {
        tracing::error!(%problem, "fact pack refused");
    }
    if !loaded.refused.is_empty() {
        tracing::error!(
            problems = loaded.refused.len(),
            "the fact packs were refused: nothing was imported, the bot keeps what it had; fix them (dramabot check-data) and restart"
        );
    }
    Ok(loaded.store)
}

fn serve_http(config: Config, listen: std::net::SocketAddr) -> ExitCode {
    let Some(public_key) = config.public_key.clone() else {
        eprintln!(
            "dramabot: serve-http needs the application's public key: set discord.public_key \
             (or DRAMABOT_DISCORD_PUBLIC_KEY) to the Public Key on its General Information page."
        );
        return ExitCode::from(EXIT_CONFIG);
    };
    let served = (|| -> anyhow::Result<()> {
        let store = load(&config)?;
        // Without the bot token nothing can post on its own: commands that need it say so.
        let app = match config.token {
            Some(_) => app(&config, store),
            None => app(&config, store).without_timed_messages(),
        };
        let app = std::sync::Arc::new(app);
        // Interaction tokens authorise the edits of deferred answers; the bot token is only
        // needed to register the commands.
        let token = config.token.clone().unwrap_or_else(|| Secret::new(""));
        let http = std::sync::Arc::new(dramabot::discord::http_client(&config, &token));
        let wake = std::sync::Arc::new(dramabot::scheduler::Wake::default());
        let endpoint = dramabot::http_endpoint::Endpoint::new(
            app.clone(),
            wake.clone(),
            &public_key,
            http.clone(),
        )
        .map_err(anyhow::Error::msg)?;
        // The last reference to the app (and so the store) is dropped here, after the runtime:
        // the PostgreSQL client's connections may not be closed on a runtime's thread.
        let _store_outlives_runtime = app.clone();
        let runtime = dramabot::discord::runtime().context("starting the async runtime")?;
        runtime.block_on(async move {
            if config.token.is_some() {
                match http.get_current_application_info().await {
                    Ok(info) => {
                        http.set_application_id(info.id);
                        dramabot::discord::register_commands(&app, &http, config.dev_guild_id).await;
                    }
                    Err(e) => tracing::error!(error = %e, "cannot find the application; commands not registered"),
                }
            }
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("listening on {listen}"))?;
            tracing::info!(%listen, "answering HTTP interactions");
            // Timed messages (daily posts, trivia rounds) are sent with the bot token, so the
            // scheduler runs only when there is one.
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let scheduler = config
                .token
                .is_some()
                .then(|| dramabot::posting::launch(app.clone(), wake.clone(), http.clone(), stopped));
            let served =
                dramabot::http_endpoint::serve(listener, endpoint, dramabot::discord::shutdown_signal())
                    .await
                    .context("serving HTTP interactions");
            let _ = stop.send(true);
            if let Some(scheduler) = scheduler {
                let _ = scheduler.await;
            }
            served
        })
    })();
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(&e),
    }
}

fn console(
    config: &Config,
    json: bool,
    now: Option<Timestamp>,
    seed: Option<u64>,
    db: Option<String>,
    out: Option<PathBuf>,
) -> anyhow::Result<()> {
    let now = now.unwrap_or_else(Timestamp::now);
    let seed = seed.unwrap_or_else(rand::random);
    let database = db.unwrap_or_else(|| ":memory:".to_string());
    let loaded = startup::open_and_import(&database, &config.packs_dir, now)
        .context("loading the fact packs")?;
    for problem in &loaded.refused {
        eprintln!("{problem}");
    }
    if !loaded.refused.is_empty() {
        eprintln!(
            "dramabot: the fact packs were refused ({} problem(s)); nothing was imported",
            loaded.refused.len()
        );
    }
    let store = loaded.store;
    let interactive = std::io::stdin().is_terminal();
    let stdout = std::io::stdout();
    let mut console = Console::new(
        app(config, store),
        stdout.lock(),
        std::io::stderr(),
        json,
        now,
        seed,
    );
    if let Some(dir) = out {
        console = console.with_out_dir(dir);
    }
    if interactive && !json {
        println!("dramabot console: type /about to start, :help for help, :quit to leave.");
    }
    console.start()?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if interactive {
            print!("> ");
            std::io::stdout().flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = match line {
            Ok(line) => line,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                eprintln!("That line is not valid UTF-8; skipped.");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if !interactive && !json && !line.trim().is_empty() {
            // A piped session reads like a transcript.
            println!("> {}", line.trim());
        }
        if !console.line(&line)? {
            break;
        }
    }
    Ok(())
}

fn check_data(config: &Config, paths: Vec<PathBuf>) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![config.packs_dir.clone()]
    } else {
        paths
    };
    let files = match startup::pack_files(&paths) {
        Ok(files) if files.is_empty() => {
            eprintln!("dramabot: no pack files (*.toml) found in {}", show(&paths));
            return ExitCode::FAILURE;
        }
        Ok(files) => files,
        Err(e) => {
            eprintln!("dramabot: {e}");
            return ExitCode::FAILURE;
        }
    };
    match startup::read_packs(&files) {
        Ok(packs) => {
            for pack in &packs {
                println!(
                    "{}: ok ({} sources, {} people, {} characters, {} credits, {} facts, {} quotes, {} questions)",
                    pack.file,
                    pack.sources.len(),
                    pack.people.len(),
                    pack.characters.len(),
                    pack.credits.len(),
                    pack.facts.len(),
                    pack.quotes.len(),
                    pack.questions.len()
                );
            }
            // Judgment calls: shown (and so seen in CI), never a failure.
            let warnings = pack::lint_set(&packs);
            for warning in &warnings {
                println!("{warning}");
            }
            if !warnings.is_empty() {
                eprintln!("{} warning(s)", warnings.len());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            eprintln!("{} problem(s) found", problems.len());
            ExitCode::FAILURE
        }
    }
}

/// `dramabot convert FILE --from red|opentdb`: the whole pack goes to stdout only when every
/// question converted; otherwise the problems go to stderr and nothing is printed.
fn convert(file: &std::path::Path, from: &str) -> ExitCode {
    let name = file.display().to_string();
    let Some(format) = trivia_lists::Format::parse(from) else {
        eprintln!("dramabot: --from must be `red` or `opentdb`, not `{from}`");
        return ExitCode::FAILURE;
    };
    // Read one byte past the limit, so a larger file is refused without reading it all.
    let bytes = match std::fs::File::open(file).and_then(|f| {
        use std::io::Read;
        let mut bytes = Vec::new();
        f.take(trivia_lists::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    }) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{name}:1: cannot read the file: {e}");
            return ExitCode::FAILURE;
        }
    };
    let list = match trivia_lists::read_list(&name, &bytes, Some(format)) {
        Ok(list) => list,
        Err(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!("dramabot: {name} cannot be converted");
            return ExitCode::FAILURE;
        }
    };
    if !list.problems.is_empty() {
        for problem in &list.problems {
            eprintln!("{problem}");
        }
        eprintln!(
            "dramabot: {} of {} question(s) have problems; fix them in {name} and convert again",
            list.problems
                .iter()
                .map(|p| p.line)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            list.read
        );
        return ExitCode::FAILURE;
    }
    if list.drafts.is_empty() {
        eprintln!("dramabot: {name} holds no question to convert");
        return ExitCode::FAILURE;
    }
    let text = list.to_pack_toml();
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        eprintln!("dramabot: cannot write the pack: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "{} question(s) converted from {} {name}",
        list.drafts.len(),
        format.describe()
    );
    for skipped in &list.skipped {
        eprintln!("{} skipped: {}", skipped.count, skipped.reason);
    }
    ExitCode::SUCCESS
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn import(config: &Config, paths: Vec<PathBuf>, db: Option<String>) -> anyhow::Result<()> {
    let whole_set = paths.is_empty();
    let paths = if whole_set {
        vec![config.packs_dir.clone()]
    } else {
        paths
    };
    let files = startup::pack_files(&paths)?;
    let packs = match startup::read_packs(&files) {
        Ok(packs) => packs,
        Err(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            anyhow::bail!("{} problem(s) found; nothing was imported", problems.len());
        }
    };
    let database = db.unwrap_or_else(|| config.database().to_string());
    let _turn = startup::StartLock::acquire(&database)?;
    let mut store =
        Store::open_database(&database).with_context(|| format!("opening {}", shown(&database)))?;
    for report in store.import(&packs, Timestamp::now(), whole_set)? {
        println!("{report}");
    }
    Ok(())
}
