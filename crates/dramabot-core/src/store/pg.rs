//! The PostgreSQL arm of [`super::db`]: a pooled connection of the sync `postgres` client, the
//! store's SQLite-flavoured SQL translated once per text, and values bound and read leniently.
//!
//! The store's queries are written once, for both backends. Most of them are portable SQL; what
//! differs only in spelling is rewritten here at prepare time (and the prepared statement cached
//! per text): `?N` → `$N`, `group_concat(x, char(31))` → `string_agg(x, chr(31))`, `instr` →
//! `strpos`, `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`, and a JSON array bound to
//! `json_each(?N) j` → `json_array_elements_text(CAST(?N AS json)) j(value)`.
//!
//! PostgreSQL types are strict where SQLite's are not; every integer column is `BIGINT` (see
//! `migrations_pg.rs`), and a bound value is encoded as whatever type the server inferred for its
//! parameter (any integer width, text, boolean, float), so the call sites bind as they do on SQLite.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::NoTls;
use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};
use r2d2_postgres::PostgresConnectionManager;

use super::db::{Error, Params, Result, Value, ValueRef};

/// A pool of connections to one PostgreSQL database: the store's writer and readers are each one
/// of its connections.
///
/// When the database goes away (a cluster stopped, a failover), every connection finds itself
/// cut and asks the pool for a fresh one, waiting up to [`RECONNECT_WAIT`]. One interaction may
/// touch several connections (a reader, the writer) and several statements whose failure is only
/// logged: each would wait its own two seconds, past Discord's three. So a wait that found no
/// connection marks the database away for [`AWAY_FOR`], and meanwhile a statement that needs a
/// fresh connection fails at once, with the same "unavailable" error, instead of waiting again.
#[derive(Clone)]
pub struct Pool {
    connections: r2d2::Pool<PostgresConnectionManager<NoTls>>,
    /// Until when the database is taken as away (see the type's header).
    away_until: std::sync::Arc<std::sync::Mutex<Option<std::time::Instant>>>,
}

impl Pool {
    /// A connection, waiting up to the pool's connection timeout (five seconds: at start-up).
    pub fn get(&self) -> std::result::Result<Pooled, r2d2::Error> {
        self.connections.get()
    }

    /// A fresh connection for one that was cut, waiting up to [`RECONNECT_WAIT`]; at once
    /// [`Error::Away`] while the database is marked away.
    fn replacement(&self) -> Result<Pooled> {
        let now = std::time::Instant::now();
        let mut away = self.away_until.lock().unwrap_or_else(|e| e.into_inner());
        if away.is_some_and(|until| now < until) {
            return Err(Error::Away);
        }
        // Not held while waiting: other connections look at it meanwhile.
        drop(away);
        match self.connections.get_timeout(RECONNECT_WAIT) {
            Ok(fresh) => Ok(fresh),
            Err(e) => {
                away = self.away_until.lock().unwrap_or_else(|e| e.into_inner());
                *away = Some(std::time::Instant::now() + AWAY_FOR);
                Err(e.into())
            }
        }
    }
}

/// How long the database is taken as away after a wait for a connection found none: statements
/// fail at once meanwhile, then the next one tries again (see [`Pool`]).
const AWAY_FOR: std::time::Duration = std::time::Duration::from_secs(2);

type Pooled = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

/// A pool for `config`, with at most `size` connections; fails (after a few seconds) when the
/// server cannot be reached, with the reason (refused, unknown host, bad password) as text.
pub fn pool(mut config: postgres::Config, size: u32) -> std::result::Result<Pool, String> {
    // One connection first, for its error: the pool's would say only that it timed out.
    config.connect_timeout(std::time::Duration::from_secs(5));
    // A server that vanished without closing its connections (its host down, the network cut)
    // would leave a statement waiting on TCP for hours: the client's keepalives start after two
    // hours of quiet by default. Probes after 10 s, every 5 s, and three unanswered end the
    // connection (about 25 s); so does data left unacknowledged for 20 s. A live server's host
    // answers both, however long a statement runs.
    config
        .keepalives(true)
        .keepalives_idle(std::time::Duration::from_secs(10))
        .keepalives_interval(std::time::Duration::from_secs(5))
        .keepalives_retries(3)
        .tcp_user_timeout(std::time::Duration::from_secs(20));
    if let Err(e) = config.connect(NoTls) {
        let mut text = e.to_string();
        let mut cause = e.source();
        while let Some(c) = cause {
            text = format!("{text}: {c}");
            cause = c.source();
        }
        return Err(text);
    }
    let connections = r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(std::time::Duration::from_secs(5))
        .build(PostgresConnectionManager::new(config, NoTls))
        .map_err(|e| e.to_string())?;
    Ok(Pool {
        connections,
        away_until: std::sync::Arc::default(),
    })
}

/// One connection of the pool, with its prepared statements.
///
/// A connection the server dropped (a restart, a failover, `pg_terminate_backend`) fails the
/// statement that finds it gone; the next statement outside a transaction is run on a fresh
/// connection from the pool, with the session settings replayed and the statements prepared anew.
/// Inside a transaction nothing is replaced: the transaction is lost with its connection, so its
/// statements fail until it ends, and the store's caller sees the error rather than half of a
/// transaction committed on another connection.
pub struct PgConnection {
    pool: Pool,
    client: RefCell<Pooled>,
    statements: RefCell<HashMap<String, (postgres::Statement, bool)>>,
    changes: Cell<u64>,
    /// A transaction is open (`BEGIN` ran, no `COMMIT` or `ROLLBACK` yet).
    in_transaction: Cell<bool>,
    /// The `SET SESSION …` statements run on this connection, for a fresh one to run too.
    session: RefCell<Vec<String>>,
}

/// How long a statement waits for a fresh connection when the database went away: short, since
/// an interaction has three seconds to be answered, and the caller answers with the friendly error.
const RECONNECT_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

impl PgConnection {
    /// A connection from `pool`.
    pub fn from_pool(pool: &Pool) -> Result<PgConnection> {
        Ok(PgConnection {
            pool: pool.clone(),
            client: RefCell::new(pool.get()?),
            statements: RefCell::new(HashMap::new()),
            changes: Cell::new(0),
            in_transaction: Cell::new(false),
            session: RefCell::new(Vec::new()),
        })
    }

    /// Replaces a connection the server closed with a fresh one (see the type's header), outside
    /// a transaction; a live one is kept.
    fn revive(&self) -> Result<()> {
        if self.in_transaction.get() || !self.client.borrow().is_closed() {
            return Ok(());
        }
        let fresh = self.pool.replacement()?;
        // The closed one goes back to the pool, which sees it broken and drops it.
        *self.client.borrow_mut() = fresh;
        self.statements.borrow_mut().clear();
        for sql in self.session.borrow().iter() {
            self.client.borrow_mut().batch_execute(sql)?;
        }
        tracing::warn!("the PostgreSQL connection was lost; using a fresh one");
        Ok(())
    }

    /// The statement for `sql` (as the store writes it), prepared once per connection.
    pub fn prepare(&self, sql: &str) -> Result<PgStatement<'_>> {
        self.revive()?;
        if let Some((stmt, writes)) = self.statements.borrow().get(sql) {
            return Ok(PgStatement {
                conn: self,
                stmt: stmt.clone(),
                writes: *writes,
            });
        }
        let stmt = self.client.borrow_mut().prepare(&translate(sql))?;
        let writes = writes(sql);
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), (stmt.clone(), writes));
        Ok(PgStatement {
            conn: self,
            stmt,
            writes,
        })
    }

    /// Runs statements without parameters (a schema, `BEGIN`, `COMMIT`).
    pub fn batch(&self, sql: &str) -> Result<()> {
        self.revive()?;
        let ends = matches!(sql, "COMMIT" | "ROLLBACK");
        let done = self.client.borrow_mut().batch_execute(sql);
        if ends {
            // Committed, rolled back, or lost with its connection: over in every case.
            self.in_transaction.set(false);
        }
        done?;
        if sql == "BEGIN" {
            self.in_transaction.set(true);
        } else if sql.starts_with("SET SESSION") {
            self.session.borrow_mut().push(sql.to_string());
        }
        Ok(())
    }

    /// Rows changed by the statements this connection ran (inserts, updates and deletes).
    pub fn total_changes(&self) -> u64 {
        self.changes.get()
    }

    fn count(&self, rows: u64) {
        self.changes.set(self.changes.get() + rows);
    }
}

/// A prepared statement on a [`PgConnection`].
pub struct PgStatement<'c> {
    conn: &'c PgConnection,
    stmt: postgres::Statement,
    writes: bool,
}

/// Binds one of our values to a parameter of whatever type the server inferred for it.
#[derive(Debug)]
struct Bind<'a>(Value<'a>);

impl PgToSql for Bind<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    i.to_string().as_str().to_sql(ty, out)
                }
                _ => Err(format!("cannot bind an integer as {ty}").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => f.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("cannot bind a real as {ty}").into()),
            },
            Value::Text(t) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    t.as_ref().to_sql(ty, out)
                }
                Type::JSON => {
                    out.extend_from_slice(t.as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(format!("cannot bind text as {ty}").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl PgStatement<'_> {
    fn bind<P: Params>(params: &P) -> Vec<Bind<'_>> {
        params.values().map(|v| Bind(v.to_sql())).collect()
    }

    /// Runs the statement, returning how many rows it changed.
    pub fn execute<P: Params>(&mut self, params: &P) -> Result<usize> {
        let values = Self::bind(params);
        let refs: Vec<&(dyn PgToSql + Sync)> =
            values.iter().map(|v| v as &(dyn PgToSql + Sync)).collect();
        let n = self.conn.client.borrow_mut().execute(&self.stmt, &refs)?;
        if self.writes {
            self.conn.count(n);
        }
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Every row the statement gives.
    pub fn query<P: Params>(&mut self, params: &P) -> Result<Vec<postgres::Row>> {
        let values = Self::bind(params);
        let refs: Vec<&(dyn PgToSql + Sync)> =
            values.iter().map(|v| v as &(dyn PgToSql + Sync)).collect();
        let rows = self.conn.client.borrow_mut().query(&self.stmt, &refs)?;
        if self.writes {
            self.conn.count(rows.len() as u64);
        }
        Ok(rows)
    }
}

/// Whether `sql` changes rows (what [`PgConnection::total_changes`] counts): an INSERT, UPDATE or
/// DELETE, whose count or RETURNING rows are the rows it changed.
fn writes(sql: &str) -> bool {
    let verb: String = sql
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase();
    matches!(verb.as_str(), "INSERT" | "UPDATE" | "DELETE")
}

/// A row of a PostgreSQL result.
#[derive(Clone, Copy)]
pub struct PgRow<'r>(pub &'r postgres::Row);

impl<'r> PgRow<'r> {
    /// Column `idx` as one of SQLite's kinds: integers of every width and booleans as integers,
    /// every text type as text.
    pub fn get_ref(&self, idx: usize) -> Result<ValueRef<'r>> {
        let row = self.0;
        let Some(column) = row.columns().get(idx) else {
            return Err(Error::conversion(idx, "no such column"));
        };
        let err = |e: postgres::Error| Error::conversion(idx, e);
        let value = match *column.type_() {
            Type::INT8 => row
                .try_get::<_, Option<i64>>(idx)
                .map_err(err)?
                .map(ValueRef::Integer),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(idx)
                .map_err(err)?
                .map(|i| ValueRef::Integer(i.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(idx)
                .map_err(err)?
                .map(|i| ValueRef::Integer(i.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(idx)
                .map_err(err)?
                .map(|b| ValueRef::Integer(b.into())),
            Type::FLOAT8 => row
                .try_get::<_, Option<f64>>(idx)
                .map_err(err)?
                .map(ValueRef::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(idx)
                .map_err(err)?
                .map(|f| ValueRef::Real(f.into())),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => row
                .try_get::<_, Option<&str>>(idx)
                .map_err(err)?
                .map(ValueRef::Text),
            Type::BYTEA => row
                .try_get::<_, Option<&[u8]>>(idx)
                .map_err(err)?
                .map(ValueRef::Blob),
            ref other => {
                return Err(Error::conversion(
                    idx,
                    format!("cannot read a column of type {other} (cast it in the query)"),
                ));
            }
        };
        Ok(value.unwrap_or(ValueRef::Null))
    }
}

/// The store's SQL (SQLite's spelling) in PostgreSQL's: see the module's header.
pub fn translate(sql: &str) -> String {
    let sql = sql
        .replace("group_concat(", "string_agg(")
        .replace("char(31)", "chr(31)")
        .replace("instr(", "strpos(");
    let sql = json_each(&sql);
    let sql = or_ignore(&sql);
    placeholders(&sql)
}

/// `?N` → `$N` (and a bare `?` → the next number), outside quoted text.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quoted = false;
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                out.push('$');
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&digits);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `json_each(?N) j` (a JSON array bound as text, its elements read as `j.value`) →
/// `json_array_elements_text(CAST(?N AS json)) j(value)`.
fn json_each(sql: &str) -> String {
    let Some(start) = sql.find("json_each(") else {
        return sql.to_string();
    };
    let rest = &sql[start + "json_each(".len()..];
    let Some(close) = rest.find(')') else {
        return sql.to_string();
    };
    let arg = &rest[..close];
    let after = &rest[close + 1..];
    let alias: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let skipped = after.len() - after.trim_start().len() + alias.len();
    format!(
        "{}json_array_elements_text(CAST({arg} AS json)) {alias}(value){}",
        &sql[..start],
        json_each(&after[skipped..])
    )
}

/// `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING` (before any `RETURNING`).
fn or_ignore(sql: &str) -> String {
    if !sql.contains("INSERT OR IGNORE") {
        return sql.to_string();
    }
    let sql = sql.replace("INSERT OR IGNORE", "INSERT");
    match sql.rfind("RETURNING") {
        Some(at) => format!("{} ON CONFLICT DO NOTHING {}", &sql[..at], &sql[at..]),
        None => format!("{sql} ON CONFLICT DO NOTHING"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_spellings_are_translated() {
        assert_eq!(
            translate("SELECT a FROM t WHERE b = ?1 AND c = '?' AND d = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $12"
        );
        assert_eq!(
            translate("SELECT group_concat(a.text, char(31)), instr(x, ?2)"),
            "SELECT string_agg(a.text, chr(31)), strpos(x, $2)"
        );
        assert_eq!(
            translate("INSERT OR IGNORE INTO t (a) VALUES (?1) RETURNING a"),
            "INSERT INTO t (a) VALUES ($1)  ON CONFLICT DO NOTHING RETURNING a"
        );
        assert_eq!(
            translate("SELECT q.pk FROM json_each(?6) j CROSS JOIN question q ON q.pk = j.value"),
            "SELECT q.pk FROM json_array_elements_text(CAST($6 AS json)) j(value) \
             CROSS JOIN question q ON q.pk = j.value"
        );
    }
}
