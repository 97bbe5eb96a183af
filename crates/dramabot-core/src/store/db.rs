//! The database the store runs its SQL on: SQLite (the default, through rusqlite) or PostgreSQL.
//!
//! The store's queries were written against rusqlite, and this module keeps that shape (a
//! connection with `prepare_cached`, statements with `query_row`/`query_map`/`execute`, rows read
//! with `get`, `params!`, `OptionalExtension`) over an enum of backends, so that one query text
//! and one call site serve both. The SQLite arm hands every call to rusqlite as it is; values are
//! bound and read through our own small [`ToSql`]/[`FromSql`] traits, which both arms understand.
//!
//! Row locks are written in PostgreSQL's spelling, `FOR UPDATE` (and `FOR UPDATE SKIP LOCKED` in
//! a claim), and dropped on SQLite, which has no row locks and needs none: its one writer at a
//! time, with every write transaction taking the lock as it begins (`BEGIN IMMEDIATE`), already
//! runs each read-then-write alone.
//!
//! Transactions are plain `BEGIN IMMEDIATE`/`BEGIN`, `COMMIT` and a `ROLLBACK` on drop (what
//! rusqlite's own transaction does), so that a transaction derefs to the one [`Connection`] type
//! the store's helpers take.

use std::borrow::Cow;

#[cfg(feature = "postgres")]
use super::pg::{PgConnection, PgRow, PgStatement};

/// What a failed database call says: the backend's own error, or a value that did not convert.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed (or the connection to it).
    #[cfg(feature = "postgres")]
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
    /// No connection could be had from the PostgreSQL pool.
    #[cfg(feature = "postgres")]
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// The PostgreSQL database was found away a moment ago (no connection could be had), so no
    /// connection was waited for this time (see `pg::Pool`).
    #[cfg(feature = "postgres")]
    #[error("the database is away: no connection could be had a moment ago")]
    Away,
    /// `query_row` found no row (see [`OptionalExtension`]).
    #[error("query returned no rows")]
    QueryReturnedNoRows,
    /// A column's value is not what the caller reads it as.
    #[error("column {column}: {message}")]
    Conversion { column: usize, message: String },
}

impl Error {
    /// Whether the database could not be reached (the server down or restarting, the connection
    /// lost, no connection to be had from the pool): something that passes, which a member is
    /// told to try again in a minute, unlike a failure of ours.
    pub fn is_unavailable(&self) -> bool {
        match self {
            #[cfg(feature = "postgres")]
            Error::Pool(_) | Error::Away => true,
            #[cfg(feature = "postgres")]
            Error::Postgres(e) => {
                // Class 08: connection exceptions; 57P01-57P03: the server shutting down or
                // starting; else the connection's own failure (closed, or I/O).
                let code = e.code().map(postgres::error::SqlState::code);
                e.is_closed()
                    || code.is_some_and(|code| {
                        code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03")
                    })
                    || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
            }
            _ => false,
        }
    }

    /// The column `column` held something that could not be read as wanted; `why` says what.
    pub fn conversion(column: usize, why: impl std::fmt::Display) -> Error {
        Error::Conversion {
            column,
            message: why.to_string(),
        }
    }
}

/// The result of a database call.
pub type Result<T> = std::result::Result<T, Error>;

/// A value to bind to a statement's parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

/// A value read from a column: the four kinds SQLite has; PostgreSQL's are read into these
/// leniently (every integer width and booleans as `Integer`, every text type as `Text`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl ValueRef<'_> {
    fn kind(&self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Integer(_) => "an integer",
            ValueRef::Real(_) => "a real",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "a blob",
        }
    }
}

/// A type the store binds as a parameter.
pub trait ToSql {
    /// The value to bind.
    fn to_sql(&self) -> Value<'_>;
}

/// A type the store reads from a column. The error is the reason, for [`Error::Conversion`].
pub trait FromSql: Sized {
    /// The value read from `value`, or why it cannot be.
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String>;
}

fn wrong(want: &str, got: ValueRef<'_>) -> String {
    format!("expected {want}, found {}", got.kind())
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> Value<'_> {
        (**self).to_sql()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_sql(),
            None => Value::Null,
        }
    }
}

impl ToSql for str {
    fn to_sql(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToSql for String {
    fn to_sql(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToSql for bool {
    fn to_sql(&self) -> Value<'_> {
        Value::Integer(i64::from(*self))
    }
}

impl ToSql for f64 {
    fn to_sql(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> Value<'_> {
        match self {
            Value::Text(t) => Value::Text(Cow::Borrowed(t)),
            other => other.clone(),
        }
    }
}

/// Integer types that always fit an `i64`.
macro_rules! integer_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Value<'_> {
                Value::Integer(i64::from(*self))
            }
        }
    )*};
}
integer_to_sql!(i8, i16, i32, i64, u8, u16, u32);

/// Integer types that may not fit an `i64`: binding one that does not is a bug of ours, and binds
/// NULL rather than a wrong number.
macro_rules! wide_integer_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Value<'_> {
                i64::try_from(*self).map_or(Value::Null, Value::Integer)
            }
        }
    )*};
}
wide_integer_to_sql!(u64, usize);

impl<T: FromSql> FromSql for Option<T> {
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
        match value {
            ValueRef::Null => Ok(None),
            v => T::from_sql(v).map(Some),
        }
    }
}

impl FromSql for i64 {
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
        match value {
            ValueRef::Integer(i) => Ok(i),
            v => Err(wrong("an integer", v)),
        }
    }
}

macro_rules! integer_from_sql {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
                let i = i64::from_sql(value)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range for {}", stringify!($t)))
            }
        }
    )*};
}
integer_from_sql!(i8, i16, i32, u8, u16, u32, u64, usize);

impl FromSql for bool {
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
        i64::from_sql(value).map(|i| i != 0)
    }
}

impl FromSql for f64 {
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
        match value {
            ValueRef::Real(f) => Ok(f),
            ValueRef::Integer(i) => Ok(i as f64),
            v => Err(wrong("a number", v)),
        }
    }
}

impl FromSql for String {
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
        match value {
            ValueRef::Text(t) => Ok(t.to_string()),
            v => Err(wrong("text", v)),
        }
    }
}

impl FromSql for Vec<u8> {
    fn from_sql(value: ValueRef<'_>) -> std::result::Result<Self, String> {
        match value {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(t) => Ok(t.as_bytes().to_vec()),
            v => Err(wrong("a blob", v)),
        }
    }
}

/// The parameters of one statement: `params![..]`, or an array of one type.
pub trait Params {
    /// The values, in parameter order.
    fn values(&self) -> impl Iterator<Item = &dyn ToSql>;
}

impl<T: ToSql, const N: usize> Params for [T; N] {
    fn values(&self) -> impl Iterator<Item = &dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql)
    }
}

impl<T: ToSql, const N: usize> Params for &[T; N] {
    fn values(&self) -> impl Iterator<Item = &dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql)
    }
}

impl<T: ToSql> Params for &[T] {
    fn values(&self) -> impl Iterator<Item = &dyn ToSql> {
        self.iter().map(|v| v as &dyn ToSql)
    }
}

/// The parameters of a statement, as rusqlite's `params!` writes them.
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::store::db::ToSql]
    };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::store::db::ToSql),+] as &[&dyn $crate::store::db::ToSql]
    };
}
pub(crate) use params;

/// One of our values as rusqlite binds it.
struct Lite<'a>(&'a dyn ToSql);

impl rusqlite::ToSql for Lite<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as V, ValueRef as R};
        Ok(match self.0.to_sql() {
            Value::Null => ToSqlOutput::Owned(V::Null),
            Value::Integer(i) => ToSqlOutput::Owned(V::Integer(i)),
            Value::Real(f) => ToSqlOutput::Owned(V::Real(f)),
            Value::Text(Cow::Owned(t)) => ToSqlOutput::Owned(V::Text(t)),
            Value::Text(Cow::Borrowed(t)) => ToSqlOutput::Borrowed(R::Text(t.as_bytes())),
        })
    }
}

fn lite<P: Params>(params: &P) -> rusqlite::ParamsFromIter<impl Iterator<Item = Lite<'_>>> {
    rusqlite::params_from_iter(params.values().map(Lite))
}

/// A connection to the store's database.
pub enum Connection {
    Sqlite(rusqlite::Connection),
    /// Boxed: a pooled connection with its statement cache is several times SQLite's handle.
    #[cfg(feature = "postgres")]
    Postgres(Box<PgConnection>),
}

impl Connection {
    /// The SQLite connection, for what only SQLite has (pragmas); `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            #[cfg(feature = "postgres")]
            Connection::Postgres(_) => None,
        }
    }

    /// Whether this is a PostgreSQL connection.
    pub fn is_postgres(&self) -> bool {
        self.sqlite().is_none()
    }

    /// A statement for `sql`, from the connection's cache of prepared statements.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(match self {
            Connection::Sqlite(c) => Statement::SqliteCached(c.prepare_cached(&sqlite_sql(sql))?),
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => Statement::Postgres(c.prepare(sql)?),
        })
    }

    /// A statement for `sql` that is not kept in the cache (run once, or a test's).
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(match self {
            Connection::Sqlite(c) => Statement::Sqlite(c.prepare(&sqlite_sql(sql))?),
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => Statement::Postgres(c.prepare(sql)?),
        })
    }

    /// Runs `sql` once with `params`, returning how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// The first row of `sql` with `params`, read by `f`; [`Error::QueryReturnedNoRows`] if none.
    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Runs several statements without parameters (a schema).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => c.batch(sql),
        }
    }

    /// Begins a transaction that takes the write lock at once (SQLite's `BEGIN IMMEDIATE`: the
    /// store's every transaction writes); it rolls back when dropped without [`Transaction::commit`].
    pub fn transaction(&self) -> Result<Transaction<'_>> {
        match self {
            Connection::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => c.batch("BEGIN")?,
        }
        Ok(Transaction {
            conn: self,
            open: true,
        })
    }

    /// How many rows the connection has changed since it opened (on PostgreSQL: rows changed by
    /// the statements it ran, counted by us).
    pub fn total_changes(&self) -> u64 {
        match self {
            Connection::Sqlite(c) => c.total_changes(),
            #[cfg(feature = "postgres")]
            Connection::Postgres(c) => c.total_changes(),
        }
    }
}

/// `sql` as SQLite takes it: without the row locks PostgreSQL needs (see the module's header).
fn sqlite_sql(sql: &str) -> Cow<'_, str> {
    if sql.contains("FOR UPDATE") {
        Cow::Owned(
            sql.replace("FOR UPDATE SKIP LOCKED", "")
                .replace("FOR UPDATE", ""),
        )
    } else {
        Cow::Borrowed(sql)
    }
}

/// An open transaction: every statement goes through it as through its connection.
pub struct Transaction<'c> {
    conn: &'c Connection,
    open: bool,
}

impl Transaction<'_> {
    /// Makes the transaction's changes durable.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.execute_batch("COMMIT")
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open {
            // A failed rollback leaves nothing to do here: the connection is unusable anyway,
            // and its next statement says so.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A prepared statement.
pub enum Statement<'c> {
    SqliteCached(rusqlite::CachedStatement<'c>),
    Sqlite(rusqlite::Statement<'c>),
    #[cfg(feature = "postgres")]
    Postgres(PgStatement<'c>),
}

impl Statement<'_> {
    /// Runs the statement, returning how many rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match self {
            Statement::SqliteCached(s) => Ok(s.execute(lite(&params))?),
            Statement::Sqlite(s) => Ok(s.execute(lite(&params))?),
            #[cfg(feature = "postgres")]
            Statement::Postgres(s) => s.execute(&params),
        }
    }

    /// The rows the statement gives.
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        match self {
            Statement::SqliteCached(s) => Ok(Rows::Sqlite(s.query(lite(&params))?)),
            Statement::Sqlite(s) => Ok(Rows::Sqlite(s.query(lite(&params))?)),
            #[cfg(feature = "postgres")]
            Statement::Postgres(s) => Ok(Rows::Postgres {
                rows: s.query(&params)?.into_iter(),
                current: None,
            }),
        }
    }

    /// The first row, read by `f`; [`Error::QueryReturnedNoRows`] if there is none.
    pub fn query_row<T, P: Params>(
        &mut self,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(Error::QueryReturnedNoRows),
        }
    }

    /// Every row, each read by `f`.
    pub fn query_map<T, P: Params, F: FnMut(&Row<'_>) -> Result<T>>(
        &mut self,
        params: P,
        f: F,
    ) -> Result<MappedRows<'_, F>> {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// Whether the statement gives any row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows a statement gives, read one at a time.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    #[cfg(feature = "postgres")]
    Postgres {
        rows: std::vec::IntoIter<postgres::Row>,
        current: Option<postgres::Row>,
    },
}

impl Rows<'_> {
    /// The next row, or `None` after the last.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            #[cfg(feature = "postgres")]
            Rows::Postgres { rows, current } => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row::Postgres(PgRow(r))))
            }
        }
    }
}

/// The rows of [`Statement::query_map`], each read by its function.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> Result<T>> Iterator for MappedRows<'_, F> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    #[cfg(feature = "postgres")]
    Postgres(PgRow<'r>),
}

/// A column's position (the store reads columns by position only).
pub trait RowIndex {
    fn index(&self) -> usize;
}

impl RowIndex for usize {
    fn index(&self) -> usize {
        *self
    }
}

impl Row<'_> {
    /// The value of column `idx`, as SQLite's kinds.
    pub fn get_ref(&self, idx: usize) -> Result<ValueRef<'_>> {
        use rusqlite::types::ValueRef as R;
        match self {
            Row::Sqlite(r) => Ok(match r.get_ref(idx)? {
                R::Null => ValueRef::Null,
                R::Integer(i) => ValueRef::Integer(i),
                R::Real(f) => ValueRef::Real(f),
                R::Text(t) => {
                    ValueRef::Text(std::str::from_utf8(t).map_err(|e| Error::conversion(idx, e))?)
                }
                R::Blob(b) => ValueRef::Blob(b),
            }),
            #[cfg(feature = "postgres")]
            Row::Postgres(r) => r.get_ref(idx),
        }
    }

    /// Column `idx` read as a `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        T::from_sql(self.get_ref(idx)?).map_err(|why| Error::conversion(idx, why))
    }
}

/// Turns "no row" into `None`, as rusqlite's extension of the same name.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_sqlite() {
        let conn = Connection::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        let (i, t, n, b, f): (i64, String, Option<i64>, bool, f64) = conn
            .query_row(
                "SELECT ?1, ?2, ?3, ?4, ?5",
                params![-7_i64, "text", None::<i64>, true, 1.5],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!((i, t.as_str(), n, b, f), (-7, "text", None, true, 1.5));
        let out_of_range = conn.query_row("SELECT -1", params![], |r| r.get::<_, u32>(0));
        assert!(matches!(
            out_of_range,
            Err(Error::Conversion { column: 0, .. })
        ));
        let none = conn
            .query_row("SELECT 1 WHERE 0", params![], |r| r.get::<_, i64>(0))
            .optional()
            .unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn a_dropped_transaction_rolls_back() {
        let conn = Connection::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE t (x INTEGER)").unwrap();
        {
            let tx = conn.transaction().unwrap();
            tx.execute("INSERT INTO t VALUES (1)", params![]).unwrap();
        }
        let tx = conn.transaction().unwrap();
        tx.execute("INSERT INTO t VALUES (2)", params![]).unwrap();
        tx.commit().unwrap();
        let xs: Vec<i64> = conn
            .prepare("SELECT x FROM t")
            .unwrap()
            .query_map(params![], |r| r.get(0))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(xs, vec![2]);
    }
}
