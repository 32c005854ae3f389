"""On PostgreSQL each operator acts through a database login of the same name, holding only the
rights its role needs on this store; the database, not the fund's code, is then what refuses a
clerk's login an UPDATE of an event.

- Every role reads every table.
- Those who record (manager, clerk, assessor, treasurer) may also insert events and write the
  read models and the hash chain; never update, delete or truncate an event. The event store
  takes an exclusive lock on the events table while it inserts (gapless positions), and
  PostgreSQL grants that lock only to who may update, delete or truncate: the lock is taken
  through `fundbook_lock_events()`, a function of the owner's, which those logins may run.
- A manager may also create logins and pass on these rights (CREATEROLE, GRANT OPTION).
- An auditor reads, and nothing else.

`operator remove` takes every right on this store back (the login itself stays: it may act
for other databases).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, text

from ..errors import InputError, RuleViolation
from ..language import N_

LOCK_FUNCTION = "fundbook_lock_events"
_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")
WRITERS = ("manager", "clerk", "assessor", "treasurer")


def check_login_name(person: str) -> None:
    if not _LOGIN.match(person):
        raise InputError("NAME", N_("{name!r} cannot be a database login: lower case letters, "
                                    "digits, _ . - (at most 63)"), name=person)


def install_lock_function(conn: Any, events: str) -> None:
    conn.execute(text(
        f"CREATE OR REPLACE FUNCTION {LOCK_FUNCTION}() RETURNS void LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN "
        f"EXECUTE format('LOCK TABLE %I.%I IN EXCLUSIVE MODE', '{_schema(conn)}', '{events}'); "
        "END $$"))
    conn.execute(text(f"REVOKE ALL ON FUNCTION {LOCK_FUNCTION}() FROM PUBLIC"))


def grant(engine: Engine, person: str, role: str, events: str) -> bool:
    """Give `person`'s login (created if there is none) exactly the rights of `role` on this
    store; True when the login was created now. Refused, recording nothing, when this
    connection may not (a login without CREATEROLE, or not the owner or a manager)."""
    from sqlalchemy.exc import DBAPIError

    check_login_name(person)
    try:
        for attempt in range(_RACES):
            try:
                with engine.begin() as conn:
                    created = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                           {"r": person}).first() is None
                    if created:
                        conn.execute(text(f'CREATE ROLE "{person}" LOGIN'))
                    if conn.execute(text("SELECT to_regprocedure(:f) IS NULL"),
                                    {"f": f"{LOCK_FUNCTION}()"}).scalar_one():
                        install_lock_function(conn, events)
                    _revoke(conn, person)
                    _grant(conn, person, role, events)
                break
            except DBAPIError as e:
                if attempt + 1 == _RACES or not _raced(e):
                    raise
    except DBAPIError as e:
        cause = " ".join(str(e.orig).split()).split(" [SQL")[0][:200]
        raise RuleViolation(N_("operator logins"), N_("the database refused to give {person} "
                                                      "the rights of a {role}: {cause}"),
                            person=person, role=role, cause=cause) from None
    return created


# Logins are the server's, not one database's: two funds on one server giving the same person
# a login at the same moment race for it (a duplicate in the server's index of logins, "tuple
# concurrently updated" in its shared catalogue). Giving rights is idempotent, so the loser
# simply does it again.
_RACES = 5


def _raced(e: Exception) -> bool:
    said = str(getattr(e, "orig", e))
    return ("concurrently updated" in said or "pg_authid_rolname_index" in said
            or ("already exists" in said and "role" in said))


def revoke(engine: Engine, person: str) -> None:
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                            {"r": person}).first() is not None:
                _revoke(conn, person)
    except DBAPIError as e:
        cause = " ".join(str(e.orig).split()).split(" [SQL")[0][:200]
        raise RuleViolation(N_("operator logins"), N_("the database refused to take back "
                                                      "{person}'s rights: {cause}"),
                            person=person, cause=cause) from None


def _schema(conn: Any) -> str:
    return conn.execute(text("SELECT current_schema()")).scalar_one()


def _grant(conn: Any, person: str, role: str, events: str) -> None:
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    schema = _schema(conn)
    passing = " WITH GRANT OPTION" if role == "manager" else ""
    who = f'"{person}"'
    conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {who}'))
    conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {who}'))
    conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {who}{passing}'))
    if role not in WRITERS:
        return
    for table in _tables(conn, schema):
        rights = "INSERT" if table == events else "INSERT, UPDATE, DELETE"
        conn.execute(text(f'GRANT {rights} ON "{schema}"."{table}" TO {who}{passing}'))
    conn.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {who}{passing}'))
    conn.execute(text(f"GRANT EXECUTE ON FUNCTION {LOCK_FUNCTION}() TO {who}{passing}"))
    if role == "manager":
        conn.execute(text(f"ALTER ROLE {who} CREATEROLE"))


def _revoke(conn: Any, person: str) -> None:
    """Every right `person` holds on this store's tables, sequences and the lock function, as
    far as this connection may take them back (a manager takes back what managers gave)."""
    schema = _schema(conn)
    who = f'"{person}"'
    sequences = list(conn.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :s AND c.relkind = 'S' ORDER BY c.relname"), {"s": schema}).scalars())
    statements = [f'REVOKE ALL ON "{schema}"."{t}" FROM {who} CASCADE'
                  for t in _tables(conn, schema)]
    statements += [f'REVOKE ALL ON SEQUENCE "{schema}"."{q}" FROM {who} CASCADE'
                   for q in sequences]
    if conn.execute(text("SELECT to_regprocedure(:f) IS NOT NULL"),
                    {"f": f"{LOCK_FUNCTION}()"}).scalar_one():
        statements.append(f"REVOKE ALL ON FUNCTION {LOCK_FUNCTION}() FROM {who}")
    statements.append(f"ALTER ROLE {who} NOCREATEROLE")
    from sqlalchemy.exc import DBAPIError

    for statement in statements:
        try:
            with conn.begin_nested():  # a right this connection did not give stays (db check)
                conn.execute(text(statement))
        except DBAPIError as e:
            if "permission denied" not in str(e) and "must be" not in str(e):
                raise


def _tables(conn: Any, schema: str) -> list[str]:
    return list(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s "
                                  "ORDER BY tablename"), {"s": schema}).scalars())


def excess(engine: Engine, roles: dict[str, str], events: str) -> list[dict[str, Any]]:
    """Every login whose rights on this store exceed its role: one that may update, delete or
    truncate events, or change the record without being an operator who records, or is a
    superuser or the owner (who keep every right whatever is granted); `roles`: each
    operator on record and their role."""
    found = []
    with engine.connect() as conn:
        schema = _schema(conn)
        rows = conn.execute(text(
            "SELECT r.rolname AS login, r.rolsuper AS superuser, r.rolcreaterole AS createrole, "
            "d.datdba = r.oid AS owner, "
            "has_table_privilege(r.oid, quote_ident(:s) || '.' || quote_ident(:e), "
            "'UPDATE, DELETE, TRUNCATE') AS changes_events, "
            "EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = :s AND "
            "has_table_privilege(r.oid, quote_ident(t.schemaname) || '.' || "
            "quote_ident(t.tablename), 'INSERT, UPDATE, DELETE')) AS writes "
            "FROM pg_roles r, pg_database d WHERE d.datname = current_database() "
            "AND r.rolcanlogin ORDER BY r.rolname"), {"s": schema, "e": events}).mappings()
        for row in rows:
            role = roles.get(row["login"])
            rights = []
            if row["superuser"]:
                rights.append("superuser")
            if row["owner"]:
                rights.append("owner")
            if row["changes_events"] and not (row["superuser"] or row["owner"]):
                rights.append("update or delete events")
            if row["writes"] and role not in WRITERS and not (row["superuser"] or row["owner"]):
                rights.append("write")
            if row["createrole"] and role != "manager" and not row["superuser"]:
                rights.append("create logins")
            if rights:
                found.append({"login": row["login"], "role": role, "rights": rights})
    return found
