"""When the database fails: which failures pass (a lost connection, a restarting server, a
failover) and are waited out, and which do not (a full disk, a store locked too long, a
read-only standby, the time up), each told in one line with a fixed code.

The fund's writes are idempotent by construction: every aggregate has a natural id, a batch
skips what is recorded, a re-run of a single write finds its own event and answers
"already recorded". So a unit of work cut by a failure is simply run again once the database
answers: nothing is recorded twice, nothing is lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from ..errors import FundError
from ..language import ENGLISH, N_, Message, Translator

# sysexits.h EX_TEMPFAIL: "temporary failure; the user is invited to retry"
EXIT_TEMPFAIL = 75
RECONNECT_SECONDS = 60.0

# What a driver says when the connection, the server or the primary went away (psycopg,
# SQLAlchemy's pool, libpq): the failures worth waiting out.
_PASSING = ("terminating connection", "server closed the connection", "connection refused",
            "could not connect", "connection is closed", "connection already closed",
            "the database system is shutting down", "the database system is starting up",
            "the database system is in recovery mode", "consuming input failed",
            "connection timeout", "connection timed out", "ssl connection has been closed",
            "no connection to the server", "connection to server", "admin_shutdown",
            "adminshutdown", "cannot execute insert in a read-only transaction",
            "connection reset", "broken pipe", "lost synchronization with server",
            "pgconn", "connection failed", "server conn crashed")


def _text(e: BaseException) -> str:
    parts, seen = [], set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        parts.append(f"{type(e).__name__} {e}")
        e = e.__cause__ or e.__context__ or getattr(e, "orig", None)
    return " ".join(parts).lower()


# What a server says that no waiting changes: a mistyped database, login or password.
_LASTING = ("does not exist", "password authentication failed", "no pg_hba.conf entry",
            "authentication failed", "could not translate host name", "permission denied",
            "invalid dsn", "invalid connection option", "unknown host")


def passing(e: BaseException) -> bool:
    """A failure that passes by itself: the connection, the server or the primary gone for a
    moment. Never a rule, bad input, a full disk, a constraint, or a database, login or
    password that is not there (waiting would not bring it)."""
    if isinstance(e, FundError):
        return False
    said = _text(e)
    if ("disk" in said and "full" in said) or any(words in said for words in _LASTING):
        return False
    return any(words in said for words in _PASSING)


@dataclass(frozen=True)
class Failure:
    """A failure told: its fixed code (JSON), and its sentence."""

    code: str
    message: Message


def _output_failed(e: BaseException) -> bool:
    """A write of the command's own output that failed (a plain OSError, no database's error
    behind it)."""
    import errno

    return (type(e) is OSError and e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)
            and e.__cause__ is None and getattr(e, "orig", None) is None)


def classify(e: BaseException, url_path: str | None = None) -> Failure | None:
    """The store failure `e` is, or None when it is not one (a bug, a rule)."""
    said = _text(e)
    if _output_failed(e):
        return None  # where the answer was going is full (`> /dev/full`), not the store
    if ("database or disk is full" in said or "no space left" in said
            or "disk full" in said or "could not extend file" in said):
        free = _free_space(url_path)
        return Failure("disk_full", Message(
            N_("the disk of the store {path} is full ({free} MB free): nothing more can be "
               "recorded until space is made"), path=url_path or "?", free=free))
    if "database is locked" in said or "database table is locked" in said:
        return Failure("store_locked", Message(
            N_("the store {path} stayed locked by another program past the wait (a long "
               "import, a backup, an open sqlite3 shell)"), path=url_path or "?"))
    if "read-only transaction" in said or "read only transaction" in said:
        return Failure("read_only_standby", Message(
            N_("the database named is a standby that only reads; name the primary, or every "
               "host with target_session_attrs=read-write")))
    if passing(e):
        return Failure("store_unavailable", Message(
            N_("the database did not answer again within {seconds:.0f} s (the connection was "
               "lost, the server restarted or failed over)"), seconds=reconnect_seconds()))
    return None


def _free_space(path: str | None) -> str:
    import shutil

    try:
        folder = os.path.dirname(os.path.abspath(path)) if path else "."
        return f"{shutil.disk_usage(folder).free / 1e6:.1f}"
    except OSError:
        return "?"


def reconnect_seconds() -> float:
    """FUND_RECONNECT_SECONDS: how long a command waits for the database to come back."""
    raw = os.environ.get("FUND_RECONNECT_SECONDS", "").strip()
    try:
        return max(0.0, float(raw)) if raw else RECONNECT_SECONDS
    except ValueError:
        return RECONNECT_SECONDS


# Told while waiting, each time the database is tried again: the command's own words (the
# edge prints them in the reader's language; None: say nothing).
waiting: Callable[[Message], None] | None = None
# What the running command has kept so far (a batched one), for the line a failure ends with.
kept: Message | None = None
# True while a unit of work runs again after a passing failure: what it finds recorded may be
# its own save whose commit was cut (the use cases then tell it as done, not refuse it).
resumed = False
# True while a whole command runs again after a failure that passed outside a unit of work.
rerun = False


def again() -> bool:
    """Whether what is found recorded may be this command's own save, cut before its answer."""
    return resumed or rerun


class Backoff:
    """The wait after a passing failure, shared by a unit of work and a whole command: from
    0.2 s doubling to 1 s, for up to FUND_RECONNECT_SECONDS from the first failure, saying so
    once. A server back after a restart or a promotion is then found within about a second
    of coming back, and a refused connection costs the server nothing (bench/failover.py
    measures what a run loses to each)."""

    LONGEST = 1.0

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.pause = 0.2

    def wait(self, e: Exception) -> None:
        """Sleeps before the next try; re-raises `e` when it does not pass or time is up."""
        import time

        if not passing(e):
            raise e
        first = self.deadline is None
        self.deadline = self.deadline or time.monotonic() + reconnect_seconds()
        if time.monotonic() + self.pause > self.deadline:
            raise e
        if first and waiting is not None:
            waiting(Message(N_("the database connection was lost; trying again "
                               "(up to {seconds:.0f} s)"), seconds=reconnect_seconds()))
        time.sleep(self.pause)
        self.pause = min(self.pause * 2, self.LONGEST)


def tell(failure: Failure, t: Translator = ENGLISH) -> str:
    return failure.message.render(t)
