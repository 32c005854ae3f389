"""SQLite as the fund's store: the page size of a new file and the page cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterator

from .locations import sqlite_path


# Pages of a new SQLite store. Every event's id lands at a random place in the store's index of
# aggregates, so each batch of an import rewrites most of that index's pages; larger pages make
# that index shallower and its pages fewer (the sizes compared in bench/RESULTS.md). A store
# made before keeps its pages: they are fixed once it holds a table.
PAGE_SIZE = 16_384


def new_sqlite_store(url: str) -> None:
    """Make the SQLite file `url` names, with the fund's page size, if it does not exist yet
    (or is empty); anything else is left as it is."""
    if not url.startswith("sqlite"):
        return
    path = Path(sqlite_path(url)).expanduser()
    if path.exists() and path.stat().st_size > 0:
        return
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = WAL")  # writes the header: the size holds
    finally:
        connection.close()


def tune_sqlite(engine: Any) -> None:
    """A 64 MB page cache on every connection to an SQLite store (the default is 2 MB: a city's
    indexes outgrow it and every insert then reads the disk)."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    def cache(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.execute("PRAGMA cache_size = -65536")

    event.listen(engine, "connect", cache)
    engine.pool.dispose()  # so that every connection from here on has it


def sqlite_stream(conn: Any, sql: str, page: int) -> Iterator[tuple]:
    """The rows of `sql` one by one, read `page` at a time from the driver's cursor (constant
    memory, no result object per row); failures raised as `sqlite_rows` raises them."""
    from sqlalchemy.exc import DBAPIError

    cursor = conn.connection.driver_connection.cursor()
    cursor.arraysize = page
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany():
            yield from rows
    except sqlite3.Error as e:
        raise DBAPIError.instance(sql, None, e, sqlite3.Error) from e
    finally:
        cursor.close()


def sqlite_rows(conn: Any, sql: str, args: Any) -> list[tuple]:
    """Every row of `sql` with `args`, from the driver's own cursor on a SQLAlchemy connection's
    transaction: a page of the log came through SQLAlchemy's result at about 1.2 µs an event
    more, a sixth of reading it (bench/RESULTS.md). A failure is raised as SQLAlchemy raises
    the driver's errors, so that waiting out a locked or lost store sees it as it sees a
    SELECT's."""
    from sqlalchemy.exc import DBAPIError

    try:
        return conn.connection.driver_connection.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        raise DBAPIError.instance(sql, args, e, sqlite3.Error) from e
