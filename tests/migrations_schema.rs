//! The two migration trees, compared: a fresh SQLite and a fresh PostgreSQL database are migrated
//! and their tables, columns (normalised types, nullability), primary keys, indexes, unique
//! constraints, foreign keys and triggers must match, but for the differences listed in `KNOWN`.
//! Needs PostgreSQL (ACADEMY_TEST_POSTGRES, as the PostgreSQL pass of scripts/test sets it); in
//! the SQLite-only pass it says so and checks nothing.

mod common;

use academy::db::Db;
use std::collections::BTreeSet;

/// What one tree has and the other has not, on purpose. Each line is as `describe` writes it,
/// prefixed by the tree that has it. Not compared at all: trigger bodies (SQLite triggers are
/// statements, PostgreSQL ones call functions), CHECK constraints, defaults, partial-index
/// predicates (only whether an index is partial), column order and `WITHOUT ROWID` (SQLite's
/// storage for tally and answer tables keyed by their primary key; PostgreSQL has no such
/// choice).
const KNOWN: &[&str] = &[];

/// One schema fact per line, e.g. `users.email: text not null`, `index users_name on users
/// (name)`, `foreign key sessions (user_id) -> users (id) on delete cascade`.
type Facts = BTreeSet<String>;

/// SQLite's and PostgreSQL's words for the same kinds of values.
fn normalised(declared: &str) -> &'static str {
    let t = declared.to_lowercase();
    if t.contains("int") || t == "serial" || t == "bigserial" {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else if t.contains("blob") || t == "bytea" {
        "bytes"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("numeric") || t.contains("decimal") {
        "numeric"
    } else {
        "other"
    }
}

fn on_delete(action: &str) -> &'static str {
    match action.to_lowercase().as_str() {
        "cascade" | "c" => "cascade",
        "set null" | "n" => "set null",
        "set default" | "d" => "set default",
        "restrict" | "r" => "restrict",
        _ => "no action",
    }
}

fn column(table: &str, name: &str, declared: &str, not_null: bool) -> String {
    let null = if not_null { "not null" } else { "null" };
    format!("{table}.{name}: {} {null}", normalised(declared))
}

fn index(table: &str, name: &str, columns: &str, unique: bool, partial: bool) -> String {
    let kind = if unique { "unique index" } else { "index" };
    let partial = if partial { " where …" } else { "" };
    format!("{kind} {name} on {table} ({columns}){partial}")
}

async fn sqlite_facts(db: &Db) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for table in &tables {
        facts.insert(format!("table {table}"));
        let columns: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(table)
        .fetch_all(db)
        .await
        .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (name, declared, not_null, in_pk) in &columns {
            // A primary key column is never null (SQLite allows it in theory; nothing stores it).
            facts.insert(column(table, name, declared, *not_null != 0 || *in_pk > 0));
            if *in_pk > 0 {
                pk.push((*in_pk, name.clone()));
            }
        }
        pk.sort();
        let pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
        facts.insert(format!("primary key {table} ({})", pk.join(", ")));
        let indexes: Vec<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1) ORDER BY name",
        )
        .bind(table)
        .fetch_all(db)
        .await
        .unwrap();
        for (name, unique, origin, partial) in indexes {
            let columns: Vec<Option<String>> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(db)
                    .await
                    .unwrap();
            let columns: Vec<String> = columns
                .into_iter()
                .map(|c| c.unwrap_or_else(|| "(expression)".into()))
                .collect();
            let columns = columns.join(", ");
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    facts.insert(format!("unique {table} ({columns})"));
                }
                _ => {
                    facts.insert(index(table, &name, &columns, unique != 0, partial != 0));
                }
            }
        }
        let keys: Vec<(i64, i64, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_delete \
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(table)
        .fetch_all(db)
        .await
        .unwrap();
        let mut by_id: std::collections::BTreeMap<i64, (Vec<String>, String, Vec<String>, String)> =
            Default::default();
        for (id, _, to_table, from, to, action) in keys {
            let entry = by_id
                .entry(id)
                .or_insert_with(|| (Vec::new(), to_table.clone(), Vec::new(), action.clone()));
            entry.0.push(from);
            // No column named: the referenced table's primary key (every one here is `id`).
            entry.2.push(to.unwrap_or_else(|| "id".into()));
        }
        for (from, to_table, to, action) in by_id.into_values() {
            facts.insert(format!(
                "foreign key {table} ({}) -> {to_table} ({}) on delete {}",
                from.join(", "),
                to.join(", "),
                on_delete(&action)
            ));
        }
    }
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for (table, name) in triggers {
        facts.insert(format!("trigger {name} on {table}"));
    }
    facts
}

/// The comma-separated names of a PostgreSQL key's columns (`conkey`, `indkey`), in key order.
const KEY_COLUMNS: &str = "(SELECT string_agg(CAST(a.attname AS TEXT), ', ' ORDER BY k.n) \
     FROM unnest(CAST({key} AS int2[])) WITH ORDINALITY k(attnum, n) \
     JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.attnum)";

fn key_columns(key: &str, rel: &str) -> String {
    KEY_COLUMNS.replace("{key}", key).replace("{rel}", rel)
}

async fn postgres_facts(db: &Db) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
         AND table_name NOT LIKE '\\_sqlx%' ORDER BY 1",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for table in &tables {
        facts.insert(format!("table {table}"));
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT), CAST(is_nullable AS TEXT) \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 \
             ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(db)
        .await
        .unwrap();
        for (name, declared, nullable) in &columns {
            facts.insert(column(table, name, declared, nullable == "NO"));
        }
        let sql = format!(
            "SELECT CAST(c.relname AS TEXT), {}, CAST(CASE WHEN i.indisunique THEN 1 ELSE 0 END AS BIGINT), \
             CAST(CASE WHEN i.indisprimary THEN 1 ELSE 0 END AS BIGINT), \
             CAST(CASE WHEN i.indpred IS NULL THEN 0 ELSE 1 END AS BIGINT), \
             CAST(CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid \
                 AND k.contype = 'u') THEN 1 ELSE 0 END AS BIGINT) \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE i.indrelid = CAST($1 AS regclass) ORDER BY 1",
            key_columns("i.indkey", "i.indrelid")
        );
        let indexes: Vec<(String, String, i64, i64, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(table)
                .fetch_all(db)
                .await
                .unwrap();
        for (name, columns, unique, primary, partial, constraint) in indexes {
            if primary != 0 {
                facts.insert(format!("primary key {table} ({columns})"));
            } else if constraint != 0 {
                facts.insert(format!("unique {table} ({columns})"));
            } else {
                facts.insert(index(table, &name, &columns, unique != 0, partial != 0));
            }
        }
        let sql = format!(
            "SELECT {}, CAST(CAST(c.confrelid AS regclass) AS TEXT), {}, CAST(c.confdeltype AS TEXT) \
             FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = CAST($1 AS regclass)",
            key_columns("c.conkey", "c.conrelid"),
            key_columns("c.confkey", "c.confrelid")
        );
        let keys: Vec<(String, String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(table)
            .fetch_all(db)
            .await
            .unwrap();
        for (from, to_table, to, action) in keys {
            facts.insert(format!(
                "foreign key {table} ({from}) -> {to_table} ({to}) on delete {}",
                on_delete(&action)
            ));
        }
    }
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT CAST(event_object_table AS TEXT), CAST(trigger_name AS TEXT) \
         FROM information_schema.triggers WHERE trigger_schema = 'public'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for (table, name) in triggers {
        facts.insert(format!("trigger {name} on {table}"));
    }
    facts
}

/// The differences between the trees that `KNOWN` does not list, and the listed ones that are
/// no longer there, as lines for the failure message.
fn unexplained(sqlite: &Facts, postgres: &Facts) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    found.extend(
        sqlite
            .difference(postgres)
            .map(|f| format!("sqlite only: {f}")),
    );
    found.extend(
        postgres
            .difference(sqlite)
            .map(|f| format!("postgres only: {f}")),
    );
    let known: BTreeSet<String> = KNOWN.iter().map(|k| k.to_string()).collect();
    let mut out: Vec<String> = found.difference(&known).cloned().collect();
    out.extend(
        known
            .difference(&found)
            .map(|k| format!("listed in KNOWN but no longer different: {k}")),
    );
    out
}

#[tokio::test]
async fn both_migration_trees_build_the_same_schema_but_for_the_listed_differences() {
    let Some(server) = std::env::var("ACADEMY_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!(
            "migrations_schema: ACADEMY_TEST_POSTGRES is not set, so there is no PostgreSQL to \
             compare with; the PostgreSQL pass of scripts/test runs this comparison"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}/schema.db", dir.path().display());
    let facts = common::on_server(async move {
        let postgres_url = common::fresh_postgres(&server).await;
        let (sqlite, _) = academy::db::connect(&sqlite_url, 1).await.unwrap();
        let (postgres, _) = academy::db::connect(&postgres_url, 1).await.unwrap();
        (sqlite_facts(&sqlite).await, postgres_facts(&postgres).await)
    })
    .await;
    let (sqlite, postgres) = facts;
    assert!(sqlite.contains("table users"), "{sqlite:?}");
    let problems = unexplained(&sqlite, &postgres);
    assert!(
        problems.is_empty(),
        "the migration trees differ:\n{}",
        problems.join("\n")
    );
}

#[test]
fn types_are_normalised_across_the_two_databases() {
    for (a, b) in [
        ("INTEGER", "bigint"),
        ("BIGINT", "integer"),
        ("TEXT", "character varying"),
        ("REAL", "double precision"),
        ("BLOB", "bytea"),
    ] {
        assert_eq!(normalised(a), normalised(b), "{a} / {b}");
    }
    assert_ne!(normalised("TEXT"), normalised("INTEGER"));
}
