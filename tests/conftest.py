"""Real stores for every test: an SQLite file, and PostgreSQL (a fresh database per test).

PostgreSQL tests read FUND_TEST_POSTGRES_URL and skip, saying why, when no server answers;
with FUND_REQUIRE_POSTGRES=1 (as in CI) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ledger.app.fund import Fund

pytest_plugins = ["steps.world", "steps.fund", "steps.claims", "steps.audit", "steps.imports",
                  "steps.changes", "steps.bank", "steps.operators",
                  "steps.board", "steps.faults"]

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "examples" / "rules-2026-2027.toml"
PUBLISHED_RULES = RULES.read_text()
POSTGRES_URL = os.environ.get(
    "FUND_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# "Today" for tests: after the 2026-2027 year ended, so every date of it can be recorded.
TODAY = date(2027, 9, 30)


def pytest_sessionstart(session):
    """The fund's modules compiled once, before any test: the hundreds of `fund` processes the
    suite starts then read them, instead of each compiling the fund from source again where
    PYTHONDONTWRITEBYTECODE is set (as on the machines CI runs on: about 0.1 s a process)."""
    if hasattr(session.config, "workerinput"):
        return  # the controller compiled them before it started the workers
    import compileall

    for package in ("ledger", "commands", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def _postgres_admin():
    try:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        return engine
    except Exception as e:  # noqa: BLE001
        reason = f"no PostgreSQL server answers at {POSTGRES_URL} ({type(e).__name__})"
        if os.environ.get("FUND_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " and FUND_REQUIRE_POSTGRES=1")
        pytest.skip(reason)


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    admin = _postgres_admin()
    url = _new_postgres_database(admin)
    yield url
    _drop_postgres_database(admin, url)
    admin.dispose()


def _new_postgres_database(admin, template: str | None = None) -> str:
    name = f"fund_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'
                          + (f' TEMPLATE "{template}"' if template else "")))
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(admin, url: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


# The demonstration year, recorded once per kind of store for the whole run: tests that only
# read it share it (most of the suite's fast-path checks); a test that changes it takes a copy.
DEMO_TODAY = date(2026, 9, 30)
# The demo year's manager is whoever records it: the login the tests' commands act as (on
# PostgreSQL the database login, which the demo takes itself).
DEMO_MANAGER = __import__("getpass").getuser()


# The run's name, shared by its xdist workers (they inherit the environment of the process
# that starts them): the demonstration year is recorded once a run, not once a worker.
RUN = os.environ.setdefault("FUND_TEST_RUN", uuid.uuid4().hex[:12])


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def demo_url(request, tmp_path_factory):
    """The worker's own copy of the run's demonstration year (recorded by the first worker to
    need it, under a lock; the others wait for it and copy it)."""
    if request.param == "sqlite":
        shared = _once_a_run(tmp_path_factory, "sqlite", _record_sqlite_demo)
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
        _copy_sqlite(shared, url)
        admin = None
    else:
        admin = _postgres_admin()
        shared = _once_a_run(tmp_path_factory, "postgres",
                             lambda: _record_demo(_run_database(admin, "demo")))
        url = _new_postgres_database(admin, template=make_url(shared).database)
    yield url
    if admin is not None:
        _drop_postgres_database(admin, url)
        admin.dispose()


def _once_a_run(tmp_path_factory, kind: str, record) -> str:
    """The URL of the run's store of `kind` (the demonstration year, a new fund), made by
    `record()` if no worker has yet (a worker that failed half-way leaves no mark: the next one
    makes it anew)."""
    import fcntl

    folder = tmp_path_factory.getbasetemp().parent  # shared by the run's workers
    mark = folder / f"fund-demo-{RUN}-{kind}.url"
    with open(folder / f"fund-demo-{RUN}-{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not mark.exists():
            mark.write_text(record())
    return mark.read_text()


def _record_demo(url: str) -> str:
    import random

    from commands.demo import build_year

    fund = Fund(url, operator=DEMO_MANAGER, today=lambda: DEMO_TODAY)
    build_year(fund, random.Random(2025), echo=lambda *_: None)
    fund.views.engine.dispose()
    fund.close()
    return url


# The run's own stores, removed by `pytest_sessionfinish`: the demonstration year as an
# SQLite file, and PostgreSQL databases by kind (the demonstration year, a new fund).
SQLITE_DEMO = Path(__import__("tempfile").gettempdir()) / f"fund-demo-{RUN}.db"
RUN_DATABASES = ("demo", "new")


def _remove_sqlite_demo() -> None:
    for end in ("", "-wal", "-shm"):
        Path(f"{SQLITE_DEMO}{end}").unlink(missing_ok=True)


def _record_sqlite_demo() -> str:
    _remove_sqlite_demo()
    return _record_demo(f"sqlite:///{SQLITE_DEMO}")


def _run_database_name(kind: str) -> str:
    assert kind in RUN_DATABASES
    return f"fund_{kind}_{RUN}"


def _run_database(admin, kind: str) -> str:
    """The run's PostgreSQL database of `kind`, made empty (a failed worker's left dropped)."""
    name = _run_database_name(kind)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _copy_sqlite(source_url: str, target_url: str) -> None:
    import sqlite3

    source = sqlite3.connect(source_url.split("///", 1)[1])
    target = sqlite3.connect(target_url.split("///", 1)[1])
    source.backup(target)
    target.close()
    source.close()


def pytest_sessionfinish(session):
    """The process that started the run (not a worker) removes the run's shared demo year."""
    if hasattr(session.config, "workerinput"):
        return
    _remove_sqlite_demo()
    try:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for kind in RUN_DATABASES:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{_run_database_name(kind)}" '
                                  "WITH (FORCE)"))
        admin.dispose()
    except Exception:  # noqa: BLE001 - no server: no demo was recorded on it
        pass


def _open_demo(url: str):
    return Fund(url, operator=DEMO_MANAGER, today=lambda: DEMO_TODAY)


@pytest.fixture
def demo(demo_url):
    """The shared demonstration year, to read: a test that records in it fails."""
    fund = _open_demo(demo_url)
    before = fund.recorder.max_notification_id()
    yield fund
    after = fund.recorder.max_notification_id()
    fund.views.engine.dispose()
    fund.close()
    assert after == before, "a test recorded in the shared demo store: use demo_copy"


@pytest.fixture
def demo_copy(demo_url, tmp_path):
    """A private copy of the demonstration year, for a test that changes it."""
    if demo_url.startswith("sqlite"):
        url, admin = f"sqlite:///{tmp_path / 'demo-copy.db'}", None
        _copy_sqlite(demo_url, url)
    else:
        admin = _postgres_admin()
        url = _new_postgres_database(admin, template=make_url(demo_url).database)
    fund = _open_demo(url)
    yield fund
    fund.views.engine.dispose()
    fund.close()
    if admin is not None:
        _drop_postgres_database(admin, url)
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'fund.db'}"


@pytest.fixture
def postgres_fund_url(tmp_path_factory):
    """A fresh PostgreSQL database holding a new fund's tables, copied from the run's own
    (made once a run: making a fund's tables, indexes and guards costs more than the copy),
    dropped afterwards."""
    admin = _postgres_admin()
    template = _once_a_run(tmp_path_factory, "postgres-new", lambda: _record_new_fund(admin))
    url = _new_postgres_database(admin, template=make_url(template).database)
    yield url
    _drop_postgres_database(admin, url)
    admin.dispose()


def _record_new_fund(admin) -> str:
    url = _run_database(admin, "new")
    fund = Fund(url)
    fund.views.engine.dispose()
    fund.close()
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request):
    """Each behaviour test runs on both stores: a new SQLite file, a new PostgreSQL fund."""
    return request.getfixturevalue({"sqlite": "sqlite_url",
                                    "postgres": "postgres_fund_url"}[request.param])


@pytest.fixture
def fund(db_url):
    app = Fund(db_url, operator="tester", today=lambda: TODAY)
    yield app
    app.views.engine.dispose()
    app.close()


@pytest.fixture
def published_rules() -> str:
    return PUBLISHED_RULES


@pytest.fixture
def fund_cli(db_url, monkeypatch, capsys):
    """`fund …` against a fresh store, today fixed after the 2026-2027 year."""
    monkeypatch.setenv("FUND_DB", db_url)
    monkeypatch.setenv("FUND_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FUND_OPERATOR", "clerk-wang")

    from shell import run_fund

    def fund(*args):
        return run_fund(capsys, *args)

    fund.db_url = db_url
    return fund


@pytest.fixture
def opened(fund_cli):
    assert fund_cli("year", "open", str(RULES), "--date", "2026-07-01").code == 0
    assert fund_cli("child", "register", "M1", "--name", "李小明", "--born", "2015-05-01",
                    "--guardian", "李娜").code == 0
    assert fund_cli("child", "register", "H1", "--name", "王芳", "--born", "2022-02-02",
                    "--hardship", "low-income", "--evidence", "CA-17").code == 0
    return fund_cli
