# dramabot: production image.
#
#   build:  docker build -t dramabot .
#   run:    docker run -d --name dramabot -e DISCORD_TOKEN=... -v dramabot-db:/var/lib/dramabot dramabot
#
# Stage 1 builds a release binary with the official Rust image (gcc + libc6-dev are already in it, which
# is all rusqlite's `bundled` SQLite and ring need; TLS is rustls, so no OpenSSL). Stage 2 is a small
# Debian image with the binary, the fact packs, CA certificates and time-zone data, running as a fixed
# non-root uid. The Discord token is only ever read from the environment at run time.

# ---------------------------------------------------------------------------------------------- build
FROM rust:1.95-slim-bookworm AS build
WORKDIR /build

# Dependencies first, so that this (slow) layer is reused while only the sources change. Cargo has to
# parse both crates' manifests, so every target they declare must exist: the binary and the two
# libraries get stubs, and both crates' benches (small, rarely changed, never compiled here; the root
# one holds the load benchmark and its bare serenity bot) are copied as they are. The stubs' own
# artefacts are then deleted, so nothing of them can shadow the real build.
COPY Cargo.toml Cargo.lock ./
COPY crates/dramabot-core/Cargo.toml ./crates/dramabot-core/
COPY crates/dramabot-core/benches ./crates/dramabot-core/benches
COPY benches ./benches
RUN mkdir -p src crates/dramabot-core/src \
    && echo 'fn main() {}' > src/main.rs \
    && echo '' > src/lib.rs \
    && echo '' > crates/dramabot-core/src/lib.rs \
    && cargo build --release --locked --bin dramabot \
    && rm -rf src crates/dramabot-core/src \
        target/release/dramabot target/release/dramabot.d target/release/libdramabot.* \
        target/release/deps/dramabot-* target/release/deps/libdramabot-* \
        target/release/deps/dramabot_core-* target/release/deps/libdramabot_core-* \
        target/release/.fingerprint/dramabot-*

# The real sources. `touch` as well, in case the context carries mtimes older than the stubs' outputs.
COPY src ./src
COPY crates/dramabot-core/src ./crates/dramabot-core/src
# The cards' font, embedded at compile time (`include_bytes!` in card.rs).
COPY crates/dramabot-core/assets ./crates/dramabot-core/assets
# The message catalogues, embedded at compile time (`include_str!` in i18n.rs).
COPY crates/dramabot-core/locales ./crates/dramabot-core/locales
RUN touch src/main.rs src/lib.rs crates/dramabot-core/src/lib.rs \
    && cargo build --release --locked --bin dramabot

# -------------------------------------------------------------------------------------------- runtime
FROM debian:bookworm-slim AS runtime

LABEL org.opencontainers.image.title="dramabot" \
      org.opencontainers.image.description="A Discord bot for drama fan communities: trivia, quote of the day and cast lookup from cited fact packs." \
      org.opencontainers.image.licenses="MIT"

# ca-certificates: TLS to Discord; tzdata: IANA zones for scheduled posts (jiff reads /usr/share/zoneinfo).
# The fixed uid/gid 10001 owns only the database directory; binary and data stay root-owned, read-only.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 dramabot \
    && useradd --uid 10001 --gid 10001 --no-log-init --no-create-home --home-dir /var/lib/dramabot \
        --shell /usr/sbin/nologin dramabot \
    && mkdir -p /var/lib/dramabot \
    && chown 10001:10001 /var/lib/dramabot \
    && chmod 0750 /var/lib/dramabot

COPY --from=build /build/target/release/dramabot /usr/local/bin/dramabot
COPY data /app/data

# DISCORD_TOKEN is deliberately not set here: pass it with `-e DISCORD_TOKEN` (or an env file / secret).
ENV DRAMABOT_DATA_PACKS=/app/data/packs \
    DRAMABOT_DATABASE_PATH=/var/lib/dramabot/dramabot.db

WORKDIR /app
VOLUME /var/lib/dramabot
USER 10001:10001

ENTRYPOINT ["/usr/local/bin/dramabot"]
CMD ["run"]
