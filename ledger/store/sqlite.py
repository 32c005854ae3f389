"""SQLite as the fund's store: the page size of a new file and the page cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

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


def same_rows(live: Any, rebuilt: Any, table: str, columns: list[str]) -> tuple[int, int] | None:
    """(live rows, rebuilt rows) when SQLite itself finds that table of the two stores holding
    the same rows; None when they differ, or when it cannot tell (not two SQLite files, the
    live file not attachable): the caller then merges them row by row, which also says where
    they differ.

    An audit compared every view row in Python, a third of a rebuild's time on a city's store
    (bench/RESULTS.md); SQLite does it in C. The rebuilt rows are distinct (the table has a
    primary key), so the same count and none of them missing from the live table mean the
    same rows. Values compare by type and bytes (BINARY collation, integers as integers), at
    least as strictly as the row-by-row merge: where this says "same" it would too."""
    if live.dialect.name != "sqlite" or rebuilt.dialect.name != "sqlite":
        return None
    path = live.url.database
    if not path or path == ":memory:" or path.startswith("file:") or not Path(path).exists():
        return None
    listed = ", ".join(f'"{c}" COLLATE BINARY' for c in columns)
    plain = ", ".join(f'"{c}"' for c in columns)
    raw = rebuilt.raw_connection()
    try:
        connection = raw.driver_connection
        try:
            connection.execute("ATTACH DATABASE ? AS audited_live", (path,))
        except sqlite3.Error:
            return None
        try:
            count = 'SELECT count(*) FROM {0}."{1}"'
            counts = (connection.execute(count.format("audited_live", table)).fetchone()[0],
                      connection.execute(count.format("main", table)).fetchone()[0])
            missing = connection.execute(
                f'SELECT EXISTS (SELECT {listed} FROM main."{table}" '
                f'EXCEPT SELECT {plain} FROM audited_live."{table}")').fetchone()[0]
        except sqlite3.Error:
            return None
        finally:
            connection.execute("DETACH DATABASE audited_live")
    finally:
        raw.close()
    return counts if counts[0] == counts[1] and not missing else None
