"""Running a city fund: an auditor who can read everything and change nothing, encrypted
personal data, a health check and backups that verify."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shell import env_for, one_line, run_in, run_process, small_fund
from conftest import ROOT

RULES = ROOT / "examples" / "rules-2026-2027.toml"


@pytest.fixture
def roles(postgres_url):
    """Login roles of this test's own (roles belong to the whole server, shared by parallel
    tests), dropped with everything they were granted."""
    import uuid

    made: list[str] = []

    def role(kind: str) -> str:
        made.append(f"fund_{kind}_{uuid.uuid4().hex[:8]}")
        return made[-1]

    yield role
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in made:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}).first():
                conn.execute(text(f'DROP OWNED BY "{name}"'))
                conn.execute(text(f'DROP ROLE "{name}"'))
    admin.dispose()


def test_an_auditor_role_reads_and_verifies_but_cannot_write(postgres_url, tmp_path, roles):
    owner = env_for(postgres_url)
    small_fund(owner)
    name = roles("auditor")
    r = run_in(owner, "db", "grant-auditor", name)
    assert r.code == 0, r.err
    auditor = env_for(make_url(postgres_url).set(username=name)
                      .render_as_string(hide_password=False), FUND_OPERATOR="auditor-li")

    assert run_in(auditor, "balance", "--json").json()["cash"] == "120.00"
    assert run_in(auditor, "member", "show", "M1", "--json").code == 0
    assert run_in(auditor, "claim", "list", "--json").json()["claims"][0]["claim"] == "CL-1"
    assert run_in(auditor, "balance", "--as-of", "2026-12-31").code == 0
    assert run_in(auditor, "audit", "verify").code == 0
    own = tmp_path / "auditor.db"
    r = run_in(auditor, "audit", "rebuild", "--into", f"sqlite:///{own}", "--json")
    assert r.code == 0 and r.json()["identical"] is True, r.err
    check = run_in(auditor, "db", "check", "--json").json()
    assert check["read_only"] is True and check["append_only"] is True

    one_line(run_in(auditor, "child", "register", "M2", "--name", "王芳", "--born", "2016-01-01",
                    "--guardian", "王", "--date", "2026-09-20"), 1, "read-only")
    one_line(run_in(auditor, "donation", "record", "--amount", "10", "--donor", "X",
                    "--reference", "D1", "--date", "2026-10-01"), 1, "read-only")
    one_line(run_in(auditor, "db", "grant-auditor", roles("someone")), 1)
    # Nothing the auditor tried was recorded.
    assert run_in(owner, "balance", "--json").json()["cash"] == "120.00"


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_db_check_reports_the_store(store, request):
    url = request.getfixturevalue(f"{store}_url")
    env = env_for(url)
    small_fund(env)
    doc = run_in(env, "db", "check", "--json").json()
    assert doc["kind"] == ("sqlite" if store == "sqlite" else "postgresql")
    assert doc["events"] == doc["last_position"] > 0
    assert doc["projection_lag"] == 0 and doc["append_only"] is True
    assert doc["encrypted"] is False and doc["read_only"] is False
    assert "views" in doc["schema_version"]


def test_a_backup_of_a_live_sqlite_fund_verifies(sqlite_url, tmp_path):
    env = env_for(sqlite_url)
    small_fund(env)
    copy = tmp_path / "backup.db"
    r = run_in(env, "backup", copy)
    assert r.code == 0 and "Backed up" in r.out, r.err
    restored = env_for(f"sqlite:///{copy}")
    assert run_in(restored, "audit", "verify").code == 0
    assert run_in(restored, "balance", "--json").json() == \
        run_in(env, "balance", "--json").json()
    one_line(run_in(env, "backup", copy), 2, "never overwrites")


def test_backup_of_a_postgresql_fund_points_to_pg_dump(postgres_url, tmp_path):
    env = env_for(postgres_url)
    small_fund(env)
    one_line(run_in(env, "backup", tmp_path / "x.db"), 1, "pg_dump")


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_personal_data_is_encrypted_at_rest_in_the_event_store(store, request):
    url = request.getfixturevalue(f"{store}_url")
    key = run_process("key", "generate").out.strip()
    assert len(base64.b64decode(key)) == 32
    env = env_for(url, FUND_CIPHER_KEY=key)
    small_fund(env)
    assert run_in(env, "member", "show", "M1", "--json").json()["name"] == "李小明"
    assert run_in(env, "audit", "verify").code == 0

    engine = create_engine(url)
    with engine.connect() as conn:
        states = [bytes(s) for (s,) in conn.execute(text("SELECT state FROM fundbook_events"))]
    engine.dispose()
    assert states and not any("李小明".encode() in s or b"guardian" in s for s in states)

    without = env_for(url)
    one_line(run_in(without, "balance"), 2, "FUND_CIPHER_KEY", "encrypted")
    wrong = env_for(url, FUND_CIPHER_KEY=run_process("key", "generate").out.strip())
    one_line(run_in(wrong, "balance"), 2, "FUND_CIPHER_KEY", "cannot be decrypted")
    one_line(run_in(env_for(url, FUND_CIPHER_KEY="not-a-key"), "balance"), 2,
             "FUND_CIPHER_KEY")


def test_a_postgresql_fund_restored_from_pg_dump_verifies(postgres_url, tmp_path):
    """The README's route: pg_dump, pg_restore into a new database, then audit verify."""
    import shutil
    import subprocess
    import uuid

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed here")
    env = env_for(postgres_url)
    small_fund(env)
    url = make_url(postgres_url)
    libpq = [f"--host={url.host}", f"--port={url.port or 5432}", f"--username={url.username}"]
    dump = tmp_path / "fund.dump"
    subprocess.run(["pg_dump", *libpq, "--format=custom", f"--file={dump}", url.database],
                   check=True, capture_output=True)
    restored = f"fund_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{restored}"'))
    try:
        subprocess.run(["pg_restore", *libpq, f"--dbname={restored}", str(dump)], check=True,
                       capture_output=True)
        copy = env_for(url.set(database=restored).render_as_string(hide_password=False))
        assert run_in(copy, "audit", "verify").code == 0
        assert run_in(copy, "balance", "--json").json() == \
            run_in(env, "balance", "--json").json()
        # The restored store keeps its guard.
        assert run_in(copy, "db", "check", "--json").json()["append_only"] is True
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)'))
        admin.dispose()


def test_a_new_sqlite_store_has_large_pages_and_an_older_one_keeps_its_own(tmp_path):
    """A new store is made with 16 KiB pages (a roster imports faster); a store made before,
    with SQLite's 4 KiB, is opened as it is and goes on working."""
    import sqlite3

    from ledger.app.fund import Fund

    def page_size(path) -> int:
        connection = sqlite3.connect(path)
        try:
            return connection.execute("PRAGMA page_size").fetchone()[0]
        finally:
            connection.close()

    new, old = tmp_path / "new.db", tmp_path / "old.db"
    connection = sqlite3.connect(old)
    connection.execute("PRAGMA page_size = 4096")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    for path in (new, old):
        env = env_for(f"sqlite:///{path}")
        small_fund(env)
        assert run_in(env, "audit", "verify").code == 0
        Fund(f"sqlite:///{path}").close()  # opening it again changes nothing
    assert page_size(new) == 16_384
    assert page_size(old) == 4_096


NO_OP_GUARD = {
    # The triggers are still listed where a catalog check looks: only trying them shows them off.
    "sqlite": ["DROP TRIGGER fundbook_events_no_update",
               "CREATE TRIGGER fundbook_events_no_update BEFORE UPDATE ON fundbook_events "
               "BEGIN SELECT 1; END"],
    "postgres": ["CREATE OR REPLACE FUNCTION fundbook_append_only() RETURNS trigger "
                 "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"],
}


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_db_check_tries_the_guard_rather_than_looking_for_it(store, request):
    url = request.getfixturevalue(f"{store}_url")
    env = env_for(url)
    small_fund(env)
    doc = run_in(env, "db", "check", "--json").json()
    assert doc["append_only"] is True and doc["append_only_tried"] is True
    engine = create_engine(url)
    with engine.begin() as conn:
        for sql in NO_OP_GUARD[store]:
            conn.execute(text(sql))
    engine.dispose()
    doc = run_in(env, "db", "check", "--json").json()
    assert doc["append_only"] is False and doc["append_only_tried"] is True
    # Trying it changed nothing: the log is whole and verifies.
    assert run_in(env, "audit", "verify").code == 0


def test_grant_auditor_refuses_an_owner_and_passes_the_real_cause_through(postgres_url, roles):
    env = env_for(postgres_url)
    small_fund(env)
    one_line(run_in(env, "db", "grant-auditor", "postgres"), 1, "auditor role",
             "superuser")
    database = make_url(postgres_url).database
    owner, auditor_role = roles("owner"), roles("auditor")
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{owner}" LOGIN'))
        conn.execute(text(f'ALTER DATABASE "{database}" OWNER TO "{owner}"'))
    try:
        one_line(run_in(env, "db", "grant-auditor", owner), 1, "owner of this database")
        # A login without CREATEROLE is told what the database said, not "read-only".
        assert run_in(env, "db", "grant-auditor", auditor_role).code == 0
        auditor = env_for(make_url(postgres_url).set(username=auditor_role)
                          .render_as_string(hide_password=False))
        r = run_in(auditor, "db", "grant-auditor", roles("someone"))
        one_line(r, 1, "auditor role", "permission denied")
        assert "read-only" not in r.err
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{database}" OWNER TO postgres'))
        admin.dispose()
