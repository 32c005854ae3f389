"""Writing the read models in bulk: rows inserted while applying a page of events are sent as
one `executemany` per table, which is what makes a full replay fast.

Any other statement (an update, a read) first sends the rows waiting, so the projections see
the same state, in the same order, as if every row had been written at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table


class Writer:
    def __init__(self, conn: Connection):
        self.conn = conn
        self._rows: dict[tuple[Table, tuple[str, ...]], list[dict[str, Any]]] = {}

    def insert(self, table: Table, rows: dict[str, Any] | list[dict[str, Any]]) -> None:
        for row in [rows] if isinstance(rows, dict) else rows:
            self._rows.setdefault((table, tuple(row)), []).append(row)

    def execute(self, statement: Any, *args: Any) -> Any:
        self.flush()
        return self.conn.execute(statement, *args)

    def flush(self) -> None:
        for (table, _), rows in self._rows.items():
            self.conn.execute(table.insert(), rows)
        self._rows.clear()
