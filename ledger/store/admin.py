"""Running the store in production: an append-only event table, a read-only auditor, a health
check and backups. The record's integrity does not rest on every program being well behaved:
the database itself refuses to change or remove a stored event."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any, Iterable
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, Table, inspect, text

from ..errors import InputError, RuleViolation
from ..language import ENGLISH, N_, Translator

REFUSAL = "fundbook events are append-only"
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _triggers(table: str) -> list[str]:
    return [f"{table}_append_only", f"{table}_no_truncate"]


# The tables each engine's store was last found to hold, by schema: opening a fund asks for
# the event store's tables and then the views', and the second is answered from the first
# answer. Only a table found is trusted: one missing is asked for again (it may just have been
# made), and the answer goes with its engine.
_FOUND: WeakKeyDictionary[Engine, dict[str | None, frozenset[str]]] = WeakKeyDictionary()


def all_exist(engine: Engine, tables: Iterable[Table]) -> bool:
    """Whether every one of `tables` is in the store, asked in one query a schema, once a
    command: every command opens the store, and SQLAlchemy's `checkfirst` asks the catalogue
    table by table (on PostgreSQL seventeen round trips before any work). Only a store that
    lacks one goes on to be created table by table, as before."""
    by_schema: dict[str | None, set[str]] = {}
    for t in tables:
        by_schema.setdefault(t.schema, set()).add(t.name)
    found = _FOUND.setdefault(engine, {})
    if all(names <= found.get(schema, frozenset()) for schema, names in by_schema.items()):
        return True
    with engine.connect() as conn:
        catalogue = inspect(conn)
        for schema in by_schema:
            found[schema] = frozenset(catalogue.get_table_names(schema=schema))
    return all(names <= found[schema] for schema, names in by_schema.items())


def has_append_only(engine: Engine, table: str) -> bool:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            found = conn.execute(text(
                "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = :table AND t.tgname = :name AND t.tgenabled <> 'D'"),
                {"table": table, "name": _triggers(table)[0]}).scalar_one()
        else:
            found = conn.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table "
                "AND name IN (:u, :d)"),
                {"table": table, "u": f"{table}_no_update", "d": f"{table}_no_delete"}).scalar_one()
    return bool(found)


def guard_holds(engine: Engine, table: str) -> bool | None:
    """Whether the database refuses to change or delete a stored event, found by trying both on
    the first event in a transaction that is rolled back whatever happens: the triggers being
    listed proves nothing (one can be disabled, or its function emptied). None when it cannot
    be tried: no event yet, or a connection that may not write at all."""
    tried = []
    for statement in (f'UPDATE "{table}" SET topic = topic WHERE id = (SELECT min(id) FROM "{table}")',
                      f'DELETE FROM "{table}" WHERE id = (SELECT min(id) FROM "{table}")'):
        with engine.connect() as conn:
            outer = conn.begin()
            try:
                if conn.execute(text(f'SELECT count(*) FROM (SELECT 1 FROM "{table}" LIMIT 1) AS t')
                                ).scalar_one() == 0:
                    return None
                try:
                    changed = conn.execute(text(statement)).rowcount
                except Exception as e:  # noqa: BLE001 - the refusal is what is looked for
                    if REFUSAL in str(e):
                        tried.append(True)
                        continue
                    if is_permission_error(e):
                        return None
                    raise
                tried.append(changed == 0)
            finally:
                outer.rollback()
    return all(tried)


def guard_report(engine: Engine, table: str) -> dict[str, Any]:
    """What `fund db check` says of the guard: tried where it can be, else as installed."""
    held = guard_holds(engine, table)
    if held is None:
        return {"append_only": has_append_only(engine, table), "append_only_tried": False}
    return {"append_only": held, "append_only_tried": True}


def install_append_only(engine: Engine, table: str) -> bool:
    """Make the database refuse UPDATE and DELETE (and TRUNCATE) of stored events.

    Returns False when it was already installed. Needs the owner's rights (the first run of
    an administrator does it); an auditor's read-only connection leaves it as it is.
    """
    if has_append_only(engine, table):
        return False
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            row, statement = _triggers(table)
            conn.execute(text(
                "CREATE OR REPLACE FUNCTION fundbook_append_only() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                f"'{REFUSAL}: % refused on %', TG_OP, TG_TABLE_NAME; END $$"))
            conn.execute(text(f'DROP TRIGGER IF EXISTS "{row}" ON "{table}"'))
            conn.execute(text(f'DROP TRIGGER IF EXISTS "{statement}" ON "{table}"'))
            conn.execute(text(
                f'CREATE TRIGGER "{row}" BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION fundbook_append_only()"))
            conn.execute(text(
                f'CREATE TRIGGER "{statement}" BEFORE TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION fundbook_append_only()"))
        else:
            for op in ("UPDATE", "DELETE"):
                conn.execute(text(
                    f'CREATE TRIGGER IF NOT EXISTS "{table}_no_{op.lower()}" BEFORE {op} ON '
                    f'"{table}" BEGIN SELECT RAISE(ABORT, \'{REFUSAL}: {op} refused\'); END'))
    return True


def ensure_append_only(engine: Engine, table: str) -> None:
    """Install the guard on first use; a connection without the rights (an auditor) skips it."""
    try:
        install_append_only(engine, table)
    except Exception as e:  # noqa: BLE001 - only "not allowed" is expected; re-raised otherwise
        if not is_permission_error(e):
            raise


def analyse(engine: Engine, rows: int, threshold: int = 1000) -> None:
    """After a bulk load of `rows` rows, PostgreSQL's planner statistics brought up to date
    (its own advice for populating a database): a store never analysed, or analysed before
    the load, is planned from wrong counts (seen: loading a claim's events as a parallel scan
    with a sort, 4 claims a second, until ANALYZE made it an index scan, 79 a second). The
    fund does not wait for autovacuum, which may be off or behind. Below `threshold` rows
    nothing is worth re-planning; SQLite plans from its indexes alone."""
    if engine.dialect.name != "postgresql" or rows < threshold:
        return
    try:
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))  # every table this login may analyse, in seconds
            conn.commit()
    except Exception as e:  # noqa: BLE001 - a login that may not analyse loses only speed
        if not is_permission_error(e):
            raise


def is_permission_error(e: BaseException) -> bool:
    message = str(e).lower()
    return any(words in message for words in (
        "permission denied", "must be owner", "readonly database", "read-only transaction"))


def explain(e: Exception, t: Translator = ENGLISH) -> tuple[int, str]:
    """(exit code, one line) for a failure no rule of the fund foresaw: the store's refusals
    are named (1), the database's other errors are input (2: the URL, the server), anything
    else an internal error (3)."""
    from eventsourcing.persistence import PersistenceError
    from sqlalchemy.exc import SQLAlchemyError

    text = _plain(str(e))
    if type(e) is OSError and e.errno is not None and not isinstance(e, PersistenceError):
        return 3, t(N_("could not write the output ({problem}); what the command recorded is "
                       "kept"), problem=e.strerror or text)
    if REFUSAL in str(e):
        return 1, t(N_("append-only: {refusal}; a correction is a new event"), refusal=REFUSAL)
    if is_permission_error(e):
        return 1, t(N_("read-only: this connection may read the record but not change it (the "
                       "database refused the write)"))
    if isinstance(e, (PersistenceError, SQLAlchemyError)):
        return 2, t(N_("database: {problem}"), problem=text or type(e).__name__)
    return 3, t(N_("internal error ({kind}: {problem}); set FUND_DEBUG=1 for details"),
                kind=type(e).__name__, problem=text)


def _plain(said: str) -> str:
    """A driver's message without what is not the administrator's: the SQL, its parameters,
    the library's links, the exception's class (one line, at most 300 characters)."""
    said = re.sub(r"\[SQL:.*?\](?=\s*(\[|\(Background|$))", "", said, flags=re.S)
    said = re.sub(r"\[parameters:.*?\](?=\s*(\(Background|$))", "", said, flags=re.S)
    said = re.sub(r"\(Background on this error at:[^)]*\)", "", said)
    said = re.sub(r"^\((?:[a-z_]+\.)+[A-Za-z]+\)\s*", "", said.strip())
    return " ".join(said.split())[:300]


def grant_auditor(engine: Engine, role: str) -> bool:
    """Create (if needed) a login role that may read every table and change none.

    Returns True when the role was created now.
    """
    if engine.dialect.name != "postgresql":
        raise RuleViolation(N_("auditor role"), N_("roles exist on PostgreSQL; give an auditor "
                                                   "of an SQLite fund a copy of the file (`fund "
                                                   "backup`)"))
    if not _ROLE.match(role):
        raise InputError("ROLE", N_("{role!r} is not a plain role name (lower case, digits, _)"),
                         role=role)
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.begin() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                  {"r": role}).first()
            if exists:
                _refuse_owner(conn, role)
            else:
                conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
            database = conn.execute(text("SELECT current_database()")).scalar_one()
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"'))
            conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
            conn.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{role}"'))
            conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))
            conn.execute(text(f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT ON '
                              f'TABLES TO "{role}"'))
            writable = _writable_tables(conn, role, schema)
            if writable:  # through a role it belongs to: say so, and grant nothing
                raise RuleViolation(N_("auditor role"), N_("{role} could still change {tables} "
                                                           "(through a role it is a member of); "
                                                           "choose a role that belongs to none"),
                                    role=role, tables=", ".join(writable[:3]))
    except DBAPIError as e:
        cause = " ".join(str(e.orig).split()).split(" [SQL")[0][:200]
        raise RuleViolation(N_("auditor role"), N_("the database refused: {cause}"),
                            cause=cause) from None
    return not exists


def _refuse_owner(conn: Any, role: str) -> None:
    """An owner or a superuser keeps every right whatever is granted or revoked."""
    owns = conn.execute(text(
        "SELECT r.rolsuper, d.datdba = r.oid, r.rolname = current_user FROM pg_roles r, "
        "pg_database d WHERE r.rolname = :r AND d.datname = current_database()"),
        {"r": role}).one()
    tables = conn.execute(text(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = :r"),
        {"r": role}).scalar_one()
    if any(owns) or tables:
        message = (N_("{role} is a superuser and keeps every right whatever is granted; an "
                      "auditor needs a role of its own") if owns[0] else
                   N_("{role} is the owner of this database and keeps every right whatever is "
                      "granted; an auditor needs a role of its own") if owns[1] else
                   N_("{role} is the role running this command and keeps every right whatever "
                      "is granted; an auditor needs a role of its own") if owns[2] else
                   N_("{role} is the owner of its tables and keeps every right whatever is "
                      "granted; an auditor needs a role of its own"))
        raise RuleViolation(N_("auditor role"), message, role=role)


def _writable_tables(conn: Any, role: str, schema: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s AND has_table_privilege(:r, "
        "quote_ident(schemaname) || '.' || quote_ident(tablename), "
        "'INSERT, UPDATE, DELETE, TRUNCATE') ORDER BY tablename"),
        {"s": schema, "r": role}).scalars())


def backup_sqlite(engine: Engine, target: str) -> int:
    """Copy a live SQLite fund into the new, empty file `target` with SQLite's online backup
    (safe while in use). Returns the size in bytes of the copy."""
    if engine.dialect.name != "sqlite":
        raise RuleViolation(N_("backup"), N_("a PostgreSQL fund is backed up with pg_dump: "
                                             "pg_dump --format=custom --file FILE DBNAME (see "
                                             "README)"))
    path = Path(target)
    source_path = engine.url.database
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(str(path))
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return path.stat().st_size


def store_exists(url: str, table: str) -> bool:
    """Whether the SQLite file of `url` (checked by `store_url`) holds a fund's event table,
    found without creating anything: a read must never leave an empty fund behind a mistyped
    path. (A server's store is asked on the fund's own connection: `all_exist`.)"""
    from .locations import sqlite_path

    path = Path(sqlite_path(url)).expanduser()
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                      "AND name = ?", (table,)).fetchone() is not None
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False  # not an SQLite file at all


def replication(engine: Engine) -> dict[str, Any]:
    """Whether the store has standbys and whether a commit waits for them: with an
    asynchronous standby, a failover can lose a payout the fund already reported recorded
    (and a second run could then pay it again); with synchronous replication it cannot."""
    if engine.dialect.name != "postgresql":
        return {"standbys": None, "synchronous_standby_names": None,
                "synchronous_commit": None, "commits_wait_for_standbys": None}
    with engine.connect() as conn:
        standbys = conn.execute(text("SELECT count(*) FROM pg_stat_replication")).scalar_one()
        names = conn.execute(text("SHOW synchronous_standby_names")).scalar_one()
        commit = conn.execute(text("SHOW synchronous_commit")).scalar_one()
    waits = bool(names.strip()) and commit in ("on", "remote_write", "remote_apply")
    return {"standbys": standbys, "synchronous_standby_names": names,
            "synchronous_commit": commit, "commits_wait_for_standbys": waits}


def describe(engine: Engine) -> dict[str, Any]:
    return {"kind": engine.dialect.name,
            "database": engine.url.render_as_string(hide_password=True)}
