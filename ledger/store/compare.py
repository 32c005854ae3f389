"""Whether a view table of the live store holds the same rows as its replay, told as fast as
the two stores allow; the audit merges them row by row (and names what differs) only where
this cannot say "the same".

An audit compared every view row through SQLAlchemy's result rows, a third of a rebuild's time
on a city's store (bench/RESULTS.md). Two SQLite files are compared by SQLite itself; any other
pair by a merge of the drivers' own rows in key order. Either is at least as strict as the
audit's merge: where this says "the same", that merge would too (tests/unit/test_fast_paths.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

from sqlalchemy import Date, Engine, String, Table

CHUNK = 5000  # rows fetched at a time: memory stays flat whatever the table's size


def same_rows(live: Engine, rebuilt: Engine, table: Table) -> tuple[int, int] | None:
    """(live rows, rebuilt rows) when both hold the same rows; None when they differ or this
    cannot tell."""
    try:
        if live.dialect.name == rebuilt.dialect.name == "sqlite":
            return _same_in_sqlite(live, rebuilt, table)
        return _same_streamed(live, rebuilt, table)
    except Exception:  # noqa: BLE001 - whatever a driver refuses here, the merge decides
        return None


def _same_in_sqlite(live: Engine, rebuilt: Engine, table: Table) -> tuple[int, int] | None:
    """The live file attached to the rebuilt one's connection. The rebuilt rows are distinct
    (the table has a primary key), so the same count and none of them missing from the live
    table mean the same rows. Values compare by type and bytes (BINARY collation)."""
    path = live.url.database
    if not path or path == ":memory:" or path.startswith("file:") or not Path(path).exists():
        return _same_streamed(live, rebuilt, table)
    listed = ", ".join(f'"{c.name}" COLLATE BINARY' for c in table.columns)
    plain = ", ".join(f'"{c.name}"' for c in table.columns)
    name = table.name
    raw = rebuilt.raw_connection()
    try:
        connection = raw.driver_connection
        try:
            connection.execute("ATTACH DATABASE ? AS audited_live", (path,))
        except sqlite3.Error:
            connection = None  # not a file this SQLite can open: the drivers' rows, below
        if connection is not None:
            try:
                count = 'SELECT count(*) FROM {0}."{1}"'
                counts = (connection.execute(count.format("audited_live", name)).fetchone()[0],
                          connection.execute(count.format("main", name)).fetchone()[0])
                missing = connection.execute(
                    f'SELECT EXISTS (SELECT {listed} FROM main."{name}" '
                    f'EXCEPT SELECT {plain} FROM audited_live."{name}")').fetchone()[0]
            finally:
                connection.execute("DETACH DATABASE audited_live")
            return counts if counts[0] == counts[1] and not missing else None
    finally:
        raw.close()
    return _same_streamed(live, rebuilt, table)


def _same_streamed(live: Engine, rebuilt: Engine, table: Table) -> tuple[int, int] | None:
    """Both tables read in key order by their drivers and compared row by row, stopping at the
    first difference. Dates are read as ISO text on both (SQLite keeps them so)."""
    rows = 0
    a, b = _driver_rows(live, table), _driver_rows(rebuilt, table)
    try:
        for x, y in zip_longest(a, b):
            if x != y:
                return None
            rows += len(x)
    finally:
        a.close()
        b.close()
    return rows, rows


def _driver_rows(engine: Engine, table: Table) -> Iterator[list[tuple]]:
    """The table's rows in chunks of CHUNK, in key order (text keys in code-point order on
    every database), each chunk as the driver gives it: a chunk of one store equals the other
    store's chunk exactly when the rows do, so the two are compared chunk by chunk."""
    postgres = engine.dialect.name == "postgresql"
    columns = ", ".join(f"""to_char("{c.name}", 'YYYY-MM-DD')"""
                        if postgres and isinstance(c.type, Date) else f'"{c.name}"'
                        for c in table.columns)
    order = ", ".join(f'"{c.name}" COLLATE "C"' if postgres and isinstance(c.type, String)
                      else f'"{c.name}"' for c in table.columns if c.primary_key)
    raw = engine.raw_connection()
    try:
        select = f'SELECT {columns} FROM "{table.name}" ORDER BY {order}'
        if postgres:  # a server-side cursor, its rows in the binary format (the quicker read)
            cursor = raw.driver_connection.cursor(name="audited")
            cursor.execute(select, binary=True)
        else:
            cursor = raw.cursor()
            cursor.execute(select)
        while chunk := cursor.fetchmany(CHUNK):
            yield chunk
        cursor.close()
    finally:
        raw.rollback()
        raw.close()
