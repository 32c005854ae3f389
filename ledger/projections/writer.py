"""Writing the read models in bulk: rows inserted while applying a page of events are sent as
one `executemany` per table, which is what makes a full replay fast.

Updates (`update`, a statement built once with bind parameters) wait too, in order, after the
rows: a row is always inserted before it is updated, and updates of one row keep their order.
A run of the same update goes as one `executemany`. Any other statement (a read) first sends
everything waiting, so the projections see the same state, in the same order, as if every
change had been written at once.

On SQLite the rows go straight to the driver (SQLAlchemy's per-row parameter processing was a
third of a replay's time); dates are written as SQLAlchemy writes them there, ISO strings. On
PostgreSQL they go by COPY, which its manual advises for loading many rows: an executemany of
INSERTs spent two thirds of an import's view writing waiting on the server (bench/RESULTS.md).
The view tables hold only integers, dates and text, which COPY's text format carries as the
INSERTs did.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any, Iterable

from sqlalchemy import Connection, Table

from ..store.copy import copy_in
from .many_updates import run_updates


class Writer:
    def __init__(self, conn: Connection):
        self.conn = conn
        self._raw = conn.dialect.name == "sqlite"
        self._copy = conn.dialect.name == "postgresql"
        self._rows: dict[tuple[Table, tuple[str, ...]], list[tuple]] = {}
        self._sums: dict[Table, dict[tuple, int]] = {}
        self._updates: list[tuple[Any, list[dict[str, Any]]]] = []

    def insert(self, table: Table, rows: dict[str, Any] | list[dict[str, Any]]) -> None:
        for row in [rows] if isinstance(rows, dict) else rows:
            self._pending(table, tuple(row)).append(tuple(row.values()))

    def insert_tuples(self, table: Table, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        """Rows as tuples in the order of `columns` (the fast path of a replay)."""
        self._pending(table, columns).extend(rows)

    def _pending(self, table: Table, columns: tuple[str, ...]) -> list[tuple]:
        found = self._rows.get((table, columns))
        if found is None:
            found = self._rows[(table, columns)] = []
        return found

    def add(self, table: Table, key: tuple, amount: int) -> None:
        """Add `amount` to the `fen` of the row of `table` whose primary key is `key`."""
        sums = self._sums.setdefault(table, {})
        sums[key] = sums.get(key, 0) + amount

    def update(self, statement: Any, params: dict[str, Any]) -> None:
        """Queue `statement` (an UPDATE with bind parameters, built once) with `params`."""
        if self._updates and self._updates[-1][0] is statement:
            self._updates[-1][1].append(params)
        else:
            self._updates.append((statement, [params]))

    def execute(self, statement: Any, *args: Any) -> Any:
        self.flush()
        return self.conn.execute(statement, *args)

    def flush(self) -> None:
        for (table, keys), rows in self._rows.items():
            if not rows:
                continue
            if self._raw:
                self.conn.exec_driver_sql(_sqlite_insert(table, keys), rows)
            elif self._copy:
                _copy_rows(self.conn, table, keys, rows)
            else:
                self.conn.execute(table.insert(), [dict(zip(keys, row)) for row in rows])
        self._rows.clear()
        for table, sums in self._sums.items():
            if self.conn.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            key = [c.name for c in table.primary_key.columns]
            upsert = insert(table)
            upsert = upsert.on_conflict_do_update(
                index_elements=key, set_={"fen": table.c.fen + upsert.excluded.fen})
            self.conn.execute(upsert, [{**dict(zip(key, k)), "fen": v} for k, v in sums.items()])
        self._sums.clear()
        run_updates(self.conn, self._updates)
        self._updates.clear()


_SQL: dict[tuple[str, tuple[str, ...]], str] = {}


def _sqlite_insert(table: Table, keys: tuple[str, ...]) -> str:
    sql = _SQL.get((table.name, keys))
    if sql is None:
        columns = ", ".join(f'"{k}"' for k in keys)
        sql = _SQL[(table.name, keys)] = (
            f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(keys))})')
    return sql


def _copy_rows(conn: Connection, table: Table, keys: tuple[str, ...], rows: list[tuple]) -> None:
    columns = ", ".join(f'"{k}"' for k in keys)
    copy_in(conn, f'COPY "{table.name}" ({columns}) FROM STDIN', rows)


# Dates go to SQLite as SQLAlchemy's Date type writes them (and reads them back): ISO strings.
sqlite3.register_adapter(date, date.isoformat)


def by_event_type(method: Any) -> Any:
    """A projection's `apply`, dispatched by the event's class from a cache: the
    `singledispatchmethod` it wraps builds a new bound function on every call, which a replay
    of millions of events pays for millions of times."""
    dispatcher = method.dispatcher
    cache: dict[type, Any] = {}
    ignored = dispatcher.dispatch(object)

    def apply(self: Any, event: Any, conn: Any, position: int) -> None:
        handler = cache.get(type(event))
        if handler is None:
            handler = cache[type(event)] = dispatcher.dispatch(type(event))
        handler(self, event, conn, position)

    def handles(event_class: type) -> bool:
        """Whether `apply` does anything with this class of event (the replay decodes no
        event that no projection handles)."""
        return dispatcher.dispatch(event_class) is not ignored

    apply.handles = handles  # type: ignore[attr-defined]
    return apply
